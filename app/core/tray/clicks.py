"""What a click on the tray icon means, per platform: show or hide the panel, or pop up the menu.

The platforms send different things for the same gesture (app/ui/tray/clicks.py turns Qt's
activation reasons into a :class:`Click`):

- Windows (and Linux XEmbed trays) send ``Trigger`` on the first click of a double-click and
  ``DoubleClick`` on the second: if both toggled, a double-click opened the panel and closed it
  again. A double-click only shows.
- macOS: Qt attaches a context menu to the NSStatusItem, which opens it on mouse-down and still
  emits ``Trigger`` (menu and panel at once). So on macOS no menu is attached: a click is the
  panel, a right-click or Control-click is the menu, popped up by us. The panel (an NSPanel)
  hides itself when the app deactivates without Qt knowing, so "visible" is only trusted while
  the app is active.
- A flyout closes when the person clicks elsewhere — also on the tray icon itself, just before
  the click arrives: a click that lands right after such a close must not open it again.
- macOS "reopen" (Finder, Dock, Spotlight, Launchpad open a running app again): Qt reports it as
  the application becoming active; with none of our windows showing, that is the person asking
  for us, so the panel (or the wizard, as a second double-click does elsewhere) opens.

No Qt here: platform names are ``sys.platform``'s ("win32", "darwin", "linux").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ClickKind = Literal["click", "double_click", "context", "middle", "unknown"]
ClickAction = Literal["show_panel", "hide_panel", "toggle_panel", "popup_menu", "nothing"]

# A click within this long after the panel closed because it lost focus is the click that made it
# lose focus (on the tray icon): it must not reopen the panel.
DISMISS_GRACE_S = 0.4
# The panel must have been shown this long before losing focus closes it: some window managers
# hand focus back and forth while a window maps.
SETTLE_AFTER_SHOW_S = 0.25


@dataclass(frozen=True)
class Click:
    """One click on the tray icon, as the platform reported it (app/ui/tray/clicks.py makes it
    from Qt's activation reason)."""

    kind: ClickKind
    control_key: bool = False  # the physical Control key held (macOS: Control-click = right-click)


@dataclass(frozen=True)
class PanelSeen:
    """What the tray knows about the panel when a click arrives."""

    visible: bool
    app_active: bool = True
    dismissed_s_ago: float | None = None  # seconds since focus loss closed it; None: it did not


def attaches_context_menu(platform: str) -> bool:
    """Whether Qt may show the menu itself (setContextMenu). Not on macOS: see the module text."""
    return platform != "darwin"


def click_action(platform: str, click: Click, panel: PanelSeen) -> ClickAction:
    """The one thing a click does."""
    if click.kind == "context" or (
        platform == "darwin" and click.kind == "click" and click.control_key
    ):
        # Elsewhere Qt opens the attached menu itself on "context"; on macOS we pop it up.
        return "popup_menu" if not attaches_context_menu(platform) else "nothing"
    if click.kind == "double_click":
        return "show_panel"
    if click.kind != "click":
        return "nothing"
    just_dismissed = (
        panel.dismissed_s_ago is not None and 0 <= panel.dismissed_s_ago < DISMISS_GRACE_S
    )
    if just_dismissed:
        return "nothing"  # the click that closed it (by taking the focus) is not a second one
    visible = panel.visible
    if platform == "darwin" and not panel.app_active:
        # An NSPanel hides itself when the app deactivates; Qt still thinks it shows.
        visible = False
    return "hide_panel" if visible else "show_panel"


def closes_on_focus_loss(*, fallback_window: bool, shown_s_ago: float | None) -> bool:
    """The panel closes when the person clicks elsewhere, as Windows flyouts and menu-bar popovers
    do — but never the no-tray window (it is the app's only window), and not while it maps."""
    if fallback_window:
        return False
    return shown_s_ago is None or shown_s_ago >= SETTLE_AFTER_SHOW_S


ReopenAction = Literal["show_panel", "open_setup", "nothing"]


def reopen_action(
    *, windows_showing: bool, set_up: bool, already_active: bool = False
) -> ReopenAction:
    """macOS: the app was opened again (Qt: applicationStateChanged(ApplicationActive)).

    With a window of ours showing, activation is the person using it (or our own panel taking
    focus): nothing more. With none, it is a reopen: the panel once Codex is set up for
    TokenPool, else the wizard — what a double-click on the app does when no tray runs.
    ``already_active`` (Qt forces the signal on reopen even when active) changes nothing."""
    del already_active
    if windows_showing:
        return "nothing"
    return "show_panel" if set_up else "open_setup"


ActivationPolicy = Literal["regular", "accessory"]


def activation_policy(*, main_window_open: bool) -> ActivationPolicy:
    """macOS: the tray is a menu-bar companion (no Dock icon, not in Cmd-Tab: "accessory"); while
    a main window (the wizard, the no-tray window) is open it is a regular app, so that window
    can be found in the Dock and Cmd-Tab and gets the menu bar."""
    return "regular" if main_window_open else "accessory"

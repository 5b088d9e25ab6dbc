"""Starting the tray: in this process (``tokenpool-setup tray``, a double-click on a set-up
computer) or as a separate, detached process (the wizard's Done page).

One tray per person: a start that finds the tray already running hands over to it ("show-panel",
so the running tray opens its panel) and exits.

What the tray itself provides (``app.ui.tray.app``)::

    run_tray(*, show_panel: bool, hidden: bool, paths: AppPaths, lang: str | None,
             instance: SingleInstance, autostart: AutostartToggle) -> int

It installs the translation for ``lang``, opens its panel on ``instance.message_received``
("show-panel"), runs the event loop and returns the exit code. Its "Start at login" toggle calls
``autostart.set_enabled`` (an ``AutostartError``, a ``SetupError``, carries a code with a
translated summary in app/ui/messages.py).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from app.core.paths import AppPaths, default_codex_home
from app.ui.tray.single_instance import SHOW_PANEL, SingleInstance, instance_name

if TYPE_CHECKING:
    from app.core.tray import AutostartToggle

Launcher = Callable[[Sequence[str]], object]


def launch_tray(
    argv: Sequence[str] = (),
    *,
    show_panel: bool,
    hidden: bool,
    paths: AppPaths,
    lang: str | None,
    autostart: AutostartToggle | None = None,
) -> int:
    """Run the tray here until it quits; or, when one already runs, hand over to it and return 0.

    ``hidden`` (start at login): no panel, and a running tray is left alone. ``show_panel``: open
    the panel at once (a double-click on a set-up computer). ``lang`` goes to the tray, which
    installs the translation.
    """
    from app.ui.main import application

    app = application(argv)
    app.setQuitOnLastWindowClosed(False)  # the tray lives on when its panel closes
    instance = SingleInstance(instance_name(paths.settings_dir))
    if not instance.acquire():
        if hidden or instance.send(SHOW_PANEL):
            return 0
        # It answered the probe but not the message (it was just quitting): try once more.
        if not instance.acquire():
            return 0
    if instance.problem:  # no safe folder for the hand-over, or another account answered
        import sys

        from app.core.eventlog import log_event

        log_event(paths, "single_instance_unsafe")
        if sys.stderr is not None:
            print(f"tokenpool-setup: {instance.problem}", file=sys.stderr)
    if autostart is None:
        from app.core.errors import SetupError
        from app.core.tray.autostart import autostart_for

        entry = autostart_for()
        autostart = entry
        # The app moved or was updated: start at login follows it. A failure here is reported
        # by the panel's toggle when the person uses it.
        with contextlib.suppress(SetupError):
            entry.refresh()
    from app.ui.tray.app import run_tray  # the tray itself (loaded only when it runs)

    try:
        return int(
            run_tray(
                show_panel=show_panel,
                hidden=hidden,
                paths=paths,
                lang=lang,
                instance=instance,
                autostart=autostart,
            )
        )
    finally:
        instance.release()


def tray_command(paths: AppPaths, env: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """``<app> tray`` for this installation; ``--codex-home`` only when it is not the default
    (then the tray watches the folder the wizard just set up)."""
    from app.core.tray.autostart import this_app_command

    env = os.environ if env is None else env
    args: list[str] = ["tray"]
    if paths.codex_home != default_codex_home(env).absolute():
        args += ["--codex-home", str(paths.codex_home)]
    from app.ui.main import choose_language, current_language

    language = current_language()  # the wizard's (--lang zh_CN on an English system too)
    if language != choose_language(None):
        args += ["--lang", language]
    return this_app_command(args, env)


def wizard_command(paths: AppPaths, env: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """``<app> gui``: the setup wizard as its own process ("Run setup again" in the panel). The
    explicit ``gui`` matters: without a command, a set-up computer opens the panel instead."""
    from app.core.tray.autostart import this_app_command

    env = os.environ if env is None else env
    args: list[str] = ["gui"]
    if paths.codex_home != default_codex_home(env).absolute():
        args += ["--codex-home", str(paths.codex_home)]
    return this_app_command(args, env)


def spawn_detached(command: Sequence[str]) -> object:
    """Start ``command`` on its own: it outlives us, has no console and no inherited streams."""
    from app.core.platform import child

    # The one child-process helper: no console, its own session, the user's environment (not
    # the frozen bundle's library paths), detached so it outlives us.
    return child.start(
        list(command),
        detached=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        close_fds=True,
    )


def start_tray_detached(
    paths: AppPaths,
    *,
    launcher: Launcher = spawn_detached,
    env: Mapping[str, str] | None = None,
) -> bool:
    """Start the tray as its own process unless one already runs; True when one was started."""
    if SingleInstance(instance_name(paths.settings_dir)).is_running():
        return False
    launcher(tray_command(paths, env))
    return True

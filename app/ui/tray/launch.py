"""Running the tray in this process: ``tokenpool-setup tray`` (``--hidden`` at login) and a
double-click on a set-up computer.

One tray per person: a start that finds the tray already running hands over to it ("show-panel",
so the running tray opens its panel) and exits. Otherwise :func:`run_tray` installs the
translation, reads the person's tray.json, runs the controller and the event loop. Starting the
tray as a separate process (the wizard's Done page) is spawn.py.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import SignalInstance

from app.core.paths import AppPaths
from app.ui.tray.single_instance import SHOW_PANEL, SingleInstance, instance_name

if TYPE_CHECKING:
    from app.core.tray import AutostartToggle


class PanelRequests(Protocol):
    """What the running tray listens to: another start's "show-panel" (the single-instance
    server's ``message_received``)."""

    @property
    def message_received(self) -> SignalInstance: ...


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
        from app.core.platform.autostart import autostart_for

        entry = autostart_for()
        autostart = entry
        # The app moved or was updated: start at login follows it. A failure here is reported
        # by the panel's toggle when the person uses it.
        with contextlib.suppress(SetupError):
            entry.refresh()
    try:
        return run_tray(
            show_panel=show_panel,
            hidden=hidden,
            paths=paths,
            lang=lang,
            instance=instance,
            autostart=autostart,
        )
    finally:
        instance.release()


def run_tray(
    *,
    show_panel: bool,
    hidden: bool,
    paths: AppPaths,
    lang: str | None,
    instance: PanelRequests | None = None,
    autostart: AutostartToggle | None = None,
) -> int:
    """Run the tray until Quit. ``hidden`` (start at login): no panel even without a tray until
    the wait for one is over. ``instance``: its "show-panel" opens the panel.

    Only Qt, the core's Qt-free tray logic and the panel load here; httpx, keyring and tomlkit
    load only in the worker processes (bench/tray_idle.py measures the idle process)."""
    from app.core.tray.host import PERSON_START_WAIT_S, START_WAIT_S
    from app.core.tray.preferences import load_tray_preferences
    from app.ui.main import (
        application,
        choose_language,
        install_translation,
        resume_garbage_collection,
    )
    from app.ui.tray.controller import TrayController

    app = application()
    app.setQuitOnLastWindowClosed(False)
    translator = install_translation(app, choose_language(lang))
    preferences = load_tray_preferences(paths)  # a person's tray.json; defaults otherwise
    controller = TrayController(
        paths,
        autostart=autostart,
        interval_s=preferences.interval_s,
        thresholds=preferences.thresholds,
        tray_wait_s=START_WAIT_S if hidden else PERSON_START_WAIT_S,
    )
    for problem in preferences.problems:
        controller.say_once("preferences", problem)
    if instance is not None:
        instance.message_received.connect(
            lambda message: controller.show_panel() if message.strip() == SHOW_PANEL else None
        )
    controller.start(show_panel=show_panel and not hidden)
    resume_garbage_collection()  # a start without arguments held it (app/__main__.py)
    code = app.exec()
    controller.stop()
    del translator
    return int(code)

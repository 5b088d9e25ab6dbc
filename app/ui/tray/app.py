"""``tokenpool-setup tray``: the resident companion's entry point.

Only Qt, the core's Qt-free tray logic and the panel load here; httpx, keyring and tomlkit load
inside the first worker that needs them (bench/tray_idle.py measures the idle process).
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from app.core.paths import AppPaths
from app.core.tray import AutostartToggle


def run_tray(
    *,
    show_panel: bool,
    hidden: bool,
    paths: AppPaths,
    lang: str | None,
    instance: QObject | None = None,
    autostart: AutostartToggle | None = None,
) -> int:
    """Run the tray until Quit. ``hidden`` (start at login): no panel even without a tray until
    the wait for one is over. ``instance``: the single-instance server; its
    ``message_received(str)`` "show-panel" opens the panel."""
    from app.ui.main import application, choose_language, install_translation
    from app.ui.tray.controller import TrayController

    app = application()
    app.setQuitOnLastWindowClosed(False)
    translator = install_translation(app, choose_language(lang))
    from app.core.tray.preferences import load_tray_preferences

    preferences = load_tray_preferences(paths)  # a person's tray.json; defaults otherwise
    controller = TrayController(
        paths,
        autostart=autostart,
        interval_s=preferences.interval_s,
        thresholds=preferences.thresholds,
    )
    if instance is not None:
        signal = getattr(instance, "message_received", None)
        if signal is not None:
            signal.connect(lambda message: _on_message(controller, message))
    controller.start(show_panel=show_panel and not hidden)
    code = app.exec()
    controller.stop()
    del translator
    return int(code)


def _on_message(controller: object, message: str) -> None:
    if message.strip() == "show-panel":
        controller.show_panel()  # type: ignore[attr-defined]

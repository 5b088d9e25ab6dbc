"""One line on a page when a newer TokenPool Setup is released, with its release page as a link.

The question is asked off the GUI thread (the page's task runner) through
:func:`app.core.net.updates.check_for_update`: at most once a day, shared with the tray, never from
a source checkout, off with ``"check_for_updates": false`` in tray.json. Nothing is downloaded.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.core.paths import AppPaths
from app.ui.widgets import StatusLine


class UpdateLine(StatusLine):
    def __init__(self) -> None:
        super().__init__(
            "updateStatus",
            QCoreApplication.translate("UpdateLine", "New version"),
            hide_when_empty=True,
        )

    def ask(
        self,
        start_task: Callable[..., Any],
        paths: AppPaths,
        env: Mapping[str, str],
    ) -> None:
        """``start_task(work, on_success, on_failure)``: the page's runner (a worker thread)."""

        def ask(_context: object) -> object:
            from app.core.net.updates import check_for_update
            from app.core.tray.preferences import load_tray_preferences

            enabled = load_tray_preferences(paths).check_for_updates
            return check_for_update(paths, enabled=enabled, proxy_env=env)

        start_task(ask, self.show_check, lambda _failure: None)

    def show_check(self, found: object) -> None:
        import html  # here, not at the top: the Welcome page imports this module before it paints

        from app.core.net.updates import UpdateCheck

        if not isinstance(found, UpdateCheck) or found.status != "newer" or not found.url:
            return
        link = f'<a href="{html.escape(found.url)}">{html.escape(found.url)}</a>'
        text = QCoreApplication.translate(
            "UpdateLine",
            "A newer TokenPool Setup is available: %2 (you have %1). Its release page: %3",
        )
        self.set_status(
            "info",
            html.escape(text)
            .replace("%1", html.escape(found.current or ""))
            .replace("%2", html.escape(found.latest or ""))
            .replace("%3", link),
        )

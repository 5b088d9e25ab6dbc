"""Windows 11, first start: the panel opens once with one line on where the icon went.

Windows 11 puts a new notification-area icon behind the ^ (overflow); only the person can bring it
onto the taskbar. Whether the hint is due is app/core/tray/first_start.py's decision; the line sits
at the top of the panel until the panel closes, and is not shown again.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QBoxLayout, QLabel, QWidget

from app.core.paths import AppPaths
from app.core.tray.first_start import (
    hint_shown,
    overflow_hint_due,
    record_hint_shown,
    windows_build,
)


class OverflowHint(QObject):
    def __init__(
        self,
        panel: QWidget,
        paths: AppPaths,
        *,
        platform: str = sys.platform,
        build: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.panel = panel
        self.paths = paths
        self.platform = platform
        self.build = windows_build() if build is None and platform == "win32" else build
        self.label: QLabel | None = None

    def due(self) -> bool:
        return overflow_hint_due(self.platform, self.build, hint_shown(self.paths))

    def text(self) -> str:
        return self.tr(
            "Windows may keep the TokenPool icon under ^ at the right end of the taskbar. "
            "To keep it in view: Settings › Personalization › Taskbar › Other system tray "
            "icons, then turn TokenPool Setup on."
        )

    def show_in_panel(self) -> bool:
        """Put the line at the top of the panel (call before showing it); False if not due."""
        if not self.due():
            return False
        layout = self.panel.layout()
        if not isinstance(layout, QBoxLayout):
            return False
        label = QLabel(self.text(), self.panel)
        label.setObjectName("overflowHintLabel")
        label.setAccessibleName(self.tr("Where the tray icon is"))
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setStyleSheet("font-weight: 600;")
        layout.insertWidget(0, label)
        self.label = label
        self.panel.installEventFilter(self)
        record_hint_shown(self.paths)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.panel and event.type() == QEvent.Type.Hide and self.label is not None:
            self.panel.removeEventFilter(self)
            label, self.label = self.label, None
            label.hide()
            label.deleteLater()
        return False

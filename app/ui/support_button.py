"""The "Copy a report for support…" button a page shows when something is wrong. Light: the
dialog (app/ui/support_report.py, QProcess and all) is imported only when the button is pressed,
so the first window does not pay for it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QPushButton, QWidget

from app.core.paths import AppPaths


def support_report_button(paths_of: Callable[[], AppPaths], parent: QWidget) -> QPushButton:
    """ "Copy a report for support…" (Alt+U) for a page: hidden until the page shows it (when
    something is wrong); a click opens the report for the paths in use then."""
    from app.ui.widgets import without_mnemonic

    text = QCoreApplication.translate("SupportReportDialog", "Copy a report for s&upport…")
    # QPushButton(parent), then its text: QPushButton(text, parent) makes PySide weigh the
    # (icon, text) overload, which builds QIcon's enums (~2 ms before the first paint).
    button = QPushButton(parent)
    button.setText(text)
    button.setObjectName("supportReportButton")
    button.setAccessibleName(without_mnemonic(text))
    button.setVisible(False)
    button.clicked.connect(lambda: _open(paths_of(), parent))
    return button


def _open(paths: AppPaths, parent: QWidget) -> None:
    from app.ui.support_report import show_support_report

    show_support_report(paths, parent)

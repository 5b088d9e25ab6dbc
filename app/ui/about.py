"""About TokenPool Setup: the version, our licence and the third-party notices.

A built app carries LICENSE.txt and THIRD-PARTY-NOTICES.txt (generated at build time by
packaging/notices.py from the bundled distributions' metadata) in its ``licenses`` folder; run
from source, the notices are generated the same way from the running environment. Qt and PySide6
are under the LGPLv3: the notices say where their source is and how to replace the Qt libraries,
and "About Qt" shows Qt's own licence note.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.ui.resources import icon

LICENSES_FOLDER = "licenses"  # packaging/bundle_contents.py LICENSES_FOLDER
NOTICES_FILE = "THIRD-PARTY-NOTICES.txt"
LICENSE_FILE = "LICENSE.txt"
SOURCE_ROOT = Path(__file__).resolve().parents[2]


def licences_folder() -> Path | None:
    """The built app's folder of licence files, or None when run from source."""
    bundled = getattr(sys, "_MEIPASS", None)
    return Path(bundled) / LICENSES_FOLDER if bundled else None


def licence_text() -> str:
    """Our own licence (MIT)."""
    folder = licences_folder()
    for path in ([folder / LICENSE_FILE] if folder else []) + [SOURCE_ROOT / "LICENSE"]:
        if path.is_file():
            return path.read_text(encoding="utf-8", errors="replace")
    return ""


def notices_text() -> str:
    """The third-party notices: the built app's file, or generated from this environment when
    run from source (packaging/notices.py). Empty when neither is there."""
    folder = licences_folder()
    if folder is not None:
        path = folder / NOTICES_FILE
        return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
    script = SOURCE_ROOT / "packaging" / "notices.py"
    if not script.is_file():
        return ""
    spec = importlib.util.spec_from_file_location("tokenpool_notices", script)
    if spec is None or spec.loader is None:
        return ""
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
        return str(module.notices_text(SOURCE_ROOT, __version__))
    except Exception:  # a source checkout without its metadata: say so in the dialog instead
        return ""


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About TokenPool Setup"))
        self.setWindowIcon(icon("app"))
        layout = QVBoxLayout(self)

        title = QLabel(self.tr("TokenPool Setup %1").replace("%1", __version__), self)
        title.setObjectName("aboutVersion")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(title)

        summary = QLabel(
            self.tr(
                "Free software under the MIT licence. It includes Qt %1 and PySide6, used under "
                "the GNU LGPL version 3, and the other programs listed below, each under its own "
                "licence. The list says where to get Qt's source code and how to replace the Qt "
                "libraries in this app."
            ).replace("%1", qVersion()),
            self,
        )
        summary.setObjectName("aboutSummary")
        summary.setWordWrap(True)
        layout.addWidget(summary)

        notices = notices_text()
        self.notices = QPlainTextEdit(self)
        self.notices.setObjectName("noticesText")
        self.notices.setReadOnly(True)
        self.notices.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.notices.setAccessibleName(self.tr("Licences and third-party notices"))
        ours = licence_text().strip()
        body = "\n\n".join(part for part in (ours, notices.strip()) if part)
        self.notices.setPlainText(
            body or self.tr("The third-party notices are missing from this copy of the app.")
        )
        layout.addWidget(self.notices, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        about_qt = QPushButton(self.tr("About &Qt"), self)
        about_qt.setObjectName("aboutQtButton")
        about_qt.setAutoDefault(False)
        buttons.addButton(about_qt, QDialogButtonBox.ButtonRole.HelpRole)
        about_qt.clicked.connect(lambda: QApplication.aboutQt())
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 480)


def show_about(existing: AboutDialog | None = None, parent: QWidget | None = None) -> AboutDialog:
    """Show the About window (the one already open, if any, is raised). Keep the returned
    dialog referenced while it is open: without a parent nothing else keeps it alive."""
    dialog = existing if existing is not None and existing.isVisible() else AboutDialog(parent)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog

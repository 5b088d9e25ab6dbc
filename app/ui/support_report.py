"""'Copy a report for support': the report is made by our own command line in a child process
(``<app> report``), shown first, then copied or saved.

A child process, not a thread: the tray must never load the network stack and the doctor into its
resident process, and a child is bounded for sure (killed after REPORT_TIMEOUT_MS whatever it
waits on). The wizard uses the same dialog, so both show exactly what the CLI prints.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import (
    QProcess,
    QProcessEnvironment,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.paths import AppPaths, default_codex_home, home_dir
from app.ui.background import run_in_background

# The online checks are bounded by the network layer (probes ~8 s, quota 15 s); a minute and a
# half also covers a slow first start of the packaged app (antivirus scanning it).
REPORT_TIMEOUT_MS = 90_000


def report_command(paths: AppPaths, *, offline: bool = False) -> list[str]:
    """``<this app> report`` with the Codex home in use (the frozen app routes commands itself)."""
    own = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "app"]
    args = ["report"]
    if paths.codex_home != default_codex_home().absolute():
        args += ["--codex-home", str(paths.codex_home)]
    if offline:
        args.append("--offline")
    return [*own, *args]


class SupportReportDialog(QDialog):
    """Shows the report as it will be sent; Copy and Save become available once it is made."""

    saved = Signal(str)  # the file written, for tests and the status line

    def __init__(
        self, paths: AppPaths, parent: QWidget | None = None, command: Sequence[str] | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("supportReportDialog")
        self.setWindowTitle(self.tr("Report for support"))
        self.resize(720, 560)
        self._paths = paths
        self._text = ""
        intro = QLabel(
            self.tr(
                "This report tells TokenPool's support what this computer has: versions, the "
                "problems found, how the endpoints answer. Your key is masked, and your user "
                "name, home folder and other providers' addresses are left out. Read it, then "
                "copy it into your message or save it as a file."
            )
        )
        intro.setWordWrap(True)
        self._view = QPlainTextEdit()
        self._view.setObjectName("supportReportText")
        self._view.setReadOnly(True)
        self._view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self._view.setAccessibleName(self.tr("Report for support"))
        self._view.setPlainText(
            self.tr("Making the report… (up to a minute: it tests the endpoints)")
        )
        self._status = QLabel()
        self._status.setObjectName("supportReportStatus")
        self._status.setWordWrap(True)
        buttons = QDialogButtonBox()
        self._copy = QPushButton(self.tr("&Copy to clipboard"))
        self._copy.setObjectName("supportReportCopy")
        self._save = QPushButton(self.tr("&Save as a file…"))
        self._save.setObjectName("supportReportSave")
        for button in (self._copy, self._save):
            button.setEnabled(False)
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self._copy.clicked.connect(self.copy_report)
        self._save.clicked.connect(self._choose_file)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self._view, 1)
        layout.addWidget(self._status)
        layout.addWidget(buttons)

        self._process = QProcess(self)
        self._process.setProcessEnvironment(QProcessEnvironment.systemEnvironment())
        self._process.finished.connect(self._on_finished)
        self._process.errorOccurred.connect(self._on_error)
        self._timer = QTimer(self, singleShot=True, interval=REPORT_TIMEOUT_MS)
        self._timer.timeout.connect(self._on_timeout)
        command = list(command) if command is not None else report_command(paths)
        self._process.start(command[0], command[1:])
        self._timer.start()

    @property
    def text(self) -> str:
        return self._text

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self._text)
        self._status.setText(self.tr("Copied. Paste it into your message to TokenPool's support."))

    def save_to(self, path: str) -> None:
        """Write the report on another thread (disk work never runs on the GUI thread)."""
        text = self._text

        def write() -> tuple[str, str]:  # (path, error); runs off the GUI thread, no Qt here
            from app.core.errors import SetupError
            from app.core.support_report import save_report

            try:
                return str(save_report(text, path)), ""
            except SetupError as exc:
                return path, f"{exc.message} {exc.hint}".strip()

        run_in_background(self, "save-report", write, self._on_saved)

    def _choose_file(self) -> None:
        name = f"tokenpool-setup-report-{datetime.now().strftime('%Y%m%d-%H%M')}.txt"
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the report"),
            str(home_dir() / name),
            self.tr("Text files (*.txt)"),
        )
        if path:
            self.save_to(path)

    def _on_saved(self, saved: tuple[str, str]) -> None:
        path, error = saved
        if error:
            self._status.setText(error)
            return
        shown = path.replace(str(home_dir()), "~", 1) if path.startswith(str(home_dir())) else path
        self._status.setText(
            self.tr("Saved as {0}. Attach this file to your message.").format(shown)
        )
        self.saved.emit(path)

    def _on_finished(self, exit_code: int, _status: QProcess.ExitStatus) -> None:
        self._timer.stop()
        out = bytes(self._process.readAllStandardOutput().data()).decode("utf-8", "replace")
        if exit_code == 0 and out.strip():
            self._show(out)
            return
        err = bytes(self._process.readAllStandardError().data()).decode("utf-8", "replace")
        last = next((line for line in reversed(err.splitlines()) if line.strip()), "")
        self._fail(last.removeprefix("tokenpool-setup: "))

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._timer.stop()
            self._fail(self.tr("This app's own command line could not be started."))

    def _on_timeout(self) -> None:
        self._process.kill()
        self._process.waitForFinished(2000)  # reaped now, not when the dialog is deleted
        self._fail(self.tr("It took longer than a minute and a half, so it was stopped."))

    def _show(self, text: str) -> None:
        self._text = text
        self._view.setPlainText(text)
        self._copy.setEnabled(True)
        self._save.setEnabled(True)
        self._copy.setDefault(True)
        self._copy.setFocus()
        self._status.setText(self.tr("The report is ready. Nothing is sent by itself."))

    def _fail(self, reason: str) -> None:
        self._view.setPlainText(self.tr("The report could not be made. {0}").format(reason).strip())
        self._status.setText(
            self.tr("Run 'tokenpool-setup report' in a terminal instead, and send what it prints.")
        )

    def done(self, result: int) -> None:
        # Closed while the report is still being made: stop the child, it must not outlive us.
        if self._process.state() != QProcess.ProcessState.NotRunning:
            self._process.kill()
            self._process.waitForFinished(2000)
        self._timer.stop()
        super().done(result)


def show_support_report(paths: AppPaths, parent: QWidget | None = None) -> SupportReportDialog:
    """Open the dialog (it deletes itself when closed)."""
    dialog = SupportReportDialog(paths, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog

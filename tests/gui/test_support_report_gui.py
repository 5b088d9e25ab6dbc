"""The 'Copy a report for support' dialog with real widgets: the report comes from our own command
line in a child process (the real one, offline, in a temp home), is shown first, then copied or
saved; a child that hangs is stopped; closing the dialog mid-way leaves no child behind."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QProcess
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton

from app.core.paths import AppPaths
from app.ui import support_report
from app.ui.support_report import SupportReportDialog, report_command

# The offscreen platform warns about size hints for every top-level dialog.
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
FIXTURES = Path(__file__).parents[1] / "fixtures"
WAIT_MS = 60_000


def button(dialog: SupportReportDialog, name: str) -> QPushButton:
    found = dialog.findChild(QPushButton, name)
    assert found is not None
    return found


def test_the_real_report_is_shown_then_copied_and_saved(
    qtbot, paths: AppPaths, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    shutil.copyfile(FIXTURES / "real_configs" / "selfhosted_with_hooks.toml", paths.config_toml)
    dialog = SupportReportDialog(paths, command=report_command(paths, offline=True))
    qtbot.addWidget(dialog)
    dialog.show()
    copy, save = button(dialog, "supportReportCopy"), button(dialog, "supportReportSave")
    assert not copy.isEnabled() and not save.isEnabled()
    qtbot.waitUntil(lambda: copy.isEnabled(), timeout=WAIT_MS)
    assert dialog.text.startswith("TokenPool Setup — report for support")
    assert "another provider (self-hosted or another relay)" in dialog.text
    assert "hl-7f3a9c0d4e5b6a7980f1e2d3c4b5a697" not in dialog.text
    copy.click()
    assert QGuiApplication.clipboard().text() == dialog.text
    target = tmp_path / "report.txt"
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        dialog.save_to(str(target))
    assert target.read_text(encoding="utf-8") == dialog.text


def test_a_report_that_hangs_is_stopped(
    qtbot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(support_report, "REPORT_TIMEOUT_MS", 500)
    hang = [sys.executable, "-c", "import time; time.sleep(60)"]
    dialog = SupportReportDialog(paths, command=hang)
    qtbot.addWidget(dialog)
    view = dialog._view
    qtbot.waitUntil(lambda: "could not be made" in view.toPlainText(), timeout=WAIT_MS)
    assert not button(dialog, "supportReportCopy").isEnabled()


def test_a_failing_report_says_why_in_words(qtbot, paths: AppPaths) -> None:  # type: ignore[no-untyped-def]
    fail = [
        sys.executable,
        "-c",
        "import sys; print('tokenpool-setup: the disk is full.', file=sys.stderr); sys.exit(1)",
    ]
    dialog = SupportReportDialog(paths, command=fail)
    qtbot.addWidget(dialog)
    view = dialog._view
    qtbot.waitUntil(lambda: "could not be made" in view.toPlainText(), timeout=WAIT_MS)
    assert "the disk is full." in view.toPlainText()
    assert "tokenpool-setup:" not in view.toPlainText()


def test_closing_while_the_report_is_made_leaves_no_child(qtbot, paths: AppPaths) -> None:  # type: ignore[no-untyped-def]
    dialog = SupportReportDialog(
        paths, command=[sys.executable, "-c", "import time; time.sleep(60)"]
    )
    qtbot.addWidget(dialog)
    process = dialog._process
    qtbot.waitUntil(lambda: process.processId() > 0, timeout=WAIT_MS)
    dialog.reject()
    assert process.state() == QProcess.ProcessState.NotRunning

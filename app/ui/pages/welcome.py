"""Welcome / what we found: the state of the Codex files in one sentence, the installed Codex
(or how to install it), and the choice between setting up (default) and repairing first."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from app.core.wizard import flow
from app.core.wizard.flow import ViewName, WizardState
from app.ui import messages
from app.ui.pages.base import SPACING, FlowPage, busy_bar
from app.ui.pages.codex_install_box import CodexInstallBox
from app.ui.support_button import support_report_button
from app.ui.tasks import TaskContext, TaskFailure
from app.ui.update_line import UpdateLine
from app.ui.widgets import (
    StatusLine,
    selectable_label,
    without_mnemonic,
)

if TYPE_CHECKING:
    from app.core.wizard import tasks
    from app.ui.wizard import SetupWizard


INSPECTION_DELAY_MS = 300


class WelcomePage(FlowPage):
    view = ViewName.WELCOME
    blocks_while_busy = True

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Set up Codex for TokenPool"))
        self.setSubTitle(
            self.tr("This takes about a minute. Nothing is changed until you confirm it.")
        )
        self._inspection_pending = False

        self.files_status = StatusLine("filesStatus", self.tr("Your Codex settings"))
        self.findings = selectable_label(object_name="findingsList", accessible=self.tr("Problems"))
        self.findings.setVisible(False)
        # Something is wrong: what support needs is one click away (app/ui/support_report.py).
        self.support_report_button = support_report_button(lambda: self.host.paths, self)

        self._build_choice()

        self.codex_status = StatusLine("codexStatus", self.tr("Codex CLI"))
        # A newer TokenPool Setup (asked at most once a day, never downloaded): one line, a link.
        self.update_status = UpdateLine()
        # Shown when no Codex was found; its controls are built after the first paint.
        self.install_box = CodexInstallBox(self)

        self.progress = busy_bar("inspectProgress", self.tr("Looking at your Codex settings"))

        steps = self._build_steps()

        layout = self.body_layout()
        layout.setSpacing(SPACING)
        layout.addWidget(self.files_status)
        layout.addWidget(self.findings)
        layout.addWidget(self.choice_box)
        # Left-aligned by a stretch, not Qt.AlignmentFlag: importing Qt's namespace builds all
        # its enums (~14 ms), which the first paint must not wait for (bench/startup.py).
        report_row = QHBoxLayout()
        report_row.addWidget(self.support_report_button)
        report_row.addStretch(1)
        layout.addLayout(report_row)
        layout.addSpacing(4)
        layout.addWidget(self.codex_status)
        layout.addWidget(self.install_box)
        layout.addSpacing(4)
        layout.addWidget(steps)
        layout.addWidget(self.update_status)
        layout.addStretch(1)
        layout.addWidget(self.progress)

    def _build_choice(self) -> None:
        self.setup_radio = QRadioButton(self.tr("&Set up TokenPool, keeping everything else"))
        self.setup_radio.setObjectName("setupRadio")
        self.setup_radio.setAccessibleName(without_mnemonic(self.setup_radio.text()))
        self.setup_radio.setChecked(True)
        self.repair_radio = QRadioButton(self.tr("&Repair these problems first (with a backup)"))
        self.repair_radio.setObjectName("repairRadio")
        self.repair_radio.setAccessibleName(without_mnemonic(self.repair_radio.text()))
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.setup_radio)
        self.choice.addButton(self.repair_radio)
        self.setup_radio.toggled.connect(self._choice_changed)
        self.choice_box = QGroupBox(self.tr("What would you like to do?"))
        self.choice_box.setObjectName("choiceBox")
        choice_layout = QVBoxLayout(self.choice_box)
        choice_layout.addWidget(self.setup_radio)
        choice_layout.addWidget(self.repair_radio)
        self.choice_box.setVisible(False)

    def settle(self) -> None:
        super().settle()
        self.install_box.fill()

    def _build_steps(self) -> QGroupBox:
        steps = QGroupBox(self.tr("What happens next"))
        steps.setObjectName("stepsBox")
        steps_layout = QVBoxLayout(steps)
        steps_layout.addWidget(
            QLabel(
                self.tr(
                    "1. Paste your TokenPool API key.\n"
                    "2. The endpoints are tested with it, and the fastest is chosen.\n"
                    "3. You see the exact changes, then write them (with a backup).\n"
                    "4. Test Codex with one click."
                )
            )
        )
        return steps

    # -- work --------------------------------------------------------------------------------

    def initializePage(self) -> None:
        self.files_status.set_status("busy", self.tr("Looking at your Codex settings…"))
        self.codex_status.set_status("busy", self.tr("Looking for the Codex CLI…"))
        # Start once the window has painted (the work's imports would compete with the first
        # paint), or after a moment at the latest.
        self._inspection_pending = True
        QTimer.singleShot(INSPECTION_DELAY_MS, self._start_inspection)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.host.first_page_painted()
        if self._inspection_pending:
            QTimer.singleShot(0, self._start_inspection)

    def _start_inspection(self) -> None:
        if not self._inspection_pending:
            return
        self._inspection_pending = False
        paths, env = self.host.paths, self.host.environment

        def inspect(ctx: TaskContext) -> object:
            from app.core.wizard import tasks

            return tasks.inspect_setup(paths, env)

        self.start_task(inspect, self._inspected, self._failed)

    def _inspected(self, found: tasks.Inspection) -> None:
        self.change_state(
            partial(
                flow.accept_inspection,
                files=found.files,
                codex=found.codex,
                npm_available=found.npm is not None,
                stored_key=found.stored_key,
            )
        )
        self.install_box.npm = found.npm
        self._focus_first_control()
        # Its own owner, not this page's: a slow feed must not hold Next busy (nor move focus).
        runner = self.host.runner
        self.update_status.ask(
            lambda *task: runner.start("update_check", *task),
            self.host.paths,
            self.host.environment,
        )

    def _focus_first_control(self) -> None:
        """Once the findings are shown, put the keyboard where the user goes on from: the choice
        on broken files, installing Codex when it is missing, else Next. Focus the user has
        already moved onto a control of this page is left alone."""
        focused = QApplication.focusWidget()
        if self.is_scroll(focused):
            focused = None
        if focused is not None and self.isAncestorOf(focused) and focused.isVisible():
            return
        state = self.state
        if state.files is not None and state.files.verdict == "broken":
            target: QWidget = (
                self.setup_radio if self.setup_radio.isChecked() else self.repair_radio
            )
        elif state.codex is None:
            target = self.install_box.focus_target()
        else:
            target = self.host.button(QWizard.WizardButton.NextButton)
        target.setFocus()

    def _failed(self, failure: TaskFailure) -> None:
        self.files_status.set_status("error", messages.plain_text(failure.code, failure.text))

    def _choice_changed(self) -> None:
        path: flow.SetupPath = "setup" if self.setup_radio.isChecked() else "repair"
        self.change_state(partial(flow.choose_path, path=path))

    # -- drawing -----------------------------------------------------------------------------

    def show_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy and not self.state.inspected)
        self.install_box.show_busy(busy, self.state.inspected)

    def show_state(self, state: WizardState) -> None:
        if not state.inspected or state.files is None:
            return
        verdict = state.files.verdict
        sentences = {
            "nothing": ("info", self.tr("Codex is not set up yet on this computer.")),
            "tokenpool": ("ok", self.tr("Codex is already set up for TokenPool.")),
            "other": (
                "info",
                self.tr(
                    "Codex is set up for another provider. Its other settings are kept; "
                    "only the provider, model and key change."
                ),
            ),
            "broken": ("error", self.tr("Codex's settings files have problems:")),
        }
        level, sentence = sentences[verdict]
        self.files_status.set_status(level, sentence)  # type: ignore[arg-type]
        problems = state.files.problems if verdict == "broken" else ()
        # Each finding in the user's language (by its code), the core's English detail below
        # (muted, yet readable: 4.5:1 on this palette's window).
        from app.ui.style import muted_text

        muted = muted_text(self.findings.palette()).name()
        self.findings.setText(
            "<ul style='margin:0; -qt-list-indent:1'>"
            + "".join(
                f"<li>{messages.rich_text(f.code, f.message, muted, fixable=f.fixable)}</li>"
                for f in problems
            )
            + "</ul>"
        )
        self.findings.setVisible(bool(problems))
        self.choice_box.setVisible(verdict == "broken")
        self.support_report_button.setVisible(verdict == "broken")
        if verdict != "broken" and not self.setup_radio.isChecked():
            self.setup_radio.setChecked(True)

        if state.codex is not None:
            version = state.codex.version or self.tr("unknown version")
            self.codex_status.set_status(
                "ok",
                self.tr("Codex CLI {version} is installed: {path}").format(
                    version=version, path=state.codex.path
                ),
            )
        else:
            self.codex_status.set_status(
                "warning",
                self.tr(
                    "The Codex CLI is not installed on this computer. Install it first, so the "
                    "settings are written for a program you have."
                ),
            )
        self.install_box.show_state(state)

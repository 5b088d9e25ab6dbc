"""Welcome / what we found: the state of the Codex files in one sentence, the installed Codex
(or how to install it), and the choice between setting up (default) and repairing first."""

from __future__ import annotations

import sys
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from app.core.wizard import flow
from app.core.wizard.flow import ViewName, WizardState
from app.ui import messages
from app.ui.pages.base import SPACING, FlowPage, busy_bar
from app.ui.resources import icon
from app.ui.support_button import support_report_button
from app.ui.tasks import TaskContext, TaskFailure, TaskHandle
from app.ui.update_line import UpdateLine
from app.ui.widgets import (
    CommandBox,
    StatusLine,
    buddy_label,
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
        self._install_output: list[str] = []
        self._inspection_pending = False
        self._npm: str | None = None
        self._refocus_install = False
        self._native_running = False
        self._native_task: TaskHandle | None = None
        self._native_installed = False

        self.files_status = StatusLine("filesStatus", self.tr("Your Codex settings"))
        self.findings = selectable_label(object_name="findingsList", accessible=self.tr("Problems"))
        self.findings.setVisible(False)
        # Something is wrong: what support needs is one click away (app/ui/support_report.py).
        self.support_report_button = support_report_button(lambda: self.host.paths, self)

        self._build_choice()

        self.codex_status = StatusLine("codexStatus", self.tr("Codex CLI"))
        # A newer TokenPool Setup (asked at most once a day, never downloaded): one line, a link.
        self.update_status = UpdateLine()
        # Its group now (empty, hidden), its controls after the first paint: they are shown
        # only when Codex is missing, and building them (Qt's font, combo box and text-edit
        # enums among them) would hold the first paint back (bench/startup.py).
        self.install_box = QGroupBox(self.tr("Install the Codex CLI"))
        self.install_box.setObjectName("installBox")
        self.install_box.setVisible(False)
        self._install_box_filled = False

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
        self._fill_install_box()

    def _fill_install_box(self) -> None:
        """The install box's controls: once, after the first paint or when first needed."""
        if self._install_box_filled:
            return
        self._install_box_filled = True
        install_layout = QVBoxLayout(self.install_box)
        install_layout.setSpacing(8)
        self.npm_label = QLabel(self.tr("Codex is installed with this command (it needs Node.js):"))
        install_layout.addWidget(self.npm_label)
        self.command = CommandBox(self.tr("&Copy"), self.tr("Install command"))
        install_layout.addWidget(self.command)
        self._build_native_install(install_layout)
        install_row = QHBoxLayout()
        self.install_button = QPushButton(icon("terminal"), self.tr("&Install Codex for me"))
        self.install_button.setObjectName("installCodexButton")
        self.install_button.setAccessibleName(without_mnemonic(self.install_button.text()))
        self.install_button.clicked.connect(self._install)
        install_row.addWidget(self.install_button)
        self.stop_install_button = QPushButton(self.tr("S&top"))
        self.stop_install_button.setObjectName("stopInstallButton")
        self.stop_install_button.setAccessibleName(self.tr("Stop installing Codex"))
        self.stop_install_button.clicked.connect(self._stop_native_install)
        self.stop_install_button.setVisible(False)
        install_row.addWidget(self.stop_install_button)
        install_row.addStretch(1)
        install_layout.addLayout(install_row)
        self.install_progress = busy_bar("installProgress", self.tr("Installing Codex"))
        install_layout.addWidget(self.install_progress)
        self.download_progress = QProgressBar()
        self.download_progress.setObjectName("installDownloadProgress")
        self.download_progress.setAccessibleName(self.tr("Codex download"))
        self.download_progress.setRange(0, 1000)
        self.download_progress.setTextVisible(False)
        self.download_progress.setVisible(False)
        install_layout.addWidget(self.download_progress)
        self.install_status = StatusLine("installStatus", self.tr("Installation"))
        self.install_status.setVisible(False)
        install_layout.addWidget(self.install_status)
        install_layout.addWidget(self.next_steps)
        self.install_log = QPlainTextEdit()
        self.install_log.setObjectName("installOutput")
        self.install_log.setAccessibleName(self.tr("Installer output"))
        self.install_log.setReadOnly(True)
        self.install_log.setMaximumHeight(120)
        self.install_log.setVisible(False)
        install_layout.addWidget(self.install_log)
        self.without_codex = QCheckBox(self.tr("Set up &anyway — I will install Codex later"))
        self.without_codex.setObjectName("withoutCodexCheck")
        self.without_codex.setAccessibleName(without_mnemonic(self.without_codex.text()))
        self.without_codex.toggled.connect(
            lambda yes: self.change_state(partial(flow.continue_without_codex, yes=yes))
        )
        install_layout.addWidget(self.without_codex)

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

    def _build_native_install(self, layout: QVBoxLayout) -> None:
        """Without Node.js: the native Codex, downloaded, checked and installed for this user."""
        from app.core.codex_versions import NEWEST_TESTED_CODEX_VERSION

        self.native_label = QLabel(
            self.tr(
                "Node.js is not installed, so Codex can be installed for you as a standalone "
                "program: downloaded from the npm registry (about 170 MB), checked, and put in "
                "your user folder. No administrator rights are needed."
            )
        )
        self.native_label.setObjectName("nativeInstallNote")
        self.native_label.setWordWrap(True)
        layout.addWidget(self.native_label)
        row = QHBoxLayout()
        self.version_choice = QComboBox()
        self.version_choice.setObjectName("codexVersionChoice")
        self.version_choice.setAccessibleName(self.tr("Codex version"))
        self.version_choice.addItem(
            self.tr("Codex {version} (tested with this app, recommended)").format(
                version=NEWEST_TESTED_CODEX_VERSION
            ),
            None,
        )
        self.version_choice.addItem(self.tr("The newest Codex release"), "latest")
        version_label = buddy_label(self.tr("&Version:"), self.version_choice)
        row.addWidget(version_label)
        row.addWidget(self.version_choice)
        row.addStretch(1)
        self.native_choice = QWidget()
        self.native_choice.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.native_choice)
        self.next_steps = selectable_label(
            object_name="codexNextSteps", accessible=self.tr("What to do next")
        )
        self.next_steps.setContentsMargins(26, 0, 0, 0)  # under the status text, not its icon
        self.next_steps.setVisible(False)

    def _show_install_mode(self, npm: bool) -> None:
        npm_widgets: tuple[QWidget, ...] = (self.npm_label, self.command)
        native_widgets: tuple[QWidget, ...] = (self.native_label, self.native_choice)
        for widget in npm_widgets:
            widget.setVisible(npm)
        for widget in native_widgets:
            widget.setVisible(not npm)
        self.install_button.setVisible(True)
        self.without_codex.setVisible(True)

    def _show_native_result(self) -> None:
        """After a native install the box stays, showing only the outcome and what to do next."""
        for widget in (
            self.npm_label,
            self.command,
            self.native_label,
            self.native_choice,
            self.install_button,
            self.without_codex,
        ):
            widget.setVisible(False)
        self.install_box.setVisible(True)

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
        self._npm = found.npm
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
            target = self.install_button if self.install_button.isVisible() else self.without_codex
        else:
            target = self.host.button(QWizard.WizardButton.NextButton)
        target.setFocus()

    def _failed(self, failure: TaskFailure) -> None:
        self.files_status.set_status("error", messages.plain_text(failure.code, failure.text))

    def _choice_changed(self) -> None:
        path: flow.SetupPath = "setup" if self.setup_radio.isChecked() else "repair"
        self.change_state(partial(flow.choose_path, path=path))

    def _install(self) -> None:
        from app.core.wizard import tasks

        npm = self._npm
        if not npm:
            self._install_natively()
            return
        env = self.host.environment
        self._install_output = []
        self.install_log.clear()
        self.install_log.setVisible(False)
        self.install_status.set_status("busy", self.tr("Installing Codex… this can take a minute."))
        self.install_status.setVisible(True)
        self._refocus_install = self.install_button.hasFocus()
        self.install_button.setEnabled(False)
        self.start_task(
            lambda ctx: tasks.install_codex_with_npm(npm, env, ctx.cancel, ctx.report),
            self._installed,
            self._install_failed,
            self._install_line,
        )

    def _install_natively(self) -> None:
        from app.core.wizard import tasks

        env = self.host.environment
        version = self.version_choice.currentData()
        self.install_log.setVisible(False)
        self.next_steps.setContentsMargins(26, 0, 0, 0)  # under the status text, not its icon
        self.next_steps.setVisible(False)
        self.install_status.set_status("busy", self.tr("Getting ready to download Codex…"))
        self.install_status.setVisible(True)
        self._refocus_install = self.install_button.hasFocus()
        self.install_button.setEnabled(False)
        self.version_choice.setEnabled(False)
        self.download_progress.setRange(0, 0)
        self.download_progress.setVisible(True)
        self.stop_install_button.setVisible(True)
        self._native_running = True
        self.stop_install_button.setEnabled(True)
        self._native_task = self.start_task(
            lambda ctx: tasks.install_codex_natively(env, version, ctx.cancel, ctx.report),
            self._installed_natively,
            self._native_install_failed,
            self._native_progress,
        )
        self.stop_install_button.setFocus()

    def _native_progress(self, progress: object) -> None:
        if self._native_task is not None and self._native_task.cancelled():
            return  # "Stopping…" stays until the task has stopped
        stage = getattr(progress, "stage", "")
        done, total = getattr(progress, "done", 0), getattr(progress, "total", 0)
        if stage in ("download", "unpack") and total:
            self.download_progress.setRange(0, 1000)
            self.download_progress.setValue(int(1000 * min(1.0, done / total)))
        else:
            self.download_progress.setRange(0, 0)
        mb = 1024 * 1024
        texts = {
            "metadata": self.tr("Asking the npm registry for Codex…"),
            "download": self.tr("Downloading Codex… {done} of {total} MB").format(
                done=done // mb, total=max(1, total // mb)
            )
            if total
            else self.tr("Downloading Codex…"),
            "verify": self.tr("Checking the download (sha512)…"),
            "unpack": self.tr("Unpacking Codex…"),
            "check": self.tr("Checking that Codex starts…"),
            "switch": self.tr("Putting Codex in place…"),
            "path": self.tr("Making the codex command available in new terminals…"),
        }
        if stage in texts:
            self.install_status.set_status("busy", texts[stage])

    def _native_done(self) -> None:
        self._native_task = None
        self._native_running = False
        self.download_progress.setVisible(False)
        self.stop_install_button.setVisible(False)
        self.version_choice.setEnabled(True)
        self._install_done()

    def _stop_native_install(self) -> None:
        # Ask the task to stop and wait for what it says: a Stop that comes once Codex is already
        # being put in place cannot undo it, and saying "nothing was installed" then would be
        # wrong. Until it has stopped, Install stays off (it would only find the lock held).
        if self._native_task is None:
            return
        self._native_task.cancel.set()
        self.stop_install_button.setEnabled(False)
        self.install_status.set_status("busy", self.tr("Stopping…"))

    def _native_stopped(self) -> None:
        self._native_done()
        self.install_status.set_status(
            "info",
            self.tr(
                "Stopped. Nothing was installed; the download continues where it stopped when "
                "you try again."
            ),
        )

    def _installed_natively(self, outcome: tasks.NativeInstallOutcome) -> None:
        from app.ui.install_messages import next_step_text

        self._native_done()
        result = outcome.result
        self.install_status.set_status(
            "ok",
            self.tr("Codex {version} is installed, for your user only. What to do next:").format(
                version=result.version
            ),
        )
        steps = [next_step_text(s.code, s.text, dict(s.params)) for s in result.next_steps]
        self.next_steps.setText("\n".join(steps))
        self.next_steps.setVisible(bool(steps))
        self._native_installed = True
        self.change_state(partial(flow.accept_codex, codex=outcome.codex))
        self.host.button(QWizard.WizardButton.NextButton).setFocus()

    def _native_install_failed(self, failure: TaskFailure) -> None:
        from app.ui.install_messages import failure_text

        if failure.code == "install_cancelled":
            self._native_stopped()
            return
        self._native_done()
        self.install_status.set_status("error", failure_text(failure.code, failure.text))

    def _install_line(self, line: object) -> None:
        self._install_output.append(str(line))
        self.install_log.appendPlainText(str(line))

    def _install_done(self) -> None:
        self.install_button.setEnabled(True)
        if self._refocus_install:  # disabling it moved the focus on; bring it back
            self._refocus_install = False
            self.install_button.setFocus()

    def _installed(self, outcome: tasks.InstallOutcome) -> None:
        self._install_done()
        if outcome.ok and outcome.codex is not None:
            self.install_status.set_status("ok", self.tr("Codex is installed."))
            self.change_state(partial(flow.accept_codex, codex=outcome.codex))
            self.host.button(QWizard.WizardButton.NextButton).setFocus()
            return
        self.install_status.set_status(
            "error",
            self.tr("The installation did not work. The installer's output is below."),
        )
        self.install_log.setPlainText(outcome.output)
        self.install_log.setVisible(True)

    def _install_failed(self, failure: TaskFailure) -> None:
        self._install_done()
        self.install_status.set_status("error", messages.plain_text(failure.code, failure.text))

    # -- drawing -----------------------------------------------------------------------------

    def show_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy and not self.state.inspected)
        if not self._install_box_filled:
            return
        self.install_progress.setVisible(busy and self.state.inspected and not self._native_running)

    def show_state(self, state: WizardState) -> None:
        if not state.inspected or state.files is None:
            return
        self._fill_install_box()
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
            if self._native_installed:
                self._show_native_result()
            else:
                self.install_box.setVisible(False)
        else:
            self.codex_status.set_status(
                "warning",
                self.tr(
                    "The Codex CLI is not installed on this computer. Install it first, so the "
                    "settings are written for a program you have."
                ),
            )
            from app.core.codex_cli import install_hint

            self.command.set_command(install_hint(sys.platform))
            # Without npm, the button installs the native Codex (no Node.js needed).
            self._show_install_mode(state.npm_available)
            self.install_box.setVisible(True)

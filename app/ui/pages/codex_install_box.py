"""The Welcome page's "Install the Codex CLI" box: with npm when it is there (its command, or
"Install Codex for me" running it), else the native Codex downloaded from the npm registry, with
its progress, Stop, and what to do next. Shown only when no Codex was found.

Its controls are built once, after the first paint or when first needed (:meth:`fill`): they are
rarely shown, and building them (Qt's font, combo box and text-edit enums among them) would hold
the wizard's first paint back (bench/startup.py). The work runs as the page's tasks.
"""

from __future__ import annotations

import sys
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from app.core.wizard import flow
from app.ui import messages
from app.ui.pages.base import FlowPage, busy_bar
from app.ui.resources import icon
from app.ui.tasks import TaskFailure, TaskHandle
from app.ui.widgets import (
    CommandBox,
    StatusLine,
    buddy_label,
    selectable_label,
    without_mnemonic,
)

if TYPE_CHECKING:
    from app.core.wizard import tasks
    from app.core.wizard.flow import WizardState


class CodexInstallBox(QGroupBox):
    def __init__(self, page: FlowPage) -> None:
        super().__init__()
        self.setTitle(self.tr("Install the Codex CLI"))
        self.setObjectName("installBox")
        self.setVisible(False)
        self._page = page
        self._filled = False
        # What the inspection found: npm's path (the npm route), or None (the native Codex).
        self.npm: str | None = None
        self._install_output: list[str] = []
        self._refocus_install = False
        self._native_running = False
        self._native_task: TaskHandle | None = None
        self._native_installed = False

    # -- drawing -----------------------------------------------------------------------------

    def show_state(self, state: WizardState) -> None:
        """Codex found: hidden (or only the native install's outcome). Missing: how to install."""
        self.fill()
        if state.codex is not None:
            if self._native_installed:
                self._show_native_result()
            else:
                self.setVisible(False)
            return
        from app.core.codex_cli import install_hint

        self.command.set_command(install_hint(sys.platform))
        # Without npm, the button installs the native Codex (no Node.js needed).
        self._show_install_mode(state.npm_available)
        self.setVisible(True)

    def show_busy(self, busy: bool, inspected: bool) -> None:
        if self._filled:
            self.install_progress.setVisible(busy and inspected and not self._native_running)

    def focus_target(self) -> QWidget:
        """Where the keyboard goes when Codex is missing."""
        self.fill()
        return self.install_button if self.install_button.isVisible() else self.without_codex

    def fill(self) -> None:
        """The install box's controls: once, after the first paint or when first needed."""
        if self._filled:
            return
        self._filled = True
        # Imported here: importing a Qt class builds its enums, which the first paint must not
        # wait for (the page imports this module before it paints).
        from PySide6.QtWidgets import QCheckBox, QPlainTextEdit

        install_layout = QVBoxLayout(self)
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
            lambda yes: self._page.change_state(partial(flow.continue_without_codex, yes=yes))
        )
        install_layout.addWidget(self.without_codex)

    def _build_native_install(self, layout: QVBoxLayout) -> None:
        """Without Node.js: the native Codex, downloaded, checked and installed for this user."""
        from PySide6.QtWidgets import QComboBox

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
        self.setVisible(True)

    def _install(self) -> None:
        from app.core.wizard import tasks

        npm = self.npm
        if not npm:
            self._install_natively()
            return
        env = self._page.host.environment
        self._install_output = []
        self.install_log.clear()
        self.install_log.setVisible(False)
        self.install_status.set_status("busy", self.tr("Installing Codex… this can take a minute."))
        self.install_status.setVisible(True)
        self._refocus_install = self.install_button.hasFocus()
        self.install_button.setEnabled(False)
        self._page.start_task(
            lambda ctx: tasks.install_codex_with_npm(npm, env, ctx.cancel, ctx.report),
            self._installed,
            self._install_failed,
            self._install_line,
        )

    def _install_natively(self) -> None:
        from app.core.wizard import tasks

        env = self._page.host.environment
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
        self._native_task = self._page.start_task(
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
        self._page.change_state(partial(flow.accept_codex, codex=outcome.codex))
        self._page.host.button(QWizard.WizardButton.NextButton).setFocus()

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
            self._page.change_state(partial(flow.accept_codex, codex=outcome.codex))
            self._page.host.button(QWizard.WizardButton.NextButton).setFocus()
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

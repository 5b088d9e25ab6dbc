"""Done: what was written and where the backup is, "Test Codex now", the remaining quota, where
the key is kept, and restarting Codex (it reads its settings only when it starts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout

from app.core.wizard.flow import ViewName, WizardState
from app.ui import messages
from app.ui.pages.base import FlowPage, busy_bar
from app.ui.resources import icon
from app.ui.support_button import support_report_button
from app.ui.tasks import TaskFailure
from app.ui.tray.opt_in import TrayOptIn
from app.ui.widgets import StatusLine, name_message_box_icon, selectable_label, without_mnemonic

if TYPE_CHECKING:
    from app.core.codex_cli import DaemonRestartResult
    from app.core.net.quota import QuotaResult
    from app.core.wizard import tasks
    from app.ui.wizard import SetupWizard


class DonePage(FlowPage):
    view = ViewName.DONE

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Codex is set up for TokenPool"))
        self.setSubTitle(self.tr("Test it now, then start using Codex."))
        self.setFinalPage(True)
        # While Codex is tested (or its server restarted) the button stays enabled and keeps
        # the keyboard focus (a disabled button hands the focus on, and a screen reader reads
        # out every hop); pressing it again meanwhile does nothing.
        self._testing = False
        self._restarting = False

        self.written = StatusLine("writtenStatus", self.tr("Written files"))
        self.backup = selectable_label(object_name="backupLocation", accessible=self.tr("Backup"))
        self.codex_line = StatusLine("doneCodexStatus", self.tr("Codex CLI"))

        test_box = QGroupBox(self.tr("Test"))
        test_layout = QVBoxLayout(test_box)
        # Codex makes no connection through a SOCKS proxy (this app does): said before the test.
        self.proxy_warning = StatusLine("codexProxyWarning", self.tr("Proxy"), hide_when_empty=True)
        test_layout.addWidget(self.proxy_warning)
        test_row = QHBoxLayout()
        self.test_button = QPushButton(icon("terminal"), self.tr("&Test Codex now"))
        self.test_button.setObjectName("testCodexButton")
        self.test_button.setAccessibleName(without_mnemonic(self.test_button.text()))
        self.test_button.setDefault(False)
        self.test_button.clicked.connect(self.test_codex)
        self.test_progress = busy_bar("testProgress", self.tr("Testing Codex"))
        self.test_progress.setMaximumWidth(160)
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_progress)
        test_row.addStretch(1)
        test_layout.addLayout(test_row)
        self.test_result = StatusLine(
            "testCodexResult", self.tr("Test result"), hide_when_empty=True
        )
        test_layout.addWidget(self.test_result)
        # Shown when Codex stopped on a setting in config.toml: the fix is one click away here,
        # not a trip back through the wizard or an editor (issue: no dead end after the test).
        repair_row = QHBoxLayout()
        self.repair_button = QPushButton(icon("refresh"), self.tr("Re&pair these settings"))
        self.repair_button.setObjectName("doneRepairButton")
        self.repair_button.setAccessibleName(without_mnemonic(self.repair_button.text()))
        self.repair_button.setDefault(False)
        self.repair_button.setVisible(False)
        self.repair_button.clicked.connect(self.repair_config)
        repair_row.addWidget(self.repair_button)
        # After a failed test: what support needs, one click away (app/ui/support_report.py).
        self.support_report_button = support_report_button(lambda: self.host.paths, self)
        repair_row.addWidget(self.support_report_button)
        repair_row.addStretch(1)
        test_layout.addLayout(repair_row)

        self.quota = StatusLine("quotaStatus", self.tr("Remaining quota"))
        # The tray companion: on Finish, start at login and the tray itself (app/ui/tray/opt_in.py).
        self.companion_row = QHBoxLayout()
        self.companion_row.setObjectName("companionRow")
        self.tray_opt_in = TrayOptIn()  # no parent yet: the layout sets it, in tab order
        self.companion_row.addWidget(self.tray_opt_in)
        wizard.finished.connect(self._finished_with_tray)
        self.keychain = StatusLine("keychainStatus", self.tr("Where the key is kept"))

        restart_box = QGroupBox(self.tr("If Codex is running"))
        restart_box.setObjectName("restartCodexBox")
        self.restart_box = restart_box
        restart_layout = QVBoxLayout(restart_box)
        restart_layout.addWidget(
            selectable_label(
                self.tr(
                    "Codex reads its settings only when it starts, and keeps a background "
                    "server running. Quit Codex and open it again."
                )
            )
        )
        restart_row = QHBoxLayout()
        self.restart_button = QPushButton(
            icon("refresh"), self.tr("&Restart Codex's background server")
        )
        self.restart_button.setObjectName("restartCodexButton")
        self.restart_button.setAccessibleName(without_mnemonic(self.restart_button.text()))
        self.restart_button.clicked.connect(self.restart_daemon)
        restart_row.addWidget(self.restart_button)
        restart_row.addStretch(1)
        restart_layout.addLayout(restart_row)
        self.restart_result = StatusLine(
            "restartResult", self.tr("Restart result"), hide_when_empty=True
        )
        restart_layout.addWidget(self.restart_result)

        layout = self.body_layout()
        layout.setSpacing(10)
        layout.addWidget(self.written)
        layout.addWidget(self.backup)
        layout.addWidget(self.codex_line)
        layout.addWidget(test_box)
        layout.addWidget(self.quota)
        layout.addLayout(self.companion_row)
        layout.addWidget(self.keychain)
        layout.addWidget(restart_box)
        layout.addStretch(1)

    def initializePage(self) -> None:
        outcome = self.host.preview_page.outcome
        state = self.state
        if outcome is not None:
            if outcome.written:
                files = self.tr(", ").join(str(p) for p in outcome.written)
                self.written.set_status("ok", self.tr("Written: {files}").format(files=files))
            else:
                self.written.set_status("ok", self.tr("The files were already right."))
            self.backup.setText(self.backup_text(outcome))
            self.backup.setVisible(bool(self.backup.text()))
            self._show_keychain(outcome, self.host.preview_page.keychain_available)
            self._fetch_quota(outcome.base_url, state.key)
        if state.codex is not None:
            self.codex_line.set_status(
                "ok",
                self.tr("Codex CLI {version}: {path}").format(
                    version=state.codex.version or "?", path=state.codex.path
                ),
            )
        else:
            self.codex_line.set_status(
                "warning",
                self.tr(
                    "The Codex CLI is not installed yet. The test below calls TokenPool directly."
                ),
            )
        # Without a Codex CLI there is no Codex running to quit or restart: the box would only
        # puzzle (a new user asked what background server it meant).
        self.restart_box.setVisible(state.codex is not None)
        self.restart_button.setEnabled(state.codex is not None)
        self.show_proxy_warning(outcome.base_url if outcome is not None else None)
        self.test_result.set_status("none", "")
        self.restart_result.set_status("none", "")
        self.test_button.setFocus()

    def show_proxy_warning(self, base_url: str | None) -> None:
        from app.core.net.codex_proxy import codex_proxy_finding

        found = codex_proxy_finding(self.host.environment, base_url)
        if found is None or self.state.codex is None:
            self.proxy_warning.set_status("none", "")
            return
        self.proxy_warning.set_status(
            "warning", messages.plain_text(found.code, f"{found.message} {found.hint}")
        )

    def backup_text(self, outcome: tasks.WriteOutcome) -> str:
        """Where the old files are, or that there were none (the backup's manifest knows)."""
        if outcome.backup is None:
            return ""
        if not outcome.backed_up:
            return self.tr(
                "There were no Codex settings files before, so there was nothing to back up."
            )
        return self.tr("The old files ({files}) are saved in {folder}").format(
            files=self.tr(", ").join(outcome.backed_up), folder=outcome.backup
        )

    def _show_keychain(self, outcome: tasks.WriteOutcome, available: bool) -> None:
        if outcome.keychain_saved:
            level, text = (
                "info",
                self.tr(
                    "The key is kept in Codex's auth.json (private to you) and in your "
                    "system keychain."
                ),
            )
        elif available:
            level, text = (
                "warning",
                self.tr(
                    "The key is kept in Codex's auth.json (private to you). The system keychain "
                    "did not accept it, so it is not stored there; Codex works without it."
                ),
            )
        else:
            level, text = (
                "info",
                self.tr(
                    "The key is kept in Codex's auth.json (private to you). No keychain is "
                    "available on this computer, so it is not stored there."
                ),
            )
        self.keychain.set_status(level, messages.platform_words(text))  # type: ignore[arg-type]
        # The core's own words (English), e.g. which error the keychain gave.
        self.keychain.set_english_detail(outcome.keychain_message)

    # -- work --------------------------------------------------------------------------------

    def test_codex(self) -> None:
        from app.core.wizard import tasks

        state = self.state
        outcome = self.host.preview_page.outcome
        codex, paths, env = state.codex, self.host.paths, self.host.environment
        if self._testing:
            return
        self._testing = True
        if codex is not None:
            self.test_result.set_status("busy", self.tr("Asking Codex… (up to a minute)"))
            self.start_task(
                lambda ctx: tasks.chat_test_with_codex(codex, paths, env),
                self._tested,
                self._test_failed,
            )
            return
        base_url = outcome.base_url if outcome is not None else (state.selected_url or "")
        key, model = state.key, state.model
        self.test_result.set_status("busy", self.tr("Asking TokenPool…"))
        self.start_task(
            lambda ctx: tasks.chat_test_direct(base_url, key, model),
            self._tested,
            self._test_failed,
        )

    def _test_done(self) -> None:
        self._testing = False
        self.show_busy(self.busy())

    def _tested(self, outcome: tasks.ChatTestOutcome) -> None:
        self._test_done()
        self.repair_button.setVisible(not outcome.ok and outcome.config_problem)
        self.support_report_button.setVisible(not outcome.ok)
        if outcome.ok:
            who = (
                self.tr("Codex answered:") if outcome.via_codex else self.tr("TokenPool answered:")
            )
            self.test_result.set_status("ok", f"{who} “{outcome.reply}”")
        else:
            self.test_result.set_status("error", self.test_failure_text(outcome))

    def repair_config(self) -> None:
        """Codex refused config.toml: plan the same repair as the repair path (told what the
        installed Codex refused), ask, write it with one backup, then test again."""
        from app.core.wizard import tasks

        codex = self.state.codex
        codex_path = codex.path if codex is not None else None
        paths, env = self.host.paths, self.host.environment
        self.repair_button.setEnabled(False)
        self.test_result.set_status("busy", self.tr("Looking at what stops Codex…"))
        self.start_task(
            lambda ctx: tasks.plan_repair_after_test(paths, env, codex_path),
            self._repair_planned,
            self._repair_failed,
        )

    def _repair_planned(self, preview: tasks.RepairPreview) -> None:
        from PySide6.QtWidgets import QMessageBox

        from app.core.usertext import classify_note
        from app.core.wizard import tasks

        self.repair_button.setEnabled(True)
        if not preview.plan.changed and not preview.needs_permission_fix:
            self.test_result.set_status(
                "error",
                self.tr(
                    "TokenPool Setup cannot change this setting by itself. Run "
                    "“tokenpool-setup doctor” in a terminal: it names the line to change."
                ),
            )
            return
        notes = [messages.message_text(classify_note(n)) for n in preview.plan.notes]
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        name_message_box_icon(box)
        box.setWindowTitle(self.tr("Repair Codex's settings"))
        box.setText(
            self.tr(
                "Repair changes config.toml so that Codex starts again. Your other settings stay "
                "as they are, and today's files are kept in a backup."
            )
        )
        if notes:
            box.setInformativeText("\n".join(f"• {note}" for note in notes))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Repair"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Not now"))
        if box.exec() != QMessageBox.StandardButton.Yes:
            self.test_result.set_status("none", "")
            return
        self.repair_button.setEnabled(False)
        env = self.host.environment
        self.test_result.set_status("busy", self.tr("Repairing…"))
        self.start_task(
            lambda ctx: tasks.apply_wizard_repair(preview, env), self._repaired, self._repair_failed
        )

    def _repaired(self, outcome: tasks.RepairOutcome) -> None:
        self.repair_button.setEnabled(True)
        self.repair_button.setVisible(False)
        self.test_codex()  # the proof: Codex answers now (or says what is still wrong)

    def _repair_failed(self, failure: TaskFailure) -> None:
        self.repair_button.setEnabled(True)
        self.test_result.set_status("error", messages.plain_text(failure.code, failure.text))

    def test_failure_text(self, outcome: tasks.ChatTestOutcome) -> str:
        """The failed test in the user's language; Codex's own output stays as it is, below."""
        if outcome.code == "codex_test_failed":
            return messages.coded_text(outcome.code, outcome.message) + "\n" + outcome.message
        if outcome.code == "model_not_offered":
            return self.tr(
                "TokenPool does not offer the model {model} for this key. Go back and choose "
                "another model."
            ).format(model=dict(outcome.params).get("model", ""))
        if outcome.code in messages.NETWORK:
            return self.long_network_text(outcome)
        return messages.coded_text(outcome.code, outcome.message, english_from_core=True)

    def long_network_text(self, outcome: tasks.ChatTestOutcome) -> str:
        return messages.plain_text(outcome.code, outcome.message)

    def _test_failed(self, failure: TaskFailure) -> None:
        self._test_done()
        self.support_report_button.setVisible(True)
        self.test_result.set_status("error", messages.plain_text(failure.code, failure.text))

    def _fetch_quota(self, base_url: str, key: str) -> None:
        from app.core.wizard import tasks

        self.quota.set_status("busy", self.tr("Asking for the remaining quota…"))
        self.start_task(lambda ctx: tasks.read_quota(base_url, key), self._quota, self._no_quota)

    def _quota(self, result: QuotaResult) -> None:
        from app.core.wizard import tasks

        status = result.status
        if status == "ok":
            quota = result.quota
            self.quota.set_status(
                "info",
                self.tr("Remaining quota: {text}").format(text=messages.quota_text(quota))
                if quota is not None
                else messages.coded_text(status, tasks.describe_quota(result)),
            )
        elif status == "not_available":
            self.quota.setVisible(False)
        else:
            self.quota.set_status(
                "warning",
                messages.coded_text(
                    f"quota_{status}", tasks.describe_quota(result), english_from_core=True
                ),
            )

    def _no_quota(self, failure: TaskFailure) -> None:
        self.quota.setVisible(False)

    def restart_daemon(self) -> None:
        from app.core.wizard import tasks

        codex = self.state.codex
        if codex is None:
            return
        paths, env = self.host.paths, self.host.environment
        if self._restarting:
            return
        self._restarting = True
        self.restart_result.set_status("busy", self.tr("Restarting…"))
        self.start_task(
            lambda ctx: tasks.restart_codex(codex, paths, env),
            self._restarted,
            self._restart_failed,
        )

    def _restart_done(self) -> None:
        self._restarting = False

    def _restarted(self, result: DaemonRestartResult) -> None:
        self._restart_done()
        texts = {
            "restarted": ("ok", self.tr("Codex's background server was restarted.")),
            "not_running": (
                "info",
                self.tr("Codex's background server is not running; nothing to restart."),
            ),
        }
        level, text = texts.get(
            result.state,
            (
                "warning",
                self.tr(
                    "The background server could not be restarted. Quit Codex and open it again."
                ),
            ),
        )
        self.restart_result.set_status(level, text)  # type: ignore[arg-type]

    def _restart_failed(self, failure: TaskFailure) -> None:
        self._restart_done()
        self.restart_result.set_status("warning", messages.plain_text(failure.code, failure.text))

    def _finished_with_tray(self, _result: int) -> None:
        if self.host.current_view() == ViewName.DONE:
            self.tray_opt_in.apply(self.host.paths)

    def show_busy(self, busy: bool) -> None:
        self.test_progress.setVisible(busy and self._testing)

    def show_state(self, state: WizardState) -> None:
        pass

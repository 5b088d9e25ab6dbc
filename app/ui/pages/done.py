"""Done: what was written and where the backup is, "Test Codex now", the remaining quota, where
the key is kept, and restarting Codex (it reads its settings only when it starts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout

from app.core.wizard_flow import ViewName, WizardState
from app.ui import messages
from app.ui.pages.base import FlowPage, busy_bar
from app.ui.resources import icon
from app.ui.tasks import TaskFailure
from app.ui.tray.opt_in import TrayOptIn
from app.ui.widgets import StatusLine, selectable_label, without_mnemonic

if TYPE_CHECKING:
    from app.core import wizard_jobs as jobs
    from app.ui.wizard import SetupWizard


class DonePage(FlowPage):
    view = ViewName.DONE

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Codex is set up for TokenPool"))
        self.setSubTitle(self.tr("Test it now, then start using Codex."))
        self.setFinalPage(True)
        self._refocus_test = False
        self._refocus_restart = False

        self.written = StatusLine("writtenStatus", self.tr("Written files"))
        self.backup = selectable_label(object_name="backupLocation", accessible=self.tr("Backup"))
        self.codex_line = StatusLine("doneCodexStatus", self.tr("Codex CLI"))

        test_box = QGroupBox(self.tr("Test"))
        test_layout = QVBoxLayout(test_box)
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

        self.quota = StatusLine("quotaStatus", self.tr("Remaining quota"))
        # The tray companion: on Finish, start at login and the tray itself (app/ui/tray/opt_in.py).
        self.companion_row = QHBoxLayout()
        self.companion_row.setObjectName("companionRow")
        self.tray_opt_in = TrayOptIn()  # no parent yet: the layout sets it, in tab order
        self.companion_row.addWidget(self.tray_opt_in)
        wizard.finished.connect(self._finished_with_tray)
        self.keychain = StatusLine("keychainStatus", self.tr("Where the key is kept"))

        restart_box = QGroupBox(self.tr("If Codex is running"))
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
                files = ", ".join(str(p) for p in outcome.written)
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
        self.restart_button.setEnabled(state.codex is not None)
        self.test_result.set_status("none", "")
        self.restart_result.set_status("none", "")
        self.test_button.setFocus()

    def backup_text(self, outcome: jobs.WriteOutcome) -> str:
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

    def _show_keychain(self, outcome: jobs.WriteOutcome, available: bool) -> None:
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
        self.keychain.set_status(level, text)  # type: ignore[arg-type]
        # The core's own words (English), e.g. which error the keychain gave.
        self.keychain.setToolTip(outcome.keychain_message)

    # -- work --------------------------------------------------------------------------------

    def test_codex(self) -> None:
        from app.core import wizard_jobs as jobs

        state = self.state
        outcome = self.host.preview_page.outcome
        codex, paths, env = state.codex, self.host.paths, self.host.environment
        self._refocus_test = self.test_button.hasFocus()
        self.test_button.setEnabled(False)
        if codex is not None:
            self.test_result.set_status("busy", self.tr("Asking Codex… (up to a minute)"))
            self.start_task(
                lambda ctx: jobs.codex_test_job(codex, paths, env), self._tested, self._test_failed
            )
            return
        base_url = outcome.base_url if outcome is not None else (state.selected_url or "")
        key, model = state.key, state.model
        self.test_result.set_status("busy", self.tr("Asking TokenPool…"))
        self.start_task(
            lambda ctx: jobs.direct_test_job(base_url, key, model), self._tested, self._test_failed
        )

    def _test_done(self) -> None:
        self.test_button.setEnabled(True)
        if self._refocus_test:  # disabling it moved the focus on (to Restart): bring it back
            self._refocus_test = False
            self.test_button.setFocus()

    def _tested(self, outcome: jobs.ChatTestOutcome) -> None:
        self._test_done()
        if outcome.ok:
            who = (
                self.tr("Codex answered:") if outcome.via_codex else self.tr("TokenPool answered:")
            )
            self.test_result.set_status("ok", f"{who} “{outcome.reply}”")
        else:
            self.test_result.set_status("error", self.test_failure_text(outcome))

    def test_failure_text(self, outcome: jobs.ChatTestOutcome) -> str:
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

    def long_network_text(self, outcome: jobs.ChatTestOutcome) -> str:
        first, detail = messages.localised(outcome.code, outcome.message)
        return f"{first}\n{detail}" if detail else first

    def _test_failed(self, failure: TaskFailure) -> None:
        self._test_done()
        self.test_result.set_status("error", messages.plain_text(failure.code, failure.text))

    def _fetch_quota(self, base_url: str, key: str) -> None:
        from app.core import wizard_jobs as jobs

        self.quota.set_status("busy", self.tr("Asking for the remaining quota…"))
        self.start_task(lambda ctx: jobs.quota_job(base_url, key), self._quota, self._no_quota)

    def _quota(self, result: object) -> None:
        from app.core import wizard_jobs as jobs

        status = getattr(result, "status", "")
        if status == "ok":
            quota = getattr(result, "quota", None)
            self.quota.set_status(
                "info",
                self.tr("Remaining quota: {text}").format(text=messages.quota_text(quota))
                if quota is not None
                else messages.coded_text(status, jobs.describe_quota(result)),  # type: ignore[arg-type]
            )
        elif status == "not_available":
            self.quota.setVisible(False)
        else:
            self.quota.set_status(
                "warning",
                messages.coded_text(
                    f"quota_{status}",
                    jobs.describe_quota(result),  # type: ignore[arg-type]
                    english_from_core=True,
                ),
            )

    def _no_quota(self, failure: TaskFailure) -> None:
        self.quota.setVisible(False)

    def restart_daemon(self) -> None:
        from app.core import wizard_jobs as jobs

        codex = self.state.codex
        if codex is None:
            return
        paths, env = self.host.paths, self.host.environment
        self._refocus_restart = self.restart_button.hasFocus()
        self.restart_button.setEnabled(False)
        self.restart_result.set_status("busy", self.tr("Restarting…"))
        self.start_task(
            lambda ctx: jobs.restart_job(codex, paths, env), self._restarted, self._restart_failed
        )

    def _restart_done(self) -> None:
        self.restart_button.setEnabled(True)
        if self._refocus_restart:
            self._refocus_restart = False
            self.restart_button.setFocus()

    def _restarted(self, result: object) -> None:
        self._restart_done()
        status = getattr(result, "status", "failed")
        texts = {
            "restarted": ("ok", self.tr("Codex's background server was restarted.")),
            "not_running": (
                "info",
                self.tr("Codex's background server is not running; nothing to restart."),
            ),
        }
        level, text = texts.get(
            status,
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
        self.test_progress.setVisible(busy and not self.test_button.isEnabled())

    def show_state(self, state: WizardState) -> None:
        pass

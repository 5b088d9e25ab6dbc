"""Preview: the exact new config.toml and auth.json as a coloured diff against today's files (key
masked), their paths and where the backups go. The commit page: "Write configuration"."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWizard

from app.core import wizard_flow as flow
from app.core.wizard_flow import ViewName, WizardState
from app.ui import messages
from app.ui.pages.base import FlowPage, busy_bar
from app.ui.tasks import TaskFailure
from app.ui.widgets import DiffView, StatusLine, selectable_label, without_mnemonic

if TYPE_CHECKING:
    from app.core import wizard_jobs as jobs
    from app.core.configure import PreparedConfiguration
    from app.ui.wizard import SetupWizard


class PreviewPage(FlowPage):
    view = ViewName.PREVIEW
    blocks_while_busy = True

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self._replanned = False  # the last plan replaced one that went stale before writing
        self.setTitle(self.tr("Check the changes"))
        self.setSubTitle(self.tr("This is exactly what will be written. Your key is shown masked."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Write configuration"))
        self.prepared: PreparedConfiguration | None = None
        self.outcome: jobs.WriteOutcome | None = None
        # False when the key could not go into the keychain because there is none (rather than
        # because the keychain refused it).
        self.keychain_available = False

        self.status = StatusLine("previewStatus", self.tr("Preview"))
        self.preview = DiffView("previewView", self.tr("Changes to the Codex files"))
        self.locations = selectable_label(
            object_name="previewLocations", accessible=self.tr("File locations")
        )
        self.progress = busy_bar("previewProgress", self.tr("Preparing"))
        self.start_over = QPushButton(self.tr("Back to the &start (repair)"))
        self.start_over.setObjectName("startOverButton")
        self.start_over.setAccessibleName(without_mnemonic(self.start_over.text()))
        self.start_over.setVisible(False)
        self.start_over.clicked.connect(lambda: self.host.go_back_to(ViewName.WELCOME))
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.start_over)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addLayout(status_row)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.locations)
        layout.addWidget(self.progress)

    def initializePage(self) -> None:
        self._replanned = False
        self._plan()

    def _plan(self) -> None:
        from app.core import wizard_jobs as jobs

        self.prepared = None
        self.start_over.setVisible(False)
        self.change_state(partial(flow.accept_plan, ready=False))
        self.preview.clear()
        self.status.set_status("busy", self.tr("Preparing the changes…"))
        paths = self.host.paths
        self.locations.setText(
            self.tr("Backups of today's files go to {folder}").format(folder=paths.backups_dir)
        )
        state = self.state
        row = state.selected_row
        if row is None:
            return
        probe, offline = flow.probe_for_configuration(state)
        key, model, codex, env = state.key, state.model, state.codex, self.host.environment
        self.start_task(
            lambda ctx: jobs.prepare_job(paths, key, row.url, model, probe, offline, codex, env),
            self._prepared,
            self._failed,
        )

    def _prepared(self, prepared: PreparedConfiguration) -> None:
        self.prepared = prepared
        plan = prepared.plan
        paths = self.host.paths
        changed = {c.name: c for c in plan.changes}
        sections = []
        for name, path in (("config.toml", paths.config_toml), ("auth.json", paths.auth_json)):
            change = changed.get(name)
            if change is None:
                sections.append((name, str(path), self.tr("Already right; left unchanged.")))
            else:
                sections.append((name, str(path), plan.file_diff(change)))
        self.preview.show_files(sections)
        notes = "".join(f"<li>{_escape(n)}</li>" for n in plan.notes)
        summary = self.tr("Codex will use {url} with the model {model}.").format(
            url=prepared.settings.base_url, model=prepared.settings.model
        )
        if not plan.changed:
            summary += " " + self.tr("Everything is already set up like this.")
        if self._replanned:
            summary = (
                self.tr(
                    "The files changed while you were looking (Codex edits them too), so nothing "
                    "was written. This is the new preview: check it and write again."
                )
                + " "
                + summary
            )
        self.status.set_status("info", summary + (f"<ul>{notes}</ul>" if notes else ""))
        self.change_state(partial(flow.accept_plan, ready=True))

    def _failed(self, failure: TaskFailure) -> None:
        self.status.set_status("error", messages.plain_text(failure.code, failure.text))
        if failure.code in ("config_toml_invalid", "config_toml_unreadable", "parse_error"):
            self.start_over.setVisible(True)
            self.start_over.setFocus()  # the way on, for the keyboard too

    def validatePage(self) -> bool:
        if self.state.written:
            return True
        if self.prepared is None or self.busy():
            return False
        prepared = self.prepared
        self.status.set_status("busy", self.tr("Writing…"))
        self.start_task(lambda ctx: _write(prepared), self._written, self._write_failed)
        return False

    def _written(self, result: tuple[jobs.WriteOutcome, bool]) -> None:
        self.outcome, self.keychain_available = result
        self.change_state(flow.accept_written)
        self.host.next()

    def _write_failed(self, failure: TaskFailure) -> None:
        self.status.set_status("error", messages.plain_text(failure.code, failure.text))
        if failure.code == "stale_plan":
            self._plan()  # the files changed under us: plan again from what is there
            self._replanned = True

    def show_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)

    def show_state(self, state: WizardState) -> None:
        pass


def _write(prepared: PreparedConfiguration) -> tuple[jobs.WriteOutcome, bool]:
    """On a worker: write the files and keep the key in the keychain (the keychain can block on
    D-Bus or a prompt); also whether a keychain exists at all, to say why the key is not there."""
    from app.core import wizard_jobs as jobs

    outcome = jobs.write_job(prepared)
    if outcome.keychain_saved:
        return outcome, True
    try:
        from app.core.secrets import keychain_status

        return outcome, keychain_status().available
    except ImportError:
        return outcome, False


def _escape(text: str) -> str:
    import html

    return html.escape(text)

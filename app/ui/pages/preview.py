"""Preview: first what changes in plain words (which gateway and model Codex will use, what of
the person's settings stays, where the key goes, whether there is anything to back up), then,
under "Show the exact changes", the new config.toml and auth.json as a coloured diff against
today's files (key masked) with the technical notes. The commit page: "Write configuration"."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget, QWizard

from app.core.wizard import flow
from app.core.wizard.flow import ViewName, WizardState
from app.ui import messages
from app.ui.diff_view import DiffView
from app.ui.pages.base import FlowPage, busy_bar
from app.ui.tasks import TaskFailure
from app.ui.widgets import DetailsToggle, StatusLine, selectable_label, without_mnemonic

if TYPE_CHECKING:
    from app.core.change_summary import ChangeSummary, KeptSettings
    from app.core.configure import PreparedConfiguration
    from app.core.wizard import tasks
    from app.ui.wizard import SetupWizard


class PreviewPage(FlowPage):
    view = ViewName.PREVIEW
    blocks_while_busy = True

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self._replanned = False  # the last plan replaced one that went stale before writing
        self.setTitle(self.tr("Check the changes"))
        self.setSubTitle(self.tr("Nothing is written until you press “Write configuration”."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Write configuration"))
        self.prepared: PreparedConfiguration | None = None
        self.outcome: tasks.WriteOutcome | None = None
        # False when the key could not go into the keychain because there is none (rather than
        # because the keychain refused it).
        self.keychain_available = False

        self.status = StatusLine("previewStatus", self.tr("Preview"))
        self.preview = DiffView("previewView", self.tr("Changes to the Codex files"))
        self.locations = selectable_label(
            object_name="previewLocations", accessible=self.tr("File locations")
        )
        self.technical_notes = selectable_label(
            object_name="previewNotes", accessible=self.tr("Technical notes")
        )
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(
            selectable_label(self.tr("Exactly what will be written (your key is shown masked):"))
        )
        details_layout.addWidget(self.preview, 1)
        details_layout.addWidget(self.technical_notes)
        self.details = details
        self.show_changes = DetailsToggle(
            self.tr("Show the exact &changes"),
            self.tr("Hide the exact &changes"),
            details,
            "showChangesButton",
        )
        toggle_row = QHBoxLayout()
        toggle_row.addWidget(self.show_changes)
        toggle_row.addStretch(1)
        self.progress = busy_bar("previewProgress", self.tr("Preparing"))
        self.start_over = QPushButton(self.tr("Back to the &start (repair)"))
        self.start_over.setObjectName("startOverButton")
        self.start_over.setAccessibleName(without_mnemonic(self.start_over.text()))
        self.start_over.setVisible(False)
        self.start_over.clicked.connect(lambda: self.host.go_back_to(ViewName.WELCOME))
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.start_over)

        layout = self.body_layout()
        layout.setSpacing(10)
        layout.addLayout(status_row)
        layout.addWidget(self.locations)
        layout.addLayout(toggle_row)
        # The diff takes the room when shown; otherwise the summary stays at the top.
        layout.addWidget(details, 100)
        layout.addStretch(1)
        layout.addWidget(self.progress)

    def initializePage(self) -> None:
        self._replanned = False
        self._plan()

    def _plan(self) -> None:
        from app.core.wizard import tasks

        self.prepared = None
        self.start_over.setVisible(False)
        self.change_state(partial(flow.accept_plan, ready=False))
        self.preview.clear()
        self.status.set_status("busy", self.tr("Preparing the changes…"))
        self.technical_notes.clear()
        paths = self.host.paths
        self.locations.clear()
        state = self.state
        row = state.selected_row
        if row is None:
            return
        probe, offline = flow.probe_for_configuration(state)
        key, model, codex, env = state.key, state.model, state.codex, self.host.environment
        self.start_task(
            lambda ctx: tasks.prepare_setup(paths, key, row.url, model, probe, offline, codex, env),
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
        from app.core.change_summary import summarise_configuration

        facts = summarise_configuration(prepared)
        summary = self.summary_text(facts)
        plain = [n for n in facts.notes if n.code in PLAIN_NOTES]
        technical = [n for n in facts.notes if n.code not in PLAIN_NOTES]
        notes = "".join(f"<li>{_escape(messages.message_text(n))}</li>" for n in plain)
        self.technical_notes.setText(
            "<ul style='margin:0; -qt-list-indent:1'>"
            + "".join(f"<li>{_escape(messages.message_text(n))}</li>" for n in technical)
            + "</ul>"
            if technical
            else ""
        )
        self.technical_notes.setVisible(bool(technical))
        self.locations.setText(self.backup_text(facts))
        if self._replanned:
            summary = (
                self.tr(
                    "The files changed while you were looking (Codex edits them too), so nothing "
                    "was written. This is the new preview: check it and write again."
                )
                + " "
                + summary
            )
        text = f"<div>{_escape(summary)}</div>" + (
            f"<ul style='margin:0; -qt-list-indent:1'>{notes}</ul>" if notes else ""
        )
        self.status.set_status("info", text)
        self.change_state(partial(flow.accept_plan, ready=True))

    def summary_text(self, facts: ChangeSummary) -> str:
        """The plain summary: gateway and model, what stays, where the key goes."""
        if not facts.changes_anything:
            return self.tr(
                "Codex already uses TokenPool at {host} with the model {model}. Nothing needs "
                "to change."
            ).format(host=facts.host, model=facts.model)
        parts = [
            self.tr("Codex will use TokenPool at {host} with the model {model}.").format(
                host=facts.host, model=facts.model
            )
        ]
        kept = self.kept_text(facts.kept)
        if kept:
            parts.append(
                self.tr("Your other settings — {kept} — stay as they are.").format(kept=kept)
            )
        if facts.writes_key:
            parts.append(self.tr("Your key goes into Codex's private key file."))
        else:
            parts.append(self.tr("Codex already has your key."))
        text = parts[0]
        for part in parts[1:]:
            # Sentences join with a space in English, without one in Chinese.
            text = self.tr("{first} {second}").format(first=text, second=part)
        return text

    def kept_text(self, kept: KeptSettings) -> str:
        counted = [
            (kept.tools, self.tr("1 tool"), self.tr("{n} tools")),
            (kept.projects, self.tr("1 project"), self.tr("{n} projects")),
            (kept.providers, self.tr("1 other provider"), self.tr("{n} other providers")),
            (kept.profiles, self.tr("1 profile"), self.tr("{n} profiles")),
            (kept.other, self.tr("1 other setting"), self.tr("{n} other settings")),
        ]
        words = [(one if n == 1 else many.format(n=n)) for n, one, many in counted if n]
        return self.tr(", ").join(words)

    def backup_text(self, facts: ChangeSummary) -> str:
        if not facts.changes_anything:
            return ""
        if facts.nothing_to_back_up:
            return self.tr("There are no Codex settings files yet, so there is nothing to back up.")
        return self.tr("Today's files are backed up first, in {folder}").format(
            folder=self.host.paths.backups_dir
        )

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

    def _written(self, result: tuple[tasks.WriteOutcome, bool]) -> None:
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


# Notes a person needs to read (the others are technical: under "Show the exact changes").
PLAIN_NOTES = frozenset(
    {"model_upgrade_kept", "model_replaced", "chatgpt_tokens_removed", "auth_json_replaced"}
)


def _write(prepared: PreparedConfiguration) -> tuple[tasks.WriteOutcome, bool]:
    """On a worker: write the files and keep the key in the keychain (the keychain can block on
    D-Bus or a prompt); also whether a keychain exists at all, to say why the key is not there."""
    from app.core.wizard import tasks

    outcome = tasks.write_setup(prepared)
    if outcome.keychain_saved:
        return outcome, True
    try:
        from app.core.secrets import keychain_status

        return outcome, keychain_status().available
    except ImportError:
        return outcome, False


def _escape(text: str) -> str:
    import html

    return html.escape(text, quote=False)

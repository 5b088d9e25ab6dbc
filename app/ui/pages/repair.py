"""Repair: the doctor's findings, the exact fix as a diff, applied with one backup. Afterwards
the setup goes on to the key page."""

from __future__ import annotations

import html
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget, QWizard

from app.core.wizard import flow
from app.core.wizard.flow import ViewName, WizardState
from app.ui import messages
from app.ui.diff_view import DiffView
from app.ui.pages.base import SPACING, FlowPage, busy_bar
from app.ui.tasks import TaskFailure
from app.ui.widgets import DetailsToggle, StatusLine, selectable_label

if TYPE_CHECKING:
    from app.core.wizard import tasks
    from app.ui.wizard import SetupWizard


class RepairPage(FlowPage):
    view = ViewName.REPAIR
    blocks_while_busy = True

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Repair the Codex settings"))
        self.setSubTitle(
            self.tr("These fixes are written with a backup of the old files. Then setup goes on.")
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Repair with backup"))
        self._preview: tasks.RepairPreview | None = None

        self.status = StatusLine("repairStatus", self.tr("Repair"))
        self.diff = DiffView("repairView", self.tr("Changes the repair makes"))
        self.backups = selectable_label(object_name="repairBackups", accessible=self.tr("Backups"))
        self.progress = busy_bar("repairProgress", self.tr("Working"))
        self.technical_notes = selectable_label(
            object_name="repairNotes", accessible=self.tr("Technical notes")
        )
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(self.technical_notes)
        details_layout.addWidget(self.diff, 1)
        self.show_changes = DetailsToggle(
            self.tr("Show the exact &changes"),
            self.tr("Hide the exact &changes"),
            details,
            "showRepairChangesButton",
        )
        toggle_row = QHBoxLayout()
        toggle_row.addWidget(self.show_changes)
        toggle_row.addStretch(1)
        layout = self.body_layout()
        layout.setSpacing(SPACING)
        layout.addWidget(self.status)
        layout.addWidget(self.backups)
        layout.addLayout(toggle_row)
        layout.addWidget(details, 100)
        layout.addStretch(1)
        layout.addWidget(self.progress)

    def initializePage(self) -> None:
        from app.core.wizard import tasks

        if self.state.repaired:
            return
        self.status.set_status("busy", self.tr("Working out the repair…"))
        self.backups.setText(
            self.tr("The old files are backed up first, in {folder}").format(
                folder=self.host.paths.backups_dir
            )
        )
        paths, env = self.host.paths, self.host.environment
        self.start_task(lambda ctx: tasks.plan_repair(paths, env), self._planned, self._failed)

    def _planned(self, preview: tasks.RepairPreview) -> None:
        self._preview = preview
        plan = preview.plan
        sections = [
            (change.name, str(change.path), plan.file_diff(change)) for change in plan.changes
        ]
        if preview.needs_permission_fix:
            sections.append(
                (
                    "auth.json",
                    str(self.host.paths.auth_json),
                    self.tr("Made private to you (only you can read it)."),
                )
            )
        if not sections:
            sections.append(("", "", self.tr("Nothing here can be repaired automatically.")))
        self.diff.show_files(sections)
        self.status.set_status("info", self._summary())
        notes = [messages.message_text(n) for n in _notes(plan.notes)]
        self.technical_notes.setText(
            "<ul style='margin:0; -qt-list-indent:1'>"
            + "".join(f"<li>{html.escape(n, quote=False)}</li>" for n in notes)
            + "</ul>"
            if notes
            else ""
        )
        self.technical_notes.setVisible(bool(notes))
        if not plan.changes:
            self.backups.clear()
        self.change_state(partial(flow.accept_repair_plan, ready=True))

    def _summary(self) -> str:
        """What the repair fixes, in plain words: each problem's one-sentence summary (by its
        code, in the user's language), then that everything else stays. The exact edits are
        under "Show the exact changes"."""
        files = self.state.files
        fixed = [f for f in (files.findings if files else ()) if f.fixable]
        items = [messages.summary(f.code) or f.message for f in fixed]
        text = "<div>" + html.escape(self.tr("Repair fixes these problems:"), quote=False)
        text += "</div><ul style='margin:0; -qt-list-indent:1'>"
        text += "".join(f"<li>{html.escape(item, quote=False)}</li>" for item in items)
        text += "</ul><div>" + html.escape(
            self.tr("Everything else in your settings stays as it is."), quote=False
        )
        return text + "</div>"

    def _failed(self, failure: TaskFailure) -> None:
        self.status.set_status("error", messages.plain_text(failure.code, failure.text))

    def validatePage(self) -> bool:
        from app.core.wizard import tasks

        if self.state.repaired:
            return True
        if self._preview is None or self.busy():
            return False
        preview, env = self._preview, self.host.environment
        self.status.set_status("busy", self.tr("Repairing…"))
        self.start_task(
            lambda ctx: tasks.apply_wizard_repair(preview, env), self._repaired, self._failed
        )
        return False

    def _repaired(self, outcome: tasks.RepairOutcome) -> None:
        self.status.set_status("ok", self.tr("Repaired."))
        if outcome.backup is not None:
            self.backups.setText(
                self.tr("The old files are saved in {folder}").format(folder=outcome.backup)
            )
        self.change_state(partial(flow.accept_repaired, files=outcome.files))
        self.host.next()

    def show_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)

    def show_state(self, state: WizardState) -> None:
        pass


def _notes(notes: object) -> list[object]:
    from app.core.usertext import classify_note

    return [classify_note(n) for n in (notes or ())]  # type: ignore[attr-defined]

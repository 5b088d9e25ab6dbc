"""Repair from start to end, the one way the CLI, the wizard and the tray all do it:

1. ``propose_repair``: from the doctor's report (and the files it read), the plan and whether
   auth.json or its backups must be made private; shown to the person before anything is written;
2. ``run_repair``: apply the plan (one backup), make the files private, run the doctor again.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.doctor import DoctorReport, exposed_backups, read_state, run_doctor
from app.core.doctor.state import CodexFilesState
from app.core.findings import PERMISSION_CODES, repair_model, way_forward
from app.core.plan import Plan, apply_plan
from app.core.repair.fixes import OnlineFixes
from app.core.repair.plan import plan_repair
from app.core.usertext import Message


@dataclass(frozen=True)
class RepairProposal:
    """What repair would do: the plan (possibly empty) and the permission fix."""

    before: DoctorReport
    plan: Plan
    needs_permission_fix: bool

    @property
    def changes_anything(self) -> bool:
        return self.plan.changed or self.needs_permission_fix

    @property
    def way_forward(self) -> Message | None:
        """What the person must do that repair cannot (paste the key again), if anything."""
        return way_forward(self.before.findings)


@dataclass(frozen=True)
class RepairResult:
    """What :func:`run_repair` did: the backup and the files written, the notes, and the doctor's
    report afterwards."""

    backup: Path | None
    written: tuple[Path, ...]
    notes: tuple[str | Message, ...]
    after: DoctorReport
    permissions_fixed: bool = False
    backup_id: str | None = field(default=None)

    @property
    def way_forward(self) -> Message | None:
        return way_forward(self.after.findings)


def propose_repair(
    before: DoctorReport,
    *,
    api_key: str | None = None,
    previous_model: str | None = None,
    state: CodexFilesState | None = None,
    env: Mapping[str, str] | None = None,
) -> RepairProposal:
    """The plan for every fixable finding of ``before`` (an online report also fixes the model
    and the form of the address). ``state``: the files read again (the tray, when the person
    took a while to press Repair); else the files as the doctor read them."""
    files = state or before.state
    if files is None:
        raise ValueError("the report carries no files: run_doctor reads them")
    online = None
    if before.online:
        model = None
        if "model_not_offered" in before.codes():
            model = repair_model(before.offered_models, previous_model)
        online = OnlineFixes(model=model, base_url=before.working_base_url)
    plan = plan_repair(
        files,
        api_key=api_key,
        online=online,
        env=env,
        codex_load_error=before.codex_load_error,
    )
    return RepairProposal(before, plan, bool(PERMISSION_CODES & set(before.codes())))


def run_repair(
    proposal: RepairProposal,
    *,
    env: Mapping[str, str] | None = None,
    doctor_after: Mapping[str, Any] | None = None,
) -> RepairResult:
    """Apply the plan (one backup, atomic writes), make auth.json and its backups private, and
    run the doctor again (``doctor_after``: its options, e.g. ``online=True``; by default the
    files only)."""
    plan = proposal.plan
    paths = plan.paths
    applied = apply_plan(plan)
    permissions_fixed = fix_auth_permissions(read_state(paths, env))
    options: dict[str, Any] = {"find_codex": False, "run_codex_doctor": False}
    options.update(doctor_after or {})
    after = run_doctor(paths, env=env, **options)
    backup = applied.backup
    return RepairResult(
        backup.path if backup else None,
        applied.written,
        plan.notes,
        after,
        permissions_fixed,
        backup.id if backup else None,
    )


def fix_auth_permissions(state: CodexFilesState) -> bool:
    """Make auth.json and every backed-up copy of it private (mode 600). True if any changed."""
    if sys.platform == "win32":
        return False
    changed = False
    for copy in exposed_backups(state.paths):
        copy.chmod(0o600)
        changed = True
    if not state.paths.auth_json.is_file():
        return changed
    mode = state.paths.auth_json.stat().st_mode & 0o777
    if not mode & 0o077:
        return changed
    state.paths.auth_json.chmod(0o600)
    return True

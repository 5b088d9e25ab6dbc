"""Repair: turn the doctor's fixable findings into one plan (one backup, atomic writes).

Nothing the user wrote is dropped: a broken line or a repeated table is kept as a comment, a key
found in config.toml moves to auth.json, and every old file is in the backup.

- ``fixes``: the named fixes of config.toml's document, one per doctor rule they answer;
- ``plan``: ``plan_repair`` (salvage, the fixes, auth.json) and ``salvage_config_text``;
- ``run``: ``propose_repair`` and ``run_repair``, which the CLI, the wizard and the tray all call.
"""

from __future__ import annotations

from app.core.repair.fixes import DISABLE_RESPONSE_STORAGE_WHY, OnlineFixes
from app.core.repair.plan import DUPLICATE_NOTE, SALVAGE_NOTE, plan_repair, salvage_config_text
from app.core.repair.run import (
    RepairProposal,
    RepairResult,
    fix_auth_permissions,
    propose_repair,
    run_repair,
)


def note_code(note: object) -> str:
    """The stable code of a plan note ("" for a note without one)."""
    return str(getattr(note, "code", "") or "")


__all__ = [
    "DISABLE_RESPONSE_STORAGE_WHY",
    "DUPLICATE_NOTE",
    "SALVAGE_NOTE",
    "OnlineFixes",
    "RepairProposal",
    "RepairResult",
    "fix_auth_permissions",
    "note_code",
    "plan_repair",
    "propose_repair",
    "run_repair",
    "salvage_config_text",
]

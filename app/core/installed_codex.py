"""The ``codex`` command found on this computer, in its own light module: the doctor, the wizard's
flow (imported before the window shows) and :mod:`app.core.codex_cli` all use it, and the flow must
not import codex_cli to get it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class InstalledCodex:
    """A ``codex`` command on this computer: where it is and the version it reports."""

    path: Path
    version: str | None

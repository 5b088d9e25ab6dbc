"""Timestamped backups of the Codex files we change, kept in ``<codex home>/backups/``.

Each backup is a folder ``<YYYYMMDD-HHMMSS-ffffff>`` holding the old bytes of every file changed in
one run plus ``manifest.json`` (which files existed, why the backup was made). A file that did not
exist is recorded as such, so restoring that backup removes it again.

The first backup ever made in a Codex home holds the files as they were before this app first
wrote (the ChatGPT sign-in, the person's own model): it is marked ``first`` and kept for good,
since ``restore`` promises to bring that back. Pruning never removes the oldest backup.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.core.errors import FileProblem, SetupError
from app.core.fileio import FileSnapshot, atomic_write, ensure_private_dir
from app.core.paths import AppPaths

KEEP_BACKUPS = 20
MANIFEST = "manifest.json"
_ID_RE = re.compile(r"^\d{8}-\d{6}-\d{6}(-\d+)?$")
BACKED_UP_FILES = ("config.toml", "auth.json")


@dataclass(frozen=True)
class BackupEntry:
    """One file of a backup's manifest: whether it existed before, and a hash of the bytes kept."""

    name: str
    existed: bool
    sha256: str


@dataclass(frozen=True)
class Backup:
    """One backup folder, as its manifest describes it: when and why it was made, and its files."""

    id: str
    path: Path
    created: datetime
    reason: str
    files: tuple[BackupEntry, ...]
    first: bool = False  # the files before this app first changed them; never pruned

    def file_path(self, name: str) -> Path:
        return self.path / name


def create_backup(
    paths: AppPaths, snapshots: Sequence[FileSnapshot], reason: str, now: datetime | None = None
) -> Backup:
    """Copy the given snapshots' bytes (as read, not as they are now) into a new backup folder."""
    for snap in snapshots:
        if snap.state in ("unreadable", "not_a_file"):
            raise FileProblem(
                f"{snap.path} cannot be backed up: {snap.error}",
                hint="Nothing was changed.",
            )
    now = now or datetime.now(UTC)
    root = paths.backups_dir
    first = not list_backups(paths)
    ensure_private_dir(root)
    base_id = now.astimezone(UTC).strftime("%Y%m%d-%H%M%S-%f")
    backup_id, n = base_id, 1
    while (root / backup_id).exists():
        n += 1
        backup_id = f"{base_id}-{n}"
    folder = root / backup_id
    try:
        folder.mkdir(mode=0o700)
    except OSError as exc:
        raise FileProblem(
            f"The backup folder {folder} cannot be created: {exc.strerror}.",
            hint="Nothing was changed. Check that the Codex folder is writable.",
        ) from exc
    entries = []
    for snap in snapshots:
        name = snap.path.name
        if snap.state == "missing":
            entries.append(BackupEntry(name, existed=False, sha256=""))
            continue
        # Backups may hold the key: readable by the user only, like auth.json itself.
        atomic_write(folder / name, snap.raw, mode=0o600)
        entries.append(BackupEntry(name, existed=True, sha256=hashlib.sha256(snap.raw).hexdigest()))
    manifest = {
        "id": backup_id,
        "created": now.astimezone(UTC).isoformat(),
        "reason": reason,
        "first": first,
        "files": [{"name": e.name, "existed": e.existed, "sha256": e.sha256} for e in entries],
    }
    atomic_write(folder / MANIFEST, (json.dumps(manifest, indent=2) + "\n").encode(), mode=0o600)
    return Backup(backup_id, folder, now, reason, tuple(entries), first)


def _load_backup(folder: Path) -> Backup | None:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files = tuple(
            BackupEntry(str(f["name"]), bool(f["existed"]), str(f.get("sha256", "")))
            for f in data["files"]
            if str(f["name"]) in BACKED_UP_FILES
        )
        created = datetime.fromisoformat(str(data["created"]))
        first = data.get("first") is True
        return Backup(folder.name, folder, created, str(data.get("reason", "")), files, first)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def list_backups(paths: AppPaths) -> tuple[Backup, ...]:
    """Our backups, newest first. Folders that are not ours (no valid manifest) are ignored."""
    root = paths.backups_dir
    if not root.is_dir():
        return ()
    found = []
    for folder in root.iterdir():
        if folder.is_dir() and _ID_RE.match(folder.name):
            backup = _load_backup(folder)
            if backup is not None:
                found.append(backup)
    return tuple(sorted(found, key=lambda b: b.id, reverse=True))


def find_backup(paths: AppPaths, backup_id: str) -> Backup:
    backups = list_backups(paths)
    for backup in backups:
        if backup.id == backup_id:
            return backup
    if backup_id == "latest" and backups:
        return backups[0]
    raise SetupError(
        f"There is no backup called '{backup_id}'.",
        code="backup_not_found",
        hint="Run 'tokenpool-setup restore --list' to see the backups there are.",
    )


def prune_backups(paths: AppPaths, keep: int = KEEP_BACKUPS) -> tuple[str, ...]:
    """Remove all but the newest ``keep`` backups, the first one and the oldest one (the state
    before this app ever wrote, or the oldest there is); returns the ids removed."""
    removed = []
    backups = list_backups(paths)
    for backup in backups[keep:-1]:
        if backup.first:
            continue
        with contextlib.suppress(OSError):
            shutil.rmtree(backup.path)
            removed.append(backup.id)
    return tuple(removed)

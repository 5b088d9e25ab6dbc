"""Plan, then write: every change to the Codex files goes through a ``Plan``.

A plan holds the new bytes of each file and what the file held when the plan was made. Nothing
touches disk until ``apply_plan``, which refuses if a file changed since (Codex edits config.toml
itself), makes one timestamped backup of every file it is about to change, and writes atomically.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import shlex
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from app.core import auth_file, codex_config
from app.core.backups import KEEP_BACKUPS, Backup, create_backup, find_backup, prune_backups
from app.core.errors import FileProblem, KeyProblem, SetupError, StalePlanError
from app.core.fileio import (
    FileSnapshot,
    atomic_write,
    ensure_private_dir,
    file_lock,
    read_snapshot,
    remove_if_unchanged,
)
from app.core.paths import AppPaths
from app.core.usertext import Note

# Anything shaped like an API key is masked in a diff, whether or not we know it is one.
_SECRET_RE = re.compile(r"\b(sk-[A-Za-z0-9_\-]{8,}|[A-Za-z0-9_\-]{32,})\b")


@dataclass(frozen=True)
class FileChange:
    """One Codex file a plan changes: what it held when the plan was made, and the bytes that
    replace it (or its removal)."""

    name: str
    before: FileSnapshot
    new_bytes: bytes | None = field(repr=False)  # None: remove the file (restoring its absence)
    mode: int | None = None
    secret: bool = False

    @property
    def path(self) -> Path:
        return self.before.path


@dataclass(frozen=True)
class Plan:
    """Every change one action makes to the Codex files, with the notes to show and the values to
    mask in its diff; nothing is written before :func:`apply_plan`."""

    paths: AppPaths
    changes: tuple[FileChange, ...]
    notes: tuple[Note, ...] = ()  # English strings, or coded messages (repair's)
    provider_id: str = ""
    reason: str = "configure"
    secrets: tuple[str, ...] = field(default=(), repr=False)

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def diff(self) -> str:
        """A unified diff of every file, with keys masked."""
        return "".join(self.file_diff(change) for change in self.changes)

    def file_diff(self, change: FileChange) -> str:
        old = _decode(change.before.raw) if change.before.exists else ""
        new = _decode(change.new_bytes) if change.new_bytes is not None else ""
        secrets = list(self.secrets)
        if change.secret:
            # auth.json: every value in it is a credential (the key, ChatGPT sign-in tokens).
            secrets += _json_string_values(old) + _json_string_values(new)
        else:
            secrets += _config_secret_values(old) + _config_secret_values(new)
        old_lines = _lines(_visible(mask_secrets(old, secrets)))
        new_lines = _lines(_visible(mask_secrets(new, secrets)))
        label = str(change.path)
        out = difflib.unified_diff(
            old_lines,
            new_lines,
            fromfile=label if change.before.exists else "/dev/null",
            tofile=label if change.new_bytes is not None else "/dev/null",
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in out)


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _visible(text: str) -> str:
    """Invisible control characters (a vertical tab that stops Codex) shown as <U+000B>."""
    return _CONTROL_RE.sub(lambda m: f"<U+{ord(m.group(0)):04X}>", text)


def _lines(text: str) -> list[str]:
    """Lines as Codex counts them: split at line feeds only (str.splitlines also splits at a
    vertical tab or form feed, which would show a line that is not there)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


@dataclass(frozen=True)
class ApplyResult:
    """What :func:`apply_plan` did: the backup made first (None when nothing changed), and the
    files written or removed."""

    backup: Backup | None
    written: tuple[Path, ...]
    removed: tuple[Path, ...] = ()


# Values in auth.json that are not secrets, so the diff may show them as they are.
_PLAIN_AUTH_VALUES = frozenset({"apikey", "chatgpt", "api_key"})


def _json_string_values(text: str) -> list[str]:
    """Every string value of at least 6 characters in a JSON text (nothing if it does not parse)."""
    try:
        data = json.loads(text) if text.strip() else None
    except ValueError:
        return []
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str) and len(value) >= 6 and value not in _PLAIN_AUTH_VALUES:
            found.append(value)

    walk(data)
    return found


# config.toml fields whose values are credentials whatever they look like.
_CONFIG_SECRET_FIELDS = frozenset({"experimental_bearer_token", "api_key", "OPENAI_API_KEY"})
_CONFIG_SECRET_TABLES = frozenset({"http_headers", "env_http_headers", "query_params"})


def _config_secret_values(text: str) -> list[str]:
    """Credentials in a config.toml text: named secret fields, and header or query values (an
    Authorization header, an api-key parameter) of any table."""
    from app.core import toml_dialect

    try:
        data = toml_dialect.loads(text) if text.strip() else {}
    except toml_dialect.TomlDialectError:
        return []
    found: list[str] = []

    def walk(value: object, name: str, in_secret_table: bool) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, str(key), in_secret_table or key in _CONFIG_SECRET_TABLES)
        elif (
            isinstance(value, str)
            and len(value) >= 8
            and (name in _CONFIG_SECRET_FIELDS or (in_secret_table and name != "env_key"))
        ):
            found.append(value)
            if value.lower().startswith("bearer "):
                found.append(value[len("bearer ") :])

    walk(data, "", False)
    return found


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace").lstrip("\ufeff").replace("\r\n", "\n")


def mask(key: str) -> str:
    from app.core.keys import mask_key

    return mask_key(key)


def mask_secrets(text: str, secrets: Iterable[str] = ()) -> str:
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, mask(secret))
    return _SECRET_RE.sub(_mask_if_secret, text)


def _mask_if_secret(match: re.Match[str]) -> str:
    token = match.group(0)
    if token.startswith("sk-"):
        return mask(token)
    # A long run that mixes letters and digits reads as a secret; a long plain word does not.
    if any(c.isdigit() for c in token) and any(c.isalpha() for c in token) and "-" not in token:
        return mask(token)
    return token


def plan_configure(
    paths: AppPaths,
    api_key: str,
    settings: codex_config.CodexSettings,
    *,
    notes: Iterable[str] = (),
) -> Plan:
    """Plan writing our settings and the key. Raises ConfigParseError if config.toml is broken."""
    if not api_key or any(c.isspace() for c in api_key):
        raise KeyProblem("The API key is empty or contains spaces.", code="key_invalid")
    config_snap = read_snapshot(paths.config_toml)
    auth_snap = read_snapshot(paths.auth_json)
    require_backupable(auth_snap)
    new_config, provider_id = codex_config.plan_config_text(config_snap, settings)
    changes: list[FileChange] = []
    if not config_snap.exists or new_config != config_snap.raw:
        require_replaceable(config_snap)
        changes.append(FileChange("config.toml", config_snap, new_config))
    all_notes = list(notes)
    removed = _removed_auth_overrides(config_snap, provider_id)
    if removed:
        all_notes.append(
            f"Removed {' and '.join(removed)} from [model_providers.{provider_id}]: Codex would "
            "send that instead of the key in auth.json (the old file is in the backup)."
        )
    auth_state = auth_file.read_auth_state(auth_snap)
    if not auth_file.auth_already_written(auth_state, api_key):
        changes.append(
            FileChange(
                "auth.json",
                auth_snap,
                auth_file.render_auth_json(api_key),
                mode=auth_file.AUTH_FILE_MODE,
                secret=True,
            )
        )
        if auth_state.has_chatgpt_tokens:
            all_notes.append(
                "Your ChatGPT sign-in tokens are removed from auth.json: beside an API key they "
                "make Codex send no key at all. They are kept in the backup; "
                "'tokenpool-setup restore' brings them back."
            )
        elif auth_state.state in ("invalid", "bom"):
            all_notes.append(
                "auth.json could not be read by Codex; it is replaced (the old file is kept in the "
                "backup)."
            )
    secrets = tuple(s for s in (api_key, auth_state.api_key) if s)
    return Plan(paths, tuple(changes), tuple(all_notes), provider_id, "configure", secrets)


def _removed_auth_overrides(snapshot: FileSnapshot, provider_id: str) -> list[str]:
    from app.core import toml_dialect

    if snapshot.state != "ok":
        return []
    try:
        data = toml_dialect.loads(codex_config.text_for_parsing(snapshot))
    except toml_dialect.TomlDialectError:
        return []
    table = data.get("model_providers", {}).get(provider_id, {})
    return [name for name in codex_config.OVERRIDING_AUTH_FIELDS if name in table]


def require_backupable(snapshot: FileSnapshot) -> None:
    """A file we cannot read cannot be backed up, so it must not be replaced: refuse now, while
    nothing is written (e.g. an auth.json left owned by root by `sudo codex login`)."""
    if snapshot.state in ("unreadable", "not_a_file"):
        raise FileProblem(
            snapshot.error or f"{snapshot.path} cannot be read.",
            code=f"{snapshot.path.name.replace('.', '_')}_unreadable",
            hint="Nothing was changed. Fix its owner or permissions (or move what is in its "
            "place), then try again.",
        )


def require_replaceable(snapshot: FileSnapshot) -> None:
    """A config.toml the person made read-only (0444, Windows' Read-only box, macOS "Locked") is
    their choice: leave it as it is and say so, as for their shell profile. An atomic rename would
    otherwise replace it regardless of its mode. (auth.json is Codex's file, which Codex itself
    rewrites at every sign-in; repair makes its mode private.)"""
    import stat

    try:
        info = os.stat(snapshot.path)
    except OSError:
        return  # missing or unreadable: said elsewhere
    # By the mode bits, not os.access: root (and some ACLs) may write a file made read-only.
    read_only = not info.st_mode & stat.S_IWUSR
    locked = bool(getattr(info, "st_flags", 0) & stat.UF_IMMUTABLE)
    if read_only or locked:
        name = snapshot.path.name
        how = (
            "untick Read-only in its Properties"
            if sys.platform == "win32"
            else f"chmod u+w {shlex.quote(str(snapshot.path))}"
        )
        raise FileProblem(
            f"{snapshot.path} is read-only, so it was left as it is.",
            code=f"{name.replace('.', '_')}_read_only",
            hint="Nothing was changed. If TokenPool Setup may change it, make it writable "
            f"({how}), then try again.",
        )


def plan_file_replacements(
    paths: AppPaths,
    new_contents: dict[str, bytes | None],
    *,
    reason: str,
    notes: Iterable[Note] = (),
    snapshots: dict[str, FileSnapshot] | None = None,
) -> Plan:
    """A plan that sets files to given bytes (None removes); unchanged files are left out."""
    changes = []
    secrets: list[str] = []
    for name, data in new_contents.items():
        snap = (snapshots or {}).get(name) or read_snapshot(paths.codex_home / name)
        if data is None and not snap.exists:
            continue
        if data is not None and snap.exists and snap.raw == data:
            continue
        require_backupable(snap)
        is_auth = name == "auth.json"
        if data is not None and not is_auth:
            require_replaceable(snap)
        changes.append(
            FileChange(
                name, snap, data, mode=auth_file.AUTH_FILE_MODE if is_auth else None, secret=is_auth
            )
        )
        if is_auth:
            for blob in (snap.raw, data or b""):
                key = auth_file.read_auth_state(
                    FileSnapshot(snap.path, "ok", raw=blob, text=_decode(blob))
                ).api_key
                if key:
                    secrets.append(key)
    return Plan(paths, tuple(changes), tuple(notes), "", reason, tuple(secrets))


def plan_restore(paths: AppPaths, backup_id: str) -> Plan:
    backup = find_backup(paths, backup_id)
    contents: dict[str, bytes | None] = {}
    for entry in backup.files:
        if not entry.existed:
            contents[entry.name] = None
            continue
        try:
            data = backup.file_path(entry.name).read_bytes()
        except OSError as exc:
            raise SetupError(
                f"Backup {backup.id} is damaged: its copy of {entry.name} is missing.",
                code="backup_damaged",
                hint="Nothing was changed. Pick another backup: tokenpool-setup restore --list",
            ) from exc
        if entry.sha256 and hashlib.sha256(data).hexdigest() != entry.sha256:
            raise SetupError(
                f"Backup {backup.id} is damaged: its copy of {entry.name} was changed.",
                code="backup_damaged",
                hint="Nothing was changed. Pick another backup: tokenpool-setup restore --list",
            )
        contents[entry.name] = data
    return plan_file_replacements(
        paths,
        contents,
        reason=f"before restoring backup {backup.id}",
        notes=(f"Restores the files as they were before: {backup.reason or 'a change'}.",),
    )


def _discard(backup: Backup) -> None:
    import shutil

    shutil.rmtree(backup.path, ignore_errors=True)


def _as_written(change: FileChange) -> FileSnapshot:
    """What the file holds after ``change`` was written (for putting it back safely)."""
    if change.new_bytes is None:
        return FileSnapshot(change.path, "missing")
    return FileSnapshot(change.path, "ok", raw=change.new_bytes)


def _roll_back(done: list[FileChange]) -> list[str]:
    """Put back what this run wrote; returns the names that could not be put back."""
    failed: list[str] = []
    for change in reversed(done):
        try:
            if change.before.exists:
                atomic_write(
                    change.path, change.before.raw, mode=change.mode, expect=_as_written(change)
                )
            else:
                remove_if_unchanged(change.path, _as_written(change))
        except SetupError:
            failed.append(change.name)
    return failed


def _write_change(change: FileChange, before_rename: Callable[[Path], None] | None) -> None:
    if change.new_bytes is None:
        remove_if_unchanged(change.path, change.before)
    else:
        atomic_write(
            change.path,
            change.new_bytes,
            mode=change.mode,
            before_rename=before_rename,
            expect=change.before,
        )


def apply_plan(
    plan: Plan,
    *,
    keep_backups: int = KEEP_BACKUPS,
    before_rename: Callable[[Path], None] | None = None,
) -> ApplyResult:
    """Write a plan: refuse if a file changed since planning; back up; write atomically.

    Every file is compared with the plan twice: before the backup, and again at the moment it is
    replaced (other programs take no lock on config.toml), so the backup holds exactly the bytes
    that were replaced and an edit made meanwhile is never overwritten.
    """
    if not plan.changed:
        return ApplyResult(None, ())
    paths = plan.paths
    ensure_private_dir(paths.codex_home)
    # `codex login` takes flock on both auth.lock and auth.json.lock while it writes auth.json
    # (seen with 0.169.0); hold both for the whole write so it cannot interleave with us.
    with (
        file_lock(paths.codex_home / "auth.lock"),
        file_lock(paths.codex_home / "auth.json.lock"),
    ):
        for change in plan.changes:
            now = read_snapshot(change.path)
            if now.digest != change.before.digest:
                raise StalePlanError(
                    f"{change.name} was changed by another program after it was read "
                    "(Codex edits it too).",
                    hint="Nothing was written. Look at the changes again and retry.",
                )
            if change.new_bytes is not None and not change.secret:
                require_replaceable(change.before)
        backup = create_backup(paths, [c.before for c in plan.changes], plan.reason)
        written: list[Path] = []
        removed: list[Path] = []
        done: list[FileChange] = []
        try:
            for change in plan.changes:
                try:
                    _write_change(change, before_rename)
                except OSError as exc:  # e.g. a file another program holds open (Windows)
                    raise FileProblem(
                        f"{change.path} could not be changed: {exc.strerror or exc}.",
                        hint="Close programs that may use it (Codex, an editor), then try again.",
                    ) from exc
                (removed if change.new_bytes is None else written).append(change.path)
                done.append(change)
        except SetupError as exc:
            if not done:
                _discard(backup)  # nothing was changed: a backup of no change would only mislead
                raise  # the first file: nothing was changed, as its own words say
            # Both files or neither: put back what this run already changed.
            not_put_back = _roll_back(done)
            if not_put_back:
                hint = (
                    f"Changed and NOT put back: {', '.join(not_put_back)}; not changed: "
                    f"{', '.join(c.name for c in plan.changes if c not in done)}. The files as "
                    f"they were before are in backup {backup.id}: "
                    f"tokenpool-setup restore {backup.id}"
                )
            else:
                _discard(backup)
                hint = "Nothing was changed (what had been written is put back). " + exc.hint
            raise type(exc)(exc.message, code=exc.code, hint=hint) from exc
    prune_backups(paths, keep_backups)
    return ApplyResult(backup, tuple(written), tuple(removed))

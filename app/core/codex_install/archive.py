"""Unpacking a Codex tarball without letting it write anywhere but its own folder.

Every entry is checked before anything is written: no absolute path, no ``..``, no backslash (a
separator on Windows), nothing outside ``package/``, no device or pipe, no link that leads out.
Link targets may not contain ``..`` at all: with only downward links, no chain of links can
leave the folder either. Extraction then also uses tarfile's ``data`` filter (Python ≥ 3.11.4)
as a second line of defence.
"""

from __future__ import annotations

import re
import tarfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from app.core.codex_install.model import CodexInstallProblem, InstallProgress
from app.core.codex_install.platforms import Target

ROOT = "package"
_DRIVE_RE = re.compile(r"^[A-Za-z]:")
# Far above a real package (0.169.0 linux-x64: 45 entries, 423 MB unpacked), far below harm: a
# tarball that claims more is refused before anything is written (a "tar bomb").
MAX_MEMBERS = 20_000
MAX_UNPACKED_BYTES = 4 * 1024**3
# Names Windows cannot hold as files (they open devices or alternate data streams, or are
# silently changed: a trailing dot or space is dropped). Refused on every OS: the same package
# layout is used everywhere, and a real one never has them.
_WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$"}
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)
_WINDOWS_BAD_CHARS = re.compile(r'[<>:"|?*\x00-\x1f]')


@dataclass(frozen=True)
class ArchivePlan:
    """What will be unpacked from a Codex tarball, every entry checked first, and how much room
    it takes."""

    prefix: str  # "package/vendor/<triple>"
    members: tuple[str, ...]  # names to extract (all under prefix)
    unpacked_size: int


def _unsafe(name: str, reason: str) -> CodexInstallProblem:
    return CodexInstallProblem(
        f"The downloaded Codex package contains an unsafe entry ({name!r}: {reason}), so "
        "nothing was unpacked.",
        code="install_unsafe_archive",
        hint="This is not a genuine Codex package. Check the registry address, then try again.",
        params={"entry": name, "reason": reason},
    )


def _check_name(name: str) -> PurePosixPath:
    if not name or name.startswith(("/", "\\")) or _DRIVE_RE.match(name):
        raise _unsafe(name, "absolute path")
    if "\\" in name or "\x00" in name:
        raise _unsafe(name, "backslash in the name")
    path = PurePosixPath(name)
    if ".." in path.parts:
        raise _unsafe(name, "path leaves the folder")
    if not path.parts or path.parts[0] != ROOT:
        raise _unsafe(name, "outside package/")
    for part in path.parts:
        stem = part.split(".", 1)[0].rstrip(" ").lower()
        if stem in _WINDOWS_DEVICES or _WINDOWS_BAD_CHARS.search(part) or part[-1] in ". ":
            raise _unsafe(name, "a name Windows cannot hold")
    return path


def _safe_mode(member: tarfile.TarInfo) -> None:
    """Executables keep +x; nothing setuid/setgid/sticky, nothing writable by others.

    Our own guard, also where tarfile's ``data`` filter is missing (Python < 3.11.4)."""
    if member.isdir():
        member.mode = 0o755
    elif member.isfile():
        member.mode = 0o755 if member.mode & 0o111 else 0o644


def _check_link(member: tarfile.TarInfo) -> None:
    target = member.linkname
    if not target or target.startswith(("/", "\\")) or _DRIVE_RE.match(target) or "\\" in target:
        raise _unsafe(member.name, "link to an absolute path")
    if ".." in PurePosixPath(target).parts:
        raise _unsafe(member.name, "link points out of the folder")
    if member.islnk():
        _check_name(target)  # hard links name another entry of the archive


def plan_extraction(tarball: Path, target: Target) -> ArchivePlan:
    """Check every entry and find ``package/vendor/<triple>/bin/codex``; nothing is written."""
    prefix = f"{ROOT}/vendor/{target.triple}"
    members: list[str] = []
    size = 0
    count = 0
    entrypoint = False
    try:
        with tarfile.open(tarball, "r:gz") as archive:
            for member in archive:
                count += 1
                if count > MAX_MEMBERS:
                    raise _unsafe(member.name, "too many entries")
                name = member.name.rstrip("/")
                path = _check_name(name)
                if member.issym() or member.islnk():
                    _check_link(member)
                elif not (member.isfile() or member.isdir()):
                    raise _unsafe(name, "not a file or folder")
                if path.as_posix() == prefix and not member.isdir():
                    # The folder that becomes our version folder must be one, not a link
                    # (which would be moved instead of what it points to).
                    raise _unsafe(name, "not a file or folder")
                if path.as_posix() == prefix or path.as_posix().startswith(prefix + "/"):
                    members.append(member.name)
                    size += max(0, member.size)
                    if size > MAX_UNPACKED_BYTES:
                        raise _unsafe(name, "too large when unpacked")
                    if path.as_posix() == f"{prefix}/bin/{target.executable}" and member.isfile():
                        entrypoint = True
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise CodexInstallProblem(
            "The downloaded Codex package cannot be read.",
            code="install_bad_archive",
            hint="Try again; if it keeps happening, try another network.",
        ) from exc
    if not entrypoint:
        raise CodexInstallProblem(
            f"The package holds no Codex program for this computer ({target.triple}).",
            code="install_bad_archive",
            hint="Choose another version.",
            params={"triple": target.triple},
        )
    return ArchivePlan(prefix, tuple(members), size)


def extract(
    tarball: Path,
    plan: ArchivePlan,
    destination: Path,
    *,
    cancel: threading.Event | None = None,
    on_progress: Callable[[InstallProgress], None] | None = None,
) -> Path:
    """Extract the planned entries below ``destination``; returns ``destination/<prefix>``."""
    wanted = set(plan.members)
    done = 0
    use_filter = hasattr(tarfile, "data_filter")
    destination.mkdir(parents=True, exist_ok=True)
    try:
        with tarfile.open(tarball, "r:gz") as archive:
            for member in archive:
                if member.name not in wanted:
                    continue
                if cancel is not None and cancel.is_set():
                    raise CodexInstallProblem(
                        "The installation was stopped. Nothing was installed.",
                        code="install_cancelled",
                        hint="Start it again when you are ready.",
                    )
                # Checked again: the file could have changed since plan_extraction read it.
                _check_name(member.name.rstrip("/"))
                if member.issym() or member.islnk():
                    _check_link(member)
                elif not (member.isfile() or member.isdir()):
                    raise _unsafe(member.name, "not a file or folder")
                _safe_mode(member)
                if use_filter:
                    archive.extract(member, destination, set_attrs=True, filter="data")
                else:  # pragma: no cover - Python < 3.11.4: our own checks above are the guard
                    archive.extract(member, destination, set_attrs=True)
                done += max(0, member.size)
                if on_progress:
                    on_progress(InstallProgress("unpack", done, plan.unpacked_size))
    except tarfile.FilterError as exc:
        refused: tarfile.TarInfo | None = getattr(exc, "tarinfo", None)
        raise _unsafe(refused.name if refused is not None else "?", str(exc)) from exc
    except (tarfile.TarError, EOFError) as exc:
        raise CodexInstallProblem(
            "The downloaded Codex package cannot be read.",
            code="install_bad_archive",
            hint="Try again.",
        ) from exc
    return destination / plan.prefix

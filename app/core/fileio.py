"""Reading and writing the Codex files without ever losing a byte.

Reads never raise for ordinary trouble (missing file, permissions, a folder in its place, bad
encoding): they return a ``FileSnapshot`` that says what was found. Writes are atomic: a temp file
in the same folder, fsync, rename, then fsync of the folder on POSIX.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from app.core.errors import FileProblem, StalePlanError

BOM = b"\xef\xbb\xbf"
SnapshotState = Literal["missing", "ok", "unreadable", "not_a_file", "undecodable"]
# Large enough for any real config.toml; a bigger file is almost certainly not a config at all.
MAX_READ_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class FileSnapshot:
    """What one file held when it was read. ``raw``/``text`` may hold the API key: never in repr."""

    path: Path
    state: SnapshotState
    raw: bytes = field(default=b"", repr=False)
    text: str = field(default="", repr=False)
    had_bom: bool = False
    crlf: bool = False
    error: str = ""

    @property
    def exists(self) -> bool:
        return self.state != "missing"

    @property
    def digest(self) -> str:
        """Identity of the content, used to detect a concurrent edit between plan and write."""
        if self.state == "missing":
            return "missing"
        import hashlib  # here: OpenSSL's libcrypto (~3 MB) stays out of the resident tray

        return hashlib.sha256(self.raw).hexdigest()


def read_snapshot(path: Path) -> FileSnapshot:
    try:
        if path.is_dir():
            return FileSnapshot(
                path, "not_a_file", error=f"{path} is a folder, but it should be a file."
            )
        with path.open("rb") as handle:
            raw = handle.read(MAX_READ_BYTES + 1)
    except FileNotFoundError:
        return FileSnapshot(path, "missing")
    except PermissionError:
        return FileSnapshot(path, "unreadable", error=f"{path} cannot be read: permission denied.")
    except OSError as exc:
        if exc.errno == errno.ENOTDIR:
            return FileSnapshot(
                path, "not_a_file", error=f"A file stands where the folder of {path} should be."
            )
        return FileSnapshot(path, "unreadable", error=f"{path} cannot be read: {exc.strerror}.")
    if len(raw) > MAX_READ_BYTES:
        return FileSnapshot(
            path, "unreadable", raw=raw, error=f"{path} is too large to be a settings file."
        )
    had_bom = raw.startswith(BOM)
    body = raw[len(BOM) :] if had_bom else raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return FileSnapshot(
            path,
            "undecodable",
            raw=raw,
            had_bom=had_bom,
            error=f"{path} is not UTF-8 text (bad byte at position {exc.start}).",
        )
    crlf = "\r\n" in text and text.count("\r\n") == text.count("\n")
    return FileSnapshot(path, "ok", raw=raw, text=text, had_bom=had_bom, crlf=crlf)


def ensure_private_dir(path: Path) -> None:
    """Create a folder (and parents) readable only by the user, as Codex does for its home."""
    if path.is_dir():
        return
    if path.exists():
        raise FileProblem(
            f"{path} is a file, but it should be a folder.",
            hint="Rename or move that file, then try again.",
        )
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise FileProblem(
            f"The folder {path} cannot be created: {exc.strerror}.",
            hint="Check that you may write there.",
        ) from exc


def ensure_owned_private_dir(path: Path) -> str:
    """Make sure ``path`` is a folder that only this person can write: created 0700 if missing;
    if it exists, it must be a real folder (never a link), owned by this person, with no access
    for others. Returns "" when it is safe, else why not (in words). POSIX only."""
    import stat

    if sys.platform == "win32":  # no owners or modes to check; also what mypy on Windows reads
        return "A private folder is checked on macOS and Linux only."

    parent = path.parent
    try:
        parent_info = os.stat(parent)
    except OSError as exc:
        return f"{parent} cannot be used: {exc.strerror}."
    sticky_or_private = parent_info.st_mode & stat.S_ISVTX or not parent_info.st_mode & 0o022
    if parent_info.st_uid not in (0, os.getuid()) or not sticky_or_private:
        # Someone else could rename our folder away and put theirs in its place.
        return f"{parent} may be changed by other accounts."
    with contextlib.suppress(FileExistsError):
        os.mkdir(path, 0o700)
    try:
        # Opened without following a link: what is checked is what is used.
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            return f"{path} is not a folder of its own (a link or a file stands there)."
        return f"{path} cannot be used: {exc.strerror}."
    try:
        info = os.fstat(fd)
        if info.st_uid != os.getuid():
            return f"{path} belongs to another account."
        if info.st_mode & 0o077:
            os.fchmod(fd, 0o700)  # ours: made private again
    except OSError as exc:
        return f"{path} cannot be made private: {exc.strerror}."
    finally:
        os.close(fd)
    return ""


def atomic_write(
    path: Path,
    data: bytes,
    *,
    mode: int | None = None,
    before_rename: Callable[[Path], None] | None = None,
    expect: FileSnapshot | None = None,
) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves either the old or the new file.

    ``mode`` sets POSIX permissions on the temp file *before* any data is written to it, so a
    secret is never readable by others even for a moment. ``before_rename`` lets tests inject a
    crash between the temp write and the rename.

    ``expect``: what the file must still hold at the moment it is replaced (what the caller read
    and backed up). It is compared again immediately before the rename, and the replaced file is
    looked at once more right after it: an edit by a program that takes no lock (Codex, an
    editor, a dotfile manager) in between is put back and ``StalePlanError`` raised, never lost.
    """
    if path.is_symlink():
        # A dotfile manager (stow, chezmoi, home-manager) links ~/.codex/config.toml elsewhere:
        # replace the file the link points to, and keep the link.
        path = Path(os.path.realpath(path))
    folder = path.parent
    ensure_private_dir(folder)
    if path.is_dir():
        raise FileProblem(
            f"{path} is a folder, but it should be a file.",
            hint="Move that folder away, then try again.",
        )
    if mode is None:
        mode = _existing_mode(path)
    _remove_stale_temp_files(path)
    fd = -1
    tmp_name = ""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        if sys.platform != "win32":
            os.fchmod(fd, mode if mode is not None else 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            fd = -1
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if before_rename is not None:
            before_rename(Path(tmp_name))
        if expect is None:
            _replace(Path(tmp_name), path)
        else:
            _replace_if_unchanged(Path(tmp_name), path, expect)
        tmp_name = ""
        _fsync_dir(folder)
    except OSError as exc:
        raise FileProblem(
            f"{path} could not be written: {exc.strerror or exc}.",
            hint="Nothing was changed. Check that the file and its folder are writable.",
        ) from exc
    finally:
        if fd >= 0:
            os.close(fd)
        if tmp_name:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def _changed_error(path: Path) -> StalePlanError:
    return StalePlanError(
        f"{path.name} was changed by another program after it was read (Codex edits it too).",
        hint="Nothing was written. Look at the changes again and retry.",
    )


def _digest_of(path: Path) -> str:
    return read_snapshot(path).digest


def _replace_if_unchanged(tmp: Path, path: Path, expect: FileSnapshot) -> None:
    """Rename ``tmp`` over ``path`` only if ``path`` still holds ``expect``'s bytes.

    Other programs do not take our lock, so the last compare and the rename cannot be one step.
    What closes the gap: the file being replaced is first given a second name (a hard link, our
    ``.NAME.*.tmp``); after the rename that name shows whether anything was written into the old
    file between the compare and the rename, and if so it is renamed back (their edit kept).
    """
    if not expect.exists:
        # Nothing was there: link instead of rename, which fails if the file appeared meanwhile.
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise _changed_error(path) from None
        except OSError:
            if os.path.lexists(path):
                raise _changed_error(path) from None
            _replace(tmp, path)  # a file system without hard links
            return
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return
    second_name = path.with_name(f".{path.name}.{os.urandom(6).hex()}.old.tmp")
    held: Path | None = second_name
    try:
        os.link(path, second_name)
    except OSError:
        held = None  # no hard links here (FAT, some network shares): compare only
    try:
        if _digest_of(held or path) != expect.digest or (
            held is not None and not _same_file(held, path)
        ):
            raise _changed_error(path)
        _replace(tmp, path)
        if held is not None and _digest_of(held) != expect.digest:
            # Written into between the compare and the rename: theirs goes back in place.
            _replace(held, path)
            held = None
            raise _changed_error(path)
    finally:
        if held is not None:
            with contextlib.suppress(OSError):
                os.unlink(held)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def remove_if_unchanged(path: Path, expect: FileSnapshot) -> None:
    """Remove ``path`` if it still holds ``expect``'s bytes (restoring a file's absence).

    The file is first moved aside (one atomic step), then compared: a file changed meanwhile is
    moved back and ``StalePlanError`` raised.
    """
    aside = path.with_name(f".{path.name}.{os.urandom(6).hex()}.old.tmp")
    try:
        _replace(path, aside)  # (retried briefly on Windows, like every rename of ours)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise FileProblem(
            f"{path} could not be removed: {exc.strerror or exc}.",
            hint="Close programs that may use it (Codex, an editor), then try again.",
        ) from exc
    if _digest_of(aside) != expect.digest:
        try:
            os.link(aside, path)
        except OSError:
            pass  # a new file took its place meanwhile: theirs stays; ours is kept aside
        else:
            os.unlink(aside)
        raise _changed_error(path)
    with contextlib.suppress(OSError):
        os.unlink(aside)


def _remove_stale_temp_files(path: Path) -> None:
    """A process killed between writing its temp file and the rename leaves ``.NAME.*.tmp``
    behind (only ever ours, by that name): tidy them before the next write."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def _existing_mode(path: Path) -> int | None:
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _replace(src: Path, dst: Path) -> None:
    # WORKAROUND: on Windows, os.replace fails with a sharing violation while another process
    # (an editor, an antivirus scanner, Codex itself) briefly has the file open; retry a little.
    # ERROR_SHARING_VIOLATION: https://learn.microsoft.com/windows/win32/debug/system-error-codes--0-499-
    attempts = 10 if sys.platform == "win32" else 1
    for attempt in range(attempts):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


def _fsync_dir(folder: Path) -> None:
    if sys.platform == "win32":
        return  # Directories cannot be opened for fsync on Windows; NTFS journals the rename.
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


@contextlib.contextmanager
def file_lock(lock_path: Path, *, timeout: float = 10.0) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``lock_path`` (Codex locks ``auth.json.lock``)."""
    ensure_private_dir(lock_path.parent)
    try:
        handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise FileProblem(
            f"The lock file {lock_path} cannot be opened: {exc.strerror}.",
            hint="Check that the Codex folder is writable.",
        ) from exc
    deadline = time.monotonic() + timeout
    try:
        while not _try_lock(handle):
            if time.monotonic() > deadline:
                raise FileProblem(
                    "Codex is busy writing its sign-in file right now.",
                    code="auth_locked",
                    hint="Wait a moment (or close Codex), then try again.",
                )
            time.sleep(0.05)
        try:
            yield
        finally:
            _unlock(handle)
    finally:
        os.close(handle)


if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: int) -> bool:
        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: int) -> None:
        os.lseek(handle, 0, os.SEEK_SET)
        msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: int) -> bool:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(handle: int) -> None:
        fcntl.flock(handle, fcntl.LOCK_UN)

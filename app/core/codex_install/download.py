"""Download one tarball: resumable (``.part`` + HTTP Range), cancellable, space-checked, and
verified against the registry's sha512 before anyone may unpack it."""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from app.core.codex_install import retry
from app.core.codex_install.model import CodexInstallProblem, InstallProgress
from app.core.codex_install.registry import Release, check_url, network_problem, sha512_digest

if TYPE_CHECKING:
    import httpx

CHUNK = 1024 * 1024
MAX_REDIRECTS = 5
# Unpacked, a Codex tarball is ~2.5× its size (0.169.0 linux-x64: 167 MB → 423 MB).
UNPACK_FACTOR = 3
SPACE_MARGIN = 64 * 1024 * 1024
# A download that grows beyond this is not a Codex package (0.169.0 linux-x64 is 167 MB); it
# would otherwise fill the disk when the server sends no Content-Length.
MAX_DOWNLOAD_BYTES = 2 * 1024**3
_CONTENT_RANGE_RE = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+|\*)")

Progress = Callable[[InstallProgress], None]
DiskFree = Callable[[Path], int]


@dataclass(frozen=True)
class Downloaded:
    """A Codex tarball on disk, verified against the registry's hash."""

    path: Path  # the verified tarball
    resumed: bool  # continued a .part from an earlier attempt


def free_bytes(folder: Path) -> int:
    """Free space where ``folder`` is (or would be created)."""
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    return shutil.disk_usage(probe).free


def _mib(size: int) -> str:
    return f"{max(1, round(size / (1024 * 1024)))} MB"


def check_space(folder: Path, needed: int, disk_free: DiskFree) -> None:
    free = disk_free(folder)
    if free < needed:
        raise CodexInstallProblem(
            f"There is not enough free disk space: Codex needs {_mib(needed)}, "
            f"{_mib(free)} are free.",
            code="install_disk_full",
            hint="Free some space (empty the trash, remove large files), then try again.",
            params={"needed": _mib(needed), "free": _mib(free)},
        )


def _cancelled() -> CodexInstallProblem:
    return CodexInstallProblem(
        "The installation was stopped. Nothing was installed.",
        code="install_cancelled",
        hint="Start it again when you are ready; the download continues where it stopped.",
    )


def _too_large() -> CodexInstallProblem:
    return CodexInstallProblem(
        "The download is far larger than any Codex package, so it was stopped.",
        code="install_registry_error",
        hint="Check the registry address, then try again.",
    )


def _network_problem(exc: Exception, url: str) -> CodexInstallProblem:
    problem = network_problem(exc, url)
    if problem.code != "install_network":
        return problem
    return CodexInstallProblem(
        problem.message,
        code=problem.code,
        hint=problem.hint + " The download continues where it stopped when you try again.",
        params=problem.params,
    )


def download_release(
    client: httpx.Client,
    release: Release,
    folder: Path,
    *,
    cancel: threading.Event | None = None,
    on_progress: Progress | None = None,
    disk_free: DiskFree = free_bytes,
) -> Downloaded:
    """Download ``release`` into ``folder`` and verify its sha512; the verified file is returned.

    An earlier ``.part`` of the same tarball is continued with a Range request when the server
    allows it, else the download restarts cleanly. On cancel or a network failure the ``.part``
    stays for the next attempt; on a checksum mismatch it is deleted (and, if it had been
    resumed, the download is retried once from the start).
    """
    folder.mkdir(parents=True, exist_ok=True)
    # Named after the (checked) version, never after the URL: its last part could be "..".
    name = "codex-" + re.sub(r"[^A-Za-z0-9._-]", "_", release.package_version) + ".tgz"
    final = folder / name
    part = folder / (name + ".part")
    meta = folder / (name + ".part.json")
    expected = {"url": release.tarball, "integrity": release.integrity}
    remove_stale_downloads(folder, keep=name)
    if part.exists() and _read_meta(meta) != expected:
        _remove(part, meta)  # a .part of another file (or of unknown origin): start again
    meta.write_text(json.dumps(expected), encoding="utf-8")
    with contextlib.suppress(OSError):
        final.unlink()

    resumed = _fetch(client, release.tarball, part, cancel, on_progress, disk_free)
    if on_progress:
        on_progress(InstallProgress("verify"))
    if not _matches(part, release.integrity):
        _remove(part, meta)
        if resumed:
            # The .part may have come from a file the server has since replaced: once more, whole.
            _fetch(client, release.tarball, part, cancel, on_progress, disk_free)
            if _matches(part, release.integrity):
                retry.rename(part, final)
                _remove(meta)
                return Downloaded(final, resumed=False)
            _remove(part, meta)
        raise CodexInstallProblem(
            "The downloaded Codex does not match the registry's checksum (sha512), so it was "
            "deleted without being unpacked.",
            code="install_integrity",
            hint="Try again. If it keeps happening, the network (or a proxy) changes downloads: "
            "try another network.",
        )
    retry.rename(part, final)
    _remove(meta)
    return Downloaded(final, resumed=resumed)


_OUR_DOWNLOAD_RE = re.compile(r"^codex-[A-Za-z0-9._-]+\.tgz(\.part|\.part\.json)?$")


def remove_stale_downloads(folder: Path, keep: str | None = None) -> tuple[str, ...]:
    """Unfinished (or left) downloads of other Codex versions: ~100 MB each, never resumed once
    another version is being installed. Only our own names (``codex-*.tgz[.part[.json]]``) in our
    downloads folder; ``keep``'s files stay. Returns the names removed."""
    removed = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return ()
    for path in entries:
        name = path.name
        if not _OUR_DOWNLOAD_RE.match(name) or (keep is not None and name.startswith(keep)):
            continue
        if path.is_symlink() or not path.is_file():
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(name)
    return tuple(removed)


def _matches(path: Path, integrity: str) -> bool:
    expected = sha512_digest(integrity)
    if expected is None:
        return False
    digest = hashlib.sha512()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.digest() == expected


def _read_meta(meta: Path) -> object:
    try:
        return json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _remove(*paths: Path) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def _fetch(
    client: httpx.Client,
    url: str,
    part: Path,
    cancel: threading.Event | None,
    on_progress: Progress | None,
    disk_free: DiskFree,
) -> bool:
    """Download into ``part``; True when an existing ``.part`` was continued (HTTP 206)."""
    import httpx

    have = part.stat().st_size if part.exists() else 0
    headers = {"Accept-Encoding": "identity"}
    if have:
        headers["Range"] = f"bytes={have}-"
    current = url
    try:
        for _ in range(MAX_REDIRECTS + 1):
            request = client.build_request("GET", check_url(current), headers=headers)
            response = client.send(request, stream=True)
            try:
                if response.is_redirect and "location" in response.headers:
                    current = urljoin(current, response.headers["location"])
                    continue
                if response.status_code == 416 and have:
                    if response.headers.get("content-range", "").strip() == f"bytes */{have}":
                        return True  # the .part is already the whole file
                    # The .part is not a prefix the server knows: start again from nothing.
                    _remove(part)
                    have = 0
                    headers.pop("Range", None)
                    continue
                return _receive(response, part, have, cancel, on_progress, disk_free)
            finally:
                response.close()
    except (httpx.HTTPError, httpx.InvalidURL, UnicodeError) as exc:
        raise _network_problem(exc, current) from exc
    raise CodexInstallProblem(
        "The download was redirected too often.",
        code="install_registry_error",
        hint="Try again later.",
    )


def _receive(
    response: httpx.Response,
    part: Path,
    have: int,
    cancel: threading.Event | None,
    on_progress: Progress | None,
    disk_free: DiskFree,
) -> bool:
    status = response.status_code
    if status == 206:
        match = _CONTENT_RANGE_RE.match(response.headers.get("content-range", ""))
        if match is None or int(match.group(1)) != have:
            raise CodexInstallProblem(
                "The server continued the download at the wrong place.",
                code="install_registry_error",
                hint="Try again.",
            )
        total = int(match.group(3)) if match.group(3) != "*" else 0
        mode = "ab"
    elif status == 200:
        # No Range support (or a fresh start): the whole file again, from the first byte.
        have = 0
        total = int(response.headers.get("content-length") or 0)
        mode = "wb"
    else:
        raise CodexInstallProblem(
            f"The download failed (HTTP {status}).",
            code="install_registry_error",
            hint="Try again in a minute.",
            params={"status": str(status)},
        )
    if total > MAX_DOWNLOAD_BYTES:
        raise _too_large()
    if total:
        check_space(part.parent, (total - have) + UNPACK_FACTOR * total + SPACE_MARGIN, disk_free)
    done = have
    if on_progress:
        on_progress(InstallProgress("download", done, total))
    with part.open(mode) as handle:
        for chunk in response.iter_bytes(CHUNK):
            if cancel is not None and cancel.is_set():
                raise _cancelled()
            done += len(chunk)
            if done > MAX_DOWNLOAD_BYTES:
                raise _too_large()
            handle.write(chunk)
            if on_progress:
                on_progress(InstallProgress("download", done, total))
    if cancel is not None and cancel.is_set():
        raise _cancelled()
    if total and done != total:
        raise CodexInstallProblem(
            "The download ended early.",
            code="install_network",
            hint="Try again: the download continues where it stopped.",
            params={"kind": "server_error"},
        )
    return mode == "ab"

"""Install, switch and uninstall the native Codex CLI in a folder of our own.

Layout (``root`` is :func:`app.core.paths.codex_install_dir`)::

    root/versions/0.171.0-linux-x64/   bin/codex, codex-path/, codex-resources/ (the vendor folder)
    root/current -> versions/0.171.0-linux-x64     (symlink; a junction on Windows)
    root/downloads/                    .part files of an unfinished download
    root/install.json                  which version, and every PATH change we made

A new version is unpacked beside the old one, must answer ``--version``, and only then does
``current`` switch: a failed or cancelled upgrade leaves the old version working. ``codex`` is
run through ``current/bin``, so PATH entries never change on an upgrade.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.codex_install import retry
from app.core.codex_install.archive import extract, plan_extraction
from app.core.codex_install.download import (
    SPACE_MARGIN,
    DiskFree,
    check_space,
    download_release,
    free_bytes,
    remove_stale_downloads,
)
from app.core.codex_install.model import (
    CodexInstallProblem,
    InstallProgress,
    InstallResult,
    NextStep,
    PathChange,
    UninstallResult,
)
from app.core.codex_install.pathsetup import (
    BLOCK_BEGIN,
    UserEnvironment,
    add_to_path,
    linux_link_path,
    remove_from_path,
)
from app.core.codex_install.platforms import Target, normalise_os, select_target
from app.core.codex_install.registry import (
    DEFAULT_REGISTRY,
    fetch_release,
    resolve_version,
    without_credentials,
)
from app.core.errors import FileProblem
from app.core.fileio import atomic_write, file_lock

if TYPE_CHECKING:
    import httpx

Progress = Callable[[InstallProgress], None]
MANIFEST_FORMAT = 1
DOWNLOAD_TIMEOUT_S = 60.0
# WORKAROUND: the first start of a freshly unpacked ~100 MB codex is scanned whole by antivirus
# (Windows Defender, EDR) before it runs; 10 s (enough afterwards) refused good installs.
# https://github.com/MicrosoftDocs/defender-docs/blob/public/defender-endpoint/configure-real-time-protection-microsoft-defender-antivirus.md
FIRST_START_TIMEOUT_S = 60.0


def _default_home(env: Mapping[str, str], platform: str) -> Path:
    names = ("USERPROFILE", "HOME") if platform == "win32" else ("HOME",)
    for name in names:
        value = env.get(name, "").strip()
        if value:
            return Path(value)
    return Path.home()


@dataclass(frozen=True)
class InstallSite:
    """Where and for which computer to install; everything outside is injected here."""

    root: Path
    home: Path
    platform: str
    machine: str
    env: Mapping[str, str] = field(default_factory=dict, repr=False)
    registry: str = DEFAULT_REGISTRY
    user_environment: UserEnvironment | None = None
    client_factory: Callable[[], httpx.Client] | None = None
    disk_free: DiskFree = free_bytes

    @classmethod
    def for_user(
        cls,
        env: Mapping[str, str] | None = None,
        *,
        platform: str = sys.platform,
        machine: str | None = None,
        registry: str | None = None,
        **overrides: Any,
    ) -> InstallSite:
        from app.core.codex_install.platforms import host_machine
        from app.core.paths import codex_install_dir

        env = dict(os.environ if env is None else env)
        return cls(
            root=overrides.pop("root", None) or codex_install_dir(env, platform),
            home=overrides.pop("home", None) or _default_home(env, platform),
            platform=platform,
            machine=machine or host_machine(),
            env=env,
            registry=registry or DEFAULT_REGISTRY,
            **overrides,
        )

    @property
    def target(self) -> Target:
        return select_target(self.platform, self.machine)

    @property
    def versions_dir(self) -> Path:
        return self.root / "versions"

    @property
    def current(self) -> Path:
        return self.root / "current"

    @property
    def bin_dir(self) -> Path:
        return self.current / "bin"

    @property
    def command(self) -> Path:
        return self.bin_dir / ("codex.exe" if normalise_os(self.platform) == "win32" else "codex")

    @property
    def downloads(self) -> Path:
        return self.root / "downloads"

    @property
    def manifest(self) -> Path:
        return self.root / "install.json"

    def make_client(self) -> httpx.Client:
        if self.client_factory is not None:
            return self.client_factory()
        from app.core.net.http import make_client

        # The tarball is tens of MB and bounded by its own checks (size, disk, sha512, cancel):
        # no default body cap or total deadline here; per-read timeouts still apply.
        return make_client(
            timeout=DOWNLOAD_TIMEOUT_S, proxy_env=self.env, total_timeout=None, max_bytes=None
        )

    def can_run_here(self) -> bool:
        """Whether the installed program can run on this computer (tests install for others)."""
        from app.core.codex_install.platforms import host_machine

        try:
            here = select_target(sys.platform, host_machine())
        except CodexInstallProblem:
            return False
        return here == self.target


@dataclass(frozen=True)
class Installed:
    """What install.json says is installed."""

    version: str
    package_version: str
    path_changes: tuple[PathChange, ...]


def read_installed(site: InstallSite) -> Installed | None:
    try:
        data = json.loads(site.manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("version"), str):
        return None
    changes = []
    recorded = data.get("path_changes")
    for item in recorded if isinstance(recorded, list) else []:
        if isinstance(item, dict) and item.get("kind") in (
            "symlink",
            "profile_block",
            "windows_path",
        ):
            changes.append(
                PathChange(
                    item["kind"],
                    str(item.get("target", "")),
                    bool(item.get("created")),
                    bool(item.get("added_newline")),
                )
            )
    return Installed(data["version"], str(data.get("package_version", "")), tuple(changes))


def _write_manifest(site: InstallSite, installed: Installed, integrity: str = "") -> None:
    data = {
        "format": MANIFEST_FORMAT,
        "version": installed.version,
        "package_version": installed.package_version,
        "integrity": integrity,
        "registry": without_credentials(site.registry),  # a token in it is never stored
        "path_changes": [
            {
                "kind": c.kind,
                "target": c.target,
                "created": c.created,
                "added_newline": c.added_newline,
            }
            for c in installed.path_changes
        ],
    }
    atomic_write(site.manifest, (json.dumps(data, indent=2) + "\n").encode("utf-8"))


def current_version_dir(site: InstallSite) -> Path | None:
    """The folder ``current`` points at, or None."""
    try:
        link = os.readlink(site.current)
    except OSError:
        return None
    # WORKAROUND: on Windows, readlink of a junction answers with the \\?\ prefix.
    # https://docs.python.org/3/library/os.html#os.readlink
    if link.startswith("\\\\?\\"):
        link = link[4:]
    target = Path(link)
    return target if target.is_absolute() else site.root / target


def _answers_version(
    site: InstallSite, executable: Path, version: str, *, timeout: float | None = None
) -> bool:
    from app.core.codex_cli import VERSION_TIMEOUT_S, codex_version

    if not executable.is_file():
        return False
    if not site.can_run_here():
        return True  # installed for another computer (tests): presence is all we can check
    return codex_version(executable, env=site.env, timeout=timeout or VERSION_TIMEOUT_S) == version


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise CodexInstallProblem(
            "The installation was stopped. Nothing was installed.",
            code="install_cancelled",
            hint="Start it again when you are ready; the download continues where it stopped.",
        )


def install_codex(
    site: InstallSite,
    version: str | None = None,
    *,
    cancel: threading.Event | None = None,
    on_progress: Progress | None = None,
) -> InstallResult:
    """Install Codex ``version`` (None: the newest tested; "latest": the newest release).

    Re-running with the same version changes nothing. On any failure or cancel, what was
    installed before keeps working and nothing half-unpacked is left.
    """
    try:
        return _install(site, version, cancel, on_progress)
    except OSError as exc:
        raise _file_problem(exc, site) from exc


def _file_problem(exc: OSError, site: InstallSite) -> CodexInstallProblem:
    """A disk error in plain words (never "something unexpected"), with a way forward."""
    import errno

    where = str(exc.filename or site.root)
    reason = exc.strerror or type(exc).__name__
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        hint = "Free some space (empty the trash, remove large files), then try again."
    else:
        hint = f"Check that you may write in {site.root}, then try again."
    return CodexInstallProblem(
        f"Codex could not be installed: {where} could not be written ({reason}). "
        "What was installed before still works.",
        code="install_file_error",
        hint=hint,
        params={"path": where, "reason": reason},
    )


def _install(
    site: InstallSite,
    version: str | None,
    cancel: threading.Event | None,
    on_progress: Progress | None,
) -> InstallResult:
    target = site.target
    site.root.mkdir(parents=True, exist_ok=True)
    with _install_lock(site), site.make_client() as client:
        if on_progress:
            on_progress(InstallProgress("metadata"))
        resolved = resolve_version(version, client, site.registry)
        package_version = f"{resolved}-{target.suffix}"
        before = read_installed(site)
        existing = site.versions_dir / package_version
        current = current_version_dir(site)
        already = _answers_version(site, existing / "bin" / target.executable, resolved)
        resumed = False
        integrity = ""
        if already:
            final = existing
            remove_stale_downloads(site.downloads)  # of other versions: never needed now
        else:
            _check(cancel)
            release = fetch_release(client, resolved, target, site.registry)
            integrity = release.integrity
            downloaded = download_release(
                client,
                release,
                site.downloads,
                cancel=cancel,
                on_progress=on_progress,
                disk_free=site.disk_free,
            )
            resumed = downloaded.resumed
            final = _unpack(
                site, downloaded.path, target, package_version, resolved, cancel, on_progress
            )
            with contextlib.suppress(OSError):
                downloaded.path.unlink()
        try:
            _check(cancel)
        except CodexInstallProblem:
            if not already and (
                current is None or os.path.normpath(current) != os.path.normpath(final)
            ):
                shutil.rmtree(final, ignore_errors=True)  # unpacked, never used: not left behind
            raise
        if on_progress:
            on_progress(InstallProgress("switch"))
        if current is None or os.path.normpath(current) != os.path.normpath(final):
            _switch_current(site, final)
        previous_changes = before.path_changes if before else ()
        _write_manifest(site, Installed(resolved, package_version, previous_changes), integrity)
        if on_progress:
            on_progress(InstallProgress("path"))
        outcome = add_to_path(
            normalise_os(site.platform),
            home=site.home,
            root=site.root,
            bin_dir=site.bin_dir,
            command=site.command,
            env=site.env,
            registry=site.user_environment,
        )
        changes = tuple(dict.fromkeys([*previous_changes, *outcome.changes]))
        _write_manifest(site, Installed(resolved, package_version, changes), integrity)
        _prune(site, keep={final, current} if current else {final})
    steps = outcome.steps
    return InstallResult(
        version=resolved,
        package_version=package_version,
        codex=site.command,
        bin_dir=site.bin_dir,
        path_changes=changes,
        next_steps=steps,
        already_installed=already and before is not None and before.version == resolved,
        resumed_download=resumed,
        previous_version=before.version if before and before.version != resolved else None,
    )


@contextlib.contextmanager
def _install_lock(site: InstallSite) -> Iterator[None]:
    """One installation at a time (a stopped one may still be tidying up for a moment)."""
    try:
        with file_lock(site.root / ".lock", timeout=5.0):
            yield
    except FileProblem as exc:
        if exc.code != "auth_locked":
            raise
        raise CodexInstallProblem(
            "Another installation of Codex is still running.",
            code="install_busy",
            hint="Wait a moment, then try again.",
        ) from exc


def _unpack(
    site: InstallSite,
    tarball: Path,
    target: Target,
    package_version: str,
    version: str,
    cancel: threading.Event | None,
    on_progress: Progress | None,
) -> Path:
    plan = plan_extraction(tarball, target)  # every entry checked before anything is written
    site.versions_dir.mkdir(parents=True, exist_ok=True)
    check_space(site.versions_dir, plan.unpacked_size + SPACE_MARGIN, site.disk_free)
    staging = site.versions_dir / f".staging-{package_version}-{uuid.uuid4().hex[:8]}"
    try:
        unpacked = extract(tarball, plan, staging, cancel=cancel, on_progress=on_progress)
        _check(cancel)
        if on_progress:
            on_progress(InstallProgress("check"))
        first_start = unpacked / "bin" / target.executable
        if not _answers_version(site, first_start, version, timeout=FIRST_START_TIMEOUT_S):
            raise CodexInstallProblem(
                f"The downloaded Codex {version} does not start on this computer, so it was not "
                "installed.",
                code="install_broken",
                hint="What was installed before still works. Try another version.",
                params={"version": version},
            )
        final = site.versions_dir / package_version
        current = current_version_dir(site)
        if final.exists():
            if current is not None and os.path.normpath(current) == os.path.normpath(final):
                final = site.versions_dir / f"{package_version}.{uuid.uuid4().hex[:6]}"
            else:
                retry.remove_tree(final)
        retry.rename(unpacked, final)
        return final
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _switch_current(site: InstallSite, final: Path) -> None:
    """Point ``current`` at ``final`` in one step (a symlink replaced by rename)."""
    relative = os.path.relpath(final, site.root)
    if sys.platform == "win32":
        _switch_junction(site.current, final)
        return
    tmp = site.root / f".current.{os.getpid()}.tmp"
    with contextlib.suppress(OSError):
        tmp.unlink()
    os.symlink(relative, tmp, target_is_directory=True)
    os.replace(tmp, site.current)


def _switch_junction(current: Path, final: Path) -> None:  # pragma: no cover - Windows only
    # WORKAROUND: directory symlinks need admin rights or Developer Mode on Windows; junctions do
    # not, but cannot be replaced by rename. Make the new one, swap by two renames, and put the
    # old one back if the second rename fails.
    # https://blogs.windows.com/buildingapps/2016/12/02/symlinks-windows-10/
    if sys.platform != "win32":
        raise OSError("junctions exist only on Windows")
    import _winapi

    new = current.with_name(f"current.{os.getpid()}.new")
    old = current.with_name(f"current.{os.getpid()}.old")
    for leftover in (new, old):
        with contextlib.suppress(OSError):
            os.rmdir(leftover)
    _winapi.CreateJunction(str(final), str(new))
    had_old = os.path.lexists(current)
    if had_old:
        retry.rename_no_replace(current, old)
    try:
        retry.rename_no_replace(new, current)
    except OSError:
        if had_old:
            retry.rename_no_replace(old, current)
        raise
    if had_old:
        os.rmdir(old)  # removes the junction, not what it points to


def _prune(site: InstallSite, keep: set[Path]) -> None:
    """Keep the current and the previous version (for going back); remove older ones."""
    kept = {os.path.normpath(p) for p in keep}
    try:
        folders = list(site.versions_dir.iterdir())
    except OSError:
        return
    for folder in folders:
        if os.path.normpath(folder) not in kept:
            shutil.rmtree(folder, ignore_errors=True)


def _discovered_changes(site: InstallSite) -> list[PathChange]:
    """Our marks found where we put them, also without install.json (an older or broken one)."""
    found: list[PathChange] = []
    os_name = normalise_os(site.platform)
    if os_name == "linux":
        link = linux_link_path(site.home)
        if link.is_symlink():
            found.append(PathChange("symlink", str(link)))
    elif os_name == "darwin":
        for name in (".zprofile", ".bash_profile", ".bash_login", ".profile"):
            profile = site.home / name
            with contextlib.suppress(OSError, UnicodeDecodeError):
                if BLOCK_BEGIN in profile.read_text(encoding="utf-8"):
                    found.append(PathChange("profile_block", str(profile)))
    else:
        found.append(PathChange("windows_path", str(site.bin_dir)))
    return found


# What this app puts in its folder; uninstall removes these and nothing else (the folder itself
# only when nothing else is left in it).
_OWN_ENTRIES = ("versions", "downloads", "backups", "install.json")
_OWN_PREFIXES = (".current.", "current.", ".install.json.")


def uninstall_codex(site: InstallSite) -> UninstallResult:
    """Remove our Codex and every PATH change we made; nothing else."""
    if not os.path.lexists(site.root):
        return _uninstall(site)
    try:
        with _install_lock(site):
            return _uninstall(site)
    except OSError as exc:
        problem = _file_problem(exc, site)
        raise CodexInstallProblem(
            f"Codex could not be removed completely: {problem.params['path']} could not be "
            f"removed ({problem.params['reason']}).",
            code="install_file_error",
            hint="Close any window that runs codex, then try again.",
            params=problem.params,
        ) from exc


def _uninstall(site: InstallSite) -> UninstallResult:
    installed = read_installed(site)
    recorded = installed.path_changes if installed else ()
    by_target: dict[tuple[str, str], PathChange] = {}
    for change in (*recorded, *_discovered_changes(site)):
        if change.kind == "windows_path" and not _same_path(change.target, site.bin_dir):
            # install.json was edited (or damaged): the only Path entry we ever add is our own
            # folder; someone else's entry is never removed.
            continue
        by_target.setdefault((change.kind, change.target), change)
    removed: list[str] = []
    for change in by_target.values():
        said = remove_from_path(change, root=site.root, registry=site.user_environment)
        if said:
            removed.append(said)
    ours_removed = False
    if os.path.lexists(site.current):
        if site.current.is_symlink() or sys.platform != "win32":
            site.current.unlink()
        else:  # pragma: no cover - a junction
            os.rmdir(site.current)
        ours_removed = True
    try:
        entries = list(site.root.iterdir())
    except OSError:
        entries = []
    for entry in entries:
        if entry.name in _OWN_ENTRIES or entry.name.startswith(_OWN_PREFIXES):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            ours_removed = True
    with contextlib.suppress(OSError):
        # Ours too (Windows keeps it while we hold it: then it, and the folder, stay).
        (site.root / ".lock").unlink()
        site.root.rmdir()  # only when nothing else is left in it
    if ours_removed:
        removed.append(f"removed Codex from {site.root}")
    return UninstallResult(tuple(removed), nothing_installed=not removed)


def _same_path(a: str, b: Path) -> bool:
    return os.path.normcase(os.path.normpath(a)) == os.path.normcase(os.path.normpath(str(b)))


def describe_steps(steps: tuple[NextStep, ...]) -> str:
    return "\n".join(step.text for step in steps)

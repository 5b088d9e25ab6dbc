"""What antivirus does to a fresh native Codex install (Windows Defender, EDR): it holds the new
files while it scans them, so a rename is refused with "Access is denied" for a moment, and the
first start of the ~100 MB program waits for a whole scan.

Imitated on Linux with real parts: the refused rename is a real one (the versions folder made
immutable with ``chattr +i`` for half a second, which makes rename fail with EPERM, the
PermissionError Windows' "Access is denied" also is); the slow first start is a real program that
takes 11 s to answer its first ``--version``. The retry is Windows' behaviour, so it is switched
on here for the test.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.codex_install import retry
from app.core.codex_install.installer import InstallSite, install_codex
from app.core.codex_install.model import InstallProgress
from tests.codex.test_codex_install import site_for
from tests.codex.test_codex_install_safety import foreign_site, publish_fake_codex
from tests.support.npm_registry import RegistryStandIn, make_package


@pytest.fixture
def registry() -> Iterator[RegistryStandIn]:
    with RegistryStandIn() as running:
        yield running


def test_a_denied_operation_is_tried_again_briefly() -> None:
    calls: list[int] = []
    waits: list[float] = []

    def held_twice() -> str:
        calls.append(1)
        if len(calls) <= 2:
            raise PermissionError(13, "Access is denied")
        return "done"

    assert retry.when_denied(held_twice, retry=True, sleep=waits.append) == "done"
    assert len(calls) == 3 and sum(waits) < 1

    def always_held() -> None:
        raise PermissionError(13, "Access is denied")

    waits.clear()
    with pytest.raises(PermissionError):
        retry.when_denied(always_held, retry=True, sleep=waits.append)
    assert 3 <= sum(waits) <= 10  # a few seconds, then the error stands
    with pytest.raises(PermissionError):  # off Windows: said at once
        retry.when_denied(always_held, retry=False, sleep=waits.append)


def _chattr_reason(tmp: Path) -> str:
    if sys.platform != "linux" or shutil.which("chattr") is None:
        return "needs Linux chattr"
    probe = tmp / "probe"
    probe.mkdir()
    if subprocess.run(["chattr", "+i", str(probe)], capture_output=True).returncode != 0:
        return "chattr +i needs root (CAP_LINUX_IMMUTABLE) on ext4/xfs/btrfs"
    subprocess.run(["chattr", "-i", str(probe)], check=True)
    probe.rmdir()
    return ""


def test_an_install_whose_folder_is_held_for_a_moment_still_succeeds(
    registry: RegistryStandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reason = _chattr_reason(tmp_path)
    if reason:
        pytest.skip(reason)
    monkeypatch.setattr(retry, "RETRY_HERE", True)  # Windows' behaviour
    site = foreign_site(tmp_path, registry)
    publish_fake_codex(registry, site, "0.2.0")
    released = threading.Event()

    def hold_while_scanning(progress: InstallProgress) -> None:
        if progress.stage == "check" and not released.is_set():
            # Unpacked, about to be renamed into place: the "scanner" holds the folder.
            subprocess.run(["chattr", "+i", str(site.versions_dir)], check=True)

            def release() -> None:
                subprocess.run(["chattr", "-i", str(site.versions_dir)], check=True)
                released.set()

            threading.Timer(0.6, release).start()

    try:
        result = install_codex(site, "0.2.0", on_progress=hold_while_scanning)
    finally:
        released.wait(5)
        subprocess.run(["chattr", "-i", str(site.versions_dir)], check=False)
    assert result.version == "0.2.0"
    assert (site.current / "bin" / "codex").is_file()


def _site_for_this_machine(tmp_path: Path, registry: RegistryStandIn) -> InstallSite:
    import platform

    machine = platform.machine()
    return site_for(tmp_path, registry, machine="arm64" if machine == "aarch64" else machine)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="the stand-in codex is a shell script")
def test_a_first_start_slowed_by_a_scan_is_allowed_a_minute(
    registry: RegistryStandIn, tmp_path: Path
) -> None:
    site = _site_for_this_machine(tmp_path, registry)
    assert site.can_run_here()
    scanned = tmp_path / "scanned-once"
    # Its first start takes 11 s (the scan), later ones are instant.
    script = (
        "#!/bin/sh\nPATH=/usr/bin:/bin\n"
        f'if [ ! -e "{scanned}" ]; then sleep 11; touch "{scanned}"; fi\n'
        'if [ "$1" = "--version" ]; then echo "codex-cli 0.2.0"; fi\n'
    ).encode()
    data = make_package(site.target.triple, {"bin/codex": script})
    registry.publish(f"0.2.0-{site.target.suffix}", data)
    result = install_codex(site, "0.2.0")
    assert result.version == "0.2.0"
    assert scanned.exists()

"""Review of the native Codex install (issue 13): hostile tarballs, hostile registries, damaged
bookkeeping, the person's own files, and two installs at once.

Real parts: the local registry stand-in (tests/support/npm_registry.py) over HTTP, real temp
folders, real tar files. Only the Windows registry is replaced (MemoryUserEnvironment): it cannot
exist on this Linux machine.
"""

from __future__ import annotations

import io
import json
import os
import stat
import sys
import tarfile
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from app.core.codex_install import archive
from app.core.codex_install.installer import InstallSite, install_codex, uninstall_codex
from app.core.codex_install.model import CodexInstallProblem, InstallProgress
from app.core.codex_install.pathsetup import BLOCK_BEGIN
from tests.codex.test_codex_install import LINUX_X64, MemoryUserEnvironment, cli, site_for
from tests.support.npm_registry import RegistryStandIn, fake_codex_script, make_package

# These install for Linux and macOS (and Windows, with the registry stand-in) on a POSIX host:
# POSIX paths in PATH, symlinks, #!/bin/sh stand-ins. On Windows the real junction switch and
# PATH broadcast are tests/test_windows_real.py.
pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="imitates Linux and macOS installs: needs a POSIX host"
)


@pytest.fixture
def registry() -> Iterator[RegistryStandIn]:
    with RegistryStandIn() as running:
        yield running


def foreign_site(tmp_path: Path, registry: RegistryStandIn, **extra: object) -> InstallSite:
    """A Linux site for the CPU this machine is not: the fake codex is only looked at."""
    return site_for(tmp_path, registry, machine="arm64" if LINUX_X64 else "x86_64", **extra)


def tarball(entries: list[tarfile.TarInfo], data: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for info in entries:
            body = (data or {}).get(info.name)
            if body is not None:
                info.size = len(body)
            tar.addfile(info, io.BytesIO(body) if body is not None else None)
    return out.getvalue()


def entry(
    name: str, kind: bytes = tarfile.REGTYPE, mode: int = 0o644, link: str = ""
) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.mode, info.linkname = kind, mode, link
    return info


def publish_fake_codex(
    registry: RegistryStandIn,
    site: InstallSite,
    version: str = "0.1.0",
    files: Mapping[str, bytes] | None = None,
) -> None:
    """Publish, for the site's platform, a package of a fake ``codex`` ``version`` and ``files``."""
    data = make_package(
        site.target.triple, {"bin/codex": fake_codex_script(version), **(files or {})}
    )
    registry.publish(f"{version}-{site.target.suffix}", data)


def refused(site: InstallSite, version: str) -> CodexInstallProblem:
    with pytest.raises(CodexInstallProblem) as caught:
        install_codex(site, version)
    assert (
        not site.current.exists()
        and not (site.versions_dir / f"{version}-{site.target.suffix}").exists()
    )
    return caught.value


# --------------------------------------------------------------------------- tarballs


@pytest.mark.parametrize(
    "name", ["bin/CON", "bin/aux.txt", "bin/lpt1", "bin/a:stream", "bin/x.", "bin/y "]
)
def test_names_windows_cannot_hold_are_refused(
    registry: RegistryStandIn, tmp_path: Path, name: str
) -> None:
    site = foreign_site(tmp_path, registry)
    publish_fake_codex(registry, site, files={name: b"x"})
    problem = refused(site, "0.1.0")
    assert problem.code == "install_unsafe_archive"
    assert problem.params["reason"] == "a name Windows cannot hold"


def test_too_many_entries_are_refused_before_anything_is_written(
    registry: RegistryStandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive, "MAX_MEMBERS", 50)
    site = foreign_site(tmp_path, registry)
    files = {f"codex-resources/f{i}": b"" for i in range(60)}
    publish_fake_codex(registry, site, files=files)
    problem = refused(site, "0.1.0")
    assert problem.params["reason"] == "too many entries"


def test_a_tarball_claiming_a_huge_unpacked_size_is_refused(
    registry: RegistryStandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive, "MAX_UNPACKED_BYTES", 1000)
    site = foreign_site(tmp_path, registry)
    publish_fake_codex(registry, site, files={"big": b"\0" * 4000})
    assert refused(site, "0.1.0").params["reason"] == "too large when unpacked"


@pytest.mark.parametrize("without_data_filter", [False, True])
@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ([entry("P/dev", tarfile.CHRTYPE)], "not a file or folder"),
        ([entry("P/fifo", tarfile.FIFOTYPE)], "not a file or folder"),
        (
            [entry("P/h", tarfile.LNKTYPE, link="../../../../etc/passwd")],
            "link points out of the folder",
        ),
        ([entry("P/h", tarfile.LNKTYPE, link="/etc/passwd")], "link to an absolute path"),
        # A link made first, then a file written through it.
        (
            [entry("P/up", tarfile.SYMTYPE, link=".."), entry("P/up/escaped")],
            "link points out of the folder",
        ),
        ([entry("P/d", tarfile.SYMTYPE, link="sub/../../..")], "link points out of the folder"),
        ([entry("P/w", tarfile.SYMTYPE, link="C:\\Windows")], "link to an absolute path"),
        ([entry("P\\..\\..\\x")], "backslash in the name"),
        # The version folder itself a link: its files would land beside it.
        ([entry("P", tarfile.SYMTYPE, link=".")], "not a file or folder"),
    ],
)
def test_hostile_entries_are_refused_with_or_without_tarfiles_filter(
    registry: RegistryStandIn,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    extra: list[tarfile.TarInfo],
    reason: str,
    without_data_filter: bool,
) -> None:
    if without_data_filter:  # as on Python < 3.11.4: our own checks are the only guard
        monkeypatch.delattr(tarfile, "data_filter", raising=False)
    site = foreign_site(tmp_path, registry)
    prefix = f"package/vendor/{site.target.triple}"
    for info in extra:
        info.name = info.name.replace("P", prefix, 1)
    codex = entry(f"{prefix}/bin/codex", mode=0o755)
    data = tarball([codex, *extra], {codex.name: fake_codex_script("0.1.0")})
    registry.publish(f"0.1.0-{site.target.suffix}", data)
    problem = refused(site, "0.1.0")
    assert problem.code == "install_unsafe_archive" and problem.params["reason"] == reason
    assert not (tmp_path / "data" / "escaped").exists()


def test_modes_are_made_safe_even_without_tarfiles_filter(
    registry: RegistryStandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(tarfile, "data_filter", raising=False)
    site = foreign_site(tmp_path, registry)
    prefix = f"package/vendor/{site.target.triple}"
    files = [
        entry(f"{prefix}/bin/codex", mode=0o4777),
        entry(f"{prefix}/codex-resources/notes.txt", mode=0o666),
        entry(f"{prefix}/codex-path/rg", mode=0o2775),
    ]
    data = tarball(files, {f.name: b"#!/bin/sh\n" for f in files})
    registry.publish(f"0.1.0-{site.target.suffix}", data)
    install_codex(site, "0.1.0")
    modes = {
        name: stat.S_IMODE((site.current / name).stat().st_mode)
        for name in ("bin/codex", "codex-resources/notes.txt", "codex-path/rg")
    }
    assert modes == {"bin/codex": 0o755, "codex-resources/notes.txt": 0o644, "codex-path/rg": 0o755}


# --------------------------------------------------------------------------- registry answers


def test_tarball_url_ending_in_dotdot_cannot_name_our_files(
    registry: RegistryStandIn, tmp_path: Path
) -> None:
    site = foreign_site(tmp_path, registry)
    data = make_package(site.target.triple, {"bin/codex": fake_codex_script("0.1.0")})
    version = f"0.1.0-{site.target.suffix}"
    # The stand-in ignores the query; the installer once named its download after "..".
    registry.publish(
        version, data, tarball_url=f"{registry.url}/tarballs/codex-{version}.tgz?x=/.."
    )
    assert install_codex(site, "0.1.0").version == "0.1.0"
    assert sorted(p.name for p in site.root.iterdir()) == [
        ".lock", "current", "downloads", "install.json", "versions",
    ]  # fmt: skip


def test_latest_version_with_a_trailing_newline_is_refused(
    registry: RegistryStandIn, tmp_path: Path
) -> None:
    site = foreign_site(tmp_path, registry)
    registry.latest = "0.1.0\n"
    with pytest.raises(CodexInstallProblem) as caught:
        install_codex(site, "latest")
    assert caught.value.code == "install_registry_error"


def test_versions_that_would_leave_our_folder_are_refused(
    registry: RegistryStandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOKENPOOL_SETUP_DATA_DIR", str(tmp_path / "data"))
    for bad in ("../../x", "0.1.0/../../x", "0.1.0-a/../../x", "/etc"):
        code, _out, err = cli(
            [
                "install-codex",
                "--method",
                "native",
                "--version",
                bad,
                "--yes",
                "--registry",
                registry.url,
            ],
            monkeypatch,
        )
        assert code == 1 and "is not a Codex version" in err and "Traceback" not in err
    assert not (tmp_path / "x").exists() and not (tmp_path / "data" / "codex" / "versions").exists()


def test_a_token_in_the_registry_address_is_never_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOKENPOOL_SETUP_DATA_DIR", str(tmp_path / "data"))
    code, _out, err = cli(
        [
            "install-codex",
            "--method",
            "native",
            "--yes",
            "--registry",
            "http://me:s3cr3t-token@registry.example.com",
        ],
        monkeypatch,
    )
    assert code == 1 and "not a secure (https://) address" in err
    assert "s3cr3t" not in _out + err


# --------------------------------------------------------------------------- disk trouble


def test_a_folder_we_cannot_write_is_said_in_plain_words(
    registry: RegistryStandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").write_text("a file where our folder should be")
    monkeypatch.setenv("TOKENPOOL_SETUP_DATA_DIR", str(tmp_path / "data"))
    code, _out, err = cli(
        [
            "install-codex",
            "--method",
            "native",
            "--yes",
            "--version",
            "0.1.0",
            "--registry",
            registry.url,
        ],
        monkeypatch,
    )
    assert code == 1, err
    assert "Codex could not be installed" in err and "Check that you may write in" in err
    assert "unexpected" not in err and "Traceback" not in err


def test_disk_full_while_unpacking_says_so_and_leaves_the_old_version(
    registry: RegistryStandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    site = foreign_site(tmp_path, registry)
    for version in ("0.1.0", "0.2.0"):
        publish_fake_codex(registry, site, version)
    install_codex(site, "0.1.0")
    real_extract = tarfile.TarFile.extract

    def disk_full(self: tarfile.TarFile, member: object, path: str = "", **kwargs: object) -> None:
        real_extract(self, member, path, **kwargs)  # type: ignore[arg-type]
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(tarfile.TarFile, "extract", disk_full)
    with pytest.raises(CodexInstallProblem) as caught:
        install_codex(site, "0.2.0")
    assert caught.value.code == "install_file_error"
    assert "Free some space" in caught.value.hint
    assert (site.current / "bin" / "codex").read_bytes() == fake_codex_script("0.1.0")
    assert [p.name for p in site.versions_dir.iterdir()] == [f"0.1.0-{site.target.suffix}"]


# --------------------------------------------------------------------------- the person's files


def mac_site(tmp_path: Path, registry: RegistryStandIn) -> InstallSite:
    site = site_for(
        tmp_path, registry, platform_name="darwin", machine="arm64",
        env={"SHELL": "/bin/zsh", "HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    registry.publish(
        "0.6.0-darwin-arm64",
        make_package(site.target.triple, {"bin/codex": fake_codex_script("0.6.0")}),
    )
    return site


@pytest.mark.parametrize(
    "original",
    [b"export A=1\r\nexport B=2\r\n", b"export A=1\nexport B=2", b"# \xc3\xa9t\xc3\xa9\r\n\r\n"],
)
def test_macos_profile_lines_kept_byte_for_byte(
    registry: RegistryStandIn, tmp_path: Path, original: bytes
) -> None:
    site = mac_site(tmp_path, registry)
    profile = site.home / ".zprofile"
    profile.write_bytes(original)
    install_codex(site, "0.6.0")
    install_codex(site, "0.6.0")
    text = profile.read_bytes()
    assert text.startswith(original) and text.count(BLOCK_BEGIN.encode()) == 1
    uninstall_codex(site)
    assert profile.read_bytes() == original


def test_macos_profile_that_is_a_link_stays_a_link(
    registry: RegistryStandIn, tmp_path: Path
) -> None:
    site = mac_site(tmp_path, registry)
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    (dotfiles / "zprofile").write_bytes(b"export A=1\n")
    (site.home / ".zprofile").symlink_to(dotfiles / "zprofile")
    install_codex(site, "0.6.0")
    assert (site.home / ".zprofile").is_symlink()
    assert BLOCK_BEGIN in (dotfiles / "zprofile").read_text()
    uninstall_codex(site)
    assert (site.home / ".zprofile").is_symlink()
    assert (dotfiles / "zprofile").read_bytes() == b"export A=1\n"


def test_macos_read_only_profile_is_left_alone_with_words_what_to_add(
    registry: RegistryStandIn, tmp_path: Path
) -> None:
    site = mac_site(tmp_path, registry)
    profile = site.home / ".zprofile"
    profile.write_bytes(b"export A=1\n")
    profile.chmod(0o444)
    result = install_codex(site, "0.6.0")
    assert profile.read_bytes() == b"export A=1\n" and stat.S_IMODE(profile.stat().st_mode) == 0o444
    assert [s.code for s in result.next_steps] == ["next_add_path_line_yourself"]
    assert f'export PATH="{site.bin_dir}:$PATH"' in result.next_steps[0].text
    assert result.path_changes == ()
    uninstall_codex(site)
    assert profile.read_bytes() == b"export A=1\n"


def windows_site(
    tmp_path: Path, registry: RegistryStandIn, user_env: MemoryUserEnvironment
) -> InstallSite:
    site = site_for(
        tmp_path, registry, platform_name="win32", machine="AMD64",
        env={"USERPROFILE": str(tmp_path / "home")}, user_environment=user_env,
    )  # fmt: skip
    registry.publish(
        "0.7.0-win32-x64",
        make_package(site.target.triple, {"bin/codex.exe": b"MZ"}, executable="codex.exe"),
    )
    return site


def test_windows_uninstall_with_edited_install_json_removes_only_our_path_entry(
    registry: RegistryStandIn, tmp_path: Path
) -> None:
    original = r"C:\Windows\system32;%USERPROFILE%\bin"
    user_env = MemoryUserEnvironment(original)
    site = windows_site(tmp_path, registry, user_env)
    install_codex(site, "0.7.0")
    data = json.loads(site.manifest.read_text())
    data["path_changes"].append({"kind": "windows_path", "target": r"C:\Windows\system32"})
    data["path_changes"].append({"kind": "windows_path", "target": r"%USERPROFILE%\bin"})
    site.manifest.write_text(json.dumps(data))
    uninstall_codex(site)
    assert user_env.value == original and user_env.expandable


@pytest.mark.parametrize(
    "damage",
    ['{"version": "0.1.0", "path_changes": 5}', '{"version": 1}', "not json", "[]", ""],
)
def test_uninstall_tolerates_a_damaged_install_json(
    registry: RegistryStandIn, tmp_path: Path, damage: str
) -> None:
    site = foreign_site(tmp_path, registry)
    publish_fake_codex(registry, site)
    install_codex(site, "0.1.0")
    link = site.home / ".local" / "bin" / "codex"
    assert link.is_symlink()
    site.manifest.write_text(damage)
    result = uninstall_codex(site)
    assert not result.nothing_installed
    assert not os.path.lexists(link) and not site.root.exists()


def test_uninstall_removes_only_what_we_put_in_our_folder(
    registry: RegistryStandIn, tmp_path: Path
) -> None:
    site = foreign_site(tmp_path, registry)
    publish_fake_codex(registry, site)
    install_codex(site, "0.1.0")
    mine = site.root / "my-notes.txt"  # e.g. the data folder was pointed at a folder of theirs
    mine.write_text("keep me")
    uninstall_codex(site)
    assert mine.read_text() == "keep me"
    assert [p.name for p in site.root.iterdir()] == ["my-notes.txt"]


# --------------------------------------------------------------------------- two at once


def test_uninstall_while_an_install_runs_waits_its_turn(
    registry: RegistryStandIn, tmp_path: Path
) -> None:
    site = foreign_site(tmp_path, registry)
    publish_fake_codex(registry, site, files={"codex-resources/blob": os.urandom(6 * 1024 * 1024)})
    registry.seconds_per_chunk = 0.4  # 24 chunks: ~10 s, longer than the lock's 5 s patience
    downloading = threading.Event()
    outcome: list[object] = []

    def progress(p: InstallProgress) -> None:
        if p.stage == "download" and p.done > 0:
            downloading.set()

    def run() -> None:
        try:
            outcome.append(install_codex(site, "0.1.0", on_progress=progress))
        except CodexInstallProblem as exc:  # pragma: no cover - shown by the assert below
            outcome.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    assert downloading.wait(30)
    with pytest.raises(CodexInstallProblem) as caught:
        uninstall_codex(site)
    assert caught.value.code == "install_busy"
    worker.join(60)
    assert outcome and not isinstance(outcome[0], Exception), outcome
    assert (site.current / "bin" / "codex").read_bytes() == fake_codex_script("0.1.0")
    started = time.monotonic()
    uninstall_codex(site)  # its turn now
    assert not site.root.exists() and time.monotonic() - started < 5


@pytest.mark.skipif(not LINUX_X64, reason="installs the host's package: needs Linux x64")
def test_two_installs_at_once_in_two_processes_do_not_corrupt_each_other(
    registry: RegistryStandIn, tmp_path: Path
) -> None:
    import subprocess
    import sys

    from tests.support.codex_harness import REPO_ROOT

    data = make_package(
        "x86_64-unknown-linux-musl",
        {"bin/codex": fake_codex_script("0.1.0"), "codex-resources/blob": os.urandom(4 << 20)},
    )
    registry.publish("0.1.0-linux-x64", data)
    registry.seconds_per_chunk = 0.1  # ~1.6 s each: the two really overlap
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    (tmp_path / "no-node").mkdir()
    env = {
        "HOME": str(home),
        "PATH": str(tmp_path / "no-node"),
        "TOKENPOOL_SETUP_DATA_DIR": str(tmp_path / "data"),
        "TOKENPOOL_SETUP_SETTINGS_DIR": str(tmp_path / "settings"),
        "CODEX_HOME": str(tmp_path / "codex-home"),
        "PYTHONPATH": str(REPO_ROOT),
    }
    args = ["install-codex", "--method", "native", "--yes", "--version", "0.1.0"]
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "app", *args, "--registry", registry.url],
            env=env,
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            stdin=subprocess.DEVNULL,
        )
        for _ in range(2)
    ]
    said = [run.communicate(timeout=120) for run in runs]
    codes = [run.returncode for run in runs]
    for _out, err in said:
        assert "Traceback" not in err and "unexpected" not in err
    # Both succeed (the second waits, then finds it installed), or the second says plainly
    # that another installation is running.
    assert codes.count(0) >= 1, said
    for code, (out, err) in zip(codes, said, strict=True):
        assert code == 0 or "Another installation of Codex is still running" in err, (out, err)
    root = tmp_path / "data" / "codex"
    assert [p.name for p in (root / "versions").iterdir()] == ["0.1.0-linux-x64"]
    assert os.readlink(root / "current") == os.path.join("versions", "0.1.0-linux-x64")
    assert list((root / "downloads").iterdir()) == []
    shown = subprocess.run(
        [str(home / ".local" / "bin" / "codex"), "--version"], capture_output=True, text=True
    )
    assert shown.stdout.strip() == "codex-cli 0.1.0"


def test_a_tampered_part_file_cannot_slip_past_the_checksum(
    registry: RegistryStandIn, tmp_path: Path
) -> None:
    """A .part left behind (by us, or planted) is continued with Range, but the sha512 is taken
    over the whole file: a wrong prefix is caught, and the download starts over once."""
    site = foreign_site(tmp_path, registry)
    good = fake_codex_script("0.1.0")
    evil = make_package(site.target.triple, {"bin/codex": b"#!/bin/sh\necho evil\n"})
    data = make_package(site.target.triple, {"bin/codex": good, "pad": os.urandom(len(evil))})
    version = f"0.1.0-{site.target.suffix}"
    url = registry.publish(version, data)
    site.downloads.mkdir(parents=True)
    part = site.downloads / f"codex-{version}.tgz.part"
    part.write_bytes(evil)  # a whole other tarball as the "first part"
    integrity = registry.packages[version].manifest["dist"]["integrity"]  # type: ignore[index]
    (site.downloads / f"codex-{version}.tgz.part.json").write_text(
        json.dumps({"url": url, "integrity": integrity})
    )
    result = install_codex(site, "0.1.0")
    assert (site.current / "bin" / "codex").read_bytes() == good
    assert not result.resumed_download
    ranges = [r.range for r in registry.tarball_requests()]
    assert ranges == [f"bytes={len(evil)}-", None]  # continued, refused, then whole again
    assert list(site.downloads.iterdir()) == []


def test_when_the_linux_link_cannot_be_made_codex_still_works_and_the_way_is_said(
    registry: RegistryStandIn, tmp_path: Path
) -> None:
    site = foreign_site(tmp_path, registry)
    publish_fake_codex(registry, site)
    (site.home / ".local").mkdir(parents=True)
    (site.home / ".local" / "bin").write_text("a file, not a folder")
    result = install_codex(site, "0.1.0")
    assert [s.code for s in result.next_steps] == ["next_link_failed"]
    assert f"Run Codex as: {site.command}" in result.next_steps[0].text
    assert (site.current / "bin" / "codex").read_bytes() == fake_codex_script("0.1.0")
    assert (site.home / ".local" / "bin").read_text() == "a file, not a folder"


def test_a_token_in_the_registry_address_is_not_stored(
    registry: RegistryStandIn, tmp_path: Path
) -> None:
    site = foreign_site(tmp_path, registry)
    site = InstallSite(**{**site.__dict__, "registry": registry.url.replace("//", "//me:s3cr3t@")})
    publish_fake_codex(registry, site)
    install_codex(site, "0.1.0")
    stored = site.manifest.read_text()
    assert "s3cr3t" not in stored and "127.0.0.1" in stored


def test_stop_after_unpacking_leaves_no_unused_version_behind(
    registry: RegistryStandIn, tmp_path: Path
) -> None:
    site = foreign_site(tmp_path, registry)
    for version in ("0.1.0", "0.2.0"):
        publish_fake_codex(registry, site, version)
    install_codex(site, "0.1.0")
    cancel = threading.Event()

    def stop_when_checking(p: InstallProgress) -> None:
        if p.stage == "check":  # unpacked and checked; not yet switched
            cancel.set()

    with pytest.raises(CodexInstallProblem) as caught:
        install_codex(site, "0.2.0", cancel=cancel, on_progress=stop_when_checking)
    assert caught.value.code == "install_cancelled"
    assert [p.name for p in site.versions_dir.iterdir()] == [f"0.1.0-{site.target.suffix}"]
    assert (site.current / "bin" / "codex").read_bytes() == fake_codex_script("0.1.0")


@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("https://xn--a.com", "is not a valid address"),
        ("https://a..b", "is not a valid address"),
        ("https://registry.invalid", "could not be found"),
    ],
)
def test_a_bad_registry_address_is_said_in_plain_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, address: str, said: str
) -> None:
    monkeypatch.setenv("TOKENPOOL_SETUP_DATA_DIR", str(tmp_path / "data"))
    code, _out, err = cli(
        ["install-codex", "--method", "native", "--yes", "--registry", address], monkeypatch
    )
    assert code == 1 and said in err, err
    assert "unexpected" not in err and "TokenPool endpoint" not in err

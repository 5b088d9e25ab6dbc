"""Installing the native Codex CLI without Node.js (issue 13).

Real parts: a local HTTP server standing in for the npm registry (tests/support/npm_registry.py)
serves the REAL ``@openai/codex@<pinned>-linux-x64`` tarball with its real metadata (fetched once
with npm into .cache/codex-native); the app installs from there with no node on PATH; the installed
``codex`` answers ``--version`` and runs ``codex exec`` against the local gateway imitation with
the files ``configure`` wrote. Refusals (corrupt tarball, ``../`` entries, outward links) use the
same server. macOS and Windows PATH changes run against a temp home and an in-memory registry:
the real Windows registry cannot exist on this Linux machine, so it is the one thing replaced.
"""

from __future__ import annotations

import io
import os
import platform
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import Console, run_cli
from app.core.codex_install.installer import (
    InstallSite,
    current_version_dir,
    install_codex,
    read_installed,
    uninstall_codex,
)
from app.core.codex_install.model import CodexInstallProblem, InstallProgress
from app.core.codex_install.pathsetup import BLOCK_BEGIN, BLOCK_END, mac_profile
from app.core.codex_install.platforms import TARGETS, select_target
from app.core.codex_install.registry import check_url, sha512_digest
from app.core.codex_versions import NEWEST_TESTED_CODEX_VERSION
from tests.gateway import GOOD_KEY, GatewayImitation
from tests.support.codex_harness import CODEX_VERSION, run_codex, run_codex_exec
from tests.support.npm_registry import (
    RealPackage,
    RegistryStandIn,
    environment_without_node,
    fake_codex_script,
    integrity_of,
    make_package,
    real_codex_package,
)

# These install for Linux and macOS (and Windows, with the registry stand-in) on a POSIX host:
# POSIX paths in PATH, symlinks, #!/bin/sh stand-ins. On Windows the real junction switch and
# PATH broadcast are tests/test_windows_real.py.
pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="imitates Linux and macOS installs: needs a POSIX host"
)
LINUX_X64 = sys.platform.startswith("linux") and platform.machine().lower() in ("x86_64", "amd64")
LINUX_TRIPLE = TARGETS[("linux", "x64")]
# Keys `npm view` adds to a version's manifest that the registry's own document does not have.
_NPM_VIEW_EXTRAS = ("dist-tags", "versions", "time", "_contentLength")


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def real_package() -> RealPackage:
    """The real pinned Codex package. Skipped with the reason when it cannot be fetched, except
    on CI (CI=true), where the npm registry is reachable and this must work."""
    if not LINUX_X64:
        pytest.skip("the real-package tests install the linux-x64 Codex: this is not Linux x64")
    try:
        return real_codex_package()
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        reason = f"the real Codex package could not be fetched: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture
def registry() -> Iterator[RegistryStandIn]:
    with RegistryStandIn() as running:
        yield running


def publish_real(
    registry: RegistryStandIn, package: RealPackage, data: bytes | None = None
) -> None:
    manifest = {k: v for k, v in package.manifest.items() if k not in _NPM_VIEW_EXTRAS}
    registry.publish(
        package.package_version,
        package.tarball.read_bytes() if data is None else data,
        manifest=manifest,
        integrity=package.integrity,  # the registry's real sha512, also for a corrupted copy
    )


def site_for(
    tmp_path: Path,
    registry: RegistryStandIn,
    *,
    platform_name: str = "linux",
    machine: str = "x86_64",
    env: dict[str, str] | None = None,
    **extra: object,
) -> InstallSite:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return InstallSite(
        root=tmp_path / "data" / "codex",
        home=home,
        platform=platform_name,
        machine=machine,
        env=env if env is not None else {"PATH": str(home / ".local" / "bin"), "HOME": str(home)},
        registry=registry.url,
        **extra,  # type: ignore[arg-type]
    )


def files_under(folder: Path) -> set[str]:
    if not folder.exists():
        return set()
    return {str(p.relative_to(folder)) for p in folder.rglob("*")} | {
        str(p.relative_to(folder)) for p in folder.rglob(".*")
    }


def cli(args: list[str], monkeypatch: pytest.MonkeyPatch, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = run_cli(args, console=Console(out, err))
    return code, out.getvalue(), err.getvalue()


# --------------------------------------------------------------------------- the real package


@pytest.mark.codex
@pytest.mark.slow
def test_install_real_codex_without_node_then_exec_against_gateway(
    real_package: RealPackage,
    registry: RegistryStandIn,
    gateway: GatewayImitation,
    codex_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    publish_real(registry, real_package)
    home = Path(os.environ["HOME"])
    data_dir = tmp_path / "data"
    monkeypatch.setenv("TOKENPOOL_SETUP_DATA_DIR", str(data_dir))
    with environment_without_node(tmp_path, home / ".local" / "bin") as path_without_node:
        monkeypatch.setenv("PATH", path_without_node)
        code, out, err = cli(
            ["install-codex", "--version", CODEX_VERSION, "--yes", "--registry", registry.url],
            monkeypatch,
        )
        assert code == 0, err
        assert "Open a new terminal window and type: codex" in out
        link = home / ".local" / "bin" / "codex"
        assert link.is_symlink()
        installed = data_dir / "codex" / "current" / "bin" / "codex"
        assert link.resolve() == installed.resolve()
        # Downloaded from the stand-in, not from anywhere else.
        assert registry.tarball_requests(), registry.requests

        version = subprocess.run(
            [str(link), "--version"],
            capture_output=True, text=True, timeout=30,
            env={"PATH": path_without_node, "HOME": str(home)},
        )  # fmt: skip
        assert version.returncode == 0, version.stderr
        assert f"codex-cli {CODEX_VERSION}" in version.stdout

        # The wizard's configure step writes the files; the installed codex uses them.
        code, out, err = cli(
            ["configure", "--codex-home", str(codex_home), "--endpoint", gateway.url,
             "--key-stdin", "--offline", "--yes"],
            monkeypatch, stdin=GOOD_KEY + "\n",
        )  # fmt: skip
        assert code == 0, err
        done = run_codex_exec(link, codex_home, timeout=90, extra_env={"PATH": path_without_node})
        assert done.returncode == 0, done.stderr[-2000:]
        assert "pong" in done.stdout
        posts = [
            r for r in gateway.requests if r.method == "POST" and r.path.endswith("/responses")
        ]
        assert posts and posts[-1].headers.get("authorization") == f"Bearer {GOOD_KEY}"

        # find_codex knows our folder even when nothing of ours is on PATH.
        from app.core.codex_cli import find_codex

        elsewhere = tmp_path / "other-home"
        elsewhere.mkdir()
        found = find_codex(
            {"PATH": str(tmp_path / "bin-without-node"), "HOME": str(elsewhere),
             "TOKENPOOL_SETUP_DATA_DIR": str(data_dir)}
        )  # fmt: skip
        assert found is not None and found.path == installed
        assert found.version == CODEX_VERSION

        # Re-running changes nothing (and downloads nothing).
        before = len(registry.tarball_requests())
        code, out, err = cli(
            ["install-codex", "--version", CODEX_VERSION, "--yes", "--registry", registry.url],
            monkeypatch,
        )
        assert code == 0, err
        assert "already installed" in out
        assert len(registry.tarball_requests()) == before

        # Uninstall: nothing of ours is left.
        code, out, err = cli(["install-codex", "--uninstall", "--yes"], monkeypatch)
        assert code == 0, err
        assert not link.exists() and not link.is_symlink()
        assert not (data_dir / "codex").exists()
        assert files_under(home / ".local" / "bin") == set()


@pytest.mark.codex
@pytest.mark.slow
def test_corrupted_tarball_is_refused_before_anything_is_unpacked(
    real_package: RealPackage, registry: RegistryStandIn, tmp_path: Path
) -> None:
    data = bytearray(real_package.tarball.read_bytes())
    data[len(data) // 2] ^= 0x01  # one byte changed
    publish_real(registry, real_package, bytes(data))
    site = site_for(tmp_path, registry)
    stages: list[str] = []
    with pytest.raises(CodexInstallProblem) as caught:
        install_codex(site, CODEX_VERSION, on_progress=lambda p: stages.append(p.stage))
    assert caught.value.code == "install_integrity"
    assert "unpack" not in stages
    assert not site.versions_dir.exists()  # created only when unpacking starts
    assert not site.current.exists()
    assert files_under(site.downloads) == set()  # the bad download is deleted
    assert not (site.home / ".local" / "bin" / "codex").exists()


@pytest.mark.codex
@pytest.mark.slow
def test_cancelled_download_leaves_nothing_installed_and_resumes(
    real_package: RealPackage, registry: RegistryStandIn, tmp_path: Path
) -> None:
    publish_real(registry, real_package)
    site = site_for(tmp_path, registry)
    cancel = threading.Event()

    def stop_midway(progress: InstallProgress) -> None:
        if progress.stage == "download" and progress.done > 20 * 1024 * 1024:
            cancel.set()

    with pytest.raises(CodexInstallProblem) as caught:
        install_codex(site, CODEX_VERSION, cancel=cancel, on_progress=stop_midway)
    assert caught.value.code == "install_cancelled"
    assert not site.current.exists() and not site.versions_dir.exists()
    assert not (site.home / ".local" / "bin" / "codex").exists()
    assert read_installed(site) is None
    parts = list(site.downloads.glob("*.part"))
    assert len(parts) == 1
    partial = parts[0].stat().st_size
    assert 0 < partial < real_package.tarball.stat().st_size

    # Again: the download continues where it stopped (a Range request), and installs.
    result = install_codex(site, CODEX_VERSION)
    assert result.resumed_download
    assert registry.tarball_requests()[-1].range == f"bytes={partial}-"
    assert result.codex.is_file() and result.version == CODEX_VERSION
    assert files_under(site.downloads) == set()
    assert [p.name for p in site.versions_dir.iterdir()] == [real_package.package_version]


@pytest.mark.codex
@pytest.mark.slow
def test_failed_upgrade_leaves_the_old_version_working(
    real_package: RealPackage, registry: RegistryStandIn, tmp_path: Path
) -> None:
    publish_real(registry, real_package)
    # A "newer" version whose program does not start: it must never become current.
    broken = make_package(LINUX_TRIPLE, {"bin/codex": fake_codex_script("9.9.9", exit_code=3)})
    registry.publish("9.9.9-linux-x64", broken)
    site = site_for(tmp_path, registry)
    install_codex(site, CODEX_VERSION)
    with pytest.raises(CodexInstallProblem) as caught:
        install_codex(site, "9.9.9")
    assert caught.value.code == "install_broken"
    assert current_version_dir(site) == site.versions_dir / real_package.package_version
    assert [p.name for p in site.versions_dir.iterdir()] == [real_package.package_version]
    done = run_codex(site.home / ".local" / "bin" / "codex", ["--version"], tmp_path / "ch")
    assert f"codex-cli {CODEX_VERSION}" in done.stdout
    installed = read_installed(site)
    assert installed is not None and installed.version == CODEX_VERSION


# --------------------------------------------------------------------------- unsafe tarballs


@pytest.mark.parametrize(
    ("links", "raw_names", "reason"),
    [
        ({}, {"package/vendor/../../escaped.txt": b"x"}, "path leaves the folder"),
        ({}, {"package/../escaped.txt": b"x"}, "path leaves the folder"),
        ({}, {"/tmp/absolute.txt": b"x"}, "absolute path"),
        ({"bin/evil": "../../../../../etc/passwd"}, {}, "link points out of the folder"),
        ({"bin/evil": "/etc/passwd"}, {}, "link to an absolute path"),
    ],
)
def test_unsafe_tarball_is_refused_before_anything_is_written(
    registry: RegistryStandIn,
    tmp_path: Path,
    links: dict[str, str],
    raw_names: dict[str, bytes],
    reason: str,
) -> None:
    site = site_for(tmp_path, registry)
    data = make_package(
        site.target.triple,
        {"bin/codex": fake_codex_script("0.1.0")},
        links=links,
        raw_names=raw_names,
    )
    registry.publish(f"0.1.0-{site.target.suffix}", data)  # right checksum: only contents bad
    before = files_under(tmp_path)
    with pytest.raises(CodexInstallProblem) as caught:
        install_codex(site, "0.1.0")
    assert caught.value.code == "install_unsafe_archive"
    assert caught.value.params["reason"] == reason
    assert not site.versions_dir.exists()
    assert not site.current.exists()
    new = files_under(tmp_path) - before
    # Only our own bookkeeping appeared (the lock, the downloads folder): nothing unpacked, no
    # file outside, nothing on PATH.
    assert all(n.startswith(("data/codex/.lock", "data/codex/downloads", "data")) for n in new)
    assert not any("escaped" in n or "absolute" in n or n.endswith("bin/codex") for n in new)
    assert not Path("/tmp/absolute.txt").exists()


def test_links_inside_the_package_are_fine(registry: RegistryStandIn, tmp_path: Path) -> None:
    site = site_for(tmp_path, registry, machine="arm64" if LINUX_X64 else "x86_64")
    data = make_package(
        site.target.triple,
        {"bin/codex": fake_codex_script("0.2.0"), "codex-path/rg": b"rg"},
        links={"rg": "codex-path/rg"},
    )
    registry.publish(f"0.2.0-{site.target.suffix}", data)
    result = install_codex(site, "0.2.0")
    assert (site.current / "rg").is_symlink()
    assert (site.current / "rg").read_bytes() == b"rg"
    assert result.codex == site.current / "bin" / "codex"


# --------------------------------------------------------------------------- other behaviour


def test_restarts_cleanly_without_range_support(registry: RegistryStandIn, tmp_path: Path) -> None:
    site = site_for(tmp_path, registry, machine="arm64" if LINUX_X64 else "x86_64")
    payload = os.urandom(3 * 1024 * 1024)  # incompressible: a tarball of a few MB
    data = make_package(
        site.target.triple, {"bin/codex": fake_codex_script("0.3.0"), "blob": payload}
    )
    registry.publish(f"0.3.0-{site.target.suffix}", data)
    registry.range_support = False
    cancel = threading.Event()
    with pytest.raises(CodexInstallProblem):
        install_codex(
            site, "0.3.0", cancel=cancel,
            on_progress=lambda p: cancel.set() if p.stage == "download" and p.done else None,
        )  # fmt: skip
    assert list(site.downloads.glob("*.part"))
    result = install_codex(site, "0.3.0")
    # It asked to continue; the server sent the whole file; it started again from byte 0 (had it
    # appended, the checksum would fail).
    assert registry.tarball_requests()[-1].range is not None
    assert not result.resumed_download
    assert (site.current / "blob").read_bytes() == payload


def test_not_enough_disk_space_is_said_before_downloading(
    registry: RegistryStandIn, tmp_path: Path
) -> None:
    site = site_for(
        tmp_path, registry, machine="arm64" if LINUX_X64 else "x86_64",
        disk_free=lambda folder: 10 * 1024 * 1024,  # the only way to have a full disk here
    )  # fmt: skip
    data = make_package(site.target.triple, {"bin/codex": fake_codex_script("0.4.0")})
    registry.publish(f"0.4.0-{site.target.suffix}", data + b"\0" * (40 * 1024 * 1024))
    with pytest.raises(CodexInstallProblem) as caught:
        install_codex(site, "0.4.0")
    assert caught.value.code == "install_disk_full"
    assert "10 MB are free" in caught.value.message
    assert all(p.stat().st_size == 0 for p in site.downloads.glob("*.part"))


def test_only_https_leaves_this_computer(registry: RegistryStandIn, tmp_path: Path) -> None:
    site = site_for(tmp_path, registry, machine="arm64" if LINUX_X64 else "x86_64")
    data = make_package(site.target.triple, {"bin/codex": fake_codex_script("0.5.0")})
    registry.publish(f"0.5.0-{site.target.suffix}", data, tarball_url="http://example.com/c.tgz")
    with pytest.raises(CodexInstallProblem) as caught:
        install_codex(site, "0.5.0")
    assert caught.value.code == "install_insecure_url"
    assert check_url("https://registry.npmjs.org/x") == "https://registry.npmjs.org/x"
    assert check_url("http://127.0.0.1:9/x") == "http://127.0.0.1:9/x"


def test_newest_tested_by_default_and_latest_on_request(
    registry: RegistryStandIn, tmp_path: Path
) -> None:
    site = site_for(tmp_path, registry, machine="arm64" if LINUX_X64 else "x86_64")
    for version in (NEWEST_TESTED_CODEX_VERSION, "9.0.0"):
        data = make_package(site.target.triple, {"bin/codex": fake_codex_script(version)})
        registry.publish(f"{version}-{site.target.suffix}", data)
    registry.latest = "9.0.0"
    assert install_codex(site).version == NEWEST_TESTED_CODEX_VERSION
    upgraded = install_codex(site, "latest")
    assert upgraded.version == "9.0.0"
    assert upgraded.previous_version == NEWEST_TESTED_CODEX_VERSION
    with pytest.raises(CodexInstallProblem) as caught:
        install_codex(site, "8.0.0")
    assert caught.value.code == "install_version_missing"


@pytest.mark.parametrize(
    ("plat", "machine", "suffix"),
    [
        ("linux", "x86_64", "linux-x64"),
        ("linux", "aarch64", "linux-arm64"),
        ("darwin", "x86_64", "darwin-x64"),
        ("darwin", "arm64", "darwin-arm64"),
        ("win32", "AMD64", "win32-x64"),
        ("win32", "ARM64", "win32-arm64"),
    ],
)
def test_platform_package_choice(plat: str, machine: str, suffix: str) -> None:
    assert select_target(plat, machine).suffix == suffix


def test_unsupported_platform_is_said_plainly() -> None:
    with pytest.raises(CodexInstallProblem) as caught:
        select_target("linux", "i686")
    assert caught.value.code == "install_unsupported_platform"


def test_sri_parsing() -> None:
    assert sha512_digest(integrity_of(b"abc")) is not None
    assert sha512_digest("sha1-qZk+NkcGgWq6PiVxeFDCbJzQ2J0=") is None
    assert sha512_digest("sha512-not-base64!") is None


# --------------------------------------------------------------------------- macOS and Windows PATH


def test_macos_zprofile_block_added_kept_and_removed(
    registry: RegistryStandIn, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    original = b'export EDITOR=vim\neval "$(/opt/homebrew/bin/brew shellenv)"\n'
    (home / ".zprofile").write_bytes(original)
    root = tmp_path / "Library" / "Application Support" / "TokenPool Setup" / "codex"
    site = site_for(
        tmp_path, registry, platform_name="darwin", machine="arm64",
        env={"SHELL": "/bin/zsh", "HOME": str(home), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    site = InstallSite(**{**site.__dict__, "root": root})
    data = make_package(site.target.triple, {"bin/codex": fake_codex_script("0.6.0")})
    registry.publish("0.6.0-darwin-arm64", data)
    result = install_codex(site, "0.6.0")
    text = (home / ".zprofile").read_text()
    assert text.startswith(original.decode())
    assert BLOCK_BEGIN in text and BLOCK_END in text
    assert f'export PATH="{root}/current/bin:$PATH"' in text  # the space stays inside quotes
    assert [s.code for s in result.next_steps] == ["next_open_terminal_mac"]
    backups = list((root / "backups").iterdir())
    assert len(backups) == 1 and backups[0].read_bytes() == original  # a copy before the change
    # The block really puts codex on PATH for a login zsh/sh reading it.
    shown = subprocess.run(
        ["sh", "-c", f'. "{home / ".zprofile"}" 2>/dev/null; printf %s "$PATH"'],
        capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "HOME": str(home)},
    ).stdout  # fmt: skip
    assert shown.split(":")[0] == f"{root}/current/bin"
    install_codex(site, "0.6.0")  # again: still one block
    assert (home / ".zprofile").read_text().count(BLOCK_BEGIN) == 1
    uninstall_codex(site)
    assert (home / ".zprofile").read_bytes() == original
    assert not root.exists()


def test_macos_bash_uses_the_profile_bash_reads(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    assert mac_profile(home, {"SHELL": "/bin/zsh"}) == home / ".zprofile"
    assert mac_profile(home, {"SHELL": "/bin/bash"}) == home / ".bash_profile"
    (home / ".profile").write_text("# mine\n")
    # A new .bash_profile would stop bash reading .profile: use the existing one.
    assert mac_profile(home, {"SHELL": "/usr/local/bin/bash"}) == home / ".profile"


def test_macos_profile_we_created_is_removed_on_uninstall(
    registry: RegistryStandIn, tmp_path: Path
) -> None:
    site = site_for(
        tmp_path, registry, platform_name="darwin", machine="x86_64",
        env={"SHELL": "/bin/zsh", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    registry.publish(
        "0.6.0-darwin-x64",
        make_package(site.target.triple, {"bin/codex": fake_codex_script("0.6.0")}),
    )
    install_codex(site, "0.6.0")
    assert (site.home / ".zprofile").exists()
    uninstall_codex(site)
    assert files_under(site.home) == set()


class MemoryUserEnvironment:
    """HKCU\\Environment for the test. The real Windows registry cannot exist on this Linux
    machine; this stands in for it (WindowsUserEnvironment is the real one)."""

    def __init__(self, value: str | None, expandable: bool = True) -> None:
        self.value = value
        self.expandable = expandable
        self.announced = 0

    def read_path(self) -> tuple[str | None, bool]:
        return self.value, self.expandable

    def write_path(self, value: str, expandable: bool) -> None:
        self.value, self.expandable = value, expandable

    def announce(self) -> None:
        self.announced += 1


@pytest.mark.parametrize("machine", ["AMD64", "ARM64"])
def test_windows_user_path_gets_our_folder_and_loses_it_again(
    registry: RegistryStandIn, tmp_path: Path, machine: str
) -> None:
    original = r"%USERPROFILE%\AppData\Local\Microsoft\WindowsApps;C:\Users\me\AppData\Roaming\npm"
    user_env = MemoryUserEnvironment(original)
    site = site_for(
        tmp_path, registry, platform_name="win32", machine=machine,
        env={"USERPROFILE": str(tmp_path / "home")}, user_environment=user_env,
    )  # fmt: skip
    data = make_package(
        site.target.triple, {"bin/codex.exe": b"MZ not really"}, executable="codex.exe"
    )
    registry.publish(f"0.7.0-{site.target.suffix}", data)
    result = install_codex(site, "0.7.0")
    assert user_env.value == f"{original};{site.bin_dir}"
    assert user_env.expandable  # REG_EXPAND_SZ stays REG_EXPAND_SZ: %USERPROFILE% keeps working
    assert user_env.announced == 1  # WM_SETTINGCHANGE in the real implementation
    assert result.codex.name == "codex.exe"
    assert [s.code for s in result.next_steps] == ["next_open_terminal_windows"]
    install_codex(site, "0.7.0")
    assert user_env.value.count(str(site.bin_dir)) == 1 and user_env.announced == 1
    uninstall_codex(site)
    assert user_env.value == original
    assert not site.root.exists()


def test_windows_path_created_when_absent(registry: RegistryStandIn, tmp_path: Path) -> None:
    user_env = MemoryUserEnvironment(None)
    site = site_for(
        tmp_path, registry, platform_name="win32", machine="AMD64", env={},
        user_environment=user_env,
    )  # fmt: skip
    registry.publish(
        "0.7.0-win32-x64",
        make_package(site.target.triple, {"bin/codex.exe": b"MZ"}, executable="codex.exe"),
    )
    install_codex(site, "0.7.0")
    assert user_env.value == str(site.bin_dir) and user_env.expandable


def test_linux_link_that_is_not_ours_is_left_alone(
    registry: RegistryStandIn, tmp_path: Path
) -> None:
    site = site_for(tmp_path, registry, machine="arm64" if LINUX_X64 else "x86_64")
    theirs = site.home / ".local" / "bin" / "codex"
    theirs.parent.mkdir(parents=True)
    theirs.write_text("#!/bin/sh\necho theirs\n")
    registry.publish(
        f"0.8.0-{site.target.suffix}",
        make_package(site.target.triple, {"bin/codex": fake_codex_script("0.8.0")}),
    )
    result = install_codex(site, "0.8.0")
    assert theirs.read_text() == "#!/bin/sh\necho theirs\n"
    assert [s.code for s in result.next_steps] == ["next_other_codex_in_local_bin"]
    uninstall_codex(site)
    assert theirs.read_text() == "#!/bin/sh\necho theirs\n"


def test_uninstall_with_nothing_installed(registry: RegistryStandIn, tmp_path: Path) -> None:
    site = site_for(tmp_path, registry)
    assert uninstall_codex(site).nothing_installed


# --------------------------------------------------------------------------- which Codex runs


def npm_codex(folder: Path, name: str = "codex") -> Path:
    """npm's launcher as npm installs it: a node script."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / name
    script.write_text("#!/usr/bin/env node\nrequire('../lib/node_modules/@openai/codex');\n")
    script.chmod(0o755)
    return script


def test_doctor_says_which_codex_runs_where_on_linux(
    registry: RegistryStandIn, tmp_path: Path, paths: object
) -> None:
    from app.core.codex_install.which import codex_choice, several_codex_finding
    from app.core.doctor import run_doctor

    home = tmp_path / "home"
    npm_bin = home / ".npm-global" / "bin"
    theirs = npm_codex(npm_bin)
    env = {
        "HOME": str(home),
        "PATH": str(npm_bin),  # the app (and today's terminal) sees npm's first
        "TOKENPOOL_SETUP_DATA_DIR": str(tmp_path / "data"),
    }
    site = InstallSite.for_user(env, platform="linux", machine="x86_64", registry=registry.url)
    registry.publish(
        f"0.9.0-{site.target.suffix}",
        make_package(site.target.triple, {"bin/codex": fake_codex_script("0.9.0")}),
    )
    install_codex(site, "0.9.0")
    (home / ".profile").write_text('PATH="$HOME/.local/bin:$PATH"\n')  # as Debian/Ubuntu ship it
    choice = codex_choice(env, platform="linux")
    assert {c.origin for c in choice.installs} == {"npm", "tokenpool"}
    assert choice.used is not None and choice.used.path == theirs and choice.used.origin == "npm"
    assert choice.new_terminal is not None and choice.new_terminal.origin == "tokenpool"
    said = several_codex_finding(choice)
    assert said is not None and said[0] == "codex_several_installed"
    assert f"This app uses {theirs} (from npm)" in said[1]
    assert "a new terminal runs" in said[1] and "installed by TokenPool Setup" in said[1]

    report = run_doctor(paths, env=env, run_codex_doctor=False)  # type: ignore[arg-type]
    assert "codex_several_installed" in report.codes()

    # One Codex only: nothing to say.
    theirs.unlink()
    assert several_codex_finding(codex_choice(env, platform="linux")) is None


def test_new_terminal_on_macos_runs_ours_after_the_profile_block(
    registry: RegistryStandIn, tmp_path: Path
) -> None:
    from app.core.codex_install.which import codex_choice

    home = tmp_path / "home"
    npm_codex(tmp_path / "usr-local-bin")
    env = {
        "HOME": str(home),
        "SHELL": "/bin/zsh",
        "PATH": str(tmp_path / "usr-local-bin"),
        "TOKENPOOL_SETUP_DATA_DIR": str(tmp_path / "data"),
    }
    site = InstallSite.for_user(env, platform="darwin", machine="arm64", registry=registry.url)
    registry.publish(
        "0.9.0-darwin-arm64",
        make_package(site.target.triple, {"bin/codex": fake_codex_script("0.9.0")}),
    )
    assert codex_choice(env, platform="darwin").new_terminal.origin == "npm"  # type: ignore[union-attr]
    install_codex(site, "0.9.0")
    choice = codex_choice(env, platform="darwin")
    assert choice.new_terminal is not None and choice.new_terminal.origin == "tokenpool"


def test_new_terminal_on_windows_follows_the_registry_path(
    registry: RegistryStandIn, tmp_path: Path
) -> None:
    """The registry is the in-memory stand-in: the real one cannot exist on Linux."""
    from app.core.codex_install.which import codex_choice

    appdata_npm = tmp_path / "AppData" / "Roaming" / "npm"
    npm_codex(appdata_npm, "codex.cmd")
    user_env = MemoryUserEnvironment(str(appdata_npm))
    env = {
        "USERPROFILE": str(tmp_path / "home"),
        "PATH": r"C:\Windows\system32",  # this app started before the npm install: not on PATH
        "APPDATA": str(tmp_path / "AppData" / "Roaming"),
        "TOKENPOOL_SETUP_DATA_DIR": str(tmp_path / "data"),
    }
    site = InstallSite.for_user(
        env, platform="win32", machine="AMD64", registry=registry.url, user_environment=user_env
    )
    registry.publish(
        "0.9.0-win32-x64",
        make_package(site.target.triple, {"bin/codex.exe": b"MZ"}, executable="codex.exe"),
    )
    install_codex(site, "0.9.0")
    choice = codex_choice(env, platform="win32", user_environment=user_env)
    # npm's folder comes first in the user Path: a new terminal runs npm's codex.cmd.
    assert choice.new_terminal is not None and choice.new_terminal.origin == "npm"
    assert {c.origin for c in choice.installs} == {"npm", "tokenpool"}


def test_cli_says_plainly_what_went_wrong(
    registry: RegistryStandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOKENPOOL_SETUP_DATA_DIR", str(tmp_path / "data"))
    with environment_without_node(tmp_path) as path_without_node:
        monkeypatch.setenv("PATH", path_without_node)
        code, _, err = cli(
            ["install-codex", "--version", "not-a-version", "--yes", "--registry", registry.url],
            monkeypatch,
        )
        assert code == 1 and "'not-a-version' is not a Codex version." in err
        assert "Traceback" not in err
        code, _, err = cli(
            ["install-codex", "--version", "7.7.7", "--yes", "--registry", registry.url],
            monkeypatch,
        )
        assert code == 1 and "Codex 7.7.7 is not published for this computer" in err
        code, _, err = cli(["install-codex", "--method", "npm", "--yes"], monkeypatch)
        assert code == 1 and "npm is not installed" in err
        code, _, err = cli(
            ["install-codex", "--yes", "--registry", "http://registry.example.com"], monkeypatch
        )
        assert code == 1 and "not a secure (https://) address" in err
        assert not (tmp_path / "data" / "codex" / "current").exists()

"""The real macOS counterparts of what the Linux run imitates (a Secret Service for the keychain,
a file check for the LaunchAgent, a fake shell for the login profile): here a temporary keychain
made with `security`, the LaunchAgent checked by `plutil -lint` and loaded by `launchctl` (under a
test label running /usr/bin/true), the login-profile PATH block read by a real login zsh and
bash, and the PATH an app started from the Finder has. Runs on the macOS runners of the push
workflow (.github/workflows/test.yml); skipped elsewhere. What changes the user's keychain list
or launchd runs only with CI=true (a runner's throwaway account)."""

from __future__ import annotations

import os
import plistlib
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform != "darwin", reason="the real macOS tools")
IN_CI = os.environ.get("CI") == "true"
ci_only = pytest.mark.skipif(
    not IN_CI, reason="changes the user's keychain list or launchd: CI runners only (CI=true)"
)
FINDER_PATH = "/usr/bin:/bin:/usr/sbin:/sbin"  # what launchd gives an app opened in the Finder


def _security(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["security", *args], capture_output=True, text=True, timeout=60)


def _keychains(domain: str) -> list[str]:
    listed = _security("list-keychains", "-d", domain).stdout
    return re.findall(r'"([^"]+)"', listed)


@pytest.fixture
def temporary_keychain(tmp_path: Path) -> Iterator[Path]:
    """A new keychain, unlocked, made the default (keyring's macOS backend writes to the default
    keychain only) and the only one searched: a lookup never reaches the account's own login
    keychain, which may be locked (then macOS would ask for its password, which no runner can
    answer). The user's list and default are put back afterwards."""
    path = tmp_path / "tokenpool-test.keychain-db"
    password = uuid.uuid4().hex
    searched = _keychains("user")
    default = re.findall(r'"([^"]+)"', _security("default-keychain", "-d", "user").stdout)
    assert _security("create-keychain", "-p", password, str(path)).returncode == 0
    try:
        assert _security("unlock-keychain", "-p", password, str(path)).returncode == 0
        assert _security("list-keychains", "-d", "user", "-s", str(path)).returncode == 0
        assert _security("default-keychain", "-d", "user", "-s", str(path)).returncode == 0
        yield path
    finally:
        if default:
            _security("default-keychain", "-d", "user", "-s", default[0])
        _security("list-keychains", "-d", "user", "-s", *searched)
        _security("delete-keychain", str(path))


@ci_only
def test_the_key_is_kept_in_the_real_keychain(temporary_keychain: Path, good_key: str) -> None:
    from keyring.backends import macOS

    from app.core.secrets import ACCOUNT, SERVICE, delete_key, keychain_status, load_key, store_key

    backend = macOS.Keyring()
    assert keychain_status(backend).available
    store_key(good_key, backend)
    found = _security(
        "find-generic-password", "-s", SERVICE, "-a", ACCOUNT, str(temporary_keychain)
    )
    assert found.returncode == 0, found.stderr  # in our temporary keychain, not elsewhere
    assert good_key not in found.stdout  # listed without -w: the secret is not printed
    assert load_key(backend) == good_key
    assert delete_key(backend)
    assert load_key(backend) is None


def _agent(tmp_path: Path, label: str | None = None) -> Path:
    from app.core.platform.autostart import LaunchAgentAutostart

    kwargs = {"label": label} if label else {}
    entry = LaunchAgentAutostart(tmp_path / "LaunchAgents", ("/usr/bin/true",), **kwargs)
    entry.set_enabled(True)
    assert entry.is_enabled()
    return entry.path


def test_the_launch_agent_passes_plutil(tmp_path: Path) -> None:
    path = _agent(tmp_path)
    lint = subprocess.run(["plutil", "-lint", str(path)], capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    plist = plistlib.loads(path.read_bytes())
    assert plist["ProgramArguments"] == ["/usr/bin/true"] and plist["RunAtLoad"] is True


@ci_only
def test_launchd_loads_the_launch_agent(tmp_path: Path) -> None:
    """Our plist's keys as launchd reads them, under a test label that runs /usr/bin/true."""
    domain = f"gui/{os.getuid()}"
    if subprocess.run(["launchctl", "print", domain], capture_output=True).returncode != 0:
        pytest.skip(f"no {domain} domain on this runner (no graphical session)")
    label = f"com.tokenpool.setup.test.{uuid.uuid4().hex[:8]}"
    path = _agent(tmp_path, label)
    loaded = subprocess.run(
        ["launchctl", "bootstrap", domain, str(path)], capture_output=True, text=True
    )
    try:
        assert loaded.returncode == 0, loaded.stderr
        shown = subprocess.run(
            ["launchctl", "print", f"{domain}/{label}"], capture_output=True, text=True
        )
        assert shown.returncode == 0 and "/usr/bin/true" in shown.stdout
    finally:
        subprocess.run(["launchctl", "bootout", f"{domain}/{label}"], capture_output=True)


@pytest.mark.parametrize("shell", ["/bin/zsh", "/bin/bash"])
def test_a_login_shell_reads_the_path_block(tmp_path: Path, shell: str) -> None:
    """The block written into the login profile puts the folder on the PATH of a real login
    shell — and so of what the app asks when started from the Finder."""
    from app.core.codex_install.pathsetup import add_mac_profile_block, mac_profile
    from app.core.platform.tool_env import login_shell_path

    if not Path(shell).exists():
        pytest.skip(f"{shell} is not on this Mac")
    home = tmp_path / "home"
    home.mkdir()
    bin_dir = tmp_path / "Codex's bin"  # a quote and a space, as a person's folders may have
    bin_dir.mkdir()
    env = {"SHELL": shell, "HOME": str(home), "PATH": FINDER_PATH, "USER": os.environ["USER"]}
    add_mac_profile_block(home, bin_dir, env)
    assert mac_profile(home, env).is_file()
    path = login_shell_path(env, platform="darwin", timeout=30)
    assert path is not None and str(bin_dir) in path.split(":")


def test_an_app_started_from_the_finder_finds_npm_through_the_login_shell(tmp_path: Path) -> None:
    """Opened from the Finder, the app's PATH is launchd's bare one; the npm a person installed
    (here in a folder only their .zprofile names) is found through the login shell."""
    from app.core.platform.tool_env import find_tool, login_shell_path, tool_environment

    home = tmp_path / "home"
    home.mkdir()
    npm_dir = tmp_path / "my tools" / "bin"
    npm_dir.mkdir(parents=True)
    npm = npm_dir / "npm"
    npm.write_text("#!/bin/sh\necho 10.9.0\n")
    npm.chmod(0o755)
    (home / ".zprofile").write_text(f'export PATH="{npm_dir}:$PATH"\n')
    finder_env = {"SHELL": "/bin/zsh", "HOME": str(home), "PATH": FINDER_PATH}
    assert find_tool("npm", finder_env, home, platform="darwin") != npm
    login = login_shell_path(finder_env, platform="darwin", timeout=30)
    env = tool_environment(finder_env, home, platform="darwin", login_path=login)
    assert find_tool("npm", env, home, platform="darwin") == npm
    assert shutil.which("npm", path=env["PATH"]) == str(npm)


# The service made inside an autorelease pool that is then drained, as Qt's Cocoa event loop
# drains one after every event; asked again afterwards, as a later click on "Start at login"
# does. NSZombieEnabled turns a message to a freed object into a certain crash.
SERVICE_AFTER_POOL = r"""
import ctypes, ctypes.util, sys
from app.core.platform import autostart
objc = ctypes.CDLL(ctypes.util.find_library("objc"))
objc.objc_autoreleasePoolPush.restype = ctypes.c_void_p
objc.objc_autoreleasePoolPop.argtypes = [ctypes.c_void_p]
pool = objc.objc_autoreleasePoolPush()
service = autostart._ObjcAppService(autostart.BUNDLE_ID + ".plist")
objc.objc_autoreleasePoolPop(pool)
print(service.status())
"""


def test_the_login_item_service_outlives_the_event_that_made_it() -> None:
    import platform

    if int(platform.mac_ver()[0].split(".")[0]) < 13:
        pytest.skip("SMAppService needs macOS 13 or later")
    from app.core.platform import autostart

    done = subprocess.run(
        [sys.executable, "-c", SERVICE_AFTER_POOL],
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "NSZombieEnabled": "YES"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    status = int(done.stdout.strip().splitlines()[-1])
    assert status in (autostart.SM_NOT_REGISTERED, autostart.SM_NOT_FOUND)

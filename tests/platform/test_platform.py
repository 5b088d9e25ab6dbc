"""What a double-clicked app meets on macOS and Windows, imitated here (issue 11).

The platform, the environment and the paths are inputs, so a Linux test can be a Mac started from
Finder (PATH=/usr/bin:/bin:/usr/sbin:/sbin, node only under nvm) or a Windows account named R&D.
Real processes throughout (the real pinned Codex, the real npm and node); only what cannot exist
here is stood in for, and each test says which: cmd.exe (we prove it is not used), xcode-select.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from app.core import codex_cli
from app.core.paths import AppPaths, home_dir
from app.core.platform import child, tool_env
from app.core.wizard import tasks as wizard_tasks

ROOT = Path(__file__).resolve().parents[2]
NODE = shutil.which("node")
NPM = shutil.which("npm")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")
# These run #!/bin/sh stand-ins or make symlinks, as macOS and Linux can; on Windows their real
# counterparts are tests/test_windows_real.py (npm's codex.cmd, the tree kill).
posix_host = pytest.mark.skipif(
    sys.platform == "win32", reason="runs #!/bin/sh stand-ins and symlinks: a POSIX host"
)


def finder_path(tmp_path: Path) -> str:
    """What a Finder-started app gets: /usr/bin:/bin… — imitated by a folder holding only the
    tools macOS has there (env, sh) and no node, npm or codex."""
    folder = tmp_path / "finder-usr-bin"
    folder.mkdir()
    for tool in ("env", "sh"):
        found = shutil.which(tool)
        assert found is not None
        (folder / tool).symlink_to(found)
    return str(folder)


def nvm_node(home: Path) -> Path:
    """A Node that only nvm knows about: ~/.nvm/versions/node/v22.11.0/bin/node."""
    assert NODE is not None
    bin_dir = home / ".nvm" / "versions" / "node" / "v22.11.0" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "node").symlink_to(os.path.realpath(NODE))
    return bin_dir / "node"


def codex_package(codex_bin: Path) -> Path:
    """The installed @openai/codex package folder behind the pinned test Codex."""
    script = Path(os.path.realpath(codex_bin))
    package = script.parent.parent
    assert (package / "package.json").is_file(), script
    return package


# --------------------------------------------------------------------------- 1: tool environment


@posix_host
@needs_node
@pytest.mark.codex
def test_codex_under_npm_global_starts_from_finder(tmp_path: Path, codex_bin: Path) -> None:
    """npm's own EACCES advice puts Codex in ~/.npm-global/bin; node is elsewhere (nvm here)."""
    home = tmp_path / "home"
    nvm_node(home)
    npm_global = home / ".npm-global" / "bin"
    npm_global.mkdir(parents=True)
    (npm_global / "codex").symlink_to(codex_package(codex_bin) / "bin" / "codex.js")
    env = {"HOME": str(home), "PATH": finder_path(tmp_path)}

    found = codex_cli.find_codex(env, platform="darwin")

    assert found is not None and found.path == npm_global / "codex"
    expected = codex_cli.codex_version(codex_bin)
    assert expected is not None
    assert found.version == expected  # it started: its node was found


@posix_host
@needs_node
@pytest.mark.skipif(NPM is None, reason="npm is not installed")
def test_npm_from_nvm_is_found_and_runs_from_finder(tmp_path: Path) -> None:
    """A user whose Node comes only from nvm: npm is offered and runs (`npm prefix -g`)."""
    assert NPM is not None
    home = tmp_path / "home"
    node = nvm_node(home)
    (node.parent / "npm").symlink_to(os.path.realpath(NPM))
    prefix = tmp_path / "npm-prefix"
    env = {"HOME": str(home), "PATH": finder_path(tmp_path), "NPM_CONFIG_PREFIX": str(prefix)}

    npm = wizard_tasks.find_npm(env, platform="darwin")

    assert npm == str(node.parent / "npm")
    assert wizard_tasks.npm_global_bin_dirs(npm, env) == [prefix / "bin"]


@posix_host
def test_tool_environment_puts_the_tool_then_its_node_first(tmp_path: Path) -> None:
    home = tmp_path / "home"
    tool = home / ".npm-global" / "bin" / "codex"
    tool.parent.mkdir(parents=True)
    tool.write_text("#!/usr/bin/env node\n")
    node_dir = home / ".volta" / "bin"
    node_dir.mkdir(parents=True)
    (node_dir / "node").write_text("#!/bin/sh\n")
    (node_dir / "node").chmod(0o755)
    finder = finder_path(tmp_path)
    env = {"HOME": str(home), "PATH": finder}

    result = tool_env.tool_environment(env, home, platform="darwin", tool=tool)

    entries = result["PATH"].split(":")
    assert entries[:3] == [str(tool.parent), str(node_dir), finder]
    assert env["PATH"] == finder  # the input is not changed


@posix_host
def test_login_shell_path_is_read_past_profile_noise(tmp_path: Path) -> None:
    shell = tmp_path / "zsh"
    shell.write_text(
        textwrap.dedent(
            """\
            #!/bin/sh
            echo "Welcome! (a .zshrc that talks)"
            echo "oh-my-zsh: update available" >&2
            PATH=/opt/homebrew/bin:/usr/bin:/bin
            eval "$4"
            """
        )
    )
    shell.chmod(0o755)
    env = {"SHELL": str(shell), "PATH": "/usr/bin:/bin"}
    assert tool_env.login_shell_path(env, platform="darwin") == "/opt/homebrew/bin:/usr/bin:/bin"


@posix_host
def test_a_slow_login_shell_is_abandoned_and_ended(tmp_path: Path) -> None:
    marker = tmp_path / "still-running"
    shell = tmp_path / "zsh"
    shell.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > {marker}\nwait\n")
    shell.chmod(0o755)
    env = {"SHELL": str(shell), "PATH": "/usr/bin:/bin"}

    assert tool_env.login_shell_path(env, platform="darwin", timeout=1.0) is None
    assert_gone(int(marker.read_text()))


# --------------------------------------------------------------------------- 2 and 4: options


def test_every_child_process_goes_through_the_one_helper() -> None:
    """No subprocess call anywhere in app/ except app/core/platform/child.py: each child gets no
    console window on Windows, its own group, and the user's environment."""
    pattern = re.compile(r"\bsubprocess\.(run|Popen|call|check_call|check_output)\(|os\.system\(")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "app").rglob("*.py"))
        if path != ROOT / "app" / "core" / "platform" / "child.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_windows_children_get_no_console_window_and_their_own_group() -> None:
    options = child.popen_options(platform="win32")
    assert options == {"creationflags": child.CREATE_NO_WINDOW | child.CREATE_NEW_PROCESS_GROUP}
    assert child.popen_options(platform="win32", own_group=False) == {
        "creationflags": child.CREATE_NO_WINDOW
    }
    assert child.popen_options(platform="linux") == {"start_new_session": True}
    # Our own window started from the tray outlives us: no console at all, its own group.
    assert child.popen_options(platform="win32", detached=True) == {
        "creationflags": child.CREATE_NO_WINDOW
        | child.CREATE_NEW_PROCESS_GROUP
        | child.DETACHED_PROCESS
    }
    # The same numbers Windows' own subprocess module uses.
    assert child.CREATE_NO_WINDOW == 0x08000000 and child.CREATE_NEW_PROCESS_GROUP == 0x200


def test_windows_cancel_ends_the_whole_tree() -> None:
    assert child.kill_tree_command(4321, platform="win32") == [
        "taskkill",
        "/F",
        "/T",
        "/PID",
        "4321",
    ]
    assert child.kill_tree_command(4321, platform="darwin") is None  # killpg of its session


def assert_gone(pid: int) -> None:
    """``pid`` has ended (a zombie waiting for init to reap it counts as ended)."""
    for _ in range(100):
        try:
            state = Path(f"/proc/{pid}/status").read_text()
        except FileNotFoundError:
            return
        if re.search(r"^State:\s+Z", state, re.M):
            return
        time.sleep(0.05)
    pytest.fail(f"process {pid} is still running")


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_cancelling_the_npm_install_ends_what_npm_started(tmp_path: Path) -> None:
    """npm starts node (and node more): cancelling must end them all, not just the first."""
    started = tmp_path / "grandchild.pid"
    npm = tmp_path / "npm"
    # Like npm's node: something started first, then output (on which the person cancels).
    npm.write_text(f"#!/bin/sh\nsleep 120 &\necho $! > {started}\necho 'fetching'\nwait\n")
    npm.chmod(0o755)
    cancel = threading.Event()
    lines: list[str] = []

    def report(line: str) -> None:
        lines.append(line)
        cancel.set()

    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    outcome = wizard_tasks.install_codex_with_npm(str(npm), env, cancel, report)

    assert not outcome.ok and lines == ["fetching"]
    assert_gone(int(started.read_text()))


# --------------------------------------------------------------------------- 3: environment


def test_child_environment_is_the_users_not_the_bundles() -> None:
    bundle = "/opt/tokenpool-setup/_internal"
    frozen = {
        "PATH": f"{bundle}:/usr/local/bin:/usr/bin",
        "LD_LIBRARY_PATH": f"{bundle}:/home/me/lib",
        "LD_LIBRARY_PATH_ORIG": "/home/me/lib",
        "QT_PLUGIN_PATH": f"{bundle}/PySide6/Qt/plugins",
        "QML2_IMPORT_PATH": f"{bundle}/PySide6/Qt/qml",
        "QT_SCALE_FACTOR": "1.5",  # the person's own setting
        "HOME": "/home/me",
    }
    result = child.child_environment(frozen, bundle=bundle, platform="linux")
    assert result == {
        "PATH": "/usr/local/bin:/usr/bin",
        "LD_LIBRARY_PATH": "/home/me/lib",
        "QT_SCALE_FACTOR": "1.5",
        "HOME": "/home/me",
    }
    # No LD_LIBRARY_PATH before we started: none for the child either.
    unset = {"LD_LIBRARY_PATH": bundle, "LD_LIBRARY_PATH_ORIG": "", "PATH": "/usr/bin"}
    assert child.child_environment(unset, bundle=bundle, platform="linux") == {"PATH": "/usr/bin"}


def test_windows_child_environment_drops_the_bundle_from_path_in_any_case() -> None:
    bundle = r"C:\Program Files\TokenPool Setup\_internal"
    frozen = {
        "Path": r"C:\PROGRAM FILES\TokenPool Setup\_internal;C:\Windows\system32;"
        r"C:\Program Files\nodejs",
        "QT_PLUGIN_PATH": bundle + r"\PySide6\plugins",
        "USERPROFILE": r"C:\Users\R&D",
    }
    result = child.child_environment(frozen, bundle=bundle, platform="win32")
    assert result == {
        "Path": r"C:\Windows\system32;C:\Program Files\nodejs",
        "USERPROFILE": r"C:\Users\R&D",
    }


def test_a_started_child_really_gets_the_restored_environment(tmp_path: Path) -> None:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        # Windows: without SYSTEMROOT a child Python cannot start.
        **{k: v for k, v in os.environ.items() if k.upper() == "SYSTEMROOT"},
        "LD_LIBRARY_PATH": "/bundle/_internal",
        "LD_LIBRARY_PATH_ORIG": "/users/own/lib",
    }
    done = child.run(
        [sys.executable, "-c", "import os; print(os.environ.get('LD_LIBRARY_PATH'))"],
        env=env,
        timeout=60,
        text=True,
    )
    assert done.stdout.strip() == "/users/own/lib"


# --------------------------------------------------------------------------- 8: codex.cmd


CMD_SHIM = r"""@ECHO off
GOTO start
:find_dp0
SET dp0=%~dp0
EXIT /b
:start
SETLOCAL
CALL :find_dp0

IF EXIST "%dp0%\node.exe" (
  SET "_prog=%dp0%\node.exe"
) ELSE (
  SET "_prog=node"
  SET PATHEXT=%PATHEXT:;.JS;=;%
)

endLocal & goto #_undefined_# 2>NUL || title %COMSPEC% & "%_prog%" """
CMD_SHIM += r' "%dp0%\node_modules\@openai\codex\bin\codex.js" %*' + "\n"


@posix_host
@needs_node
@pytest.mark.codex
def test_codex_cmd_runs_without_cmd_exe_for_a_user_named_r_and_d(
    tmp_path: Path, codex_bin: Path
) -> None:
    """C:\\Users\\R&D^%!\\AppData\\Roaming\\npm\\codex.cmd: cmd.exe would split the command line
    at '&' (no space, so Python adds no quotes); node with the package's script is run instead.
    (cmd.exe cannot exist here; the point is that it is not in the command at all.)"""
    assert NODE is not None
    profile = tmp_path / "Users" / "R&D^%!"
    npm_dir = profile / "AppData" / "Roaming" / "npm"
    (npm_dir / "node_modules" / "@openai").mkdir(parents=True)
    (npm_dir / "node_modules" / "@openai" / "codex").symlink_to(codex_package(codex_bin))
    shim = npm_dir / "codex.cmd"
    shim.write_text(CMD_SHIM, encoding="utf-8")
    nodejs = tmp_path / "Program Files" / "nodejs"
    nodejs.mkdir(parents=True)
    (nodejs / "node.exe").symlink_to(os.path.realpath(NODE))
    env = {"Path": str(nodejs), "USERPROFILE": str(profile), "APPDATA": str(npm_dir.parent)}

    command = codex_cli.codex_command(shim, env, platform="win32")

    script = npm_dir / "node_modules" / "@openai" / "codex" / "bin" / "codex.js"
    assert command == [str(nodejs / "node.exe"), str(script)]
    # What Windows would run, run here: node with the script, paths with & ^ % ! intact.
    done = subprocess.run(
        [*command, "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert codex_cli.parse_codex_version(done.stdout) == codex_cli.codex_version(codex_bin)


def test_npm_cmd_of_nodejs_is_run_as_node_and_npm_cli(tmp_path: Path) -> None:
    nodejs = tmp_path / "Program Files" / "nodejs"
    cli = nodejs / "node_modules" / "npm" / "bin" / "npm-cli.js"
    cli.parent.mkdir(parents=True)
    cli.write_text("// npm\n")
    (nodejs / "node.exe").write_text("")
    npm_cmd = nodejs / "npm.cmd"
    npm_cmd.write_text(
        ":: Created by npm, please don't edit manually.\n@ECHO OFF\nSETLOCAL\n"
        'SET "NODE_EXE=%~dp0\\node.exe"\n'
        'SET "NPM_CLI_JS=%~dp0\\node_modules\\npm\\bin\\npm-cli.js"\n'
        '"%NODE_EXE%" "%NPM_CLI_JS%" %*\n'
    )
    command = tool_env.direct_command(npm_cmd, {}, tmp_path, platform="win32")
    assert command == [str(nodejs / "node.exe"), str(cli)]
    # A shim we cannot read through is run as it is (never guessed).
    odd = tmp_path / "odd.cmd"
    odd.write_text("@echo off\r\nsomething.exe %*\r\n")
    assert tool_env.direct_command(odd, {}, tmp_path, platform="win32") == [str(odd)]


# --------------------------------------------------------------------------- 10: the smaller ones


def test_windows_program_files_is_searched_whatever_the_case_of_the_variable() -> None:
    # os.environ on Windows yields upper-case names: PROGRAMFILES, not ProgramFiles.
    env = {"PROGRAMFILES": r"C:\Program Files", "USERPROFILE": r"C:\Users\me"}
    dirs = codex_cli._candidate_dirs(env, "win32")
    assert Path(r"C:\Program Files") / "nodejs" in dirs


def test_one_home_folder_on_windows_is_userprofile_as_codex_does() -> None:
    # Git Bash sets HOME=/c/Users/me; Codex (and we) use USERPROFILE.
    env = {"HOME": "/c/Users/me", "USERPROFILE": r"C:\Users\me"}
    assert home_dir(env, "win32") == Path(r"C:\Users\me")
    assert codex_cli._home_dir(env, "win32") == Path(r"C:\Users\me")
    assert home_dir({"HOME": "/home/me", "USERPROFILE": "x"}, "linux") == Path("/home/me")


@posix_host
def test_codex_scratch_folder_that_cannot_be_deleted_does_not_fail_the_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows: a virus scanner holds last-message.txt (WinError 32) while the folder is deleted.
    Deletion is imitated failing that way (it cannot be provoked on Linux as root)."""
    real_rmtree = shutil.rmtree

    def busy_rmtree(path: object, ignore_errors: bool = False, onerror: object = None) -> None:
        if not ignore_errors:
            raise PermissionError(13, "The process cannot access the file (in use)", str(path))
        real_rmtree(path, ignore_errors=True)  # type: ignore[arg-type]

    monkeypatch.setattr(shutil, "rmtree", busy_rmtree)
    codex = tmp_path / "codex"
    codex.write_text("#!/bin/sh\necho 'Logged in using an API key - sk-abc***xyz'\n")
    codex.chmod(0o755)
    status = codex_cli.codex_login_status(codex, tmp_path / "codex-home")
    assert status is not None


@posix_host
def test_npm_prefix_is_read_as_utf8_whatever_the_locale(tmp_path: Path) -> None:
    """npm (node) prints UTF-8 even where the locale's code page is not (cp936 on Chinese
    Windows); imitated with a non-UTF-8 (ASCII) locale for Python."""
    prefix = tmp_path / "用户" / "npm"
    npm = tmp_path / "npm"
    npm.write_bytes(b"#!/bin/sh\nprintf '%s\\n' '" + str(prefix).encode("utf-8") + b"'\n")
    npm.chmod(0o755)
    script = (
        "import sys, json; from app.core.wizard import tasks as wizard_tasks; "
        "dirs = wizard_tasks.npm_global_bin_dirs(sys.argv[1], {'PATH': '/usr/bin:/bin'}); "
        "sys.stdout.buffer.write(json.dumps([str(d) for d in dirs]).encode())"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "LC_ALL": "C",
        "PYTHONUTF8": "0",
        "PYTHONCOERCECLOCALE": "0",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", script, str(npm)],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    import json

    assert json.loads(done.stdout) == [str(prefix / "bin")]


@posix_host
def test_git_is_not_run_on_a_mac_without_developer_tools(tmp_path: Path) -> None:
    """/usr/bin/git without the Command Line Tools opens the "install developer tools?" dialog.
    The stub and xcode-select are imitated (they exist only on macOS)."""
    usr_bin = tmp_path / "usr" / "bin"
    usr_bin.mkdir(parents=True)
    dialog = tmp_path / "dialog-opened"
    git_stub = usr_bin / "git"
    git_stub.write_text(f"#!/bin/sh\ntouch {dialog}\nexit 1\n")
    git_stub.chmod(0o755)
    xcode_select = tmp_path / "xcode-select"
    xcode_select.write_text(
        "#!/bin/sh\necho 'xcode-select: error: unable to get active developer directory' >&2\n"
        "exit 2\n"
    )
    xcode_select.chmod(0o755)
    env = {"PATH": str(usr_bin)}

    found = tool_env.find_git(
        env, platform="darwin", git_shim=git_stub, xcode_select=[str(xcode_select)]
    )
    assert found is None
    assert not dialog.exists()

    tools = tmp_path / "CommandLineTools"
    (tools / "usr" / "bin").mkdir(parents=True)
    (tools / "usr" / "bin" / "git").write_text("")
    xcode_select.write_text(f"#!/bin/sh\necho {tools}\n")
    assert (
        tool_env.find_git(
            env, platform="darwin", git_shim=git_stub, xcode_select=[str(xcode_select)]
        )
        == git_stub
    )


# --------------------------------------------------------------------------- 7: keychain


class RecordingKeychain:
    """Stands in for the macOS keychain (cannot exist here): every read would be a password
    prompt after an update of an ad-hoc-signed app, so reads are counted."""

    priority = 5

    def __init__(self) -> None:
        self.reads = 0

    def get_password(self, service: str, account: str) -> str | None:
        self.reads += 1
        return None

    def set_password(self, service: str, account: str, password: str) -> None:
        raise AssertionError("not expected")


def test_start_up_does_not_read_the_keychain(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring

    keychain = RecordingKeychain()
    monkeypatch.setattr(keyring, "get_keyring", lambda: keychain)
    paths.codex_home.mkdir(parents=True, exist_ok=True)
    env = {"HOME": str(paths.codex_home.parent), "PATH": "/usr/bin:/bin"}

    found = wizard_tasks.inspect_setup(paths, env)

    assert keychain.reads == 0
    assert found.stored_key == ""

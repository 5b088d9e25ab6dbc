"""Single instance with real processes: a second start hands over to the first; a crashed
instance's socket is recovered; a live (even frozen) instance's socket is never taken; two starts
at the same moment leave exactly one primary, round after round."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from app.ui.tray.single_instance import SingleInstance, instance_name, private_folder

REPO = Path(__file__).resolve().parents[2]
WAIT_MS = 20_000

# One start of the app, reduced to the single-instance part. Imports first, then it waits for
# the agreed moment, so that processes started together really race for the name.
CHILD = """
import os, signal, sys, time
from PySide6.QtCore import QCoreApplication, QTimer
from app.ui.tray.single_instance import SingleInstance

name, start_at, mode, wait_s = sys.argv[1], float(sys.argv[2]), sys.argv[3], float(sys.argv[4])
app = QCoreApplication([])
while time.time() < start_at:
    time.sleep(0.0005)
instance = SingleInstance(name)
if instance.acquire():
    print("primary", flush=True)
    if mode == "crash":
        os.kill(os.getpid(), signal.SIGKILL)
    def got(message):
        print("got " + message, flush=True)
        if mode == "once":
            app.quit()
    instance.message_received.connect(got)
    QTimer.singleShot(int(wait_s * 1000), app.quit)
    app.exec()
else:
    sent = instance.send("hello from %d" % os.getpid())
    print("secondary " + ("sent" if sent else "not-sent"), flush=True)
"""


def start_child(
    name: str, mode: str = "serve", start_at: float = 0.0, wait_s: float = 20.0
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, name, str(start_at), mode, str(wait_s)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def first_line(child: subprocess.Popen[str]) -> str:
    assert child.stdout is not None
    line = child.stdout.readline().strip()
    assert line, child.stderr.read() if child.stderr else "no output"
    return line


def finish(child: subprocess.Popen[str], timeout: float = 30) -> str:
    try:
        out, err = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        out, err = child.communicate()
    assert child.returncode in (0, *KILLED), err
    return out


# How a killed child ends: by a signal on POSIX; on Windows Popen.kill is TerminateProcess(…, 1)
# and the signal module has no SIGKILL.
if sys.platform == "win32":
    KILLED: tuple[int, ...] = (1,)
else:
    KILLED = (-signal.SIGKILL, -signal.SIGTERM)


@pytest.fixture
def name() -> str:
    return f"tp-test-{uuid.uuid4().hex[:12]}"


def socket_file(name: str) -> Path:
    address = SingleInstance(name).address
    assert address is not None, private_folder()[1]
    return Path(address)


def test_name_is_per_user_and_settings_folder(tmp_path: Path) -> None:
    a = instance_name(tmp_path / "one", user="1000")
    assert a == instance_name(tmp_path / "one", user="1000")
    assert a != instance_name(tmp_path / "two", user="1000")
    assert a != instance_name(tmp_path / "one", user="1001")
    assert len(a) < 40  # Unix socket paths are limited to ~100 bytes


def test_second_start_hands_over_to_the_first(qtbot, name: str) -> None:  # type: ignore[no-untyped-def]
    primary = SingleInstance(name)
    assert primary.acquire()
    assert primary.is_primary
    try:
        received: list[str] = []
        primary.message_received.connect(received.append)
        second = start_child(name)  # a real second process
        qtbot.waitUntil(lambda: bool(received), timeout=WAIT_MS)
        assert received[0].startswith("hello from ")
        assert finish(second).strip() == "secondary sent"
        assert not SingleInstance(name).acquire()  # still ours
    finally:
        primary.release()
    assert not socket_file(name).exists()


def test_nobody_running_send_says_so(qapp, name: str) -> None:  # type: ignore[no-untyped-def]
    assert not SingleInstance(name).send("show-panel")
    assert not SingleInstance(name).is_running()


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes leave no file behind")
def test_crashed_instance_socket_is_recovered(qapp, name: str) -> None:  # type: ignore[no-untyped-def]
    crashed = start_child(name, mode="crash")
    assert first_line(crashed) == "primary"
    finish(crashed)
    assert crashed.returncode == -signal.SIGKILL
    assert socket_file(name).exists()  # left behind, nobody answers on it

    instance = SingleInstance(name)
    try:
        assert instance.acquire()
        assert instance.is_running()
    finally:
        instance.release()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGSTOP is POSIX")
def test_frozen_live_instance_keeps_its_socket(qapp, name: str) -> None:  # type: ignore[no-untyped-def]
    """A primary that does not answer messages right now (stopped) still owns the name: its
    socket must not be taken for a stale one."""
    live = start_child(name, mode="once")
    try:
        assert first_line(live) == "primary"
        inode = socket_file(name).stat().st_ino
        os.kill(live.pid, signal.SIGSTOP)
        assert not SingleInstance(name).acquire()
        assert socket_file(name).stat().st_ino == inode
        os.kill(live.pid, signal.SIGCONT)
        sender = SingleInstance(name)
        assert sender.send("still there?")
        assert "got still there?" in finish(live)
    finally:
        if live.poll() is None:
            os.kill(live.pid, signal.SIGCONT)
            live.kill()
            live.wait()


@pytest.mark.slow
@pytest.mark.parametrize("leftover", [False, True], ids=["clean", "stale-socket"])
def test_simultaneous_starts_leave_exactly_one_primary(name: str, leftover: bool) -> None:
    rounds = 4
    for round_number in range(rounds):
        round_name = f"{name}-{round_number}"
        if leftover and sys.platform != "win32":
            crashed = start_child(round_name, mode="crash")
            assert first_line(crashed) == "primary"
            finish(crashed)
            assert socket_file(round_name).exists()
        # Both load Python and Qt first, then go at the same moment.
        start_at = time.time() + 4.0
        children = [start_child(round_name, "once", start_at, 25.0) for _ in range(2)]
        outputs = [finish(child, timeout=60) for child in children]
        firsts = sorted(out.splitlines()[0] for out in outputs)
        assert firsts == ["primary", "secondary sent"], (round_number, outputs)
        primary_out = next(o for o in outputs if o.startswith("primary"))
        assert "got hello from " in primary_out
        assert not socket_file(round_name).exists()  # the primary's socket went with it


def test_release_with_a_connection_still_open(qtbot, name: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtNetwork import QLocalSocket

    primary = SingleInstance(name)
    assert primary.acquire()
    client = QLocalSocket()
    assert primary.address is not None
    client.connectToServer(primary.address)
    assert client.waitForConnected(WAIT_MS)
    client.write(b"half a messa")  # no newline yet: the connection stays open
    client.flush()
    qtbot.waitUntil(lambda: bool(primary._buffers), timeout=WAIT_MS)
    primary.release()
    qtbot.waitUntil(
        lambda: client.state() == QLocalSocket.LocalSocketState.UnconnectedState, timeout=WAIT_MS
    )
    qtbot.wait(50)  # the deferred deletes run
    again = SingleInstance(name)
    try:
        assert again.acquire()
    finally:
        again.release()


# --------------------------------------------------------------------------- another account

# The other account's program: plain Python (no Qt needed to squat a name). It listens on every
# path it is given (made 0777, so anyone may connect), answers "ok" to whatever it is sent, and
# writes what it got to its log.
STRANGER = r"""
import os, socket, sys, selectors, time
log, paths = sys.argv[1], sys.argv[2:]
sel = selectors.DefaultSelector()
for path in paths:
    folder = os.path.dirname(path)
    if not os.path.isdir(folder):
        os.makedirs(folder)
        os.chmod(folder, 0o777)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    os.chmod(path, 0o777)
    server.listen(8)
    sel.register(server, selectors.EVENT_READ)
print("listening", flush=True)
deadline = time.time() + 60
while time.time() < deadline:
    for key, _ in sel.select(timeout=0.5):
        conn, _ = key.fileobj.accept()
        conn.settimeout(2)
        try:
            data = conn.recv(4096)
            if data:
                with open(log, "ab") as handle:
                    handle.write(data)
                conn.sendall(b"ok\n")
        except OSError:
            pass
        conn.close()
"""


@pytest.fixture
def stranger() -> Iterator[tuple[int, int]]:
    """A second local account, made for this test and removed after it (needs root)."""
    if sys.platform == "win32":
        pytest.skip("accounts are made with useradd/setpriv (Linux); Windows pipes differ")
    if os.geteuid() != 0 or not shutil.which("useradd") or not shutil.which("setpriv"):
        pytest.skip("needs root with useradd and setpriv to make a second account")
    user = f"tpx{uuid.uuid4().hex[:8]}"
    made = subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user],
        capture_output=True,
        text=True,
    )
    if made.returncode != 0:
        pytest.skip(f"useradd failed: {made.stderr.strip()}")
    try:
        import pwd

        entry = pwd.getpwnam(user)
        yield entry.pw_uid, entry.pw_gid
    finally:
        subprocess.run(["userdel", user], capture_output=True)


@pytest.fixture
def shared_temp() -> Iterator[Path]:
    """A temp folder every account may write in, like /tmp (sticky, 1777)."""
    folder = Path(tempfile.mkdtemp(prefix="tp-shared-", dir="/tmp"))
    folder.chmod(0o1777)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def start_stranger(ids: tuple[int, int], log: Path, paths: list[Path]) -> subprocess.Popen[str]:
    uid, gid = ids
    log.parent.chmod(0o777)
    squatter = subprocess.Popen(
        [
            "setpriv",
            f"--reuid={uid}",
            f"--regid={gid}",
            "--clear-groups",
            "/usr/bin/python3",
            "-c",
            STRANGER,
            str(log),
            *map(str, paths),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert first_line(squatter) == "listening"
    return squatter


def test_another_account_cannot_take_over_the_start(
    stranger: tuple[int, int], shared_temp: Path, name: str
) -> None:
    """The other account got there first: it listens where the old code looked (the shared temp
    folder, by a predictable name) and made the folder this person's fallback would use, with its
    own socket inside. This person's start must not hand over to it: it runs (as the primary,
    without a hand-over), says why, and the stranger receives nothing."""
    log_dir = shared_temp / "stranger-log"
    log_dir.mkdir()
    log = log_dir / "received"
    squatter = start_stranger(
        stranger,
        log,
        [
            shared_temp / name,  # where older versions looked
            shared_temp / f"tokenpool-setup-{os.getuid()}" / Path(socket_file(name)).name,
        ],
    )
    try:
        env = {k: v for k, v in os.environ.items() if k != "XDG_RUNTIME_DIR"}
        env["TMPDIR"] = str(shared_temp)
        ours = subprocess.run(
            [sys.executable, "-c", CHILD_REPORTING, name],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert ours.returncode == 0, ours.stderr
        lines = ours.stdout.splitlines()
        assert lines[0] == "primary", lines
        assert "belongs to another account" in lines[1]
        assert not log.exists(), log.read_bytes()
    finally:
        squatter.kill()
        squatter.wait()


# The start, reporting whether it became the primary and why a hand-over is off.
CHILD_REPORTING = """
import sys
from PySide6.QtCore import QCoreApplication
from app.ui.tray.single_instance import SingleInstance
app = QCoreApplication([])
instance = SingleInstance(sys.argv[1])
if instance.acquire():
    print("primary")
else:
    print("secondary " + ("sent" if instance.send("show-panel") else "not-sent"))
print(getattr(instance, "problem", "") or "-")  # (older versions had no problem)
instance.release()
"""


def test_an_answer_from_another_account_is_never_trusted(
    qapp, stranger: tuple[int, int], shared_temp: Path, name: str
) -> None:  # type: ignore[no-untyped-def]
    """Even where the socket is looked for (a folder given here, unverified on purpose), an
    answer from a process of another account is not a running tray: nothing is sent to it."""
    log_dir = shared_temp / "stranger-log"
    log_dir.mkdir()
    log = log_dir / "received"
    folder = shared_temp / "given"
    address = SingleInstance(name, folder=folder).address
    assert address is not None
    squatter = start_stranger(stranger, log, [Path(address)])
    try:
        instance = SingleInstance(name, folder=folder)
        assert not instance.is_running()
        assert not instance.send("show-panel")
        assert "Another account answers" in instance.problem
        assert instance.acquire()  # runs on its own rather than obey a stranger
        instance.release()
        assert not log.exists()
    finally:
        squatter.kill()
        squatter.wait()


@pytest.mark.skipif(sys.platform == "win32", reason="owners and modes: POSIX (Windows: pipes)")
def test_a_private_folder_is_verified(tmp_path: Path) -> None:
    from app.core.fileio import ensure_owned_private_dir

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    made = shared / "mine"
    assert ensure_owned_private_dir(made) == ""
    assert made.stat().st_mode & 0o777 == 0o700
    made.chmod(0o755)  # ours but open: made private again
    assert ensure_owned_private_dir(made) == ""
    assert made.stat().st_mode & 0o777 == 0o700
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    link = shared / "linked"
    link.symlink_to(elsewhere)
    assert "link" in ensure_owned_private_dir(link)
    open_parent = tmp_path / "open"
    open_parent.mkdir()
    open_parent.chmod(0o777)  # anyone could swap our folder for theirs: not safe
    assert "other accounts" in ensure_owned_private_dir(open_parent / "x")


def test_the_socket_path_fits_macos_limit() -> None:
    """macOS allows 104 bytes for a socket path, and Qt first binds in "<path>-XXXXXX/s". Its
    per-person temp folder is long (imitated here: this is not a Mac)."""
    from app.core.paths import runtime_dir_candidates

    mac_temp = "/var/folders/x7/abcdefgh1234567890abcdefgh12/T"
    (folder,) = runtime_dir_candidates({}, uid=501, temp_dir=mac_temp)
    address = SingleInstance(instance_name(Path("/Users/ann/x")), folder=folder).address
    assert address is not None
    assert len(os.fsencode(address)) + len("-XXXXXX/s") <= 104
    # A temp folder too long for any socket is not offered at all.
    assert runtime_dir_candidates({}, uid=501, temp_dir="/t" * 60) == ()

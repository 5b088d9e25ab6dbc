"""Single instance with real processes: a second start hands over to the first; a crashed
instance's socket is recovered; a live (even frozen) instance's socket is never taken; two starts
at the same moment leave exactly one primary, round after round."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QDir

from app.ui.tray.single_instance import SingleInstance, instance_name

REPO = Path(__file__).resolve().parent.parent
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
    assert child.returncode in (0, -signal.SIGKILL, -signal.SIGTERM), err
    return out


@pytest.fixture
def name() -> str:
    return f"tp-test-{uuid.uuid4().hex[:12]}"


def socket_file(name: str) -> Path:
    return Path(QDir.tempPath()) / name


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
    client.connectToServer(name)
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

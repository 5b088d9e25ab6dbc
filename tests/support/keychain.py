"""A real Secret Service for tests: gnome-keyring-daemon on its own private D-Bus session bus.

``secret_service`` starts ``dbus-run-session`` with a fresh keyring in a temp dir (unlocked by a
password on stdin) and selects keyring's SecretService backend for the test only; nothing of the
user's session is touched (the bus address goes into the test's environment). CI installs
gnome-keyring and dbus (packaging/bootstrap.py), so there a test using it must run; elsewhere,
when the daemon cannot start, the test is skipped with the reason.

A test module makes the fixtures available by importing them under their function names:
``from tests.support.keychain import secret_service_fixture  # noqa: F401`` (the fixture is
``secret_service``; the import's own name differs so that a test's argument does not shadow it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import keyring.core
import pytest

from app.core import secrets
from tests.support.process_group import first_line, log_tail, stop_process_group

SECRET_SERVICE = "keyring.backends.SecretService.Keyring"
BUS_NAME = "org.freedesktop.secrets"


def _cannot_run(reason: str) -> None:
    """No Secret Service here: fail on CI (the bootstrap installs it), else skip saying why."""
    text = f"real Secret Service unavailable, keychain round trip not run: {reason}"
    # The Secret Service is Linux's keychain; macOS has its own (tests/platform/test_macos_real.py).
    if os.environ.get("CI") == "true" and sys.platform == "linux":
        pytest.fail(f"{text} (CI must run it: packaging/bootstrap.py test installs gnome-keyring)")
    pytest.skip(f"{text} (install gnome-keyring and dbus to run it)")


def _name_has_owner(address: str, name: str) -> bool:
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    with open_dbus_connection(bus=address) as conn:
        reply = conn.send_and_get_reply(message_bus.NameHasOwner(name), timeout=5)
    return bool(reply.body[0])


def _forget_cached_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    """keyring caches its backend per process: make the next get_keyring() read the env again
    (and put the cached one back after the test)."""
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)


@pytest.fixture(name="fresh_keyring_backend")
def fresh_keyring_backend_fixture(monkeypatch: pytest.MonkeyPatch) -> None:
    _forget_cached_backend(monkeypatch)


@pytest.fixture(name="secret_service")
def secret_service_fixture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A real gnome-keyring Secret Service with an unlocked, empty keyring; yields the bus address.

    keyring's SecretService backend is selected for the test (overriding the null backend that
    conftest sets for every test) and reaches the daemon through DBUS_SESSION_BUS_ADDRESS.
    """
    missing = [t for t in ("dbus-run-session", "gnome-keyring-daemon") if not shutil.which(t)]
    if missing:
        _cannot_run(f"{', '.join(missing)} not installed")
    try:
        import jeepney  # noqa: F401
        import secretstorage  # noqa: F401
    except ImportError as exc:
        _cannot_run(f"the Python package {exc.name} is missing (keyring needs it on Linux)")

    runtime = Path(tempfile.mkdtemp(prefix="tp-gk-"))  # short: it holds unix sockets
    runtime.chmod(0o700)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DBUS_SESSION_BUS_ADDRESS", "GNOME_KEYRING_CONTROL", "DISPLAY")
    }
    env.update(
        HOME=str(tmp_path / "home"),
        XDG_DATA_HOME=str(tmp_path / "xdg-data"),  # the keyring file: <this>/keyrings/login.keyring
        XDG_RUNTIME_DIR=str(runtime),
    )
    log = (tmp_path / "keyring-daemon.log").open("w")
    # The shell prints the private bus address, then becomes the daemon, which reads the new
    # keyring's password from stdin, creates the "login" keyring (the default collection) and
    # unlocks it. Its own output goes to the log, so the pipe carries only the address.
    proc = subprocess.Popen(
        [
            "dbus-run-session",
            "--",
            "sh",
            "-c",
            'echo "$DBUS_SESSION_BUS_ADDRESS"; '
            "exec gnome-keyring-daemon --foreground --unlock --components=secrets >&2",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=log,
        env=env,
        text=True,
        start_new_session=True,  # its own process group: the teardown ends the bus and daemon
    )

    def stop() -> None:
        stop_process_group(proc)
        log.close()
        shutil.rmtree(runtime, ignore_errors=True)

    try:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("test-keyring-password")
        proc.stdin.close()
        address = first_line(proc, 10)
        if not address:
            stop()
            _cannot_run(f"dbus-run-session gave no bus address: {_tail(tmp_path)}")
        # Wait until the daemon owns the Secret Service name; asking earlier would make the bus
        # start a second, locked daemon by D-Bus activation.
        deadline = time.monotonic() + 15
        while not _name_has_owner(address, BUS_NAME):
            if proc.poll() is not None or time.monotonic() > deadline:
                stop()
                _cannot_run(f"gnome-keyring-daemon did not start: {_tail(tmp_path)}")
            time.sleep(0.05)
    except BaseException:
        if proc.poll() is None:
            stop()
        raise

    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", SECRET_SERVICE)
    _forget_cached_backend(monkeypatch)
    try:
        yield address
    finally:
        stop()


def _tail(tmp_path: Path) -> str:
    return log_tail(tmp_path / "keyring-daemon.log")


def items_in_daemon(address: str) -> list[tuple[dict[str, str], bytes]]:
    """What the daemon itself holds for our service (read with secretstorage, not keyring)."""
    import secretstorage
    from jeepney.io.blocking import open_dbus_connection

    conn = open_dbus_connection(bus=address)
    try:
        items = secretstorage.search_items(conn, {"service": secrets.SERVICE})
        return [(item.get_attributes(), item.get_secret()) for item in items]
    finally:
        conn.close()

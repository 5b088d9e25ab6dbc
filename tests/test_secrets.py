"""The keychain copy of the key (app/core/secrets.py), through keyring's real backends.

The round trip runs against a real Secret Service: gnome-keyring-daemon on its own private D-Bus
session bus (dbus-run-session), with a fresh keyring in a temp dir unlocked by a password on stdin.
Nothing of the user's session is touched: the bus address goes into the test's environment only.
CI installs gnome-keyring and dbus (packaging/bootstrap.py), so there the test must run; elsewhere,
when the daemon cannot start, it is skipped with the reason.

Test keys are made up here and are never printed: comparisons are done outside ``assert`` so that a
failure shows no value.
"""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.core
import keyring.errors
import pytest
from keyring.backends import fail, null

from app.core import secrets
from app.core.errors import SetupError

SECRET_SERVICE = "keyring.backends.SecretService.Keyring"
NULL_BACKEND = "keyring.backends.null.Keyring"
BUS_NAME = "org.freedesktop.secrets"
TEST_KEY = "sk-" + "Zx9yW8vU7t" * 4 + "S6rQ5pO4"


def _cannot_run(reason: str) -> None:
    """No Secret Service here: fail on CI (the bootstrap installs it), else skip saying why."""
    text = f"real Secret Service unavailable, keychain round trip not run: {reason}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{text} (CI must run it: packaging/bootstrap.py test installs gnome-keyring)")
    pytest.skip(f"{text} (install gnome-keyring and dbus to run it)")


def _name_has_owner(address: str, name: str) -> bool:
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    with open_dbus_connection(bus=address) as conn:
        reply = conn.send_and_get_reply(message_bus.NameHasOwner(name), timeout=5)
    return bool(reply.body[0])


@pytest.fixture
def _fresh_keyring_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    """keyring caches its backend per process: make the next get_keyring() read the env again."""
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)


@pytest.fixture
def secret_service(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _fresh_keyring_backend: None
) -> Iterator[str]:
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
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
        log.close()
        shutil.rmtree(runtime, ignore_errors=True)

    try:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("test-keyring-password")
        proc.stdin.close()
        ready, _, _ = select.select([proc.stdout], [], [], 10)
        address = proc.stdout.readline().strip() if ready else ""
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
    try:
        yield address
    finally:
        stop()


def _tail(tmp_path: Path) -> str:
    try:
        lines = (tmp_path / "keyring-daemon.log").read_text(errors="replace").strip().splitlines()
    except OSError:
        return "no log"
    return " | ".join(lines[-3:]) or "no output"


def _items_in_daemon(address: str) -> list[tuple[dict[str, str], bytes]]:
    """What the daemon itself holds for our service (read with secretstorage, not keyring)."""
    import secretstorage
    from jeepney.io.blocking import open_dbus_connection

    conn = open_dbus_connection(bus=address)
    try:
        items = secretstorage.search_items(conn, {"service": secrets.SERVICE})
        return [(item.get_attributes(), item.get_secret()) for item in items]
    finally:
        conn.close()


def test_round_trip_through_the_real_secret_service(secret_service: str) -> None:
    status = secrets.keychain_status()
    assert status.available, status.message
    assert status.backend == SECRET_SERVICE
    assert secrets.load_key() is None  # a fresh keyring

    assert secrets.store_key(TEST_KEY).available
    stored = _items_in_daemon(secret_service)
    assert [attrs["username"] for attrs, _ in stored] == [secrets.ACCOUNT]
    same = stored[0][1] == TEST_KEY.encode()
    assert same, "the daemon holds a different secret than the key stored"
    loaded = secrets.load_key()
    same = loaded == TEST_KEY
    assert same, "load_key did not return the key that was stored"

    # Storing again replaces the key: still one item, now the new value.
    new_key = TEST_KEY[:-4] + "WXYZ"
    secrets.store_key(new_key)
    stored = _items_in_daemon(secret_service)
    assert len(stored) == 1
    same = secrets.load_key() == new_key and stored[0][1] == new_key.encode()
    assert same, "the second store_key did not replace the key"

    assert secrets.delete_key() is True
    assert _items_in_daemon(secret_service) == []
    assert secrets.load_key() is None
    assert secrets.delete_key() is False  # nothing left to delete


def test_round_trip_output_never_shows_the_key(
    secret_service: str, capfd: pytest.CaptureFixture[str]
) -> None:
    secrets.store_key(TEST_KEY)
    secrets.load_key()
    secrets.delete_key()
    out, err = capfd.readouterr()
    assert TEST_KEY not in out + err
    assert TEST_KEY[3:15] not in out + err


@pytest.mark.usefixtures("_fresh_keyring_backend")
@pytest.mark.parametrize(
    "backend", ["keyring.backends.null.Keyring", "keyring.backends.fail.Keyring"]
)
def test_no_keychain_is_said_plainly_and_store_refuses(
    backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", backend)
    status = secrets.keychain_status()
    assert status.available is False
    assert status.backend == backend
    assert "No keychain is available" in status.message
    assert "auth.json" in status.message  # says where the key is kept instead
    for jargon in ("keyring.", "Traceback", "Error", "backend"):
        assert jargon not in status.message

    with pytest.raises(SetupError) as raised:
        secrets.store_key(TEST_KEY)
    assert raised.value.code == "keychain_unavailable"
    assert raised.value.message == status.message
    assert TEST_KEY not in str(raised.value)
    assert secrets.load_key() is None
    assert secrets.delete_key() is False


@pytest.mark.parametrize("backend", [null.Keyring(), fail.Keyring()])
def test_no_keychain_with_an_explicit_backend(backend: object) -> None:
    assert secrets.keychain_status(backend).available is False
    with pytest.raises(SetupError) as raised:
        secrets.store_key(TEST_KEY, backend)
    assert raised.value.code == "keychain_unavailable"


@pytest.mark.usefixtures("_fresh_keyring_backend")
def test_secret_service_without_a_daemon_is_unavailable_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Headless Linux: the backend's own check raises; keychain_status must say 'unavailable'."""
    from keyring.backends import SecretService

    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    status = secrets.keychain_status(SecretService.Keyring())
    assert status.available is False
    assert "No keychain is available" in status.message

    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", SECRET_SERVICE)
    status = secrets.keychain_status()
    assert status.available is False
    with pytest.raises(SetupError) as raised:
        secrets.store_key(TEST_KEY)
    assert raised.value.code == "keychain_unavailable"
    assert secrets.load_key() is None
    assert secrets.delete_key() is False


class _BrokenBackend(keyring.backend.KeyringBackend):
    """A keychain that is there but refuses to work (locked, prompt dismissed, ...)."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError(f"refused {password}")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.PasswordDeleteError("locked")


def test_a_failing_keychain_is_reported_without_the_key() -> None:
    backend = _BrokenBackend()
    assert secrets.keychain_status(backend).available is True
    with pytest.raises(SetupError) as raised:
        secrets.store_key(TEST_KEY, backend)
    assert raised.value.code == "keychain_failed"
    assert TEST_KEY not in str(raised.value)
    assert "auth.json" in raised.value.message
    assert secrets.load_key(backend) is None
    assert secrets.delete_key(backend) is False

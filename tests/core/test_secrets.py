"""The keychain copy of the key (app/core/secrets.py), through keyring's real backends.

The round trip runs against a real Secret Service: gnome-keyring-daemon on its own private D-Bus
session bus, started by the ``secret_service`` fixture (tests/support/keychain.py, shared with the
wizard's GUI tests). CI installs gnome-keyring and dbus (packaging/bootstrap.py), so there the test
must run; elsewhere, when the daemon cannot start, it is skipped with the reason.

Test keys are made up here and are never printed: comparisons are done outside ``assert`` so that a
failure shows no value.
"""

from __future__ import annotations

from pathlib import Path

import keyring.backend
import keyring.errors
import pytest
from keyring.backends import fail, null

from app.core import secrets
from app.core.errors import SetupError
from tests.support.keychain import (  # noqa: F401  (the fixtures secret_service, fresh_keyring_backend)
    SECRET_SERVICE,
    fresh_keyring_backend_fixture,
    items_in_daemon,
    secret_service_fixture,
)

TEST_KEY = "sk-" + "Zx9yW8vU7t" * 4 + "S6rQ5pO4"


def test_round_trip_through_the_real_secret_service(secret_service: str) -> None:
    status = secrets.keychain_status()
    assert status.available, status.message
    assert status.backend == SECRET_SERVICE
    assert secrets.load_key() is None  # a fresh keyring

    assert secrets.store_key(TEST_KEY).available
    stored = items_in_daemon(secret_service)
    assert [attrs["username"] for attrs, _ in stored] == [secrets.ACCOUNT]
    same = stored[0][1] == TEST_KEY.encode()
    assert same, "the daemon holds a different secret than the key stored"
    loaded = secrets.load_key()
    same = loaded == TEST_KEY
    assert same, "load_key did not return the key that was stored"

    # Storing again replaces the key: still one item, now the new value.
    new_key = TEST_KEY[:-4] + "WXYZ"
    secrets.store_key(new_key)
    stored = items_in_daemon(secret_service)
    assert len(stored) == 1
    same = secrets.load_key() == new_key and stored[0][1] == new_key.encode()
    assert same, "the second store_key did not replace the key"

    assert secrets.delete_key() is True
    assert items_in_daemon(secret_service) == []
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


@pytest.mark.usefixtures("fresh_keyring_backend")
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


@pytest.mark.usefixtures("fresh_keyring_backend")
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

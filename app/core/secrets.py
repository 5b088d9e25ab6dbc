"""The API key in the OS keychain (service ``tokenpool-setup``), for the tray and the next run.

auth.json is what Codex reads; the keychain is our own copy. Where no keychain backend exists
(headless Linux without a Secret Service) we say so and carry on. ``keyring`` is imported lazily:
it costs ~25 MB and noticeable start-up time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.errors import SetupError

SERVICE = "tokenpool-setup"
ACCOUNT = "api-key"


@dataclass(frozen=True)
class KeychainStatus:
    """Whether the OS keychain can keep the key on this computer, which backend answered, and the
    sentence that tells the person."""

    available: bool
    backend: str
    message: str


def _keyring() -> Any:
    import keyring

    return keyring


def _usable_backend(backend: Any) -> bool:
    # keyring's "fail" and "null" backends mean: no keychain on this machine.
    module = type(backend).__module__
    if module.startswith(("keyring.backends.fail", "keyring.backends.null")):
        return False
    try:
        # A backend's priority is where it checks its service: the Secret Service backend raises
        # (RuntimeError, or an OSError from the D-Bus socket) when no daemon can be reached.
        priority = getattr(backend, "priority", 0)
    except Exception:
        return False
    return priority is None or priority > 0


def keychain_status(backend: Any = None) -> KeychainStatus:
    try:
        kr = _keyring()
        backend = backend or kr.get_keyring()
    except Exception as exc:  # a broken keyring install must not stop the app
        return KeychainStatus(False, "none", f"The keychain cannot be used ({type(exc).__name__}).")
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if not _usable_backend(backend):
        return KeychainStatus(
            False,
            name,
            "No keychain is available on this computer, so the key is kept only in Codex's "
            "auth.json (which is private to you).",
        )
    return KeychainStatus(True, name, "The key is kept in your system keychain.")


def store_key(key: str, backend: Any = None) -> KeychainStatus:
    """Save the key; raises SetupError (code ``keychain_unavailable``) when there is no keychain."""
    status = keychain_status(backend)
    if not status.available:
        raise SetupError(status.message, code="keychain_unavailable")
    try:
        (backend or _keyring().get_keyring()).set_password(SERVICE, ACCOUNT, key)
    except Exception as exc:
        raise SetupError(
            f"The key could not be saved in the keychain ({type(exc).__name__}); Codex still has "
            "it in auth.json.",
            code="keychain_failed",
        ) from exc
    return status


def load_key(backend: Any = None) -> str | None:
    if not keychain_status(backend).available:
        return None
    try:
        value = (backend or _keyring().get_keyring()).get_password(SERVICE, ACCOUNT)
    except Exception:
        return None
    return value or None


def delete_key(backend: Any = None) -> bool:
    if not keychain_status(backend).available:
        return False
    try:
        (backend or _keyring().get_keyring()).delete_password(SERVICE, ACCOUNT)
    except Exception:
        return False
    return True

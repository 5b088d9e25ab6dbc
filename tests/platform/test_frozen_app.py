"""The packaged app itself, after ``packaging/bootstrap.py build`` (which runs this file with
TOKENPOOL_FROZEN_APP set to the built program); skipped in the ordinary test run, where no build
exists yet. What only the frozen app can show: that the bundle carries what the tray needs on
Linux (libQt6DBus for the StatusNotifierItem, the xcb platform) and it really registers a tray
icon with a tray host, here a stand-in StatusNotifierWatcher on a private session bus; and that
keyring still finds its backend (by entry points, which a frozen app loses without metadata).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.support.keychain import secret_service_fixture  # noqa: F401  (the fixture secret_service)

FROZEN = os.environ.get("TOKENPOOL_FROZEN_APP")

pytestmark = pytest.mark.skipif(
    not FROZEN, reason="set TOKENPOOL_FROZEN_APP to a built app (bootstrap.py build does)"
)

try:  # the stand-in tray host (tests/support/sni_watcher.py)
    from tests.support.sni_watcher import SniTray, sni_tray_fixture  # noqa: F401  (the fixture sni_tray)
except ImportError:  # pragma: no cover - the fixture module is not in this checkout
    SniTray = None  # type: ignore[assignment,misc]


def test_frozen_app_finds_the_keychain_by_entry_points(secret_service: str, tmp_path: Path) -> None:
    """keyring picks its backend through entry points (its distribution metadata): a frozen app
    without them falls back to "no keychain". No PYTHON_KEYRING_BACKEND here: discovery only."""
    assert FROZEN is not None
    env = {k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"}
    env.update(
        DBUS_SESSION_BUS_ADDRESS=secret_service,
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path),
        TOKENPOOL_SETUP_SETTINGS_DIR=str(tmp_path / "settings"),
    )
    result = subprocess.run(
        [FROZEN, "selftest"], env=env, capture_output=True, text=True, timeout=120
    )
    keychain = [line for line in result.stdout.splitlines() if "keychain" in line]
    assert result.returncode == 0, result.stdout + result.stderr
    assert keychain and keychain[0].startswith("ok"), keychain
    assert "SecretService" in keychain[0]


@pytest.mark.skipif(SniTray is None, reason="tests/support/sni_watcher.py is not in this checkout")
def test_frozen_tray_registers_with_the_tray_host(sni_tray: SniTray, tmp_path: Path) -> None:
    env = {
        **sni_tray.env,
        "HOME": str(tmp_path),
        "CODEX_HOME": str(tmp_path / "codex"),
        "TOKENPOOL_SETUP_SETTINGS_DIR": str(tmp_path / "settings"),
    }
    assert FROZEN is not None
    child = subprocess.Popen(
        [FROZEN, "tray", "--hidden"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        item = sni_tray.wait_for_item(timeout=60)
        assert sni_tray.item_property(item, "Status") in ("Active", "NeedsAttention", "Passive")
        assert child.poll() is None, "the tray exited after registering"
    finally:
        child.terminate()
        try:
            output, _ = child.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
            output, _ = child.communicate(timeout=15)
    assert "Traceback" not in output, output[-3000:]


def test_frozen_bundle_carries_the_licences() -> None:
    """LICENSE.txt and the notices generated at build time (packaging/notices.py) are in the
    bundle, with the Qt/PySide6 LGPLv3 notice for the Qt this bundle holds."""
    assert FROZEN is not None
    bundle = Path(FROZEN).resolve().parent
    found = {p.name: p for p in bundle.parent.rglob("*.txt") if p.parent.name == "licenses"}
    assert {"LICENSE.txt", "THIRD-PARTY-NOTICES.txt"} <= set(found), sorted(found)
    assert "MIT License" in found["LICENSE.txt"].read_text(encoding="utf-8")
    notices = found["THIRD-PARTY-NOTICES.txt"].read_text(encoding="utf-8")
    assert "PySide6_Essentials" in notices and "Replacing the Qt libraries" in notices
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in notices

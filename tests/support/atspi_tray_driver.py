"""The tray's panel on a real X display with Qt's AT-SPI bridge on, for
tests/a11y/test_accessibility_bus.py: no system tray here, so the panel is the app's window (as on a
desktop without one). Codex is set up for the repo's gateway imitation with the secret test key;
the tray polls the quota with it. Steps on stdin (answered ``done STEP``): open, retest, quit.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtTest import QTest

from app.core.codex_config import CodexSettings
from app.core.paths import resolve_paths
from app.core.plan import apply_plan, plan_configure
from app.core.wizard.flow import catalogue_from_urls
from app.ui.main import application
from app.ui.tray.controller import TrayController
from tests.gateway.server import GatewayImitation
from tests.support.atspi_wizard_driver import SECRET_KEY, left_button, say, serve_steps, when


def main() -> int:
    scratch = Path(sys.argv[1])
    home = scratch / "home"
    home.mkdir(parents=True, exist_ok=True)
    env = {
        "HOME": str(home),
        "PATH": "/usr/bin:/bin",
        "NO_PROXY": "127.0.0.1,localhost",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }
    os.environ.update(env)
    gateway = GatewayImitation(tls=False)
    gateway.valid_keys.add(SECRET_KEY)
    gateway.quota.update(total=20.0, used=7.66)
    gateway.__enter__()
    paths = resolve_paths(home / "codex", scratch / "settings")
    paths.codex_home.mkdir(parents=True, exist_ok=True, mode=0o700)
    settings = CodexSettings(base_url=gateway.url + "/v1", model="gpt-5.5")
    apply_plan(plan_configure(paths, SECRET_KEY, settings))
    app = application()
    app.setQuitOnLastWindowClosed(False)
    tray = TrayController(
        paths,
        env=dict(os.environ),
        catalogue=catalogue_from_urls([gateway.url]),
        tray_available=lambda: False,
        tray_wait_s=0.0,
    )

    def step(name: str) -> None:
        panel = tray.panel

        def finished() -> None:
            say(f"done {name}")

        if name == "open":
            tray.start(show_panel=True)
            when(lambda: "left" in panel.quotaLabel.text() and panel.isVisible(), finished)
        elif name == "retest":
            panel.retestButton.setFocus()
            QTest.mouseClick(panel.retestButton, left_button())
            when(lambda: panel.actionLabel.isVisible() and panel.retestButton.isEnabled(), finished)

    return serve_steps(app, step, gateway)


if __name__ == "__main__":
    sys.exit(main())

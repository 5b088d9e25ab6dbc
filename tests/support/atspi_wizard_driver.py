"""The setup wizard on a real X display with Qt's AT-SPI bridge on, driven step by step for
tests/a11y/test_accessibility_bus.py: the test writes ``STEP`` lines on stdin, the driver does the
step as a person would (paste, type, press) and answers ``done STEP`` on stdout once the step
settled.

Steps: welcome, key, endpoint, preview, done, quit. Argument: a scratch folder. The gateway is the
repo's local imitation; the key is one it accepts.
"""

from __future__ import annotations

import os
import queue
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QLineEdit, QPushButton, QWizard

from app.core.paths import resolve_paths
from app.core.wizard.flow import ViewName, catalogue_from_urls
from app.ui.main import application
from app.ui.wizard import SetupWizard
from tests.gateway.server import GatewayImitation

# A key the imitation accepts, with letters that cannot turn up anywhere else by chance.
SECRET_KEY = "sk-" + "Zq8Vw3Tn" * 6
REFUSED_ADDRESS = "https://tokenpool.dev/console"


def main() -> int:
    scratch = Path(sys.argv[1])
    home = scratch / "home"
    (home / "codex").mkdir(parents=True, exist_ok=True)
    env = {
        "HOME": str(home),
        "PATH": "/usr/bin:/bin",
        "CODEX_HOME": str(home / "codex"),
        "NO_PROXY": "127.0.0.1,localhost",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }
    os.environ.update(env)
    gateway = GatewayImitation(tls=False)
    gateway.valid_keys.add(SECRET_KEY)
    gateway.__enter__()
    app = application()
    paths = resolve_paths(home / "codex", scratch / "settings")
    wizard = SetupWizard(paths, catalogue_from_urls([gateway.url]), environment=env)
    wizard.show()
    wizard.activateWindow()  # no window manager here: focus events need an active window

    def child(cls: type, name: str):  # type: ignore[no-untyped-def]
        found = wizard.findChild(cls, name)
        assert found is not None, name
        return found

    def step(name: str) -> None:
        finished = lambda: say(f"done {name}")  # noqa: E731

        def go_to_key() -> None:
            wizard.next()
            edit = child(QLineEdit, "keyEdit")
            clipboard = QGuiApplication.clipboard()
            clipboard.setText(SECRET_KEY)
            QTest.mouseClick(child(QPushButton, "pasteButton"), left_button())
            clipboard.clear()
            edit.clear()
            edit.setFocus()
            QTest.keyClicks(edit, SECRET_KEY)  # typed, character by character
            when(
                lambda: edit.text() == SECRET_KEY and wizard.current_view() == ViewName.KEY,
                finished,
            )

        def _refuse() -> None:
            when(lambda: not wizard.state.probing, refuse_address, 300)

        def refuse_address() -> None:
            custom = child(QLineEdit, "customEndpointEdit")
            custom.setFocus()
            QTest.keyClicks(custom, REFUSED_ADDRESS)
            QTest.mouseClick(child(QPushButton, "addCustomButton"), left_button())
            QTimer.singleShot(700, finished)

        if name == "welcome":
            when(lambda: wizard.state.files is not None and not wizard.runner.busy(), finished)
        elif name == "key":
            wizard.build_remaining_pages()
            without_codex = child(QCheckBox, "withoutCodexCheck")
            if without_codex.isVisible():
                without_codex.setChecked(True)  # no Codex on this PATH: set up anyway
            when(lambda: wizard.button(QWizard.WizardButton.NextButton).isEnabled(), go_to_key)
        elif name == "endpoint":
            wizard.next()
            when(lambda: wizard.current_view() == ViewName.ENDPOINT, lambda: _refuse())
        elif name == "preview":
            wizard.next()
            page = wizard.preview_page
            when(lambda: page.prepared is not None and not wizard.runner.busy(), finished)
        elif name == "done":
            wizard.next()  # writes (the commit page), then goes on by itself

            def test() -> None:
                QTest.mouseClick(child(QPushButton, "testCodexButton"), left_button())
                result = wizard.page_for(ViewName.DONE).test_result  # type: ignore[attr-defined]
                when(lambda: result.level in ("ok", "error"), finished, 1500)

            when(lambda: wizard.current_view() == ViewName.DONE and not wizard.runner.busy(), test)

    return serve_steps(app, step, gateway)


# --- shared with tests/support/atspi_tray_driver.py ---------------------------------------------


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def when(done: Callable[[], bool], then: Callable[[], None], settle_ms: int = 700) -> None:
    """Run ``then`` once ``done()`` holds and the app had ``settle_ms`` to tell the bus."""
    if done():
        QTimer.singleShot(settle_ms, then)
    else:
        QTimer.singleShot(50, lambda: when(done, then, settle_ms))


def serve_steps(app: QCoreApplication, step: Callable[[str], None], gateway: Any) -> int:
    """Read step names from stdin (a thread) and run each on the GUI thread; "quit" stops the
    gateway imitation and the process. Says "ready" first."""
    commands: queue.Queue[str] = queue.Queue()

    def read_stdin() -> None:
        for line in sys.stdin:
            commands.put(line.strip())

    threading.Thread(target=read_stdin, daemon=True).start()

    def poll() -> None:
        try:
            command = commands.get_nowait()
        except queue.Empty:
            return
        if command == "quit":
            gateway.__exit__(None, None, None)
            say("done quit")
            os._exit(0)
        step(command)

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(50)
    say("ready")
    return app.exec()


def left_button():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


if __name__ == "__main__":
    sys.exit(main())

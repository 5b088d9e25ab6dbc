"""Render a PNG of every wizard page into docs/screenshots/ (used in the README).

Run from the repository root: ``.venv/bin/python docs/screenshots/render.py [--lang zh_CN]
[--dark]`` (every set at once: the one-line command in the README).

The wizard runs for real (offscreen) in a temporary home folder laid out as a person's: Codex's
files in ``~/.codex``, the pinned test Codex linked as ``~/.local/bin/codex`` (run in the tests'
isolated environment: nothing leaves this machine). The pictures show that home as ``/home/me``,
never the build machine's folders. Network answers are stand-ins so the pictures show the real
endpoints: the probe results, the quota and the test reply are fed to the pages as the workers
would deliver them. Chinese is drawn with Noto Sans CJK SC when it is installed
(``apt-get install fonts-noto-cjk``), as a Chinese desktop would.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QDeadlineTimer, QEventLoop, QSize, QTimer, QTranslator  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QWidget,
    QWizard,
)

from app.core.endpoints import CATALOGUE  # noqa: E402
from app.core.net.probe import ProbeReport, ProbeResult  # noqa: E402
from app.core.net.quota import Quota, QuotaResult  # noqa: E402
from app.core.paths import AppPaths, resolve_paths  # noqa: E402
from app.core.wizard import flow, tasks  # noqa: E402
from app.core.wizard.flow import ViewName  # noqa: E402
from app.ui.main import application, install_translation  # noqa: E402
from app.ui.wizard import PAGE_IDS, SetupWizard  # noqa: E402
from tests.support.codex_harness import find_test_codex, isolated_codex_env  # noqa: E402

OUT = Path(__file__).resolve().parent
SIZE = QSize(760, 620)
DEMO_KEY = "sk-" + "Q7x2Lm9P" * 6  # not a real key; shown masked anyway
MODELS = ("gpt-5.5", "gpt-5.4", "gpt-5.3-codex")
REASON = (
    "This gateway lists its models only under /v1, so /v1 is added: there both Codex's chat and "
    "its model check work."
)


def spin(milliseconds: int) -> None:
    """Run the event loop for a while. (An event loop *instance*: in PySide6 6.12 on Python 3.11
    the static QCoreApplication.processEvents() drops a reference to None on every call.)"""
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def wait_until(app: QApplication, done: Callable[[], bool], seconds: float = 30.0) -> None:
    deadline = QDeadlineTimer(int(seconds * 1000))
    while not done():
        if deadline.hasExpired():
            raise TimeoutError("the wizard did not get there in time")
        spin(20)


SHOWN_HOME = "/home/me"  # what the pictures show instead of the temporary home folder


def neutral_paths(root: QWidget, home: Path) -> None:
    """Show the temporary home as a person's (``/home/me``) in every label and text view."""
    real = str(home)
    for label in root.findChildren(QLabel):
        if real in label.text():
            label.setText(label.text().replace(real, SHOWN_HOME))
    for view in root.findChildren(QTextBrowser):  # in place: the diff keeps its formatting
        document = view.document()
        cursor = document.find(real)
        while not cursor.isNull():
            cursor.insertText(SHOWN_HOME)
            cursor = document.find(real, cursor)


def shoot(app: QApplication, wizard: SetupWizard, name: str, suffix: str) -> Path:
    spin(100)
    home = getattr(wizard, "_screenshot_home", None)
    if home is not None:
        neutral_paths(wizard, home)
        spin(50)  # the shorter texts laid out again
    path = OUT / f"{name}{suffix}.png"
    wizard.grab().save(str(path))
    print(f"wrote {path.relative_to(REPO)}")
    return path


def show_changes(wizard: SetupWizard, name: str) -> None:
    """Open "Show the exact changes": the pictures show the summary and the diff under it."""
    button = wizard.findChild(QPushButton, name)
    assert button is not None, name
    button.setChecked(True)


def environment(home: Path, codex_home: Path) -> dict[str, str]:
    """The tests' isolated environment, with the test Codex where a person has it:
    ``~/.local/bin/codex`` (a link), that folder first on PATH."""
    codex = find_test_codex()
    env = isolated_codex_env(codex_home, home)
    if codex is not None:
        local_bin = home / ".local" / "bin"
        local_bin.mkdir(parents=True, exist_ok=True)
        if not (local_bin / "codex").exists():
            (local_bin / "codex").symlink_to(codex)
        env["PATH"] = os.pathsep.join([str(local_bin), env.get("PATH", "")])
    return env


def person_paths(folder: Path, codex_folder: str) -> tuple[Path, AppPaths]:
    """A home folder inside ``folder`` and the app's paths in it (``~/<codex_folder>``)."""
    home = folder / "home"
    home.mkdir(parents=True, exist_ok=True)
    return home, resolve_paths(home / codex_folder, home / ".config" / "tokenpool-setup")


def probe_results() -> ProbeReport:
    recommended = ProbeResult(
        CATALOGUE[0].url, True, 86.0, (84.0, 88.0), {}, MODELS, CATALOGUE[0].url + "/v1", REASON
    )
    standard = ProbeResult(
        CATALOGUE[1].url, True, 143.0, (140.0, 146.0), {}, MODELS, CATALOGUE[1].url + "/v1", REASON
    )
    return ProbeReport((recommended, standard), recommended)


def main_path(app: QApplication, folder: Path, suffix: str) -> None:
    home, paths = person_paths(folder, ".codex")
    paths.codex_home.mkdir(mode=0o700)
    (paths.codex_home / "config.toml").write_text(
        '# my Codex settings\napproval_policy = "on-request"\n\n'
        '[projects."/home/me/code"]\ntrust_level = "trusted"\n'
    )
    wizard = SetupWizard(paths, CATALOGUE, environment=environment(home, paths.codex_home))
    wizard._screenshot_home = home  # type: ignore[attr-defined]
    wizard.resize(SIZE)
    wizard.show()
    wait_until(app, lambda: wizard.state.inspected)
    shoot(app, wizard, "1-welcome", suffix)

    wizard.next()
    key_edit = wizard.findChild(QLineEdit, "keyEdit")
    assert key_edit is not None
    key_edit.setText(DEMO_KEY)
    shoot(app, wizard, "2-key", suffix)

    wizard.next()
    wizard.runner.cancel("endpoint")  # the stand-in results below are what the probe delivers
    report = probe_results()
    wizard.change_state(lambda s: flow.accept_probe_result(s, report.results[0]))
    wizard.change_state(lambda s: flow.accept_probe_report(s, report))
    shoot(app, wizard, "3-endpoint", suffix)

    wizard.next()
    wait_until(app, lambda: wizard.button(QWizard.WizardButton.CommitButton).isEnabled(), 60)
    show_changes(wizard, "showChangesButton")
    shoot(app, wizard, "4-preview", suffix)

    wizard.next()
    wait_until(app, lambda: wizard.currentId() == PAGE_IDS[ViewName.DONE])
    wizard.runner.cancel("done")
    done = wizard.page_for(ViewName.DONE)
    quota = Quota(12.34, 7.66, 20.0, "USD", False, None, "sub2api")
    done._quota(QuotaResult("ok", quota, "", "sub2api"))  # type: ignore[attr-defined]
    done._tested(tasks.ChatTestOutcome(True, "pong", "", via_codex=True))  # type: ignore[attr-defined]
    shoot(app, wizard, "5-done", suffix)
    wizard.runner.cancel()
    wizard.runner.wait(5000)
    wizard.close()


def repair_path(app: QApplication, folder: Path, suffix: str) -> None:
    home, paths = person_paths(folder, ".codex")
    paths.codex_home.mkdir(mode=0o700)
    broken = REPO / "tests" / "fixtures" / "broken"
    paths.config_toml.write_bytes((broken / "duplicate_table.toml").read_bytes())
    paths.auth_json.write_bytes((broken / "auth_chatgpt_tokens.json").read_bytes())
    paths.auth_json.chmod(0o600)
    wizard = SetupWizard(paths, CATALOGUE, environment=environment(home, paths.codex_home))
    wizard._screenshot_home = home  # type: ignore[attr-defined]
    wizard.resize(SIZE)
    wizard.show()
    wait_until(app, lambda: wizard.state.inspected)
    shoot(app, wizard, "1b-welcome-broken", suffix)
    wizard.change_state(lambda s: flow.choose_path(s, "repair"))
    wizard.next()
    wait_until(app, lambda: wizard.button(QWizard.WizardButton.CommitButton).isEnabled(), 60)
    show_changes(wizard, "showRepairChangesButton")
    shoot(app, wizard, "1c-repair", suffix)
    wizard.runner.cancel()
    wizard.runner.wait(5000)
    wizard.close()


def use_dark_palette(app: QApplication) -> None:
    """What a system in dark mode hands a Qt app: a dark palette (the offscreen platform has no
    system theme to follow, so it is set here by hand)."""
    from PySide6.QtGui import QColor, QPalette

    role = QPalette.ColorRole
    palette = QPalette()
    for r, color in (
        (role.Window, "#2b2d30"),
        (role.WindowText, "#dfe1e5"),
        (role.Base, "#1e1f22"),
        (role.AlternateBase, "#26282b"),
        (role.Text, "#dfe1e5"),
        (role.Button, "#3c3f41"),
        (role.ButtonText, "#dfe1e5"),
        (role.Highlight, "#2f65ca"),
        (role.HighlightedText, "#ffffff"),
        (role.PlaceholderText, "#8c8f94"),
        (role.ToolTipBase, "#3c3f41"),
        (role.ToolTipText, "#dfe1e5"),
        (role.Light, "#4a4d50"),
        (role.Mid, "#3a3c3f"),
        (role.Dark, "#1b1c1e"),
        (role.Link, "#6cb6ff"),  # a dark system's link colour (Qt's default blue is unreadable)
        (role.LinkVisited, "#b392f0"),
    ):
        palette.setColor(r, QColor(color))
    palette.setColor(QPalette.ColorGroup.Disabled, role.ButtonText, QColor("#6f737a"))
    palette.setColor(QPalette.ColorGroup.Disabled, role.WindowText, QColor("#6f737a"))
    palette.setColor(QPalette.ColorGroup.Disabled, role.Text, QColor("#6f737a"))
    app.setPalette(palette)


def use_chinese_font(app: QApplication) -> None:
    """What a Chinese desktop draws with (Windows: Microsoft YaHei, macOS: PingFang SC, Linux:
    Noto Sans CJK SC): Latin letters from a Western sans and full-width punctuation from a CJK
    fallback look ragged in a Chinese sentence."""
    from PySide6.QtGui import QFont, QFontDatabase

    for family in ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei"):
        if family in QFontDatabase.families():
            font = QFont(app.font())
            font.setFamilies([family])
            app.setFont(font)
            return
    print("no Chinese font found: apt-get install fonts-noto-cjk", file=sys.stderr)


def screenshot_arguments(doc: str | None) -> argparse.ArgumentParser:
    """The options every render script takes: --lang and --dark."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0] if doc else None)
    parser.add_argument("--lang", default="en", help="en or zh_CN")
    parser.add_argument("--dark", action="store_true", help="render in dark mode")
    return parser


def start_app(args: argparse.Namespace) -> tuple[QApplication, QTranslator | None, str]:
    """The application in the asked language and look, its translator (keep it), and the file
    name suffix for the pictures ("", ".zh_CN", ".dark", ".zh_CN.dark")."""
    app = application()
    if args.dark:
        use_dark_palette(app)
    if args.lang.startswith("zh"):
        use_chinese_font(app)
    translator = install_translation(app, args.lang)
    suffix = ("" if args.lang == "en" else f".{args.lang}") + (".dark" if args.dark else "")
    return app, translator, suffix


def main() -> int:
    args = screenshot_arguments(__doc__).parse_args()
    app, translator, suffix = start_app(args)
    with tempfile.TemporaryDirectory(prefix="tokenpool-screens-") as scratch:
        folder = Path(scratch)
        (folder / "first").mkdir()
        (folder / "broken").mkdir()
        main_path(app, folder / "first", suffix)  # each in its own home, both ~/.codex
        repair_path(app, folder / "broken", suffix)
    del translator
    return 0


if __name__ == "__main__":
    sys.exit(main())

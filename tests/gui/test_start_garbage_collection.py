"""A start without arguments holds Python's cyclic garbage collector until its window has shown
(app/__main__.py), then sets what exists aside for good and resumes it
(app.ui.main.resume_garbage_collection). bench/startup.py measures what that saves; these tests
check the collector never stays off, from inside the real process and on every way out.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import app.__main__ as entry
import app.ui.main
from app import cli
from app.core.paths import AppPaths, resolve_paths
from app.ui.main import resume_garbage_collection
from tests.support.broken_homes import setup_home

REPO = Path(__file__).resolve().parents[2]

# The real entry point in a child process; the event loop is not entered: at the moment it
# would start, the child reports the collector's state, which windows show and how many
# collections ran since main() began, and main() returns.
_START = """
import gc, json, sys
from PySide6.QtWidgets import QApplication

collections = []
seen = {}

def count(phase, info):
    if phase == "stop":
        collections.append(info["generation"])

def instead_of_the_event_loop(app):
    seen.update(
        enabled=gc.isenabled(),
        frozen=gc.get_freeze_count(),
        collections_before_the_loop=len(collections),
        windows=sorted(type(w).__name__ for w in QApplication.topLevelWidgets() if w.isVisible()),
    )
    return 0

QApplication.exec = instead_of_the_event_loop
from app.__main__ import main
gc.callbacks.append(count)
code = main(sys.argv[1:])
seen.update(code=code, enabled_at_exit=gc.isenabled())
print(json.dumps(seen), flush=True)
"""


def start_without_arguments(tmp_path: Path) -> dict[str, Any]:
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(REPO),
        "XDG_RUNTIME_DIR": str(runtime),  # the tray's single-instance name lives there
    }
    done = subprocess.run(
        [sys.executable, "-c", _START],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


@pytest.mark.gui
def test_the_wizard_shows_with_no_collection_and_resumes_the_collector(tmp_path: Path) -> None:
    report = start_without_arguments(tmp_path)  # an empty Codex home: the wizard
    assert report["windows"] == ["SetupWizard"]
    # Held from main() until the window had shown (the old code collected 8-10 times here).
    assert report["collections_before_the_loop"] == 0
    # ...and running again before the event loop, with the start's objects set aside.
    assert report["enabled"] is True
    assert report["frozen"] > 10_000
    assert report["code"] == 0 and report["enabled_at_exit"] is True


@pytest.mark.gui
@pytest.mark.skipif(sys.platform != "linux", reason="the tray's hand-over name: XDG_RUNTIME_DIR")
def test_the_panel_start_resumes_the_collector_too(tmp_path: Path) -> None:
    setup_home(resolve_paths())  # Codex set up for TokenPool: a double-click opens the panel
    report = start_without_arguments(tmp_path)
    assert "SetupWizard" not in report["windows"] and report["windows"]  # the panel's window
    assert report["collections_before_the_loop"] == 0
    assert report["enabled"] is True and report["frozen"] > 10_000
    assert report["enabled_at_exit"] is True


@pytest.fixture
def collector_restored() -> Iterator[None]:
    """These tests turn the collector off and freeze objects in the test process: undo both."""
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()


def test_every_way_out_of_a_start_without_arguments_resumes_the_collector(
    monkeypatch: pytest.MonkeyPatch, collector_restored: None
) -> None:
    held: list[bool] = []

    def window_that_fails(args: Any, paths: AppPaths) -> int:
        held.append(gc.isenabled())
        raise RuntimeError("no display")

    monkeypatch.setattr(app.ui.main, "run_gui", window_that_fails)
    assert entry.main([]) == cli.EXIT_INTERNAL  # said in words on stderr, no traceback
    assert held == [False]  # held while the window was being made...
    assert gc.isenabled()  # ...and running again although it failed

    def window_that_closes(args: Any, paths: AppPaths) -> int:
        held.append(gc.isenabled())
        return 0

    monkeypatch.setattr(app.ui.main, "run_gui", window_that_closes)
    assert entry.main([]) == 0
    assert held == [False, False] and gc.isenabled()


def test_a_command_never_holds_the_collector(
    monkeypatch: pytest.MonkeyPatch, collector_restored: None
) -> None:
    held: list[bool] = []

    def doctor(args: Any, paths: AppPaths, console: Any) -> int:
        held.append(gc.isenabled())
        return 0

    monkeypatch.setitem(cli.COMMANDS, "doctor", doctor)
    assert entry.main(["doctor"]) == 0
    assert held == [True]


def test_resuming_freezes_only_what_a_held_start_made(collector_restored: None) -> None:
    before = gc.get_freeze_count()
    resume_garbage_collection()  # the collector runs: nothing to do
    assert gc.get_freeze_count() == before and gc.isenabled()
    gc.disable()
    resume_garbage_collection()
    assert gc.isenabled() and gc.get_freeze_count() > before

"""``tokenpool-setup selftest``: what the packaged app's smoke test runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run_selftest(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)  # selftest must choose offscreen by itself when headless
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return subprocess.run(
        [sys.executable, "-m", "app", "selftest", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.gui
def test_selftest_builds_every_page_and_passes() -> None:
    done = run_selftest()
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "pages: 6 pages built and rendered" in out
    assert "qt plugins: platform offscreen, SVG icons render" in out
    assert "translations: zh_CN loads" in out
    assert "tls trust store" in out
    assert "keychain" in out  # headless Linux has none: a note, not a failure
    assert out.strip().endswith("selftest passed.")


@pytest.mark.gui
def test_selftest_json_and_writes_nothing() -> None:
    done = run_selftest("--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] is True
    names = {c["name"] for c in report["checks"]}
    assert {"qt plugins", "pages", "translations", "tls trust store", "keychain"} <= names
    assert all(c["ok"] for c in report["checks"] if c["required"])
    assert not Path(os.environ["CODEX_HOME"]).exists()

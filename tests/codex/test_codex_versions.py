"""The tested Codex versions are pinned in one place (app/core/codex_versions.py), installed by
bootstrap, used by the Codex-facing tests, and the doctor notes a Codex newer than the newest."""

from __future__ import annotations

import importlib.util
import re
import stat
import sys
from pathlib import Path

import pytest

from app.core import codex_versions
from app.core.doctor import run_doctor
from app.core.paths import AppPaths
from tests.support import codex_harness

ROOT = Path(__file__).resolve().parents[2]


def test_one_place_pins_the_versions() -> None:
    spec = importlib.util.spec_from_file_location("tp_bootstrap_v", ROOT / "packaging/bootstrap.py")
    assert spec is not None and spec.loader is not None
    bootstrap = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bootstrap)
    assert bootstrap.CODEX_VERSIONS == codex_versions.CODEX_VERSIONS
    assert codex_versions.CODEX_VERSIONS[0] == codex_harness.CODEX_VERSION
    assert len(codex_versions.CODEX_VERSIONS) >= 2
    keys = [codex_versions.version_key(v) for v in codex_versions.CODEX_VERSIONS]
    assert keys == sorted(keys), "pinned first, newest last"


@pytest.mark.parametrize(
    "name", ["test_codex_compat.py", "test_codex_tui.py", "test_wizard_gui.py"]
)
def test_codex_facing_tests_name_no_version(name: str) -> None:
    (path,) = (ROOT / "tests").rglob(name)
    text = path.read_text(encoding="utf-8")
    assert not re.findall(r"\b0\.1\d\d\.\d+\b", text)


def test_version_order() -> None:
    key = codex_versions.version_key
    assert key("0.171.0") > key("0.169.0")
    assert key("0.172.0-alpha.1") > key("0.171.0")
    assert key("1.0.0") > key("0.999.9")
    assert not codex_versions.newer_than_tested(None)
    assert not codex_versions.newer_than_tested(codex_versions.NEWEST_TESTED_CODEX_VERSION)
    assert not codex_versions.newer_than_tested(codex_versions.PINNED_CODEX_VERSION)


def _fake_codex(folder: Path, version: str) -> Path:
    """A stand-in that only answers `codex --version` (no real Codex of an untested version
    exists here)."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "codex"
    script.write_text(f'#!/bin/sh\necho "codex-cli {version}"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in is a POSIX shell script")
@pytest.mark.parametrize(
    ("version", "noted"),
    [("99.0.0", True), (codex_versions.NEWEST_TESTED_CODEX_VERSION, False),
     (codex_versions.PINNED_CODEX_VERSION, False)],
)  # fmt: skip
def test_doctor_notes_a_codex_newer_than_tested(
    paths: AppPaths, tmp_path: Path, version: str, noted: bool
) -> None:
    codex = _fake_codex(tmp_path / "bin", version)
    report = run_doctor(paths, env={}, codex_path=codex, run_codex_doctor=False)
    notes = [f for f in report.findings if f.code == "codex_newer_than_tested"]
    assert bool(notes) == noted
    if noted:
        (note,) = notes
        assert note.severity == "info"
        assert version in note.message
        assert codex_versions.NEWEST_TESTED_CODEX_VERSION in note.message + note.hint
        assert all(f.severity != "error" for f in notes)

"""PySide6 reads the source of every module imported after it (its ``__feature__`` scan); the app
stops that when ``app.ui`` is imported (app/ui/import_scan.py). Each check runs in a fresh
interpreter: the scan and :mod:`linecache` are per process."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PROBE = textwrap.dedent(
    """
    import linecache, sys
    sys.path.insert(0, sys.argv[1])
    {first}
    import PySide6.QtCore  # the scan is installed by the first Qt import
    import probe_module_after_qt
    read = any("probe_module_after_qt" in name for name in linecache.cache)
    print("scanned" if read else "quiet")
    """
)


def _run(tmp_path: Path, first: str) -> str:
    (tmp_path / "probe_module_after_qt.py").write_text("VALUE = 1\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(first=first), str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_pyside_reads_every_module_imported_after_it_without_the_app(tmp_path: Path) -> None:
    # The behaviour worked around: if this PySide6 no longer scans, app/ui/import_scan.py can go.
    assert _run(tmp_path, first="") == "scanned"


def test_importing_the_app_ui_stops_the_scan(tmp_path: Path) -> None:
    assert _run(tmp_path, first="import app.ui") == "quiet"


def test_the_scan_is_found_in_this_pyside() -> None:
    import app.ui  # noqa: F401 - stops the scan
    from app.ui.import_scan import load_qt_without_source_scan

    assert load_qt_without_source_scan(), "PySide6 changed: look at app/ui/import_scan.py again"

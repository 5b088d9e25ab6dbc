"""Cold start of the setup wizard to its first painted page, as a ratio to a bare PySide6 QWizard
started the same way in the same run (not a test). Target: at most 1.5x.

Each sample is a fresh Python process; the time is from starting the process until the first page
reports its first paint event. Beside that wall-clock time, each child reports the CPU time it has
used when it paints (``time.process_time``): on these 2-core machines anything else running
stretches the wall-clock figures of either side by tens of milliseconds, while CPU time moves far
less; the verdict stays on wall-clock time.

The wizard is started through the real entry point (``python -m app`` → ``run_gui``) with no
arguments, as a double-click or the menu entry starts it, and a throwaway Codex folder
(``CODEX_HOME``, which the app reads as Codex does); the bare one is a QApplication with a
one-page QWizard. Runs alternate so both see the same machine state.

Bytecode is cached (in a temporary ``PYTHONPYCACHEPREFIX``, even where ``PYTHONDONTWRITEBYTECODE``
is set), as it is for an installed or packaged app: otherwise every start would include compiling
the app's sources, which no user pays.

Run from the repository root: ``.venv/bin/python bench/startup.py [--runs 15]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIMIT = 1.5

# Shared by both children: print "painted" at the first paint of the first page, then stop.
_PAINT_HOOK = """
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            import time
            print("painted", time.process_time(), flush=True)
            watched.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.instance().quit)
        return False

first_paint = FirstPaint()
"""

BARE = (
    _PAINT_HOOK
    + """
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWizard, QWizardPage
app = QApplication([])
wizard = QWizard()
page = QWizardPage()
page.setTitle("Welcome")
QVBoxLayout(page).addWidget(QLabel("Hello"))
wizard.addPage(page)
page.installEventFilter(first_paint)
wizard.show()
app.exec()
"""
)

WIZARD = (
    _PAINT_HOOK
    + """
import sys
import app.ui.wizard as wizard_module

original_show = wizard_module.SetupWizard.show

def show(self):
    self.page(self.startId()).installEventFilter(first_paint)
    original_show(self)

wizard_module.SetupWizard.show = show
from app.__main__ import main
sys.exit(main([]))
"""
)


def time_to_paint(code: str, args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds) from the process start to its first paint."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    for line in child.stdout:
        if line.startswith("painted"):
            elapsed = time.perf_counter() - started
            cpu = float(line.split()[1])
            break
    else:
        child.wait()
        raise RuntimeError("the window never painted")
    child.kill()
    child.wait()
    return elapsed, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    env = dict(os.environ)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY") and sys.platform == "linux":
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    bare: list[tuple[float, float]] = []
    ours: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory(prefix="tokenpool-bench-") as folder:
        env["CODEX_HOME"] = str(Path(folder) / "codex")  # as Codex reads it
        env["TOKENPOOL_SETUP_SETTINGS_DIR"] = str(Path(folder) / "settings")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(folder) / "pycache")
        time_to_paint(BARE, [], env)  # warm the OS file cache for both
        time_to_paint(WIZARD, [], env)
        for _ in range(args.runs):
            bare.append(time_to_paint(BARE, [], env))
            ours.append(time_to_paint(WIZARD, [], env))
    bare_ms = statistics.median(t for t, _ in bare) * 1000
    ours_ms = statistics.median(t for t, _ in ours) * 1000
    ratio = ours_ms / bare_ms
    cpu_ratio = statistics.median(c for _, c in ours) / statistics.median(c for _, c in bare)
    for name, median, samples in (
        ("bare QWizard", bare_ms, bare),
        ("TokenPool Setup", ours_ms, ours),
    ):
        each = ", ".join(f"{t * 1000:.0f}" for t, _ in samples)
        cpu = statistics.median(c for _, c in samples) * 1000
        print(f"{name + ':':17s} median {median:6.0f} ms, CPU {cpu:4.0f} ms  ({each})")
    verdict = "ok" if ratio <= LIMIT else "TOO SLOW"
    print(f"ratio {ratio:.2f}x (limit {LIMIT}x): {verdict}; CPU time: {cpu_ratio:.2f}x")
    return 0 if ratio <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())

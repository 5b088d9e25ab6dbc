"""The tray companion at rest: CPU and memory over 60 s of idling, against a bare PySide6 app that
holds one tray icon and a small panel, started the same way in the same run (not a test).
Targets: CPU under 0.1 % of one core; resident memory at most 1.3x the bare app's.

The tray runs as a login starts it (``tokenpool-setup tray --hidden``, through the app's entry
point) against a local gateway imitation and a throwaway Codex folder set up for it (home and
runtime folders throwaway too), so it does its real start-up work (the command line, the
single-instance server, reads the files, polls the quota once, keeps the history) before the idle
window is measured. Both children run on the same Qt platform (offscreen unless QT_QPA_PLATFORM
says otherwise; on Xvfb set DISPLAY and QT_QPA_PLATFORM=xcb). Linux only: CPU and RSS are read
from /proc.

Run from the repository root: ``.venv/bin/python bench/tray_idle.py [--seconds 60] [--actions]``;
``--actions``: the tray first uses every action a person can take (Refresh, Retest endpoints,
Repair and its fix, Test Codex), which run in worker processes, then idles.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CPU_LIMIT = 0.001  # 0.1 % of one core
RSS_LIMIT = 1.3
sys.path.insert(0, str(REPO))

# The command a login starts (``tokenpool-setup tray --hidden``), through the app's entry point:
# the command line, the single-instance server, the start-at-login refresh, then the tray.
_TRAY = """
import sys
from app.__main__ import main
sys.exit(main(["tray", "--hidden", "--codex-home", sys.argv[1]]))
"""

# The same command, but a person uses every action once before it idles: Refresh, Retest
# endpoints, Repair (look, then fix), Test Codex. Each runs in a worker process; the resident
# tray must come back to its idle size. The controller is reached by wrapping run_tray, so the
# tray's modules load in the order the command loads them.
_TRAY_AFTER_ACTIONS = """
import sys
from app.ui.tray import launch

real_run_tray = launch.run_tray

def run_tray(**kwargs):
    from PySide6.QtCore import QTimer
    from app.core.endpoints import Endpoint
    from app.ui.tray.controller import TrayController

    start = TrayController.start

    def start_then_act(tray, *, show_panel=False):
        start(tray, show_panel=show_panel)
        tray.actions.catalogue = (Endpoint(sys.argv[2], "Main", recommended=True),)  # offline
        steps = [tray.refresh, tray.actions.retest, tray.diagnose, tray.actions.repair,
                 tray.actions.test_codex]
        done = []

        def next_step(step_number=None):
            if step_number is not None and step_number != len(done):
                return  # that step already finished
            if not steps:
                if len(done) == 5:
                    done.append("idle")
                    print("actions done", flush=True)
                    tray.panel.hide()
                return
            step = steps.pop(0)
            done.append(step)
            QTimer.singleShot(300, step)
            number = len(done)
            QTimer.singleShot(20000, lambda: next_step(number))  # one that says nothing

        tray.action_finished.connect(lambda _name: next_step(len(done)))

        def begin():
            if tray.state.last is not None and tray.view is not None and not tray.policy.in_flight:
                timer.stop()
                tray.show_panel()
                next_step()

        timer = QTimer(tray)
        timer.timeout.connect(begin)
        timer.start(200)

    TrayController.start = start_then_act
    return real_run_tray(**kwargs)

launch.run_tray = run_tray
from app.__main__ import main
sys.exit(main(["tray", "--hidden", "--codex-home", sys.argv[1]]))
"""

_BARE = """
import sys
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (QApplication, QLabel, QProgressBar, QPushButton, QSystemTrayIcon,
    QVBoxLayout, QWidget)
app = QApplication(sys.argv[:1])
app.setQuitOnLastWindowClosed(False)
pixmap = QPixmap(32, 32)
pixmap.fill(Qt.GlobalColor.transparent)
painter = QPainter(pixmap)
painter.setBrush(QColor("#2f81f7"))
painter.drawEllipse(4, 4, 24, 24)
painter.end()
tray = QSystemTrayIcon(QIcon(pixmap))
tray.setToolTip("TokenPool: $12.34 left of $20.00")
if QSystemTrayIcon.isSystemTrayAvailable():
    tray.show()
panel = QWidget()
layout = QVBoxLayout(panel)
layout.addWidget(QLabel("$12.34 left of $20.00"))
bar = QProgressBar()
bar.setValue(61)
layout.addWidget(bar)
for text in ("Refresh", "Retest endpoints", "Test Codex", "Quit"):
    layout.addWidget(QPushButton(text))
if not QSystemTrayIcon.isSystemTrayAvailable():
    panel.show()  # as the tray does without a system tray
sys.exit(app.exec())
"""


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def modules_loaded(pid: int) -> set[str]:
    """Which of the heavy libraries the process has mapped (a hint; Python modules are not files
    mapped, so this looks for their compiled parts)."""
    maps = Path(f"/proc/{pid}/maps").read_text()
    return {name for name in ("_cffi_backend", "_ssl", "libQt6Network") if name in maps}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--warmup", type=float, default=25.0, help="start-up work before measuring")
    parser.add_argument(
        "--actions",
        action="store_true",
        help="use every action once (Refresh, Retest, Repair, Test Codex) before idling",
    )
    args = parser.parse_args()
    if not Path("/proc/self/stat").exists():
        print("bench/tray_idle.py reads /proc: run it on Linux.")
        return 2

    from app.core.codex_config import CodexSettings
    from app.core.paths import resolve_paths
    from app.core.plan import apply_plan, plan_configure
    from tests.gateway import GOOD_KEY, GatewayImitation

    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = str(REPO)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    env["NO_PROXY"] = "127.0.0.1,localhost"
    with tempfile.TemporaryDirectory(prefix="tray-idle-") as folder, GatewayImitation() as gateway:
        paths = resolve_paths(Path(folder) / "codex", Path(folder) / "settings")
        paths.codex_home.mkdir(mode=0o700)
        apply_plan(plan_configure(paths, GOOD_KEY, CodexSettings(gateway.url + "/v1")))
        env["TOKENPOOL_SETUP_SETTINGS_DIR"] = str(paths.settings_dir)
        # The start-at-login entry and the single-instance socket: in the throwaway folder.
        env["HOME"] = env["USERPROFILE"] = folder
        env["XDG_CONFIG_HOME"] = str(Path(folder) / "config")
        env["XDG_RUNTIME_DIR"] = folder
        tray_code = _TRAY_AFTER_ACTIONS if args.actions else _TRAY
        children = {
            "tray": subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    tray_code,
                    str(paths.codex_home),
                    gateway.url + "/v1",
                ],
                env=env,
                cwd=REPO,
            ),
            "bare": subprocess.Popen([sys.executable, "-c", _BARE], env=env, cwd=REPO),
        }
        try:
            time.sleep(args.warmup)
            for name, child in children.items():
                if child.poll() is not None:
                    print(f"the {name} app exited early ({child.returncode})")
                    return 1
            polls = len(gateway.requests_to("/v1/usage"))
            start = {name: cpu_seconds(c.pid) for name, c in children.items()}
            time.sleep(args.seconds)
            cpu = {name: cpu_seconds(c.pid) - start[name] for name, c in children.items()}
            rss = {name: rss_mb(c.pid) for name, c in children.items()}
            mapped = modules_loaded(children["tray"].pid)
            polls_during = len(gateway.requests_to("/v1/usage")) - polls
        finally:
            for child in children.values():
                child.terminate()
            for child in children.values():
                child.wait(10)

    share = {name: cpu[name] / args.seconds for name in cpu}
    ratio = rss["tray"] / rss["bare"] if rss["bare"] else float("inf")
    print(
        f"idle {args.seconds:.0f} s after {args.warmup:.0f} s of start-up"
        f"{' and every action once' if args.actions else ''} "
        f"(platform {env['QT_QPA_PLATFORM']}); quota polls at start: {polls}, while idle: "
        f"{polls_during}"
    )
    for name in ("tray", "bare"):
        print(
            f"  {name:5} CPU {cpu[name]:.3f} s = {share[name] * 100:.3f} % of a core, "
            f"RSS {rss[name]:.1f} MB"
        )
    print(
        f"  RSS ratio tray/bare {ratio:.2f} (target <= {RSS_LIMIT}); tray CPU target "
        f"< {CPU_LIMIT * 100:.1f} % of a core"
    )
    print(f"  tray has mapped: {', '.join(sorted(mapped)) or 'none of _ssl/_cffi/QtNetwork'}")
    ok = share["tray"] < CPU_LIMIT and ratio <= RSS_LIMIT
    print("OK" if ok else "OVER TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

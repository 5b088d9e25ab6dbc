"""Each network command against each hostile server (issue 17): peak memory and time.

Runs ``probe``, ``quota``, ``doctor --online``, ``configure`` and the tray worker's ``poll`` as
child processes against tests/support/hostile_server.py on 127.0.0.1 (a 2 GiB gzip bomb, an endless
body, headers and body trickled at one byte a second, impossible numbers, a 50 MB model list with
200,000 ids, a redirect) and reads each child's own peak RSS (``os.wait4``). Targets: every
command under 150 MB and within its budget (its own deadline plus start-up); the budget column
says which. A baseline, the same command against a healthy gateway imitation, is measured in the
same run so the numbers read as ratios too.

    .venv/bin/python bench/hostile.py [--only gzip_bomb,endless] [--commands probe,quota]

No traffic leaves the machine: every server listens on 127.0.0.1, every loop is bounded, and a
child that overruns ``--kill-after`` seconds is killed and reported as such.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.gateway import GOOD_KEY, GatewayImitation  # noqa: E402
from tests.support.codex_harness import write_codex_files  # noqa: E402
from tests.support.hostile_server import HostileServer  # noqa: E402

TARGET_MB = 150
# Seconds each command may take (its own deadline, plus start-up and slack).
BUDGET_S = {"probe": 8 + 4, "quota": 15 + 4, "doctor": 8 + 6, "configure": 8 + 6, "tray": 15 + 4}
CASES = {
    "gzip_bomb": {},
    "endless": {},
    "trickle_headers": {},
    "trickle_body": {},
    "huge_number": {},
    "huge_float": {},
    "huge_models": {},
    "redirect": {},
}


def command(name: str, url: str, home: Path) -> tuple[list[str], str]:
    codex = str(home / ".codex")
    python = [sys.executable, "-m", "app"]
    if name == "probe":
        return [*python, "probe", "--endpoint", url, "--key-stdin"], GOOD_KEY
    if name == "quota":
        return [*python, "quota", "--codex-home", codex], ""
    if name == "doctor":
        return [*python, "doctor", "--online", "--codex-home", codex], ""
    if name == "configure":
        target = home / "fresh-codex"
        target.mkdir(exist_ok=True)
        return [
            *python,
            "configure",
            "--codex-home",
            str(target),
            "--endpoint",
            url,
            "--key-stdin",
            "--yes",
        ], GOOD_KEY
    request = {
        "job": "poll",
        "codex_home": codex,
        "settings_dir": str(home / "settings"),
        "proxy_env": {},
    }
    return [sys.executable, "-m", "app.core.tray.worker"], json.dumps(request)


def run_child(argv: list[str], stdin: str, env: dict[str, str], kill_after: float) -> dict:
    started = time.monotonic()
    child = subprocess.Popen(
        argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(stdin.encode())
    child.stdin.close()
    killed = False
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - started > kill_after:
            os.killpg(child.pid, signal.SIGKILL)
            killed = True
            pid, status, usage = os.wait4(child.pid, 0)
            break
        time.sleep(0.05)
    output = child.stdout.read().decode(errors="replace")
    child.stdout.close()
    return {
        "seconds": time.monotonic() - started,
        "peak_mb": usage.ru_maxrss / 1024,
        "exit": None if killed else os.waitstatus_to_exitcode(status),
        "killed": killed,
        "said": " ".join(output.split())[:150],
    }


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def wizard_in_process(behaviours: list[str]) -> int:
    """The wizard probes in its own process: its RSS before, when the probe returns (8 s budget)
    and 5 s later, and whether any probe thread is still reading. Target: back to idle."""
    import gc
    import threading

    from app.core.endpoints import CATALOGUE
    from app.core.wizard import tasks as wizard_tasks

    failures = 0
    print(f"\n{'wizard probe':16} {'idle MB':>8} {'return':>8} {'+5 s':>8} {'threads':>8}")
    for behaviour in behaviours:
        with HostileServer(behaviour, **CASES[behaviour]) as server:
            gc.collect()
            idle = rss_mb()
            wizard_tasks.probe_urls(
                [server.url], GOOD_KEY, CATALOGUE, threading.Event(), lambda _r: None
            )
            at_return = rss_mb()
            time.sleep(5)
            gc.collect()
            later = rss_mb()
            left = [t.name for t in threading.enumerate() if t.name.startswith("probe-")]
        ok = later - idle < 30 and not left
        failures += not ok
        print(
            f"{behaviour:16} {idle:8.1f} {at_return:8.1f} {later:8.1f} {len(left):8d}"
            f"  {'yes' if ok else 'NO'}"
        )
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated behaviours")
    parser.add_argument("--commands", default="probe,quota,doctor,configure,tray")
    parser.add_argument("--kill-after", type=float, default=120.0)
    parser.add_argument(
        "--wizard-only", action="store_true", help="only the in-process wizard probe"
    )
    args = parser.parse_args()
    behaviours = args.only.split(",") if args.only else list(CASES)
    commands = args.commands.split(",")
    if args.wizard_only:
        return 1 if wizard_in_process(behaviours) else 0
    failures = 0
    with tempfile.TemporaryDirectory(prefix="hostile-bench-") as tmp:
        base_env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
        rows: list[tuple[str, str, dict]] = []
        baselines: dict[str, float] = {}
        with GatewayImitation() as healthy:
            for name in commands:
                home = Path(tmp) / f"baseline-{name}"
                write_codex_files(home / ".codex", healthy.url + "/v1", GOOD_KEY)
                env = {**base_env, "HOME": str(home), "CODEX_HOME": str(home / ".codex")}
                argv, stdin = command(name, healthy.url, home)
                result = run_child(argv, stdin, env, args.kill_after)
                baselines[name] = result["peak_mb"]
                rows.append(("healthy", name, result))
        for behaviour in behaviours:
            with HostileServer(behaviour, **CASES[behaviour]) as server:
                for name in commands:
                    home = Path(tmp) / f"{behaviour}-{name}"
                    write_codex_files(home / ".codex", server.url + "/v1", GOOD_KEY)
                    env = {**base_env, "HOME": str(home), "CODEX_HOME": str(home / ".codex")}
                    argv, stdin = command(name, server.url, home)
                    rows.append((behaviour, name, run_child(argv, stdin, env, args.kill_after)))
        header = f"{'server':16} {'command':10} {'peak MB':>8} {'x base':>7} {'s':>6}"
        print(f"{header} {'budget':>7}  ok  said")
        for behaviour, name, r in rows:
            within = (
                not r["killed"]
                and r["peak_mb"] < TARGET_MB
                and r["seconds"] <= BUDGET_S[name]
                and r["exit"] != 70
            )
            failures += not within
            ratio = r["peak_mb"] / baselines[name] if baselines.get(name) else 0.0
            print(
                f"{behaviour:16} {name:10} {r['peak_mb']:8.1f} {ratio:7.2f} {r['seconds']:6.1f}"
                f" {BUDGET_S[name]:7.0f}  {'yes' if within else 'NO '} "
                f"[{'killed' if r['killed'] else r['exit']}] {r['said']}"
            )
    failures += wizard_in_process(behaviours)
    print(f"\ntarget: every command under {TARGET_MB} MB, within its budget, never exit 70;")
    print("the wizard's process back to idle (+ < 30 MB) with no probe thread left reading")
    print("all within" if not failures else f"{failures} outside the target")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Helpers for the test fixtures that start daemons of their own (tests/support/keychain.py,
tests/support/private_session.py): each child runs in its own process group
(``start_new_session=True``), prints its first answer on stdout and logs to a file."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
from pathlib import Path


def first_line(proc: subprocess.Popen[str], timeout: float) -> str:
    """The child's first line on stdout (a bus address, "ready"…), or "" if none in time."""
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    return proc.stdout.readline().strip() if ready else ""


def stop_process_group(proc: subprocess.Popen[str]) -> None:
    """End the child and everything it started: SIGTERM to its group, SIGKILL after 5 s."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def log_tail(log: Path) -> str:
    """The last three lines of a child's log, for a skip or failure message."""
    try:
        lines = log.read_text(errors="replace").strip().splitlines()
    except OSError:
        return "no log"
    return " | ".join(lines[-3:]) or "no output"

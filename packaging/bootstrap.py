#!/usr/bin/env python3
"""Set up everything on a fresh machine with only Python 3.11+, then run the app or the tests.

    python3 packaging/bootstrap.py run [ARGS...]    # the app (no ARGS: the setup window)
    python3 packaging/bootstrap.py test [PYTEST ARGS...]   # lint, types and the whole test suite

It creates ``.venv`` from the lock file (uv.lock) with a pinned uv, and for the tests installs the
pinned Codex CLI from the npm registry into ``.cache/`` (the compatibility tests run the real one).
Standard library only: this file runs before any dependency exists.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UV_VERSION = "0.13.9"
CODEX_VERSION = "0.169.0"
CACHE = ROOT / ".cache"
VENV = ROOT / ".venv"
IS_WINDOWS = os.name == "nt"
BIN = "Scripts" if IS_WINDOWS else "bin"
EXE = ".exe" if IS_WINDOWS else ""


def say(text: str) -> None:
    print(f"[bootstrap] {text}", flush=True)


def run(cmd: list[str], **kwargs: object) -> None:
    result = subprocess.run(cmd, cwd=ROOT, **kwargs)  # type: ignore[call-overload]
    if result.returncode != 0:
        say(f"failed ({result.returncode}): {' '.join(cmd)}")
        sys.exit(result.returncode)


def ensure_uv() -> Path:
    tool_venv = CACHE / "uv-bootstrap"
    uv = tool_venv / BIN / f"uv{EXE}"
    if uv.exists():
        return uv
    say(f"installing uv {UV_VERSION} into {tool_venv}")
    run([sys.executable, "-m", "venv", str(tool_venv)])
    run([str(tool_venv / BIN / f"python{EXE}"), "-m", "pip", "install", "-q", f"uv=={UV_VERSION}"])
    return uv


def ensure_venv(groups: list[str]) -> Path:
    uv = ensure_uv()
    cmd = [str(uv), "sync", "--frozen", "--quiet", "--python", sys.executable]
    for group in groups:
        cmd += ["--group", group]
    say("syncing .venv with uv.lock")
    run(cmd, env={**os.environ, "UV_PROJECT_ENVIRONMENT": str(VENV)})
    return VENV / BIN / f"python{EXE}"


def ensure_codex() -> Path | None:
    """The pinned Codex CLI for the compatibility tests (its binary ships inside the package)."""
    prefix = CACHE / f"codex-{CODEX_VERSION}"
    binary = prefix / "node_modules" / ".bin" / ("codex.cmd" if IS_WINDOWS else "codex")
    if binary.exists():
        return binary
    npm = shutil.which("npm")
    if npm is None:
        say("npm not found: the tests that run the real Codex CLI will be skipped")
        return None
    say(f"installing @openai/codex@{CODEX_VERSION} into {prefix}")
    prefix.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [
            npm,
            "install",
            "--prefix",
            str(prefix),
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            f"@openai/codex@{CODEX_VERSION}",
        ],
        cwd=ROOT,
    )
    if result.returncode != 0 or not binary.exists():
        say("could not install the Codex CLI: its tests will be skipped (CI fails them)")
        return None
    return binary


def ensure_system_tools() -> None:
    """tmux drives the interactive Codex in one test; on Debian/Ubuntu CI install it if missing."""
    missing = [tool for tool in ("tmux",) if shutil.which(tool) is None]
    if not missing or not shutil.which("apt-get") or os.environ.get("CI") != "true":
        return
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        return
    say(f"installing {' '.join(missing)} with apt-get")
    subprocess.run(["apt-get", "update", "-qq"], check=False)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=False)


def cmd_run(args: list[str]) -> int:
    python = ensure_venv([])
    return subprocess.call([str(python), "-m", "app", *args], cwd=ROOT)


def cmd_test(args: list[str]) -> int:
    python = ensure_venv(["dev"])
    ensure_system_tools()
    env = dict(os.environ)
    codex = ensure_codex()
    if codex is not None:
        env["TOKENPOOL_TEST_CODEX"] = str(codex)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    venv_bin = VENV / BIN
    steps = [
        (
            "ruff lint",
            [str(venv_bin / f"ruff{EXE}"), "check", "app", "tests", "bench", "packaging"],
        ),
        (
            "ruff format",
            [
                str(venv_bin / f"ruff{EXE}"),
                "format",
                "--check",
                "app",
                "tests",
                "bench",
                "packaging",
            ],
        ),
        ("mypy", [str(python), "-m", "mypy"]),
    ]
    for name, cmd in steps:
        say(name)
        if subprocess.call(cmd, cwd=ROOT, env=env) != 0:
            say(f"{name} failed")
            return 1
    say("pytest")
    return subprocess.call([str(python), "-m", "pytest", *args], cwd=ROOT, env=env)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test"):
        print(__doc__)
        return 2
    if sys.version_info < (3, 11):  # noqa: UP036 - this file must run on any python3
        print("TokenPool Setup needs Python 3.11 or newer.", file=sys.stderr)
        return 2
    return cmd_run(argv[1:]) if argv[0] == "run" else cmd_test(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

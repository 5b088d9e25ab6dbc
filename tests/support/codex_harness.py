"""The pinned, real Codex CLI for tests: find it, install it, run it in isolation.

Tests never use the Codex a developer happens to have installed: they use the tested versions
(``CODEX_VERSIONS``, pinned in ``app/core/codex_versions.py``: the first is the pinned one, the last
the newest tested) from ``<repo>/.cache/codex-<version>`` (for the pinned one
``$TOKENPOOL_TEST_CODEX`` wins), and they run it with a throwaway
``CODEX_HOME`` and ``HOME``, no API key in the environment, and every connection that is not to
127.0.0.1 sent to a closed local port (see :func:`isolated_codex_env`).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from app.core.codex_cli import kill_process_tree
from app.core.codex_versions import CODEX_VERSIONS, PINNED_CODEX_VERSION

CODEX_VERSION = PINNED_CODEX_VERSION  # what tests use unless they ask for each version
CODEX_PACKAGE = "@openai/codex"
REPO_ROOT = Path(__file__).resolve().parents[2]
ENV_OVERRIDE = "TOKENPOOL_TEST_CODEX"

# Keys that would override or leak into what Codex reads from auth.json.
_KEY_VARIABLES = ("CODEX_API_KEY", "OPENAI_API_KEY")
_PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")

_dead_proxy_socket: socket.socket | None = None


def codex_cache_dir(version: str = CODEX_VERSION) -> Path:
    return REPO_ROOT / ".cache" / f"codex-{version}"


def _bin_path(prefix: Path) -> Path:
    name = "codex.cmd" if sys.platform == "win32" else "codex"
    return prefix / "node_modules" / ".bin" / name


def find_test_codex(version: str = CODEX_VERSION) -> Path | None:
    """That version's install in ``.cache`` (for the pinned version ``$TOKENPOOL_TEST_CODEX`` if
    set), else None."""
    override = os.environ.get(ENV_OVERRIDE, "").strip()
    if override and version == CODEX_VERSION:
        path = Path(override).expanduser()
        return path if path.is_file() else None
    candidate = _bin_path(codex_cache_dir(version))
    return candidate if candidate.exists() else None


def install_test_codex(version: str = CODEX_VERSION, timeout: float = 600.0) -> Path:
    """``npm install`` one tested Codex into ``.cache`` (a no-op when it is already there)."""
    prefix = codex_cache_dir(version)
    binary = _bin_path(prefix)
    if binary.exists():
        return binary
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is not on PATH; install Node.js to run the Codex tests")
    prefix.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--prefix", str(prefix),
         f"{CODEX_PACKAGE}@{version}"],
        check=True,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
    )  # fmt: skip
    if not binary.exists():
        raise RuntimeError(f"npm finished but {binary} is missing")
    return binary


def _dead_proxy_url() -> str:
    """A proxy URL on a local port that refuses every connection.

    A socket bound but never listening refuses connections at once, and holding it for the life of
    the test process guarantees nothing else takes the port.
    """
    global _dead_proxy_socket
    if _dead_proxy_socket is None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        _dead_proxy_socket = sock
        atexit.register(sock.close)
    port = _dead_proxy_socket.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def isolated_codex_env(
    codex_home: Path, home: Path, extra_env: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment for running the real Codex in a test.

    - ``CODEX_HOME`` and ``HOME`` (``USERPROFILE`` on Windows) point at throwaway folders, never at
      the developer's own ``~/.codex``.
    - ``CODEX_API_KEY`` / ``OPENAI_API_KEY`` are removed: the key must come from auth.json.
    - WORKAROUND: Codex 0.169.0 contacts github.com / api.github.com (update check, also in
      ``codex doctor``) and chatgpt.com / ab.chatgpt.com (even with an API key) on every run. All
      proxies point at a closed local port and only 127.0.0.1/localhost bypass them, so a test never
      sends traffic off this machine and those calls fail at once.
    """
    env = {
        name: value
        for name, value in os.environ.items()
        if name.upper() not in _KEY_VARIABLES and name.upper() not in _PROXY_VARIABLES
    }
    env["CODEX_HOME"] = str(codex_home)
    env["HOME"] = str(home)
    if sys.platform == "win32":
        env["USERPROFILE"] = str(home)
    dead_proxy = _dead_proxy_url()
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        env[name] = dead_proxy
        env[name.lower()] = dead_proxy
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env["NO_COLOR"] = "1"
    env.update(extra_env or {})
    return env


def run_codex(
    codex: Path,
    args: list[str],
    codex_home: Path,
    timeout: float = 60.0,
    extra_env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``codex <args>`` isolated (see :func:`isolated_codex_env`) in a temporary cwd.

    On timeout the whole process group is killed and ``subprocess.TimeoutExpired`` is raised.
    """
    with tempfile.TemporaryDirectory(prefix="codex-test-") as scratch:
        home = Path(scratch) / "home"
        cwd = Path(scratch) / "cwd"
        home.mkdir()
        cwd.mkdir()
        command = [str(codex), *args]
        popen_options: dict[str, object] = {}
        if sys.platform == "win32":
            popen_options["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
        else:
            popen_options["start_new_session"] = True
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=isolated_codex_env(codex_home, home, extra_env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            **popen_options,  # type: ignore[call-overload]
        )
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_process_tree(process)
            stdout, stderr = process.communicate()
            raise subprocess.TimeoutExpired(
                command, timeout, output=stdout, stderr=stderr
            ) from None
        return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def run_codex_exec(
    codex: Path,
    codex_home: Path,
    prompt: str = "say pong",
    timeout: float = 60.0,
    extra_env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``codex exec`` bounded: no git check, no endless reconnecting, stdin closed."""
    args = ["exec", "--skip-git-repo-check", "--disable", "unbounded_connection_retries", prompt]
    return run_codex(codex, args, codex_home, timeout=timeout, extra_env=extra_env)


def write_codex_files(
    codex_home: Path,
    base_url: str,
    key: str,
    *,
    model: str = "gpt-5.5",
    provider_id: str = "OpenAI",
) -> None:
    """Write a minimal working config.toml and auth.json by hand (as the gateway page describes)."""
    codex_home.mkdir(parents=True, exist_ok=True)
    (codex_home / "config.toml").write_text(
        f'model_provider = "{provider_id}"\n'
        f'model = "{model}"\n'
        "\n"
        f"[model_providers.{provider_id}]\n"
        f'name = "{provider_id}"\n'
        f'base_url = "{base_url}"\n'
        'wire_api = "responses"\n'
        "requires_openai_auth = true\n",
        encoding="utf-8",
    )
    auth = codex_home / "auth.json"
    auth.write_text(json.dumps({"auth_mode": "apikey", "OPENAI_API_KEY": key}), encoding="utf-8")
    with contextlib.suppress(OSError):
        auth.chmod(0o600)


if __name__ == "__main__":
    for tested in CODEX_VERSIONS:
        print(install_test_codex(tested))

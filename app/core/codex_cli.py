"""The app's own wrapper around the installed Codex CLI: find it, ask its doctor, test a chat.

Pure Python, no Qt. Every call takes the Codex binary and the Codex home explicitly (and optionally
the environment), so tests can point it at the pinned Codex and a temporary home.

Failure policy: the functions that answer with a result object (:func:`run_codex_doctor`,
:func:`run_codex_exec_test`, :func:`restart_codex_daemon`, :func:`codex_login_status`) never raise
for ordinary failures (missing binary, timeout, crash, odd output): the result says what went wrong
in plain language. :func:`codex_model_catalogue` raises :class:`CodexProblem`. No message ever
contains an API key: everything Codex prints passes through :func:`mask_secrets` first.

All subprocesses run with ``CODEX_HOME`` set, stdin closed, text decoded with ``errors="replace"``
and no shell.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from app.core.errors import CodexProblem
from app.core.installed_codex import InstalledCodex
from app.core.platform.scratch import scratch_folder

CodexStatus = Literal["ok", "warning", "fail"]

NPM_PACKAGE = "@openai/codex"
VERSION_TIMEOUT_S = 10.0

# Checks of `codex doctor` whose answer depends on the network (dropped in offline mode).
NETWORK_CHECK_IDS = frozenset(
    {"network.provider_reachability", "network.websocket_reachability", "updates.status"}
)

_VERSION_RE = re.compile(r"(\d+\.\d+\.\d+(?:-[0-9A-Za-z.\-]+)?)")
_ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# An API-key-like token: sk-..., including Codex's own partly masked form "sk-abcde***vwxyz".
_KEY_RE = re.compile(r"\bsk-[A-Za-z0-9_\-*.]{6,}")
_BEARER_RE = re.compile(r"(?i)\b(bearer)\s+[^\s\"',]+")
_STATUS_RANK: dict[str, int] = {"ok": 0, "warning": 1, "fail": 2}


# -- results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodexIssue:
    """One problem a doctor check found (``network.provider_reachability`` lists these)."""

    severity: str
    cause: str
    measured: str
    expected: str
    remedy: str


@dataclass(frozen=True)
class CodexCheck:
    """One check in the report of ``codex doctor``: what it looked at, how it came out, and what
    to do about it."""

    id: str
    category: str
    status: str  # "ok" | "warning" | "fail" (kept as text: a newer Codex may add more)
    summary: str
    remediation: str | None
    details: tuple[tuple[str, str], ...] = ()
    issues: tuple[CodexIssue, ...] = ()

    def detail(self, name: str) -> str | None:
        for key, value in self.details:
            if key == name:
                return value
        return None


@dataclass(frozen=True)
class CodexDoctorReport:
    """The report of ``codex doctor``, read: its overall verdict and every check it ran."""

    overall_status: str
    codex_version: str | None
    checks: tuple[CodexCheck, ...]
    # False when the network checks were left out (online=False).
    online: bool = True

    def check(self, check_id: str) -> CodexCheck | None:
        for item in self.checks:
            if item.id == check_id:
                return item
        return None

    @property
    def problems(self) -> tuple[CodexCheck, ...]:
        """Checks that did not pass, worst first."""
        bad = [c for c in self.checks if c.status != "ok"]
        return tuple(sorted(bad, key=lambda c: -_STATUS_RANK.get(c.status, 1)))


@dataclass(frozen=True)
class CodexDoctorResult:
    """What :func:`run_codex_doctor` found: a report, or why there is none (``error``)."""

    report: CodexDoctorReport | None
    error: str | None = None
    exit_code: int | None = None
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.report is not None


@dataclass(frozen=True)
class CodexModel:
    """One model of Codex's built-in catalogue (``codex debug models``), and the model Codex
    offers to upgrade it to."""

    slug: str
    display_name: str
    upgrade_to: str | None
    visibility: str = "list"


@dataclass(frozen=True)
class CodexExecResult:
    """What :func:`run_codex_exec_test` saw when one real prompt went through Codex: the reply,
    or why there was none."""

    ok: bool
    reply: str
    stderr_tail: str
    exit_code: int | None
    timed_out: bool
    # A plain-language sentence for the person, empty when ok.
    message: str = ""


DaemonState = Literal["restarted", "not_running", "failed"]


@dataclass(frozen=True)
class DaemonRestartResult:
    """``state`` is "restarted", "not_running" (nothing to restart: fine) or "failed"."""

    state: DaemonState
    message: str

    @property
    def ok(self) -> bool:
        return self.state != "failed"

    def __bool__(self) -> bool:
        return self.ok


@dataclass(frozen=True)
class CodexLoginStatus:
    """``codex login status``: ``logged_in`` and its text with any key masked."""

    logged_in: bool
    text: str
    exit_code: int | None
    uses_api_key: bool = False


@dataclass(frozen=True)
class _Run:
    """One bounded run of Codex: its exit code and output, or that it timed out or did not start."""

    exit_code: int | None
    stdout: str
    stderr: str
    timed_out: bool = False
    launch_error: str | None = None


# -- helpers -------------------------------------------------------------------------------------


def mask_secrets(text: str) -> str:
    """Hide anything that looks like an API key or a bearer token."""

    def mask_key(match: re.Match[str]) -> str:
        token = match.group(0)
        tail = re.sub(r"[^A-Za-z0-9]", "", token)[-4:]
        return f"sk-…{tail}" if len(token) > 12 else "sk-…"

    text = _BEARER_RE.sub(lambda m: f"{m.group(1)} …", text)
    return _KEY_RE.sub(mask_key, text)


# Lines Codex prints on every run that say nothing about the outcome.
_NOISE_PREFIXES = (
    "WARNING: proceeding, even though we could not create PATH aliases",
    "warning: Codex could not find bubblewrap on PATH",
    "Reading additional input from stdin",
)


def _clean(text: str) -> str:
    return mask_secrets(_ANSI_RE.sub("", text))


def _without_noise(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith(_NOISE_PREFIXES))


def _without_backtrace(text: str) -> str:
    """Codex (Rust, RUST_BACKTRACE set by some shells) may follow its error with dozens of
    "<unknown>" frames: they would push the one line that says what is wrong out of the tail."""
    kept: list[str] = []
    for line in text.splitlines():
        if line.strip() == "Stack backtrace:":
            break
        kept.append(line)
    return "\n".join(kept)


def _tail(text: str, lines: int = 12, chars: int = 2000) -> str:
    kept = "\n".join(text.strip().splitlines()[-lines:])
    return kept[-chars:]


def _codex_env(codex: Path, codex_home: Path, env: Mapping[str, str] | None) -> dict[str, str]:
    from app.core.paths import home_dir
    from app.core.platform.tool_env import tool_environment

    source = os.environ if env is None else env
    # WORKAROUND: the npm-installed `codex` is a `#!/usr/bin/env node` script. A desktop app often
    # gets a shorter PATH than a terminal (from Finder: /usr/bin:/bin:/usr/sbin:/sbin), so the
    # folder holding `codex`, then a node that can run it, go first on PATH.
    # https://github.com/openai/codex/blob/main/codex-cli/bin/codex.js
    result = tool_environment(source, home_dir(source), tool=codex)
    result["CODEX_HOME"] = str(codex_home)
    # Codex colours its output when it thinks it may; we show text, not escape codes.
    result.setdefault("NO_COLOR", "1")
    return result


def kill_process_tree(process: subprocess.Popen[str]) -> None:
    """Stop a process started in its own session/group, with everything it started."""
    from app.core.platform.child import kill_process_tree as kill_tree

    kill_tree(process)


def codex_command(
    codex: Path, env: Mapping[str, str], *, platform: str = sys.platform
) -> list[str]:
    """The program and leading arguments that run ``codex`` (see :func:`direct_command`)."""
    from app.core.paths import home_dir
    from app.core.platform.tool_env import direct_command

    return direct_command(codex, env, home_dir(env, platform), platform=platform)


def _run(
    codex: Path,
    args: Sequence[str],
    codex_home: Path,
    *,
    timeout: float,
    env: Mapping[str, str] | None,
    cwd: Path | None = None,
) -> _Run:
    """Run Codex bounded; on timeout kill its whole process group (the npm shim spawns a child)."""
    from app.core.platform import child

    run_env = _codex_env(codex, codex_home, env)
    command = [*codex_command(codex, run_env), *args]
    try:
        process = child.start(
            command,
            cwd=str(cwd) if cwd is not None else None,
            env=run_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
    except FileNotFoundError:
        return _Run(None, "", "", launch_error=f"Codex was not found at {codex}.")
    except PermissionError:
        return _Run(
            None, "", "", launch_error=f"Codex at {codex} could not be started (no permission)."
        )
    except OSError as error:
        return _Run(
            None, "", "", launch_error=f"Codex at {codex} could not be started ({error.strerror})."
        )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_process_tree(process)
        try:
            stdout, stderr = process.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            stdout, stderr = "", ""
        return _Run(process.returncode, stdout or "", stderr or "", timed_out=True)
    return _Run(process.returncode, stdout, stderr)


def _first_json_object(text: str) -> Any | None:
    start = text.find("{")
    while start != -1:
        try:
            value, _ = json.JSONDecoder().raw_decode(text, start)
            return value
        except ValueError:
            start = text.find("{", start + 1)
    return None


@contextlib.contextmanager
def _closed_local_port() -> Iterator[int]:
    """A 127.0.0.1 port that refuses connections (bound, never listening) while the block runs."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])
    finally:
        sock.close()


# -- finding Codex -------------------------------------------------------------------------------


def codex_version(
    path: Path, env: Mapping[str, str] | None = None, *, timeout: float = VERSION_TIMEOUT_S
) -> str | None:
    """The version ``codex --version`` prints ("codex-cli 0.169.0" -> "0.169.0"), or None."""
    run = _run(path, ["--version"], Path(tempfile.gettempdir()), timeout=timeout, env=env)
    if run.launch_error or run.timed_out or run.exit_code != 0:
        return None
    return parse_codex_version(run.stdout)


def parse_codex_version(text: str) -> str | None:
    for line in text.splitlines():
        if "codex" in line.lower():
            match = _VERSION_RE.search(line)
            if match:
                return match.group(1)
    match = _VERSION_RE.search(text)
    return match.group(1) if match else None


def _home_dir(env: Mapping[str, str], platform: str = sys.platform) -> Path:
    from app.core.paths import home_dir

    return home_dir(env, platform)


def _candidate_dirs(env: Mapping[str, str], platform: str) -> list[Path]:
    """Where Node version managers and package managers usually put the ``codex`` command."""
    from app.core.platform.tool_env import usual_tool_dirs

    return usual_tool_dirs(env, _home_dir(env, platform), platform)


# npm's shim before a codex.exe in the same folder, as find_codex has always picked.
_CODEX_SUFFIXES = (".cmd", ".exe", ".bat")


def _executable_in(folder: Path, platform: str) -> Path | None:
    from app.core.platform.tool_env import tool_in

    return tool_in(folder, "codex", platform, windows_suffixes=_CODEX_SUFFIXES)


def find_codex(
    env: Mapping[str, str] | None = None,
    extra_dirs: Sequence[Path] = (),
    *,
    platform: str = sys.platform,
) -> InstalledCodex | None:
    """The ``codex`` command: on PATH first, then ``extra_dirs``, then the usual install places.

    Apps started from a desktop menu often get a shorter PATH than a terminal (no nvm, no npm
    global folder), which is why the usual places are searched as well.
    """
    from app.core.platform.tool_env import env_get

    env = os.environ if env is None else env
    path_value = env_get(env, "PATH", platform)
    found = shutil.which("codex", path=path_value) if path_value else None
    candidates: list[Path] = [Path(found)] if found else []
    from app.core.codex_install.locations import native_codex_dirs

    for folder in [*extra_dirs, *_candidate_dirs(env, platform), *native_codex_dirs(env, platform)]:
        executable = _executable_in(folder, platform)
        if executable is not None:
            candidates.append(executable)
    if not candidates:
        return None
    return InstalledCodex(path=candidates[0], version=codex_version(candidates[0], env=env))


def install_hint(platform: str = sys.platform) -> str:
    """The command that installs Codex on this OS."""
    if platform == "darwin":
        return "npm install -g @openai/codex   (or with Homebrew: brew install --cask codex)"
    # Windows and Linux: npm, which comes with Node.js (https://nodejs.org).
    return "npm install -g @openai/codex"


# -- codex doctor --------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _parse_check(check_id: str, raw: Any) -> CodexCheck | None:
    if not isinstance(raw, dict):
        return None
    details_raw = raw.get("details")
    details = (
        tuple((str(k), _clean(_text(v))) for k, v in details_raw.items())
        if isinstance(details_raw, dict)
        else ()
    )
    issues: list[CodexIssue] = []
    for item in raw.get("issues") or []:
        if isinstance(item, dict):
            issues.append(
                CodexIssue(
                    severity=_text(item.get("severity")),
                    cause=_clean(_text(item.get("cause"))),
                    measured=_clean(_text(item.get("measured"))),
                    expected=_clean(_text(item.get("expected"))),
                    remedy=_clean(_text(item.get("remedy"))),
                )
            )
    remediation = raw.get("remediation")
    return CodexCheck(
        id=str(raw.get("id") or check_id),
        category=_text(raw.get("category")),
        status=_text(raw.get("status")) or "warning",
        summary=_clean(_text(raw.get("summary"))),
        remediation=_clean(_text(remediation)) if remediation else None,
        details=details,
        issues=tuple(issues),
    )


def parse_doctor_json(data: Any, *, online: bool = True) -> CodexDoctorReport | None:
    """Turn ``codex doctor --json`` output (already decoded) into a report; None if not that shape.

    With ``online=False`` the network checks are dropped and the overall status is recomputed
    from the rest.
    """
    if not isinstance(data, dict) or not isinstance(data.get("checks"), dict):
        return None
    checks: list[CodexCheck] = []
    for check_id, raw in data["checks"].items():
        check = _parse_check(str(check_id), raw)
        if check is None:
            continue
        if not online and check.id in NETWORK_CHECK_IDS:
            continue
        checks.append(check)
    overall = _text(data.get("overallStatus")) or "warning"
    if not online:
        worst = max((_STATUS_RANK.get(c.status, 1) for c in checks), default=0)
        overall = {0: "ok", 1: "warning", 2: "fail"}[worst]
    version = data.get("codexVersion")
    return CodexDoctorReport(
        overall_status=overall,
        codex_version=str(version) if version else None,
        checks=tuple(checks),
        online=online,
    )


def run_codex_doctor(
    codex: Path,
    codex_home: Path,
    *,
    online: bool = False,
    timeout: float = 30.0,
    env: Mapping[str, str] | None = None,
) -> CodexDoctorResult:
    """Ask the installed Codex's own doctor (``codex doctor --json``) about this Codex home.

    ``online=False``: Codex 0.169.0 has no switch to skip its network probes (``--network-only``
    does the opposite), so they are pointed at a closed local port — they fail at once, send
    nothing — and their checks are left out of the report. ``online=True`` runs them for real.
    Exit status is 1 when a check fails: the report still comes back.
    """
    run_env = dict(os.environ if env is None else env)
    with contextlib.ExitStack() as stack:
        if not online:
            # WORKAROUND: no offline flag in `codex doctor` (0.169.0); a refusing proxy is the
            # quickest way to keep it off the network (its GitHub update probe included).
            # https://github.com/openai/codex/blob/main/codex-rs/cli/src/doctor/updates.rs
            port = stack.enter_context(_closed_local_port())
            dead_proxy = f"http://127.0.0.1:{port}"
            for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
                run_env[name] = run_env[name.lower()] = dead_proxy
            run_env["NO_PROXY"] = run_env["no_proxy"] = ""
        with scratch_folder("tokenpool-codex-") as cwd:
            run = _run(
                codex, ["doctor", "--json"], codex_home, timeout=timeout, env=run_env, cwd=Path(cwd)
            )
    if run.launch_error:
        return CodexDoctorResult(report=None, error=run.launch_error)
    if run.timed_out:
        return CodexDoctorResult(
            report=None,
            error=f"Codex's own check did not finish within {timeout:g} seconds.",
            exit_code=run.exit_code,
            timed_out=True,
        )
    report = parse_doctor_json(_first_json_object(run.stdout), online=online)
    if report is None:
        tail = _tail(_clean(run.stderr), lines=3)
        return CodexDoctorResult(
            report=None,
            error="Codex's own check did not give a readable answer."
            + (f" It said: {tail}" if tail else ""),
            exit_code=run.exit_code,
        )
    return CodexDoctorResult(report=report, exit_code=run.exit_code)


# -- codex debug models --------------------------------------------------------------------------


def parse_model_catalogue(data: Any) -> tuple[CodexModel, ...]:
    if not isinstance(data, dict) or not isinstance(data.get("models"), list):
        raise CodexProblem("Codex's model list was not in the expected form.")
    models: list[CodexModel] = []
    for item in data["models"]:
        if not isinstance(item, dict) or not item.get("slug"):
            continue
        upgrade = item.get("upgrade")
        upgrade_to = upgrade.get("model") if isinstance(upgrade, dict) else None
        slug = str(item["slug"])
        models.append(
            CodexModel(
                slug=slug,
                display_name=str(item.get("display_name") or slug),
                upgrade_to=str(upgrade_to) if upgrade_to else None,
                visibility=str(item.get("visibility") or "list"),
            )
        )
    return tuple(models)


def codex_model_catalogue(
    codex: Path,
    codex_home: Path,
    timeout: float = 20.0,
    env: Mapping[str, str] | None = None,
) -> tuple[CodexModel, ...]:
    """Codex's built-in model catalogue (``codex debug models``), with each model's upgrade target.

    Raises :class:`CodexProblem` when Codex cannot be run or answers oddly.
    """
    with scratch_folder("tokenpool-codex-") as cwd:
        run = _run(codex, ["debug", "models"], codex_home, timeout=timeout, env=env, cwd=Path(cwd))
    if run.launch_error:
        raise CodexProblem(run.launch_error, code="codex_missing")
    if run.timed_out:
        raise CodexProblem(f"Codex did not list its models within {timeout:g} seconds.")
    if run.exit_code != 0:
        raise CodexProblem(
            "Codex could not list its models.", hint=_tail(_clean(run.stderr), lines=3)
        )
    return parse_model_catalogue(_first_json_object(run.stdout))


# -- codex exec ----------------------------------------------------------------------------------


def _exec_failure_message(stderr: str, exit_code: int | None) -> str:
    lowered = stderr.lower()
    if "401" in lowered or "unauthorized" in lowered:
        return "The gateway refused the API key (401). Check that the key is complete and active."
    if "insufficient_quota" in lowered or ("quota" in lowered and "429" in lowered):
        return "The key has no quota left."
    if "429" in lowered:
        return "The gateway says too many requests (429). Wait a moment and try again."
    if "404" in lowered or ("model" in lowered and "not found" in lowered):
        return "The gateway does not offer that model or address (404)."
    if "error loading config" in lowered or "config.toml" in lowered:
        return "Codex could not read its settings file (config.toml)."
    if "stream disconnected" in lowered or "error sending request" in lowered:
        return "Codex could not reach the gateway."
    return f"Codex stopped with an error (exit code {exit_code})."


def run_codex_exec_test(
    codex: Path,
    codex_home: Path,
    prompt: str = "Reply with the single word: pong",
    timeout: float = 60.0,
    env: Mapping[str, str] | None = None,
) -> CodexExecResult:
    """Send one real prompt through Codex, the way the person will use it, and report the reply.

    Bounded twice: ``--disable unbounded_connection_retries`` (otherwise Codex reconnects forever
    to an unreachable gateway) and our own timeout, which kills the process group. Runs in an empty
    temporary folder with ``--skip-git-repo-check`` and ``--ephemeral`` (no session saved to the
    person's history). Warnings on stderr (unrecognised settings, bubblewrap) are not failures.
    """
    with scratch_folder("tokenpool-codex-test-") as scratch:
        workdir = Path(scratch) / "work"
        workdir.mkdir()
        last_message = Path(scratch) / "last-message.txt"
        args = [
            "exec",
            "--skip-git-repo-check",
            "--ephemeral",
            "--color",
            "never",
            "--disable",
            "unbounded_connection_retries",
            "--output-last-message",
            str(last_message),
            prompt,
        ]
        run = _run(codex, args, codex_home, timeout=timeout, env=env, cwd=workdir)
        try:
            reply = last_message.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            reply = ""
    if not reply:
        reply = run.stdout.strip()
    reply = _clean(reply)
    stderr_tail = _tail(_without_backtrace(_without_noise(_clean(run.stderr))))
    if run.launch_error:
        return CodexExecResult(False, "", "", None, False, message=run.launch_error)
    if run.timed_out:
        return CodexExecResult(
            ok=False,
            reply=reply,
            stderr_tail=stderr_tail,
            exit_code=run.exit_code,
            timed_out=True,
            message=f"Codex got no answer within {timeout:g} seconds.",
        )
    ok = run.exit_code == 0 and bool(reply)
    message = "" if ok else _exec_failure_message(stderr_tail, run.exit_code)
    if run.exit_code == 0 and not reply:
        message = "Codex finished but the gateway's reply was empty."
    return CodexExecResult(
        ok=ok,
        reply=reply,
        stderr_tail=stderr_tail,
        exit_code=run.exit_code,
        timed_out=False,
        message=message,
    )


# -- the background server (codex app-server daemon) ---------------------------------------------


def restart_codex_daemon(
    codex: Path,
    codex_home: Path,
    timeout: float = 20.0,
    env: Mapping[str, str] | None = None,
) -> DaemonRestartResult:
    """Restart Codex's background server so it reads the new settings — only if it is running.

    In 0.169.0 ``codex app-server daemon restart`` *starts* the server when none is running (and
    installs a ~400 MB copy of Codex under ``$CODEX_HOME/packages/``), so ask first with
    ``daemon version``, which fails when no server is listening.
    """
    with scratch_folder("tokenpool-codex-") as cwd:
        probe = _run(
            codex,
            ["app-server", "daemon", "version"],
            codex_home,
            timeout=timeout,
            env=env,
            cwd=Path(cwd),
        )
        if probe.launch_error:
            return DaemonRestartResult("failed", probe.launch_error)
        status = _first_json_object(probe.stdout)
        running = (
            probe.exit_code == 0 and isinstance(status, dict) and status.get("status") == "running"
        )
        if not running:
            return DaemonRestartResult(
                "not_running", "Codex's background server is not running; nothing to restart."
            )
        run = _run(
            codex,
            ["app-server", "daemon", "restart"],
            codex_home,
            timeout=timeout,
            env=env,
            cwd=Path(cwd),
        )
    if run.timed_out:
        return DaemonRestartResult(
            "failed", f"Codex's background server did not restart within {timeout:g} seconds."
        )
    answer = _first_json_object(run.stdout)
    if run.exit_code == 0 and isinstance(answer, dict) and answer.get("status") == "restarted":
        return DaemonRestartResult("restarted", "Codex's background server was restarted.")
    return DaemonRestartResult(
        "failed",
        "Codex's background server could not be restarted. Close Codex and open it again.",
    )


# -- codex login status --------------------------------------------------------------------------


def codex_login_status(
    codex: Path,
    codex_home: Path,
    timeout: float = 15.0,
    env: Mapping[str, str] | None = None,
) -> CodexLoginStatus:
    """``codex login status`` (offline): does Codex see a usable login in this home?

    Exit 0 "API key configured - sk-…" / exit 1 "Not logged in" (or a deserialize error for a
    broken auth.json). Codex prints it on stderr; the key in it is masked again here.
    """
    with scratch_folder("tokenpool-codex-") as cwd:
        run = _run(codex, ["login", "status"], codex_home, timeout=timeout, env=env, cwd=Path(cwd))
    if run.launch_error:
        return CodexLoginStatus(False, run.launch_error, None)
    if run.timed_out:
        return CodexLoginStatus(False, "Codex did not answer in time.", run.exit_code)
    lines = [
        line
        for line in _without_noise(_clean(run.stdout + "\n" + run.stderr)).splitlines()
        if line.strip()
    ]
    text = "\n".join(lines)
    return CodexLoginStatus(
        logged_in=run.exit_code == 0,
        text=text,
        exit_code=run.exit_code,
        uses_api_key=run.exit_code == 0 and "api key" in text.lower(),
    )


# -- Codex's own load error (codex features list) ------------------------------------------------


@dataclass(frozen=True)
class CodexLoadError:
    """Why the installed Codex refuses to load its configuration, in its own words.

    ``path``/``line``/``column`` are known for a TOML syntax error (Codex prints
    ``<path>:<line>:<col>: <what>``); ``setting`` is the dotted setting Codex names (``in
    `model_providers.x.wire_api` ``), else empty. ``syntax`` tells a syntax error from a setting
    Codex rejects."""

    path: str | None
    line: int | None
    column: int | None
    message: str
    setting: str = ""
    syntax: bool = False


LOAD_ERROR_TIMEOUT_S = 20.0

# The first line Codex prints when it cannot load the configuration (0.169.0 and 0.171.0).
_LOAD_FAILURE_MARKERS = (
    "failed to load configuration",
    "failed to load bootstrap configuration",
    "error loading config",
)
# Settings that load but make Codex stop as soon as it authenticates (forced_login_method).
# `codex exec` words a retired setting without the "failed to load" line ("Error:
# approval_policy = "untrusted" is no longer supported; remove this setting").
_CONFIG_STOP_MARKERS = (
    "chatgpt login is required, but an api key is currently being used",
    "is no longer supported; remove this setting",
)
_TOML_POSITION_RE = re.compile(
    r"^(?:\d+:\s*)?(?P<path>.+?):(?P<line>\d+):(?P<col>\d+):\s*(?P<what>.+)$"
)
_SETTING_RE = re.compile(r"^in `(?P<setting>[^`]+)`$")


def is_config_load_failure(output: str) -> bool:
    """Whether Codex's output (stderr of ``codex exec`` or of any command) says it stopped because
    of a setting in config.toml, so repair — not the network or the key — is the way forward."""
    lowered = _ANSI_RE.sub("", output).lower()
    return any(m in lowered for m in (*_LOAD_FAILURE_MARKERS, *_CONFIG_STOP_MARKERS))


def parse_load_error(stderr: str) -> CodexLoadError | None:
    """The load error in the output of a Codex command, or None when there is none."""
    text = _clean(stderr)
    lowered = text.lower()
    if not any(m in lowered for m in _LOAD_FAILURE_MARKERS):
        return None
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == "Caused by:"), None)
    cause: list[str] = []
    if start is not None:
        for line in lines[start + 1 :]:
            if line.strip().startswith("Stack backtrace:"):
                break
            cause.append(line.strip())
    cause = [line for line in cause if line]
    path: str | None = None
    line_no: int | None = None
    column: int | None = None
    setting = ""
    message_lines: list[str] = []
    for item in cause:
        position = _TOML_POSITION_RE.match(item)
        if position and line_no is None and "TOML parse error" not in item:
            path = position.group("path")
            line_no, column = int(position.group("line")), int(position.group("col"))
            message_lines = [position.group("what")]
            break
        named = _SETTING_RE.match(item)
        if named:
            setting = named.group("setting")
            continue
        message_lines.append(re.sub(r"^\d+:\s*", "", item))
    if line_no is None and not message_lines:
        first = next((line for line in lines if "failed to load" in line.lower()), "")
        message_lines = [
            first.replace("Error: ", "").strip() or "Codex could not load config.toml."
        ]
    return CodexLoadError(
        path=path,
        line=line_no,
        column=column,
        message=" ".join(message_lines).strip(),
        setting=setting,
        syntax=line_no is not None,
    )


def codex_config_load_error(
    codex: Path,
    codex_home: Path,
    *,
    timeout: float = LOAD_ERROR_TIMEOUT_S,
    env: Mapping[str, str] | None = None,
) -> CodexLoadError | None:
    """Ask the installed Codex to load config.toml and return its own error, or None when it
    loads (or when Codex could not be run at all: nothing is known then).

    ``codex features list`` loads the whole configuration and prints the real reason when it
    cannot (``codex doctor`` only says "invalid data"). It needs no network; like the offline
    doctor it runs with every proxy pointed at a closed local port, in an empty temporary folder,
    bounded by ``timeout`` (its process group is killed after that)."""
    run_env = dict(os.environ if env is None else env)
    for name in ("CODEX_API_KEY", "OPENAI_API_KEY"):
        run_env.pop(name, None)  # not needed to load settings; never handed to a child needlessly
    with _closed_local_port() as port:
        dead_proxy = f"http://127.0.0.1:{port}"
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
            run_env[name] = run_env[name.lower()] = dead_proxy
        run_env["NO_PROXY"] = run_env["no_proxy"] = ""
        with tempfile.TemporaryDirectory(prefix="tokenpool-codex-") as cwd:
            run = _run(
                codex, ["features", "list"], codex_home, timeout=timeout, env=run_env, cwd=Path(cwd)
            )
    if run.launch_error or run.timed_out or run.exit_code == 0:
        return None
    return parse_load_error(run.stderr)

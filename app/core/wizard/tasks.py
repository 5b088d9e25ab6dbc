"""The work the wizard does off the GUI thread: plain functions over ``app.core`` (no Qt).

Each takes what it needs explicitly (paths, the environment for finding and running Codex, a
``threading.Event`` to stop early) and returns a frozen result. Heavy modules (httpx, keyring,
tomlkit) are imported here, inside the functions, never before the window shows.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.endpoints import Endpoint
from app.core.installed_codex import InstalledCodex
from app.core.paths import AppPaths
from app.core.wizard.flow import FilesSummary

if TYPE_CHECKING:
    from app.core.repair import RepairProposal
    from app.core.usertext import Message

    # What repair would do (the plan, the permission fix, the way forward it cannot take).
    RepairPreview = RepairProposal
    from app.core.codex_cli import CodexExecResult, DaemonRestartResult
    from app.core.configure import PreparedConfiguration
    from app.core.net.probe import ProbeReport, ProbeResult
    from app.core.net.quota import QuotaResult


def __getattr__(name: str) -> Any:
    # RepairPreview, without importing repair (and tomlkit) before the window shows.
    if name == "RepairPreview":
        from app.core.repair import RepairProposal

        return RepairProposal
    raise AttributeError(name)


PROBE_TIMEOUT_S = 10.0
PATIENT_PROBE_TIMEOUT_S = 45.0  # "Test again with more time"
PROBE_SAMPLES = 2
CODEX_TEST_TIMEOUT_S = 90.0
TEST_PROMPT = "Reply with the single word: pong"


# --------------------------------------------------------------------------- welcome


@dataclass(frozen=True)
class Inspection:
    """What the Welcome page starts from: the Codex files' state, the Codex and npm found, and
    the TokenPool key auth.json already holds."""

    files: FilesSummary
    codex: InstalledCodex | None
    npm: str | None
    stored_key: str = field(default="", repr=False)


def inspect_setup(paths: AppPaths, env: Mapping[str, str]) -> Inspection:
    """Read the Codex files, run our doctor (offline), find Codex and npm, and the key Codex has."""
    from app.core.doctor import run_doctor

    report = run_doctor(paths, env=env, find_codex=True, run_codex_doctor=False)
    state = report.state
    assert state is not None  # run_doctor returns the files it read
    files = files_summary(paths, report, state)
    codex = report.codex
    # Never the keychain here, at start-up: on macOS it asks for the login password whenever the
    # app's signature changed (every ad-hoc-signed update) before the person has done anything.
    # The keychain is read only where a key is needed and not in auth.json (the CLI's commands).
    stored = state.auth_state.api_key if files.verdict == "tokenpool" else ""
    return Inspection(files, codex, find_npm(env), stored)


def files_summary(paths: AppPaths, report: Any, state: Any) -> FilesSummary:
    from app.core.files_verdict import files_summary as verdict

    return verdict(paths, report.findings, state)


def find_npm(env: Mapping[str, str], *, platform: str = sys.platform) -> str | None:
    """npm on PATH, else where Node installers and version managers put it, else (macOS) on the
    PATH the login shell sets up: from Finder the app's own PATH is only /usr/bin:/bin:…"""
    from app.core.paths import home_dir
    from app.core.platform.tool_env import find_tool, login_shell_path

    home = home_dir(env, platform)
    found = find_tool("npm", env, home, platform=platform)
    if found is None and platform == "darwin":
        login = login_shell_path(env, platform=platform)
        if login:
            found = find_tool("npm", {"PATH": login}, home, platform=platform)
    return str(found) if found is not None else None


def npm_environment(npm: str, env: Mapping[str, str]) -> dict[str, str]:
    """The environment npm runs in: its own folder and a node for it first on PATH."""
    from app.core.paths import home_dir
    from app.core.platform.tool_env import tool_environment

    return tool_environment(env, home_dir(env), tool=Path(npm))


def find_codex(env: Mapping[str, str], extra_dirs: Sequence[Path] = ()) -> InstalledCodex | None:
    from app.core.codex_cli import find_codex as locate

    return locate(env, extra_dirs)


def npm_global_bin_dirs(npm: str, env: Mapping[str, str]) -> list[Path]:
    """Where `npm install -g` puts commands: ``<prefix>/bin`` (``<prefix>`` on Windows)."""
    from app.core.paths import home_dir
    from app.core.platform import child
    from app.core.platform.tool_env import direct_command

    try:
        # npm (node) prints UTF-8 whatever the Windows code page is.
        done = child.run(
            [*direct_command(Path(npm), env, home_dir(env)), "prefix", "-g"],
            env=npm_environment(npm, env),
            timeout=30,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
    except (OSError, subprocess.SubprocessError):
        return []
    prefix = done.stdout.strip()
    if done.returncode != 0 or not prefix:
        return []
    return [Path(prefix)] if sys.platform == "win32" else [Path(prefix) / "bin"]


@dataclass(frozen=True)
class InstallOutcome:
    """How ``npm install -g @openai/codex`` ended: its output's tail, and the Codex found after."""

    ok: bool
    output: str
    codex: InstalledCodex | None


def install_codex_with_npm(
    npm: str,
    env: Mapping[str, str],
    cancel: threading.Event,
    report: Callable[[str], None],
    version: str | None = None,
) -> InstallOutcome:
    """``npm install -g @openai/codex``, its output streamed line by line; stops on cancel."""
    from app.core.codex_cli import NPM_PACKAGE
    from app.core.paths import home_dir
    from app.core.platform import child
    from app.core.platform.tool_env import direct_command

    package = f"{NPM_PACKAGE}@{version}" if version else NPM_PACKAGE
    # Its own process group/session and no console window: cancel ends npm and all it started.
    process = child.start(
        [*direct_command(Path(npm), env, home_dir(env)), "install", "-g", package],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=npm_environment(npm, env),
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=pump, name="npm-output", daemon=True).start()
    output: list[str] = []
    while True:
        if cancel.is_set():
            child.kill_process_tree(process)
            process.wait()
            return InstallOutcome(False, "\n".join(output), None)
        try:
            line = lines.get(timeout=0.1)
        except queue.Empty:
            continue
        if line is None:
            break
        output.append(line)
        report(line)
    code = process.wait()
    codex = (
        find_codex(env, [*npm_global_bin_dirs(npm, env), Path(npm).parent]) if code == 0 else None
    )
    return InstallOutcome(code == 0 and codex is not None, "\n".join(output[-200:]), codex)


@dataclass(frozen=True)
class NativeInstallOutcome:
    """The native Codex is installed: ``codex`` is what "Test Codex now" runs."""

    codex: InstalledCodex
    result: Any  # app.core.codex_install.InstallResult (imported lazily)


# Tests aim the wizard's native install at a local registry stand-in with this variable.
REGISTRY_OVERRIDE = "TOKENPOOL_SETUP_CODEX_REGISTRY"


def install_codex_natively(
    env: Mapping[str, str],
    version: str | None,
    cancel: threading.Event,
    report: Callable[[Any], None],
) -> NativeInstallOutcome:
    """Without npm: the native Codex from the npm registry, verified, per user, on PATH.

    ``version`` None is the newest version tested with this app, "latest" the newest release.
    ``report`` receives :class:`app.core.codex_install.InstallProgress` values.
    """
    from app.core.codex_install.installer import InstallSite, install_codex

    site = InstallSite.for_user(env, registry=env.get(REGISTRY_OVERRIDE, "").strip() or None)
    result = install_codex(site, version, cancel=cancel, on_progress=report)
    return NativeInstallOutcome(InstalledCodex(result.codex, result.version), result)


# --------------------------------------------------------------------------- repair


def plan_repair(paths: AppPaths, env: Mapping[str, str]) -> RepairPreview:
    from app.core.doctor import run_doctor
    from app.core.repair import propose_repair

    before = run_doctor(paths, env=env, find_codex=False, run_codex_doctor=False)
    return propose_repair(before, env=env)


def plan_repair_after_test(
    paths: AppPaths, env: Mapping[str, str], codex: Path | None
) -> RepairPreview:
    """ "Test Codex now" failed because Codex would not load config.toml: the same repair as the
    repair path, also told what the installed Codex itself refused (only it knows some of it)."""
    from app.core.doctor import run_doctor
    from app.core.repair import propose_repair

    before = run_doctor(
        paths, env=env, codex_path=codex, find_codex=codex is not None, run_codex_doctor=False
    )
    return propose_repair(before, env=env)


@dataclass(frozen=True)
class RepairOutcome:
    """What the wizard's repair wrote (and where the backup went), and the files' state after it."""

    backup: Path | None
    written: tuple[Path, ...]
    files: FilesSummary
    # Set when repair could not give Codex a key: the page offers "Run setup again".
    way_forward: Message | None = None


def apply_wizard_repair(preview: RepairPreview, env: Mapping[str, str]) -> RepairOutcome:
    from app.core.repair import run_repair

    done = run_repair(preview, env=env)
    assert done.after.state is not None
    files = files_summary(preview.plan.paths, done.after, done.after.state)
    return RepairOutcome(done.backup, done.written, files, done.way_forward)


# --------------------------------------------------------------------------- endpoint


def probe_urls(
    urls: Sequence[str],
    key: str,
    catalogue: tuple[Endpoint, ...],
    cancel: threading.Event,
    on_result: Callable[[ProbeResult], None],
    *,
    timeout: float = PROBE_TIMEOUT_S,
) -> ProbeReport:
    """Probe every endpoint; with more than the usual time (a slow endpoint), one sample each."""
    from app.core.net.probe import probe_endpoints

    return probe_endpoints(
        urls,
        key,
        timeout=timeout,
        samples=PROBE_SAMPLES if timeout <= PROBE_TIMEOUT_S else 1,
        on_result=on_result,
        cancel=cancel,
        catalogue=catalogue,
    )


# --------------------------------------------------------------------------- preview and write


def prepare_setup(
    paths: AppPaths,
    key: str,
    endpoint: str,
    model: str,
    probe: ProbeResult | None,
    offline: bool,
    codex: InstalledCodex | None,
    env: Mapping[str, str],
) -> PreparedConfiguration:
    from app.core.configure import prepare_configuration

    return prepare_configuration(
        paths,
        key,
        endpoint,
        model=model,
        offline=offline,
        probe=probe,
        codex_path=codex.path if codex else None,
        env=env,
    )


@dataclass(frozen=True)
class WriteOutcome:
    """What writing the setup did: the files written and their backup, whether the keychain took
    the key, and what Codex uses now."""

    written: tuple[Path, ...]
    backup: Path | None
    keychain_saved: bool
    keychain_message: str
    base_url: str
    model: str
    # The files that existed before (and so are in the backup); empty on a first setup.
    backed_up: tuple[str, ...] = ()


def write_setup(prepared: PreparedConfiguration) -> WriteOutcome:
    """Write the plan (atomic, backed up; refuses if a file changed since), then keep the key in
    the keychain when there is one."""
    from app.core.errors import SetupError
    from app.core.eventlog import host_of, log_event
    from app.core.plan import apply_plan

    applied = apply_plan(prepared.plan)
    log_event(
        prepared.plan.paths,
        "wizard_write",
        files=[path.name for path in applied.written],
        backup_id=applied.backup.id if applied.backup else None,
        host=host_of(prepared.settings.base_url),
        model=prepared.settings.model,
    )
    saved, message = True, ""
    try:
        from app.core.secrets import store_key

        message = store_key(prepared.api_key).message
    except SetupError as exc:
        saved, message = False, exc.message
    except ImportError:
        saved, message = False, "The keychain cannot be used here."
    return WriteOutcome(
        applied.written,
        applied.backup.path if applied.backup else None,
        saved,
        message,
        prepared.settings.base_url,
        prepared.settings.model,
        tuple(entry.name for entry in applied.backup.files if entry.existed)
        if applied.backup
        else (),
    )


# --------------------------------------------------------------------------- done


@dataclass(frozen=True)
class ChatTestOutcome:
    """The Done page's test: whether one real prompt got an answer (through Codex, or directly
    without it), and if not, why."""

    ok: bool
    reply: str
    message: str  # English (the CLI's words, and the fallback)
    via_codex: bool
    # Codex stopped because of a setting in config.toml (not the key or the network): the Done
    # page can offer Repair right there (see codex_cli.is_config_load_failure).
    config_problem: bool = False
    # What went wrong, for the UI to word: a probe error kind, "model_not_offered",
    # "empty_reply" or "codex_test_failed" ("" when it worked).
    code: str = ""
    params: tuple[tuple[str, str], ...] = ()


def chat_test_with_codex(
    codex: InstalledCodex, paths: AppPaths, env: Mapping[str, str]
) -> ChatTestOutcome:
    from app.core.codex_cli import run_codex_exec_test

    result: CodexExecResult = run_codex_exec_test(
        codex.path, paths.codex_home, TEST_PROMPT, CODEX_TEST_TIMEOUT_S, env=env
    )
    message = result.message
    if not result.ok and result.stderr_tail:
        message = f"{message}\n{result.stderr_tail}".strip()
    from app.core.codex_cli import is_config_load_failure

    config_problem = not result.ok and is_config_load_failure(result.stderr_tail)
    return ChatTestOutcome(
        result.ok,
        result.reply,
        message,
        via_codex=True,
        config_problem=config_problem,
        code="" if result.ok else "codex_test_failed",
        params=(("detail", message),),
    )


def chat_test_direct(base_url: str, key: str, model: str) -> ChatTestOutcome:
    """Without Codex: one small Responses API call, exactly where and as Codex would send it
    (streamed), proving that the key, the endpoint and the model work together."""
    from app.core.net.stream_check import check_responses_stream

    checked = check_responses_stream(base_url, key, model, TEST_PROMPT)
    if checked.ok:
        return ChatTestOutcome(True, checked.reply, "", via_codex=False)
    return _direct_failure(checked.code, checked.message, **checked.params)


def _direct_failure(code: str, message: str, **params: str) -> ChatTestOutcome:
    return ChatTestOutcome(
        False, "", message, via_codex=False, code=code, params=tuple(params.items())
    )


def reply_text(content_type: str, body: str) -> str:
    """The assistant's text from a Responses answer, streamed or one JSON object ("" if none)."""
    from app.core.net.stream_check import judge_body

    return judge_body(content_type, body).reply


def read_quota(base_url: str, key: str) -> QuotaResult:
    from app.core.net.quota import fetch_quota

    return fetch_quota(base_url, key)


def describe_quota(result: QuotaResult) -> str:
    from app.core.net.quota import describe_quota as describe

    if result.status == "ok" and result.quota is not None:
        return describe(result.quota)
    return result.message


def restart_codex(
    codex: InstalledCodex, paths: AppPaths, env: Mapping[str, str]
) -> DaemonRestartResult:
    from app.core.codex_cli import restart_codex_daemon

    return restart_codex_daemon(codex.path, paths.codex_home, env=env)


def environment(env: Mapping[str, str] | None) -> dict[str, str]:
    return dict(os.environ if env is None else env)

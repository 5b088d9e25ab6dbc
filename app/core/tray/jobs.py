"""The tray's work: plain functions over ``app.core`` (no Qt), called by the worker process
(app/core/tray/worker.py), never by the resident tray itself.

httpx, keyring and tomlkit are imported inside these functions, so importing this module stays
cheap; they load only in the short-lived worker that runs a job.

A *job* is what the worker does for one request of app/core/tray/protocol.py (a poll, a retest, a
repair…); in ``app/`` the word means nothing else. Work the wizard's pages run off the GUI thread
is a *task* (app/ui/tasks.py runs them; app/core/wizard/tasks.py holds the wizard's).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from app.core.paths import AppPaths
from app.core.tray.state import Amounts, Reading

if TYPE_CHECKING:
    from app.core.doctor import DoctorReport
    from app.core.installed_codex import InstalledCodex
    from app.core.net.probe import ProbeResult
    from app.core.tray.watch import CodexView

# Proxy variables for one request, read when called: None means "the environment, else the OS
# settings, as they are right now". Injectable so tests can change the proxy under a running tray.
ProxySource = Callable[[], Mapping[str, str] | None]

# Another endpoint is "clearly faster" when the current one takes this much longer, and by at
# least CLEARLY_FASTER_MS (a few ms are noise).
CLEARLY_FASTER = 1.5
CLEARLY_FASTER_MS = 80.0


def environment_proxies() -> Mapping[str, str] | None:
    return None


def current_key(
    paths: AppPaths, env: Mapping[str, str] | None = None, *, keychain: bool = True
) -> str:
    """The key Codex will send: auth.json's, else (when ``keychain``) the one we keep in the
    keychain. Background work passes ``keychain=False``: on macOS reading it can ask for the login
    password (a build whose signature changed), which must only follow a person's own action."""
    from app.core.doctor import read_state

    state = read_state(paths, env)
    if state.auth_state.api_key:
        return state.auth_state.api_key
    if not keychain:
        return ""
    try:
        from app.core.errors import SetupError
        from app.core.secrets import load_key

        try:
            return load_key() or ""
        except SetupError:
            return ""
    except ImportError:
        return ""


def poll_quota(
    paths: AppPaths,
    *,
    env: Mapping[str, str] | None = None,
    proxy_env: Mapping[str, str] | None = None,
    timeout: float = 8.0,
    now: Callable[[], float] = time.time,
    keychain: bool = True,
    unwritable: Callable[[], None] | None = None,
) -> Reading:
    """Ask the endpoint Codex uses how much quota the key has left (the convention that answered
    last time first), and remember which convention answered. ``keychain``: see
    :func:`current_key`. ``unwritable`` is called when our settings folder cannot be written (the
    quota is still returned)."""
    from app.core.net.quota import fetch_quota
    from app.core.settings import load_settings, save_settings
    from app.core.tray.watch import read_codex_view

    view = read_codex_view(paths, env)
    if not view.base_url:
        return Reading(now(), "not_set_up", message="Codex has no endpoint set up yet.")
    key = current_key(paths, env, keychain=keychain)
    if not key:
        return Reading(
            now(), "no_key", endpoint=view.base_url, message="No API key was found for Codex."
        )
    settings = load_settings(paths)
    result = fetch_quota(
        view.base_url,
        key,
        hint_source=settings.quota_source(view.base_url),
        timeout=timeout,
        total_timeout=max(timeout, 15.0),
        proxy_env=proxy_env,
    )
    if result.source and result.status != "error":
        from app.core.errors import FileProblem

        try:  # it only saves time next poll
            save_settings(paths, settings.with_quota_source(view.base_url, result.source))
        except (OSError, FileProblem):
            if unwritable is not None:
                unwritable()
    kind = result.kind
    if result.status == "invalid_key":
        kind = "unauthorized"
    return Reading(
        at=now(),
        status=result.status,
        quota=Amounts.of(result.quota) if result.quota is not None else None,
        message=result.message,
        kind=kind,
        retry_after_s=result.retry_after_s,
        endpoint=view.base_url,
        source=result.source,
    )


# --------------------------------------------------------------------------- retest endpoints

RetestVerdict = Literal["switch_down", "switch_faster", "current_best", "all_down", "no_key"]


@dataclass(frozen=True)
class RetestOutcome:
    """Whether Codex should move to another endpoint: the verdict, and the probes behind it."""

    verdict: RetestVerdict
    current_url: str
    results: tuple[ProbeResult, ...] = ()
    current: ProbeResult | None = None
    suggested: ProbeResult | None = None


def retest_endpoints(
    paths: AppPaths,
    *,
    catalogue_urls: Sequence[str],
    env: Mapping[str, str] | None = None,
    proxy_env: Mapping[str, str] | None = None,
    timeout: float = 10.0,
) -> RetestOutcome:
    """Probe every catalogue endpoint and the one Codex uses now; say whether to switch."""
    from app.core.net.probe import probe_endpoints
    from app.core.tray.watch import read_codex_view

    view = read_codex_view(paths, env)
    current_url = (view.base_url or "").rstrip("/")
    key = current_key(paths, env)
    if not key:
        return RetestOutcome("no_key", current_url)
    wanted = [u.rstrip("/") for u in catalogue_urls] + ([current_url] if current_url else [])
    urls = list(dict.fromkeys(wanted))
    report = probe_endpoints(urls, key, timeout=timeout, samples=2, proxy_env=proxy_env)
    return judge_retest(current_url, report.results)


def judge_retest(current_url: str, results: Sequence[ProbeResult]) -> RetestOutcome:
    from app.core.net.probe import recommend

    results = tuple(results)
    current = next((r for r in results if r.url.rstrip("/") == current_url), None)
    others = [r for r in results if r is not current]
    best_other = recommend(others)
    if current is None or not current.ok:
        if best_other is None:
            return RetestOutcome("all_down", current_url, results, current)
        return RetestOutcome("switch_down", current_url, results, current, best_other)
    if (
        best_other is not None
        and best_other.latency_ms is not None
        and current.latency_ms is not None
        and current.latency_ms > best_other.latency_ms * CLEARLY_FASTER
        and current.latency_ms - best_other.latency_ms >= CLEARLY_FASTER_MS
    ):
        return RetestOutcome("switch_faster", current_url, results, current, best_other)
    return RetestOutcome("current_best", current_url, results, current)


@dataclass(frozen=True)
class SwitchOutcome:
    """The endpoint Codex was pointed at, the backup made first, and the files written."""

    base_url: str
    backup: Path | None
    written: tuple[Path, ...] = field(default=())


def switch_endpoint(
    paths: AppPaths, base_url: str, env: Mapping[str, str] | None = None
) -> SwitchOutcome:
    """Point Codex at another endpoint through the core's plan: one backup, an atomic write, and
    nothing else in the files changed: only ``base_url`` of the TokenPool provider table Codex
    uses (model, other tables, comments and the key stay as they are)."""
    from app.core.codex_config import provider_tables, render_like
    from app.core.doctor import read_state
    from app.core.errors import SetupError
    from app.core.plan import apply_plan, plan_file_replacements
    from app.core.tray.watch import read_codex_view

    view = read_codex_view(paths, env)
    state = read_state(paths, env)
    table = provider_tables(state.doc).get(state.provider_id) if state.doc is not None else None
    if view.verdict != "tokenpool" or table is None:
        raise SetupError(
            "Codex's files are not set up for TokenPool, so the endpoint was not switched.",
            code="tokenpool_not_configured",
            hint="Repair them first, or run the setup again.",
        )
    table["base_url"] = base_url
    assert state.doc is not None
    new_config = render_like(state.config, state.doc.as_string())
    plan = plan_file_replacements(
        paths,
        {"config.toml": new_config},
        reason=f"switch the endpoint to {base_url}",
        snapshots={"config.toml": state.config},
    )
    applied = apply_plan(plan)
    return SwitchOutcome(base_url, applied.backup.path if applied.backup else None, applied.written)


# --------------------------------------------------------------------------- repair


@dataclass(frozen=True)
class Diagnosis:
    """The doctor's report for the tray, with Codex's files as read and the model repair should
    choose when the current one is not offered."""

    report: DoctorReport
    view: CodexView
    model_fix: str | None = None

    @property
    def fixable(self) -> bool:
        return bool(self.report.fixable)


def diagnose(
    paths: AppPaths,
    *,
    env: Mapping[str, str] | None = None,
    previous_model: str | None = None,
) -> Diagnosis:
    """The doctor offline, then online (the gateway's model list and base URL form)."""
    from app.core.doctor import run_doctor
    from app.core.tray.watch import read_codex_view, repair_model

    offline = run_doctor(paths, env=env, find_codex=False, run_codex_doctor=False)
    view = read_codex_view(paths, env)
    if not offline.ok and any(f.severity == "error" and not f.fixable for f in offline.findings):
        return Diagnosis(offline, view)
    online = run_doctor(paths, env=env, online=True, find_codex=False, run_codex_doctor=False)
    model = None
    if "model_not_offered" in online.codes():
        model = repair_model(online.offered_models, previous_model)
    return Diagnosis(online, view, model)


@dataclass(frozen=True)
class RepairDone:
    """What the tray's repair wrote (after one backup), and the doctor's report afterwards."""

    backup: Path | None
    written: tuple[Path, ...]
    after: DoctorReport


def apply_repair(
    paths: AppPaths, diagnosis: Diagnosis, env: Mapping[str, str] | None = None
) -> RepairDone:
    """Fix every fixable finding in one plan (one backup), as ``repair --online`` does."""
    from app.core.doctor import read_state
    from app.core.repair import propose_repair, run_repair

    # The files again: the person may have taken a while to press Repair. The model chosen
    # when diagnosing is offered, so repair_model keeps it.
    proposal = propose_repair(
        diagnosis.report,
        previous_model=diagnosis.model_fix,
        state=read_state(paths, env),
        env=env,
    )
    done = run_repair(proposal, env=env)
    return RepairDone(done.backup, done.written, done.after)


# --------------------------------------------------------------------------- Codex itself


@dataclass(frozen=True)
class UpgradeOffersChecked:
    """The Codex CLI found now (None: none), and the upgrade offers just recorded for models the
    gateway lacks (with the backup made first)."""

    codex: InstalledCodex | None
    acknowledged: tuple[tuple[str, str], ...] = ()
    backup: Path | None = None  # made before recording them


def check_codex_upgrade_offers(
    paths: AppPaths,
    env: Mapping[str, str] | None = None,
    known_version: str | None = None,
    proxy_env: Mapping[str, str] | None = None,
) -> UpgradeOffersChecked:
    """When the Codex CLI appeared or changed version: read its model catalogue and record its
    upgrade offers for models the gateway lacks (as configure does), so Enter at its upgrade
    prompt keeps a model that works. Only ``[notice.model_migrations]`` is added, with a backup."""
    from app.core import codex_cli
    from app.core.configure import migrations_to_acknowledge
    from app.core.errors import SetupError
    from app.core.tray.watch import read_codex_view

    found = codex_cli.find_codex(env)
    if found is None:
        return UpgradeOffersChecked(None)
    checked = UpgradeOffersChecked(found)
    if found.version == known_version:
        return checked
    view = read_codex_view(paths, env)
    if view.verdict != "tokenpool" or not view.model or not view.base_url:
        return checked
    offered = offered_models(paths, view.base_url, env, proxy_env, keychain=False)
    if not offered:
        return checked
    try:
        catalogue = codex_cli.codex_model_catalogue(found.path, paths.codex_home, env=env)
    except SetupError:
        return checked
    acknowledge = migrations_to_acknowledge(view.model, offered, catalogue)
    if not acknowledge:
        return checked
    backup = _record_migrations(paths, acknowledge, env)
    if backup is None:
        return checked  # already recorded (by Codex, or by us before): nothing new to say
    return UpgradeOffersChecked(found, acknowledge, backup)


def _record_migrations(
    paths: AppPaths, migrations: Sequence[tuple[str, str]], env: Mapping[str, str] | None
) -> Path | None:
    """Add the entries; the backup made first (None when nothing was written)."""
    import tomlkit

    from app.core.codex_config import render_like
    from app.core.doctor import read_state
    from app.core.plan import apply_plan, plan_file_replacements

    state = read_state(paths, env)
    if state.doc is None:
        return None
    doc = state.doc
    notice = doc.get("notice")
    if notice is None:
        notice = tomlkit.table(is_super_table=True)
        doc["notice"] = notice
    table = notice.get("model_migrations")
    if table is None:
        table = tomlkit.table()
        notice["model_migrations"] = table
    changed = False
    for old, new in migrations:
        if table.get(old) != new:
            table[old] = new
            changed = True
    if not changed:
        return None
    new_config = render_like(state.config, doc.as_string())
    plan = plan_file_replacements(
        paths,
        {"config.toml": new_config},
        reason="record Codex's model upgrade offers the gateway cannot serve",
        snapshots={"config.toml": state.config},
    )
    applied = apply_plan(plan)
    if applied.backup is None:
        return None
    return applied.backup.path


def offered_models(
    paths: AppPaths,
    base_url: str,
    env: Mapping[str, str] | None = None,
    proxy_env: Mapping[str, str] | None = None,
    *,
    keychain: bool = True,
) -> tuple[str, ...]:
    """The models the gateway offers to the key Codex uses (empty when it cannot be asked)."""
    from app.core.errors import SetupError
    from app.core.net.http import make_client
    from app.core.net.models import list_models

    key = current_key(paths, env, keychain=keychain)
    if not key:
        return ()
    try:
        with make_client(timeout=8.0, proxy_env=proxy_env) as client:
            return list_models(base_url, key, client)
    except SetupError:
        return ()

"""``python -m app.core.tray.worker``: one tray job in a short-lived child process.

The resident tray stays small: httpx, ssl, truststore, keyring and tomlkit (about 25 MB) are loaded
here, by a process that exits when its job is done, never by the tray itself. The request comes as
one JSON object on stdin; the answer is one JSON object on stdout (app/core/tray/protocol.py).

Jobs: the periodic ``poll`` (the quota, plus the history sample kept) and ``files`` (the Codex
files and the offline doctor, plus the gateway's model list when the model changed), and the
person's actions: ``retest``, ``switch``, ``diagnose``, ``repair`` and ``test_codex``.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

from app.core.paths import AppPaths, resolve_paths
from app.core.tray import protocol as p


def worker_command() -> list[str]:
    """How to start this worker: the packaged app routes ``tray-worker`` here (app/__main__.py)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "tray-worker"]
    return [sys.executable, "-m", "app.core.tray.worker"]


def run(request: p.Request, place: p.Place, env: Mapping[str, str] | None = None) -> p.Answer:
    paths = resolve_paths(place.codex_home, place.settings_dir)
    job: Callable[[Any, AppPaths, Mapping[str, str] | None], p.Answer] = _JOBS[request.job]
    return job(request, paths, env)


def _poll(request: p.PollRequest, paths: AppPaths, env: Mapping[str, str] | None) -> p.PollAnswer:
    from app.core.errors import FileProblem
    from app.core.tray.history import Sample, load_history, save_history
    from app.core.tray.jobs import poll_quota

    now = request.now
    unwritable: list[str] = []
    reading = poll_quota(
        paths,
        env=env,
        proxy_env=request.proxy_env,
        now=(lambda: float(now)) if now is not None else _time,
        keychain=request.keychain,
        unwritable=lambda: unwritable.append(str(paths.settings_dir)),
    )
    history = load_history(paths.settings_dir)
    quota = reading.quota
    if reading.has_amounts and quota is not None and quota.remaining is not None:
        updated = history.add(Sample(reading.at, quota.remaining, quota.total), quota.unit)
        if updated is not history:
            try:
                save_history(paths.settings_dir, updated)
            except (OSError, FileProblem):  # the chart is a nicety: never fail a poll
                unwritable.append(str(paths.settings_dir))
            history = updated
    return p.PollAnswer(
        reading, history, unwritable[0] if unwritable else None, _newer_release(paths, request)
    )


def _newer_release(paths: AppPaths, request: p.PollRequest) -> tuple[str, str, str] | None:
    """A newer TokenPool Setup, asked at most once a day (the answer is kept between polls and
    shared with the wizard); off in tray.json, never asked from a source checkout."""
    from app.core.net.updates import check_for_update
    from app.core.tray.preferences import load_tray_preferences

    try:
        enabled = load_tray_preferences(paths).check_for_updates
        found = check_for_update(paths, enabled=enabled, proxy_env=request.proxy_env)
    except Exception:  # a nicety: it never costs the person the quota
        return None
    if found.status != "newer" or not (found.current and found.latest and found.url):
        return None
    return (found.current, found.latest, found.url)


def _files(
    request: p.FilesRequest, paths: AppPaths, env: Mapping[str, str] | None
) -> p.FilesAnswer:
    from app.core.tray.jobs import check_codex_upgrade_offers, offered_models
    from app.core.tray.watch import read_codex_view

    view = read_codex_view(paths, env)
    offered = request.offered
    if request.old_model not in (None, view.model) and view.base_url:
        found = offered_models(paths, view.base_url, env, request.proxy_env, keychain=False)
        offered = found or offered
    version, backup = request.codex_version, None
    migrations: tuple[tuple[str, str], ...] = ()
    if request.check_codex:
        checked = check_codex_upgrade_offers(
            paths, env, known_version=request.codex_version, proxy_env=request.proxy_env
        )
        version = checked.codex.version if checked.codex is not None else None
        migrations = checked.acknowledged
        backup = str(checked.backup) if checked.backup is not None else None
        if checked.acknowledged:
            view = read_codex_view(paths, env)  # the notice entries just written
    history = None
    if request.history:
        from app.core.tray.history import load_history

        history = load_history(paths.settings_dir)
    return p.FilesAnswer(view, tuple(offered), version, history, migrations, backup)


def _retest(
    request: p.RetestRequest, paths: AppPaths, env: Mapping[str, str] | None
) -> p.RetestAnswer:
    from app.core.tray.jobs import retest_endpoints

    outcome = retest_endpoints(
        paths, catalogue_urls=request.catalogue_urls, env=env, proxy_env=request.proxy_env
    )

    def line(result: Any) -> p.ProbeLine | None:
        if result is None:
            return None
        error = result.error
        return p.ProbeLine(
            result.url,
            result.ok,
            result.latency_ms,
            error.kind if error else None,
            error.message if error else "",
            result.base_url_to_write,
        )

    results = tuple(x for x in (line(r) for r in outcome.results) if x is not None)
    return p.RetestAnswer(
        outcome.verdict,
        outcome.current_url,
        results,
        line(outcome.current),
        line(outcome.suggested),
    )


def _switch(
    request: p.SwitchRequest, paths: AppPaths, env: Mapping[str, str] | None
) -> p.SwitchAnswer:
    from app.core.tray.jobs import switch_endpoint

    # The form the probe found working for this endpoint (e.g. with /v1), else its address.
    done = switch_endpoint(paths, request.base_url_to_write or request.url, env)
    return p.SwitchAnswer(done.base_url, str(done.backup) if done.backup else None)


def _findings(report: Any) -> tuple[Any, ...]:
    from app.core.tray.watch import FindingView

    return tuple(
        FindingView(f.code, f.severity, f.message, f.fixable, f.hint) for f in report.findings
    )


def _diagnose(
    request: p.DiagnoseRequest, paths: AppPaths, env: Mapping[str, str] | None
) -> p.DiagnoseAnswer:
    from app.core.tray.jobs import diagnose

    diagnosis = diagnose(paths, env=env, previous_model=request.previous_model)
    return p.DiagnoseAnswer(_findings(diagnosis.report), diagnosis.fixable)


def _repair(
    request: p.RepairRequest, paths: AppPaths, env: Mapping[str, str] | None
) -> p.RepairAnswer:
    from app.core.tray.jobs import apply_repair, diagnose

    diagnosis = diagnose(paths, env=env, previous_model=request.previous_model)
    done = apply_repair(paths, diagnosis, env)
    left = tuple(f for f in _findings(done.after) if f.severity == "error")
    return p.RepairAnswer(str(done.backup) if done.backup else None, left)


def _test_codex(
    _request: p.TestCodexRequest, paths: AppPaths, env: Mapping[str, str] | None
) -> p.TestCodexAnswer:
    import os

    from app.core.wizard.tasks import chat_test_with_codex, find_codex

    environment = dict(os.environ if env is None else env)
    codex = find_codex(environment)
    if codex is None:
        return p.TestCodexAnswer(found=False)
    outcome = chat_test_with_codex(codex, paths, environment)
    return p.TestCodexAnswer(True, outcome.ok, outcome.reply, outcome.message)


_JOBS: Mapping[str, Callable[[Any, AppPaths, Mapping[str, str] | None], p.Answer]] = {
    "poll": _poll,
    "files": _files,
    "retest": _retest,
    "switch": _switch,
    "diagnose": _diagnose,
    "repair": _repair,
    "test_codex": _test_codex,
}


def _time() -> float:
    import time

    return time.time()


def main() -> int:
    answer: p.Answer | p.Failure
    try:
        request, place = p.decode_request(sys.stdin.read())
        answer = run(request, place)
    except Exception as exc:  # the tray shows it in words; never a traceback
        from app.core.errors import SetupError

        if isinstance(exc, SetupError):
            answer = p.Failure(exc.code, exc.message, exc.hint)
        else:
            answer = p.Failure(
                "unexpected", f"Something unexpected went wrong ({type(exc).__name__})."
            )
    with contextlib.suppress(OSError, ValueError):  # a tray that quit closed the pipe
        sys.stdout.write(p.encode_answer(answer))
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())

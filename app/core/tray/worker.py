"""``python -m app.core.tray.worker``: one periodic tray job in a short-lived child process.

The resident tray stays small: httpx, ssl, truststore, keyring and tomlkit (about 25 MB) are loaded
here, by a process that exits when its job is done, never by the tray itself. The request comes as
one JSON object on stdin; the answer is one JSON object on stdout.

Jobs: ``poll`` (the quota, plus the history sample kept) and ``files`` (the Codex files and the
offline doctor, plus the gateway's model list when the model changed).
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Mapping
from typing import Any

from app.core.paths import resolve_paths


def worker_command() -> list[str]:
    """How to start this worker: the packaged app routes ``tray-worker`` here (app/__main__.py)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "tray-worker"]
    return [sys.executable, "-m", "app.core.tray.worker"]


def run(request: Mapping[str, Any]) -> dict[str, Any]:
    paths = resolve_paths(request["codex_home"], request["settings_dir"])
    proxy_env = request.get("proxy_env")  # None: the environment / OS settings, read now
    job = request["job"]
    if job == "poll":
        return _poll(paths, proxy_env, request)
    if job == "files":
        return _files(paths, proxy_env, request)
    raise ValueError(f"unknown job {job!r}")


def _poll(
    paths: Any, proxy_env: Mapping[str, str] | None, request: Mapping[str, Any]
) -> dict[str, Any]:
    from app.core.tray.history import Sample, load_history, save_history
    from app.core.tray.jobs import poll_quota

    now = request.get("now")
    reading = poll_quota(
        paths, proxy_env=proxy_env, now=(lambda: float(now)) if now is not None else _time
    )
    history = load_history(paths.settings_dir)
    quota = reading.quota
    if reading.has_amounts and quota is not None and quota.remaining is not None:
        updated = history.add(Sample(reading.at, quota.remaining, quota.total), quota.unit)
        if updated is not history:
            with contextlib.suppress(Exception):  # the chart is a nicety: never fail a poll
                save_history(paths.settings_dir, updated)
            history = updated
    return {
        "reading": reading.to_json(),
        "history": _history_json(history),
    }


def _files(
    paths: Any, proxy_env: Mapping[str, str] | None, request: Mapping[str, Any]
) -> dict[str, Any]:
    from app.core.tray.jobs import check_codex_upgrade_offers, offered_models
    from app.core.tray.watch import read_codex_view

    view = read_codex_view(paths)
    offered: list[str] = list(request.get("offered") or [])
    if request.get("old_model") not in (None, view.model) and view.base_url:
        offered = list(offered_models(paths, view.base_url, proxy_env=proxy_env)) or offered
    answer: dict[str, Any] = {"view": view.to_json(), "offered": offered}
    if request.get("check_codex", True):
        check = check_codex_upgrade_offers(
            paths, known_version=request.get("codex_version"), proxy_env=proxy_env
        )
        answer["codex_version"] = check.version
        if check.acknowledged:
            view = read_codex_view(paths)  # the notice entries just written
            answer["view"] = view.to_json()
    if request.get("history"):
        from app.core.tray.history import load_history

        answer["history"] = _history_json(load_history(paths.settings_dir))
    return answer


def _history_json(history: Any) -> dict[str, Any]:
    return {
        "unit": history.unit,
        "samples": [[s.at, s.remaining, s.total] for s in history.samples],
    }


def _time() -> float:
    import time

    return time.time()


def main() -> int:
    try:
        request = json.loads(sys.stdin.read())
        answer = {"ok": True, **run(request)}
    except Exception as exc:  # the tray shows it in words; never a traceback
        from app.core.errors import SetupError

        if isinstance(exc, SetupError):
            answer = {"ok": False, "code": exc.code, "message": exc.message, "hint": exc.hint}
        else:
            answer = {
                "ok": False,
                "code": "unexpected",
                "message": f"Something unexpected went wrong ({type(exc).__name__}).",
            }
    sys.stdout.write(json.dumps(answer))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())

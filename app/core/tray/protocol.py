"""What the resident tray asks its worker process, and what the worker answers: one request per
short-lived child, one JSON object each way (app/core/tray/worker.py runs them).

Every request and answer is a small frozen dataclass; :func:`encode_request` /
:func:`decode_request` and :func:`encode_answer` / :func:`decode_answer` are the only places the
JSON is written and read. Light on purpose: the resident tray imports this module, so nothing
here loads httpx, ssl, keyring or tomlkit. Never carries the key.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import fields as fields_of
from typing import Any, ClassVar

from app.core.tray.history import History
from app.core.tray.state import Reading
from app.core.tray.watch import CodexView, FindingView

ProxyEnv = Mapping[str, str] | None

# Findings and failures that only pasting the key again fixes (the setup's key page): Repair
# cannot, so the panel offers "Run setup again" for them.
KEY_CODES = frozenset({"auth_json_missing", "api_key_missing", "key_rejected", "key_incomplete"})


@dataclass(frozen=True)
class Place:
    """Which Codex folder and settings folder the worker works on."""

    codex_home: str
    settings_dir: str


# --------------------------------------------------------------------------- requests


@dataclass(frozen=True)
class PollRequest:
    """The quota. ``keychain``: a person asked (Refresh), so the keychain may be read when
    auth.json holds no key; a background poll never reads it (macOS would ask for a password)."""

    job: ClassVar[str] = "poll"
    proxy_env: ProxyEnv = None
    now: float | None = None
    keychain: bool = False


@dataclass(frozen=True)
class FilesRequest:
    """Codex's files and the offline doctor; the gateway's models when the model changed; Codex's
    upgrade offers when ``check_codex``; the kept history when ``history``."""

    job: ClassVar[str] = "files"
    proxy_env: ProxyEnv = None
    offered: tuple[str, ...] = ()
    old_model: str | None = None
    history: bool = False
    codex_version: str | None = None
    check_codex: bool = False


@dataclass(frozen=True)
class RetestRequest:
    """Probe every endpoint of the catalogue and the one Codex uses, and say whether to switch."""

    job: ClassVar[str] = "retest"
    proxy_env: ProxyEnv = None
    catalogue_urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class SwitchRequest:
    """Point Codex at the endpoint picked after a retest, in the form the probe found working."""

    job: ClassVar[str] = "switch"
    url: str = ""
    base_url_to_write: str = ""


@dataclass(frozen=True)
class DiagnoseRequest:
    """Run the doctor (offline, then online) to show what is wrong before the person repairs it."""

    job: ClassVar[str] = "diagnose"
    previous_model: str | None = None


@dataclass(frozen=True)
class RepairRequest:
    """Repair what the doctor finds now (it looks again: the files may have changed since)."""

    job: ClassVar[str] = "repair"
    previous_model: str | None = None


@dataclass(frozen=True)
class TestCodexRequest:
    """Send one real prompt through the installed Codex, as the wizard's Done page does."""

    job: ClassVar[str] = "test_codex"


Request = (
    PollRequest
    | FilesRequest
    | RetestRequest
    | SwitchRequest
    | DiagnoseRequest
    | RepairRequest
    | TestCodexRequest
)
REQUESTS: Mapping[str, type[Request]] = {
    r.job: r
    for r in (
        PollRequest,
        FilesRequest,
        RetestRequest,
        SwitchRequest,
        DiagnoseRequest,
        RepairRequest,
        TestCodexRequest,
    )
}


def encode_request(request: Request, place: Place) -> str:
    data: dict[str, Any] = {"job": request.job, **place.__dict__, **request.__dict__}
    return json.dumps(data)


def decode_request(text: str) -> tuple[Request, Place]:
    data = json.loads(text)
    kind = REQUESTS.get(str(data.get("job")))
    if kind is None:
        raise ValueError(f"unknown job {data.get('job')!r}")
    place = Place(str(data["codex_home"]), str(data["settings_dir"]))
    names = {f.name for f in fields_of(kind)}
    fields = {k: v for k, v in data.items() if k in names}
    for name, value in fields.items():
        if isinstance(value, list):
            fields[name] = tuple(value)
    return kind(**fields), place


# --------------------------------------------------------------------------- answers


@dataclass(frozen=True)
class PollAnswer:
    """The quota just read, the kept history with it, and what to say once (an unwritable
    settings folder, a newer release)."""

    reading: Reading
    history: History
    # Our settings folder cannot be written (left owned by root, disk full): the quota was read
    # all the same; this names the folder, to be said once.
    settings_unwritable: str | None = None
    # A newer TokenPool Setup is released: (this version, the newer one, its release page).
    update: tuple[str, str, str] | None = None


@dataclass(frozen=True)
class FilesAnswer:
    """Codex's files as they are now, with the models the gateway offers, the Codex version seen,
    and any upgrade offers just recorded."""

    view: CodexView
    offered: tuple[str, ...] = ()
    codex_version: str | None = None
    history: History | None = None
    # Codex's model upgrade offers just recorded in config.toml ([notice.model_migrations]), as
    # (from, to) pairs, and the backup made first.
    migrations: tuple[tuple[str, str], ...] = ()
    backup: str | None = None


@dataclass(frozen=True)
class ProbeLine:
    """One endpoint's retest result, as the panel shows it."""

    url: str
    ok: bool
    latency_ms: float | None = None
    error_kind: str | None = None
    error_message: str = ""
    base_url_to_write: str = ""


@dataclass(frozen=True)
class RetestAnswer:
    """The retest's verdict (switch, stay, or nothing answers), with each endpoint's panel line."""

    verdict: str  # "switch_down", "switch_faster", "current_best", "all_down", "no_key"
    current_url: str
    results: tuple[ProbeLine, ...] = ()
    current: ProbeLine | None = None
    suggested: ProbeLine | None = None


@dataclass(frozen=True)
class SwitchAnswer:
    """The endpoint Codex uses after a switch, and the backup made first."""

    base_url: str
    backup: str | None = None


@dataclass(frozen=True)
class DiagnoseAnswer:
    """What the doctor found, as the panel shows it, and whether Repair can fix it."""

    findings: tuple[FindingView, ...]
    fixable: bool


@dataclass(frozen=True)
class RepairAnswer:
    """A repair is done: the backup made first, and the errors it could not fix."""

    backup: str | None
    left: tuple[FindingView, ...] = ()  # errors still there after the repair


@dataclass(frozen=True)
class TestCodexAnswer:
    """How the test prompt through Codex went, or that no Codex was found."""

    found: bool
    ok: bool = False
    reply: str = ""
    message: str = ""


@dataclass(frozen=True)
class Failure:
    """The job failed: a stable code, the core's English sentence and its hint."""

    code: str
    message: str
    hint: str = ""


Answer = (
    PollAnswer
    | FilesAnswer
    | RetestAnswer
    | SwitchAnswer
    | DiagnoseAnswer
    | RepairAnswer
    | TestCodexAnswer
)


def encode_answer(answer: Answer | Failure) -> str:
    if isinstance(answer, Failure):
        return json.dumps({"ok": False, **answer.__dict__})
    return json.dumps({"ok": True, **_to_json(answer)})


def decode_answer(job: str, text: str) -> Answer | Failure:
    """The answer to a ``job`` request; a :class:`Failure` for one that failed or is unreadable."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("not an object")
        if not data.get("ok"):
            return Failure(
                str(data.get("code") or "unexpected"),
                str(data.get("message") or ""),
                str(data.get("hint") or ""),
            )
        return _DECODERS[job](data)
    except (ValueError, TypeError, KeyError, AttributeError):
        return Failure("unexpected", "The background check stopped unexpectedly.")


def _to_json(answer: Answer) -> dict[str, Any]:
    if isinstance(answer, PollAnswer):
        return {
            "reading": answer.reading.to_json(),
            "history": answer.history.to_json(),
            "settings_unwritable": answer.settings_unwritable,
            "update": list(answer.update) if answer.update else None,
        }
    if isinstance(answer, FilesAnswer):
        return {
            "view": answer.view.to_json(),
            "offered": list(answer.offered),
            "codex_version": answer.codex_version,
            "history": answer.history.to_json() if answer.history is not None else None,
            "migrations": [list(m) for m in answer.migrations],
            "backup": answer.backup,
        }
    if isinstance(answer, RetestAnswer):
        return {
            "verdict": answer.verdict,
            "current_url": answer.current_url,
            "results": [r.__dict__ for r in answer.results],
            "current": answer.current.__dict__ if answer.current else None,
            "suggested": answer.suggested.__dict__ if answer.suggested else None,
        }
    if isinstance(answer, DiagnoseAnswer):
        return {"findings": [f.__dict__ for f in answer.findings], "fixable": answer.fixable}
    if isinstance(answer, RepairAnswer):
        return {"backup": answer.backup, "left": [f.__dict__ for f in answer.left]}
    return dict(answer.__dict__)  # SwitchAnswer, TestCodexAnswer: plain fields


def _update(data: Any) -> tuple[str, str, str] | None:
    if isinstance(data, list) and len(data) == 3 and all(isinstance(v, str) for v in data):
        return (data[0], data[1], data[2])
    return None


def _probe(data: Any) -> ProbeLine | None:
    return ProbeLine(**data) if isinstance(data, Mapping) else None


def _findings(data: Any) -> tuple[FindingView, ...]:
    return tuple(FindingView(**f) for f in data or ())


_DECODERS: Mapping[str, Any] = {
    "poll": lambda d: PollAnswer(
        Reading.from_json(d["reading"]),
        History.from_json(d.get("history") or {}),
        d.get("settings_unwritable"),
        _update(d.get("update")),
    ),
    "files": lambda d: FilesAnswer(
        CodexView.from_json(d["view"]),
        tuple(d.get("offered") or ()),
        d.get("codex_version"),
        History.from_json(d["history"]) if d.get("history") else None,
        tuple((str(a), str(b)) for a, b in d.get("migrations") or ()),
        d.get("backup"),
    ),
    "retest": lambda d: RetestAnswer(
        str(d["verdict"]),
        str(d.get("current_url") or ""),
        tuple(ProbeLine(**r) for r in d.get("results") or ()),
        _probe(d.get("current")),
        _probe(d.get("suggested")),
    ),
    "switch": lambda d: SwitchAnswer(str(d["base_url"]), d.get("backup")),
    "diagnose": lambda d: DiagnoseAnswer(_findings(d.get("findings")), bool(d.get("fixable"))),
    "repair": lambda d: RepairAnswer(d.get("backup"), _findings(d.get("left"))),
    "test_codex": lambda d: TestCodexAnswer(
        bool(d.get("found")),
        bool(d.get("ok")),
        str(d.get("reply") or ""),
        str(d.get("message") or ""),
    ),
}

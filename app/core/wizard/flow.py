"""The setup wizard's flow, without Qt: which view comes next and when the user may go on.

Modelled on Electrum's ``electrum/wizard.py``: a table of named views (:data:`NAVMAP`), each with a
pure ``next`` function (which view follows, given the state) and a pure ``valid`` function (may the
user press Next). The state is one frozen :class:`WizardState`; every change makes a new one
(``dataclasses.replace``) through the ``accept_*`` / ``select_*`` functions below, so the whole flow
is testable without a QApplication. ``app/ui/`` only attaches widgets and workers to it.

Kept light on purpose (it is imported before the window shows): at import time only light core
modules (``endpoints``, ``defaults``, ``errors``, ``findings``, ``installed_codex``, ``usertext``:
no TOML parser, no network); ``keys`` when the first key is typed; the heavier modules appear as
types only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from app.core import endpoints
from app.core.defaults import DEFAULT_MODEL
from app.core.errors import EndpointRefused
from app.core.findings import Finding
from app.core.installed_codex import InstalledCodex
from app.core.usertext import Message

if TYPE_CHECKING:
    from app.core import keys
    from app.core.net.probe import ProbeReport, ProbeResult

FilesVerdict = Literal["nothing", "tokenpool", "other", "broken"]
SetupPath = Literal["setup", "repair"]
RowStatus = Literal["testing", "ok", "failed"]
KeyLevel = Literal["empty", "error", "warning", "ok"]
OnlineProblem = Literal["key_rejected", "no_quota", "no_network", "slow"]

# Findings that only say "not set up yet": they do not make the files broken.
_NOT_SET_UP_CODES = frozenset(
    {
        "tokenpool_not_configured",
        "other_provider_active",  # the "set up for another provider" state: the path is setup
        "auth_json_missing",
        "api_key_missing",
        "codex_not_found",
        "model_missing",
        "codex_check_failed",
    }
)
_NETWORK_KINDS = frozenset({"dns", "offline", "connect_refused", "timeout", "proxy", "tls"})


class ViewName(StrEnum):
    WELCOME = "welcome"
    REPAIR = "repair"
    KEY = "key"
    ENDPOINT = "endpoint"
    PREVIEW = "preview"
    DONE = "done"


# --------------------------------------------------------------------------- what was found


# The doctor's finding, as the files verdict keeps it (one shape everywhere: app.core.findings).
FindingSummary = Finding


@dataclass(frozen=True)
class FilesSummary:
    """What the Codex files are today, in one word, and the doctor's findings behind it."""

    verdict: FilesVerdict
    findings: tuple[FindingSummary, ...] = ()
    base_url: str | None = None

    @property
    def problems(self) -> tuple[FindingSummary, ...]:
        """The findings that make the files broken (shown on the repair path)."""
        return tuple(f for f in self.findings if is_breaking(f))


def is_breaking(finding: FindingSummary) -> bool:
    return finding.severity == "error" and finding.code not in _NOT_SET_UP_CODES


def summarise_files(
    findings: Iterable[FindingSummary],
    *,
    config_exists: bool,
    auth_exists: bool,
    provider_base_url: str | None,
    provider_name: str | None,
) -> FilesSummary:
    """nothing yet · already set up for TokenPool · set up for another provider · broken."""
    found = tuple(findings)
    if any(is_breaking(f) for f in found):
        verdict: FilesVerdict = "broken"
    elif not config_exists and not auth_exists:
        verdict = "nothing"
    elif provider_base_url and (
        endpoints.classify_base_url(provider_base_url).is_tokenpool or provider_name == "TokenPool"
    ):
        verdict = "tokenpool"
    else:
        verdict = "other"
    return FilesSummary(verdict, found, provider_base_url)


# --------------------------------------------------------------------------- endpoints


@dataclass(frozen=True)
class EndpointRow:
    """One endpoint on the endpoint page, with its probe outcome once known."""

    url: str
    label: str
    recommended: bool = False
    custom: bool = False
    status: RowStatus = "testing"
    latency_ms: float | None = None
    error_kind: str | None = None
    error_message: str = ""
    suggestion: str = ""
    models: tuple[str, ...] = ()
    # Connected, but the test did not finish in time: slow, not unreachable.
    slow: bool = False
    probe: ProbeResult | None = field(default=None, compare=False, repr=False)


def catalogue_from_urls(urls: Sequence[str] | None) -> tuple[endpoints.Endpoint, ...]:
    """``--endpoint URL`` (repeatable) replaces the built-in catalogue; the first is recommended.
    Raises :class:`EndpointRefused` for a website / console / CDN address."""
    if not urls:
        return endpoints.CATALOGUE
    tidied = list(dict.fromkeys(endpoints.safe_endpoint_url(u) for u in urls))
    return tuple(
        endpoints.Endpoint(url, "Recommended" if i == 0 else "Alternative", recommended=i == 0)
        for i, url in enumerate(tidied)
    )


def rows_for(
    catalogue: Sequence[endpoints.Endpoint], custom: Sequence[str] = ()
) -> tuple[EndpointRow, ...]:
    """Recommended first, then the others, then custom ones; all waiting for their probe."""
    ordered = sorted(catalogue, key=lambda e: not e.recommended)
    rows = [EndpointRow(e.url, e.label, e.recommended) for e in ordered]
    known = {r.url for r in rows}
    rows += [EndpointRow(u, "Custom", custom=True) for u in custom if u not in known]
    return tuple(rows)


def row_from_probe(row: EndpointRow, result: ProbeResult) -> EndpointRow:
    if result.ok:
        return replace(
            row,
            status="ok",
            latency_ms=result.latency_ms,
            error_kind=None,
            error_message="",
            suggestion="",
            models=tuple(result.models),
            slow=False,
            probe=result,
        )
    error = result.error
    kind = error.kind if error else "server_error"
    return replace(
        row,
        status="failed",
        latency_ms=None,
        error_kind=kind,
        error_message=error.message if error else "",
        suggestion=error.suggestion if error else "",
        models=(),
        slow=kind == "timeout" and result.reached,
        probe=result,
    )


def tidy_custom_endpoint(text: str) -> tuple[str | None, str | None]:
    """(tidied URL, None) or (None, the plain reason it is refused: e.g. the website's URL)."""
    try:
        return endpoints.safe_endpoint_url(text), None
    except EndpointRefused as refused:
        return None, refused.message


def endpoint_refusal(text: str) -> Message | None:
    """Why ``text`` is refused as an endpoint, as a coded message (None when it is fine)."""
    try:
        endpoints.safe_endpoint_url(text)
    except EndpointRefused as refused:
        return Message(refused.code, refused.message)
    return None


# --------------------------------------------------------------------------- the state


@dataclass(frozen=True)
class KeyFeedback:
    """What the Key page says under the field while the person types or pastes."""

    level: KeyLevel
    code: str  # the first problem's code ("" when the key looks fine)
    message: str  # the core's English sentence (the UI shows a translation by code)
    length: int


@dataclass(frozen=True)
class WizardState:
    """Everything the wizard knows so far; each step returns a new one."""

    # Welcome
    inspected: bool = False
    files: FilesSummary | None = None
    codex: InstalledCodex | None = None
    npm_available: bool = False
    without_codex: bool = False
    path: SetupPath = "setup"
    # Repair
    repair_ready: bool = False
    repaired: bool = False
    # Key
    key: str = field(default="", repr=False)
    prefilled_key: str = field(default="", repr=False)  # the stored key the key page started with
    refused_key: str = field(default="", repr=False)  # the key TokenPool said no to (401)
    key_problems: tuple[keys.KeyProblemItem, ...] = ()
    pasted_endpoint: str | None = None
    # Endpoint
    rows: tuple[EndpointRow, ...] = ()
    probing: bool = False
    selected_url: str | None = None
    report_recommended: str | None = None  # the probe report's choice among healthy endpoints
    user_selected: bool = False
    failed_endpoint_accepted: bool = False
    model: str = DEFAULT_MODEL
    model_chosen_by_user: bool = False
    # Preview / Done
    plan_ready: bool = False
    written: bool = False

    @property
    def selected_row(self) -> EndpointRow | None:
        return next((r for r in self.rows if r.url == self.selected_url), None)

    @property
    def key_errors(self) -> tuple[keys.KeyProblemItem, ...]:
        return tuple(p for p in self.key_problems if p.severity == "error")


# -- welcome


def accept_inspection(
    state: WizardState,
    files: FilesSummary,
    codex: InstalledCodex | None,
    *,
    npm_available: bool,
    stored_key: str = "",
) -> WizardState:
    """What the Welcome page found. A stored key (keychain / auth.json) pre-fills the key page."""
    new = replace(state, inspected=True, files=files, codex=codex, npm_available=npm_available)
    if files.verdict != "broken":
        new = replace(new, path="setup")
    if stored_key and not state.key:
        new = accept_key_text(new, stored_key)
        new = replace(new, prefilled_key=new.key)
    return new


def accept_codex(state: WizardState, codex: InstalledCodex | None) -> WizardState:
    return replace(state, codex=codex)


def choose_path(state: WizardState, path: SetupPath) -> WizardState:
    if path == "repair" and (state.files is None or state.files.verdict != "broken"):
        return state
    return replace(state, path=path)


def continue_without_codex(state: WizardState, yes: bool) -> WizardState:
    return replace(state, without_codex=yes)


# -- repair


def accept_repair_plan(state: WizardState, ready: bool) -> WizardState:
    return replace(state, repair_ready=ready)


def accept_repaired(state: WizardState, files: FilesSummary) -> WizardState:
    return replace(state, repaired=True, files=files, path="setup")


# -- key


def accept_key_text(state: WizardState, text: str) -> WizardState:
    """The key box changed: normalise what was pasted and check it (offline, instant)."""
    from app.core import keys  # compiles many patterns: loaded when the first key is typed

    pasted = keys.normalise_pasted_key(text)
    check = keys.check_key(pasted.key)
    endpoint = None
    if pasted.endpoint:
        endpoint, _refusal = tidy_custom_endpoint(pasted.endpoint)
    new = replace(state, key=pasted.key, key_problems=check.problems, pasted_endpoint=endpoint)
    if pasted.key != state.key:
        # Probe results and plans were made with the old key: they no longer say anything.
        new = replace(
            new,
            rows=(),
            probing=False,
            selected_url=None,
            user_selected=False,
            failed_endpoint_accepted=False,
            plan_ready=False,
        )
    return new


def mark_key_refused(state: WizardState) -> WizardState:
    """TokenPool answered 401 to this key: the key page says so until another key is pasted."""
    return replace(state, refused_key=state.key)


def key_feedback(state: WizardState) -> KeyFeedback:
    length = len(state.key.strip())
    if not state.key.strip():
        return KeyFeedback("empty", "empty", "", 0)
    if state.refused_key and state.key == state.refused_key:
        return KeyFeedback("error", "refused", "TokenPool refused this key.", length)
    errors = state.key_errors
    if errors:
        return KeyFeedback("error", errors[0].code, errors[0].message, length)
    if state.key_problems:
        first = state.key_problems[0]
        return KeyFeedback("warning", first.code, first.message, length)
    return KeyFeedback("ok", "", "", length)


# -- endpoint


def start_probing(state: WizardState, rows: Sequence[EndpointRow]) -> WizardState:
    """A fresh round of probes for ``rows`` (the choice is kept if that endpoint is still there)."""
    fresh = tuple(
        replace(r, status="testing", latency_ms=None, error_kind=None, error_message="", slow=False)
        for r in rows
    )
    selected = state.selected_url if any(r.url == state.selected_url for r in fresh) else None
    return replace(
        state,
        rows=fresh,
        probing=True,
        selected_url=selected,
        report_recommended=None,
        user_selected=state.user_selected and selected is not None,
        failed_endpoint_accepted=False,
        plan_ready=False,
    )


def add_custom_row(state: WizardState, url: str) -> WizardState:
    if any(r.url == url for r in state.rows):
        return state
    row = EndpointRow(url, "Custom", custom=True)
    return replace(state, rows=(*state.rows, row), plan_ready=False)


def accept_probe_result(state: WizardState, result: ProbeResult) -> WizardState:
    url = result.url.rstrip("/")
    rows = tuple(row_from_probe(r, result) if r.url == url else r for r in state.rows)
    new = replace(state, rows=rows)
    if not new.user_selected:
        choice = _automatic_choice(rows)
        if choice is not None:
            new = replace(new, selected_url=choice)
    return _default_model(new)


def accept_probe_report(state: WizardState, report: ProbeReport) -> WizardState:
    """All probes are in: take every result, then the core's recommendation (within 20 %, the
    recommended endpoint wins over a slightly faster one)."""
    new = state
    for result in report.results:
        if result.error is not None and result.error.kind == "cancelled":
            continue
        new = accept_probe_result(new, result)
    chosen = report.recommended.url.rstrip("/") if report.recommended is not None else None
    new = replace(new, probing=False, report_recommended=chosen)
    if chosen is not None and not new.user_selected:
        new = replace(new, selected_url=chosen)
    elif new.selected_url is None:
        # Nothing healthy: a slow endpoint is the way on ("use it anyway", "more time").
        slow = next((r for r in new.rows if r.slow), None)
        if slow is not None:
            new = replace(new, selected_url=slow.url)
    return _default_model(new)


def probing_stopped(state: WizardState) -> WizardState:
    return replace(state, probing=False)


def _automatic_choice(rows: Sequence[EndpointRow]) -> str | None:
    healthy = [r for r in rows if r.status == "ok"]
    if not healthy:
        return None
    for row in healthy:
        if row.recommended:
            return row.url
    return min(healthy, key=lambda r: r.latency_ms or 0.0).url


def recommended_url(state: WizardState) -> str | None:
    """Where the star goes: the best endpoint that passed the test (the catalogue's recommended
    one while nothing has answered yet); no star when every endpoint failed."""
    healthy = [r for r in state.rows if r.status == "ok"]
    if healthy:
        if state.report_recommended and any(r.url == state.report_recommended for r in healthy):
            return state.report_recommended
        return _automatic_choice(state.rows)
    if any(r.status == "testing" for r in state.rows):
        return next((r.url for r in state.rows if r.recommended), None)
    return None


def select_endpoint(state: WizardState, url: str) -> WizardState:
    if not any(r.url == url for r in state.rows):
        return state
    new = replace(
        state,
        selected_url=url,
        user_selected=True,
        failed_endpoint_accepted=False,
        plan_ready=False,
    )
    return _default_model(new)


def accept_failed_endpoint(state: WizardState, accepted: bool) -> WizardState:
    return replace(state, failed_endpoint_accepted=accepted, plan_ready=False)


def offered_models(state: WizardState) -> tuple[str, ...]:
    row = state.selected_row
    return row.models if row is not None else ()


def select_model(state: WizardState, model: str) -> WizardState:
    return replace(state, model=model.strip(), model_chosen_by_user=True, plan_ready=False)


def _default_model(state: WizardState) -> WizardState:
    if state.model_chosen_by_user:
        return state
    offered = offered_models(state)
    model = DEFAULT_MODEL if not offered or DEFAULT_MODEL in offered else offered[0]
    return replace(state, model=model)


def model_warning(state: WizardState) -> bool:
    """The chosen model is not in the endpoint's list (only said when there is a list)."""
    offered = offered_models(state)
    return bool(offered) and state.model not in offered


def selected_endpoint_failed(state: WizardState) -> bool:
    row = state.selected_row
    return row is not None and row.status == "failed"


def online_problem(state: WizardState) -> OnlineProblem | None:
    """What the authenticated probes say about the key or the network, in one word."""
    done = [r for r in state.rows if r.status != "testing"]
    if any(r.error_kind == "unauthorized" for r in done):
        return "key_rejected"
    if any(r.error_kind == "rate_limited" for r in done):
        return "no_quota"
    finished = state.rows and not state.probing and all(r.status == "failed" for r in state.rows)
    if finished and any(r.slow for r in state.rows):
        return "slow"
    if (
        state.rows
        and not state.probing
        and all(r.status == "failed" for r in state.rows)
        and all(r.error_kind in _NETWORK_KINDS for r in state.rows)
    ):
        return "no_network"
    return None


def has_work_to_lose(state: WizardState, view: ViewName | None) -> bool:
    """Closing now would throw away a key the person pasted or endpoints they tested (nothing
    is written either way): the window asks first."""
    if state.written or view not in (ViewName.KEY, ViewName.ENDPOINT, ViewName.PREVIEW):
        return False
    pasted = bool(state.key.strip()) and state.key != state.prefilled_key
    return pasted or bool(state.rows)


# -- preview / done


def accept_plan(state: WizardState, ready: bool) -> WizardState:
    return replace(state, plan_ready=ready)


def accept_written(state: WizardState) -> WizardState:
    return replace(state, written=True)


def probe_for_configuration(state: WizardState) -> tuple[Any, bool]:
    """What to hand ``prepare_configuration`` for the chosen endpoint: (probe result or None,
    offline). A failed endpoint the user insisted on is written as typed (offline); a model the
    user chose although the list lacks it is kept (the list is withheld from the check)."""
    row = state.selected_row
    if row is None or row.probe is None or row.status != "ok":
        return None, True
    probe = row.probe
    if model_warning(state):
        probe = replace(probe, models=())
    return probe, False


# --------------------------------------------------------------------------- the navigation table


@dataclass(frozen=True)
class View:
    """One page of the flow: where Next leads and when Next may be pressed."""

    name: ViewName
    next: Callable[[WizardState], ViewName | None]
    valid: Callable[[WizardState], bool]
    commits: bool = False  # pressing Next writes files (the button says so)


def _welcome_next(s: WizardState) -> ViewName:
    return ViewName.REPAIR if s.path == "repair" and not s.repaired else ViewName.KEY


def _welcome_valid(s: WizardState) -> bool:
    if not s.inspected:
        return False
    if s.path == "repair":
        return True
    return s.codex is not None or s.without_codex


def _endpoint_valid(s: WizardState) -> bool:
    row = s.selected_row
    if row is None or not s.model:
        return False
    if row.status == "ok":
        return True
    return row.status == "failed" and s.failed_endpoint_accepted


NAVMAP: Mapping[ViewName, View] = MappingProxyType(
    {
        ViewName.WELCOME: View(ViewName.WELCOME, _welcome_next, _welcome_valid),
        ViewName.REPAIR: View(
            ViewName.REPAIR,
            lambda s: ViewName.KEY,
            lambda s: s.repair_ready or s.repaired,
            commits=True,
        ),
        ViewName.KEY: View(ViewName.KEY, lambda s: ViewName.ENDPOINT, lambda s: _key_valid(s)),
        ViewName.ENDPOINT: View(ViewName.ENDPOINT, lambda s: ViewName.PREVIEW, _endpoint_valid),
        ViewName.PREVIEW: View(
            ViewName.PREVIEW,
            lambda s: ViewName.DONE,
            lambda s: s.plan_ready or s.written,
            commits=True,
        ),
        ViewName.DONE: View(ViewName.DONE, lambda s: None, lambda s: True),
    }
)


def _key_valid(s: WizardState) -> bool:
    return bool(s.key.strip()) and not s.key_errors


def next_view(view: ViewName, state: WizardState) -> ViewName | None:
    return NAVMAP[view].next(state)


def is_valid(view: ViewName, state: WizardState) -> bool:
    return NAVMAP[view].valid(state)


def route(state: WizardState, start: ViewName = ViewName.WELCOME) -> tuple[ViewName, ...]:
    """Every view from ``start`` to the end as the state stands (for tests and the side list)."""
    seen: list[ViewName] = []
    view: ViewName | None = start
    while view is not None and view not in seen:
        seen.append(view)
        view = next_view(view, state)
    return tuple(seen)

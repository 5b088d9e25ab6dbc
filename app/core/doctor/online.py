"""The doctor's online part: the gateway Codex is set up for, asked as Codex asks it (its model
list and form of address through the probe, then one real streamed answer)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core import codex_config, endpoints
from app.core.doctor.state import CodexFilesState, salvageable_key
from app.core.findings import Finding
from app.core.net.probe import probe_endpoint
from app.core.net.stream_check import check_responses_stream

STREAM_TEST_PROMPT = "Reply with the single word: pong"
STREAM_DEADLINE_S = 30.0
_PROBE_CODES = {"unauthorized": "key_rejected", "rate_limited": "no_quota"}


@dataclass(frozen=True)
class OnlineChecked:
    """What the online part asked, for the person to read when it found nothing wrong: the
    address it asked (None: nothing to ask, no endpoint or key set up) and whether one real
    streamed answer came back."""

    base_url: str | None = None
    answered: bool = False


def online_findings(
    state: CodexFilesState, client: Any, timeout: float
) -> tuple[list[Finding], tuple[str, ...], str | None, OnlineChecked]:
    provider = state.provider
    key = state.auth_state.api_key or salvageable_key(state)
    if not provider or not isinstance(provider.get("base_url"), str) or not key:
        return [], (), None, OnlineChecked()
    base_url = provider["base_url"]
    verdict = endpoints.classify_base_url(base_url)
    if verdict.website_refusal_reason or verdict.problem:
        return [], (), None, OnlineChecked()
    result = probe_endpoint(base_url, key, timeout=timeout, client=client, samples=1)
    findings: list[Finding] = []
    if result.error is not None:
        kind = result.error.kind
        code = _PROBE_CODES.get(kind, "endpoint_unreachable")
        findings.append(
            Finding(
                code, "error", f"{base_url}: {result.error.message}", hint=result.error.suggestion
            )
        )
        return findings, tuple(result.models), None, OnlineChecked(base_url)
    models = tuple(result.models)
    model = codex_config.to_plain(state.doc.get("model")) if state.doc is not None else None
    if isinstance(model, str) and models and model not in models:
        findings.append(
            Finding(
                "model_not_offered",
                "error",
                f'The model "{model}" is not offered by TokenPool for this key (offered: '
                f"{', '.join(models[:6])}{'…' if len(models) > 6 else ''}).",
                fixable=True,
                hint="Repair with --online sets it back to one that TokenPool offers.",
            )
        )
    working = result.base_url_to_write
    if working and working.rstrip("/") != base_url.rstrip("/"):
        findings.append(
            Finding(
                "base_url_models_missing",
                "warning",
                f"Codex can chat through {base_url}, but its model list and its own check fail "
                f"there; {working} answers both.",
                fixable=True,
                hint=f"Repair with --online switches base_url to {working}.",
            )
        )
    answered = False
    if isinstance(model, str) and model and (not models or model in models):
        streamed = stream_findings(working or base_url, key, model, client)
        findings.extend(streamed)
        answered = not streamed
    return findings, models, working, OnlineChecked(working or base_url, answered)


def stream_findings(base_url: str, key: str, model: str, client: Any) -> list[Finding]:
    """One real, streamed request as Codex sends it: a gateway may pass every other check and
    still fail every streamed answer (then Codex gets nothing)."""
    checked = check_responses_stream(
        base_url, key, model, STREAM_TEST_PROMPT, client=client, deadline_s=STREAM_DEADLINE_S
    )
    if checked.ok:
        return []
    return [
        Finding(
            _PROBE_CODES.get(checked.code, "stream_failed"),
            "error",
            f"{base_url}: {checked.message}",
            hint="Codex gets no reply through this endpoint while this lasts. Try again later; "
            "if it goes on, choose another endpoint (run the setup again, or Retest in the "
            "tray) or tell the gateway's operator.",
        )
    ]

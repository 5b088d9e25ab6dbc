"""The wizard's flow without Qt: views, next/valid functions and state changes are pure."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import FrozenInstanceError, replace
from pathlib import Path

import pytest

from app.core.endpoints import CATALOGUE
from app.core.errors import EndpointRefused
from app.core.installed_codex import InstalledCodex
from app.core.net.probe import ProbeError, ProbeReport, ProbeResult
from app.core.wizard import flow
from app.core.wizard.flow import FindingSummary, ViewName, WizardState

GOOD = "sk-" + "a" * 48
FAST, SLOW = "https://api.clawto.link", "https://api.tokenpool.dev"


def healthy(url: str, ms: float, models: tuple[str, ...] = ("gpt-5.5", "gpt-5.4")) -> ProbeResult:
    return ProbeResult(url, True, ms, (ms,), {}, models, url + "/v1", "both answer")


def failed(url: str, kind: str = "connect_refused") -> ProbeResult:
    return ProbeResult(
        url, False, None, (), {}, (), url, "", ProbeError(kind, f"{kind} message", "do this")
    )  # type: ignore[arg-type]


def inspected(**kwargs: object) -> WizardState:
    files = flow.summarise_files(
        (), config_exists=False, auth_exists=False, provider_base_url=None, provider_name=None
    )
    state = flow.accept_inspection(
        WizardState(), files, InstalledCodex(Path("/usr/bin/codex"), "0.169.0"), npm_available=True
    )
    return replace(state, **kwargs)  # type: ignore[arg-type]


def at_endpoint(state: WizardState | None = None) -> WizardState:
    state = flow.accept_key_text(state or inspected(), GOOD)
    return flow.start_probing(state, flow.rows_for(CATALOGUE))


# --------------------------------------------------------------------------- the table


def test_every_view_has_a_next_and_a_valid_and_pages_are_named() -> None:
    assert list(flow.NAVMAP) == [
        ViewName.WELCOME,
        ViewName.REPAIR,
        ViewName.KEY,
        ViewName.ENDPOINT,
        ViewName.PREVIEW,
        ViewName.DONE,
    ]
    assert [v.name for v in flow.NAVMAP.values() if v.commits] == [
        ViewName.REPAIR,
        ViewName.PREVIEW,
    ]


def test_main_route_skips_repair_and_repair_route_rejoins_it() -> None:
    state = inspected()
    assert flow.route(state) == (
        ViewName.WELCOME,
        ViewName.KEY,
        ViewName.ENDPOINT,
        ViewName.PREVIEW,
        ViewName.DONE,
    )
    broken = flow.FilesSummary("broken", (FindingSummary("duplicate_table", "error", "twice"),))
    state = flow.accept_inspection(WizardState(), broken, None, npm_available=False)
    assert state.path == "setup"  # the main path stays the default
    state = flow.choose_path(state, "repair")
    assert flow.route(state)[:3] == (ViewName.WELCOME, ViewName.REPAIR, ViewName.KEY)
    assert flow.is_valid(ViewName.WELCOME, state)  # repairing needs no Codex
    assert not flow.is_valid(ViewName.REPAIR, state)
    state = flow.accept_repair_plan(state, True)
    assert flow.is_valid(ViewName.REPAIR, state)
    state = flow.accept_repaired(state, flow.FilesSummary("other"))
    assert flow.next_view(ViewName.WELCOME, state) == ViewName.KEY


def test_repair_cannot_be_chosen_when_nothing_is_broken() -> None:
    state = inspected()
    assert flow.choose_path(state, "repair").path == "setup"


def test_state_is_frozen_and_the_key_is_not_in_its_repr() -> None:
    state = flow.accept_key_text(inspected(), GOOD)
    with pytest.raises(FrozenInstanceError):
        state.key = "x"  # type: ignore[misc]
    assert GOOD not in repr(state)


# --------------------------------------------------------------------------- welcome


def test_welcome_needs_the_inspection_and_codex_or_a_conscious_choice() -> None:
    assert not flow.is_valid(ViewName.WELCOME, WizardState())
    assert flow.is_valid(ViewName.WELCOME, inspected())
    no_codex = inspected(codex=None)
    assert not flow.is_valid(ViewName.WELCOME, no_codex)
    assert flow.is_valid(ViewName.WELCOME, flow.continue_without_codex(no_codex, True))
    assert flow.is_valid(
        ViewName.WELCOME, flow.accept_codex(no_codex, InstalledCodex(Path("c"), None))
    )


@pytest.mark.parametrize(
    ("findings", "config", "auth", "base_url", "name", "verdict"),
    [
        ((), False, False, None, None, "nothing"),
        (
            (FindingSummary("tokenpool_not_configured", "error", "x"),),
            False,
            False,
            None,
            None,
            "nothing",
        ),
        ((), True, True, "https://api.clawto.link/v1", "OpenAI", "tokenpool"),
        ((), True, True, "http://127.0.0.1:8080/v1", "TokenPool", "tokenpool"),
        ((), True, False, "https://openrouter.ai/api/v1", "OpenRouter", "other"),
        ((FindingSummary("deprecated_setting", "warning", "x"),), True, True, None, None, "other"),
        ((FindingSummary("wire_api_wrong", "error", "x"),), True, True, None, None, "broken"),
    ],
)
def test_files_are_summarised_in_one_word(
    findings: tuple[FindingSummary, ...],
    config: bool,
    auth: bool,
    base_url: str | None,
    name: str | None,
    verdict: str,
) -> None:
    summary = flow.summarise_files(
        findings,
        config_exists=config,
        auth_exists=auth,
        provider_base_url=base_url,
        provider_name=name,
    )
    assert summary.verdict == verdict


def test_a_stored_key_prefills_the_key_page() -> None:
    files = flow.FilesSummary("tokenpool")
    state = flow.accept_inspection(WizardState(), files, None, npm_available=False, stored_key=GOOD)
    assert state.key == GOOD
    assert flow.is_valid(ViewName.KEY, state)


# --------------------------------------------------------------------------- key


@pytest.mark.parametrize(
    ("text", "level", "code", "valid"),
    [
        ("", "empty", "empty", False),
        ("sk-abc…wxyz", "error", "masked", False),
        ("sk-abc", "error", "too_short", False),
        ("https://tokenpool.dev", "error", "looks_like_url", False),
        (GOOD, "ok", "", True),
        (f'export OPENAI_API_KEY="{GOOD}"', "ok", "", True),
        ("sk-" + "a" * 40, "warning", "unknown_length", True),
    ],
)
def test_key_feedback_and_validity(text: str, level: str, code: str, valid: bool) -> None:
    state = flow.accept_key_text(inspected(), text)
    feedback = flow.key_feedback(state)
    assert (feedback.level, feedback.code) == (level, code)
    assert flow.is_valid(ViewName.KEY, state) is valid


def test_a_pasted_config_brings_its_endpoint_and_a_new_key_forgets_old_probes() -> None:
    pasted = f'base_url = "https://api.tokenpool.dev/v1"\n{{"OPENAI_API_KEY": "{GOOD}"}}'
    state = flow.accept_key_text(inspected(), pasted)
    assert state.key == GOOD
    assert state.pasted_endpoint == "https://api.tokenpool.dev/v1"
    state = flow.accept_probe_result(at_endpoint(state), healthy(FAST, 50))
    assert state.selected_url == FAST
    changed = flow.accept_key_text(state, "sk-" + "b" * 48)
    assert changed.rows == () and changed.selected_url is None


# --------------------------------------------------------------------------- endpoint


def test_rows_put_the_recommended_first_and_custom_last() -> None:
    rows = flow.rows_for(tuple(reversed(CATALOGUE)), ["https://my.gateway.example"])
    assert [r.url for r in rows] == [FAST, SLOW, "https://my.gateway.example"]
    assert rows[0].recommended and rows[2].custom
    assert all(r.status == "testing" for r in rows)


def test_the_recommended_healthy_endpoint_is_preselected_as_results_arrive() -> None:
    state = at_endpoint()
    assert not flow.is_valid(ViewName.ENDPOINT, state)
    state = flow.accept_probe_result(state, healthy(SLOW, 30))
    assert state.selected_url == SLOW  # the only healthy one so far
    assert flow.is_valid(ViewName.ENDPOINT, state)  # Next as soon as a healthy one is selected
    state = flow.accept_probe_result(state, healthy(FAST, 33))
    assert state.selected_url == FAST  # the recommended one, now healthy
    report = ProbeReport((healthy(FAST, 33), healthy(SLOW, 30)), healthy(FAST, 33))
    state = flow.accept_probe_report(state, report)
    assert state.selected_url == FAST and not state.probing


def test_a_users_choice_is_kept_and_a_failed_one_needs_confirmation() -> None:
    state = flow.accept_probe_result(at_endpoint(), failed(SLOW))
    state = flow.accept_probe_result(state, healthy(FAST, 40))
    state = flow.select_endpoint(state, SLOW)
    assert flow.selected_endpoint_failed(state)
    assert not flow.is_valid(ViewName.ENDPOINT, state)
    state = flow.accept_failed_endpoint(state, True)
    assert flow.is_valid(ViewName.ENDPOINT, state)
    report = ProbeReport((healthy(FAST, 40), failed(SLOW)), healthy(FAST, 40))
    assert flow.accept_probe_report(state, report).selected_url == SLOW
    assert flow.probe_for_configuration(state) == (None, True)  # written as chosen, offline
    assert flow.select_endpoint(state, "https://nowhere.example") is state


def test_online_problems_are_named() -> None:
    state = flow.accept_probe_result(at_endpoint(), failed(FAST, "unauthorized"))
    assert flow.online_problem(state) == "key_rejected"
    state = flow.accept_probe_result(at_endpoint(), failed(FAST, "rate_limited"))
    assert flow.online_problem(state) == "no_quota"
    state = flow.accept_probe_report(
        at_endpoint(), ProbeReport((failed(FAST, "dns"), failed(SLOW, "timeout")), None)
    )
    assert flow.online_problem(state) == "no_network"
    state = flow.accept_probe_result(at_endpoint(), failed(FAST, "dns"))
    assert flow.online_problem(state) is None  # the other one is still being tested


def test_model_defaults_to_gpt_5_5_and_warns_when_not_offered() -> None:
    state = flow.accept_probe_result(at_endpoint(), healthy(FAST, 10))
    assert state.model == "gpt-5.5" and not flow.model_warning(state)
    other = flow.accept_probe_result(at_endpoint(), healthy(FAST, 10, ("gpt-5.4", "o3")))
    assert other.model == "gpt-5.4"
    chosen = flow.select_model(other, "gpt-5.5")
    assert flow.model_warning(chosen)
    probe, offline = flow.probe_for_configuration(chosen)
    assert not offline and probe.models == ()  # the user's model is kept, not refused
    assert flow.is_valid(ViewName.ENDPOINT, chosen)
    assert not flow.is_valid(ViewName.ENDPOINT, flow.select_model(other, "  "))


def test_custom_endpoints_are_tidied_or_refused_with_the_reason() -> None:
    assert flow.tidy_custom_endpoint("api.tokenpool.dev/v1/") == (
        "https://api.tokenpool.dev/v1",
        None,
    )
    url, reason = flow.tidy_custom_endpoint("https://tokenpool.dev/console")
    assert url is None and reason is not None and "console" in reason
    state = flow.add_custom_row(at_endpoint(), "https://my.gateway.example")
    assert state.rows[-1].custom
    assert flow.add_custom_row(state, "https://my.gateway.example") is state


def test_endpoint_arguments_replace_the_catalogue() -> None:
    assert flow.catalogue_from_urls(None) == CATALOGUE
    catalogue = flow.catalogue_from_urls(["http://127.0.0.1:9/", "http://127.0.0.1:10"])
    assert [e.url for e in catalogue] == ["http://127.0.0.1:9", "http://127.0.0.1:10"]
    assert catalogue[0].recommended and not catalogue[1].recommended
    with pytest.raises(EndpointRefused):
        flow.catalogue_from_urls(["https://cdn.tokenpool.dev"])


# --------------------------------------------------------------------------- preview, done


def test_preview_and_done() -> None:
    state = flow.accept_probe_result(at_endpoint(), healthy(FAST, 10))
    assert not flow.is_valid(ViewName.PREVIEW, state)
    state = flow.accept_plan(state, True)
    assert flow.is_valid(ViewName.PREVIEW, state)
    state = flow.accept_written(state)
    assert flow.next_view(ViewName.PREVIEW, state) == ViewName.DONE
    assert flow.next_view(ViewName.DONE, state) is None
    # Any later change of choice invalidates the plan.
    assert not flow.select_model(state, "gpt-5.4").plan_ready


def test_the_flow_module_imports_no_qt_and_nothing_heavy() -> None:
    code = (
        "import sys, app.core.wizard.flow; "
        "bad = [m for m in ('PySide6', 'httpx', 'keyring', 'tomlkit') if m in sys.modules]; "
        "print(','.join(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == ""

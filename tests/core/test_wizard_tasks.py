"""The wizard's off-thread tasks (app.core.wizard.tasks), with real parts: the gateway imitation
and the real npm."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from app.core.wizard import tasks as wizard_tasks
from tests.gateway import GOOD_KEY, GatewayImitation


def test_direct_test_without_codex_proves_key_endpoint_and_model(gateway: GatewayImitation) -> None:
    outcome = wizard_tasks.chat_test_direct(gateway.url + "/v1", GOOD_KEY, "gpt-5.5")
    assert outcome.ok, outcome.message
    assert outcome.reply == "pong"
    assert not outcome.via_codex
    posts = gateway.requests_to("/v1/responses", "POST")
    assert posts and posts[-1].headers["authorization"] == f"Bearer {GOOD_KEY}"


def test_direct_test_reports_a_rejected_key_and_an_unknown_model(gateway: GatewayImitation) -> None:
    rejected = wizard_tasks.chat_test_direct(gateway.url + "/v1", "sk-" + "b" * 48, "gpt-5.5")
    assert not rejected.ok and "key" in rejected.message.lower()
    unknown = wizard_tasks.chat_test_direct(gateway.url + "/v1", GOOD_KEY, "gpt-6-sol")
    assert not unknown.ok and unknown.message
    assert GOOD_KEY not in rejected.message + unknown.message


def test_direct_test_reads_a_stream_even_when_it_did_not_ask_for_one(
    gateway: GatewayImitation,
) -> None:
    """Gateways in front of Codex often stream whatever is asked: the test asks the way Codex
    does (streamed) and reads either form, so a working setup never shows "reply was empty"."""
    gateway.always_stream = True
    outcome = wizard_tasks.chat_test_direct(gateway.url + "/v1", GOOD_KEY, "gpt-5.5")
    assert outcome.ok, outcome.message
    assert outcome.reply == "pong"
    assert gateway.requests_to("/v1/responses", "POST")[-1].json_body["stream"] is True


def test_reply_text_reads_both_a_stream_and_a_json_body() -> None:
    stream = (
        'event: response.output_text.delta\ndata: {"type":"response.output_text.delta",'
        '"delta":"po"}\n\ndata: {"type":"response.output_text.delta","delta":"ng"}\n\n'
        "data: [DONE]\n\n"
    )
    assert wizard_tasks.reply_text("text/event-stream", stream) == "pong"
    assert wizard_tasks.reply_text("application/json", '{"output_text": "pong"}') == "pong"
    completed_only = 'data: {"type":"response.completed","response":{"output_text":"pong"}}\n'
    assert wizard_tasks.reply_text("text/event-stream", completed_only) == "pong"
    assert wizard_tasks.reply_text("text/html", "<html>") == ""


def test_a_slow_endpoint_is_reported_as_reached_not_unreachable(
    gateway: GatewayImitation,
) -> None:
    """6 s per answer, 10 s for the test: a timeout, but the server was reached, and a patient
    retest (one sample, more time) passes."""
    gateway.latency_ms = 6000
    event = threading.Event()
    report = wizard_tasks.probe_urls(
        [gateway.url], GOOD_KEY, (), event, lambda r: None, timeout=3.0
    )
    (result,) = report.results
    assert not result.ok and result.error is not None and result.error.kind == "timeout"
    assert result.reached


@pytest.mark.codex
@pytest.mark.slow
def test_install_codex_with_real_npm_into_a_temp_prefix(tmp_path: Path) -> None:
    """`npm install -g @openai/codex`, as the wizard offers it, with npm's global prefix pointed
    at a temp folder (so nothing on this machine changes), then Codex is found there."""
    npm = shutil.which("npm")
    if npm is None:
        if os.environ.get("CI"):
            pytest.fail("npm is missing on CI")
        pytest.skip("npm is not installed")
    prefix = tmp_path / "npm-global"
    env = {
        **os.environ,
        "NPM_CONFIG_PREFIX": str(prefix),
        "HOME": str(tmp_path),
        "PATH": f"{Path(npm).parent}{os.pathsep}/usr/bin{os.pathsep}/bin",
    }
    lines: list[str] = []
    outcome = wizard_tasks.install_codex_with_npm(npm, env, threading.Event(), lines.append)
    assert outcome.ok, outcome.output
    assert outcome.codex is not None
    assert outcome.codex.path.is_relative_to(prefix)
    assert outcome.codex.version


def test_install_can_be_cancelled(tmp_path: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed")
    cancel = threading.Event()
    cancel.set()
    env = {**os.environ, "NPM_CONFIG_PREFIX": str(tmp_path / "p"), "HOME": str(tmp_path)}
    outcome = wizard_tasks.install_codex_with_npm(npm, env, cancel, lambda _line: None)
    assert not outcome.ok
    assert not (tmp_path / "p" / "bin" / "codex").exists()

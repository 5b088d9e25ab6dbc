"""The wizard's off-thread jobs, with real parts: the gateway imitation and the real npm."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from app.core import wizard_jobs
from tests.gateway import GOOD_KEY, GatewayImitation


def test_direct_test_without_codex_proves_key_endpoint_and_model(gateway: GatewayImitation) -> None:
    outcome = wizard_jobs.direct_test_job(gateway.url + "/v1", GOOD_KEY, "gpt-5.5")
    assert outcome.ok, outcome.message
    assert outcome.reply == "pong"
    assert not outcome.via_codex
    posts = gateway.requests_to("/v1/responses", "POST")
    assert posts and posts[-1].headers["authorization"] == f"Bearer {GOOD_KEY}"


def test_direct_test_reports_a_rejected_key_and_an_unknown_model(gateway: GatewayImitation) -> None:
    rejected = wizard_jobs.direct_test_job(gateway.url + "/v1", "sk-" + "b" * 48, "gpt-5.5")
    assert not rejected.ok and "key" in rejected.message.lower()
    unknown = wizard_jobs.direct_test_job(gateway.url + "/v1", GOOD_KEY, "gpt-6-sol")
    assert not unknown.ok and unknown.message
    assert GOOD_KEY not in rejected.message + unknown.message


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
    outcome = wizard_jobs.install_codex_with_npm(npm, env, threading.Event(), lines.append)
    assert outcome.ok, outcome.output
    assert outcome.codex is not None
    assert Path(outcome.codex.path).is_relative_to(prefix)
    assert outcome.codex.version


def test_install_can_be_cancelled(tmp_path: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed")
    cancel = threading.Event()
    cancel.set()
    env = {**os.environ, "NPM_CONFIG_PREFIX": str(tmp_path / "p"), "HOME": str(tmp_path)}
    outcome = wizard_jobs.install_codex_with_npm(npm, env, cancel, lambda _line: None)
    assert not outcome.ok
    assert not (tmp_path / "p" / "bin" / "codex").exists()

"""Quota detection and normalisation against the gateway imitation (real local HTTP only)."""

from __future__ import annotations

import socket
import time
from datetime import UTC, datetime
from typing import Any

import pytest

from app.core.net.http import make_client
from app.core.net.quota import (
    Quota,
    _error_in_answer,
    _judge,
    _parse_sub2api,
    describe_quota,
    fetch_quota,
)
from tests.gateway import GOOD_KEY, GatewayImitation

BAD_KEY = "sk-" + "z" * 48
STYLES = ["sub2api", "newapi", "oneapi"]


def fetch(gw: GatewayImitation, key: str = GOOD_KEY, **kwargs: Any) -> Any:
    with make_client(timeout=3.0, proxy_env={}) as client:
        return fetch_quota(gw.url, key, client, **kwargs)


@pytest.mark.parametrize("style", STYLES)
def test_limited_quota_in_usd(gateway: GatewayImitation, style: str) -> None:
    gateway.quota_style = style
    gateway.quota.update(total=20.0, used=7.66)
    result = fetch(gateway)
    assert result.status == "ok", result
    assert result.source == style
    quota = result.quota
    assert quota is not None and quota.source == style
    assert quota.remaining == pytest.approx(12.34)
    assert quota.used == pytest.approx(7.66)
    assert quota.total == pytest.approx(20.0)
    assert quota.unit == "USD" and not quota.unlimited and quota.expires_at is None
    assert result.message == "$12.34 of $20.00 left."


@pytest.mark.parametrize("style", STYLES)
def test_unlimited(gateway: GatewayImitation, style: str) -> None:
    gateway.quota_style = style
    gateway.quota["unlimited"] = True
    result = fetch(gateway)
    assert result.status == "ok"
    assert result.quota is not None and result.quota.unlimited
    assert result.quota.remaining is None and result.quota.total is None
    assert result.message == "Unlimited quota."


@pytest.mark.parametrize("style", STYLES)
def test_exhausted_is_not_an_invalid_key(gateway: GatewayImitation, style: str) -> None:
    gateway.quota_style = style
    gateway.quota["exhausted"] = True
    result = fetch(gateway)
    assert result.status == "exhausted", result
    assert result.source == style
    assert "No quota left" in result.message


@pytest.mark.parametrize("style", STYLES)
def test_expired_is_not_an_invalid_key(gateway: GatewayImitation, style: str) -> None:
    gateway.quota_style = style
    gateway.quota["expired"] = True
    result = fetch(gateway)
    assert result.status == "expired", result
    assert "expired" in result.message


@pytest.mark.parametrize("style", STYLES)
def test_invalid_key(gateway: GatewayImitation, style: str) -> None:
    gateway.quota_style = style
    result = fetch(gateway, BAD_KEY)
    assert result.status == "invalid_key", result
    assert result.quota is None
    assert BAD_KEY not in result.message


def test_sub2api_legacy_answer(gateway: GatewayImitation) -> None:
    gateway.quota["sub2api_legacy"] = True
    result = fetch(gateway)
    assert result.status == "ok"
    assert result.quota is not None
    assert result.quota.remaining == pytest.approx(12.34) and result.quota.total is None
    assert result.quota.plan_name == "TokenPool Standard"


def test_expiry_date_is_reported(gateway: GatewayImitation) -> None:
    gateway.quota_style = "newapi"
    gateway.quota["expires_at"] = 4_102_444_800  # 2100-01-01
    result = fetch(gateway)
    assert result.quota is not None
    assert result.quota.expires_at == datetime(2100, 1, 1, tzinfo=UTC)
    assert result.message.endswith("valid until 2100-01-01.")


def test_newapi_quota_per_unit(gateway: GatewayImitation) -> None:
    gateway.quota_style = "newapi"
    gateway.quota["quota_per_unit"] = 1_000_000
    result = fetch(gateway)
    assert result.quota is not None and result.quota.remaining == pytest.approx(12.34)
    assert gateway.requests_to("/api/status")
    assert not gateway.requests_to("/api/usage/token")  # called with the slash: no 301


def test_nothing_answers_is_one_calm_not_available(gateway: GatewayImitation) -> None:
    gateway.quota_style = None
    result = fetch(gateway)
    assert result.status == "not_available"
    assert result.quota is None and result.source is None
    assert "does not report" in result.message
    # One request per convention and one to see the key is accepted (/v1/models): no retries.
    assert len(gateway.requests) == 4
    assert gateway.requests[-1].path == "/v1/models"


def test_html_everywhere_is_not_available(gateway: GatewayImitation) -> None:
    gateway.html_paths |= {
        "/v1/usage",
        "/api/usage/token/",
        "/v1/dashboard/billing/subscription",
    }
    result = fetch(gateway)
    assert result.status == "not_available"


def test_server_errors_everywhere_is_error(gateway: GatewayImitation) -> None:
    for path in ("/v1/usage", "/api/usage/token/", "/v1/dashboard/billing/subscription"):
        gateway.status_override[path] = 502
    assert fetch(gateway).status == "error"


def test_hint_source_is_tried_first(gateway: GatewayImitation) -> None:
    gateway.quota_style = "oneapi"
    result = fetch(gateway, hint_source="oneapi")
    assert result.status == "ok" and result.source == "oneapi"
    assert gateway.requests[0].path == "/v1/dashboard/billing/subscription"
    assert not gateway.requests_to("/v1/usage")


def test_v1_is_never_doubled(gateway: GatewayImitation) -> None:
    with make_client(timeout=3.0, proxy_env={}) as client:
        result = fetch_quota(gateway.url + "/v1/", GOOD_KEY, client)
    assert result.status == "ok"
    assert not any("/v1/v1" in r.path for r in gateway.requests)


def test_unreachable_is_a_single_error(closed_port_url: str) -> None:
    result = fetch_quota(closed_port_url, GOOD_KEY, timeout=2.0)
    assert result.status == "error"
    assert "refused" in result.message


def test_hang_is_bounded(gateway: GatewayImitation) -> None:
    gateway.hang_paths.add("/v1/usage")
    with make_client(timeout=3.0, proxy_env={}) as client:
        result = fetch_quota(gateway.url, GOOD_KEY, client, timeout=0.5)
    assert result.status == "error"
    assert "did not answer in time" in result.message


def test_rate_limited_quota_call(gateway: GatewayImitation) -> None:
    gateway.status_override["/v1/usage"] = 429
    result = fetch(gateway)
    assert result.status == "error" and "quota" in result.message


@pytest.fixture
def closed_port_url() -> Any:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        sock.close()


def test_describe_quota() -> None:
    quota = Quota(1.5, 0.5, 2.0, "CNY", False, None, "oneapi")
    assert describe_quota(quota) == "1.50 CNY of 2.00 CNY left."
    daily = Quota(3.0, 2.0, 5.0, "USD", False, None, "sub2api", period="daily")
    assert describe_quota(daily) == "$3.00 of $5.00 left today."


def test_sub2api_subscription_reports_the_tightest_period() -> None:
    body = {
        "mode": "unrestricted",
        "isValid": True,
        "planName": "Pro",
        "subscription": {
            "daily_usage_usd": 4.0,
            "daily_limit_usd": 5.0,
            "weekly_usage_usd": 10.0,
            "weekly_limit_usd": 30.0,
            "monthly_usage_usd": 0,
            "monthly_limit_usd": 0,
        },
    }
    quota = _parse_sub2api(body)
    assert (quota.remaining, quota.total, quota.period) == (1.0, 5.0, "daily")
    assert not quota.unlimited


def test_sub2api_wallet_and_error_shapes() -> None:
    wallet = _parse_sub2api(
        {"mode": "unrestricted", "isValid": True, "balance": 3.5, "unit": "USD"}
    )
    assert wallet.remaining == 3.5 and not wallet.unlimited
    assert _parse_sub2api({"isValid": True, "remaining": -1}).unlimited
    expired = _parse_sub2api(
        {"isValid": True, "remaining": 1, "expires_at": "2001-01-01T00:00:00Z"}
    )
    assert _judge(expired).status == "expired"
    assert _error_in_answer({"error": {"message": "upstream down"}}, "sub2api").status == "error"


def test_total_time_is_bounded(gateway: GatewayImitation) -> None:
    # Every convention answers slowly: the total budget stops detection, not 3× the timeout.
    gateway.quota_style = None
    gateway.latency_ms = 300
    with make_client(timeout=3.0, proxy_env={}) as client:
        started = time.monotonic()
        result = fetch_quota(gateway.url, GOOD_KEY, client, timeout=0.4, total_timeout=0.5)
    assert time.monotonic() - started < 0.9
    assert result.status == "error" and "in time" in result.message


# --------------------------------------------------------------------------- the server's own words


class Relay:
    """A relay that answers some paths with a fixed JSON status and body, 404 elsewhere."""

    def __init__(self, answers: dict[str, tuple[int, object]]) -> None:
        import http.server
        import json
        import threading

        relay = self
        self.asked: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                relay.asked.append(path)
                status, body = answers.get(path, (404, {"detail": "Not Found"}))
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: object) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> Relay:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def test_sub2api_key_in_no_group_is_said_in_its_words() -> None:
    """Issue 17, point 5: 403 "not assigned to any group" on /v1/usage: the key is unusable."""
    refusal = {"error": {"message": "not assigned to any group", "type": "forbidden"}}
    with Relay({"/v1/usage": (403, refusal)}) as relay:
        result = fetch_quota(relay.url, GOOD_KEY, proxy_env={})
    assert result.status == "invalid_key"
    assert '"not assigned to any group"' in result.message
    assert "does not report" not in result.message


def test_litellm_without_a_database_is_said_in_its_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 17, point 5: LiteLLM has no quota route and answers a wrong key with 400 "No
    connected db." on /v1/models (seen with litellm[proxy] from PyPI): that is the answer, and
    the command does not exit 0 with "does not report"."""
    import io

    from app.cli import Console, run_cli

    said = {
        "error": {
            "message": "No connected db.",
            "type": "no_db_connection",
            "param": None,
            "code": "400",
        }
    }
    with Relay({"/v1/models": (400, said)}) as relay:
        result = fetch_quota(relay.url, BAD_KEY, proxy_env={})
        assert result.status == "error" and result.kind == "server_message"
        assert '"No connected db."' in result.message
        out, err = io.StringIO(), io.StringIO()
        monkeypatch.setattr("sys.stdin", io.StringIO(BAD_KEY))
        code = run_cli(["quota", "--endpoint", relay.url, "--key-stdin"], console=Console(out, err))
    assert code == 1
    assert "No connected db." in out.getvalue() + err.getvalue()
    assert BAD_KEY not in out.getvalue() + err.getvalue()


def test_a_key_echoed_in_a_refusal_is_masked() -> None:
    echo = {"error": {"message": f"Invalid key: {BAD_KEY}"}}
    with Relay({"/v1/usage": (401, echo)}) as relay:
        result = fetch_quota(relay.url, BAD_KEY, proxy_env={})
    assert result.status == "invalid_key"
    assert BAD_KEY not in result.message and "sk-zzz" in result.message

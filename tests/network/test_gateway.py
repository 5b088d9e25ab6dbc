"""The gateway imitation behaves like the gateways it stands for (over real sockets)."""

from __future__ import annotations

import json
import ssl
import subprocess
import sys
import threading
import time
from typing import Any

import httpx
import pytest

from tests.gateway import GOOD_KEY, WEBSITE_TITLE, GatewayImitation
from tests.support.codex_harness import REPO_ROOT

AUTH = {"Authorization": f"Bearer {GOOD_KEY}"}
BAD_AUTH = {"Authorization": "Bearer sk-" + "b" * 48}


def sse_events(text: str) -> list[dict[str, Any]]:
    events = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        payload = json.loads(lines["data"])
        assert payload["type"] == lines["event"]
        events.append(payload)
    return events


# -- auth, models, routing ------------------------------------------------------------------------


def test_models_with_good_key(gateway: GatewayImitation) -> None:
    answer = httpx.get(f"{gateway.url}/v1/models", headers=AUTH)
    assert answer.status_code == 200
    body = answer.json()
    assert body["object"] == "list"
    assert [m["id"] for m in body["data"]] == ["gpt-5.5", "gpt-5.4", "gpt-5.3-codex"]
    assert all(m["object"] == "model" and m["owned_by"] == "tokenpool" for m in body["data"])


@pytest.mark.parametrize("headers", [{}, BAD_AUTH, {"Authorization": GOOD_KEY}])
def test_bad_or_missing_key_is_an_openai_shaped_401(
    gateway: GatewayImitation, headers: dict[str, str]
) -> None:
    for method, path in (("GET", "/v1/models"), ("POST", "/v1/responses"), ("POST", "/responses")):
        answer = httpx.request(method, f"{gateway.url}{path}", headers=headers, json={})
        assert answer.status_code == 401
        assert answer.json() == {
            "error": {
                "message": "Invalid API key",
                "type": "invalid_request_error",
                "code": "invalid_api_key",
            }
        }


def test_valid_keys_and_models_can_change(gateway: GatewayImitation) -> None:
    gateway.valid_keys.add("sk-other")
    gateway.models[:] = ["only-this"]
    answer = httpx.get(f"{gateway.url}/v1/models", headers={"Authorization": "Bearer sk-other"})
    assert [m["id"] for m in answer.json()["data"]] == ["only-this"]


def test_sub2api_routing_serves_models_only_under_v1(gateway: GatewayImitation) -> None:
    answer = httpx.get(f"{gateway.url}/models", headers=AUTH)
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("application/json")
    assert "error" in answer.json()
    for path in ("/v1/responses", "/responses"):
        reply = httpx.post(f"{gateway.url}{path}", headers=AUTH, json={"model": "gpt-5.5"})
        assert reply.status_code == 200, path


def test_flat_routing_serves_models_without_v1(gateway: GatewayImitation) -> None:
    gateway.routing = "flat"
    assert httpx.get(f"{gateway.url}/models", headers=AUTH).status_code == 200
    assert httpx.get(f"{gateway.url}/v1/models", headers=AUTH).status_code == 200


def test_unknown_path_is_json_404_and_wrong_method_405(gateway: GatewayImitation) -> None:
    answer = httpx.get(f"{gateway.url}/v1/nothing-here", headers=AUTH)
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "not_found"
    wrong = httpx.get(f"{gateway.url}/v1/responses", headers=AUTH)
    assert wrong.status_code == 405
    assert wrong.headers["allow"] == "POST"


# -- /responses -----------------------------------------------------------------------------------


def test_responses_without_model_is_400(gateway: GatewayImitation) -> None:
    answer = httpx.post(f"{gateway.url}/v1/responses", headers=AUTH, json={"input": "hi"})
    assert answer.status_code == 400
    assert answer.json()["error"]["message"] == "missing model"


def test_responses_with_unknown_model_is_model_not_found(gateway: GatewayImitation) -> None:
    answer = httpx.post(f"{gateway.url}/responses", headers=AUTH, json={"model": "gpt-9"})
    assert answer.status_code == 404
    assert "model not found" in answer.json()["error"]["message"]
    assert answer.json()["error"]["code"] == "model_not_found"


def test_responses_json_answer(gateway: GatewayImitation) -> None:
    gateway.reply_text = "hello there"
    answer = httpx.post(
        f"{gateway.url}/v1/responses", headers=AUTH, json={"model": "gpt-5.4", "input": "hi"}
    )
    body = answer.json()
    assert body["object"] == "response"
    assert body["status"] == "completed"
    assert body["model"] == "gpt-5.4"
    assert body["output_text"] == "hello there"
    assert body["output"][0]["content"][0] == {
        "type": "output_text",
        "text": "hello there",
        "annotations": [],
    }
    assert body["usage"]["total_tokens"] > 0


def test_responses_stream_is_server_sent_events(gateway: GatewayImitation) -> None:
    gateway.reply_text = "pong and more"
    answer = httpx.post(
        f"{gateway.url}/responses", headers=AUTH, json={"model": "gpt-5.5", "stream": True}
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/event-stream")
    events = sse_events(answer.text)
    kinds = [e["type"] for e in events]
    assert kinds[0] == "response.created"
    assert kinds[1] == "response.output_item.added"
    assert kinds[-2:] == ["response.output_item.done", "response.completed"]
    deltas = [e["delta"] for e in events if e["type"] == "response.output_text.delta"]
    assert len(deltas) > 1 and "".join(deltas) == "pong and more"
    assert events[-1]["response"]["usage"]["output_tokens"] > 0
    assert events[-1]["response"]["output"][0]["content"][0]["text"] == "pong and more"
    assert [e["sequence_number"] for e in events] == list(range(len(events)))


def test_requests_are_recorded(gateway: GatewayImitation) -> None:
    httpx.post(
        f"{gateway.url}/v1/responses?x=1",
        headers={**AUTH, "X-Custom": "yes"},
        json={"model": "gpt-5.5", "stream": False},
    )
    [recorded] = gateway.requests_to("/v1/responses", "POST")
    assert recorded.method == "POST"
    assert recorded.query == {"x": "1"}
    assert recorded.headers["authorization"] == f"Bearer {GOOD_KEY}"
    assert recorded.headers["x-custom"] == "yes"
    assert recorded.bearer == GOOD_KEY
    assert recorded.json_body == {"model": "gpt-5.5", "stream": False}


def test_quota_flags_reach_responses(gateway: GatewayImitation) -> None:
    gateway.quota["exhausted"] = True
    answer = httpx.post(f"{gateway.url}/responses", headers=AUTH, json={"model": "gpt-5.5"})
    assert answer.status_code == 429
    assert answer.json()["error"]["code"] == "insufficient_quota"
    gateway.quota["expired"] = True
    answer = httpx.post(f"{gateway.url}/responses", headers=AUTH, json={"model": "gpt-5.5"})
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "api_key_expired"


# -- quota conventions ----------------------------------------------------------------------------


def test_sub2api_usage(gateway: GatewayImitation) -> None:
    gateway.quota.update(total=20, used=7.66)
    body = httpx.get(f"{gateway.url}/v1/usage", headers=AUTH).json()
    assert body["mode"] == "quota_limited"
    assert body["isValid"] is True
    assert body["status"] == "active"
    assert body["unit"] == "USD"
    assert body["remaining"] == pytest.approx(12.34)
    assert body["quota"] == {
        "limit": 20.0,
        "used": 7.66,
        "remaining": pytest.approx(12.34),
        "unit": "USD",
    }
    assert body["rate_limits"][0]["window"] == "5h"
    assert set(body["usage"]) == {"today", "total"}


def test_sub2api_usage_states(gateway: GatewayImitation) -> None:
    gateway.quota["exhausted"] = True
    body = httpx.get(f"{gateway.url}/v1/usage", headers=AUTH).json()
    assert (body["isValid"], body["status"], body["remaining"]) == (True, "quota_exhausted", 0)
    gateway.quota.update(exhausted=False, expired=True)
    body = httpx.get(f"{gateway.url}/v1/usage", headers=AUTH).json()
    assert (body["isValid"], body["status"]) == (True, "expired")
    assert body["expires_at"] is not None
    gateway.quota.update(expired=False, unlimited=True)
    body = httpx.get(f"{gateway.url}/v1/usage", headers=AUTH).json()
    assert (body["mode"], body["remaining"]) == ("unrestricted", -1)
    gateway.quota.update(unlimited=False, sub2api_legacy=True)
    body = httpx.get(f"{gateway.url}/v1/usage", headers=AUTH).json()
    assert set(body) == {"isValid", "planName", "remaining", "unit"}


def test_sub2api_usage_errors_are_flat(gateway: GatewayImitation) -> None:
    answer = httpx.get(f"{gateway.url}/v1/usage", headers=BAD_AUTH)
    assert answer.status_code == 401
    assert answer.json() == {"code": "INVALID_API_KEY", "message": "Invalid API key"}
    # Only under /v1.
    assert httpx.get(f"{gateway.url}/usage", headers=AUTH).status_code == 404


def test_newapi_usage(gateway: GatewayImitation) -> None:
    gateway.quota_style = "newapi"
    gateway.quota.update(total=10, used=2)
    status = httpx.get(f"{gateway.url}/api/status").json()  # no key needed
    assert status["success"] is True
    per_unit = status["data"]["quota_per_unit"]
    assert per_unit == 500_000
    answer = httpx.get(f"{gateway.url}/api/usage/token/", headers=AUTH)
    body = answer.json()
    assert body["code"] is True
    data = body["data"]
    assert data["object"] == "token_usage"
    assert data["total_granted"] / per_unit == pytest.approx(10)
    assert data["total_used"] / per_unit == pytest.approx(2)
    assert data["total_available"] / per_unit == pytest.approx(8)
    assert data["unlimited_quota"] is False
    assert data["expires_at"] == 0


def test_newapi_usage_without_slash_redirects(gateway: GatewayImitation) -> None:
    gateway.quota_style = "newapi"
    answer = httpx.get(f"{gateway.url}/api/usage/token", headers=AUTH)
    assert answer.status_code == 301
    assert answer.headers["location"] == "/api/usage/token/"
    followed = httpx.get(f"{gateway.url}/api/usage/token", headers=AUTH, follow_redirects=True)
    assert followed.json()["code"] is True


def test_newapi_states_and_errors(gateway: GatewayImitation) -> None:
    gateway.quota_style = "newapi"
    bad = httpx.get(f"{gateway.url}/api/usage/token/", headers=BAD_AUTH)
    assert bad.status_code == 401
    assert bad.json()["success"] is False and bad.json()["message"]
    gateway.quota.update(unlimited=True)
    assert httpx.get(f"{gateway.url}/api/usage/token/", headers=AUTH).json()["data"][
        "unlimited_quota"
    ]
    gateway.quota.update(unlimited=False, expired=True)
    data = httpx.get(f"{gateway.url}/api/usage/token/", headers=AUTH).json()["data"]
    assert 0 < data["expires_at"] < time.time()
    gateway.quota.update(expired=False, exhausted=True)
    data = httpx.get(f"{gateway.url}/api/usage/token/", headers=AUTH).json()["data"]
    assert data["total_available"] == 0


@pytest.mark.parametrize("prefix", ["/v1", ""])
def test_oneapi_billing(gateway: GatewayImitation, prefix: str) -> None:
    gateway.quota_style = "oneapi"
    gateway.quota.update(total=10, used=2)
    sub = httpx.get(f"{gateway.url}{prefix}/dashboard/billing/subscription", headers=AUTH).json()
    assert sub["object"] == "billing_subscription"
    assert sub["hard_limit_usd"] == pytest.approx(10)
    assert sub["access_until"] == 0
    usage = httpx.get(
        f"{gateway.url}{prefix}/dashboard/billing/usage",
        params={"start_date": "2026-01-01", "end_date": "2026-12-31"},
        headers=AUTH,
    ).json()
    assert usage == {"object": "list", "total_usage": pytest.approx(200.0)}  # cents


def test_oneapi_states_and_errors(gateway: GatewayImitation) -> None:
    gateway.quota_style = "oneapi"
    url = f"{gateway.url}/v1/dashboard/billing/subscription"
    gateway.quota["unlimited"] = True
    assert httpx.get(url, headers=AUTH).json()["hard_limit_usd"] >= 1e8
    bad = httpx.get(url, headers=BAD_AUTH)
    assert bad.status_code == 401
    assert bad.json()["error"]["type"] == "one_api_error"
    gateway.quota.update(unlimited=False, exhausted=True)
    answer = httpx.get(url, headers=AUTH)
    assert (answer.status_code, answer.json()["error"]["message"]) == (401, "该令牌额度已用尽")
    gateway.quota.update(exhausted=False, expired=True)
    answer = httpx.get(url, headers=AUTH)
    assert (answer.status_code, answer.json()["error"]["message"]) == (401, "该令牌已过期")


def test_only_the_chosen_quota_style_answers(gateway: GatewayImitation) -> None:
    quota_paths = ["/v1/usage", "/api/usage/token/", "/v1/dashboard/billing/subscription"]
    gateway.quota_style = None
    assert [httpx.get(f"{gateway.url}{p}", headers=AUTH).status_code for p in quota_paths] == [
        404,
        404,
        404,
    ]
    gateway.quota_style = "newapi"
    assert [httpx.get(f"{gateway.url}{p}", headers=AUTH).status_code for p in quota_paths] == [
        404,
        200,
        404,
    ]


# -- web page, overrides, misbehaviour ------------------------------------------------------------


def test_root_is_the_website(gateway: GatewayImitation) -> None:
    answer = httpx.get(f"{gateway.url}/")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert WEBSITE_TITLE in answer.text


def test_html_paths_answer_with_the_web_page(gateway: GatewayImitation) -> None:
    gateway.html_paths.add("/v1/usage")
    answer = httpx.get(f"{gateway.url}/v1/usage", headers=AUTH)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")


def test_status_override_wins_over_auth(gateway: GatewayImitation) -> None:
    gateway.status_override["/v1/models"] = 503
    gateway.status_override["/v1/usage"] = 429
    answer = httpx.get(f"{gateway.url}/v1/models", headers=BAD_AUTH)
    assert answer.status_code == 503
    assert answer.json()["error"]["type"] == "server_error"
    limited = httpx.get(f"{gateway.url}/v1/usage", headers=AUTH)
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "1"


def test_hang_times_out_the_client_and_stops_fast() -> None:
    gateway = GatewayImitation().start()
    try:
        gateway.hang_paths.add("/v1/models")
        started = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            httpx.get(f"{gateway.url}/v1/models", headers=AUTH, timeout=0.3)
        assert time.monotonic() - started < 2
        # A second hanging connection still open (in a thread) while we stop.
        errors: list[BaseException] = []

        def hold() -> None:
            try:
                httpx.get(f"{gateway.url}/v1/models", headers=AUTH, timeout=10)
            except BaseException as error:
                errors.append(error)

        holder = threading.Thread(target=hold, daemon=True)
        holder.start()
        time.sleep(0.2)
    finally:
        started = time.monotonic()
        gateway.stop()
        stop_seconds = time.monotonic() - started
    assert stop_seconds < 1.0
    holder.join(timeout=3)
    assert not holder.is_alive()
    assert errors  # the held request ended with an error, not an answer


def test_drop_closes_without_answer(gateway: GatewayImitation) -> None:
    gateway.drop_paths.add("/v1/responses")
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.post(f"{gateway.url}/v1/responses", headers=AUTH, json={"model": "gpt-5.5"})
    # The server is still fine afterwards.
    assert httpx.get(f"{gateway.url}/v1/models", headers=AUTH).status_code == 200


def test_latency_is_added(gateway: GatewayImitation) -> None:
    gateway.latency_ms = 300
    gateway.route_latency_ms["/"] = 0
    with httpx.Client(headers=AUTH) as client:
        started = time.monotonic()
        client.get(f"{gateway.url}/v1/models")
        slow = time.monotonic() - started
        started = time.monotonic()
        client.get(f"{gateway.url}/")
        fast = time.monotonic() - started
    assert 0.28 <= slow < 2.0
    assert fast < 0.2


def test_reset_restores_defaults(gateway: GatewayImitation) -> None:
    gateway.valid_keys.clear()
    gateway.models.clear()
    gateway.routing = "flat"
    gateway.quota_style = None
    gateway.quota["unlimited"] = True
    gateway.hang_paths.add("/x")
    gateway.reply_text = "other"
    httpx.get(f"{gateway.url}/")
    gateway.reset()
    assert gateway.valid_keys == {GOOD_KEY}
    assert gateway.models == ["gpt-5.5", "gpt-5.4", "gpt-5.3-codex"]
    assert (gateway.routing, gateway.quota_style, gateway.reply_text) == (
        "sub2api",
        "sub2api",
        "pong",
    )
    assert gateway.quota["unlimited"] is False
    assert not gateway.hang_paths and not gateway.requests


# -- TLS ------------------------------------------------------------------------------------------


def test_tls_with_the_throwaway_ca(tls_gateway: GatewayImitation) -> None:
    assert tls_gateway.url.startswith("https://127.0.0.1:")
    assert tls_gateway.ca_pem is not None and tls_gateway.ca_pem.is_file()
    trust = ssl.create_default_context(cafile=str(tls_gateway.ca_pem))
    answer = httpx.get(f"{tls_gateway.url}/v1/models", headers=AUTH, verify=trust)
    assert answer.status_code == 200
    localhost_url = tls_gateway.url.replace("127.0.0.1", "localhost")
    assert httpx.get(f"{localhost_url}/", verify=trust).status_code == 200
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{tls_gateway.url}/v1/models", headers=AUTH)  # the system store lacks our CA
    # A refused handshake does not break the server.
    assert httpx.get(f"{tls_gateway.url}/", verify=trust).status_code == 200


# -- running it by hand ---------------------------------------------------------------------------


def test_module_runs_by_hand() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.gateway", "--port", "0", "--routing", "flat"],
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first_line = process.stdout.readline()
        url = first_line.strip().rsplit(" ", 1)[-1]
        assert url.startswith("http://127.0.0.1:")
        assert GOOD_KEY in process.stdout.readline()
        assert httpx.get(f"{url}/models", headers=AUTH, timeout=5).status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=5)

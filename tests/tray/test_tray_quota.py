"""The tray's quota poll (app.core.tray.jobs.poll_quota) against the gateway imitation: every quota
shape of quota-apis.md, as the tray headline and icon show it, the failures in words, and the
proxy read afresh for every request. Real local HTTP; no Qt."""

from __future__ import annotations

import socket
from collections.abc import Iterator, Mapping

import pytest

from app.core.paths import AppPaths
from app.core.settings import load_settings
from app.core.tray.jobs import poll_quota
from app.core.tray.state import Reading, TrayState, icon_state, quota_headline, tooltip
from tests.gateway import GOOD_KEY, GatewayImitation
from tests.support.codex_harness import write_codex_files
from tests.support.proxies import MADE_UP_HOSTS, RecordingProxy, TlsFront

NO_PROXY: Mapping[str, str] = {}


def poll(paths: AppPaths, proxy_env: Mapping[str, str] | None = NO_PROXY) -> Reading:
    return poll_quota(paths, proxy_env=proxy_env, timeout=3.0)


@pytest.fixture
def set_up(paths: AppPaths, gateway: GatewayImitation) -> AppPaths:
    write_codex_files(paths.codex_home, gateway.url + "/v1", GOOD_KEY)
    return paths


def headline(reading: Reading) -> str:
    return quota_headline(TrayState().with_reading(reading).shown).text


@pytest.mark.parametrize("style", ["sub2api", "newapi", "oneapi"])
def test_limited_quota_every_convention(
    set_up: AppPaths, gateway: GatewayImitation, style: str
) -> None:
    gateway.quota_style = style
    gateway.quota.update(total=50.0, used=12.5)
    reading = poll(set_up)
    assert reading.status == "ok", reading
    assert headline(reading) == "$37.50 left of $50.00"
    assert tooltip(TrayState().with_reading(reading)).text == "TokenPool: $37.50 left of $50.00"
    assert load_settings(set_up).quota_source(gateway.url + "/v1") == style


@pytest.mark.parametrize("style", ["sub2api", "newapi", "oneapi"])
def test_unlimited(set_up: AppPaths, gateway: GatewayImitation, style: str) -> None:
    gateway.quota_style = style
    gateway.quota["unlimited"] = True
    reading = poll(set_up)
    assert headline(reading) == "unlimited"
    assert icon_state(TrayState().with_reading(reading)).fraction == 1.0


def test_sub2api_old_answer_without_total(set_up: AppPaths, gateway: GatewayImitation) -> None:
    gateway.quota["sub2api_legacy"] = True
    assert headline(poll(set_up)) == "$12.34 left"


def test_sub2api_wallet_answer_shows_the_amount(
    set_up: AppPaths, gateway: GatewayImitation
) -> None:
    gateway.quota["sub2api_wallet"] = True
    reading = poll(set_up)
    assert headline(reading) == "$12.34 left"
    assert reading.quota is not None and reading.quota.plan_name == "钱包余额"
    state = icon_state(TrayState().with_reading(reading))
    assert state.level == "normal" and state.fraction is None


@pytest.mark.parametrize("code", ["INSUFFICIENT_BALANCE", "USAGE_LIMIT_EXCEEDED"])
def test_old_sub2api_billing_refusals_mean_no_quota_left(
    set_up: AppPaths, gateway: GatewayImitation, code: str
) -> None:
    gateway.quota["sub2api_refusal"] = code
    reading = poll(set_up)
    assert reading.status == "exhausted", reading
    assert headline(reading) == "no quota left"
    assert icon_state(TrayState().with_reading(reading)).level == "empty"


def test_newapi_rate_limit_is_said_with_its_retry_after(
    set_up: AppPaths, gateway: GatewayImitation
) -> None:
    gateway.quota_style = "newapi"
    gateway.status_override["/api/usage/token/"] = 429
    gateway.retry_after = "1200"
    reading = poll(set_up)
    assert reading.status == "error" and reading.kind == "rate_limited"
    assert reading.retry_after_s == pytest.approx(1200)
    assert "Wait 1200 seconds" in reading.message


def test_oneapi_with_statistics_off_is_not_counted_twice(
    set_up: AppPaths, gateway: GatewayImitation
) -> None:
    gateway.quota_style = "oneapi"
    gateway.quota.update(total=12.66, used=7.66, oneapi_token_stats=False)
    reading = poll(set_up)
    assert reading.quota is not None
    assert reading.quota.remaining == pytest.approx(5.0)
    assert headline(reading) == "$5.00 left of $12.66"


@pytest.mark.parametrize("style", ["oneapi", "newapi"])
def test_200_with_an_error_is_an_error_with_the_servers_message(
    set_up: AppPaths, gateway: GatewayImitation, style: str
) -> None:
    gateway.quota_style = style
    gateway.quota["error_200"] = "数据库查询失败 (lookup failed)"
    reading = poll(set_up)
    assert reading.status == "error" and reading.kind == "server_message"
    assert "数据库查询失败 (lookup failed)" in reading.message


def test_no_quota_route(set_up: AppPaths, gateway: GatewayImitation) -> None:
    gateway.quota_style = None
    reading = poll(set_up)
    assert reading.status == "not_available"
    assert headline(reading) == "the gateway does not report the quota"


def test_refused_key(paths: AppPaths, gateway: GatewayImitation) -> None:
    write_codex_files(paths.codex_home, gateway.url + "/v1", "sk-" + "z" * 48)
    reading = poll(paths)
    assert reading.status == "invalid_key" and reading.kind == "unauthorized"
    assert headline(reading) == "key refused"
    assert "sk-zzz" not in reading.message


def test_not_set_up(paths: AppPaths) -> None:
    assert poll(paths).status == "not_set_up"


@pytest.fixture
def closed_port() -> Iterator[int]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    yield sock.getsockname()[1]  # bound but not listening: connections are refused
    sock.close()


def test_proxy_is_read_afresh_for_every_request(
    paths: AppPaths,
    gateway: GatewayImitation,
    closed_port: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A host only reachable through a proxy: a CONNECT proxy tunnels it to https in front of
    # the imitation (the tray trusts the OS store; SSL_CERT_FILE names the test CA for OpenSSL).
    write_codex_files(paths.codex_home, f"https://{MADE_UP_HOSTS[0]}/v1", GOOD_KEY)
    with (
        TlsFront(("127.0.0.1", gateway.port)) as front,
        RecordingProxy(("127.0.0.1", front.port)) as proxy,
    ):
        monkeypatch.setenv("SSL_CERT_FILE", str(front.ca_pem))
        proxies: dict[str, str] = {"HTTPS_PROXY": f"http://127.0.0.1:{closed_port}"}

        def source() -> Mapping[str, str]:
            return dict(proxies)

        dead = poll(paths, source())
        assert dead.status == "error" and dead.kind == "proxy"
        assert f"127.0.0.1:{closed_port}" in dead.message
        assert "HTTPS_PROXY" in dead.message  # where the setting came from
        proxies["HTTPS_PROXY"] = proxy.url()  # the proxy tool restarted on another port
        alive = poll(paths, source())
        assert alive.status == "ok", alive
        assert proxy.keys_seen_in_clear == 0


def test_the_tray_never_sends_the_key_over_plain_http(paths: AppPaths) -> None:
    """Issue 17, point 1: an http:// endpoint to another computer is refused before sending."""
    write_codex_files(paths.codex_home, f"http://{MADE_UP_HOSTS[0]}/v1", GOOD_KEY)
    with RecordingProxy() as proxy:
        reading = poll(paths, {"HTTP_PROXY": proxy.url(), "HTTPS_PROXY": proxy.url()})
    assert reading.status == "error" and reading.kind == "insecure_http"
    assert "unencrypted" in reading.message
    assert proxy.requests == []


def test_a_server_error_on_the_quota_route_shows_its_status_and_words(
    set_up: AppPaths, gateway: GatewayImitation
) -> None:
    """Issue 17, point 5: a 500 on the quota route is shown with its status and message."""
    for path in ("/v1/usage", "/api/usage/token/", "/v1/dashboard/billing/subscription"):
        gateway.status_override[path] = 500
    reading = poll(set_up)
    assert reading.status == "error" and reading.kind == "server_error"
    assert "HTTP 500" in reading.message
    assert "It said:" in reading.message


def test_a_key_repeated_in_a_server_message_is_masked(paths: AppPaths) -> None:
    """Some relays repeat the bearer token in their errors: it is masked before it is shown."""
    key = "sk-" + "k" * 20 + "1234567890abcdef"
    other = "sk-proj-" + "Q9" * 20
    body = {"error": {"message": f"token {key} is not assigned to any group (also {other})"}}
    with _JsonServer(403, body) as url:
        write_codex_files(paths.codex_home, url + "/v1", key)
        reading = poll(paths)
    assert reading.status == "invalid_key"
    assert "not assigned to any group" in reading.message
    assert key not in reading.message and other not in reading.message
    assert "sk-kkk" in reading.message  # masked, as everywhere: sk-kkk…cdef


class _JsonServer:
    """One JSON answer for every path (a stand-in for a relay with its own refusal)."""

    def __init__(self, status: int, body: object) -> None:
        import http.server
        import json
        import threading

        payload = json.dumps(body).encode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: object) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> str:
        self._thread.start()
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

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
from tests.codex_harness import write_codex_files
from tests.gateway import GOOD_KEY, GatewayImitation

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
    paths: AppPaths, gateway: GatewayImitation, closed_port: int
) -> None:
    # A host only reachable through a proxy: the imitation answers absolute-form proxy requests.
    write_codex_files(paths.codex_home, "http://api.tokenpool-proxied.invalid/v1", GOOD_KEY)
    proxies: dict[str, str] = {"HTTP_PROXY": f"http://127.0.0.1:{closed_port}"}

    def source() -> Mapping[str, str]:
        return dict(proxies)

    dead = poll(paths, source())
    assert dead.status == "error" and dead.kind == "proxy"
    assert f"127.0.0.1:{closed_port}" in dead.message
    proxies["HTTP_PROXY"] = gateway.url  # the proxy tool restarted on another port
    alive = poll(paths, source())
    assert alive.status == "ok", alive

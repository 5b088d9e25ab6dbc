"""The endpoint probe, the model list and the HTTP client, against real local servers only.

Every probe error kind is produced for real: a closed port, a hanging or misbehaving gateway
imitation, an untrusted certificate, a ``.invalid`` name, a proxy on a closed local port. Only
``offline`` uses an injected resolver (see test_offline_when_no_dns_server_is_reachable).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from app.core.endpoints import Endpoint
from app.core.net.http import (
    USER_AGENT,
    NetworkFailure,
    classify_exception,
    key_goes_in_clear,
    kind_for_status,
    make_client,
    proxy_settings,
    redact_proxy,
    retry_after_seconds,
)
from app.core.net.models import list_models, model_ids
from app.core.net.probe import (
    ProbeError,
    ProbeResult,
    check_key_online,
    probe_endpoint,
    probe_endpoints,
    recommend,
)
from tests.gateway import DEFAULT_MODELS, GOOD_KEY, GatewayImitation
from tests.support.proxies import RecordingProxy, TlsFront

NO_PROXY: dict[str, str] = {}


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A local port nothing listens on (bound, never listening: connects are refused)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    try:
        yield sock.getsockname()[1]
    finally:
        sock.close()


def probe(url: str, key: str = GOOD_KEY, **kwargs: object) -> ProbeResult:
    kwargs.setdefault("proxy_env", NO_PROXY)
    kwargs.setdefault("timeout", 3.0)
    return probe_endpoint(url, key, **kwargs)  # type: ignore[arg-type]


def assert_error(result: ProbeResult, kind: str) -> ProbeError:
    assert not result.ok
    assert result.error is not None, result
    assert result.error.kind == kind, result.error
    assert result.error.message and result.error.suggestion
    assert GOOD_KEY not in repr(result)
    return result.error


# --------------------------------------------------------------------------- healthy endpoints


def test_healthy_sub2api_endpoint_gets_v1_added(gateway: GatewayImitation) -> None:
    result = probe(gateway.url)
    assert result.ok and result.error is None
    assert result.models == DEFAULT_MODELS
    assert len(result.samples_ms) == 3
    assert result.latency_ms is not None and result.latency_ms > 0
    assert set(result.phases_ms) == {"dns", "connect", "tls", "ttfb"}
    assert result.phases_ms["tls"] == 0.0
    # Sub2API serves /models only under /v1: write the /v1 form so Codex's model check works too.
    assert result.base_url_to_write == gateway.url + "/v1"
    assert "/v1" in result.base_url_reason
    # Codex's route was checked without spending quota: POST /responses with an empty body.
    posts = gateway.requests_to("/responses", "POST")
    assert posts and posts[0].json_body == {}
    assert all(r.bearer == GOOD_KEY for r in gateway.requests)
    assert all(r.headers["user-agent"] == USER_AGENT for r in gateway.requests)


def test_flat_gateway_keeps_the_url_as_given(gateway: GatewayImitation) -> None:
    gateway.routing = "flat"
    result = probe(gateway.url)
    assert result.ok
    assert result.base_url_to_write == gateway.url
    assert not gateway.requests_to("/v1/responses")


def test_url_with_v1_is_kept(gateway: GatewayImitation) -> None:
    result = probe(gateway.url + "/v1/")
    assert result.ok
    assert result.base_url_to_write == gateway.url + "/v1"
    assert not gateway.requests_to("/v1/v1/models")


def test_models_route_missing_everywhere_still_writes_a_chat_url(gateway: GatewayImitation) -> None:
    gateway.html_paths.add("/models")
    gateway.status_override["/v1/responses"] = 404
    result = probe(gateway.url)
    assert result.ok
    assert result.base_url_to_write == gateway.url
    assert "doctor" in result.base_url_reason


def test_no_codex_route_is_not_api(gateway: GatewayImitation) -> None:
    gateway.status_override["/responses"] = 404
    gateway.html_paths.add("/v1/responses")
    error = assert_error(probe(gateway.url), "not_api")
    assert "/responses" in error.message


def test_latency_is_the_median_ttfb(gateway: GatewayImitation) -> None:
    gateway.route_latency_ms["/v1/models"] = 60
    result = probe(gateway.url, samples=3)
    assert result.latency_ms is not None
    assert 60 <= result.latency_ms < 60 * 1.25
    assert result.phases_ms["ttfb"] == result.latency_ms


def test_tls_endpoint_with_trusted_ca(tls_gateway: GatewayImitation) -> None:
    assert tls_gateway.ca_pem is not None
    result = probe(tls_gateway.url, verify=str(tls_gateway.ca_pem))
    assert result.ok, result.error
    assert result.phases_ms["tls"] > 0


# --------------------------------------------------------------------------- every error kind


def test_untrusted_certificate_is_tls(tls_gateway: GatewayImitation) -> None:
    # Default verification (the OS trust store) does not know the imitation's private CA.
    result = probe(tls_gateway.url)
    assert_error(result, "tls")
    assert not tls_gateway.requests_to("/v1/models")  # nothing was sent over the untrusted link


def test_callers_client_decides_trust(tls_gateway: GatewayImitation) -> None:
    assert tls_gateway.ca_pem is not None
    with make_client(timeout=3.0, verify=str(tls_gateway.ca_pem), proxy_env={}) as client:
        result = probe(tls_gateway.url, client=client)
    assert result.ok, result.error


def test_closed_port_is_connect_refused(closed_port: int) -> None:
    error = assert_error(probe(f"http://127.0.0.1:{closed_port}"), "connect_refused")
    assert "refused" in error.message


def test_unknown_name_is_dns() -> None:
    error = assert_error(probe("https://api.tokenpool-probe-test.invalid"), "dns")
    assert "could not be found" in error.message


def test_offline_when_no_dns_server_is_reachable() -> None:
    # "Offline" = the OS cannot resolve at all (EAI_AGAIN, "temporary failure in name
    # resolution": no DNS server reachable) or has no route (ENETUNREACH/ENETDOWN). This machine
    # has a default route, so the resolver is injected to give the exact OS error an offline
    # computer gives, rather than sending traffic off the box.
    def no_network(host: str, port: int) -> list[tuple[object, ...]]:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    error = assert_error(probe("https://api.clawto.link", resolver=no_network), "offline")
    assert "offline" in error.message


def test_offline_errno_is_classified_offline() -> None:
    import errno

    assert classify_exception(OSError(errno.ENETUNREACH, "Network is unreachable")) == "offline"


def test_hang_is_timeout_at_the_deadline(gateway: GatewayImitation) -> None:
    gateway.hang_paths.add("/v1/models")
    started = time.monotonic()
    result = probe(gateway.url, timeout=0.6)
    elapsed = time.monotonic() - started
    assert_error(result, "timeout")
    assert 0.5 <= elapsed < 1.5


def test_proxy_on_a_closed_port_is_proxy(closed_port: int) -> None:
    proxy = f"http://user:secret@127.0.0.1:{closed_port}"
    # The target is never resolved or contacted: all traffic goes to the (closed) local proxy.
    result = probe("https://api.clawto.link", proxy_env={"HTTPS_PROXY": proxy})
    error = assert_error(result, "proxy")
    assert f"127.0.0.1:{closed_port}" in error.message
    assert "secret" not in repr(result)
    assert result.via_proxy == f"http://127.0.0.1:{closed_port}"
    assert "dns" not in result.phases_ms  # phases would describe the proxy, not the endpoint


def test_traffic_really_goes_through_the_proxy(gateway: GatewayImitation) -> None:
    # A real CONNECT proxy on 127.0.0.1 tunnels to TLS in front of the imitation, so a host that
    # does not exist is reachable through it, over https as the key requires.
    with (
        TlsFront(("127.0.0.1", gateway.port)) as front,
        RecordingProxy(("127.0.0.1", front.port)) as proxy,
    ):
        result = probe(
            "https://api.tokenpool-proxied.invalid",
            proxy_env={"HTTPS_PROXY": proxy.url()},
            verify=str(front.ca_pem),
        )
    assert result.ok, result.error
    assert result.via_proxy == proxy.url()
    assert set(result.phases_ms) == {"ttfb"}
    assert gateway.requests_to("/v1/models")
    assert proxy.requests and all(r.method == "CONNECT" for r in proxy.requests)
    assert proxy.keys_seen_in_clear == 0


def test_the_key_never_goes_over_plain_http_even_through_a_proxy() -> None:
    """Issue 17, point 1: the guard decides on the URL before any connection, proxy or not."""
    with RecordingProxy() as proxy:
        env = {"HTTP_PROXY": proxy.url(), "HTTPS_PROXY": proxy.url()}
        result = probe("http://api.tokenpool-proxied.invalid", proxy_env=env)
        error = assert_error(result, "insecure_http")
        assert "http://" in error.message and "https://" in error.suggestion
        assert result.duration_ms < 1000
        with pytest.raises(NetworkFailure) as raised:
            list_models("http://api.tokenpool-proxied.invalid", GOOD_KEY)
        assert raised.value.kind == "insecure_http"
        # The transport refuses too, whoever builds the request.
        with make_client(proxy_env=env) as client, pytest.raises(httpx.TransportError) as caught:
            client.get(
                "http://api.tokenpool-proxied.invalid/v1/models",
                headers={"Authorization": f"Bearer {GOOD_KEY}"},
            )
        assert classify_exception(caught.value) == "insecure_http"
        # Without a key, plain http is allowed (it reaches the proxy, which refuses it).
        with make_client(proxy_env=env) as client:
            assert client.get("http://api.tokenpool-proxied.invalid/").status_code == 502
    assert [(r.method, r.carried_key) for r in proxy.requests] == [("GET", False)], proxy.requests


@pytest.mark.parametrize(
    ("url", "in_clear"),
    [
        ("http://127.0.0.1:8080/v1", False),
        ("http://127.5.6.7/v1", False),
        ("http://[::1]:3000", False),
        ("http://localhost:3000/v1", False),
        ("HTTP://LOCALHOST/v1", False),
        ("https://api.clawto.link", False),
        ("http://api.clawto.link", True),
        ("http://192.168.1.5:3000/v1", True),
        ("http://localhost.example.com/v1", True),
        ("http://127.0.0.1.nip.io/v1", True),
        ("http://[::ffff:127.0.0.1]/v1", True),
        ("http://[bad/v1", True),
        ("ftp://127.0.0.1/v1", False),
    ],
)
def test_which_addresses_carry_the_key_in_clear(url: str, in_clear: bool) -> None:
    assert key_goes_in_clear(url) is in_clear


def test_html_answer_is_not_api(gateway: GatewayImitation) -> None:
    gateway.html_paths.add("/v1/models")
    assert_error(probe(gateway.url), "not_api")


def test_missing_models_route_is_not_api(gateway: GatewayImitation) -> None:
    gateway.status_override["/v1/models"] = 404
    assert_error(probe(gateway.url), "not_api")


def test_wrong_key_is_unauthorized(gateway: GatewayImitation) -> None:
    error = assert_error(probe(gateway.url, key="sk-" + "b" * 48), "unauthorized")
    assert "key was rejected" in error.message
    assert error.status == 401


def test_forbidden_is_unauthorized(gateway: GatewayImitation) -> None:
    gateway.status_override["/v1/models"] = 403
    assert_error(probe(gateway.url), "unauthorized")


def test_429_is_rate_limited_with_retry_after(gateway: GatewayImitation) -> None:
    gateway.status_override["/v1/models"] = 429
    error = assert_error(probe(gateway.url), "rate_limited")
    assert error.retry_after_s == 1.0
    assert "quota" in error.message
    assert "1 seconds" in error.suggestion


def test_5xx_is_server_error(gateway: GatewayImitation) -> None:
    gateway.status_override["/v1/models"] = 502
    error = assert_error(probe(gateway.url), "server_error")
    assert error.status == 502


def test_dropped_connection_is_server_error(gateway: GatewayImitation) -> None:
    gateway.drop_paths.add("/v1/models")
    assert_error(probe(gateway.url), "server_error")


def test_cancelled_before_start(gateway: GatewayImitation) -> None:
    cancel = threading.Event()
    cancel.set()
    assert_error(probe(gateway.url, cancel=cancel), "cancelled")
    assert gateway.requests == []


# --------------------------------------------------------------------------- several endpoints


def test_probe_endpoints_delivers_each_as_it_finishes_and_bounds_time() -> None:
    with (
        GatewayImitation() as fast,
        GatewayImitation() as slow,
        GatewayImitation() as hung,
    ):
        urls = {"fast": fast.url, "slow": slow.url, "hung": hung.url}
        fast.latency_ms = 10
        slow.latency_ms = 80
        hung.hang_paths.add("/v1/models")
        delivered: list[tuple[str, float]] = []
        started = time.monotonic()

        def on_result(result: ProbeResult) -> None:
            delivered.append((result.url, time.monotonic() - started))

        report = probe_endpoints(
            [urls["hung"], urls["slow"], urls["fast"]],
            GOOD_KEY,
            timeout=1.5,
            on_result=on_result,
            proxy_env=NO_PROXY,
        )
        total = time.monotonic() - started
    assert 1.4 <= total < 2.0
    assert [r.url for r in report.results] == [urls["hung"], urls["slow"], urls["fast"]]
    by_url = {r.url: r for r in report.results}
    assert by_url[urls["fast"]].ok and by_url[urls["slow"]].ok
    assert_error(by_url[urls["hung"]], "timeout")
    assert [url for url, _ in delivered] == [urls["fast"], urls["slow"], urls["hung"]]
    # Healthy endpoints are delivered as soon as they are done, not held back by the hang.
    for url, at in delivered[:2]:
        assert at * 1000 <= by_url[url].duration_ms * 1.2 + 50
    assert report.recommended is not None and report.recommended.url == urls["fast"]


def test_probe_endpoints_cancel_returns_promptly_and_stops_deliveries(
    gateway: GatewayImitation,
) -> None:
    gateway.hang_paths.add("/v1/models")
    cancel = threading.Event()
    delivered: list[ProbeResult] = []
    threading.Timer(0.2, cancel.set).start()
    started = time.monotonic()
    report = probe_endpoints(
        [gateway.url],
        GOOD_KEY,
        timeout=5.0,
        on_result=delivered.append,
        cancel=cancel,
        proxy_env=NO_PROXY,
    )
    assert time.monotonic() - started < 0.6
    assert report.cancelled and report.recommended is None
    assert delivered == []
    assert report.results[0].error is not None and report.results[0].error.kind == "cancelled"


def _result(url: str, latency: float | None, ok: bool = True) -> ProbeResult:
    return ProbeResult(
        url=url,
        ok=ok,
        latency_ms=latency,
        samples_ms=(),
        phases_ms={},
        models=(),
        base_url_to_write=url,
        base_url_reason="",
    )


def test_recommend_prefers_the_recommended_endpoint_within_20_percent() -> None:
    a, b = "https://a.example", "https://b.example"
    catalogue = (Endpoint(a, "Recommended", True), Endpoint(b, "Standard"))

    def winner(*results: ProbeResult) -> str | None:
        chosen = recommend(results, catalogue)
        return chosen.url if chosen else None

    assert winner(_result(a, 115), _result(b, 100)) == a
    assert winner(_result(a, 125), _result(b, 100)) == b
    assert winner(_result(a, 50, ok=False), _result(b, 100)) == b
    assert winner(_result(a + "/v1", 90), _result(b, 100)) == a + "/v1"
    assert winner(_result(a, None, ok=False)) is None
    assert winner() is None


# --------------------------------------------------------------------------- key online, models


def test_check_key_online(gateway: GatewayImitation) -> None:
    with make_client(timeout=3.0, proxy_env=NO_PROXY) as client:
        ok = check_key_online(gateway.url, GOOD_KEY, client)
        assert ok.status == "ok" and ok.models == DEFAULT_MODELS
        rejected = check_key_online(gateway.url, "sk-" + "c" * 48, client)
        assert rejected.status == "rejected" and "rejected" in rejected.message
        gateway.status_override["/v1/models"] = 429
        assert check_key_online(gateway.url, GOOD_KEY, client).status == "rate_limited"
        gateway.status_override.clear()
        gateway.html_paths.add("/v1/models")
        problem = check_key_online(gateway.url, GOOD_KEY, client)
        assert problem.status == "endpoint_problem"
        assert GOOD_KEY not in problem.message


def test_check_key_online_unreachable(closed_port: int) -> None:
    result = check_key_online(f"http://127.0.0.1:{closed_port}", GOOD_KEY, timeout=2.0)
    assert result.status == "endpoint_problem" and "refused" in result.message


def test_list_models(gateway: GatewayImitation) -> None:
    gateway.models[:] = ["gpt-5.5", "gpt-5.5-mini"]
    assert list_models(gateway.url + "/v1", GOOD_KEY) == ("gpt-5.5", "gpt-5.5-mini")
    with pytest.raises(NetworkFailure) as raised:
        list_models(gateway.url, "sk-" + "d" * 48)
    assert raised.value.code == "unauthorized"
    assert "sk-ddd" not in str(raised.value)


def test_model_ids_shapes() -> None:
    assert model_ids({"data": [{"id": "a"}, {"id": "b"}, {"id": "a"}]}) == ("a", "b")
    assert model_ids({"models": [{"slug": "x"}, "y"]}) == ("x", "y")
    assert model_ids({"error": {"message": "no"}}) is None
    assert model_ids(["a"]) is None


# --------------------------------------------------------------------------- the HTTP client


def test_proxy_settings_from_environment() -> None:
    settings = proxy_settings(
        {
            "HTTPS_PROXY": "http://upper:3128",
            "https_proxy": "proxy.corp:8080",
            "NO_PROXY": "internal.example, .corp.example,10.0.0.0/8",
        }
    )
    assert settings.for_url("https://api.clawto.link") == "http://proxy.corp:8080"
    assert settings.for_url("http://api.clawto.link") is None  # only an https proxy is set
    assert settings.for_url("https://internal.example/v1") is None
    assert settings.for_url("https://a.internal.example") is None
    assert settings.for_url("https://x.corp.example") is None
    assert settings.for_url("https://10.1.2.3") is None
    assert settings.for_url("https://127.0.0.1:9") is None  # loopback never goes via a proxy
    assert settings.for_url("https://localhost") is None
    assert proxy_settings({"ALL_PROXY": "http://p:1"}).for_url("http://x.example") == "http://p:1"
    assert proxy_settings({"ALL_PROXY": "http://p:1", "NO_PROXY": "*"}).for_url("http://x") is None
    assert proxy_settings({}).for_url("https://api.clawto.link") is None


def test_redact_proxy() -> None:
    assert redact_proxy("http://user:pw@proxy.corp:8080/") == "http://proxy.corp:8080"


def test_make_client_has_no_way_to_turn_off_verification() -> None:
    import inspect

    parameters = inspect.signature(make_client).parameters
    assert set(parameters) == {"timeout", "verify", "proxy_env", "total_timeout", "max_bytes"}
    with pytest.raises(TypeError):
        make_client(verify=False)  # type: ignore[arg-type]


def test_status_and_retry_after_helpers() -> None:
    assert kind_for_status(200) is None
    assert kind_for_status(401) == kind_for_status(403) == "unauthorized"
    assert kind_for_status(429) == "rate_limited"
    assert kind_for_status(404) == "not_api"
    assert kind_for_status(503) == "server_error"
    assert retry_after_seconds({"retry-after": "7"}) == 7.0
    assert retry_after_seconds({"x-ratelimit-reset-requests": "7"}) is None
    assert retry_after_seconds({"retry-after": "soon"}) is None

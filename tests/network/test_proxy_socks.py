"""SOCKS proxies, as the local proxy tools many of our users run offer them (issue 11, point 5).

A real SOCKS5 server on 127.0.0.1 (tests/support/socks5_server.py) stands in front of the gateway
imitation. The Windows registry cannot exist here: a stand-in ``winreg`` holds its values.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import TracebackType
from typing import Any

import pytest

from app.core.net.http import (
    make_client,
    parse_windows_proxy_server,
    proxy_settings,
    windows_registry_proxies,
)
from app.core.net.probe import probe_endpoint
from app.core.wizard import tasks as wizard_tasks
from tests.gateway import GOOD_KEY, GatewayImitation
from tests.support.proxies import RecordingProxy, TlsFront
from tests.support.socks5_server import Socks5Proxy

MADE_UP_HOST = "api.tokenpool-socks.invalid"  # only the proxy can reach it


@pytest.fixture
def front(gateway: GatewayImitation) -> Iterator[TlsFront]:
    """https for the made-up host (the key only goes over https), in front of the imitation."""
    with TlsFront(("127.0.0.1", gateway.port)) as running:
        yield running


@pytest.fixture
def socks(front: TlsFront, monkeypatch: pytest.MonkeyPatch) -> Iterator[Socks5Proxy]:
    # Clients made without a CA file (the direct test, the tray) trust the OS store, which
    # OpenSSL lets SSL_CERT_FILE name: here, the test CA.
    monkeypatch.setenv("SSL_CERT_FILE", str(front.ca_pem))
    with Socks5Proxy(("127.0.0.1", front.port)) as proxy:
        yield proxy


def test_all_proxy_socks5_carries_the_probe(socks: Socks5Proxy) -> None:
    result = probe_endpoint(
        f"https://{MADE_UP_HOST}", GOOD_KEY, samples=1, proxy_env={"ALL_PROXY": socks.url}
    )
    assert result.ok, result.error
    assert result.via_proxy == socks.url
    assert (MADE_UP_HOST, 443) in socks.requested


def test_a_socks_proxy_carries_the_direct_chat_test(
    socks: Socks5Proxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The wizard's "Test Codex now" without Codex reads the proxy from the environment.
    monkeypatch.setenv("ALL_PROXY", f"socks://127.0.0.1:{socks.port}")  # "socks" = SOCKS5
    outcome = wizard_tasks.chat_test_direct(f"https://{MADE_UP_HOST}/v1", GOOD_KEY, "gpt-5.5")
    assert outcome.ok, outcome.message
    assert socks.requested


def test_the_direct_chat_test_never_sends_the_key_over_plain_http(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 17, point 1: "Test Codex" without Codex goes through the same guard."""
    with RecordingProxy() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url())
        outcome = wizard_tasks.chat_test_direct(f"http://{MADE_UP_HOST}/v1", GOOD_KEY, "gpt-5.5")
    assert not outcome.ok
    assert outcome.code == "insecure_http"
    assert "unencrypted" in outcome.message
    assert proxy.requests == []


class FakeWinreg:
    """The few ``winreg`` calls we make, over a dict of "Internet Settings" values."""

    HKEY_CURRENT_USER = object()

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values
        self.opened: list[str] = []

    def OpenKey(self, root: object, path: str) -> FakeWinreg:
        assert root is self.HKEY_CURRENT_USER
        self.opened.append(path)
        return self

    def QueryValueEx(self, key: object, name: str) -> tuple[Any, int]:
        if name not in self.values:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        return self.values[name], 1

    def __enter__(self) -> FakeWinreg:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None


def test_windows_socks_setting_is_read_as_socks5_and_works(socks: Socks5Proxy) -> None:
    """What v2rayN/Clash write: ProxyServer "socks=127.0.0.1:10808" (CPython reads it as
    socks4://, which httpx rejects with a ValueError)."""
    registry = FakeWinreg(
        {"ProxyEnable": 1, "ProxyServer": f"socks=127.0.0.1:{socks.port}", "ProxyOverride": ""}
    )
    found = windows_registry_proxies(registry)
    assert registry.opened == [r"Software\Microsoft\Windows\CurrentVersion\Internet Settings"]
    assert found == {"http": socks.url, "https": socks.url}

    settings = proxy_settings({}, os_proxies=lambda: found)
    assert settings.from_os and settings.for_url(f"https://{MADE_UP_HOST}") == socks.url
    with make_client(proxy_env={"ALL_PROXY": socks.url}) as client:
        response = client.get(f"https://{MADE_UP_HOST}/v1/models")
    assert response.status_code in (200, 401)


def test_windows_proxy_server_forms() -> None:
    assert parse_windows_proxy_server("127.0.0.1:7890") == {
        "http": "127.0.0.1:7890",
        "https": "127.0.0.1:7890",
    }
    assert parse_windows_proxy_server("http=h:1;https=h:2;socks=s:3") == {
        "http": "h:1",
        "https": "h:2",
    }
    assert parse_windows_proxy_server("socks=s:3;https=h:2") == {
        "http": "socks5://s:3",
        "https": "h:2",
    }
    # A value left behind while the proxy is switched off is ignored, as Windows does.
    assert windows_registry_proxies(FakeWinreg({"ProxyEnable": 0, "ProxyServer": "x:1"})) == {}


def test_what_cpython_reports_for_the_windows_socks_entry_is_taken_as_socks5() -> None:
    """Where urllib reads the OS settings: its socks4:// for "socks=" becomes SOCKS5."""
    settings = proxy_settings(
        {}, os_proxies=lambda: {"http": "socks4://127.0.0.1:10808", "socks": "socks://x:1"}
    )
    assert settings.for_url("http://example.com") == "socks5://127.0.0.1:10808"


@pytest.mark.parametrize("proxy", ["socks4://127.0.0.1:1080", "ftp://127.0.0.1:21"])
def test_a_proxy_type_we_cannot_use_is_a_proxy_problem_in_words(
    proxy: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = probe_endpoint(
        f"https://{MADE_UP_HOST}", GOOD_KEY, samples=1, proxy_env={"ALL_PROXY": proxy}
    )
    assert result.error is not None and result.error.kind == "proxy"
    assert "cannot use" in result.error.message and proxy.split("://")[0].upper() in (
        result.error.message
    )
    assert "SOCKS5" in result.error.suggestion

    monkeypatch.setenv("ALL_PROXY", proxy)
    outcome = wizard_tasks.chat_test_direct(f"https://{MADE_UP_HOST}/v1", GOOD_KEY, "gpt-5.5")
    assert not outcome.ok
    assert "proxy" in outcome.message.lower()
    assert "unexpected" not in outcome.message.lower()

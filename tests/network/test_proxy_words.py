"""Proxies in words (issue 17, point 6): a proxy that wants a password (407), one that refuses the
password given, a SOCKS proxy refusing its login, a dead port and a setting that is no address
each say something different, and none of them blames the gateway or exits 70.

Real proxies from Debian (tinyproxy, microsocks) are used when installed (CI installs them, see
packaging/bootstrap.py); tests/support/proxies.py's recording proxy is always there.
"""

from __future__ import annotations

import io
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import Console, run_cli
from app.core.net.http import proxy_settings
from app.core.net.probe import ProbeResult, probe_endpoint
from app.core.net.quota import fetch_quota
from tests.gateway import GOOD_KEY, GatewayImitation
from tests.support.proxies import MADE_UP_HOSTS, RecordingProxy, TlsFront

TARGET = f"https://{MADE_UP_HOSTS[0]}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_listening(port: int, process: subprocess.Popen[bytes]) -> None:
    for _ in range(100):
        if process.poll() is not None:
            pytest.fail(f"the proxy exited: {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail("the proxy did not start listening")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


@pytest.fixture
def front(gateway: GatewayImitation) -> Iterator[TlsFront]:
    with TlsFront(("127.0.0.1", gateway.port)) as running:
        yield running


@pytest.fixture
def tunnel(front: TlsFront) -> Iterator[RecordingProxy]:
    """A CONNECT proxy that takes every made-up host to the TLS front."""
    with RecordingProxy(("127.0.0.1", front.port)) as proxy:
        yield proxy


def probe_via(proxy: str, front: TlsFront | None = None) -> ProbeResult:
    return probe_endpoint(
        TARGET,
        GOOD_KEY,
        samples=1,
        timeout=5,
        proxy_env={"HTTPS_PROXY": proxy},
        verify=str(front.ca_pem) if front else None,
    )


def kind_of(result: ProbeResult) -> str:
    assert result.error is not None, result
    return result.error.kind


# --------------------------------------------------------------------------- HTTP proxy logins


def test_http_proxy_login_in_words(front: TlsFront) -> None:
    with RecordingProxy(("127.0.0.1", front.port), credentials=("ann", "right")) as proxy:
        none = probe_via(proxy.url(), front)
        wrong = probe_via(proxy.url("ann", "wrong"), front)
        right = probe_via(proxy.url("ann", "right"), front)
    assert kind_of(none) == "proxy_auth"
    assert none.error is not None and "wants a user name and password" in none.error.message
    assert "HTTPS_PROXY" in none.error.message
    assert kind_of(wrong) == "proxy_credentials"
    assert wrong.error is not None and "did not accept" in wrong.error.message
    assert "wrong" not in repr(wrong)  # the password is never shown
    assert right.ok, right.error


def test_dead_proxy_port_and_bad_settings_in_words() -> None:
    dead = probe_via(f"http://127.0.0.1:{free_port()}")
    assert kind_of(dead) == "proxy"
    assert dead.error is not None and "Nothing answers at the proxy address" in dead.error.message
    for setting in ("http://[bad", "http://127.0.0.1:port", "http://127.0.0.1:99999"):
        bad = probe_via(setting)
        assert kind_of(bad) == "proxy_setting", setting
        assert bad.error is not None
        assert "HTTPS_PROXY" in bad.error.message and "not a valid proxy address" in (
            bad.error.message
        )
        assert MADE_UP_HOSTS[0] not in bad.error.message  # the gateway is not blamed
        quota = fetch_quota(TARGET, GOOD_KEY, proxy_env={"HTTPS_PROXY": setting})
        assert quota.kind == "proxy_setting"


def test_the_os_setting_is_named_as_such() -> None:
    settings = proxy_settings({}, os_proxies=lambda: {"https": "http://[bad"})
    assert settings.source_of(settings.for_url(TARGET) or "") == "the system proxy settings"


def test_which_variable_a_proxy_came_from() -> None:
    settings = proxy_settings({"ALL_PROXY": "http://a:1", "https_proxy": "http://b:2"})
    assert settings.source_of("http://b:2") == "https_proxy"
    assert settings.source_of("http://a:1") == "ALL_PROXY"


@pytest.mark.parametrize("setting", ["http://[bad", "http://127.0.0.1:port"])
@pytest.mark.parametrize("command", ["quota", "probe", "configure"])
def test_a_bad_proxy_setting_never_exits_70(
    setting: str, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", setting)
    args = {
        "quota": ["quota", "--endpoint", TARGET, "--key-stdin"],
        "probe": ["probe", "--endpoint", TARGET, "--key-stdin"],
        "configure": [
            "configure",
            "--codex-home",
            str(tmp_path / "codex"),
            "--endpoint",
            TARGET,
            "--key-stdin",
            "--yes",
        ],
    }[command]
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr("sys.stdin", io.StringIO(GOOD_KEY))
    code = run_cli(args, console=Console(out, err))
    said = out.getvalue() + err.getvalue()
    assert code == 1, said
    assert "HTTPS_PROXY" in said and "not a valid proxy address" in said
    assert "the proxy the proxy" not in said


# --------------------------------------------------------------------------- real proxies


@pytest.fixture
def tinyproxy(tunnel: RecordingProxy, tmp_path: Path) -> Iterator[int]:
    """Debian's tinyproxy asking for a login, chained to the tunnel (it cannot resolve the
    made-up host itself)."""
    binary = shutil.which("tinyproxy")
    if binary is None:
        pytest.skip("tinyproxy is not installed (apt-get install tinyproxy)")
    port = free_port()
    config = tmp_path / "tinyproxy.conf"
    config.write_text(
        f"Port {port}\nListen 127.0.0.1\nTimeout 30\nMaxClients 10\nAllow 127.0.0.1\n"
        f'BasicAuth ann right\nLogLevel Critical\nLogFile "{tmp_path / "tinyproxy.log"}"\n'
        f"Upstream http 127.0.0.1:{tunnel.port}\n",
        encoding="utf-8",
    )
    process = subprocess.Popen([binary, "-d", "-c", str(config)], stderr=subprocess.DEVNULL)
    try:
        wait_listening(port, process)
        yield port
    finally:
        stop(process)


def test_tinyproxy_login_in_words(tinyproxy: int, front: TlsFront) -> None:
    base = f"127.0.0.1:{tinyproxy}"
    assert kind_of(probe_via(f"http://{base}", front)) == "proxy_auth"
    assert kind_of(probe_via(f"http://ann:wrong@{base}", front)) == "proxy_credentials"
    result = probe_via(f"http://ann:right@{base}", front)
    assert result.ok, result.error


@pytest.fixture
def microsocks() -> Iterator[int]:
    binary = shutil.which("microsocks")
    if binary is None:
        pytest.skip("microsocks is not installed (apt-get install microsocks)")
    port = free_port()
    process = subprocess.Popen(
        [binary, "-i", "127.0.0.1", "-p", str(port), "-u", "ann", "-P", "right"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_listening(port, process)
        yield port
    finally:
        stop(process)


def test_microsocks_login_in_words(microsocks: int) -> None:
    base = f"127.0.0.1:{microsocks}"
    none = probe_via(f"socks5://{base}")
    assert kind_of(none) == "proxy_auth", none.error
    wrong = probe_via(f"socks5://ann:wrong@{base}")
    assert kind_of(wrong) == "proxy_credentials", wrong.error
    # With the right login the proxy lets us in; it cannot resolve the made-up host, and says so.
    right = probe_via(f"socks5://ann:right@{base}")
    assert kind_of(right) == "proxy_upstream", right.error
    assert right.error is not None and f"could not reach {MADE_UP_HOSTS[0]}" in right.error.message

"""Issue 17: what a hostile or broken server can do, against tests/support/hostile_server.py on
127.0.0.1, and the key never going over plain http from any command.

Time here is asserted only as "ends within its budget" (a hang would otherwise block forever);
speed and memory are measured in bench/hostile.py.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import Console, run_cli
from app.core.net.http import (
    ERROR_PAGE_MAX_BYTES,
    NetworkFailure,
    fetch,
    make_client,
    open_stream,
)
from app.core.net.models import MAX_MODELS, list_models, model_ids
from app.core.net.probe import probe_endpoint, probe_endpoints
from app.core.net.quota import fetch_quota
from app.core.paths import AppPaths
from tests.gateway import GOOD_KEY
from tests.support.codex_harness import write_codex_files
from tests.support.hostile_server import HostileServer
from tests.support.proxies import MADE_UP_HOSTS, RecordingProxy

NO_PROXY: dict[str, str] = {}
KEY = GOOD_KEY


@pytest.fixture
def hostile(request: pytest.FixtureRequest) -> Iterator[HostileServer]:
    options = dict(getattr(request, "param", {}) or {})
    behaviour = options.pop("behaviour")
    with HostileServer(behaviour, **options) as server:
        yield server


def call(args: list[str], monkeypatch: pytest.MonkeyPatch, stdin: str = "") -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = run_cli(args, console=Console(out, err))
    return code, out.getvalue() + err.getvalue()


# --------------------------------------------------------------------------- memory: capped bodies


@pytest.mark.parametrize(
    "hostile",
    [{"behaviour": "gzip_bomb", "bomb_bytes": 256 << 20}, {"behaviour": "endless"}],
    indirect=True,
)
def test_a_bomb_or_an_endless_body_is_too_large_not_a_crash(hostile: HostileServer) -> None:
    result = probe_endpoint(hostile.url, KEY, samples=1, timeout=5, proxy_env=NO_PROXY)
    assert result.error is not None and result.error.kind == "too_large", result.error
    quota = fetch_quota(hostile.url, KEY, timeout=5, proxy_env=NO_PROXY)
    assert quota.status == "error" and quota.kind == "too_large"
    with pytest.raises(NetworkFailure) as raised:
        list_models(hostile.url, KEY, make_client(proxy_env=NO_PROXY))
    assert raised.value.kind == "too_large"


@pytest.mark.parametrize("hostile", [{"behaviour": "endless", "status": "500 Oops"}], indirect=True)
def test_an_endless_error_page_is_cut_at_its_cap_not_refused(hostile: HostileServer) -> None:
    with make_client(proxy_env=NO_PROXY) as client:
        answer = fetch(client, "GET", hostile.url, timeout=5, max_bytes=1 << 20)
    assert answer.status == 500
    assert len(answer.body) == ERROR_PAGE_MAX_BYTES
    quota = fetch_quota(hostile.url, KEY, timeout=5, proxy_env=NO_PROXY)
    assert quota.status == "error" and quota.kind == "server_error"
    assert "HTTP 500" in quota.message


def test_inflating_is_capped_on_the_decompressed_size() -> None:
    with HostileServer("gzip_bomb", bomb_bytes=64 << 20) as server:
        with make_client(proxy_env=NO_PROXY) as client, pytest.raises(NetworkFailure) as raised:
            fetch(client, "GET", server.url, timeout=5, max_bytes=1 << 20)
        assert raised.value.kind == "too_large"
        # A cap above the inflated size reads it all: the cap is on decompressed bytes.
        with make_client(proxy_env=NO_PROXY) as client:
            answer = fetch(client, "GET", server.url, timeout=20, max_bytes=65 << 20)
        assert len(answer.body) == (64 << 20) + len(b'{"data": [')


# --------------------------------------------------------------------------- time: total deadlines


@pytest.mark.parametrize(
    "hostile",
    [
        {"behaviour": "trickle_headers", "trickle_s": 0.1},
        {"behaviour": "trickle_body", "trickle_s": 0.2},
    ],
    indirect=True,
)
def test_a_trickling_server_cannot_stretch_the_deadline(hostile: HostileServer) -> None:
    started = time.monotonic()
    result = probe_endpoint(hostile.url, KEY, samples=1, timeout=1.5, proxy_env=NO_PROXY)
    assert result.error is not None and result.error.kind == "timeout"
    assert time.monotonic() - started < 4
    started = time.monotonic()
    quota = fetch_quota(hostile.url, KEY, timeout=1.0, total_timeout=1.5, proxy_env=NO_PROXY)
    assert quota.status == "error" and quota.kind == "timeout"
    assert time.monotonic() - started < 4


@pytest.mark.parametrize(
    "hostile", [{"behaviour": "trickle_body", "trickle_s": 0.3}], indirect=True
)
def test_a_streamed_body_keeps_its_deadline_between_pieces(hostile: HostileServer) -> None:
    started = time.monotonic()
    with (
        make_client(proxy_env=NO_PROXY) as client,
        open_stream(client, "GET", hostile.url, timeout=1.0, max_bytes=1024) as response,
        pytest.raises(Exception) as raised,
    ):
        for _piece in response.iter_bytes():
            pass
    assert type(raised.value).__name__ == "DeadlineExceeded"
    assert time.monotonic() - started < 3


@pytest.mark.parametrize(
    "hostile", [{"behaviour": "trickle_body", "trickle_s": 0.5}], indirect=True
)
def test_cancelling_a_probe_closes_its_connection(hostile: HostileServer) -> None:
    """Issue 17, point 2: the wizard's abandoned probe must stop reading, not read on."""
    cancel = threading.Event()
    done = threading.Event()

    def run() -> None:
        probe_endpoints([hostile.url], KEY, timeout=30, samples=1, cancel=cancel, proxy_env={})
        done.set()

    threading.Thread(target=run, daemon=True).start()
    time.sleep(1.0)  # the probe is in the middle of the trickled body
    cancel.set()
    assert done.wait(5)
    # The probe's own thread ends too (it used to read on), and the server sees the close.
    for _ in range(100):
        if not any(t.name.startswith("probe-127.0.0.1") for t in threading.enumerate()):
            break
        time.sleep(0.05)
    assert not any(t.name.startswith("probe-127.0.0.1") for t in threading.enumerate())
    for _ in range(100):
        if hostile.disconnects:
            break
        time.sleep(0.05)
    assert hostile.disconnects >= 1


# --------------------------------------------------------------------------- lists and numbers


def test_model_list_de_duplication_is_capped() -> None:
    body = {"data": [{"id": f"m{i % 100_000}"} for i in range(200_000)]}
    ids = model_ids(body)
    assert ids is not None and len(ids) == MAX_MODELS
    assert ids[:3] == ("m0", "m1", "m2")
    assert model_ids({"data": [{"id": "a"}, {"id": "b"}, {"id": "a"}]}) == ("a", "b")


@pytest.mark.parametrize(
    "hostile",
    [
        {"behaviour": "huge_models", "model_count": 40_000, "list_bytes": 2 << 20},
    ],
    indirect=True,
)
def test_a_long_model_list_is_read_and_capped(hostile: HostileServer) -> None:
    models = list_models(hostile.url, KEY, make_client(proxy_env=NO_PROXY))
    assert len(models) == MAX_MODELS


@pytest.mark.parametrize(
    "hostile",
    [{"behaviour": "huge_models", "model_count": 120_000, "list_bytes": 0}],
    indirect=True,
)
def test_a_list_of_too_many_tiny_items_is_not_parsed(hostile: HostileServer) -> None:
    """3 MB of ``{"id":"model-1","d":""}`` would cost far more than 150 MB as Python objects."""
    with pytest.raises(NetworkFailure) as raised:
        list_models(hostile.url, KEY, make_client(proxy_env=NO_PROXY))
    assert raised.value.kind == "too_large"


@pytest.mark.parametrize(
    "hostile",
    [
        {"behaviour": "huge_number"},
        {"behaviour": "huge_float"},
        {"behaviour": "nan"},
        {"behaviour": "negative"},
    ],
    indirect=True,
)
def test_impossible_amounts_are_said_in_words(
    hostile: HostileServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = fetch_quota(hostile.url, KEY, proxy_env=NO_PROXY)
    assert result.status == "error" and result.kind == "impossible_amount"
    assert "impossible amount" in result.message
    monkeypatch.delenv("HTTPS_PROXY", raising=False)
    code, out = call(["quota", "--endpoint", hostile.url, "--key-stdin"], monkeypatch, KEY)
    assert code == 1, out
    assert "impossible amount" in out and "unexpected" not in out.lower()


@pytest.mark.parametrize("hostile", [{"behaviour": "redirect"}], indirect=True)
def test_redirects_are_not_followed(hostile: HostileServer) -> None:
    result = probe_endpoint(hostile.url, KEY, samples=1, timeout=5, proxy_env=NO_PROXY)
    assert result.error is not None and result.error.kind == "not_api"
    assert all(path.startswith("/") for _method, path in hostile.requests)


# --------------------------------------------------------------------------- the key in clear


def test_no_command_sends_the_key_over_plain_http(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17, point 1: doctor --online, repair --online, probe and quota refuse, and nothing
    reaches the proxy (which is where the key went in clear before)."""
    url = f"http://{MADE_UP_HOSTS[0]}/v1"
    write_codex_files(paths.codex_home, url, KEY)
    home = ["--codex-home", str(paths.codex_home)]
    with RecordingProxy() as proxy:
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
            monkeypatch.setenv(name, proxy.url())
        outputs = {
            "doctor": call(["doctor", "--online", *home], monkeypatch),
            "repair": call(["repair", "--online", "--dry-run", *home], monkeypatch),
            "probe": call(["probe", "--endpoint", url, "--key-stdin"], monkeypatch, KEY),
            "quota": call(["quota", *home], monkeypatch),
        }
    assert proxy.requests == []
    for name, (code, out) in outputs.items():
        assert code != 70, (name, out)
        assert KEY not in out
    assert "unencrypted" in outputs["doctor"][1]
    assert "unencrypted" in outputs["probe"][1]


def test_loopback_http_is_still_fine(tmp_path: Path) -> None:
    from tests.gateway import GatewayImitation

    with GatewayImitation() as gateway:
        for host in ("127.0.0.1", "localhost"):
            url = f"http://{host}:{gateway.port}"
            result = probe_endpoint(url, KEY, samples=1, timeout=5, proxy_env=NO_PROXY)
            assert result.ok, result.error


@pytest.mark.parametrize("hostile", [{"behaviour": "endless"}], indirect=True)
def test_a_streamed_body_keeps_its_cap_and_is_worded(hostile: HostileServer) -> None:
    """What the streamed online check (issue 17, point 8) builds on: open_stream's cap holds
    while reading, and failure_from_exception words what stopped it."""
    from app.core.net.http import failure_from_exception

    read = 0
    with (
        make_client(proxy_env=NO_PROXY) as client,
        open_stream(client, "GET", hostile.url, timeout=5, max_bytes=256 * 1024) as response,
        pytest.raises(Exception) as raised,
    ):
        for piece in response.iter_bytes():
            read += len(piece)
    assert read <= 256 * 1024
    failure = failure_from_exception(raised.value, hostile.url)
    assert failure.kind == "too_large" and "far more data" in failure.message

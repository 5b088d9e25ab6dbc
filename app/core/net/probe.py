"""Endpoint ping-test: how fast each endpoint answers, whether it is really the API, and which
form of the base URL to write for Codex.

How each phase is measured (so the numbers are honest):
- ``dns``: ``socket.getaddrinfo`` alone, timed, in a helper thread (it cannot be given a timeout).
- ``connect``: one raw TCP connect to the first address that accepts.
- ``tls``: the TLS handshake on that raw socket, with the same verifying SSL context the client
  uses (0 for ``http://``). Trust is decided by the HTTP client alone: a failed raw handshake only
  loses the timing, and the client's own handshake reports ``tls`` if the certificate is bad.
  These three are skipped when a proxy carries the traffic: then the connection is to the proxy,
  and timing it would describe the proxy, not the endpoint.
- ``ttfb``: httpx's trace events, from "request headers sent" to "response headers received", for
  an authenticated ``GET {base}/v1/models`` — connection setup is excluded, so it is the server's
  answer time plus one round trip. Several samples on one kept-alive connection; the median is
  ``latency_ms``.

Codex's own route is checked without spending quota: ``POST {base}/responses`` with ``{}`` is
refused by a working gateway with a JSON 400 ("missing model") or 401. The base URL to write is the
form (as given, or with ``/v1`` added) under which both ``/responses`` and ``/models`` answer —
Codex's own doctor and model discovery need ``{base_url}/models`` too.
"""

from __future__ import annotations

import socket
import statistics
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from app.core.endpoints import CATALOGUE, Endpoint, catalogue_entry, models_url, responses_url
from app.core.net.http import (
    DEFAULT_TIMEOUT,
    MODEL_LIST_MAX_BYTES,
    ROUTE_CHECK_MAX_BYTES,
    Answer,
    ErrorKind,
    NetworkFailure,
    Verify,
    classify_exception,
    explain,
    fetch,
    host_of,
    make_client,
    make_ssl_context,
    proxy_settings,
    redact_proxy,
    refuse_key_in_clear,
)
from app.core.net.models import auth_headers, models_from_response

if TYPE_CHECKING:
    import httpx

# socket.getaddrinfo-shaped: (host, port) -> [(family, type, proto, canonname, sockaddr), ...]
Resolver = Callable[[str, int], Sequence[tuple[Any, ...]]]
KeyOnlineStatus = Literal["ok", "rejected", "rate_limited", "endpoint_problem"]

# The recommended endpoint wins unless another is more than this much faster.
RECOMMENDED_MARGIN = 1.2
_POLL_S = 0.05


@dataclass(frozen=True)
class ProbeError:
    """Why probing an endpoint failed: the kind of failure, the words for it, what to try next."""

    kind: ErrorKind
    message: str
    suggestion: str
    status: int | None = None
    retry_after_s: float | None = None


@dataclass(frozen=True)
class ProbeResult:
    """One endpoint's ping-test: how fast it answered (phase by phase), the models it lists and
    the base URL form to write for Codex, or why it failed."""

    url: str
    ok: bool
    latency_ms: float | None
    samples_ms: tuple[float, ...]
    phases_ms: Mapping[str, float]
    models: tuple[str, ...]
    base_url_to_write: str
    base_url_reason: str
    error: ProbeError | None = None
    duration_ms: float = 0.0  # how long probing this endpoint took
    via_proxy: str | None = None  # the proxy used (without credentials), if any
    # A connection to the server was made: a ``timeout`` then means "answers slowly", never
    # "cannot be reached".
    reached: bool = False


@dataclass(frozen=True)
class ProbeReport:
    """The ping-test of every endpoint asked, and the one to recommend (None when none answered,
    or the test was cancelled)."""

    results: tuple[ProbeResult, ...]
    recommended: ProbeResult | None
    cancelled: bool = False


@dataclass(frozen=True)
class KeyOnlineResult:
    """Whether an endpoint accepts the key (asked by listing its models, which spends no quota),
    and a sentence for the person."""

    status: KeyOnlineStatus
    models: tuple[str, ...]
    message: str


class _Stop(Exception):
    """Ends a probe early with the error to report."""

    def __init__(self, error: ProbeError) -> None:
        super().__init__(error.kind)
        self.error = error


def _error(
    kind: ErrorKind,
    url: str,
    *,
    status: int | None = None,
    retry_after: float | None = None,
    proxy: str | None = None,
) -> ProbeError:
    message, suggestion = explain(
        kind, host=host_of(url), status=status, retry_after=retry_after, proxy=proxy
    )
    return ProbeError(kind, message, suggestion, status=status, retry_after_s=retry_after)


def _from_failure(failure: NetworkFailure) -> ProbeError:
    return ProbeError(
        failure.kind, failure.message, failure.hint, failure.status, failure.retry_after
    )


# --------------------------------------------------------------------------- one endpoint


def probe_endpoint(
    url: str,
    key: str,
    *,
    samples: int = 3,
    timeout: float = DEFAULT_TIMEOUT,
    client: httpx.Client | None = None,
    verify: Verify = None,
    proxy_env: Mapping[str, str] | None = None,
    resolver: Resolver | None = None,
    cancel: threading.Event | None = None,
    on_reached: Callable[[], None] | None = None,
) -> ProbeResult:
    """Probe one endpoint within ``timeout`` seconds in total. Never raises for network trouble.

    ``on_reached`` is called (from this thread) once a connection to the server is made, so a
    caller that stops waiting first can still tell a slow server from an unreachable one.

    ``client``/``verify``/``proxy_env``/``resolver`` let tests aim at a local server; by default
    the OS trust store, the user's proxy settings and the OS resolver are used.
    """
    probe = _EndpointProbe(
        base=url.strip().rstrip("/"),
        key=key,
        samples=max(1, samples),
        deadline=time.monotonic() + timeout,
        verify=verify,
        proxy_env=proxy_env,
        resolver=resolver,
        cancel=cancel,
        on_reached=on_reached,
    )
    return probe.run(client)


@dataclass
class _EndpointProbe:
    """The working state of one probe (private and short-lived; results are frozen)."""

    base: str
    key: str = field(repr=False)
    samples: int
    deadline: float
    verify: Verify
    proxy_env: Mapping[str, str] | None
    resolver: Resolver | None
    cancel: threading.Event | None
    on_reached: Callable[[], None] | None = None
    reached: bool = False
    started: float = field(default_factory=time.monotonic)
    phases: dict[str, float] = field(default_factory=dict)
    proxy: str | None = None

    def run(self, client: httpx.Client | None) -> ProbeResult:
        samples: list[float] = []
        models: tuple[str, ...] = ()
        base_url, reason = self.base, "Not checked, because the endpoint did not answer properly."
        error: ProbeError | None = None
        self.proxy = proxy_settings(self.proxy_env).for_url(self.base)
        own_client = client is None
        try:
            self._check_cancel()
            parts = urlsplit(self.base)
            host = parts.hostname
            if not host or parts.scheme not in ("http", "https"):
                raise _Stop(_error("not_api", self.base))
            try:
                refuse_key_in_clear(self.base)  # before any connection, even the timed ones
            except NetworkFailure as refused:
                raise _Stop(_from_failure(refused)) from None
            if self.proxy is None:
                self._time_connection(host, parts.port or (443 if parts.scheme == "https" else 80))
            if client is None:
                client = make_client(
                    timeout=self._remaining(), verify=self.verify, proxy_env=self.proxy_env
                )
            models, samples = self._sample_models(client)
            base_url, reason = self._choose_base_url(client)
        except _Stop as stop:
            error = stop.error
        finally:
            if own_client and client is not None:
                client.close()
        if samples:
            self.phases["ttfb"] = statistics.median(samples)
        return ProbeResult(
            url=self.base,
            ok=error is None,
            latency_ms=statistics.median(samples) if samples else None,
            samples_ms=tuple(samples),
            phases_ms=dict(self.phases),
            models=models,
            base_url_to_write=base_url,
            base_url_reason=reason,
            error=error,
            duration_ms=(time.monotonic() - self.started) * 1000,
            via_proxy=redact_proxy(self.proxy) if self.proxy else None,
            reached=self.reached,
        )

    def _mark_reached(self) -> None:
        if not self.reached:
            self.reached = True
            if self.on_reached is not None:
                self.on_reached()

    # -- budget and cancellation --------------------------------------------------------------

    def _remaining(self) -> float:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise _Stop(_error("timeout", self.base))
        return remaining

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise _Stop(_error("cancelled", self.base))

    # -- DNS, TCP, TLS with raw sockets --------------------------------------------------------

    def _time_connection(self, host: str, port: int) -> None:
        addresses = self._resolve(host, port)
        self._check_cancel()
        sock = self._connect(addresses)
        try:
            self._check_cancel()
            if urlsplit(self.base).scheme == "https":
                self._handshake(sock, host)
            else:
                self.phases["tls"] = 0.0
        finally:
            sock.close()

    def _resolve(self, host: str, port: int) -> Sequence[tuple[Any, ...]]:
        resolve = self.resolver or _system_resolve
        outcome: list[Any] = []
        done = threading.Event()

        def lookup() -> None:
            try:
                outcome.append(resolve(host, port))
            except BaseException as exc:  # handed to the waiting thread below
                outcome.append(exc)
            done.set()

        started = time.perf_counter()
        # A daemon thread: getaddrinfo cannot be interrupted, and a stuck lookup must not keep the
        # app from exiting. The probe itself stops waiting at the deadline.
        threading.Thread(target=lookup, name=f"probe-dns-{host}", daemon=True).start()
        while not done.wait(min(_POLL_S, self._remaining())):
            self._check_cancel()
        self.phases["dns"] = (time.perf_counter() - started) * 1000
        result = outcome[0]
        if isinstance(result, socket.gaierror):
            raise _Stop(_error(classify_exception(result), self.base))
        if isinstance(result, BaseException):  # e.g. a name too long to encode
            raise _Stop(_error("dns", self.base))
        if not result:
            raise _Stop(_error("dns", self.base))
        return tuple(result)

    def _connect(self, addresses: Sequence[tuple[Any, ...]]) -> socket.socket:
        last_error: BaseException | None = None
        for family, _type, proto, _name, sockaddr in addresses:
            sock = socket.socket(family, socket.SOCK_STREAM, proto)
            try:
                sock.settimeout(self._remaining())
                started = time.perf_counter()
                sock.connect(sockaddr)
                self.phases["connect"] = (time.perf_counter() - started) * 1000
                self._mark_reached()
                return sock
            except OSError as exc:
                sock.close()
                last_error = exc
            except _Stop:
                sock.close()
                raise
        assert last_error is not None
        raise _Stop(_error(self._kind_for_os_error(last_error), self.base))

    def _handshake(self, sock: socket.socket, host: str) -> None:
        context = make_ssl_context(self.verify)
        sock.settimeout(self._remaining())
        started = time.perf_counter()
        try:
            tls = context.wrap_socket(sock, server_hostname=host)
        except TimeoutError:
            raise _Stop(_error("timeout", self.base)) from None
        except OSError:
            # ssl.SSLError included. The HTTP client alone decides about trust: a caller's client
            # may trust a CA this context does not. If the certificate really is bad, the client's
            # own handshake fails next and is reported as "tls"; here only the timing is lost.
            return
        self.phases["tls"] = (time.perf_counter() - started) * 1000
        tls.close()

    @staticmethod
    def _kind_for_os_error(exc: BaseException) -> ErrorKind:
        kind = classify_exception(exc)
        # A raw connect that fails otherwise (e.g. "no route to host") is reported as refused.
        return kind if kind != "server_error" else "connect_refused"

    # -- HTTP with httpx -----------------------------------------------------------------------

    def _request(
        self, client: httpx.Client, method: str, url: str, body: Any = None
    ) -> tuple[Answer, float]:
        """One request, read within the probe's deadline and its cap; returns it and its time to
        first byte in milliseconds. Cancelling closes the connection (nothing keeps reading)."""
        self._check_cancel()
        marks: dict[str, float] = {}

        def trace(event: str, info: Mapping[str, Any]) -> None:
            if event.endswith("send_request_headers.started"):
                marks["sent"] = time.perf_counter()  # the last one wins: CONNECT comes first
            elif event.endswith("receive_response_headers.complete"):
                marks["answered"] = time.perf_counter()
                self._mark_reached()

        started = time.perf_counter()
        try:
            answer = fetch(
                client,
                method,
                url,
                timeout=self._remaining(),
                max_bytes=MODEL_LIST_MAX_BYTES if method == "GET" else ROUTE_CHECK_MAX_BYTES,
                headers=auth_headers(self.key),
                json_body=body,
                cancel=self.cancel,
                trace=trace,
            )
        except NetworkFailure as failed:
            if failed.kind == "cancelled" or (self.cancel is not None and self.cancel.is_set()):
                raise _Stop(_error("cancelled", url)) from None
            raise _Stop(_from_failure(failed)) from None
        if "sent" in marks and "answered" in marks:
            ttfb = marks["answered"] - marks["sent"]
        else:  # a transport without trace events: the whole request is the closest measure
            ttfb = time.perf_counter() - started
        return answer, ttfb * 1000

    def _sample_models(self, client: httpx.Client) -> tuple[tuple[str, ...], list[float]]:
        url = models_url(self.base)
        samples: list[float] = []
        models: tuple[str, ...] = ()
        for index in range(self.samples):
            response, ttfb = self._request(client, "GET", url)
            try:
                found = models_from_response(response)
            except NetworkFailure as failure:
                raise _Stop(_from_failure(failure)) from None
            if index == 0:
                models = found
            samples.append(ttfb)
        return models, samples

    def _choose_base_url(self, client: httpx.Client) -> tuple[str, str]:
        given = self.base
        alternative = given[:-3] if given.lower().endswith("/v1") else given + "/v1"
        answers: dict[str, bool] = {models_url(given): True}  # proven by the samples

        def answers_json(method: str, url: str) -> bool:
            if url not in answers:
                response, _ = self._request(client, method, url, {} if method == "POST" else None)
                answers[url] = _is_json_answer(response)
            return answers[url]

        for candidate in (given, alternative):
            if answers_json("POST", responses_url(candidate)) and answers_json(
                "GET", candidate + "/models"
            ):
                if candidate == given:
                    return given, (
                        "Codex's chat route (/responses) and the model list (/models) both answer "
                        "at this address."
                    )
                if candidate.endswith("/v1"):
                    return candidate, (
                        "This gateway lists its models only under /v1, so /v1 is added: there both "
                        "Codex's chat and its model check work."
                    )
                return candidate, (
                    "Codex's chat route and the model list both answer without /v1, so it is left "
                    "out."
                )
        for candidate in (given, alternative):
            if answers_json("POST", responses_url(candidate)):
                return candidate, (
                    "Codex can chat at this address, but the model list does not answer there, so "
                    "Codex's own doctor may warn about it."
                )
        _message, suggestion = explain("not_api", host=host_of(given))
        raise _Stop(
            ProbeError(
                "not_api",
                f"{host_of(given)} lists models but does not answer Codex's /responses route, so "
                "Codex would fail there.",
                suggestion,
            )
        )


def _system_resolve(host: str, port: int) -> Sequence[tuple[Any, ...]]:
    return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)


def _is_json_answer(answer: Answer) -> bool:
    """The route exists and speaks JSON: a refusal such as 400/401/429 counts, 404/HTML does not."""
    if answer.status in (404, 405) or answer.status >= 500:
        return False
    return answer.json() is not None


# --------------------------------------------------------------------------- several endpoints


def probe_endpoints(
    urls: Iterable[str],
    key: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    samples: int = 3,
    on_result: Callable[[ProbeResult], None] | None = None,
    cancel: threading.Event | None = None,
    catalogue: tuple[Endpoint, ...] = CATALOGUE,
    verify: Verify = None,
    proxy_env: Mapping[str, str] | None = None,
    resolver: Resolver | None = None,
) -> ProbeReport:
    """Probe all endpoints at once; return within ``timeout`` seconds whatever happens.

    ``on_result`` is called once per endpoint as soon as it finishes, from a worker thread (the GUI
    marshals it); an endpoint still busy at the deadline is reported as ``timeout`` then, without
    holding the others back. After this returns (or after ``cancel`` is set), no more calls come.
    """
    started = time.monotonic()
    deadline = started + timeout
    wanted = list(dict.fromkeys(u.strip().rstrip("/") for u in urls))
    lock = threading.Lock()
    reached: set[str] = set()  # endpoints that accepted a connection (slow, not unreachable)
    delivered: dict[str, ProbeResult] = {}
    all_in = threading.Event()
    closed = False

    def deliver(result: ProbeResult) -> None:
        with lock:
            if closed or result.url in delivered:
                return
            delivered[result.url] = result
            try:
                # Under the lock, so that no call can arrive after probe_endpoints has returned.
                if on_result is not None:
                    on_result(result)
            finally:
                if len(delivered) == len(wanted):
                    all_in.set()

    def work(url: str) -> None:
        try:
            result = probe_endpoint(
                url,
                key,
                samples=samples,
                timeout=max(0.0, deadline - time.monotonic()),
                verify=verify,
                proxy_env=proxy_env,
                resolver=resolver,
                cancel=cancel,
                on_reached=lambda: reached.add(url),
            )
        except Exception:  # a bug must still produce a result, never a silently dead thread
            result = _failed(url, "server_error", started)
        if result.error is not None and result.error.kind == "cancelled":
            return
        deliver(result)

    for url in wanted:
        threading.Thread(
            target=work, args=(url,), name=f"probe-{host_of(url)}", daemon=True
        ).start()

    cancelled = False
    while not all_in.is_set():
        if cancel is not None and cancel.is_set():
            cancelled = True
            break
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        all_in.wait(min(remaining, _POLL_S))
    if not cancelled:
        for url in wanted:
            # A no-op for those already delivered.
            deliver(_failed(url, "timeout", started, reached=url in reached))
    with lock:
        closed = True
        results = tuple(delivered.get(url) or _failed(url, "cancelled", started) for url in wanted)
    return ProbeReport(
        results=results,
        recommended=None if cancelled else recommend(results, catalogue),
        cancelled=cancelled,
    )


def _failed(url: str, kind: ErrorKind, started: float, *, reached: bool = False) -> ProbeResult:
    message, suggestion = explain(kind, host=host_of(url))
    return ProbeResult(
        url=url,
        ok=False,
        latency_ms=None,
        samples_ms=(),
        phases_ms={},
        models=(),
        base_url_to_write=url,
        base_url_reason="Not checked, because the endpoint did not answer in time.",
        error=ProbeError(kind, message, suggestion),
        duration_ms=(time.monotonic() - started) * 1000,
        reached=reached,
    )


def recommend(
    results: Iterable[ProbeResult], catalogue: tuple[Endpoint, ...] = CATALOGUE
) -> ProbeResult | None:
    """The fastest healthy endpoint, but the catalogue's recommended one if within 20 % of it."""
    healthy = [r for r in results if r.ok and r.latency_ms is not None]
    if not healthy:
        return None
    best = min(healthy, key=lambda r: r.latency_ms or 0.0)
    best_latency = best.latency_ms or 0.0
    for result in sorted(healthy, key=lambda r: r.latency_ms or 0.0):
        entry = catalogue_entry(result.url, catalogue)
        close_enough = (result.latency_ms or 0.0) <= best_latency * RECOMMENDED_MARGIN
        if entry is not None and entry.recommended and close_enough:
            return result
    return best


# --------------------------------------------------------------------------- the key, online


def check_key_online(
    url: str,
    key: str,
    client: httpx.Client | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> KeyOnlineResult:
    """Ask the endpoint whether it accepts the key (lists models; spends no quota)."""
    from app.core.net.models import list_models

    try:
        models = list_models(url, key, client, timeout=timeout)
    except NetworkFailure as failure:
        if failure.kind == "unauthorized":
            return KeyOnlineResult(
                "rejected",
                (),
                "The endpoint rejected this key. Copy the full key again from "
                "https://tokenpool.dev/console/api-keys and check that it is enabled.",
            )
        if failure.kind == "rate_limited":
            return KeyOnlineResult(
                "rate_limited",
                (),
                "The key was accepted, but the gateway says too many requests or no quota left. "
                "Check the balance in the TokenPool console, or wait and try again.",
            )
        return KeyOnlineResult("endpoint_problem", (), f"{failure.message} {failure.hint}".strip())
    return KeyOnlineResult(
        "ok",
        models,
        f"The key works: {len(models)} models available." if models else "The key works.",
    )

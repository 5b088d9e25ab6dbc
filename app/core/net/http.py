"""One way to make HTTP clients: verified TLS against the OS trust store, proxies as users expect.

- TLS is always verified: by default against the operating system's trust store (``truststore``), so
  company CAs installed in Windows/macOS work as they do in the browser; tests pass a CA file. There
  is deliberately no way to switch verification off.
- Proxies: ``HTTPS_PROXY`` / ``HTTP_PROXY`` / ``ALL_PROXY`` / ``NO_PROXY`` (either case) and, when
  none is set, the OS settings (``urllib.request.getproxies()`` reads the Windows registry and
  macOS System Configuration). The same :class:`ProxySettings` decide both which proxy the client
  uses and whether the probe may time DNS/TCP/TLS itself, so the two never disagree.
- Loopback addresses never go through a proxy: a proxy cannot reach this computer's localhost.

- Bounded (issue 17): every client from :func:`make_client` sends its requests through
  :class:`app.core.net.bounded.BoundedTransport` — the key never goes over plain ``http://``
  except to loopback (checked on the URL before any connection, proxy or not), each request has
  a *total* deadline (connect + headers + body: the connection is shut down when it passes or
  when the caller's ``cancel`` event is set) and its *decompressed* body is capped.

How to make a request (for every caller, new ones included):

- :func:`fetch` — one request read whole into an :class:`Answer`, with ``timeout`` (total
  seconds), ``max_bytes`` (use the caps below: :data:`MODEL_LIST_MAX_BYTES`,
  :data:`QUOTA_MAX_BYTES`, :data:`CHAT_REPLY_MAX_BYTES`…) and an optional ``cancel`` event; it
  raises a worded :class:`NetworkFailure`.
- :func:`open_stream` — the same bounds for a body read as it comes (Server-Sent Events from
  ``POST /responses``: ``for line in response.iter_lines()``); an exception while reading is
  worded by :func:`failure_from_exception`.

Also the shared vocabulary of network failures (:data:`ErrorKind`) with plain-language wording,
and :func:`server_words` (a server's own message, one line, key-like tokens masked).
httpx is imported lazily: it costs ~0.1 s at startup.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import json
import os
import socket
import ssl
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit, urlunsplit

from app import __version__
from app.core.endpoints import is_loopback_host, key_goes_in_clear
from app.core.errors import NetworkProblem

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"tokenpool-setup/{__version__}"
DEFAULT_TIMEOUT = 8.0

ErrorKind = Literal[
    "dns",
    "connect_refused",
    "timeout",
    "tls",
    "proxy",
    "not_api",
    "unauthorized",
    "rate_limited",
    "server_error",
    "offline",
    "cancelled",
    # The key would have gone over plain http:// to another computer: nothing was sent.
    "insecure_http",
    # The answer was larger than an answer of its kind can be (a gzip bomb, an endless body).
    "too_large",
    # The proxy, in detail ("proxy" itself: nothing answers at its address, or a kind of proxy
    # we cannot use): it wants a user name and password (407, SOCKS); it did not accept the ones
    # given; it could not reach the server; the setting is not an address at all.
    "proxy_auth",
    "proxy_credentials",
    "proxy_upstream",
    "proxy_setting",
]
Verify = ssl.SSLContext | str | os.PathLike[str] | None

# "No network at all": the OS has no route, or the resolver cannot reach any DNS server.
_OFFLINE_ERRNOS = frozenset(
    code
    for code in (errno.ENETUNREACH, errno.ENETDOWN, getattr(errno, "WSAENETUNREACH", None))
    if code is not None
)
# EAI_AGAIN is "temporary failure in name resolution": what getaddrinfo reports with no network.
# WORKAROUND: Windows reports it as WSATRY_AGAIN (11002) and has no socket.EAI_AGAIN alias for it.
# https://learn.microsoft.com/en-us/windows/win32/winsock/windows-sockets-error-codes-2
_DNS_UNREACHABLE = frozenset(
    code for code in (getattr(socket, "EAI_AGAIN", None), 11002) if code is not None
)


# --------------------------------------------------------------------------- TLS


def make_ssl_context(verify: Verify = None) -> ssl.SSLContext:
    """The OS trust store by default; a CA bundle file (tests) when given a path."""
    if isinstance(verify, bool):
        raise TypeError("TLS verification cannot be switched off; pass a CA file instead")
    if isinstance(verify, ssl.SSLContext):
        return verify
    if verify is not None:
        return ssl.create_default_context(cafile=os.fspath(verify))
    import truststore

    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


# --------------------------------------------------------------------------- proxies


@dataclass(frozen=True)
class ProxySettings:
    """Proxy URLs by scheme (``http``, ``https``, ``all``) and the hosts that bypass them."""

    proxies: Mapping[str, str] = field(default_factory=dict)
    no_proxy: tuple[str, ...] = ()
    # Came from the OS settings rather than the environment: the OS also decides bypasses.
    from_os: bool = False
    # Where each proxy URL came from, to name it when it fails: "HTTPS_PROXY", "all_proxy", …
    # or "the system proxy settings".
    sources: Mapping[str, str] = field(default_factory=dict)

    def source_of(self, proxy: str) -> str:
        """The variable (or OS setting) ``proxy`` came from."""
        return self.sources.get(proxy) or (
            SYSTEM_PROXY_SETTINGS if self.from_os else "the proxy variables"
        )

    def for_url(self, url: str) -> str | None:
        """The proxy URL to use for ``url``, or None to connect directly."""
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
        except ValueError:
            return None
        scheme = parts.scheme.lower()
        proxy = self.proxies.get(scheme) or self.proxies.get("all")
        if not proxy or not host or is_loopback_host(host) or self._bypassed(host):
            return None
        return proxy

    def _bypassed(self, host: str) -> bool:
        for entry in self.no_proxy:
            if _no_proxy_matches(entry, host):
                return True
        if self.from_os:
            import urllib.request  # ~15 ms: only when the OS settings are in play

            try:
                return bool(urllib.request.proxy_bypass(host))
            except Exception:  # the OS lookup is best effort; a failure means "use the proxy"
                return False
        return False


def proxy_settings(
    proxy_env: Mapping[str, str] | None = None,
    *,
    os_proxies: Callable[[], Mapping[str, str]] | None = None,
) -> ProxySettings:
    """Proxy settings from ``proxy_env`` (tests) or from the environment, else the OS settings
    (``os_proxies``: a test's stand-in for the Windows registry / macOS settings)."""
    names: dict[str, str] = {}
    if proxy_env is not None and os_proxies is None:
        found = _proxies_from_env(proxy_env, names)
        from_os = False
    else:
        found = _proxies_from_env(os.environ if proxy_env is None else proxy_env, names)
        from_os = not any(found.get(s) for s in ("http", "https", "all"))
        if from_os:
            env_no_proxy = found.get("no")
            try:
                found = {k.lower(): v for k, v in (os_proxies or _os_proxies)().items()}
            except Exception:  # a broken registry / sysconf entry must not break networking
                found = {}
            if env_no_proxy and not found.get("no"):
                found["no"] = env_no_proxy
    no_proxy = tuple(
        p.strip() for p in found.pop("no", "").replace(" ", ",").split(",") if p.strip()
    )
    proxies = {
        scheme: _proxy_url(value, from_os=from_os)
        for scheme, value in found.items()
        if scheme in ("http", "https", "all") and value
    }
    sources = {
        url: SYSTEM_PROXY_SETTINGS if from_os else names.get(scheme, f"{scheme.upper()}_PROXY")
        for scheme, url in sorted(proxies.items(), key=lambda item: item[0] == "all")
    }
    return ProxySettings(proxies=proxies, no_proxy=no_proxy, from_os=from_os, sources=sources)


SYSTEM_PROXY_SETTINGS = "the system proxy settings"


def proxy_url_problem(proxy: str) -> bool:
    """Whether ``proxy`` cannot be a proxy address at all (``http://[bad``, ``host:port8080``)."""
    try:
        parts = urlsplit(proxy)
        port = parts.port
        host = parts.hostname
    except ValueError:
        return True
    return not host or (port is not None and not 0 < port < 65536)


def shown_proxy_setting(value: str) -> str:
    """A proxy setting as it may be shown: without a user name or password, and short."""
    import re

    return re.sub(r"//[^/@]*@", "//", value.strip())[:80]


# What httpx can use (SOCKS5 through its "socks" extra, socksio).
USABLE_PROXY_SCHEMES = frozenset({"http", "https", "socks5", "socks5h"})


def _proxy_url(value: str, *, from_os: bool) -> str:
    value = value.strip()
    if "://" not in value:
        return f"http://{value}"
    scheme, rest = value.split("://", 1)
    scheme = scheme.lower()
    # "socks://" names no version; the proxy tools people run (and curl) take it as SOCKS5.
    # WORKAROUND: CPython reads the Windows "socks=host:port" setting as socks4://; the local
    # proxy tools that write it offer SOCKS5 on that port, and SOCKS4 cannot send a host name.
    # (urllib.request.getproxies_registry since https://github.com/python/cpython/pull/26307)
    if scheme == "socks" or (from_os and scheme == "socks4"):
        scheme = "socks5"
    return f"{scheme}://{rest}"


def proxy_is_usable(proxy: str) -> bool:
    """Whether we can talk through ``proxy`` (HTTP, HTTPS or SOCKS5); SOCKS4 and others: no."""
    return proxy.split("://", 1)[0].lower() in USABLE_PROXY_SCHEMES


def _os_proxies() -> Mapping[str, str]:
    """The OS proxy settings: the Windows registry (read here), else what urllib finds (macOS
    System Configuration)."""
    if sys.platform == "win32":
        import winreg

        return windows_registry_proxies(winreg)
    import urllib.request  # ~15 ms: only when the OS settings are in play

    return urllib.request.getproxies()


INTERNET_SETTINGS_KEY = r"Software\Microsoft\Windows\CurrentVersion\Internet Settings"


def windows_registry_proxies(winreg: Any) -> dict[str, str]:
    """Proxies from the Windows "Internet Settings" (what the Settings app and proxy tools write).

    ``winreg`` is passed in so a test can stand in for the registry (it cannot exist on Linux).
    A ``ProxyServer`` left behind while ``ProxyEnable`` is 0 is ignored, as Windows does.
    """
    with winreg.OpenKey(winreg.HKEY_CURRENT_USER, INTERNET_SETTINGS_KEY) as key:
        try:
            enabled = winreg.QueryValueEx(key, "ProxyEnable")[0]
            server = str(winreg.QueryValueEx(key, "ProxyServer")[0])
        except OSError:
            return {}
        try:
            override = str(winreg.QueryValueEx(key, "ProxyOverride")[0])
        except OSError:
            override = ""
    if not enabled or not server.strip():
        return {}
    found = parse_windows_proxy_server(server)
    bypass = [e.strip() for e in override.split(";") if e.strip() and e.strip() != "<local>"]
    if bypass:
        found["no"] = ",".join(bypass)
    return found


def parse_windows_proxy_server(server: str) -> dict[str, str]:
    """``ProxyServer``: ``host:port`` for everything, or ``http=h:p;https=h:p;socks=h:p``."""
    server = server.strip()
    if "=" not in server:
        address = server.split(";")[0].strip()
        return {"http": address, "https": address} if address else {}
    by_protocol: dict[str, str] = {}
    for part in server.split(";"):
        protocol, sep, address = part.partition("=")
        protocol, address = protocol.strip().lower(), address.strip()
        if sep and address:
            if protocol == "socks" and "://" not in address:
                address = f"socks5://{address}"
            by_protocol[protocol] = address
    found = {k: v for k, v in by_protocol.items() if k in ("http", "https")}
    socks = by_protocol.get("socks")
    if socks:
        # A SOCKS entry carries whatever has no proxy of its own (as Windows does).
        found.setdefault("http", socks)
        found.setdefault("https", socks)
    return found


def _proxies_from_env(
    env: Mapping[str, str], names: dict[str, str] | None = None
) -> dict[str, str]:
    """Like ``urllib.request.getproxies_environment`` but from any mapping; lowercase names win.
    ``names`` receives the variable each scheme's value came from."""
    found: dict[str, str] = {}
    names = {} if names is None else names
    for name, value in env.items():
        lowered = name.lower()
        if value and lowered.endswith("_proxy") and lowered[:-6] not in found:
            found[lowered[:-6]] = value
            names[lowered[:-6]] = name
    for name, value in env.items():
        if name.endswith("_proxy") and name == name.lower() and value:
            found[name[:-6]] = value
            names[name[:-6]] = name
    # httpoxy: under CGI, HTTP_PROXY may be a request header, never trust it.
    if "REQUEST_METHOD" in env:
        found.pop("http", None)
    return found


def _no_proxy_matches(entry: str, host: str) -> bool:
    entry = entry.lower().strip()
    if entry == "*":
        return True
    if "/" in entry:  # CIDR, e.g. 10.0.0.0/8
        try:
            return ipaddress.ip_address(host.strip("[]")) in ipaddress.ip_network(
                entry, strict=False
            )
        except ValueError:
            return False
    if entry.startswith("[") and "]" in entry:
        entry = entry[1 : entry.index("]")]
    elif entry.count(":") == 1:
        entry = entry.split(":", 1)[0]  # host:port: ports are not distinguished
    entry = entry.lstrip("*").lstrip(".")
    return bool(entry) and (host == entry or host.endswith("." + entry))


def redact_proxy(proxy: str) -> str:
    """The proxy URL without user name or password, safe to show."""
    try:
        parts = urlsplit(proxy)
        host = parts.hostname or ""
        netloc = f"[{host}]" if ":" in host else host
        if parts.port:
            netloc += f":{parts.port}"
        return urlunsplit((parts.scheme, netloc, "", "", ""))
    except ValueError:
        return "the proxy"


# --------------------------------------------------------------------------- the client


# Caps on the decompressed body, by what the answer is. Generous for real answers (the largest
# real model lists, with descriptions and prices, are a few MB), far below what hurts.
MODEL_LIST_MAX_BYTES = 4 * 1024 * 1024
QUOTA_MAX_BYTES = 1024 * 1024  # a usage/billing/status answer: a few hundred bytes in practice
ERROR_PAGE_MAX_BYTES = 64 * 1024  # a refusal or an error page: only its message is wanted
ROUTE_CHECK_MAX_BYTES = 256 * 1024  # the probe's POST /responses {} refusal
CHAT_REPLY_MAX_BYTES = 4 * 1024 * 1024  # a short streamed test answer
DEFAULT_MAX_BYTES = 16 * 1024 * 1024  # any request that does not say
# Parsed JSON costs far more than its bytes: a body with more objects or items than this is not
# parsed (a real model list with prices and descriptions has a few thousand objects).
MAX_JSON_OBJECTS = 50_000
MAX_JSON_ITEMS = 200_000


def make_client(
    *,
    timeout: float = DEFAULT_TIMEOUT,
    verify: Verify = None,
    proxy_env: Mapping[str, str] | None = None,
    total_timeout: float | Literal["same"] | None = "same",
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> httpx.Client:
    """An httpx client with verified TLS (OS trust store) and the user's proxy settings.

    Every request it makes passes :class:`app.core.net.bounded.BoundedTransport`: the key never
    goes over plain http except to loopback, each request has a total deadline (``total_timeout``
    seconds, by default ``timeout``; :func:`fetch` sets its own) and its decompressed body is
    capped at ``max_bytes``. ``None`` lifts a bound: only for downloads that bound themselves.
    """
    import httpx

    from app.core.net.bounded import BoundedTransport

    context = make_ssl_context(verify)
    settings = proxy_settings(proxy_env)
    inner: httpx.BaseTransport = (
        _proxy_router(settings, context)
        if settings.proxies
        else httpx.HTTPTransport(verify=context)
    )
    return httpx.Client(
        verify=context,
        transport=BoundedTransport(
            inner,
            total_timeout=timeout if total_timeout == "same" else total_timeout,
            max_bytes=max_bytes,
        ),
        # We apply environment and OS proxy settings ourselves (see ProxySettings).
        trust_env=False,
        timeout=httpx.Timeout(timeout),
        # Only what BoundedTransport inflates with a cap (httpx would add br/zstd when installed).
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        follow_redirects=False,
    )


def _proxy_router(settings: ProxySettings, context: ssl.SSLContext) -> httpx.BaseTransport:
    """An httpx transport choosing, per request, the proxy (or none) :class:`ProxySettings` says.

    httpx's own ``mounts`` cannot express OS bypass lists or CIDR ``NO_PROXY`` entries; routing
    with the same object the probe asks keeps both in agreement. A failure through a proxy carries
    the proxy and where it was set (``exc.tokenpool_proxy``/``tokenpool_proxy_source``), so that
    it can be worded without guessing.
    """
    import httpx

    from app.core.net.bounded import BadProxySetting

    class ProxyRouter(httpx.BaseTransport):
        def __init__(self) -> None:
            self._lock = threading.Lock()
            self._transports: dict[str | None, httpx.HTTPTransport] = {}

        def _transport(self, proxy: str | None) -> httpx.HTTPTransport:
            with self._lock:
                transport = self._transports.get(proxy)
                if transport is None:
                    if proxy is not None and proxy_url_problem(proxy):
                        raise BadProxySetting(
                            "The proxy setting is not a valid address.",
                            source=settings.source_of(proxy),
                            shown=shown_proxy_setting(proxy),
                        )
                    if proxy is not None and not proxy_is_usable(proxy):
                        raise httpx.ProxyError(
                            f"This kind of proxy is not supported: {redact_proxy(proxy)}"
                        )
                    try:
                        transport = httpx.HTTPTransport(verify=context, proxy=proxy)
                    except ImportError as exc:  # no socksio
                        raise httpx.ProxyError(
                            f"This kind of proxy is not supported: {redact_proxy(proxy or '')}"
                        ) from exc
                    except (ValueError, httpx.InvalidURL) as exc:
                        raise BadProxySetting(
                            "The proxy setting is not a valid address.",
                            source=settings.source_of(proxy or ""),
                            shown=shown_proxy_setting(proxy or ""),
                        ) from exc
                    self._transports[proxy] = transport
                return transport

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            proxy = settings.for_url(str(request.url))
            try:
                return self._transport(proxy).handle_request(request)
            except Exception as exc:
                if proxy is not None:
                    exc.tokenpool_proxy = proxy  # type: ignore[attr-defined]
                    exc.tokenpool_proxy_source = settings.source_of(proxy)  # type: ignore[attr-defined]
                raise

        def close(self) -> None:
            with self._lock:
                transports = list(self._transports.values())
                self._transports.clear()
            for transport in transports:
                transport.close()

    return ProxyRouter()


# --------------------------------------------------------------------------- bounded requests


@dataclass(frozen=True)
class Answer:
    """A fully read answer (status, headers, the decompressed body within its cap)."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    def too_many_items(self) -> bool:
        """More objects or list items than any answer of ours holds (a few MB of ``{"id":"a"}``
        would cost hundreds of MB as Python objects): counted on the bytes, before parsing."""
        return self.body.count(b"{") > MAX_JSON_OBJECTS or self.body.count(b",") > MAX_JSON_ITEMS

    def json(self) -> Any | None:
        """The body as JSON when the server says it is JSON, it parses and it is not absurdly
        many items (see :meth:`too_many_items`); else None."""
        if not is_json_content_type(self.content_type) or self.too_many_items():
            return None
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def request_extensions(
    *, timeout: float, max_bytes: int | None, cancel: threading.Event | None = None
) -> dict[str, Any]:
    """The extensions that give one request its total deadline, body cap and cancel event (for
    ``client.build_request(..., extensions=...)`` where :func:`fetch` does not fit)."""
    from app.core.net.bounded import CANCEL, DEADLINE, MAX_BYTES

    extensions: dict[str, Any] = {
        DEADLINE: time.monotonic() + max(0.0, timeout),
        MAX_BYTES: max_bytes,
    }
    if cancel is not None:
        extensions[CANCEL] = cancel
    return extensions


def fetch(
    client: httpx.Client,
    method: str,
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    error_max_bytes: int = ERROR_PAGE_MAX_BYTES,
    headers: Mapping[str, str] | None = None,
    json_body: Any = None,
    params: Mapping[str, str] | None = None,
    cancel: threading.Event | None = None,
    trace: Callable[[str, Mapping[str, Any]], None] | None = None,
) -> Answer:
    """One request, read whole within ``timeout`` seconds *in total* (connect, headers and body,
    whatever the server does), its decompressed body capped at ``max_bytes`` (``error_max_bytes``
    when the status is not 2xx: only an error's message is wanted, so a longer error page is cut,
    not refused). Setting ``cancel`` closes the connection at once.

    Raises :class:`NetworkFailure` worded for ``url`` (kinds ``timeout``, ``too_large``,
    ``insecure_http``, ``cancelled``, the proxy kinds, …). ``client`` must come from
    :func:`make_client`. For a streamed body use :func:`open_stream`.
    """
    with open_stream(
        client,
        method,
        url,
        timeout=timeout,
        max_bytes=max_bytes,
        headers=headers,
        json_body=json_body,
        params=params,
        cancel=cancel,
        trace=trace,
    ) as response:
        try:
            if 200 <= response.status_code < 300:
                body = b"".join(response.iter_bytes())
            else:
                body = _read_upto(response, error_max_bytes)
        except Exception as exc:
            raise failure_from_exception(exc, url) from None
        return Answer(str(response.url), response.status_code, response.headers, body)


def _read_upto(response: httpx.Response, limit: int) -> bytes:
    """At most ``limit`` bytes of the body; the rest is left unread (the connection is closed)."""
    parts: list[bytes] = []
    size = 0
    for piece in response.iter_bytes():
        parts.append(piece[: limit - size])
        size += len(parts[-1])
        if size >= limit:
            break
    return b"".join(parts)


@contextlib.contextmanager
def open_stream(
    client: httpx.Client,
    method: str,
    url: str,
    *,
    timeout: float,
    max_bytes: int | None,
    headers: Mapping[str, str] | None = None,
    json_body: Any = None,
    params: Mapping[str, str] | None = None,
    cancel: threading.Event | None = None,
    trace: Callable[[str, Mapping[str, Any]], None] | None = None,
) -> Iterator[httpx.Response]:
    """A streamed request: the response once its headers are in, to read with ``iter_bytes()`` or
    ``iter_lines()`` (e.g. Server-Sent Events). The total deadline (``timeout`` seconds from
    now) and the cap (``max_bytes`` decompressed) hold for the headers *and* the whole body; past
    either, reading raises (:func:`failure_from_exception` words it). The connection is closed
    when the block ends.

    Failing to get the headers raises :class:`NetworkFailure` worded for ``url``.
    """
    extensions = request_extensions(timeout=timeout, max_bytes=max_bytes, cancel=cancel)
    if trace is not None:
        extensions["trace"] = trace
    try:
        request = client.build_request(
            method,
            url,
            headers=dict(headers or {}),
            json=json_body,
            params=dict(params) if params else None,
            timeout=max(0.001, timeout),
            extensions=extensions,
        )
        response = client.send(request, stream=True)
    except Exception as exc:
        raise failure_from_exception(exc, url) from None
    try:
        yield response
    finally:
        response.close()


# --------------------------------------------------------------------------- failures, in words


def classify_exception(exc: BaseException, *, via_proxy: bool = False) -> ErrorKind:
    """Which :data:`ErrorKind` an exception from httpx or a raw socket means."""
    import httpx

    from app.core.net import bounded

    chain = _exception_chain(exc)
    proxy = getattr(exc, "tokenpool_proxy", None)
    via_proxy = via_proxy or proxy is not None
    for error in chain:
        if isinstance(error, bounded.KeyOverPlainHttp):
            return "insecure_http"
        if isinstance(error, bounded.BodyTooLarge):
            return "too_large"
        if isinstance(error, bounded.RequestCancelled):
            return "cancelled"
        if isinstance(error, bounded.BadProxySetting | httpx.InvalidURL) and via_proxy:
            return "proxy_setting"
        if isinstance(error, bounded.DeadlineExceeded):
            return "timeout"
    if isinstance(exc, httpx.ProxyError):
        return _proxy_error_kind(str(exc), proxy)
    if any(isinstance(e, ssl.SSLError | ssl.CertificateError) for e in chain):
        return "tls"
    is_timeout = any(isinstance(e, httpx.TimeoutException | TimeoutError) for e in chain)
    if is_timeout:
        return "proxy" if via_proxy and isinstance(exc, httpx.ConnectTimeout) else "timeout"
    for error in chain:
        if isinstance(error, socket.gaierror):
            if via_proxy:
                return "proxy"  # the proxy's own name could not be found
            return "offline" if error.errno in _DNS_UNREACHABLE else "dns"
        if isinstance(error, ConnectionRefusedError):
            return "proxy" if via_proxy else "connect_refused"
        if isinstance(error, OSError) and error.errno in _OFFLINE_ERRNOS:
            return "offline"
    if via_proxy and isinstance(exc, httpx.ConnectError):
        return "proxy"
    if isinstance(exc, httpx.ConnectError):
        return "connect_refused"
    return "server_error"


def _proxy_error_kind(text: str, proxy: str | None) -> ErrorKind:
    """httpcore's ProxyError texts: ``407 Proxy Authentication Required`` (HTTP CONNECT),
    ``Invalid username/password`` and ``Requested X from proxy server, but got Y`` (SOCKS5)."""
    has_credentials = bool(proxy and "@" in proxy.split("://", 1)[-1].split("/", 1)[0])
    lowered = text.lower()
    # tinyproxy answers a wrong login with 401 (others repeat 407).
    if lowered.startswith(("407", "401")) or "invalid username/password" in lowered:
        return "proxy_credentials" if has_credentials else "proxy_auth"
    if lowered.startswith("requested"):
        # SOCKS5 method negotiation failed: asked without credentials but the proxy wants some,
        # or offered a user name and password the proxy does not take.
        return "proxy_credentials" if has_credentials else "proxy_auth"
    if lowered.startswith("this kind of proxy"):
        return "proxy"
    return "proxy_upstream"


def failure_from_exception(exc: BaseException, url: str) -> NetworkFailure:
    """A worded :class:`NetworkFailure` for an exception raised while requesting ``url``
    (the proxy and where it was set are read from the exception, see ``make_client``)."""
    if isinstance(exc, NetworkFailure):
        return exc
    from app.core.net import bounded

    kind = classify_exception(exc)
    proxy = getattr(exc, "tokenpool_proxy", None)
    source = getattr(exc, "tokenpool_proxy_source", None)
    for error in _exception_chain(exc):
        if isinstance(error, bounded.BadProxySetting):
            source, proxy = error.source, error.shown
    return failure(kind, url, proxy=proxy, proxy_source=source)


def refuse_key_in_clear(url: str) -> None:
    """Raise :class:`NetworkFailure` (``insecure_http``) before anything is sent when a request
    with the key to ``url`` would travel unencrypted; the transport checks this again."""
    if key_goes_in_clear(url):
        raise failure("insecure_http", url)


def _exception_chain(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def kind_for_status(status: int) -> ErrorKind | None:
    """The failure an HTTP status means for an API call, or None for success (2xx)."""
    if 200 <= status < 300:
        return None
    if status in (401, 403):
        return "unauthorized"
    if status == 429:
        return "rate_limited"
    if status in (404, 405) or 300 <= status < 400:
        return "not_api"
    return "server_error"


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """``Retry-After`` in seconds (number or HTTP date). x-ratelimit-* headers describe the
    relay's upstream account, not the user's key, so they are deliberately ignored."""
    value = (headers.get("retry-after") or "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    import email.utils

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def is_json_content_type(content_type: str | None) -> bool:
    media = (content_type or "").split(";", 1)[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


def host_of(url: str) -> str:
    try:
        parts = urlsplit(url)
        return parts.netloc.rpartition("@")[2] or url
    except ValueError:
        return url


class NetworkFailure(NetworkProblem):
    """A :class:`NetworkProblem` whose ``code`` is an :data:`ErrorKind`, with the HTTP details."""

    def __init__(
        self,
        kind: ErrorKind,
        message: str,
        suggestion: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, code=kind, hint=suggestion)
        self.kind: ErrorKind = kind
        self.status = status
        self.retry_after = retry_after


def failure(
    kind: ErrorKind,
    url: str,
    *,
    status: int | None = None,
    retry_after: float | None = None,
    proxy: str | None = None,
    proxy_source: str | None = None,
) -> NetworkFailure:
    """A :class:`NetworkFailure` worded for ``url``'s host."""
    message, suggestion = explain(
        kind,
        host=host_of(url),
        status=status,
        retry_after=retry_after,
        proxy=proxy,
        proxy_source=proxy_source,
    )
    return NetworkFailure(kind, message, suggestion, status=status, retry_after=retry_after)


def explain(
    kind: ErrorKind,
    *,
    host: str = "the server",
    status: int | None = None,
    retry_after: float | None = None,
    proxy: str | None = None,
    proxy_source: str | None = None,
) -> tuple[str, str]:
    """(message, suggestion) in plain language for a failure kind. Never mentions the key."""
    other = "try the other TokenPool endpoint"
    if kind.startswith("proxy_"):
        return _explain_proxy(kind, host, proxy, proxy_source)
    if kind == "insecure_http":
        return (
            f"The address http://{host} is plain http:// to another computer, so the key would "
            "travel unencrypted: it was not sent.",
            "Use the https:// address of the API (https://api.clawto.link is recommended). Plain "
            "http:// is only for a gateway on this computer (localhost).",
        )
    if kind == "too_large":
        return (
            f"{host} sent far more data than such an answer can be, so reading was stopped.",
            f"This is not how the TokenPool API answers: check the address, or {other}.",
        )
    if kind == "dns":
        return (
            f"The name {host} could not be found.",
            "Check the address for typos. If it is right, your network may be blocking it: "
            + other
            + ".",
        )
    if kind == "connect_refused":
        return (
            f"{host} refused the connection.",
            "Check the address and port. A firewall or VPN may be blocking it; " + other + ".",
        )
    if kind == "timeout":
        return (
            f"{host} did not answer in time.",
            f"The network may be slow or blocking it: {other}, or try again in a minute.",
        )
    if kind == "tls":
        return (
            f"The secure connection to {host} could not be verified.",
            "Check the computer's date and time. Antivirus or a company network may be "
            "intercepting HTTPS: try another network.",
        )
    if kind == "proxy":
        shown = redact_proxy(proxy) if proxy else "your proxy"
        if proxy and not proxy_is_usable(proxy):
            kind_name = proxy.split("://", 1)[0].upper()
            return (
                f"The proxy {shown} is of a kind this app cannot use ({kind_name}).",
                "Use an HTTP or SOCKS5 proxy (proxy tools usually offer both), or turn the "
                "proxy off.",
            )
        where = proxy_source or "the proxy settings"
        return (
            f"Nothing answers at the proxy address {shown} (set in {where}).",
            "Start the proxy or VPN app, check the port it shows, or turn the proxy off "
            f"in {where}.",
        )
    if kind == "not_api":
        return (
            f"{host} answered, but not as the TokenPool API does"
            + (f" (HTTP {status})." if status else "."),
            "Use https://api.clawto.link (recommended) or https://api.tokenpool.dev.",
        )
    if kind == "unauthorized":
        return (
            f"The key was rejected by {host}.",
            "Copy the full key again from https://tokenpool.dev/console/api-keys and check that "
            "it is enabled.",
        )
    if kind == "rate_limited":
        wait = f"Wait {max(1, round(retry_after))} seconds" if retry_after is not None else "Wait"
        return (
            f"{host} says too many requests, or this key is out of quota.",
            f"{wait} and try again. If it keeps happening, check the balance in the TokenPool "
            "console.",
        )
    if kind == "server_error":
        return (
            f"{host} had a problem answering" + (f" (HTTP {status})." if status else "."),
            f"Try again in a minute, or {other}.",
        )
    if kind == "offline":
        return (
            "This computer seems to be offline.",
            "Check Wi-Fi or the network cable, then try again.",
        )
    return ("The test was stopped.", "Start it again when you are ready.")


def _explain_proxy(
    kind: ErrorKind, host: str, proxy: str | None, proxy_source: str | None
) -> tuple[str, str]:
    where = proxy_source or "the proxy settings"
    if kind == "proxy_setting":
        shown = f' ("{shown_proxy_setting(proxy)}")' if proxy else ""
        return (
            f"The proxy setting in {where}{shown} is not a valid proxy address.",
            f"Correct it (it should look like http://127.0.0.1:7890) or remove it from {where}.",
        )
    shown = redact_proxy(proxy) if proxy else "your proxy"
    if kind == "proxy_auth":
        return (
            f"The proxy {shown} (set in {where}) wants a user name and password.",
            f"Add them to the proxy address in {where} "
            "(http://name:password@host:port), or use a proxy that needs none.",
        )
    if kind == "proxy_credentials":
        return (
            f"The proxy {shown} (set in {where}) did not accept its user name and password.",
            f"Check the user name and password in {where}.",
        )
    # proxy_upstream
    return (
        f"The proxy {shown} (set in {where}) could not reach {host}.",
        "Check that the proxy works (for example in a browser), or turn the proxy off.",
    )


def server_words(text: str, key: str = "", *, limit: int = 300) -> str:
    """The server's own message, fit to show: one line, at most ``limit`` characters, and with
    anything that looks like a key masked (some relays repeat the bearer token in errors)."""
    flat = " ".join(text.split())
    masked = mask_key_like(flat, key)
    return masked if len(masked) <= limit else masked[: limit - 1].rstrip() + "…"


def mask_key_like(text: str, key: str = "") -> str:
    """``text`` with ``key`` and anything else that looks like a key or token masked."""
    import re

    from app.core.keys import is_key_like, mask_key

    if key:
        text = text.replace(key, mask_key(key))
    return re.sub(
        r"[A-Za-z0-9_.\-]{20,}",
        lambda m: mask_key(m.group(0)) if is_key_like(m.group(0)) else m.group(0),
        text,
    )


def error_message_of(body: Any) -> str:
    """The human message in any relay's JSON error shape (``{"error": {"message"}}``,
    ``{"error": "…"}``, ``{"message"}``, ``{"detail"}``), or ""."""
    if not isinstance(body, dict):
        return ""
    error = body.get("error")
    if isinstance(error, dict):
        for name in ("message", "msg", "detail"):
            if isinstance(error.get(name), str) and error[name].strip():
                return str(error[name]).strip()
    if isinstance(error, str) and error.strip():
        return error.strip()
    for name in ("message", "msg", "detail"):
        if isinstance(body.get(name), str) and body[name].strip():
            return str(body[name]).strip()
    return ""

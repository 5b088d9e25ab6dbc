"""A real HTTP(S) server on 127.0.0.1 behaving like a TokenPool gateway (Sub2API, new-api, one-api).

It is not a mock of any client library: tests talk to it over real sockets, so timeouts, TLS,
redirects, dropped connections and streaming are exercised for real — and the real Codex CLI can
chat with it.

Everything that shapes its answers is a plain mutable attribute, read on every request, so a test
can change behaviour between calls (see :class:`GatewayImitation`).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import json
import re
import shutil
import socket
import ssl
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

GOOD_KEY = "sk-" + "a" * 48
DEFAULT_MODELS: tuple[str, ...] = ("gpt-5.5", "gpt-5.4", "gpt-5.3-codex")
DEFAULT_REPLY_TEXT = "pong"

# new-api and one-api count quota in raw units; 500000 units = 1 USD unless the site says otherwise.
DEFAULT_QUOTA_PER_UNIT = 500_000
# one-api reports an unlimited key as a hard limit of 100000000 USD.
ONEAPI_UNLIMITED_USD = 100_000_000.0

WEBSITE_TITLE = "TokenPool — website"
WEBSITE_HTML = (
    "<!doctype html>\n<html lang='en'><head><meta charset='utf-8'>"
    f"<title>{WEBSITE_TITLE}</title></head>\n"
    f"<body><h1>{WEBSITE_TITLE}</h1><p>Sign in to the console to manage your API keys.</p>"
    "</body></html>\n"
)

OWNER = "tokenpool"
ROUTING_STYLES = ("sub2api", "flat")
QUOTA_STYLES = ("sub2api", "newapi", "oneapi", None)


def default_quota() -> dict[str, Any]:
    """The key's quota, in USD, as every quota convention reports it. Keys:

    - ``total``: the key's grant (USD).
    - ``used``: spent so far (USD).
    - ``remaining``: ``None`` (default) means ``max(total - used, 0)``; a number overrides it.
    - ``unlimited``: no limit (Sub2API ``remaining: -1`` / ``mode: "unrestricted"``, new-api
      ``unlimited_quota: true``, one-api ``hard_limit_usd: 100000000``).
    - ``exhausted``: nothing left: remaining is 0 and used == total. Sub2API ``status:
      "quota_exhausted"``; one-api answers 401 "该令牌额度已用尽"; ``POST /responses`` answers 429
      ``insufficient_quota``.
    - ``expired``: the key is past its expiry. Sub2API ``status: "expired"``; new-api ``expires_at``
      in the past; one-api 401 "该令牌已过期"; ``POST /responses`` answers 401 ``api_key_expired``.
    - ``expires_at``: Unix seconds, 0 = never (an expired key with 0 reports yesterday).
    - ``plan_name``: Sub2API ``planName`` / new-api token ``name``.
    - ``sub2api_legacy``: answer ``/v1/usage`` the way older Sub2API versions do:
      only ``{"isValid", "planName", "remaining", "unit"}``.
    - ``quota_per_unit``: new-api's ``/api/status`` ``data.quota_per_unit``.
    - ``sub2api_wallet``: a Sub2API wallet key: ``{"balance", "mode": "unrestricted", "planName":
      "钱包余额", "remaining"}`` with no total.
    - ``sub2api_refusal``: an older Sub2API's billing check before the route, e.g.
      ``"INSUFFICIENT_BALANCE"`` (403), ``"USAGE_LIMIT_EXCEEDED"`` (429),
      ``"SUBSCRIPTION_NOT_FOUND"`` (403): ``{"code", "message"}`` instead of the usage.
    - ``oneapi_token_stats``: ``False`` imitates one-api with per-key statistics off: the
      subscription's ``hard_limit_usd`` is then the *remaining* amount (its billing bug).
    - ``error_200``: a message: one-api answers its billing routes 200 ``{"error": {…,
      "type": "upstream_error"}}``, new-api its usage route 200 ``{"success": false, "message"}``.
    """
    return {
        "total": 20.0,
        "used": 7.66,
        "remaining": None,
        "unlimited": False,
        "exhausted": False,
        "expired": False,
        "expires_at": 0,
        "plan_name": "TokenPool Standard",
        "sub2api_legacy": False,
        "quota_per_unit": DEFAULT_QUOTA_PER_UNIT,
        "sub2api_wallet": False,
        "sub2api_refusal": None,
        "oneapi_token_stats": True,
        "error_200": None,
    }


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the gateway saw it. ``headers`` keys are lower-case."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    json_body: Any | None

    @property
    def bearer(self) -> str | None:
        """The token after ``Bearer `` in the Authorization header, if any."""
        return _bearer_token(self.headers.get("authorization"))


@dataclass(frozen=True)
class _QuotaView:
    """The quota dict resolved into numbers once per request."""

    total: float
    used: float
    remaining: float
    unlimited: bool
    exhausted: bool
    expired: bool
    expires_at: int
    plan_name: str
    sub2api_legacy: bool
    quota_per_unit: int
    sub2api_wallet: bool = False
    sub2api_refusal: str | None = None
    oneapi_token_stats: bool = True
    error_200: str | None = None


def _bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


class GatewayImitation:
    """A TokenPool-like gateway on ``127.0.0.1`` (random free port), served from a daemon thread.

    Use as a context manager (``with GatewayImitation() as gw:``) or call :meth:`start` /
    :meth:`stop`. All the knobs below are plain attributes, read on every request:

    - ``valid_keys`` (set): Bearer keys accepted. Default ``{GOOD_KEY}``.
    - ``models`` (list): served by ``GET /v1/models``; ``/responses`` refuses others.
    - ``routing``: ``"sub2api"`` — models and usage only under ``/v1``; responses both with and
      without ``/v1``. ``"flat"`` — models and responses both with and without ``/v1``.
    - ``quota_style``: ``"sub2api"`` (``GET /v1/usage``), ``"newapi"`` (``GET /api/usage/token/``,
      ``GET /api/status``), ``"oneapi"`` (``/v1/dashboard/billing/{subscription,usage}``, also
      without ``/v1``) or ``None``. Only the chosen style's routes answer; the others are 404.
    - ``quota`` (dict): see :func:`default_quota`.
    - ``latency_ms`` / ``route_latency_ms`` (path -> ms): a delay before every answer.
    - ``status_override`` (path -> status): answer that status with an OpenAI-shaped error.
    - ``hang_paths``: never answer; the connection is held until the server stops.
    - ``drop_paths``: close the connection without any answer.
    - ``html_paths``: answer 200 with the website's HTML page.
    - ``reply_text``: what the assistant says in ``/responses`` answers.
    - ``always_stream``: answer ``/responses`` with Server-Sent Events even when the request did
      not ask for a stream (as many gateways in front of Codex do).
    - ``stream_failure``: how a *streamed* ``/responses`` fails while every other request works
      (as LiteLLM with a broken upstream does): ``"status"`` answers 500 with an OpenAI-shaped
      error; ``"error_event"`` answers 200 and then an ``error`` event; ``None`` (default) works.
    - ``requests``: every :class:`RecordedRequest`, in arrival order.

    Paths in the per-path knobs are matched exactly, without the query string. The per-path knobs
    win over routing and authentication, in the order: latency, hang, drop, html, status.

    Answers: ``GET /`` is the website (HTML). A served path asked with another method gets 405
    JSON (``HEAD`` counts as ``GET``; Codex's doctor probes ``HEAD {base_url}/responses``). Unknown
    paths get 404 JSON. ``POST /responses`` refuses a missing model (400 "missing model"), an
    unknown one (404 "model not found: …", code ``model_not_found``), an expired key (401
    ``api_key_expired``) and an exhausted one (429 ``insufficient_quota``); under
    ``quota_style="oneapi"`` those two are one-api's 401s instead. ``"stream": true`` gets the
    five Server-Sent Events Codex needs (the text split over several deltas), otherwise a JSON
    Responses object with ``output_text``.
    """

    def __init__(self, tls: bool = False, port: int = 0) -> None:
        self.tls = tls
        self._requested_port = port
        self.valid_keys: set[str] = {GOOD_KEY}
        self.models: list[str] = list(DEFAULT_MODELS)
        self.routing: str = "sub2api"
        self.quota_style: str | None = "sub2api"
        self.quota: dict[str, Any] = default_quota()
        self.latency_ms: float = 0.0
        self.route_latency_ms: dict[str, float] = {}
        self.status_override: dict[str, int] = {}
        self.hang_paths: set[str] = set()
        self.drop_paths: set[str] = set()
        self.html_paths: set[str] = set()
        self.reply_text: str = DEFAULT_REPLY_TEXT
        # The Retry-After header sent with a 429 from status_override (None: no header).
        self.retry_after: str | None = "1"
        self.always_stream: bool = False
        self.stream_failure: str | None = None
        self.requests: list[RecordedRequest] = []
        self.ca_pem: Path | None = None

        self._requests_lock = threading.Lock()
        self._sockets_lock = threading.Lock()
        self._open_sockets: set[socket.socket] = set()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._tls_dir: Path | None = None

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> GatewayImitation:
        if self._server is not None:
            return self
        self._stopping.clear()
        ssl_context = self._make_tls_context() if self.tls else None
        self._server = _Server(self, ssl_context, self._requested_port)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"gateway-imitation-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server = self._server
        if server is None:
            return
        # Release hanging handlers and latency sleeps first, so nothing holds shutdown up.
        self._stopping.set()
        server.shutdown()
        server.server_close()
        with self._sockets_lock:
            open_sockets = list(self._open_sockets)
            self._open_sockets.clear()
        for sock in open_sockets:
            # shutdown() wakes a handler thread blocked reading a keep-alive connection.
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()
        if self._thread is not None:
            self._thread.join(timeout=1.0)
        self._server = None
        self._thread = None
        if self._tls_dir is not None:
            shutil.rmtree(self._tls_dir, ignore_errors=True)
            self._tls_dir = None
            self.ca_pem = None

    def __enter__(self) -> GatewayImitation:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the gateway imitation is not running")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    def reset(self) -> None:
        """Back to the defaults (and forget recorded requests); the server keeps running."""
        self.valid_keys.clear()
        self.valid_keys.add(GOOD_KEY)
        self.models[:] = list(DEFAULT_MODELS)
        self.routing = "sub2api"
        self.quota_style = "sub2api"
        self.quota.clear()
        self.quota.update(default_quota())
        self.latency_ms = 0.0
        self.route_latency_ms.clear()
        self.status_override.clear()
        self.hang_paths.clear()
        self.drop_paths.clear()
        self.html_paths.clear()
        self.reply_text = DEFAULT_REPLY_TEXT
        self.retry_after = "1"
        self.always_stream = False
        self.stream_failure = None
        with self._requests_lock:
            self.requests.clear()

    # -- helpers for tests -----------------------------------------------------------------------

    def requests_to(self, path: str, method: str | None = None) -> list[RecordedRequest]:
        """The recorded requests for one exact path (and method, if given)."""
        with self._requests_lock:
            snapshot = list(self.requests)
        return [
            r for r in snapshot if r.path == path and (method is None or r.method == method.upper())
        ]

    # -- internals -------------------------------------------------------------------------------

    def _make_tls_context(self) -> ssl.SSLContext:
        import trustme  # only the TLS gateway needs it

        authority = trustme.CA()
        server_cert = authority.issue_cert("127.0.0.1", "localhost")
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        server_cert.configure_cert(context)
        self._tls_dir = Path(tempfile.mkdtemp(prefix="gateway-imitation-ca-"))
        self.ca_pem = self._tls_dir / "ca.pem"
        authority.cert_pem.write_to_path(str(self.ca_pem))
        return context

    def _record(self, request: RecordedRequest) -> None:
        with self._requests_lock:
            self.requests.append(request)

    def _track(self, sock: socket.socket) -> None:
        with self._sockets_lock:
            self._open_sockets.add(sock)

    def _untrack(self, sock: socket.socket) -> None:
        with self._sockets_lock:
            self._open_sockets.discard(sock)

    def _quota_view(self) -> _QuotaView:
        quota = {**default_quota(), **self.quota}
        total = float(quota["total"])
        used = float(quota["used"])
        remaining = (
            max(total - used, 0.0) if quota["remaining"] is None else float(quota["remaining"])
        )
        exhausted = bool(quota["exhausted"])
        if exhausted:
            used, remaining = total, 0.0
        expired = bool(quota["expired"])
        expires_at = int(quota["expires_at"] or 0)
        if expired and (expires_at == 0 or expires_at > time.time()):
            expires_at = int(time.time()) - 86_400
        return _QuotaView(
            total=round(total, 6),
            used=round(used, 6),
            remaining=round(remaining, 6),
            unlimited=bool(quota["unlimited"]),
            exhausted=exhausted,
            expired=expired,
            expires_at=expires_at,
            plan_name=str(quota["plan_name"]),
            sub2api_legacy=bool(quota["sub2api_legacy"]),
            quota_per_unit=int(quota["quota_per_unit"]),
            sub2api_wallet=bool(quota["sub2api_wallet"]),
            sub2api_refusal=quota["sub2api_refusal"] or None,
            oneapi_token_stats=bool(quota["oneapi_token_stats"]),
            error_200=quota["error_200"] or None,
        )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Never wait for handler threads on close: a hanging handler must not hold up stop().
    block_on_close = False
    allow_reuse_address = True

    def __init__(
        self, gateway: GatewayImitation, ssl_context: ssl.SSLContext | None, port: int
    ) -> None:
        self.gateway = gateway
        self.ssl_context = ssl_context
        super().__init__(("127.0.0.1", port), _Handler)

    def finish_request(self, request: Any, client_address: Any) -> None:
        # The TLS handshake happens here, in the connection's own thread, not in accept(): a client
        # that connects and never speaks must not block other connections.
        connection: socket.socket = request
        self.gateway._track(connection)
        try:
            if self.ssl_context is not None:
                connection.settimeout(10.0)
                tls_connection = self.ssl_context.wrap_socket(connection, server_side=True)
                self.gateway._untrack(connection)
                connection = tls_connection
                self.gateway._track(connection)
                connection.settimeout(None)
            _Handler(connection, client_address, self)
        except (OSError, ssl.SSLError):
            pass  # the client went away or refused our certificate: nothing to answer
        finally:
            self.gateway._untrack(connection)
            if connection is not request:
                with contextlib.suppress(OSError):
                    connection.close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hanging up mid-answer is normal in tests; keep the output clean.
        pass


def _error_body(message: str, error_type: str, code: str | None, param: str | None = None) -> Any:
    return {"error": {"message": message, "type": error_type, "param": param, "code": code}}


_OVERRIDE_ERRORS: dict[int, tuple[str, str]] = {
    400: ("invalid_request_error", "bad_request"),
    401: ("invalid_request_error", "invalid_api_key"),
    402: ("insufficient_quota", "insufficient_quota"),
    403: ("permission_error", "forbidden"),
    404: ("invalid_request_error", "not_found"),
    429: ("rate_limit_error", "rate_limit_exceeded"),
    500: ("server_error", "internal_error"),
    502: ("server_error", "bad_gateway"),
    503: ("server_error", "service_unavailable"),
    504: ("server_error", "gateway_timeout"),
}

_ONEAPI_BILLING_PATHS: dict[str, str] = {
    "/v1/dashboard/billing/subscription": "subscription",
    "/dashboard/billing/subscription": "subscription",
    "/v1/dashboard/billing/usage": "usage",
    "/dashboard/billing/usage": "usage",
}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "TokenPoolImitation/1.0"
    # Send small replies at once rather than wait for the next ACK (Nagle): honest latency.
    disable_nagle_algorithm = True
    server: _Server
    _current_body: Any = None

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: tests read gw.requests instead

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def do_PATCH(self) -> None:
        self._dispatch()

    def do_OPTIONS(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        # Codex's doctor probes the inference URL with HEAD.
        self._dispatch()

    # -- request intake ---------------------------------------------------------------------------

    @property
    def gateway(self) -> GatewayImitation:
        return self.server.gateway

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            parts: list[bytes] = []
            while True:
                size_line = self.rfile.readline(65537)
                size = int(size_line.split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    # Trailer lines up to the blank line.
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass
                    break
                parts.append(self.rfile.read(size))
                self.rfile.readline(65537)
            return b"".join(parts)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _decode_json(self, raw: bytes) -> Any | None:
        if not raw:
            return None
        encoding = self.headers.get("Content-Encoding", "").lower().strip()
        try:
            if encoding == "gzip":
                raw = gzip.decompress(raw)
            elif encoding not in ("", "identity"):
                return None  # e.g. zstd, which Python 3.11 cannot decode; still recorded
            return json.loads(raw.decode("utf-8"))
        except (ValueError, OSError):
            return None

    def _dispatch(self) -> None:
        gateway = self.gateway
        split = urlsplit(self.path)
        path = split.path or "/"
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        try:
            raw_body = self._read_body()
        except (ValueError, OSError):
            self.close_connection = True
            return
        headers = {name.lower(): value for name, value in self.headers.items()}
        self._current_body = self._decode_json(raw_body)
        gateway._record(
            RecordedRequest(
                method=self.command,
                path=path,
                query=query,
                headers=headers,
                json_body=self._current_body,
            )
        )

        delay_ms = gateway.route_latency_ms.get(path, gateway.latency_ms)
        if delay_ms and delay_ms > 0 and gateway._stopping.wait(delay_ms / 1000.0):
            self.close_connection = True
            return
        if path in gateway.hang_paths:
            gateway._stopping.wait()
            self.close_connection = True
            return
        if path in gateway.drop_paths:
            self._drop_connection()
            return
        if path in gateway.html_paths:
            self._send_html(200, WEBSITE_HTML)
            return
        if path in gateway.status_override:
            self._send_override(gateway.status_override[path])
            return
        self._route(path, headers)

    # -- routing ----------------------------------------------------------------------------------

    def _routes(self, token: str | None) -> dict[str, tuple[str, Callable[[], None]]]:
        """path -> (method, answer) for what this gateway serves right now."""
        gateway = self.gateway
        routes: dict[str, tuple[str, Callable[[], None]]] = {
            "/": ("GET", lambda: self._send_html(200, WEBSITE_HTML)),
            "/v1/models": ("GET", lambda: self._models(token)),
            "/v1/responses": ("POST", lambda: self._responses(token)),
            "/responses": ("POST", lambda: self._responses(token)),
        }
        if gateway.routing == "flat":
            routes["/models"] = ("GET", lambda: self._models(token))
        style = gateway.quota_style
        if style == "sub2api":
            routes["/v1/usage"] = ("GET", lambda: self._sub2api_usage(token))
        elif style == "newapi":
            # gin's trailing-slash redirect.
            routes["/api/usage/token"] = (
                "GET",
                lambda: self._send_redirect(301, "/api/usage/token/"),
            )
            routes["/api/usage/token/"] = ("GET", lambda: self._newapi_usage(token))
            routes["/api/status"] = ("GET", self._newapi_status)
        elif style == "oneapi":
            for billing_path, which in _ONEAPI_BILLING_PATHS.items():
                routes[billing_path] = (
                    "GET",
                    functools.partial(self._oneapi_billing, which, token),
                )
        return routes

    def _route(self, path: str, headers: dict[str, str]) -> None:
        method = self.command
        routes = self._routes(_bearer_token(headers.get("authorization")))
        if path not in routes:
            self._send_json(
                404,
                _error_body(f"Not found: {method} {path}", "invalid_request_error", "not_found"),
            )
            return
        allowed_method, answer = routes[path]
        if method == allowed_method or (method == "HEAD" and allowed_method == "GET"):
            answer()
            return
        self._send_json(
            405,
            _error_body(
                f"Method {method} not allowed on {path}",
                "invalid_request_error",
                "method_not_allowed",
            ),
            extra_headers={"Allow": allowed_method},
        )

    def _models(self, token: str | None) -> None:
        if not self._openai_auth_ok(token):
            return
        self._send_json(
            200,
            {
                "object": "list",
                "data": [
                    {"id": m, "object": "model", "created": 1_700_000_000, "owned_by": OWNER}
                    for m in self.gateway.models
                ],
            },
        )

    def _openai_auth_ok(self, token: str | None) -> bool:
        if token is not None and token in self.gateway.valid_keys:
            return True
        self._send_json(
            401,
            {
                "error": {
                    "message": "Invalid API key",
                    "type": "invalid_request_error",
                    "code": "invalid_api_key",
                }
            },
        )
        return False

    # -- /responses -------------------------------------------------------------------------------

    def _responses(self, token: str | None) -> None:
        if not self._openai_auth_ok(token):
            return
        gateway = self.gateway
        body = self._current_body
        if not isinstance(body, dict) or not body.get("model"):
            self._send_json(
                400, _error_body("missing model", "invalid_request_error", "missing_model", "model")
            )
            return
        model = str(body["model"])
        if model not in gateway.models:
            self._send_json(
                404,
                _error_body(
                    f"model not found: {model}", "invalid_request_error", "model_not_found", "model"
                ),
            )
            return
        quota = gateway._quota_view()
        if quota.expired:
            if gateway.quota_style == "oneapi":
                self._send_json(
                    401, {"error": {"message": "该令牌已过期", "type": "one_api_error"}}
                )
            else:
                self._send_json(
                    401, _error_body("API key expired", "invalid_request_error", "api_key_expired")
                )
            return
        if quota.exhausted:
            if gateway.quota_style == "oneapi":
                self._send_json(
                    401, {"error": {"message": "该令牌额度已用尽", "type": "one_api_error"}}
                )
            else:
                self._send_json(
                    429,
                    _error_body(
                        "You exceeded your current quota, please check your plan and billing.",
                        "insufficient_quota",
                        "insufficient_quota",
                    ),
                )
            return

        response_id = f"resp_{uuid.uuid4().hex}"
        message_id = f"msg_{uuid.uuid4().hex}"
        text = gateway.reply_text
        created_at = int(time.time())
        in_progress = {
            "id": response_id,
            "object": "response",
            "created_at": created_at,
            "status": "in_progress",
            "model": model,
            "output": [],
        }
        done_item = {
            "id": message_id,
            "type": "message",
            "status": "completed",
            "role": "assistant",
            "content": [{"type": "output_text", "text": text, "annotations": []}],
        }
        input_tokens = 12
        output_tokens = max(1, len(text.split()))
        usage = {
            "input_tokens": input_tokens,
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens": output_tokens,
            "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": input_tokens + output_tokens,
        }
        completed = {
            **in_progress,
            "status": "completed",
            "output": [done_item],
            "output_text": text,
            "usage": usage,
        }
        if not body.get("stream") and not gateway.always_stream:
            self._send_json(200, completed)
            return

        if gateway.stream_failure == "status":
            self._send_json(
                500, _error_body("upstream model failed", "server_error", "internal_error")
            )
            return
        if gateway.stream_failure == "error_event":
            error = {"type": "server_error", "code": "500", "message": "upstream model failed"}
            self._send_sse(
                [
                    {"type": "response.created", "response": in_progress},
                    {"type": "error", "error": error, "sequence_number": 1},
                ]
            )
            return
        events: list[dict[str, Any]] = [
            {"type": "response.created", "response": in_progress},
            {
                "type": "response.output_item.added",
                "output_index": 0,
                "item": {
                    "id": message_id,
                    "type": "message",
                    "status": "in_progress",
                    "role": "assistant",
                    "content": [],
                },
            },
        ]
        # Several deltas, so clients must join them.
        for piece in re.findall(r"\S+\s*|\s+", text) or [""]:
            events.append(
                {
                    "type": "response.output_text.delta",
                    "item_id": message_id,
                    "output_index": 0,
                    "content_index": 0,
                    "delta": piece,
                }
            )
        events.append({"type": "response.output_item.done", "output_index": 0, "item": done_item})
        events.append({"type": "response.completed", "response": completed})
        self._send_sse(events)

    # -- quota conventions ------------------------------------------------------------------------

    def _sub2api_usage(self, token: str | None) -> None:
        if token is None:
            self._send_json(401, {"code": "API_KEY_REQUIRED", "message": "API key is required"})
            return
        if token not in self.gateway.valid_keys:
            self._send_json(401, {"code": "INVALID_API_KEY", "message": "Invalid API key"})
            return
        quota = self.gateway._quota_view()
        remaining = -1 if quota.unlimited else quota.remaining
        if quota.sub2api_refusal:
            status = 429 if quota.sub2api_refusal == "USAGE_LIMIT_EXCEEDED" else 403
            self._send_json(
                status, {"code": quota.sub2api_refusal, "message": "Insufficient account balance"}
            )
            return
        if quota.sub2api_wallet:
            self._send_json(
                200,
                {
                    "balance": remaining,
                    "mode": "unrestricted",
                    "planName": "钱包余额",
                    "remaining": remaining,
                },
            )
            return
        if quota.sub2api_legacy:
            self._send_json(
                200,
                {
                    "isValid": True,
                    "planName": quota.plan_name,
                    "remaining": remaining,
                    "unit": "USD",
                },
            )
            return
        expires_at = (
            datetime.fromtimestamp(quota.expires_at, UTC).isoformat() if quota.expires_at else None
        )
        status = "expired" if quota.expired else "quota_exhausted" if quota.exhausted else "active"
        usage = {
            "today": {"requests": 3, "cost": round(min(quota.used, 0.42), 6), "tokens": 1234},
            "total": {"requests": 120, "cost": quota.used, "tokens": 456789},
        }
        if quota.unlimited:
            self._send_json(
                200,
                {
                    "mode": "unrestricted",
                    "isValid": True,
                    "status": status,
                    "planName": quota.plan_name,
                    "remaining": -1,
                    "balance": -1,
                    "unit": "USD",
                    "expires_at": expires_at,
                    "usage": usage,
                },
            )
            return
        reset_at = datetime.fromtimestamp(time.time() + 3600, UTC).isoformat()
        self._send_json(
            200,
            {
                "mode": "quota_limited",
                "isValid": True,
                "status": status,
                "planName": quota.plan_name,
                "remaining": remaining,
                "unit": "USD",
                "quota": {
                    "limit": quota.total,
                    "used": quota.used,
                    "remaining": remaining,
                    "unit": "USD",
                },
                "rate_limits": [
                    {"window": "5h", "limit": 10, "used": 2, "remaining": 8, "reset_at": reset_at}
                ],
                "expires_at": expires_at,
                "usage": usage,
            },
        )

    def _newapi_usage(self, token: str | None) -> None:
        if token is None:
            self._send_json(401, {"success": False, "message": "No Authorization header"})
            return
        if token not in self.gateway.valid_keys:
            self._send_json(401, {"success": False, "message": "无效的令牌 (invalid token)"})
            return
        quota = self.gateway._quota_view()
        if quota.error_200:
            self._send_json(200, {"success": False, "message": quota.error_200})
            return
        per_unit = quota.quota_per_unit
        used_units = round(quota.used * per_unit)
        available_units = 0 if quota.unlimited else round(quota.remaining * per_unit)
        self._send_json(
            200,
            {
                "code": True,
                "message": "ok",
                "data": {
                    "object": "token_usage",
                    "name": quota.plan_name,
                    "total_granted": used_units + available_units,
                    "total_used": used_units,
                    "total_available": available_units,
                    "unlimited_quota": quota.unlimited,
                    "model_limits": {},
                    "model_limits_enabled": False,
                    "expires_at": quota.expires_at,
                },
            },
        )

    def _newapi_status(self) -> None:
        quota = self.gateway._quota_view()
        self._send_json(
            200,
            {
                "success": True,
                "message": "",
                "data": {
                    "system_name": "TokenPool",
                    "version": "v0.6.0-imitation",
                    "quota_per_unit": quota.quota_per_unit,
                    "quota_display_type": "USD",
                    "display_in_currency": True,
                    "usd_exchange_rate": 7.3,
                },
            },
        )

    def _oneapi_billing(self, which: str, token: str | None) -> None:
        def refuse(message: str) -> None:
            self._send_json(401, {"error": {"message": message, "type": "one_api_error"}})

        if token is None:
            refuse("未提供令牌")
            return
        if token not in self.gateway.valid_keys:
            refuse("无效的令牌")
            return
        quota = self.gateway._quota_view()
        if quota.expired:
            refuse("该令牌已过期")
            return
        if quota.exhausted:
            refuse("该令牌额度已用尽")
            return
        if quota.error_200:
            self._send_json(200, {"error": {"message": quota.error_200, "type": "upstream_error"}})
            return
        if which == "subscription":
            hard_limit = ONEAPI_UNLIMITED_USD if quota.unlimited else quota.used + quota.remaining
            if not quota.oneapi_token_stats and not quota.unlimited:
                hard_limit = quota.remaining  # one-api's billing bug: the user's remaining amount
            self._send_json(
                200,
                {
                    "object": "billing_subscription",
                    "has_payment_method": True,
                    "soft_limit_usd": hard_limit,
                    "hard_limit_usd": hard_limit,
                    "system_hard_limit_usd": hard_limit,
                    "access_until": quota.expires_at,
                },
            )
            return
        self._send_json(200, {"object": "list", "total_usage": round(quota.used * 100, 6)})

    # -- writing answers --------------------------------------------------------------------------

    def _send_override(self, status: int) -> None:
        error_type, code = _OVERRIDE_ERRORS.get(
            status, ("server_error" if status >= 500 else "invalid_request_error", f"http_{status}")
        )
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = f"HTTP {status}"
        retry_after = self.gateway.retry_after
        extra = {"Retry-After": retry_after} if status == 429 and retry_after else {}
        self._send_json(status, _error_body(phrase, error_type, code), extra_headers=extra)

    def _send_bytes(
        self,
        status: int,
        payload: bytes,
        content_type: str,
        extra_headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        for name, value in (extra_headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)
        self.wfile.flush()

    def _send_json(
        self, status: int, body: Any, extra_headers: dict[str, str] | None = None
    ) -> None:
        payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self._send_bytes(status, payload, "application/json; charset=utf-8", extra_headers)

    def _send_html(self, status: int, html: str) -> None:
        self._send_bytes(status, html.encode("utf-8"), "text/html; charset=utf-8")

    def _send_redirect(self, status: int, location: str) -> None:
        html = f'<a href="{location}">Moved Permanently</a>.\n\n'
        self._send_bytes(status, html.encode(), "text/html; charset=utf-8", {"Location": location})

    def _send_sse(self, events: list[dict[str, Any]]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for sequence_number, event in enumerate(events):
            event = {**event, "sequence_number": sequence_number}
            frame = f"event: {event['type']}\ndata: {json.dumps(event)}\n\n".encode()
            self.wfile.write(f"{len(frame):x}\r\n".encode() + frame + b"\r\n")
            self.wfile.flush()
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _drop_connection(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

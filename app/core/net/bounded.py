"""The bounds every request made with :func:`app.core.net.http.make_client` passes through.

One httpx transport wraps the real one (direct or proxied) and, for every request:

- **refuses to send a key over plain http** to anything but this computer (loopback), before any
  connection is made (:class:`KeyOverPlainHttp`);
- holds a **total deadline** (connect + headers + body): a watcher thread shuts the request's
  sockets down when the deadline passes or the caller's ``cancel`` event is set, so a server that
  trickles its headers or body a byte at a time cannot keep a caller (or an abandoned worker
  thread) reading (:class:`DeadlineExceeded`, :class:`RequestCancelled`);
- **caps the decompressed body**: gzip/deflate are inflated here, in small pieces, and reading stops
  at the cap (:class:`BodyTooLarge`), so neither a gzip bomb nor an endless chunked body can use
  more than the cap plus one piece of memory.

This module imports httpx at the top: :mod:`app.core.net.http` imports it lazily, when a client is
made (the resident tray must not pay for httpx before it needs the network).
"""

from __future__ import annotations

import socket
import threading
import time
import weakref
import zlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import httpx

from app.core.endpoints import is_loopback_host, key_goes_in_clear

# Request extensions understood by the transport (set through app.core.net.http.fetch/open_stream).
DEADLINE = "tokenpool.deadline"  # absolute time.monotonic() by which the body must be read
MAX_BYTES = "tokenpool.max_bytes"  # decompressed bytes allowed in the body
CANCEL = "tokenpool.cancel"  # a threading.Event: set = stop now and close the connection

# Headers that carry a key: the guard applies to requests that have one of them.
_KEY_HEADERS = ("authorization", "x-api-key", "api-key")
# Inflate in pieces of at most this size: a bomb never makes one big buffer.
_PIECE = 64 * 1024
# How often the watcher looks at the clock and the cancel event.
_WATCH_S = 0.05


class KeyOverPlainHttp(httpx.TransportError):
    """A request carrying the key was about to go over plain http:// to another computer."""


class BodyTooLarge(httpx.TransportError):
    """The (decompressed) body went past the cap for this kind of answer."""


class DeadlineExceeded(httpx.TimeoutException):
    """The request's total deadline passed (connect, headers and body together)."""


class RequestCancelled(httpx.TransportError):
    """The caller cancelled the request; its connection was closed."""


class BadProxySetting(httpx.ProxyError):
    """The proxy setting is not a usable address (``http://[bad``, a port that is not a number)."""

    def __init__(self, message: str, *, source: str, shown: str) -> None:
        super().__init__(message)
        self.source = source
        self.shown = shown


def _carries_key(headers: httpx.Headers) -> bool:
    return any(headers.get(name) for name in _KEY_HEADERS)


class _Watch:
    """Shuts a request's sockets down at its deadline or when it is cancelled."""

    def __init__(
        self,
        deadline: float | None,
        cancel: threading.Event | None,
        sockets: Callable[[], list[socket.socket]],
    ) -> None:
        self.deadline = deadline
        self.cancel = cancel
        self._sockets = sockets
        self._done = threading.Event()
        self.fired: str | None = None  # "deadline" or "cancel"
        self._thread: threading.Thread | None = None
        if deadline is not None or cancel is not None:
            self._thread = threading.Thread(target=self._run, name="http-deadline", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while not self._done.wait(_WATCH_S):
            if self.cancel is not None and self.cancel.is_set():
                self._fire("cancel")
                return
            if self.deadline is not None and time.monotonic() >= self.deadline:
                self._fire("deadline")
                return

    def _fire(self, why: str) -> None:
        self.fired = why
        for sock in self._sockets():
            shut_down(sock)

    def check(self) -> None:
        """Raise if the deadline passed or the caller cancelled (also between body pieces)."""
        if self.fired is None:
            if self.cancel is not None and self.cancel.is_set():
                self.fired = "cancel"
            elif self.deadline is not None and time.monotonic() >= self.deadline:
                self.fired = "deadline"
        self.raise_if_fired()

    def raise_if_fired(self, cause: BaseException | None = None) -> None:
        if self.fired == "cancel":
            raise RequestCancelled("The request was cancelled.") from cause
        if self.fired == "deadline":
            raise DeadlineExceeded("The request took longer than its deadline.") from cause

    def stop(self) -> None:
        self._done.set()


def shut_down(sock: socket.socket) -> None:
    """Wake any thread blocked reading ``sock`` (``close`` alone does not, on Linux)."""
    try:
        # The plain socket's shutdown, also for an SSLSocket (whose own shutdown unwraps TLS).
        if sock.fileno() != -1:
            socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


class _Inflater:
    """Content-Encoding decoding with a bounded output per step."""

    def __init__(self, encoding: str) -> None:
        codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        self._raw_deflate_retry = False
        if not codings:
            self._z: Any = None
        elif codings == ["gzip"] or codings == ["x-gzip"]:
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif codings == ["deflate"]:
            self._z = zlib.decompressobj()
            self._raw_deflate_retry = True  # some servers send raw deflate without the header
        else:
            raise httpx.DecodingError(f"Unsupported content encoding: {encoding[:40]}")

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._z is None:
            for start in range(0, len(data), _PIECE):
                yield data[start : start + _PIECE]
            return
        try:
            piece = self._z.decompress(data, _PIECE)
        except zlib.error:
            if not self._raw_deflate_retry:
                raise httpx.DecodingError("The compressed body is damaged.") from None
            self._raw_deflate_retry = False
            self._z = zlib.decompressobj(-zlib.MAX_WBITS)
            try:
                piece = self._z.decompress(data, _PIECE)
            except zlib.error:
                raise httpx.DecodingError("The compressed body is damaged.") from None
        self._raw_deflate_retry = False
        while piece:
            yield piece
            tail = self._z.unconsumed_tail
            if not tail:
                break
            try:
                piece = self._z.decompress(tail, _PIECE)
            except zlib.error:
                raise httpx.DecodingError("The compressed body is damaged.") from None

    def flush(self) -> bytes:
        if self._z is None:
            return b""
        try:
            return bytes(self._z.flush(_PIECE))
        except zlib.error:
            return b""


class _BoundedBody(httpx.SyncByteStream):
    def __init__(
        self, inner: httpx.SyncByteStream, inflater: _Inflater, cap: int | None, watch: _Watch
    ) -> None:
        self._inner = inner
        self._inflater = inflater
        self._cap = cap
        self._watch = watch

    def __iter__(self) -> Iterator[bytes]:
        total = 0
        try:
            for raw in self._inner:
                self._watch.check()
                for piece in self._inflater.feed(raw):
                    total += len(piece)
                    if self._cap is not None and total > self._cap:
                        raise BodyTooLarge(f"The answer is larger than {self._cap} bytes.")
                    yield piece
                    self._watch.check()
            tail = self._inflater.flush()
            total += len(tail)
            if self._cap is not None and total > self._cap:
                raise BodyTooLarge(f"The answer is larger than {self._cap} bytes.")
            if tail:
                yield tail
        except (httpx.TransportError, httpx.DecodingError) as exc:
            if isinstance(exc, BodyTooLarge | RequestCancelled | DeadlineExceeded):
                raise
            self._watch.raise_if_fired(exc)  # a read ended by the watcher: say why
            raise

    def close(self) -> None:
        self._watch.stop()
        self._inner.close()


class BoundedTransport(httpx.BaseTransport):
    """Wraps a transport with the key guard, a total deadline and a decompressed-body cap.

    ``total_timeout``/``max_bytes`` are the defaults for requests that do not set their own
    (the request extensions :data:`DEADLINE`, :data:`MAX_BYTES`, :data:`CANCEL`); None = no bound
    (only for downloads that bound themselves).
    """

    def __init__(
        self, inner: httpx.BaseTransport, *, total_timeout: float | None, max_bytes: int | None
    ) -> None:
        self._inner = inner
        self._total_timeout = total_timeout
        self._max_bytes = max_bytes
        self._lock = threading.Lock()
        # Every socket this client opened (weakly: closed connections drop out). On a deadline the
        # request's socket is among them; shutting the idle ones down too only makes the pool
        # open new connections later (a client is used by one caller at a time here).
        self._sockets: weakref.WeakSet[socket.socket] = weakref.WeakSet()

    def _live_sockets(self) -> list[socket.socket]:
        with self._lock:
            return list(self._sockets)

    def _remember(self, stream: Any) -> None:
        get = getattr(stream, "get_extra_info", None)
        sock = get("socket") if get is not None else None
        if isinstance(sock, socket.socket):
            with self._lock:
                self._sockets.add(sock)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if _carries_key(request.headers) and key_goes_in_clear(str(request.url)):
            raise KeyOverPlainHttp(
                "The key is only sent over https:// or to this computer.", request=request
            )
        extensions: Mapping[str, Any] = request.extensions
        deadline = extensions.get(DEADLINE)
        if deadline is None and self._total_timeout is not None:
            deadline = time.monotonic() + self._total_timeout
        cap = extensions.get(MAX_BYTES, self._max_bytes)
        cancel = extensions.get(CANCEL)
        watch = _Watch(deadline, cancel, self._live_sockets)
        outer_trace = extensions.get("trace")

        def trace(event: str, info: Mapping[str, Any]) -> None:
            if event.endswith((".connect_tcp.complete", ".start_tls.complete")):
                self._remember(info.get("return_value"))
            if outer_trace is not None:
                outer_trace(event, info)

        new_extensions = dict(extensions)
        new_extensions["trace"] = trace
        if deadline is not None:
            remaining = max(0.001, deadline - time.monotonic())
            timeouts = dict(extensions.get("timeout") or {})
            for name in ("connect", "read", "write", "pool"):
                value = timeouts.get(name)
                timeouts[name] = remaining if value is None else min(value, remaining)
            new_extensions["timeout"] = timeouts
        request.extensions = new_extensions
        try:
            watch.check()
            response = self._inner.handle_request(request)
        except BaseException as exc:
            watch.stop()
            if isinstance(exc, httpx.HTTPError | OSError):
                watch.raise_if_fired(exc)
            raise
        try:
            watch.check()
            inflater = _Inflater(response.headers.get("content-encoding", ""))
        except BaseException:
            watch.stop()
            response.close()
            raise
        # The body is handed on inflated: its encoding and encoded length no longer apply. An
        # unencoded body keeps its Content-Length (a download shows its progress by it).
        dropped = (
            ("content-encoding", "content-length")
            if response.headers.get("content-encoding")
            else ()
        )
        headers = [
            (name, value)
            for name, value in response.headers.multi_items()
            if name.lower() not in dropped
        ]
        assert isinstance(response.stream, httpx.SyncByteStream)
        return httpx.Response(
            status_code=response.status_code,
            headers=headers,
            stream=_BoundedBody(response.stream, inflater, cap, watch),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._inner.close()


__all__ = [
    "CANCEL",
    "DEADLINE",
    "MAX_BYTES",
    "BadProxySetting",
    "BodyTooLarge",
    "BoundedTransport",
    "DeadlineExceeded",
    "KeyOverPlainHttp",
    "RequestCancelled",
    "is_loopback_host",
    "key_goes_in_clear",
    "shut_down",
]

"""Raw TCP stand-ins on 127.0.0.1: the accept loop and the two-way relay that the proxies
(tests/support/proxies.py, tests/support/socks5_server.py) and the hostile server
(tests/support/hostile_server.py) share.

A :class:`LoopbackServer` listens on a free port and hands each connection to its ``serve`` on a
daemon thread; it runs inside its ``with`` block. :func:`relay` copies bytes both ways, bounded.
"""

from __future__ import annotations

import select
import socket
import socketserver
import ssl
import threading
from types import TracebackType
from typing import Self


class _ThreadingServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class LoopbackServer:
    """Subclasses answer one connection in :meth:`serve`; ``port`` is known once made."""

    def __init__(self) -> None:
        owner = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                owner.serve(self.request)

        self._server = _ThreadingServer(("127.0.0.1", 0), Handler)
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def serve(self, connection: socket.socket) -> None:
        """One client's connection, on its own thread (closed by the server afterwards)."""
        raise NotImplementedError

    def close(self) -> None:
        """Stop accepting and close the listening socket (connections' threads are daemons)."""
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def relay(a: socket.socket, b: socket.socket, idle_s: float) -> None:
    """Copy bytes both ways until one side closes or fails, or nothing moves for ``idle_s``.

    A TLS socket may hold data it has already decrypted (``pending``) that ``select`` cannot see:
    that is read first."""
    sockets = [a, b]
    for _ in range(100_000):
        readable = [s for s in sockets if isinstance(s, ssl.SSLSocket) and s.pending()]
        if not readable:
            readable, _w, _x = select.select(sockets, [], [], idle_s)
        if not readable:
            return
        for source in readable:
            try:
                data = source.recv(65536)
            except OSError:  # ssl.SSLError included
                return
            if not data:
                return
            try:
                (b if source is a else a).sendall(data)
            except OSError:
                return

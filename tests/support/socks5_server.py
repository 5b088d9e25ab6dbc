"""A tiny SOCKS5 proxy on 127.0.0.1 for tests (RFC 1928: no authentication, CONNECT only).

Every CONNECT goes to one fixed upstream (the gateway imitation), whatever host was asked for, so a
test can reach a made-up host name "through the proxy"; the names and ports asked for are recorded.
"""

from __future__ import annotations

import contextlib
import select
import socket
import socketserver
import struct
import threading
from types import TracebackType


class Socks5Proxy:
    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.requested: list[tuple[str, int]] = []
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                proxy._serve(self.request)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self.port = int(self._server.server_address[1])
        self.url = f"socks5://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> Socks5Proxy:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()

    @staticmethod
    def _read(sock: socket.socket, count: int) -> bytes:
        data = b""
        while len(data) < count:
            chunk = sock.recv(count - len(data))
            if not chunk:
                raise ConnectionError("client went away")
            data += chunk
        return data

    def _serve(self, client: socket.socket) -> None:
        with contextlib.suppress(OSError, ConnectionError, struct.error):
            version, methods = self._read(client, 2)
            if version != 5:
                return
            offered = self._read(client, methods)
            if 0 not in offered:
                client.sendall(b"\x05\xff")
                return
            client.sendall(b"\x05\x00")
            version, command, _, address_type = self._read(client, 4)
            if address_type == 1:
                host = socket.inet_ntoa(self._read(client, 4))
            elif address_type == 3:
                host = self._read(client, self._read(client, 1)[0]).decode("idna")
            elif address_type == 4:
                host = socket.inet_ntop(socket.AF_INET6, self._read(client, 16))
            else:
                return
            (port,) = struct.unpack("!H", self._read(client, 2))
            if command != 1:  # CONNECT only
                client.sendall(b"\x05\x07\x00\x01" + bytes(6))
                return
            self.requested.append((host, port))
            upstream = socket.create_connection(self.upstream, timeout=10)
            bound = upstream.getsockname()
            client.sendall(
                b"\x05\x00\x00\x01" + socket.inet_aton(bound[0]) + struct.pack("!H", bound[1])
            )
            self._relay(client, upstream)

    @staticmethod
    def _relay(client: socket.socket, upstream: socket.socket) -> None:
        with upstream:
            sockets = [client, upstream]
            while True:
                readable, _, _ = select.select(sockets, [], [], 30)
                if not readable:
                    return
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    (upstream if sock is client else client).sendall(data)

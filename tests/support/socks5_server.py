"""A tiny SOCKS5 proxy on 127.0.0.1 for tests (RFC 1928: no authentication, CONNECT only).

Every CONNECT goes to one fixed upstream (the gateway imitation), whatever host was asked for, so a
test can reach a made-up host name "through the proxy"; the names and ports asked for are recorded.
"""

from __future__ import annotations

import contextlib
import socket
import struct

from tests.support.loopback import LoopbackServer, relay


class Socks5Proxy(LoopbackServer):
    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.requested: list[tuple[str, int]] = []
        super().__init__()
        self.url = f"socks5://127.0.0.1:{self.port}"

    @staticmethod
    def _read(sock: socket.socket, count: int) -> bytes:
        data = b""
        while len(data) < count:
            chunk = sock.recv(count - len(data))
            if not chunk:
                raise ConnectionError("client went away")
            data += chunk
        return data

    def serve(self, client: socket.socket) -> None:
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
            with upstream:
                relay(client, upstream, idle_s=30)

"""Test stand-ins on 127.0.0.1 for what sits between us and a gateway (issue 17).

- :class:`RecordingProxy`: an HTTP proxy that records every request it gets (CONNECT tunnels and
  plain absolute-form requests, with whether they carried a key), can demand a user name and
  password (407), and tunnels CONNECT to a fixed upstream, so a made-up host name is reachable
  "through the proxy". Plain http requests are recorded and refused (502): a test proves with it
  that no key ever arrives in clear.
- :class:`TlsFront`: TLS for made-up host names (a trustme CA) in front of the plain gateway
  imitation, so https through a proxy can be tested end to end.

Every loop is bounded: sockets time out, tunnels end when either side closes or after
``IDLE_S`` of silence, and both servers stop with their context.
"""

from __future__ import annotations

import base64
import contextlib
import socket
import ssl
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.support.loopback import LoopbackServer, relay

IDLE_S = 10.0
MADE_UP_HOSTS = ("api.tokenpool-proxied.invalid", "api.tokenpool-socks.invalid")


@dataclass(frozen=True)
class ProxiedRequest:
    method: str
    target: str
    carried_key: bool  # an Authorization header was visible to the proxy (i.e. sent in clear)
    authenticated: bool  # proxy credentials were given


class RecordingProxy(LoopbackServer):
    def __init__(
        self,
        upstream: tuple[str, int] | None = None,
        *,
        credentials: tuple[str, str] | None = None,
    ) -> None:
        self.upstream = upstream
        self.credentials = credentials
        self.requests: list[ProxiedRequest] = []
        super().__init__()

    def serve(self, connection: socket.socket) -> None:
        connection.settimeout(IDLE_S)
        with contextlib.suppress(OSError, ValueError), connection.makefile("rb") as reader:
            self._serve(reader, connection)

    def url(self, user: str = "", password: str = "") -> str:
        auth = f"{user}:{password}@" if user else ""
        return f"http://{auth}127.0.0.1:{self.port}"

    def _serve(self, rfile: object, connection: socket.socket) -> None:
        reader = rfile  # a buffered reader over the connection
        line = reader.readline(8192).decode("latin-1").strip()  # type: ignore[attr-defined]
        if not line:
            return
        method, target, _version = [*line.split(" "), "", ""][:3]
        headers: dict[str, str] = {}
        for _ in range(100):
            header = reader.readline(8192).decode("latin-1")  # type: ignore[attr-defined]
            if header in ("\r\n", "\n", ""):
                break
            name, _sep, value = header.partition(":")
            headers[name.strip().lower()] = value.strip()
        given = headers.get("proxy-authorization", "")
        authenticated = bool(given)
        self.requests.append(
            ProxiedRequest(method, target, "authorization" in headers, authenticated)
        )
        if self.credentials is not None:
            expected = "Basic " + base64.b64encode(":".join(self.credentials).encode()).decode()
            if given != expected:
                connection.sendall(
                    b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                    b'Proxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n'
                )
                return
        if method != "CONNECT":
            # Plain http through a proxy: recorded above (that is what the tests look at).
            connection.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        host, _sep, port = target.rpartition(":")
        destination = self.upstream or (host, int(port))
        try:
            upstream = socket.create_connection(destination, timeout=IDLE_S)
        except OSError:
            connection.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        with upstream:
            connection.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            relay(connection, upstream, IDLE_S)

    @property
    def keys_seen_in_clear(self) -> int:
        return sum(1 for r in self.requests if r.carried_key)


class TlsFront(LoopbackServer):
    """TLS (for ``names``) on 127.0.0.1 in front of a plain-HTTP upstream; trust ``ca_pem``."""

    def __init__(self, upstream: tuple[str, int], names: tuple[str, ...] = MADE_UP_HOSTS) -> None:
        import trustme

        self.upstream = upstream
        authority = trustme.CA()
        cert = authority.issue_cert(*names, "localhost", "127.0.0.1")
        self._context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        cert.configure_cert(self._context)
        self._dir = Path(tempfile.mkdtemp(prefix="tls-front-"))
        self.ca_pem = self._dir / "ca.pem"
        authority.cert_pem.write_to_path(str(self.ca_pem))
        super().__init__()

    def serve(self, connection: socket.socket) -> None:
        with contextlib.suppress(OSError):
            self._serve(connection)

    def close(self) -> None:
        super().close()
        import shutil

        shutil.rmtree(self._dir, ignore_errors=True)

    def _serve(self, raw: socket.socket) -> None:
        raw.settimeout(IDLE_S)
        with self._context.wrap_socket(raw, server_side=True) as tls:
            upstream = socket.create_connection(self.upstream, timeout=IDLE_S)
            with upstream:
                relay(tls, upstream, IDLE_S)

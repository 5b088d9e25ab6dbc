"""A deliberately hostile "gateway" on 127.0.0.1 (issue 17): what a broken or malicious server
can do to a client, one behaviour per server.

Behaviours (``HostileServer(behaviour)``), on every path unless said otherwise:

- ``gzip_bomb``: 200 JSON, ``Content-Encoding: gzip``, a few MB that inflate to ``bomb_bytes``
  (default 2 GiB) of spaces (valid JSON whitespace, so only a cap stops a reader).
- ``endless``: 200 (or ``status``) JSON, a chunked body that never ends (until
  ``max_seconds``/``max_bytes``).
- ``trickle_headers``: the status line and headers at one byte per ``trickle_s`` seconds.
- ``trickle_body``: headers at once, then a 66-byte JSON body at one byte per ``trickle_s``.
- ``huge_number``/``huge_float``/``nan``/``negative``: ``/v1/usage`` answers a Sub2API quota whose
  ``remaining`` is a 4000-digit integer, 1e308, NaN (as ``"NaN"``), or -1e300; other paths 404.
- ``huge_models``: ``/v1/models`` lists ``model_count`` ids (half of them repeated) padded to
  about ``list_bytes``; ``/responses`` refuses ``{}`` as a gateway does (so a probe passes).
- ``redirect``: 302 to another origin, everywhere.

Each connection is served by a daemon thread; every loop is bounded in bytes and time, and stops
when the client goes away. Run ``python -m tests.support.hostile_server BEHAVIOUR`` to keep one
running (prints its URL; stops after ``--seconds``), as bench/hostile.py does.
"""

from __future__ import annotations

import functools
import json
import socket
import threading
import time
import zlib

from tests.support.loopback import LoopbackServer

BEHAVIOURS = (
    "gzip_bomb",
    "endless",
    "trickle_headers",
    "trickle_body",
    "huge_number",
    "huge_float",
    "nan",
    "negative",
    "huge_models",
    "redirect",
)


@functools.lru_cache(maxsize=4)
def gzip_bomb(size: int) -> bytes:
    """``size`` bytes of spaces, gzip-compressed (about 1000:1), made once per size."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b" " * (1 << 20)
    parts = [compressor.compress(b'{"data": [')]
    for _ in range(size // len(block)):
        parts.append(compressor.compress(block))
    parts.append(compressor.flush())
    return b"".join(parts)


class HostileServer(LoopbackServer):
    def __init__(
        self,
        behaviour: str,
        *,
        bomb_bytes: int = 2 << 30,
        trickle_s: float = 1.0,
        max_seconds: float = 120.0,
        max_bytes: int = 20 << 30,
        model_count: int = 200_000,
        list_bytes: int = 50 << 20,
        status: str = "200 OK",
    ) -> None:
        if behaviour not in BEHAVIOURS:
            raise ValueError(f"unknown behaviour {behaviour!r}; one of {', '.join(BEHAVIOURS)}")
        self.behaviour = behaviour
        self.bomb_bytes = bomb_bytes
        self.trickle_s = trickle_s
        self.max_seconds = max_seconds
        self.max_bytes = max_bytes
        self.model_count = model_count
        self.list_bytes = list_bytes
        self.status = status  # of the endless body (an endless error page: "500 Oops")
        self.requests: list[tuple[str, str]] = []  # (method, path)
        self.sent_bytes = 0
        self.disconnects = 0
        self._stop = threading.Event()
        super().__init__()
        self.url = f"http://127.0.0.1:{self.port}"
        if behaviour == "gzip_bomb":
            gzip_bomb(bomb_bytes)  # made before the first client waits for it

    def close(self) -> None:
        self._stop.set()
        super().close()

    # -- one connection ------------------------------------------------------------------------

    def serve(self, connection: socket.socket) -> None:
        try:
            self._serve(connection)
        except OSError:  # the client closed the connection while we were sending
            self.disconnects += 1

    def _serve(self, sock: socket.socket) -> None:
        sock.settimeout(30)
        reader = sock.makefile("rb")
        for _ in range(20):  # keep-alive: a bounded number of requests per connection
            request_line = reader.readline(8192).decode("latin-1").strip()
            if not request_line:
                return
            method, path = [*request_line.split(" "), ""][:2]
            length = 0
            for _ in range(100):
                line = reader.readline(8192).decode("latin-1")
                if line in ("\r\n", "\n", ""):
                    break
                name, _sep, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = min(int(value.strip() or 0), 1 << 20)
            if length:
                reader.read(length)
            self.requests.append((method, path))
            if not self._answer(sock, method, path.split("?", 1)[0]):
                return

    def _send(self, sock: socket.socket, data: bytes) -> None:
        sock.sendall(data)
        self.sent_bytes += len(data)

    def _simple(self, sock: socket.socket, status: str, body: bytes, extra: str = "") -> bool:
        head = (
            f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n{extra}\r\n"
        )
        self._send(sock, head.encode() + body)
        return True

    def _answer(self, sock: socket.socket, method: str, path: str) -> bool:
        """Answer one request; False when the connection must end."""
        b = self.behaviour
        started = time.monotonic()
        if b == "gzip_bomb":
            body = gzip_bomb(self.bomb_bytes)
            self._send(
                sock,
                (
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    f"Content-Encoding: gzip\r\nContent-Length: {len(body)}\r\n\r\n"
                ).encode(),
            )
            self._send(sock, body)
            return True
        if b == "endless":
            self._send(
                sock,
                f"HTTP/1.1 {self.status}\r\nContent-Type: application/json\r\n"
                "Transfer-Encoding: chunked\r\n\r\n".encode(),
            )
            chunk = b" " * 65536
            framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
            self._send(sock, b'8\r\n{"data":\r\n')
            while (
                not self._stop.is_set()
                and time.monotonic() - started < self.max_seconds
                and self.sent_bytes < self.max_bytes
            ):
                self._send(sock, framed)
            return False
        if b == "trickle_headers":
            head = (
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b"X-Padding: " + b"a" * 60 + b'\r\nContent-Length: 11\r\n\r\n{"data":[]}'
            )
            for byte in head:
                if self._stop.wait(self.trickle_s) or time.monotonic() - started > self.max_seconds:
                    return False
                self._send(sock, bytes([byte]))
            return True
        if b == "trickle_body":
            body = json.dumps({"data": [{"id": "gpt-5.5"}], "remaining": 12.5, "p": "x" * 8})
            body = body[:66].ljust(66)
            self._send(
                sock,
                (
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n"
                ).encode(),
            )
            for byte in body.encode():
                if self._stop.wait(self.trickle_s) or time.monotonic() - started > self.max_seconds:
                    return False
                self._send(sock, bytes([byte]))
            return True
        if b in ("huge_number", "huge_float", "nan", "negative"):
            if path != "/v1/usage":
                return self._simple(sock, "404 Not Found", b'{"error":{"message":"not found"}}')
            amount = {
                "huge_number": "9" * 4000,
                "huge_float": "1e308",
                "nan": '"NaN"',
                "negative": "-1e300",
            }[b]
            body = f'{{"isValid": true, "remaining": {amount}, "unit": "USD"}}'.encode()
            return self._simple(sock, "200 OK", body)
        if b == "huge_models":
            if path.endswith("/responses"):
                return self._simple(
                    sock, "400 Bad Request", b'{"error":{"message":"missing model"}}'
                )
            if not path.endswith("/models"):
                return self._simple(sock, "404 Not Found", b'{"error":{"message":"not found"}}')
            return self._models(sock)
        # redirect
        return self._simple(
            sock, "302 Found", b"{}", "Location: https://elsewhere.invalid/v1/models\r\n"
        )

    def _models(self, sock: socket.socket) -> bool:
        count = self.model_count
        pad = max(0, self.list_bytes // max(1, count) - 40)
        self._send(
            sock,
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n",
        )

        def chunk(data: bytes) -> None:
            self._send(sock, f"{len(data):x}\r\n".encode() + data + b"\r\n")

        chunk(b'{"object":"list","data":[')
        batch: list[bytes] = []
        for index in range(count):
            ident = f"model-{index % max(1, count // 2)}"  # every id twice
            sep = b"," if index else b""
            batch.append(sep + f'{{"id":"{ident}","d":"{"x" * pad}"}}'.encode())
            if len(batch) >= 1000:
                chunk(b"".join(batch))
                batch.clear()
        if batch:
            chunk(b"".join(batch))
        chunk(b"]}")
        self._send(sock, b"0\r\n\r\n")
        return True


def main() -> None:  # pragma: no cover - a tool for bench/ and people
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("behaviour", choices=BEHAVIOURS)
    parser.add_argument("--seconds", type=float, default=600.0, help="stop after this long")
    args = parser.parse_args()
    with HostileServer(args.behaviour) as server:
        print(server.url, flush=True)
        server._stop.wait(args.seconds)


if __name__ == "__main__":  # pragma: no cover
    main()

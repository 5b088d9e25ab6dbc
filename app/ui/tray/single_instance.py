"""One tray per person: the first start listens on a local socket, later starts hand over to it.

``SingleInstance(name)``: ``acquire()`` makes this process the primary (it listens), or returns
False when another instance answers; ``send("show-panel")`` hands a message to the running one,
which emits ``message_received``. The name is per user and per settings folder
(:func:`instance_name`), so tests with their own settings folder never meet a real tray.

Every start first tries to connect: whoever answers is the primary, even when it is too busy (or
stopped) to read, because the kernel accepts the connection. Only when nothing answers does it
listen, which replaces a socket file a crashed instance left behind (Unix). The check and the
listen happen under a lock file: two starts at the same moment would otherwise both find nobody
and each listen, the second replacing the first's fresh socket (two primaries).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QDir, QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_TIMEOUT_MS = 500
SEND_TIMEOUT_MS = 2000
LOCK_TIMEOUT_MS = 10_000
ACK = b"ok\n"
SHOW_PANEL = "show-panel"


def instance_name(settings_dir: Path, user: str | None = None) -> str:
    """A short socket name for this person and settings folder (Unix socket paths are short)."""
    if user is None:
        user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    digest = hashlib.sha256(f"{user}\0{Path(settings_dir).absolute()}".encode()).hexdigest()
    return f"tokenpool-setup-{digest[:16]}"


class SingleInstance(QObject):
    message_received = Signal(str)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server: QLocalServer | None = None
        self._buffers: dict[QLocalSocket, bytes] = {}

    @property
    def is_primary(self) -> bool:
        return self._server is not None

    def acquire(self) -> bool:
        """Become the primary instance; False when another one is running (it answered)."""
        if self._server is not None:
            return True
        lock = QLockFile(str(Path(QDir.tempPath()) / f"{self.name}.lock"))
        lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        locked = lock.tryLock(LOCK_TIMEOUT_MS)
        try:
            if self.is_running():
                return False
            server = QLocalServer(self)
            # Only this user may connect (the socket is created private, not chmod-ed later).
            server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
            # WORKAROUND: with an access option Qt on Unix binds in a private temporary folder
            # and renames the socket over the name, replacing whatever file is there; so the
            # probe above, under the lock, is what keeps a live instance's socket. Without the
            # rename (other platforms, other Qt versions) listen reports "address in use" for a
            # crashed instance's leftover instead:
            listening = server.listen(self.name)
            if not listening and locked and not self.is_running():
                QLocalServer.removeServer(self.name)
                listening = server.listen(self.name)
            if not listening:
                if self.is_running():
                    server.deleteLater()
                    return False
                # Cannot listen and nobody else runs (e.g. an unwritable temp folder): still
                # start, just without the hand-over.
                server.deleteLater()
                return True
            server.newConnection.connect(self._accept)
            self._server = server
            return True
        finally:
            if locked:
                lock.unlock()

    def is_running(self) -> bool:
        """Another instance (or this one) answers on the name."""
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        answered = probe.waitForConnected(CONNECT_TIMEOUT_MS)
        if answered:
            probe.disconnectFromServer()
        probe.abort()
        return answered

    def send(self, message: str) -> bool:
        """Hand ``message`` to the running instance; True once it confirmed receiving it."""
        sock = QLocalSocket()
        sock.connectToServer(self.name)
        if not sock.waitForConnected(SEND_TIMEOUT_MS):
            return False
        try:
            sock.write(QByteArray(message.replace("\n", " ").encode() + b"\n"))
            sock.flush()
            reply = b""
            while not reply.endswith(b"\n"):
                if not sock.bytesAvailable() and not sock.waitForReadyRead(SEND_TIMEOUT_MS):
                    return False
                reply += bytes(sock.readAll().data())
            return reply == ACK
        finally:
            sock.abort()

    def release(self) -> None:
        """Stop listening (the socket file goes with it) and drop open connections."""
        for sock in list(self._buffers):
            self._forget(sock)
            sock.abort()
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None

    # -- the primary's side ------------------------------------------------------------------

    def _accept(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            self._buffers[sock] = b""
            sock.readyRead.connect(self._ready_read)
            sock.disconnected.connect(self._disconnected)
            self._read(sock)

    def _ready_read(self) -> None:
        sock = self.sender()
        if isinstance(sock, QLocalSocket):
            self._read(sock)

    def _disconnected(self) -> None:
        sock = self.sender()
        if isinstance(sock, QLocalSocket):
            self._forget(sock)

    def _read(self, sock: QLocalSocket) -> None:
        if sock not in self._buffers:
            return
        data = self._buffers[sock] + bytes(sock.readAll().data())
        *lines, rest = data.split(b"\n")
        self._buffers[sock] = rest[:4096]  # a line longer than this is not ours
        for line in lines:
            # Handled first, then confirmed: a sender that got "ok" knows the panel was asked.
            self.message_received.emit(line.decode("utf-8", errors="replace"))
            if sock not in self._buffers:  # released while handling it
                return
            sock.write(QByteArray(ACK))
            sock.flush()

    def _forget(self, sock: QLocalSocket) -> None:
        """Stop listening to ``sock`` and let Qt delete it once its signals are done."""
        if self._buffers.pop(sock, None) is None:
            return
        sock.readyRead.disconnect(self._ready_read)
        sock.disconnected.disconnect(self._disconnected)
        sock.deleteLater()

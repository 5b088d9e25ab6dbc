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

Nobody else in: on Unix the socket and its lock live in a folder only this person can write
(``$XDG_RUNTIME_DIR/tokenpool-setup``, else ``<temp>/tokenpool-setup-<uid>`` created 0700 and
verified: a real folder, ours, private, never through a link), and an answer counts only when the
process on the other end runs as this same person (``SO_PEERCRED`` on Linux, ``LOCAL_PEERCRED``,
getpeereid's own call, on macOS; on Windows the pipe server's process token). Where no safe
folder exists the tray starts without the hand-over, and says why (``problem``).
"""

from __future__ import annotations

import os
import socket
import struct
import sys
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QByteArray, QCryptographicHash, QDir, QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_TIMEOUT_MS = 500
SEND_TIMEOUT_MS = 2000
LOCK_TIMEOUT_MS = 10_000
ACK = b"ok\n"
SHOW_PANEL = "show-panel"


def sha256_hex(text: str) -> str:
    """The SHA-256 of ``text`` (UTF-8) in hex, as hashlib says it. Qt's, not hashlib's: hashlib
    loads OpenSSL's libcrypto (~3 MB resident), which the tray needs nowhere else."""
    digest = QCryptographicHash.hash(text.encode(), QCryptographicHash.Algorithm.Sha256)
    return bytes(digest.toHex().data()).decode("ascii")


def instance_name(settings_dir: Path, user: str | None = None) -> str:
    """A short socket name for this person and settings folder (Unix socket paths are short)."""
    if user is None:
        user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    digest = sha256_hex(f"{user}\0{Path(settings_dir).absolute()}")
    return f"tokenpool-setup-{digest[:16]}"


def private_folder(env: Mapping[str, str] | None = None) -> tuple[Path | None, str]:
    """The first safe folder for the socket, or None and why there is none."""
    from app.core.fileio import ensure_owned_private_dir
    from app.core.paths import runtime_dir_candidates

    reasons = []
    for folder in runtime_dir_candidates(env):
        reason = ensure_owned_private_dir(folder)
        if not reason:
            return folder, ""
        reasons.append(reason)
    return None, " ".join(reasons) or "There is no temporary folder."


class SingleInstance(QObject):
    message_received = Signal(str)

    def __init__(
        self,
        name: str,
        parent: QObject | None = None,
        *,
        env: Mapping[str, str] | None = None,
        folder: Path | None = None,
    ) -> None:
        """``folder``: where the socket lives (tests); by default the first safe one."""
        super().__init__(parent)
        self.name = name
        # Why the hand-over is off (no safe folder, a stranger answering), in words; "" if fine.
        self.problem = ""
        self._server: QLocalServer | None = None
        self._buffers: dict[QLocalSocket, bytes] = {}
        self.address: str | None = name  # Windows: a pipe name, per user by Qt's access option
        if sys.platform != "win32":
            if folder is None:
                folder, reason = private_folder(env)
                if folder is None:
                    self.problem = (
                        "There is no folder only you can write for the tray's single-instance "
                        f"socket, so a second start cannot hand over to a running tray. {reason}"
                    )
            # Short: Qt binds in "<address>-XXXXXX/s" first, and macOS allows 104 bytes in all.
            short = "tp-" + sha256_hex(name)[:12]
            self.address = None if folder is None else str(folder / short)
            self._lock_path = None if folder is None else folder / f"{short}.lock"
        else:
            self._lock_path = Path(QDir.tempPath()) / f"{name}.lock"

    @property
    def is_primary(self) -> bool:
        return self._server is not None

    def acquire(self) -> bool:
        """Become the primary instance; False when another one is running (it answered)."""
        if self._server is not None:
            return True
        if self.address is None or self._lock_path is None:
            return True  # no safe place: this start runs on its own (``problem`` says why)
        lock = QLockFile(str(self._lock_path))
        lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        locked = lock.tryLock(LOCK_TIMEOUT_MS)
        try:
            answer = self._probe()
            if answer == "ours":
                return False
            if answer == "stranger":
                return True  # never hand over to another account; ``problem`` says it
            server = QLocalServer(self)
            # Only this user may connect (the socket is created private, not chmod-ed later).
            server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
            # WORKAROUND: with an access option Qt on Unix binds in a private temporary folder
            # (https://github.com/qt/qtbase/blob/dev/src/network/socket/qlocalserver_unix.cpp)
            # and renames the socket over the name, replacing whatever file is there; so the
            # probe above, under the lock, is what keeps a live instance's socket. Without the
            # rename (other platforms, other Qt versions) listen reports "address in use" for a
            # crashed instance's leftover instead:
            listening = server.listen(self.address)
            if not listening and locked and self._probe() == "nobody":
                QLocalServer.removeServer(self.address)
                listening = server.listen(self.address)
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
        """Another instance of this person (or this one) answers on the name."""
        return self._probe() == "ours"

    def _probe(self) -> str:
        """ "ours", "nobody", or "stranger" (answered, but runs as another account)."""
        if self.address is None:
            return "nobody"
        probe = QLocalSocket()
        probe.connectToServer(self.address)
        answered = probe.waitForConnected(CONNECT_TIMEOUT_MS)
        trusted = answered and self._trust(probe)
        if answered:
            probe.disconnectFromServer()
        probe.abort()
        if not answered:
            return "nobody"
        return "ours" if trusted else "stranger"

    def _trust(self, sock: QLocalSocket) -> bool:
        if peer_is_this_user(sock):
            return True
        self.problem = (
            "Another account answers where this tray listens, so nothing was handed to it."
        )
        return False

    def send(self, message: str) -> bool:
        """Hand ``message`` to the running instance; True once it confirmed receiving it."""
        if self.address is None:
            return False
        sock = QLocalSocket()
        sock.connectToServer(self.address)
        if not sock.waitForConnected(SEND_TIMEOUT_MS):
            return False
        try:
            if not self._trust(sock):
                return False
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
            if not peer_is_this_user(sock):  # only this person's own starts may ask
                sock.abort()
                sock.deleteLater()
                continue
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


# --------------------------------------------------------------------------- who answers


def peer_is_this_user(sock: QLocalSocket) -> bool:
    """Whether the process at the other end of a connected local socket runs as this person."""
    descriptor = int(sock.socketDescriptor())
    if descriptor < 0:
        return False
    try:
        return _peer_matches(descriptor)
    except OSError:
        return False


if sys.platform == "win32":  # pragma: no cover - Windows only
    import ctypes
    from ctypes import wintypes

    _kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    _advapi32 = ctypes.WinDLL("advapi32", use_last_error=True)
    _kernel32.OpenProcess.restype = wintypes.HANDLE
    _kernel32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
    _kernel32.CloseHandle.argtypes = (wintypes.HANDLE,)
    _kernel32.GetNamedPipeServerProcessId.argtypes = (
        wintypes.HANDLE,
        ctypes.POINTER(wintypes.ULONG),
    )
    _kernel32.GetNamedPipeClientProcessId.argtypes = (
        wintypes.HANDLE,
        ctypes.POINTER(wintypes.ULONG),
    )
    _advapi32.OpenProcessToken.argtypes = (
        wintypes.HANDLE,
        wintypes.DWORD,
        ctypes.POINTER(wintypes.HANDLE),
    )
    _advapi32.GetTokenInformation.argtypes = (
        wintypes.HANDLE,
        ctypes.c_int,
        ctypes.c_void_p,
        wintypes.DWORD,
        ctypes.POINTER(wintypes.DWORD),
    )
    _advapi32.GetLengthSid.argtypes = (ctypes.c_void_p,)
    _PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
    _TOKEN_QUERY = 0x0008
    _TOKEN_USER = 1

    def _process_user_sid(pid: int) -> bytes | None:
        process = _kernel32.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
        if not process:
            return None  # another account's process is not even visible to us: not ours
        try:
            token = wintypes.HANDLE()
            if not _advapi32.OpenProcessToken(process, _TOKEN_QUERY, ctypes.byref(token)):
                return None
            try:
                size = wintypes.DWORD()
                _advapi32.GetTokenInformation(token, _TOKEN_USER, None, 0, ctypes.byref(size))
                buffer = ctypes.create_string_buffer(size.value)
                if not _advapi32.GetTokenInformation(
                    token, _TOKEN_USER, buffer, size, ctypes.byref(size)
                ):
                    return None
                sid = ctypes.cast(buffer, ctypes.POINTER(ctypes.c_void_p))[0]  # TOKEN_USER.User.Sid
                return ctypes.string_at(sid, _advapi32.GetLengthSid(sid))
            finally:
                _kernel32.CloseHandle(token)
        finally:
            _kernel32.CloseHandle(process)

    def _peer_matches(handle: int) -> bool:
        # Either end may ask: the server's process id for a client, the client's for a server.
        pid = wintypes.ULONG()
        server_known = _kernel32.GetNamedPipeServerProcessId(handle, ctypes.byref(pid))
        if (not server_known or pid.value == os.getpid()) and not (
            _kernel32.GetNamedPipeClientProcessId(handle, ctypes.byref(pid))
        ):
            return False
        theirs = _process_user_sid(pid.value)
        return theirs is not None and theirs == _process_user_sid(os.getpid())

else:
    # macOS (and the BSDs): LOCAL_PEERCRED at level SOL_LOCAL gives a struct xucred
    # {u_int cr_version; uid_t cr_uid; short cr_ngroups; gid_t cr_groups[16]}, what getpeereid()
    # reads (Python has no getpeereid).
    _SOL_LOCAL = 0
    _LOCAL_PEERCRED = 0x001
    _XUCRED = struct.Struct("=IIh16I")

    def peer_uid(descriptor: int) -> int:
        """The user id of the process at the other end of a Unix socket."""
        dup = socket.fromfd(descriptor, socket.AF_UNIX, socket.SOCK_STREAM)  # ours to close
        try:
            if hasattr(socket, "SO_PEERCRED"):  # Linux: struct ucred {pid, uid, gid}
                raw = dup.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
                return int(struct.unpack("3i", raw)[1])
            raw = dup.getsockopt(_SOL_LOCAL, _LOCAL_PEERCRED, _XUCRED.size + 8)
            return int(struct.unpack_from("=II", raw)[1])
        finally:
            dup.close()

    def _peer_matches(descriptor: int) -> bool:
        return peer_uid(descriptor) == os.getuid()

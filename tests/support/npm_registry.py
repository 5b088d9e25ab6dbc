"""A local stand-in for the npm registry, for the native Codex install tests.

It serves what the installer reads from registry.npmjs.org — ``/-/package/<name>/dist-tags`` and
``/<name>/<version>`` (one version's manifest) — and the tarballs, with HTTP Range support that
a test can switch off. Manifests are the real ones (their ``dist.tarball`` pointing here, as any
registry mirror does); every request is logged.

Also: fetching ONE real platform tarball of the pinned Codex once into ``.cache/codex-native``
(:func:`real_codex_package`), and building small synthetic packages (:func:`make_package`).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

from tests.support.codex_harness import CODEX_VERSION, REPO_ROOT

PACKAGE = "@openai/codex"
NATIVE_CACHE = REPO_ROOT / ".cache" / "codex-native"


def integrity_of(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


@dataclass
class Published:
    manifest: dict[str, object]
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str
    range: str | None


class RegistryStandIn:
    """``with RegistryStandIn() as registry: registry.publish(...)``; ``registry.url``."""

    def __init__(self) -> None:
        self.packages: dict[str, Published] = {}
        self.latest: str | None = None
        self.range_support = True
        self.seconds_per_chunk = 0.0  # > 0 slows tarballs down (so a person could press Stop)
        self.requests: list[LoggedRequest] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> RegistryStandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def publish(
        self,
        package_version: str,
        data: bytes,
        *,
        manifest: dict[str, object] | None = None,
        integrity: str | None = None,
        tarball_url: str | None = None,
    ) -> str:
        """Serve ``data`` as ``@openai/codex@<package_version>``; returns its tarball URL."""
        url = tarball_url or f"{self.url}/tarballs/codex-{package_version}.tgz"
        base = dict(manifest or {"name": PACKAGE, "version": package_version})
        dist = dict(base.get("dist") or {})  # type: ignore[call-overload]
        dist["tarball"] = url
        dist["integrity"] = integrity or integrity_of(data)
        base["dist"] = dist
        self.packages[package_version] = Published(base, data)
        return url

    def tarball_requests(self) -> list[LoggedRequest]:
        return [r for r in self.requests if r.path.startswith("/tarballs/")]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        registry = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def _json(self, status: int, body: object) -> None:
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                registry.requests.append(LoggedRequest("GET", path, self.headers.get("Range")))
                name = unquote(path)
                if name == f"/-/package/{PACKAGE}/dist-tags":
                    self._json(200, {"latest": registry.latest} if registry.latest else {})
                    return
                if name.startswith(f"/{PACKAGE}/"):
                    published = registry.packages.get(name[len(PACKAGE) + 2 :])
                    if published is None:
                        self._json(404, {"error": "Not found"})
                    else:
                        self._json(200, published.manifest)
                    return
                match = re.fullmatch(r"/tarballs/codex-(.+)\.tgz", path)
                published = registry.packages.get(match.group(1)) if match else None
                if published is None:
                    self._json(404, {"error": "Not found"})
                    return
                self._send_bytes(published.data)

            def _send_bytes(self, data: bytes) -> None:
                start = 0
                wanted = self.headers.get("Range")
                if wanted and registry.range_support:
                    found = re.fullmatch(r"bytes=(\d+)-", wanted.strip())
                    if found:
                        start = int(found.group(1))
                    if start >= len(data):
                        self.send_response(416)
                        self.send_header("Content-Range", f"bytes */{len(data)}")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                else:
                    self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(data) - start))
                self.end_headers()
                view = memoryview(data)[start:]
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    for offset in range(0, len(view), 256 * 1024):
                        self.wfile.write(view[offset : offset + 256 * 1024])
                        if registry.seconds_per_chunk:
                            time.sleep(registry.seconds_per_chunk)

        return Handler


# --------------------------------------------------------------------------- packages


@dataclass(frozen=True)
class RealPackage:
    package_version: str
    manifest: dict[str, object]  # the registry's real manifest of that version
    tarball: Path

    @property
    def integrity(self) -> str:
        return str(self.manifest["dist"]["integrity"])  # type: ignore[index]


def real_codex_package(version: str = CODEX_VERSION, suffix: str = "linux-x64") -> RealPackage:
    """The real ``@openai/codex@<version>-<suffix>`` tarball and manifest, fetched once with npm
    into ``.cache/codex-native`` and checked against the manifest's sha512.

    Raises ``RuntimeError`` with the reason when it cannot be fetched (no npm, no network).
    """
    package_version = f"{version}-{suffix}"
    NATIVE_CACHE.mkdir(parents=True, exist_ok=True)
    manifest_file = NATIVE_CACHE / f"codex-{package_version}.json"
    tarball = NATIVE_CACHE / f"openai-codex-{package_version}.tgz"
    npm = shutil.which("npm")
    if not manifest_file.exists():
        if npm is None:
            raise RuntimeError("npm is not on PATH, so the real Codex package cannot be fetched")
        done = subprocess.run(
            [npm, "view", f"{PACKAGE}@{package_version}", "--json"],
            capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"npm view {PACKAGE}@{package_version} failed: {done.stderr[-500:]}")
        manifest_file.write_text(done.stdout, encoding="utf-8")
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    integrity = manifest["dist"]["integrity"]
    if not tarball.exists() or not _matches(tarball, integrity):
        if npm is None:
            raise RuntimeError("npm is not on PATH, so the real Codex package cannot be fetched")
        done = subprocess.run(
            [npm, "pack", f"{PACKAGE}@{package_version}", "--pack-destination", str(NATIVE_CACHE)],
            capture_output=True, text=True, timeout=900, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        if done.returncode != 0 or not tarball.exists():
            raise RuntimeError(f"npm pack {PACKAGE}@{package_version} failed: {done.stderr[-500:]}")
        if not _matches(tarball, integrity):
            raise RuntimeError("the downloaded Codex package does not match its sha512")
    return RealPackage(package_version, manifest, tarball)


def _matches(path: Path, integrity: str) -> bool:
    digest = hashlib.sha512()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return "sha512-" + base64.b64encode(digest.digest()).decode() == integrity


def fake_codex_script(version: str, exit_code: int = 0) -> bytes:
    return (
        f'#!/bin/sh\nif [ "$1" = "--version" ]; then echo "codex-cli {version}"; fi\n'
        f"exit {exit_code}\n"
    ).encode()


def make_package(
    triple: str,
    files: dict[str, bytes],
    *,
    links: dict[str, str] | None = None,
    raw_names: dict[str, bytes] | None = None,
    executable: str = "codex",
) -> bytes:
    """A gzipped npm-style tarball: ``files`` under ``package/vendor/<triple>/``; ``links``
    (name → target) as symlinks there; ``raw_names`` added with their exact names."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:

        def add(name: str, data: bytes, mode: int = 0o644) -> None:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = mode
            archive.addfile(info, io.BytesIO(data))

        add("package/package.json", b'{"name": "@openai/codex"}')
        for name, data in files.items():
            mode = 0o755 if name.startswith("bin/") else 0o644
            add(f"package/vendor/{triple}/{name}", data, mode)
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(f"package/vendor/{triple}/{name}")
            info.type = tarfile.SYMTYPE
            info.linkname = target
            archive.addfile(info)
        for name, data in (raw_names or {}).items():
            add(name, data)
    return out.getvalue()


@contextlib.contextmanager
def environment_without_node(tmp_path: Path, *extra: Path) -> Iterator[str]:
    """A PATH that holds no ``node`` (nor npm): an empty folder plus ``extra``."""
    empty = tmp_path / "bin-without-node"
    empty.mkdir(exist_ok=True)
    path = os.pathsep.join([str(p) for p in extra] + [str(empty)])
    assert shutil.which("node", path=path) is None
    assert shutil.which("npm", path=path) is None
    yield path

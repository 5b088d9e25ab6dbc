"""The npm registry's metadata for the platform packages of ``@openai/codex``.

Only two small documents are read: ``/-/package/@openai%2fcodex/dist-tags`` (the newest release)
and ``/@openai%2fcodex/<version>-<os>-<arch>`` (one version's manifest with ``dist.tarball`` and
``dist.integrity``). The full package document is tens of megabytes and never fetched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from app.core.codex_install.model import CodexInstallProblem
from app.core.codex_install.platforms import Target
from app.core.codex_versions import NEWEST_TESTED_CODEX_VERSION
from app.core.endpoints import is_loopback_host

if TYPE_CHECKING:
    import httpx

DEFAULT_REGISTRY = "https://registry.npmjs.org"
PACKAGE = "@openai/codex"
METADATA_TIMEOUT_S = 20.0
_VERSION_RE = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z][0-9A-Za-z.]*)?$")

ClientFactory = Callable[[], "httpx.Client"]


@dataclass(frozen=True)
class Release:
    """One version of Codex's platform package in the npm registry: where its tarball is and the
    hash it must match."""

    version: str  # "0.171.0"
    package_version: str  # "0.171.0-linux-x64"
    tarball: str
    integrity: str  # SRI: "sha512-<base64>"


def tested_version() -> str:
    """The newest Codex version we test against (what is installed unless asked otherwise)."""
    return NEWEST_TESTED_CODEX_VERSION


def check_url(url: str) -> str:
    """Only HTTPS leaves this computer; plain http only to a local address (tests)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is not None and parts.hostname:
        if parts.scheme == "https":
            return url
        if parts.scheme == "http" and is_loopback_host(parts.hostname):
            return url
    shown = without_credentials(url)
    raise CodexInstallProblem(
        f"The address {shown} is not a secure (https://) address.",
        code="install_insecure_url",
        hint="Use the npm registry's https:// address.",
        params={"url": shown},
    )


def without_credentials(url: str) -> str:
    """``url`` without ``user:password@``: a token in a registry address is never shown."""
    try:
        parts = urlsplit(url)
        if parts.username is None and parts.password is None:
            return url
        host = parts.hostname or ""
        if parts.port is not None:
            host = f"{host}:{parts.port}"
        return parts._replace(netloc=f"…@{host}").geturl()
    except ValueError:
        return "(the address given)"


def network_problem(exc: Exception, url: str) -> CodexInstallProblem:
    """A failed request in plain words; a malformed address (bad port, bad international name)
    says so instead of "something unexpected"."""
    import httpx

    from app.core.net.http import classify_exception, explain, host_of

    shown = without_credentials(url)
    if isinstance(exc, (httpx.InvalidURL, UnicodeError)):
        return CodexInstallProblem(
            f"The address {shown} is not a valid address.",
            code="install_bad_address",
            hint="Check the registry address for typos, then try again.",
            params={"url": shown},
        )
    kind = classify_exception(exc)
    message, hint = explain(kind, host=host_of(url))
    # explain() speaks of TokenPool's endpoints; the registry has no other endpoint.
    hint = hint.replace("try the other TokenPool endpoint", "try another network")
    return CodexInstallProblem(
        message, code="install_network", hint=hint, params={"kind": kind, "host": host_of(url)}
    )


def _package_path() -> str:
    return quote(PACKAGE, safe="@")  # "@openai%2Fcodex"


def _get_json(client: httpx.Client, url: str) -> Any:
    import httpx

    try:
        response = client.get(check_url(url), headers={"Accept": "application/json"})
    except (httpx.HTTPError, httpx.InvalidURL, UnicodeError) as exc:
        raise network_problem(exc, url) from exc
    if response.status_code == 404:
        return None
    if response.status_code != 200:
        raise CodexInstallProblem(
            f"The package registry answered with HTTP {response.status_code}.",
            code="install_registry_error",
            hint="Try again in a minute.",
            params={"status": str(response.status_code)},
        )
    try:
        return response.json()
    except ValueError as exc:
        raise CodexInstallProblem(
            "The package registry's answer could not be read.",
            code="install_registry_error",
            hint="Try again in a minute.",
        ) from exc


def fetch_latest_version(client: httpx.Client, registry: str = DEFAULT_REGISTRY) -> str:
    """The newest Codex release (the ``latest`` dist-tag)."""
    url = f"{registry.rstrip('/')}/-/package/{_package_path()}/dist-tags"
    data = _get_json(client, url)
    latest = data.get("latest") if isinstance(data, dict) else None
    if not isinstance(latest, str) or not _VERSION_RE.fullmatch(latest):
        raise CodexInstallProblem(
            "The package registry did not say which Codex version is the newest.",
            code="install_registry_error",
            hint="Try again in a minute, or name a version.",
        )
    return latest


def resolve_version(
    requested: str | None, client: httpx.Client, registry: str = DEFAULT_REGISTRY
) -> str:
    """``None``/"tested" → the newest tested version; "latest" → the newest release; else as is."""
    wanted = (requested or "tested").strip()
    if wanted == "tested":
        return tested_version()
    if wanted == "latest":
        return fetch_latest_version(client, registry)
    if not _VERSION_RE.fullmatch(wanted):
        raise CodexInstallProblem(
            f"{wanted!r} is not a Codex version.",
            code="install_bad_version",
            hint='Write it like 0.171.0, or use "latest".',
            params={"version": wanted},
        )
    return wanted


def fetch_release(
    client: httpx.Client, version: str, target: Target, registry: str = DEFAULT_REGISTRY
) -> Release:
    """The manifest of ``@openai/codex@<version>-<os>-<arch>``: tarball URL and sha512."""
    package_version = f"{version}-{target.suffix}"
    url = f"{registry.rstrip('/')}/{_package_path()}/{quote(package_version)}"
    data = _get_json(client, url)
    if data is None:
        raise CodexInstallProblem(
            f"Codex {version} is not published for this computer ({target.suffix}).",
            code="install_version_missing",
            hint="Choose another version, or the newest release.",
            params={"version": version, "platform": target.suffix},
        )
    dist = data.get("dist") if isinstance(data, dict) else None
    tarball = dist.get("tarball") if isinstance(dist, dict) else None
    integrity = dist.get("integrity") if isinstance(dist, dict) else None
    if (
        not isinstance(data, dict)
        or data.get("version") != package_version
        or data.get("name") != PACKAGE
        or not isinstance(tarball, str)
        or not isinstance(integrity, str)
        or sha512_digest(integrity) is None
    ):
        raise CodexInstallProblem(
            "The package registry's description of Codex is incomplete (no sha512 checksum).",
            code="install_registry_error",
            hint="Nothing was downloaded. Try again later.",
        )
    return Release(version, package_version, check_url(tarball), integrity)


def sha512_digest(integrity: str) -> bytes | None:
    """The sha512 digest in an SRI string (``sha512-<base64>``, maybe among others), or None."""
    import base64
    import binascii

    for token in integrity.split():
        algorithm, _, value = token.partition("-")
        if algorithm.lower() != "sha512":
            continue
        try:
            digest = base64.b64decode(value.split("?", 1)[0], validate=True)
        except (binascii.Error, ValueError):
            continue
        if len(digest) == 64:
            return digest
    return None

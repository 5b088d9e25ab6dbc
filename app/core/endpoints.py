"""TokenPool's API endpoints and the rules for turning what people type into a usable base URL.

Offline and instant. The gateway's own setup page is the source of truth: the API lives at
``https://api.clawto.link`` (recommended) or ``https://api.tokenpool.dev``; the website, console and
CDN are *not* API endpoints.

URL shapes, and who adds what:
- Codex sends ``POST {base_url}/responses`` and adds no ``/v1`` (:func:`responses_url`).
- Sub2API serves ``/v1/models`` and ``/v1/usage`` only under ``/v1``, so our own calls go to
  :func:`api_root` (base with ``/v1`` ensured, never doubled) — see :func:`models_url`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

from app.core.errors import EndpointRefused

RECOMMENDED_URL = "https://api.clawto.link"
STANDARD_URL = "https://api.tokenpool.dev"
TOKENPOOL_API_HOSTS = frozenset({"api.clawto.link", "api.tokenpool.dev"})
_USE_INSTEAD = f"Use {RECOMMENDED_URL} (recommended) or {STANDARD_URL}."


@dataclass(frozen=True)
class Endpoint:
    """A gateway address the wizard offers (the catalogue) or the person typed."""

    url: str
    label: str
    recommended: bool = False


CATALOGUE: tuple[Endpoint, ...] = (
    Endpoint(RECOMMENDED_URL, "Recommended", recommended=True),
    Endpoint(STANDARD_URL, "Standard"),
)


@dataclass(frozen=True)
class BaseUrlVerdict:
    """What the doctor needs to know about a base_url found in config.toml. Never raises."""

    url: str
    host: str
    is_tokenpool: bool
    website_refusal_reason: str | None
    insecure: bool
    problem: str | None = None  # unparseable, not http(s), no host: Codex cannot use it at all

    @property
    def ok(self) -> bool:
        return self.problem is None and self.website_refusal_reason is None and not self.insecure


# The last path segment people paste by mistake when they copy a full request URL from docs.
_OPERATION_SUFFIXES = ("/responses", "/chat/completions", "/completions", "/models")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u2060\u00a0"))


def tidy_endpoint_url(text: str) -> str:
    """Normalise a typed/pasted endpoint, or raise :class:`EndpointRefused` with a plain message.

    Adds ``https://`` when no scheme is given, lowercases scheme and host, drops trailing slashes,
    query and fragment, keeps the path otherwise as given.
    """
    raw = text.translate(_INVISIBLE).strip().strip("'\"`").strip()
    if not raw:
        raise EndpointRefused("Enter the API address (endpoint). " + _USE_INSTEAD, code="empty")
    if not _SCHEME.match(raw):
        raw = "https://" + raw.lstrip("/")
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        raise EndpointRefused(
            "This does not look like a web address. " + _USE_INSTEAD, code="malformed"
        ) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise EndpointRefused(
            f"The address must start with https:// (it starts with {scheme}://). " + _USE_INSTEAD,
            code="bad_scheme",
        )
    host = (parts.hostname or "").lower()
    if not host:
        raise EndpointRefused("The address has no server name. " + _USE_INSTEAD, code="no_host")
    ascii_host = _ascii_host(host)
    if ascii_host is None:
        raise EndpointRefused(
            "This does not look like a web address. " + _USE_INSTEAD, code="malformed"
        )
    host = ascii_host
    if parts.password is not None or parts.username:
        # A key pasted before the host (https://sk-…@api…) would be saved and shown in plain
        # text: refuse any user part, not only a password.
        raise EndpointRefused(
            "The address contains a user name or password (…@ before the server name). Remove "
            "it: TokenPool uses your API key instead, and anything there would be saved in "
            "plain text.",
            code="password_in_url",
        )
    # Percent-encode what cannot stand in a URL path (spaces, quotes), keeping existing escapes.
    path = quote(parts.path, safe="/%:@!$&()*+,;=-._~").rstrip("/")
    lowered_path = path.lower()
    for suffix in _OPERATION_SUFFIXES:
        # A full request URL copied from docs: Codex adds /responses itself.
        if lowered_path.endswith(suffix):
            path = path[: -len(suffix)].rstrip("/")
            break

    refusal = website_refusal_reason(f"{scheme}://{host}{path}")
    if refusal:
        raise EndpointRefused(refusal, code="website_not_api")

    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc = f"{netloc}:{port}"
    return urlunsplit((scheme, netloc, path, "", ""))


_HOST_LABEL = re.compile(r"[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?")


def _ascii_host(host: str) -> str | None:
    """The host in ASCII (IDN → punycode), or None when it cannot be a host name."""
    if ":" in host:  # an IPv6 literal; urlsplit already removed the brackets
        try:
            import ipaddress  # only for IPv6 literals; a large module, kept off start-up

            return str(ipaddress.IPv6Address(host.split("%")[0]))
        except ValueError:
            return None
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    labels = host.rstrip(".").split(".")
    if not all(_HOST_LABEL.fullmatch(label) for label in labels):
        return None
    return host.rstrip(".")


def safe_endpoint_url(text: str) -> str:
    """An endpoint our key may be sent to: tidied (see :func:`tidy_endpoint_url`), never a
    website, and never plain http:// to another computer (TokenPool hosts are moved to https)."""
    url = tidy_endpoint_url(text)
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme == "http" and not is_loopback_host(host):
        if host in TOKENPOOL_API_HOSTS:
            return "https://" + url[len("http://") :]
        raise EndpointRefused(
            f"{url} uses plain http://: your API key would travel unencrypted. Use the "
            "https:// address of the API.",
            code="insecure_url",
        )
    return url


def website_refusal_reason(url: str) -> str | None:
    """The plain-language reason ``url`` is a TokenPool website/console/CDN rather than the API."""
    try:
        parts = urlsplit(url if _SCHEME.match(url.strip()) else "https://" + url.strip())
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    path = parts.path.lower()
    shown = f"{(parts.scheme or 'https').lower()}://{host}{parts.path.rstrip('/')}"

    what: str | None = None
    if host in ("tokenpool.dev", "www.tokenpool.dev"):
        what = "console" if path.startswith("/console") else "website"
    elif host == "cdn.tokenpool.dev":
        what = "CDN"
    elif _is_other_tokenpool_host(host):
        what = "website"
    if what is None:
        return None
    return (
        f"{shown} is the TokenPool {what}, not the API. {_USE_INSTEAD} "
        "(The TokenPool setup page lists it under “Do NOT use these as API endpoints”.)"
    )


def _is_other_tokenpool_host(host: str) -> bool:
    if host.endswith(".tokenpool.dev"):
        return host != "api.tokenpool.dev"
    if host == "clawto.link" or host.endswith(".clawto.link"):
        return not host.startswith("api.")
    return False


def classify_base_url(url: str) -> BaseUrlVerdict:
    """Judge a base_url as Codex would use it; for the doctor. Never raises."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower().rstrip(".")
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return BaseUrlVerdict(text, "", False, None, False, problem="The address is not valid.")
    scheme = parts.scheme.lower()
    problem: str | None = None
    if scheme not in ("http", "https"):
        problem = "The address must start with https://."
    elif not host:
        problem = "The address has no server name."
    insecure = scheme == "http" and bool(host) and not is_loopback_host(host)
    return BaseUrlVerdict(
        url=text,
        host=host,
        is_tokenpool=host in TOKENPOOL_API_HOSTS,
        website_refusal_reason=website_refusal_reason(text) if host else None,
        insecure=insecure,
        problem=problem,
    )


def is_loopback_host(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        import ipaddress

        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# --------------------------------------------------------------------------- URL shapes


def without_v1(base: str) -> str:
    """The base with one trailing ``/v1`` (and slashes) removed: where ``/api/...`` routes live."""
    base = base.rstrip("/")
    return base[:-3] if base.lower().endswith("/v1") else base


def api_root(base: str) -> str:
    """The base with ``/v1`` ensured, never doubled: where ``/models`` and ``/usage`` live."""
    return without_v1(base) + "/v1"


def models_url(base: str) -> str:
    return api_root(base) + "/models"


def responses_url(base: str) -> str:
    """Exactly what Codex calls: ``{base_url}/responses`` (Codex adds no ``/v1``)."""
    return base.rstrip("/") + "/responses"


def catalogue_entry(url: str, catalogue: tuple[Endpoint, ...] = CATALOGUE) -> Endpoint | None:
    """The catalogue entry for ``url`` (same scheme, host and port; any path such as ``/v1``)."""
    origin = _origin(url)
    if origin is None:
        return None
    for entry in catalogue:
        if _origin(entry.url) == origin:
            return entry
    return None


def _origin(url: str) -> tuple[str, str, int | None] | None:
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())
    except ValueError:
        return None
    return (parts.scheme.lower(), host, port) if host else None


def key_goes_in_clear(url: str) -> bool:
    """Whether sending a key to ``url`` would put it on the network unencrypted.

    Loopback (127.0.0.0/8, ::1, ``localhost``) never leaves this computer, so plain http is fine
    there; anything else needs https. A URL that cannot be read counts as unsafe.
    """
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
    except ValueError:
        return True
    if parts.scheme.lower() == "https":
        return False
    if host == "localhost":
        return False
    import ipaddress

    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True

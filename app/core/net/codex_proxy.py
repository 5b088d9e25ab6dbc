"""Whether Codex itself can use the proxy this computer is set up with.

Codex 0.169 and 0.171 make no connection at all through a SOCKS proxy (``socks5://`` or
``socks5h://`` in ``HTTPS_PROXY``/``ALL_PROXY``, either case): they retry until they give up, while
an HTTP proxy works (reproduced with ``tests/support/socks5_server.py`` and ``codex exec``).
This app talks through SOCKS fine, so its own checks would be green while Codex fails: say so
before the person tests Codex. No httpx here: the resident tray and the wizard's Done page call it.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.core.findings import Finding
from app.core.net.http import proxy_settings, redact_proxy

# WORKAROUND: Codex's HTTP client is built without reqwest's "socks" feature, so a socks5://
# proxy cannot carry its requests (https://github.com/openai/codex/issues/20844). Drop this
# finding once a tested Codex connects through tests/support/socks5_server.py.
DEFAULT_BASE_URL = "https://api.clawto.link/v1"
# The variables Codex reads for an https:// address, in the order it prefers them.
_HTTPS_PROXY_NAMES = ("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")


def codex_proxy_finding(env: Mapping[str, str], base_url: str | None = None) -> Finding | None:
    """A warning when the proxy Codex would use for ``base_url`` is a SOCKS proxy (None when it
    is an HTTP proxy, when there is none, or when the address bypasses it)."""
    settings = proxy_settings(env)
    proxy = settings.for_url(base_url or DEFAULT_BASE_URL)
    if not proxy or not proxy.lower().startswith("socks"):
        return None
    names = [n for n in _HTTPS_PROXY_NAMES if env.get(n, "").strip().lower().startswith("socks")]
    where = names[0] if names else "the proxy settings"
    return Finding(
        "codex_needs_http_proxy",
        "warning",
        f"{where} points at a SOCKS proxy ({redact_proxy(proxy)}). Codex cannot use a SOCKS "
        "proxy: it makes no connection through it and keeps retrying, although TokenPool Setup "
        "itself gets through.",
        hint="Give Codex an HTTP proxy instead: VPN and proxy clients usually show an "
        '"HTTP port" or "mixed port" next to the SOCKS one in their settings (often 7890, '
        "10809 or 8080). Set HTTPS_PROXY=http://127.0.0.1:PORT where you start Codex, and "
        f"remove the SOCKS address from {where}.",
    )

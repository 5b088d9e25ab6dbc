"""A plain-text report for TokenPool's support: what this computer has, and nothing private.

What goes in is chosen field by field (an allow-list, like the event log): versions, the doctor's
findings, the shape of config.toml (table names, our own settings' values), the endpoint we write
and how it answered, the quota status, the proxy's kind and host. What stays out: the key (masked
wherever it could appear), the user name and home folder (``~``), other providers' addresses (their
kind only), MCP servers' commands and environments, profiles' and projects' names. A last pass over
the finished text (:func:`scrub`) repeats the masking, so a mistake in one section leaks nothing.

Pure Python, no Qt: the CLI prints it, the window and the tray show it before copying or saving.
"""

from __future__ import annotations

import json
import os
import platform as platform_module
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app import __version__
from app.core.paths import AppPaths, home_dir

# How many recent problems from the event log are worth a supporter's time.
RECENT_EVENTS = 12
_PROBLEM_EVENTS = frozenset({"error", "unexpected_error", "tray_start_failed", "autostart_failed"})
# Key-like tokens: the usual prefixes, JSON web tokens, and any long run of key characters.
_KEY_SHAPED = re.compile(
    r"(?<![A-Za-z0-9_-])(?:sk|pk|rk|sess|ghp|gho)[-_][A-Za-z0-9_\-]{6,}"
    r"|(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_\-.]{10,}"
    r"|(?<![A-Za-z0-9_-])[A-Za-z0-9_\-]{32,}(?![A-Za-z0-9_-])"
)
_TOKENPOOL_DOMAINS = ("tokenpool.dev", "clawto.link")
# An address in running text; a sentence's full stop or comma after it is not part of it.
_URL = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s'\"<>)\]]*[^\s'\"<>)\].,;:]")


@dataclass(frozen=True)
class PrivateWords:
    """What :func:`scrub` hides: home folders (shown as ``~``), user names (``<user>``) and
    secrets (masked). Never in repr."""

    homes: tuple[str, ...] = field(default=(), repr=False)
    users: tuple[str, ...] = field(default=(), repr=False)
    secrets: tuple[str, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class ReportSection:
    """One headed part of the support report (system, Codex, doctor…), as lines of plain text."""

    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class SupportReport:
    """The sections in the order a supporter reads them; :meth:`text` is what is shown and sent."""

    sections: tuple[ReportSection, ...]
    created: datetime
    private: PrivateWords = PrivateWords()

    def text(self) -> str:
        out = [
            "TokenPool Setup — report for support",
            f"Made {self.created.strftime('%Y-%m-%d %H:%M UTC')}. The key is masked; no user name, "
            "home folder or other provider's address is included.",
        ]
        for section in self.sections:
            out += ["", f"## {section.title}", *(f"  {line}" for line in section.lines)]
        return scrub("\n".join(out) + "\n", self.private)


# --------------------------------------------------------------------------- privacy


def mask_token(token: str) -> str:
    from app.core.keys import mask_key

    return mask_key(token)


def scrub(text: str, private: PrivateWords = PrivateWords()) -> str:
    """The finished text with every private word replaced, other providers' addresses hidden,
    then every key-shaped token masked."""
    for secret in sorted({s for s in private.secrets if len(s) >= 4}, key=len, reverse=True):
        text = text.replace(secret, mask_token(secret))
    for home in sorted({h for h in private.homes if len(h) > 1}, key=len, reverse=True):
        text = text.replace(home, "~")
    for user in {u for u in private.users if u}:
        # As a whole word only: "ann" stays in "annual".
        text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(user)}(?![A-Za-z0-9])", "<user>", text)
    text = _URL.sub(
        lambda m: m.group(0) if _is_ours_or_local(m.group(0)) else "(another address)", text
    )
    return _KEY_SHAPED.sub(lambda m: mask_token(m.group(0)), text)


def private_words(env: Mapping[str, str], secrets: Iterable[str] = ()) -> PrivateWords:
    """The home folder (both slash styles), the user's name and the given secrets."""
    home = str(home_dir(env))
    homes = tuple({home, home.replace("\\", "/"), home.replace("/", "\\")} - {"/", "\\", ""})
    users = tuple(
        value for name in ("USER", "USERNAME", "LOGNAME") if (value := env.get(name, "").strip())
    )
    return PrivateWords(homes, users, tuple(s for s in secrets if s))


def _is_ours_or_local(url: str) -> bool:
    from urllib.parse import urlsplit

    from app.core.endpoints import TOKENPOOL_API_HOSTS, is_loopback_host

    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    # TokenPool's API hosts and its own websites (the console, named in our hints).
    ours = host in TOKENPOOL_API_HOSTS or host.endswith(_TOKENPOOL_DOMAINS)
    return ours or is_loopback_host(host)


def provider_kind(table: Mapping[str, Any]) -> str:
    """Another provider's kind from its name or address (its host is never shown)."""
    words = f"{table.get('name', '')} {table.get('base_url', '')}".lower()
    for needle, kind in (
        ("openrouter", "OpenRouter"),
        ("litellm", "LiteLLM"),
        ("azure", "Azure OpenAI"),
        ("api.openai.com", "OpenAI"),
        ("ollama", "Ollama"),
        ("lmstudio", "LM Studio"),
        ("localhost", "a program on this computer"),
        ("127.0.0.1", "a program on this computer"),
    ):
        if needle in words:
            return kind
    return "self-hosted or another relay"


# --------------------------------------------------------------------------- sections


def app_section(
    *, frozen: bool, executable: str, platform: str = sys.platform, env: Mapping[str, str]
) -> ReportSection:
    return ReportSection(
        "TokenPool Setup",
        (
            f"Version: {__version__}",
            "Installed as: "
            + how_installed(frozen=frozen, executable=executable, platform=platform, env=env),
            f"Python: {platform_module.python_version()}",
            f"Qt for Python: {_distribution_version('PySide6-Essentials') or 'not installed'}",
        ),
    )


def how_installed(
    *, frozen: bool, executable: str, platform: str = sys.platform, env: Mapping[str, str]
) -> str:
    if not frozen:
        return "from source (Python)"
    exe = Path(executable)
    if platform == "win32":
        return (
            "Windows installer"
            if (exe.parent / "uninstall.exe").exists()
            else "Windows portable zip (no installer)"
        )
    if platform == "darwin":
        if "/AppTranslocation/" in executable or executable.startswith("/Volumes/"):
            return "macOS app, run from the disk image or a quarantined folder (not Applications)"
        if executable.startswith("/Applications/"):
            return "macOS app in /Applications"
        return "macOS app outside /Applications"
    installed_lib = home_dir(env) / ".local" / "lib" / "tokenpool-setup"
    if installed_lib in exe.parents:
        return "Linux bundle installed with install.sh"
    return "Linux bundle (unpacked, not installed)"


def _distribution_version(name: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def system_section(platform: str = sys.platform) -> ReportSection:
    if platform == "darwin":
        name = f"macOS {platform_module.mac_ver()[0] or '(version unknown)'}"
    elif platform == "win32":
        release, version, _csd, _ptype = platform_module.win32_ver()
        name = f"Windows {release} (build {version})"
    else:
        name = _linux_name()
    return ReportSection(
        "System",
        (
            f"Operating system: {name}",
            f"Architecture: {platform_module.machine() or 'unknown'}",
            f"Display: {_display_kind()}",
        ),
    )


def _linux_name() -> str:
    try:
        release = platform_module.freedesktop_os_release()
    except OSError:
        return f"Linux {platform_module.release()}"
    return f"{release.get('PRETTY_NAME', 'Linux')} (kernel {platform_module.release()})"


def _display_kind() -> str:
    if sys.platform != "linux":
        return "native"
    session = os.environ.get("XDG_SESSION_TYPE") or (
        "wayland"
        if os.environ.get("WAYLAND_DISPLAY")
        else "x11"
        if os.environ.get("DISPLAY")
        else ""
    )
    desktop = os.environ.get("XDG_CURRENT_DESKTOP", "")
    return ", ".join(p for p in (session, desktop) if p) or "none (no desktop session)"


def codex_section(report: Any, env: Mapping[str, str]) -> ReportSection:
    lines: list[str] = []
    codex = getattr(report, "codex", None)
    if codex is None:
        lines.append("Codex CLI: not found")
    else:
        lines.append(f"Codex CLI used: {codex.path} (version {codex.version or 'unknown'})")
    try:
        from app.core.codex_install.which import codex_choice

        choice = codex_choice(env, used=codex.path if codex is not None else None)
    except Exception:  # a report must come out whatever else is broken
        choice = None
    for install in getattr(choice, "found", ()) or ():
        path = getattr(install, "path", install)
        if codex is None or str(path) != str(codex.path):
            lines.append(f"Also found: {path}")
    from app.core.codex_versions import CODEX_VERSIONS

    lines.append(f"Versions this app is tested with: {', '.join(CODEX_VERSIONS)}")
    return ReportSection("Codex", tuple(lines))


def doctor_section(report: Any) -> ReportSection:
    findings = getattr(report, "findings", ())
    if not findings:
        return ReportSection("Doctor", ("No problems found.",))
    lines = []
    for f in findings:
        where = f" (config.toml line {f.line})" if getattr(f, "line", None) else ""
        lines.append(f"[{f.severity}] {f.code}{where}: {f.message}")
        if f.hint:
            lines.append(f"    what to do: {f.hint}")
    return ReportSection("Doctor", tuple(lines))


# Our own top-level settings and provider fields: their values are shown as they are.
_OUR_TOP_LEVEL = ("model_provider", "model", "review_model", "model_reasoning_effort")
_OUR_PROVIDER_FIELDS = ("name", "base_url", "wire_api", "requires_openai_auth", "env_key")


def config_section(state: Any) -> ReportSection:
    """The shape of config.toml: how the file is, which tables it has, our settings' values."""
    snapshot = state.config
    if snapshot.state == "missing":
        return ReportSection("config.toml", ("Not there yet.",))
    lines = [
        f"File: {snapshot.state}, {len(snapshot.raw)} bytes, "
        f"{'Windows (CRLF)' if snapshot.crlf else 'Unix (LF)'} line ends"
        f"{', starts with a byte-order mark' if snapshot.had_bom else ''}",
    ]
    doc = state.doc
    if doc is None:
        lines.append("Could not be read as TOML (see the doctor's findings).")
        return ReportSection("config.toml", tuple(lines))
    from app.core import codex_config

    data = codex_config.to_plain(doc)
    for name in _OUR_TOP_LEVEL:
        if name in data and not isinstance(data[name], dict):
            lines.append(f"{name} = {_value(data[name])}")
    providers = data.get("model_providers")
    ours = state.tokenpool_id
    if isinstance(providers, dict):
        for pid, table in providers.items():
            if not isinstance(table, dict):
                continue
            if pid == ours:
                shown = ", ".join(
                    f"{k} = {_value(table[k])}" for k in _OUR_PROVIDER_FIELDS if k in table
                )
                lines.append(f"[model_providers.{pid}] (TokenPool): {shown}")
                others = sorted(set(table) - set(_OUR_PROVIDER_FIELDS))
                if others:
                    lines.append(f"    also set: {', '.join(others)} (values not shown)")
            else:
                active = " — the active provider" if pid == state.provider_id else ""
                lines.append(
                    f"another provider ({provider_kind(table)}){active}: "
                    f"fields {', '.join(sorted(table))} (values not shown)"
                )
    counted = {
        "mcp_servers": "MCP servers",
        "profiles": "profiles",
        "projects": "trusted projects",
        "hooks": "hooks",
    }
    for table_name, words in counted.items():
        value = data.get(table_name)
        if isinstance(value, dict) and value:
            lines.append(f"{words}: {len(value)} (names, commands and settings not shown)")
    other_tables = sorted(
        k
        for k, v in data.items()
        if isinstance(v, dict) and k not in counted and k != "model_providers"
    )
    if other_tables:
        lines.append(f"other tables: {', '.join(other_tables)}")
    other_keys = sorted(
        k for k, v in data.items() if not isinstance(v, dict) and k not in _OUR_TOP_LEVEL
    )
    if other_keys:
        lines.append(f"other settings: {', '.join(other_keys)} (values not shown)")
    return ReportSection("config.toml", tuple(lines))


def _value(value: Any) -> str:
    if isinstance(value, str):
        if value.startswith(("http://", "https://")) and not _is_ours_or_local(value):
            return '"(another address, not shown)"'
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return f"({type(value).__name__}, not shown)"


def key_section(state: Any, key: str, key_source: str) -> ReportSection:
    auth = state.auth_state
    lines = [f"auth.json: {auth.state}" + (f" ({auth.error})" if auth.error else "")]
    if auth.has_chatgpt_tokens:
        lines.append("auth.json also holds a ChatGPT sign-in")
    mode = _mode(state.paths.auth_json)
    if mode:
        lines.append(f"auth.json permissions: {mode}")
    lines.append(
        f"Key used for the checks: {mask_token(key) if key else 'none found'}"
        + (f" (from {key_source})" if key else "")
    )
    return ReportSection("Key", tuple(lines))


def _mode(path: Path) -> str:
    if sys.platform == "win32":
        return ""
    try:
        return oct(path.stat().st_mode & 0o777)
    except OSError:
        return ""


def endpoint_section(state: Any, probes: Sequence[Any] | None) -> ReportSection:
    provider = state.provider if not state.other_provider_active else None
    base_url = provider.get("base_url") if isinstance(provider, dict) else None
    if isinstance(base_url, str) and _is_ours_or_local(base_url):
        configured = base_url
    else:
        configured = "another provider" if state.other_provider_active else "none"
    lines = [f"Configured: {configured}"]
    if probes is None:
        lines.append("Endpoints not tested (the report was made offline).")
    for r in probes or ():
        if r.ok:
            lines.append(f"{r.url}: answers, {r.latency_ms:.0f} ms")
        else:
            kind = r.error.kind if r.error else "failed"
            message = r.error.message if r.error else ""
            lines.append(f"{r.url}: {kind} — {message}")
    return ReportSection("Endpoint", tuple(lines))


def quota_section(result: Any | None) -> ReportSection:
    if result is None:
        return ReportSection("Quota", ("Not asked (offline, or no key or endpoint).",))
    return ReportSection("Quota", (f"{result.status}: {result.message}",))


def proxy_section(env: Mapping[str, str] | None = None) -> ReportSection:
    from app.core.net.http import proxy_settings

    try:
        settings = proxy_settings(env)
    except Exception as exc:  # a malformed proxy setting is itself worth reporting
        return ReportSection(
            "Proxy", (f"The proxy settings could not be read ({type(exc).__name__}).",)
        )
    if not settings.proxies:
        return ReportSection("Proxy", ("None (direct connection).",))
    source = "the system settings" if settings.from_os else "environment variables"
    lines = [f"From {source}:"]
    for scheme, url in sorted(settings.proxies.items()):
        lines.append(f"for {scheme}: {_proxy_kind_and_host(url)}")
    if settings.no_proxy:
        lines.append(f"bypassed for {len(settings.no_proxy)} host pattern(s)")
    return ReportSection("Proxy", tuple(lines))


def _proxy_kind_and_host(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        host = parts.hostname or "?"
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "a setting that is not a valid address"
    kind = {"socks5": "SOCKS5", "socks5h": "SOCKS5", "https": "HTTPS", "http": "HTTP"}.get(
        parts.scheme.lower(), parts.scheme or "?"
    )
    return f"{kind} proxy at {host}{port}"


def events_section(paths: AppPaths, limit: int = RECENT_EVENTS) -> ReportSection:
    """The newest problems from our event log (already free of secrets by its allow-list)."""
    from app.core.eventlog import LOG_NAME

    records: list[dict[str, Any]] = []
    for name in (LOG_NAME + ".1", LOG_NAME):
        try:
            text = (paths.settings_dir / name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for line in text.splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict) and (
                record.get("event") in _PROBLEM_EVENTS or record.get("ok") is False
            ):
                records.append(record)
    if not records:
        return ReportSection("Recent problems", ("None recorded.",))
    lines = []
    for record in records[-limit:]:
        fields = ", ".join(
            f"{k}={_event_value(k, v)}" for k, v in record.items() if k not in ("at", "event")
        )
        lines.append(f"{record.get('at', '?')} {record.get('event')}: {fields}")
    return ReportSection("Recent problems", tuple(lines))


def _event_value(name: str, value: Any) -> str:
    if name == "host" and isinstance(value, str) and not _is_ours_or_local(f"https://{value}"):
        return "another host"
    return str(value)


# --------------------------------------------------------------------------- gathering


@dataclass(frozen=True)
class ReportInputs:
    """What the report needs from outside; tests pass their own."""

    env: Mapping[str, str]
    frozen: bool = False
    executable: str = ""
    online: bool = True
    run_doctor: Callable[..., Any] | None = None
    probe: Callable[[Sequence[str], str], Sequence[Any]] | None = None
    quota: Callable[[str, str], Any] | None = None
    key_lookup: Callable[[], tuple[str, str]] | None = None


def gather_report(paths: AppPaths, inputs: ReportInputs) -> SupportReport:
    """Everything a supporter asks first. Online (the default), the endpoints are tested and the
    quota asked, each bounded by the network layer's deadlines; a part that fails says so."""
    from app.core.doctor import read_state, run_doctor

    env = inputs.env
    doctor = inputs.run_doctor or run_doctor
    report = doctor(paths, env=env, online=False)
    state = read_state(paths, env)
    key, key_source = (inputs.key_lookup or (lambda: _stored_key(state)))()
    probes: Sequence[Any] | None = None
    quota = None
    if inputs.online and key:
        probes = _safely(lambda: _probe(inputs, state, key), default=())
        base_url = _configured_tokenpool_url(state)
        if base_url:
            quota = _safely(lambda: (inputs.quota or _fetch_quota)(base_url, key), default=None)
    private = private_words(env, (*_secrets_of(state), key))
    sections = (
        app_section(frozen=inputs.frozen, executable=inputs.executable, env=env),
        system_section(),
        codex_section(report, env),
        doctor_section(report),
        config_section(state),
        key_section(state, key, key_source),
        endpoint_section(state, probes),
        quota_section(quota),
        proxy_section(env),
        events_section(paths),
    )
    return SupportReport(sections, datetime.now(UTC), private)


def _safely(make: Callable[[], Any], default: Any) -> Any:
    try:
        return make()
    except Exception:  # one part failing must not cost the person the whole report
        return default


def _stored_key(state: Any) -> tuple[str, str]:
    if state.auth_state.api_key:
        return state.auth_state.api_key, "auth.json"
    try:
        from app.core.secrets import load_key

        key = load_key() or ""
    except Exception:  # no keychain here: the report goes on without the online checks
        key = ""
    return key, "the system's credential store"


def _secrets_of(state: Any) -> tuple[str, ...]:
    try:
        return tuple(value for _path, value in state.secrets_in_config())
    except Exception:  # the final pass still masks anything key-shaped
        return ()


def _configured_tokenpool_url(state: Any) -> str | None:
    if state.other_provider_active or not isinstance(state.provider, dict):
        return None
    url = state.provider.get("base_url")
    return url if isinstance(url, str) and _is_ours_or_local(url) else None


def _probe(inputs: ReportInputs, state: Any, key: str) -> Sequence[Any]:
    from app.core.endpoints import CATALOGUE

    urls = [e.url for e in CATALOGUE]
    configured = _configured_tokenpool_url(state)
    if configured and all(configured.rstrip("/") != u.rstrip("/") for u in urls):
        urls.append(configured)
    if inputs.probe is not None:
        return inputs.probe(urls, key)
    from app.core.net.probe import probe_endpoints

    proxy_env = None if inputs.env is os.environ else inputs.env
    return probe_endpoints(urls, key, proxy_env=proxy_env).results


def _fetch_quota(base_url: str, key: str) -> Any:
    from app.core.net.quota import fetch_quota

    return fetch_quota(base_url, key)


def save_report(text: str, destination: str | os.PathLike[str]) -> Path:
    """Write the report as a file (atomically: a half-written report is never left behind)."""
    from app.core.errors import SetupError
    from app.core.fileio import atomic_write

    target = Path(destination).expanduser()
    if target.is_dir():
        target = target / f"tokenpool-setup-report-{datetime.now().strftime('%Y%m%d-%H%M')}.txt"
    try:
        atomic_write(target, text.encode("utf-8"))
    except OSError as exc:
        raise SetupError(
            f"The report could not be saved to {target} ({exc.strerror or type(exc).__name__}).",
            code="report_not_saved",
            hint="Choose another folder, or copy the report instead.",
        ) from exc
    return target

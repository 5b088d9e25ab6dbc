"""The core's messages in the user's language, by their stable codes.

``app/core`` words its doctor findings, probe errors and failures in English, each with a stable
code (``duplicate_table``, ``timeout``, ``keychain_failed``, …). Here every code has a one-sentence
summary marked for translation (context ``CoreMessages``). When the summary is translated, the UI
shows it first and keeps the core's English sentence as a second line (the specifics: which
table, which line, which host). In English the core's own sentence is already the best one and is
shown alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

CONTEXT = "CoreMessages"


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Marks ``source`` for lupdate (which knows this name) and returns it untranslated (PySide's
    own is typed as returning ``object``)."""
    return source


FINDINGS: Mapping[str, str] = {
    "config_toml_invalid": QT_TRANSLATE_NOOP(
        "CoreMessages", "config.toml is not valid TOML, so Codex cannot load it."
    ),
    "config_toml_unreadable": QT_TRANSLATE_NOOP("CoreMessages", "config.toml cannot be read."),
    "duplicate_table": QT_TRANSLATE_NOOP(
        "CoreMessages", "config.toml defines the same table twice, so Codex refuses to start."
    ),
    "auth_json_invalid": QT_TRANSLATE_NOOP(
        "CoreMessages", "auth.json is damaged, so Codex ignores it and sends no API key."
    ),
    "auth_json_missing": QT_TRANSLATE_NOOP(
        "CoreMessages", "There is no auth.json, so Codex has no API key to send."
    ),
    "api_key_missing": QT_TRANSLATE_NOOP("CoreMessages", "auth.json holds no API key."),
    "key_in_config_toml": QT_TRANSLATE_NOOP(
        "CoreMessages", "An API key is written in config.toml, where Codex does not read it."
    ),
    "key_incomplete": QT_TRANSLATE_NOOP(
        "CoreMessages", "The API key in auth.json looks incomplete."
    ),
    "base_url_not_api": QT_TRANSLATE_NOOP(
        "CoreMessages", "The endpoint (base_url) is not the address of the API."
    ),
    "base_url_insecure": QT_TRANSLATE_NOOP(
        "CoreMessages", "The endpoint uses plain http://, so the key would travel unencrypted."
    ),
    "provider_missing": QT_TRANSLATE_NOOP(
        "CoreMessages", "The chosen provider has no table in config.toml, so Codex cannot start."
    ),
    "provider_name_missing": QT_TRANSLATE_NOOP(
        "CoreMessages", "A provider table in config.toml has no name, so Codex cannot start."
    ),
    "tokenpool_not_configured": QT_TRANSLATE_NOOP(
        "CoreMessages", "Codex is not set up to use TokenPool."
    ),
    "wire_api_wrong": QT_TRANSLATE_NOOP(
        "CoreMessages", 'wire_api is not "responses", so Codex refuses to start.'
    ),
    "auth_setting_wrong": QT_TRANSLATE_NOOP(
        "CoreMessages", "The provider is set up so that Codex does not send the key in auth.json."
    ),
    "chatgpt_tokens_shadow_key": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "A ChatGPT sign-in next to the API key stops Codex from sending the key.",
    ),
    "deprecated_setting": QT_TRANSLATE_NOOP(
        "CoreMessages", "config.toml has a setting that Codex no longer uses."
    ),
    "auth_json_permissions": QT_TRANSLATE_NOOP(
        "CoreMessages", "Other users of this computer can read auth.json."
    ),
    "auth_json_in_git": QT_TRANSLATE_NOOP(
        "CoreMessages", "auth.json is in a git repository, so the key could be committed."
    ),
    "reserved_provider_id": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "config.toml redefines a provider built into Codex, so Codex refuses to start.",
    ),
    "setting_in_wrong_table": QT_TRANSLATE_NOOP(
        "CoreMessages", "A setting is written under the wrong table, so Codex ignores it."
    ),
    "legacy_profile": QT_TRANSLATE_NOOP(
        "CoreMessages", "config.toml has an old 'profile' line, so Codex refuses to start."
    ),
    "env_overrides_key": QT_TRANSLATE_NOOP(
        "CoreMessages", "An environment variable makes Codex send a different key."
    ),
    "codex_not_found": QT_TRANSLATE_NOOP(
        "CoreMessages", "The Codex CLI was not found on this computer."
    ),
    "codex_several_installed": QT_TRANSLATE_NOOP(
        "CoreMessages", "Several Codex programs are installed; see which one runs where."
    ),
    "model_missing": QT_TRANSLATE_NOOP("CoreMessages", "No model is chosen in config.toml."),
    "codex_check_failed": QT_TRANSLATE_NOOP("CoreMessages", "Codex's own check found a problem."),
    "config_toml_unsupported": QT_TRANSLATE_NOOP(
        "CoreMessages", "Codex can read config.toml, but TokenPool Setup cannot edit it."
    ),
    "codex_newer_than_tested": QT_TRANSLATE_NOOP(
        "CoreMessages", "This Codex is newer than the versions TokenPool Setup was tested with."
    ),
    "other_provider_active": QT_TRANSLATE_NOOP(
        "CoreMessages", "Codex is set up for another provider, not TokenPool."
    ),
    "backup_permissions": QT_TRANSLATE_NOOP(
        "CoreMessages", "Other users of this computer can read a backup of auth.json."
    ),
    "forced_chatgpt_login": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "config.toml requires a ChatGPT login, so Codex throws the API key away.",
    ),
    "setting_no_longer_supported": QT_TRANSLATE_NOOP(
        "CoreMessages", "config.toml has a setting Codex no longer accepts, so it refuses to start."
    ),
    "setting_value_invalid": QT_TRANSLATE_NOOP(
        "CoreMessages", "config.toml has a value Codex does not know, so it refuses to start."
    ),
    "setting_file_missing": QT_TRANSLATE_NOOP(
        "CoreMessages", "A setting points at a file that is missing, so Codex refuses to start."
    ),
    "setting_file_invalid": QT_TRANSLATE_NOOP(
        "CoreMessages", "A setting points at a file Codex cannot read, so it refuses to start."
    ),
    "codex_config_rejected": QT_TRANSLATE_NOOP(
        "CoreMessages", "Codex refuses to start with a setting in config.toml."
    ),
    "model_not_offered": QT_TRANSLATE_NOOP(
        "CoreMessages", "TokenPool does not offer the chosen model for this key."
    ),
    "base_url_models_missing": QT_TRANSLATE_NOOP(
        "CoreMessages", "Another form of the endpoint address works better with Codex."
    ),
    "key_rejected": QT_TRANSLATE_NOOP("CoreMessages", "TokenPool rejected the API key."),
    "no_quota": QT_TRANSLATE_NOOP(
        "CoreMessages", "The key has no quota left, or there are too many requests."
    ),
    "endpoint_unreachable": QT_TRANSLATE_NOOP("CoreMessages", "The endpoint could not be reached."),
    "stream_failed": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The gateway accepted the request, but its streamed answer failed, so Codex gets no reply.",
    ),
    "codex_needs_http_proxy": QT_TRANSLATE_NOOP(
        "CoreMessages", "Codex cannot connect through a SOCKS proxy; it needs an HTTP proxy."
    ),
}

# The probe's error kinds (app.core.net.http.ErrorKind), without a host name.
NETWORK: Mapping[str, str] = {
    "dns": QT_TRANSLATE_NOOP("CoreMessages", "The server's name could not be found."),
    "connect_refused": QT_TRANSLATE_NOOP("CoreMessages", "The server refused the connection."),
    "timeout": QT_TRANSLATE_NOOP("CoreMessages", "The server did not answer in time."),
    "tls": QT_TRANSLATE_NOOP(
        "CoreMessages", "The secure connection to the server could not be verified."
    ),
    "proxy": QT_TRANSLATE_NOOP("CoreMessages", "Could not connect through the proxy."),
    "not_api": QT_TRANSLATE_NOOP(
        "CoreMessages", "The server answered, but not as the TokenPool API does."
    ),
    "unauthorized": QT_TRANSLATE_NOOP("CoreMessages", "The server rejected the API key."),
    "rate_limited": QT_TRANSLATE_NOOP(
        "CoreMessages", "Too many requests, or the key is out of quota."
    ),
    "server_error": QT_TRANSLATE_NOOP("CoreMessages", "The server had a problem answering."),
    "offline": QT_TRANSLATE_NOOP("CoreMessages", "This computer seems to be offline."),
    "cancelled": QT_TRANSLATE_NOOP("CoreMessages", "The test was stopped."),
    "insecure_http": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This address uses plain http:// to another computer, so the key was not sent: it would "
        "travel unencrypted.",
    ),
    "too_large": QT_TRANSLATE_NOOP(
        "CoreMessages", "The server sent far more data than such an answer can be."
    ),
    "proxy_auth": QT_TRANSLATE_NOOP("CoreMessages", "The proxy wants a user name and password."),
    "proxy_credentials": QT_TRANSLATE_NOOP(
        "CoreMessages", "The proxy did not accept its user name and password."
    ),
    "proxy_upstream": QT_TRANSLATE_NOOP("CoreMessages", "The proxy could not reach the server."),
    "proxy_setting": QT_TRANSLATE_NOOP(
        "CoreMessages", "The proxy setting is not a valid proxy address."
    ),
    "impossible_amount": QT_TRANSLATE_NOOP(
        "CoreMessages", "The gateway reported an impossible amount of quota."
    ),
}

# Codes of the errors the core raises (app.core.errors and friends).
FAILURES: Mapping[str, str] = {
    "keychain_unavailable": QT_TRANSLATE_NOOP(
        "CoreMessages", "No keychain is available on this computer."
    ),
    "keychain_failed": QT_TRANSLATE_NOOP(
        "CoreMessages", "The key could not be saved in the keychain; Codex still has it."
    ),
    "stale_plan": QT_TRANSLATE_NOOP(
        "CoreMessages", "The files changed in the meantime, so nothing was written."
    ),
    "auth_locked": QT_TRANSLATE_NOOP(
        "CoreMessages", "auth.json is in use by another program; nothing was written."
    ),
    "file_problem": QT_TRANSLATE_NOOP("CoreMessages", "A file could not be read or written."),
    "autostart_failed": QT_TRANSLATE_NOOP(
        "CoreMessages", "Start at login could not be turned on or off."
    ),
    "autostart_not_ours": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "A start-at-login entry of the same name exists that TokenPool Setup did not write; "
        "it was left as it is.",
    ),
    "autostart_app_not_in_applications": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Start at login needs TokenPool Setup in the Applications folder: move it there, open "
        "it from there, then turn it on.",
    ),
    "autostart_needs_approval": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "macOS does not allow TokenPool Setup in the background: turn it on in System Settings "
        "› General › Login Items.",
    ),
    "config_toml_read_only": QT_TRANSLATE_NOOP(
        "CoreMessages", "config.toml is read-only, so it was left as it is."
    ),
    "parse_error": QT_TRANSLATE_NOOP("CoreMessages", "A settings file could not be read."),
    "config_toml_unsafe_edit": QT_TRANSLATE_NOOP(
        "CoreMessages", "config.toml was left unchanged: part of it cannot be edited safely."
    ),
    "codex_missing": QT_TRANSLATE_NOOP("CoreMessages", "The Codex CLI could not be started."),
    "key_invalid": QT_TRANSLATE_NOOP("CoreMessages", "The API key is empty or contains spaces."),
    "unexpected": QT_TRANSLATE_NOOP(
        "CoreMessages", "Something unexpected went wrong. Nothing was half-written."
    ),
}


def source_summary(code: str) -> str | None:
    """The English summary for ``code`` (a finding code, probe error kind or failure code)."""
    return FINDINGS.get(code) or NETWORK.get(code) or FAILURES.get(code)


def summary(code: str) -> str | None:
    """The one-sentence summary of ``code`` in the user's language, or None for unknown codes."""
    source = source_summary(code)
    return QCoreApplication.translate(CONTEXT, source) if source else None


def localised(code: str, detail: str) -> tuple[str, str]:
    """(first line in the user's language, the core's English detail or "").

    With a translation of the code's summary: (translation, detail). Without one (English, or a
    code we do not know): (the core's sentence, "") — it is already the most specific.
    """
    source = source_summary(code)
    if source:
        translated = QCoreApplication.translate(CONTEXT, source)
        if translated != source:
            return platform_words(translated), detail.strip()
    return (detail.strip() or source or ""), ""


def plain_text(code: str, detail: str, *, fixable: bool | None = None) -> str:
    """``localised`` for a status line. Translated: what happened and what to do, with the
    core's English detail behind a "Details" link (HTML, see ``with_details``)."""
    first, second = localised(code, detail)
    return with_details(code, first, second, fixable=fixable) if second else first


def rich_text(
    code: str, detail: str, muted: str = "#6a737d", *, fixable: bool | None = None
) -> str:
    """``localised`` as HTML for a label; translated, the English detail is behind "Details"."""
    import html  # not needed before the first paint

    first, second = localised(code, detail)
    if second:
        return with_details(code, first, second, fixable=fixable)
    return html.escape(first)


# --------------------------------------------------------------------------- coded messages
#
# A core message is a code, structured params and the English text (app.core.usertext.Message;
# anything with ``code``/``params``/``text`` attributes works too). Each code below has a template
# in the user's language with ``{param}`` placeholders; a code that is not here (a new one from
# the core) is shown in the core's English, so nothing is ever lost.

MESSAGES: Mapping[str, str] = {
    # configure notes (preview)
    "model_upgrade_kept": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Codex will not offer to switch you from {old} to {new}, because TokenPool does not "
        "offer {new}.",
    ),
    "model_replaced": QT_TRANSLATE_NOOP(
        "CoreMessages", "{old} is not available for your key, so {new} is used."
    ),
    "chatgpt_tokens_removed": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Your ChatGPT sign-in is taken out of Codex's key file: next to an API key it stops "
        "Codex from sending the key. It is kept in the backup.",
    ),
    "auth_json_replaced": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Codex's key file was damaged; it is replaced (the old one is kept in the backup).",
    ),
    "auth_override_removed": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "A setting that made Codex send something other than your key is removed (it is kept "
        "in the backup).",
    ),
    "base_url_v1_added": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "/v1 is added to the address: this gateway lists its models only there.",
    ),
    "base_url_v1_left_out": QT_TRANSLATE_NOOP(
        "CoreMessages", "The address is written without /v1: everything Codex needs answers there."
    ),
    "base_url_no_model_list": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Codex can chat at this address, but the model list does not answer there, so Codex's "
        "own check may warn about it.",
    ),
    # repair notes
    "duplicate_table_commented": QT_TRANSLATE_NOOP(
        "CoreMessages", "The repeated section [{table}] is turned into comments."
    ),
    "unreadable_line_commented": QT_TRANSLATE_NOOP(
        "CoreMessages", "Line {line} could not be read and is turned into a comment."
    ),
    "provider_renamed": QT_TRANSLATE_NOOP(
        "CoreMessages", "The provider {old} is renamed, because Codex reserves that name."
    ),
    "config_rebuilt": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "config.toml was not readable text; it is rebuilt (the original is kept in the backup).",
    ),
    "config_salvaged": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Codex could not read config.toml; the broken parts are kept as comments.",
    ),
    "second_setting_removed": QT_TRANSLATE_NOOP(
        "CoreMessages", "A second '{name}' is removed; the one Codex reads stays."
    ),
    "profile_line_removed": QT_TRANSLATE_NOOP(
        "CoreMessages", "The old 'profile' line is removed (Codex refuses to start with it)."
    ),
    "key_removed_from_config": QT_TRANSLATE_NOOP(
        "CoreMessages", "The API key is removed from config.toml (it belongs in auth.json)."
    ),
    "env_key_removed": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The setting that read the key from {env} is removed (that variable is not set); Codex "
        "now uses auth.json.",
    ),
    "provider_table_added": QT_TRANSLATE_NOOP(
        "CoreMessages", "The missing TokenPool provider section is added."
    ),
    "provider_switched": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The chosen provider {old} did not exist; Codex now uses {new}.",
    ),
    "base_url_changed": QT_TRANSLATE_NOOP(
        "CoreMessages", "The endpoint is changed to {url}, where Codex's model list works too."
    ),
    "setting_removed": QT_TRANSLATE_NOOP(
        "CoreMessages", "The setting '{name}' is removed: Codex no longer uses it."
    ),
    "setting_moved": QT_TRANSLATE_NOOP(
        "CoreMessages", "The setting '{name}' is moved to where Codex reads it."
    ),
    "provider_name_added": QT_TRANSLATE_NOOP(
        "CoreMessages", "The provider {id} gets the name Codex needs."
    ),
    "base_url_fixed": QT_TRANSLATE_NOOP(
        "CoreMessages", "The endpoint now points at the API: {url}"
    ),
    "base_url_https": QT_TRANSLATE_NOOP("CoreMessages", "The endpoint now uses https://."),
    "wire_api_fixed": QT_TRANSLATE_NOOP(
        "CoreMessages", "The provider now uses the protocol Codex needs (responses)."
    ),
    "auth_setting_fixed": QT_TRANSLATE_NOOP(
        "CoreMessages", "The provider is set so that Codex sends the key from auth.json."
    ),
    "model_set": QT_TRANSLATE_NOOP("CoreMessages", "The model is set to {model}."),
    # what repair cannot do: the way forward (a button in the UI)
    "run_setup_for_key": QT_TRANSLATE_NOOP("CoreMessages", "Run setup again to paste your key."),
    # the Done page's chat test
    "empty_reply": QT_TRANSLATE_NOOP("CoreMessages", "The gateway's reply was empty."),
    "codex_test_failed": QT_TRANSLATE_NOOP(
        "CoreMessages", "Codex could not get an answer. What it said is below."
    ),
    # the Done page's quota line when there is no amount to show
    "quota_exhausted": QT_TRANSLATE_NOOP(
        "CoreMessages", "The key has no quota left. Top it up in the TokenPool console."
    ),
    "quota_expired": QT_TRANSLATE_NOOP(
        "CoreMessages", "The key has expired. Create a new one in the TokenPool console."
    ),
    "quota_invalid_key": QT_TRANSLATE_NOOP(
        "CoreMessages", "TokenPool did not accept the key when asked for the quota."
    ),
    "quota_error": QT_TRANSLATE_NOOP(
        "CoreMessages", "The remaining quota could not be read just now."
    ),
    # custom endpoint refusals (app.core.endpoints: EndpointRefused codes)
    "empty": QT_TRANSLATE_NOOP("CoreMessages", "Enter the address of the API (the endpoint)."),
    "malformed": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This does not look like a web address. Copy the endpoint from the TokenPool console.",
    ),
    "bad_scheme": QT_TRANSLATE_NOOP(
        "CoreMessages", "The address must start with https://. Copy it from the TokenPool console."
    ),
    "no_host": QT_TRANSLATE_NOOP(
        "CoreMessages", "The address has no server name. Copy it from the TokenPool console."
    ),
    "password_in_url": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The address contains a user name or password. Remove it: TokenPool uses your API key "
        "instead.",
    ),
    "website_not_api": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This is the address of the website or console, not of the API. Use the endpoint "
        "shown in the console.",
    ),
    "insecure_url": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This address uses plain http://, so your key would travel unencrypted. Use the "
        "https:// address of the API.",
    ),
}


def message_text(message: object, *, english_from_core: bool = False) -> str:
    """A core message in the user's language: its code's template filled with its params, or
    the core's English text for a code without a template (or params that do not fit).

    ``english_from_core``: when no translation is installed, show the core's own sentence (it is
    the more specific one, e.g. which address to use instead) rather than the template."""
    code = str(getattr(message, "code", "") or "")
    english = str(getattr(message, "text", "") or getattr(message, "message", "") or "")
    raw = getattr(message, "params", ()) or ()
    params = dict(raw.items() if isinstance(raw, Mapping) else raw)
    template = MESSAGES.get(code) or source_summary(code)
    if not template:
        return english
    translated = QCoreApplication.translate(CONTEXT, template)
    if english_from_core and english and translated == template:
        return english
    try:
        return translated.format(**params)
    except (KeyError, IndexError, ValueError):
        return english or template


def coded_text(
    code: str, english: str, *, english_from_core: bool = False, **params: object
) -> str:
    """``message_text`` for a code and params the caller has at hand."""
    from types import SimpleNamespace

    values = {k: str(v) for k, v in params.items()}
    return message_text(
        SimpleNamespace(code=code, text=english, params=values),
        english_from_core=english_from_core,
    )


# --------------------------------------------------------------------------- the quota line

QUOTA: Mapping[str, str] = {
    "unlimited": QT_TRANSLATE_NOOP("CoreMessages", "Unlimited quota"),
    "left_of": QT_TRANSLATE_NOOP("CoreMessages", "{remaining} of {total} left"),
    "left": QT_TRANSLATE_NOOP("CoreMessages", "{remaining} left"),
    "total": QT_TRANSLATE_NOOP("CoreMessages", "Quota: {total}"),
    "no_amounts": QT_TRANSLATE_NOOP("CoreMessages", "Quota reported without amounts"),
    "daily": QT_TRANSLATE_NOOP("CoreMessages", "{text} today"),
    "weekly": QT_TRANSLATE_NOOP("CoreMessages", "{text} this week"),
    "monthly": QT_TRANSLATE_NOOP("CoreMessages", "{text} this month"),
    "valid_until": QT_TRANSLATE_NOOP("CoreMessages", "{text}, valid until {date}"),
    "sentence": QT_TRANSLATE_NOOP("CoreMessages", "{text}."),
    "tokens": QT_TRANSLATE_NOOP("CoreMessages", "{amount} tokens"),
}


def quota_text(quota: object) -> str:
    """The remaining quota in one sentence, in the user's language (amounts as the core formats
    them: "$12.34", "1,200 tokens")."""
    from app.core.net.quota import format_amount as core_amount

    def t(name: str, **values: str) -> str:
        return QCoreApplication.translate(CONTEXT, QUOTA[name]).format(**values)

    unit = str(getattr(quota, "unit", "") or "")

    def format_amount(amount: float, unit: str) -> str:
        if unit == "tokens":
            return t("tokens", amount=f"{amount:,.0f}")
        return core_amount(amount, unit)

    remaining = getattr(quota, "remaining", None)
    total = getattr(quota, "total", None)
    if getattr(quota, "unlimited", False):
        text = t("unlimited")
    elif remaining is not None and total is not None:
        text = t(
            "left_of", remaining=format_amount(remaining, unit), total=format_amount(total, unit)
        )
    elif remaining is not None:
        text = t("left", remaining=format_amount(remaining, unit))
    elif total is not None:
        text = t("total", total=format_amount(total, unit))
    else:
        text = t("no_amounts")
    period = getattr(quota, "period", None)
    if period in ("daily", "weekly", "monthly"):
        text = t(period, text=text)
    expires = getattr(quota, "expires_at", None)
    if expires is not None:
        text = t("valid_until", text=text, date=expires.date().isoformat())
    return t("sentence", text=text)


# ============================================================ zh: hints and the details link
# (issue 20; kept apart from the tables above, which the doctor's words live in.)
#
# A person reading Chinese must get the way forward in Chinese: each code has a hint (what to
# do) marked for translation (context ``CoreHints``), shown after the summary. The core's English
# sentence is not a second line any more but sits behind a "Details (in English)" link that opens
# it in place (``install_details_opener``). In English nothing changes: the core's own sentence
# is shown alone, as before.

HINT_CONTEXT = "CoreHints"

HINTS: Mapping[str, str] = {
    # findings whose way forward is the same for every instance
    "config_toml_unreadable": QT_TRANSLATE_NOOP(
        "CoreHints", "Check the file's permissions, or move what is in its place."
    ),
    "auth_json_missing": QT_TRANSLATE_NOOP(
        "CoreHints", "Run the setup again and paste your TokenPool API key."
    ),
    "api_key_missing": QT_TRANSLATE_NOOP(
        "CoreHints", "Run the setup again and paste your TokenPool API key."
    ),
    "key_incomplete": QT_TRANSLATE_NOOP(
        "CoreHints", "Copy the full key from the TokenPool console, then run the setup again."
    ),
    "key_rejected": QT_TRANSLATE_NOOP(
        "CoreHints", "Copy the full key from the TokenPool console, then run the setup again."
    ),
    "tokenpool_not_configured": QT_TRANSLATE_NOOP(
        "CoreHints", "Run the setup to use TokenPool; your other settings stay as they are."
    ),
    "other_provider_active": QT_TRANSLATE_NOOP(
        "CoreHints", "Run the setup to use TokenPool; your other settings stay as they are."
    ),
    "auth_json_in_git": QT_TRANSLATE_NOOP(
        "CoreHints",
        "Keep auth.json out of that repository (add it to .gitignore); the details give the "
        "command.",
    ),
    "codex_not_found": QT_TRANSLATE_NOOP(
        "CoreHints", "Install the Codex CLI: the first page of the setup can do it for you."
    ),
    "codex_several_installed": QT_TRANSLATE_NOOP(
        "CoreHints", "The details say which one runs where."
    ),
    "codex_needs_http_proxy": QT_TRANSLATE_NOOP(
        "CoreHints",
        "In your VPN or proxy app, find its HTTP (or mixed) port and set "
        "HTTPS_PROXY=http://127.0.0.1:PORT before starting Codex; the details say more.",
    ),
    "stream_failed": QT_TRANSLATE_NOOP(
        "CoreHints",
        "Try again in a few minutes; if it lasts, send a report to TokenPool's support.",
    ),
    "codex_newer_than_tested": QT_TRANSLATE_NOOP(
        "CoreHints",
        "If Codex misbehaves, look for a newer TokenPool Setup or install the tested Codex.",
    ),
    "no_quota": QT_TRANSLATE_NOOP(
        "CoreHints",
        "Check the quota in the TokenPool console; if there are too many requests, wait a few "
        "minutes.",
    ),
    "endpoint_unreachable": QT_TRANSLATE_NOOP(
        "CoreHints", "Check the network connection (and any VPN or proxy), then try again."
    ),
    # the probe's error kinds
    "dns": QT_TRANSLATE_NOOP(
        "CoreHints", "Check the address for typos; the network may also be blocking it."
    ),
    "connect_refused": QT_TRANSLATE_NOOP(
        "CoreHints", "A firewall or VPN may be blocking it. Try again later."
    ),
    "timeout": QT_TRANSLATE_NOOP(
        "CoreHints", "The network may be slow, or access may be blocked. Try again later."
    ),
    "tls": QT_TRANSLATE_NOOP(
        "CoreHints",
        "Check the computer's date and time; antivirus software or a company network may be "
        "intercepting the connection.",
    ),
    "proxy": QT_TRANSLATE_NOOP(
        "CoreHints",
        "Check the proxy settings (HTTPS_PROXY or the system proxy), or turn the proxy off.",
    ),
    "proxy_auth": QT_TRANSLATE_NOOP(
        "CoreHints",
        "Put the proxy's user name and password into the proxy setting, or use a proxy that "
        "needs none.",
    ),
    "proxy_credentials": QT_TRANSLATE_NOOP(
        "CoreHints", "Check the user name and password in the proxy setting."
    ),
    "proxy_upstream": QT_TRANSLATE_NOOP(
        "CoreHints", "Try again later, or try without the proxy (or with another one)."
    ),
    "proxy_setting": QT_TRANSLATE_NOOP(
        "CoreHints",
        "Correct the proxy setting (the details name where it is set), or remove it.",
    ),
    "insecure_http": QT_TRANSLATE_NOOP(
        "CoreHints", "Use the https:// address from the TokenPool console."
    ),
    "too_large": QT_TRANSLATE_NOOP(
        "CoreHints",
        "Check that the address is TokenPool's API, not another site; if it is, send a report "
        "to TokenPool's support.",
    ),
    "impossible_amount": QT_TRANSLATE_NOOP(
        "CoreHints", "Look at the quota in the TokenPool console; this is the server's mistake."
    ),
    "not_api": QT_TRANSLATE_NOOP("CoreHints", "Check the address in the TokenPool console."),
    "unauthorized": QT_TRANSLATE_NOOP(
        "CoreHints", "Copy the full key from the TokenPool console, then run the setup again."
    ),
    "rate_limited": QT_TRANSLATE_NOOP(
        "CoreHints",
        "Wait a few minutes; if the quota is used up, top it up in the TokenPool console.",
    ),
    "server_error": QT_TRANSLATE_NOOP("CoreHints", "Try again in a minute."),
    "offline": QT_TRANSLATE_NOOP(
        "CoreHints", "Check the network connection (and any VPN or proxy)."
    ),
    # failures
    "keychain_unavailable": QT_TRANSLATE_NOOP(
        "CoreHints", "Codex is not affected: the key is in auth.json."
    ),
    "stale_plan": QT_TRANSLATE_NOOP(
        "CoreHints", "Look at the changes again, then write them again."
    ),
    "auth_locked": QT_TRANSLATE_NOOP("CoreHints", "Wait a moment (or quit Codex), then try again."),
    "file_problem": QT_TRANSLATE_NOOP(
        "CoreHints", "Check that the Codex folder is writable; the details name the file."
    ),
    "autostart_not_ours": QT_TRANSLATE_NOOP(
        "CoreHints", "Remove or rename that entry, then turn it on again."
    ),
    "config_toml_read_only": QT_TRANSLATE_NOOP(
        "CoreHints",
        "If TokenPool Setup may change it, make it writable (the details say how), then try again.",
    ),
    "codex_missing": QT_TRANSLATE_NOOP("CoreHints", "Install the Codex CLI, then try again."),
    "key_invalid": QT_TRANSLATE_NOOP("CoreHints", "Paste the key again, in one piece."),
    "unexpected": QT_TRANSLATE_NOOP(
        "CoreHints", "Try again; if it happens again, restart TokenPool Setup."
    ),
}
# A finding Repair fixes, and one it does not (its way forward depends on the case).
FIXABLE_HINT = QT_TRANSLATE_NOOP(
    "CoreHints", "Choose Repair: it fixes this and keeps the old files in a backup."
)
BY_HAND_HINT = QT_TRANSLATE_NOOP("CoreHints", "The details say what to change by hand.")
DETAILS = QT_TRANSLATE_NOOP("CoreHints", "Details (in English)")
JOIN = QT_TRANSLATE_NOOP("CoreHints", "{summary} {hint}")
DETAILS_SCHEME = "tokenpool-details"
WORD_JOINER = "\u2060"


# The OS's credential store by the name people know on each system. Translations say the generic
# name; platform_words puts the system's own in its place (钥匙串 alarms a Windows user).
GENERIC_STORE = QT_TRANSLATE_NOOP("CoreHints", "system credential store")
PLATFORM_STORES: Mapping[str, str] = {
    "darwin": QT_TRANSLATE_NOOP("CoreHints", "macOS keychain"),
    "win32": QT_TRANSLATE_NOOP("CoreHints", "Windows Credential Manager"),
}


def platform_words(text: str, platform: str | None = None) -> str:
    """``text`` (in the user's language) with the credential store named as on ``platform``
    (default: this system). English text is returned as it is."""
    import sys

    generic = QCoreApplication.translate(HINT_CONTEXT, GENERIC_STORE)
    specific = PLATFORM_STORES.get(platform or sys.platform)
    if generic == GENERIC_STORE or specific is None or generic not in text:
        return text
    return text.replace(generic, QCoreApplication.translate(HINT_CONTEXT, specific))


def hint(code: str, *, fixable: bool | None = None) -> str:
    """What to do about ``code`` in the user's language, or "" (English, or no hint known).
    ``fixable``: a finding's flag (None for anything that is not a finding)."""
    source = HINTS.get(code)
    if source is None and fixable is not None:
        source = FIXABLE_HINT if fixable else BY_HAND_HINT
    if source is None:
        return ""
    translated = QCoreApplication.translate(HINT_CONTEXT, source)
    return translated if translated != source else ""


def details_translated() -> bool:
    """Whether the details link speaks the user's language (a translation is installed)."""
    return QCoreApplication.translate(HINT_CONTEXT, DETAILS) != DETAILS


def _details_href(detail: str) -> str:
    from urllib.parse import quote

    return f"{DETAILS_SCHEME}:{quote(detail, safe='')}"


def details_link(detail: str) -> str:
    """A "Details (in English)" link that opens ``detail`` in place (HTML)."""
    words = QCoreApplication.translate(HINT_CONTEXT, DETAILS)
    # U+2060 WORD JOINER between the characters: the link never wraps in the middle (Chinese
    # breaks between any two characters; Qt's rich text ignores white-space: nowrap inline).
    return f'<a href="{_details_href(detail)}">{WORD_JOINER.join(words)}</a>'


def with_details(code: str, first: str, detail: str, *, fixable: bool | None = None) -> str:
    """HTML: the summary and the hint in the user's language, then the details link."""
    import html

    way = hint(code, fixable=fixable)
    if way:
        first = QCoreApplication.translate(HINT_CONTEXT, JOIN).format(summary=first, hint=way)
    text = html.escape(first)
    return f"{text} {details_link(detail)}" if detail.strip() else text


def open_details_in(labels: object, url_text: str, muted: str = "#6a737d") -> int:
    """Replace the details link for ``url_text`` by its English sentence (muted, on its own
    line) in every label showing it; returns how many labels changed."""
    import html
    import re
    from urllib.parse import unquote

    detail = unquote(url_text.partition(":")[2])
    link = re.compile(rf'<a href="{re.escape(_details_href(detail))}">[^<]*</a>')
    shown = f"<br><span style='color:{muted}; font-size:small'>{html.escape(detail)}</span>"
    changed = 0
    for label in labels:  # type: ignore[attr-defined]
        text = label.text()
        if link.search(text):
            label.setText(link.sub(lambda _m: shown, text))
            changed += 1
    return changed


def install_details_opener(app: QCoreApplication) -> None:
    """Let a click on a details link (in any label that opens links) show the sentence."""
    from PySide6.QtCore import QObject, QUrl, Slot
    from PySide6.QtGui import QDesktopServices

    class DetailsOpener(QObject):
        @Slot(QUrl)
        def open(self, url: QUrl) -> None:
            from PySide6.QtWidgets import QApplication, QLabel

            labels = [w for w in QApplication.allWidgets() if isinstance(w, QLabel)]
            open_details_in(labels, url.toString(QUrl.ComponentFormattingOption.FullyEncoded))

    if app.findChild(QObject, "detailsOpener") is None:
        opener = DetailsOpener(app)
        opener.setObjectName("detailsOpener")
        # WORKAROUND: PySide6 6.11 refuses the bytes its stub asks for; the name as str works.
        # https://doc.qt.io/qtforpython-6/PySide6/QtGui/QDesktopServices.html
        method: Any = "open"
        QDesktopServices.setUrlHandler(DETAILS_SCHEME, opener, method)

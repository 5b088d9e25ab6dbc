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
            return translated, detail.strip()
    return (detail.strip() or source or ""), ""


def plain_text(code: str, detail: str) -> str:
    """``localised`` as plain text: the detail, when there is one, on a second line."""
    first, second = localised(code, detail)
    return f"{first}\n{second}" if second else first


def rich_text(code: str, detail: str, muted: str = "#6a737d") -> str:
    """``localised`` as HTML for a label: the English detail second, smaller and muted."""
    import html  # not needed before the first paint

    first, second = localised(code, detail)
    text = html.escape(first)
    if second:
        text += f"<br><span style='color:{muted}; font-size:small'>{html.escape(second)}</span>"
    return text

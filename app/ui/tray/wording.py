"""The tray's words, by code: one table for the icon's tooltip, the panel, the menu and the
notifications, in the person's language.

The core says what happened with stable codes (app/core/tray/state.py, watch.py, protocol.py);
here each code gets its words, marked for translation in the contexts the translations already
use (``TrayPanel`` for what the panel shows, ``TrayController`` for notices and action results).
Placeholders are ``%1``, ``%2``, … as Qt's translators expect.
"""

from __future__ import annotations

import html
import time
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QCoreApplication

from app.core.tray.history import Forecast
from app.core.tray.policy import ManualDecision
from app.core.tray.state import Amounts, Message, Reading, amounts
from app.ui import messages
from app.ui.messages import QT_TRANSLATE_NOOP

PANEL = "TrayPanel"
CONTROLLER = "TrayController"

# The tooltip before the first answer, and the panel's title as a flyout (the no-tray window's
# title is the tooltip: it says the amount).
CHECKING_TOOLTIP = QT_TRANSLATE_NOOP("TrayController", "TokenPool: checking…")
PANEL_TITLE = QT_TRANSLATE_NOOP("TrayController", "TokenPool quota")


def say(context: str, source: str, *values: str) -> str:
    """``source`` translated in ``context``, with ``%1``, ``%2``… replaced by ``values``."""
    text = QCoreApplication.translate(context, source)
    for n, value in reversed(list(enumerate(values, start=1))):
        text = text.replace(f"%{n}", value)
    return text


NOT_UPDATED = QT_TRANSLATE_NOOP("TrayPanel", "(not updated: the last check failed)")
# One name for the action that opens the setup wizard, in the panel and in the menu.
SETUP = QT_TRANSLATE_NOOP("TrayPanel", "Run setup &again")
# What to do when the key is missing or refused: only the setup's key page fixes that.
PASTE_KEY = QT_TRANSLATE_NOOP("TrayPanel", "Run setup again to paste your key.")

HEADLINES: Mapping[str, str] = {
    "checking": QT_TRANSLATE_NOOP("TrayPanel", "Checking…"),
    "no_key": QT_TRANSLATE_NOOP("TrayPanel", "No API key found"),
    "not_set_up": QT_TRANSLATE_NOOP("TrayPanel", "Codex is not set up for TokenPool"),
    "key_refused": QT_TRANSLATE_NOOP("TrayPanel", "Key refused"),
    "expired": QT_TRANSLATE_NOOP("TrayPanel", "Key expired"),
    "no_quota": QT_TRANSLATE_NOOP("TrayPanel", "No quota left"),
    "not_reported": QT_TRANSLATE_NOOP("TrayPanel", "Quota not reported"),
    "unknown": QT_TRANSLATE_NOOP("TrayPanel", "Quota unknown"),
    "unlimited": QT_TRANSLATE_NOOP("TrayPanel", "Unlimited"),
    "left_of": QT_TRANSLATE_NOOP("TrayPanel", "%1 left of %2"),
    "left": QT_TRANSLATE_NOOP("TrayPanel", "%1 left"),
}

TOOLTIP_WORDS: Mapping[str, str] = {
    "checking": QT_TRANSLATE_NOOP("TrayPanel", "checking…"),
    "no_key": QT_TRANSLATE_NOOP("TrayPanel", "no API key found"),
    "not_set_up": QT_TRANSLATE_NOOP("TrayPanel", "Codex is not set up"),
    "key_refused": QT_TRANSLATE_NOOP("TrayPanel", "key refused"),
    "expired": QT_TRANSLATE_NOOP("TrayPanel", "key expired"),
    "no_quota": QT_TRANSLATE_NOOP("TrayPanel", "no quota left"),
    "not_reported": QT_TRANSLATE_NOOP("TrayPanel", "quota not reported"),
    "unknown": QT_TRANSLATE_NOOP("TrayPanel", "quota unknown"),
    "unlimited": QT_TRANSLATE_NOOP("TrayPanel", "unlimited"),
}

CODEX_LINES: Mapping[str, str] = {
    "tokenpool": QT_TRANSLATE_NOOP("TrayPanel", "Codex: set up for TokenPool"),
    "changed": QT_TRANSLATE_NOOP("TrayPanel", "Codex: changed by something else"),
    "broken": QT_TRANSLATE_NOOP("TrayPanel", "Codex: its files are broken"),
    "nothing": QT_TRANSLATE_NOOP("TrayPanel", "Codex: not set up yet"),
}

CHANGES: Mapping[str, str] = {
    "model_changed": QT_TRANSLATE_NOOP(
        "TrayPanel", 'Codex now uses the model "%1" instead of "%2".'
    ),
    "model_changed_unoffered": QT_TRANSLATE_NOOP(
        "TrayPanel",
        'Codex now uses the model "%1" instead of "%2", which TokenPool does not offer.',
    ),
    "provider_changed": QT_TRANSLATE_NOOP("TrayPanel", "Another program pointed Codex at %1."),
    "endpoint_changed": QT_TRANSLATE_NOOP("TrayPanel", "Codex now sends requests to %1."),
    "key_removed": QT_TRANSLATE_NOOP("TrayPanel", "The API key was removed from auth.json."),
    "key_changed": QT_TRANSLATE_NOOP("TrayPanel", "auth.json now holds a different API key."),
    "files_broken": QT_TRANSLATE_NOOP("TrayPanel", "Codex can no longer read its settings."),
}

# Notifications: (title, body) by the core's notice code.
NOTICES: Mapping[str, tuple[str, str]] = {
    "key_refused": (
        QT_TRANSLATE_NOOP("TrayController", "TokenPool refused the key"),
        QT_TRANSLATE_NOOP(
            "TrayController",
            "Codex cannot work until the key is fixed: open the panel and choose "
            "Run setup again to paste your key.",
        ),
    ),
    "expired": (
        QT_TRANSLATE_NOOP("TrayController", "TokenPool key expired"),
        QT_TRANSLATE_NOOP("TrayController", "Renew it in the TokenPool console."),
    ),
    "exhausted": (
        QT_TRANSLATE_NOOP("TrayController", "No TokenPool quota left"),
        QT_TRANSLATE_NOOP("TrayController", "Top up in the TokenPool console."),
    ),
    "low": (
        QT_TRANSLATE_NOOP("TrayController", "TokenPool quota under %1 %"),
        QT_TRANSLATE_NOOP("TrayController", "%1 left"),
    ),
    "very_low": (
        QT_TRANSLATE_NOOP("TrayController", "TokenPool quota under %1 %"),
        QT_TRANSLATE_NOOP("TrayController", "%1 left"),
    ),
    "codex_changed": (
        QT_TRANSLATE_NOOP("TrayController", "Codex will not reach TokenPool"),
        QT_TRANSLATE_NOOP("TrayController", "Its files changed. Open the panel to repair them."),
    ),
}

RETEST_VERDICTS: Mapping[str, str] = {
    "switch_down": QT_TRANSLATE_NOOP("TrayController", "The current endpoint does not answer."),
    "switch_faster": QT_TRANSLATE_NOOP("TrayController", "Another endpoint is clearly faster."),
    "current_best": QT_TRANSLATE_NOOP("TrayController", "The current endpoint is the best one."),
    "all_down": QT_TRANSLATE_NOOP("TrayController", "No endpoint answers right now."),
    "no_key": QT_TRANSLATE_NOOP("TrayController", "No API key was found for Codex."),
}

# The result lines of the person's actions (context TrayController, as before the split).
ACTIONS: Mapping[str, str] = {
    "busy": QT_TRANSLATE_NOOP("TrayController", "Already checking…"),
    "rate_limited": QT_TRANSLATE_NOOP(
        "TrayController", "The gateway asked to wait: rate limited until %1."
    ),
    "too_soon": QT_TRANSLATE_NOOP("TrayController", "Checked a moment ago; try again in %1 s."),
    "retesting": QT_TRANSLATE_NOOP("TrayController", "Testing the endpoints…"),
    "latency": QT_TRANSLATE_NOOP("TrayController", "%1: %2 ms"),
    "switch_to": QT_TRANSLATE_NOOP("TrayController", "&Switch to %1"),
    "switched": QT_TRANSLATE_NOOP("TrayController", "Codex now uses %1."),
    "backup": QT_TRANSLATE_NOOP("TrayController", "The old files are in the backup %1."),
    "diagnosing": QT_TRANSLATE_NOOP("TrayController", "Checking Codex's files and the gateway…"),
    "no_problems": QT_TRANSLATE_NOOP("TrayController", "No problems found."),
    "found": QT_TRANSLATE_NOOP("TrayController", "Found:"),
    "repaired": QT_TRANSLATE_NOOP("TrayController", "Repaired."),
    "left_to_fix": QT_TRANSLATE_NOOP("TrayController", "Still to fix by hand:"),
    "testing_codex": QT_TRANSLATE_NOOP("TrayController", "Asking Codex for a short reply…"),
    "no_codex": QT_TRANSLATE_NOOP(
        "TrayController", "The Codex CLI was not found on this computer."
    ),
    "codex_works": QT_TRANSLATE_NOOP("TrayController", "Codex works. It replied: %1"),
    "codex_failed": QT_TRANSLATE_NOOP("TrayController", "Codex did not work:"),
    "autostart_failed": QT_TRANSLATE_NOOP(
        "TrayController", "Start at login could not be changed: %1"
    ),
}

# News said once in the panel (until it has been seen).
NEWS: Mapping[str, str] = {
    "migrations": QT_TRANSLATE_NOOP(
        "TrayController",
        'Codex offered to move you from the model "%1" to "%2", which TokenPool does not '
        "offer. So that Codex keeps working, the offer was marked as seen in config.toml "
        "([notice.model_migrations]); nothing else changed. To undo it, delete that section "
        "or restore the backup %3.",
    ),
    "update": QT_TRANSLATE_NOOP(
        "TrayController",
        "A newer TokenPool Setup is available: %2 (you have %1). Its release page: %3",
    ),
    "settings_unwritable": QT_TRANSLATE_NOOP(
        "TrayController",
        "Settings cannot be saved: the folder %1 cannot be written. The quota is still shown.",
    ),
    "preferences": QT_TRANSLATE_NOOP("TrayController", "A mistake in tray.json: %1"),
}


def headline(message: Message) -> str:
    """The quota headline ("$12.34 left of $20.00"); the core's text for an unknown code."""
    source = HEADLINES.get(message.code)
    if source is None:
        return message.text
    p = message.params
    return say(PANEL, source, p.get("left", ""), p.get("total", ""))


def tooltip(message: Message, stale: bool) -> str:
    """ "TokenPool: $37.50 left of $50.00", "TokenPool: key refused"…"""
    source = TOOLTIP_WORDS.get(message.code)
    words = say(PANEL, source) if source else headline(message)
    text = say(PANEL, QT_TRANSLATE_NOOP("TrayPanel", "TokenPool: %1"), words)
    if stale:
        text += " " + say(
            PANEL, QT_TRANSLATE_NOOP("TrayPanel", "(not updated: the last check failed)")
        )
    return text


def codex_line(line: str) -> str:
    source = CODEX_LINES.get(line)
    return say(PANEL, source) if source else line


def change(message: Message) -> str:
    """One change in Codex's files, as plain text."""
    source = CHANGES.get(message.code)
    if source is None:
        return message.text
    p = message.params
    return say(PANEL, source, p.get("new", p.get("url", "")), p.get("old", ""))


def changes_html(changes: Sequence[Message]) -> str:
    return "<br>".join(html.escape(change(c)) for c in changes)


def notice(message: Message, changes: Sequence[Message] = ()) -> tuple[str, str]:
    """A notification's (title, body)."""
    pair = NOTICES.get(message.code)
    if pair is None:
        return "TokenPool", message.text
    title, body = pair
    p = message.params
    if message.code == "codex_changed" and changes:
        return say(CONTROLLER, title), " ".join(change(c) for c in changes)
    return say(CONTROLLER, title, p.get("percent", "")), say(CONTROLLER, body, p.get("left", ""))


def action(key: str, *values: str) -> str:
    return say(CONTROLLER, ACTIONS[key], *values)


def refresh_refusal(decision: ManualDecision, now: float) -> tuple[str, int]:
    """Why Refresh did not ask now, and for how many ms to say it (the wait, or 10 s while a
    check is running)."""
    wait_ms = round(decision.wait_s * 1000)
    if decision.reason == "busy":
        return action("busy"), 10_000
    if decision.reason == "rate_limited":
        until = time.strftime("%H:%M", time.localtime(now + decision.wait_s))
        return action("rate_limited", until), wait_ms
    return action("too_soon", str(max(1, round(decision.wait_s)))), wait_ms


def retest_verdict(verdict: str) -> str:
    source = RETEST_VERDICTS.get(verdict)
    return say(CONTROLLER, source) if source else verdict


def news(key: str, *values: str) -> str:
    return say(CONTROLLER, NEWS[key], *values)


def setup_label() -> str:
    return say(PANEL, SETUP)


# --------------------------------------------------------------------------- the quota's lines

REASONS: Mapping[str, str] = {
    "rate_limited": QT_TRANSLATE_NOOP("TrayPanel", "Rate limited until %1."),
    "server_message": QT_TRANSLATE_NOOP("TrayPanel", "The gateway answered with an error."),
    "not_available": QT_TRANSLATE_NOOP(
        "TrayPanel", "This endpoint does not report the remaining quota."
    ),
}

REFUSALS: Mapping[str, str] = {
    "invalid_key": QT_TRANSLATE_NOOP(
        "TrayPanel",
        "TokenPool does not accept this key. Copy the full key again from the TokenPool "
        "console, then choose Run setup again.",
    ),
    "expired": QT_TRANSLATE_NOOP(
        "TrayPanel", "This key has expired. Renew it in the TokenPool console."
    ),
    "exhausted": QT_TRANSLATE_NOOP(
        "TrayPanel", "No quota left on this key. Top up in the TokenPool console."
    ),
}

PERIODS: Mapping[str, str] = {
    "daily": QT_TRANSLATE_NOOP("TrayPanel", "today's limit"),
    "weekly": QT_TRANSLATE_NOOP("TrayPanel", "this week's limit"),
    "monthly": QT_TRANSLATE_NOOP("TrayPanel", "this month's limit"),
}

DETAILS: Mapping[str, str] = {
    "used_of": QT_TRANSLATE_NOOP("TrayPanel", "%1 used of %2"),
    "used": QT_TRANSLATE_NOOP("TrayPanel", "%1 used"),
    "valid_until": QT_TRANSLATE_NOOP("TrayPanel", "valid until %1"),
}

FORECASTS: Mapping[str, str] = {
    "within_a_day": QT_TRANSLATE_NOOP(
        "TrayPanel", "At this week's pace, it runs out within a day."
    ),
    "one_day": QT_TRANSLATE_NOOP("TrayPanel", "At this week's pace, about 1 day left."),
    "days": QT_TRANSLATE_NOOP("TrayPanel", "At this week's pace, about %1 days left."),
}


def muted_html(text: str, colour: str, *, small: bool = True) -> str:
    size = "; font-size:small" if small else ""
    return f"<span style='color:{colour}{size}'>{html.escape(text)}</span>"


def with_detail(first: str, detail: str, muted: str) -> str:
    """``first``, then the English ``detail``: muted below it in English, behind the "Details"
    link when ``first`` is a translation (see app/ui/messages.py)."""
    if not detail.strip():
        return html.escape(first)
    if not messages.details_translated():
        return f"{html.escape(first)}<br>{muted_html(detail, muted)}"
    return f"{html.escape(first)} {messages.details_link(detail)}"


def failure_html(reading: Reading, muted: str) -> str:
    """Why the quota could not be read: the translated summary and the core's English sentence."""
    detail = reading.message
    if reading.kind == "rate_limited" and reading.retry_after_s:
        until = time.strftime("%H:%M", time.localtime(reading.at + reading.retry_after_s))
        first = say(PANEL, REASONS["rate_limited"], until)
    elif reading.kind == "server_message":
        first = say(PANEL, REASONS["server_message"])
    elif reading.status == "not_available":
        first = say(PANEL, REASONS["not_available"])
    else:
        return messages.rich_text(reading.kind or reading.status, detail, muted)
    return with_detail(first, detail, muted)


def refusal_html(reading: Reading, muted: str) -> str:
    """What to do about a refused, expired or exhausted key, in the person's language. The
    core's English sentence alone used to show, small and grey, even in the Chinese panel."""
    source = REFUSALS.get(reading.status, "")
    first = say(PANEL, source) if source else ""
    if not first or first == source:  # English: the core's sentence is the most specific
        return html.escape(reading.message or source)
    return with_detail(first, reading.message, muted)


def quota_details(quota: Amounts) -> list[str]:
    """ "$12.50 used of $50.00", "this month's limit", the plan, "valid until …" (rich text)."""
    details: list[str] = []
    params = amounts(quota)
    if "used" in params and "total" in params:
        details.append(say(PANEL, DETAILS["used_of"], params["used"], params["total"]))
    elif "used" in params:
        details.append(say(PANEL, DETAILS["used"], params["used"]))
    if quota.period:
        period = PERIODS.get(quota.period)
        details.append(say(PANEL, period) if period else quota.period)
    if quota.plan_name:
        details.append(html.escape(quota.plan_name))
    if quota.expires_at is not None:
        details.append(say(PANEL, DETAILS["valid_until"], quota.expires_at.date().isoformat()))
    return details


def forecast(forecast: Forecast | None) -> str:
    if forecast is None:
        return ""
    if forecast.days_left < 1:
        return say(PANEL, FORECASTS["within_a_day"])
    days = round(forecast.days_left)
    if days == 1:
        return say(PANEL, FORECASTS["one_day"])
    return say(PANEL, FORECASTS["days"], str(days))

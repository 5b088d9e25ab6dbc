"""The tray's preferences a person may change: how often it asks, and when it warns.

They live in ``tray.json`` in our settings folder (see README), e.g.
``{"interval_minutes": 15, "low_percent": 25, "critical_percent": 5}``. Every value is optional;
one that is missing, of the wrong kind or out of range falls back to the default, and the reason is
kept in ``problems`` (for the panel and the log) — a typo never stops the tray. The interval is
never under 5 minutes: the relays rate-limit their quota routes (new-api: 20 requests per 20
minutes per address), so the floor protects the person's own key and address.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from app.core.paths import AppPaths
from app.core.tray.policy import DEFAULT_INTERVAL_S, MIN_INTERVAL_S
from app.core.tray.state import DEFAULT_THRESHOLDS

MAX_INTERVAL_S = 24 * 3600.0
MAX_FILE_BYTES = 64 * 1024  # a few settings; anything larger is not ours


@dataclass(frozen=True)
class TrayPreferences:
    """The tray's preferences from ``tray.json``, each value checked: a bad one falls back to its
    default and the reason is kept."""

    interval_s: float = DEFAULT_INTERVAL_S
    # Shares of the total (0..1): the first warning, then the last one before empty.
    thresholds: tuple[float, float] = DEFAULT_THRESHOLDS
    problems: tuple[str, ...] = ()
    # Ask the release feed (at most once a day) whether a newer version exists: the off switch
    # is ``"check_for_updates": false``.
    check_for_updates: bool = True


def _number(data: dict[str, Any], key: str) -> float | None:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def parse_tray_preferences(text: str) -> TrayPreferences:
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        return TrayPreferences(problems=(f"tray.json is not valid JSON (line {exc.lineno}).",))
    if not isinstance(data, dict):
        return TrayPreferences(problems=("tray.json must hold one JSON object.",))
    problems: list[str] = []
    interval_s = DEFAULT_INTERVAL_S
    if "interval_minutes" in data:
        minutes = _number(data, "interval_minutes")
        if minutes is None:
            problems.append("interval_minutes must be a number of minutes.")
        elif not MIN_INTERVAL_S <= minutes * 60 <= MAX_INTERVAL_S:
            problems.append(
                f"interval_minutes must be between {MIN_INTERVAL_S / 60:g} and "
                f"{MAX_INTERVAL_S / 60:g}; using {DEFAULT_INTERVAL_S / 60:g}."
            )
        else:
            interval_s = minutes * 60
    low, critical = DEFAULT_THRESHOLDS
    wanted_low = _number(data, "low_percent") if "low_percent" in data else low * 100
    wanted_critical = (
        _number(data, "critical_percent") if "critical_percent" in data else critical * 100
    )
    if wanted_low is None or wanted_critical is None:
        problems.append("low_percent and critical_percent must be numbers (percent).")
    elif not 0 < wanted_critical < wanted_low < 100:
        problems.append(
            "Warnings need 0 < critical_percent < low_percent < 100; using "
            f"{low * 100:g} and {critical * 100:g}."
        )
    else:
        low, critical = wanted_low / 100, wanted_critical / 100
    check_for_updates = data.get("check_for_updates", True)
    if not isinstance(check_for_updates, bool):
        problems.append("check_for_updates must be true or false; asking for new versions.")
        check_for_updates = True
    return TrayPreferences(interval_s, (low, critical), tuple(problems), check_for_updates)


def load_tray_preferences(paths: AppPaths) -> TrayPreferences:
    """The defaults when there is no file (the usual case) or it cannot be read.

    Read here rather than with app.core.fileio, which loads hashlib (libcrypto, a few MB) into
    the resident tray for a file of a few bytes."""
    try:
        with paths.tray_preferences_file.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise ValueError("too large")
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except FileNotFoundError:
        return TrayPreferences()
    except (OSError, ValueError):  # unreadable, a folder, too large, not UTF-8
        return TrayPreferences(problems=("tray.json cannot be read; using the defaults.",))
    return parse_tray_preferences(text)

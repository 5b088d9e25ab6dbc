"""A small, bounded history of the remaining quota (numbers and times only) and a plain forecast.

A sample is kept when the value changes or an hour has passed; samples older than ~60 days are
dropped and the file never holds more than :data:`MAX_SAMPLES`. The file lives in our settings
folder; a damaged one is simply started again (it only feeds the chart).
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HISTORY_FILE = "quota-history.json"
KEEP_S = 60 * 86400.0
HOURLY_S = 3600.0
MAX_SAMPLES = 2000
FORECAST_WINDOW_S = 7 * 86400.0
# What a sample may hold: times up to the year 2100, amounts from 0 to a trillion. Anything else
# (Infinity, NaN, negative, absurd) comes from a damaged or hand-edited file, or a gateway's bug,
# and would break the chart and the forecast.
EARLIEST_AT = 0.0
LATEST_AT = 4_102_444_800.0
MAX_AMOUNT = 1e12


@dataclass(frozen=True)
class Sample:
    """The remaining quota (and the total, when known) read at one moment."""

    at: float  # Unix seconds
    remaining: float
    total: float | None = None

    @property
    def plausible(self) -> bool:
        amounts = (self.remaining,) if self.total is None else (self.remaining, self.total)
        return EARLIEST_AT <= self.at <= LATEST_AT and all(
            math.isfinite(a) and 0 <= a <= MAX_AMOUNT for a in amounts
        )


@dataclass(frozen=True)
class History:
    """The kept quota samples, oldest first, in one unit: what the chart and forecast draw on."""

    samples: tuple[Sample, ...] = ()
    unit: str = "USD"

    def add(self, sample: Sample, unit: str) -> History:
        """With ``sample`` kept if it says something new (changed, or an hour later); a sample no
        quota can be (Infinity, NaN, negative, absurd) is not kept."""
        if not sample.plausible:
            return self
        samples = self.samples if unit == self.unit else ()
        if samples:
            last = samples[-1]
            same = abs(last.remaining - sample.remaining) < 1e-9 and last.total == sample.total
            if same and sample.at - last.at < HOURLY_S:
                return self if unit == self.unit else History(samples, unit)
            if sample.at < last.at:  # the clock went back: keep the order
                samples = tuple(s for s in samples if s.at < sample.at)
        kept = tuple(s for s in (*samples, sample) if sample.at - s.at <= KEEP_S)
        return History(kept[-MAX_SAMPLES:], unit)

    def since(self, start: float) -> tuple[Sample, ...]:
        return tuple(s for s in self.samples if s.at >= start)

    # The one place the format is written and read: the file, and the worker's answers.

    def to_json(self) -> dict[str, Any]:
        """Numbers and times only: [at, remaining, total] rows and the unit."""
        return {
            "version": 1,
            "unit": self.unit,
            "samples": [
                [
                    round(s.at, 1),
                    round(s.remaining, 6),
                    None if s.total is None else round(s.total, 6),
                ]
                for s in self.samples
            ],
        }

    @classmethod
    def from_json(cls, data: Any) -> History:
        """Raises ValueError, TypeError, AttributeError or OverflowError for data that is not a
        history; a history with an impossible sample (infinite, negative, absurd) starts again."""
        unit = str(data.get("unit") or "USD")
        samples = tuple(
            Sample(float(at), float(left), None if total is None else float(total))
            for at, left, total in data.get("samples", [])
        )
        if not all(s.plausible for s in samples):
            # Damaged (or edited by hand): it only feeds the chart, so it starts again.
            return cls(unit=unit)
        return cls(tuple(sorted(samples, key=lambda s: s.at))[-MAX_SAMPLES:], unit)


def history_path(settings_dir: Path) -> Path:
    return settings_dir / HISTORY_FILE


def load_history(settings_dir: Path) -> History:
    from app.core.fileio import read_snapshot  # hashlib (libcrypto): not in the idle tray

    snap = read_snapshot(history_path(settings_dir))
    if snap.state != "ok":
        return History()
    try:
        return History.from_json(json.loads(snap.text))
    except (ValueError, TypeError, AttributeError, OverflowError):
        return History()


def save_history(settings_dir: Path, history: History) -> None:
    """Numbers and times only (:meth:`History.to_json`)."""
    from app.core.fileio import atomic_write

    text = json.dumps(history.to_json(), separators=(",", ":"), allow_nan=False) + "\n"
    atomic_write(history_path(settings_dir), text.encode())


@dataclass(frozen=True)
class Forecast:
    """When the quota runs out if this week's pace of spending goes on."""

    days_left: float
    per_day: float  # spent per day at this week's pace

    @property
    def text(self) -> str:
        days = self.days_left
        if days < 1:
            return "At this week's pace, it runs out within a day."
        whole = round(days)
        return f"At this week's pace, about {whole} day{'s' if whole != 1 else ''} left."


def forecast(history: History, now: float) -> Forecast | None:
    """How long the remaining quota lasts at the pace of the last 7 days (top-ups skipped), or None
    when there is too little to say or nothing is being spent."""
    recent = history.since(now - FORECAST_WINDOW_S)
    if len(recent) < 2:
        return None
    spent = 0.0
    for before, after in itertools.pairwise(recent):
        if after.remaining < before.remaining:  # a rise is a top-up, not negative spending
            spent += before.remaining - after.remaining
    span_days = (recent[-1].at - recent[0].at) / 86400.0
    if spent <= 0 or span_days < 1 / 24:  # under an hour of data says nothing about a week
        return None
    per_day = spent / span_days
    days_left = max(0.0, recent[-1].remaining) / per_day if math.isfinite(per_day) else math.nan
    if not math.isfinite(days_left):  # only from samples no quota can be (never kept now)
        return None
    return Forecast(days_left, per_day)

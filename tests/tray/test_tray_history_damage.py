"""The quota history file damaged or edited by hand: Infinity, NaN, negative or absurd values are
never kept, so the panel's forecast cannot crash and a bad sample does not stay for 60 days."""

from __future__ import annotations

import json
import math

import pytest

from app.core.paths import AppPaths
from app.core.tray.history import (
    History,
    Sample,
    forecast,
    history_path,
    load_history,
    save_history,
)

NOW = 1_800_000_000.0
HOUR = 3600.0


def write_history(paths: AppPaths, rows_json: str) -> None:
    path = history_path(paths.settings_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    # As Python's json module (and a hand edit) writes them: Infinity and NaN are not JSON.
    path.write_text('{"version":1,"unit":"USD","samples":' + rows_json + "}\n")


@pytest.mark.parametrize(
    "bad",
    ["Infinity", "-Infinity", "NaN", "-5", "1e300"],
    ids=["inf", "-inf", "nan", "negative", "absurd"],
)
def test_a_history_with_an_impossible_value_starts_again(paths: AppPaths, bad: str) -> None:
    write_history(
        paths, f"[[{NOW - 4 * HOUR},50,null],[{NOW - 2 * HOUR},40,null],[{NOW - HOUR},{bad},null]]"
    )
    history = load_history(paths.settings_dir)
    assert history == History(unit="USD")
    result = forecast(history, NOW)
    assert result is None or result.text  # the panel's refresh reads .text: no OverflowError


def test_an_impossible_time_starts_again(paths: AppPaths) -> None:
    write_history(paths, f"[[{NOW},50,null],[1e20,40,null]]")
    assert load_history(paths.settings_dir).samples == ()


def test_impossible_readings_are_never_added_nor_saved(paths: AppPaths) -> None:
    history = History().add(Sample(NOW - 2 * HOUR, 50, 100), "USD")
    for value in (math.inf, math.nan, -1.0, 1e15):
        assert history.add(Sample(NOW, value, 100), "USD") is history
    assert history.add(Sample(NOW, 40, math.inf), "USD") is history
    save_history(paths.settings_dir, history)
    saved = json.loads(history_path(paths.settings_dir).read_text())
    assert saved["samples"] == [[NOW - 2 * HOUR, 50, 100]]


def test_the_forecast_of_an_infinite_remainder_does_not_crash() -> None:
    # Built directly (as an older version of this app could have saved it).
    history = History(
        (Sample(NOW - 4 * HOUR, 50), Sample(NOW - 2 * HOUR, 40), Sample(NOW - HOUR, math.inf))
    )
    result = forecast(history, NOW)
    assert result is None or result.text

"""tray.json: how often the tray asks and when it warns — optional, validated, never fatal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.core.paths import AppPaths
from app.core.tray.policy import DEFAULT_INTERVAL_S, MIN_INTERVAL_S
from app.core.tray.preferences import load_tray_preferences, parse_tray_preferences
from app.core.tray.state import DEFAULT_THRESHOLDS


def test_no_file_means_the_defaults(paths: AppPaths) -> None:
    prefs = load_tray_preferences(paths)
    assert (prefs.interval_s, prefs.thresholds, prefs.problems) == (
        DEFAULT_INTERVAL_S,
        DEFAULT_THRESHOLDS,
        (),
    )


def test_a_persons_choices_are_used(paths: AppPaths) -> None:
    paths.settings_dir.mkdir(parents=True, exist_ok=True)
    paths.tray_preferences_file.write_text(
        '{"interval_minutes": 15, "low_percent": 30, "critical_percent": 10}', encoding="utf-8"
    )
    prefs = load_tray_preferences(paths)
    assert prefs.interval_s == 900
    assert prefs.thresholds == pytest.approx((0.30, 0.10))
    assert prefs.problems == ()


@pytest.mark.parametrize(
    ("text", "expected_interval", "expected_thresholds"),
    [
        ('{"interval_minutes": 1}', DEFAULT_INTERVAL_S, DEFAULT_THRESHOLDS),  # under the floor
        ('{"interval_minutes": "often"}', DEFAULT_INTERVAL_S, DEFAULT_THRESHOLDS),
        ('{"interval_minutes": true}', DEFAULT_INTERVAL_S, DEFAULT_THRESHOLDS),
        ('{"low_percent": 5, "critical_percent": 20}', DEFAULT_INTERVAL_S, DEFAULT_THRESHOLDS),
        ('{"low_percent": 150}', DEFAULT_INTERVAL_S, DEFAULT_THRESHOLDS),
        ("[1, 2]", DEFAULT_INTERVAL_S, DEFAULT_THRESHOLDS),
        ("{not json", DEFAULT_INTERVAL_S, DEFAULT_THRESHOLDS),
    ],
)
def test_a_bad_value_falls_back_and_says_why(
    text: str, expected_interval: float, expected_thresholds: tuple[float, float]
) -> None:
    prefs = parse_tray_preferences(text)
    assert prefs.interval_s == expected_interval
    assert prefs.thresholds == expected_thresholds
    assert prefs.problems, "a value that is not used must be explained"


def test_the_floor_is_five_minutes() -> None:
    assert parse_tray_preferences('{"interval_minutes": 5}').interval_s == MIN_INTERVAL_S
    assert parse_tray_preferences('{"interval_minutes": 4.9}').problems


def test_run_tray_hands_the_preferences_to_the_controller(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch, qapp: Any
) -> None:
    from app.ui.tray import launch

    paths.settings_dir.mkdir(parents=True, exist_ok=True)
    paths.tray_preferences_file.write_text(
        '{"interval_minutes": 30, "low_percent": 50, "critical_percent": 25}', encoding="utf-8"
    )
    seen: dict[str, Any] = {}

    class RecordingController:
        def __init__(self, paths: Path, **kwargs: Any) -> None:
            seen.update(kwargs)

        def start(self, show_panel: bool) -> None:
            pass

        def stop(self) -> None:
            pass

    monkeypatch.setattr("app.ui.tray.controller.TrayController", RecordingController)
    monkeypatch.setattr(type(qapp), "exec", lambda self: 0)
    assert launch.run_tray(show_panel=False, hidden=True, paths=paths, lang="en") == 0
    assert seen["interval_s"] == 1800
    assert seen["thresholds"] == pytest.approx((0.50, 0.25))


def test_a_tray_a_person_starts_waits_briefly_for_a_tray_host(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch, qapp: Any
) -> None:
    """At login the panel may start after the tray: it waits 10 s before showing its window. A
    person's start (the `tray` command, Finish in the wizard) comes when the desktop is up: with
    no tray host the window comes after 2 s, not 10 (a new user looked at nothing for 11 s)."""
    from app.core.tray.host import PERSON_START_WAIT_S, START_WAIT_S
    from app.ui.tray import launch

    waits: list[float] = []

    class RecordingController:
        def __init__(self, paths: Path, **kwargs: Any) -> None:
            waits.append(kwargs["tray_wait_s"])

        def start(self, show_panel: bool) -> None:
            pass

        def stop(self) -> None:
            pass

    monkeypatch.setattr("app.ui.tray.controller.TrayController", RecordingController)
    monkeypatch.setattr(type(qapp), "exec", lambda self: 0)
    launch.run_tray(show_panel=False, hidden=True, paths=paths, lang="en")
    launch.run_tray(show_panel=False, hidden=False, paths=paths, lang="en")
    assert waits == [START_WAIT_S, PERSON_START_WAIT_S]
    assert PERSON_START_WAIT_S <= 2.0 < START_WAIT_S

"""The tray's Qt-free logic: polling schedule (fake clocks), alerts once per crossing, icon state,
tooltip, history and forecast, and what changed in Codex's files. No QApplication here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from app.core.paths import AppPaths
from app.core.tray.history import (
    KEEP_S,
    MAX_SAMPLES,
    History,
    Sample,
    forecast,
    history_path,
    load_history,
    save_history,
)
from app.core.tray.policy import MANUAL_MIN_S, MAX_BACKOFF_S, MIN_INTERVAL_S, PollPolicy
from app.core.tray.state import (
    Alerts,
    Amounts,
    Reading,
    TrayState,
    icon_state,
    quota_headline,
    tooltip,
)
from app.core.tray.watch import CodexView, codex_line, compare, repair_model
from tests.conftest import GOOD_TEST_KEY


class Clocks:
    """A monotonic and a wall clock the test moves by hand."""

    def __init__(self) -> None:
        self.mono = 1000.0
        self.wall = 1_750_000_000.0

    def advance(self, seconds: float, *, asleep: bool = False) -> None:
        self.wall += seconds
        if not asleep:  # the monotonic clock stops while the machine sleeps
            self.mono += seconds


def policy(clocks: Clocks, **kwargs: float) -> PollPolicy:
    return PollPolicy(clock=lambda: clocks.mono, wall=lambda: clocks.wall, **kwargs)


def quota(remaining: float | None, total: float | None = 50.0) -> Amounts:
    return Amounts(remaining, None, total)


def ok(remaining: float | None, total: float | None = 50.0, at: float = 0.0) -> Reading:
    return Reading(at, "ok", quota(remaining, total))


# --------------------------------------------------------------------------- polling


def test_polls_at_start_then_every_interval() -> None:
    clocks = Clocks()
    p = policy(clocks)
    assert p.is_due() and p.begin("start")
    assert not p.begin("timer")  # never while the previous request is running
    assert p.seconds_until_due() is None
    p.finished(ok=True)
    assert p.seconds_until_due() == pytest.approx(600)
    clocks.advance(599)
    assert not p.begin("timer")
    clocks.advance(1)
    assert p.begin("timer")


def test_interval_is_never_under_five_minutes() -> None:
    clocks = Clocks()
    p = policy(clocks, interval_s=30)
    assert p.interval_s == MIN_INTERVAL_S


def test_failures_back_off_exponentially_up_to_an_hour() -> None:
    clocks = Clocks()
    p = policy(clocks)
    waits = []
    for _ in range(6):
        assert p.begin("timer")
        p.finished(ok=False)
        wait = p.seconds_until_due()
        assert wait is not None
        waits.append(wait)
        clocks.advance(wait)
    assert waits == [600, 1200, 2400, MAX_BACKOFF_S, MAX_BACKOFF_S, MAX_BACKOFF_S]
    assert p.begin("timer")
    p.finished(ok=True)  # success resets the backoff
    assert p.seconds_until_due() == pytest.approx(600)


def test_retry_after_is_honoured_even_by_network_change_and_manual_refresh() -> None:
    clocks = Clocks()
    p = policy(clocks)
    assert p.begin("start")
    p.finished(ok=False, retry_after_s=1800)
    assert p.seconds_until_due() == pytest.approx(1800)
    assert p.rate_limited_until == pytest.approx(clocks.wall + 1800)
    p.network_changed()
    assert not p.begin("network")
    clocks.advance(MANUAL_MIN_S + 1)
    decision = p.manual()
    assert not decision.allowed and decision.reason == "rate_limited"
    clocks.advance(1800)
    assert p.begin("network")


def test_manual_refresh_at_most_once_per_ten_seconds() -> None:
    clocks = Clocks()
    p = policy(clocks)
    assert p.begin("manual")
    assert p.manual().reason == "busy"
    p.finished(ok=True)
    assert p.manual().reason == "too_soon"
    assert not p.begin("manual")
    clocks.advance(MANUAL_MIN_S)
    assert p.begin("manual")


def test_network_change_polls_at_once() -> None:
    clocks = Clocks()
    p = policy(clocks)
    assert p.begin("start")
    p.finished(ok=True)
    clocks.advance(60)
    assert not p.is_due()
    p.network_changed()
    assert p.begin("network")


def test_wake_is_seen_as_a_wall_clock_jump() -> None:
    clocks = Clocks()
    p = policy(clocks)
    assert p.begin("start")
    p.finished(ok=True)
    clocks.advance(60)
    assert not p.check_wake()  # an ordinary minute
    clocks.advance(3 * 3600, asleep=True)
    assert p.check_wake()
    assert p.begin("wake")


# --------------------------------------------------------------------------- alerts


def test_each_threshold_notifies_once_per_crossing_and_rearms() -> None:
    alerts = Alerts()
    codes: list[list[str]] = []
    for left in (40, 30, 9, 8, 7, 2, 1, 30, 9):
        alerts, notices = alerts.update(ok(left))
        codes.append([n.code for n in notices])
    assert codes == [[], [], ["low"], [], [], ["very_low"], [], [], ["low"]]


def test_straight_to_exhausted_says_only_exhausted_and_failures_change_nothing() -> None:
    alerts = Alerts()
    alerts, notices = alerts.update(Reading(0, "exhausted", quota(0.0)))
    assert [n.code for n in notices] == ["exhausted"]
    alerts, notices = alerts.update(Reading(0, "error", message="timeout"))
    assert notices == []
    alerts, notices = alerts.update(Reading(0, "exhausted", quota(0.0)))
    assert notices == []


def test_key_refused_once_not_per_poll() -> None:
    alerts = Alerts()
    sent = []
    for _ in range(5):
        alerts, notices = alerts.update(Reading(0, "invalid_key", message="refused"))
        sent += notices
    assert [n.code for n in sent] == ["key_refused"]
    assert all(GOOD_TEST_KEY not in n.text for n in sent)


def test_thresholds_are_configurable() -> None:
    alerts = Alerts(thresholds=(0.5, 0.25))
    _, notices = alerts.update(ok(20))
    assert [n.code for n in notices] == ["low"] and notices[0].params["percent"] == "50"


def test_codex_files_notice_once_until_fixed() -> None:
    alerts = Alerts()
    alerts, first = alerts.codex_files(False, "model changed")
    alerts, second = alerts.codex_files(False, "model changed")
    alerts, fixed = alerts.codex_files(True, "")
    alerts, again = alerts.codex_files(False, "provider changed")
    assert [len(first), len(second), len(fixed), len(again)] == [1, 0, 0, 1]


# --------------------------------------------------------------------------- icon and tooltip


@pytest.mark.parametrize(
    ("reading", "level", "tip"),
    [
        (ok(37.5), "normal", "TokenPool: $37.50 left of $50.00"),
        (ok(12.34, None), "normal", "TokenPool: $12.34 left"),
        (ok(5.0), "low", "TokenPool: $5.00 left of $50.00"),
        (
            Reading(0, "ok", Amounts(None, 3.0, None, "USD", True)),
            "normal",
            "TokenPool: unlimited",
        ),
        (Reading(0, "exhausted", quota(0.0)), "empty", "TokenPool: no quota left"),
        (Reading(0, "invalid_key"), "refused", "TokenPool: key refused"),
        (
            Reading(0, "not_available"),
            "unknown",
            "TokenPool: the gateway does not report the quota",
        ),
    ],
)
def test_icon_and_tooltip(reading: Reading, level: str, tip: str) -> None:
    state = TrayState().with_reading(reading)
    assert icon_state(state).level == level
    assert tooltip(state).text == tip


def test_failure_keeps_the_last_amounts_marked_stale() -> None:
    state = TrayState().with_reading(ok(37.5, at=1.0))
    state = state.with_reading(Reading(2.0, "error", message="timeout", kind="timeout"))
    assert state.stale and state.shown is not None and state.shown.at == 1.0
    assert icon_state(state).dimmed
    assert tooltip(state).text.startswith("TokenPool: $37.50 left of $50.00 (not updated")
    assert quota_headline(state.shown).params == {"left": "$37.50", "total": "$50.00"}


def test_nothing_yet_is_grey() -> None:
    state = TrayState()
    assert icon_state(state).level == "unknown" and icon_state(state).dimmed
    assert tooltip(state).text == "TokenPool: checking…"


# --------------------------------------------------------------------------- history


def test_history_samples_on_change_or_hourly_and_is_pruned() -> None:
    h = History()
    h = h.add(Sample(0, 50, 50), "USD")
    h = h.add(Sample(60, 50, 50), "USD")  # unchanged, under an hour: not kept
    h = h.add(Sample(120, 49, 50), "USD")
    h = h.add(Sample(120 + 3600, 49, 50), "USD")  # unchanged but an hour later
    assert [s.at for s in h.samples] == [0, 120, 3720]
    h = h.add(Sample(KEEP_S + 200, 40, 50), "USD")
    assert [s.at for s in h.samples] == [3720, KEEP_S + 200]


def test_history_is_bounded() -> None:
    h = History()
    for i in range(MAX_SAMPLES + 50):
        h = h.add(Sample(i * 10, 10000 - i, None), "USD")
    assert len(h.samples) == MAX_SAMPLES


def test_history_file_holds_numbers_and_times_only(paths: AppPaths) -> None:
    h = History().add(Sample(1.0, 12.34, 20.0), "USD").add(Sample(7200.0, 11.0, 20.0), "USD")
    save_history(paths.settings_dir, h)
    raw = history_path(paths.settings_dir).read_text()
    data = json.loads(raw)
    assert data["samples"] == [[1.0, 12.34, 20.0], [7200.0, 11.0, 20.0]]
    assert set(data) == {"version", "unit", "samples"}
    assert "sk-" not in raw
    assert load_history(paths.settings_dir) == h


def test_damaged_history_starts_again(paths: AppPaths) -> None:
    path = history_path(paths.settings_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json")
    assert load_history(paths.settings_dir) == History()


def test_forecast_at_this_weeks_pace() -> None:
    day = 86400.0
    h = History()
    for i, left in enumerate([50, 48, 46, 44, 42, 40, 38, 36]):  # $2 a day
        h = h.add(Sample(i * day, left, 50), "USD")
    f = forecast(h, 7 * day)
    assert f is not None and f.per_day == pytest.approx(2.0)
    assert f.days_left == pytest.approx(18.0)
    assert f.text == "At this week's pace, about 18 days left."


def test_forecast_skips_top_ups_and_says_nothing_without_spending() -> None:
    day = 86400.0
    h = History().add(Sample(0, 10, None), "USD").add(Sample(day, 8, None), "USD")
    h = h.add(Sample(1.5 * day, 58, None), "USD").add(Sample(2 * day, 57, None), "USD")
    f = forecast(h, 2 * day)
    assert f is not None and f.per_day == pytest.approx(1.5)
    flat = History().add(Sample(0, 10, None), "USD").add(Sample(3 * day, 10, None), "USD")
    assert forecast(flat, 3 * day) is None


# --------------------------------------------------------------------------- Codex files


def view(model: str = "gpt-5.5", url: str = "https://api.clawto.link", **kw: object) -> CodexView:
    defaults: dict[str, object] = {"verdict": "tokenpool", "has_key": True, "key_fingerprint": "a"}
    defaults.update(kw)
    return CodexView(base_url=url, model=model, **defaults)  # type: ignore[arg-type]


def test_codex_moving_to_a_model_the_gateway_lacks_is_said_in_words() -> None:
    offered = ("gpt-5.5", "gpt-5.4")
    changes = compare(view(), view("gpt-6-sol"), offered)
    assert [c.code for c in changes] == ["model_changed_unoffered"]
    assert changes[0].text == (
        'Codex now uses the model "gpt-6-sol" instead of "gpt-5.5", which TokenPool does not offer.'
    )
    assert codex_line(view("gpt-6-sol"), offered) == "changed"
    assert repair_model(offered, "gpt-5.5") == "gpt-5.5"


def test_other_changes_in_words() -> None:
    old = view()
    assert [
        c.code for c in compare(old, view(url="https://other.example/v1", verdict="other"))
    ] == ["provider_changed"]
    assert [c.code for c in compare(old, view(has_key=False, key_fingerprint=""))] == [
        "key_removed"
    ]
    assert [c.code for c in compare(old, view(key_fingerprint="b"))] == ["key_changed"]
    assert compare(old, view()) == ()
    assert codex_line(view(verdict="broken")) == "broken"


# --------------------------------------------------------------------------- the worker protocol


def test_every_request_and_answer_survives_the_trip_through_json() -> None:
    from app.core.tray import protocol as p
    from app.core.tray.state import Amounts
    from app.core.tray.watch import FindingView

    place = p.Place("/c", "/s")
    requests: list[p.Request] = [
        p.PollRequest({"HTTP_PROXY": "http://127.0.0.1:1"}, 1.5, keychain=True),
        p.FilesRequest(None, ("a", "b"), "m", history=True, codex_version="1", check_codex=True),
        p.RetestRequest(None, ("https://x/v1",)),
        p.SwitchRequest("https://x/v1", "https://x/v1"),
        p.DiagnoseRequest("old"),
        p.RepairRequest(None),
        p.TestCodexRequest(),
    ]
    for request in requests:
        assert p.decode_request(p.encode_request(request, place)) == (request, place)
    finding = FindingView("duplicate_table", "error", "twice", True, "hint")
    line = p.ProbeLine("https://x/v1", True, 12.0, None, "", "https://x/v1")
    view = CodexView("tokenpool", "https://x/v1", "m", True, "abc", (finding,))
    reading = Reading(1.0, "ok", Amounts(1.0, 2.0, 3.0), endpoint="https://x/v1")
    answers: list[tuple[str, p.Answer]] = [
        ("poll", p.PollAnswer(reading, History((Sample(1.0, 2.0, 3.0),)), "/s")),
        ("files", p.FilesAnswer(view, ("m",), "1", History(), (("a", "b"),), "/c/backups/1")),
        ("retest", p.RetestAnswer("switch_faster", "https://y/v1", (line,), line, line)),
        ("switch", p.SwitchAnswer("https://x/v1", None)),
        ("diagnose", p.DiagnoseAnswer((finding,), True)),
        ("repair", p.RepairAnswer("/c/backups/2", (finding,))),
        ("test_codex", p.TestCodexAnswer(True, True, "pong", "")),
    ]
    for job, answer in answers:
        assert p.decode_answer(job, p.encode_answer(answer)) == answer
    failure = p.Failure("timeout", "It took too long.", "Try again.")
    assert p.decode_answer("poll", p.encode_answer(failure)) == failure
    assert p.decode_answer("poll", "Traceback (most recent call last)").code == "unexpected"


@pytest.mark.skipif(sys.platform == "win32", reason="the Codex stand-in is a shell script")
def test_the_files_job_reports_the_version_of_the_codex_found_now(
    paths: AppPaths, tmp_path: Path
) -> None:
    from app.core.installed_codex import InstalledCodex
    from app.core.tray import protocol as p
    from app.core.tray.jobs import UpgradeOffersChecked, check_codex_upgrade_offers
    from app.core.tray.worker import run
    from tests.support.npm_registry import fake_codex_script

    folder = tmp_path / "bin"
    folder.mkdir()
    codex = folder / "codex"
    codex.write_bytes(fake_codex_script("9.9.9"))
    codex.chmod(0o755)
    env = {"PATH": str(folder), "HOME": str(tmp_path / "home")}
    place = p.Place(str(paths.codex_home), str(paths.settings_dir))
    for known in ("9.9.9", "0.1.0"):  # the same Codex; a changed one (nothing set up to record)
        checked = check_codex_upgrade_offers(paths, env, known_version=known)
        assert checked == UpgradeOffersChecked(InstalledCodex(codex, "9.9.9"))
        answer = run(p.FilesRequest(codex_version=known, check_codex=True), place, env)
        assert isinstance(answer, p.FilesAnswer)
        assert (answer.codex_version, answer.migrations, answer.backup) == ("9.9.9", (), None)


def test_the_quota_is_asked_again_when_the_key_endpoint_or_provider_changes() -> None:
    from app.core.tray.model import TrayModel, after_files
    from app.core.tray.protocol import FilesAnswer

    view = CodexView("tokenpool", "https://x/v1", "m", True, "abc")
    model, _, ask = after_files(TrayModel(), FilesAnswer(view))
    assert not ask  # the first look: the start-up poll asks anyway
    for changed in (
        CodexView("tokenpool", "https://x/v1", "m", True, "def"),  # another key
        CodexView("tokenpool", "https://x/v1", "m", False, ""),  # the key gone
        CodexView("tokenpool", "https://y/v1", "m", True, "abc"),  # another endpoint
        CodexView("other", "https://x/v1", "m", True, "abc"),  # another provider
    ):
        assert after_files(model, FilesAnswer(changed))[2], changed
    # A change that does not touch the quota (the model) asks nothing.
    assert not after_files(
        model, FilesAnswer(CodexView("tokenpool", "https://x/v1", "n", True, "abc"))
    )[2]


def test_a_new_problem_makes_the_repair_result_old_news() -> None:
    """ "Repaired." stays in the panel while the quota answers and Codex's files reach TokenPool;
    a poll or a look at the files that finds a new problem clears it (the decision moved from the
    controller to the model, issue 21)."""
    from app.core.tray.model import TrayModel, after_files, repair_result_outdated
    from app.core.tray.protocol import FilesAnswer, PollAnswer

    for status, outdated in (("ok", False), ("exhausted", False), ("error", True)):
        answer = PollAnswer(Reading(0, status), History())  # type: ignore[arg-type]
        assert repair_result_outdated(answer) is outdated, status
    set_up = CodexView("tokenpool", "https://x/v1", "m", True, "abc")
    assert not repair_result_outdated(FilesAnswer(set_up))
    assert repair_result_outdated(FilesAnswer(CodexView("other", "https://x/v1", "m", True, "")))
    assert repair_result_outdated(FilesAnswer(set_up, offered=("n",)))  # a model not offered
    # What the model says of Codex's files: nothing before the first look.
    assert TrayModel().codex_line is None
    model, _, _ = after_files(TrayModel(), FilesAnswer(set_up, offered=("n",)))
    assert model.codex_line == "changed"

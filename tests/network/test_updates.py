"""Is a newer TokenPool Setup released (issue 22): against a local stand-in of GitHub's
latest-release feed on 127.0.0.1 — newer, same, older, pre-release, feed down, rate-limited —
asked at most once a day, never downloading, and a source checkout never asking."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.net.updates import (
    BuildStamp,
    UpdateCheck,
    check_for_update,
    describe_source_checkout,
    read_build_stamp,
    release_version,
)
from app.core.paths import AppPaths
from app.core.tray.preferences import parse_tray_preferences

REPO = "tokenpool/tokenpool-setup"
DAY = 24 * 3600.0


class Feed:
    """GitHub's ``/repos/{owner}/{name}/releases/latest``, answering what a test sets."""

    def __init__(self) -> None:
        self.status = 200
        self.body: Any = {}
        self.headers: dict[str, str] = {}
        self.asked: list[str] = []
        feed = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                feed.asked.append(self.path + " " + str(self.headers.get("Authorization")))
                payload = json.dumps(feed.body).encode()
                self.send_response(feed.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in feed.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: object) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/repos/{REPO}/releases/latest"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def release(self, tag: str, *, prerelease: bool = False) -> None:
        self.status = 200
        self.body = {
            "tag_name": tag,
            "prerelease": prerelease,
            "draft": False,
            "html_url": f"https://github.com/{REPO}/releases/tag/{tag}",
            "assets": [{"browser_download_url": "https://example.invalid/setup.exe"}],
        }


@pytest.fixture
def feed() -> Iterator[Feed]:
    running = Feed()
    running._thread.start()
    try:
        yield running
    finally:
        running._server.shutdown()
        running._server.server_close()


def stamp(feed: Feed, version: str = "1.4.0") -> BuildStamp:
    return BuildStamp(version, REPO, feed.url)


def check(paths: AppPaths, feed: Feed, at: float = 1_800_000_000.0, **kw: Any) -> UpdateCheck:
    kw.setdefault("stamp", stamp(feed))
    return check_for_update(paths, proxy_env={}, now=lambda: at, **kw)


def test_a_newer_release_is_one_line_with_its_link(paths: AppPaths, feed: Feed) -> None:
    feed.release("v1.5.0")
    result = check(paths, feed)
    assert result.status == "newer" and result.latest == "1.5.0"
    assert result.message == (
        f"TokenPool Setup 1.5.0 is available (you have 1.4.0): "
        f"https://github.com/{REPO}/releases/tag/v1.5.0"
    )
    assert "\n" not in result.message
    assert feed.asked == [f"/repos/{REPO}/releases/latest None"]  # no key, nothing downloaded


@pytest.mark.parametrize("tag", ["v1.4.0", "1.4", "v1.3.9", "v0.9.0"])
def test_same_or_older_is_current(paths: AppPaths, feed: Feed, tag: str) -> None:
    feed.release(tag)
    assert check(paths, feed).status == "current"


@pytest.mark.parametrize("tag", ["v1.5.0-rc1", "v2.0.0b1", "nightly"])
def test_a_pre_release_is_never_offered(paths: AppPaths, feed: Feed, tag: str) -> None:
    feed.release(tag)
    assert check(paths, feed).status == "current"
    feed.release("v9.0.0", prerelease=True)
    later = check(paths, feed, at=1_800_000_000.0 + DAY + 1)
    assert later.status == "current" and later.asked


def test_asked_at_most_once_a_day(paths: AppPaths, feed: Feed) -> None:
    feed.release("v1.5.0")
    first = check(paths, feed)
    second = check(paths, feed, at=1_800_000_000.0 + 3600)
    assert first.asked and not second.asked
    assert second.status == "newer"  # the day's answer is remembered
    assert len(feed.asked) == 1
    third = check(paths, feed, at=1_800_000_000.0 + DAY + 1)
    assert third.asked and len(feed.asked) == 2
    # A clock set back does not silence the check for good.
    assert check(paths, feed, at=1_700_000_000.0).asked


def test_feed_down(paths: AppPaths) -> None:
    dead = BuildStamp("1.4.0", REPO, "http://127.0.0.1:9/repos/x/y/releases/latest")
    result = check_for_update(paths, stamp=dead, proxy_env={}, now=lambda: 1.0)
    assert result.status == "unknown" and result.asked
    assert "Could not check for a new version" in result.message
    # Not asked again the same day, even after a failure.
    again = check_for_update(paths, stamp=dead, proxy_env={}, now=lambda: 2.0)
    assert not again.asked and again.status == "unknown"


@pytest.mark.parametrize(
    ("status", "headers"), [(403, {"X-RateLimit-Remaining": "0"}), (429, {"Retry-After": "60"})]
)
def test_rate_limited(paths: AppPaths, feed: Feed, status: int, headers: dict[str, str]) -> None:
    feed.status, feed.headers = status, headers
    feed.body = {"message": "API rate limit exceeded"}
    result = check(paths, feed)
    assert result.status == "unknown" and "too many requests" in result.message
    assert not check(paths, feed, at=1_800_000_000.0 + 60).asked


def test_a_newer_release_stays_known_when_the_feed_is_down_later(
    paths: AppPaths, feed: Feed
) -> None:
    feed.release("v1.5.0")
    check(paths, feed)
    feed.status, feed.body = 502, {"message": "bad gateway"}
    later = check(paths, feed, at=1_800_000_000.0 + DAY + 1)
    assert later.asked and later.status == "newer"


def test_a_link_elsewhere_is_not_shown(paths: AppPaths, feed: Feed) -> None:
    feed.release("v1.5.0")
    feed.body["html_url"] = "https://evil.example/download"
    result = check(paths, feed)
    assert result.url == f"https://github.com/{REPO}/releases/latest"


def test_off_switch_and_source_checkout(paths: AppPaths, feed: Feed) -> None:
    feed.release("v1.5.0")
    assert check(paths, feed, enabled=False).status == "off"
    assert check(paths, feed, stamp=None).status == "source"
    assert feed.asked == []
    assert parse_tray_preferences('{"check_for_updates": false}').check_for_updates is False
    assert parse_tray_preferences("{}").check_for_updates is True
    odd = parse_tray_preferences('{"check_for_updates": "no"}')
    assert odd.check_for_updates is True and odd.problems


def test_the_build_stamp(tmp_path: Path) -> None:
    path = tmp_path / "_build_stamp.json"
    assert read_build_stamp(path) is None  # a source checkout
    path.write_text(json.dumps({"version": "1.4.0", "repository": REPO}), encoding="utf-8")
    read = read_build_stamp(path)
    assert read == BuildStamp("1.4.0", REPO)
    assert read.feed == f"https://api.github.com/repos/{REPO}/releases/latest"
    for bad in (
        {"version": "1.4.0"},
        {"version": "x", "repository": REPO},
        {"version": "1.4.0", "repository": "../../etc"},
        {"version": "1.4.0", "repository": REPO, "feed_url": "http://plain.example/feed"},
    ):
        path.write_text(json.dumps(bad), encoding="utf-8")
        assert read_build_stamp(path) is None, bad
    assert describe_source_checkout(None).startswith("source checkout")


def test_this_checkout_has_no_stamp_and_selftest_says_so() -> None:
    assert read_build_stamp() is None
    assert "does not ask" in describe_source_checkout()


def test_release_versions() -> None:
    assert release_version("v1.10.0") > release_version("v1.9.9")  # type: ignore[operator]
    assert release_version("1.4") == release_version("1.4.0")
    assert release_version("1.5.0-rc1") is None


def test_the_tray_says_a_newer_release_once_with_its_link(
    qtbot,  # type: ignore[no-untyped-def]
    paths: AppPaths,
    feed: Feed,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The tray's worker asks along with the quota (once a day at most); the answer crosses the
    pipe, becomes one piece of news, and the panel shows it with the release page as a link.
    The stamp is injected: a source checkout has none (a built app carries it)."""
    from app.core.net import updates
    from app.core.tray import protocol as p
    from app.core.tray import worker
    from app.core.tray.model import TrayModel, after_poll
    from app.ui.tray import wording
    from app.ui.tray.panel import TrayPanel

    feed.release("v1.5.0")
    monkeypatch.setattr(updates, "read_build_stamp", lambda *a: stamp(feed))
    place = p.Place(str(paths.codex_home), str(paths.settings_dir))
    answer = worker.run(p.PollRequest(proxy_env={}), place)
    assert isinstance(answer, p.PollAnswer)
    page = f"https://github.com/{REPO}/releases/tag/v1.5.0"
    assert answer.update == ("1.4.0", "1.5.0", page)
    crossed = p.decode_answer("poll", p.encode_answer(answer))
    assert isinstance(crossed, p.PollAnswer) and crossed.update == answer.update

    model, _notices = after_poll(TrayModel(), crossed)
    assert [code for code, _values in model.news] == ["update"]
    again, _ = after_poll(model.seen(), crossed)
    assert again.news == ()  # said once, not at every poll
    panel = TrayPanel()
    qtbot.addWidget(panel)
    panel.show_news([wording.news(code, *values) for code, values in model.news])
    assert f'<a href="{page}">' in panel.newsLabel.text()
    assert "1.5.0" in panel.newsLabel.text() and "1.4.0" in panel.newsLabel.text()
    assert len(feed.asked) == 1
    worker.run(p.PollRequest(proxy_env={}), place)
    assert len(feed.asked) == 1  # the day's answer is kept: the feed is not asked again


def test_the_tray_poll_asks_nothing_when_turned_off(
    paths: AppPaths, feed: Feed, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.core.net import updates
    from app.core.tray import protocol as p
    from app.core.tray import worker

    feed.release("v1.5.0")
    monkeypatch.setattr(updates, "read_build_stamp", lambda *a: stamp(feed))
    paths.settings_dir.mkdir(parents=True, exist_ok=True)
    paths.tray_preferences_file.write_text('{"check_for_updates": false}', encoding="utf-8")
    answer = worker.run(
        p.PollRequest(proxy_env={}), p.Place(str(paths.codex_home), str(paths.settings_dir))
    )
    assert isinstance(answer, p.PollAnswer) and answer.update is None
    assert feed.asked == []


def test_the_wizard_says_a_newer_release_with_its_link(
    qtbot,  # type: ignore[no-untyped-def]
    paths: AppPaths,
    feed: Feed,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Welcome asks (off the GUI thread) once the files are read; a newer release is one line
    with the release page as a link. The stamp is injected: a source checkout has none."""
    import os

    from PySide6.QtWidgets import QLabel

    from app.core.net import updates
    from app.core.wizard.flow import catalogue_from_urls
    from app.ui.wizard import SetupWizard

    feed.release("v1.5.0")
    monkeypatch.setattr(updates, "read_build_stamp", lambda *a: stamp(feed))
    env = {**os.environ, "PATH": "/usr/bin:/bin"}
    wizard = SetupWizard(paths, catalogue_from_urls(["https://api.clawto.link"]), environment=env)
    qtbot.addWidget(wizard)
    wizard.show()
    line = wizard.findChild(QLabel, "updateStatus")
    assert line is not None
    page = f"https://github.com/{REPO}/releases/tag/v1.5.0"
    qtbot.waitUntil(lambda: page in line.text(), timeout=30_000)
    assert line.isVisible() and f'<a href="{page}">' in line.text()
    assert "1.5.0" in line.text() and "1.4.0" in line.text()
    wizard.runner.cancel()
    wizard.runner.wait(10_000)


def test_the_release_stamp_is_what_the_app_reads(tmp_path: Path) -> None:
    """packaging/stamp.py (the release workflow's step) writes what read_build_stamp accepts; a tag
    whose number is not __version__ fails; without a repository nothing is stamped."""
    import importlib.util

    from app import __version__
    from app.core.net.updates import read_build_stamp

    spec = importlib.util.spec_from_file_location(
        "stamp", Path(__file__).parents[2] / "packaging" / "stamp.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    target = tmp_path / "_build_stamp.json"
    assert module.stamp({"GITHUB_REPOSITORY": REPO}, target) == 0
    assert read_build_stamp(target) == BuildStamp(__version__, REPO)
    tag = {"GITHUB_REPOSITORY": REPO, "GITHUB_REF_TYPE": "tag", "GITHUB_REF_NAME": "v99.0.0"}
    assert module.stamp(tag, target) == 1
    same = {**tag, "GITHUB_REF_NAME": f"v{__version__}"}
    assert module.stamp(same, target) == 0
    assert module.stamp({}, target) == 0 and not target.exists()

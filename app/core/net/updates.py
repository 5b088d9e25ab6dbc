"""Is a newer TokenPool Setup released? (issue 22) — asked at most once a day, never downloaded.

A released build carries a stamp, ``app/_build_stamp.json``, written by the release workflow::

    {"version": "1.4.0", "repository": "owner/name"}

(optionally ``"feed_url"``: the latest-release feed to ask instead of GitHub's
``https://api.github.com/repos/{repository}/releases/latest``). A source checkout has no stamp and
never asks. The feed is read with the same bounded, proxy-aware client as everything else (no key
is sent; total deadline; capped body). The answer and the time of asking are kept in the settings
folder (``update_check.json``), so the tray and the wizard ask at most once a day between them,
whatever the answer was (a feed that is down or rate-limits us is not asked again that day).
A pre-release or draft is never offered. The result is one line with a link to the release page:
nothing is downloaded or installed.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from app.core.net.http import NetworkFailure, fetch, make_client

if TYPE_CHECKING:
    import httpx

    from app.core.paths import AppPaths

STAMP_FILE = Path(__file__).resolve().parent.parent.parent / "_build_stamp.json"
CHECK_EVERY_S = 24 * 3600.0
FEED_MAX_BYTES = 1024 * 1024  # a release's JSON: notes and assets, tens of KB
FEED_TIMEOUT_S = 8.0
_REPOSITORY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
_RELEASE = re.compile(r"v?(\d{1,6}(?:\.\d{1,6}){0,3})")

UpdateStatus = Literal["newer", "current", "unknown", "off", "source"]


@dataclass(frozen=True)
class BuildStamp:
    """What a released build says about itself (``app/_build_stamp.json``): its version and where
    its releases are published."""

    version: str
    repository: str  # "owner/name"
    feed_url: str | None = None

    @property
    def feed(self) -> str:
        return self.feed_url or f"https://api.github.com/repos/{self.repository}/releases/latest"

    @property
    def releases_page(self) -> str:
        return f"https://github.com/{self.repository}/releases/latest"


@dataclass(frozen=True)
class UpdateCheck:
    """The answer to "is a newer TokenPool Setup released?": one line for the person, with the
    versions compared and the release page."""

    status: UpdateStatus
    message: str  # one line; with the link when a newer version exists
    current: str | None = None
    latest: str | None = None
    url: str | None = None
    asked: bool = False  # the feed was asked now (not the day's remembered answer)


def read_build_stamp(path: Path = STAMP_FILE) -> BuildStamp | None:
    """The release stamp, or None for a source checkout (no file) or a stamp that is not valid."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    version, repository = data.get("version"), data.get("repository")
    feed_url = data.get("feed_url")
    if not isinstance(version, str) or release_version(version) is None:
        return None
    if not isinstance(repository, str) or not _REPOSITORY.fullmatch(repository):
        return None
    if feed_url is not None and not (isinstance(feed_url, str) and feed_url.startswith("https://")):
        return None
    return BuildStamp(version, repository, feed_url)


def release_version(tag: str) -> tuple[int, ...] | None:
    """``v1.4.2``/``1.4`` as numbers; None for a pre-release (``1.5.0-rc1``, ``2.0b1``) or junk."""
    match = _RELEASE.fullmatch(tag.strip())
    if match is None:
        return None
    numbers = tuple(int(part) for part in match.group(1).split("."))
    return numbers + (0,) * (4 - len(numbers))


def check_for_update(
    paths: AppPaths,
    *,
    stamp: BuildStamp | Literal["read"] | None = "read",
    enabled: bool = True,
    client: httpx.Client | None = None,
    proxy_env: Mapping[str, str] | None = None,
    now: Callable[[], float] = time.time,
    timeout: float = FEED_TIMEOUT_S,
) -> UpdateCheck:
    """Whether a newer release exists, asking the feed only if a day has passed since the last
    time (the tray and the wizard share the answer). Never raises for network trouble."""
    if stamp == "read":
        stamp = read_build_stamp()
    if stamp is None:
        return UpdateCheck("source", "This is a source checkout: it does not ask for new versions.")
    if not enabled:
        return UpdateCheck(
            "off", "Asking for new versions is turned off in tray.json.", stamp.version
        )
    state_file = paths.update_check_file
    state = _load_state(state_file)
    current_time = now()
    checked_at = state.get("checked_at")
    due = not isinstance(checked_at, int | float) or not (
        # A clock set back (checked_at in the future) must not silence the check for good.
        0 <= current_time - checked_at < CHECK_EVERY_S
    )
    if not due:
        return _verdict(stamp, state, asked=False)
    answer = _ask_feed(stamp, client, proxy_env, timeout)
    state = {**state, "checked_at": current_time, "repository": stamp.repository}
    if isinstance(answer, dict):
        state.update(answer)
    else:
        state["problem"] = answer
    _save_state(state_file, state)
    return _verdict(stamp, state, asked=True, problem=None if isinstance(answer, dict) else answer)


def _ask_feed(
    stamp: BuildStamp,
    client: httpx.Client | None,
    proxy_env: Mapping[str, str] | None,
    timeout: float,
) -> dict[str, Any] | str:
    """``{"latest": tag, "url": page}`` (latest None for a pre-release), or why not, in words."""
    own = client is None
    http = make_client(timeout=timeout, proxy_env=proxy_env) if client is None else client
    try:
        answer = fetch(
            http,
            "GET",
            stamp.feed,
            timeout=timeout,
            max_bytes=FEED_MAX_BYTES,
            headers={"Accept": "application/vnd.github+json"},
        )
    except NetworkFailure as failure:
        return failure.message
    finally:
        if own:
            http.close()
    if answer.status in (403, 429) and (
        answer.headers.get("x-ratelimit-remaining") == "0" or answer.status == 429
    ):
        return "the release feed says too many requests; it is asked again tomorrow"
    if answer.status == 404:
        return "the release feed has no release yet"
    if answer.status != 200:
        return f"the release feed answered HTTP {answer.status}"
    body = answer.json()
    if not isinstance(body, dict) or not isinstance(body.get("tag_name"), str):
        return "the release feed's answer could not be read"
    tag = body["tag_name"].strip()[:40]
    prerelease = bool(body.get("prerelease")) or bool(body.get("draft"))
    page = body.get("html_url")
    url = (
        page
        if isinstance(page, str)
        and page.startswith(f"https://github.com/{stamp.repository}/")
        and len(page) < 300
        else stamp.releases_page
    )
    return {"latest": None if prerelease else tag, "url": url, "problem": None}


def _verdict(
    stamp: BuildStamp, state: Mapping[str, Any], *, asked: bool, problem: str | None = None
) -> UpdateCheck:
    current = release_version(stamp.version)
    latest_tag = state.get("latest") if state.get("repository") == stamp.repository else None
    latest = release_version(latest_tag) if isinstance(latest_tag, str) else None
    url = state.get("url") if isinstance(state.get("url"), str) else stamp.releases_page
    if latest is not None and current is not None and latest > current:
        shown = str(latest_tag).lstrip("v")
        return UpdateCheck(
            "newer",
            f"TokenPool Setup {shown} is available (you have {stamp.version}): {url}",
            stamp.version,
            shown,
            url,
            asked,
        )
    if problem is not None or (latest is None and isinstance(state.get("problem"), str)):
        said = problem or str(state.get("problem"))
        return UpdateCheck(
            "unknown",
            f"Could not check for a new version ({said}).",
            stamp.version,
            asked=asked,
        )
    return UpdateCheck(
        "current",
        f"TokenPool Setup {stamp.version} is the newest version.",
        stamp.version,
        asked=asked,
    )


def _load_state(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save_state(path: Path, state: Mapping[str, Any]) -> None:
    from app.core.errors import SetupError
    from app.core.fileio import atomic_write, ensure_private_dir

    try:
        ensure_private_dir(path.parent)
        atomic_write(path, json.dumps(state, indent=1).encode("utf-8"))
    except (OSError, SetupError):
        pass  # only costs asking again next time


def describe_source_checkout(stamp: BuildStamp | Literal["read"] | None = "read") -> str:
    """For ``selftest``: whether this build asks for new versions, and where."""
    if stamp == "read":
        stamp = read_build_stamp()
    if stamp is None:
        return "source checkout (no build stamp): does not ask for new versions"
    return f"{stamp.version} from {stamp.repository}: asks its release feed at most once a day"

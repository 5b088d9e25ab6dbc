"""The wizard as a screen reader meets it on Linux: over the real AT-SPI accessibility bus, read
with pyatspi the way Orca does (tests/support/atspi_session.py). A person pastes and types a key, is
told what the key check, a refused address, the endpoint test and Codex's test say, and nothing on
the bus ever carries the key."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.atspi_session import AccessibilityBus, accessibility_bus, app_command
from tests.support.atspi_wizard_driver import SECRET_KEY
from tests.support.process_group import first_line, stop_process_group

APP = "tokenpool-setup"


@pytest.fixture
def bus(tmp_path: Path) -> Iterator[AccessibilityBus]:
    with accessibility_bus(tmp_path) as session:
        yield session


class Driver:
    def __init__(self, proc: subprocess.Popen[str], log: Path) -> None:
        self.proc = proc
        self.log = log

    def step(self, name: str, timeout: float = 90) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(name + "\n")
        self.proc.stdin.flush()
        answer = first_line(self.proc, timeout)
        assert answer == f"done {name}", f"{name}: {answer!r}; {self.log.read_text()[-2000:]}"


def names(walk: list[dict[str, Any]], role: str = "") -> list[str]:
    return [str(r["name"]) for r in walk if not role or r["role"] == role]


def key_pieces() -> list[str]:
    """Any eight characters of the key after "sk-": a split-up key is still a leak."""
    body = SECRET_KEY[3:]
    return [body[i : i + 8] for i in range(len(body) - 7)]


def test_the_key_never_reaches_the_bus_and_the_wizard_speaks(
    bus: AccessibilityBus, tmp_path: Path
) -> None:
    log = tmp_path / "driver.log"
    with log.open("w") as err:
        proc = subprocess.Popen(
            app_command("atspi_wizard_driver.py", str(tmp_path / "scratch")),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            env=bus.env,
            start_new_session=True,
        )
    driver = Driver(proc, log)
    try:
        assert first_line(proc, 60) == "ready", log.read_text()
        driver.step("welcome")
        welcome = bus.walk(APP)
        assert any(r["role"] == "dialog" and r["name"] == "TokenPool Setup" for r in welcome)
        # Page titles are headings a screen reader can jump to.
        assert "Set up Codex for TokenPool" in names(welcome, "heading")

        driver.step("key")
        sentence = "The key looks complete. It is tested online on the next page."
        key_page = bus.walk_until(APP, lambda found: sentence in names(found, "label"))
        assert_no_key(bus.records, key_page)  # pasted, then typed character by character
        fields = [r for r in key_page if r["name"] == "API key"]
        assert fields, names(key_page)
        assert fields[0]["role"] == "password text"
        assert "showing" in fields[0]["states"]
        assert fields[0]["description"] == "51 characters entered"
        # The status line's words are its name (no fixed "Key check" hiding them)…
        assert sentence in names(key_page, "label")
        # …its icon says what it means, and the key check is announced.
        assert "OK" in names(key_page)
        bus.wait_for("object:announcement", sentence)
        assert "Show the key" in names(key_page, "push button")
        assert "Clear the key" in names(key_page)

        driver.step("endpoint")
        bus.wait_for("object:announcement", "answered in")  # the chosen endpoint's result
        bus.wait_for("object:announcement", "Enter the API address")  # the refused address
        endpoint_page = bus.walk(APP)
        # Qt names a combo box by its value on Linux; the label comes as its labelled-by
        # relation, which Orca reads first ("Model: gpt-5.5, combo box").
        models = [r for r in endpoint_page if r["role"] == "combo box" and "showing" in r["states"]]
        assert [r["labelled_by"] for r in models] == [["Model:"]], models

        driver.step("preview")
        preview_page = bus.walk(APP)
        bus.wait_for("object:announcement", "Codex will use TokenPool")
        for record in preview_page:
            assert "<" not in str(record["description"]), record

        driver.step("done")
        bus.wait_for("object:announcement", "pong")
        done_page = bus.walk_until(
            APP, lambda found: any("pong" in name for name in names(found, "label"))
        )
        assert any("pong" in name for name in names(done_page, "label")), names(done_page)
        # While Codex was tested the focus stayed on its button (it used to hop to Restart).
        focused = [
            str(r.get("source", {}).get("name"))
            for r in bus.events("object:state-changed:focused")
            if r["detail1"] == 1
        ]
        assert "Test Codex now" in focused  # the bus hears focus moves at all
        assert not any("Restart" in name for name in focused), focused
    finally:
        stop_process_group(proc)

    assert_no_key(bus.records, welcome, key_page, endpoint_page, preview_page, done_page)


def assert_no_key(records: list[dict[str, Any]], *walks: list[dict[str, Any]]) -> None:
    """Neither an event nor anything readable on the bus holds the key, whole or in pieces;
    the key field sends no text events at all (typed characters one by one are the key too)."""
    heard = json.dumps(records, ensure_ascii=False)
    readable = json.dumps(walks, ensure_ascii=False)
    for piece in key_pieces():
        assert piece not in heard, f"the key ({piece}) was sent on the accessibility bus"
        assert piece not in readable, f"the key ({piece}) was readable on the accessibility bus"
    typed = [
        r
        for r in records
        if str(r.get("type", "")).startswith("object:text-changed")
        and r.get("source", {}).get("role") == "password text"
    ]
    assert typed == [], typed[:3]


def test_the_tray_panel_speaks_and_never_carries_the_key(
    bus: AccessibilityBus, tmp_path: Path
) -> None:
    """Without a system tray the panel is the app's window: a window (not a filler) whose lines
    are read by their words; a new quota and a retest's result are announced."""
    log = tmp_path / "tray-driver.log"
    with log.open("w") as err:
        proc = subprocess.Popen(
            app_command("atspi_tray_driver.py", str(tmp_path / "scratch")),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            env=bus.env,
            start_new_session=True,
        )
    driver = Driver(proc, log)
    try:
        assert first_line(proc, 60) == "ready", log.read_text()
        driver.step("open")
        headline = "$12.34 left of $20.00"
        bus.wait_for("object:announcement", headline)
        panel = bus.walk_until(APP, lambda found: headline in names(found, "label"))
        windows = [r for r in panel if r["name"] == "TokenPool quota panel"]
        assert [w["role"] for w in windows] == ["frame"], windows
        quota = [r for r in panel if r["name"] == headline]
        assert quota[0]["description"] == "Remaining quota"
        assert "Refresh" in names(panel, "push button")

        driver.step("retest")
        bus.wait_for("object:announcement", "The current endpoint is the best one")
        after = bus.walk(APP)
    finally:
        stop_process_group(proc)
    assert_no_key(bus.records, panel, after)

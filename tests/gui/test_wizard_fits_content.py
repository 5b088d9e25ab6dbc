"""The wizard's window fits what its page shows: it grows for content that needs the room, and
leaves no empty band above its buttons (the Done page grew from 560 to 641 px in Chinese with
nothing to fill it: the page's wish counted its wrapped lines at a label's narrow guessed width).
Real widgets, offscreen, in English and Chinese; the offscreen screen (800×800) has the room."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QPushButton, QWidget

from app.core.paths import AppPaths
from app.core.wizard.flow import ViewName
from app.ui.pages.base import FlowPage
from app.ui.wizard import USUAL_HEIGHT, SetupWizard
from tests.gateway import GatewayImitation
from tests.gui.wizard_steps import (
    WAIT_MS,
    Button,
    child,
    press,
    status_text,
    through_to_done,
    tick,
)

pytestmark = pytest.mark.gui


def empty_band(wizard: SetupWizard) -> int:
    """Pixels between the lowest thing shown on the current page and the page's bottom edge."""
    page = wizard.currentPage()
    assert isinstance(page, FlowPage)
    lowest = max(
        widget.mapTo(wizard, QPoint(0, widget.height())).y()
        for widget in page.body.findChildren(QWidget)
        if widget.isVisibleTo(wizard)
    )
    return page.mapTo(wizard, QPoint(0, page.height())).y() - lowest


def fits_its_content(wizard: SetupWizard) -> bool:
    """Nothing cut (the page does not scroll: the screen has room), never below the usual size,
    and, where it grew, no more empty room under the page than the page's own margin."""
    page = wizard.currentPage()
    assert isinstance(page, FlowPage)
    if page.findChild(QWidget, f"{page.view.value}Scroll").verticalScrollBar().maximum() > 0:
        return False
    band = empty_band(wizard)
    if band < 0 or wizard.height() < USUAL_HEIGHT:
        return False  # cut (or squeezed under the buttons), or smaller than usual
    margin = page.body.layout().contentsMargins().bottom()
    return wizard.height() == USUAL_HEIGHT or band <= margin


def fits_its_content_once_settled(qtbot, wizard: SetupWizard) -> None:  # type: ignore[no-untyped-def]
    """It fits once its pending fit has run, and still fits when asked to fit again (a check
    made just before the window's own fit could pass by chance)."""
    qtbot.waitUntil(lambda: fits_its_content(wizard), timeout=WAIT_MS)
    wizard.fit_content()
    assert fits_its_content(wizard), (wizard.size(), empty_band(wizard))


@pytest.fixture(params=["en", "zh_CN"])
def lang(request: pytest.FixtureRequest) -> str:
    if request.param == "zh_CN":
        request.getfixturevalue("chinese")
    return str(request.param)


@pytest.mark.codex
@pytest.mark.slow
def test_done_page_leaves_no_empty_band_before_and_after_the_test(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    codex_on_path: dict[str, str],
    codex_paths: AppPaths,
    lang: str,
) -> None:
    wizard = make_wizard([gateway.url], codex_on_path, codex_paths)
    through_to_done(qtbot, wizard, without_codex=False)
    qtbot.waitUntil(lambda: "$" in status_text(wizard, "quotaStatus"), timeout=WAIT_MS)
    fits_its_content_once_settled(qtbot, wizard)

    qtbot.mouseClick(child(wizard, QPushButton, "testCodexButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "pong" in status_text(wizard, "testCodexResult"), timeout=150_000)
    fits_its_content_once_settled(qtbot, wizard)


def test_the_tallest_welcome_page_grows_the_window_to_show_it_whole(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    paths: AppPaths,
    no_codex_env: dict[str, str],
    lang: str,
) -> None:
    """Findings and the Codex install box need more than the usual height: the window grows to
    show them whole (it stayed at the usual size and scrolled: its wish was an old one)."""
    fixtures = Path(__file__).parents[1] / "fixtures" / "broken"
    paths.config_toml.write_bytes((fixtures / "appended_model_provider.toml").read_bytes())
    wizard = make_wizard(["https://api.clawto.link"], no_codex_env)
    qtbot.waitUntil(lambda: wizard.state.inspected, timeout=WAIT_MS)
    assert child(wizard, QWidget, "findingsList").isVisible()
    qtbot.waitUntil(
        lambda: wizard.height() > USUAL_HEIGHT and fits_its_content(wizard), timeout=WAIT_MS
    )


def test_the_next_page_gives_back_the_room_the_tallest_welcome_page_took(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    paths: AppPaths,
    no_codex_env: dict[str, str],
    lang: str,
) -> None:
    """What the window grew for and no longer shows is given back (down to the usual size):
    the page after the tall Welcome page has no empty band under it."""
    fixtures = Path(__file__).parents[1] / "fixtures" / "broken"
    paths.config_toml.write_bytes((fixtures / "appended_model_provider.toml").read_bytes())
    wizard = make_wizard(["https://api.clawto.link"], no_codex_env)
    qtbot.waitUntil(lambda: wizard.state.inspected, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: wizard.height() > USUAL_HEIGHT, timeout=WAIT_MS)
    tick(qtbot, child(wizard, QCheckBox, "withoutCodexCheck"))
    press(qtbot, wizard, Button.NextButton)
    qtbot.waitUntil(lambda: wizard.current_view() != ViewName.WELCOME, timeout=WAIT_MS)
    # The Key page has a row at its bottom (the console link): the band alone cannot tell.
    qtbot.waitUntil(lambda: wizard.height() == USUAL_HEIGHT, timeout=WAIT_MS)
    assert fits_its_content(wizard)

"""The tray panel's own geometry, as a person sees it: lines that appear while it is open make it
taller instead of squeezing rows over each other, and its window frame stays on the screen."""

from __future__ import annotations

import html
import os

import pytest
from PySide6.QtCore import QCoreApplication, QRect, QSize, QTranslator
from PySide6.QtGui import QGuiApplication, QPalette

from app.core.tray.history import Sample
from app.core.tray.state import Reading, TrayState
from app.ui.resources import translations_dir
from app.ui.tray.panel import QuotaChart, TrayPanel

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

RETEST_RESULT = (
    "The current endpoint is the best one.\n"
    "api.example.link: The name api.example.link could not be found.\n"
    "api.example.dev: The name api.example.dev could not be found.\n"
    "127.0.0.1:18790: 1 ms"
)


@pytest.fixture
def panel(qtbot: object) -> TrayPanel:
    widget = TrayPanel()
    qtbot.addWidget(widget)  # type: ignore[attr-defined]
    return widget


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen: no stacking
def test_a_result_shown_while_open_grows_the_panel_instead_of_squeezing_it(
    qtbot: object, panel: TrayPanel
) -> None:
    panel.place_near(QRect(10, 10, 22, 22))
    panel.show()
    qtbot.waitExposed(panel)  # type: ignore[attr-defined]
    before = panel.height()
    panel.show_action(RETEST_RESULT)
    # Every row keeps at least its minimum height: the panel is as tall as its layout asks.
    qtbot.waitUntil(lambda: panel.height() > before, timeout=5000)  # type: ignore[attr-defined]
    assert panel.height() >= panel.minimumSizeHint().height()
    label = panel.actionLabel
    assert label.height() >= label.heightForWidth(label.width())  # the result is not cut


def test_a_hidden_panel_is_not_resized_by_new_lines(qtbot: object, panel: TrayPanel) -> None:
    panel.resize(panel.width(), 120)
    panel.show_action(RETEST_RESULT)
    qtbot.wait(50)  # type: ignore[attr-defined]
    assert panel.height() == 120


def test_placement_counts_the_window_frame(
    panel: TrayPanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A window manager's frame (title bar, borders) is part of what must fit: near the bottom
    right corner the frame's right edge used to end up past the screen's edge."""
    available = QGuiApplication.primaryScreen().availableGeometry()
    border, title = 6, 24
    monkeypatch.setattr(
        panel,
        "frameGeometry",
        lambda: QRect(0, 0, panel.width() + 2 * border, panel.height() + title + border),
    )
    monkeypatch.setattr(
        panel, "geometry", lambda: QRect(border, title, panel.width(), panel.height())
    )
    corner = QRect(available.right() - 10, available.bottom() - 10, 22, 22)
    panel.place_near(corner)
    size = panel.sizeHint().expandedTo(panel.minimumSizeHint()) + QSize(2 * border, title + border)
    framed = QRect(panel.pos(), size)
    assert available.contains(framed), (framed, available)


def _accent_pixels(chart: QuotaChart) -> int:
    image = chart.grab().toImage()
    accent = chart.palette().color(QPalette.ColorRole.Highlight)
    return sum(
        1
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y) == accent
    )


@pytest.mark.parametrize(("span_s", "drawn"), [(300.0, False), (6 * 3600.0, True)])
def test_the_chart_waits_for_hours_of_samples_instead_of_a_sliver(
    qtbot: object, span_s: float, drawn: bool
) -> None:
    """Two samples minutes apart used to be drawn as a thin line at the right edge of a day-wide
    chart, which looked broken; until the samples span a few hours the chart says it is coming."""
    chart = QuotaChart()
    qtbot.addWidget(chart)  # type: ignore[attr-defined]
    chart.resize(chart.sizeHint())
    now = 1_800_000_000.0
    chart.set_samples((Sample(now - span_s, 12.34, 20.0), Sample(now - 1, 0.0, 20.0)), now)
    assert (_accent_pixels(chart) > 0) is drawn


REFUSED = Reading(
    at=1_800_000_000.0,
    status="invalid_key",
    message="The gateway does not accept this key. Copy the full key again from the console.",
    kind="unauthorized",
)


def test_a_refused_key_is_explained_in_chinese_in_the_chinese_panel(qtbot: object) -> None:
    """The reason under "密钥被拒绝" used to be the core's English sentence only."""
    translator = QTranslator()
    assert translator.load("tokenpool_setup_zh_CN", str(translations_dir()))
    app = QCoreApplication.instance()
    assert app is not None
    app.installTranslator(translator)
    try:
        panel = TrayPanel()
        qtbot.addWidget(panel)  # type: ignore[attr-defined]
        panel.show_state(TrayState(last=REFUSED), None, (), REFUSED.at, REFUSED.at)
        text = panel.reasonLabel.text()
        assert panel.reasonLabel.isVisibleTo(panel)
        assert "密钥" in text and "重新配置" in text
        # The specific English sentence stays, behind the "details" link.
        assert "tokenpool-details:" in text and REFUSED.message not in html.unescape(text)
    finally:
        app.removeTranslator(translator)


def test_in_english_the_refusal_is_the_cores_sentence_at_normal_size(qtbot: object) -> None:
    panel = TrayPanel()
    qtbot.addWidget(panel)  # type: ignore[attr-defined]
    panel.show_state(TrayState(last=REFUSED), None, (), REFUSED.at, REFUSED.at)
    assert panel.reasonLabel.text() == REFUSED.message


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen: no stacking
def test_the_frame_seen_while_open_still_counts_after_the_panel_was_hidden(
    qtbot: object, panel: TrayPanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On X11 a hidden window reports no frame; opening the panel a second time near the bottom
    right corner put its title bar's close button past the screen's edge."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QMoveEvent

    available = QGuiApplication.primaryScreen().availableGeometry()
    border, title = 6, 24
    panel.show()
    qtbot.waitExposed(panel)  # type: ignore[attr-defined]
    with monkeypatch.context() as framed:
        framed.setattr(
            panel,
            "frameGeometry",
            lambda: QRect(0, 0, panel.width() + 2 * border, panel.height() + title + border),
        )
        QCoreApplication.sendEvent(panel, QMoveEvent(QPoint(5, 5), QPoint(0, 0)))
    panel.hide()
    monkeypatch.setattr(panel, "frameGeometry", panel.geometry)  # as X11: the frame is forgotten
    panel.place_near(QRect(available.right() - 10, available.bottom() - 10, 22, 22))
    size = panel.sizeHint().expandedTo(panel.minimumSizeHint()) + QSize(2 * border, title + border)
    assert available.contains(QRect(panel.pos(), size)), (panel.pos(), size, available)

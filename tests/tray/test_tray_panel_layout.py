"""The tray panel's own geometry, as a person sees it: lines that appear while it is open make it
taller instead of squeezing rows over each other, and its window frame stays on the screen."""

from __future__ import annotations

import contextlib
import html
import os
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QRect, QSize, Qt, QTranslator
from PySide6.QtGui import QFont, QGuiApplication, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QWidget

from app.core.tray.history import Sample
from app.core.tray.state import Amounts, Reading, TrayState
from app.ui.resources import translations_dir
from app.ui.tray.panel import QuotaChart, TrayPanel
from tests.gui.wizard_steps import translated

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


# --------------------------------------------------------------------------- Chinese, larger fonts


@pytest.fixture
def app_font_scale(request: pytest.FixtureRequest) -> Iterator[float]:
    """The app's font times ``request.param`` (a person's larger font), restored afterwards."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font()
    scale = float(getattr(request, "param", 1.0))
    bigger = QFont(before)
    bigger.setPointSizeF(before.pointSizeF() * scale)
    app.setFont(bigger)
    yield scale
    app.setFont(before)


def open_panel(qtbot: object, *, window: bool) -> TrayPanel:
    """The panel as a person opens it after the setup: the quota read a few seconds ago, the
    endpoint, Codex set up, start at login on; as the no-tray window or the tray's flyout."""
    panel = TrayPanel()
    qtbot.addWidget(panel)  # type: ignore[attr-defined]
    now = 1_800_000_000.0
    reading = Reading(
        at=now - 5,
        status="ok",
        quota=Amounts(remaining=12.34, used=7.66, total=20.0, plan_name="TokenPool Standard"),
    )
    panel.show_state(TrayState(last=reading, last_good=reading), None, (), now, now - 5)
    panel.show_endpoint("http://127.0.0.1:33891/v1", None)
    panel.show_codex("tokenpool", (), False)
    panel.set_autostart(True)
    if window:  # as TrayDisplay.fall_back and show_panel do
        panel.setWindowFlags(Qt.WindowType.Window)
        panel.show_fallback("")
        panel.adjustSize()
    else:
        panel.place_near(QRect(10, 10, 22, 22))
    panel.show()
    qtbot.waitExposed(panel)  # type: ignore[attr-defined]
    # The layout settles through posted events: until the panel is as tall as it asks to be.
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: panel.height() == panel.sizeHint().expandedTo(panel.minimumSizeHint()).height()
    )
    QApplication.processEvents()
    return panel


def inside_panel(panel: TrayPanel, widget: QWidget) -> bool:
    shown = QRect(widget.mapTo(panel, QPoint(0, 0)), widget.size())
    return panel.rect().contains(shown)


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen: no stacking
@pytest.mark.parametrize(
    ("language", "window", "app_font_scale"),
    [
        ("zh_CN", True, 1.0),
        ("zh_CN", False, 1.0),
        ("zh_CN", True, 1.5),
        ("en", True, 1.5),
        ("en", False, 1.0),
    ],
    indirect=["app_font_scale"],
)
def test_every_button_is_inside_the_panel_with_no_scroll_bar(
    qtbot: object, language: str, window: bool, app_font_scale: float
) -> None:
    """In Chinese a scroll bar appeared as the panel opened and never went: it narrowed the
    lines, "…TokenPool Standard · 刚刚更新" wrapped as "刚刚更 / 新", the body grew taller than
    the panel and the bottom row (重新配置 / 开机自启 / 退出) was cut at the window's edge. In a
    larger font the panel's width (fixed for English at 1x) cut "Retest endpoints" and "Quit"."""
    with translated(language) if language != "en" else contextlib.nullcontext():
        panel = open_panel(qtbot, window=window)
        assert not panel.findChild(QScrollArea).verticalScrollBar().isVisible()
        for button in (
            panel.refreshButton,
            panel.retestButton,
            panel.testCodexButton,
            panel.setupButton,
            panel.autostartCheck,
            panel.quitButton,
        ):
            assert button.isVisible(), button.objectName()
            assert inside_panel(panel, button), (button.objectName(), panel.size())
            assert button.width() >= button.minimumSizeHint().width(), button.objectName()
        # The quota's line is on one line whenever it fits the panel's width, and where it
        # wraps, it does so between its parts: never inside "updated 1 min ago".
        label = panel.detailLabel
        assert label.height() >= label.heightForWidth(label.width())  # not cut
        lines, natural = laid_out(label)
        if natural <= label.contentsRect().width():
            assert len(lines) == 1, lines
            assert label.heightForWidth(label.width()) == label.heightForWidth(10_000)
        elif language == "zh_CN" and app_font_scale == 1.0:  # the case the test is about
            pytest.fail(f"the quota's line no longer fits the panel at 1x: {lines}")
        if language == "en" or len(lines) == 1:  # Qt breaks between any Chinese characters
            assert any(panel.ago(5) in line for line in lines), lines


def laid_out(label: QLabel) -> tuple[list[str], float]:
    """The label's rich text as laid out at its width (its lines), and its width on one line."""
    document = QTextDocument()
    document.setDefaultFont(label.font())
    document.setDocumentMargin(0)
    document.setHtml(label.text())
    natural = document.idealWidth()
    document.setTextWidth(label.contentsRect().width())
    document.size()  # lays it out
    block = document.firstBlock()
    layout = block.layout()
    lines = []
    for index in range(layout.lineCount()):
        line = layout.lineAt(index)
        text = block.text()[line.textStart() : line.textStart() + line.textLength()]
        lines.append(text.replace("\xa0", " ").strip())
    return lines, natural


def test_the_no_tray_hint_is_at_the_normal_size(qtbot: object) -> None:
    """The grey "No tray icon…" line was in small type (font-size:small), hard to read."""
    panel = TrayPanel()
    qtbot.addWidget(panel)  # type: ignore[attr-defined]
    panel.show_fallback("")
    assert "tray icon" in panel.fallbackLabel.text()
    assert "font-size" not in panel.fallbackLabel.text()

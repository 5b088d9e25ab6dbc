"""The tray's compact panel: the remaining quota as a number, a bar and a small chart, the endpoint
and Codex's state in one line each, and the actions (refresh, retest, repair, test, setup).

A plain view: app/ui/tray/display.py hands it data; the controller and the actions connect its
buttons. What a code means in words is app/ui/tray/wording.py (context ``TrayPanel``); failures
show the translated summary of their code and the core's specific English sentence under it (as
the wizard does, app/ui/messages.py).
Results of the person's actions come below the buttons, in a space kept for them, and the panel
fits its content without moving anything under the pointer.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Sequence

from PySide6.QtCore import (
    QEvent,
    QObject,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.core.tray.history import Forecast, Sample
from app.core.tray.look import bar_colour
from app.core.tray.state import IconState, Message, Reading, TrayState, quota_headline
from app.ui.accessibility import announce, plain_text
from app.ui.tray import wording

PANEL_WIDTH = 360
CHART_MIN_SPAN_S = 3 * 3600  # the chart spans at least a day; less is a sliver


def without_mnemonic(text: str) -> str:
    """As app.ui.widgets.without_mnemonic (not imported: the resident tray stays small)."""
    import re

    text = re.sub(r"\s*\(&[^&]\)", "", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip("<> ")


def _linked(escaped: str) -> str:
    """An https address in an (escaped) line becomes a link (the newer release's page)."""
    return re.sub(
        r"https://[^\s<>\"']+", lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped
    )


# The quota bar in the ring's colour (app/core/tray/look.py decides which), by a style sheet, not
# the palette: the native styles draw the chunk in their own accent (macOS' NSProgressIndicator
# ignores the palette; Windows 11's style takes the accent colour), so a palette colour would be
# lost exactly where the ring is amber. The track is the ring's faint grey, readable on a light and
# a dark panel.
BAR_TRACK = "rgba(139, 148, 158, 0.35)"


def bar_style(colour: str) -> str:
    return (
        f"QProgressBar {{ border: none; border-radius: 4px; background: {BAR_TRACK}; }}"
        f" QProgressBar::chunk {{ border-radius: 4px; background: {colour}; }}"
    )


def colour_bar(bar: QProgressBar, state: IconState) -> str:
    """Paint ``bar`` like the ring for ``state``; returns the colour ("#rrggbb")."""
    colour = bar_colour(state)
    style = bar_style(colour)
    if bar.styleSheet() != style:
        bar.setStyleSheet(style)
    bar.setProperty("ringColour", colour)
    return colour


def muted_colour(widget: QWidget) -> str:
    return widget.palette().color(QPalette.ColorRole.PlaceholderText).name()


class QuotaChart(QWidget):
    """Remaining quota over the last days, from the samples we keep (a line over a soft area)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quotaChart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._samples: tuple[Sample, ...] = ()
        self._now = time.time()

    def sizeHint(self) -> QSize:
        # Room for the two lines of "the chart fills in…" in a larger font (they ran into the
        # line below it).
        return QSize(PANEL_WIDTH - 32, max(56, 2 * self.fontMetrics().lineSpacing() + 20))

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.sizeHint().height())

    def set_samples(self, samples: Sequence[Sample], now: float) -> None:
        self._samples = tuple(samples)
        self._now = now
        self.update()

    @property
    def samples(self) -> tuple[Sample, ...]:
        return self._samples

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        palette = self.palette()
        area = QRectF(self.rect()).adjusted(1, 4, -1, -4)
        grid = QColor(palette.color(QPalette.ColorRole.PlaceholderText))
        grid.setAlpha(80)
        painter.setPen(QPen(grid, 1))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        samples = self._samples
        # Samples from the last minutes only would be a sliver at the right edge of a day-wide
        # chart (it looked like a glitch): until they span a few hours, say the chart is coming.
        if len(samples) < 2 or self._now - samples[0].at < CHART_MIN_SPAN_S:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                self.rect().adjusted(4, 0, -4, -6),  # above the axis
                int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap),
                self.tr("The chart of the last days fills in as the quota is checked."),
            )
            painter.end()
            return
        start = min(samples[0].at, self._now - 86400)
        end = max(self._now, samples[-1].at)
        top = max(max(s.remaining for s in samples), max((s.total or 0) for s in samples)) or 1.0

        def point(at: float, value: float) -> QPointF:
            x = area.left() + (at - start) / max(1.0, end - start) * area.width()
            y = area.bottom() - max(0.0, value) / top * area.height()
            return QPointF(x, y)

        line = QPainterPath(point(samples[0].at, samples[0].remaining))
        previous = samples[0]
        for sample in samples[1:]:
            line.lineTo(point(sample.at, previous.remaining))  # a step: the value held until then
            line.lineTo(point(sample.at, sample.remaining))
            previous = sample
        line.lineTo(point(end, previous.remaining))
        fill = QPainterPath(line)
        fill.lineTo(QPointF(point(end, 0).x(), area.bottom()))
        fill.lineTo(QPointF(point(samples[0].at, 0).x(), area.bottom()))
        fill.closeSubpath()
        accent = QColor(palette.color(QPalette.ColorRole.Highlight))
        soft = QColor(accent)
        soft.setAlpha(50)
        painter.fillPath(fill, soft)
        painter.setPen(QPen(accent, 2))
        painter.drawPath(line)
        painter.end()


class _PanelScroll(QScrollArea):
    """The panel's scroll area: it asks for the body's whole height at the panel's width (its
    wrapped lines included), and scrolls only what the screen cannot show."""

    def __init__(self, body: QWidget, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("trayPanelScroll")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes straight to the buttons inside
        self.setWidget(body)
        self.panel_width = PANEL_WIDTH  # the panel sets it (TrayPanel.fit_width)

    def _body_height(self, width: int) -> int:
        body = self.widget()
        layout = body.layout() if body is not None else None
        if body is None or layout is None:
            return 0
        if layout.hasHeightForWidth():
            return int(layout.totalHeightForWidth(max(1, width)))
        return int(body.sizeHint().height())

    def sizeHint(self) -> QSize:
        width = self.panel_width
        return QSize(width, self._body_height(width))

    def fit_body(self) -> None:
        """The body's minimum height: its lines at the whole width when they fit the height (no
        scroll bar), else at the width the scroll bar leaves. A layout's minimum ignores word
        wrap: scroll, never squeeze. Decided from the room without a bar, not from whether one
        shows now: a bar shown once (the panel opened short) narrowed the lines, a Chinese line
        wrapped, the body stayed taller than the panel and the bar never went — hiding the
        bottom row of buttons under the panel's edge."""
        body = self.widget()
        if body is None:
            return
        room = self.maximumViewportSize()  # without scroll bars (there is no frame)
        height = self._body_height(room.width())
        scrolls = height > room.height()
        if scrolls:
            height = self._body_height(room.width() - self.verticalScrollBar().sizeHint().width())
        if body.minimumHeight() != height:
            body.setMinimumHeight(height)
        # Said, not left to the scroll area: it measures the lines at the width its bar leaves
        # while the bar shows, so a bar once shown would stay.
        policy = (
            Qt.ScrollBarPolicy.ScrollBarAsNeeded
            if scrolls
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        if self.verticalScrollBarPolicy() != policy:
            self.setVerticalScrollBarPolicy(policy)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.fit_body()  # before the scroll area decides whether it needs its bar
        super().resizeEvent(event)


class TrayPanel(QWidget):
    """The panel (objectName ``trayPanel``). Emits what the person asked for."""

    refresh_requested = Signal()
    retest_requested = Signal()
    switch_requested = Signal()
    repair_requested = Signal()
    fix_requested = Signal()
    test_codex_requested = Signal()
    setup_requested = Signal()
    autostart_toggled = Signal(bool)
    quit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("trayPanel")
        self.setWindowTitle(self.tr("TokenPool quota"))
        self.setAccessibleName(self.tr("TokenPool quota panel"))
        self.setFixedWidth(PANEL_WIDTH)  # until the content is built: fit_width
        self._frame_seen: QSize | None = None
        self._said_headline = ""
        self._fit_when_left = False
        self._say_on_show = ""  # a line to announce once the panel shows (the tray went away)

        shell = QVBoxLayout(self)
        # The panel sizes itself when shown (adjustSize); a layout that kept resetting the window's
        # minimum size as lines appear would make some window systems reflow it under the person.
        shell.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        shell.setContentsMargins(0, 0, 0, 0)
        # Everything scrolls when the screen is too short for it (at 2x a repair's findings were
        # cut mid-sentence, with no scroll bar); the panel still grows to its content first.
        self._body = QWidget()
        self._body.setObjectName("trayPanelBody")
        self._body.installEventFilter(self)
        outer = QVBoxLayout(self._body)
        outer.setContentsMargins(14, 12, 14, 12)
        outer.setSpacing(6)
        self._build_quota(outer)
        outer.addWidget(self._line())
        self._build_codex(outer)
        self._build_actions(outer)
        # Height the content does not need (while the pointer holds the panel's size) stays
        # here, above the bottom row, instead of spreading the lines apart.
        outer.addStretch(1)
        outer.addWidget(self._line())
        self._build_bottom(outer)
        self._scroll = _PanelScroll(self._body, self)
        shell.addWidget(self._scroll)
        self.show_state(TrayState(), None, (), time.time(), None)
        self.fit_width()

    # -- building ---------------------------------------------------------------------------------

    def _build_quota(self, outer: QVBoxLayout) -> None:
        self.fallbackLabel = self._label("fallbackLabel", self.tr("How to get a tray icon"))
        self.fallbackLabel.hide()
        outer.addWidget(self.fallbackLabel)

        self.quotaLabel = QLabel(self)
        self.quotaLabel.setObjectName("quotaLabel")
        self.quotaLabel.setAccessibleDescription(self.tr("Remaining quota"))
        font = self.quotaLabel.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.quotaLabel.setFont(font)
        self.quotaLabel.setWordWrap(True)
        outer.addWidget(self.quotaLabel)

        self.quotaBar = QProgressBar(self)
        self.quotaBar.setObjectName("quotaBar")
        self.quotaBar.setAccessibleName(self.tr("Share of the quota left"))
        self.quotaBar.setRange(0, 1000)
        self.quotaBar.setTextVisible(False)
        self.quotaBar.setFixedHeight(8)
        outer.addWidget(self.quotaBar)

        self.detailLabel = self._label("detailLabel", self.tr("Quota details"))
        outer.addWidget(self.detailLabel)
        self.reasonLabel = self._label("reasonLabel", self.tr("Why the quota could not be read"))
        self.reasonLabel.hide()
        outer.addWidget(self.reasonLabel)

        self.quotaChart = QuotaChart(self)
        self.quotaChart.setAccessibleName(self.tr("Remaining quota over the last days"))
        outer.addWidget(self.quotaChart)
        self.forecastLabel = self._label("forecastLabel", self.tr("Forecast"))
        outer.addWidget(self.forecastLabel)

    def _build_codex(self, outer: QVBoxLayout) -> None:
        self.endpointLabel = self._label("endpointLabel", self.tr("Endpoint"))
        outer.addWidget(self.endpointLabel)
        self.codexLabel = self._label("codexLabel", self.tr("Codex"))
        outer.addWidget(self.codexLabel)
        self.changesLabel = self._label("changesLabel", self.tr("What changed in Codex's files"))
        self.changesLabel.hide()
        outer.addWidget(self.changesLabel)

    def _build_actions(self, outer: QVBoxLayout) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(6)
        self.refreshButton = self._button(
            "refreshButton", self.tr("&Refresh"), self.refresh_requested
        )
        self.retestButton = self._button(
            "retestButton", self.tr("Retest &endpoints"), self.retest_requested
        )
        self.repairButton = self._button("repairButton", self.tr("Re&pair"), self.repair_requested)
        self.testCodexButton = self._button(
            "testCodexButton", self.tr("&Test Codex"), self.test_codex_requested
        )
        grid.addWidget(self.refreshButton, 0, 0)
        grid.addWidget(self.retestButton, 0, 1)
        grid.addWidget(self.testCodexButton, 1, 0)
        grid.addWidget(self.repairButton, 1, 1)
        outer.addLayout(grid)
        self.repairButton.hide()

        # The results of the actions come below the buttons that asked for them, in a space kept
        # for two lines: a line that appears or goes never moves a button under the pointer.
        self.actionLabel = self._label("actionLabel", self.tr("Result"))
        self.actionLabel.setMinimumHeight(2 * self.fontMetrics().lineSpacing())
        self.actionLabel.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        outer.addWidget(self.actionLabel)
        self._action_expiry = QTimer(self)
        self._action_expiry.setSingleShot(True)
        self._action_expiry.timeout.connect(lambda: self.show_action(""))
        self.repair_result_shown = False
        choice = QHBoxLayout()
        self.switchButton = self._button("switchButton", "", self.switch_requested)
        self.switchButton.hide()
        self.fixButton = self._button("fixButton", self.tr("&Fix it"), self.fix_requested)
        self.fixButton.hide()
        choice.addWidget(self.switchButton)
        choice.addWidget(self.fixButton)
        choice.addStretch(1)
        outer.addLayout(choice)
        # Said once (a change we made on our own, a setting we cannot keep): below the buttons
        # too, as it may come while the panel is open.
        self.newsLabel = self._label("newsLabel", self.tr("News"))
        self.newsLabel.hide()
        outer.addWidget(self.newsLabel)

    def _build_bottom(self, outer: QVBoxLayout) -> None:
        # The key is missing or refused: the way forward is the setup button right under it.
        paste_key = wording.say(wording.PANEL, wording.PASTE_KEY)
        self.keyLabel = self._label("keyLabel", paste_key)
        self.keyLabel.setText(f"<b>{html.escape(paste_key)}</b>")
        self.keyLabel.hide()
        outer.addWidget(self.keyLabel)
        bottom = QHBoxLayout()
        self.setupButton = self._button("setupButton", wording.setup_label(), self.setup_requested)
        self.autostartCheck = QCheckBox(self.tr("Start at &login"), self)
        self.autostartCheck.setObjectName("autostartCheck")
        self.autostartCheck.setAccessibleName(without_mnemonic(self.autostartCheck.text()))
        self.autostartCheck.toggled.connect(self.autostart_toggled)
        self.quitButton = self._button("quitButton", self.tr("&Quit"), self.quit_requested)
        bottom.addWidget(self.setupButton)
        bottom.addWidget(self.autostartCheck)
        bottom.addStretch(1)
        bottom.addWidget(self.quitButton)
        outer.addLayout(bottom)

    def _label(self, name: str, accessible: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        # What the line is about; its words stay its name, which a screen reader reads.
        label.setAccessibleDescription(accessible)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        label.setOpenExternalLinks(True)  # the "Details" link of a translated reason opens in place
        return label

    def _button(self, name: str, text: str, signal: SignalInstance) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(without_mnemonic(text))
        button.clicked.connect(signal)
        return button

    def _line(self) -> QFrame:
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        return line

    def minimumSizeHint(self) -> QSize:
        """All of the content, as far as the screen allows (beyond that it scrolls)."""
        hint = super().minimumSizeHint()
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry().height() - self.frame_extra().height()
        wanted = self._scroll.sizeHint().height()  # now, not as the layout last cached it
        return QSize(hint.width(), max(hint.height(), min(wanted, room)))

    def fit_width(self) -> None:
        """PANEL_WIDTH, or wider when a row that cannot wrap needs it (the bottom row of buttons
        in a larger font or a longer language), with room for the scroll bar; within the
        screen."""
        needed = self._body.minimumSizeHint().width()
        needed += self._scroll.verticalScrollBar().sizeHint().width()
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry().width() - self.frame_extra().width()
        width = max(PANEL_WIDTH, min(needed, room))
        self._scroll.panel_width = width
        if self.width() != width or self.minimumWidth() != width:
            self.setFixedWidth(width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._body and event.type() == QEvent.Type.LayoutRequest:
            self.fit_width()
            self._scroll.fit_body()
            self._scroll.updateGeometry()  # lines came or went: the panel may grow (below)
        return super().eventFilter(watched, event)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._grow_to_fit()
        elif event.type() in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Hide):
            self._remember_frame()
        return handled

    def _remember_frame(self) -> None:
        # X11 forgets the frame once the window is hidden: keep what the window manager drew.
        frame, inner = self.frameGeometry(), self.geometry()
        extra = QSize(
            max(frame.width() - inner.width(), 0), max(frame.height() - inner.height(), 0)
        )
        if self.isVisible() and not extra.isNull():
            self._frame_seen = extra

    def frame_extra(self) -> QSize:
        """The size the window manager's frame adds: as drawn now, else as last seen, else (the
        first opening, before any frame exists) the style's title bar and border, for a window
        that gets one."""
        frame, inner = self.frameGeometry(), self.geometry()
        now = QSize(max(frame.width() - inner.width(), 0), max(frame.height() - inner.height(), 0))
        if not now.isNull():
            return now
        if self._frame_seen is not None:
            return self._frame_seen
        if QGuiApplication.platformName() in ("offscreen", "minimal"):
            return QSize(0, 0)  # no window manager, no frame
        style = self.style()
        border = style.pixelMetric(QStyle.PixelMetric.PM_MdiSubWindowFrameWidth)
        title = style.pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight)
        return QSize(2 * border, title + 2 * border)

    def _grow_to_fit(self) -> None:
        """The panel fits its content as lines come and go while it is open: taller rather than
        squeezing rows over each other (the layout has no size constraint), shorter when a line
        goes rather than spreading the rest out. Its top edge stays (it only moves up when it
        would leave the screen), and it never shrinks while the pointer is over it: rows below a
        line that went would slide under a pointer about to click; it shrinks when it leaves."""
        if not self.isVisible():
            return
        wanted = self.sizeHint().expandedTo(self.minimumSizeHint()).height()
        if wanted == self.height():
            return
        if wanted < self.height() and self.underMouse():
            self._fit_when_left = True
            return
        self._fit_when_left = False
        screen = self.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry()
        frame_extra = self.frameGeometry().height() - self.height()
        height = min(wanted, available.height() - max(frame_extra, 0))
        self.resize(self.width(), height)
        overflow = self.frameGeometry().bottom() - available.bottom()
        if overflow > 0:
            self.move(self.x(), max(available.top(), self.y() - overflow))

    def leaveEvent(self, event: QEvent) -> None:
        super().leaveEvent(event)
        if self._fit_when_left:
            self._grow_to_fit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            if self.windowType() != Qt.WindowType.Window:
                self.hide()
            else:  # the app's only window (no tray): out of the way, still in the taskbar
                self.showMinimized()
            return
        super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The focused button shows its ring as the panel opens, not only after the first Tab.
        self.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, True)
        self._say(self.fallbackLabel, self._say_on_show)

    # -- words ------------------------------------------------------------------------------------

    def ago(self, seconds: float) -> str:
        minutes = int(seconds // 60)
        if minutes < 1:
            return self.tr("updated just now")
        if minutes < 60:
            return self.tr("updated %n min ago", "", minutes)
        hours = minutes // 60
        if hours < 48:
            return self.tr("updated %n h ago", "", hours)
        return self.tr("updated %n days ago", "", hours // 24)

    def failure_text(self, reading: Reading) -> str:
        """The reason in words: the translated summary and the specific English sentence."""
        return wording.failure_html(reading, muted_colour(self))

    # -- showing ----------------------------------------------------------------------------------

    def show_state(
        self,
        state: TrayState,
        forecast: Forecast | None,
        samples: Sequence[Sample],
        now: float,
        updated_at: float | None,
    ) -> None:
        shown = state.shown
        head = quota_headline(shown) if not (state.checking and shown is None) else None
        self.quotaLabel.setText(wording.headline(head) if head else self.tr("Checking…"))
        if not state.checking and self.quotaLabel.text() != self._said_headline:
            self._said_headline = self.quotaLabel.text()  # a new amount: said, once
            self._say(self.quotaLabel, self._said_headline)
        # An older amount, not current: in italics, not bold, at full contrast (a disabled grey
        # was 1.62:1), with "not current: from 14:05" below and said to a screen reader.
        font = self.quotaLabel.font()
        font.setBold(not state.stale)
        font.setItalic(state.stale)
        self.quotaLabel.setFont(font)
        about = self.tr("Remaining quota")
        if state.stale:
            about += " " + self.tr("(not updated: the last check failed)")
        self.quotaLabel.setAccessibleDescription(about)
        share = shown.remaining_share() if shown is not None else None
        unlimited = bool(shown and shown.quota and shown.quota.unlimited)
        self.quotaBar.setValue(1000 if unlimited else round((share or 0.0) * 1000))
        self.quotaBar.setVisible(share is not None or unlimited)

        quota = shown.quota if shown is not None else None
        details = wording.quota_details(quota) if quota is not None else []
        if state.checking:
            details.append(self.tr("checking…"))
        elif updated_at is not None:
            when = self.ago(max(0.0, now - updated_at))
            if state.stale:
                clock = time.strftime("%H:%M", time.localtime(updated_at))
                when = self.tr("not current: from %1").replace("%1", clock)
            details.append(when)
        # Each part in one piece: "updated 1 min ago" wraps as a whole at a " · ", not after
        # "updated 1" (spaces only: Qt still breaks between Chinese characters).
        self.detailLabel.setText(
            " · ".join(f"<span style='white-space:nowrap'>{html.escape(d)}</span>" for d in details)
        )

        last = state.last
        failed = last is not None and last.status in ("error", "not_available", "no_key")
        self.reasonLabel.setVisible(failed)
        if failed and last is not None:
            self.reasonLabel.setText(self.failure_text(last))
        elif last is not None and last.status in ("invalid_key", "expired", "exhausted"):
            self.reasonLabel.setVisible(True)
            self.reasonLabel.setText(wording.refusal_html(last, muted_colour(self)))

        self.quotaChart.set_samples(samples, now)
        self.quotaChart.setAccessibleDescription(forecast.text if forecast else "")
        self.forecastLabel.setText(html.escape(wording.forecast(forecast)))
        self.forecastLabel.setVisible(forecast is not None)
        self.setToolTip("")

    def show_endpoint(self, url: str, latency_ms: float | None) -> None:
        if not url:
            self.endpointLabel.setText(html.escape(self.tr("Endpoint: not set up")))
            return
        text = self.tr("Endpoint: %1").replace("%1", url)
        if latency_ms is not None:
            text += " · " + self.tr("%1 ms").replace("%1", str(round(latency_ms)))
        self.endpointLabel.setText(html.escape(text))

    def show_codex(self, line: str, changes: Sequence[Message], fixable: bool) -> None:
        self.codexLabel.setText(html.escape(wording.codex_line(line)))
        self.changesLabel.setVisible(bool(changes))
        self.changesLabel.setText(wording.changes_html(changes))
        self.repairButton.setVisible(line != "tokenpool" or fixable)

    def show_action(
        self,
        text: str,
        *,
        rich: bool = False,
        expires_ms: int | None = None,
        result_of_repair: bool = False,
    ) -> None:
        """The outcome of the last action (retest, repair, test), in words. ``expires_ms``: a
        passing remark ("try again in 7 s") that goes by itself; ``result_of_repair``: goes when
        a new problem appears (:meth:`clear_repair_result`). Said to a screen reader too (the
        person pressed the button and waits for it)."""
        self._action_expiry.stop()
        self.actionLabel.setText(text if rich else html.escape(text).replace("\n", "<br>"))
        self._say(self.actionLabel, plain_text(text) if rich else text)
        self.repair_result_shown = bool(text) and result_of_repair
        if text and expires_ms is not None:
            self._action_expiry.start(max(1, expires_ms))

    def clear_repair_result(self) -> None:
        """A new problem appeared: "Repaired." is old news."""
        if self.repair_result_shown:
            self.show_action("")

    def show_news(self, lines: Sequence[str]) -> None:
        """Things said once (a change we made on our own, a setting we cannot keep)."""
        self.newsLabel.setVisible(bool(lines))
        self.newsLabel.setText("<br>".join(_linked(html.escape(line)) for line in lines))

    def offer_key(self, show: bool) -> None:
        """The key is missing or refused: only the setup's key page fixes that ("Run setup
        again", the button under this line, becomes the default one)."""
        self.keyLabel.setVisible(show)
        self.setupButton.setDefault(show)

    def _say(self, label: QLabel, words: str) -> None:
        if words and self.isVisible():
            announce(label, words)
            if label is self.fallbackLabel:
                self._say_on_show = ""  # said once

    def offer_switch(self, label: str | None) -> None:
        self.switchButton.setVisible(bool(label))
        if label:
            self.switchButton.setText(label)
            self.switchButton.setAccessibleName(without_mnemonic(label))
            self.switchButton.setFocus()

    def offer_fix(self, show: bool) -> None:
        self.fixButton.setVisible(show)
        if show:
            self.fixButton.setFocus()

    def set_busy(self, button: QPushButton, busy: bool) -> None:
        button.setEnabled(not busy)

    def set_autostart(self, enabled: bool | None) -> None:
        """None hides the toggle (no start-at-login support given)."""
        self.autostartCheck.setVisible(enabled is not None)
        if enabled is not None:
            self.autostartCheck.blockSignals(True)
            self.autostartCheck.setChecked(enabled)
            self.autostartCheck.blockSignals(False)

    def show_fallback(self, desktop: str, *, lost: str | None = None) -> None:
        """No system tray: this panel is the app's window; one line on getting a tray icon, or
        ``lost``: the tray that showed the icon went away (app/ui/tray/host_watch.py words it)."""
        if lost is not None:
            # Plain, not muted: it says why a window just appeared in place of the icon (and a
            # screen reader says it as the window opens, not only its title and focused button).
            self.fallbackLabel.setText(html.escape(lost))
            self.fallbackLabel.show()
            self._say_on_show = lost
            self._say(self.fallbackLabel, lost)
            return
        hints = {
            "gnome": self.tr(
                "No tray icon on this desktop: install the GNOME extension "
                '"AppIndicator and KStatusNotifierItem Support" to get one.'
            ),
        }
        text = hints.get(
            desktop,
            self.tr(
                "No tray icon on this desktop: turn on the system tray (status notifier) in its "
                "settings to get one."
            ),
        )
        # Muted, at the normal size: it is the window's first line and says what to do (in
        # small type it was hard to read, in Chinese most of all).
        self.fallbackLabel.setText(wording.muted_html(text, muted_colour(self), small=False))
        self.fallbackLabel.show()

    # -- placement --------------------------------------------------------------------------------

    def place_near(self, anchor: QRect | None, cursor: QPointF | None = None) -> None:
        """Next to the tray icon when its geometry is known, else near the cursor; always inside
        the screen's available area."""
        self.adjustSize()
        size = self.sizeHint().expandedTo(self.minimumSizeHint())
        # move() places the window frame's corner: count the frame the window manager draws, or its
        # title bar and right edge end up off the screen.
        size += self.frame_extra()
        if anchor is not None and anchor.isValid() and not anchor.isEmpty():
            point = anchor.center()
        elif cursor is not None:
            point = cursor.toPoint()
        else:
            from PySide6.QtGui import QCursor

            point = QCursor.pos()
        screen = QGuiApplication.screenAt(point) or QGuiApplication.primaryScreen()
        available = screen.availableGeometry()
        x = point.x() - size.width() // 2
        # Open away from the edge the icon sits on: below a top bar, above a bottom taskbar.
        y = point.y() + 12 if point.y() < available.center().y() else point.y() - size.height() - 12
        x = max(available.left(), min(x, available.right() - size.width() + 1))
        y = max(available.top(), min(y, available.bottom() - size.height() + 1))
        self.move(x, y)

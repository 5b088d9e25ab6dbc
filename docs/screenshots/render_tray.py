"""Render the tray's panel and every icon state into docs/screenshots/ (used in the README).

Run from the repository root: ``.venv/bin/python docs/screenshots/render_tray.py [--lang zh_CN]
[--dark]``. The panel is the real widget, fed the data the controller would give it (a quota,
ten days of samples, the endpoint and Codex's state); nothing touches the network.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtGui import QColor, QFont, QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from render import screenshot_arguments, spin, start_app  # noqa: E402

from app.core.tray.history import History, Sample, forecast  # noqa: E402
from app.core.tray.state import Amounts, Message, Reading, TrayState  # noqa: E402
from app.ui.tray.icon import RATIOS, SIZES, all_states, paint_icon  # noqa: E402
from app.ui.tray.panel import TrayPanel  # noqa: E402

OUT = Path(__file__).resolve().parent
DAY = 86400.0


def demo_history(now: float) -> History:
    history = History()
    left = 20.0
    for hour in range(10 * 24, -1, -3):
        at = now - hour * 3600
        if hour == 6 * 24:
            left += 40.0  # a top-up
        else:
            left -= 0.28 if 9 <= (hour % 24) <= 20 else 0.02
        history = history.add(Sample(at, round(left, 2), 50.0), "USD")
    return history


def shoot_panel(panel: TrayPanel, name: str, suffix: str) -> Path:
    panel.adjustSize()
    panel.show()
    spin(150)
    path = OUT / f"{name}{suffix}.png"
    panel.grab().save(str(path))
    panel.hide()
    return path


def render_panels(app: QApplication, suffix: str) -> None:
    now = time.time()
    history = demo_history(now)
    last = history.samples[-1]
    quota = Amounts(
        last.remaining,
        50.0 - last.remaining,
        50.0,
        plan_name="TokenPool Standard",
        expires_at=datetime.now(UTC) + timedelta(days=40),
    )
    state = TrayState().with_reading(Reading(now - 120, "ok", quota))
    panel = TrayPanel()
    panel.show_state(state, forecast(history, now), history.since(now - 14 * DAY), now, now - 120)
    panel.show_endpoint("https://api.clawto.link", 142)
    panel.show_codex("tokenpool", (), False)
    panel.set_autostart(True)
    print(shoot_panel(panel, "tray-panel", suffix))

    failed = Reading(
        now,
        "error",
        message="Could not connect through the proxy http://127.0.0.1:7890. Check the proxy "
        "settings (HTTPS_PROXY or the system proxy) or turn the proxy off.",
        kind="proxy",
    )
    stale = TrayState().with_reading(Reading(now - 3 * 3600, "ok", quota)).with_reading(failed)
    problem = TrayPanel()
    problem.show_state(stale, forecast(history, now), history.samples, now, now - 3 * 3600)
    problem.show_endpoint("https://api.clawto.link", None)
    change = Message(
        "model_changed_unoffered",
        'Codex now uses the model "gpt-6-sol" instead of "gpt-5.5", which TokenPool does not '
        "offer.",
        {"old": "gpt-5.5", "new": "gpt-6-sol"},
    )
    problem.show_codex("changed", (change,), True)
    problem.set_autostart(True)
    print(shoot_panel(problem, "tray-panel-problem", suffix))
    panel.deleteLater()
    problem.deleteLater()


def render_icons() -> None:
    states = all_states()
    label_width = 90
    columns = [(size, ratio) for ratio in RATIOS for size in SIZES]
    widths = [max(60, round(size * ratio) + 14) for size, ratio in columns]
    lefts = [label_width + sum(widths[:i]) for i in range(len(columns))]
    cell = max(widths)
    width = label_width + sum(widths)
    for name, background, template in (
        ("tray-icons", QColor("#f6f8fa"), False),
        ("tray-icons.dark", QColor("#1f2328"), False),
        ("tray-icons.template", QColor("#f6f8fa"), True),
    ):
        image = QImage(width, 28 + cell * len(states), QImage.Format.Format_ARGB32)
        image.fill(background)
        painter = QPainter(image)
        text = QColor("#1f2328") if background.lightness() > 128 else QColor("#e6edf3")
        painter.setPen(text)
        font = QFont()
        font.setPixelSize(11)
        painter.setFont(font)
        for column, (size, ratio) in enumerate(columns):
            painter.drawText(lefts[column] + 4, 18, f"{size}px @{ratio:g}x")
        for row, (state_name, state) in enumerate(states.items()):
            y = 28 + row * cell
            painter.drawText(6, y + cell // 2, state_name)
            for column, (size, ratio) in enumerate(columns):
                icon = paint_icon(state, size, ratio, template=template).toImage()
                icon.setDevicePixelRatio(1.0)  # its real pixels (2x ones twice as big)
                x = lefts[column] + (widths[column] - icon.width()) // 2
                painter.drawImage(QPoint(x, y + (cell - icon.height()) // 2), icon)
        painter.end()
        path = OUT / f"{name}.png"
        image.save(str(path))
        print(path)


def main() -> int:
    parser = screenshot_arguments(__doc__)
    parser.add_argument("--icons", action="store_true", help="also render the icon states")
    args = parser.parse_args()
    app, translator, suffix = start_app(args)
    render_panels(app, suffix)
    if args.icons:
        render_icons()
    del translator
    _ = Qt
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The accessible look (app/ui/style.py) applied after the first paint, not before it: importing
and applying it costs the first window about 15 ms (bench/startup.py). ``application(style_now=
False)`` marks the application; the wizard calls :func:`apply_pending_style` once it has painted.
Light on purpose: the style module itself is imported only when the look is applied."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

STYLE_PENDING = "tokenpoolStylePending"


def apply_pending_style() -> None:
    """The accessible look, if application(style_now=False) left it for after the first paint."""
    app = QApplication.instance()
    if isinstance(app, QApplication) and app.property(STYLE_PENDING):
        app.setProperty(STYLE_PENDING, False)
        from app.ui.style import use_accessible_style

        use_accessible_style(app)

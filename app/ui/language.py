"""Which language the app speaks: chosen at start (``--lang``, else the system's), and asked by
what runs later (a tray started from the wizard speaks the wizard's language). Qt core only, so
any module may import it without pulling in the window (no import cycle through app.ui.main)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

APP_DISPLAY_NAME = "TokenPool Setup"  # before a translation is installed (see display_name)
SUPPORTED_LANGUAGES = ("en", "zh_CN")


def display_name() -> str:
    """The application's name in the user's language (window titles, the tray's menus)."""
    # The literal, not APP_DISPLAY_NAME: lupdate reads only literal strings.
    return QCoreApplication.translate("Application", "TokenPool Setup")


def current_language() -> str:
    """The language this application speaks now: Chinese while its translation is installed
    (install_translation), else English."""
    return "zh_CN" if display_name() != APP_DISPLAY_NAME else "en"


def choose_language(requested: str | None, system_locale: str | None = None) -> str:
    """``--lang`` wins; else the system locale: any Chinese locale gets Simplified Chinese."""
    wanted = (requested or system_locale or QLocale.system().name() or "en").replace("-", "_")
    if wanted.lower().startswith("zh"):
        return "zh_CN"
    return "en"

"""Starting the window: the QApplication, the translation, the wizard.

Only light modules are imported before the window shows; httpx, keyring and tomlkit load later,
inside workers.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from app.core.paths import AppPaths

APP_DISPLAY_NAME = "TokenPool Setup"  # before a translation is installed (see display_name)
SUPPORTED_LANGUAGES = ("en", "zh_CN")


def current_language() -> str:
    """The language this application speaks now: Chinese while its translation is installed
    (install_translation), else English. A tray started from the wizard speaks it too."""
    translated = QCoreApplication.translate("SetupWizard", APP_DISPLAY_NAME)
    return "zh_CN" if translated != APP_DISPLAY_NAME else "en"


def choose_language(requested: str | None, system_locale: str | None = None) -> str:
    """``--lang`` wins; else the system locale: any Chinese locale gets Simplified Chinese."""
    wanted = (requested or system_locale or QLocale.system().name() or "en").replace("-", "_")
    if wanted.lower().startswith("zh"):
        return "zh_CN"
    return "en"


def display_name() -> str:
    """The application's name in the user's language (window titles, the tray's menus)."""
    return QCoreApplication.translate("Application", "TokenPool Setup")


def install_translation(app: QCoreApplication, language: str) -> QTranslator | None:
    """Load ``tokenpool_setup_<language>.qm``; English needs none. Returns the translator (keep a
    reference: Qt does not own it)."""
    if language == "en":
        return None
    from app.ui.resources import translations_dir

    translator = QTranslator(app)
    if translator.load(f"tokenpool_setup_{language}", str(translations_dir())):
        app.installTranslator(translator)
        # Qt's own button texts (Back, Next, Cancel) come with the Qt installation.
        from PySide6.QtCore import QLibraryInfo

        qt_translator = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_translator.load(f"qtbase_{language}", qt_dir):
            app.installTranslator(qt_translator)
        # Qt appends the display name to window titles ("TokenPool 配置助手 — TokenPool Setup"
        # when only the title was translated); the details links open in place.
        QApplication.setApplicationDisplayName(display_name())
        from app.ui.messages import install_details_opener

        install_details_opener(app)
        return translator
    return None


def application(argv: Sequence[str] = (), *, style_now: bool = True) -> QApplication:
    """The QApplication. ``style_now=False``: the accessible look (app/ui/style.py) waits until
    the window has painted (the wizard applies it then: it must not delay the first paint)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QApplication.setApplicationName("tokenpool-setup")
    QApplication.setApplicationDisplayName(APP_DISPLAY_NAME)
    QApplication.setOrganizationName("TokenPool")
    app = QApplication([sys.argv[0] if sys.argv else "tokenpool-setup", *argv])
    from app.ui.accessibility import install_accessible_factory

    install_accessible_factory()  # the key field, page titles, the tray's window (wizard, tray)
    if style_now:
        from app.ui.style import use_accessible_style

        use_accessible_style(app)  # readable placeholders, visible outlines and focus
    else:
        app.setProperty(STYLE_PENDING, True)
    return app


STYLE_PENDING = "tokenpoolStylePending"


def apply_pending_style() -> None:
    """The accessible look, if application(style_now=False) left it for after the first paint."""
    app = QApplication.instance()
    if isinstance(app, QApplication) and app.property(STYLE_PENDING):
        app.setProperty(STYLE_PENDING, False)
        from app.ui.style import use_accessible_style

        use_accessible_style(app)


def run_gui(args: argparse.Namespace, paths: AppPaths) -> int:
    """Open the setup wizard; returns the exit code (0 also when the user cancels)."""
    from app.core.wizard_flow import catalogue_from_urls

    catalogue = catalogue_from_urls(getattr(args, "endpoint", None))  # refuses a website URL
    app = application(style_now=False)  # after the first paint (SetupWizard.first_page_painted)
    translator = install_translation(app, choose_language(getattr(args, "lang", None)))
    from app.ui.wizard import SetupWizard

    wizard = SetupWizard(paths, catalogue)
    from app.ui.tray.platform_mac import ActivationPolicyKeeper

    # macOS (LSUIElement app): in the Dock and Cmd-Tab while the wizard is open.
    ActivationPolicyKeeper(parent=app).track(wizard)
    wizard.show()
    app.exec()
    del translator
    return 0

"""Starting the window: the QApplication, the translation, the wizard.

Only light modules are imported before the window shows; httpx, keyring and tomlkit load later,
inside workers.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication

from app.core.paths import AppPaths

# Re-exported: callers have always imported these from here.
from app.ui.language import (
    APP_DISPLAY_NAME,
    SUPPORTED_LANGUAGES,
    choose_language,
    current_language,
    display_name,
)
from app.ui.pending_style import STYLE_PENDING, apply_pending_style

__all__ = [
    "APP_DISPLAY_NAME",
    "SUPPORTED_LANGUAGES",
    "apply_pending_style",
    "choose_language",
    "current_language",
    "display_name",
]


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


def resume_garbage_collection() -> None:
    """Once the window has shown, when a start without arguments held Python's cyclic garbage
    collector (app/__main__.py): what exists now (modules, classes, the window) lives as long as
    the app, so it is set aside for good (``gc.freeze``: never walked again, which also keeps the
    tray's later collections small; the ~150 objects of start-up garbage in cycles stay), and
    collection resumes for everything made from here on. Does nothing when the collector runs."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def run_gui(args: argparse.Namespace, paths: AppPaths) -> int:
    """Open the setup wizard; returns the exit code (0 also when the user cancels)."""
    from app.core.wizard.flow import catalogue_from_urls

    catalogue = catalogue_from_urls(getattr(args, "endpoint", None))  # refuses a website URL
    app = application(style_now=False)  # after the first paint (SetupWizard.first_page_painted)
    translator = install_translation(app, choose_language(getattr(args, "lang", None)))
    from app.ui.wizard import SetupWizard

    wizard = SetupWizard(paths, catalogue)
    if sys.platform == "darwin":
        # macOS (LSUIElement app): in the Dock and Cmd-Tab while the wizard is open. Imported
        # only there: the module builds Qt's enums (~28 ms), which no other system needs here.
        from app.ui.tray.platform_mac import ActivationPolicyKeeper

        ActivationPolicyKeeper(parent=app).track(wizard)
    wizard.show()
    resume_garbage_collection()
    app.exec()
    del translator
    return 0

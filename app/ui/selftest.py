"""``tokenpool-setup selftest``: proves an installation can run the wizard (the packaged app's
smoke test). Builds every page offscreen and renders each once, loads the icons and the Chinese
translation, and checks the TLS trust store, the keychain backend and the Qt plugins. Writes
nothing: the pages are built against a temporary, empty Codex folder and no work is started."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Check:
    """One line of the selftest's answer: what was checked, whether it passed, what was seen; a
    check that is not required only makes a note when it fails."""

    name: str
    ok: bool
    detail: str
    required: bool = True


def run_checks() -> list[Check]:
    if not os.environ.get("QT_QPA_PLATFORM") and _no_application():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    checks: list[Check] = []
    for check in (
        _qt,
        _pages,
        _tray,
        _translation,
        _tls,
        _keychain,
        _network_library,
        _update_check,
    ):
        checks.append(_guarded(check))
    return checks


def _no_application() -> bool:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.instance() is None


def _guarded(check: Callable[[], Check]) -> Check:
    try:
        return check()
    except Exception as exc:  # a selftest reports, it does not crash
        return Check(check.__name__.strip("_"), False, f"{type(exc).__name__}: {exc}")


def _qt() -> Check:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QGuiApplication, QImageReader

    from app.ui.main import application
    from app.ui.resources import icon, icon_path

    application()
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    missing = [name for name in ("ok", "error", "warning", "app") if not icon_path(name).is_file()]
    if missing:
        return Check("qt plugins", False, f"icons missing: {', '.join(missing)}")
    if "svg" not in formats:
        return Check("qt plugins", False, "the SVG image plugin is missing")
    if icon("ok").pixmap(QSize(32, 32)).isNull():
        return Check("qt plugins", False, "SVG icons do not render")
    return Check("qt plugins", True, f"platform {QGuiApplication.platformName()}, SVG icons render")


def _pages() -> Check:
    from PySide6.QtCore import QSize

    from app.core.endpoints import CATALOGUE
    from app.core.paths import resolve_paths
    from app.ui.main import application
    from app.ui.wizard import SetupWizard

    application()
    with tempfile.TemporaryDirectory(prefix="tokenpool-selftest-") as folder:
        paths = resolve_paths(os.path.join(folder, "codex"), os.path.join(folder, "settings"))
        wizard = SetupWizard(paths, CATALOGUE)
        wizard.build_remaining_pages()
        try:
            rendered = []
            for view, page in wizard.pages.items():
                page.resize(QSize(680, 420))
                if page.grab().isNull():
                    return Check("pages", False, f"the {view.value} page did not render")
                rendered.append(page.objectName())
        finally:
            wizard.runner.cancel()
            wizard.deleteLater()
    return Check("pages", True, f"{len(rendered)} pages built and rendered")


def _tray() -> Check:
    """The tray's panel builds and renders, and every icon state paints at every size."""
    from PySide6.QtCore import QSize

    from app.ui.main import application
    from app.ui.tray.icon import RATIOS, SIZES, all_states, paint_icon
    from app.ui.tray.panel import TrayPanel

    application()
    panel = TrayPanel()
    try:
        panel.resize(QSize(360, 420))
        if panel.grab().isNull():
            return Check("tray", False, "the tray panel did not render")
    finally:
        panel.deleteLater()
    states = all_states()
    for name, state in states.items():
        for size in SIZES:
            for ratio in RATIOS:
                for template in (False, True):
                    image = paint_icon(state, size, ratio, template=template).toImage()
                    if image.isNull() or image.width() != round(size * ratio):
                        return Check("tray", False, f"the {name} icon did not paint at {size} px")
    return Check("tray", True, f"panel rendered, {len(states)} icon states painted")


def _translation() -> Check:
    from PySide6.QtCore import QTranslator

    from app.ui.resources import translations_dir

    translator = QTranslator()
    if not translator.load("tokenpool_setup_zh_CN", str(translations_dir())):
        return Check("translations", False, f"zh_CN not found in {translations_dir()}")
    sample = translator.translate("SetupWizard", "Write configuration")
    if not sample:
        return Check("translations", False, "zh_CN loads but is empty")
    return Check("translations", True, "zh_CN loads")


def _tls() -> Check:
    import ssl

    from app.core.net.http import make_ssl_context

    context = make_ssl_context()
    if context.verify_mode != ssl.CERT_REQUIRED:
        return Check("tls trust store", False, "certificates would not be verified")
    return Check("tls trust store", True, f"system trust store ({type(context).__module__})")


def _keychain() -> Check:
    from app.core.secrets import keychain_status

    status = keychain_status()
    if status.available:
        return Check("keychain", True, status.backend, required=False)
    return Check("keychain", False, f"none: {status.message}", required=False)


def _network_library() -> Check:
    import httpx

    return Check("network library", True, f"httpx {httpx.__version__}")


def _update_check() -> Check:
    from app.core.net.updates import describe_source_checkout

    return Check("new versions", True, describe_source_checkout(), required=False)

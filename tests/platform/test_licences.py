"""Licences ship: our LICENSE (MIT, as pyproject.toml says), third-party notices generated from
the bundled distributions' metadata (Qt/PySide6 under the LGPLv3 with their source and how to
replace the Qt libraries), in every bundle, and shown with the version by the About entry of the
wizard and of the tray menu."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def notices() -> ModuleType:
    spec = importlib.util.spec_from_file_location("notices", ROOT / "packaging" / "notices.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_repository_has_the_mit_licence_pyproject_names() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "MIT" in str(project["license"])
    assert licence.startswith("MIT License")
    assert "TokenPool Setup contributors" in licence
    assert "WITHOUT WARRANTY OF ANY KIND" in licence


def test_notices_name_every_bundled_distribution_with_its_version(notices: ModuleType) -> None:
    from importlib import metadata

    text = notices.notices_text(ROOT, "9.9.9")
    names = {notices.canonical(d.metadata["Name"]) for d in notices.bundled_distributions(ROOT)}
    # The app's own dependencies and what they pull in on this OS; none of the dev tools.
    assert {"pyside6-essentials", "shiboken6", "httpx", "httpcore", "h11", "socksio"} <= names
    assert {"keyring", "tomlkit", "truststore", "certifi", "idna", "anyio"} <= names
    assert not names & {"pytest", "mypy", "ruff", "hypothesis", "pyinstaller", "tokenpool-setup"}
    for name in ("httpx", "keyring", "tomlkit", "PySide6_Essentials"):
        assert f"{metadata.distribution(name).metadata['Name']} {metadata.version(name)}" in text
    # The licence texts themselves, not only their names (httpx ships LICENSE.md).
    assert "Encode OSS Ltd" in text
    assert text.startswith("TokenPool Setup 9.9.9")


def test_qt_is_named_with_its_source_and_how_to_replace_it(notices: ModuleType) -> None:
    from importlib import metadata

    version = metadata.version("PySide6_Essentials")
    text = notices.notices_text(ROOT)
    assert f"Qt {version} and Qt for Python (PySide6 {version}" in text
    assert f"https://download.qt.io/official_releases/qt/{version.rsplit('.', 1)[0]}/" in text
    assert "Replacing the Qt libraries" in text
    for where in ("Qt6*.dll", "Qt*.framework", "libQt6*.so.6"):
        assert where in text
    # The LGPLv3 and the GPLv3 it builds on, in full (PySide6's wheels carry neither).
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text and "Version 3, 29 June 2007" in text
    assert "GNU GENERAL PUBLIC LICENSE" in text
    assert "Python Software Foundation" in text and "PyInstaller" in text


def test_write_notices_puts_both_files_where_the_bundle_expects_them(
    notices: ModuleType, tmp_path: Path
) -> None:
    written = notices.write_notices(tmp_path / "licenses", ROOT, "1.2.3")
    assert sorted(p.name for p in written) == ["LICENSE.txt", "THIRD-PARTY-NOTICES.txt"]
    spec = importlib.util.spec_from_file_location(
        "bundle_contents", ROOT / "packaging" / "bundle_contents.py"
    )
    assert spec is not None and spec.loader is not None
    contents = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(contents)
    assert set(contents.LICENSE_FILES) == {p.name for p in written}
    # installer.spec generates them at build time into the bundle's licenses folder.
    spec_text = (ROOT / "installer.spec").read_text(encoding="utf-8")
    assert "notices.write_notices(" in spec_text and "contents.LICENSES_FOLDER" in spec_text


# -- the About window -----------------------------------------------------------------------------


def test_about_shows_the_version_and_the_notices_from_source(qtbot: object) -> None:
    from app import __version__
    from app.ui.about import AboutDialog

    dialog = AboutDialog()
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    from PySide6.QtWidgets import QLabel

    version = dialog.findChild(QLabel, "aboutVersion")
    assert version is not None and __version__ in version.text()
    text = dialog.notices.toPlainText()
    assert text.startswith("MIT License")
    assert "PySide6_Essentials" in text and "GNU LESSER GENERAL PUBLIC LICENSE" in text


def test_about_in_a_built_app_reads_the_bundled_files(
    qtbot: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui import about

    folder = tmp_path / "_internal" / "licenses"
    folder.mkdir(parents=True)
    (folder / "LICENSE.txt").write_text("MIT License\nbundled copy\n", encoding="utf-8")
    (folder / "THIRD-PARTY-NOTICES.txt").write_text("Qt 6.x notices as built\n", encoding="utf-8")
    icons = tmp_path / "_internal" / "resources" / "icons"
    icons.mkdir(parents=True)
    shutil.copy2(ROOT / "resources" / "icons" / "app.svg", icons / "app.svg")  # the window icon
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    dialog = about.AboutDialog()
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    assert dialog.notices.toPlainText() == "MIT License\nbundled copy\n\nQt 6.x notices as built"


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: no stacking / activation
def test_the_wizard_has_an_about_button(qtbot: object, paths: object, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QWizard

    from app.core.wizard.flow import catalogue_from_urls
    from app.ui.about import AboutDialog
    from app.ui.wizard import SetupWizard

    env = {**os.environ, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "home")}
    wizard = SetupWizard(paths, catalogue_from_urls(["http://127.0.0.1:9"]), environment=env)  # type: ignore[arg-type]
    qtbot.addWidget(wizard)  # type: ignore[attr-defined]
    button = wizard.button(QWizard.WizardButton.CustomButton1)
    assert wizard.testOption(QWizard.WizardOption.HaveCustomButton1)
    assert button.text().replace("&", "") == "About"
    button.click()
    dialogs = [w for w in wizard.findChildren(AboutDialog) if w.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].close()
    wizard.done(0)


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_tray_menu_has_an_about_entry(qtbot: object, paths: object, tmp_path: Path) -> None:
    from app.ui.about import AboutDialog
    from app.ui.tray.controller import TrayController
    from app.ui.widgets import without_mnemonic

    env = {**os.environ, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "home")}
    tray = TrayController(paths, env=env, tray_available=lambda: False)  # type: ignore[arg-type]
    try:
        entries = {without_mnemonic(a.text()): a for a in tray.menu.actions() if a.text()}
        assert "About TokenPool Setup" in entries
        entries["About TokenPool Setup"].trigger()
        shown = [w for w in qtbot_top_levels() if isinstance(w, AboutDialog) and w.isVisible()]
        assert len(shown) == 1
        entries["About TokenPool Setup"].trigger()  # again: the same window is raised
        shown = [w for w in qtbot_top_levels() if isinstance(w, AboutDialog) and w.isVisible()]
        assert len(shown) == 1
        shown[0].close()
    finally:
        tray.stop()
        tray.panel.deleteLater()


def qtbot_top_levels() -> list[object]:
    from PySide6.QtWidgets import QApplication

    return list(QApplication.topLevelWidgets())

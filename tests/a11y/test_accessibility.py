"""What a screen reader is told, and colours that can be read (WCAG AA), checked in-process
(offscreen). The real accessibility bus is tests/a11y/test_accessibility_bus.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QAccessible, QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QLineEdit, QWidget

from app.core.paths import AppPaths
from app.core.wizard.flow import ViewName
from app.ui.accessibility import plain_text
from app.ui.resources import icon
from app.ui.secret_field import SecretLineEdit
from app.ui.style import (
    AccessibleStyle,
    contrast,
    focus_colour,
    muted_text,
    outline_colour,
    readable_palette,
)
from app.ui.widgets import StatusLine, TwoStateButton, buddy_label
from app.ui.wizard import SetupWizard

DARK = {  # docs/screenshots/render.py's dark palette: what a system in dark mode hands Qt
    QPalette.ColorRole.Window: "#2b2d30",
    QPalette.ColorRole.WindowText: "#dfe1e5",
    QPalette.ColorRole.Base: "#1e1f22",
    QPalette.ColorRole.Text: "#dfe1e5",
    QPalette.ColorRole.Button: "#3c3f41",
    QPalette.ColorRole.ButtonText: "#dfe1e5",
    QPalette.ColorRole.Highlight: "#2f65ca",
    QPalette.ColorRole.PlaceholderText: "#8c8f94",
    QPalette.ColorRole.Light: "#4a4d50",
    QPalette.ColorRole.Mid: "#3a3c3f",
    QPalette.ColorRole.Dark: "#1b1c1e",
}


def light_palette() -> QPalette:
    """Qt's own Fusion palette (Linux without a desktop theme)."""
    from PySide6.QtWidgets import QStyleFactory

    style = QStyleFactory.create("Fusion")
    assert style is not None
    return style.standardPalette()


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in DARK.items():
        palette.setColor(role, QColor(colour))
    return palette


PALETTES: dict[str, Callable[[], QPalette]] = {"light": light_palette, "dark": dark_palette}


@pytest.fixture
def fusion(qapp: QApplication) -> Iterator[AccessibleStyle]:
    style = AccessibleStyle("Fusion")
    yield style


def render(widget: QWidget, palette: QPalette, style: AccessibleStyle) -> QImage:
    """``widget`` drawn as a person would see it with ``palette``, at 1×."""
    widget.setStyle(style)
    widget.setPalette(palette)
    widget.setAutoFillBackground(True)
    widget.ensurePolished()
    widget.resize(widget.sizeHint().expandedTo(QSize(60, 24)))
    return widget.grab().toImage()


def strongest_contrast(image: QImage, background: QColor, area: tuple[int, int, int, int]) -> float:
    """The highest contrast against ``background`` of any pixel in ``area`` (x, y, w, h): what
    the core of a glyph or line reaches (its anti-aliased edges are in between)."""
    x0, y0, width, height = area
    best = 1.0
    for y in range(max(0, y0), min(image.height(), y0 + height)):
        for x in range(max(0, x0), min(image.width(), x0 + width)):
            best = max(best, contrast(image.pixelColor(x, y), background))
    return best


# --------------------------------------------------------------------------- the key field


def test_the_key_field_tells_a_screen_reader_no_text(qapp: QApplication) -> None:
    """Qt sends a password field's typed and pasted text in its accessibility events whenever the
    field's accessible object has a text interface; the key field's has none. A screen reader
    still meets a named password field and hears how many characters it holds."""
    field = SecretLineEdit()
    field.setAccessibleName("API key")
    field.setPlaceholderText("Paste your API key (sk-…)")
    access = QAccessible.queryAccessibleInterface(field)
    assert access.text(QAccessible.Text.Description) == "Paste your API key (sk-…)"
    field.setText("sk-" + "Zq8Vw3Tn" * 6)
    assert access.textInterface() is None
    assert access.editableTextInterface() is None
    assert access.valueInterface() is None
    assert access.role() == QAccessible.Role.EditableText
    assert access.state().passwordEdit
    assert access.text(QAccessible.Text.Name) == "API key"
    assert access.text(QAccessible.Text.Value) == "●" * 51
    assert access.text(QAccessible.Text.Description) == "51 characters entered"
    field.setEchoMode(QLineEdit.EchoMode.Normal)  # "Show": seen on screen, still not on the bus
    assert "Zq8" not in access.text(QAccessible.Text.Value)
    field.deleteLater()


# --------------------------------------------------------------------------- what is said


def test_a_status_line_exposes_its_words_and_names_its_icon_by_meaning(
    qapp: QApplication,
) -> None:
    line = StatusLine("someStatus", "Key check")
    line.set_status("warning", "<div>Almost.</div><ul><li>One thing</li></ul>")
    label = QAccessible.queryAccessibleInterface(line.text_label)
    assert label.text(QAccessible.Text.Name) == "Almost.\nOne thing"  # its words, as text
    assert label.text(QAccessible.Text.Description) == ""  # no HTML anywhere
    icons = [c for c in line.findChildren(QLabel) if c is not line.text_label]
    assert [QAccessible.queryAccessibleInterface(i).text(QAccessible.Text.Name) for i in icons] == [
        "Warning"
    ]
    line.set_status("ok", "Fine.")
    assert QAccessible.queryAccessibleInterface(icons[0]).text(QAccessible.Text.Name) == "OK"
    assert line.accessibleName() == "Key check"  # the group says what the words are about


def test_show_and_hide_are_buttons_that_say_what_they_do(qapp: QApplication) -> None:
    """A checkable button is announced as a check box ("Show, check box, not checked")."""
    button = TwoStateButton("&Show", "&Hide", "Show the key", "Hide the key")
    seen: list[bool] = []
    button.switched.connect(seen.append)
    access = QAccessible.queryAccessibleInterface(button)
    assert access.role() == QAccessible.Role.Button
    assert access.text(QAccessible.Text.Name) == "Show the key"
    button.click()
    assert (seen, button.text(), button.isChecked()) == ([True], "&Hide", True)
    assert access.text(QAccessible.Text.Name) == "Hide the key"


@pytest.mark.parametrize(
    ("text", "name"),
    [("&Model:", "Model:"), ("模型(&M)：", "模型："), ("其他接口(&O)：", "其他接口：")],
)
def test_a_labels_shortcut_is_not_part_of_its_name(
    qapp: QApplication, text: str, name: str
) -> None:
    field = QLineEdit()
    label = buddy_label(text, field)
    assert label.buddy() is field
    assert QAccessible.queryAccessibleInterface(label).text(QAccessible.Text.Name) == name


def test_page_titles_are_headings_and_the_logo_is_named(
    qtbot,  # type: ignore[no-untyped-def]
    paths: AppPaths,
    tmp_path: Path,
) -> None:
    environment = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "home")}
    wizard = SetupWizard(paths, (), environment=environment)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: ViewName.KEY in wizard.pages, timeout=5000)
    labels = wizard.findChildren(QLabel)
    roles = {
        label.text(): QAccessible.queryAccessibleInterface(label).role()
        for label in labels
        if label.text()
    }
    assert roles["Set up Codex for TokenPool"] == QAccessible.Role.Heading
    headings = [text for text, role in roles.items() if role == QAccessible.Role.Heading]
    assert headings == ["Set up Codex for TokenPool"]  # the title only, not the subtitle
    pictures = [label for label in labels if not label.pixmap().isNull()]
    names = {QAccessible.queryAccessibleInterface(p).text(QAccessible.Text.Name) for p in pictures}
    assert "TokenPool logo" in names
    key_edit = wizard.findChild(QLineEdit, "keyEdit")
    assert isinstance(key_edit, SecretLineEdit)
    # The focused control shows its ring from the first paint on, not only after a Tab.
    from PySide6.QtCore import Qt

    qtbot.waitUntil(
        lambda: wizard.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange), timeout=5000
    )
    wizard.runner.cancel()
    wizard.runner.wait(10_000)


def test_plain_text_of_a_label() -> None:
    assert plain_text("<div>A &amp; B</div><ul><li>c</li></ul>") == "A & B\nc"
    assert plain_text("no markup") == "no markup"


# --------------------------------------------------------------------------- contrast


@pytest.mark.parametrize("look", PALETTES)
def test_placeholder_text_reaches_4_5_to_1_on_screen(fusion: AccessibleStyle, look: str) -> None:
    palette = readable_palette(PALETTES[look]())
    field = QLineEdit()
    field.setPlaceholderText("Paste your API key (sk-…)")
    image = render(field, palette, fusion)
    base = palette.color(QPalette.ColorRole.Base)
    inner = (6, 4, image.width() - 12, image.height() - 8)
    assert strongest_contrast(image, base, inner) >= 4.5


def test_the_system_placeholder_was_below_4_5_to_1(fusion: AccessibleStyle) -> None:
    """The check above can fail: Qt's own placeholder colour is half-transparent text, 4:1."""
    field = QLineEdit()
    field.setPlaceholderText("Paste your API key (sk-…)")
    palette = light_palette()
    image = render(field, palette, fusion)
    base = palette.color(QPalette.ColorRole.Base)
    assert strongest_contrast(image, base, (6, 4, image.width() - 12, image.height() - 8)) < 4.5


@pytest.mark.parametrize("look", PALETTES)
def test_muted_words_reach_4_5_to_1_on_field_and_window(look: str) -> None:
    palette = readable_palette(PALETTES[look]())
    muted = muted_text(palette)
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        assert contrast(muted, palette.color(role)) >= 4.5, role


@pytest.mark.parametrize("look", PALETTES)
def test_check_box_outline_reaches_3_to_1_on_screen(fusion: AccessibleStyle, look: str) -> None:
    palette = PALETTES[look]()
    box = QCheckBox("Show my quota in the tray")
    image = render(box, palette, fusion)
    window = palette.color(QPalette.ColorRole.Window)
    indicator = (0, 0, 20, image.height())
    assert strongest_contrast(image, window, indicator) >= 3.0
    assert contrast(outline_colour(palette), window) >= 3.0
    assert contrast(focus_colour(palette), window) >= 3.0


@pytest.mark.parametrize("look", PALETTES)
@pytest.mark.parametrize("name", ["ok", "warning", "error", "info", "busy", "star"])
def test_status_icons_reach_3_to_1_on_the_window(qapp: QApplication, look: str, name: str) -> None:
    """Each icon, drawn at its size on the window's colour, has lines or a fill at 3:1 against
    it (the amber warning triangle was 1.87:1 on white)."""
    palette = PALETTES[look]()
    window = palette.color(QPalette.ColorRole.Window)
    image = QImage(QSize(18, 18), QImage.Format.Format_ARGB32)
    image.fill(window)
    painter = QPainter(image)
    icon(name).paint(painter, 0, 0, 18, 18)
    painter.end()
    assert strongest_contrast(image, window, (0, 0, 18, 18)) >= 3.0


def test_a_message_box_icon_is_named_by_its_meaning(qapp: QApplication) -> None:
    from PySide6.QtWidgets import QMessageBox

    from app.ui.widgets import name_message_box_icon

    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Question)
    name_message_box_icon(box)
    icons = box.findChildren(QLabel, "qt_msgboxex_icon_label")
    assert [i.accessibleName() for i in icons] == ["Question"]


def test_the_cores_english_detail_is_the_description_not_a_name(qapp: QApplication) -> None:
    line = StatusLine("keychainStatus", "Where the key is kept")
    line.set_status("info", "The key is kept in Codex's auth.json.")
    line.set_english_detail("Secret Service: no collection")
    access = QAccessible.queryAccessibleInterface(line)
    assert access.text(QAccessible.Text.Description) == "Secret Service: no collection"
    assert line.toolTip() == "Secret Service: no collection"
    label = QAccessible.queryAccessibleInterface(line.text_label)
    assert label.text(QAccessible.Text.Name) == "The key is kept in Codex's auth.json."


def test_the_tray_panel_is_a_window_to_a_screen_reader(qapp: QApplication) -> None:
    from app.ui.accessibility import install_accessible_factory
    from app.ui.tray.panel import TrayPanel

    install_accessible_factory()
    panel = TrayPanel()
    access = QAccessible.queryAccessibleInterface(panel)
    assert access.role() == QAccessible.Role.Window
    assert access.text(QAccessible.Text.Name) == "TokenPool quota panel"
    assert access.childCount() >= 1  # its scroll area, holding every line and button
    panel.deleteLater()


def test_a_tray_started_from_a_chinese_wizard_speaks_chinese(
    qapp: QApplication, paths: AppPaths
) -> None:
    from PySide6.QtCore import QTranslator

    from app.ui.main import choose_language, current_language, install_translation
    from app.ui.tray import spawn  # the tray's command line (it left launch.py in issue 21)

    if choose_language(None) != "en":
        pytest.skip("this machine's locale is Chinese: the tray would speak it anyway")
    assert current_language() == "en"
    assert "--lang" not in spawn.tray_command(paths)
    translator = install_translation(qapp, "zh_CN")
    assert translator is not None
    try:
        assert current_language() == "zh_CN"
        assert spawn.tray_command(paths)[-2:] == ("--lang", "zh_CN")
    finally:
        for installed in qapp.findChildren(QTranslator):
            qapp.removeTranslator(installed)
            installed.deleteLater()
    assert current_language() == "en"


def test_a_stale_tray_quota_keeps_full_contrast(qapp: QApplication) -> None:
    """Staleness shows as italics and words, not as a disabled grey (1.62:1)."""
    from app.core.tray.state import Amounts, Reading, TrayState
    from app.ui.tray.panel import TrayPanel

    good = Reading(1.0, "ok", Amounts(remaining=37.5, used=12.5, total=50.0))
    stale = TrayState().with_reading(good).with_reading(Reading(2.0, "error", message="timeout"))
    assert stale.stale
    panel = TrayPanel()
    panel.show_state(stale, None, (), 3.0, 1.0)
    assert panel.quotaLabel.isEnabled()
    assert panel.quotaLabel.font().italic() and not panel.quotaLabel.font().bold()
    assert "not updated" in panel.quotaLabel.accessibleDescription()
    panel.show_state(TrayState().with_reading(good), None, (), 3.0, 1.0)
    assert panel.quotaLabel.font().bold() and not panel.quotaLabel.font().italic()
    panel.deleteLater()


def test_escape_in_the_no_tray_window_and_the_focus_ring_of_the_panel(
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtCore import Qt

    from app.ui.tray.panel import TrayPanel

    panel = TrayPanel()
    qtbot.addWidget(panel)
    panel.setWindowFlags(Qt.WindowType.Window)  # no system tray: the panel is the app's window
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
    qtbot.keyClick(panel, Qt.Key.Key_Escape)
    qtbot.waitUntil(panel.isMinimized, timeout=3000)


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen: no stacking
def test_a_panel_taller_than_the_screen_scrolls_instead_of_cutting_text(
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    """At 2x a repair's findings ended mid-sentence with no scroll bar."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QScrollArea

    from app.ui.tray.panel import TrayPanel

    panel = TrayPanel()
    qtbot.addWidget(panel)
    panel.place_near(QRect(10, 10, 22, 22))
    panel.show()
    qtbot.waitExposed(panel)
    finding = "config.toml defines [model_providers.OpenAI] twice; Codex refuses to start. "
    panel.show_action("<b>Found:</b><br>" + "<br>".join([finding * 3] * 12), rich=True)
    panel.resize(panel.width(), 300)  # a short screen (1366x768 at 2x is 683x384 points)
    scroll = panel.findChild(QScrollArea, "trayPanelScroll")
    assert scroll is not None
    qtbot.waitUntil(scroll.verticalScrollBar().isVisible, timeout=3000)
    label = panel.actionLabel
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()), timeout=3000)
    scroll.ensureWidgetVisible(panel.quitButton)  # every line and button can be reached
    qtbot.waitUntil(lambda: scroll.verticalScrollBar().value() > 0, timeout=3000)

"""Every page and state of the wizard in zh_CN: no sentence a person reads stays English.

Walks the real wizard (offscreen, the local gateway imitation) through the states a first-time
person meets — nothing set up, broken files and the repair, a masked and a refused key, a slow
endpoint, a website as custom endpoint, the preview with its exact changes shown, the Done page
with quota and a failed test — and reads every visible text. Allowed in Latin script: paths,
addresses, host names, file names, model names, amounts, product names (Codex, TokenPool...).
The core's own English detail is no longer a second line: it sits behind a "详细信息（英文）" link
(``app/ui/messages.with_details``), so an English sentence on screen is a failure, the way
forward included.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTreeWidget,
    QWidget,
)

from app.core.paths import resolve_paths
from app.core.usertext import classify_note
from app.core.wizard import tasks as wizard_tasks
from app.core.wizard.flow import ViewName
from app.ui import messages
from app.ui.wizard import SetupWizard
from tests.gateway import GOOD_KEY, GatewayImitation
from tests.gui.wizard_steps import (
    WAIT_MS,
    Button,
    child,
    enter_key,
    on_view,
    press,
    status_text,
    tick,
)

pytestmark = pytest.mark.gui

# Words that stay in Latin script in the Chinese UI (product names, file formats, protocols).
ALLOWED = {
    "codex", "tokenpool", "cli", "api", "key", "chatgpt", "node", "js", "npm", "git", "https",
    "http", "sk", "toml", "json", "config", "auth", "ms", "token", "url", "base", "v1", "vpn",
    "responses", "id", "dev", "export",
}  # fmt: skip


def english_words(text: str) -> list[str]:
    """Latin-script words in ``text`` that are not a path, address, name or amount."""
    found = []
    for token in re.split(r"[\s，。：；？！（）“”、]+", text):
        if not re.search(r"[A-Za-z]", token):
            continue
        if re.search(r"^['\\[]|[/\\@_]|[A-Za-z0-9]\.[A-Za-z0-9]|^\$|^gpt-|^sk-|^\{|^-", token):
            continue  # a path, address, file or host name, setting, amount, model, flag
        for word in re.findall(r"[A-Za-z]{2,}", token):
            if word.lower() not in ALLOWED:
                found.append(word)
    return found


def visible_texts(wizard: SetupWizard) -> Iterator[tuple[str, str]]:
    page = wizard.currentPage()
    yield "title", page.title()
    yield "subtitle", page.subTitle()
    yield from widget_texts(wizard)


def widget_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """What a person reads in ``root``: labels (tags stripped: a details link's English sits in
    its address, not on screen), buttons, group titles, placeholders, table headers and rows."""
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        name = widget.objectName() or type(widget).__name__
        if isinstance(widget, QLabel):
            yield name, html.unescape(re.sub(r"<[^>]+>", " ", widget.text()))
        elif isinstance(widget, QAbstractButton):
            yield name, widget.text().replace("&", "")
        elif isinstance(widget, QGroupBox):
            yield name, widget.title()
        elif isinstance(widget, QLineEdit) and not widget.text():
            yield name, widget.placeholderText()
        elif isinstance(widget, QTreeWidget):
            header = widget.headerItem()
            for column in range(widget.columnCount()):
                yield f"{name} header", header.text(column)
            for row in range(widget.topLevelItemCount()):
                item = widget.topLevelItem(row)
                yield f"{name} row", f"{item.text(0)} {item.text(2)}"  # column 1 is the URL


def untranslated(wizard: SetupWizard) -> list[str]:
    return [f"{where}: {text!r}" for where, text in visible_texts(wizard) if english_words(text)]


def test_the_detector_finds_english_and_allows_names() -> None:
    assert english_words("剩余 $12.34 / 共 $20.00（今日）。") == []
    assert english_words("Codex 将通过 api.clawto.link 使用 TokenPool 的模型 gpt-5.5。") == []
    assert english_words("/tmp/x/.codex/config.toml") == []
    assert english_words("Quota reported without amounts") == [
        "Quota", "reported", "without", "amounts",
    ]  # fmt: skip
    assert english_words("额度：Quota: $20.00") == ["Quota"]


def test_every_core_note_shape_reads_as_chinese(chinese: None) -> None:
    notes = [
        'Codex will not offer to switch you from "gpt-5.5" to "gpt-6-sol": TokenPool does not '
        "offer that model.",
        '"gpt-5.5" is not offered; using "gpt-5.4".',
        "Your ChatGPT sign-in tokens are removed from auth.json: beside an API key they make "
        "Codex send no key at all.",
        "auth.json could not be read by Codex; it is replaced (the old file is kept).",
        "Removed env_key from [model_providers.tokenpool]: Codex would send that instead.",
        "This gateway lists its models only under /v1, so /v1 is added: there both work.",
        "The repeated [model_providers.x] table is now comments (line 3).",
        "Line 7 could not be read and is now a comment.",
        "Removed 'experimental_x' (Codex no longer uses it).",
        "Moved 'model' out of [projects./home/me/work] to the top of config.toml.",
        'wire_api set to "responses".',
        'model set to "gpt-5.5", which TokenPool offers.',
    ]
    for note in notes:
        message = classify_note(note)
        assert message.code != "note", note
        shown = messages.message_text(message)
        assert not english_words(shown), (note, shown)
    assert "gpt-6-sol" in messages.message_text(classify_note(notes[0]))


def test_the_quota_line_reads_as_chinese(chinese: None) -> None:
    from datetime import UTC, datetime

    from app.core.net.quota import Quota

    for quota in (
        Quota(37.5, 12.5, 50.0, "USD", False, None, "sub2api"),
        Quota(None, None, 20.0, "USD", False, None, "newapi"),
        Quota(None, None, None, "USD", True, None, "oneapi"),
        Quota(1200, None, None, "tokens", False, datetime(2026, 6, 1, tzinfo=UTC), "sub2api",
              period="daily"),
    ):  # fmt: skip
        shown = messages.quota_text(quota)
        assert not english_words(shown), shown
    assert messages.quota_text(Quota(37.5, 12.5, 50.0, "USD", False, None, "sub2api")) == (
        "$37.50 / $50.00"
    )


def check(wizard: SetupWizard, state: str) -> None:
    bad = untranslated(wizard)
    assert not bad, f"{state}: English in the Chinese UI:\n" + "\n".join(bad)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_every_page_and_state_in_chinese_has_no_english_sentence(
    qtbot,  # type: ignore[no-untyped-def]
    chinese: None,
    make_wizard: Callable[..., SetupWizard],
    no_codex_env: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(wizard_tasks, "PROBE_TIMEOUT_S", 2.0)
    fixtures = Path(__file__).parents[1] / "fixtures" / "broken"
    home = tmp_path / "broken-codex"
    home.mkdir()
    broken = resolve_paths(home, tmp_path / "settings-broken")
    broken.config_toml.write_bytes((fixtures / "duplicate_table.toml").read_bytes())
    with GatewayImitation() as good, GatewayImitation() as slow, GatewayImitation() as site:
        slow.route_latency_ms["/v1/models"] = 2600.0
        site.html_paths.update({"/v1/models", "/models", "/v1/responses", "/responses"})

        # Broken files: the findings, the choice, the repair page with its exact changes.
        wizard = make_wizard([good.url], no_codex_env, broken)
        qtbot.waitUntil(lambda: wizard.state.inspected, timeout=WAIT_MS)
        check(wizard, "welcome, broken files")
        tick(qtbot, child(wizard, QRadioButton, "repairRadio"))
        press(qtbot, wizard, Button.NextButton)
        qtbot.waitUntil(lambda: on_view(wizard, ViewName.REPAIR), timeout=WAIT_MS)
        qtbot.waitUntil(wizard.button(Button.CommitButton).isEnabled, timeout=WAIT_MS)
        qtbot.mouseClick(
            child(wizard, QPushButton, "showRepairChangesButton"), Qt.MouseButton.LeftButton
        )
        check(wizard, "repair")
        wizard.close()

        # Nothing set up yet, no Codex: the install box; then every later page.
        wizard = make_wizard([good.url, slow.url], no_codex_env)
        qtbot.waitUntil(lambda: wizard.state.inspected, timeout=WAIT_MS)
        check(wizard, "welcome, nothing set up, no Codex")
        tick(qtbot, child(wizard, QCheckBox, "withoutCodexCheck"))
        press(qtbot, wizard, Button.NextButton)
        qtbot.waitUntil(lambda: on_view(wizard, ViewName.KEY), timeout=WAIT_MS)
        check(wizard, "key, empty")
        enter_key(qtbot, wizard, "sk-abc***wxyz")
        check(wizard, "key, masked")
        enter_key(qtbot, wizard, "sk-" + "b" * 48)
        press(qtbot, wizard, Button.NextButton)
        qtbot.waitUntil(lambda: on_view(wizard, ViewName.ENDPOINT), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: not wizard.state.probing, timeout=WAIT_MS)
        check(wizard, "endpoint, key refused")
        qtbot.mouseClick(child(wizard, QPushButton, "changeKeyButton"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: on_view(wizard, ViewName.KEY), timeout=WAIT_MS)
        check(wizard, "key, refused")
        enter_key(qtbot, wizard, GOOD_KEY)
        check(wizard, "key, complete")
        press(qtbot, wizard, Button.NextButton)
        qtbot.waitUntil(lambda: on_view(wizard, ViewName.ENDPOINT), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: not wizard.state.probing, timeout=WAIT_MS)
        check(wizard, "endpoint, one fast and one slow")
        table = child(wizard, QTreeWidget, "endpointTable")
        table.setCurrentItem(table.topLevelItem(1))
        check(wizard, "endpoint, the slow one chosen")
        custom = child(wizard, QLineEdit, "customEndpointEdit")
        custom.setText("https://tokenpool.dev/console")
        qtbot.mouseClick(child(wizard, QPushButton, "addCustomButton"), Qt.MouseButton.LeftButton)
        check(wizard, "endpoint, website refused")
        custom.setText(site.url)
        qtbot.mouseClick(child(wizard, QPushButton, "addCustomButton"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not wizard.state.probing, timeout=WAIT_MS)
        check(wizard, "endpoint, custom not the API")
        table.setCurrentItem(table.topLevelItem(0))
        qtbot.waitUntil(wizard.button(Button.NextButton).isEnabled, timeout=WAIT_MS)
        press(qtbot, wizard, Button.NextButton)
        qtbot.waitUntil(lambda: on_view(wizard, ViewName.PREVIEW), timeout=WAIT_MS)
        qtbot.waitUntil(wizard.button(Button.CommitButton).isEnabled, timeout=WAIT_MS)
        check(wizard, "preview")
        qtbot.mouseClick(child(wizard, QPushButton, "showChangesButton"), Qt.MouseButton.LeftButton)
        check(wizard, "preview, exact changes shown")
        press(qtbot, wizard, Button.CommitButton)
        qtbot.waitUntil(lambda: on_view(wizard, ViewName.DONE), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: "额度" in status_text(wizard, "quotaStatus"), timeout=WAIT_MS)
        check(wizard, "done")
        good.reply_text = ""
        qtbot.mouseClick(child(wizard, QPushButton, "testCodexButton"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not wizard.runner.busy("done"), timeout=WAIT_MS)
        assert status_text(wizard, "testCodexResult")
        check(wizard, "done, the test failed")


def test_the_details_link_opens_the_english_sentence_in_place(
    qtbot,  # type: ignore[no-untyped-def]
    chinese: None,
    make_wizard: Callable[..., SetupWizard],
    no_codex_env: dict[str, str],
    tmp_path: Path,
) -> None:
    """The finding reads as Chinese with its way forward; a click on 详细信息（英文） shows the
    core's own sentence (which table, which line) in the same label."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    broken = resolve_paths(tmp_path / "broken-codex", tmp_path / "settings-broken")
    broken.codex_home.mkdir()
    fixtures = Path(__file__).parents[1] / "fixtures" / "broken"
    broken.config_toml.write_bytes((fixtures / "duplicate_table.toml").read_bytes())
    with GatewayImitation() as good:
        wizard = make_wizard([good.url], no_codex_env, broken)
        qtbot.waitUntil(lambda: wizard.state.inspected, timeout=WAIT_MS)
        label = child(wizard, QLabel, "findingsList")
        shown = html.unescape(re.sub(r"<[^>]+>", " ", label.text()))
        assert "可以自动修复" in shown and "twice" not in shown
        href = re.search(r'href="(tokenpool-details:[^"]+)"', label.text())
        assert href is not None, label.text()
        assert QDesktopServices.openUrl(QUrl(href.group(1)))
        assert "twice" in label.text() and "tokenpool-details:" not in label.text()
        wizard.close()


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen: the panel raises
def test_the_tray_panel_in_chinese_has_no_english_sentence(qtbot, chinese: None) -> None:  # type: ignore[no-untyped-def]
    """The panel in the states a person meets: fresh amounts ("updated %n min ago" was English:
    its plural forms were empty), a proxy failure over old amounts (the English way forward was
    the only one), a refused key, Codex moved to a model TokenPool lacks, no quota reported."""
    import time
    from datetime import UTC, datetime, timedelta

    from app.core.tray.state import Amounts, Message, Reading, TrayState
    from app.ui.tray.panel import TrayPanel

    now = time.time()
    quota = Amounts(12.5, 37.5, 50.0, expires_at=datetime.now(UTC) + timedelta(days=40))
    proxy = Reading(
        now,
        "error",
        message="Could not connect through the proxy http://127.0.0.1:7890. Check the proxy "
        "settings (HTTPS_PROXY or the system proxy) or turn the proxy off.",
        kind="proxy",
    )
    states = {
        "fresh": (TrayState().with_reading(Reading(now - 300, "ok", quota)), now - 300),
        "proxy failed, old amounts": (
            TrayState().with_reading(Reading(now - 7200, "ok", quota)).with_reading(proxy),
            now - 7200,
        ),
        "key refused": (
            TrayState().with_reading(
                Reading(now, "invalid_key", message="TokenPool refused the key (HTTP 401).")
            ),
            now,
        ),
        "not reported": (
            TrayState().with_reading(
                Reading(now, "not_available", message="This gateway has no usage route.")
            ),
            now,
        ),
    }
    for name, (state, updated) in states.items():
        panel = TrayPanel()
        qtbot.addWidget(panel)
        panel.show_state(state, None, (), now, updated)
        panel.show_endpoint("https://api.clawto.link", 142)
        change = Message(
            "model_changed_unoffered",
            'Codex now uses the model "gpt-6-sol" instead of "gpt-5.5", which TokenPool does not '
            "offer.",
            {"old": "gpt-5.5", "new": "gpt-6-sol"},
        )
        panel.show_codex("changed", (change,), True)
        panel.show()
        bad = [f"{w}: {t!r}" for w, t in widget_texts(panel) if english_words(t)]
        assert not bad, f"tray, {name}: English in the Chinese panel:\n" + "\n".join(bad)
        if name == "fresh":
            assert "5 分钟前更新" in panel.detailLabel.text()
        if name == "proxy failed, old amounts":
            assert "请检查代理设置" in panel.reasonLabel.text()
        panel.close()


def test_the_window_title_is_the_chinese_name(chinese: None) -> None:
    assert QApplication.applicationDisplayName() == "TokenPool 配置助手"

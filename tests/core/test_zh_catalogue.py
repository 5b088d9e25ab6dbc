"""The Chinese catalogue is complete, current, compiled and uses one word per concept.

Reads ``resources/i18n/tokenpool_setup_zh_CN.ts`` the way ``packaging/i18n.py status`` does and
runs the real ``pyside6-lupdate``/``pyside6-lrelease`` on copies, so it fails when a merge added
strings nobody translated (the coordinator runs ``packaging/i18n.py update``, translates what it
lists, then ``release``), when a plural form is empty (Chinese has one form: "updated %n min
ago" showed in English in the tray), and when a translation uses a word the zh_CN review retired
(/work/shared/reference/zh-review-2.md, "One term per concept").
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path

import pytest


def _load_i18n():  # type: ignore[no-untyped-def]
    # packaging/ is not a package (and "packaging" is a PyPI name): load the script by path.
    path = Path(__file__).resolve().parents[2] / "packaging" / "i18n.py"
    spec = importlib.util.spec_from_file_location("tp_i18n", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["tp_i18n"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


i18n = _load_i18n()

TS = i18n.ts_file("zh_CN")
QM = i18n.qm_file("zh_CN")

# Retired wording -> what to use instead (the review's term table and its "also" list).
RETIRED = {
    "TokenPool 设置": "TokenPool 配置助手 (设置 reads as Settings)",
    "TokenPool Setup": "TokenPool 配置助手 (no English name inside Chinese)",
    "服务商": "供应商",
    "服务提供方": "供应商",
    "登录时启动": "开机自启",
    "设置文件": "配置文件",
    "配置表": "配置段",
    "请求过多": "请求过于频繁",
    "被拒绝": "密钥无效 (for a key), 连接被拒绝 only for a refused connection",
    "拒绝了这个密钥": "TokenPool 提示密钥无效",
    "拒绝了密钥": "TokenPool 提示密钥无效",
    "网关": "TokenPool, or 服务器",
    "钥匙串": "系统凭据存储 (钥匙串 is the macOS word)",
    "打码": "部分隐藏的密钥",
    "很长的代码": "一长串字符 (代码 means program code)",
    "检查更改": "确认更改",
    "解包": "解压",
    "回到开始": "返回第一步",
    "调用": "连接 / 使用",
    "提交": "上传 (提交 is Git's jargon)",
    "比任何密钥都长": "远超正常长度",
    "密钥不会有的字符": "不该出现的字符",
    "一起测试": "已测试兼容",
    "安装到位": "完成安装",
    "你这个用户": "仅当前用户",
    "不是最新数据": "…的数据，非最新",
    "询问": "发送测试消息",
    "回答：": "回复：",
}
# "连接被拒绝" (a refused connection) is the one right use of 被拒绝.
ALLOWED_WITH = {"被拒绝": ("连接被拒绝",)}
# The macOS name of the credential store (app/ui/messages.platform_words puts it in on a Mac).
ALLOWED_FOR_SOURCE = {"钥匙串": ("macOS keychain",)}


def live_entries(path: Path = TS) -> list[i18n.Entry]:
    return [e for e in i18n.read_entries(path) if e.live]


def retired_words(translation: str) -> list[str]:
    found = []
    for word in RETIRED:
        text = translation
        for allowed in ALLOWED_WITH.get(word, ()):
            text = text.replace(allowed, "")
        if word in text:
            found.append(word)
    return found


def test_every_string_has_a_finished_translation() -> None:
    missing = i18n.open_entries(TS)
    assert not missing, "untranslated (run packaging/i18n.py status):\n" + "\n".join(
        f"[{e.context}] {e.source!r}" for e in missing
    )


def test_plural_forms_are_filled() -> None:
    plurals = [e for e in live_entries() if e.numerus]
    assert plurals, "the tray's 'updated %n min ago' is a plural message"
    for entry in plurals:
        assert len(entry.translations) == 1, entry  # zh_CN has one plural form
        assert entry.translations[0].strip(), entry
        assert "%n" in entry.translations[0], entry


def test_the_check_finds_empty_and_unfinished_entries(tmp_path: Path) -> None:
    """What the two tests above rely on: an empty plural form, an unfinished entry."""
    text = TS.read_text(encoding="utf-8")
    broken = re.sub(
        r"(<source>updated %n min ago</source>\s*<translation)>\s*<numerusform>[^<]*",
        r"\1>\n            <numerusform>",
        text,
    )
    unfinished = '<translation type="unfinished">确认更改</translation>'
    broken = broken.replace("<translation>确认更改</translation>", unfinished)
    assert broken.count("<numerusform></numerusform>") == 1
    path = tmp_path / "zh.ts"
    path.write_text(broken, encoding="utf-8")
    assert {e.source for e in i18n.open_entries(path)} == {
        "updated %n min ago",
        "Check the changes",
    }


@pytest.mark.parametrize("word", sorted(RETIRED))
def test_no_retired_term_in_a_translation(word: str) -> None:
    bad = [
        f"[{e.context}] {e.source!r} -> {t!r}"
        for e in live_entries()
        for t in e.translations
        if word in retired_words(t) and e.source not in ALLOWED_FOR_SOURCE.get(word, ())
    ]
    assert not bad, f"{word!r}: use {RETIRED[word]}\n" + "\n".join(bad)


def test_placeholders_and_mnemonics_are_kept() -> None:
    marker = re.compile(r"\{[a-z_]+\}|%\d|%n")
    problems = []
    for entry in live_entries():
        wanted = set(marker.findall(entry.source))
        mnemonic = re.search(r"&([^&\s])", entry.source.replace("&&", ""))
        for text in entry.translations:
            if set(marker.findall(text)) != wanted:
                problems.append(f"placeholders: {entry.source!r} -> {text!r}")
            if mnemonic and f"(&{mnemonic.group(1).upper()})" not in text.upper():
                problems.append(f"mnemonic: {entry.source!r} -> {text!r}")
            if "..." in text:
                problems.append(f"three dots instead of …: {text!r}")
    assert not problems, "\n".join(problems)


def test_the_catalogue_holds_every_string_of_the_code(tmp_path: Path) -> None:
    """lupdate over app/ on a copy finds nothing new: no string reaches the screen untranslated
    because a merge added it after the last ``packaging/i18n.py update``."""
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    i18n.lupdate(copy, quiet=True)
    missing = i18n.open_entries(copy)
    assert not missing, "new or changed strings: run packaging/i18n.py update\n" + "\n".join(
        f"[{e.context}] {e.source!r}" for e in missing
    )


def test_the_qm_is_compiled_from_the_ts(tmp_path: Path) -> None:
    fresh = tmp_path / QM.name
    i18n.lrelease(TS, fresh)
    assert fresh.read_bytes() == QM.read_bytes(), "run packaging/i18n.py release"


def installer_and_menu_chinese() -> dict[str, str]:
    """The Chinese outside the catalogue: the Windows installer's LangStrings and the Linux menu
    entry's [zh_CN] keys."""
    root = Path(__file__).resolve().parents[2]
    found = {}
    nsis = (root / "packaging" / "windows" / "installer.nsi").read_text(encoding="utf-8")
    for name, text in re.findall(r'LangString (\w+) \$\{LANG_SIMPCHINESE\} "([^"]*)"', nsis):
        found[f"installer.nsi {name}"] = text
    desktop = (root / "packaging" / "linux" / "tokenpool-setup.desktop").read_text("utf-8")
    for key, text in re.findall(r"^(\w+)\[zh_CN\]=(.*)$", desktop, re.M):
        found[f"tokenpool-setup.desktop {key}"] = text
    return found


def test_the_installer_and_the_menu_entry_speak_the_same_chinese() -> None:
    texts = installer_and_menu_chinese()
    assert texts["installer.nsi APP_TITLE"] == "TokenPool 配置助手"  # the installer's pages
    assert texts["tokenpool-setup.desktop Name"] == "TokenPool 配置助手"
    bad = [f"{where}: {text!r}" for where, text in texts.items() if retired_words(text)]
    assert not bad, "\n".join(bad)


def test_the_credential_store_is_named_as_on_each_system(qapp) -> None:  # type: ignore[no-untyped-def]
    """The translations say 系统凭据存储; a Mac shows 钥匙串, Windows 凭据管理器 (the macOS word
    alarmed Windows users), Linux keeps the generic name."""
    from PySide6.QtCore import QTranslator

    from app.ui import messages
    from app.ui.resources import translations_dir

    app = qapp
    translator = QTranslator()
    assert translator.load("tokenpool_setup_zh_CN", str(translations_dir()))
    app.installTranslator(translator)
    try:
        sentence = messages.summary("keychain_unavailable") or ""
        assert "系统凭据存储" in sentence
        assert "钥匙串" in messages.platform_words(sentence, "darwin")
        assert "凭据管理器" in messages.platform_words(sentence, "win32")
        assert messages.platform_words(sentence, "linux") == sentence
    finally:
        app.removeTranslator(translator)
    assert messages.platform_words("No keychain here.", "win32") == "No keychain here."

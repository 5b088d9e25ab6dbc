"""Keep the translations in step with the code: extract, list what is unfinished, compile.

    .venv/bin/python packaging/i18n.py update     # lupdate over app/, translations kept
    .venv/bin/python packaging/i18n.py status     # what is unfinished or empty (exit 1 if anything)
    .venv/bin/python packaging/i18n.py release    # compile the .qm files the app loads
    .venv/bin/python packaging/i18n.py apply F.json --language zh_CN   # translations from a list

Run ``update`` after merging work that adds or changes user-visible strings (``self.tr(...)``,
``QT_TRANSLATE_NOOP`` in ``app/ui/messages.py`` and ``app/ui/install_messages.py``), translate what
``status`` lists (Qt Linguist, ``.venv/bin/pyside6-linguist``, or by hand in the XML), then
``release``. ``tests/core/test_zh_catalogue.py`` fails while the catalogue lags behind the code or
the .qm behind the .ts.

The .ts files are written without source locations (``-locations none``): line numbers would
change with every edit anywhere in ``app/`` and make each merge touch hundreds of lines of XML. A
changed source string keeps its old translation as a starting point, marked unfinished (lupdate's
similar-text heuristic); strings that left the code stay as "vanished" until ``update --prune``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
SOURCES = ROOT / "app"
LANGUAGES = ("zh_CN",)
BIN = Path(sys.executable).parent  # the venv's bin (Scripts on Windows) holds pyside6-lupdate


def ts_file(language: str) -> Path:
    return I18N / f"tokenpool_setup_{language}.ts"


def qm_file(language: str) -> Path:
    return I18N / f"tokenpool_setup_{language}.qm"


def tool(name: str) -> str:
    for candidate in (BIN / name, BIN / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    return name  # on PATH


def source_files() -> list[Path]:
    return sorted(p for p in SOURCES.rglob("*.py") if "__pycache__" not in p.parts)


@dataclass(frozen=True)
class Entry:
    context: str
    source: str
    translations: tuple[str, ...]  # one, or one per plural form
    kind: str  # "" (finished), "unfinished", "vanished", "obsolete"
    numerus: bool

    @property
    def empty(self) -> bool:
        return not self.translations or any(not t.strip() for t in self.translations)

    @property
    def live(self) -> bool:
        return self.kind not in ("vanished", "obsolete")

    @property
    def done(self) -> bool:
        return self.kind == "" and not self.empty


def read_entries(path: Path) -> list[Entry]:
    entries = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            numerus = message.get("numerus") == "yes"
            if translation is None:
                texts: tuple[str, ...] = ()
                kind = "unfinished"
            else:
                kind = translation.get("type", "")
                if numerus:
                    texts = tuple(f.text or "" for f in translation.iter("numerusform"))
                else:
                    texts = (translation.text or "",)
            entries.append(Entry(name, message.findtext("source", ""), texts, kind, numerus))
    return entries


def open_entries(path: Path) -> list[Entry]:
    """Entries the app would show in English: unfinished, or empty (a plural form included)."""
    return [e for e in read_entries(path) if e.live and not e.done]


def lupdate(ts: Path, *, prune: bool = False, quiet: bool = False) -> None:
    command = [tool("pyside6-lupdate"), "-locations", "none", *map(str, source_files())]
    if prune:
        command.append("-no-obsolete")
    command += ["-ts", str(ts)]
    if quiet:
        command.insert(1, "-silent")
    subprocess.run(command, check=True, cwd=ROOT)


def lrelease(ts: Path, qm: Path) -> None:
    # -nounfinished: a string still being translated shows in English, never half-done Chinese.
    command = [tool("pyside6-lrelease"), "-silent", "-nounfinished", str(ts), "-qm", str(qm)]
    subprocess.run(command, check=True, cwd=ROOT)


def apply_translations(ts: Path, wanted: list[dict[str, str]]) -> list[dict[str, str]]:
    """Set finished translations by (context, source) — a list handed over with merged work, as
    ``[{"context": …, "source": …, "translation": …}]``. Returns the items not found (their string
    is not in the catalogue: run ``update`` first, or the source text differs)."""
    tree = ET.parse(ts)
    by_key = {(w["context"], w["source"]): w["translation"] for w in wanted}
    found = set()
    for context in tree.getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            key = (name, message.findtext("source", ""))
            if key not in by_key or message.get("numerus") == "yes":
                continue
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            translation.attrib.pop("type", None)
            translation.text = by_key[key]
            found.add(key)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return [w for w in wanted if (w["context"], w["source"]) not in found]


def report(language: str) -> int:
    entries = read_entries(ts_file(language))
    live = [e for e in entries if e.live]
    unfinished = [e for e in live if not e.done]
    vanished = [e for e in entries if not e.live]
    print(
        f"{language}: {len(live)} strings, {len(live) - len(unfinished)} translated, "
        f"{len(unfinished)} to do, {len(vanished)} vanished"
    )
    for entry in unfinished:
        what = "empty" if entry.empty else "unfinished"
        print(f"  [{entry.context}] ({what}) {entry.source}")
    return 1 if unfinished else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("update", "status", "release", "apply"))
    parser.add_argument("file", nargs="?", help="apply: a JSON list of context/source/translation")
    parser.add_argument("--language", default=LANGUAGES[0], help="apply: the catalogue to change")
    parser.add_argument(
        "--prune", action="store_true", help="update: drop strings that left the code"
    )
    args = parser.parse_args(argv)
    if args.command == "apply":
        import json

        wanted = json.loads(Path(args.file).read_text(encoding="utf-8"))
        missing = apply_translations(ts_file(args.language), wanted)
        lupdate(ts_file(args.language), quiet=True)  # lupdate's own layout again, DOCTYPE and all
        for item in missing:
            print(f"  not in the catalogue: [{item['context']}] {item['source']}")
        return report(args.language) | (1 if missing else 0)
    status = 0
    for language in LANGUAGES:
        if args.command == "update":
            lupdate(ts_file(language), prune=args.prune)
            status |= report(language)
        elif args.command == "status":
            status |= report(language)
        else:
            lrelease(ts_file(language), qm_file(language))
            print(f"wrote {qm_file(language).relative_to(ROOT)}")
            status |= report(language)
    return status


if __name__ == "__main__":
    sys.exit(main())

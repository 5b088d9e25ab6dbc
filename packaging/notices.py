"""Third-party notices for the built app, generated at build time from what is bundled.

    python packaging/notices.py OUT_FILE     # what installer.spec does (in the build venv)

Every distribution the app's dependencies pull in (pyproject.toml's ``dependencies``, followed
through each distribution's own ``Requires-Dist`` with its markers evaluated for this machine)
is listed with its name, version, licence and the licence files it ships (importlib.metadata).
Qt and PySide6 are used under the LGPLv3: the notice says where their sources are and how a
person replaces the Qt libraries in the onedir bundle, and the LGPLv3 and GPLv3 texts (which
PySide6's wheels do not carry) are appended from packaging/licenses/. Python itself and
PyInstaller's bootloader are named too: both are inside every bundle.

Standard library only (``packaging``'s marker parser is used when importable: PyInstaller
depends on it, so the build venv has it).
"""

from __future__ import annotations

import re
import sys
import sysconfig
import tomllib
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LICENSES = Path(__file__).resolve().parent / "licenses"
NOTICES_NAME = "THIRD-PARTY-NOTICES.txt"
LICENSE_NAME = "LICENSE.txt"
RULE = "=" * 78
QT_DISTRIBUTIONS = ("pyside6-essentials", "shiboken6")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement(spec: str) -> tuple[str, str | None]:
    """(name, marker or None) of one requirement string, e.g. 'httpx[socks]>=0.28; python_version
    < "4"'."""
    text, _, marker = spec.partition(";")
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", text)
    if match is None:
        raise ValueError(f"cannot read the requirement {spec!r}")
    extras = re.search(r"\[([^\]]*)\]", text)
    return match.group(1) + (f"[{extras.group(1)}]" if extras else ""), marker.strip() or None


def _marker_applies(marker: str | None, extras: Iterable[str]) -> bool:
    if marker is None:
        return True
    try:
        from packaging.markers import Marker
    except ImportError:  # pragma: no cover - PyInstaller always brings packaging
        return "extra ==" not in marker
    parsed = Marker(marker)
    if "extra" in marker:
        return any(parsed.evaluate({"extra": extra}) for extra in extras)
    return parsed.evaluate({"extra": ""})


def bundled_distributions(root: Path = ROOT) -> list[metadata.Distribution]:
    """The installed distributions the app's own dependencies need on this machine, sorted by
    name (the closure of pyproject.toml's ``dependencies``)."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pending: list[tuple[str, str | None]] = [_requirement(s) for s in project["dependencies"]]
    seen: dict[str, metadata.Distribution] = {}
    extras_wanted: dict[str, set[str]] = {}
    while pending:
        spec, marker = pending.pop()
        if not _marker_applies(marker, ()):
            continue
        name, _, extra_text = spec.partition("[")
        extras = {e.strip() for e in extra_text.rstrip("]").split(",") if e.strip()}
        key = canonical(name)
        known = extras_wanted.setdefault(key, set())
        if key in seen and extras <= known:
            continue
        known |= extras
        try:
            dist = seen.get(key) or metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # not installed on this OS (a marker we could not evaluate)
        seen[key] = dist
        for requirement in dist.requires or []:
            child, child_marker = _requirement(requirement)
            if child_marker and "extra" in child_marker:
                if not known or not _marker_applies(child_marker, known):
                    continue
            elif not _marker_applies(child_marker, ()):
                continue
            pending.append((child, None))
    return sorted(seen.values(), key=lambda d: canonical(d.metadata["Name"]))


def licence_name(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return str(expression)
    licence = (meta.get("License") or "").strip()
    if licence.upper() == "UNKNOWN":
        licence = ""
    if licence and "\n" not in licence and len(licence) < 100:
        return licence
    classifiers = [
        c.split("::")[-1].strip()
        for c in meta.get_all("Classifier") or []
        if c.startswith("License ::")
    ]
    return ", ".join(classifiers) or "see the licence text below"


def licence_texts(dist: metadata.Distribution) -> list[tuple[str, str]]:
    """(file name, text) of the licence files a distribution ships in its metadata folder."""
    texts = []
    for file in dist.files or []:
        parts = file.parts
        in_metadata = parts and parts[0].endswith((".dist-info", ".egg-info"))
        name = file.name.upper()
        if in_metadata and name.startswith(("LICENSE", "LICENCE", "COPYING", "NOTICE", "AUTHORS")):
            text = dist.read_text("/".join(parts[1:])) if len(parts) > 1 else None
            if text is None:
                path = Path(str(dist.locate_file(file)))
                text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
            if text.strip():
                texts.append(("/".join(parts[1:]), text.strip()))
    if not texts:
        licence = (dist.metadata.get("License") or "").strip()
        if "\n" in licence or len(licence) >= 100:
            texts.append(("License (from the package metadata)", licence))
    return texts


def homepage(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    for url in meta.get_all("Project-URL") or []:
        label, _, address = url.partition(",")
        if label.strip().lower() in ("homepage", "source", "repository", "source code"):
            return address.strip()
    return str(meta.get("Home-page") or "")


def qt_section(versions: dict[str, str]) -> str:
    version = versions.get("pyside6-essentials") or versions.get("shiboken6") or "6"
    minor = ".".join(version.split(".")[:2])
    return f"""Qt {version} and Qt for Python (PySide6 {version}, shiboken6 {version})
The Qt Company Ltd and other contributors. Used under the GNU Lesser General Public License
version 3 (LGPLv3); its text and the GNU GPL version 3 it builds on are at the end of this file.
We did not modify Qt or PySide6.

Source code of exactly these versions:
  Qt:       https://download.qt.io/official_releases/qt/{minor}/{version}/src/single/
  PySide6 and shiboken6:
            https://download.qt.io/official_releases/QtForPython/pyside6/
            https://code.qt.io/cgit/pyside/pyside-setup.git/tag/?h=v{version}

Replacing the Qt libraries: this app is a folder of separate files, not one archive, and loads
Qt and PySide6 as ordinary shared libraries from it. You may replace them with your own build
(for example one you built from the sources above, with your own changes) of the same Qt minor
version ({minor}.x), built with the same options:
  Windows:  <install folder>\\_internal\\PySide6\\Qt6*.dll, the plugins in
            _internal\\PySide6\\plugins, and PySide6's own *.pyd files beside the DLLs
  macOS:    TokenPool Setup.app/Contents/Frameworks/PySide6/Qt/lib/Qt*.framework and
            .../PySide6/Qt/plugins; afterwards sign the app again, for example
            codesign --force --deep --sign - "TokenPool Setup.app"
  Linux:    tokenpool-setup/_internal/PySide6/Qt/lib/libQt6*.so.6 and
            tokenpool-setup/_internal/PySide6/Qt/plugins
Replace the files by the same names, then start the app as before.
"""


def python_section() -> str:
    """Python itself (the interpreter and standard library in every bundle)."""
    version = ".".join(str(n) for n in sys.version_info[:3])
    candidates = [
        Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt",
        Path(sys.base_prefix) / "LICENSE.txt",
        Path(sys.base_prefix) / "LICENSE",
    ]
    text = next(
        (p.read_text(encoding="utf-8", errors="replace") for p in candidates if p.is_file()),
        "PSF License Agreement: https://docs.python.org/3/license.html",
    )
    licence = "Licence: PSF-2.0 (Python Software Foundation License)"
    return f"Python {version}\n{licence}\n\n{text.strip()}\n"


def pyinstaller_section() -> str:
    try:
        version = metadata.version("pyinstaller")
    except metadata.PackageNotFoundError:
        version = "(not installed here)"
    return (
        f"PyInstaller {version} bootloader (the small program that starts the app)\n"
        "Licence: GPL-2.0-or-later WITH the PyInstaller bootloader exception, which allows\n"
        "distributing programs built with it under any licence.\n"
        "Source: https://github.com/pyinstaller/pyinstaller\n"
    )


def notices_text(root: Path = ROOT, app_version: str = "") -> str:
    distributions = bundled_distributions(root)
    versions = {canonical(d.metadata["Name"]): d.version for d in distributions}
    parts = [
        f"TokenPool Setup {app_version}".strip() + " - third-party software notices\n\n"
        "TokenPool Setup itself is under the MIT licence (LICENSE.txt beside this file).\n"
        "It ships the following software, each under its own licence.\n",
        qt_section(versions),
        python_section(),
        pyinstaller_section(),
    ]
    for dist in distributions:
        name = dist.metadata["Name"]
        header = f"{name} {dist.version}\nLicence: {licence_name(dist)}"
        url = homepage(dist)
        if url:
            header += f"\nHome: {url}"
        body = "\n\n".join(f"--- {file}\n{text}" for file, text in licence_texts(dist))
        parts.append(header + ("\n\n" + body if body else "") + "\n")
    for file in ("LGPL-3.0.txt", "GPL-3.0.txt"):
        parts.append((LICENSES / file).read_text(encoding="utf-8").strip() + "\n")
    return f"\n{RULE}\n\n".join(parts)


def write_notices(folder: Path, root: Path = ROOT, app_version: str = "") -> list[Path]:
    """THIRD-PARTY-NOTICES.txt and LICENSE.txt (ours) into ``folder``; returns both paths."""
    folder.mkdir(parents=True, exist_ok=True)
    notices = folder / NOTICES_NAME
    notices.write_text(notices_text(root, app_version), encoding="utf-8")
    licence = folder / LICENSE_NAME
    licence.write_text((root / "LICENSE").read_text(encoding="utf-8"), encoding="utf-8")
    return [notices, licence]


if __name__ == "__main__":
    for written in write_notices(Path(sys.argv[1])):
        print(written)

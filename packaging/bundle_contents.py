"""What goes into the packaged app, and the facts every installer shares (name, version, bundle id,
macOS floor). installer.spec, the NSIS/dmg/Linux steps, bench/bundle_size.py and the tests read it.

Pure Python, no PyInstaller import: tests check these rules against the installed PySide6.
"""

from __future__ import annotations

import ast
import re
import runpy
from pathlib import Path, PurePath

ROOT = Path(__file__).resolve().parent.parent

APP_NAME = "TokenPool Setup"
EXECUTABLE = "tokenpool-setup"  # the windowed app (Windows), the one program elsewhere
CLI_EXECUTABLE = "tokenpool-setup-cli"  # Windows only: a console program for typed commands
# Our LICENSE.txt and THIRD-PARTY-NOTICES.txt (packaging/notices.py), inside _internal (onedir)
# or Contents/Resources (.app): app/ui/about.py reads them from there.
LICENSES_FOLDER = "licenses"
LICENSE_FILES = ("LICENSE.txt", "THIRD-PARTY-NOTICES.txt")
BUNDLE_ID = "dev.tokenpool.setup"
PUBLISHER = "TokenPool"
DESCRIPTION = "Sets up the Codex CLI for TokenPool and keeps it working"
# The OS floor lives in packaging/os_floor.py (decided by the Qt wheels the lock pins; checked
# against uv.lock by tests/platform/test_os_floor.py): the .app must not claim less than Qt
# supports.
_FLOOR = runpy.run_path(str(ROOT / "packaging" / "os_floor.py"))
MACOS_MIN_VERSION: str = _FLOOR["MACOS_MINIMUM"]
WINDOWS_MIN_VERSION: str = _FLOOR["WINDOWS_MINIMUM"]

# Qt Python modules the app does not use. Excluding a binding keeps PyInstaller's Qt hooks from
# collecting its libraries, plugins and translations. Kept: QtCore, QtGui, QtWidgets, QtSvg (the
# icons), QtNetwork (the tray's QLocalServer single instance and QNetworkInformation). libQt6DBus
# still comes in on Linux as a library libQt6Gui links (the tray's StatusNotifierItem), not as a
# binding.
UNUSED_QT_MODULES = (
    "Qt3DCore",
    "QtConcurrent",
    "QtDBus",
    "QtDesigner",
    "QtHelp",
    "QtLabsStyleKit",
    "QtOpenGL",
    "QtOpenGLWidgets",
    "QtPrintSupport",
    "QtQml",
    "QtQmlFeatures",
    "QtQuick",
    "QtQuickControls2",
    "QtQuickTest",
    "QtQuickWidgets",
    "QtSql",
    "QtTest",
    "QtUiTools",
    "QtWebEngineCore",
    "QtXml",
)
USED_QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtSvg", "QtNetwork")

# Qt plugins, by type: None keeps every plugin of the type; a set keeps only those (names without
# "lib" and extension, so one rule serves .so, .dll and .dylib); a type not listed is dropped.
QT_PLUGINS_KEPT: dict[str, frozenset[str] | None] = {
    "platforms": frozenset(
        {
            "qxcb",  # X11
            "qwayland",  # Wayland (Qt >= 6.10: one plugin)
            "qwayland-generic",  # Wayland (older Qt)
            "qwayland-egl",
            "qoffscreen",  # selftest and CI
            "qminimal",
            "qwindows",
            "qcocoa",
        }
    ),
    "platforms/darwin": None,
    "platformthemes": frozenset({"qxdgdesktopportal"}),  # not qgtk3: it would pull in all of GTK
    "platforminputcontexts": frozenset(
        # ibus: how most Linux users type Chinese; not the virtual keyboard (needs QtQuick).
        {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"}
    ),
    "imageformats": frozenset({"qsvg"}),  # PNG is built into QtGui; the icons are SVG
    "iconengines": frozenset({"qsvgicon"}),
    "styles": None,  # the native look on Windows (qmodernwindowsstyle) and macOS (qmacstyle)
    "xcbglintegrations": None,
    "wayland-decoration-client": None,
    "wayland-shell-integration": frozenset({"xdg-shell"}),
    "wayland-graphics-integration-client": None,
    # The tray's QNetworkInformation: NetworkManager/glib/connman on Linux, networklistmanager on
    # Windows, SystemConfiguration on macOS.
    "networkinformation": None,
    # Not listed, so dropped: tls and networkaccess (httpx does all HTTP and TLS), sqldrivers,
    # qmltooling, printsupport, egldeviceintegrations and generic (embedded devices), designer.
}

# Files of Qt's that PyInstaller would collect and the app never loads.
UNUSED_BINARIES = frozenset({"opengl32sw.dll"})  # Windows software OpenGL, 20 MB; widgets only
QT_TRANSLATIONS_KEPT = frozenset({"qtbase_zh_CN.qm"})  # the app speaks en (no file) and zh_CN


def plugin_stem(filename: str) -> str:
    name = PurePath(filename).name
    for suffix in (".so", ".dll", ".dylib"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name.removeprefix("lib")


def keep_qt_plugin(plugin_type: str, filename: str) -> bool:
    if plugin_type not in QT_PLUGINS_KEPT:
        return False
    kept = QT_PLUGINS_KEPT[plugin_type]
    return kept is None or plugin_stem(filename) in kept


def keep_data(dest: str) -> bool:
    """A data file PyInstaller collected, by its path inside the bundle."""
    path = PurePath(dest)
    if path.suffix == ".qm" and "translations" in path.parts[:-1]:
        return path.name in QT_TRANSLATIONS_KEPT
    return path.suffix != ".ts"  # our translation sources; the .qm beside them is what loads


def keep_binary(dest: str) -> bool:
    return PurePath(dest).name.lower() not in UNUSED_BINARIES


def app_version() -> str:
    """``__version__`` from app/__init__.py, read without importing the app."""
    tree = ast.parse((ROOT / "app" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id == "__version__"
        ):
            return str(ast.literal_eval(node.value))
    raise ValueError("app/__init__.py has no __version__")


def numeric_version(version: str) -> tuple[int, int, int, int]:
    """1.2.3rc1 -> (1, 2, 3, 0): Windows and macOS want four/three plain numbers."""
    numbers = [int(part) for part in re.findall(r"\d+", version.split("+")[0])[:3]]
    numbers += [0] * (4 - len(numbers))
    return (numbers[0], numbers[1], numbers[2], numbers[3])


def info_plist(version: str) -> dict[str, object]:
    """macOS Info.plist keys (PyInstaller's BUNDLE adds the executable, icon and package type)."""
    short = ".".join(str(n) for n in numeric_version(version)[:3])
    return {
        "CFBundleName": APP_NAME,
        "CFBundleDisplayName": APP_NAME,
        "CFBundleIdentifier": BUNDLE_ID,
        "CFBundleShortVersionString": short,
        "CFBundleVersion": short,
        "LSMinimumSystemVersion": MACOS_MIN_VERSION,
        "NSHighResolutionCapable": True,
        # Follow the system's dark mode (Qt 6 draws both).
        "NSRequiresAquaSystemAppearance": False,
        "LSApplicationCategoryType": "public.app-category.developer-tools",
        "NSHumanReadableCopyright": f"© {PUBLISHER}",
        # A menu-bar companion: no Dock icon or Cmd-Tab entry for the tray started at login. The
        # wizard makes the app a regular one while its window is open (app/ui/tray/platform_mac.py).
        "LSUIElement": True,
    }


def windows_version_info(version: str) -> str:
    """The VERSIONINFO resource as PyInstaller's version file (Python source of VSVersionInfo)."""
    numbers = numeric_version(version)
    dotted = ".".join(str(n) for n in numbers)
    strings = {
        "CompanyName": PUBLISHER,
        "FileDescription": APP_NAME,
        "FileVersion": dotted,
        "InternalName": EXECUTABLE,
        "LegalCopyright": f"© {PUBLISHER}",
        "OriginalFilename": f"{EXECUTABLE}.exe",
        "ProductName": APP_NAME,
        "ProductVersion": version,
    }
    string_structs = ",\n".join(
        f"          StringStruct({key!r}, {value!r})" for key, value in strings.items()
    )
    return f"""# Generated by packaging/bundle_contents.py for {APP_NAME} {version}: do not edit.
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers},
    prodvers={numbers},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable(
        '040904B0',
        [
{string_structs}
        ])
    ]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""


def bundle_problems(app_dir: Path, platform: str) -> list[str]:
    """What is wrong with a built onedir folder (dist/tokenpool-setup): a needed Qt piece
    missing, or one we drop that came back. Empty when it is as intended."""
    problems: list[str] = []
    # PySide6/Qt/plugins on Linux and macOS, PySide6/plugins on Windows.
    plugins = next((p for p in app_dir.rglob("plugins") if (p / "platforms").is_dir()), None)
    if plugins is None:
        return [f"no Qt plugins folder under {app_dir}"]
    names = {p.name for p in app_dir.rglob("*") if p.is_file()}
    needed_plugins = {
        "linux": ["platforms/libqxcb.so", "platforms/libqwayland.so", "platforms/libqoffscreen.so"],
        "win32": ["platforms/qwindows.dll"],
        "darwin": ["platforms/libqcocoa.dylib"],
    }.get(platform, [])
    needed_plugins += [f"imageformats/{_plugin_file('qsvg', platform)}"]
    for rel in needed_plugins:
        if not (plugins / rel).is_file():
            problems.append(f"Qt plugin missing: {rel}")
    if platform == "linux":
        # The tray: StatusNotifierItem over D-Bus (libQt6Gui links libQt6DBus), QLocalServer and
        # QNetworkInformation (libQt6Network and its backends).
        for library in ("libQt6DBus.so.6", "libQt6Network.so.6"):
            if library not in names:
                problems.append(f"library missing: {library}")
        if not any((plugins / "networkinformation").glob("*")):
            problems.append("no networkinformation plugin (the tray's network-change signal)")
    for plugin_type in sorted(p.name for p in plugins.iterdir() if p.is_dir()):
        for plugin in (plugins / plugin_type).iterdir():
            if plugin.is_file() and not keep_qt_plugin(plugin_type, plugin.name):
                problems.append(f"unused Qt plugin bundled: {plugin_type}/{plugin.name}")
    translations = plugins.parent / "translations"
    if translations.is_dir():
        extra = sorted(p.name for p in translations.iterdir() if p.name not in QT_TRANSLATIONS_KEPT)
        if extra:
            problems.append(f"unused Qt translations bundled: {', '.join(extra[:5])}")
    for unused in sorted(UNUSED_BINARIES & {name.lower() for name in names}):
        problems.append(f"unused file bundled: {unused}")
    if not any(name.startswith("keyring-") for name in (p.name for p in app_dir.rglob("*"))):
        problems.append("keyring's distribution metadata is missing (its backends are found by it)")
    for licence in LICENSE_FILES:
        if not any(p.parent.name == LICENSES_FOLDER for p in app_dir.rglob(licence)):
            problems.append(f"{LICENSES_FOLDER}/{licence} is missing (licences must ship)")
    if "tokenpool_setup_zh_CN.qm" not in names:
        problems.append("the app's Chinese translation (.qm) is missing")
    return problems


def _plugin_file(stem: str, platform: str) -> str:
    return {"win32": f"{stem}.dll", "darwin": f"lib{stem}.dylib"}.get(platform, f"lib{stem}.so")

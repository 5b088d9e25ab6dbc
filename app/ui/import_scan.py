"""Stop PySide6 reading the source of every module imported after it.

WORKAROUND: importing PySide6 replaces ``builtins.__import__``; after every import it calls
``shibokensupport.feature.feature_imported``, which reads the new module's whole source with
``inspect.getsource`` (through :mod:`linecache`, which keeps it) to see whether it mentions
"PySide6". That answer only matters to modules that opt in to PySide's
``from __feature__ import snake_case, true_property``, which no module here does (a module that
does is recorded by the ``__feature__`` import itself, not by this scan). Run from source, the
reading cost ~25 ms of CPU before the wizard's first page painted (bench/startup.py) and kept
every module's source in the resident tray's memory (bench/tray_idle.py). Described in
https://github.com/napari/napari/issues/8584 and https://github.com/pyzo/pyzo/pull/851 ; why the
feature mechanism exists: https://doc.qt.io/qtforpython-6/developer/feature-motivation.html
"""

from __future__ import annotations

import sys
from types import ModuleType


def _not_scanned(module: ModuleType) -> bool:
    """The scan's answer without reading the source: "does not use PySide". PySide then keeps the
    last feature selection for calls from that module, which is always "no feature" here."""
    return False


def load_qt_without_source_scan() -> bool:
    """Import Qt's core module (which installs the scan), then stop the scan. This module itself
    is imported before Qt, so it is not read either. True when the scan was found and stopped;
    False when this PySide6 has none (nothing to do, and tests/core/test_import_scan.py says so when
    PySide6 is upgraded)."""
    import PySide6.QtCore  # noqa: F401 - installs PySide's import hook, and the scan with it

    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _not_scanned  # type: ignore[attr-defined]
    return True

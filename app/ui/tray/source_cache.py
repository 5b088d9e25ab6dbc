"""The resident tray does not keep the source text of every module it imported.

# WORKAROUND: once PySide6 is imported, its ``__feature__`` import hook (shiboken's
# ``signature/loader.py`` replaces ``builtins.__import__``) calls ``feature_imported(module)``
# after every import statement, and the first time it meets a module it reads the module's whole
# source with ``inspect.getsource`` to see whether the text says "PySide6" (PYSIDE-2029,
# https://bugreports.qt.io/browse/PYSIDE-2029; the code is shibokensupport/feature.py,
# ``_mod_uses_pyside``). ``inspect.getsource`` goes through :mod:`linecache`, which keeps every
# line of every such file for the life of the process: ~40,000 lines, about 3 MB of the tray's
# resident memory (bench/tray_idle.py), which clearing the cache later does not give back (the
# lines sit between longer-lived objects). PySide offers no switch to turn the check off.

:func:`forget_module_sources` keeps PySide's check exactly as it is (the same answer, recorded in
the same place) and drops from the cache, right away, the lines that check read; the freed
memory is reused by what the tray allocates next. Tracebacks still show source lines: linecache
reads a file again when asked.
"""

from __future__ import annotations

import linecache
import sys
from collections.abc import Callable
from types import ModuleType

_FEATURE_MODULE = "shibokensupport.feature"
_MARK = "_tokenpool_forgets_sources"


def forget_module_sources() -> bool:
    """Wrap PySide's post-import check so the source it reads is not kept (and drop what it kept
    so far). Safe to call again; True when the check is wrapped (False: this PySide has no such
    check, and nothing changes)."""
    feature = sys.modules.get(_FEATURE_MODULE)
    check: Callable[[ModuleType], object] | None = getattr(feature, "feature_imported", None)
    if feature is None or check is None:
        return False
    if getattr(check, _MARK, False):
        return True

    def check_then_forget(module: ModuleType) -> object:
        known = set(linecache.cache)
        try:
            return check(module)
        finally:
            for filename in set(linecache.cache) - known:
                linecache.cache.pop(filename, None)

    setattr(check_then_forget, _MARK, True)
    # The loader looks the function up on this module at each import, so replacing it here is
    # enough (and it is what PySide's own loader would call).
    feature.feature_imported = check_then_forget  # type: ignore[attr-defined]
    linecache.clearcache()  # what the check read before (the modules imported with PySide)
    return True

"""Qt widgets: pages, tray, dialogs, workers. Every action is a thin call into app.core.

Importing this package loads Qt's core module (every module here needs it) and then stops
PySide6 from reading the source of every module imported after it: see
:mod:`app.ui.import_scan`.
"""

import PySide6.QtCore  # noqa: F401 - loaded first, so the scan is stopped before anything else

from app.ui.import_scan import stop_pyside_source_scan

stop_pyside_source_scan()

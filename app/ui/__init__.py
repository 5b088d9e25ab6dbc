"""Qt widgets: pages, tray, dialogs, workers. Every action is a thin call into app.core.

Importing this package loads Qt's core module (every module here needs it) without PySide6's
reading of every module imported after it: see :mod:`app.ui.import_scan`.
"""

from app.ui.import_scan import load_qt_without_source_scan

load_qt_without_source_scan()

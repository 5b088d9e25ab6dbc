"""Renames that antivirus may briefly refuse.

WORKAROUND: on Windows, antivirus and EDR products open a freshly written ``.exe`` (and the folders
around it) to scan it; until they let go, renaming or removing it fails with "Access is denied"
(ERROR_ACCESS_DENIED) or a sharing violation. Our own file writes already retry
(app/core/fileio.py); the install's folder renames do the same, for a few seconds.
https://learn.microsoft.com/en-us/windows/win32/fileio/file-access-rights-constants
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

# Pauses between attempts: about 6 s in all, then the error stands.
DELAYS_S = (0.1, 0.2, 0.3, 0.4, 0.5, 0.5, 0.5, 0.5, 1.0, 1.0, 1.0)
# Elsewhere a refused rename is a real permission problem: said at once.
RETRY_HERE = sys.platform == "win32"


def when_denied(
    operation: Callable[[], T],
    *,
    retry: bool | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Run ``operation``; while it fails with PermissionError (Windows: access denied, sharing
    violation), wait a little and try again."""
    delays = DELAYS_S if (RETRY_HERE if retry is None else retry) else ()
    for delay in delays:
        try:
            return operation()
        except PermissionError:
            sleep(delay)
    return operation()


def rename(src: Path, dst: Path) -> None:
    when_denied(lambda: os.replace(src, dst))


def rename_no_replace(src: Path, dst: Path) -> None:
    when_denied(lambda: os.rename(src, dst))


def remove_tree(path: Path) -> None:
    when_denied(lambda: shutil.rmtree(path))

"""A temporary working folder whose deletion never fails the work done in it."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator


@contextlib.contextmanager
def scratch_folder(prefix: str) -> Iterator[str]:
    """Like ``tempfile.TemporaryDirectory`` but deleting it is best effort.

    WORKAROUND (Windows): a virus scanner reading a file we just wrote, or a process ended with
    ``taskkill`` that has not quite gone yet, keeps the folder busy (WinError 32); a Codex test that
    worked must not turn into "Something unexpected went wrong (PermissionError)". Whatever is
    left is in the system's temporary folder, which Windows' Storage Sense empties.
    ERROR_SHARING_VIOLATION: https://learn.microsoft.com/windows/win32/debug/system-error-codes--0-499-
    """
    folder = tempfile.mkdtemp(prefix=prefix)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)

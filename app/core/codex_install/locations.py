"""Where our native Codex lives, for :func:`app.core.codex_cli.find_codex` (cheap: no I/O)."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path


def native_codex_dirs(env: Mapping[str, str], platform: str = sys.platform) -> list[Path]:
    """The folder holding the ``codex`` this app installed (through the ``current`` pointer)."""
    from app.core.paths import codex_install_dir

    return [codex_install_dir(env, platform) / "current" / "bin"]

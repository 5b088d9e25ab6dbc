"""Installing the native Codex CLI without Node.js: per user, integrity-checked, on PATH.

The npm registry publishes Codex per platform as versions of the one package
(``@openai/codex@<version>-linux-x64`` …), each tarball holding ``vendor/<target triple>/`` with a
standalone ``bin/codex``. This package fetches the right one, checks its ``sha512`` before
unpacking anything, unpacks it safely into a versioned folder of our own, switches an atomic
``current`` pointer, and puts ``codex`` on the person's PATH the way each OS expects.

Pure Python, no Qt. Everything that reaches outside (the registry URL, the HTTP client, the
Windows registry, the home folder, the platform) is passed in, so tests aim it at a local registry
stand-in, a temp home and an in-memory registry.

Modules: :mod:`.model` (results, progress, errors), :mod:`.platforms` (which package),
:mod:`.registry` (metadata), :mod:`.download` (resumable, verified download), :mod:`.archive`
(safe unpacking), :mod:`.pathsetup` (PATH per OS), :mod:`.installer` (install/uninstall),
:mod:`.which` (which Codex is used, which one a new terminal runs).
"""

from __future__ import annotations

from app.core.codex_install.model import (
    CodexInstallProblem,
    InstallProgress,
    InstallResult,
    NextStep,
    UninstallResult,
)

__all__ = [
    "CodexInstallProblem",
    "InstallProgress",
    "InstallResult",
    "NextStep",
    "UninstallResult",
]

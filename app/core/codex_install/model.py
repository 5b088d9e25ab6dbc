"""Results, progress and the one error type of the native Codex install."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from app.core.errors import SetupError

Stage = Literal["metadata", "download", "verify", "unpack", "check", "switch", "path"]


class CodexInstallProblem(SetupError):
    """Installing Codex failed; ``code`` is stable (``install_integrity``, ``install_cancelled``…).

    ``params`` keeps the specifics structured, so the UI can word them in the user's language.
    """

    code = "install_failed"

    def __init__(
        self,
        message: str,
        *,
        code: str,
        hint: str = "",
        params: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message, code=code, hint=hint)
        self.params: dict[str, str] = dict(params or {})


@dataclass(frozen=True)
class InstallProgress:
    """``done``/``total`` are bytes for download and unpack (``total`` 0 when not known)."""

    stage: Stage
    done: int = 0
    total: int = 0

    @property
    def fraction(self) -> float | None:
        return min(1.0, self.done / self.total) if self.total > 0 else None


@dataclass(frozen=True)
class NextStep:
    """One sentence telling the person what to do next: ``code`` + ``params`` for translation,
    ``text`` in English."""

    code: str
    text: str
    params: tuple[tuple[str, str], ...] = ()

    def param(self, name: str) -> str:
        return dict(self.params).get(name, "")


@dataclass(frozen=True)
class PathChange:
    """One thing we changed so that ``codex`` is found; recorded so uninstall undoes exactly it.

    ``kind``: ``symlink`` (``target`` = the link we made), ``profile_block`` (``target`` = the
    shell profile holding our marked block; ``created`` when the file did not exist before), or
    ``windows_path`` (``target`` = the folder we added to HKCU\\Environment Path).
    """

    kind: Literal["symlink", "profile_block", "windows_path"]
    target: str
    created: bool = False
    # The profile did not end with a line break, so we added one before our block; removal
    # takes it away again, leaving the file byte for byte as it was.
    added_newline: bool = False


@dataclass(frozen=True)
class PathOutcome:
    """What making ``codex`` findable did: the changes made (for uninstall to undo) and what the
    person should do next."""

    changes: tuple[PathChange, ...]
    steps: tuple[NextStep, ...]
    # The ``codex`` a new terminal will find through our change (None when we could not add one).
    command: Path | None


@dataclass(frozen=True)
class InstallResult:
    """A finished native install of Codex: which version and where, what was changed so ``codex``
    is found, and the next steps for the person."""

    version: str  # the Codex version, e.g. "0.171.0"
    package_version: str  # the registry version, e.g. "0.171.0-linux-x64"
    codex: Path  # the stable path of the installed program (through the "current" pointer)
    bin_dir: Path
    path_changes: tuple[PathChange, ...]
    next_steps: tuple[NextStep, ...]
    already_installed: bool = False
    resumed_download: bool = False
    previous_version: str | None = None


@dataclass(frozen=True)
class UninstallResult:
    """What removing the native Codex took away, or that there was nothing to remove."""

    removed: tuple[str, ...] = field(default_factory=tuple)  # what was removed, in words
    nothing_installed: bool = False

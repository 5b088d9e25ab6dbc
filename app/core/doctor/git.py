"""Whether auth.json can end up in a git repository: asked of git itself."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path


def git_toplevel(folder: Path, env: Mapping[str, str]) -> Path | None:
    """The work tree holding ``folder``, asked of git itself. A ``.git`` folder that is empty or
    broken (Codex's own sandbox leaves one in the temp folder) is not a repository. Without git,
    a ``.git`` counts only when it looks like a real repository."""
    probe = folder
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    candidate = next((c for c in (probe, *probe.parents) if (c / ".git").exists()), None)
    if candidate is None:
        return None
    from app.core.platform import child
    from app.core.platform.tool_env import find_git

    git = find_git(env)  # never /usr/bin/git's "install developer tools?" dialog on a Mac
    if git is None:
        return candidate if _looks_like_repository(candidate / ".git") else None
    # GIT_DIR & co. from a hook or an IDE would make git answer about another repository.
    run_env = {k: v for k, v in (env or os.environ).items() if not k.startswith("GIT_")}
    try:
        done = child.run(
            [str(git), "-C", str(probe), "rev-parse", "--show-toplevel"],
            env=run_env,
            timeout=10,
            text=True,
            # git prints paths in UTF-8 whatever the Windows code page (or a C locale) is.
            encoding="utf-8",
            errors="replace",
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0 or not done.stdout.strip():
        return None
    return Path(done.stdout.strip())


def _looks_like_repository(dot_git: Path) -> bool:
    if dot_git.is_file():  # a worktree or submodule: "gitdir: <path>"
        try:
            first = dot_git.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            return False
        if not first.startswith("gitdir:"):
            return False
        target = Path(first[len("gitdir:") :].strip())
        target = target if target.is_absolute() else dot_git.parent / target
        return target.is_dir()
    return (
        (dot_git / "HEAD").is_file()
        and (dot_git / "objects").is_dir()
        and (dot_git / "refs").is_dir()
    )


def git_tracks(top: Path, file: Path, env: Mapping[str, str]) -> bool:
    if not file.exists():
        return False
    from app.core.platform import child
    from app.core.platform.tool_env import find_git

    git = find_git(env)
    if git is None:
        return False
    try:
        done = child.run(
            [str(git), "-C", str(top), "ls-files", "--error-unmatch", str(file)],
            env=env or None,  # a bare mapping (no variables at all): our own environment
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0

"""Which Codex is used when several are installed, and which one a new terminal will run.

A person may have npm's ``codex`` and ours, or an old one in ``/usr/local/bin``. This app runs
the one :func:`app.core.codex_cli.find_codex` picks; a new terminal runs the first ``codex`` on
the PATH that terminal gets, which is not always the app's PATH: our macOS profile block and
Linux's ``~/.profile`` add folders at login, and on Windows a new terminal gets the registry's
Path. This module predicts that PATH with a few plain rules and says where the two differ.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from app.core.codex_install.pathsetup import (
    BLOCK_BEGIN,
    UserEnvironment,
    WindowsUserEnvironment,
    mac_profile,
)
from app.core.platform.tool_env import tool_in

Origin = Literal["tokenpool", "npm", "other"]


@dataclass(frozen=True)
class CodexOnDisk:
    """One ``codex`` command on this computer, and who put it there: this app, npm, or another."""

    path: Path
    origin: Origin


@dataclass(frozen=True)
class CodexChoice:
    """Every Codex installed, which one this app runs, and which one a new terminal runs."""

    installs: tuple[CodexOnDisk, ...]  # every codex found, PATH order first
    used: CodexOnDisk | None  # what this app runs
    new_terminal: CodexOnDisk | None  # what typing `codex` in a new terminal runs


def origin_of(path: Path, root: Path) -> Origin:
    real = os.path.realpath(path)
    if real.startswith(os.path.realpath(root) + os.sep) or str(path).startswith(str(root)):
        return "tokenpool"
    if "node_modules" in real or path.name.lower() == "codex.cmd":
        return "npm"
    try:
        with open(real, "rb") as handle:
            if b"node" in handle.readline(200):  # "#!/usr/bin/env node": npm's launcher
                return "npm"
    except OSError:
        pass
    return "other"


def _split(value: str, platform: str) -> list[str]:
    separator = ";" if platform == "win32" else os.pathsep
    return [entry for entry in value.split(separator) if entry.strip()]


def new_terminal_path(
    env: Mapping[str, str],
    *,
    platform: str,
    home: Path,
    root: Path,
    user_environment: UserEnvironment | None = None,
) -> list[str]:
    """The PATH folders a terminal opened now would search, in order (our best prediction)."""
    entries = _split(env.get("PATH") or env.get("Path") or "", platform)
    if platform == "darwin":
        profile = mac_profile(home, env)
        try:
            if BLOCK_BEGIN in profile.read_text(encoding="utf-8"):
                entries = [str(root / "current" / "bin"), *entries]  # our block prepends
        except (OSError, UnicodeDecodeError):
            pass
    elif platform == "win32":
        registry = user_environment or WindowsUserEnvironment()
        try:
            user_value, _ = registry.read_path()
        except OSError:
            user_value = None
        if user_value is not None:
            user = [os.path.expandvars(e) for e in _split(user_value, platform)]
            folded = {e.rstrip("\\/").casefold() for e in user}
            machine = [e for e in entries if e.rstrip("\\/").casefold() not in folded]
            entries = machine + user  # Windows builds a new PATH as machine Path + user Path
    else:
        local_bin = home / ".local" / "bin"
        if str(local_bin) not in entries and local_bin.is_dir():
            try:
                profile_text = (home / ".profile").read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                profile_text = ""
            if ".local/bin" in profile_text:  # Debian/Ubuntu's ~/.profile adds it at login
                entries = [str(local_bin), *entries]
    return entries


def codex_choice(
    env: Mapping[str, str] | None = None,
    *,
    platform: str = sys.platform,
    used: Path | None = None,
    user_environment: UserEnvironment | None = None,
    extra_dirs: Sequence[Path] = (),
) -> CodexChoice:
    """Every Codex found, the one this app uses (``used``, else find_codex's pick), and the
    one a new terminal runs."""
    from app.core.codex_install.installer import _default_home
    from app.core.paths import codex_install_dir

    env = os.environ if env is None else env
    home = _default_home(env, platform)
    root = codex_install_dir(env, platform)
    if used is None:
        from app.core.codex_cli import find_codex

        found = find_codex(env, extra_dirs, platform=platform)
        used = found.path if found else None
    terminal = new_terminal_path(
        env, platform=platform, home=home, root=root, user_environment=user_environment
    )
    folders = [Path(e) for e in terminal] + list(extra_dirs) + [root / "current" / "bin"]
    if platform == "win32":
        appdata = env.get("APPDATA", "").strip()
        folders += [Path(appdata) / "npm"] if appdata else []
    else:
        prefix = env.get("NPM_CONFIG_PREFIX", "").strip()
        folders += [Path(prefix) / "bin"] if prefix else []
        folders += [home / ".npm-global" / "bin", home / ".local" / "bin", Path("/usr/local/bin")]
        folders += [Path("/opt/homebrew/bin")]
    installs: list[CodexOnDisk] = []
    seen: set[str] = set()
    for folder in folders:
        found_path = tool_in(folder, "codex", platform)
        if found_path is None:
            continue
        key = os.path.realpath(found_path)
        if key in seen:
            continue
        seen.add(key)
        installs.append(CodexOnDisk(found_path, origin_of(found_path, root)))

    def same(a: Path, b: Path) -> bool:
        return os.path.realpath(a) == os.path.realpath(b)

    new_terminal = None
    for entry in terminal:
        found_path = tool_in(Path(entry), "codex", platform)
        if found_path is not None:
            new_terminal = CodexOnDisk(found_path, origin_of(found_path, root))
            break
    used_install = (
        next((c for c in installs if same(c.path, used)), CodexOnDisk(used, origin_of(used, root)))
        if used is not None
        else None
    )
    return CodexChoice(tuple(installs), used_install, new_terminal)


_ORIGIN_WORDS = {"tokenpool": "installed by TokenPool Setup", "npm": "from npm", "other": ""}


def _describe(item: CodexOnDisk) -> str:
    words = _ORIGIN_WORDS[item.origin]
    return f"{item.path} ({words})" if words else str(item.path)


def several_codex_finding(choice: CodexChoice) -> tuple[str, str, str] | None:
    """(code, message, hint) when more than one Codex is installed or the app and a new terminal
    would run different ones; None when there is nothing to say."""
    differs = (
        choice.used is not None
        and choice.new_terminal is not None
        and os.path.realpath(choice.used.path) != os.path.realpath(choice.new_terminal.path)
    )
    if len(choice.installs) < 2 and not differs:
        return None
    listed = "; ".join(_describe(c) for c in choice.installs)
    used = _describe(choice.used) if choice.used else "none"
    terminal = (
        _describe(choice.new_terminal) if choice.new_terminal else "none (codex is not on PATH)"
    )
    message = (
        f"Several Codex programs are installed: {listed}. This app uses {used}; "
        f"a new terminal runs {terminal}."
    )
    hint = (
        "Keep one, so that both run the same Codex (tokenpool-setup install-codex --uninstall "
        "removes ours; npm uninstall -g @openai/codex removes npm's)."
        if differs
        else "Both run the same one; the others are not used."
    )
    return ("codex_several_installed", message, hint)

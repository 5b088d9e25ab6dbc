"""One "tool environment" for every child that needs node: npm, node, codex, git.

An app started from the macOS Finder gets ``PATH=/usr/bin:/bin:/usr/sbin:/sbin``; one started from
a Linux desktop menu or the Windows Start menu may lack what a terminal's shell profile adds (nvm,
fnm, Volta, asdf, mise, a custom npm prefix). npm and the npm-installed ``codex`` start with
``#!/usr/bin/env node``, so without node's folder on PATH they cannot start at all.

:func:`tool_environment` puts the folder of the tool being run first, then the folder of a node
that will run it, then the usual places where these tools live, and optionally the PATH the login
shell reports (:func:`login_shell_path`, asked once by the caller, bounded in time, no terminal).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

LOGIN_SHELL_TIMEOUT_S = 5.0
_MARKER = "__TOKENPOOL_PATH__"


def env_get(env: Mapping[str, str], name: str, platform: str = sys.platform) -> str:
    """``env[name]``; on Windows in any case (``os.environ`` there has ``PROGRAMFILES``)."""
    value = env.get(name)
    if value is None and platform == "win32":
        upper = name.upper()
        value = next((v for k, v in env.items() if k.upper() == upper), None)
    return (value or "").strip()


def path_key(env: Mapping[str, str], platform: str = sys.platform) -> str:
    if platform == "win32":
        return next((k for k in env if k.upper() == "PATH"), "Path")
    return "PATH"


def _sep(platform: str) -> str:
    return ";" if platform == "win32" else ":"


def path_entries(env: Mapping[str, str], platform: str = sys.platform) -> list[str]:
    return [e for e in env_get(env, "PATH", platform).split(_sep(platform)) if e]


def _children(folder: Path) -> list[Path]:
    try:
        return [p for p in folder.iterdir() if p.is_dir()]
    except OSError:
        return []


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", name)[:3])


def node_version_dirs(env: Mapping[str, str], home: Path, platform: str) -> list[Path]:
    """The bin folders of every Node that nvm or fnm installed, newest first."""
    if platform == "win32":
        return []
    nvm_dir = env_get(env, "NVM_DIR", platform)
    nvm_roots = [Path(nvm_dir)] if nvm_dir else []
    nvm_roots.append(home / ".nvm")
    fnm_dir = env_get(env, "FNM_DIR", platform)
    fnm_roots = [Path(fnm_dir)] if fnm_dir else []
    fnm_roots += [home / ".local" / "share" / "fnm", home / ".fnm"]
    if platform == "darwin":
        fnm_roots.append(home / "Library" / "Application Support" / "fnm")
    found: list[tuple[str, Path]] = []
    for root in nvm_roots:
        found += [(p.name, p / "bin") for p in _children(root / "versions" / "node")]
    for root in fnm_roots:
        found += [(p.name, p / "installation" / "bin") for p in _children(root / "node-versions")]
    # Newest Node first: that is the one a fresh terminal most likely uses.
    found.sort(key=lambda pair: _version_key(pair[0]), reverse=True)
    return [folder for _, folder in found]


def usual_tool_dirs(env: Mapping[str, str], home: Path, platform: str) -> list[Path]:
    """Where node, npm and npm-installed commands usually live, most specific first."""
    dirs: list[Path] = []
    for prefix_var in ("NPM_CONFIG_PREFIX", "npm_config_prefix"):
        prefix = env_get(env, prefix_var, platform)
        if prefix:
            dirs.append(Path(prefix) if platform == "win32" else Path(prefix) / "bin")
    if platform == "win32":
        for base_var, sub in (("APPDATA", "npm"), ("LOCALAPPDATA", "Volta\\bin")):
            base = env_get(env, base_var, platform)
            if base:
                dirs.append(Path(base) / sub)
        nvm_symlink = env_get(env, "NVM_SYMLINK", platform)
        if nvm_symlink:
            dirs.append(Path(nvm_symlink))
        for base_var in ("ProgramFiles", "ProgramW6432"):
            base = env_get(env, base_var, platform)
            if base:
                dirs.append(Path(base) / "nodejs")
        dirs.append(home / "AppData" / "Roaming" / "npm")
        return _unique(dirs)
    volta = env_get(env, "VOLTA_HOME", platform)
    asdf = env_get(env, "ASDF_DATA_DIR", platform)
    dirs += [
        home / ".npm-global" / "bin",
        home / ".local" / "bin",
        Path(volta) / "bin" if volta else home / ".volta" / "bin",
        home / ".bun" / "bin",
        # Homebrew on Apple Silicon, then Intel (also the nodejs.org installer's place).
        Path("/opt/homebrew/bin"),
        Path("/usr/local/bin"),
        Path(asdf) / "shims" if asdf else home / ".asdf" / "shims",
        home / ".local" / "share" / "mise" / "shims",
        home / ".nodenv" / "shims",
    ]
    if platform == "darwin":
        # Homebrew's versioned formulae (node@22 …) are "keg-only": not linked into bin/.
        for brew in (Path("/opt/homebrew/opt"), Path("/usr/local/opt")):
            kegs = [p for p in _children(brew) if p.name.startswith("node")]
            kegs.sort(key=lambda p: _version_key(p.name) or (999,), reverse=True)
            dirs += [keg / "bin" for keg in kegs]
    dirs += node_version_dirs(env, home, platform)
    return _unique(dirs)


def _unique(dirs: Sequence[Path]) -> list[Path]:
    seen: set[str] = set()
    result: list[Path] = []
    for folder in dirs:
        if str(folder) not in seen:
            seen.add(str(folder))
            result.append(folder)
    return result


WINDOWS_SUFFIXES = (".exe", ".cmd", ".bat")


def tool_in(
    folder: Path, name: str, platform: str, *, windows_suffixes: Sequence[str] = WINDOWS_SUFFIXES
) -> Path | None:
    """The program ``name`` in ``folder`` (on Windows the first of ``windows_suffixes`` there),
    if it is a file this user may run."""
    names = [f"{name}{suffix}" for suffix in windows_suffixes] if platform == "win32" else [name]
    for candidate_name in names:
        candidate = folder / candidate_name
        try:
            if candidate.is_file() and (platform == "win32" or os.access(candidate, os.X_OK)):
                return candidate
        except OSError:
            continue
    return None


def find_tool(
    name: str,
    env: Mapping[str, str],
    home: Path,
    *,
    platform: str = sys.platform,
    extra_dirs: Sequence[Path] = (),
) -> Path | None:
    """``name`` (node, npm, git…) on PATH, else in ``extra_dirs``, else in the usual places."""
    for folder in [*(Path(e) for e in path_entries(env, platform)), *extra_dirs]:
        found = tool_in(folder, name, platform)
        if found is not None:
            return found
    for folder in usual_tool_dirs(env, home, platform):
        found = tool_in(folder, name, platform)
        if found is not None:
            return found
    return None


def tool_environment(
    env: Mapping[str, str],
    home: Path,
    *,
    platform: str = sys.platform,
    tool: Path | None = None,
    login_path: str | None = None,
) -> dict[str, str]:
    """``env`` with a PATH on which ``tool`` (npm, codex…) and a node to run it are found.

    Order: the tool's own folder (nvm, fnm, Volta and Homebrew keep node beside npm and codex),
    then the folder of the node found for it, then the existing PATH, then the login shell's PATH
    (if asked), then the usual places that exist on this computer.
    """
    result = dict(env)
    key = path_key(result, platform)
    sep = _sep(platform)
    entries: list[str] = []
    if tool is not None:
        entries.append(str(tool.parent))
    existing = path_entries(result, platform)
    login = [e for e in (login_path or "").split(sep) if e]
    usual = [str(d) for d in usual_tool_dirs(result, home, platform) if d.is_dir()]
    if tool is not None and tool_in(tool.parent, "node", platform) is None:
        node = find_tool("node", {key: sep.join([*existing, *login])}, home, platform=platform)
        if node is None:
            node = next((n for d in usual for n in [tool_in(Path(d), "node", platform)] if n), None)
        if node is not None:
            entries.append(str(node.parent))
    for entry in [*existing, *login, *usual]:
        if entry not in entries:
            entries.append(entry)
    result[key] = sep.join(entries)
    return result


def direct_command(
    tool: Path, env: Mapping[str, str], home: Path, *, platform: str = sys.platform
) -> list[str]:
    """The program and leading arguments that run ``tool`` without cmd.exe in between.

    WORKAROUND (Windows): npm's ``codex.cmd``/``npm.cmd`` shims run through cmd.exe, which parses
    the command line again with its own rules and no escaping from Python, so a profile folder
    such as ``C:\\Users\\R&D`` or ``C:\\Users\\50%!`` splits it. Run what the shim runs instead:
    node with the package's script. Anything else runs as it is. CPython gh-114539 and gh-77696:
    https://github.com/python/cpython/issues/114539
    https://github.com/python/cpython/issues/77696
    """
    if platform != "win32" or tool.suffix.lower() not in (".cmd", ".bat"):
        return [str(tool)]
    script = script_behind_shim(tool)
    if script is None:
        return [str(tool)]
    # The shim itself prefers the node.exe beside it, then node on PATH.
    node = tool_in(tool.parent, "node", platform) or find_tool("node", env, home, platform=platform)
    if node is None or node.suffix.lower() != ".exe":
        return [str(tool)]
    return [str(node), str(script)]


# `"%dp0%\node_modules\@openai\codex\bin\codex.js"` (npm's cmd-shim) or
# `SET "NPM_CLI_JS=%~dp0\node_modules\npm\bin\npm-cli.js"` (npm's own npm.cmd).
_SHIM_SCRIPT_RE = re.compile(r'%~?dp0%?\\([^"%\r\n]+?\.(?:js|cjs|mjs))"')


def script_behind_shim(shim: Path) -> Path | None:
    """The script an npm ``.cmd`` shim hands to node, if it exists."""
    try:
        text = shim.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for match in _SHIM_SCRIPT_RE.finditer(text):
        script = shim.parent.joinpath(*match.group(1).replace("\\", "/").split("/"))
        if script.is_file():
            return script
    return None


MACOS_GIT_SHIM = Path("/usr/bin/git")
XCODE_SELECT = ("/usr/bin/xcode-select", "-p")


def find_git(
    env: Mapping[str, str],
    *,
    platform: str = sys.platform,
    git_shim: Path = MACOS_GIT_SHIM,
    xcode_select: Sequence[str] = XCODE_SELECT,
) -> Path | None:
    """``git`` on PATH, or None when running it would only bother the person.

    WORKAROUND (macOS): without the Command Line Tools, ``/usr/bin/git`` is a stub that opens the
    "install developer tools?" dialog. ``xcode-select -p`` answers quietly whether developer tools
    are selected; only then is that git a real one. Homebrew's installer checks the same:
    https://github.com/Homebrew/install/blob/52237ea74f41d2456a5b1bd3e4c2b0cb94485c3c/install#L118-L151
    """
    # An environment without any PATH (a caller's bare mapping) means "ours".
    path_value = env_get(env, "PATH", platform) or os.environ.get("PATH", os.defpath)
    found = shutil.which("git", path=path_value)
    if found is None:
        return None
    git = Path(found)
    if platform == "darwin" and git == git_shim and not _developer_tools_present(env, xcode_select):
        return None
    return git


def _developer_tools_present(env: Mapping[str, str], xcode_select: Sequence[str]) -> bool:
    developer_dir = env_get(env, "DEVELOPER_DIR")
    if developer_dir:
        return Path(developer_dir, "usr", "bin", "git").is_file()
    from app.core.platform import child

    try:
        done = child.run(list(xcode_select), env=env, timeout=5, text=True, errors="replace")
    except (OSError, subprocess.SubprocessError):
        return False
    folder = done.stdout.strip()
    return done.returncode == 0 and bool(folder) and Path(folder, "usr", "bin", "git").is_file()


def login_shell_path(
    env: Mapping[str, str],
    *,
    platform: str = sys.platform,
    timeout: float = LOGIN_SHELL_TIMEOUT_S,
) -> str | None:
    """The PATH the person's login shell sets up (what a new Terminal window would have).

    Asked with no terminal attached, in its own session, and ended (with whatever it started)
    after ``timeout`` seconds: a slow or interactive ``.zshrc`` must never hang the window. None
    on Windows, without a shell, or on any failure.
    """
    if platform == "win32":
        return None
    from app.core.platform import child

    shell = env_get(env, "SHELL", platform) or ("/bin/zsh" if platform == "darwin" else "")
    if not shell or shutil.which(shell) is None:
        return None
    command = [shell, "-l", "-i", "-c", f'printf "\\n{_MARKER}%s\\n" "$PATH"']
    try:
        done = child.run(
            command, env=env, timeout=timeout, text=True, encoding="utf-8", errors="replace"
        )
    except (OSError, subprocess.SubprocessError):
        return None
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(_MARKER):
            value = line[len(_MARKER) :].strip()
            return value or None
    return None

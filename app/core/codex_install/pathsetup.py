"""Putting ``codex`` on the person's PATH the way each OS expects, and taking it off again.

- Linux: a symlink ``~/.local/bin/codex`` (the XDG user bin folder most distributions put on
  PATH at login) to our stable ``current/bin/codex``.
- macOS: a clearly marked block in the login profile (``~/.zprofile`` for zsh, the default
  shell; bash's own profile for bash) that puts our bin folder first on PATH. Terminal windows
  run login shells, so every new window reads it.
- Windows: our bin folder appended to the user's ``Path`` (HKCU\\Environment) and
  ``WM_SETTINGCHANGE`` broadcast, so Explorer, and every terminal started from it, sees the change.
  The registry is reached through :class:`UserEnvironment`, injected (tests use a dict).

Each change is recorded as a :class:`PathChange`; removal undoes exactly those, and only while
they are still ours (a link still pointing into our folder, a block still between our markers).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from app.core.codex_install.model import NextStep, PathChange, PathOutcome
from app.core.errors import FileProblem
from app.core.fileio import atomic_write

BLOCK_BEGIN = "# >>> TokenPool Setup: Codex CLI on PATH >>>"
BLOCK_END = "# <<< TokenPool Setup: Codex CLI on PATH <<<"
BLOCK_NOTE = (
    "# Added by TokenPool Setup so that new Terminal windows find `codex`. To undo, delete these\n"
    "# lines, or run: tokenpool-setup install-codex --uninstall"
)


# --------------------------------------------------------------------------- steps in words


def _step(code: str, text: str, **params: str) -> NextStep:
    return NextStep(code, text, tuple(params.items()))


def _open_terminal_step(platform: str) -> NextStep:
    if platform == "win32":
        return _step(
            "next_open_terminal_windows",
            "Open a new Command Prompt or PowerShell window and type: codex "
            "(windows that are already open do not see it yet).",
        )
    if platform == "darwin":
        return _step(
            "next_open_terminal_mac",
            "Open a new Terminal window and type: codex "
            "(windows that are already open do not see it yet).",
        )
    return _step("next_open_terminal", "Open a new terminal window and type: codex")


# --------------------------------------------------------------------------- Linux


def linux_link_path(home: Path) -> Path:
    return home / ".local" / "bin" / "codex"


def _points_into(link: Path, root: Path) -> bool:
    try:
        target = Path(os.readlink(link))
    except OSError:
        return False
    if not target.is_absolute():
        target = link.parent / target
    resolved, base = os.path.normpath(target), os.path.normpath(root)
    return resolved == base or resolved.startswith(base + os.sep)


def add_linux_link(home: Path, command: Path, root: Path, env: Mapping[str, str]) -> PathOutcome:
    try:
        return _add_linux_link(home, command, root, env)
    except OSError as exc:
        # Codex itself is installed; only the shortcut failed (e.g. ~/.local/bin is a file).
        reason = exc.strerror or type(exc).__name__
        link = linux_link_path(home)
        return PathOutcome(
            (),
            (
                _step(
                    "next_link_failed",
                    f"{link} could not be made ({reason}). Run Codex as: {command}",
                    link=str(link),
                    reason=reason,
                    command=str(command),
                ),
            ),
            None,
        )


def _add_linux_link(home: Path, command: Path, root: Path, env: Mapping[str, str]) -> PathOutcome:
    link = linux_link_path(home)
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.is_symlink() and _points_into(link, root):
        link.unlink()  # ours (maybe from an older layout): make it again
    elif link.exists() or link.is_symlink():
        return PathOutcome(
            (),
            (
                _step(
                    "next_other_codex_in_local_bin",
                    f"{link} already exists and is not ours, so it was left alone. Run our Codex "
                    f"as: {command}",
                    link=str(link),
                    command=str(command),
                ),
            ),
            None,
        )
    tmp = link.with_name(f".codex.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        tmp.unlink()
    os.symlink(command, tmp)
    os.replace(tmp, link)
    change = PathChange("symlink", str(link))
    entries = [os.path.normpath(e) for e in env.get("PATH", "").split(os.pathsep) if e]
    if os.path.normpath(link.parent) in entries:
        steps = (_open_terminal_step("linux"),)
    else:
        steps = (
            _step(
                "next_login_again",
                f"Log out and back in, so that {link.parent} is on your PATH; then open a "
                f"terminal and type: codex. Until then, run it as: {link}",
                folder=str(link.parent),
                command=str(link),
            ),
        )
    return PathOutcome((change,), steps, link)


def remove_linux_link(change: PathChange, root: Path) -> str | None:
    link = Path(change.target)
    if link.is_symlink() and _points_into(link, root):
        link.unlink()
        return f"removed the link {link}"
    return None


# --------------------------------------------------------------------------- macOS


def mac_profile(home: Path, env: Mapping[str, str]) -> Path:
    """The login profile the person's shell reads: zsh (the default) ``~/.zprofile``; bash the
    first of ``~/.bash_profile``, ``~/.bash_login``, ``~/.profile`` that exists."""
    shell = Path(env.get("SHELL", "") or "/bin/zsh").name
    if shell == "bash":
        # WORKAROUND: a login bash reads only the FIRST of these three; creating .bash_profile
        # next to an existing .profile would silently stop .profile from being read.
        # https://www.gnu.org/software/bash/manual/html_node/Bash-Startup-Files.html
        for name in (".bash_profile", ".bash_login", ".profile"):
            if (home / name).exists():
                return home / name
        return home / ".bash_profile"
    return home / ".zprofile"


def _sh_quote(text: str) -> str:
    """``text`` inside double quotes for sh/zsh (our bin folder holds "Application Support")."""
    return "".join("\\" + ch if ch in '"$`\\' else ch for ch in text)


def profile_block(bin_dir: Path) -> str:
    return (
        f'{BLOCK_BEGIN}\n{BLOCK_NOTE}\nexport PATH="{_sh_quote(str(bin_dir))}:$PATH"\n{BLOCK_END}\n'
    )


def _without_block(text: str) -> tuple[str, bool]:
    lines = text.splitlines(keepends=True)
    kept: list[str] = []
    inside = found = False
    for line in lines:
        stripped = line.strip()
        if stripped == BLOCK_BEGIN:
            inside = found = True
            continue
        if inside:
            if stripped == BLOCK_END:
                inside = False
            continue
        kept.append(line)
    if inside:  # a begin marker without an end: someone edited it; change nothing
        return text, False
    return "".join(kept), found


def add_mac_profile_block(
    home: Path, bin_dir: Path, env: Mapping[str, str], backups: Path | None = None
) -> PathOutcome:
    profile = mac_profile(home, env)
    try:
        old = _read_profile(profile) if profile.exists() else None
    except (OSError, UnicodeDecodeError):
        return _add_it_yourself(profile, bin_dir)
    if old is not None and not _writable(profile):
        # The person made it read-only (or it lives somewhere we may not write, e.g. a
        # dotfile manager's store): their choice stands; they add the line themselves.
        return _add_it_yourself(profile, bin_dir)
    block = profile_block(bin_dir)
    separator = ""
    if old is not None and block in old:
        new = old
    else:
        rest, _ = _without_block(old or "")
        separator = "" if not rest or rest.endswith("\n") else "\n"
        new = rest + separator + block
    if new != old:
        if old is not None and backups is not None:
            # The person's own file: a copy first, in our folder (uninstall removes only our lines).
            import time

            backups.mkdir(parents=True, exist_ok=True)
            stamp = time.strftime("%Y%m%d-%H%M%S")
            atomic_write(backups / f"{profile.name}.{stamp}", old.encode("utf-8"))
        try:
            atomic_write(profile, new.encode("utf-8"))
        except FileProblem:
            return _add_it_yourself(profile, bin_dir)
    change = PathChange(
        "profile_block", str(profile), created=old is None, added_newline=bool(separator)
    )
    steps = [_open_terminal_step("darwin")]
    if Path(env.get("SHELL", "") or "/bin/zsh").name not in ("zsh", "bash"):
        steps.append(
            _step(
                "next_other_shell",
                f"Your shell is not zsh or bash: add this folder to its PATH yourself: {bin_dir}",
                folder=str(bin_dir),
            )
        )
    return PathOutcome((change,), tuple(steps), bin_dir / "codex")


def _read_profile(profile: Path) -> str:
    """The file exactly as it is: no newline translation, so CRLF lines stay CRLF."""
    return profile.read_bytes().decode("utf-8")


def _writable(profile: Path) -> bool:
    """Whether the person lets us change it: not read-only, not locked (macOS "Locked")."""
    import stat

    real = Path(os.path.realpath(profile))
    try:
        info = real.stat()
    except OSError:
        return False
    # By the mode bits, not os.access: for root (and with some ACLs) os.access says yes to a
    # file its owner made read-only.
    if not info.st_mode & stat.S_IWUSR or getattr(info, "st_flags", 0) & stat.UF_IMMUTABLE:
        return False
    return os.access(real.parent, os.W_OK | os.X_OK)


def _add_it_yourself(profile: Path, bin_dir: Path) -> PathOutcome:
    line = f'export PATH="{_sh_quote(str(bin_dir))}:$PATH"'
    return PathOutcome(
        (),
        (
            _step(
                "next_add_path_line_yourself",
                f"{profile} could not be changed, so add this line to it yourself: {line}  "
                "Then open a new Terminal window and type: codex",
                profile=str(profile),
                line=line,
            ),
        ),
        None,
    )


def remove_mac_profile_block(change: PathChange) -> str | None:
    profile = Path(change.target)
    try:
        old = _read_profile(profile)
    except (OSError, UnicodeDecodeError):
        return None
    new, found = _without_block(old)
    if not found:
        return None
    if change.added_newline and old.endswith(BLOCK_END + "\n") and new.endswith("\n"):
        new = new[:-1]  # the line break we added before our block (the block was last)
    if change.created and not new.strip():
        profile.unlink()
        return f"removed {profile} (TokenPool Setup had created it)"
    if not _writable(profile):
        return None  # read-only now: left as the person made it
    atomic_write(profile, new.encode("utf-8"))
    return f"removed the TokenPool Setup lines from {profile}"


# --------------------------------------------------------------------------- Windows


class UserEnvironment(Protocol):
    """The user's environment in the Windows registry (HKCU\\Environment)."""

    def read_path(self) -> tuple[str | None, bool]:
        """(the ``Path`` value or None, whether it is REG_EXPAND_SZ)."""
        ...

    def write_path(self, value: str, expandable: bool) -> None: ...

    def announce(self) -> None:
        """Tell running programs (Explorer) that the environment changed."""
        ...


class WindowsUserEnvironment:
    """The real HKCU\\Environment, through winreg; only works on Windows."""

    def read_path(self) -> tuple[str | None, bool]:
        if sys.platform != "win32":
            raise OSError("the Windows registry exists only on Windows")
        import winreg

        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, "Environment") as key:
            try:
                value, kind = winreg.QueryValueEx(key, "Path")
            except FileNotFoundError:
                return None, True
        return str(value), kind == winreg.REG_EXPAND_SZ

    def write_path(self, value: str, expandable: bool) -> None:
        if sys.platform != "win32":
            raise OSError("the Windows registry exists only on Windows")
        import winreg

        kind = winreg.REG_EXPAND_SZ if expandable else winreg.REG_SZ
        with winreg.OpenKey(
            winreg.HKEY_CURRENT_USER, "Environment", 0, winreg.KEY_SET_VALUE
        ) as key:
            winreg.SetValueEx(key, "Path", 0, kind, value)

    def announce(self) -> None:
        if sys.platform != "win32":
            return
        import ctypes
        from ctypes import wintypes

        hwnd_broadcast, wm_settingchange, smto_abortifhung = 0xFFFF, 0x001A, 0x0002
        result = wintypes.DWORD()
        # A hung window must not hang us: abort after 5 s per window.
        ctypes.windll.user32.SendMessageTimeoutW(
            hwnd_broadcast,
            wm_settingchange,
            0,
            "Environment",
            smto_abortifhung,
            5000,
            ctypes.byref(result),
        )


def _same_folder(a: str, b: str) -> bool:
    def norm(text: str) -> str:
        return text.strip().strip('"').rstrip("\\/").replace("/", "\\").casefold()

    return bool(a.strip()) and norm(a) == norm(b)


def add_windows_path(bin_dir: Path, registry: UserEnvironment) -> PathOutcome:
    entry = str(bin_dir)
    value, expandable = registry.read_path()
    entries = [e for e in (value or "").split(";") if e.strip()]
    if not any(_same_folder(e, entry) for e in entries):
        # Appended: the person's own entries keep their precedence.
        new_value = (value or "").rstrip(";")
        new_value = f"{new_value};{entry}" if new_value else entry
        registry.write_path(new_value, expandable if value is not None else True)
        registry.announce()
    change = PathChange("windows_path", entry)
    return PathOutcome((change,), (_open_terminal_step("win32"),), bin_dir / "codex.exe")


def remove_windows_path(change: PathChange, registry: UserEnvironment) -> str | None:
    value, expandable = registry.read_path()
    if value is None:
        return None
    parts = value.split(";")
    kept = [p for p in parts if not _same_folder(p, change.target)]
    if len(kept) == len(parts):
        return None
    registry.write_path(";".join(kept), expandable)
    registry.announce()
    return f"removed {change.target} from your Path"


# --------------------------------------------------------------------------- dispatch


def add_to_path(
    platform: str,
    *,
    home: Path,
    root: Path,
    bin_dir: Path,
    command: Path,
    env: Mapping[str, str],
    registry: UserEnvironment | None = None,
) -> PathOutcome:
    if platform == "win32":
        return add_windows_path(bin_dir, registry or WindowsUserEnvironment())
    if platform == "darwin":
        return add_mac_profile_block(home, bin_dir, env, backups=root / "backups")
    return add_linux_link(home, command, root, env)


def remove_from_path(
    change: PathChange, *, root: Path, registry: UserEnvironment | None = None
) -> str | None:
    if change.kind == "windows_path":
        return remove_windows_path(change, registry or WindowsUserEnvironment())
    if change.kind == "profile_block":
        return remove_mac_profile_block(change)
    return remove_linux_link(change, root)

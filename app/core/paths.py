"""The one place that decides where files live: the Codex home, our settings, our backups.

Tests point everything at ``tmp_path`` by passing explicit directories (or ``env``); nothing here
caches, so there is no global state to reset.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "tokenpool-setup"


@dataclass(frozen=True)
class AppPaths:
    """Where Codex's files and this app's settings live; every other path derives from these."""

    codex_home: Path
    settings_dir: Path

    @property
    def config_toml(self) -> Path:
        return self.codex_home / "config.toml"

    @property
    def auth_json(self) -> Path:
        return self.codex_home / "auth.json"

    @property
    def backups_dir(self) -> Path:
        # A folder of our own in the Codex home: easy to find, never mixed with Codex's state.
        return self.codex_home / "backups"

    @property
    def settings_file(self) -> Path:
        return self.settings_dir / "settings.json"

    @property
    def tray_preferences_file(self) -> Path:
        # Written by the person (or an admin), read by the tray: how often, and when to warn.
        return self.settings_dir / "tray.json"

    @property
    def update_check_file(self) -> Path:
        # When a newer release was last asked for, and the answer (app.core.net.updates).
        return self.settings_dir / "update_check.json"


def default_codex_home(env: Mapping[str, str] | None = None) -> Path:
    """Where Codex looks: ``$CODEX_HOME`` if set and non-empty, else ``~/.codex``."""
    env = os.environ if env is None else env
    value = env.get("CODEX_HOME", "").strip()
    if value:
        return Path(value).expanduser()
    return _home(env) / ".codex"


def default_settings_dir(env: Mapping[str, str] | None = None) -> Path:
    """Our own settings (not secrets): the platform's usual config location."""
    env = os.environ if env is None else env
    override = env.get("TOKENPOOL_SETUP_SETTINGS_DIR", "").strip()
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = env.get("APPDATA") or str(_home(env) / "AppData" / "Roaming")
        return Path(base) / "TokenPool Setup"
    if sys.platform == "darwin":
        return _home(env) / "Library" / "Application Support" / "TokenPool Setup"
    xdg = env.get("XDG_CONFIG_HOME", "").strip()
    return (Path(xdg) if xdg else _home(env) / ".config") / APP_NAME


def resolve_paths(
    codex_home: str | os.PathLike[str] | None = None,
    settings_dir: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
) -> AppPaths:
    home = Path(codex_home).expanduser() if codex_home else default_codex_home(env)
    settings = Path(settings_dir).expanduser() if settings_dir else default_settings_dir(env)
    return AppPaths(codex_home=home.absolute(), settings_dir=settings.absolute())


def home_dir(env: Mapping[str, str] | None = None, platform: str = sys.platform) -> Path:
    """The person's home folder: the one place that decides it, for us and for finding tools.

    On Windows ``USERPROFILE`` wins over a ``HOME`` that Git Bash or MSYS may have set, as in
    Codex itself; elsewhere ``HOME``.
    """
    env = os.environ if env is None else env
    if platform == "win32":
        profile = next((v for k, v in env.items() if k.upper() == "USERPROFILE"), "").strip()
        if profile:
            return Path(profile)
    home = env.get("HOME", "").strip()
    return Path(home) if home else Path.home()


def default_data_dir(env: Mapping[str, str] | None = None, platform: str = sys.platform) -> Path:
    """Our own programs and downloads (not settings): the platform's per-user data location.

    Windows uses LOCALAPPDATA, not the roaming APPDATA: programs must not roam between machines.
    """
    env = os.environ if env is None else env
    override = env.get("TOKENPOOL_SETUP_DATA_DIR", "").strip()
    if override:
        return Path(override).expanduser()
    if platform == "win32":
        profile = env.get("USERPROFILE", "").strip()
        home = Path(profile) if profile else _home(env)
        base = env.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(base) / "TokenPool Setup"
    if platform == "darwin":
        return _home(env) / "Library" / "Application Support" / "TokenPool Setup"
    xdg = env.get("XDG_DATA_HOME", "").strip()
    return (Path(xdg) if xdg else _home(env) / ".local" / "share") / APP_NAME


def codex_install_dir(env: Mapping[str, str] | None = None, platform: str = sys.platform) -> Path:
    """Where the native Codex CLI is installed (versions/, current, downloads/, install.json)."""
    return default_data_dir(env, platform) / "codex"


def _home(env: Mapping[str, str]) -> Path:
    return home_dir(env)


# Unix socket paths are limited (104 bytes on macOS, 108 on Linux); a folder longer than this
# leaves no room for the socket's own name (15 bytes, and Qt's "-XXXXXX/s" while it binds).
MAX_RUNTIME_DIR_BYTES = 76


def runtime_dir_candidates(
    env: Mapping[str, str] | None = None,
    *,
    uid: int | None = None,
    temp_dir: str | None = None,
) -> tuple[Path, ...]:
    """Where this person's tray may put its single-instance socket and lock, best first: a folder
    of ours in ``$XDG_RUNTIME_DIR`` (private to the person by definition), else one named after
    the person's uid in the temp folder (macOS's temp folder is already per person). Each must
    still be verified before use (:func:`app.core.fileio.ensure_owned_private_dir`): another
    account can create a name in a shared temp folder first. Nothing on Windows (named pipes).
    """
    if sys.platform == "win32":
        return ()
    import tempfile

    env = os.environ if env is None else env
    uid = os.getuid() if uid is None else uid
    found: list[Path] = []
    runtime = env.get("XDG_RUNTIME_DIR", "").strip()
    if runtime and Path(runtime).is_absolute():
        found.append(Path(runtime) / APP_NAME)
    found.append(Path(temp_dir or tempfile.gettempdir()) / f"{APP_NAME}-{uid}")
    return tuple(p for p in found if len(os.fsencode(p)) <= MAX_RUNTIME_DIR_BYTES)

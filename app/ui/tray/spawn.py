"""Starting the tray as its own, detached process (the Done page's opt-in), unless one runs.

Kept apart from launch.py: the wizard imports this, and launch.py runs the tray, whose panel can
open the wizard; one module for both would make the UI modules import each other in a loop.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Mapping, Sequence

from app.core.paths import AppPaths, default_codex_home

Launcher = Callable[[Sequence[str]], object]


def tray_command(paths: AppPaths, env: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """``<app> tray`` for this installation; ``--codex-home`` only when it is not the default
    (then the tray watches the folder the wizard just set up)."""
    from app.core.platform.autostart import this_app_command

    env = os.environ if env is None else env
    args: list[str] = ["tray"]
    if paths.codex_home != default_codex_home(env).absolute():
        args += ["--codex-home", str(paths.codex_home)]
    from app.ui.language import choose_language, current_language

    language = current_language()  # the wizard's (--lang zh_CN on an English system too)
    if language != choose_language(None):
        args += ["--lang", language]
    return this_app_command(args, env)


def spawn_detached(command: Sequence[str]) -> object:
    """Start ``command`` on its own: it outlives us, has no console and no inherited streams."""
    from app.core.platform import child

    # The one child-process helper: no console, its own session, the user's environment (not
    # the frozen bundle's library paths), detached so it outlives us.
    return child.start(
        list(command),
        detached=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        close_fds=True,
    )


def start_tray_detached(
    paths: AppPaths,
    *,
    launcher: Launcher | None = None,
    env: Mapping[str, str] | None = None,
) -> bool:
    """Start the tray as its own process unless one already runs; True when one was started.
    ``launcher``: None is :func:`spawn_detached` (looked up when called, so tests replace it)."""
    from app.ui.tray.single_instance import SingleInstance, instance_name

    if SingleInstance(instance_name(paths.settings_dir)).is_running():
        return False
    (launcher or spawn_detached)(tray_command(paths, env))
    return True

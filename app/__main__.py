"""Entry point: ``tokenpool-setup`` / ``python -m app``. No arguments opens the setup window."""

from __future__ import annotations

import gc
import sys


def _attach_windows_console() -> None:
    """WORKAROUND: the packaged Windows app is built without a console (no black window behind the
    wizard), so a command typed in cmd.exe would print nothing. Attach to the console of the
    shell that started us, if there is one, and write there.
    https://learn.microsoft.com/en-us/windows/console/attachconsole"""
    if sys.platform != "win32" or not getattr(sys, "frozen", False):
        return
    import ctypes

    attach_parent_process = -1
    if ctypes.windll.kernel32.AttachConsole(attach_parent_process):
        # Only streams that are missing: a piped key (`… | tokenpool-setup configure --key-stdin`)
        # or redirected output must stay where the shell sent them.
        if sys.stdout is None:
            sys.stdout = open("CONOUT$", "w", encoding="utf-8")  # noqa: SIM115 - lives with us
        if sys.stderr is None:
            sys.stderr = open("CONOUT$", "w", encoding="utf-8")  # noqa: SIM115
        if sys.stdin is None:
            sys.stdin = open("CONIN$", encoding="utf-8")  # noqa: SIM115


# Hidden, for the built app's smoke check (packaging/bootstrap.py): start one child the way every
# child is started (Codex, npm, git) and print the environment it got.
CHILD_ENV_REPORT = "--diagnose-child-environment"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == [CHILD_ENV_REPORT]:
        from app.core.platform.child import run_child_environment_report

        return run_child_environment_report(sys.stdout)
    if args[:1] == ["tray-worker"]:  # the tray's periodic checks, in a child process
        from app.core.tray.worker import main as tray_worker

        return tray_worker()
    if args:
        _attach_windows_console()
    else:
        # No arguments opens a window. Hold Python's cyclic garbage collector until it shows: the
        # start makes some 33,000 objects that live as long as the app (modules, classes, Qt's
        # wrappers) and ~150 of garbage, and the collector walked them 46 times before the first
        # paint (6-8 ms of ~150, bench/startup.py). The wizard and the tray resume it once their
        # window has shown (app.ui.main.resume_garbage_collection); every other way out of here
        # does below.
        gc.disable()
    from app.cli import run_cli

    try:
        return run_cli(args)
    finally:
        gc.enable()


if __name__ == "__main__":
    sys.exit(main())

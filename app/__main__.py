"""Entry point: ``tokenpool-setup`` / ``python -m app``. No arguments opens the setup window."""

from __future__ import annotations

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


def _open_panel_if_set_up(args: list[str]) -> int | None:
    """No command (a double-click): when Codex is already set up for TokenPool, open the tray's
    panel (starting the tray, or handing over to the running one) instead of the wizard.
    None: open the wizard as before (files missing, broken or not TokenPool's; --endpoint; an
    argument the window does not take, which the full parser then reports)."""
    if args and (not args[0].startswith("--") or args[0] in ("--help", "--version")):
        return None
    from app.cli import build_gui_parser

    try:
        options, unknown = build_gui_parser().parse_known_args(["gui", *args])
    except SystemExit:
        return None
    if unknown or options.endpoint:
        return None
    from app.core.paths import resolve_paths
    from app.core.tray.start_view import choose_start_view

    paths = resolve_paths(options.codex_home)
    try:
        if choose_start_view(paths).view != "panel":
            return None
        from app.ui.tray.launch import launch_tray  # no tray in this build: ImportError
    except Exception:  # cannot tell, or no tray in this build: the wizard is always a safe start
        return None
    return launch_tray(show_panel=True, hidden=False, paths=paths, lang=options.lang)


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
    opened = _open_panel_if_set_up(list(args))
    if opened is not None:
        return opened
    from app.cli import run_cli

    return run_cli(args)


if __name__ == "__main__":
    sys.exit(main())

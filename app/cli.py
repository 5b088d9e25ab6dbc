"""Command line: each command is a thin call into ``app.core``.

Errors print one plain line on stderr and exit non-zero; never a traceback. The key is read from
stdin only (argv is visible to other users in ``ps``) and is never printed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TextIO

from app import __version__
from app.core.errors import SetupError
from app.core.eventlog import host_of, log_event
from app.core.paths import AppPaths, resolve_paths

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70
RESTART_NOTE = (
    "If Codex is running, quit it and start it again: it reads these files only when it starts "
    "(its background server too: 'codex app-server daemon restart')."
)


class Console:
    """Where output goes; tests pass their own streams."""

    def __init__(self, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.out = out or sys.stdout
        self.err = err or sys.stderr

    def say(self, text: str = "") -> None:
        print(text, file=self.out)

    def warn(self, text: str) -> None:
        print(text, file=self.err)

    def json(self, data: Any) -> None:
        import json

        print(json.dumps(data, indent=2, ensure_ascii=False), file=self.out)


# Anything shaped like an API key: never echoed back in an error message.
_KEY_SHAPED = re.compile(r"(?:sk-|sess-)[^\s'\"]{4,}|[A-Za-z0-9_\-]{24,}")
KEY_STDIN_ONLY = (
    "The key is read from standard input only: other programs and your shell history could "
    "see it on the command line. Example: pbpaste | tokenpool-setup configure --key-stdin "
    "(or: tokenpool-setup configure --key-stdin < key.txt)"
)


def hide_keys(text: str) -> str:
    return _KEY_SHAPED.sub("(a key, not shown)", text)


class _Parser(argparse.ArgumentParser):
    """argparse without abbreviations (``--key`` is not ``--key-stdin``) whose error messages
    never repeat an argument that looks like a key."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["allow_abbrev"] = False
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {hide_keys(message)}\n")


def build_parser() -> argparse.ArgumentParser:
    common = _common_parser()
    parser = _Parser(
        prog="tokenpool-setup",
        description="Set up and keep working the Codex CLI with a TokenPool API key.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"tokenpool-setup {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    common = _common_parser(suppress_default=True)

    p = sub.add_parser("configure", parents=[common], help="write the Codex files for TokenPool")
    p.add_argument("--endpoint", metavar="URL", help="API endpoint (default: the recommended one)")
    p.add_argument("--key-stdin", action="store_true", help="read the API key from standard input")
    p.add_argument("--model", metavar="M", help="model to use (default: gpt-5.5)")
    p.add_argument("--dry-run", action="store_true", help="show the changes, write nothing")
    p.add_argument("--yes", action="store_true", help="write without asking")
    p.add_argument("--offline", action="store_true", help="do not probe the endpoint first")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("doctor", parents=[common], help="check the Codex files for mistakes")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--online", action="store_true", help="also check the endpoint, key and model")

    p = sub.add_parser("repair", parents=[common], help="fix what the doctor finds, with a backup")
    p.add_argument("--yes", action="store_true", help="fix without asking")
    p.add_argument("--online", action="store_true", help="also fix what needs the network")
    p.add_argument("--dry-run", action="store_true", help="show the changes, write nothing")
    p.add_argument("--key-stdin", action="store_true", help="read the API key from standard input")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("restore", parents=[common], help="list backups or put one back")
    p.add_argument("backup_id", nargs="?", metavar="ID", help="backup to restore ('latest' works)")
    p.add_argument("--list", action="store_true", help="list the backups")
    p.add_argument("--yes", action="store_true", help="restore without asking")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("check-key", parents=[common], help="check a pasted key (from stdin)")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("probe", parents=[common], help="ping-test the endpoints")
    p.add_argument("--endpoint", metavar="URL", action="append", help="endpoint (repeatable)")
    p.add_argument("--key-stdin", action="store_true", help="read the API key from standard input")
    p.add_argument("--timeout", type=float, default=8.0, help="seconds for the whole test")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("quota", parents=[common], help="show the key's remaining quota")
    p.add_argument("--endpoint", metavar="URL", help="endpoint (default: the configured one)")
    p.add_argument("--key-stdin", action="store_true", help="read the API key from standard input")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("selftest", parents=[common], help="check this installation works")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("report", parents=[common], help="a report for TokenPool's support")
    p.add_argument("--offline", action="store_true", help="do not test the endpoints or quota")
    p.add_argument("--output", metavar="FILE", help="save the report to FILE as well")

    _add_install_codex_parser(sub, common)
    _add_gui_arguments(sub.add_parser("gui", parents=[common], help="open the setup window"))

    p = sub.add_parser("tray", parents=[common], help="show the remaining quota in the tray")
    p.add_argument("--hidden", action="store_true", help="start without opening the panel")
    p.add_argument("--lang", metavar="LANG", help="language: en or zh_CN")
    return parser


def _common_parser(*, suppress_default: bool = False) -> _Parser:
    """The global options, given before or after the command. After it, their default is
    SUPPRESS: a sub-parser's default would otherwise overwrite the value given before it."""
    common = _Parser(add_help=False)
    common.add_argument(
        "--codex-home",
        metavar="DIR",
        default=argparse.SUPPRESS if suppress_default else None,
        help="Codex folder to use (default: $CODEX_HOME, else ~/.codex)",
    )
    return common


# Options that take a value, on any parser (the command is the first word that is not one of
# their values): `tokenpool-setup --lang zh_CN` opens the window in Chinese.
_GLOBAL_WITH_VALUE = ("--codex-home", "--lang", "--endpoint", "--model", "--timeout")


def find_command(argv: Sequence[str]) -> str | None:
    """The command word in ``argv`` (global options may come before it), or None."""
    skip = False
    for token in argv:
        if skip:
            skip = False
            continue
        if token in _GLOBAL_WITH_VALUE:
            skip = True
            continue
        if token == "--":
            return None
        if not token.startswith("-"):
            return token
    return None


def _asks_for_key_argument(argv: Sequence[str]) -> bool:
    return any(
        t in ("--key", "--api-key", "-k") or t.startswith(("--key=", "--api-key=")) for t in argv
    )


def _add_gui_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--endpoint", metavar="URL", action="append", help="endpoint (repeatable)")
    p.add_argument("--lang", metavar="LANG", help="language: en or zh_CN")


def build_gui_parser() -> argparse.ArgumentParser:
    """Only what the window takes: building every command's parser costs ~15 ms, paid before
    the first page paints (bench/startup.py)."""
    parser = _Parser(prog="tokenpool-setup", parents=[_common_parser()])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    common = _common_parser(suppress_default=True)
    _add_gui_arguments(sub.add_parser("gui", parents=[common], help="open the setup window"))
    return parser


def no_arguments() -> argparse.Namespace:
    """What the window's parser makes of no arguments at all, without building it: argparse and
    the message catalogues it looks up cost a few milliseconds before the first page paints
    (bench/startup.py), on the start nearly everyone makes (a double-click, the menu entry).
    tests/cli/test_cli.py checks that both agree."""
    return argparse.Namespace(codex_home=None, command="gui", endpoint=None, lang=None)


def run_cli(argv: Sequence[str], console: Console | None = None) -> int:
    console = console or Console()
    argv = list(argv)
    if _asks_for_key_argument(argv):
        # Said before parsing, so that nothing of the key is ever printed back.
        console.warn(f"tokenpool-setup: {KEY_STDIN_ONLY}")
        return EXIT_USAGE
    command_word = find_command(argv)
    # No command at all (a double-click, or the menu entry): the window, or the tray's panel when
    # Codex is already set up for TokenPool (cmd_gui).
    without_command = command_word is None and not any(
        t in ("--help", "-h", "--version") for t in argv
    )
    if without_command:
        argv = ["gui", *argv]
        command_word = "gui"
    parser: argparse.ArgumentParser | None = None
    if argv == ["gui"]:  # no arguments at all: by far the most common start
        args = no_arguments()
    else:
        parser = build_gui_parser() if command_word == "gui" else build_parser()
        try:
            args = parser.parse_args(list(argv))
        except SystemExit as exc:
            return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_USAGE
    if command_word == "gui":
        args.without_command = without_command
    command = args.command or "gui"
    handler = COMMANDS.get(command)
    if handler is None:
        (parser or build_parser()).print_help(console.err)
        return EXIT_USAGE
    paths = resolve_paths(args.codex_home)
    try:
        return handler(args, paths, console)
    except SetupError as exc:
        log_event(paths, "error", view=command, code=exc.code)
        console.warn(f"tokenpool-setup: {exc.message}" + (f" {exc.hint}" if exc.hint else ""))
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        console.warn("tokenpool-setup: stopped.")
        return 130
    except Exception as exc:  # a bug of ours: still one plain line, never a traceback
        if os.environ.get("TOKENPOOL_SETUP_DEBUG"):
            raise
        log_event(paths, "unexpected_error", view=command, kind=type(exc).__name__)
        console.warn(
            f"tokenpool-setup: something unexpected went wrong ({type(exc).__name__}). "
            "Nothing was half-written. Run again with TOKENPOOL_SETUP_DEBUG=1 to see details."
        )
        return EXIT_INTERNAL


# --- helpers ----------------------------------------------------------------------------------


def read_key_from_stdin() -> str:
    if sys.stdin is None or sys.stdin.closed:
        raise SetupError("No key was given on standard input.", code="key_missing")
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass("TokenPool API key (hidden): ")
    return sys.stdin.read()


def confirm(question: str, console: Console) -> bool:
    """Ask on the terminal even when stdin carried the key; no terminal means no."""
    try:
        with open("/dev/tty" if os.name != "nt" else "CONIN$", encoding="utf-8") as tty:
            console.warn(f"{question} [y/N] ")
            answer = tty.readline()
    except OSError:
        return False
    return answer.strip().lower() in ("y", "yes")


def print_plan(plan: Any, console: Console, *, to_err: bool = False) -> None:
    write = console.warn if to_err else console.say
    diff = plan.diff()
    if diff:
        write(diff.rstrip("\n"))
    for note in plan.notes:
        write(f"note: {note}")


def stored_key(paths: AppPaths) -> str:
    from app.core.auth_file import read_auth_state
    from app.core.fileio import read_snapshot

    from_keychain = ""
    try:
        from app.core.secrets import load_key

        from_keychain = load_key() or ""
    except (ImportError, SetupError):
        from_keychain = ""
    if from_keychain:
        return from_keychain
    state = read_auth_state(read_snapshot(paths.auth_json))
    if state.api_key:
        return state.api_key
    raise SetupError(
        "No API key is stored yet.",
        code="key_missing",
        hint="Pass it on standard input with --key-stdin, or run the setup first.",
    )


def key_from_args(args: argparse.Namespace, paths: AppPaths) -> str:
    from app.core.configure import validated_key

    if getattr(args, "key_stdin", False):
        return validated_key(read_key_from_stdin())
    return stored_key(paths)


# --- commands ---------------------------------------------------------------------------------


def cmd_configure(args: argparse.Namespace, paths: AppPaths, console: Console) -> int:
    from app.core.configure import prepare_configuration, validated_key
    from app.core.endpoints import CATALOGUE
    from app.core.plan import apply_plan

    if not args.key_stdin:
        raise SetupError(
            "configure needs the API key on standard input.",
            code="key_missing",
            hint="Example: tokenpool-setup configure --key-stdin < my-key.txt",
        )
    key = validated_key(read_key_from_stdin())
    endpoint = args.endpoint or CATALOGUE[0].url
    prepared = prepare_configuration(paths, key, endpoint, model=args.model, offline=args.offline)
    plan = prepared.plan
    result_json: dict[str, Any] = {
        "changed": plan.changed,
        "written": False,
        "base_url": prepared.settings.base_url,
        "model": prepared.settings.model,
        "provider_id": plan.provider_id,
        "diff": plan.diff(),
        "notes": list(plan.notes),
        "backup": None,
    }
    if not plan.changed:
        if args.json:
            console.json(result_json)
        else:
            console.say("Codex is already set up exactly like this; nothing to change.")
        return EXIT_OK
    if args.dry_run:
        if args.json:
            console.json(result_json)
        else:
            print_plan(plan, console)
        return EXIT_OK
    if not args.yes:
        print_plan(plan, console, to_err=args.json)
        if not confirm("Write these changes?", console):
            console.warn("Nothing written. Add --yes to write without asking.")
            return EXIT_PROBLEM
    applied = apply_plan(plan)
    log_event(
        paths,
        "configure",
        files=[p.name for p in applied.written],
        backup_id=applied.backup.id if applied.backup else None,
        host=host_of(prepared.settings.base_url),
        model=prepared.settings.model,
    )
    _remember_key(key, console)
    backup_id = applied.backup.id if applied.backup else None
    result_json.update(written=True, backup=backup_id)
    after = _codex_second_opinion(paths)
    result_json["codex_check"] = after
    if args.json:
        console.json(result_json)
        return EXIT_OK
    for path in applied.written:
        console.say(f"Wrote {path}")
    for note in plan.notes:
        console.say(f"note: {note}")
    if backup_id:
        console.say(f"Backup of the old files: {applied.backup.path if applied.backup else ''}")
        console.say(f"Undo with: tokenpool-setup restore {backup_id}")
    for line in after:
        console.say(f"still to fix: {line}")
    console.say(RESTART_NOTE)
    return EXIT_OK


def _remember_key(key: str, console: Console) -> None:
    try:
        from app.core.secrets import store_key
    except ImportError:
        return
    try:
        store_key(key)
    except SetupError as exc:
        console.warn(f"note: {exc.message}")


def _codex_second_opinion(paths: AppPaths) -> list[str]:
    """What is still wrong after a write: the installed Codex's own doctor, and our rules on
    the parts of the files we did not write (an env_key, CODEX_API_KEY, a tracked auth.json)."""
    from app.core.doctor import run_doctor

    report = run_doctor(paths, find_codex=True, run_codex_doctor=True)
    return [
        f"[{f.code}] {f.message}" + (f" {f.hint}" if f.hint else "")
        for f in report.findings
        if f.code == "codex_check_failed"
        or f.severity == "error"
        or f.code in ("env_overrides_key", "codex_not_found")
    ]


def print_report(report: Any, console: Console) -> None:
    if report.codex:
        console.say(f"Codex CLI: {report.codex.path} (version {report.codex.version or 'unknown'})")
    console.say(f"Codex folder: {report.codex_home}")
    _say_what_was_asked_online(report, console)
    if not report.findings:
        console.say("All good: no problems found.")
        return
    for f in report.findings:
        mark = {"error": "✗", "warning": "!", "info": "·"}[f.severity]
        fix = " (repair can fix this)" if f.fixable else ""
        console.say(f"{mark} [{f.code}] {f.message}{fix}")
        if f.hint:
            console.say(f"    → {f.hint}")


def _say_what_was_asked_online(report: Any, console: Console) -> None:
    """With --online: which gateway was asked and what came back, so "All good" says something."""
    checked = report.online_checked
    if checked is None:
        return
    if checked.base_url is None:
        console.say("Online: nothing to ask (no endpoint with a key is set up for Codex).")
    elif checked.answered:
        models = len(report.offered_models)
        offers = f", offers {models} model{'s' * (models != 1)}" * bool(models)
        console.say(
            f"Online: {checked.base_url} accepts the key{offers} and answered a test request "
            "as Codex sends it."
        )
    else:
        console.say(f"Online: asked {checked.base_url}.")


def cmd_doctor(args: argparse.Namespace, paths: AppPaths, console: Console) -> int:
    from app.core.doctor import run_doctor

    report = run_doctor(paths, online=args.online)
    log_event(paths, "doctor", ok=report.ok, codes=list(report.codes()))
    if args.json:
        console.json(report.to_json())
    else:
        print_report(report, console)
    return EXIT_OK if report.ok else EXIT_PROBLEM


def cmd_repair(args: argparse.Namespace, paths: AppPaths, console: Console) -> int:
    from app.core.doctor import run_doctor
    from app.core.repair import propose_repair, run_repair

    key = None
    if args.key_stdin:
        from app.core.configure import validated_key

        key = validated_key(read_key_from_stdin())
    before = run_doctor(paths, online=args.online)
    proposal = propose_repair(before, api_key=key)
    plan = proposal.plan
    if not proposal.changes_anything:
        if args.json:
            console.json({"changed": False, "before": before.to_json(), "after": before.to_json()})
        else:
            print_report(before, console)
            console.say("Nothing that repair can fix automatically.")
            _say_way_forward(proposal.way_forward, console)
        return EXIT_OK if before.ok else EXIT_PROBLEM
    if args.dry_run:
        if args.json:
            console.json({"changed": True, "diff": plan.diff(), "notes": _texts(plan.notes)})
        else:
            print_plan(plan, console)
        return EXIT_OK
    if not args.yes:
        print_plan(plan, console, to_err=args.json)
        if proposal.needs_permission_fix:
            console.warn("note: auth.json will be made private to you (mode 600).")
        if not confirm("Apply these fixes?", console):
            console.warn("Nothing changed. Add --yes to fix without asking.")
            return EXIT_PROBLEM
    # Afterwards the whole check-up again, as `doctor` runs it (the installed Codex included).
    done = run_repair(
        proposal,
        doctor_after={"online": args.online, "find_codex": True, "run_codex_doctor": True},
    )
    if key is not None:
        _remember_key(key, console)  # probe/quota read the keychain first: keep it current
    after = done.after
    log_event(paths, "repair", backup_id=done.backup_id, codes=list(after.codes()), ok=after.ok)
    if args.json:
        console.json(
            {
                "changed": True,
                "backup": done.backup_id,
                "notes": _texts(done.notes),
                "before": before.to_json(),
                "after": after.to_json(),
            }
        )
    else:
        for note in done.notes:
            console.say(f"fixed: {note}")
        if done.backup:
            console.say(f"Backup of the old files: {done.backup}")
            console.say(f"Undo with: tokenpool-setup restore {done.backup_id}")
        console.say("")
        console.say("Check after repair:")
        print_report(after, console)
        _say_way_forward(done.way_forward, console)
        console.say(RESTART_NOTE)
    return EXIT_OK if after.ok else EXIT_PROBLEM


def _texts(notes: Sequence[object]) -> list[str]:
    return [str(note) for note in notes]


def _say_way_forward(step: Any, console: Console) -> None:
    """What repair cannot do and the person can (paste the key again in the setup)."""
    if step is not None:
        console.say(f"→ {step}")


def cmd_restore(args: argparse.Namespace, paths: AppPaths, console: Console) -> int:
    from app.core.backups import list_backups
    from app.core.plan import apply_plan, plan_restore

    if args.list or not args.backup_id:
        backups = list_backups(paths)
        if args.json:
            console.json(
                [
                    {
                        "id": b.id,
                        "created": b.created.isoformat(),
                        "reason": b.reason,
                        "first": b.first,
                        "files": [{"name": e.name, "existed": e.existed} for e in b.files],
                    }
                    for b in backups
                ]
            )
        elif not backups:
            console.say(f"No backups yet in {paths.backups_dir}.")
        else:
            console.say(f"Backups in {paths.backups_dir} (newest first):")
            for b in backups:
                files = ", ".join(e.name if e.existed else f"{e.name} (absent)" for e in b.files)
                first = (
                    "  (first backup: the files before TokenPool Setup first changed them; "
                    "kept for good)"
                    if b.first
                    else ""
                )
                console.say(f"  {b.id}  {b.reason}  [{files}]{first}")
            console.say("Restore one with: tokenpool-setup restore ID")
        return EXIT_OK
    plan = plan_restore(paths, args.backup_id)
    if not plan.changed:
        if args.json:
            console.json({"restored": None, "backup": None, "changed": False})
        else:
            console.say("The files already match that backup; nothing to restore.")
        return EXIT_OK
    if not args.yes:
        print_plan(plan, console, to_err=args.json)
        if not confirm("Restore this backup?", console):
            console.warn("Nothing restored. Add --yes to restore without asking.")
            return EXIT_PROBLEM
    applied = apply_plan(plan)
    if args.json:
        console.json(
            {"restored": args.backup_id, "backup": applied.backup.id if applied.backup else None}
        )
    else:
        console.say(f"Restored backup {args.backup_id}.")
        if applied.backup:
            console.say(f"The files as they were just now are saved as backup {applied.backup.id}.")
        console.say(RESTART_NOTE)
    return EXIT_OK


def cmd_check_key(args: argparse.Namespace, paths: AppPaths, console: Console) -> int:
    from app.core.keys import check_key, normalise_pasted_key

    pasted = normalise_pasted_key(read_key_from_stdin())
    check = check_key(pasted.key)
    if args.json:
        console.json(
            {
                "ok": check.ok,
                "key_masked": check.key_masked,
                "problems": [
                    {"code": p.code, "severity": p.severity, "message": p.message}
                    for p in check.problems
                ],
            }
        )
    else:
        console.say(f"Key: {check.key_masked}")
        for p in check.problems:
            console.say(f"{'✗' if p.severity == 'error' else '!'} {p.message}")
        if check.ok:
            console.say("The key looks complete.")
    return EXIT_OK if check.ok else EXIT_PROBLEM


def cmd_probe(args: argparse.Namespace, paths: AppPaths, console: Console) -> int:
    from app.core.endpoints import CATALOGUE, safe_endpoint_url
    from app.core.net.probe import probe_endpoints

    # The addresses first: a typo in --endpoint is said before a missing key.
    urls = (
        [endpoint_argument(u, safe_endpoint_url) for u in args.endpoint]
        if args.endpoint
        else [e.url for e in CATALOGUE]
    )
    key = key_from_args(args, paths)

    def live(result: Any) -> None:
        log_event(
            paths,
            "probe",
            host=host_of(result.url),
            ok=result.ok,
            kind=result.error.kind if result.error else None,
            latency_ms=round(result.latency_ms) if result.latency_ms is not None else None,
        )
        if not args.json:
            console.say(_probe_line(result))

    report = probe_endpoints(urls, key, timeout=args.timeout, on_result=live)
    if args.json:
        console.json(
            {
                "results": [_probe_json(r) for r in report.results],
                "recommended": report.recommended.url if report.recommended else None,
            }
        )
    elif report.recommended:
        console.say(f"Recommended: {report.recommended.url}")
    else:
        console.say("No endpoint answered correctly.")
    return EXIT_OK if report.recommended else EXIT_PROBLEM


def endpoint_argument(text: str, tidy: Callable[[str], str]) -> str:
    """``--endpoint`` as typed on a command line: tidied and checked like the window does, and a
    single word ("notaurl") is refused too (a typo, not a server on the internet)."""
    from urllib.parse import urlsplit

    url = tidy(text)
    host = urlsplit(url).hostname or ""
    if "." not in host and ":" not in host and host != "localhost":
        raise SetupError(
            f"'{hide_keys(text)}' does not look like a web address.",
            code="malformed",
            hint="An endpoint looks like https://api.example.com (copy it from the console).",
        )
    return url


def _probe_line(r: Any) -> str:
    if r.ok:
        return f"✓ {r.url}  {r.latency_ms:.0f} ms  (write base_url {r.base_url_to_write})"
    return f"✗ {r.url}  {r.error.message if r.error else 'failed'}"


def _probe_json(r: Any) -> dict[str, Any]:
    return {
        "url": r.url,
        "ok": r.ok,
        "latency_ms": r.latency_ms,
        "samples_ms": list(r.samples_ms),
        "phases_ms": dict(r.phases_ms),
        "base_url_to_write": r.base_url_to_write,
        "models": list(r.models),
        "error": {"kind": r.error.kind, "message": r.error.message} if r.error else None,
    }


def cmd_quota(args: argparse.Namespace, paths: AppPaths, console: Console) -> int:
    from app.core.doctor import read_state
    from app.core.net.quota import fetch_quota

    key = key_from_args(args, paths)
    endpoint = args.endpoint
    if not endpoint:
        provider = read_state(paths).provider
        endpoint = provider.get("base_url") if provider else None
        if not isinstance(endpoint, str):
            raise SetupError(
                "Codex is not set up with a TokenPool endpoint yet.",
                code="no_endpoint",
                hint="Pass --endpoint URL, or run the setup first.",
            )
    from app.core.settings import load_settings, save_settings

    settings = load_settings(paths)
    from app.core.endpoints import safe_endpoint_url

    # Never send the key to a website or over http; a typo is said before anything is sent.
    endpoint = endpoint_argument(endpoint, safe_endpoint_url)
    result = fetch_quota(endpoint, key, hint_source=settings.quota_source(endpoint))
    log_event(paths, "quota", host=host_of(endpoint), status=result.status, source=result.source)
    if result.source:
        # Only a speed-up for next time: a settings file that cannot be written is no problem.
        with contextlib.suppress(SetupError):
            save_settings(paths, settings.with_quota_source(endpoint, result.source))
    if args.json:
        console.json(_quota_json(result))
    else:
        console.say(result.message)
    # No quota route on this endpoint is an answer, not a failure.
    return EXIT_OK if result.status in ("ok", "not_available") else EXIT_PROBLEM


def _quota_json(result: Any) -> dict[str, Any]:
    q = result.quota
    return {
        "status": result.status,
        "message": result.message,
        "remaining": q.remaining if q else None,
        "used": q.used if q else None,
        "total": q.total if q else None,
        "unit": q.unit if q else None,
        "unlimited": q.unlimited if q else None,
        "expires_at": q.expires_at.isoformat() if q and q.expires_at else None,
        "source": q.source if q else None,
    }


def cmd_selftest(args: argparse.Namespace, paths: AppPaths, console: Console) -> int:
    from app.ui.selftest import run_checks

    checks = run_checks()
    failed = [c for c in checks if c.required and not c.ok]
    if args.json:
        console.json(
            {
                "ok": not failed,
                "checks": [
                    {"name": c.name, "ok": c.ok, "required": c.required, "detail": c.detail}
                    for c in checks
                ],
            }
        )
    else:
        for c in checks:
            mark = "ok  " if c.ok else ("FAIL" if c.required else "note")
            console.say(f"{mark}  {c.name}: {c.detail}")
        console.say("selftest passed." if not failed else "selftest FAILED.")
    return EXIT_PROBLEM if failed else EXIT_OK


def _gui_unavailable(what: str, exc: ImportError, instead: str) -> SetupError:
    """Qt (or a library it needs) cannot load here: say so, and which command still works."""
    return SetupError(
        f"{what} cannot start here ({exc}).",
        code="gui_unavailable",
        hint=f"Use the commands instead: {instead}",
    )


def _open_panel_if_set_up(paths: AppPaths, lang: str | None) -> int | None:
    """Opened without a command: when Codex is already set up for TokenPool, open the tray's
    panel (starting the tray, or handing over to the running one) instead of the wizard.
    None: open the wizard (files missing, broken or not TokenPool's; no tray in this build)."""
    from app.core.tray.start_view import choose_start_view

    try:
        if choose_start_view(paths).view != "panel":
            return None
        from app.ui.tray.launch import launch_tray  # no tray in this build: ImportError
    except Exception:  # cannot tell, or no tray in this build: the wizard is always a safe start
        return None
    return launch_tray(show_panel=True, hidden=False, paths=paths, lang=lang)


def cmd_gui(args: argparse.Namespace, paths: AppPaths, console: Console) -> int:
    if getattr(args, "without_command", False) and not args.endpoint:
        opened = _open_panel_if_set_up(paths, args.lang)
        if opened is not None:
            return opened
    try:
        from app.ui.main import run_gui
    except ImportError as exc:
        raise _gui_unavailable("The setup window", exc, "tokenpool-setup --help") from exc
    return run_gui(args, paths)


# --- install-codex ------------------------------------------------------------------------------


def _add_install_codex_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "install-codex",
        parents=[common],
        help="install the Codex CLI (with npm when present, else the native program)",
    )
    p.add_argument(
        "--version",
        dest="codex_version",
        metavar="V",
        help="Codex version, or 'latest' (default: the newest version tested with this app)",
    )
    p.add_argument("--yes", action="store_true", help="install without asking")
    p.add_argument("--uninstall", action="store_true", help="remove the Codex this app installed")
    p.add_argument(
        "--method",
        choices=("auto", "npm", "native"),
        default="auto",
        help="npm, the native program, or auto: npm when it is installed (default)",
    )
    p.add_argument("--registry", metavar="URL", help="npm registry to download from (tests)")


def cmd_install_codex(args: argparse.Namespace, paths: AppPaths, console: Console) -> int:
    from app.core.codex_install.installer import InstallSite, install_codex, uninstall_codex
    from app.core.codex_install.registry import tested_version

    site = InstallSite.for_user(registry=args.registry)
    if args.uninstall:
        if not args.yes and not confirm(f"Remove the Codex CLI installed in {site.root}?", console):
            console.warn("Nothing removed. Add --yes to remove without asking.")
            return EXIT_PROBLEM
        undone = uninstall_codex(site)
        if undone.nothing_installed:
            console.say("TokenPool Setup has not installed Codex here; nothing to remove.")
        for line in undone.removed:
            console.say(line[:1].upper() + line[1:] + ".")
        return EXIT_OK
    from app.core.wizard.tasks import find_npm

    npm = find_npm(os.environ) if args.method != "native" else None
    if args.method == "npm" and npm is None:
        raise SetupError(
            "npm is not installed.", code="npm_missing", hint="Use --method native instead."
        )
    version = args.codex_version or tested_version()
    where = f"with {npm}" if npm else f"into {site.root} (no Node.js needed)"
    if not args.yes and not confirm(f"Install Codex {version} {where}?", console):
        console.warn("Nothing installed. Add --yes to install without asking.")
        return EXIT_PROBLEM
    if npm:
        return _install_codex_with_npm(npm, args.codex_version, console)
    result = install_codex(site, args.codex_version, on_progress=_progress_printer(console))
    log_event(paths, "install_codex", version=result.version, method="native")
    if result.already_installed:
        console.say(f"Codex {result.version} is already installed in {site.root}; nothing to do.")
    else:
        console.say(f"Installed Codex {result.version} ({result.package_version}) in {site.root}.")
        if result.previous_version:
            console.say(f"Codex {result.previous_version} is kept beside it, unused.")
    console.say(f"The program: {result.codex}")
    for step in result.next_steps:
        console.say(step.text)
    if not args.codex_version:
        _mention_newer_release(site, result.version, console)
    return EXIT_OK


def _progress_printer(console: Console) -> Callable[[Any], None]:
    shown: set[object] = set()

    def show(progress: Any) -> None:
        fraction = progress.fraction
        if progress.stage in ("download", "unpack") and fraction is not None:
            key: object = (progress.stage, int(fraction * 10))
            if key not in shown:
                shown.add(key)
                verb = "Downloading" if progress.stage == "download" else "Unpacking"
                console.warn(f"{verb}… {int(fraction * 100)}%")
        elif progress.stage not in shown and progress.stage in ("verify", "check"):
            shown.add(progress.stage)
            console.warn(
                "Checking the download (sha512)…"
                if progress.stage == "verify"
                else "Checking that Codex starts…"
            )

    return show


def _mention_newer_release(site: Any, installed: str, console: Console) -> None:
    from app.core.codex_install.registry import fetch_latest_version

    try:
        with site.make_client() as client:
            latest = fetch_latest_version(client, site.registry)
    except SetupError:
        return  # only a hint: no answer, no hint
    if latest != installed:
        console.say(
            f"A newer Codex release exists ({latest}), not yet tested with this app: "
            "tokenpool-setup install-codex --version latest"
        )


def _install_codex_with_npm(npm: str, version: str | None, console: Console) -> int:
    import threading

    from app.core.wizard.tasks import install_codex_with_npm

    outcome = install_codex_with_npm(
        npm, dict(os.environ), threading.Event(), console.warn, version=version
    )
    if not outcome.ok or outcome.codex is None:
        console.warn("tokenpool-setup: npm could not install Codex (its output is above).")
        return EXIT_PROBLEM
    console.say(f"Installed Codex {outcome.codex.version or ''} with npm: {outcome.codex.path}")
    return EXIT_OK


def cmd_tray(args: argparse.Namespace, paths: AppPaths, console: Console) -> int:
    try:
        from app.ui.tray.launch import launch_tray
    except ImportError as exc:
        raise _gui_unavailable("The tray", exc, "tokenpool-setup quota") from exc
    return launch_tray(show_panel=False, hidden=args.hidden, paths=paths, lang=args.lang)


def cmd_report(args: argparse.Namespace, paths: AppPaths, console: Console) -> int:
    """What support asks first, safe to send: printed, and saved when --output is given."""
    from app.core.support_report import ReportInputs, gather_report, save_report

    inputs = ReportInputs(
        env=os.environ,
        frozen=bool(getattr(sys, "frozen", False)),
        executable=sys.executable,
        online=not args.offline,
    )
    text = gather_report(paths, inputs).text()
    console.say(text)
    if args.output:
        saved = save_report(text, args.output)
        console.warn(f"Saved to {saved}. Send this file to TokenPool's support.")
    log_event(paths, "report", ok=True)
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace, AppPaths, Console], int]] = {
    "configure": cmd_configure,
    "doctor": cmd_doctor,
    "repair": cmd_repair,
    "restore": cmd_restore,
    "check-key": cmd_check_key,
    "probe": cmd_probe,
    "quota": cmd_quota,
    "selftest": cmd_selftest,
    "gui": cmd_gui,
    "install-codex": cmd_install_codex,
    "tray": cmd_tray,
    "report": cmd_report,
}

"""The command line as a user runs it: real processes, real temp folders, plain messages."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import Console, run_cli
from app.core.paths import AppPaths
from tests.conftest import write

REPO = Path(__file__).resolve().parents[2]


def run(
    args: list[str], stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def call(args: list[str], monkeypatch: pytest.MonkeyPatch, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return run_cli(args, console=Console(out, err)), out.getvalue(), err.getvalue()


def test_version() -> None:
    done = run(["--version"])
    assert done.returncode == 0
    assert done.stdout.startswith("tokenpool-setup ")


def test_configure_dry_run_masks_key_and_writes_nothing(paths: AppPaths, good_key: str) -> None:
    done = run(
        [
            "configure",
            "--codex-home",
            str(paths.codex_home),
            "--key-stdin",
            "--offline",
            "--dry-run",
        ],
        stdin=f"  Bearer {good_key}\n",
    )
    assert done.returncode == 0, done.stderr
    assert '+model_provider = "OpenAI"' in done.stdout
    assert "sk-Ab3…" in done.stdout
    assert good_key not in done.stdout + done.stderr
    assert not paths.config_toml.exists() and not paths.auth_json.exists()


def test_configure_without_yes_and_without_terminal_refuses(paths: AppPaths, good_key: str) -> None:
    done = run(
        ["configure", "--codex-home", str(paths.codex_home), "--key-stdin", "--offline"],
        stdin=good_key,
    )
    assert done.returncode == 1
    assert "--yes" in done.stderr
    assert not paths.config_toml.exists()


def test_configure_writes_then_doctor_is_clean(paths: AppPaths, good_key: str) -> None:
    done = run(
        ["configure", "--codex-home", str(paths.codex_home), "--key-stdin", "--offline", "--yes"],
        stdin=good_key,
    )
    assert done.returncode == 0, done.stderr
    assert "restart" in done.stdout.lower()
    assert "tokenpool-setup restore" in done.stdout
    doctor = run(
        ["doctor", "--json", "--codex-home", str(paths.codex_home)], env={"PATH": "/nonexistent"}
    )
    report = json.loads(doctor.stdout)
    assert doctor.returncode == 0, doctor.stdout
    assert report["ok"] is True
    assert {f["severity"] for f in report["findings"]} <= {"warning", "info"}
    assert set(report) >= {"ok", "findings", "codex"}


@pytest.mark.parametrize(
    ("stdin", "needle"),
    [
        ("sk-abc…wxyz", "masked"),
        ("sk-abc***wxyz", "masked"),
        ("", "empty"),
    ],
)
def test_configure_refuses_bad_keys_plainly(paths: AppPaths, stdin: str, needle: str) -> None:
    done = run(
        ["configure", "--codex-home", str(paths.codex_home), "--key-stdin", "--offline", "--yes"],
        stdin=stdin,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("tokenpool-setup: ")
    assert needle in done.stderr.lower() or "key" in done.stderr.lower()
    assert not paths.config_toml.exists()


@pytest.mark.parametrize(
    "url", ["https://tokenpool.dev", "tokenpool.dev/console", "https://cdn.tokenpool.dev"]
)
def test_configure_refuses_website_urls(paths: AppPaths, good_key: str, url: str) -> None:
    done = run(
        ["configure", "--codex-home", str(paths.codex_home), "--endpoint", url,
         "--key-stdin", "--offline", "--yes"],
        stdin=good_key,
    )  # fmt: skip
    assert done.returncode == 1
    assert "api.clawto.link" in done.stderr
    assert "Traceback" not in done.stderr


def test_configure_refuses_broken_toml_with_location(paths: AppPaths, good_key: str) -> None:
    write(paths.config_toml, 'model = "o3"\nname = "unterminated\n')
    done = run(
        ["configure", "--codex-home", str(paths.codex_home), "--key-stdin", "--offline", "--yes"],
        stdin=good_key,
    )
    assert done.returncode == 1
    assert "line 2" in done.stderr
    assert "repair" in done.stderr
    assert paths.config_toml.read_text() == 'model = "o3"\nname = "unterminated\n'


def test_unknown_command_is_a_usage_error_without_traceback() -> None:
    done = run(["frobnicate"])
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_restore_list_and_restore(
    paths: AppPaths, good_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(paths.config_toml, "# mine\n")
    home = ["--codex-home", str(paths.codex_home)]
    code, _out, err = call(
        ["configure", *home, "--key-stdin", "--offline", "--yes"], monkeypatch, good_key
    )
    assert code == 0, err
    code, out, _ = call(["restore", "--list", "--json", *home], monkeypatch)
    backups = json.loads(out)
    assert len(backups) == 1 and backups[0]["reason"] == "configure"
    code, out, err = call(["restore", backups[0]["id"], "--yes", *home], monkeypatch)
    assert code == 0, err
    assert paths.config_toml.read_text() == "# mine\n"
    assert not paths.auth_json.exists()
    code, out, _ = call(["restore", "--list", *home], monkeypatch)
    assert out.count("\n  ") == 2  # the restore backed up the state before it, too


def test_restore_unknown_id_is_plain(paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _out, err = call(
        ["restore", "nope", "--yes", "--codex-home", str(paths.codex_home)], monkeypatch
    )
    assert code == 1
    assert "restore --list" in err


def test_check_key_json(monkeypatch: pytest.MonkeyPatch, good_key: str) -> None:
    code, out, _ = call(["check-key", "--json"], monkeypatch, f'OPENAI_API_KEY="{good_key}"')
    data = json.loads(out)
    assert code == 0 and data["ok"] is True
    assert data["key_masked"].startswith("sk-Ab3") and good_key not in out
    code, out, _ = call(["check-key", "--json"], monkeypatch, "sk-abc…wxyz")
    data = json.loads(out)
    assert code == 1 and data["ok"] is False
    assert any(p["code"] == "masked" and p["severity"] == "error" for p in data["problems"])


def test_configure_says_what_is_still_wrong_after_writing(paths: AppPaths, good_key: str) -> None:
    """What configure cannot change itself (a CODEX_API_KEY in the shell wins over auth.json) is
    said after writing, instead of a plain success."""
    done = run(
        ["configure", "--codex-home", str(paths.codex_home), "--key-stdin", "--offline", "--yes"],
        stdin=good_key,
        env={"PATH": "/nonexistent", "CODEX_API_KEY": "something-else"},
    )
    assert done.returncode == 0, done.stderr
    assert "still to fix: [env_overrides_key]" in done.stdout
    assert "still to fix: [codex_not_found]" in done.stdout


def test_configure_removes_what_would_hide_the_new_key(paths: AppPaths, good_key: str) -> None:
    write(
        paths.config_toml,
        'model_provider = "OpenAI"\n\n[model_providers.OpenAI]\nname = "TokenPool"\n'
        'base_url = "https://api.clawto.link/v1"\nenv_key = "TOKENPOOL_KEY_NOT_SET"\n'
        "request_max_retries = 7\n",
    )
    done = run(
        ["configure", "--codex-home", str(paths.codex_home), "--key-stdin", "--offline", "--yes"],
        stdin=good_key,
        env={"PATH": "/nonexistent"},
    )
    assert done.returncode == 0, done.stderr
    assert "Removed env_key from [model_providers.OpenAI]" in done.stdout
    text = paths.config_toml.read_text()
    assert "env_key" not in text
    assert "request_max_retries = 7" in text
    assert "still to fix: [auth_setting_wrong]" not in done.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["quota", "--endpoint", "http://192.0.2.2:18765"], "unencrypted"),
        (["probe", "--endpoint", "http://192.0.2.2:18765"], "unencrypted"),
        (["quota", "--endpoint", "https://tokenpool.dev"], "api.clawto.link"),
        (["probe", "--endpoint", "https://sk-abcdefghij0123456789@api.clawto.link"], "user name"),
    ],
)
def test_the_key_is_never_sent_to_unsafe_endpoints(
    args: list[str], needle: str, good_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = call([*args, "--key-stdin"], monkeypatch, good_key)
    assert code == 1
    assert needle in err
    assert "sk-abcdefghij0123456789" not in out + err


def test_configure_moves_tokenpool_hosts_to_https(paths: AppPaths, good_key: str) -> None:
    done = run(
        ["configure", "--codex-home", str(paths.codex_home), "--endpoint", "http://api.clawto.link",
         "--key-stdin", "--offline", "--yes"],
        stdin=good_key,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert 'base_url = "https://api.clawto.link"' in paths.config_toml.read_text()


def test_restore_of_a_damaged_backup_is_refused_plainly(
    paths: AppPaths, good_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(paths.config_toml, "# mine\n")
    home = ["--codex-home", str(paths.codex_home)]
    assert (
        call(["configure", *home, "--key-stdin", "--offline", "--yes"], monkeypatch, good_key)[0]
        == 0
    )
    (backup,) = [p for p in paths.backups_dir.iterdir() if p.is_dir()]
    (backup / "config.toml").write_text("# tampered\n")
    code, _out, err = call(["restore", "latest", "--yes", *home], monkeypatch)
    assert code == 1
    assert "damaged" in err and "Traceback" not in err
    (backup / "config.toml").unlink()
    code, _out, err = call(["restore", "latest", "--yes", *home], monkeypatch)
    assert code == 1 and "damaged" in err
    assert 'model_provider = "OpenAI"' in paths.config_toml.read_text()  # nothing changed


def test_global_options_work_before_or_after_the_command(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = call(["--codex-home", str(paths.codex_home), "doctor", "--json"], monkeypatch)
    after = call(["doctor", "--json", "--codex-home", str(paths.codex_home)], monkeypatch)
    assert before[0] == after[0] != 2, before[2]
    assert json.loads(before[1])["codex_home"] == json.loads(after[1])["codex_home"]
    assert json.loads(before[1])["codex_home"] == str(paths.codex_home)


@pytest.mark.parametrize(
    "args",
    [
        ["configure", "--key", "SECRET"],
        ["configure", "--key=SECRET"],
        ["--codex-home", "x", "configure", "--api-key", "SECRET"],
    ],
)
def test_a_key_on_the_command_line_is_refused_without_echoing_it(
    args: list[str], good_key: str
) -> None:
    done = run([a.replace("SECRET", good_key) for a in args])
    assert done.returncode == 2
    assert "standard input only" in done.stderr
    assert "--key-stdin" in done.stderr
    assert good_key not in done.stdout + done.stderr
    assert good_key[:12] not in done.stdout + done.stderr


def test_no_abbreviations_and_no_key_echo_in_usage_errors(good_key: str) -> None:
    # "--key-s" would have been taken for --key-stdin; a stray key-shaped word is not repeated.
    done = run(["configure", "--key-s", "--yes"])
    assert done.returncode == 2 and "--key-s" in done.stderr
    stray = run(["doctor", good_key])
    assert stray.returncode == 2
    assert good_key not in stray.stderr and good_key[:10] not in stray.stderr
    assert "(a key, not shown)" in stray.stderr


def test_codex_doctor_statuses_map_to_findings() -> None:
    from app.core.doctor import codex_check_severity

    assert codex_check_severity("auth.credentials", "fail") == "error"
    assert codex_check_severity("network.websocket_reachability", "warning") == "warning"
    assert codex_check_severity("config.load", "ok") is None
    assert codex_check_severity("state.paths", "info") is None
    # Its update check warns whenever GitHub is out of reach; that is not about the setup.
    assert codex_check_severity("updates.status", "warning") is None


def test_the_command_word_is_found_after_options_with_values() -> None:
    from app.cli import find_command

    assert find_command(["--codex-home", "x", "doctor"]) == "doctor"
    assert find_command(["--lang", "zh_CN"]) is None  # the window
    assert find_command(["--endpoint", "https://a.example", "--lang", "en", "gui"]) == "gui"
    assert find_command(["doctor", "--codex-home", "x"]) == "doctor"


def test_no_arguments_is_what_the_windows_parser_makes_of_none(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A start with no arguments skips argparse (bench/startup.py); the result must be exactly
    what the parser gives, and the window must get it."""
    from app import cli

    assert vars(cli.no_arguments()) == vars(cli.build_gui_parser().parse_args(["gui"]))
    opened: list[dict[str, object]] = []

    def record(args, paths, console):  # type: ignore[no-untyped-def]
        opened.append(dict(vars(args)))
        return 0

    monkeypatch.setitem(cli.COMMANDS, "gui", record)
    assert run_cli([]) == 0
    assert run_cli(["--lang", "en"]) == 0
    assert opened[0] == {**vars(cli.no_arguments()), "without_command": True}
    assert opened[1]["lang"] == "en" and opened[1]["without_command"] is True

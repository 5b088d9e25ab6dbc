"""Every TOML value type and syntax form as config.toml (``tests/support/toml_corpus.py``): what
Codex loads stays editable — configure keeps every byte it does not own, is idempotent, restores
exactly — and what Codex refuses is named by the doctor (line and column) and salvaged by repair.
The last test runs the real pinned Codex over the corpus and checks that it agrees."""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app.core import codex_config, toml_dialect
from app.core.codex_config import CodexSettings, check_edit
from app.core.doctor import diagnose_files, read_state
from app.core.errors import ConfigParseError, SetupError
from app.core.paths import AppPaths
from app.core.plan import apply_plan, plan_configure, plan_restore
from app.core.repair import SALVAGE_NOTE, plan_repair
from tests.conftest import write
from tests.gateway.fixtures import CodexRelease
from tests.support.codex_harness import run_codex
from tests.support.toml_corpus import INVALID, VALID, VALID_1_1, all_valid

SETTINGS = CodexSettings(base_url="https://api.clawto.link/v1", model="gpt-5.5")
OWNED_TOP = {"model_provider", "model", "review_model"}


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines()


def test_the_corpus_is_what_it_says() -> None:
    """Python's tomllib (TOML 1.0) reads every VALID file and refuses every VALID_1_1 one."""
    for name, text in VALID.items():
        if name != "year_zero_and_leap_second":
            tomllib.loads(text.lstrip("\ufeff"))
    for name, text in VALID_1_1.items():
        with pytest.raises(tomllib.TOMLDecodeError):
            tomllib.loads(text)
            pytest.fail(f"{name} is TOML 1.0")


@pytest.mark.parametrize("name", sorted(all_valid()))
def test_a_file_codex_loads_is_healthy_and_stays_editable(
    paths: AppPaths, good_key: str, name: str
) -> None:
    original = all_valid()[name].encode()
    write(paths.config_toml, original)
    findings = diagnose_files(read_state(paths, env={}))
    assert not [f for f in findings if f.code.startswith("config_toml")], findings

    result = apply_plan(plan_configure(paths, good_key, SETTINGS))
    new = paths.config_toml.read_bytes()
    # Every byte we do not own is kept: lines are only added (the last line may gain its line
    # ending), never changed or removed; a CRLF file stays CRLF.
    ops = difflib.SequenceMatcher(None, _lines(original), _lines(new), autojunk=False)
    for tag, i1, i2, _j1, _j2 in ops.get_opcodes():
        if tag != "equal":
            assert tag == "insert", (tag, _lines(original)[i1:i2], new.decode())
    if b"\r\n" in original:
        assert new.count(b"\n") == new.count(b"\r\n")
    # Codex reads our settings, and every value of the user's is the same (NaN included).
    before = toml_dialect.loads(original.decode().lstrip("\ufeff"))
    after = toml_dialect.loads(new.decode().lstrip("\ufeff"))
    pid = after["model_provider"]
    assert after["model_providers"][pid]["base_url"] == SETTINGS.base_url
    assert after["model_providers"][pid]["requires_openai_auth"] is True
    for key, value in before.items():
        assert toml_dialect.same_value(after[key], value), key
    # Running again changes nothing; restore gives the very bytes back.
    assert not any(
        c.name == "config.toml" for c in plan_configure(paths, good_key, SETTINGS).changes
    )
    assert result.backup is not None
    apply_plan(plan_restore(paths, result.backup.id))
    assert paths.config_toml.read_bytes() == original


@pytest.mark.parametrize("name", sorted(INVALID))
def test_a_file_codex_refuses_is_named_with_its_line_and_salvaged_by_repair(
    paths: AppPaths, good_key: str, name: str
) -> None:
    text, line = INVALID[name]
    original = text.encode()
    write(paths.config_toml, original)
    state = read_state(paths, env={})
    invalid = [
        f for f in diagnose_files(state) if f.code in ("config_toml_invalid", "duplicate_table")
    ]
    assert invalid, name
    assert f"line {line}" in invalid[0].message
    assert invalid[0].fixable
    if invalid[0].code == "config_toml_invalid":
        assert f"line {line}" in invalid[0].hint and "repair" in invalid[0].hint
    assert "[model_providers.OpenAI]" not in invalid[0].message + invalid[0].hint

    with pytest.raises(ConfigParseError) as refused:
        plan_configure(paths, good_key, SETTINGS)
    assert refused.value.code == "config_toml_invalid"
    assert f"line {line}" in refused.value.message
    assert "by hand" not in refused.value.hint

    plan = plan_repair(state)
    result = apply_plan(plan)
    repaired = paths.config_toml.read_bytes().decode()
    assert toml_dialect.find_error(repaired) is None, repaired
    assert SALVAGE_NOTE in repaired or "defined twice" in repaired
    assert any("is now a comment" in note or "table" in note for note in plan.notes), plan.notes
    # The salvaged file is one configure can now write to.
    apply_plan(plan_configure(paths, good_key, SETTINGS))
    assert result.backup is not None
    apply_plan(plan_restore(paths, result.backup.id))
    assert paths.config_toml.read_bytes() == original


def test_the_doctor_says_what_is_wrong_in_words(paths: AppPaths) -> None:
    write(paths.config_toml, "x = 1\n\n[t]\na = 1\u0660\n")
    (finding,) = [
        f for f in diagnose_files(read_state(paths, env={})) if f.code.startswith("config")
    ]
    assert finding.code == "config_toml_invalid" and finding.severity == "error"
    assert "line 4, column 5" in finding.message
    assert "U+0660" in finding.message and "0-9" in finding.message
    write(paths.config_toml, "a = 1\x0b\n")
    (finding,) = [
        f for f in diagnose_files(read_state(paths, env={})) if f.code.startswith("config")
    ]
    assert "line 1" in finding.message and "vertical tab" in finding.message


def test_repair_keeps_a_line_with_a_control_character_as_a_readable_comment(
    paths: AppPaths,
) -> None:
    write(paths.config_toml, 'model = "gpt-5.5"\na = 1\x0b\n')
    plan = plan_repair(read_state(paths, env={}))
    apply_plan(plan)
    repaired = paths.config_toml.read_text()
    assert "# a = 1<U+000B>" in repaired
    assert 'model = "gpt-5.5"' in repaired
    assert toml_dialect.find_error(repaired) is None
    assert any("vertical tab" in note for note in plan.notes), plan.notes


def test_values_tomlkit_cannot_read_are_kept_byte_for_byte(paths: AppPaths, good_key: str) -> None:
    """A leap second and the year 0000 are refused by tomlkit but read by Codex."""
    original = "leap = 23:59:60\nold = 0000-01-01\nx = 1\n\n[t]\nkept = 1979-05-27T23:59:60Z\n"
    doc = codex_config.parse_config_text(original)
    assert doc.as_string() == original
    write(paths.config_toml, original)
    apply_plan(plan_configure(paths, good_key, SETTINGS))
    new = paths.config_toml.read_text()
    assert "leap = 23:59:60\nold = 0000-01-01\nx = 1\n" in new
    assert "kept = 1979-05-27T23:59:60Z\n" in new
    assert "tokenpool-setup-kept-value" not in new


# --- the read-back guard: every value equals itself, and any other change is caught ---------------

OUR_TOP = 'model_provider = "OpenAI"\nmodel = "gpt-5.5"\nreview_model = "gpt-5.5"\n'
GUARD_VALUES = [
    '"basic"', "'literal'", '"""multi\nline"""', "'''multi\nliteral'''", "42", "0x2A", "0o52",
    "0b101010", "-0", "3.5", "-0.0", "6.02e23", "inf", "-inf", "nan", "true", "false",
    "1979-05-27T07:32:00Z", "1979-05-27T07:32:00-07:00", "1979-05-27T07:32:00", "1979-05-27",
    "07:32:00", "12:30", "[1, nan, [nan]]", "{ x = nan, y = [1.0] }", '"\\x41\\e"',
]  # fmt: skip


@pytest.mark.parametrize("value", GUARD_VALUES)
def test_the_guard_lets_every_value_type_through_unchanged(value: str) -> None:
    old = f"a = {value}\nd.e = {value}\n[t]\nb = {value}\n\n[[arr]]\nc = {value}\n"
    ours = (
        '\n[model_providers.OpenAI]\nname = "TokenPool"\nbase_url = "https://api.clawto.link/v1"\n'
    )
    new = OUR_TOP + old + ours
    check_edit(old, new, "OpenAI", SETTINGS)


CHANGED = [
    ("nan", "1.0"), ("1", "1.0"), ("1", "true"), ("0.0", "-0.0"), ('"a"', '"b"'),
    ("[nan, 1.0]", "[nan, 2.0]"), ("{ x = nan }", "{ x = nan, y = 1 }"),
    ("1979-05-27T07:32:00Z", "1979-05-27T07:32:00+01:00"), ("1979-05-27T07:32:00", "1979-05-27"),
    ("07:32:00", "07:32:00.5"),
]  # fmt: skip


@pytest.mark.parametrize(("before", "after"), CHANGED)
def test_the_guard_names_the_value_that_would_change(before: str, after: str) -> None:
    old = f"[t]\nvalue = {before}\n"
    new = (
        f"{OUR_TOP}[t]\nvalue = {after}\n\n[model_providers.OpenAI]\n"
        'base_url = "https://api.clawto.link/v1"\n'
    )
    with pytest.raises(SetupError) as stopped:
        check_edit(old, new, "OpenAI", SETTINGS)
    assert stopped.value.code == "config_toml_unsafe_edit"
    assert "'t.value" in stopped.value.message
    assert "Nothing was changed" in stopped.value.hint


def test_the_guard_sees_a_table_or_an_entry_disappear() -> None:
    ours = '\n[model_providers.OpenAI]\nbase_url = "https://api.clawto.link/v1"\n'
    for old, new, gone in [
        ("[empty]\n", "", "empty"),
        ("[[a]]\nx = 1\n[[a]]\nx = 2\n", "[[a]]\nx = 1\n", "a"),
    ]:
        with pytest.raises(SetupError, match=f"'{gone}' would"):
            check_edit(old, OUR_TOP + new + ours, "OpenAI", SETTINGS)


def test_same_value_treats_nan_as_itself() -> None:
    assert toml_dialect.same_value(math.nan, math.nan)
    assert toml_dialect.same_value({"a": [math.nan]}, {"a": [math.nan]})
    assert not toml_dialect.same_value(math.nan, 1.0)
    assert not toml_dialect.same_value(1, True)


# --- the real Codex agrees ---------------------------------------------------------------------


def _codex_refuses(codex_bin: Path, home: Path, text: str) -> tuple[bool, str]:
    home.mkdir(mode=0o700)
    (home / "config.toml").write_bytes(text.encode())
    done = run_codex(codex_bin, ["features", "list"], home, timeout=60)
    return done.returncode != 0, done.stderr


@pytest.mark.codex
def test_the_real_codex_agrees_with_the_corpus(
    each_codex: CodexRelease, tmp_path: Path, paths: AppPaths
) -> None:
    """`codex features list` loads the whole configuration: each tested Codex refuses exactly the
    INVALID files, at the line the doctor names, and loads every one once repair salvaged it."""
    codex_bin = each_codex.path
    cases: dict[str, tuple[str, int | None]] = {n: (t, None) for n, t in all_valid().items()}
    cases.update({name: (text, line) for name, (text, line) in INVALID.items()})
    salvaged = {}
    for name, (text, _line) in INVALID.items():
        write(paths.config_toml, text.encode())
        plan = plan_repair(read_state(paths, env={}))
        salvaged[name] = next(c.new_bytes for c in plan.changes if c.name == "config.toml")

    def verdict(name: str) -> tuple[str, bool, str, bool | None]:
        refused, stderr = _codex_refuses(codex_bin, tmp_path / name, cases[name][0])
        after = None
        if name in salvaged:
            data = salvaged[name]
            assert data is not None
            after, _ = _codex_refuses(codex_bin, tmp_path / f"{name}-repaired", data.decode())
        return name, refused, stderr, after

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(verdict, sorted(cases)))
    disagreements = []
    for name, refused, stderr, after in results:
        expected_line = cases[name][1]
        if refused != (expected_line is not None):
            disagreements.append(f"{name}: Codex {'refuses' if refused else 'loads'} it")
            continue
        if refused:
            where = re.search(r"config\.toml:(\d+):\d+:", stderr)
            assert where, stderr
            # Codex names the end of the file for a string that never closes; we name its start.
            if name != "unclosed_multiline":
                assert int(where.group(1)) == expected_line, (name, stderr)
            if after:
                disagreements.append(f"{name}: Codex still refuses the repaired file")
    assert not disagreements, disagreements


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[model]\nx = 1\n", "'model' is a [table], where Codex expects text"),
        ("[[model_providers]]\nx = 1\n", "'model_providers' is a list"),
        ('model_providers.OpenAI = "x"\n', "'model_providers.OpenAI' is a text"),
        ("notice = 3\n", "'notice' is a number"),
    ],
)
def test_configure_names_a_setting_of_ours_written_as_the_wrong_kind(
    paths: AppPaths, good_key: str, text: str, named: str
) -> None:
    write(paths.config_toml, text)
    settings = CodexSettings(
        base_url=SETTINGS.base_url, acknowledge_migrations=(("gpt-5.5", "gpt-6-sol"),)
    )
    with pytest.raises(SetupError) as refused:
        plan_configure(paths, good_key, settings)
    assert named in refused.value.message
    assert "Codex refuses this file" in refused.value.hint
    assert "by hand" not in refused.value.hint
    assert paths.config_toml.read_text() == text


def test_the_repair_preview_shows_a_control_character_instead_of_breaking_the_line(
    paths: AppPaths,
) -> None:
    write(paths.config_toml, 'model = "gpt-5.5"\na = true\x0b\nb = 2\n')
    plan = plan_repair(read_state(paths, env={}))
    diff = plan.diff()
    assert "-a = true<U+000B>\n" in diff
    assert "+# a = true<U+000B>\n" in diff
    assert "\x0b" not in diff
    assert any("Line 2 is now a comment: an invisible character, U+000B" in n for n in plan.notes)


def test_configure_refuses_to_rearrange_the_file_and_says_which_line(
    paths: AppPaths, good_key: str
) -> None:
    """tomlkit moves a table written between the entries of an [[array]] of tables to the end:
    the values stay, the person's layout would not. Configure stops and names the line."""
    text = '[[fruit]]\nname = "apple"\n\n[other]\ncolor = "red"\n\n[[fruit.variety]]\nname = "x"\n'
    write(paths.config_toml, text)
    with pytest.raises(SetupError) as refused:
        plan_configure(paths, good_key, SETTINGS)
    assert refused.value.code == "config_toml_unsafe_edit"
    assert "line 4 of your file ('[other]')" in refused.value.message
    assert "[[array]]" in refused.value.hint
    assert paths.config_toml.read_text() == text


# Characters and fragments that make or break TOML, to mutate the corpus with.
_MUTATIONS = [chr(c) for c in range(0x20)] + [
    "\x7f", "\u0660", "\u00a0", "\ufeff", "\u3000", '"', "'", "[", "]", "{", "}", "=", "#", ",",
    ".", "_", "0", "9", "e", "+", "-", ":", "T", "Z", " ", "\n", "\\", "x", "\u00e9", "\r\n",
    "\n[t]\n", "\n[[a]]\n", "z = 1\n",
]  # fmt: skip


@pytest.mark.codex
@pytest.mark.slow
def test_the_doctor_and_the_real_codex_agree_on_mutated_files(
    codex_bin: Path, tmp_path: Path
) -> None:
    """Differential check of the dialect reader against the pinned Codex: corpus files with a
    character or two inserted, deleted or replaced (seeded, so a failure can be replayed)."""
    import random

    rng = random.Random(12)
    bases = list(all_valid().values())
    cases = []
    for _ in range(160):
        text = rng.choice(bases)
        for _ in range(rng.randint(1, 2)):
            at = rng.randint(0, len(text))
            roll = rng.random()
            if roll < 0.6:
                text = text[:at] + rng.choice(_MUTATIONS) + text[at:]
            elif roll < 0.8:
                text = text[:at] + text[at + 1 :]
            else:
                text = text[:at] + rng.choice(_MUTATIONS) + text[at + 1 :]
        cases.append(text)

    def verdict(item: tuple[int, str]) -> tuple[str, bool]:
        number, text = item
        refused, _stderr = _codex_refuses(codex_bin, tmp_path / f"m{number}", text)
        return text, refused

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(verdict, enumerate(cases)))
    assert sum(refused for _t, refused in results) > 20  # the mutations do break files
    wrong = [
        (text, "Codex refuses" if refused else "Codex loads")
        for text, refused in results
        if refused != (toml_dialect.find_error(text) is not None)
    ]
    assert not wrong, wrong

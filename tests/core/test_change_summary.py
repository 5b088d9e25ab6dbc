"""The plain summary of a configuration plan (Qt-free): what changes, what stays, backups."""

from __future__ import annotations

from app.core.change_summary import kept_settings, summarise_configuration
from app.core.configure import prepare_configuration
from app.core.paths import AppPaths
from app.core.usertext import classify_note
from tests.conftest import GOOD_TEST_KEY, write

PERSONAL = """\
approval_policy = "on-request"
model = "o3"

[mcp_servers.docs]
command = "docs-server"

[mcp_servers.search]
command = "search-server"

[projects."/home/me/work"]
trust_level = "trusted"

[projects."/home/me/play"]
trust_level = "trusted"

[model_providers.company]
name = "Company"
base_url = "https://llm.example.com/v1"
"""


def test_kept_settings_count_what_a_person_has() -> None:
    kept = kept_settings(PERSONAL)
    assert (kept.tools, kept.projects, kept.providers, kept.other) == (2, 2, 1, 1)
    assert kept_settings("") == kept_settings("not [valid") == kept_settings("model = 1")


def test_first_setup_has_nothing_to_back_up(paths: AppPaths) -> None:
    prepared = prepare_configuration(
        paths, GOOD_TEST_KEY, "https://api.tokenpool.dev", offline=True
    )
    summary = summarise_configuration(prepared)
    assert summary.nothing_to_back_up
    assert summary.changes_anything and summary.writes_key and summary.writes_config
    assert summary.host == "api.tokenpool.dev"
    assert summary.kept.total == 0


def test_existing_settings_are_counted_and_backed_up(paths: AppPaths) -> None:
    write(paths.config_toml, PERSONAL)
    prepared = prepare_configuration(
        paths, GOOD_TEST_KEY, "https://api.tokenpool.dev", offline=True, model="gpt-5.5"
    )
    summary = summarise_configuration(prepared)
    assert summary.existing_files == ("config.toml",)
    assert not summary.nothing_to_back_up
    assert (summary.kept.tools, summary.kept.projects, summary.kept.providers) == (2, 2, 1)
    assert summary.model == "gpt-5.5"


def test_notes_get_codes_and_params() -> None:
    upgrade = classify_note(
        'Codex will not offer to switch you from "gpt-5.5" to "gpt-6-sol": TokenPool does not '
        "offer that model."
    )
    assert upgrade.code == "model_upgrade_kept"
    assert upgrade.values == {"old": "gpt-5.5", "new": "gpt-6-sol"}
    assert classify_note("Something new the core says.").code == "note"

    class Coded:  # a note the core already gives a code (the doctor/repair helpers add these)
        code = "setting_removed"
        text = "Removed 'x'."
        params = (("name", "x"),)

    coded = classify_note(Coded())
    assert (coded.code, coded.values, coded.text) == (
        "setting_removed",
        {"name": "x"},
        "Removed 'x'.",
    )

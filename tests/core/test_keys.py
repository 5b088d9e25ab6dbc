from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.keys import check_key, is_key_like, mask_key, normalise_pasted_key

KEY51 = "sk-" + "a1B2c3D4e5F6" * 4  # one-api / new-api: sk- + 48 alphanumerics
KEY67 = "sk-" + "0123456789abcdef" * 4  # Sub2API: sk- + 64 lowercase hex
PROJECT_KEY = "sk-proj-" + "Ab3_-x" * 26  # OpenAI project key, 164 characters


@pytest.mark.parametrize(
    "pasted",
    [
        KEY51,
        f"  {KEY51}\n",
        f"\n\t{KEY51}\r\n",
        f"'{KEY51}'",
        f'"{KEY51}"',
        f"`{KEY51}`",
        f"“{KEY51}”",
        f"Bearer {KEY51}",
        f"bearer {KEY51}",
        f"BEARER   {KEY51}",
        f"Authorization: Bearer {KEY51}",
        f'"Bearer {KEY51}"',
        f"OPENAI_API_KEY={KEY51}",
        f'export OPENAI_API_KEY="{KEY51}"',
        f"export OPENAI_API_KEY='{KEY51}';",
        f"set OPENAI_API_KEY={KEY51}",
        f'setx OPENAI_API_KEY "{KEY51}"',
        f'$env:OPENAI_API_KEY = "{KEY51}"',
        f'OPENAI_API_KEY = "{KEY51}"',
        json.dumps({"OPENAI_API_KEY": KEY51}),
        json.dumps({"auth_mode": "apikey", "OPENAI_API_KEY": KEY51}, indent=2),
        "\ufeff" + json.dumps({"OPENAI_API_KEY": KEY51}),
        f"\u200b{KEY51}\u200d",
        f"{KEY51[:10]}\u200c{KEY51[10:]}\u2060",
        f"\u00a0{KEY51}\u00a0",
        f"\u3000{KEY51}\u202f",
        "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in KEY51),  # full-width
    ],
)
def test_normalise_finds_the_key(pasted: str) -> None:
    result = normalise_pasted_key(pasted)
    assert result.key == KEY51
    assert result.endpoint is None
    assert check_key(result.key).ok


def test_normalise_explains_what_it_cleaned() -> None:
    assert normalise_pasted_key(KEY51).notes == ()
    assert normalise_pasted_key(f'"{KEY51}"').notes
    assert normalise_pasted_key(f"\u200b{KEY51}").notes
    assert normalise_pasted_key(json.dumps({"OPENAI_API_KEY": KEY51})).notes


def test_ccswitch_link_gives_key_and_endpoint() -> None:
    link = (
        "ccswitch://v1/import?resource=provider&app=codex&name=TokenPool"
        f"&endpoint=https%3A%2F%2Fapi.clawto.link&apiKey={KEY67}"
    )
    result = normalise_pasted_key(f"  {link}\n")
    assert result.key == KEY67
    assert result.endpoint == "https://api.clawto.link"


def test_whole_config_toml_and_auth_json_paste() -> None:
    pasted = f"""model_provider = "OpenAI"
model = "gpt-5.5"

[model_providers.OpenAI]
name = "OpenAI"
base_url = "https://api.tokenpool.dev"
wire_api = "responses"
requires_openai_auth = true

{{
  "OPENAI_API_KEY": "{KEY51}"
}}
"""
    result = normalise_pasted_key(pasted)
    assert result.key == KEY51
    assert result.endpoint == "https://api.tokenpool.dev"


def test_config_toml_with_key_line_instead_of_auth_json() -> None:
    pasted = f'base_url = "https://api.clawto.link/v1"\nOPENAI_API_KEY = "{KEY67}"\n'
    result = normalise_pasted_key(pasted)
    assert (result.key, result.endpoint) == (KEY67, "https://api.clawto.link/v1")


def test_key_never_in_repr() -> None:
    pasted = normalise_pasted_key(KEY51)
    check = check_key(KEY51)
    assert KEY51 not in repr(pasted)
    assert KEY51 not in repr(check) and KEY51[3:20] not in repr(check)
    for problem in check_key(KEY51 + " x").problems:
        assert KEY51 not in problem.message


@pytest.mark.parametrize("key", [KEY51, KEY67, PROJECT_KEY, "sk-svcacct-" + "a" * 156])
def test_known_formats_are_clean(key: str) -> None:
    check = check_key(key)
    assert check.ok and check.problems == ()


@pytest.mark.parametrize(
    ("key", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("sk-abc...wxyz", "masked"),
        ("sk-abc…wxyz", "masked"),
        ("sk-ab**********************wxyz", "masked"),
        ("sk-••••••••••••wxyz", "masked"),
        (KEY51 + KEY51, "typed_twice"),
        (KEY51 + " " + KEY51, "typed_twice"),
        (KEY51 + "\n" + KEY51, "typed_twice"),
        (KEY51[:20] + " " + KEY51[20:], "whitespace_inside"),
        (KEY51[:20] + "\n" + KEY51[20:], "whitespace_inside"),
        (KEY51[:-1] + "é", "bad_characters"),
        (KEY51[:-1] + "/", "bad_characters"),
        ("sk-abc123", "too_short"),
        ("abc", "too_short"),
        ("sk-" + "a" * 400, "too_long"),
        ("https://api.clawto.link", "looks_like_url"),
    ],
)
def test_errors(key: str, code: str) -> None:
    check = check_key(key)
    assert not check.ok
    assert code in check.codes()
    problem = next(p for p in check.problems if p.code == code)
    assert problem.severity == "error"
    assert len(problem.message) > 20


def test_masked_message_tells_what_to_do() -> None:
    (problem,) = check_key("sk-abc…wxyz").problems
    assert "masked key" in problem.message and "Copy the full key" in problem.message


@pytest.mark.parametrize(
    ("key", "codes"),
    [
        ("sk-" + "a1" * 30, ("unknown_length",)),  # plausible custom Sub2API key
        (KEY51[:-3], ("unknown_length",)),  # 48 long: maybe cut, but keys vary
        ("my-custom-key-0123456789", ("unknown_length", "no_sk_prefix")),
        ("0123456789abcdef" * 3 + "fedcba9876543210", ("unknown_length", "no_sk_prefix")),
    ],
)
def test_warnings_only(key: str, codes: tuple[str, ...]) -> None:
    check = check_key(key)
    assert check.ok
    assert check.codes() == codes
    assert all(p.severity == "warning" for p in check.problems)


def test_mask_key_shape() -> None:
    assert mask_key(KEY51) == "sk-a1B…e5F6"
    assert mask_key("") == ""
    assert mask_key("a") == "…"
    assert mask_key("abcdefgh") == "ab…gh"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (KEY51, True),
        (KEY67, True),
        (f"Bearer {KEY51}", True),
        ("0123456789abcdef0123456789abcdef", True),
        ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefghijk", True),
        ("gpt-5.5", False),
        ("gpt-5.1-codex-max-2025-11-20", False),
        ("https://api.clawto.link/v1", False),
        ("/home/someone/projects/very-long-project-name-1", False),
        ("responses", False),
        ("123e4567-e89b-12d3-a456-426614174000", False),
        ("OpenAI", False),
        ("", False),
    ],
)
def test_is_key_like(value: str, expected: bool) -> None:
    assert is_key_like(value) is expected


def _revealed(masked: str) -> int:
    return len(masked.replace("…", ""))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalise_and_check_never_raise(text: str) -> None:
    pasted = normalise_pasted_key(text)
    check = check_key(pasted.key)
    check_key(text)
    assert isinstance(check.ok, bool)
    assert _revealed(check.key_masked) <= 10


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=0, max_size=300))
def test_mask_never_reveals_more_than_ten_or_half(key: str) -> None:
    masked = mask_key(key)
    assert _revealed(masked) <= min(10, len(key.strip()) // 2)


@settings(max_examples=200, deadline=None)
@given(
    body=st.text(
        alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
        min_size=48,
        max_size=48,
    ),
    wrapper=st.sampled_from(
        ["{}", " {} ", "'{}'", '"{}"', "Bearer {}", "export OPENAI_API_KEY={}", "\u200b{}\n"]
    ),
)
def test_wrapped_valid_keys_come_back_clean(body: str, wrapper: str) -> None:
    key = "sk-" + body
    result = normalise_pasted_key(wrapper.format(key))
    assert result.key == key
    assert check_key(result.key).problems == ()


def test_experimental_bearer_token_line() -> None:
    assert normalise_pasted_key(f'experimental_bearer_token = "{KEY51}"').key == KEY51

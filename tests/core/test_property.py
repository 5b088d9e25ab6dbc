"""Property tests: planning never loses a key we do not own, whatever else the file holds."""

from __future__ import annotations

import string
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.codex_config import CodexSettings
from app.core.paths import resolve_paths
from app.core.plan import apply_plan, plan_configure
from tests.conftest import GOOD_TEST_KEY

OWNED_TOP = {"model", "model_provider", "review_model"}
names = st.text(string.ascii_lowercase + "_", min_size=1, max_size=12).filter(
    lambda n: n not in OWNED_TOP and n not in {"model_providers", "notice", "profile"}
)
scalars = st.one_of(
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
)
values = st.one_of(scalars, st.lists(scalars, max_size=4))
tables = st.dictionaries(names, values, max_size=5)
documents = st.fixed_dictionaries(
    {
        "top": st.dictionaries(names, values, max_size=6),
        "tables": st.dictionaries(names, tables, max_size=4),
        "providers": st.dictionaries(
            st.sampled_from(["azure", "local", "OpenAI", "tp"]),
            st.fixed_dictionaries(
                {"name": st.text(string.ascii_letters, min_size=1, max_size=10)},
                optional={
                    "base_url": st.sampled_from(["https://x.example/v1", "http://127.0.0.1:9"]),
                    "request_max_retries": st.integers(0, 9),
                },
            ),
            max_size=3,
        ),
        "comment": st.text(string.ascii_letters + " ", max_size=30),
    }
)


def render(doc: dict[str, Any]) -> str:
    out = tomlkit.document()
    out.add(tomlkit.comment(doc["comment"]))
    for key, value in doc["top"].items():
        out[key] = value
    for name, table in doc["tables"].items():
        if name in doc["top"]:
            continue
        out[name] = table
    if doc["providers"]:
        providers = tomlkit.table(is_super_table=True)
        for pid, table in doc["providers"].items():
            providers[pid] = table
        out["model_providers"] = providers
    return out.as_string()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.sampled_from(["https://api.clawto.link/v1", "https://x.example/v1"]))
def test_planning_never_loses_a_key_we_do_not_own(doc: dict[str, Any], base_url: str) -> None:
    text = render(doc)
    before = tomllib.loads(text)
    with tempfile.TemporaryDirectory() as tmp:
        paths = resolve_paths(Path(tmp) / "codex", Path(tmp) / "settings")
        paths.codex_home.mkdir()
        paths.config_toml.write_text(text, encoding="utf-8")
        apply_plan(plan_configure(paths, GOOD_TEST_KEY, CodexSettings(base_url=base_url)))
        new_text = paths.config_toml.read_text(encoding="utf-8")
        after = tomllib.loads(new_text)
        # Idempotent: planning again changes nothing.
        assert not plan_configure(paths, GOOD_TEST_KEY, CodexSettings(base_url=base_url)).changed
    for key, value in before.items():
        if key in OWNED_TOP:
            continue
        if key == "model_providers":
            pid = after["model_provider"]
            for other, table in value.items():
                if other != pid:
                    assert after["model_providers"][other] == table
                else:
                    for k, v in table.items():
                        if k not in ("name", "base_url", "wire_api", "requires_openai_auth"):
                            assert after["model_providers"][pid][k] == v
            continue
        assert after[key] == value, key
    if doc["comment"].strip():
        assert doc["comment"].strip() in new_text

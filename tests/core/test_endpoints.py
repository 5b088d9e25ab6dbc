from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.endpoints import (
    CATALOGUE,
    api_root,
    catalogue_entry,
    classify_base_url,
    models_url,
    responses_url,
    tidy_endpoint_url,
    website_refusal_reason,
    without_v1,
)
from app.core.errors import EndpointRefused


def test_catalogue() -> None:
    assert [e.url for e in CATALOGUE] == ["https://api.clawto.link", "https://api.tokenpool.dev"]
    assert [e.recommended for e in CATALOGUE] == [True, False]
    assert CATALOGUE[0].label == "Recommended"
    assert CATALOGUE[1].label == "Standard"


@pytest.mark.parametrize(
    ("typed", "tidy"),
    [
        ("https://api.clawto.link", "https://api.clawto.link"),
        ("api.clawto.link", "https://api.clawto.link"),
        ("  api.clawto.link/  ", "https://api.clawto.link"),
        ("HTTPS://API.Clawto.LINK//", "https://api.clawto.link"),
        ("https://api.tokenpool.dev/v1/", "https://api.tokenpool.dev/v1"),
        ("https://api.tokenpool.dev/v1/responses", "https://api.tokenpool.dev/v1"),
        ("https://api.tokenpool.dev/v1/chat/completions", "https://api.tokenpool.dev/v1"),
        ("https://gw.example.com/Some/Path/", "https://gw.example.com/Some/Path"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
        ("localhost:8080/v1", "https://localhost:8080/v1"),
        ("https://[::1]:9000", "https://[::1]:9000"),
        ('"https://api.clawto.link"', "https://api.clawto.link"),
        ("https://api.clawto.link/?utm=x#top", "https://api.clawto.link"),
        ("\u200bhttps://api.clawto.link\u00a0", "https://api.clawto.link"),
    ],
)
def test_tidy(typed: str, tidy: str) -> None:
    assert tidy_endpoint_url(typed) == tidy


@pytest.mark.parametrize(
    ("typed", "what"),
    [
        ("https://tokenpool.dev", "website"),
        ("tokenpool.dev", "website"),
        ("https://www.tokenpool.dev/", "website"),
        ("https://tokenpool.dev/console", "console"),
        ("https://tokenpool.dev/console/api-keys", "console"),
        ("https://cdn.tokenpool.dev", "CDN"),
        ("https://clawto.link", "website"),
        ("https://www.clawto.link", "website"),
        ("https://console.clawto.link/v1", "website"),
    ],
)
def test_website_console_cdn_refused(typed: str, what: str) -> None:
    with pytest.raises(EndpointRefused) as raised:
        tidy_endpoint_url(typed)
    message = raised.value.message
    assert f"is the TokenPool {what}, not the API" in message
    assert "https://api.clawto.link (recommended) or https://api.tokenpool.dev" in message
    assert raised.value.code == "website_not_api"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("ftp://api.clawto.link", "bad_scheme"),
        ("file:///etc/passwd", "bad_scheme"),
        ("https://", "no_host"),
        ("https://user:secret@api.clawto.link", "password_in_url"),
        ("https://api.clawto.link:notaport", "malformed"),
    ],
)
def test_refused(typed: str, code: str) -> None:
    with pytest.raises(EndpointRefused) as raised:
        tidy_endpoint_url(typed)
    assert raised.value.code == code
    assert "secret" not in str(raised.value)


def test_api_hosts_are_not_refused() -> None:
    assert website_refusal_reason("https://api.clawto.link") is None
    assert website_refusal_reason("https://api.tokenpool.dev/v1") is None
    assert website_refusal_reason("https://example.com") is None


def test_classify() -> None:
    verdict = classify_base_url("https://api.clawto.link")
    assert verdict.is_tokenpool and verdict.ok and not verdict.insecure
    assert classify_base_url("https://api.tokenpool.dev/v1").is_tokenpool
    website = classify_base_url("https://tokenpool.dev")
    assert not website.is_tokenpool and website.website_refusal_reason and not website.ok
    assert classify_base_url("http://api.clawto.link").insecure
    assert not classify_base_url("http://127.0.0.1:9/v1").insecure
    assert not classify_base_url("http://localhost:9").insecure
    assert not classify_base_url("http://[::1]:9").insecure
    assert classify_base_url("api.clawto.link").problem  # no scheme: Codex cannot use it
    assert classify_base_url("https://x:bad").problem


def test_url_shapes_never_double_v1() -> None:
    assert models_url("https://a.b") == "https://a.b/v1/models"
    assert models_url("https://a.b/v1") == "https://a.b/v1/models"
    assert models_url("https://a.b/v1/") == "https://a.b/v1/models"
    assert api_root("https://a.b/") == "https://a.b/v1"
    assert api_root("https://a.b/v1") == "https://a.b/v1"
    assert without_v1("https://a.b/openai/v1/") == "https://a.b/openai"
    assert responses_url("https://a.b") == "https://a.b/responses"
    assert responses_url("https://a.b/v1/") == "https://a.b/v1/responses"


def test_catalogue_entry() -> None:
    assert catalogue_entry("https://api.clawto.link/v1") == CATALOGUE[0]
    assert catalogue_entry("https://API.tokenpool.dev") == CATALOGUE[1]
    assert catalogue_entry("https://example.com") is None


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_tidy_only_raises_endpoint_refused(text: str) -> None:
    try:
        tidy = tidy_endpoint_url(text)
    except EndpointRefused:
        return
    assert tidy.startswith(("http://", "https://"))
    assert not tidy.endswith("/")
    assert tidy_endpoint_url(tidy) == tidy  # idempotent
    classify_base_url(tidy)

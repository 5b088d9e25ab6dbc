"""The gateway's model list: ``GET {base}/v1/models`` (``/v1`` added when missing, never doubled).

Reused by the probe (to prove an endpoint is the API, not a web page) and by the doctor's model
checks. Failures raise :class:`~app.core.net.http.NetworkFailure` (a
:class:`~app.core.errors.NetworkProblem`) whose ``code`` is an :data:`~app.core.net.http.ErrorKind`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from app.core.endpoints import models_url
from app.core.net.http import (
    DEFAULT_TIMEOUT,
    classify_exception,
    failure,
    is_json_content_type,
    kind_for_status,
    make_client,
    proxy_settings,
    retry_after_seconds,
)

if TYPE_CHECKING:
    import httpx


def list_models(
    base_url: str,
    key: str,
    client: httpx.Client | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> tuple[str, ...]:
    """Model ids the gateway offers to this key, in the gateway's order."""
    import httpx

    url = models_url(base_url)
    own_client = client is None
    http = make_client(timeout=timeout) if client is None else client
    try:
        try:
            response = http.get(url, headers=auth_headers(key), timeout=timeout)
        except httpx.HTTPError as exc:
            proxy = proxy_settings().for_url(url)
            kind = classify_exception(exc, via_proxy=proxy is not None)
            raise failure(kind, url, proxy=proxy) from None
        return models_from_response(response)
    finally:
        if own_client:
            http.close()


def auth_headers(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}", "Accept": "application/json"}


def models_from_response(response: httpx.Response) -> tuple[str, ...]:
    """The model ids in a ``/models`` answer, or :class:`NetworkFailure` saying what it was instead.

    The body must already be read. Content-Type is checked before parsing: gateways answer unknown
    paths with their website (HTML, status 200).
    """
    url = str(response.request.url)
    kind = kind_for_status(response.status_code)
    if kind is not None:
        retry_after = retry_after_seconds(response.headers) if kind == "rate_limited" else None
        raise failure(kind, url, status=response.status_code, retry_after=retry_after)
    if not is_json_content_type(response.headers.get("content-type")):
        raise failure("not_api", url, status=response.status_code)
    try:
        body = json.loads(response.content)
    except ValueError:
        raise failure("not_api", url, status=response.status_code) from None
    models = model_ids(body)
    if models is None:
        raise failure("not_api", url, status=response.status_code)
    return models


def model_ids(body: Any) -> tuple[str, ...] | None:
    """Ids from OpenAI's ``{"data": [{"id"}]}`` (or ``{"models": [...]}``); None if neither."""
    if not isinstance(body, dict) or ("error" in body and not body.get("data")):
        return None
    items = body.get("data")
    if not isinstance(items, list):
        items = body.get("models")
    if not isinstance(items, list):
        return None
    ids: list[str] = []
    for item in items:
        if isinstance(item, dict):
            value = item.get("id") or item.get("slug") or item.get("name")
        else:
            value = item
        if isinstance(value, str) and value and value not in ids:
            ids.append(value)
    return tuple(ids)

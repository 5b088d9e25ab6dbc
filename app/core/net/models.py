"""The gateway's model list: ``GET {base}/v1/models`` (``/v1`` added when missing, never doubled).

Reused by the probe (to prove an endpoint is the API, not a web page) and by the doctor's model
checks. Failures raise :class:`~app.core.net.http.NetworkFailure` (a
:class:`~app.core.errors.NetworkProblem`) whose ``code`` is an :data:`~app.core.net.http.ErrorKind`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.core.endpoints import models_url
from app.core.net.http import (
    DEFAULT_TIMEOUT,
    MODEL_LIST_MAX_BYTES,
    Answer,
    NetworkFailure,
    error_message_of,
    failure,
    fetch,
    kind_for_status,
    make_client,
    refuse_key_in_clear,
    retry_after_seconds,
    server_words,
)

if TYPE_CHECKING:
    import threading

    import httpx

# More ids than any gateway offers; what is past this is dropped (a hostile list cannot cost time
# or memory in everything that shows or compares the list).
MAX_MODELS = 2000


def list_models(
    base_url: str,
    key: str,
    client: httpx.Client | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    cancel: threading.Event | None = None,
) -> tuple[str, ...]:
    """Model ids the gateway offers to this key, in the gateway's order (within ``timeout``
    seconds in total, the list capped at :data:`MODEL_LIST_MAX_BYTES`)."""
    url = models_url(base_url)
    refuse_key_in_clear(url)
    own_client = client is None
    http = make_client(timeout=timeout) if client is None else client
    try:
        answer = fetch(
            http,
            "GET",
            url,
            timeout=timeout,
            max_bytes=MODEL_LIST_MAX_BYTES,
            headers=auth_headers(key),
            cancel=cancel,
        )
        return models_from_response(answer)
    finally:
        if own_client:
            http.close()


def auth_headers(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}", "Accept": "application/json"}


def models_from_response(answer: Answer) -> tuple[str, ...]:
    """The model ids in a ``/models`` answer, or :class:`NetworkFailure` saying what it was instead.

    Content-Type is checked before parsing: gateways answer unknown paths with their website
    (HTML, status 200).
    """
    url = answer.url
    kind = kind_for_status(answer.status)
    if kind is not None:
        retry_after = retry_after_seconds(answer.headers) if kind == "rate_limited" else None
        refused = failure(kind, url, status=answer.status, retry_after=retry_after)
        said = server_words(error_message_of(answer.json()))
        if said and kind != "not_api":
            # The server's own reason ("No connected db.", "not assigned to any group") says
            # more than any guess of ours.
            refused = NetworkFailure(
                kind,
                f'{refused.message} It said: "{said}"',
                refused.hint,
                status=refused.status,
                retry_after=refused.retry_after,
            )
        raise refused
    if answer.too_many_items():
        raise failure("too_large", url, status=answer.status)
    body = answer.json()
    models = model_ids(body) if body is not None else None
    if models is None:
        raise failure("not_api", url, status=answer.status)
    return models


def model_ids(body: Any, *, limit: int = MAX_MODELS) -> tuple[str, ...] | None:
    """Ids from OpenAI's ``{"data": [{"id"}]}`` (or ``{"models": [...]}``); None if neither.
    Duplicates are dropped in linear time, and at most ``limit`` ids are kept."""
    if not isinstance(body, dict) or ("error" in body and not body.get("data")):
        return None
    items = body.get("data")
    if not isinstance(items, list):
        items = body.get("models")
    if not isinstance(items, list):
        return None
    ids: dict[str, None] = {}
    for item in items:
        if isinstance(item, dict):
            value = item.get("id") or item.get("slug") or item.get("name")
        else:
            value = item
        if isinstance(value, str) and value:
            ids[value[:200]] = None
            if len(ids) >= limit:
                break
    return tuple(ids)

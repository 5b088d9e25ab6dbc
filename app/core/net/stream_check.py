"""One real request, asked the way Codex asks: ``POST {base}/responses`` with ``"stream": true``,
the Server-Sent Events read as they come, within a total deadline and a size cap.

A gateway can answer every check green (the model list, a non-streamed answer) and still fail
every streamed answer (a 500, or an ``error`` event after ``200 OK``): then Codex gets nothing.
The doctor (``--online``) and the wizard's test without Codex use this, so they fail too.

Built on the client of ``app.core.net.http`` (proxies, verified TLS); this module only bounds the
stream it reads and says what went wrong.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from app.core.endpoints import key_goes_in_clear, responses_url
from app.core.keys import mask_key
from app.core.net.http import classify_exception, explain, host_of, kind_for_status, make_client

STREAM_DEADLINE_S = 60.0  # connect + headers + the whole stream
MAX_STREAM_BYTES = 2_000_000  # a short test reply is a few kB; an error page a few more
MAX_ERROR_BYTES = 64_000
_KEY_LIKE = re.compile(r"\b(?:sk|sk_)[-_A-Za-z0-9]{12,}")


@dataclass(frozen=True)
class StreamCheck:
    """What a streamed ``/responses`` answered: the reply, or why there is none (``code`` is an
    ErrorKind of ``app.core.net.http``, ``model_not_offered``, ``stream_failed`` or
    ``empty_reply``; ``message`` is plain English, with the server's own words when it gave
    some)."""

    ok: bool
    reply: str = ""
    code: str = ""
    message: str = ""
    status: int | None = None
    params: dict[str, str] = field(default_factory=dict)


def check_responses_stream(
    base_url: str,
    key: str,
    model: str,
    prompt: str,
    *,
    client: Any = None,
    deadline_s: float = STREAM_DEADLINE_S,
    max_bytes: int = MAX_STREAM_BYTES,
) -> StreamCheck:
    """Send one small streamed request where Codex would, and read it to its end (or until the
    deadline or the cap)."""
    import httpx

    url = responses_url(base_url)
    host = host_of(url)
    if key_goes_in_clear(url):  # the network layer's one rule, said in its words
        message, suggestion = explain("insecure_http", host=host)
        return StreamCheck(
            False, code="insecure_http", message=f"{message} {suggestion}", params={"host": host}
        )
    body = {"model": model, "input": prompt, "stream": True, "store": False}
    headers = {"Authorization": f"Bearer {key}", "Accept": "text/event-stream"}
    own = client is None
    http = make_client(timeout=min(deadline_s, 30.0)) if own else client
    try:
        with http.stream("POST", url, headers=headers, json=body) as response:
            if response.status_code >= 400:
                return _refused(response, key, model, host, deadline_s)
            return _read_answer(response, key, host, time.monotonic() + deadline_s, max_bytes)
    except httpx.HTTPError as exc:
        kind = classify_exception(exc)
        message, hint = explain(kind, host=host)
        return StreamCheck(
            False, code=kind, message=f"{message} {hint}".strip(), params={"host": host}
        )
    finally:
        if own:
            http.close()


def _refused(response: Any, key: str, model: str, host: str, deadline_s: float) -> StreamCheck:
    status = int(response.status_code)
    said = _server_words(
        _read_capped(response, time.monotonic() + deadline_s, MAX_ERROR_BYTES), key
    )
    if status == 404:
        return StreamCheck(
            False,
            code="model_not_offered",
            message=f"The gateway does not offer the model {model} (404). "
            "Go back and choose another model.",
            status=status,
            params={"model": model, "host": host},
        )
    kind = kind_for_status(status) or "server_error"
    message, hint = explain(kind, host=host)
    words = f' It said: "{said}".' if said else ""
    return StreamCheck(
        False,
        code=kind,
        message=f"{message.rstrip('.')} (HTTP {status}).{words} {hint}".strip(),
        status=status,
        params={"host": host, "status": str(status)},
    )


def _read_answer(
    response: Any, key: str, host: str, deadline: float, max_bytes: int
) -> StreamCheck:
    content_type = response.headers.get("content-type", "")
    if "event-stream" not in content_type.lower():
        # Some gateways never stream: one JSON body is an answer too.
        return judge_body(content_type, _read_capped(response, deadline, max_bytes), key, host)
    return _judge_events(_events(response, deadline, max_bytes), key, host)


def judge_body(content_type: str, text: str, key: str = "", host: str = "") -> StreamCheck:
    """A whole Responses answer, streamed (Server-Sent Events) or one JSON object, whichever the
    gateway sent (some stream whatever was asked, some never stream)."""
    if "event-stream" in content_type.lower() or text.lstrip().startswith(("event:", "data:")):
        return _judge_events(events_of_text(text), key, host)
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    error = _error_in(data)
    if error:
        return _stream_failed(error, key, host)
    reply = output_text(data)
    return StreamCheck(True, reply) if reply else _empty(host)


def _judge_events(events: Iterator[dict[str, Any]], key: str, host: str) -> StreamCheck:
    deltas: list[str] = []
    final = ""
    try:
        for event in events:
            kind = str(event.get("type") or "")
            error = _error_in(event)
            if error or kind in ("error", "response.failed", "response.incomplete"):
                return _stream_failed(error or kind, key, host)
            if kind == "response.output_text.delta" and isinstance(event.get("delta"), str):
                deltas.append(event["delta"])
            elif kind in ("response.completed", "response.done"):
                final = output_text(event.get("response"))
    except _Stopped as stop:
        return StreamCheck(False, code=stop.code, message=stop.message, params={"host": host})
    reply = "".join(deltas).strip() or final
    return StreamCheck(True, reply) if reply else _empty(host)


def _stream_failed(said: str, key: str, host: str) -> StreamCheck:
    words = _server_words(said, key)
    return StreamCheck(
        False,
        code="stream_failed",
        message=f"{host} accepted the request but its streamed answer failed"
        + (f': "{words}"' if words else "")
        + ". Codex gets no reply there; try again later or ask the gateway's operator.",
        params={"host": host, "detail": words},
    )


def _empty(host: str) -> StreamCheck:
    return StreamCheck(
        False, code="empty_reply", message="The gateway's reply was empty.", params={"host": host}
    )


class _Stopped(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _chunks(response: Any, deadline: float, max_bytes: int) -> Iterator[bytes]:
    """The body as it arrives, stopped at the deadline or the cap (whichever comes first)."""
    seen = 0
    for chunk in response.iter_bytes():
        seen += len(chunk)
        if seen > max_bytes:
            raise _Stopped("stream_failed", "The gateway's answer was far too long; stopped.")
        if time.monotonic() > deadline:
            raise _Stopped("timeout", "The gateway did not finish its answer in time.")
        yield chunk


def _read_capped(response: Any, deadline: float, max_bytes: int) -> str:
    try:
        data = b"".join(_chunks(response, deadline, max_bytes))
    except _Stopped:
        return ""
    return data.decode("utf-8", errors="replace")


def _events(response: Any, deadline: float, max_bytes: int) -> Iterator[dict[str, Any]]:
    """Each ``data:`` object of a Server-Sent Events stream, as it arrives."""
    pending = b""
    for chunk in _chunks(response, deadline, max_bytes):
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for line in lines:
            event = _event_of_line(line.decode("utf-8", errors="replace"))
            if event is not None:
                yield event
    event = _event_of_line(pending.decode("utf-8", errors="replace"))
    if event is not None:
        yield event


def events_of_text(text: str) -> Iterator[dict[str, Any]]:
    for line in text.splitlines():
        event = _event_of_line(line)
        if event is not None:
            yield event


def _event_of_line(line: str) -> dict[str, Any] | None:
    line = line.strip()
    if not line.startswith("data:"):
        return None
    data = line[5:].strip()
    if not data or data == "[DONE]":
        return None
    try:
        event = json.loads(data)
    except ValueError:
        return None
    return event if isinstance(event, dict) else None


def _error_in(data: Any) -> str:
    """The error a gateway put in a body or an event (``{"error": {"message": …}}``, a failed
    response), in its words; "" when there is none."""
    if not isinstance(data, dict):
        return ""
    error = data.get("error")
    response = data.get("response")
    if error is None and isinstance(response, dict) and response.get("status") == "failed":
        error = response.get("error") or "the response failed"
    if isinstance(error, dict):
        return str(error.get("message") or error.get("code") or error.get("type") or "error")
    return str(error) if error else ""


def _server_words(text: str, key: str) -> str:
    """What the server said, short, on one line, with any key in it masked."""
    try:
        said = _error_in(json.loads(text)) or text
    except ValueError:
        said = text
    said = " ".join(said.split())[:300]
    if key:
        said = said.replace(key, mask_key(key))
    return _KEY_LIKE.sub(lambda m: mask_key(m.group(0)), said)


def output_text(data: Any) -> str:
    """The assistant's text in a Responses object (``output_text``, else the output items)."""
    if not isinstance(data, dict):
        return ""
    if isinstance(data.get("output_text"), str):
        return str(data["output_text"]).strip()
    parts: list[str] = []
    for item in data.get("output") or []:
        for content in (item or {}).get("content") or []:
            if isinstance(content, dict) and isinstance(content.get("text"), str):
                parts.append(content["text"])
    return "".join(parts).strip()

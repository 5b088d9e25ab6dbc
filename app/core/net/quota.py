"""How much quota the key has left, from whichever relay convention the gateway speaks.

TokenPool documents no quota API; gateways of its kind run one of three relays (quota-apis.md):

- ``sub2api``: ``GET {base}/v1/usage`` (USD; ``remaining: -1`` = unlimited).
- ``newapi``: ``GET {root}/api/usage/token/`` (raw units ÷ ``quota_per_unit`` from the
  unauthenticated ``GET {root}/api/status``, default 500000 = 1 USD).
- ``oneapi``: the legacy billing pair ``/v1/dashboard/billing/subscription`` + ``/usage``
  (``total_usage`` in cents; ``hard_limit_usd`` ≥ 1e8 = unlimited).

The conventions are tried in turn (the caller's ``hint_source`` first — it persists which one
answered per endpoint; there is no cache here). Unknown paths often answer with the website (HTML,
status 200), so Content-Type is checked before parsing; 404/HTML/non-JSON everywhere gives one calm
``not_available``. An exhausted or expired key is reported as such, never as "invalid key". Every
request has a bounded timeout and nothing is retried.
"""

from __future__ import annotations

import dataclasses
import math
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from app.core.amounts import format_amount, is_plausible_amount
from app.core.endpoints import api_root, without_v1
from app.core.net.http import (
    DEFAULT_TIMEOUT,
    QUOTA_MAX_BYTES,
    Answer,
    NetworkFailure,
    error_message_of,
    explain,
    fetch,
    host_of,
    key_goes_in_clear,
    make_client,
    retry_after_seconds,
    server_words,
)
from app.core.net.models import auth_headers

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    import httpx

QuotaSource = Literal["sub2api", "newapi", "oneapi"]
QuotaStatus = Literal["ok", "exhausted", "expired", "invalid_key", "not_available", "error"]
SOURCES: tuple[QuotaSource, ...] = ("sub2api", "newapi", "oneapi")

NEWAPI_DEFAULT_QUOTA_PER_UNIT = 500_000
ONEAPI_UNLIMITED_USD = 100_000_000
_CONSOLE = "https://tokenpool.dev/console"

# Words relays use when refusing a key that is merely used up or expired (one-api answers 401).
_EXHAUSTED_MARKERS = (
    "额度已用尽",
    "余额不足",
    "insufficient_quota",
    "quota exhausted",
    "quota_exhausted",
    # Older Sub2API runs its billing check before the usage route (quota-apis.md §1).
    "insufficient_balance",
    "usage_limit_exceeded",
    "subscription_not_found",
)
_EXPIRED_MARKERS = ("已过期", "expired")


@dataclass(frozen=True)
class Quota:
    """What a relay says the key may still spend: amounts in one unit (or unlimited), until when."""

    remaining: float | None
    used: float | None
    total: float | None
    unit: str
    unlimited: bool
    expires_at: datetime | None
    source: QuotaSource
    plan_name: str | None = None
    period: str | None = None  # "daily"/"weekly"/"monthly" for a Sub2API subscription limit


@dataclass(frozen=True)
class QuotaResult:
    """One quota look-up: the quota, or why there is none (used up, expired, refused, not
    offered, a network failure), with a sentence saying so."""

    status: QuotaStatus
    quota: Quota | None
    message: str
    source: QuotaSource | None = None  # which convention answered: store it per endpoint
    # For failures: the network ErrorKind (``timeout``, ``proxy``, ``rate_limited``…) so a UI can
    # word it in its language, and the server's ``Retry-After`` on 429.
    kind: str | None = None
    retry_after_s: float | None = None


class _Impossible(Exception):
    """A number no gateway can mean (non-finite, absurdly large or negative)."""


class _Done(Exception):
    """Stops detection with a final answer (network trouble, a refused key, ...)."""

    def __init__(self, result: QuotaResult) -> None:
        super().__init__(result.status)
        self.result = result


def fetch_quota(
    base_url: str,
    key: str,
    client: httpx.Client | None = None,
    hint_source: QuotaSource | str | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    total_timeout: float = 15.0,
    proxy_env: Mapping[str, str] | None = None,
) -> QuotaResult:
    """The key's quota, or a plain statement why it is not available. Never raises for network
    trouble; ``timeout`` bounds each request and ``total_timeout`` all of them together.
    ``proxy_env``: proxy variables to use instead of the environment/OS settings (the tray reads
    them afresh for every request); also used to word a failure ("the proxy … refused")."""
    order = [s for s in SOURCES if s == hint_source] + [s for s in SOURCES if s != hint_source]
    if key_goes_in_clear(base_url.strip()):
        message, suggestion = explain("insecure_http", host=host_of(base_url))
        return QuotaResult("error", None, f"{message} {suggestion}", kind="insecure_http")
    own_client = client is None
    http = make_client(timeout=timeout, proxy_env=proxy_env) if client is None else client
    deadline = time.monotonic() + max(timeout, total_timeout)
    reader = _Reader(http, base_url.strip().rstrip("/"), key, timeout, deadline, proxy_env)
    detectors: dict[QuotaSource, Callable[[], QuotaResult | None]] = {
        "sub2api": reader.sub2api,
        "newapi": reader.newapi,
        "oneapi": reader.oneapi,
    }
    try:
        for source in order:
            try:
                result = detectors[source]()
            except _Impossible:
                result = _impossible(base_url, source)
            if result is not None:
                return _masked(result, key)
        if reader.refusal is None and not reader.server_errors:
            # No quota route here. Before saying so, make sure the key itself is accepted: a
            # gateway such as LiteLLM has no quota route but refuses a bad key on /models in its
            # own words ("No connected db."), and "does not report" would hide that.
            reader.check_key()
    except _Done as done:
        return _masked(done.result, key)
    finally:
        if own_client:
            http.close()
    if reader.refusal is not None:
        # A route answered with the server's own reason (Sub2API's "not assigned to any group",
        # LiteLLM's "No connected db."): that reason is the answer, not "does not report".
        return _masked(reader.refusal, key)
    if reader.server_errors and not reader.other_answers:
        status, said = reader.last_server_error
        message, suggestion = explain("server_error", host=host_of(base_url), status=status)
        said_text = f' It said: "{said}"' if said else ""
        return QuotaResult("error", None, f"{message}{said_text} {suggestion}", kind="server_error")
    return QuotaResult(
        "not_available",
        None,
        f"This endpoint does not report the remaining quota. You can see it in the TokenPool "
        f"console: {_CONSOLE}.",
    )


class _Reader:
    """Talks to one gateway for one fetch; remembers what kinds of non-answers it saw."""

    def __init__(
        self,
        client: httpx.Client,
        base: str,
        key: str,
        timeout: float,
        deadline: float,
        proxy_env: Mapping[str, str] | None = None,
    ) -> None:
        self.proxy_env = proxy_env
        self.client = client
        self.base = base
        self._key = key
        self.timeout = timeout
        self.deadline = deadline
        self.server_errors = 0
        self.other_answers = 0
        self.last_server_error: tuple[int | None, str] = (None, "")
        # The first refusal in the server's own words that did not end detection (a 4xx with a
        # JSON message on a quota route); said if no convention answers.
        self.refusal: QuotaResult | None = None

    # -- transport -------------------------------------------------------------------------------

    def get(
        self, url: str, *, authenticated: bool = True, params: dict[str, str] | None = None
    ) -> Answer:
        headers = auth_headers(self._key) if authenticated else {"Accept": "application/json"}
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            message, suggestion = explain("timeout", host=host_of(url))
            raise _Done(QuotaResult("error", None, f"{message} {suggestion}", kind="timeout"))
        try:
            return fetch(
                self.client,
                "GET",
                url,
                timeout=min(self.timeout, remaining),
                max_bytes=QUOTA_MAX_BYTES,
                headers=headers,
                params=params,
            )
        except NetworkFailure as failed:
            raise _Done(
                QuotaResult("error", None, f"{failed.message} {failed.hint}", kind=failed.kind)
            ) from None

    def json_of(self, response: Answer) -> Any | None:
        """The JSON body, or None when it is not JSON (website HTML, redirects, 404 pages...)."""
        body = response.json()
        if response.status >= 500:
            self.server_errors += 1
            said = error_message_of(body)
            self.last_server_error = (response.status, server_words(said, self._key))
            return None
        self.other_answers += 1
        return body

    def note_refusal(self, response: Answer, body: Any, source: QuotaSource) -> None:
        """Remember a 4xx whose JSON says why (in the server's words) for the final answer."""
        said = error_message_of(body)
        # 404/405/410: the route does not exist here, which says nothing about the key.
        if self.refusal is not None or not said or response.status not in (400, 401, 402, 403):
            return
        words = server_words(said, self._key)
        host = host_of(self.base)
        if response.status in (401, 403):
            self.refusal = QuotaResult(
                "invalid_key",
                None,
                f'{host} refused this key (HTTP {response.status}) and said: "{words}" '
                f"Check the key in the TokenPool console: {_CONSOLE}/api-keys.",
                source,
                kind="server_message",
            )
        else:
            self.refusal = QuotaResult(
                "error",
                None,
                f'{host} could not answer (HTTP {response.status}) and said: "{words}" '
                "Check the key; if it is right, the gateway itself has a problem: try again "
                "later.",
                source,
                kind="server_message",
            )

    def check_key(self) -> None:
        """``GET {base}/v1/models`` (spends no quota): a refusal there, in the server's words,
        becomes the answer (:attr:`refusal`); any other outcome changes nothing."""
        try:
            response = self.get(api_root(self.base) + "/models")
        except _Done:
            return  # the network failed only now: "does not report" stays the honest answer
        if response.status < 400 or response.status in (404, 405):
            return
        body = response.json()
        said = error_message_of(body)
        if response.status == 429 or not said:
            return
        if response.status >= 500:
            return
        self.note_refusal(response, body, "sub2api")
        if self.refusal is not None:
            self.refusal = dataclasses.replace(self.refusal, source=None)

    def check_refusal(self, response: Answer, body: Any, source: QuotaSource) -> None:
        """401/403 with JSON: the key itself was refused (or is used up / expired); 429: busy."""
        if response.status == 429:
            if isinstance(body, dict) and _refusal_is_about_quota(body):
                # Older Sub2API: 429 USAGE_LIMIT_EXCEEDED means "no quota left", not "busy".
                raise _Done(_refused(_message_of(body), source))
            retry_after = retry_after_seconds(response.headers)
            message, suggestion = explain(
                "rate_limited", host=host_of(self.base), retry_after=retry_after
            )
            raise _Done(
                QuotaResult(
                    "error",
                    None,
                    f"{message} {suggestion}",
                    source,
                    kind="rate_limited",
                    retry_after_s=retry_after,
                )
            )
        if response.status in (401, 403) and isinstance(body, dict):
            raise _Done(_refused(_message_of(body), source, said=error_message_of(body)))
        if isinstance(body, dict):
            self.note_refusal(response, body, source)

    # -- Sub2API ---------------------------------------------------------------------------------

    def sub2api(self) -> QuotaResult | None:
        response = self.get(api_root(self.base) + "/usage")
        body = self.json_of(response)
        if response.status == 403 and isinstance(body, dict) and "error" in body:
            # OpenAI refuses unknown routes so (api.openai.com does this): go on with the other
            # conventions, but if none answers, Sub2API's reason ("not assigned to any group")
            # is what the person needs to hear.
            self.note_refusal(response, body, "sub2api")
            return None
        self.check_refusal(response, body, "sub2api")
        if response.status != 200 or not isinstance(body, dict):
            return None
        if "error" in body:
            return _error_in_answer(body, "sub2api")
        known = ("isValid", "remaining", "quota", "mode", "balance", "subscription")
        if not any(name in body for name in known):
            return None
        if body.get("isValid") is False:
            return _refused(_message_of(body) or "invalid", "sub2api")
        return _judge(_parse_sub2api(body), _text(body.get("status")))

    # -- new-api ---------------------------------------------------------------------------------

    def newapi(self) -> QuotaResult | None:
        root = without_v1(self.base)
        # The trailing slash matters: without it new-api answers 301.
        response = self.get(root + "/api/usage/token/")
        body = self.json_of(response)
        self.check_refusal(response, body, "newapi")
        if response.status != 200 or not isinstance(body, dict):
            return None
        if "code" not in body and "success" not in body:
            return None  # some other JSON: not new-api's envelope
        data = body.get("data")
        if body.get("code") is not True or not isinstance(data, dict):
            return _refused(_message_of(body), "newapi", failed_request=True)
        per_unit = self._newapi_quota_per_unit(root)
        unlimited = bool(data.get("unlimited_quota"))
        quota = Quota(
            remaining=None if unlimited else _units(data.get("total_available"), per_unit),
            used=_units(data.get("total_used"), per_unit),
            total=None if unlimited else _units(data.get("total_granted"), per_unit),
            unit="USD",
            unlimited=unlimited,
            expires_at=_datetime(data.get("expires_at")),
            source="newapi",
            plan_name=_text(data.get("name")),
        )
        return _judge(quota)

    def _newapi_quota_per_unit(self, root: str) -> float:
        data = self._status(root)
        value = _number(data.get("quota_per_unit")) if data else None
        return value if value and value > 0 else NEWAPI_DEFAULT_QUOTA_PER_UNIT

    def _status(self, root: str) -> dict[str, Any]:
        """``/api/status`` ``data`` (unauthenticated; new-api and one-api), or {}."""
        response = self.get(root + "/api/status", authenticated=False)
        body = self.json_of(response)
        if response.status == 200 and isinstance(body, dict):
            data = body.get("data")
            if isinstance(data, dict):
                return data
        return {}

    # -- one-api billing pair --------------------------------------------------------------------

    def oneapi(self) -> QuotaResult | None:
        root = api_root(self.base)
        response = self.get(root + "/dashboard/billing/subscription")
        body = self.json_of(response)
        if response.status == 403 and not _refusal_is_about_quota(body):
            return None  # api.openai.com refuses these for secret keys: not available
        self.check_refusal(response, body, "oneapi")
        if response.status != 200 or not isinstance(body, dict):
            return None
        if "error" in body:
            return _error_in_answer(body, "oneapi")
        hard_limit = _number(body.get("hard_limit_usd"))
        if hard_limit is None:
            return None
        unlimited = hard_limit >= ONEAPI_UNLIMITED_USD
        if hard_limit < 0:
            _amount(hard_limit)  # negative beyond reason is impossible; a small one is a debt
        used = self._oneapi_used(root)
        total: float | None = None if unlimited else hard_limit
        remaining = None if unlimited or used is None else round(hard_limit - used, 6)
        if remaining is not None and remaining < 0 and used is not None:
            # one-api with per-key statistics off reports the user's *remaining* amount as
            # hard_limit_usd (a bug in its billing controller): subtracting would count the usage
            # twice. A "limit" below what was used gives it away (quota-apis.md §3).
            remaining, total = hard_limit, round(hard_limit + used, 6)
        quota = Quota(
            remaining=remaining,
            used=used,
            total=total,
            unit=self._oneapi_unit(),
            unlimited=unlimited,
            expires_at=_datetime(body.get("access_until")),
            source="oneapi",
        )
        return _judge(quota)

    def _oneapi_used(self, root: str) -> float | None:
        today = date.today()
        # one-api ignores the dates (usage is over the key's life); OpenAI allowed ≤ 100 days.
        params = {
            "start_date": (today - timedelta(days=99)).isoformat(),
            "end_date": (today + timedelta(days=1)).isoformat(),
        }
        response = self.get(root + "/dashboard/billing/usage", params=params)
        body = self.json_of(response)
        self.check_refusal(response, body, "oneapi")
        if response.status != 200 or not isinstance(body, dict) or "error" in body:
            return None
        cents = _number(body.get("total_usage"))
        return None if cents is None else _amount(round(cents / 100, 6))

    def _oneapi_unit(self) -> str:
        # new-api can report the *_usd fields in CNY or raw tokens, per its display setting.
        display = _text(self._status(without_v1(self.base)).get("quota_display_type"))
        if display and display.upper() == "CNY":
            return "CNY"
        if display and display.upper() == "TOKENS":
            return "tokens"
        return "USD"


# --------------------------------------------------------------------------- parsing helpers


def _parse_sub2api(body: dict[str, Any]) -> Quota:
    plan = _text(body.get("planName"))
    expires_at = _datetime(body.get("expires_at"))
    unit = _text(body.get("unit")) or "USD"
    subscription = body.get("subscription")
    if isinstance(subscription, dict):
        return _parse_sub2api_subscription(subscription, plan, expires_at)
    quota = body.get("quota")
    if isinstance(quota, dict):
        limit = _amount(quota.get("limit"))
        used = _amount(quota.get("used"))
        remaining = _amount(quota.get("remaining"))
        unit = _text(quota.get("unit")) or unit
    else:  # a wallet answer, or an older Sub2API: only remaining (or balance)
        limit, used = None, None
        remaining = _amount(body.get("remaining"))
        if remaining is None:
            remaining = _amount(body.get("balance"))
    unlimited = remaining is not None and remaining < 0  # -1 means unlimited
    if remaining is None and limit is not None and used is not None:
        remaining = round(limit - used, 6)
    return Quota(
        remaining=None if unlimited else remaining,
        used=used,
        total=None if unlimited else limit,
        unit=unit,
        unlimited=unlimited,
        expires_at=expires_at,
        source="sub2api",
        plan_name=plan,
    )


def _parse_sub2api_subscription(
    block: dict[str, Any], plan: str | None, expires_at: datetime | None
) -> Quota:
    """A subscription has daily/weekly/monthly limits: report the tightest one."""
    tightest: tuple[float, float, float, str] | None = None
    for period in ("daily", "weekly", "monthly"):
        limit = _amount(block.get(f"{period}_limit_usd"))
        used = _amount(block.get(f"{period}_usage_usd")) or 0.0
        if limit is None or limit <= 0:
            continue  # no limit for this period
        remaining = round(limit - used, 6)
        if tightest is None or remaining < tightest[0]:
            tightest = (remaining, used, limit, period)
    if tightest is None:
        return Quota(None, None, None, "USD", True, expires_at, "sub2api", plan)
    remaining, used, limit, period = tightest
    return Quota(remaining, used, limit, "USD", False, expires_at, "sub2api", plan, period)


def _judge(quota: Quota, reported_status: str | None = None) -> QuotaResult:
    status = (reported_status or "").lower()
    now = datetime.now(UTC)
    if "expired" in status or (quota.expires_at is not None and quota.expires_at <= now):
        return QuotaResult("expired", quota, _EXPIRED_MESSAGE, quota.source)
    used_up = not quota.unlimited and quota.remaining is not None and quota.remaining <= 0
    if "exhausted" in status or used_up:
        return QuotaResult("exhausted", quota, _EXHAUSTED_MESSAGE, quota.source)
    return QuotaResult("ok", quota, describe_quota(quota), quota.source)


_EXHAUSTED_MESSAGE = (
    f"No quota left on this key. Top up or use another key in the TokenPool console: {_CONSOLE}."
)
_EXPIRED_MESSAGE = (
    f"This key has expired. Renew it or create a new one in the TokenPool console: {_CONSOLE}."
)


def _masked(result: QuotaResult, key: str) -> QuotaResult:
    """The result with the key (and anything key-like a server repeated) masked in its words."""
    import dataclasses

    from app.core.net.http import mask_key_like

    masked = mask_key_like(result.message, key)
    return result if masked == result.message else dataclasses.replace(result, message=masked)


def _impossible(base_url: str, source: QuotaSource) -> QuotaResult:
    return QuotaResult(
        "error",
        None,
        f"{host_of(base_url)} reported an impossible amount of quota (not a number any account "
        f"can have), so it is not shown. You can see the quota in the TokenPool console: "
        f"{_CONSOLE}.",
        source,
        kind="impossible_amount",
    )


def _refused(
    message: str, source: QuotaSource, *, failed_request: bool = False, said: str = ""
) -> QuotaResult:
    """A refusal: used up and expired keys are told apart from really invalid ones."""
    lowered = message.lower()
    if any(marker in lowered for marker in _EXHAUSTED_MARKERS):
        return QuotaResult("exhausted", None, _EXHAUSTED_MESSAGE, source)
    if any(marker in lowered for marker in _EXPIRED_MARKERS):
        return QuotaResult("expired", None, _EXPIRED_MESSAGE, source)
    if failed_request:  # new-api's 200 with success: false, one-api's 200 with "error"
        said_text = server_words(message, limit=200)
        said = f' It said: "{said_text}"' if said_text else ""
        return QuotaResult(
            "error",
            None,
            f"The gateway could not report the quota right now.{said}",
            source,
            kind="server_message",
        )
    if "disabled" in lowered or "inactive" in lowered:
        return QuotaResult(
            "invalid_key",
            None,
            f"This key is disabled. Enable it or create a new one in the TokenPool console: "
            f"{_CONSOLE}.",
            source,
        )
    words = server_words(said) if said.strip() else ""
    return QuotaResult(
        "invalid_key",
        None,
        f"The gateway does not accept this key. Copy the full key again from {_CONSOLE}/api-keys."
        + (f' It said: "{words}"' if words else ""),
        source,
    )


def _error_in_answer(body: dict[str, Any], source: QuotaSource) -> QuotaResult:
    """An ``error`` field in a 200 answer is an error, whatever the status code says."""
    return _refused(_message_of(body), source, failed_request=True)


def _refusal_is_about_quota(body: Any) -> bool:
    message = _message_of(body).lower() if isinstance(body, dict) else ""
    return any(m in message for m in _EXHAUSTED_MARKERS + _EXPIRED_MARKERS)


def _message_of(body: dict[str, Any]) -> str:
    """The human message in any relay's error shape, plus its code (Sub2API's codes say more)."""
    parts: list[str] = []
    error = body.get("error")
    if isinstance(error, dict):
        parts += [_text(error.get("message")) or "", _text(error.get("code")) or ""]
        parts.append(_text(error.get("type")) or "")
    elif isinstance(error, str):
        parts.append(error)
    parts += [_text(body.get("message")) or "", _text(body.get("code")) or ""]
    parts.append(_text(body.get("status")) or "")
    return " ".join(p for p in parts if p)


def _number(value: Any) -> float | None:
    """A number from JSON, None when there is none; :class:`_Impossible` for a number no gateway
    can mean (a 4000-digit integer, "1e999", NaN)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    if isinstance(value, str) and len(value) > 64:
        raise _Impossible(value[:20])
    try:
        number = float(value)
    except OverflowError:
        raise _Impossible(str(value)[:20]) from None
    except ValueError:
        return None
    if not math.isfinite(number):
        raise _Impossible(str(number))
    return number


def _amount(value: Any) -> float | None:
    """An amount of quota (:func:`_number`, and within reason, see ``is_plausible_amount``)."""
    number = _number(value)
    if number is not None and not is_plausible_amount(number):
        raise _Impossible(f"{number:.3g}")
    return number


def _units(value: Any, per_unit: float) -> float | None:
    number = _number(value)
    return None if number is None else _amount(round(number / per_unit, 6))


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _datetime(value: Any) -> datetime | None:
    """Unix seconds (0 or negative = never) or an ISO 8601 string."""
    try:
        return _datetime_of(value)
    except _Impossible:
        return None


def _datetime_of(value: Any) -> datetime | None:
    if isinstance(value, str) and value and _number(value) is None:
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    seconds = _number(value)
    if seconds is None or seconds <= 0:
        return None
    if seconds > 1e11:  # milliseconds
        seconds /= 1000
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def describe_quota(quota: Quota) -> str:
    """One plain sentence, e.g. "$12.34 of $20.00 left, valid until 2026-06-01."."""
    if quota.unlimited:
        text = "Unlimited quota"
    elif quota.remaining is not None and quota.total is not None:
        text = (
            f"{format_amount(quota.remaining, quota.unit)} of "
            f"{format_amount(quota.total, quota.unit)} left"
        )
    elif quota.remaining is not None:
        text = f"{format_amount(quota.remaining, quota.unit)} left"
    elif quota.total is not None:
        text = f"Quota: {format_amount(quota.total, quota.unit)}"
    else:
        text = "Quota reported without amounts"
    if quota.period:
        text += " today" if quota.period == "daily" else f" this {quota.period[:-2]}"
    if quota.expires_at is not None:
        text += f", valid until {quota.expires_at.date().isoformat()}"
    return text + "."

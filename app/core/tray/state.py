"""What the latest quota answers mean for the tray: the icon's state, the tooltip, and the
notifications, each once per threshold crossing.

Everything a person reads is a :class:`Message` with a stable ``code``, structured ``params`` and
the English ``text``; the UI words the code in the person's language. Never holds the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from app.core.amounts import format_amount
from app.core.usertext import Message as Message  # the one message type

ReadingStatus = Literal[
    "ok", "exhausted", "expired", "invalid_key", "not_available", "error", "no_key", "not_set_up"
]
IconLevel = Literal["normal", "low", "empty", "refused", "unknown"]

DEFAULT_THRESHOLDS: tuple[float, float] = (0.20, 0.05)


@dataclass(frozen=True)
class Amounts:
    """The quota as the tray keeps it: app.core.net.quota's Quota without the network code, so
    the resident process never loads it (the poll runs in a short-lived worker process)."""

    remaining: float | None
    used: float | None
    total: float | None
    unit: str = "USD"
    unlimited: bool = False
    expires_at: datetime | None = None
    plan_name: str | None = None
    period: str | None = None

    @classmethod
    def of(cls, quota: Any) -> Amounts:
        """From a :class:`app.core.net.quota.Quota`."""
        return cls(
            quota.remaining,
            quota.used,
            quota.total,
            quota.unit,
            quota.unlimited,
            quota.expires_at,
            quota.plan_name,
            quota.period,
        )

    def to_json(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["expires_at"] = self.expires_at.isoformat() if self.expires_at else None
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Amounts:
        expires = data.get("expires_at")
        return cls(
            data.get("remaining"),
            data.get("used"),
            data.get("total"),
            str(data.get("unit") or "USD"),
            bool(data.get("unlimited")),
            datetime.fromisoformat(expires) if isinstance(expires, str) else None,
            data.get("plan_name"),
            data.get("period"),
        )


@dataclass(frozen=True)
class Reading:
    """One answer about the quota, as the tray keeps it (no key in here)."""

    at: float  # Unix seconds
    status: ReadingStatus
    quota: Amounts | None = None
    message: str = ""  # the core's English sentence (the reason, for failures)
    kind: str | None = None  # the failure's ErrorKind / code, for wording it in another language
    retry_after_s: float | None = None
    endpoint: str = ""
    source: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["quota"] = self.quota.to_json() if self.quota else None
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Reading:
        quota = data.get("quota")
        return cls(
            at=float(data["at"]),
            status=data["status"],
            quota=Amounts.from_json(quota) if isinstance(quota, Mapping) else None,
            message=str(data.get("message") or ""),
            kind=data.get("kind"),
            retry_after_s=data.get("retry_after_s"),
            endpoint=str(data.get("endpoint") or ""),
            source=data.get("source"),
        )

    @property
    def has_amounts(self) -> bool:
        return self.quota is not None and self.status in ("ok", "exhausted")

    def remaining_share(self) -> float | None:
        """Remaining ÷ total (0..1), when both are known and the quota is limited."""
        q = self.quota
        if q is None or q.unlimited or q.remaining is None or not q.total or q.total <= 0:
            return None
        return max(0.0, min(1.0, q.remaining / q.total))


@dataclass(frozen=True)
class TrayState:
    """The latest reading and the latest one with amounts (kept and marked stale on failure)."""

    last: Reading | None = None
    last_good: Reading | None = None
    checking: bool = False

    def with_reading(self, reading: Reading) -> TrayState:
        if reading.status not in ("error", "not_available"):
            # A definite answer replaces what was shown (amounts or not).
            return TrayState(reading, reading if reading.has_amounts else None, False)
        return TrayState(reading, self.last_good, False)

    def with_checking(self, checking: bool) -> TrayState:
        return TrayState(self.last, self.last_good, checking)

    @property
    def stale(self) -> bool:
        """Showing older amounts because the latest attempt failed."""
        return (
            self.last is not None
            and self.last_good is not None
            and self.last is not self.last_good
            and self.last.status in ("error", "not_available")
        )

    @property
    def shown(self) -> Reading | None:
        """The reading whose amounts are shown: the latest, else the last good one (stale)."""
        if self.stale:
            return self.last_good
        return self.last


# --------------------------------------------------------------------------- the icon


@dataclass(frozen=True)
class IconState:
    """What the tray icon shows: the quota's level, how much of the ring is filled, and whether
    it is dimmed (the amounts are old or not known)."""

    level: IconLevel
    fraction: float | None  # how much of the ring is filled (None: no share known)
    dimmed: bool = False  # stale, offline or unknown

    @property
    def key(self) -> str:
        """A short name for caching and screenshots."""
        share = "x" if self.fraction is None else f"{round(self.fraction * 100)}"
        return f"{self.level}-{share}{'-dim' if self.dimmed else ''}"


def icon_state(state: TrayState, low: float = DEFAULT_THRESHOLDS[0]) -> IconState:
    shown = state.shown
    dimmed = state.stale
    if shown is None:
        return IconState("unknown", None, True)
    if shown.status in ("invalid_key", "expired"):
        return IconState("refused", 0.0, dimmed)
    if shown.status == "exhausted":
        return IconState("empty", 0.0, dimmed)
    if shown.status != "ok" or shown.quota is None:
        return IconState("unknown", None, True)
    if shown.quota.unlimited:
        return IconState("normal", 1.0, dimmed)
    share = shown.remaining_share()
    if shown.quota.remaining is not None and shown.quota.remaining <= 0:
        return IconState("empty", 0.0, dimmed)
    if share is None:
        return IconState("normal", None, dimmed)
    return IconState("low" if share < low else "normal", share, dimmed)


# --------------------------------------------------------------------------- the tooltip


def amounts(quota: Amounts) -> dict[str, str]:
    params: dict[str, str] = {}
    if quota.remaining is not None:
        params["left"] = format_amount(quota.remaining, quota.unit)
    if quota.total is not None:
        params["total"] = format_amount(quota.total, quota.unit)
    if quota.used is not None:
        params["used"] = format_amount(quota.used, quota.unit)
    return params


def quota_headline(reading: Reading | None) -> Message:
    """The one line that says how much is left: tooltip and the panel's big number."""
    if reading is None:
        return Message("checking", "checking…")
    status = reading.status
    if status == "no_key":
        return Message("no_key", "no key found")
    if status == "not_set_up":
        return Message("not_set_up", "Codex is not set up for TokenPool")
    if status == "invalid_key":
        return Message("key_refused", "key refused")
    if status == "expired":
        return Message("expired", "key expired")
    if status == "exhausted":
        return Message("no_quota", "no quota left")
    if status == "not_available":
        return Message("not_reported", "the gateway does not report the quota")
    if status == "error" or reading.quota is None:
        return Message("unknown", "quota unknown")
    quota = reading.quota
    if quota.unlimited:
        return Message("unlimited", "unlimited")
    params = amounts(quota)
    if "left" in params and "total" in params:
        return Message("left_of", f"{params['left']} left of {params['total']}", params)
    if "left" in params:
        return Message("left", f"{params['left']} left", params)
    return Message("unknown", "quota unknown")


def tooltip(state: TrayState) -> Message:
    """ "TokenPool: $37.50 left of $50.00", "TokenPool: key refused", … never the key."""
    if state.last is None:
        return Message("checking", "TokenPool: checking…")
    headline = quota_headline(state.shown)
    text = f"TokenPool: {headline.text}"
    params = dict(headline.params)
    if state.stale and state.last_good is not None:
        return Message(headline.code, text + " (not updated: the last check failed)", params)
    return Message(headline.code, text, params)


# --------------------------------------------------------------------------- notifications


@dataclass(frozen=True)
class Alerts:
    """Which conditions were already notified; a condition that ends re-arms its notice."""

    fired: frozenset[str] = frozenset()
    thresholds: tuple[float, float] = DEFAULT_THRESHOLDS

    def conditions(self, reading: Reading) -> frozenset[str] | None:
        """The quota conditions this reading shows; None when it says nothing (a failure)."""
        if reading.status == "invalid_key":
            return frozenset({"key_refused"})
        if reading.status == "expired":
            return frozenset({"expired"})
        if reading.status == "exhausted":
            return frozenset({"exhausted"})
        if reading.status != "ok":
            return None
        share = reading.remaining_share()
        quota = reading.quota
        limited = quota is not None and not quota.unlimited and quota.remaining is not None
        if limited and quota is not None and (quota.remaining or 0) <= 0:
            return frozenset({"exhausted"})
        if share is None:
            return frozenset()
        low, very_low = self.thresholds
        found = set()
        if share < low:
            found.add("low")
        if share < very_low:
            found.add("very_low")
        return frozenset(found)

    def update(self, reading: Reading) -> tuple[Alerts, list[Message]]:
        quota_codes = {"key_refused", "expired", "exhausted", "low", "very_low"}
        now = self.conditions(reading)
        if now is None:
            return self, []
        new = now - self.fired
        # The most severe new one only: under 5 % does not also announce "under 20 %".
        for severe, lesser in (
            ("exhausted", "very_low"),
            ("exhausted", "low"),
            ("very_low", "low"),
        ):
            if severe in now and lesser in new:
                new = new - {lesser}
        kept = (self.fired - quota_codes) | now
        notices = [_notice(code, reading, self.thresholds) for code in _ORDER if code in new]
        return Alerts(frozenset(kept), self.thresholds), notices

    def codex_files(self, reaching_tokenpool: bool, what: str) -> tuple[Alerts, list[Message]]:
        """Codex's files changed so that it will not reach TokenPool: once, until fixed."""
        if reaching_tokenpool:
            return Alerts(self.fired - {"codex_changed"}, self.thresholds), []
        if "codex_changed" in self.fired:
            return self, []
        notice = Message(
            "codex_changed",
            f"Codex will not reach TokenPool: {what} Open the panel to repair it.",
            {"what": what},
        )
        return Alerts(self.fired | {"codex_changed"}, self.thresholds), [notice]


_ORDER = ("key_refused", "expired", "exhausted", "very_low", "low")


def _notice(code: str, reading: Reading, thresholds: tuple[float, float]) -> Message:
    params = amounts(reading.quota) if reading.quota is not None else {}
    if code == "key_refused":
        return Message(code, "TokenPool refused the key. Codex cannot work until it is fixed.")
    if code == "expired":
        return Message(code, "The TokenPool key has expired. Renew it in the TokenPool console.")
    if code == "exhausted":
        return Message(code, "No TokenPool quota left. Top up in the TokenPool console.", params)
    pct = round((thresholds[1] if code == "very_low" else thresholds[0]) * 100)
    params = {**params, "percent": str(pct)}
    left = params.get("left", "")
    return Message(
        code, f"TokenPool quota is under {pct} %: {left} left.".replace(":  left", ""), params
    )

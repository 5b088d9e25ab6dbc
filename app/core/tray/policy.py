"""When the tray asks for the quota: at start, then every 10 min (never under 5 min on its own), at
once after a network change or a wake, never while a request runs, a manual refresh at most every
10 s, exponential backoff on failures up to 60 min, and ``Retry-After`` honoured.

Pure and clock-injected: the controller asks :meth:`PollPolicy.seconds_until_due` to arm one
single-shot timer (no busy timers) and calls :meth:`check_wake` from a slow timer.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

DEFAULT_INTERVAL_S = 600.0
MIN_INTERVAL_S = 300.0
MANUAL_MIN_S = 10.0
MAX_BACKOFF_S = 3600.0
WAKE_CHECK_S = 60.0
# The wall clock running ahead of the monotonic clock by more than this means the machine slept
# (the monotonic clock stops during suspend on Linux and macOS), or was away for long.
WAKE_JUMP_S = 90.0

PollReason = Literal["start", "timer", "network", "wake", "manual"]


@dataclass(frozen=True)
class ManualDecision:
    """Whether the person's Refresh may ask for the quota now; if not, why and how long to wait."""

    allowed: bool
    # Why not: "busy" (a request is running), "too_soon" (≤ once per 10 s), "rate_limited".
    reason: str = ""
    wait_s: float = 0.0


class PollPolicy:
    """The polling schedule. ``clock`` is monotonic seconds, ``wall`` is Unix seconds."""

    def __init__(
        self,
        *,
        interval_s: float = DEFAULT_INTERVAL_S,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.interval_s = max(MIN_INTERVAL_S, float(interval_s))
        self._clock = clock
        self._wall = wall
        now = clock()
        self._due: float = now  # ask at start
        self._in_flight = False
        self._failures = 0
        self._last_started: float | None = None
        self._not_before: float = now  # from Retry-After
        self._rate_limited_until_wall: float | None = None
        self._mark_clocks()

    # -- state -------------------------------------------------------------------------------------

    @property
    def in_flight(self) -> bool:
        return self._in_flight

    @property
    def failures(self) -> int:
        return self._failures

    @property
    def rate_limited_until(self) -> float | None:
        """Unix time until which the gateway asked us to wait (Retry-After), if still ahead."""
        until = self._rate_limited_until_wall
        return until if until is not None and until > self._wall() else None

    def seconds_until_due(self) -> float | None:
        """How long until the next automatic poll; None while a request runs."""
        if self._in_flight:
            return None
        return max(0.0, max(self._due, self._not_before) - self._clock())

    def is_due(self) -> bool:
        wait = self.seconds_until_due()
        return wait is not None and wait <= 0

    # -- events ------------------------------------------------------------------------------------

    def begin(self, reason: PollReason = "timer") -> bool:
        """Start a poll if allowed now; True means: go ahead (and call :meth:`finished` after)."""
        if self._in_flight:
            return False
        if reason == "manual":
            if not self.manual().allowed:
                return False
        elif not self.is_due():
            return False
        self._in_flight = True
        self._last_started = self._clock()
        return True

    def manual(self) -> ManualDecision:
        """May the person's Refresh poll now?"""
        now = self._clock()
        if self._in_flight:
            return ManualDecision(False, "busy")
        if now < self._not_before:
            return ManualDecision(False, "rate_limited", self._not_before - now)
        if self._last_started is not None and now - self._last_started < MANUAL_MIN_S:
            return ManualDecision(False, "too_soon", MANUAL_MIN_S - (now - self._last_started))
        return ManualDecision(True)

    def finished(self, ok: bool, retry_after_s: float | None = None) -> None:
        """A poll ended. Failures back off exponentially; a 429's Retry-After is a floor."""
        now = self._clock()
        self._in_flight = False
        if ok:
            self._failures = 0
            self._due = now + self.interval_s
        else:
            self._failures += 1
            self._due = now + self.backoff_s(self._failures)
        if retry_after_s is not None and retry_after_s > 0:
            self._not_before = now + retry_after_s
            self._rate_limited_until_wall = self._wall() + retry_after_s
            self._due = max(self._due, self._not_before)
        self._mark_clocks()

    def backoff_s(self, failures: int) -> float:
        """10, 20, 40, 60, 60… minutes with the default interval."""
        return min(MAX_BACKOFF_S, self.interval_s * 2 ** max(0, failures - 1))

    def network_changed(self) -> None:
        """The network came back or changed: ask at once (Retry-After still holds)."""
        self._due = self._clock()

    def check_wake(self) -> bool:
        """Called every :data:`WAKE_CHECK_S` or so: True (and due now) when the wall clock jumped,
        i.e. the machine slept and woke up, or this process was stopped for long."""
        wall, mono = self._wall(), self._clock()
        wall_step = wall - self._last_wall
        mono_step = mono - self._last_mono
        self._mark_clocks()
        if wall_step - mono_step > WAKE_JUMP_S or mono_step > WAKE_CHECK_S + self.interval_s:
            self._due = mono
            return True
        return False

    def _mark_clocks(self) -> None:
        self._last_wall = self._wall()
        self._last_mono = self._clock()

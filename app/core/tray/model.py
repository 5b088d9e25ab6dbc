"""Everything the tray knows, in one frozen value, and how each worker answer changes it.

The controller (app/ui/tray/controller.py) keeps one :class:`TrayModel` and replaces it with what
:func:`after_poll` and :func:`after_files` return; they also say which notifications to send and
whether to ask for the quota again. No Qt, no I/O: testable with plain values.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from app.core.tray.history import History
from app.core.tray.protocol import KEY_CODES, FilesAnswer, PollAnswer
from app.core.tray.state import Alerts, Message, TrayState
from app.core.tray.watch import CodexView, codex_line, compare

# One piece of news said once in the panel: a code and its values (worded by the UI).
News = tuple[str, tuple[str, ...]]

_LINE_WORDS = {
    "changed": "its files were changed by something else.",
    "broken": "its files are broken.",
    "nothing": "it is not set up.",
}


@dataclass(frozen=True)
class TrayModel:
    """Everything the tray knows, in one value: the controller replaces it with what each worker
    answer makes of it."""

    state: TrayState = field(default_factory=TrayState)
    alerts: Alerts = field(default_factory=Alerts)
    history: History = field(default_factory=History)
    view: CodexView | None = None
    offered: tuple[str, ...] = ()
    changes: tuple[Message, ...] = ()  # what changed in Codex's files, until they are fixed
    latency_ms: float | None = None
    updated_at: float | None = None  # when the amounts shown were read
    codex_version: str | None = None  # the Codex CLI seen last (its upgrade offers)
    news: tuple[News, ...] = ()  # to say in the panel until it has been seen
    said: frozenset[str] = frozenset()  # news codes said once already (for good)

    @property
    def needs_key(self) -> bool:
        """The key is missing or refused: only pasting it again (the setup) fixes that."""
        last = self.state.last
        if last is not None and last.status in ("no_key", "invalid_key"):
            return True
        view = self.view
        return view is not None and any(f.code in KEY_CODES for f in view.findings)

    @property
    def codex_line(self) -> str | None:
        """What Codex's files say ("tokenpool", "changed", …); None before they were read."""
        return None if self.view is None else codex_line(self.view, self.offered)

    @property
    def previous_model(self) -> str | None:
        """The model Codex used before something else changed it (what repair sets back)."""
        for change in self.changes:
            if change.code.startswith("model_changed"):
                return change.params.get("old")
        return None

    def with_news(self, code: str, *values: str, once: bool = False) -> TrayModel:
        """``once``: never said again while the tray runs (a recurring condition)."""
        if once and code in self.said:
            return self
        said = self.said | {code} if once else self.said
        return replace(self, news=(*self.news, (code, values)), said=said)

    def seen(self) -> TrayModel:
        """The panel showed the news: it is not said again."""
        return replace(self, news=()) if self.news else self


def after_poll(model: TrayModel, answer: PollAnswer) -> tuple[TrayModel, list[Message]]:
    reading = answer.reading
    updated_at = model.updated_at
    if reading.has_amounts or reading.status in ("invalid_key", "expired"):
        updated_at = reading.at
    alerts, notices = model.alerts.update(reading)
    new = replace(
        model,
        state=model.state.with_reading(reading),
        history=answer.history,
        updated_at=updated_at,
        alerts=alerts,
    )
    if answer.settings_unwritable:
        new = new.with_news("settings_unwritable", answer.settings_unwritable, once=True)
    if answer.update:
        new = new.with_news("update", *answer.update, once=True)
    return new, notices


def repair_result_outdated(answer: PollAnswer | FilesAnswer) -> bool:
    """A new problem came with this answer: the panel's "Repaired." is old news."""
    if isinstance(answer, PollAnswer):
        return answer.reading.status not in ("ok", "exhausted")
    return codex_line(answer.view, answer.offered) != "tokenpool"


def quota_matters(old: CodexView, new: CodexView) -> bool:
    """The files changed so that the quota answer may differ: another key, endpoint or
    provider (or the key came back): ask again at once rather than at the next interval."""
    return (
        old.base_url != new.base_url
        or old.key_fingerprint != new.key_fingerprint
        or old.has_key != new.has_key
        or old.verdict != new.verdict
    )


def after_files(model: TrayModel, answer: FilesAnswer) -> tuple[TrayModel, list[Message], bool]:
    """The new model, the notices to send, and whether to ask for the quota now."""
    old = model.view
    view = answer.view
    offered = answer.offered
    history = model.history
    if answer.history is not None and not history.samples:
        history = answer.history
    changes = compare(old, view, offered) or model.changes
    line = codex_line(view, offered)
    if line == "tokenpool":
        changes = ()
    alerts, notices = model.alerts, list[Message]()
    if old is not None or line != "nothing":
        what = " ".join(c.text for c in changes) or _LINE_WORDS.get(line, "")
        alerts, notices = alerts.codex_files(line == "tokenpool", what)
    new = replace(
        model,
        view=view,
        offered=offered,
        history=history,
        changes=changes,
        alerts=alerts,
        codex_version=answer.codex_version or model.codex_version,
    )
    for before, after in answer.migrations:
        new = new.with_news("migrations", before, after, answer.backup or "")
    return new, notices, old is not None and quota_matters(old, view)

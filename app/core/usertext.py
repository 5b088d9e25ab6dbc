"""A sentence a person reads, as data: a stable ``code``, structured ``params`` and the English
``text``. The UI words it in the user's language by its code (``app/ui/messages.py``) and falls
back to ``text`` for a code it does not know, so a new code is never lost, only untranslated.

Also the classifier for the core's free-text notes (plan and repair notes are still English
strings): each known shape gets a code and its parameters here, in one place, Qt-free.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Message:
    """The one message type of the core: findings' notes, repair notes, the tray's headline and
    notices, the wizard's refusals. ``str(message)`` is the English text, so a note prints as
    it always did; ``params`` fill the placeholders of the code's words in the UI."""

    code: str
    text: str  # the English sentence (the fallback, and the CLI's words)
    params: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Pairs or a mapping in; always a plain dict of strings inside.
        raw = self.params
        items = raw.items() if isinstance(raw, Mapping) else raw
        object.__setattr__(self, "params", {str(k): str(v) for k, v in items})

    def __hash__(self) -> int:
        return hash((self.code, self.text, tuple(sorted(self.params.items()))))

    def __str__(self) -> str:
        return self.text

    def __contains__(self, part: str) -> bool:
        """``"restore" in note`` looks in the English text, as for a note that is a string."""
        return part in self.text

    @classmethod
    def of(cls, code: str, text: str, **params: object) -> Message:
        return cls(code, text, {k: str(v) for k, v in params.items()})

    @property
    def values(self) -> Mapping[str, str]:
        return dict(self.params)


# A note of a plan: older code still writes English strings (classified below).
Note = str | Message


# Known shapes of the core's notes (configure, plan, repair), most specific first. The names of
# the groups become the params. An unknown note keeps code "note" and its English text.
_NOTE_SHAPES: tuple[tuple[str, str], ...] = (
    (
        "model_upgrade_kept",
        r'Codex will not offer to switch you from "(?P<old>[^"]+)" to "(?P<new>[^"]+)"',
    ),
    ("model_replaced", r'"(?P<old>[^"]+)" is not offered; using "(?P<new>[^"]+)"\.'),
    (
        "chatgpt_tokens_removed",
        r"ChatGPT sign-in(?: tokens)? (?:are|is) removed from auth\.json",
    ),
    ("config_salvaged", r"config\.toml could not be read by Codex; the broken parts are kept"),
    ("second_setting_removed", r"Removed a second '(?P<name>[^']+)' from \["),
    ("profile_line_removed", r"Removed the top-level 'profile' line"),
    ("key_removed_from_config", r"Removed the API key from '[^']*' in config\.toml"),
    ("env_key_removed", r'Removed env_key = "(?P<env>[^"]+)"'),
    ("provider_table_added", r"Added the missing \[model_providers\.(?P<id>[^\]]+)\] table"),
    (
        "provider_switched",
        r'model_provider was "(?P<old>[^"]+)", which had no table; it is now "(?P<new>[^"]+)"',
    ),
    ("base_url_changed", r"base_url changed to (?P<url>\S+?),"),
    ("auth_json_replaced", r"auth\.json could not be read by Codex; it is replaced"),
    (
        "auth_override_removed",
        r"Removed (?P<names>.+) from \[model_providers\.(?P<id>[^\]]+)\]",
    ),
    ("duplicate_table_commented", r"The repeated \[(?P<table>[^\]]+)\] table is now comments"),
    ("unreadable_line_commented", r"Line (?P<line>\d+) could not be read and is now a comment"),
    ("provider_renamed", r"\[model_providers\.(?P<old>[^\]]+)\] is renamed to"),
    ("config_rebuilt", r"config\.toml was not UTF-8 text; it is rebuilt"),
    ("setting_removed", r"Removed '(?P<name>[^']+)' \(Codex no longer uses it\)"),
    ("setting_moved", r"Moved '(?P<name>[^']+)' out of \[(?P<table>[^\]]+)\]"),
    ("provider_name_added", r"Added name = \"(?P<id>[^\"]+)\""),
    ("base_url_fixed", r"base_url now points at the API: (?P<url>\S+?)\.?$"),
    ("base_url_https", r"base_url now uses https://"),
    ("wire_api_fixed", r"wire_api set to \"responses\""),
    ("auth_setting_fixed", r"requires_openai_auth set to true"),
    ("model_set", r'model set to "(?P<model>[^"]+)"'),
    ("base_url_v1_added", r"lists its models only under /v1, so /v1 is added"),
    ("base_url_v1_left_out", r"answer without /v1, so it is left out"),
    ("base_url_no_model_list", r"the model list does not answer there"),
)


@functools.cache
def _compiled_shapes() -> tuple[tuple[str, re.Pattern[str]], ...]:
    # Compiled on first use: wizard/flow.py imports this module before the window paints.
    return tuple((code, re.compile(pattern, re.DOTALL)) for code, pattern in _NOTE_SHAPES)


def classify_note(note: Any) -> Message:
    """A note as a :class:`Message`: one that already has a ``code`` is taken as it is; an English
    string gets the code of its known shape (or ``note``)."""
    code = getattr(note, "code", None)
    if isinstance(code, str) and not isinstance(note, str):
        text = str(getattr(note, "text", "") or getattr(note, "message", "") or code)
        raw = getattr(note, "params", ()) or ()
        items = raw.items() if isinstance(raw, Mapping) else raw
        return Message(code, text, {str(k): str(v) for k, v in items})
    text = str(note)
    for shape_code, pattern in _compiled_shapes():
        found = pattern.search(text)
        if found:
            params = {k: v for k, v in found.groupdict().items() if v is not None}
            return Message.of(shape_code, text, **params)
    return Message("note", text)

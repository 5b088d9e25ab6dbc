"""Is Codex set up for TokenPool? One verdict on the files, for every place that asks: the
double-click's choice between panel and wizard (tray/start_view.py), the tray's watcher
(tray/watch.py) and the wizard's Welcome page (wizard/tasks.py).

The rule itself is :func:`app.core.wizard.flow.summarise_files` (pure, no TOML parser); this
module feeds it what the doctor found and the provider Codex uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from app.core.paths import AppPaths
from app.core.wizard.flow import FilesSummary, summarise_files


def files_summary(paths: AppPaths, findings: Iterable[Any], state: Any) -> FilesSummary:
    """``findings``: the doctor's (a report's ``findings``); ``state``: its ``read_state``."""
    provider = state.provider or {}
    base_url = provider.get("base_url")
    name = provider.get("name")
    return summarise_files(
        tuple(findings),  # the doctor's findings are already the one shape (app.core.findings)
        config_exists=paths.config_toml.exists(),
        auth_exists=paths.auth_json.exists(),
        provider_base_url=base_url if isinstance(base_url, str) else None,
        provider_name=name if isinstance(name, str) else None,
    )

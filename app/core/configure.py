"""Configure: from a key and an endpoint to a plan for the Codex files (used by CLI and wizard)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core import codex_config, endpoints, keys
from app.core.defaults import DEFAULT_MODEL
from app.core.errors import KeyProblem, NetworkProblem, SetupError
from app.core.paths import AppPaths
from app.core.plan import Plan, plan_configure
from app.core.usertext import Note


@dataclass(frozen=True)
class PreparedConfiguration:
    """What :func:`prepare_configuration` decided, before anything is written: the plan, the
    settings it writes, the models the gateway offers, and the key it is for."""

    plan: Plan
    settings: codex_config.CodexSettings
    offered_models: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()
    api_key: str = field(default="", repr=False)


def validated_key(raw: str) -> str:
    """Normalise a pasted key and refuse it when it has an error-severity problem."""
    pasted = keys.normalise_pasted_key(raw)
    check = keys.check_key(pasted.key)
    errors = [p for p in check.problems if p.severity == "error"]
    if errors:
        raise KeyProblem(errors[0].message, code=f"key_{errors[0].code}")
    return pasted.key


def migrations_to_acknowledge(
    model: str, offered: Sequence[str], catalogue: Sequence[Any]
) -> tuple[tuple[str, str], ...]:
    """Codex offers an 'upgrade' to a newer model on first start (Enter accepts it). Where the
    gateway does not offer that newer model, record the prompt as seen so Enter keeps a model
    that works; where it does, leave Codex's prompt alone."""
    for entry in catalogue:
        if getattr(entry, "slug", None) == model:
            target = getattr(entry, "upgrade_to", None)
            if target and target not in offered:
                return ((model, target),)
    return ()


def prepare_configuration(
    paths: AppPaths,
    api_key: str,
    endpoint: str,
    *,
    model: str | None = None,
    offline: bool = False,
    client: Any = None,
    codex_path: Path | None = None,
    env: Mapping[str, str] | None = None,
    probe_timeout: float = 8.0,
    probe: Any = None,
) -> PreparedConfiguration:
    """Decide what to write. Online (default): probe the endpoint to pick the base URL form that
    serves both Codex routes, confirm the key and the model. Never writes anything.

    ``probe``: a ProbeResult the caller already has for this endpoint (the wizard probes on its
    endpoint page), so it is not probed again."""
    base_url = endpoints.safe_endpoint_url(endpoint)
    chosen_model = model or DEFAULT_MODEL
    notes: list[str] = []
    offered: tuple[str, ...] = ()
    acknowledge: tuple[tuple[str, str], ...] = ()
    if not offline:
        from app.core.net.probe import probe_endpoint

        result = probe or probe_endpoint(
            base_url, api_key, timeout=probe_timeout, client=client, samples=1
        )
        if result.error is not None:
            raise NetworkProblem(
                f"{base_url}: {result.error.message}",
                code=result.error.kind,
                hint=result.error.suggestion,
            )
        offered = tuple(result.models)
        if result.base_url_to_write:
            if result.base_url_to_write != base_url and result.base_url_reason:
                notes.append(result.base_url_reason)
            base_url = result.base_url_to_write
        if offered and chosen_model not in offered:
            if model is not None:
                raise SetupError(
                    f'TokenPool does not offer the model "{chosen_model}" for this key.',
                    code="model_not_offered",
                    hint="Offered: " + ", ".join(offered[:10]),
                )
            chosen_model = offered[0]
            notes.append(f'"{DEFAULT_MODEL}" is not offered; using "{chosen_model}".')
        acknowledge = _acknowledge_from_codex(chosen_model, offered, paths, codex_path, env)
        if acknowledge and not _already_acknowledged(paths, *acknowledge[0]):
            old, new = acknowledge[0]
            notes.append(
                f'Codex will not offer to switch you from "{old}" to "{new}": TokenPool does '
                "not offer that model."
            )
    settings = codex_config.CodexSettings(
        base_url=base_url, model=chosen_model, acknowledge_migrations=acknowledge
    )
    plan = without_forced_chatgpt_login(plan_configure(paths, api_key, settings, notes=notes))
    return PreparedConfiguration(plan, settings, offered, tuple(plan.notes), api_key)


FORCED_LOGIN_NOTE = (
    'Removed forced_login_method = "chatgpt" from config.toml: with it Codex refuses the API key, '
    "deletes auth.json and every request fails. The backup keeps the old file."
)


def without_forced_chatgpt_login(plan: Plan) -> Plan:
    """The plan, also removing a top-level ``forced_login_method = "chatgpt"``: it defeats
    exactly what is being configured (Codex logs the API key out and deletes auth.json)."""
    import dataclasses

    from app.core.fileio import read_snapshot
    from app.core.plan import FileChange

    change = next((c for c in plan.changes if c.name == "config.toml"), None)
    snapshot = change.before if change is not None else read_snapshot(plan.paths.config_toml)
    if change is not None and change.new_bytes is not None:
        current = change.new_bytes
    elif snapshot.state == "ok":
        current = snapshot.raw
    else:
        return plan
    text = current.decode("utf-8", errors="strict").lstrip("\ufeff")
    crlf = "\r\n" in text
    doc = codex_config.parse_config_text(text.replace("\r\n", "\n") if crlf else text)
    if codex_config.to_plain(doc.get("forced_login_method")) != "chatgpt":
        return plan
    del doc["forced_login_method"]
    new_bytes = codex_config.render_like(snapshot, doc.as_string())
    new_change = FileChange("config.toml", snapshot, new_bytes)
    others = tuple(c for c in plan.changes if c.name != "config.toml")
    return dataclasses.replace(
        plan, changes=(new_change, *others), notes=(*plan.notes, FORCED_LOGIN_NOTE)
    )


def _already_acknowledged(paths: AppPaths, old: str, new: str) -> bool:
    """config.toml already tells Codex not to offer ``old`` -> ``new`` (an earlier setup wrote
    it): nothing to say about it on the preview, where "Nothing needs to change" may show. Read
    as the plan reads it, in Codex's TOML dialect."""
    from app.core import toml_dialect
    from app.core.fileio import read_snapshot

    snapshot = read_snapshot(paths.config_toml)
    if snapshot.state != "ok":
        return False
    try:
        data = toml_dialect.loads(codex_config.text_for_parsing(snapshot))
    except toml_dialect.TomlDialectError:
        return False  # the plan says what is wrong with it
    notice = data.get("notice")
    migrations = notice.get("model_migrations") if isinstance(notice, dict) else None
    return isinstance(migrations, dict) and migrations.get(old) == new


def _acknowledge_from_codex(
    model: str,
    offered: Sequence[str],
    paths: AppPaths,
    codex_path: Path | None,
    env: Mapping[str, str] | None,
) -> tuple[tuple[str, str], ...]:
    if not offered:
        return ()
    from app.core import codex_cli

    if codex_path is None:
        found = codex_cli.find_codex(env)
        if found is None:
            return ()
        codex_path = found.path
    try:
        catalogue = codex_cli.codex_model_catalogue(codex_path, paths.codex_home, env=env)
    except SetupError:
        return ()
    return migrations_to_acknowledge(model, offered, catalogue)

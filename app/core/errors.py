"""Typed errors: each carries a stable ``code`` and a plain-language ``message``.

The message is written for a non-technical person and never contains the API key.
"""

from __future__ import annotations


class SetupError(Exception):
    """Base of every error the core raises on purpose."""

    code: str = "setup_error"

    def __init__(self, message: str, *, code: str | None = None, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class FileProblem(SetupError):
    """A file could not be read or written (permissions, a folder in its place, ...)."""

    code = "file_problem"


class ConfigParseError(SetupError):
    """config.toml or auth.json is not valid; ``line``/``column`` say where (1-based)."""

    code = "parse_error"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        hint: str = "",
        line: int = 0,
        column: int = 0,
    ) -> None:
        super().__init__(message, code=code, hint=hint)
        self.line = line
        self.column = column


class StalePlanError(SetupError):
    """The files changed on disk after the plan was made: plan again, never clobber."""

    code = "stale_plan"


class KeyProblem(SetupError):
    """The API key is missing, masked, truncated or otherwise unusable."""

    code = "key_problem"


class EndpointRefused(SetupError):
    """A URL that is a website, console or CDN, not the API."""

    code = "endpoint_refused"


class NetworkProblem(SetupError):
    """A network call failed; ``code`` is one of the probe error kinds (dns, timeout, tls, ...)."""

    code = "network"


class CodexProblem(SetupError):
    """Running the installed Codex CLI failed or it is not installed."""

    code = "codex_problem"

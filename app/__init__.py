"""TokenPool Setup: from a TokenPool API key to a working Codex CLI."""

__version__ = "0.1.0"

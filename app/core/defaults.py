"""Defaults shared by the CLI, the wizard and the doctor (kept here: importing it is free)."""

# The model the gateway page configures; used wherever the gateway offers it.
DEFAULT_MODEL = "gpt-5.5"

# Codex CLI versions the test suite runs against: the pinned one first, the newest tested last.
# The native installer offers the last one by default. packaging/bootstrap.py should read its
# CODEX_VERSIONS from here (app/ must not import packaging/).
TESTED_CODEX_VERSIONS = ("0.169.0", "0.171.0")

"""Defaults shared by the CLI, the wizard and the doctor (kept here: importing it is free)."""

# The model the gateway page configures; used wherever the gateway offers it.
DEFAULT_MODEL = "gpt-5.5"

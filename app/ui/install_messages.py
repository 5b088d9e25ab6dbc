"""The native Codex install's messages in the user's language, by their stable codes.

Kept apart from :mod:`app.ui.messages` (owned by the wizard's pages) so both can change at
once; it works the same way: the translated summary first, the core's English detail second.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication

CONTEXT = "CodexInstall"


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Marks ``source`` for lupdate and returns it untranslated."""
    return source


FAILURES: Mapping[str, str] = {
    "install_cancelled": QT_TRANSLATE_NOOP(
        "CodexInstall",
        "The installation was stopped. Nothing was installed; the download continues where it "
        "stopped when you try again.",
    ),
    "install_integrity": QT_TRANSLATE_NOOP(
        "CodexInstall",
        "The download does not match the registry's checksum, so it was deleted without being "
        "unpacked. Try again, or try another network.",
    ),
    "install_unsafe_archive": QT_TRANSLATE_NOOP(
        "CodexInstall",
        "The downloaded package holds something unsafe (the details are below), so nothing "
        "was unpacked.",
    ),
    "install_bad_archive": QT_TRANSLATE_NOOP(
        "CodexInstall", "The downloaded package cannot be read. Try again."
    ),
    "install_disk_full": QT_TRANSLATE_NOOP(
        "CodexInstall", "There is not enough free disk space. Free some space, then try again."
    ),
    "install_network": QT_TRANSLATE_NOOP(
        "CodexInstall",
        "The download failed because of the network. Try again: it continues where it stopped.",
    ),
    "install_registry_error": QT_TRANSLATE_NOOP(
        "CodexInstall", "The package registry did not answer as expected. Try again in a minute."
    ),
    "install_insecure_url": QT_TRANSLATE_NOOP(
        "CodexInstall", "The download address is not secure (https), so nothing was downloaded."
    ),
    "install_version_missing": QT_TRANSLATE_NOOP(
        "CodexInstall", "This Codex version is not published for this computer."
    ),
    "install_unsupported_platform": QT_TRANSLATE_NOOP(
        "CodexInstall", "Codex is not published for this kind of computer."
    ),
    "install_broken": QT_TRANSLATE_NOOP(
        "CodexInstall",
        "The downloaded Codex does not start on this computer, so it was not installed. What "
        "was installed before still works.",
    ),
    "install_busy": QT_TRANSLATE_NOOP(
        "CodexInstall", "Another installation of Codex is still running. Wait a moment."
    ),
    "install_file_error": QT_TRANSLATE_NOOP(
        "CodexInstall",
        "A file could not be written or removed (the details are below). What was installed "
        "before still works. Free some disk space or check the folder, then try again.",
    ),
    "install_bad_address": QT_TRANSLATE_NOOP(
        "CodexInstall", "The registry address is not a valid address. Check it for typos."
    ),
    "install_bad_version": QT_TRANSLATE_NOOP(
        "CodexInstall", "This is not a Codex version. Write it like 0.171.0, or use the newest."
    ),
}

# What to do next, by NextStep.code; {placeholders} are the step's params.
NEXT_STEPS: Mapping[str, str] = {
    "next_open_terminal": QT_TRANSLATE_NOOP(
        "CodexInstall", "Open a new terminal window and type: codex"
    ),
    "next_open_terminal_mac": QT_TRANSLATE_NOOP(
        "CodexInstall",
        "Open a new Terminal window and type: codex (windows that are already open do not see "
        "it yet).",
    ),
    "next_open_terminal_windows": QT_TRANSLATE_NOOP(
        "CodexInstall",
        "Open a new Command Prompt or PowerShell window and type: codex (windows that are "
        "already open do not see it yet).",
    ),
    "next_login_again": QT_TRANSLATE_NOOP(
        "CodexInstall",
        "Log out and back in, so that {folder} is on your PATH; then open a terminal and type: "
        "codex. Until then, run it as: {command}",
    ),
    "next_other_codex_in_local_bin": QT_TRANSLATE_NOOP(
        "CodexInstall",
        "{link} already exists and is not ours, so it was left alone. Run our Codex as: {command}",
    ),
    "next_add_path_line_yourself": QT_TRANSLATE_NOOP(
        "CodexInstall",
        "{profile} could not be changed, so add this line to it yourself: {line}  Then open a "
        "new Terminal window and type: codex",
    ),
    "next_link_failed": QT_TRANSLATE_NOOP(
        "CodexInstall", "{link} could not be made ({reason}). Run Codex as: {command}"
    ),
    "next_other_shell": QT_TRANSLATE_NOOP(
        "CodexInstall",
        "Your shell is not zsh or bash: add this folder to its PATH yourself: {folder}",
    ),
}


def failure_text(code: str, detail: str) -> str:
    """The failure in the user's language, the core's English detail on a second line."""
    source = FAILURES.get(code)
    if source is None:
        return detail.strip()
    translated = QCoreApplication.translate(CONTEXT, source)
    if translated == source:
        return detail.strip() or source
    # The way forward is in the translation; the English detail sits behind "Details".
    from app.ui.messages import details_link

    return f"{html.escape(translated)} {details_link(detail)}" if detail.strip() else translated


def next_step_text(code: str, english: str, params: Mapping[str, str]) -> str:
    source = NEXT_STEPS.get(code)
    if source is None:
        return english
    try:
        return QCoreApplication.translate(CONTEXT, source).format(**params)
    except (KeyError, IndexError, ValueError):
        return english

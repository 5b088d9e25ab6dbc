"""The Codex CLI versions TokenPool Setup is tested with — pinned here and nowhere else.

The first is the pinned version (the one the tests use by default); the last is the newest
tested. ``packaging/bootstrap.py`` installs each of them into ``.cache/`` (it reads this file
without importing the app), the Codex-facing tests run against each, and the doctor notes an
installed Codex newer than the newest tested. Standard library only, no imports: bootstrap loads
it before any dependency exists.
"""

CODEX_VERSIONS = ("0.169.0", "0.171.0")
PINNED_CODEX_VERSION = CODEX_VERSIONS[0]
NEWEST_TESTED_CODEX_VERSION = CODEX_VERSIONS[-1]


def version_key(version: str) -> tuple[int, ...]:
    """Sort key: "0.171.0" -> (0, 171, 0); "0.172.0-alpha.1" counts as 0.172.0."""
    parts = []
    for part in version.strip().lstrip("v").split("-", 1)[0].split("."):
        digits = "".join(c for c in part if c.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def newer_than_tested(version: str | None) -> bool:
    return bool(version) and version_key(version or "") > version_key(NEWEST_TESTED_CODEX_VERSION)

#!/usr/bin/env python3
"""Stamp a release build with its version and the repository it is released from.

    python packaging/stamp.py        # in the release workflow, before the build

Writes ``app/_build_stamp.json`` (``{"version": …, "repository": "owner/name"}``), which
installer.spec bundles and :mod:`app.core.net.updates` reads: only a stamped build asks that
repository's latest-release feed (at most once a day) whether a newer version exists. A source
checkout has no stamp and never asks. The version is ``__version__`` (app/__init__.py); building a
tag ``vX.Y.Z`` whose number differs fails, so a release never compares itself wrongly.
Standard library only.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAMP = ROOT / "app" / "_build_stamp.json"
_REPOSITORY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")


def app_version() -> str:
    text = (ROOT / "app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if match is None:
        raise SystemExit("stamp: app/__init__.py has no __version__")
    return match.group(1)


def stamp(env: dict[str, str] | os._Environ[str] = os.environ, target: Path = STAMP) -> int:
    repository = env.get("GITHUB_REPOSITORY", "").strip()
    version = app_version()
    ref_name = env.get("GITHUB_REF_NAME", "").strip()
    if env.get("GITHUB_REF_TYPE") == "tag" and ref_name.lstrip("v") != version:
        print(
            f"stamp: the tag {ref_name} does not match app/__init__.py's __version__ {version}: "
            "set __version__ to the tag's number, then tag again.",
            file=sys.stderr,
        )
        return 1
    if not _REPOSITORY.fullmatch(repository):
        print("stamp: no GITHUB_REPOSITORY: not stamped (this build will not ask for new versions)")
        target.unlink(missing_ok=True)
        return 0
    target.write_text(json.dumps({"version": version, "repository": repository}) + "\n", "utf-8")
    print(f"stamp: {target.name}: version {version}, repository {repository}")
    return 0


if __name__ == "__main__":
    sys.exit(stamp())

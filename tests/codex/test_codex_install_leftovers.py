"""Leftovers of earlier installs: unfinished downloads of other Codex versions (~100 MB each) are
removed by the next install; the person's own files in that folder are not touched.

Real parts: the local registry stand-in over HTTP and real temp folders (as in
test_codex_install_safety)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.codex_install.installer import install_codex
from tests.codex.test_codex_install_safety import foreign_site, publish_fake_codex
from tests.support.npm_registry import RegistryStandIn

# A Linux install imitated (its link in ~/.local/bin is a symlink): a POSIX host.
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="imitates a Linux install")


@pytest.fixture
def registry() -> Iterator[RegistryStandIn]:
    with RegistryStandIn() as running:
        yield running


def leave_partial(folder: Path, package_version: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / f"codex-{package_version}.tgz.part"
    part.write_bytes(b"\x1f\x8b" + b"x" * 4096)
    meta = folder / f"codex-{package_version}.tgz.part.json"
    meta.write_text(json.dumps({"url": "https://x/y.tgz", "integrity": "sha512-x"}))
    return [part, meta]


def test_partial_downloads_of_other_versions_are_removed(
    registry: RegistryStandIn, tmp_path: Path
) -> None:
    site = foreign_site(tmp_path, registry)
    publish_fake_codex(registry, site, "0.2.0")
    stale = leave_partial(site.downloads, f"0.1.0-{site.target.suffix}")
    stale += leave_partial(site.downloads, f"0.1.5-{site.target.suffix}")
    mine = site.downloads / "notes.txt"  # not ours by name: stays
    mine.write_text("mine")
    install_codex(site, "0.2.0")
    assert [p for p in stale if p.exists()] == []
    assert sorted(p.name for p in site.downloads.iterdir()) == ["notes.txt"]


def test_an_install_of_what_is_already_there_tidies_too(
    registry: RegistryStandIn, tmp_path: Path
) -> None:
    site = foreign_site(tmp_path, registry)
    publish_fake_codex(registry, site, "0.2.0")
    install_codex(site, "0.2.0")
    stale = leave_partial(site.downloads, f"0.1.0-{site.target.suffix}")
    result = install_codex(site, "0.2.0")
    assert result.already_installed
    assert [p for p in stale if p.exists()] == []

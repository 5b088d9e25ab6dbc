"""Which platform package fits this computer: OS and CPU → ``@openai/codex@<v>-<os>-<arch>``."""

from __future__ import annotations

import os
import platform as platform_module
import subprocess
import sys
from dataclasses import dataclass

from app.core.codex_install.model import CodexInstallProblem


@dataclass(frozen=True)
class Target:
    """The platform package that fits this computer: npm's names for its OS and CPU, and the
    folder in the tarball that holds the program."""

    os: str  # npm's name: linux, darwin, win32
    arch: str  # npm's name: x64, arm64
    triple: str  # the folder inside the tarball's vendor/

    @property
    def suffix(self) -> str:
        return f"{self.os}-{self.arch}"

    @property
    def executable(self) -> str:
        return "codex.exe" if self.os == "win32" else "codex"


TARGETS: dict[tuple[str, str], str] = {
    ("linux", "x64"): "x86_64-unknown-linux-musl",
    ("linux", "arm64"): "aarch64-unknown-linux-musl",
    ("darwin", "x64"): "x86_64-apple-darwin",
    ("darwin", "arm64"): "aarch64-apple-darwin",
    ("win32", "x64"): "x86_64-pc-windows-msvc",
    ("win32", "arm64"): "aarch64-pc-windows-msvc",
}

_ARCH_NAMES = {
    "x86_64": "x64",
    "amd64": "x64",
    "x64": "x64",
    "aarch64": "arm64",
    "arm64": "arm64",
    "armv8": "arm64",
    "armv8l": "arm64",
}


def normalise_os(platform: str) -> str:
    if platform.startswith("linux"):
        return "linux"
    if platform == "darwin":
        return "darwin"
    if platform in ("win32", "cygwin"):
        return "win32"
    return platform


def select_target(platform: str, machine: str) -> Target:
    """The package for ``platform`` (``sys.platform``) and ``machine`` (``platform.machine()``)."""
    os_name = normalise_os(platform)
    arch = _ARCH_NAMES.get(machine.strip().lower(), machine.strip().lower())
    triple = TARGETS.get((os_name, arch))
    if triple is None:
        raise CodexInstallProblem(
            f"Codex is not published for this computer ({platform}, {machine}).",
            code="install_unsupported_platform",
            hint="Codex runs on Windows, macOS and Linux with an Intel/AMD or ARM 64-bit CPU.",
            params={"platform": platform, "machine": machine},
        )
    return Target(os_name, arch, triple)


def host_machine() -> str:
    """This computer's CPU, also when this program runs translated (Rosetta, Windows x64
    emulation on ARM): the native Codex is faster, and the translated one may not exist."""
    machine = platform_module.machine()
    if sys.platform == "darwin" and _ARCH_NAMES.get(machine.lower()) == "x64":
        # WORKAROUND: under Rosetta 2, an Intel Python sees "x86_64" on Apple Silicon;
        # sysctl.proc_translated says 1 when translated.
        # https://developer.apple.com/documentation/apple-silicon/about-the-rosetta-translation-environment
        try:
            from app.core.platform import child

            done = child.run(["sysctl", "-n", "sysctl.proc_translated"], timeout=5, text=True)
            if done.stdout.strip() == "1":
                return "arm64"
        except (OSError, subprocess.SubprocessError):
            pass
    if sys.platform == "win32":
        # WORKAROUND: an x64 Python emulated on Windows on ARM reports AMD64; the native CPU is
        # in PROCESSOR_IDENTIFIER ("ARMv8 (64-bit) Family 8 …") / PROCESSOR_ARCHITEW6432.
        # https://github.com/python/cpython/issues/98962
        ident = os.environ.get("PROCESSOR_IDENTIFIER", "")
        native = os.environ.get("PROCESSOR_ARCHITEW6432", "")
        if native.upper() == "ARM64" or ident.upper().startswith("ARM"):
            return "arm64"
    return machine

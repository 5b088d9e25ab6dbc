"""The oldest systems TokenPool Setup supports: one place, read by the build and checked by tests.

Decided by the Qt the lock pins (PySide6-Essentials 6.11), whose wheels are tagged
``macosx_13_0``, ``win_amd64``/``win_arm64`` and ``manylinux_2_34``: Qt 6.10 and later support
macOS 13 or newer and Windows 10 (1809) or newer. The only LTS Qt with macOS 12 wheels is 6.8,
whose last open-source release on PyPI (6.8.3) gets no more fixes, and macOS 12 itself has had no
security updates from Apple since 2024; so the floor is macOS 13, not 12.

``installer.spec`` puts ``MACOS_MINIMUM`` into the app's ``LSMinimumSystemVersion`` (macOS then
refuses to open it on older systems with its own clear message); README.md states the same;
tests/platform/test_os_floor.py checks that the lock, the spec and the README agree.
"""

MACOS_MINIMUM = "13.0"
MACOS_NAME = "macOS 13 Ventura"
WINDOWS_MINIMUM = "10"  # Windows 10 version 1809 or newer, 64-bit x64
WINDOWS_NAME = "Windows 10 (version 1809)"
WINDOWS_BUILD = 17763  # 1809; the installer checks it (packaging/windows/installer.nsi)
# Arm: the build is x64, and only Windows 11 on Arm runs x64 programs (Windows 10 on Arm
# emulates 32-bit x86 only); the installer refuses Windows 10 on Arm in words.
WINDOWS_ARM_BUILD = 22000  # Windows 11
# The Linux download is built on ubuntu-22.04 (.github/workflows/release.yml): the bootloader and
# the Python it bundles need that glibc, 2.35, although the Qt wheels alone need only 2.34.
GLIBC_MINIMUM = "2.35"  # Ubuntu 22.04, Debian 12, Fedora 36 and newer

"""Moved to :mod:`app.core.platform.autostart` (login items are per operating system); this
name stays so that older imports keep working. Both names are the same module object."""

from __future__ import annotations

import sys

from app.core.platform import autostart as _moved
from app.core.platform.autostart import AutostartError as AutostartError
from app.core.platform.autostart import AutostartToggle as AutostartToggle
from app.core.platform.autostart import LaunchAgentAutostart as LaunchAgentAutostart
from app.core.platform.autostart import Registry as Registry
from app.core.platform.autostart import WindowsRunAutostart as WindowsRunAutostart
from app.core.platform.autostart import WinregRegistry as WinregRegistry
from app.core.platform.autostart import XdgAutostart as XdgAutostart
from app.core.platform.autostart import autostart_for as autostart_for
from app.core.platform.autostart import desktop_exec_line as desktop_exec_line
from app.core.platform.autostart import launch_command as launch_command
from app.core.platform.autostart import this_app_command as this_app_command
from app.core.platform.autostart import windows_command_line as windows_command_line

sys.modules[__name__] = _moved

"""What differs per operating system: every child process (``child``: its options, its
environment, how to stop it), the tools' PATH (``tool_env``), start at login (``autostart``) and
a scratch folder that never fails the work done in it (``scratch``).

Pure Python, no Qt. Every function takes the platform, the environment and the paths it looks at as
inputs, so a test on Linux can be a Mac started from Finder or a Windows account named ``R&D``.
"""

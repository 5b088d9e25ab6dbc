"""What every child process needs on each OS: its options, its environment, and how to stop it.

Pure Python, no Qt. Every function takes the platform, the environment and the paths it looks at as
inputs, so a test on Linux can be a Mac started from Finder or a Windows account named ``R&D``.
"""

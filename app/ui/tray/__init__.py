"""The tray companion's widgets and process plumbing (Qt)."""

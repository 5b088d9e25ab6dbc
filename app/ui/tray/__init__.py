"""The tray companion's Qt side: the icon painter, the panel, the controller, single instance
and start-up."""

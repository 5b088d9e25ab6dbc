"""The tray companion's Qt side: the icon painter, the panel, what the person sees (display), the
windows it opens, the actions, the schedule, the worker client, the controller that wires them,
single instance and start-up."""

"""The tray companion's logic, without Qt (see app/ui/tray/ for the widgets)."""

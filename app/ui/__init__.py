"""Qt widgets: pages, tray, dialogs, workers. Every action is a thin call into app.core."""

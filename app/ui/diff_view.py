"""The coloured diff view of the Preview and Repair pages. Its own module: QTextBrowser's enums
are built when it is imported, and the first page does not need it (bench/startup.py)."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QTextBrowser, QWidget


class DiffView(QTextBrowser):
    """Unified diffs, coloured (added green, removed red), readable in light and dark mode."""

    def __init__(self, object_name: str, accessible_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName(accessible_name)
        self.setOpenLinks(False)
        self.setLineWrapMode(QTextBrowser.LineWrapMode.NoWrap)

    def show_files(self, sections: list[tuple[str, str, str]]) -> None:
        """``sections``: (heading, path, diff text or a plain note when empty)."""
        import html  # only the preview needs it; not imported before the first page paints

        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        added = "#1f4d2c" if dark else "#e6ffec"
        removed = "#5c2426" if dark else "#ffebe9"
        muted = "#9aa4b2" if dark else "#57606a"
        parts = [
            "<html><body style='margin:0'>",
        ]
        for heading, path, diff in sections:
            parts.append(
                f"<p style='margin:10px 0 4px 0'><b>{html.escape(heading)}</b> "
                f"<span style='color:{muted}'>{html.escape(path)}</span></p>"
            )
            if not diff.strip() or not diff.startswith(("---", "+++", "@@")):
                parts.append(f"<p style='color:{muted}'>{html.escape(diff)}</p>")
                continue
            parts.append("<pre style='margin:0; font-family: Menlo, Consolas, monospace'>")
            for line in diff.splitlines():  # the core's diff: secrets already masked
                if line.startswith(("---", "+++")):
                    continue
                text = html.escape(line) or "&nbsp;"
                if line.startswith("@@"):
                    parts.append(f"<span style='color:{muted}'>{text}</span>\n")
                elif line.startswith("+"):
                    parts.append(f"<span style='background-color:{added}'>{text}</span>\n")
                elif line.startswith("-"):
                    parts.append(f"<span style='background-color:{removed}'>{text}</span>\n")
                else:
                    parts.append(f"{text}\n")
            parts.append("</pre>")
        parts.append("</body></html>")
        self.setHtml("".join(parts))

"""What every wizard page shares: its view name, the wizard's state, and its own tasks."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QProgressBar, QScrollArea, QVBoxLayout, QWidget, QWizardPage

from app.core.wizard.flow import ViewName, WizardState, is_valid
from app.ui.tasks import TaskContext, TaskFailure, TaskHandle

if TYPE_CHECKING:
    from app.ui.wizard import SetupWizard

PAGE_MARGIN = 4
SPACING = 12


class FlowPage(QWizardPage):
    """A page for one view. ``isComplete`` is the flow's ``valid`` (and, on pages that write,
    nothing still running); the page redraws itself from the state whenever it changes."""

    view: ClassVar[ViewName]
    blocks_while_busy: ClassVar[bool] = False

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.host = wizard
        self.setObjectName(f"{self.view.value}Page")
        wizard.state_changed.connect(self._state_changed)
        wizard.runner.busy_changed.connect(self._busy_changed)

    @property
    def state(self) -> WizardState:
        return self.host.state

    def change_state(self, change: Callable[[WizardState], WizardState]) -> None:
        self.host.change_state(change)

    def body_layout(self) -> QVBoxLayout:
        """The page's layout, inside a scroll area: on a small screen at 150 % (1366×768 is
        910×512 points) the page scrolls instead of pushing the wizard's buttons off screen."""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = _PageScroll(self._needs_changed)
        scroll.setObjectName(f"{self.view.value}Scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Our own viewport and body, both see-through (setWidget makes the body opaque), so the
        # page itself still gets its paint events: the Welcome page starts its work on its first
        # paint. (Asking the scroll area for its own viewport costs ~15 ms before that paint.)
        viewport = QWidget()
        scroll.setViewport(viewport)
        viewport.setAutoFillBackground(False)
        body = QWidget()
        body.setObjectName(f"{self.view.value}Body")
        scroll.setWidget(body)
        body.setAutoFillBackground(False)
        outer.addWidget(scroll)
        self.body = body
        self._scroll = scroll
        return QVBoxLayout(body)

    def settle(self) -> None:
        """Once the window has painted (the first use of Qt's enums costs ~30 ms, which the
        first page must not pay before it shows): the scroll area is no Tab stop of its own, the
        keyboard goes straight to the controls inside."""
        from PySide6.QtCore import Qt

        scroll = getattr(self, "_scroll", None)
        if scroll is not None:
            scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def _needs_changed(self) -> None:
        """The page now needs another height (its lines laid out again at another width, a
        part shown late): the window may fit again (SetupWizard.page_needs_changed)."""
        self.host.page_needs_changed(self)

    def fit_body(self) -> None:
        """After parts were shown or hidden: the wrapped lines get their room (scrolling)."""
        scroll = getattr(self, "_scroll", None)
        if scroll is not None:
            scroll.fit_body()

    def is_scroll(self, widget: QWidget | None) -> bool:
        """``widget`` is this page's scroll area (it may hold the focus from before settle())."""
        return widget is not None and widget is getattr(self, "_scroll", None)

    def isComplete(self) -> bool:
        if self.blocks_while_busy and self.busy():
            return False
        return is_valid(self.view, self.state)

    def busy(self) -> bool:
        return self.host.runner.busy(self.view.value)

    def start_task(
        self,
        work: Callable[[TaskContext], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[TaskFailure], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
    ) -> TaskHandle:
        return self.host.runner.start(self.view.value, work, on_success, on_failure, on_progress)

    def cancel_tasks(self) -> None:
        self.host.runner.cancel(self.view.value)

    def cleanupPage(self) -> None:
        """Going Back: this page's work stops (leaving forward is handled by the wizard)."""
        self.cancel_tasks()

    def show_state(self, state: WizardState) -> None:
        """Show ``state``; override."""

    def show_busy(self, busy: bool) -> None:
        """Show or hide progress; override."""

    def _state_changed(self) -> None:
        self.show_state(self.state)
        self.completeChanged.emit()

    def _busy_changed(self) -> None:
        self.show_busy(self.busy())
        self.completeChanged.emit()


class _PageScroll(QScrollArea):
    """A scroll area that asks for its page's whole size (QScrollArea caps its wish at a few
    dozen lines), so the window grows to show a page whole where the screen allows; and that
    scrolls rather than squeezing wrapped lines (a layout's minimum ignores word wrap)."""

    def __init__(self, needs_changed: Callable[[], None]) -> None:
        super().__init__()
        self._needs_changed = needs_changed

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_body(event.size().width())

    def fit_body(self, width: int | None = None) -> None:
        """The body's minimum height: what its wrapped lines need at this width."""
        body = self.widget()
        layout = body.layout() if body is not None else None
        if body is not None and layout is not None and layout.hasHeightForWidth():
            room = self._body_width(self.width() if width is None else width)
            needed = layout.totalHeightForWidth(room)
            if needed != body.minimumHeight():
                body.setMinimumHeight(needed)
                self.updateGeometry()  # the window's layout asks this size hint again
                self._needs_changed()

    def _body_width(self, width: int) -> int:
        """The body's width inside a scroll area ``width`` wide, room kept for the scroll bar.
        The bar's hint, not its width: hidden, it still has the 100 px every new widget gets,
        and the lines were measured that much narrower (more wrapped, taller) than they are."""
        return max(1, width - self.verticalScrollBar().sizeHint().width())

    def sizeHint(self) -> QSize:
        body = self.widget()
        if body is None:
            return super().sizeHint()
        hint = body.sizeHint().expandedTo(body.minimumSizeHint())
        layout = body.layout()
        if layout is not None and layout.hasHeightForWidth():
            # The body's own hint has its wrapped lines at the narrow width a label guesses for
            # itself (~350 px), several lines taller than at the page's width: the window grew
            # for them and showed a gap under the page. The height at the width it has instead.
            width = max(self.width(), hint.width())
            hint.setHeight(layout.totalHeightForWidth(self._body_width(width)))
        return hint.expandedTo(body.minimumSize())


def busy_bar(object_name: str, accessible_name: str) -> QProgressBar:
    """An indeterminate progress bar, hidden until work runs."""
    bar = QProgressBar()
    bar.setObjectName(object_name)
    bar.setAccessibleName(accessible_name)
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setMaximumHeight(6)
    bar.setVisible(False)
    return bar

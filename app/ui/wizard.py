"""The setup wizard window: a QWizard whose order comes from ``app.core.wizard.flow``.

The wizard holds the one frozen :class:`WizardState`; pages change it only through
:meth:`SetupWizard.change_state` with a pure function from the flow module, and redraw from it on
:attr:`SetupWizard.state_changed`. Leaving a page cancels its work; closing cancels everything.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QApplication, QPushButton, QWidget, QWizard

from app.core.endpoints import Endpoint
from app.core.paths import AppPaths
from app.core.wizard.flow import NAVMAP, ViewName, WizardState, has_work_to_lose, next_view
from app.ui.accessibility import install_accessible_factory
from app.ui.pages.base import FlowPage
from app.ui.pages.welcome import WelcomePage
from app.ui.pending_style import apply_pending_style
from app.ui.resources import icon, svg_pixmap
from app.ui.tasks import TaskRunner
from app.ui.widgets import name_message_box_icon, without_mnemonic

if TYPE_CHECKING:
    from app.ui.about import AboutDialog
    from app.ui.pages.preview import PreviewPage

NAV_BUTTONS = (
    QWizard.WizardButton.BackButton,
    QWizard.WizardButton.NextButton,
    QWizard.WizardButton.CommitButton,
    QWizard.WizardButton.FinishButton,
    QWizard.WizardButton.CancelButton,
)
PAGE_IDS: dict[ViewName, int] = {view: index for index, view in enumerate(NAVMAP)}
# Work still running when the window closes gets this long to notice its cancel flag.
CLOSE_WAIT_MS = 3000
REMAINING_PAGES_DELAY_MS = 250
MIN_WIDTH, MIN_HEIGHT = 560, 400
FRAME_SETTLE_MS = 300
USUAL_WIDTH, USUAL_HEIGHT = 720, 560


class SetupWizard(QWizard):
    state_changed = Signal()

    def __init__(
        self,
        paths: AppPaths,
        catalogue: tuple[Endpoint, ...],
        *,
        environment: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # Before anything shows: the key field and the page title get their own accessible
        # objects (app/ui/accessibility.py).
        install_accessible_factory()
        self.paths = paths
        self.catalogue = catalogue
        # Where Codex and npm are looked for and what they run with (tests pass an isolated one).
        self.environment: dict[str, str] = dict(os.environ if environment is None else environment)
        self.runner = TaskRunner(self)
        self._state = WizardState()
        self._ask_before_closing = True

        self.setObjectName("setupWizard")
        self.setWindowTitle(self.tr("TokenPool Setup"))
        self.setAccessibleName(self.tr("TokenPool Setup"))
        if os.name != "nt" and not _is_macos():
            # The classic style has no page header; the modern one shows title and subtitle.
            self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        logo = svg_pixmap("app", 48, self.devicePixelRatioF())
        self.setPixmap(QWizard.WizardPixmap.LogoPixmap, logo)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Write configuration"))
        # About: the version, our licence and the third-party notices (app/ui/about.py).
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setButtonText(QWizard.WizardButton.CustomButton1, self.tr("&About"))
        self.button(QWizard.WizardButton.CustomButton1).setAccessibleName(self.tr("About"))
        self.customButtonClicked.connect(self._show_about)
        self._about: AboutDialog | None = None
        # Small enough for 1366×768 at 150 % (910×512 points); the pages scroll below their
        # natural size. The usual size is asked for, and cut to the screen when shown.
        self.setMinimumSize(QSize(MIN_WIDTH, MIN_HEIGHT))
        self.resize(QSize(USUAL_WIDTH, USUAL_HEIGHT))
        # fit_content grows the window from the size the person chose (or the usual one), and
        # gives back what it grew once the content that needed it is gone.
        self._chosen_size = self.size()
        self._fitted_size: QSize | None = None
        # Enter must never press Cancel: while the first page is still looking at the files,
        # Next is disabled and the keyboard focus lands on Cancel, and an auto-default button
        # takes Enter, so a keyboard user pressing Enter early closed the window.
        for which in (QWizard.WizardButton.CancelButton, QWizard.WizardButton.BackButton):
            button = self.button(which)
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)

        # The first page is built now; the others right after it has painted (or after a moment
        # at the latest), so the window shows as soon as possible.
        self.pages: dict[ViewName, FlowPage] = {}
        self._preview_page: PreviewPage | None = None
        self._add_page(WelcomePage(self))
        self.setStartId(PAGE_IDS[ViewName.WELCOME])
        QTimer.singleShot(REMAINING_PAGES_DELAY_MS, self.build_remaining_pages)
        self.currentIdChanged.connect(self._page_changed)
        # Pages show and hide parts as work finishes (findings, the Codex install box...).
        # QWizard never grows by itself, so it would squeeze them: grow to fit instead.
        self.state_changed.connect(self.fit_content_soon)
        self.currentIdChanged.connect(self.fit_content_soon)
        # ... and as their work starts and ends (a test's result replacing its busy line).
        self.runner.busy_changed.connect(self.fit_content_soon)
        self._name_buttons()

    # -- pages -------------------------------------------------------------------------------

    def _add_page(self, page: FlowPage) -> None:
        self.pages[page.view] = page
        if self.pages.keys() - {ViewName.WELCOME}:
            page.settle()
        self.setPage(PAGE_IDS[page.view], page)
        page.show_state(self._state)

    def first_page_painted(self) -> None:
        QTimer.singleShot(0, self.build_remaining_pages)
        QTimer.singleShot(0, self.show_focus)  # after the first paint: it costs Qt's enums
        QTimer.singleShot(0, apply_pending_style)  # readable colours, outlines (ui/style.py)

    def build_remaining_pages(self) -> None:
        if len(self.pages) == len(PAGE_IDS):
            return
        self._name_logo()  # once, after the first paint (it walks every label)
        # The window's icon (title bar, taskbar) just after the first paint: QIcon's enums cost
        # ~2 ms, and nothing on the first page needs it.
        self.setWindowIcon(icon("app"))
        from app.ui.pages.done import DonePage
        from app.ui.pages.endpoint import EndpointPage
        from app.ui.pages.key import KeyPage
        from app.ui.pages.preview import PreviewPage
        from app.ui.pages.repair import RepairPage

        self.pages[ViewName.WELCOME].settle()  # deferred until after the first paint
        self._preview_page = PreviewPage(self)
        for page in (
            RepairPage(self),
            KeyPage(self),
            EndpointPage(self),
            self._preview_page,
            DonePage(self),
        ):
            self._add_page(page)

    @property
    def preview_page(self) -> PreviewPage:
        self.build_remaining_pages()
        assert self._preview_page is not None
        return self._preview_page

    # -- state -------------------------------------------------------------------------------

    @property
    def state(self) -> WizardState:
        return self._state

    def change_state(self, change: Callable[[WizardState], WizardState]) -> None:
        new = change(self._state)
        if new is self._state:
            return
        self._state = new
        self.state_changed.emit()

    # -- navigation --------------------------------------------------------------------------

    def view_of(self, page_id: int) -> ViewName | None:
        return next((v for v, i in PAGE_IDS.items() if i == page_id), None)

    def current_view(self) -> ViewName | None:
        return self.view_of(self.currentId())

    def page_for(self, view: ViewName) -> FlowPage:
        self.build_remaining_pages()
        return self.pages[view]

    def nextId(self) -> int:
        view = self.current_view()
        if view is None:
            return int(super().nextId())
        following = next_view(view, self._state)
        return PAGE_IDS[following] if following is not None else -1

    def go_back_to(self, view: ViewName) -> None:
        """Back through the visited pages to ``view`` (e.g. from a rejected key to the key page)."""
        target = PAGE_IDS[view]
        while self.currentId() != target and target in self.visitedIds():
            before = self.currentId()
            self.back()
            if self.currentId() == before:
                break

    def fit_content_soon(self) -> None:
        QTimer.singleShot(0, self.fit_content)

    def page_needs_changed(self, page: FlowPage) -> None:
        """The current page's height need changed by itself (its lines laid out again after
        the last fit: under X11 the window's size and fonts settle after it has shown): fit
        again, as for any other change, or a scroll bar stays for the last few lines.
        (Not only when the window still has the size it was fitted to: under X11 its size
        comes back from the X server a moment later and no longer matched.)"""
        if page is self.currentPage():
            self.fit_content_soon()

    def fit_content(self) -> None:
        """Grow the window to the current page's needs, never beyond the screen (its frame and
        title bar included); a page that needs more scrolls. What it grew for and no longer
        needs (a result replaced by a shorter one, another page) is given back, down to the
        size the person chose, or the usual one: no empty band above the buttons."""
        page = self.currentPage()
        if isinstance(page, FlowPage):
            page.fit_body()
        if self.size() != self._fitted_size:
            self._chosen_size = self.size()  # not ours: the person's (or the screen's) size
        wanted = self._chosen_size.expandedTo(self.sizeHint())
        screen = self.screen()
        if screen is not None:
            frame = self.frameGeometry().size() - self.geometry().size()
            room = screen.availableGeometry().size() - frame
            wanted = wanted.boundedTo(room.expandedTo(self.minimumSize()))
        if wanted != self.size():
            self.resize(wanted)
        self._fitted_size = self.size()
        if screen is not None:
            self._keep_on_screen(screen.availableGeometry())

    def _keep_on_screen(self, room: QRect) -> None:
        """Title bar and buttons inside the screen: a window manager may place a window that
        only just fits with its title bar above the top edge."""
        frame = self.frameGeometry()
        x = min(max(frame.left(), room.left()), max(room.left(), room.right() - frame.width() + 1))
        y = min(max(frame.top(), room.top()), max(room.top(), room.bottom() - frame.height() + 1))
        if (x, y) != (frame.left(), frame.top()):
            self.move(x, y)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit_content_soon()
        # Again once the window manager has put its frame around the window.
        QTimer.singleShot(FRAME_SETTLE_MS, self.fit_content)

    def _page_changed(self, page_id: int) -> None:
        current = self.view_of(page_id)
        for view in self.pages:
            if view != current:
                self.runner.cancel(view.value)
        self._name_buttons()  # a page may word a button its own way ("Repair with backup")
        self._keep_focus_on_the_page()
        if len(self.pages) == len(PAGE_IDS):  # not for the first page: first_page_painted does
            self.show_focus()  # (it builds Qt's enums, ~14 ms the first paint must not wait for)

    def show_focus(self) -> None:
        """The focused control shows its focus ring now, not only after the first Tab: the
        page chose where the keyboard goes on, and a keyboard user must see where that is."""
        from PySide6.QtCore import Qt

        self.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, True)
        focused = QApplication.focusWidget()
        if focused is not None and self.isAncestorOf(focused):
            focused.update()

    def _keep_focus_on_the_page(self) -> None:
        """The keyboard focus must not stay on a widget of the page just left (now hidden): it
        goes to the new page's first control (its initializePage may have chosen one already)."""
        focused = QApplication.focusWidget()
        page = self.currentPage()
        if page is None or focused is None or focused.isVisible():
            return  # nothing focused yet (the first page showing), or focus already on this page
        # Imported here: the first use of PySide's Qt namespace costs ~30 ms, which the window
        # must not pay before its first page paints (bench/startup.py).
        from PySide6.QtCore import Qt

        widget = page.nextInFocusChain()
        while widget is not None and widget is not page:
            if (
                page.isAncestorOf(widget)
                and widget.isVisible()
                and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):
                widget.setFocus(Qt.FocusReason.TabFocusReason)
                return
            widget = widget.nextInFocusChain()
        for which in (
            QWizard.WizardButton.CommitButton,
            QWizard.WizardButton.NextButton,
            QWizard.WizardButton.FinishButton,
        ):
            button = self.button(which)
            if button.isVisible():
                button.setFocus(Qt.FocusReason.TabFocusReason)
                return

    def _show_about(self, which: int) -> None:
        from app.ui.about import show_about

        if which == QWizard.WizardButton.CustomButton1.value:
            self._about = show_about(self._about, parent=self)

    def _name_buttons(self) -> None:
        for which in NAV_BUTTONS:
            widget = self.button(which)
            widget.setAccessibleName(without_mnemonic(widget.text()))

    def _name_logo(self) -> None:
        """The header's logo (a picture without words) is named for screen readers."""
        from PySide6.QtWidgets import QLabel

        for label in self.findChildren(QLabel):
            parent = label.parent()
            if (
                parent is not None
                and not isinstance(parent, FlowPage)
                and not label.pixmap().isNull()
                and not label.accessibleName()
                and not any(page.isAncestorOf(label) for page in self.pages.values())
            ):
                label.setAccessibleName(self.tr("TokenPool logo"))

    # -- closing -----------------------------------------------------------------------------

    def reject(self) -> None:
        """Escape, Cancel and the window's close button: ask first when a pasted key or tested
        endpoints would be thrown away."""
        asking = self._ask_before_closing
        self._ask_before_closing = True
        lose = asking and has_work_to_lose(self._state, self.current_view())
        if lose and not self.confirm_discard():
            return
        super().reject()

    def confirm_discard(self) -> bool:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self)
        box.setObjectName("confirmCloseBox")
        box.setIcon(QMessageBox.Icon.Question)
        name_message_box_icon(box)
        box.setWindowTitle(self.tr("Close TokenPool Setup?"))
        box.setText(self.tr("Close without setting up Codex?"))
        box.setInformativeText(
            self.tr(
                "The key you entered and the test results are not kept. Nothing has been "
                "written to your Codex settings."
            )
        )
        close = box.addButton(self.tr("&Close"), QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton(self.tr("&Keep setting up"), QMessageBox.ButtonRole.RejectRole)
        close.setObjectName("confirmCloseButton")
        stay.setObjectName("keepSettingUpButton")
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.exec()
        return box.clickedButton() is close

    def done(self, result: int) -> None:
        self.runner.cancel()
        self.runner.wait(CLOSE_WAIT_MS)
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        # QDialog turns this into reject(), which asks first when the person closed the window;
        # a close() from the program (quitting) does not ask. Work stops in done().
        self._ask_before_closing = event.spontaneous()
        super().closeEvent(event)
        self._ask_before_closing = True


def _is_macos() -> bool:
    import sys

    return sys.platform == "darwin"

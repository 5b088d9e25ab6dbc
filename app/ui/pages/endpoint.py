"""Endpoint and model: every endpoint probed at once with the key (live per row), the healthy
recommended one pre-selected, custom addresses checked (websites refused), the model chosen."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QObject, QSize, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
)

from app.core.wizard import flow
from app.core.wizard.flow import EndpointRow, ViewName, WizardState
from app.ui import messages
from app.ui.accessibility import announce
from app.ui.pages.base import FlowPage, busy_bar
from app.ui.resources import icon
from app.ui.tasks import TaskFailure
from app.ui.widgets import StatusLine, buddy_label, without_mnemonic

if TYPE_CHECKING:
    from app.core.net.probe import ProbeReport, ProbeResult
    from app.ui.wizard import SetupWizard

COLUMN_NAME, COLUMN_URL, COLUMN_RESULT = range(3)
URL_ROLE = Qt.ItemDataRole.UserRole


def _endpoint_table(page: EndpointPage) -> QTreeWidget:
    """The endpoints with their address and result (one row each, chosen by the person)."""
    table = QTreeWidget()
    table.setObjectName("endpointTable")
    table.setAccessibleName(QCoreApplication.translate("EndpointPage", "Endpoints"))
    table.setColumnCount(3)
    table.setHeaderLabels(
        [
            QCoreApplication.translate("EndpointPage", "Endpoint"),
            QCoreApplication.translate("EndpointPage", "Address"),
            QCoreApplication.translate("EndpointPage", "Result"),
        ]
    )
    table.setRootIsDecorated(False)
    table.setUniformRowHeights(True)
    table.setAllColumnsShowFocus(True)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setIconSize(QSize(16, 16))
    header = table.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(COLUMN_NAME, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(COLUMN_URL, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(COLUMN_RESULT, QHeaderView.ResizeMode.Interactive)
    header.resizeSection(COLUMN_RESULT, 200)
    table.setMinimumHeight(96)
    table.setMaximumHeight(170)
    table.currentItemChanged.connect(page._row_chosen)
    return table


class EndpointPage(FlowPage):
    view = ViewName.ENDPOINT

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Choose the endpoint"))
        self.setSubTitle(
            self.tr("Each endpoint is tested with your key. The recommended healthy one is chosen.")
        )
        self._items: dict[str, QTreeWidgetItem] = {}
        self._timeout_s: float | None = None  # None: the usual; more after "more time"

        self.table = _endpoint_table(self)

        self.retest_button = QPushButton(icon("refresh"), self.tr("&Retest"))
        self.retest_button.setObjectName("retestButton")
        self.retest_button.setAccessibleName(self.tr("Test the endpoints again"))
        self.retest_button.clicked.connect(self.retest)
        self.progress = busy_bar("probeProgress", self.tr("Testing the endpoints"))
        self.progress.setMaximumWidth(160)
        self.more_time_button = QPushButton(icon("refresh"), self.tr("Test again with more &time"))
        self.more_time_button.setObjectName("moreTimeButton")
        self.more_time_button.setAccessibleName(without_mnemonic(self.more_time_button.text()))
        self.more_time_button.setVisible(False)
        self.more_time_button.clicked.connect(self.retest_with_more_time)
        retest_row = QHBoxLayout()
        retest_row.addWidget(self.retest_button)
        retest_row.addWidget(self.more_time_button)
        retest_row.addWidget(self.progress)
        retest_row.addStretch(1)

        self.detail = StatusLine("endpointDetail", self.tr("Chosen endpoint"))
        self.use_failed = QCheckBox(
            self.tr("&Use this endpoint anyway (Codex will probably not work with it)")
        )
        self.use_failed.setObjectName("useFailedEndpointCheck")
        self.use_failed.setAccessibleName(without_mnemonic(self.use_failed.text()))
        self.use_failed.setVisible(False)
        self.use_failed.toggled.connect(
            lambda yes: self.change_state(partial(flow.accept_failed_endpoint, accepted=yes))
        )

        self.online_problem = StatusLine("onlineProblem", self.tr("Problem"))
        self.online_problem.setVisible(False)
        self.change_key_button = QPushButton(self.tr("Change the &key"))
        self.change_key_button.setObjectName("changeKeyButton")
        self.change_key_button.setAccessibleName(without_mnemonic(self.change_key_button.text()))
        self.change_key_button.setVisible(False)
        self.change_key_button.clicked.connect(self.change_key)
        problem_row = QHBoxLayout()
        problem_row.addWidget(self.online_problem, 1)
        problem_row.addWidget(self.change_key_button, 0, Qt.AlignmentFlag.AlignTop)

        custom_row = self._build_custom()

        model_row = self._build_model()

        layout = self.body_layout()
        layout.setSpacing(10)
        layout.addWidget(self.table)
        layout.addLayout(retest_row)
        layout.addWidget(self.detail)
        layout.addWidget(self.use_failed)
        layout.addLayout(problem_row)
        layout.addLayout(custom_row)
        layout.addWidget(self.custom_refusal)
        layout.addLayout(model_row)
        layout.addWidget(self.model_warning)
        layout.addStretch(1)

    def _build_custom(self) -> QHBoxLayout:
        """A custom endpoint: its address, Add, and why one is refused."""
        self.custom_edit = QLineEdit()
        self.custom_edit.setObjectName("customEndpointEdit")
        self.custom_edit.setAccessibleName(self.tr("Custom endpoint address"))
        self.custom_edit.setPlaceholderText(self.tr("Add custom… (https://…)"))
        # Enter adds what was typed (and does not also press Next); in an empty box it goes on.
        self.custom_edit.installEventFilter(self)
        self.add_button = QPushButton(self.tr("A&dd"))
        self.add_button.setObjectName("addCustomButton")
        self.add_button.setAccessibleName(self.tr("Add the custom endpoint"))
        self.add_button.clicked.connect(self.add_custom)
        custom_row = QHBoxLayout()
        custom_label = buddy_label(self.tr("&Other endpoint:"), self.custom_edit)
        custom_row.addWidget(custom_label)
        custom_row.addWidget(self.custom_edit, 1)
        custom_row.addWidget(self.add_button)
        self.custom_refusal = StatusLine("customEndpointStatus", self.tr("Custom endpoint"))
        self.custom_refusal.setVisible(False)
        return custom_row

    def _build_model(self) -> QHBoxLayout:
        self.model_combo = QComboBox()
        self.model_combo.setObjectName("modelCombo")
        self.model_combo.setAccessibleName(self.tr("Model"))
        self.model_combo.setEditable(True)
        self.model_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.model_combo.setMinimumWidth(220)
        line_edit = self.model_combo.lineEdit()
        if line_edit is not None:
            line_edit.setAccessibleName(self.tr("Model"))
        self.model_combo.currentTextChanged.connect(self._model_typed)
        model_label = buddy_label(self.tr("&Model:"), self.model_combo)
        model_row = QHBoxLayout()
        model_row.addWidget(model_label)
        model_row.addWidget(self.model_combo)
        model_row.addStretch(1)
        self.model_warning = StatusLine("modelWarning", self.tr("Model"))
        self.model_warning.setVisible(False)
        return model_row

    # -- probing -----------------------------------------------------------------------------

    def initializePage(self) -> None:
        self._timeout_s = None
        state = self.state
        custom = [r.url for r in state.rows if r.custom]
        if state.pasted_endpoint:
            custom.append(state.pasted_endpoint)
        self._probe(flow.rows_for(self.host.catalogue, custom))
        self.table.setFocus()

    def retest(self) -> None:
        self._probe(self.state.rows or flow.rows_for(self.host.catalogue))

    def retest_with_more_time(self) -> None:
        from app.core.wizard import tasks

        self._timeout_s = tasks.PATIENT_PROBE_TIMEOUT_S
        self.retest()

    def change_key(self) -> None:
        from app.ui.pages.key import KeyPage

        self.change_state(flow.mark_key_refused)
        self.host.go_back_to(ViewName.KEY)
        key_page = self.host.page_for(ViewName.KEY)
        if isinstance(key_page, KeyPage):
            key_page.show_refused_key()

    def _probe(self, rows: tuple[EndpointRow, ...]) -> None:
        from app.core.wizard import tasks

        self.cancel_tasks()
        self.change_state(partial(flow.start_probing, rows=rows))
        key, catalogue = self.state.key, self.host.catalogue
        urls = [r.url for r in self.state.rows]
        timeout = self._timeout_s or tasks.PROBE_TIMEOUT_S
        self.start_task(
            lambda ctx: tasks.probe_urls(
                urls, key, catalogue, ctx.cancel, ctx.report, timeout=timeout
            ),
            self._report,
            self._probe_failed,
            self._result,
        )

    def _result(self, result: object) -> None:
        self.change_state(partial(flow.accept_probe_result, result=cast("ProbeResult", result)))

    def _report(self, report: object) -> None:
        self.change_state(partial(flow.accept_probe_report, report=cast("ProbeReport", report)))

    def _probe_failed(self, failure: TaskFailure) -> None:
        self.change_state(flow.probing_stopped)
        self.online_problem.set_status("error", messages.plain_text(failure.code, failure.text))
        self.online_problem.setVisible(True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.custom_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.custom_edit.text().strip()
        ):
            self.add_custom()
            return True
        return super().eventFilter(watched, event)

    def add_custom(self) -> None:
        url, refusal = flow.tidy_custom_endpoint(self.custom_edit.text())
        if url is None:
            coded = flow.endpoint_refusal(self.custom_edit.text())
            self.custom_refusal.set_status(
                "error",
                messages.message_text(coded, english_from_core=True) if coded else refusal or "",
            )
            self.custom_refusal.setVisible(True)
            return
        self.custom_refusal.setVisible(False)
        self.custom_edit.clear()
        self.change_state(partial(flow.add_custom_row, url=url))
        self.change_state(partial(flow.select_endpoint, url=url))
        self._probe(self.state.rows)

    # -- choices -----------------------------------------------------------------------------

    def _row_chosen(self, current: QTreeWidgetItem | None, _previous: object = None) -> None:
        if current is None:
            return
        url = current.data(COLUMN_NAME, URL_ROLE)
        if isinstance(url, str) and url != self.state.selected_url:
            self.change_state(partial(flow.select_endpoint, url=url))

    def _model_typed(self, text: str) -> None:
        if text.strip() and text.strip() != self.state.model:
            self.change_state(partial(flow.select_model, model=text))

    # -- drawing -----------------------------------------------------------------------------

    def show_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)

    def show_state(self, state: WizardState) -> None:
        self._render_rows(state)
        self._render_detail(state)
        self._render_problem(state)
        self._render_models(state)

    def _render_rows(self, state: WizardState) -> None:
        # Signals stay blocked: inserting the first row makes it "current", which is not a choice.
        self.table.blockSignals(True)
        try:
            self._fill_rows(state)
        finally:
            self.table.blockSignals(False)

    def _fill_rows(self, state: WizardState) -> None:
        wanted = {r.url for r in state.rows}
        for url in [u for u in self._items if u not in wanted]:
            gone = self._items.pop(url)
            index = self.table.indexOfTopLevelItem(gone)
            if index >= 0:
                self.table.takeTopLevelItem(index)
        star = flow.recommended_url(state)
        finished: list[str] = []  # rows whose test ended just now, for a screen reader
        for row in state.rows:
            item = self._items.get(row.url)
            if item is None:
                item = QTreeWidgetItem()
                item.setData(COLUMN_NAME, URL_ROLE, row.url)
                self.table.addTopLevelItem(item)
                self._items[row.url] = item
            item.setText(COLUMN_NAME, self._row_label(row, row.url == star))
            item.setIcon(COLUMN_NAME, icon("star") if row.url == star else icon("endpoint"))
            item.setText(COLUMN_URL, row.url)
            text, level = self._row_result(row)
            if item.text(COLUMN_RESULT) != text and row.status != "testing":
                finished.append(
                    self.tr("{endpoint}: {result}").format(endpoint=host_of(row.url), result=text)
                )
            item.setText(COLUMN_RESULT, text)
            item.setIcon(COLUMN_RESULT, icon(level))
            item.setToolTip(COLUMN_RESULT, self._row_detail(row))
            item.setData(COLUMN_RESULT, Qt.ItemDataRole.AccessibleTextRole, text)
        if finished and self.isVisible() and len(state.rows) > 1:
            # Each result as it arrives (the line under the table reads the chosen one in full).
            announce(self.table, self.tr("; ").join(finished))
        selected = self._items.get(state.selected_url or "")
        if selected is None:
            self.table.setCurrentIndex(QModelIndex())
        elif self.table.currentItem() is not selected:
            self.table.setCurrentItem(selected)

    def _row_label(self, row: EndpointRow, starred: bool) -> str:
        """The star follows the results: the best endpoint that works, never a dead one."""
        if starred:
            return self.tr("Recommended")
        if row.custom:
            return self.tr("Custom")
        return self.tr("Alternative")

    def _row_result(self, row: EndpointRow) -> tuple[str, str]:
        if row.status == "testing":
            return self.tr("Testing…"), "busy"
        if row.status == "ok":
            return self.tr("{ms} ms").format(ms=round(row.latency_ms or 0)), "ok"
        if row.slow:
            return self.tr("Answers slowly"), "warning"
        return self.short_error(row.error_kind or ""), "error"

    def _row_detail(self, row: EndpointRow) -> str:
        if row.status == "testing":
            return self.tr("Testing {url} with your key…").format(url=row.url)
        if row.status == "ok":
            count = len(row.models)
            return self.tr("{url} answered in {ms} ms with {count} models.").format(
                url=row.url, ms=round(row.latency_ms or 0), count=count
            )
        return self.failure_text(row) + self._english_detail(row)

    def failure_text(self, row: EndpointRow) -> str:
        """Why ``row`` failed, with the way on that fits the other results."""
        host = host_of(row.url)
        if row.slow:
            return self.tr(
                "{host} answered, but slowly: the test did not finish in {seconds} seconds. "
                "Test again with more time, or use it anyway."
            ).format(host=host, seconds=round(self._timeout_s or _usual_timeout()))
        if row.error_kind == "not_api":
            star = flow.recommended_url(self.state)
            if star is not None and star != row.url:
                return self.tr(
                    "{host} answered, but not as the TokenPool API does. Use the recommended "
                    "endpoint."
                ).format(host=host)
            return self.tr(
                "{host} answered, but not as the TokenPool API does. Check the address in the "
                "TokenPool console."
            ).format(host=host)
        return self.long_error(row.error_kind or "", host)

    def _english_detail(self, row: EndpointRow) -> str:
        """The core's own sentence as a second line, when the UI's is a translation of it."""
        if row.slow:
            return ""  # the core's "did not answer in time" is what the slow sentence corrects
        core = f"{row.error_message} {row.suggestion}".strip()
        _first, detail = messages.localised(row.error_kind or "server_error", core)
        return f"\n{detail}" if detail else ""

    def _render_detail(self, state: WizardState) -> None:
        row = state.selected_row
        if row is None:
            self.detail.set_status(
                "busy" if state.probing else "none",
                self.tr("Testing the endpoints…") if state.probing else "",
            )
            self.use_failed.setVisible(False)
            self.more_time_button.setVisible(False)
            return
        self.more_time_button.setVisible(
            not state.probing and any(r.slow for r in state.rows) and self._timeout_s is None
        )
        if row.status == "failed":
            self.detail.set_status(
                "warning",
                self.failure_text(row)
                if row.slow
                else self.tr("{url} failed the test: {reason}").format(
                    url=row.url, reason=self.failure_text(row)
                ),
            )
            # The core's own English words (which status, which address instead), on hover.
            self.detail.set_english_detail(self._english_detail(row).strip())
        else:
            self.detail.set_english_detail("")
            level = "busy" if row.status == "testing" else "ok"
            self.detail.set_status(level, self._row_detail(row))  # type: ignore[arg-type]
        self.use_failed.setText(
            self.tr("&Use it anyway (Codex waits longer than this test)")
            if row.slow
            else self.tr("&Use this endpoint anyway (Codex will probably not work with it)")
        )
        self.use_failed.setAccessibleName(without_mnemonic(self.use_failed.text()))
        self.use_failed.setVisible(row.status == "failed")
        if row.status == "failed" and self.use_failed.isChecked() != state.failed_endpoint_accepted:
            self.use_failed.blockSignals(True)
            self.use_failed.setChecked(state.failed_endpoint_accepted)
            self.use_failed.blockSignals(False)

    def _render_problem(self, state: WizardState) -> None:
        problem = flow.online_problem(state)
        texts = {
            "key_rejected": self.tr(
                "TokenPool rejected this key. Go back and paste the full key again (use the copy "
                "button in the console)."
            ),
            "no_quota": self.tr(
                "The key was accepted, but TokenPool says it has no quota left or too many "
                "requests. Check the balance in the TokenPool console, then press Retest."
            ),
            "no_network": self.tr(
                "None of the endpoints could be reached. Check that this computer is online "
                "(and any VPN or proxy), then press Retest."
            ),
            "slow": self.tr(
                "The endpoints can be reached, but they answered too slowly for this test. Test "
                "again with more time, or use the chosen endpoint anyway."
            ),
        }
        self.online_problem.setVisible(problem is not None)
        self.change_key_button.setVisible(problem == "key_rejected")
        if problem is not None:
            self.online_problem.set_status(
                "warning" if problem == "slow" else "error", texts[problem]
            )

    def _render_models(self, state: WizardState) -> None:
        offered = list(flow.offered_models(state))
        items = offered or [flow.DEFAULT_MODEL]
        current = [self.model_combo.itemText(i) for i in range(self.model_combo.count())]
        self.model_combo.blockSignals(True)
        if current != items:
            self.model_combo.clear()
            self.model_combo.addItems(items)
        if self.model_combo.currentText() != state.model:
            index = self.model_combo.findText(state.model)
            if index >= 0:
                self.model_combo.setCurrentIndex(index)
            else:
                self.model_combo.setEditText(state.model)
        self.model_combo.blockSignals(False)
        warn = flow.model_warning(state)
        self.model_warning.setVisible(warn)
        if warn:
            self.model_warning.set_status(
                "warning",
                self.tr(
                    "This endpoint does not list the model {model} for your key, so Codex may "
                    "not work with it."
                ).format(model=state.model),
            )

    # -- words -------------------------------------------------------------------------------

    def short_error(self, kind: str) -> str:
        words = {
            "dns": self.tr("Name not found"),
            "connect_refused": self.tr("Connection refused"),
            "timeout": self.tr("No answer in time"),
            "tls": self.tr("Secure connection failed"),
            "proxy": self.tr("Proxy failed"),
            "not_api": self.tr("Not the API"),
            "unauthorized": self.tr("Key rejected"),
            "rate_limited": self.tr("No quota / too busy"),
            "offline": self.tr("No network"),
            "server_error": self.tr("Server error"),
            "insecure_http": self.tr("Not encrypted"),
            "too_large": self.tr("Answer too large"),
            "proxy_auth": self.tr("Proxy wants a password"),
            "proxy_credentials": self.tr("Proxy password wrong"),
            "proxy_upstream": self.tr("Proxy failed"),
            "proxy_setting": self.tr("Bad proxy setting"),
        }
        return words.get(kind, self.tr("Server error"))

    def long_error(self, kind: str, host: str) -> str:
        words = {
            "dns": self.tr(
                "The name {host} could not be found. Check it for typos; your network may also "
                "be blocking it."
            ),
            "connect_refused": self.tr(
                "{host} refused the connection. A firewall or VPN may be blocking it."
            ),
            "timeout": self.tr(
                "{host} did not answer in time. The network may be slow or blocking it."
            ),
            "tls": self.tr(
                "The secure connection to {host} could not be verified. Check the computer's date "
                "and time; antivirus or a company network may be intercepting it."
            ),
            "proxy": self.tr("Could not connect through the proxy. Check the proxy settings."),
            "not_api": self.tr(
                "{host} answered, but not as the TokenPool API does. Use the recommended endpoint."
            ),
            "unauthorized": self.tr("{host} rejected the key."),
            "rate_limited": self.tr("{host} says too many requests, or the key is out of quota."),
            "offline": self.tr("This computer seems to have no network connection."),
            "server_error": self.tr("{host} had a problem answering. Try again in a minute."),
            "insecure_http": self.tr(
                "{host} is plain http:// to another computer, so the key was not sent (it would "
                "travel unencrypted). Use the https:// address."
            ),
            "too_large": self.tr(
                "{host} sent far more data than an answer can be, so reading was stopped."
            ),
            "proxy_auth": self.tr(
                "The proxy wants a user name and password. Add them to the proxy setting, or use "
                "a proxy that needs none."
            ),
            "proxy_credentials": self.tr(
                "The proxy did not accept its user name and password. Check them in the proxy "
                "setting."
            ),
            "proxy_upstream": self.tr("The proxy could not reach {host}."),
            "proxy_setting": self.tr(
                "The proxy setting is not a valid proxy address. Correct it or remove it."
            ),
        }
        text = words.get(kind, self.tr("{host} had a problem answering. Try again in a minute."))
        return text.format(host=host)


def _usual_timeout() -> float:
    from app.core.wizard import tasks

    return tasks.PROBE_TIMEOUT_S


def host_of(url: str) -> str:
    try:
        return urlsplit(url).netloc.rpartition("@")[2] or url
    except ValueError:
        return url

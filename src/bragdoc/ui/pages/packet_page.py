"""The Packet page: the promotion packet draft, edited beside a live preview, with the
portfolio choice, the vision, the coach, the draft's history and the exports.

The draft lives in the database (PacketDraftService) and is saved as the person types
(a pause of AUTOSAVE_MS, and whenever the page is hidden), so it survives a crash.
Drafting from the record, the coach and the exports run on worker threads; an answer
that arrives after the person changed the period or choices again is dropped. Edited
text is never replaced without asking, and the text replaced is kept in History.

The preview uses the packet's own Markdown renderer with Qt's rich-text flavour (the
one the PDF is printed with), so it shows what the PDF will say; it never loads
anything but the charts it was given, and links in it open nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QFontDatabase, QHideEvent, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from bragdoc.domain.errors import UserError
from bragdoc.packet.chart_image import Chart, charts_by_name
from bragdoc.packet.context import (
    AUDIENCE_LABELS,
    AUDIENCES,
    VISION_PROMPTS,
    PacketChoices,
    Vision,
    format_date,
)
from bragdoc.packet.export import PAGE_SIZES
from bragdoc.packet.render_html import render_body
from bragdoc.packet.render_pdf import QT_STYLE, QtFlavour
from bragdoc.services.packet import PacketService, default_period
from bragdoc.ui.context import UiContext
from bragdoc.ui.delete_key import DeleteKey
from bragdoc.ui.dialogs.packet_dialogs import HistoryDialog
from bragdoc.ui.field_errors import error_label, show_error
from bragdoc.ui.models.packet_models import (
    OPENABLE,
    CoachModel,
    PortfolioColumn,
    PortfolioModel,
    shown_order,
)
from bragdoc.ui.period_picker import PeriodPicker
from bragdoc.ui.views import chain_tab_order, record_table
from bragdoc.ui.worker import run_in_background

if TYPE_CHECKING:
    from bragdoc.packet.coach import Finding
    from bragdoc.packet.ranking import RankedProject
    from bragdoc.services.packet_drafts import PacketDraft, PacketDraftService

log = logging.getLogger(__name__)

PREVIEW_MS = 300
AUTOSAVE_MS = 1500
VISION_MS = 1200
_CHART_REF = re.compile(r"\]\(chart:([a-z_]+)\)")
EXPORT_FILTERS = {
    ".md": "Markdown (*.md)",
    ".html": "Web page (*.html)",
    ".pdf": "PDF document (*.pdf)",
    ".docx": "Word document (*.docx)",
}


@dataclass(frozen=True)
class Options:
    """What the draft is drawn from: the period, the audience, the template, the choices."""

    since: dt.date
    until: dt.date
    audience: str
    template: str | None
    choices: PacketChoices


@dataclass(frozen=True)
class _Loaded:
    options: Options
    draft: PacketDraft | None
    markdown: str
    """The text the record gives for `options` today."""
    ranking: list[RankedProject]
    findings: list[Finding]
    warnings: tuple[str, ...] = ()
    """What to know before handing the draft over (a section left out)."""
    suggestion: tuple[dt.date, dt.date] | None = None
    """A period that holds the record, when the chosen one holds nothing."""


class PreviewBrowser(QTextBrowser):
    """A QTextBrowser that shows only what it is handed: no files, no network, no links."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("packet_preview")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setDefaultStyleSheet(QT_STYLE)
        self.images: dict[str, QImage] = {}
        """The charts it may show, by their `bragdoc-chart:NAME` address."""

    def loadResource(self, kind: int, name: QUrl) -> Any:
        return self.images.get(name.toString())  # nothing else is ever fetched


class PacketPage(QWidget):
    key = "packet"
    title = "Packet"

    loaded = Signal()
    """The record's answer (draft, ranking, coach) is on screen."""
    preview_updated = Signal()
    exported = Signal(object)
    """An export finished: the Path written."""
    export_failed = Signal(str)
    open_record = Signal(str, str)
    """The person wants to fix something in the record: (kind 'win' or 'project', id)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings = settings or QSettings()
        self.packet = PacketService(ctx.db)
        self.draft: PacketDraft | None = None
        self.choices = PacketChoices()
        self._generation = 0
        self._setting_text = False
        self._charts: dict[str, Chart] = {}
        self._charts_for: tuple[dt.date, dt.date] | None = None
        self._flavour: QtFlavour | None = None
        self._ask: QMessageBox | None = None
        self.export_dialog: QFileDialog | None = None
        self.history_dialog: HistoryDialog | None = None
        self._exporting = False

        self._build()
        self._wire()
        self._start()

    # --- building ---------------------------------------------------------------------

    def _build(self) -> None:
        self.picker = PeriodPicker(self.ctx.queries, "packet", twelve_months=default_period)
        self.audience = QComboBox(objectName="packet_audience")
        for key in AUDIENCES:
            self.audience.addItem(AUDIENCE_LABELS[key], key)
        audience_label = QLabel("&Audience")
        audience_label.setBuddy(self.audience)
        self.template = QComboBox(objectName="packet_template")
        self.template.addItem("The audience's own", None)
        for name in self.packet.templates():
            self.template.addItem(name, name)
        template_label = QLabel("&Template")
        template_label.setBuddy(self.template)
        self.regenerate_button = QPushButton("&Regenerate from record",
                                             objectName="packet_regenerate")
        self.regenerate_button.setToolTip(
            "Draft the text again from your record and choices (Ctrl+R); edited text is "
            "kept in History")
        top = QHBoxLayout()
        top.addWidget(self.picker)
        top.addSpacing(8)
        top.addWidget(audience_label)
        top.addWidget(self.audience)
        top.addSpacing(8)
        top.addWidget(template_label)
        top.addWidget(self.template)
        top.addStretch(1)
        top.addWidget(self.regenerate_button)

        self.note = QLabel(objectName="packet_note")
        self.note.setWordWrap(True)

        # The side: portfolio, vision, coach.
        self.tabs = QTabWidget(objectName="packet_tabs")
        self.tabs.addTab(self._build_portfolio(), "Portfolio")
        self.tabs.addTab(self._build_vision(), "Vision")
        self.tabs.addTab(self._build_coach(), "Coach")

        # The draft and its preview.
        self.editor = QPlainTextEdit(objectName="packet_editor")
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.editor.setFont(mono)
        self.editor.setTabChangesFocus(True)
        self.editor.setPlaceholderText("The draft appears here once it is drawn from your "
                                       "record.")
        self.preview = PreviewBrowser()
        self.main_splitter = QSplitter(objectName="packet_splitter")
        self.main_splitter.addWidget(self.tabs)
        self.main_splitter.addWidget(self.editor)
        self.main_splitter.addWidget(self.preview)
        self.main_splitter.setStretchFactor(0, 0)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setStretchFactor(2, 1)
        self.main_splitter.setSizes([330, 420, 420])
        self.main_splitter.setChildrenCollapsible(False)

        # Exporting.
        self.page_size = QComboBox(objectName="packet_page_size")
        self.page_size.addItems(list(PAGE_SIZES))
        page_size_label = QLabel("PDF page si&ze")
        page_size_label.setBuddy(self.page_size)
        self.include_charts = QCheckBox("Include &charts", objectName="packet_include_charts")
        self.include_charts.setChecked(True)
        self.history_button = QPushButton("&History…", objectName="packet_history")
        self.history_button.setToolTip("Every earlier text of this draft (Ctrl+Shift+H)")
        self.export_button = QPushButton("E&xport…", objectName="packet_export")
        self.export_button.setToolTip("Save the draft as Markdown, HTML, PDF or Word "
                                      "(Ctrl+Shift+E)")
        self.busy = QProgressBar(objectName="packet_busy")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(90)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.export_error = error_label("packet_export_error")
        self.status = QLabel(objectName="packet_status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Rich text only here (our own words and dates): the status shows user text.
        self.offer = QLabel(objectName="packet_period_offer")
        self.offer.setTextFormat(Qt.TextFormat.RichText)
        self.offer.linkActivated.connect(self._use_suggestion)
        self.offer.hide()
        self._suggestion: tuple[dt.date, dt.date] | None = None
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, stretch=1)
        bottom.addWidget(self.offer)
        bottom.addWidget(self.export_error, stretch=1)
        bottom.addWidget(page_size_label)
        bottom.addWidget(self.page_size)
        bottom.addWidget(self.include_charts)
        bottom.addWidget(self.history_button)
        bottom.addWidget(self.busy)
        bottom.addWidget(self.export_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.picker.error)
        layout.addWidget(self.note)
        layout.addWidget(self.main_splitter, stretch=1)
        layout.addLayout(bottom)

        chain_tab_order(
            self.picker.period, self.picker.since, self.picker.until, self.picker.apply,
            self.audience, self.template, self.regenerate_button, self.tabs,
            self.portfolio_view, self.pin_button, self.drop_button, self.up_button,
            self.down_button, self.focus_areas, self.days_1_30, self.days_31_60,
            self.days_61_90, self.coach_view, self.editor, self.preview, self.page_size,
            self.include_charts, self.history_button, self.export_button)

    def _build_portfolio(self) -> QWidget:
        intro = QLabel("Projects of the period, best first. Ticked ones are in the packet, "
                       "in this order.")
        intro.setWordWrap(True)
        self.portfolio = PortfolioModel(self)
        self.portfolio_view = record_table("packet_portfolio", self.portfolio)
        header = self.portfolio_view.horizontalHeader()
        header.setSectionResizeMode(PortfolioColumn.PROJECT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PortfolioColumn.SCORE,
                                    QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PortfolioColumn.CHOICE,
                                    QHeaderView.ResizeMode.ResizeToContents)
        self.portfolio_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.pin_button = QPushButton("P&in", objectName="packet_pin")
        self.pin_button.setToolTip("Always include the selected project (Ctrl+P)")
        self.drop_button = QPushButton("&Leave out", objectName="packet_drop")
        self.drop_button.setToolTip("Never include the selected project (Del)")
        self.up_button = QPushButton("Move &up", objectName="packet_up")
        self.up_button.setToolTip("Show the selected project earlier (Ctrl+Up)")
        self.down_button = QPushButton("Move &down", objectName="packet_down")
        self.down_button.setToolTip("Show the selected project later (Ctrl+Down)")
        buttons = QHBoxLayout()
        for button in (self.pin_button, self.drop_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        self.why = self._note("packet_why", lines=4)
        return _tab(intro, self.portfolio_view, buttons, self.why)

    def _note(self, name: str, *, lines: int) -> QLabel:
        """The explanation under a tab's list, with room kept so the list does not jump."""
        note = QLabel(objectName=name)
        note.setWordWrap(True)
        note.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        note.setMinimumHeight(self.fontMetrics().height() * lines)
        return note

    def _vision_field(self, name: str) -> QPlainTextEdit:
        field = QPlainTextEdit(objectName=f"packet_{name}")
        field.setPlaceholderText(VISION_PROMPTS[name])
        field.setTabChangesFocus(True)
        field.setMinimumHeight(self.fontMetrics().height() * 4)
        return field

    def _build_vision(self) -> QWidget:
        intro = QLabel("In your own words; the packet uses exactly what you write here and "
                       "leaves a part out when it is empty.")
        intro.setWordWrap(True)
        self.focus_areas = self._vision_field("focus_areas")
        self.days_1_30 = self._vision_field("days_1_30")
        self.days_31_60 = self._vision_field("days_31_60")
        self.days_61_90 = self._vision_field("days_61_90")
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        for label, field in (("&Focus areas (one a line)", self.focus_areas),
                             ("Days &1–30", self.days_1_30),
                             ("Days &31–60", self.days_31_60),
                             ("Days &61–90", self.days_61_90)):
            shown = QLabel(label)
            shown.setBuddy(field)
            form.addRow(shown, field)
        return _tab(intro, form)

    def _build_coach(self) -> QWidget:
        intro = QLabel("What weakens the draft. Enter on a win or project opens it to fix.")
        intro.setWordWrap(True)
        self.coach = CoachModel(self)
        self.coach_view = QTreeView(objectName="packet_coach")
        self.coach_view.setModel(self.coach)
        self.coach_view.setHeaderHidden(True)
        self.coach_view.setWordWrap(True)
        self.coach_view.setUniformRowHeights(False)
        self.coach_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.coach_note = self._note("packet_coach_note", lines=5)
        return _tab(intro, self.coach_view, self.coach_note)

    def _wire(self) -> None:
        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_MS)
        self._preview_timer.timeout.connect(self.update_preview)
        self._autosave_timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self._autosave_timer.timeout.connect(self.save_now)
        self._vision_timer = QTimer(self, singleShot=True, interval=VISION_MS)
        self._vision_timer.timeout.connect(self._vision_changed)
        self._refresh_timer = QTimer(self, singleShot=True, interval=0)
        self._refresh_timer.timeout.connect(self.refresh)

        self.editor.textChanged.connect(self._text_changed)
        self.picker.changed.connect(self._options_changed)
        self.audience.currentIndexChanged.connect(self._options_changed)
        self.template.currentIndexChanged.connect(self._options_changed)
        for field in (self.focus_areas, self.days_1_30, self.days_31_60, self.days_61_90):
            field.textChanged.connect(self._vision_timer.start)

        self.regenerate_button.clicked.connect(self.regenerate)
        self.history_button.clicked.connect(self.show_history)
        self.export_button.clicked.connect(self.export)
        self.pin_button.clicked.connect(self.pin_selected)
        self.drop_button.clicked.connect(self.drop_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.portfolio.check_toggled.connect(self._ticked)
        self.portfolio_view.selectionModel().currentRowChanged.connect(self._portfolio_row)
        DeleteKey(self.portfolio_view, self.drop_selected)
        self.coach_view.activated.connect(self._coach_activated)
        self.coach_view.selectionModel().currentChanged.connect(self._coach_current)

        within = Qt.ShortcutContext.WidgetWithChildrenShortcut
        QShortcut(QKeySequence("Ctrl+R"), self, self.regenerate, context=within)
        QShortcut(QKeySequence("Ctrl+Shift+E"), self, self.export, context=within)
        QShortcut(QKeySequence("Ctrl+Shift+H"), self, self.show_history, context=within)
        in_table = Qt.ShortcutContext.WidgetShortcut
        QShortcut(QKeySequence("Ctrl+Up"), self.portfolio_view, lambda: self.move_selected(-1),
                  context=in_table)
        QShortcut(QKeySequence("Ctrl+Down"), self.portfolio_view,
                  lambda: self.move_selected(1), context=in_table)
        QShortcut(QKeySequence("Ctrl+P"), self.portfolio_view, self.pin_selected,
                  context=in_table)

        for signal in (self.ctx.signals.wins_changed, self.ctx.signals.projects_changed,
                       self.ctx.signals.people_changed, self.ctx.signals.profile_changed):
            signal.connect(self._refresh_timer.start)

    @cached_property
    def drafts(self) -> PacketDraftService:
        from bragdoc.services.packet_drafts import PacketDraftService

        return PacketDraftService(self.ctx.db)

    # --- loading ----------------------------------------------------------------------

    def _start(self) -> None:
        """The first load: the latest draft as it was left, or a new one from the record."""
        self._generation += 1
        generation = self._generation
        packet, today = self.packet, dt.date.today()
        self.status.setText("Reading your record…")
        self.regenerate_button.setEnabled(False)

        def load() -> _Loaded:
            draft = self.drafts.latest()
            if draft is None:
                since, until = packet.period(today=today)
                options = Options(since, until, "committee", None, PacketChoices())
            else:
                options = Options(draft.since, draft.until, draft.audience, draft.template,
                                  draft.choices)
            return self._draw(options, draft, today)

        run_in_background(load, lambda result: self._started(result, generation),
                          self._failed, self)

    def _draw(self, options: Options, draft: PacketDraft | None, today: dt.date) -> _Loaded:
        """On a worker thread: the text, ranking and coach the record gives for `options`."""
        packet = self.packet
        args = (options.since, options.until)
        markdown, warnings = packet.draft(*args, options.audience, options.template,
                                          today=today, choices=options.choices)
        ranking = packet.ranking(*args, today=today, choices=options.choices)
        findings = packet.coach(*args, today=today, choices=options.choices)
        return _Loaded(options, draft, markdown, ranking, findings, warnings,
                       packet.suggested_period(*args))

    def _started(self, result: _Loaded, generation: int) -> None:
        if generation != self._generation:
            return
        draft = result.draft
        options = result.options
        try:
            if draft is None:
                draft = self.drafts.create(
                    since=options.since, until=options.until, audience=options.audience,
                    template=options.template, choices=options.choices,
                    markdown=result.markdown)
        except UserError as exc:
            self._failed(exc)
            return
        self.draft = draft
        self.choices = draft.choices
        self._show_options(draft)
        self._set_text(draft.markdown)
        self._show_record(result)
        self._load_charts()
        self.regenerate_button.setEnabled(True)
        self.loaded.emit()

    def refresh(self) -> None:
        """Read the record again for the draft's options (it changed, or they did)."""
        if self.draft is None:
            return  # the first load is still running; it reads the record as it is now
        options = self.current_options()
        if options is None:
            return
        self._generation += 1
        generation = self._generation
        today = dt.date.today()
        self.status.setText("Reading your record…")
        run_in_background(lambda: self._draw(options, None, today),
                          lambda result: self._refreshed(result, generation),
                          self._failed, self)

    def _refreshed(self, result: _Loaded, generation: int) -> None:
        if generation != self._generation or self.draft is None:
            return
        self._show_record(result)
        if result.markdown != self.draft.generated:
            if self.edited():
                self.note.setText("Your record or choices changed since this text was drafted."
                                  " Regenerate (Ctrl+R) to bring the changes in; your edited "
                                  "text will be kept in History.")
            else:
                self._replace_text(result.markdown)
        self.loaded.emit()

    def _show_record(self, result: _Loaded) -> None:
        self._show_ranking(result.ranking)
        self.coach.set_findings(result.findings)
        self.coach_view.expandAll()
        count = self.coach.count()
        self.tabs.setTabText(2, f"Coach ({count})" if count else "Coach")
        self.coach_note.setText("" if count else "Nothing to strengthen in this period.")
        said = " ".join(f"Note: {w[0].upper()}{w[1:]}." for w in result.warnings)
        self.status.setText(f"{len(result.ranking)} projects in the period; "
                            f"{count} coach notes. {said}".strip())
        self._suggestion = result.suggestion
        self.offer.setVisible(result.suggestion is not None)
        if result.suggestion is not None:
            self.status.setText("Nothing in this period.")
            since, until = result.suggestion
            self.offer.setText(f'<a href="period">Show {format_date(since)} – '
                               f'{format_date(until)}</a>, where your record has entries')
        self._show_note()

    def _use_suggestion(self) -> None:
        """The page's answer to an empty period: the one that holds the record."""
        if self._suggestion is not None:
            self.picker.show_range(*self._suggestion, dt.date.today())
            self._options_changed()

    def _failed(self, exc: Exception) -> None:
        self.regenerate_button.setEnabled(self.draft is not None)
        if isinstance(exc, UserError):
            self.status.setText(f"Could not draft the packet: {exc}")
        else:
            self.status.setText("Could not draft the packet; the details are in the log.")
        self.loaded.emit()

    # --- options and choices ------------------------------------------------------------

    def _show_options(self, draft: PacketDraft) -> None:
        widgets = (self.audience, self.template)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.picker.show_range(draft.since, draft.until, dt.date.today())
            self.audience.setCurrentIndex(max(0, self.audience.findData(draft.audience)))
            index = self.template.findData(draft.template) if draft.template else 0
            if index < 0:  # a template that is gone: keep its name so nothing is lost
                self.template.addItem(draft.template, draft.template)
                index = self.template.count() - 1
            self.template.setCurrentIndex(index)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        vision = draft.choices.vision
        for field, text in ((self.focus_areas, "\n".join(vision.focus_areas)),
                            (self.days_1_30, vision.days_1_30),
                            (self.days_31_60, vision.days_31_60),
                            (self.days_61_90, vision.days_61_90)):
            field.blockSignals(True)
            field.setPlainText(text)
            field.blockSignals(False)

    def current_options(self) -> Options | None:
        chosen = self.picker.chosen(dt.date.today())
        if chosen is None:
            return None
        return Options(chosen[0], chosen[1], self.audience.currentData(),
                       self.template.currentData(), self.choices)

    def _store_options(self) -> bool:
        options = self.current_options()
        if options is None or self.draft is None:
            return False
        try:
            self.draft = self.drafts.set_options(
                self.draft.id, since=options.since, until=options.until,
                audience=options.audience, template=options.template, choices=options.choices)
        except UserError as exc:
            self.status.setText(f"Not saved: {exc}")
            return False
        return True

    def _options_changed(self) -> None:
        if self._store_options():
            if self._charts_for != (self.draft.since, self.draft.until):  # type: ignore[union-attr]
                self._load_charts()
            self.refresh()

    def _set_choices(self, choices: PacketChoices) -> None:
        self.choices = choices
        if self._store_options():
            self.refresh()

    def _vision_changed(self) -> None:
        focus = tuple(line.strip() for line in self.focus_areas.toPlainText().splitlines()
                      if line.strip())
        vision = Vision(focus_areas=focus, days_1_30=self.days_1_30.toPlainText().strip(),
                        days_31_60=self.days_31_60.toPlainText().strip(),
                        days_61_90=self.days_61_90.toPlainText().strip())
        if vision != self.choices.vision:
            self._set_choices(dataclasses.replace(self.choices, vision=vision))

    # --- the portfolio ------------------------------------------------------------------

    def _show_ranking(self, ranking: list[RankedProject]) -> None:
        selected = self.selected_project()
        self.portfolio.set_rows(shown_order(ranking, self.choices.order))
        row = self.portfolio.row_of(selected) if selected else -1
        if row < 0 and self.portfolio.rowCount():
            row = 0
        if row >= 0:
            self.portfolio_view.selectRow(row)
        self._portfolio_row()

    def selected_project(self) -> str | None:
        index = self.portfolio_view.currentIndex()
        if not index.isValid():
            return None
        return self.portfolio.rows()[index.row()].project_id

    def _portfolio_row(self, *_: QModelIndex) -> None:
        index = self.portfolio_view.currentIndex()
        ranked = self.portfolio.rows()[index.row()] if index.isValid() else None
        self.why.setText(f"Why “{ranked.name}”: {ranked.why}." if ranked else
                         "No project has work in this period yet.")
        self.pin_button.setEnabled(ranked is not None)
        self.drop_button.setEnabled(ranked is not None)
        self.pin_button.setText("Unp&in" if ranked and ranked.pinned else "P&in")
        self.drop_button.setText("&Bring back" if ranked and ranked.dropped else "&Leave out")
        movable = ranked is not None and ranked.selected
        self.up_button.setEnabled(movable)
        self.down_button.setEnabled(movable)

    def _ranked(self, project_id: str) -> RankedProject | None:
        row = self.portfolio.row_of(project_id)
        return self.portfolio.rows()[row] if row >= 0 else None

    def set_pinned(self, project_id: str, pinned: bool) -> None:
        pins = [p for p in self.choices.pinned if p != project_id]
        drops = [p for p in self.choices.dropped if p != project_id]
        if pinned:
            pins.append(project_id)
        self._set_choices(dataclasses.replace(self.choices, pinned=tuple(pins),
                                              dropped=tuple(drops)))

    def set_dropped(self, project_id: str, dropped: bool) -> None:
        pins = [p for p in self.choices.pinned if p != project_id]
        drops = [p for p in self.choices.dropped if p != project_id]
        order = [p for p in self.choices.order if p != project_id]
        if dropped:
            drops.append(project_id)
        self._set_choices(dataclasses.replace(self.choices, pinned=tuple(pins),
                                              dropped=tuple(drops), order=tuple(order)))

    def pin_selected(self) -> None:
        project_id = self.selected_project()
        ranked = self._ranked(project_id) if project_id else None
        if ranked is not None:
            self.set_pinned(ranked.project_id, not ranked.pinned)

    def drop_selected(self) -> None:
        project_id = self.selected_project()
        ranked = self._ranked(project_id) if project_id else None
        if ranked is not None:
            self.set_dropped(ranked.project_id, not ranked.dropped)

    def _ticked(self, project_id: str, ticked: bool) -> None:
        if ticked:
            self.set_pinned(project_id, True)
        else:
            self.set_dropped(project_id, True)

    def move_selected(self, step: int) -> None:
        """Move the selected project up (-1) or down (+1) among the ones shown."""
        project_id = self.selected_project()
        shown = [r.project_id for r in self.portfolio.rows() if r.selected]
        if project_id not in shown:
            return
        where = shown.index(project_id)
        to = where + step
        if not 0 <= to < len(shown):
            return
        shown[where], shown[to] = shown[to], shown[where]
        # Show the new order at once; the reload brings the stored truth right after.
        rows = self.portfolio.rows()
        selected_rows = [r for r in rows if r.selected]
        by_id = {r.project_id: r for r in selected_rows}
        self.portfolio.set_rows([by_id[p] for p in shown]
                                + [r for r in rows if not r.selected])
        self.portfolio_view.selectRow(to)
        self._set_choices(dataclasses.replace(self.choices, order=tuple(shown)))

    # --- the text -----------------------------------------------------------------------

    def text(self) -> str:
        return self.editor.toPlainText()

    def edited(self) -> bool:
        """The text on screen is not the one last drafted from the record."""
        return self.draft is not None and self.text() != self.draft.generated

    def _set_text(self, markdown: str) -> None:
        """Put a text in the editor without counting it as the person's edit."""
        self._setting_text = True
        try:
            self.editor.setPlainText(markdown)
        finally:
            self._setting_text = False
        self._autosave_timer.stop()
        self.update_preview()
        self._show_note()

    def _text_changed(self) -> None:
        self._preview_timer.start()
        if not self._setting_text:
            self._autosave_timer.start()
            self._show_note()

    def _show_note(self) -> None:
        if self.draft is None:
            self.note.setText("")
        elif self.edited():
            self.note.setText("Your edits are saved as you type. Regenerate (Ctrl+R) asks "
                              "before it replaces them.")
        else:
            self.note.setText("Drafted from your record. Edit freely: your text is saved as "
                              "you type and kept in History.")

    def save_now(self) -> None:
        """Keep the text on screen (the autosave; also when the page is hidden)."""
        self._autosave_timer.stop()
        if self.draft is None or self.text() == self.draft.markdown:
            return
        try:
            self.draft = self.drafts.save_text(self.draft.id, self.text())
        except UserError as exc:
            self.status.setText(f"Not saved: {exc}")
        except Exception:  # never lose the person's typing to an unexpected error quietly
            log.exception("autosave failed")
            self.status.setText("Your latest edits could not be saved; see the log.")

    def hideEvent(self, event: QHideEvent) -> None:
        self.save_now()
        super().hideEvent(event)

    def _replace_text(self, markdown: str) -> None:
        """The record's new text becomes the draft (an edited one is kept as a version)."""
        if self.draft is None:
            return
        self.save_now()
        try:
            self.draft = self.drafts.regenerate(self.draft.id, markdown)
        except UserError as exc:
            self.status.setText(f"Not redrafted: {exc}")
            return
        self._set_text(self.draft.markdown)
        self._load_charts()

    def regenerate(self) -> None:
        """Draft the text again; when it was edited, ask first (without blocking)."""
        if self.draft is None or not self.regenerate_button.isEnabled():
            return
        if not self.edited():
            self._regenerate_now()
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Regenerate the draft?",
                          "You have edited this draft. Drafting it again from your record "
                          "replaces the text on screen.", parent=self)
        box.setObjectName("packet_regenerate_question")
        replace = box.addButton("Replace (your edited text is kept in History)",
                                QMessageBox.ButtonRole.AcceptRole)
        replace.setObjectName("packet_replace")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)

        def answered(button: Any) -> None:
            if box.clickedButton() is replace:
                self._regenerate_now()

        box.buttonClicked.connect(answered)
        box.finished.connect(box.deleteLater)
        self._ask = box
        box.open()

    def _regenerate_now(self) -> None:
        options = self.current_options()
        if options is None:
            return
        self._generation += 1
        generation = self._generation
        today = dt.date.today()
        self.regenerate_button.setEnabled(False)
        self.status.setText("Drafting from your record…")

        def done(result: _Loaded) -> None:
            self.regenerate_button.setEnabled(True)
            if generation != self._generation:
                return
            self._show_record(result)
            self._replace_text(result.markdown)
            self.status.setText("Drafted again from your record.")
            self.loaded.emit()

        def failed(exc: Exception) -> None:
            self.regenerate_button.setEnabled(True)
            self._failed(exc)

        run_in_background(lambda: self._draw(options, None, today), done, failed, self)

    # --- the preview --------------------------------------------------------------------

    def _load_charts(self) -> None:
        """Draw the charts the text refers to, off the UI thread, for the preview."""
        if self.draft is None:
            return
        period = (self.draft.since, self.draft.until)
        wanted = set(_CHART_REF.findall(self.text()))
        if self._charts_for == period and wanted <= set(self._charts):
            return
        self._charts_for = period
        packet, text = self.packet, self.text()

        def done(charts: list[Chart]) -> None:
            if self._charts_for != period:
                return
            self._charts = charts_by_name(charts)
            self._flavour = None
            self.update_preview()

        run_in_background(lambda: packet.charts(text, *period), done,
                          lambda exc: None, self)

    def update_preview(self) -> None:
        self._preview_timer.stop()
        bar = self.preview.verticalScrollBar()
        at = bar.value()
        width = max(200.0, self.preview.viewport().width() - 24.0)
        if self._flavour is None or abs(self._flavour.text_width_px - width) > 1:
            self._flavour = QtFlavour(self._charts, text_width_px=width)
        charts = list(self._charts.values())
        body = render_body(self.text(), charts, self._flavour)
        self.preview.images = self._flavour.images
        self.preview.setHtml(f"<html><body>{body}</body></html>")
        bar.setValue(min(at, bar.maximum()))
        self.preview_updated.emit()

    # --- the coach ----------------------------------------------------------------------

    def _coach_current(self, index: QModelIndex, _previous: QModelIndex) -> None:
        finding = self.coach.finding(index)
        if finding is None:
            self.coach_note.setText("")
            return
        openable = finding.ref is not None and finding.ref.kind in OPENABLE
        hint = f" Press Enter to open the {finding.ref.kind}." if openable else ""  # type: ignore[union-attr]
        self.coach_note.setText(f"{finding.message} {finding.statement}{hint}")

    def _coach_activated(self, index: QModelIndex) -> None:
        finding = self.coach.finding(index)
        if finding is None:
            self.coach_view.setExpanded(index, not self.coach_view.isExpanded(index))
            return
        if finding.ref is not None and finding.ref.kind in OPENABLE:
            self.open_record.emit(finding.ref.kind, finding.ref.id)
        else:
            self.coach_note.setText(f"{finding.message} {finding.statement}")

    # --- history ------------------------------------------------------------------------

    def show_history(self) -> HistoryDialog | None:
        if self.draft is None:
            return None
        self.save_now()
        draft_id = self.draft.id
        dialog = HistoryDialog(lambda: self.drafts.versions(draft_id), self.restore_version,
                               self)
        dialog.finished.connect(dialog.deleteLater)
        self.history_dialog = dialog
        dialog.open()
        return dialog

    def restore_version(self, version_id: int) -> None:
        """Bring back an earlier text (the current one is kept as a version first)."""
        if self.draft is None:
            return
        self.save_now()
        self.draft = self.drafts.restore_version(self.draft.id, version_id)
        self._set_text(self.draft.markdown)
        self.status.setText("Brought back an earlier text; the one it replaced is in History.")

    # --- exporting ----------------------------------------------------------------------

    def export(self) -> QFileDialog | None:
        if self.draft is None or self._exporting:
            return None
        folder = Path(str(self.settings.value("packet/last_folder", str(Path.home()))))
        dialog = QFileDialog(self, "Export the packet", str(folder / "promotion-packet.pdf"))
        dialog.setObjectName("packet_export_dialog")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setNameFilters(list(EXPORT_FILTERS.values()))
        dialog.selectNameFilter(EXPORT_FILTERS[".pdf"])
        dialog.setDefaultSuffix("pdf")
        dialog.filterSelected.connect(lambda name: dialog.setDefaultSuffix(
            next((s[1:] for s, f in EXPORT_FILTERS.items() if f == name), "pdf")))
        dialog.fileSelected.connect(lambda chosen: self.export_to(Path(chosen)))
        dialog.finished.connect(dialog.deleteLater)
        self.export_dialog = dialog
        dialog.open()
        return dialog

    def export_to(self, target: Path) -> None:
        """Write the draft on screen to `target` (its suffix picks the format), off the UI
        thread; the result is shown in the status line, a problem next to the button."""
        if self.draft is None or self._exporting:
            return
        self.save_now()
        show_error(self.export_error, None)
        text, since, until = self.text(), self.draft.since, self.draft.until
        with_charts = self.include_charts.isChecked()
        page_size = self.page_size.currentText()
        packet = self.packet

        def work() -> Path:
            return packet.export(text, target, since, until, with_charts=with_charts,
                                 page_size=page_size)

        self._exporting = True
        self.export_button.setEnabled(False)
        self.busy.show()
        self.status.setText(f"Exporting to {target.name}…")
        run_in_background(work, self._exported, self._export_failed, self)

    def _export_done(self) -> None:
        self._exporting = False
        self.export_button.setEnabled(True)
        self.busy.hide()

    def _exported(self, path: Path) -> None:
        self._export_done()
        self.settings.setValue("packet/last_folder", str(path.parent))
        self.status.setText(f"Saved to {path}")
        self.exported.emit(path)

    def _export_failed(self, exc: Exception) -> None:
        self._export_done()
        if isinstance(exc, (UserError, OSError)):
            message = f"Not exported: {exc}"
        else:
            message = "Not exported: something went wrong; the details are in the log."
        self.status.setText("")
        show_error(self.export_error, message)
        self.export_failed.emit(message)


def _tab(intro: QLabel, main: QWidget | QLayout, *below: QWidget | QLayout) -> QWidget:
    """A tab of the side panel: its intro, the part that takes the height, then the rest."""
    intro.setWordWrap(True)
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.addWidget(intro)
    for part, stretch in ((main, 1), *((b, 0) for b in below)):
        if isinstance(part, QLayout):
            layout.addLayout(part, stretch)
        else:
            layout.addWidget(part, stretch)
    return holder

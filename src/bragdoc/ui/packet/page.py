"""The Packet page: the promotion packet draft, edited beside a live preview, with the
portfolio choice, the vision, the coach (`side_tabs.py`), the draft's history and the
exports (`exporting.py`).

The draft lives in the database and is saved as the person types (a pause of
AUTOSAVE_MS, and whenever the page is hidden), so it survives a crash; every write of
it goes through one SerialWriter, off the UI thread and in the order typed. Drafting
from the record runs on a worker (the Page contract); an answer that arrives after the
person changed the period or choices again is dropped. Edited text is never replaced
without asking, and the text replaced is kept in History.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QHideEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QWidget,
)

from bragdoc.domain.vocabulary import counted
from bragdoc.packet.context import AUDIENCE_LABELS, AUDIENCES, PacketChoices, Vision
from bragdoc.services.packet import default_period
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.errors import describe
from bragdoc.ui.kit.jobs import SerialWriter
from bragdoc.ui.kit.page import Page
from bragdoc.ui.kit.period_picker import PeriodPicker
from bragdoc.ui.kit.shortcuts import shortcut
from bragdoc.ui.kit.views import chain_tab_order
from bragdoc.ui.packet.dialogs import HistoryDialog
from bragdoc.ui.packet.exporting import ExportBar
from bragdoc.ui.packet.period_offer import PeriodOffer
from bragdoc.ui.packet.preview import PreviewBrowser
from bragdoc.ui.packet.side_tabs import CoachTab, PortfolioTab, VisionTab
from bragdoc.ui.packet.snapshot import Loaded, Options

if TYPE_CHECKING:
    from bragdoc.services.packet_drafts import PacketDraft

AUTOSAVE_MS = 1500


class PacketPage(Page):
    key = "packet"
    title = "Packet"
    failure_text = "Could not draft the packet"

    preview_updated = Signal()
    exported = Signal(object)
    """An export finished: the Path written."""
    export_failed = Signal(str)
    open_record = Signal(str, str)
    """The person wants to fix something in the record: (kind 'win' or 'project', id)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.settings = ctx.settings
        self.packet = ctx.services.packet
        self.drafts = ctx.services.packet_drafts
        self.writer = SerialWriter(self)
        self.draft: PacketDraft | None = None
        self.choices = PacketChoices()
        self._setting_text = False
        self._regenerating = False
        self._ask: QMessageBox | None = None
        self.history_dialog: HistoryDialog | None = None
        self._build()
        self._wire()

    # --- building ---------------------------------------------------------------------

    def _build(self) -> None:
        self.picker = PeriodPicker(self.ctx.services.queries, "packet",
                                   twelve_months=default_period)
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
        self.regenerate_button.setEnabled(False)
        top = QHBoxLayout()
        for part in (self.picker, 8, audience_label, self.audience, 8, template_label,
                     self.template):
            if isinstance(part, int):
                top.addSpacing(part)
            else:
                top.addWidget(part)
        top.addStretch(1)
        top.addWidget(self.regenerate_button)

        self.note = QLabel(objectName="packet_note")
        self.note.setWordWrap(True)

        self.portfolio_tab, self.vision_tab, self.coach_tab = (PortfolioTab(), VisionTab(),
                                                               CoachTab())
        self.tabs = QTabWidget(objectName="packet_tabs")
        self.tabs.addTab(self.portfolio_tab, "Portfolio")
        self.tabs.addTab(self.vision_tab, "Vision")
        self.tabs.addTab(self.coach_tab, "Coach")
        # The tabs' parts by the names the page has always offered.
        self.portfolio, self.portfolio_view = self.portfolio_tab.model, self.portfolio_tab.view
        self.coach, self.coach_view = self.coach_tab.model, self.coach_tab.view
        self.coach_note = self.coach_tab.note
        self.focus_areas, self.days_1_30, self.days_31_60, self.days_61_90 = (
            self.vision_tab.fields())

        self.editor = QPlainTextEdit(objectName="packet_editor")
        self.editor.setAccessibleName("Packet draft, in Markdown")
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setTabChangesFocus(True)
        self.editor.setPlaceholderText("The draft appears here once it is drawn from your "
                                       "record.")
        self.preview = PreviewBrowser(self.packet)
        self.main_splitter = QSplitter(objectName="packet_splitter")
        for pane, stretch in ((self.tabs, 0), (self.editor, 1), (self.preview, 1)):
            self.main_splitter.addWidget(pane)
            self.main_splitter.setStretchFactor(self.main_splitter.count() - 1, stretch)
        self.main_splitter.setSizes([330, 420, 420])
        self.main_splitter.setChildrenCollapsible(False)

        self.exports = ExportBar(self.ctx, self._export_source)
        self.history_button = QPushButton("Hi&story…", objectName="packet_history")
        self.history_button.setToolTip("Every earlier text of this draft (Ctrl+Shift+H)")
        self.exports.extra.addWidget(self.history_button)
        self.export_button, self.export_error = self.exports.export_button, self.exports.error
        self.page_size, self.include_charts = self.exports.page_size, self.exports.include_charts
        self.busy = self.exports.busy
        self.status = QLabel(objectName="packet_status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.offer = PeriodOffer()
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, stretch=1)
        bottom.addWidget(self.offer)
        bottom.addWidget(self.exports)

        layout = self.page_layout
        layout.addLayout(top)
        layout.addWidget(self.picker.error)
        layout.addWidget(self.note)
        layout.addWidget(self.main_splitter, stretch=1)
        layout.addLayout(bottom)

        tabs = self.portfolio_tab
        chain_tab_order(
            self.picker.period, self.picker.since, self.picker.until, self.picker.apply,
            self.audience, self.template, self.regenerate_button, self.tabs,
            tabs.view, tabs.pin_button, tabs.drop_button, tabs.up_button, tabs.down_button,
            *self.vision_tab.fields(), self.coach_view, self.editor, self.preview,
            self.page_size, self.include_charts, self.history_button, self.export_button)

    def _wire(self) -> None:
        self._autosave_timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self._autosave_timer.timeout.connect(self.save_now)
        self.editor.textChanged.connect(self._text_changed)
        self.preview.updated.connect(self.preview_updated)
        self.picker.changed.connect(self._options_changed)
        self.audience.currentIndexChanged.connect(self._options_changed)
        self.template.currentIndexChanged.connect(self._options_changed)
        self.portfolio_tab.choices_changed.connect(self._set_choices)
        self.vision_tab.vision_changed.connect(self._vision_changed)
        self.coach_tab.open_record.connect(self.open_record)
        self.regenerate_button.clicked.connect(self.regenerate)
        self.history_button.clicked.connect(self.show_history)
        self.exports.status.connect(self.status.setText)
        self.offer.chosen.connect(self._take_period)
        self.exports.exported.connect(self.exported)
        self.exports.export_failed.connect(self.export_failed)
        within = Qt.ShortcutContext.WidgetWithChildrenShortcut
        shortcut("Ctrl+R", self, self.regenerate, "Draft again from the record", within)
        shortcut("Ctrl+Shift+E", self, self.export, "Export the packet", within)
        shortcut("Ctrl+Shift+H", self, self.show_history, "The draft's history", within)
        signals = self.ctx.signals
        self.watch(signals.wins_changed, signals.projects_changed, signals.people_changed,
                   signals.profile_changed)

    # --- loading (the Page contract) ----------------------------------------------------

    def refresh(self) -> None:
        if self.draft is not None and self.current_options() is None:
            return  # a custom range with a mistake: the picker shows it
        self.status.setText("Reading your record…")
        super().refresh()

    def snapshot_request(self) -> tuple[Options | None, dt.date]:
        return (self.current_options() if self.draft is not None else None,
                self.ctx.services.today())

    def read_snapshot(self, request: tuple[Options | None, dt.date]) -> Loaded:
        options, today = request
        if options is not None:
            return self._draw(options, None, today)
        # The first load: the latest draft as it was left, or a new one from the record.
        draft = self.drafts.latest()
        if draft is not None:
            options = Options(draft.since, draft.until, draft.audience, draft.template,
                              draft.choices)
            return self._draw(options, draft, today)
        since, until = self.packet.period(today=today)
        loaded = self._draw(Options(since, until, "committee", None, PacketChoices()),
                            None, today)
        draft = self.drafts.create(since=since, until=until, audience="committee",
                                   template=None, choices=PacketChoices(),
                                   markdown=loaded.markdown)
        return dataclasses.replace(loaded, draft=draft)

    def _draw(self, options: Options, draft: PacketDraft | None, today: dt.date) -> Loaded:
        args = (options.since, options.until)
        choices = options.choices
        markdown, warnings = self.packet.draft(*args, options.audience, options.template,
                                               today=today, choices=choices)
        return Loaded(
            options, draft, markdown, self.packet.ranking(*args, today=today, choices=choices),
            self.packet.coach(*args, today=today, choices=choices), warnings,
            self.packet.suggested_period(*args))

    def show_snapshot(self, result: Loaded) -> None:
        if result.draft is not None:
            self.draft = result.draft
            self.choices = result.draft.choices
            self._show_options(result.draft)
            self._set_text(result.draft.markdown)
            self._show_record(result)
            self.regenerate_button.setEnabled(True)
            return
        if self.draft is None:
            return
        self._show_record(result)
        if self._regenerating:
            self._regenerating = False
            self.regenerate_button.setEnabled(True)
            self._replace_text(result.markdown, "Drafted again from your record.")
        elif result.markdown != self.draft.generated:
            if self.edited():
                self.note.setText("Your record or choices changed since this text was drafted."
                                  " Regenerate (Ctrl+R) to bring the changes in; your edited "
                                  "text will be kept in History.")
            else:
                self._replace_text(result.markdown)

    def show_failure(self, exc: Exception) -> None:
        self._regenerating = False
        self.regenerate_button.setEnabled(self.draft is not None)
        self.status.setText(describe(exc, self.failure_text))

    def _show_record(self, result: Loaded) -> None:
        self.portfolio_tab.show_ranking(result.ranking, self.choices)
        count = self.coach_tab.show_findings(result.findings)
        self.tabs.setTabText(2, f"Coach ({count})" if count else "Coach")
        said = " ".join(f"Note: {w[0].upper()}{w[1:]}." for w in result.warnings)
        self.status.setText(f"{counted(len(result.ranking), 'project')} in the period; "
                            f"{counted(count, 'coach note')}. {said}".strip())
        if result.suggestion is not None:
            self.status.setText("Nothing in this period.")
        self.offer.offer(result.suggestion)
        self._show_note()

    def _take_period(self, since: dt.date, until: dt.date) -> None:
        self.picker.show_range(since, until, self.ctx.services.today())
        self._options_changed()

    # --- options and choices ------------------------------------------------------------

    def _show_options(self, draft: PacketDraft) -> None:
        widgets = (self.audience, self.template)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.picker.show_range(draft.since, draft.until, self.ctx.services.today())
            self.audience.setCurrentIndex(max(0, self.audience.findData(draft.audience)))
            index = self.template.findData(draft.template) if draft.template else 0
            if draft.template and index < 0:  # a template that is gone: keep its name
                self.template.addItem(draft.template, draft.template)
                index = self.template.count() - 1
            self.template.setCurrentIndex(index)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self.vision_tab.show_vision(draft.choices.vision)

    def current_options(self) -> Options | None:
        chosen = self.picker.chosen(self.ctx.services.today())
        if chosen is None:
            return None
        return Options(chosen[0], chosen[1], self.audience.currentData(),
                       self.template.currentData(), self.choices)

    def _write(self, work: Callable[[], PacketDraft], doing: str,
               then: Callable[[PacketDraft], None] | None = None) -> None:
        """Change the stored draft off the UI thread, in order; `then` sees the result."""
        def done(draft: PacketDraft) -> None:
            self.draft = draft
            if then is not None:
                then(draft)

        self.writer.submit(work, done,
                           lambda exc: self.status.setText(describe(exc, doing)))

    def _store_options(self) -> bool:
        options = self.current_options()
        if options is None or self.draft is None:
            return False
        draft_id = self.draft.id
        self._write(lambda: self.drafts.set_options(
            draft_id, since=options.since, until=options.until, audience=options.audience,
            template=options.template, choices=options.choices), "Not saved")
        return True

    def _options_changed(self) -> None:
        if self._store_options():
            options = self.current_options()
            assert options is not None
            self.preview.load_charts((options.since, options.until))
            self.refresh()

    def _set_choices(self, choices: PacketChoices) -> None:
        self.choices = choices
        if self._store_options():
            self.refresh()

    def _vision_changed(self, vision: Vision) -> None:
        if vision != self.choices.vision:
            self._set_choices(dataclasses.replace(self.choices, vision=vision))

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
        self.preview.show_text(markdown, now=True)
        if self.draft is not None:
            self.preview.load_charts((self.draft.since, self.draft.until))
        self._show_note()

    def _text_changed(self) -> None:
        self.preview.show_text(self.text())
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
        draft_id, text = self.draft.id, self.text()
        self._write(lambda: self.drafts.save_text(draft_id, text),
                    "Your latest edits are not saved yet")

    def hideEvent(self, event: QHideEvent) -> None:
        self.save_now()
        super().hideEvent(event)

    def _replace_text(self, markdown: str, said: str | None = None) -> None:
        """The record's new text becomes the draft (an edited one is kept as a version)."""
        if self.draft is None:
            return
        self.save_now()
        draft_id = self.draft.id
        # Shown at once; the stored draft (and History) follow on the writer's thread.
        self.draft = dataclasses.replace(self.draft, markdown=markdown, generated=markdown)
        self._set_text(markdown)
        if said:
            self.status.setText(said)
        self._write(lambda: self.drafts.regenerate(draft_id, markdown), "Not redrafted")

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
        # A bound method, not a closure over the page: the box deletes itself when done.
        box.buttonClicked.connect(self._regenerate_answered)
        box.finished.connect(box.deleteLater)
        self._ask = box
        box.open()

    def _regenerate_answered(self, button: Any) -> None:
        if button is not None and button.objectName() == "packet_replace":
            self._regenerate_now()

    def _regenerate_now(self) -> None:
        if self.current_options() is None:
            return
        self._regenerating = True
        self.regenerate_button.setEnabled(False)
        self.refresh()
        self.status.setText("Drafting from your record…")

    # --- history and exports --------------------------------------------------------------

    def show_history(self) -> HistoryDialog | None:
        if self.draft is None:
            return None
        self.save_now()
        self.writer.pool.waitForDone()  # the versions listed include what was just typed
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
        draft_id = self.draft.id

        def shown(draft: PacketDraft) -> None:
            self._set_text(draft.markdown)
            self.status.setText("Brought back an earlier text; the one it replaced is in "
                                "History.")

        self._write(lambda: self.drafts.restore_version(draft_id, version_id),
                    "Not brought back", shown)

    def _export_source(self) -> tuple[str, dt.date, dt.date] | None:
        if self.draft is None:
            return None
        self.save_now()
        return self.text(), self.draft.since, self.draft.until

    def export(self) -> Any:
        return self.exports.export()

    def export_to(self, target: Any) -> None:
        self.exports.export_to(target)

    @property
    def export_dialog(self) -> Any:
        return self.exports.dialog

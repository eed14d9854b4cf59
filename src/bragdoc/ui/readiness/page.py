"""The Readiness page: where the user stands on their ladder and what is missing.

Top: the timeline chart (time at level against the typical range, deadline and days
left) beside the ladder, the status in words, warnings and notes. Below, three tabs:

- Checklist: the pre-promotion assessment by area, a tick box per item (Space), coverage
  per area and overall; on the right the selected item's evidence, what the record holds
  that may prove it (Enter confirms a suggestion, Del dismisses it) and a search box to
  link wins, projects and feedback (Enter on a result links it, Del on a link unlinks it,
  Ctrl+Z undoes any of these).
- Gaps: what the record lacks for the target level, each with the rule that found it.
- Plan: the six-month plan laid out from the promotion date the user picks (compressed
  to start on the day the date was picked when less remains), with due dates, done boxes
  (Space) and overdue steps marked.

The report is read and the chart built off the UI thread. matplotlib is imported only
when the first chart arrives, so opening the app does not pay for it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.evidence import LinkedEvidence
from bragdoc.domain.evidence_suggestions import Suggestion
from bragdoc.domain.periods import parse_day
from bragdoc.domain.readiness import Checklist, Finding
from bragdoc.services.readiness import ReadinessReport
from bragdoc.ui.kit import theme
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.errors import describe
from bragdoc.ui.kit.field_errors import error_label, show_error
from bragdoc.ui.kit.jobs import run_in_background
from bragdoc.ui.kit.page import Page
from bragdoc.ui.kit.shortcuts import shortcut
from bragdoc.ui.kit.theme import set_tone
from bragdoc.ui.kit.views import chain_tab_order, record_table
from bragdoc.ui.readiness.evidence import EvidencePanel, muted, size_columns
from bragdoc.ui.readiness.models import (
    ChecklistColumn,
    ChecklistModel,
    GapColumn,
    GapModel,
    PlanColumn,
    PlanModel,
    percent,
)
from bragdoc.ui.readiness.suggestions import dismissed

if TYPE_CHECKING:
    from matplotlib.figure import Figure


CHART_HEIGHT = 190


@dataclass(frozen=True)
class _Loaded:
    report: ReadinessReport
    checklist: Checklist
    links: list[LinkedEvidence]
    figure: Figure
    suggestions: dict[str, tuple[Suggestion, ...]]




class ReadinessPage(Page):
    key = "readiness"
    title = "Readiness"
    failure_text = "Could not read your readiness"


    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._report: ReadinessReport | None = None
        self._links: dict[str, list[LinkedEvidence]] = {}
        self._suggestions: dict[str, tuple[Suggestion, ...]] = {}
        self._item_id: str | None = None
        self.canvas: QWidget | None = None

        # --- top: chart and status ------------------------------------------------------
        self.chart_box = QWidget(objectName="timeline_chart_box")
        self.chart_box.setFixedHeight(CHART_HEIGHT)
        self.chart_layout = QVBoxLayout(self.chart_box)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        self.chart_placeholder = muted("timeline_placeholder")
        self.chart_placeholder.setText("Reading your record…")
        self.chart_layout.addWidget(self.chart_placeholder)

        self.heading = QLabel(objectName="readiness_heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.status = QLabel(objectName="timeline_status")
        self.status.setWordWrap(True)
        self.warnings = QLabel(objectName="readiness_warnings")
        set_tone(self.warnings, "error")
        self.warnings.setWordWrap(True)
        self.notes = muted("readiness_notes")
        summary = QVBoxLayout()
        for label in (self.heading, self.status, self.warnings, self.notes):
            summary.addWidget(label)
        summary.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.chart_box, stretch=3)
        top.addLayout(summary, stretch=2)

        # --- checklist tab --------------------------------------------------------------
        self.coverage = QLabel(objectName="checklist_coverage")
        self.coverage.setWordWrap(True)
        self.checklist_model = ChecklistModel(self)
        self.checklist_view = QTreeView(objectName="checklist_view")
        self.checklist_view.setAccessibleName("Pre-promotion checklist")
        self.checklist_view.setModel(self.checklist_model)
        self.checklist_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.checklist_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.checklist_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.checklist_view.setAlternatingRowColors(True)
        self.checklist_view.setUniformRowHeights(True)
        header = self.checklist_view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(ChecklistColumn.ITEM, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ChecklistColumn.EVIDENCE, QHeaderView.ResizeMode.Fixed)
        self.checklist_view.setColumnWidth(ChecklistColumn.EVIDENCE, 96)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.coverage)
        left_layout.addWidget(self.checklist_view, stretch=1)

        self.evidence = EvidencePanel(self.ctx)
        right = self.evidence
        # The panel's parts, by the names the page has always offered.
        self.searched = self.evidence.searched
        self.search, self.hit_model, self.hit_view = (self.evidence.search,
                                                      self.evidence.hit_model,
                                                      self.evidence.hit_view)
        self.evidence_model, self.evidence_view = (self.evidence.evidence_model,
                                                   self.evidence.evidence_view)
        self.evidence_note = self.evidence.note

        self.checklist_splitter = QSplitter(Qt.Orientation.Horizontal,
                                            objectName="checklist_splitter")
        self.checklist_splitter.addWidget(left)
        self.checklist_splitter.addWidget(right)
        self.checklist_splitter.setChildrenCollapsible(False)
        self.checklist_splitter.setStretchFactor(0, 3)
        self.checklist_splitter.setStretchFactor(1, 2)
        self.checklist_splitter.setSizes([600, 400])

        # --- gaps tab -------------------------------------------------------------------
        self.gap_summary = QLabel(objectName="gap_summary")
        self.gap_summary.setWordWrap(True)
        self.gap_model = GapModel(self)
        self.gap_view = record_table("gaps_view", self.gap_model)
        self.gap_view.setAccessibleName("Gaps between your record and the target level")
        size_columns(self.gap_view, GapColumn.FOUND, {GapColumn.RULE: 170})
        self.gap_view.horizontalHeader().setSectionResizeMode(
            GapColumn.STATEMENT, QHeaderView.ResizeMode.Stretch)
        self.gap_view.setWordWrap(True)
        gaps = QWidget()
        gaps_layout = QVBoxLayout(gaps)
        gaps_layout.addWidget(self.gap_summary)
        gaps_layout.addWidget(self.gap_view, stretch=1)

        # --- plan tab -------------------------------------------------------------------
        self.target_date = QLineEdit(objectName="target_date", placeholderText="YYYY-MM-DD")
        self.target_date.setToolTip("The date you aim to be promoted by; leave empty and "
                                    "press Enter to drop the plan")
        self.target_date.setMaximumWidth(140)
        target_label = QLabel("&Target promotion date:")
        target_label.setBuddy(self.target_date)
        self.set_target_button = QPushButton("Lay out plan", objectName="set_target")
        self.target_error = error_label("target_date_error")
        self.plan_summary = QLabel(objectName="plan_summary")
        self.plan_summary.setWordWrap(True)
        self.plan_note = QLabel(objectName="plan_note")
        self.plan_note.setWordWrap(True)
        self.plan_note.hide()
        self.plan_model = PlanModel(self)
        self.plan_view = record_table("plan_view", self.plan_model)
        self.plan_view.setAccessibleName("Plan steps by due date")
        size_columns(self.plan_view, PlanColumn.STEP,
                           {PlanColumn.DUE: 95, PlanColumn.PHASE: 230, PlanColumn.STATUS: 80})
        target_row = QHBoxLayout()
        target_row.addWidget(target_label)
        target_row.addWidget(self.target_date)
        target_row.addWidget(self.set_target_button)
        target_row.addWidget(self.target_error, stretch=1)
        target_row.addStretch(1)
        plan = QWidget()
        plan_layout = QVBoxLayout(plan)
        plan_layout.addLayout(target_row)
        plan_layout.addWidget(self.plan_note)
        plan_layout.addWidget(self.plan_summary)
        plan_layout.addWidget(self.plan_view, stretch=1)

        self.tabs = QTabWidget(objectName="readiness_tabs")
        self.tabs.addTab(self.checklist_splitter, "Checklist")
        self.tabs.addTab(gaps, "Gaps")
        self.tabs.addTab(plan, "Plan")

        layout = self.page_layout
        layout.addLayout(top)
        layout.addWidget(self.tabs, stretch=1)

        # --- wiring ---------------------------------------------------------------------
        self.checklist_model.check_toggled.connect(self._check_toggled)
        self.checklist_view.selectionModel().currentChanged.connect(
            lambda current, _previous: self._select_item(self.checklist_model.item_id(current)))
        self.plan_model.done_toggled.connect(self._step_toggled)
        self.target_date.returnPressed.connect(self.set_target)
        self.set_target_button.clicked.connect(self.set_target)
        shortcut(QKeySequence.StandardKey.Find, self, self.focus_search,
                 "Search the record for evidence")

        chain_tab_order(self.tabs, self.checklist_view, self.evidence_view)
        chain_tab_order(self.target_date, self.set_target_button, self.plan_view)

        self.watch(ctx.signals.wins_changed, ctx.signals.projects_changed,
                   ctx.signals.people_changed, ctx.signals.profile_changed,
                   ctx.signals.readiness_changed, theme.changes().changed)
        self._show_item()

    def today(self) -> dt.date:
        return self.ctx.services.today()

    # --- loading -------------------------------------------------------------------------

    def snapshot_request(self) -> tuple[dt.date, set[tuple[str, str, str]]]:
        return self.today(), dismissed(self.ctx.settings)

    def read_snapshot(self, request: tuple[dt.date, set[tuple[str, str, str]]]) -> _Loaded:
        from bragdoc.charts.common import in_style
        from bragdoc.charts.readiness import timeline_figure

        today, set_aside = request
        services = self.ctx.services
        report = services.readiness.report(today)
        return _Loaded(report, services.ladders.checklist(), services.readiness_state.links(),
                       in_style(lambda: timeline_figure(report.timeline), theme.current().chart),
                       services.readiness.suggestions(today, set_aside))

    def show_snapshot(self, result: _Loaded) -> None:
        report = self._report = result.report
        links: dict[str, list[LinkedEvidence]] = defaultdict(list)
        for link in result.links:
            links[link.item_id].append(link)
        self._links = dict(links)
        self._suggestions = result.suggestions
        self._show_chart(result.figure)
        self._show_summary(report)
        self._show_checklist(result.checklist, report)
        self._show_gaps(report.gaps)
        self._show_plan(report)
        self._show_item()

    def _show_chart(self, figure: Figure) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        from bragdoc.charts.common import quiet_missing_glyphs, summary_of, title_of

        canvas = FigureCanvasQTAgg(figure)
        canvas.setObjectName("timeline_chart")
        canvas.setToolTip(title_of(figure))
        canvas.setAccessibleName(title_of(figure) or "Time at your level")
        canvas.setAccessibleDescription(summary_of(figure))
        old = self.canvas
        self.chart_placeholder.hide()
        self.chart_layout.addWidget(canvas)
        self.canvas = canvas
        if old is not None:
            self.chart_layout.removeWidget(old)
            old.deleteLater()
        with quiet_missing_glyphs():
            canvas.draw_idle()

    def _show_summary(self, report: ReadinessReport) -> None:
        current = report.current.id if report.current else report.profile.current_level or "?"
        target = report.target.id if report.target else report.profile.target_level or "?"
        titles = [lv.title for lv in (report.current, report.target) if lv is not None]
        if report.current is None and not report.profile.current_level:
            self.heading.setText(f"{report.ladder.title}: no level set yet")
        else:
            self.heading.setText(f"{report.ladder.title}: {current} → {target}")
        self.heading.setToolTip(" → ".join(titles))
        line = report.timeline
        parts: list[str] = []
        if line.days_at_level is not None and report.current is not None:
            parts.append(f"{line.years_at_level:.1f} years at {report.current.id} "
                         f"(since {line.level_since.isoformat() if line.level_since else '?'}).")
            if line.typical_label and line.next_level is not None:
                parts.append(f"Typical time to {line.next_level.id}: {line.typical_label}; "
                             f"you are {_STATUS.get(line.status, line.status)}.")
        if line.deadline is not None and line.days_left is not None:
            if line.days_left >= 0:
                parts.append(f"Deadline {line.deadline.isoformat()}: {line.days_left} days left.")
            else:
                parts.append(f"Deadline {line.deadline.isoformat()} passed "
                             f"{-line.days_left} days ago.")
        self.status.setText(" ".join(parts) or "No timeline yet.")
        self.warnings.setText("\n".join(f"⚠ {w.message} [{w.rule_id}]" for w in line.warnings))
        self.warnings.setVisible(bool(line.warnings))
        notes = list(report.notes) + [f"Ladder file skipped: {p}" for p in report.ladder_problems]
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))

    def _show_checklist(self, checklist: Checklist, report: ReadinessReport) -> None:
        coverage = report.checklist
        if self.checklist_model.checklist != checklist:
            self.checklist_model.set_checklist(checklist, coverage)
            self.checklist_view.expandAll()
        else:
            self.checklist_model.update_coverage(coverage)
        self.checklist_model.set_suggested({item: len(found)
                                            for item, found in self._suggestions.items()})
        self.coverage.setText(
            f"Overall coverage {percent(coverage.overall)}: {coverage.checked} of "
            f"{coverage.total} items ticked, {coverage.with_evidence} backed by evidence. "
            "Space ticks the selected item." + _offered(len(self._suggestions)))
        self.tabs.setTabText(0, f"Checklist ({percent(coverage.overall)})")
        if self._item_id is None and checklist.items:
            self.checklist_view.setCurrentIndex(
                self.checklist_model.index_of(checklist.items[0].id))

    def _show_gaps(self, gaps: tuple[Finding, ...]) -> None:
        self.gap_model.set_rows(gaps)
        self.gap_view.resizeRowsToContents()  # a handful of rows, wrapped to be read whole
        self.tabs.setTabText(1, f"Gaps ({len(gaps)})")
        if gaps:
            self.gap_summary.setText(
                f"{len(gaps)} gap(s) between your record and the target level. Each line "
                "names the rule that found it.")
        else:
            self.gap_summary.setText("No gaps found: every rule is satisfied by your record.")

    def _show_plan(self, report: ReadinessReport) -> None:
        plan = report.plan
        stored = plan.target if plan else None
        if not self.target_date.hasFocus() and not self.target_error.isVisible():
            self.target_date.setText(stored.isoformat() if stored else "")
        self.plan_model.set_rows(plan.steps if plan else ())
        self.plan_note.setText(plan.compression_note() if plan else "")
        self.plan_note.setVisible(bool(plan and plan.compressed))
        if plan is None:
            self.plan_summary.setText(
                "Pick the date you aim to be promoted by: the plan counts six months back "
                "from it and gives each step a due date.")
            self.tabs.setTabText(2, "Plan")
            return
        overdue = sum(s.overdue for s in plan.steps)
        following = plan.next_step()
        text = (f"{plan.title} from {plan.start.isoformat()} to {plan.target.isoformat()}: "
                f"{plan.done_count} of {len(plan.steps)} steps done")
        text += f", {overdue} overdue." if overdue else "."
        if following is not None:
            text += f" Next: {following.text.rstrip('.')} (due {following.due.isoformat()})."
        text += " Space marks the selected step done."
        self.plan_summary.setText(text)
        self.tabs.setTabText(2, f"Plan ({plan.done_count}/{len(plan.steps)})")

    # --- the selected checklist item -----------------------------------------------------

    def _select_item(self, item_id: str | None) -> None:
        if item_id is None:
            return  # an area row: keep showing the last item
        self._item_id = item_id
        self._show_item()

    def _show_item(self) -> None:
        checklist = self.checklist_model.checklist
        item = checklist.item(self._item_id) if checklist and self._item_id else None
        self.evidence.show_item(item, self._links.get(self._item_id or "", []),
                                self._suggestions.get(self._item_id or "", ()))

    def select_item(self, item_id: str) -> None:
        """Make `item_id` the current checklist item (as clicking it would)."""
        index = self.checklist_model.index_of(item_id)
        if index.isValid():
            self.checklist_view.setCurrentIndex(index)

    # --- writes --------------------------------------------------------------------------

    def _save_state(self, write: Callable[[], object], say: Callable[[str], None]) -> None:
        """Checklist, plan and target writes run off the UI thread (another bragdoc may
        hold the write lock); the page reloads once they are done, or says why not."""
        def done(_result: object) -> None:
            self.ctx.signals.readiness_changed.emit()

        def failed(exc: Exception) -> None:
            say(describe(exc, "Not saved"))
            self.refresh()  # put the box or step back as it is stored

        run_in_background(write, done, failed, self)

    def _check_toggled(self, item_id: str, ticked: bool) -> None:
        state, today = self.ctx.services.readiness_state, self.today()
        self._save_state(lambda: state.set_checked(item_id, ticked, today),
                         self.evidence_note.setText)

    def _step_toggled(self, step_id: str, done: bool) -> None:
        state, today = self.ctx.services.readiness_state, self.today()
        self._save_state(lambda: state.set_step_done(step_id, done, today),
                         self.plan_summary.setText)

    def set_target(self) -> None:
        text = self.target_date.text().strip()
        today = self.today()
        try:
            day = parse_day(text, today, what="promotion date") if text else None
        except InvalidInput as exc:
            show_error(self.target_error, str(exc))
            return
        show_error(self.target_error, None)
        state = self.ctx.services.readiness_state
        self._save_state(lambda: state.set_promotion_target(day, today),
                         lambda text: show_error(self.target_error, text))

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.evidence.focus_search()


def _offered(items: int) -> str:
    if not items:
        return ""
    return (f" Your record may prove {items} more item{'s' if items != 1 else ''}: "
            "see “Suggested” beside the list.")


_STATUS = {
    "early": "before the typical range",
    "on_track": "inside the typical range",
    "late": "past the typical range",
}




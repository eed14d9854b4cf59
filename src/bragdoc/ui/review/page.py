"""The weekly review: one guided pass over the week, best on a Friday.

1. This week's wins (log what is missing).
2. Recent wins without a number: type a metric beside each, with the live read-back of
   what bragdoc understood, and add it (undoable; kit/metric_entry.py).
3. Outcomes that have come due: record each.
4. This week's commits in the person's own repositories (listed in Profile & settings):
   looked through on a worker once a day when the review opens, the suggestions waiting
   in the Inbox as any git import's do.
5. Recent wins without a pillar: tick the ones they show.
Done says how the streak stands.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import partial
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bragdoc.domain.errors import UserError
from bragdoc.domain.records import WinView, draft_from_view
from bragdoc.domain.vocabulary import PILLAR_LABELS, PILLARS
from bragdoc.services.home import HomeSnapshot
from bragdoc.ui.kit.cards import add_card, card_column
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.errors import describe
from bragdoc.ui.kit.jobs import Job, JobControl, Progress, start_job
from bragdoc.ui.kit.metric_entry import MetricEntry
from bragdoc.ui.kit.page import Page
from bragdoc.ui.kit.undo import perform
from bragdoc.ui.kit.views import clear_layout
from bragdoc.ui.kit.win_undo import EditWin

if TYPE_CHECKING:
    # Type names only: the review's service brings the whole write path with it, which
    # the window must not import before its first screen.
    from bragdoc.importers.git_history import Progress as GitProgress
    from bragdoc.services.inbox import GitImportReport
    from bragdoc.services.weekly_review import ReviewSnapshot

SHOWN = 6


class ReviewPage(Page):
    key = "review"
    title = "Weekly review"
    failure_text = "Could not read your week"
    rebuilds = True

    log_win = Signal()
    record_outcome = Signal(object)
    open_page = Signal(str)
    open_settings = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.snapshot: ReviewSnapshot | None = None
        self._scan: Job | None = None
        self._scanned_on: dt.date | None = None
        self._scan_status = ""
        self.scan_status: QLabel | None = None
        self.scan_button: QPushButton | None = None
        scroll, self.steps = card_column("review")
        self.page_layout.addWidget(scroll, stretch=1)
        self.note = QLabel(objectName="review_note")
        self.note.setWordWrap(True)
        self.done_button = QPushButton("&Done with this week", objectName="review_done")
        self.done_button.clicked.connect(self.finish)
        bottom = QHBoxLayout()
        bottom.addWidget(self.note, stretch=1)
        bottom.addWidget(self.done_button)
        self.page_layout.addLayout(bottom)
        signals = ctx.signals
        self.watch(signals.wins_changed, signals.projects_changed, signals.inbox_changed)

    # --- the Page contract ------------------------------------------------------------

    def snapshot_request(self) -> dt.date:
        return self.ctx.services.today()

    def read_snapshot(self, today: dt.date) -> ReviewSnapshot:
        return self.ctx.services.weekly_review.snapshot(today)

    def show_snapshot(self, snapshot: ReviewSnapshot) -> None:
        self.snapshot = snapshot
        clear_layout(self.steps)
        home = snapshot.home
        self._this_week(home)
        self._numbers(home.unquantified)
        self._outcomes(home.due)
        self._commits(snapshot)
        self._pillars(snapshot.untagged)
        self.steps.addStretch(1)
        if snapshot.repositories and self._scanned_on != home.today and self._scan is None:
            self.scan_commits()

    # --- the steps ----------------------------------------------------------------------

    def _step(self, number: int, title: str, name: str, empty: str | None) -> QVBoxLayout:
        layout = add_card(self.steps, f"{number}. {title}", name)
        if empty is not None:
            layout.addWidget(QLabel(empty))
        return layout

    def _this_week(self, home: HomeSnapshot) -> None:
        count = len(home.this_week)
        layout = self._step(1, "This week", "review_week",
                            None if count else "Nothing yet: what did you do this week?")
        for win in home.this_week[:SHOWN]:
            label = QLabel(f"• {win.title}")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            layout.addWidget(label)
        button = QPushButton("Log a win… (Ctrl+N)", objectName="review_log_win")
        button.clicked.connect(self.log_win.emit)
        layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignLeft)

    def _numbers(self, wins: list[WinView]) -> None:
        layout = self._step(2, "Give recent wins a number", "review_numbers",
                            None if wins else "Every recent win has a number. Good.")
        for index, win in enumerate(wins[:SHOWN]):
            entry = MetricEntry(self.ctx, win, f"review_{index}")
            entry.said.connect(self.note.setText)
            layout.addWidget(entry)

    def _outcomes(self, wins: list[WinView]) -> None:
        layout = self._step(3, "Outcomes due", "review_outcomes",
                            None if wins else "No outcome is waiting to be recorded.")
        for index, win in enumerate(wins[:SHOWN]):
            button = QPushButton("Record outcome…", objectName=f"review_outcome_{index}")
            button.clicked.connect(partial(self._outcome, win))
            row = QHBoxLayout()
            label = QLabel(f"{win.title} — follow-up was due {win.follow_up:%d %b %Y}")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            row.addWidget(label, stretch=1)
            row.addWidget(button)
            layout.addLayout(row)

    def _outcome(self, win: WinView, *_signal_args: object) -> None:
        self.record_outcome.emit(win)

    def _commits(self, snapshot: ReviewSnapshot) -> None:
        suggested = snapshot.suggested
        layout = self._step(4, "From your commits this week", "review_commits", None)
        if not snapshot.repositories:
            layout.addWidget(QLabel("List your git repositories in Profile & settings, and "
                                    "the review suggests wins from the week's commits."))
            button = QPushButton("Open Profile && &settings…",
                                 objectName="review_open_settings")
            button.clicked.connect(self.open_settings.emit)
            layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignLeft)
            return
        self.scan_status = QLabel(self._scan_status, objectName="review_scan_status")
        self.scan_status.setWordWrap(True)
        self.scan_status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.scan_status)
        for item in suggested[:SHOWN]:
            label = QLabel(f"• {item.suggestion.title} ({item.suggestion.date:%a %d %b})")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            layout.addWidget(label)
        row = QHBoxLayout()
        if suggested:
            count = len(suggested)
            review = QPushButton(f"Review {count} suggestion{'s' if count != 1 else ''} in "
                                 "the &Inbox…", objectName="review_open_inbox")
            review.clicked.connect(lambda: self.open_page.emit("inbox"))
            row.addWidget(review)
        self.scan_button = QPushButton("&Cancel" if self._scan else "Look &again",
                                       objectName="review_scan")
        self.scan_button.clicked.connect(self._scan_clicked)
        row.addWidget(self.scan_button)
        row.addStretch(1)
        layout.addLayout(row)

    def _scan_clicked(self) -> None:
        if self._scan is not None:
            self._scan.cancel()
            self._say_scan("Stopping…")
        else:
            self.scan_commits()

    def _say_scan(self, text: str, *, running: bool | None = None) -> None:
        """Say how the scan goes, in the step as it is now (a reload rebuilds it)."""
        self._scan_status = text
        if self.scan_status is not None and shiboken6.isValid(self.scan_status):
            self.scan_status.setText(text)
        if (running is not None and self.scan_button is not None
                and shiboken6.isValid(self.scan_button)):
            self.scan_button.setText("&Cancel" if running else "Look &again")

    def scan_commits(self) -> None:
        """Look through this week's commits on a worker; what is new lands in the Inbox."""
        if self._scan is not None:
            return
        today = self.ctx.services.today()
        review = self.ctx.services.weekly_review

        def work(control: JobControl) -> GitImportReport:
            def progress(step: GitProgress) -> None:
                control.report(step.repos_done, step.repos_total, detail=step)

            return review.scan_week(today, progress=progress,
                                    cancelled=lambda: control.cancelled)

        self._scanned_on = today
        self._scan = start_job(work, self._scanned, self._scan_failed, self,
                               on_progress=self._scan_progress, control=True)
        self._say_scan("Looking through this week's commits…", running=True)

    def _scan_progress(self, step: Progress) -> None:
        progress: GitProgress = step.detail
        if progress.repos_done < progress.repos_total:
            self._say_scan(f"Reading {progress.repo.name} (repository "
                           f"{progress.repos_done + 1} of {progress.repos_total})…")

    def _scanned(self, report: GitImportReport) -> None:
        self._scan = None
        added = len(report.added)
        text = (f"{added} new suggestion{'s' if added != 1 else ''} from this week's commits."
                if added else "No new commits since the last look.")
        if report.warnings:
            text += " Note: " + "; ".join(report.warnings[:3])
        self._say_scan(text, running=False)
        if added:
            self.ctx.signals.inbox_changed.emit()

    def _scan_failed(self, exc: Exception) -> None:
        from bragdoc.importers.git_history import ImportCancelled  # not on start-up's path

        self._scan = None
        self._say_scan("Stopped; nothing was added." if isinstance(exc, ImportCancelled)
                       else describe(exc, "Could not look through your commits"),
                       running=False)

    def _pillars(self, wins: list[WinView]) -> None:
        layout = self._step(5, "Which pillars do recent wins show?", "review_pillars",
                            None if wins else "Every recent win has its pillars.")
        for index, win in enumerate(wins[:SHOWN]):
            label = QLabel(win.title)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            layout.addWidget(label)
            row = QHBoxLayout()
            boxes: dict[str, QCheckBox] = {}
            for key in PILLARS:
                box = QCheckBox(PILLAR_LABELS[key], objectName=f"review_pillar_{index}_{key}")
                boxes[key] = box
                row.addWidget(box)
            save = QPushButton("Save", objectName=f"review_save_pillars_{index}")
            save.clicked.connect(partial(self.save_pillars, win, boxes))
            row.addStretch(1)
            row.addWidget(save)
            layout.addLayout(row)

    def save_pillars(self, win: WinView, boxes: dict[str, QCheckBox],
                     *_signal_args: object) -> None:
        chosen = [key for key, box in boxes.items() if box.isChecked()]
        if chosen:
            draft = dataclasses.replace(draft_from_view(win), pillars=chosen)
            self._edit(win, draft, f"Tagged “{win.title}”.")

    def _edit(self, win: WinView, draft: object, done: str) -> None:
        try:
            perform(self.ctx, EditWin(self.ctx, win, draft))  # type: ignore[arg-type]
        except UserError as exc:
            self.note.setText(describe(exc, "Not saved"))
            return
        self.note.setText(f"{done} Ctrl+Z undoes it.")

    def finish(self) -> None:
        home = self.snapshot.home if self.snapshot else None
        if home is not None:
            weeks = "week" if home.streak == 1 else "weeks"
            self.note.setText(f"Week reviewed. Your streak: {home.streak} {weeks} in a row "
                              "with a win.")

"""The weekly review: one guided pass over the week, best on a Friday.

1. This week's wins (log what is missing).
2. Recent wins without a number: type a metric beside each, with the live read-back of
   what bragdoc understood, and add it (undoable; kit/metric_entry.py).
3. Outcomes that have come due: record each.
4. Recent wins without a pillar: tick the ones they show.
Done says how the streak stands.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from bragdoc.domain.cadence import week_start
from bragdoc.domain.errors import UserError
from bragdoc.domain.records import WinFilter, WinView, draft_from_view
from bragdoc.domain.vocabulary import PILLAR_LABELS, PILLARS
from bragdoc.services.home import RECENT_WEEKS, HomeSnapshot
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.errors import describe
from bragdoc.ui.kit.metric_entry import MetricEntry
from bragdoc.ui.kit.page import Page
from bragdoc.ui.kit.theme import set_tone
from bragdoc.ui.kit.undo import perform
from bragdoc.ui.kit.views import clear_layout
from bragdoc.ui.kit.win_undo import EditWin

SHOWN = 6


@dataclass(frozen=True)
class _Snapshot:
    home: HomeSnapshot
    untagged: list[WinView]


class ReviewPage(Page):
    key = "review"
    title = "Weekly review"
    failure_text = "Could not read your week"

    log_win = Signal()
    record_outcome = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.snapshot: _Snapshot | None = None
        self.body = QWidget(objectName="review_body")
        self.steps = QVBoxLayout(self.body)
        self.steps.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea(objectName="review_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.body)
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

    def read_snapshot(self, today: dt.date) -> _Snapshot:
        services = self.ctx.services
        home = services.home.snapshot(today, with_outlook=False)
        since = week_start(today) - dt.timedelta(weeks=RECENT_WEEKS)
        untagged = [w for w in services.queries.wins(WinFilter(since=since)) if not w.pillars]
        return _Snapshot(home, untagged)

    def show_snapshot(self, snapshot: _Snapshot) -> None:
        self.snapshot = snapshot
        clear_layout(self.steps)
        home = snapshot.home
        self._this_week(home)
        self._numbers(home.unquantified)
        self._outcomes(home.due)
        self._pillars(snapshot.untagged)
        self.steps.addStretch(1)

    # --- the steps ----------------------------------------------------------------------

    def _step(self, number: int, title: str, name: str, empty: str | None) -> QVBoxLayout:
        frame = QFrame(objectName=name)
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        set_tone(frame, "card")
        layout = QVBoxLayout(frame)
        heading = QLabel(f"{number}. {title}")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        if empty is not None:
            layout.addWidget(QLabel(empty))
        self.steps.addWidget(frame)
        return layout

    def _this_week(self, home: HomeSnapshot) -> None:
        count = len(home.this_week)
        layout = self._step(1, "This week", "review_week",
                            None if count else "Nothing yet: what did you do this week?")
        for win in home.this_week[:SHOWN]:
            label = QLabel(f"• {win.title}")
            label.setTextFormat(Qt.TextFormat.PlainText)
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
            row.addWidget(label, stretch=1)
            row.addWidget(button)
            layout.addLayout(row)

    def _outcome(self, win: WinView, *_signal_args: object) -> None:
        self.record_outcome.emit(win)

    def _pillars(self, wins: list[WinView]) -> None:
        layout = self._step(4, "Which pillars do recent wins show?", "review_pillars",
                            None if wins else "Every recent win has its pillars.")
        for index, win in enumerate(wins[:SHOWN]):
            label = QLabel(win.title)
            label.setTextFormat(Qt.TextFormat.PlainText)
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

"""The sidebar: one entry a page, with its icon and what waits on it — outcomes due beside
Home, the suggestions to review beside Inbox — kept current as the record changes. Its
keyboard focus is ringed in the theme's focus colour."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize, QTimer
from PySide6.QtWidgets import QListWidget, QWidget

from bragdoc.domain.cadence import due_follow_ups
from bragdoc.domain.records import WinFilter
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.icons import NAMES as ICON_NAMES
from bragdoc.ui.kit.icons import Icons
from bragdoc.ui.kit.jobs import run_in_background
from bragdoc.ui.kit.theme import set_tone


@dataclass(frozen=True)
class Waiting:
    outcomes_due: int
    suggestions: int


class Navigation(QListWidget):
    def __init__(self, ctx: UiContext, pages: list[tuple[str, str]],
                 parent: QWidget | None = None) -> None:
        """`pages` are (key, title) in order."""
        super().__init__(parent)
        self.setObjectName("navigation")
        self.setAccessibleName("Pages")
        set_tone(self, "sidebar")
        self.ctx = ctx
        self.pages = pages
        self.setIconSize(QSize(18, 18))
        icons = Icons(self)
        for key, title in pages:
            self.addItem(title)
            item = self.item(self.count() - 1)
            if item is not None and key in ICON_NAMES:
                icons.set(item, key)
        self.waiting = Waiting(0, 0)
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.count_waiting)
        for signal in (ctx.signals.wins_changed, ctx.signals.inbox_changed):
            signal.connect(self._timer.start)

    def count_waiting(self) -> None:
        """Read what waits, off the UI thread, and show it beside the pages."""
        services = self.ctx.services
        today = services.today()

        def read() -> Waiting:
            due = due_follow_ups(services.queries.wins(WinFilter(follow_up_by=today)), today)
            return Waiting(len(due), services.queries.pending_suggestions())

        run_in_background(read, self._show, lambda _exc: None, self)

    def _show(self, waiting: Waiting) -> None:
        self.waiting = waiting
        extra = {"home": f"{waiting.outcomes_due} due" if waiting.outcomes_due else "",
                 "inbox": str(waiting.suggestions) if waiting.suggestions else ""}
        for row, (key, title) in enumerate(self.pages):
            item = self.item(row)
            if item is not None:
                item.setText(f"{title} ({extra[key]})" if extra.get(key) else title)

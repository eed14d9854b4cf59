"""The one way a page is built: read a snapshot on a worker, show it on the UI thread.

    class PeoplePage(Page):
        key, title = "people", "People"

        def __init__(self, ctx, parent=None):
            super().__init__(ctx, parent)
            ...build widgets into self.page_layout...
            self.watch(ctx.signals.people_changed)

        def read_snapshot(self, request):     # worker thread: services only, no widgets
            return self.ctx.services.people.everything()

        def show_snapshot(self, snapshot):   # UI thread
            self.model.set_rows(snapshot)

The base owns the rest: the first load when the page is first shown, reloading when a
watched signal fires (at once if the page is on screen, else when it is next shown), the
busy state, dropping an answer a newer load has overtaken, and showing a failure in the
page's problem line. What a load needs from the widgets (the search text, a filter) is
taken on the UI thread by `snapshot_request()` and handed to `read_snapshot`. The base
also heads the page with its title and sets the margins and spacing every page shares
(from the theme).
"""

from __future__ import annotations

from typing import Any, ClassVar

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.errors import describe
from bragdoc.ui.kit.field_errors import error_label, show_error
from bragdoc.ui.kit.jobs import run_in_background, waiting_on_a_write
from bragdoc.ui.kit.theme import PAGE_MARGIN, SPACING

BUSY_AFTER_MS = 400
"""A load shorter than this shows no busy state at all (it would only flicker)."""
TYPING_PAUSE_MS = 500
"""How often a rebuilding page looks again whether the person has stopped typing."""


def _holds_typing(widget: QWidget | None) -> bool:
    """True while `widget` is a text field with something typed in it."""
    if isinstance(widget, QLineEdit):
        return bool(widget.text())
    if isinstance(widget, QPlainTextEdit):
        return bool(widget.toPlainText())
    return False


class Page(QWidget):
    key: ClassVar[str]
    title: ClassVar[str]
    failure_text: ClassVar[str] = "Could not load this page"
    shows_in_steps: ClassVar[bool] = False
    """True for a page whose show_snapshot finishes later (it calls `finished_showing`)."""
    rebuilds: ClassVar[bool] = False
    """True for a page whose show_snapshot makes its widgets anew (Home, the review). A
    new answer then waits while the person is typing into one of them, and keyboard
    focus moves to the new widget of the same name, so a reload never takes typed text
    or the focus away."""

    loaded = Signal()
    """Emitted each time a load has ended, shown or failed."""
    busy_changed = Signal(bool)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.page_layout = QVBoxLayout(self)
        self.page_layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        self.page_layout.setSpacing(SPACING)
        self.heading = QLabel(self.title, objectName="page_title")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.page_layout.addWidget(self.heading)
        self.problem = error_label("page_problem")
        self.page_layout.addWidget(self.problem)
        self.busy_label = QLabel("Loading…", objectName="page_busy")
        self.busy_label.hide()
        self.page_layout.addWidget(self.busy_label)
        self._generation = 0
        self._stale = True  # nothing shown yet, or a watched change arrived while hidden
        self._busy = False
        self._busy_timer = QTimer(self, singleShot=True, interval=BUSY_AFTER_MS)
        self._busy_timer.timeout.connect(lambda: self.busy_label.setVisible(self._busy))
        # One action often announces several changes at once (a win and its project):
        # they are folded into one reload on the next turn of the event loop.
        self._reload_timer = QTimer(self, singleShot=True, interval=0)
        self._reload_timer.timeout.connect(self.refresh)

    # --- what a page implements -------------------------------------------------------

    def snapshot_request(self) -> Any:
        """What the next load needs from the widgets (read on the UI thread)."""
        return None

    def read_snapshot(self, request: Any) -> Any:
        """Read what the page shows. Runs on a worker: use services, never widgets."""
        raise NotImplementedError

    def show_snapshot(self, snapshot: Any) -> None:
        raise NotImplementedError

    # --- what the base does -------------------------------------------------------------

    def watch(self, *signals: SignalInstance) -> None:
        """Reload when any of these fire."""
        for signal in signals:
            signal.connect(self.data_changed)

    def data_changed(self) -> None:
        if self.isVisible():
            # An answer read before the change (in flight, or held back while typing)
            # must not be shown as the news: the reload this starts brings it.
            self._generation += 1
            self._reload_timer.start()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            # Queued, so the page paints its frame before the load is even asked for.
            QTimer.singleShot(0, self, self._refresh_if_stale)

    def _refresh_if_stale(self) -> None:
        if self._stale:
            self.refresh()

    @property
    def loading(self) -> bool:
        return self._busy

    def refresh(self) -> None:
        """Load now; an answer to an earlier load still on its way is dropped."""
        self._reload_timer.stop()
        self._stale = False
        self._generation += 1
        generation = self._generation
        request = self.snapshot_request()
        self._set_busy(True)
        run_in_background(lambda: self.read_snapshot(request),
                          lambda snapshot: self._answered(generation, snapshot, None),
                          lambda exc: self._answered(generation, None, exc), self)

    def _answered(self, generation: int, snapshot: Any, exc: Exception | None) -> None:
        if generation != self._generation:
            return  # a newer load is on its way; this answer is stale
        if waiting_on_a_write():
            # Showing may delete the widget whose handler started the write; show it
            # once that handler has returned.
            QTimer.singleShot(0, self, lambda: self._answered(generation, snapshot, exc))
            return
        focused = QApplication.focusWidget()
        held = focused if focused is not None and self.isAncestorOf(focused) else None
        if self.rebuilds and exc is None and _holds_typing(held):
            QTimer.singleShot(TYPING_PAUSE_MS, self,
                              lambda: self._answered(generation, snapshot, exc))
            return
        self._set_busy(False)
        if exc is not None:
            self.show_failure(exc)
        else:
            show_error(self.problem, None)
            self.show_snapshot(snapshot)
            if held is not None and self.rebuilds:
                # New widgets show once the loop comes round (layouts queue it); the old
                # one may be deleted by then, so its name is taken now.
                name = held.objectName()
                QTimer.singleShot(0, self, lambda: self._refocus(held, name))
            if self.shows_in_steps:
                return
        self.loaded.emit()

    def _refocus(self, held: QWidget, name: str) -> None:
        """Focus the rebuilt widget named `name` that took the place of `held`, else the
        page's first."""
        if shiboken6.isValid(held) and held.isVisible() and self.isAncestorOf(held):
            return
        same = self.findChild(QWidget, name) if name else None
        if same is not None and same.isVisible() and same.isEnabled():
            same.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        widget = self.nextInFocusChain()
        while widget is not None and widget is not self:
            if (self.isAncestorOf(widget) and widget.isVisible() and widget.isEnabled()
                    and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return
            widget = widget.nextInFocusChain()

    def finished_showing(self, generation: int) -> bool:
        """For pages that show in steps: True (and `loaded` emitted) while `generation`
        is still the newest load, False when a newer one has overtaken it."""
        if generation != self._generation:
            return False
        self.loaded.emit()
        return True

    @property
    def generation(self) -> int:
        return self._generation

    def show_failure(self, exc: Exception) -> None:
        show_error(self.problem, describe(exc, self.failure_text))

    def _set_busy(self, busy: bool) -> None:
        if busy == self._busy:
            return
        self._busy = busy
        if busy:
            self._busy_timer.start()
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self._busy_timer.stop()
            self.busy_label.hide()
            self.unsetCursor()
        self.busy_changed.emit(busy)

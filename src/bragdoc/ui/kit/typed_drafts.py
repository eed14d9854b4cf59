"""Typed text survives a crash: forms keep what is typed in small draft files
(store/typed_drafts.py writes and reads them; this module decides when).

Each form being edited has one JSON file in `<data dir>/drafts/`, named after the
database (a hash of its resolved path), the kind of form and the record (its id, or
`new`). It is written about a second after typing stops and whenever the focus moves to
another field (atomically, owner-only), and removed when the form is saved or
deliberately cancelled. A crash or a kill removes nothing, so on the next start the main
window finds the file and offers the text back.

Draft files hold what the person typed, exactly like the database does; logs only ever
mention the kind of form and the record id.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from bragdoc.domain.drafts import WIN, Draft
from bragdoc.ui.kit.theme import set_tone

if TYPE_CHECKING:
    from bragdoc.store.typed_drafts import DraftStore

log = logging.getLogger(__name__)

DEBOUNCE_MS = 1000


class FormAutosave(QObject):
    """Keeps one form's draft file: `changed()` on every edit, `discard()` on save or a
    deliberate cancel, `save_now()` when a save failed and the text must stay.

    Only a file this object wrote (or was opened from, `owns=True`) is ever removed, so
    a form opened and cancelled does not throw away a draft left by an earlier crash.
    """

    def __init__(self, store: DraftStore, kind: str, record: str,
                 read: Callable[[], dict[str, Any]], form: QWidget, *, owns: bool = False
                 ) -> None:
        super().__init__(form)
        self.store = store
        self.kind = kind
        self.record = record
        self.read = read
        self.form = form
        self.owns = owns
        self.pending = False
        self.timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.timer.timeout.connect(self.save_now)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)

    def changed(self) -> None:
        self.pending = True
        self.timer.start()

    def _focus_moved(self, old: QWidget | None, _new: QWidget | None) -> None:
        """Leaving a field is a natural pause: write what it holds straight away."""
        if self.pending and old is not None and self.form.isAncestorOf(old):
            self.save_now()

    def flush(self) -> None:
        """Write now if there is typing not yet on disk (the window is closing)."""
        if self.pending:
            self.save_now()

    def save_now(self) -> bool:
        self.timer.stop()
        self.pending = False
        try:
            self.store.save(self.kind, self.record, self.read())
        except OSError as exc:
            log.warning("could not keep the %s draft (record %s): %s", self.kind,
                        self.record, exc.strerror or type(exc).__name__)
            return False
        self.owns = True
        return True

    def discard(self) -> None:
        self.timer.stop()
        self.pending = False
        if self.owns:
            self.store.remove(self.kind, self.record)
            self.owns = False


def when(moment: dt.datetime, now: dt.datetime | None = None) -> str:
    """'today at 14:02', 'yesterday at 09:15' or 'Thu 26 Nov at 14:02' (local time)."""
    now = now or dt.datetime.now().astimezone()
    local = moment.astimezone(now.tzinfo) if moment.tzinfo else moment
    clock = local.strftime("%H:%M")
    days = (now.date() - local.date()).days
    if days == 0:
        return f"today at {clock}"
    if days == 1:
        return f"yesterday at {clock}"
    day = local.strftime("%a %d %b").replace(" 0", " ")
    year = "" if local.year == now.year else f" {local.year}"
    return f"{day}{year} at {clock}"


def describe(draft: Draft) -> str:
    """What the draft is, in a few words: 'a new win “Cut p95 latency”'."""
    name = draft.fields.get("title" if draft.kind == WIN else "name")
    name = name.strip() if isinstance(name, str) else ""
    label = f"“{name[:60]}{'…' if len(name) > 60 else ''}”" if name else "without a name yet"
    if draft.is_new:
        return f"a new {draft.kind} {label}"
    return f"changes to the {draft.kind} {label}"


class DraftNotice(QFrame):
    """The strip over the pages offering text kept from an earlier session, one at a time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="draft_notice")
        set_tone(self, "notice")
        self.text = QLabel(objectName="draft_notice_text")
        self.text.setWordWrap(True)
        self.open_button = QPushButton("&Open it", objectName="open_draft")
        self.open_button.setToolTip("Reopen the form with the text filled in")
        self.discard_button = QPushButton("Discard", objectName="discard_draft")
        self.discard_button.setToolTip("Throw this text away")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 4, 4)
        row.addWidget(self.text, stretch=1)
        row.addWidget(self.open_button)
        row.addWidget(self.discard_button)
        self.drafts: list[Draft] = []
        self.hide()

    def offer(self, drafts: list[Draft]) -> None:
        self.drafts = list(drafts)
        self._show_first()

    def current(self) -> Draft | None:
        return self.drafts[0] if self.drafts else None

    def done_with_current(self) -> None:
        if self.drafts:
            self.drafts.pop(0)
        self._show_first()

    def _show_first(self) -> None:
        draft = self.current()
        if draft is None:
            self.hide()
            return
        more = f" ({len(self.drafts) - 1} more after this one.)" if len(self.drafts) > 1 else ""
        self.text.setText(f"You have unsaved text from {when(draft.saved_at)}: "
                          f"{describe(draft)}.{more}")
        self.show()

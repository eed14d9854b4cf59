"""Unsaved edits on the Projects page survive a crash: every form with edits is mirrored
to a draft file (see ui/kit/typed_drafts.py for the files and when they are offered back)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from bragdoc.domain.drafts import NEW_RECORD, PROJECT
from bragdoc.ui.kit.typed_drafts import DEBOUNCE_MS

if TYPE_CHECKING:
    from bragdoc.store.typed_drafts import DraftStore
    from bragdoc.ui.projects.page import ProjectsPage

log = logging.getLogger(__name__)


class ProjectPageDrafts(QObject):
    """The Projects page keeps unsaved edits of several projects in memory (switching
    projects does not lose them); this mirrors every one of them to a draft file.

    It compares what the page holds after each edit (debounced) and right after the
    editor loads another form (a save, a revert, a switch), writes a file for every form
    with unsaved edits and removes the files this session wrote that no longer have any.
    """

    def __init__(self, page: ProjectsPage, store: DraftStore) -> None:
        super().__init__(page)
        self.page = page
        self.store = store
        self.written: dict[str, dict[str, Any]] = {}
        self.timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.timer.timeout.connect(self.sync)
        editor = page.editor
        editor.edit_observers.append(self.timer.start)
        editor.load_observers.append(lambda: QTimer.singleShot(0, self, self.sync))
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)

    def _focus_moved(self, old: QWidget | None, _new: QWidget | None) -> None:
        if self.timer.isActive() and old is not None and self.page.isAncestorOf(old):
            self.sync()

    def unsaved(self) -> dict[str, dict[str, Any]]:
        """Every form on the page with edits not yet saved, by record key."""
        forms = self.page.unsaved_forms()
        return {(k if k is not None else NEW_RECORD): state.to_json()
                for k, state in forms.items()}

    def sync(self) -> None:
        self.timer.stop()
        forms = self.unsaved()
        for record, fields in forms.items():
            if self.written.get(record) == fields:
                continue
            try:
                self.store.save(PROJECT, record, fields)
            except OSError as exc:
                log.warning("could not keep the project draft (record %s): %s", record,
                            exc.strerror or type(exc).__name__)
                continue
            self.written[record] = fields
        for record in [r for r in self.written if r not in forms]:
            self.store.remove(PROJECT, record)
            del self.written[record]

    def adopt(self, record: str) -> None:
        """A draft from an earlier session was opened: it is this session's to keep now."""
        self.written[record] = {}

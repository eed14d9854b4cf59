"""Undoable evidence links on the Readiness page (Del unlinks, Ctrl+Z links it back).

Run them with `bragdoc.ui.kit.undo.perform`, like every other command. Each calls `changed`
afterwards so the page reloads (there is no app-wide signal for readiness state).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from bragdoc.domain.errors import UserError
from bragdoc.ui.kit.undo import AppliedFirst

if TYPE_CHECKING:
    from bragdoc.services.readiness_state import ReadinessStateService


def _short(title: str, words: int = 6) -> str:
    parts = title.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


class _LinkCommand(AppliedFirst):
    def __init__(self, state: ReadinessStateService, changed: Callable[[], None], text: str,
                 item_id: str, kind: str, target_id: str) -> None:
        super().__init__(text)
        self.state = state
        self.changed = changed
        self.item_id = item_id
        self.kind = kind
        self.target_id = target_id

    def _link(self) -> None:
        self.state.link(self.item_id, self.kind, self.target_id)
        self.changed()

    def _unlink(self) -> None:
        self.state.unlink(self.item_id, self.kind, self.target_id)
        self.changed()


class LinkEvidence(_LinkCommand):
    def __init__(self, state: ReadinessStateService, changed: Callable[[], None],
                 item_id: str, kind: str, target_id: str, title: str) -> None:
        super().__init__(state, changed, f"Link “{_short(title)}” as evidence",
                         item_id, kind, target_id)

    def apply(self) -> None:
        self._link()

    def undo(self) -> None:
        self._unlink()


class UnlinkEvidence(_LinkCommand):
    def __init__(self, state: ReadinessStateService, changed: Callable[[], None],
                 item_id: str, kind: str, target_id: str, title: str) -> None:
        super().__init__(state, changed, f"Unlink “{_short(title)}”", item_id, kind, target_id)

    def apply(self) -> None:
        self._unlink()

    def undo(self) -> None:
        # The win, project or feedback may have been deleted since: then there is
        # nothing to link back to, and the undo only reloads the page.
        with contextlib.suppress(UserError):
            self.state.link(self.item_id, self.kind, self.target_id)
        self.changed()

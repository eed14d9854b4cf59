"""Undoable evidence links on the Readiness page (Del unlinks, Ctrl+Z links it back)."""

from __future__ import annotations

import contextlib

from bragdoc.domain.errors import UserError
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.undo import Command


def _short(title: str, words: int = 6) -> str:
    parts = title.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


class _LinkCommand(Command):
    announces = ("readiness_changed",)

    def __init__(self, ctx: UiContext, text: str, item_id: str, kind: str,
                 target_id: str) -> None:
        super().__init__(ctx, text)
        self.item_id = item_id
        self.kind = kind
        self.target_id = target_id

    def _link(self) -> None:
        self.ctx.services.readiness_state.link(self.item_id, self.kind, self.target_id)

    def _unlink(self) -> None:
        self.ctx.services.readiness_state.unlink(self.item_id, self.kind, self.target_id)


class LinkEvidence(_LinkCommand):
    def __init__(self, ctx: UiContext, item_id: str, kind: str, target_id: str,
                 title: str) -> None:
        super().__init__(ctx, f"Link “{_short(title)}” as evidence", item_id, kind, target_id)

    def apply(self) -> None:
        self._link()

    def revert(self) -> None:
        self._unlink()


class UnlinkEvidence(_LinkCommand):
    def __init__(self, ctx: UiContext, item_id: str, kind: str, target_id: str,
                 title: str) -> None:
        super().__init__(ctx, f"Unlink “{_short(title)}”", item_id, kind, target_id)

    def apply(self) -> None:
        self._unlink()

    def revert(self) -> None:
        # The win, project or feedback may have been deleted since: then there is
        # nothing to link back to, and the undo only reloads the page.
        with contextlib.suppress(UserError):
            self._link()

"""Undoable decisions in the Inbox: a rejected suggestion goes back to pending on Ctrl+Z
(its commits stay known, so a later scan does not suggest them again meanwhile)."""

from __future__ import annotations

from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.undo import Command


class RejectSuggestions(Command):
    announces = ("inbox_changed",)

    def __init__(self, ctx: UiContext, item_ids: list[str]) -> None:
        count = len(item_ids)
        super().__init__(ctx, f"Reject {count} suggestion{'s' if count != 1 else ''}")
        self.item_ids = item_ids

    def apply(self) -> None:
        self.ctx.services.inbox.reject(self.item_ids)

    def revert(self) -> None:
        self.ctx.services.inbox.restore(self.item_ids)

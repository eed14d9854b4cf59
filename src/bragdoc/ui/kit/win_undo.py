"""Undoable edits of wins: add, edit, delete (Ctrl+Z brings a deleted win back). In the
kit because the Log, Home's review and `bragdoc quick` all change wins."""

from __future__ import annotations

from bragdoc.domain.records import WinDraft, WinView, draft_from_view
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.undo import Command


class _WinCommand(Command):
    # A win's project may be new (typed in the dialog), so projects are announced too.
    announces = ("wins_changed", "projects_changed")


class AddWin(_WinCommand):
    def __init__(self, ctx: UiContext, draft: WinDraft) -> None:
        super().__init__(ctx, f"Add win “{draft.title}”")
        self.draft = draft
        self.added: WinView | None = None

    def apply(self) -> None:
        self.added = self.ctx.services.wins.add(self.draft)
        # Redo after undo must recreate the same record, so later commands still match.
        self.draft = draft_from_view(self.added)

    def revert(self) -> None:
        assert self.added is not None
        self.ctx.services.wins.delete(self.added.id)


class EditWin(_WinCommand):
    def __init__(self, ctx: UiContext, before: WinView, draft: WinDraft) -> None:
        super().__init__(ctx, f"Edit win “{draft.title}”")
        self.before = draft_from_view(before)
        self.after = draft
        self.win_id = before.id

    def apply(self) -> None:
        self.ctx.services.wins.update(self.win_id, self.after)

    def revert(self) -> None:
        self.ctx.services.wins.update(self.win_id, self.before)


class DeleteWin(_WinCommand):
    def __init__(self, ctx: UiContext, win: WinView) -> None:
        super().__init__(ctx, f"Delete win “{win.title}”")
        self.win_id = win.id
        self.kept = draft_from_view(win)

    def apply(self) -> None:
        self.kept = draft_from_view(self.ctx.services.wins.delete(self.win_id))

    def revert(self) -> None:
        self.ctx.services.wins.add(self.kept)

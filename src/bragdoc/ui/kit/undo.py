"""Undoable edits of wins and projects. Each command calls a service and announces the
change; undo replays the opposite service call with the record it kept.

Commands are run with `perform()`, not `QUndoStack.push()` directly: the first run
happens before the push, so a write that fails raises to the caller and leaves no
command on the stack that would undo something that never happened.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand, QUndoStack

from bragdoc.domain.records import (
    ProjectDraft,
    WinDraft,
    WinView,
    draft_from_project,
    draft_from_view,
)
from bragdoc.ui.kit.context import UiContext


class AppliedFirst(QUndoCommand):
    """A command whose first run is perform()'s, so the redo() that push() makes is skipped."""

    already_applied = False

    def redo(self) -> None:
        if self.already_applied:
            self.already_applied = False
            return
        self.apply()

    def apply(self) -> None:
        raise NotImplementedError


def perform(stack: QUndoStack, command: AppliedFirst) -> None:
    command.apply()
    command.already_applied = True
    stack.push(command)


class AddWin(AppliedFirst):
    def __init__(self, ctx: UiContext, draft: WinDraft) -> None:
        super().__init__(f"Add win “{draft.title}”")
        self.ctx = ctx
        self.draft = draft
        self.added: WinView | None = None

    def apply(self) -> None:
        self.added = self.ctx.wins.add(self.draft)
        # Redo after undo must recreate the same record, so later commands still match.
        self.draft = draft_from_view(self.added)
        self.ctx.signals.wins_changed.emit()
        self.ctx.signals.projects_changed.emit()

    def undo(self) -> None:
        assert self.added is not None
        self.ctx.wins.delete(self.added.id)
        self.ctx.signals.wins_changed.emit()


class EditWin(AppliedFirst):
    def __init__(self, ctx: UiContext, before: WinView, draft: WinDraft) -> None:
        super().__init__(f"Edit win “{draft.title}”")
        self.ctx = ctx
        self.before = draft_from_view(before)
        self.after = draft
        self.win_id = before.id

    def apply(self) -> None:
        self.ctx.wins.update(self.win_id, self.after)
        self.ctx.signals.wins_changed.emit()
        self.ctx.signals.projects_changed.emit()

    def undo(self) -> None:
        self.ctx.wins.update(self.win_id, self.before)
        self.ctx.signals.wins_changed.emit()


class DeleteWin(AppliedFirst):
    def __init__(self, ctx: UiContext, win: WinView) -> None:
        super().__init__(f"Delete win “{win.title}”")
        self.ctx = ctx
        self.win_id = win.id
        self.kept = draft_from_view(win)

    def apply(self) -> None:
        self.kept = draft_from_view(self.ctx.wins.delete(self.win_id))
        self.ctx.signals.wins_changed.emit()

    def undo(self) -> None:
        self.ctx.wins.add(self.kept)
        self.ctx.signals.wins_changed.emit()


class AddProject(AppliedFirst):
    def __init__(self, ctx: UiContext, draft: ProjectDraft) -> None:
        super().__init__(f"Add project “{draft.name}”")
        self.ctx = ctx
        self.draft = draft
        self.project_id: str | None = None

    def apply(self) -> None:
        added = self.ctx.projects.add(self.draft)
        self.project_id = added.id
        self.draft = draft_from_project(added)
        self.ctx.signals.projects_changed.emit()

    def undo(self) -> None:
        assert self.project_id is not None
        self.ctx.projects.delete(self.project_id)
        self.ctx.signals.projects_changed.emit()


class EditProject(AppliedFirst):
    def __init__(self, ctx: UiContext, project_id: str, draft: ProjectDraft) -> None:
        super().__init__(f"Edit project “{draft.name}”")
        self.ctx = ctx
        self.project_id = project_id
        self.before = draft_from_project(ctx.queries.project(project_id))
        self.after = draft

    def apply(self) -> None:
        self.ctx.projects.update(self.project_id, self.after)
        self.ctx.signals.projects_changed.emit()
        self.ctx.signals.wins_changed.emit()

    def undo(self) -> None:
        self.ctx.projects.update(self.project_id, self.before)
        self.ctx.signals.projects_changed.emit()
        self.ctx.signals.wins_changed.emit()


class DeleteProject(AppliedFirst):
    """Deleting a project detaches its wins; undo restores the project and re-attaches them."""

    def __init__(self, ctx: UiContext, project_id: str) -> None:
        project = ctx.queries.project(project_id)
        super().__init__(f"Delete project “{project.name}”")
        self.ctx = ctx
        self.project_id = project_id
        self.kept = draft_from_project(project)
        self.win_ids: list[str] = []

    def apply(self) -> None:
        from bragdoc.domain.records import WinFilter

        self.win_ids = [w.id for w in self.ctx.queries.wins(WinFilter(project=self.project_id))]
        self.ctx.projects.delete(self.project_id)
        self.ctx.signals.projects_changed.emit()
        self.ctx.signals.wins_changed.emit()

    def undo(self) -> None:
        self.ctx.projects.add(self.kept)
        self.ctx.wins.attach_to_project(self.win_ids, self.project_id)
        self.ctx.signals.projects_changed.emit()
        self.ctx.signals.wins_changed.emit()

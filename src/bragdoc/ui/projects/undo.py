"""Undoable edits of projects. Deleting a project detaches its wins; undo restores the
project and attaches them again."""

from __future__ import annotations

from bragdoc.domain.records import ProjectDraft, ProjectView, WinFilter, draft_from_project
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.undo import Command


class _ProjectCommand(Command):
    # Wins show their project's name, so both lists refresh.
    announces = ("projects_changed", "wins_changed")


class AddProject(_ProjectCommand):
    def __init__(self, ctx: UiContext, draft: ProjectDraft) -> None:
        super().__init__(ctx, f"Add project “{draft.name}”")
        self.draft = draft
        self.project_id: str | None = None
        self.saved: ProjectView | None = None

    def apply(self) -> None:
        self.saved = self.ctx.services.projects.add(self.draft)
        self.project_id = self.saved.id
        self.draft = draft_from_project(self.saved)

    def revert(self) -> None:
        assert self.project_id is not None
        self.ctx.services.projects.delete(self.project_id)


class EditProject(_ProjectCommand):
    def __init__(self, ctx: UiContext, project_id: str, draft: ProjectDraft) -> None:
        super().__init__(ctx, f"Edit project “{draft.name}”")
        self.project_id = project_id
        self.before = draft_from_project(ctx.services.queries.project(project_id))
        self.after = draft
        self.saved: ProjectView | None = None

    def apply(self) -> None:
        self.saved = self.ctx.services.projects.update(self.project_id, self.after)

    def revert(self) -> None:
        self.ctx.services.projects.update(self.project_id, self.before)


class DeleteProject(_ProjectCommand):
    def __init__(self, ctx: UiContext, project_id: str) -> None:
        project = ctx.services.queries.project(project_id)
        super().__init__(ctx, f"Delete project “{project.name}”")
        self.project_id = project_id
        self.kept = draft_from_project(project)
        self.win_ids: list[str] = []

    def apply(self) -> None:
        queries = self.ctx.services.queries
        self.win_ids = [w.id for w in queries.wins(WinFilter(project=self.project_id))]
        self.ctx.services.projects.delete(self.project_id)

    def revert(self) -> None:
        self.ctx.services.projects.add(self.kept)
        self.ctx.services.wins.attach_to_project(self.win_ids, self.project_id)

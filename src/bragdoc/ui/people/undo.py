"""Undoable edits of feedback quotes and mentoring records.

Records keep their id across undo and redo (the services upsert by id), so a later
command still finds the record an earlier one recreated. Run them with
`bragdoc.ui.kit.undo.perform`, like every other command.
"""

from __future__ import annotations

import dataclasses

from bragdoc.domain.records import Feedback, Mentoring
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.undo import Command


class _PeopleCommand(Command):
    announces = ("people_changed",)


def _restorable(ctx: UiContext, item: Feedback) -> Feedback:
    """The quote as it can be written back: a project deleted meanwhile is dropped, since
    the service would read an unknown id as the name of a new project, and so is a win
    deleted meanwhile, which the service would refuse."""
    queries = ctx.services.queries
    if item.project_id is not None and item.project_id not in queries.project_names():
        item = dataclasses.replace(item, project_id=None)
    if item.win_id is not None and item.win_id not in queries.win_names():
        item = dataclasses.replace(item, win_id=None)
    return item


def _quote_label(item: Feedback) -> str:
    words = item.quote.split()
    short = " ".join(words[:6]) + ("…" if len(words) > 6 else "")
    return f"“{short}”"


class SaveFeedback(_PeopleCommand):
    """Add (before is None) or edit a feedback quote."""

    def __init__(self, ctx: UiContext, before: Feedback | None, after: Feedback) -> None:
        verb = "Add" if before is None else "Edit"
        super().__init__(ctx, f"{verb} quote {_quote_label(after)}")
        self.before = before
        self.after = after

    def apply(self) -> None:
        self.after = self.ctx.services.people.save_feedback(_restorable(self.ctx, self.after))

    def revert(self) -> None:
        if self.before is None:
            self.ctx.services.people.delete_feedback(self.after.id)
        else:
            self.ctx.services.people.save_feedback(_restorable(self.ctx, self.before))


class DeleteFeedback(_PeopleCommand):
    def __init__(self, ctx: UiContext, item: Feedback) -> None:
        super().__init__(ctx, f"Delete quote {_quote_label(item)}")
        self.item = item

    def apply(self) -> None:
        self.ctx.services.people.delete_feedback(self.item.id)

    def revert(self) -> None:
        self.ctx.services.people.save_feedback(_restorable(self.ctx, self.item))


class SaveMentoring(_PeopleCommand):
    """Add (before is None) or edit a mentoring record."""

    def __init__(self, ctx: UiContext, before: Mentoring | None, after: Mentoring) -> None:
        verb = "Add" if before is None else "Edit"
        super().__init__(ctx, f"{verb} mentoring of {after.mentee}")
        self.before = before
        self.after = after

    def apply(self) -> None:
        self.after = self.ctx.services.people.save_mentoring(self.after)

    def revert(self) -> None:
        if self.before is None:
            self.ctx.services.people.delete_mentoring(self.after.id)
        else:
            self.ctx.services.people.save_mentoring(self.before)


class DeleteMentoring(_PeopleCommand):
    def __init__(self, ctx: UiContext, item: Mentoring) -> None:
        super().__init__(ctx, f"Delete mentoring of {item.mentee}")
        self.item = item

    def apply(self) -> None:
        self.ctx.services.people.delete_mentoring(self.item.id)

    def revert(self) -> None:
        self.ctx.services.people.save_mentoring(self.item)

"""One undo style for every feature: a command changes the record through a service and
announces what changed through the app's signals; undo does the opposite and announces
the same.

    class RenameThing(Command):
        announces = ("projects_changed",)
        def apply(self) -> None: ...      # the change (first run and every redo)
        def revert(self) -> None: ...     # its opposite (every undo)

    perform(ctx, RenameThing(ctx, "Rename …"))

Commands are run with `perform()`, not `QUndoStack.push()` directly: the first run
happens before the push, so a write that fails raises to the caller and leaves no
command on the stack that would undo something that never happened.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtGui import QUndoCommand

from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.jobs import wait_off_the_ui_thread


class Command(QUndoCommand):
    announces: ClassVar[tuple[str, ...]] = ()
    """Names of AppSignals emitted after every apply and revert."""

    def __init__(self, ctx: UiContext, text: str) -> None:
        super().__init__(text)
        self.ctx = ctx
        self._applied_by_perform = False

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def announce(self) -> None:
        for name in self.announces:
            getattr(self.ctx.signals, name).emit()

    def redo(self) -> None:
        if self._applied_by_perform:  # push() calls redo(); perform() already applied it
            self._applied_by_perform = False
            return
        wait_off_the_ui_thread(self.apply)
        self.announce()

    def undo(self) -> None:
        wait_off_the_ui_thread(self.revert)
        self.announce()


def perform(ctx: UiContext, command: Command) -> None:
    # The write runs on a worker (it may wait for another program's lock); the window
    # keeps painting meanwhile, and a refusal still raises here, next to its form.
    wait_off_the_ui_thread(command.apply)
    command.announce()
    command._applied_by_perform = True
    ctx.undo_stack.push(command)

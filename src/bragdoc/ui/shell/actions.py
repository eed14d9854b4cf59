"""The window's actions, their shortcuts and icons, in one place so menus and tests agree."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QWidget

from bragdoc.ui.kit.icons import Icons


@dataclass
class Actions:
    new_win: QAction
    edit_win: QAction
    delete_win: QAction
    undo: QAction
    redo: QAction
    settings: QAction
    backup_now: QAction
    restore: QAction
    quit: QAction
    pages: list[QAction]


def create_actions(window: QWidget, undo_stack: QUndoStack, page_titles: list[str]) -> Actions:
    def action(text: str, shortcut: str | QKeySequence.StandardKey, tip: str) -> QAction:
        created = QAction(text, window)
        created.setShortcut(QKeySequence(shortcut))
        created.setStatusTip(tip)
        window.addAction(created)  # shortcuts work even when the menu bar is hidden
        return created

    undo = undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcut(QKeySequence("Ctrl+Z"))
    redo = undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    window.addActions([undo, redo])
    actions = Actions(
        new_win=action("&New win…", "Ctrl+N", "Log a win"),
        edit_win=action("&Edit win…", "Ctrl+E", "Edit the selected win"),
        delete_win=action("&Delete win", "Del", "Delete the selected win (undo with Ctrl+Z)"),
        undo=undo,
        redo=redo,
        settings=action("Profile && &settings…", "Ctrl+,", "Your profile, goals and reminder"),
        backup_now=action("&Back up now", "Ctrl+Shift+B", "Take a backup of your data now"),
        restore=action("&Restore from backup…", "", "See the backups and restore one"),
        quit=action("&Quit", "Ctrl+Q", "Close bragdoc"),
        pages=[action(title, f"Ctrl+{i + 1}", f"Go to {title}")
               for i, title in enumerate(page_titles)],
    )
    icons = Icons(window)
    for target, name in ((actions.new_win, "new_win"), (actions.edit_win, "edit"),
                         (actions.delete_win, "delete"), (undo, "undo"), (redo, "redo"),
                         (actions.settings, "settings"), (actions.backup_now, "backup"),
                         (actions.restore, "restore"), (actions.quit, "quit")):
        icons.set(target, name)
    return actions

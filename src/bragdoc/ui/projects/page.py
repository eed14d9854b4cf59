"""The Projects page: the list on the left, every field of the chosen project on the right.

Unsaved edits are never dropped silently: moving to another project keeps what was typed
for this one (the list marks it with ●) until Save or Revert. Every write goes through
the undo stack, so Ctrl+Z takes back a save, a new project or a deletion.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bragdoc.domain.errors import UserError
from bragdoc.domain.records import ProjectView, WinFilter, WinView
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.delete_key import DeleteKey
from bragdoc.ui.kit.page import Page
from bragdoc.ui.kit.shortcuts import shortcut
from bragdoc.ui.kit.undo import Command, perform
from bragdoc.ui.projects.editor import ProjectEditor
from bragdoc.ui.projects.form_state import FormState, name_key
from bragdoc.ui.projects.project_table import (
    Column,
    ProjectTableModel,
    TwoLineDelegate,
    two_line_height,
)
from bragdoc.ui.projects.project_wins import ProjectWins
from bragdoc.ui.projects.undo import AddProject, DeleteProject, EditProject

NEW = None
"""The key under which the not-yet-saved new project's fields are kept."""

@dataclass(frozen=True)
class _Snapshot:
    projects: list[ProjectView]
    wins: dict[str, list[WinView]] = field(default_factory=dict)
    """Each project's wins, newest first."""


def _user_message(exc: UserError) -> str:
    text = str(exc)
    return text[:1].upper() + text[1:]


class ProjectsPage(Page):
    key = "projects"
    title = "Projects"
    failure_text = "Could not load the projects"

    open_record = Signal(str, str)
    """('win', id): a win of the project the person wants to open."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._projects: dict[str, ProjectView] = {}
        self._current: str | None = NEW
        self._kept: dict[str | None, FormState] = {}
        self._previous_row = -1
        self._shown_once = False
        self._to_open: str | None = None
        self._wins: dict[str, list[WinView]] = {}

        # --- the list -----------------------------------------------------------------------
        self.count_label = QLabel(objectName="project_count")
        self.new_button = QPushButton("New project", objectName="new_project")
        self.new_button.setToolTip("Start a new project (Ctrl+Shift+N)")
        self.model = ProjectTableModel(self)
        self.view = QTableView(objectName="projects_list")
        self.view.setAccessibleName("Projects")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(False)
        self.view.verticalHeader().hide()
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.HEADLINE, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        # Scope, teams and dates are drawn under each name (TwoLineDelegate), which leaves
        # the headline metric room to be read in a list half a window wide.
        self.view.setItemDelegateForColumn(Column.NAME, TwoLineDelegate(self.view))
        for column in (Column.SCOPE, Column.TEAMS, Column.DATES):
            self.view.setColumnHidden(column, True)
        self.view.setColumnWidth(Column.NAME, 210)
        self.view.setColumnWidth(Column.WINS, 44)
        rows = self.view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(two_line_height(self.view.font()))
        self.view.setToolTip("Enter edits the project; Del deletes it (Ctrl+Z undoes)")
        self.notice = QLabel(objectName="notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self._notice_timer = QTimer(self, singleShot=True, interval=10000)
        self._notice_timer.timeout.connect(self.notice.hide)

        top = QHBoxLayout()
        top.addWidget(self.count_label, stretch=1)
        top.addWidget(self.new_button)
        left = QWidget(objectName="projects_list_side")
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 4, 0)
        self.project_wins = ProjectWins()
        self.project_wins.open_win.connect(self._open_win)
        self.list_splitter = QSplitter(Qt.Orientation.Vertical, objectName="projects_left")
        self.list_splitter.addWidget(self.view)
        self.list_splitter.addWidget(self.project_wins)
        self.list_splitter.setChildrenCollapsible(False)
        self.list_splitter.setSizes([300, 260])
        left_layout.addLayout(top)
        left_layout.addWidget(self.list_splitter, stretch=1)
        left_layout.addWidget(self.notice)

        # --- the editor ---------------------------------------------------------------------
        self.editor = ProjectEditor()
        self.editor.setContentsMargins(4, 0, 0, 0)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="projects_splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.editor)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([470, 460])
        self.page_layout.addWidget(self.splitter)

        QWidget.setTabOrder(self.view, self.project_wins.view)
        QWidget.setTabOrder(self.project_wins.view, self.new_button)
        QWidget.setTabOrder(self.new_button, self.editor.name)

        # --- wiring -------------------------------------------------------------------------
        self.new_button.clicked.connect(self.new_project)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.view.activated.connect(lambda _index: self.editor.focus_name())
        DeleteKey(self.view, self.delete_selected)
        self.editor.on_edited = self._edited
        self.editor.save_requested.connect(self.save)
        self.editor.revert_requested.connect(self.revert)
        self.editor.delete_requested.connect(self.delete_current)
        within = Qt.ShortcutContext.WidgetWithChildrenShortcut
        shortcut("Ctrl+Shift+N", self, self.new_project, "New project", within)
        shortcut(QKeySequence.StandardKey.Save, self, self.save, "Save the project", within)
        self.watch(ctx.signals.projects_changed, ctx.signals.wins_changed)

        self._open(NEW)

    # --- loading ------------------------------------------------------------------------

    def read_snapshot(self, _request: None) -> _Snapshot:
        queries = self.ctx.services.queries
        by_project: dict[str, list[WinView]] = defaultdict(list)
        for win in queries.wins(WinFilter()):
            if win.project_id is not None:
                by_project[win.project_id].append(win)
        return _Snapshot(queries.projects(), dict(by_project))

    def show_snapshot(self, snapshot: _Snapshot) -> None:
        projects = snapshot.projects
        self._wins = snapshot.wins
        was_dirty = self.is_dirty()
        self._projects = {p.id: p for p in projects}
        self.model.set_projects(projects)
        self._mark_unsaved(was_dirty)
        count = len(projects)
        self.count_label.setText(f"{count} project" + ("" if count == 1 else "s"))

        if self._current is not NEW and self._current not in self._projects:
            # The project on show is gone (deleted, or its creation undone).
            if was_dirty:
                self._kept[self._current] = self.editor.state()
            neighbour = self.model.project_at(min(self._previous_row, count - 1))
            self._open(neighbour.id if neighbour else NEW)
        elif self._current is NEW and not was_dirty and projects and not self._shown_once:
            self._open(projects[0].id)  # on first showing, start on a project, not a blank form
        elif not was_dirty:
            self._open(self._current)  # it may have changed under us (undo, a win added)
        else:
            self._edited()
            self._show_wins()  # a win may have come or gone while the form has edits
        self._select_current()
        self._shown_once = True
        if self._to_open is not None:
            row = self.model.row_of(self._to_open)
            self._to_open = None
            if row >= 0:
                self.view.setCurrentIndex(self.model.index(row, Column.NAME))
                self.editor.focus_name()

    def open_project(self, project_id: str) -> None:
        """Show a project someone pointed at, with the cursor in its name, as soon as the
        list (read afresh: it may be new) holds it."""
        self._to_open = project_id
        self.refresh()

    def _baseline(self, key: str | None) -> FormState:
        project = self._projects.get(key) if key is not NEW else None
        return FormState.from_project(project) if project else FormState()

    def _open(self, key: str | None) -> None:
        """Show a project (or the new-project form) with any edits kept for it."""
        moved = key != self._current
        self._current = key
        project = self._projects.get(key) if key is not NEW else None
        heading = project.name if project else "New project"
        self.editor.load(self._kept.get(key, self._baseline(key)), heading, to_top=moved)
        self._show_wins()
        self._edited()

    def _show_wins(self) -> None:
        project = self._projects.get(self._current) if self._current is not NEW else None
        self.project_wins.show_wins(project.name if project else None,
                                    self._wins.get(project.id, []) if project else [])

    def _select_current(self) -> None:
        row = self.model.row_of(self._current) if self._current is not NEW else -1
        selection = self.view.selectionModel()
        selection.blockSignals(True)
        if row < 0:
            selection.clear()
        else:
            index = self.model.index(row, Column.NAME)
            selection.setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.view.scrollTo(index)
            self._previous_row = row
        selection.blockSignals(False)
        self.view.viewport().update()

    # --- unsaved edits ------------------------------------------------------------------

    def is_dirty(self) -> bool:
        return self.editor.state() != self._baseline(self._current)

    def _keep_current(self) -> None:
        """Before showing something else: keep this project's edits, or forget them."""
        if self.is_dirty():
            self._kept[self._current] = self.editor.state()
        else:
            self._kept.pop(self._current, None)

    def unsaved_forms(self) -> dict[str | None, FormState]:
        """Every form with edits not yet saved, by project id (None: a new project),
        the one on screen included."""
        forms = dict(self._kept)
        if self.is_dirty():
            forms[self._current] = self.editor.state()
        else:
            forms.pop(self._current, None)
        return forms

    def _edited(self) -> None:
        dirty = self.is_dirty()
        self.editor.set_dirty(dirty, stored=self._current is not NEW)
        self._mark_unsaved(dirty)

    def _mark_unsaved(self, current_dirty: bool) -> None:
        unsaved = {key for key in self._kept if key is not NEW}
        if self._current is not NEW:
            unsaved.discard(self._current)
            if current_dirty:
                unsaved.add(self._current)
        self.model.set_unsaved(unsaved)
        kept_new = NEW in self._kept and self._current is not NEW
        self.new_button.setText("New project (unsaved)" if kept_new else "New project")

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        project = self.model.project_at(current)
        if project is None or project.id == self._current:
            return
        self._keep_current()
        self._previous_row = current.row()
        self._open(project.id)

    # --- actions ------------------------------------------------------------------------

    def _open_win(self, win_id: str) -> None:
        self.open_record.emit("win", win_id)

    def selected_project(self) -> ProjectView | None:
        return self._projects.get(self._current) if self._current is not NEW else None

    def new_project(self) -> None:
        """Show the new-project form (with what was typed in it before, if anything)."""
        if self._current is not NEW:
            self._keep_current()
            self._open(NEW)
            self._select_current()
        self.editor.focus_name()

    def _push(self, make: Callable[[], Command]) -> tuple[Command | None, str | None]:
        """Make a command and run it through the undo stack. A refusal comes back as a
        message and leaves nothing on the stack."""
        try:
            command = make()  # commands read the project they change, which may be gone
            perform(self.ctx, command)
        except UserError as exc:
            self.refresh()
            return None, _user_message(exc)
        return command, None

    def save(self) -> bool:
        """Save the project on show; False (with the reasons shown) if it was not saved."""
        self.editor.add_pending_metric()
        taken = {name_key(p.name) for p in self._projects.values() if p.id != self._current}
        draft = self.editor.draft(taken)
        if draft is None:
            return False
        key = self._current
        if key is NEW:
            command, error = self._push(lambda: AddProject(self.ctx, draft))
        else:
            draft.id = key
            command, error = self._push(lambda: EditProject(self.ctx, key, draft))
        if error is not None:
            self.editor.show_save_error(f"Not saved: {error}")
            return False
        self._kept.pop(key, None)
        assert isinstance(command, AddProject | EditProject) and command.saved is not None
        # The list reloads in the background; the form shows the saved project right away.
        self._projects[command.saved.id] = command.saved
        self._open(command.saved.id)
        self._select_current()
        self._mark_unsaved(False)
        self._say(f"Saved “{draft.name}”.")
        return True

    def revert(self) -> None:
        """Throw away the unsaved edits of the project on show."""
        self._kept.pop(self._current, None)
        self._open(self._current)
        self._mark_unsaved(False)

    def delete_selected(self) -> None:
        project = self.model.project_at(self.view.currentIndex())
        if project is not None:
            self._delete(project)

    def delete_current(self) -> None:
        project = self.selected_project()
        if project is not None:
            self._delete(project)

    def _delete(self, project: ProjectView) -> None:
        self._previous_row = self.model.row_of(project.id)
        was_current = project.id == self._current
        _command, error = self._push(lambda: DeleteProject(self.ctx, project.id))
        if error is not None:
            self._say(f"Not deleted: {error}")
            return
        wins = project.win_count
        detached = f" Its {wins} win{'s' if wins != 1 else ''} stay in the log." if wins else ""
        self._say(f"Deleted “{project.name}”.{detached} Ctrl+Z brings it back.")
        if was_current:
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()
        self._notice_timer.start()

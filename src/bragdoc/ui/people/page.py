"""The People page: what colleagues said about the user's work, and whom they mentored.

Two tables, each with add / edit / delete. Enter on a row edits it, Del deletes it (Ctrl+Z
brings it back); every change goes through the undo stack and is announced with
`people_changed`. A quote can name the win and project it is about: Enter on that cell
(or "Open what it is about") opens them.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
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
from bragdoc.domain.records import Feedback, Mentoring
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.delete_key import DeleteKey
from bragdoc.ui.kit.errors import describe
from bragdoc.ui.kit.page import Page
from bragdoc.ui.kit.theme import set_tone
from bragdoc.ui.kit.undo import perform
from bragdoc.ui.kit.views import chain_tab_order, record_table
from bragdoc.ui.people.dialogs import FeedbackDialog, MentoringDialog
from bragdoc.ui.people.tables import (
    FeedbackColumn,
    FeedbackTableModel,
    MentoringColumn,
    MentoringTableModel,
    mentoring_summary,
)
from bragdoc.ui.people.undo import (
    DeleteFeedback,
    DeleteMentoring,
    SaveFeedback,
    SaveMentoring,
)


@dataclass(frozen=True)
class _Snapshot:
    feedback: list[Feedback]
    mentoring: list[Mentoring]
    projects: dict[str, str]
    wins: dict[str, str]


class PeoplePage(Page):
    key = "people"
    title = "People"
    failure_text = "Could not load feedback and mentoring"

    open_record = Signal(str, str)
    """('win' or 'project', id): what a quote is about, to be shown."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._project_names: dict[str, str] = {}
        self._win_names: dict[str, str] = {}
        self.dialog: FeedbackDialog | MentoringDialog | None = None
        self._select_next: tuple[str, str] | None = None

        self.summary = QLabel(objectName="mentoring_summary")
        font = self.summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.summary.setFont(font)
        self.note = QLabel(objectName="people_note")
        set_tone(self.note, "muted")
        top = QHBoxLayout()
        top.addWidget(self.summary)
        top.addStretch(1)
        top.addWidget(self.note)

        # --- feedback ----------------------------------------------------------------
        self.feedback_model = FeedbackTableModel(self)
        self.feedback_view = record_table("feedback_view", self.feedback_model)
        self.feedback_view.setAccessibleName("Feedback from colleagues")
        header = self.feedback_view.horizontalHeader()
        header.setSectionResizeMode(FeedbackColumn.QUOTE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((FeedbackColumn.FROM, 130), (FeedbackColumn.ROLE, 130),
                              (FeedbackColumn.DATE, 95), (FeedbackColumn.PROJECT, 140),
                              (FeedbackColumn.WIN, 200)):
            self.feedback_view.setColumnWidth(column, width)
        self.add_feedback_button = QPushButton("Add &quote…", objectName="add_feedback")
        self.edit_feedback_button = QPushButton("Edit quo&te…", objectName="edit_feedback")
        self.delete_feedback_button = QPushButton("Delete quote", objectName="delete_feedback")
        self.delete_feedback_button.setToolTip("Del — Ctrl+Z brings it back")
        self.open_about_button = QPushButton("Open what it is &about",
                                             objectName="open_about")
        self.open_about_button.setToolTip("The win the quote is about, or else its project")
        self.feedback_box = QGroupBox("What people said")
        self._fill_box(self.feedback_box, self.feedback_view, [
            self.add_feedback_button, self.edit_feedback_button, self.delete_feedback_button,
            self.open_about_button])

        # --- mentoring ---------------------------------------------------------------
        self.mentoring_model = MentoringTableModel(self)
        self.mentoring_view = record_table("mentoring_view", self.mentoring_model)
        self.mentoring_view.setAccessibleName("People you mentor")
        header = self.mentoring_view.horizontalHeader()
        header.setSectionResizeMode(MentoringColumn.OUTCOME, QHeaderView.ResizeMode.Stretch)
        for mentoring_column, width in ((MentoringColumn.MENTEE, 180),
                                        (MentoringColumn.SINCE, 95), (MentoringColumn.UNTIL, 95),
                                        (MentoringColumn.PROMOTED, 80)):
            self.mentoring_view.setColumnWidth(mentoring_column, width)
        self.add_mentoring_button = QPushButton("Add &mentee…", objectName="add_mentoring")
        self.edit_mentoring_button = QPushButton("Edit mento&ring…", objectName="edit_mentoring")
        self.delete_mentoring_button = QPushButton("Delete mentoring",
                                                   objectName="delete_mentoring")
        self.delete_mentoring_button.setToolTip("Del — Ctrl+Z brings it back")
        self.mentoring_box = QGroupBox("Mentoring")
        self._fill_box(self.mentoring_box, self.mentoring_view, [
            self.add_mentoring_button, self.edit_mentoring_button, self.delete_mentoring_button])

        splitter = QSplitter(Qt.Orientation.Vertical, objectName="people_splitter")
        splitter.addWidget(self.feedback_box)
        splitter.addWidget(self.mentoring_box)
        splitter.setChildrenCollapsible(False)
        layout = self.page_layout
        layout.addLayout(top)
        layout.addWidget(splitter, stretch=1)

        self.add_feedback_button.clicked.connect(self.add_feedback)
        self.edit_feedback_button.clicked.connect(self.edit_selected_feedback)
        self.delete_feedback_button.clicked.connect(self.delete_selected_feedback)
        self.open_about_button.clicked.connect(self.open_selected_about)
        self.feedback_view.activated.connect(self._feedback_activated)
        self.feedback_view.selectionModel().selectionChanged.connect(self._update_buttons)
        DeleteKey(self.feedback_view, self.delete_selected_feedback)

        self.add_mentoring_button.clicked.connect(self.add_mentoring)
        self.edit_mentoring_button.clicked.connect(self.edit_selected_mentoring)
        self.delete_mentoring_button.clicked.connect(self.delete_selected_mentoring)
        self.mentoring_view.activated.connect(lambda _index: self.edit_selected_mentoring())
        self.mentoring_view.selectionModel().selectionChanged.connect(self._update_buttons)
        DeleteKey(self.mentoring_view, self.delete_selected_mentoring)

        chain_tab_order(self.feedback_view, self.add_feedback_button, self.edit_feedback_button,
                        self.delete_feedback_button, self.open_about_button, self.mentoring_view,
                        self.add_mentoring_button, self.edit_mentoring_button,
                        self.delete_mentoring_button)

        self.watch(ctx.signals.people_changed, ctx.signals.projects_changed,
                   ctx.signals.wins_changed)
        self._update_buttons()

    @staticmethod
    def _fill_box(box: QGroupBox, view: QTableView, buttons: list[QPushButton]) -> None:
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        inner = QVBoxLayout(box)
        inner.addWidget(view, stretch=1)
        inner.addLayout(row)

    # --- loading ---------------------------------------------------------------------

    def read_snapshot(self, _request: None) -> _Snapshot:
        queries = self.ctx.services.queries
        return _Snapshot(queries.feedback(), queries.mentoring(), queries.project_names(),
                         queries.win_names())

    def show_snapshot(self, snapshot: _Snapshot) -> None:
        """Fill both tables, keeping the selected records selected."""
        keep_feedback = self._selected_id(self.feedback_view)
        keep_mentoring = self._selected_id(self.mentoring_view)
        if self._select_next is not None:
            kind, record_id = self._select_next
            if kind == "feedback":
                keep_feedback = record_id
            else:
                keep_mentoring = record_id
            self._select_next = None
        feedback, mentoring = snapshot.feedback, snapshot.mentoring
        projects = self._project_names = snapshot.projects
        self._win_names = snapshot.wins
        self.feedback_model.set_feedback(feedback, projects, snapshot.wins)
        self.mentoring_model.set_rows(mentoring)
        self._reselect(self.feedback_view, self.feedback_model, keep_feedback)
        self._reselect(self.mentoring_view, self.mentoring_model, keep_mentoring)
        quotes = "quote" if len(feedback) == 1 else "quotes"
        self.feedback_box.setTitle(f"What people said — {len(feedback)} {quotes}")
        self.summary.setText(mentoring_summary(mentoring))
        self._update_buttons()

    @staticmethod
    def _selected_id(view: QTableView) -> str | None:
        model = view.model()
        record = model.record_at(view.currentIndex())  # type: ignore[attr-defined]
        return record.id if record is not None and view.selectionModel().hasSelection() else None

    @staticmethod
    def _reselect(view: QTableView, model: FeedbackTableModel | MentoringTableModel,
                  record_id: str | None) -> None:
        row = model.row_of(record_id) if record_id else -1
        if row < 0:
            return
        index = model.index(row, 0)
        view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        view.scrollTo(index)

    def _update_buttons(self) -> None:
        feedback = self.selected_feedback()
        has_feedback = feedback is not None
        self.edit_feedback_button.setEnabled(has_feedback)
        self.delete_feedback_button.setEnabled(has_feedback)
        self.open_about_button.setEnabled(
            feedback is not None and bool(feedback.win_id or feedback.project_id))
        has_mentoring = self.selected_mentoring() is not None
        self.edit_mentoring_button.setEnabled(has_mentoring)
        self.delete_mentoring_button.setEnabled(has_mentoring)

    # --- selection -------------------------------------------------------------------

    def selected_feedback(self) -> Feedback | None:
        if not self.feedback_view.selectionModel().hasSelection():
            return None
        return self.feedback_model.record_at(self.feedback_view.currentIndex())

    def selected_mentoring(self) -> Mentoring | None:
        if not self.mentoring_view.selectionModel().hasSelection():
            return None
        return self.mentoring_model.record_at(self.mentoring_view.currentIndex())

    # --- feedback actions ------------------------------------------------------------

    def _feedback_dialog(self, item: Feedback | None) -> FeedbackDialog:
        def save(record: Feedback) -> None:
            self._select_next = ("feedback", record.id)
            perform(self.ctx, SaveFeedback(self.ctx, item, record))
            self.feedback_view.setFocus()

        projects = [(name, pid) for pid, name in self._project_names.items()]
        dialog = FeedbackDialog(save, projects=projects, wins=self._win_names, item=item,
                                parent=self)
        self.dialog = dialog
        dialog.open()
        return dialog

    def add_feedback(self) -> FeedbackDialog:
        return self._feedback_dialog(None)

    def edit_selected_feedback(self) -> FeedbackDialog | None:
        item = self.selected_feedback()
        return self._feedback_dialog(item) if item is not None else None

    def _feedback_activated(self, index: QModelIndex) -> None:
        """Enter on the win or project a quote is about opens it; elsewhere it edits."""
        item = self.feedback_model.record_at(index)
        if item is not None and index.column() == FeedbackColumn.WIN and item.win_id:
            self.open_record.emit("win", item.win_id)
        elif item is not None and index.column() == FeedbackColumn.PROJECT and item.project_id:
            self.open_record.emit("project", item.project_id)
        else:
            self.edit_selected_feedback()

    def open_selected_about(self) -> None:
        item = self.selected_feedback()
        if item is not None and item.win_id:
            self.open_record.emit("win", item.win_id)
        elif item is not None and item.project_id:
            self.open_record.emit("project", item.project_id)

    def delete_selected_feedback(self) -> None:
        item = self.selected_feedback()
        if item is None:
            return
        self._delete(DeleteFeedback(self.ctx, item), "the quote",
                     ("feedback", self._neighbour(self.feedback_view, self.feedback_model)))

    # --- mentoring actions -----------------------------------------------------------

    def _mentoring_dialog(self, item: Mentoring | None) -> MentoringDialog:
        def save(record: Mentoring) -> None:
            self._select_next = ("mentoring", record.id)
            perform(self.ctx, SaveMentoring(self.ctx, item, record))
            self.mentoring_view.setFocus()

        dialog = MentoringDialog(save, item=item, parent=self)
        self.dialog = dialog
        dialog.open()
        return dialog

    def add_mentoring(self) -> MentoringDialog:
        return self._mentoring_dialog(None)

    def edit_selected_mentoring(self) -> MentoringDialog | None:
        item = self.selected_mentoring()
        return self._mentoring_dialog(item) if item is not None else None

    def delete_selected_mentoring(self) -> None:
        item = self.selected_mentoring()
        if item is None:
            return
        self._delete(DeleteMentoring(self.ctx, item), f"mentoring of {item.mentee}",
                     ("mentoring", self._neighbour(self.mentoring_view, self.mentoring_model)))

    @staticmethod
    def _neighbour(view: QTableView, model: FeedbackTableModel | MentoringTableModel) -> str:
        """The id of the row that takes the selection once the current one is deleted."""
        row = view.currentIndex().row()
        rows = model.rows
        if row + 1 < len(rows):
            return rows[row + 1].id
        return rows[row - 1].id if row > 0 else ""

    def _delete(self, command: DeleteFeedback | DeleteMentoring, what: str,
                select_next: tuple[str, str]) -> None:
        self._select_next = select_next
        try:
            perform(self.ctx, command)
        except UserError as exc:
            self._select_next = None
            self.note.setText(describe(exc, "Not deleted"))
            return
        self.note.setText(f"Deleted {what} — Ctrl+Z brings it back")

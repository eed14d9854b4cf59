"""The People page, driven from the keyboard: quotes and mentees added, edited, deleted and
brought back with undo; the table models pass Qt's model checks."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from bragdoc.domain.records import Feedback, Mentoring, ProjectDraft, new_id
from bragdoc.store.database import Database
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.people.dialogs import FeedbackDialog, MentoringDialog
from bragdoc.ui.people.page import PeoplePage
from bragdoc.ui.people.tables import (
    FEEDBACK_ROLE,
    FeedbackColumn,
    FeedbackTableModel,
    MentoringColumn,
    MentoringTableModel,
    mentoring_summary,
)
from tests.conftest import show_and_activate

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def ctx(db: Database) -> UiContext:
    return UiContext.create(db)


@pytest.fixture
def page(qtbot, ctx: UiContext) -> PeoplePage:  # type: ignore[no-untyped-def]
    page = PeoplePage(ctx)
    # What MainWindow provides: Ctrl+Z / Ctrl+Shift+Z, and a window-wide Del for wins
    # that must not steal Del from the page's tables.
    undo = ctx.undo_stack.createUndoAction(page)
    undo.setShortcut(QKeySequence("Ctrl+Z"))
    redo = ctx.undo_stack.createRedoAction(page)
    redo.setShortcut(QKeySequence("Ctrl+Shift+Z"))
    page.window_delete = QAction("Delete win", page)  # type: ignore[attr-defined]
    page.window_delete.setShortcut(QKeySequence("Del"))  # type: ignore[attr-defined]
    page.addActions([undo, redo, page.window_delete])  # type: ignore[attr-defined]
    page.resize(900, 600)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded):  # the page loads when it is first shown
        show_and_activate(qtbot, page)
    return page


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_here(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(focused(), text)


def tab(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    return focused()


def closed(qtbot, page: PeoplePage, dialog: QDialog) -> None:  # type: ignore[no-untyped-def]
    """Wait for the dialog to go and the page to have the keyboard again (a window
    manager would reactivate the page; the offscreen platform needs telling)."""
    qtbot.waitUntil(lambda: not dialog.isVisible())
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)


def open_dialog(qtbot, page: PeoplePage, key: Qt.Key) -> QDialog:  # type: ignore[no-untyped-def]
    page.dialog = None
    qtbot.keyClick(page, key, ALT)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isActiveWindow())
    assert page.dialog is not None
    return page.dialog


def test_add_edit_delete_and_undo_a_quote_from_the_keyboard(qtbot, page: PeoplePage,  # type: ignore[no-untyped-def]
                                                            ctx: UiContext) -> None:
    ctx.services.projects.add(ProjectDraft(name="Checkout latency"))
    with qtbot.waitSignal(page.loaded):
        ctx.signals.projects_changed.emit()

    dialog = open_dialog(qtbot, page, Qt.Key.Key_Q)
    assert isinstance(dialog, FeedbackDialog)
    assert focused() is dialog.quote
    type_here(qtbot, "Ada turned a two-week incident into a one-day fix.")
    assert tab(qtbot) is dialog.from_name
    type_here(qtbot, "Grace Hopper")
    assert tab(qtbot) is dialog.role
    type_here(qtbot, "Director of Engineering")
    assert tab(qtbot) is dialog.date
    qtbot.keyClick(dialog.date, Qt.Key.Key_A, CTRL)
    type_here(qtbot, "2025-03-04")
    assert tab(qtbot) is dialog.project
    qtbot.keyClicks(dialog.project, "Check")  # combo boxes jump to what is typed
    assert dialog.project.currentText() == "Checkout latency"
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(dialog.project, Qt.Key.Key_Return)
    closed(qtbot, page, dialog)

    [saved] = ctx.services.queries.feedback()
    project = ctx.services.queries.projects()[0]
    assert (saved.quote, saved.from_name, saved.role, saved.date, saved.project_id) == (
        "Ada turned a two-week incident into a one-day fix.", "Grace Hopper",
        "Director of Engineering", dt.date(2025, 3, 4), project.id)
    model = page.feedback_model
    assert model.rowCount() == 1
    assert model.index(0, FeedbackColumn.PROJECT).data() == "Checkout latency"
    assert page.selected_feedback() == saved  # the new quote is selected…
    assert focused() is page.feedback_view  # …and the table has the keyboard

    # Enter on the row edits it.
    qtbot.keyClick(page.feedback_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isActiveWindow())
    dialog = page.dialog
    assert isinstance(dialog, FeedbackDialog)
    assert dialog.quote.toPlainText() == saved.quote
    dialog.role.setFocus()
    qtbot.keyClick(dialog.role, Qt.Key.Key_A, CTRL)
    type_here(qtbot, "VP Engineering")
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(dialog.role, Qt.Key.Key_Return)
    closed(qtbot, page, dialog)
    [edited] = ctx.services.queries.feedback()
    assert edited.role == "VP Engineering" and edited.id == saved.id
    assert model.index(0, FeedbackColumn.ROLE).data() == "VP Engineering"

    # Del deletes the selected quote (not the window's Del action); Ctrl+Z restores it.
    page.feedback_view.setFocus()
    with (qtbot.assertNotEmitted(page.window_delete.triggered),  # type: ignore[attr-defined]
          qtbot.waitSignal(page.loaded)):
        qtbot.keyClick(page.feedback_view, Qt.Key.Key_Delete)
    assert ctx.services.queries.feedback() == []
    assert model.rowCount() == 0
    assert "Ctrl+Z" in page.note.text()
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(page, Qt.Key.Key_Z, CTRL)
    assert ctx.services.queries.feedback() == [edited]
    assert model.rowCount() == 1
    # Undo twice more: the edit, then the add.
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(page, Qt.Key.Key_Z, CTRL)
    assert ctx.services.queries.feedback()[0].role == "Director of Engineering"
    assert model.index(0, FeedbackColumn.ROLE).data() == "Director of Engineering"
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(page, Qt.Key.Key_Z, CTRL)
    assert ctx.services.queries.feedback() == []
    assert model.rowCount() == 0
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(page, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert ctx.services.queries.feedback() == [saved]
    assert model.rowCount() == 1


def test_an_empty_quote_or_a_bad_date_is_refused_next_to_the_field(qtbot, page: PeoplePage,  # type: ignore[no-untyped-def]
                                                                   ctx: UiContext) -> None:
    dialog = open_dialog(qtbot, page, Qt.Key.Key_Q)
    assert isinstance(dialog, FeedbackDialog)
    dialog.date.setFocus()
    qtbot.keyClick(dialog.date, Qt.Key.Key_A, CTRL)
    type_here(qtbot, "2025-02-30")
    qtbot.keyClick(dialog.date, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.quote_error.isVisible() and dialog.quote_error.text() == "Type what they said."
    assert dialog.date_error.isVisible() and "not a real date" in dialog.date_error.text()
    assert ctx.services.queries.feedback() == []

    dialog.quote.setFocus()
    type_here(qtbot, "Clearest design doc I've read this year.")
    dialog.date.setFocus()
    qtbot.keyClick(dialog.date, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(dialog.date, Qt.Key.Key_Backspace)  # unknown date is fine
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(dialog.date, Qt.Key.Key_Return)
    closed(qtbot, page, dialog)
    [saved] = ctx.services.queries.feedback()
    assert saved.date is None and saved.quote == "Clearest design doc I've read this year."

    # Esc cancels without writing.
    dialog = open_dialog(qtbot, page, Qt.Key.Key_Q)
    type_here(qtbot, "Never mind")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    closed(qtbot, page, dialog)
    assert len(ctx.services.queries.feedback()) == 1


def test_add_edit_delete_and_undo_a_mentee_from_the_keyboard(qtbot, page: PeoplePage,  # type: ignore[no-untyped-def]
                                                             ctx: UiContext) -> None:
    assert page.summary.text() == "Mentored 0 engineers, 0 promoted"
    dialog = open_dialog(qtbot, page, Qt.Key.Key_M)
    assert isinstance(dialog, MentoringDialog)
    assert focused() is dialog.mentee
    type_here(qtbot, "Sam Rivera")
    assert tab(qtbot) is dialog.since
    type_here(qtbot, "2024-01-08")
    assert tab(qtbot) is dialog.until
    type_here(qtbot, "2023-12-01")
    assert tab(qtbot) is dialog.outcome
    type_here(qtbot, "promoted to E5")
    assert tab(qtbot) is dialog.promoted
    qtbot.keyClick(dialog.promoted, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.promoted, Qt.Key.Key_Return)
    # The end comes before the start: marked next to "Until", nothing saved.
    assert dialog.isVisible()
    assert dialog.until_error.isVisible()
    assert "before the start" in dialog.until_error.text()
    assert ctx.services.queries.mentoring() == []

    dialog.until.setFocus()
    qtbot.keyClick(dialog.until, Qt.Key.Key_A, CTRL)
    type_here(qtbot, "2025-02-01")
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(dialog.until, Qt.Key.Key_Return)
    closed(qtbot, page, dialog)
    [saved] = ctx.services.queries.mentoring()
    assert (saved.mentee, saved.since, saved.until, saved.outcome, saved.promoted) == (
        "Sam Rivera", dt.date(2024, 1, 8), dt.date(2025, 2, 1), "promoted to E5", True)
    assert page.summary.text() == "Mentored 1 engineer, 1 promoted"

    # A second mentee, ongoing, not (yet) promoted.
    dialog = open_dialog(qtbot, page, Qt.Key.Key_M)
    type_here(qtbot, "Jo Park")
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(dialog.mentee, Qt.Key.Key_Return)
    closed(qtbot, page, dialog)
    assert page.summary.text() == "Mentored 2 engineers, 1 promoted"
    assert page.selected_mentoring() is not None
    assert page.selected_mentoring().mentee == "Jo Park"  # type: ignore[union-attr]
    model = page.mentoring_model
    row = model.row_of(page.selected_mentoring().id)  # type: ignore[union-attr]
    assert model.index(row, MentoringColumn.UNTIL).data() == "ongoing"
    assert model.index(row, MentoringColumn.PROMOTED).data() == "No"

    # Edit Sam from the keyboard: move to the row, Enter, change the outcome.
    page.mentoring_view.setFocus()
    sam_row = model.row_of(saved.id)
    key = Qt.Key.Key_Down if sam_row > row else Qt.Key.Key_Up
    qtbot.keyClick(page.mentoring_view, key)
    assert page.selected_mentoring() == saved
    qtbot.keyClick(page.mentoring_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isActiveWindow())
    dialog = page.dialog
    assert isinstance(dialog, MentoringDialog)
    dialog.outcome.setFocus()
    qtbot.keyClick(dialog.outcome, Qt.Key.Key_End)
    type_here(qtbot, " within a year")
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(dialog.outcome, Qt.Key.Key_Return)
    closed(qtbot, page, dialog)
    edited = next(m for m in ctx.services.queries.mentoring() if m.id == saved.id)
    assert edited.outcome == "promoted to E5 within a year"

    # Del, then undo and redo.
    assert page.selected_mentoring() == edited
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(page.mentoring_view, Qt.Key.Key_Delete)
    assert [m.mentee for m in ctx.services.queries.mentoring()] == ["Jo Park"]
    assert page.summary.text() == "Mentored 1 engineer, 0 promoted"
    assert page.selected_mentoring() is not None  # the selection moved to the neighbour
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(page, Qt.Key.Key_Z, CTRL)
    assert edited in ctx.services.queries.mentoring()
    assert page.summary.text() == "Mentored 2 engineers, 1 promoted"
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(page, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert edited not in ctx.services.queries.mentoring()
    assert page.summary.text() == "Mentored 1 engineer, 0 promoted"


def test_buttons_follow_the_selection_and_tab_order(qtbot, page: PeoplePage,  # type: ignore[no-untyped-def]
                                                    ctx: UiContext) -> None:
    ctx.services.people.save_feedback(Feedback(id=new_id(), quote="Great on-call handover"))
    with qtbot.waitSignal(page.loaded):
        ctx.signals.people_changed.emit()
    assert page.feedback_model.rowCount() == 1
    assert not page.edit_feedback_button.isEnabled()
    assert not page.delete_feedback_button.isEnabled()
    page.feedback_view.setFocus()
    qtbot.keyClick(page.feedback_view, Qt.Key.Key_Down)
    assert page.edit_feedback_button.isEnabled() and page.delete_feedback_button.isEnabled()
    assert tab(qtbot) is page.add_feedback_button  # Tab leaves the table
    assert tab(qtbot) is page.edit_feedback_button
    assert tab(qtbot) is page.delete_feedback_button
    assert tab(qtbot) is page.mentoring_view
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(page.delete_feedback_button, Qt.Key.Key_Space)
    assert ctx.services.queries.feedback() == []
    assert page.feedback_model.rowCount() == 0


def test_undo_does_not_invent_a_project_deleted_meanwhile(qtbot, page: PeoplePage,  # type: ignore[no-untyped-def]
                                                          ctx: UiContext) -> None:
    project = ctx.services.projects.add(ProjectDraft(name="Search revamp"))
    item = Feedback(id=new_id(), quote="Made search usable", project_id=project.id)
    ctx.services.people.save_feedback(item)
    with qtbot.waitSignal(page.loaded):
        ctx.signals.people_changed.emit()
    page.feedback_view.setFocus()
    qtbot.keyClick(page.feedback_view, Qt.Key.Key_Down)
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(page.feedback_view, Qt.Key.Key_Delete)
    assert ctx.services.queries.feedback() == []
    ctx.services.projects.delete(project.id)
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(page, Qt.Key.Key_Z, CTRL)
    [restored] = ctx.services.queries.feedback()
    assert restored.project_id is None
    assert ctx.services.queries.projects() == []


def test_the_people_models_pass_the_model_checks(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    feedback = FeedbackTableModel()
    feedback.set_feedback(
        [Feedback(id="f1", quote="Line one\nline two", from_name="Grace", role="Director",
                  date=dt.date(2025, 3, 4), project_id="p1"),
         Feedback(id="f2", quote="No project", project_id=None)],
        {"p1": "Checkout latency"},
    )
    qtmodeltester.check(feedback)
    assert feedback.index(0, FeedbackColumn.QUOTE).data() == "“Line one line two”"
    assert feedback.index(0, FeedbackColumn.QUOTE).data(
        Qt.ItemDataRole.ToolTipRole) == "Line one\nline two"
    assert feedback.index(1, FeedbackColumn.PROJECT).data() == ""
    assert feedback.index(1, 0).data(FEEDBACK_ROLE).id == "f2"

    mentoring = MentoringTableModel()
    items = [Mentoring(id="m1", mentee="Sam", since=dt.date(2024, 1, 8),
                       until=dt.date(2025, 2, 1), outcome="promoted to E5", promoted=True),
             Mentoring(id="m2", mentee="Jo")]
    mentoring.set_rows(items)
    qtmodeltester.check(mentoring)
    assert [mentoring.index(0, c).data() for c in MentoringColumn] == [
        "Sam", "2024-01-08", "2025-02-01", "promoted to E5", "Yes"]
    assert mentoring_summary(items) == "Mentored 2 engineers, 1 promoted"
    assert mentoring_summary(items[:1]) == "Mentored 1 engineer, 1 promoted"

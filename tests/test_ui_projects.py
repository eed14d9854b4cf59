"""The Projects page, driven from the keyboard as a person would, checked against the
database (through ctx.services.queries) and against what the screen shows."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QMainWindow, QWidget

from bragdoc.domain.quantities import parse_metric
from bragdoc.domain.records import ProjectDraft, Star, WinDraft
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.projects.metric_table import Column as MetricColumn
from bragdoc.ui.projects.metric_table import MetricTableModel
from bragdoc.ui.projects.page import ProjectsPage
from bragdoc.ui.projects.project_table import (
    SUBTITLE_ROLE,
    UNSAVED_ROLE,
    Column,
    ProjectTableModel,
)
from bragdoc.ui.shell.actions import create_actions
from tests.conftest import show_and_activate


@pytest.fixture
def ctx(db) -> UiContext:  # type: ignore[no-untyped-def]
    return UiContext.create(db)


def _checkout(**changes) -> ProjectDraft:  # type: ignore[no-untyped-def]
    draft = ProjectDraft(
        name="Checkout latency", summary="Cut checkout p95", start=dt.date(2025, 1, 6),
        end=dt.date(2025, 3, 28), team_size=4, scope="cross_team", teams=3,
        engineers_affected=40, role="tech lead", pillars=["technical_excellence"],
        tags=["perf"], star=Star("slow", "make it fast", "cached", "fast"),
        links=["https://example.com/design"],
        metrics=[parse_metric("Team morale: better"), parse_metric("p95 latency: 2.4s -> 0.6s")],
    )
    for key, value in changes.items():
        setattr(draft, key, value)
    return draft


class Host:
    """The page inside a window that has the real window actions (Ctrl+Z, and the Log
    page's Del shortcut, which Del on the project list must not trigger)."""

    def __init__(self, qtbot, ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.ctx = ctx
        self.window = QMainWindow()
        self.page = ProjectsPage(ctx)
        self.window.setCentralWidget(self.page)
        self.actions = create_actions(self.window, ctx.undo_stack, [])
        qtbot.addWidget(self.window)
        self.window.resize(1100, 720)
        with qtbot.waitSignal(self.page.loaded):
            show_and_activate(qtbot, self.window)

    def projects_changed(self) -> None:
        """Announce a change made behind the page's back and wait for it to reload."""
        with self.qtbot.waitSignal(self.page.loaded):
            self.ctx.signals.projects_changed.emit()

    @property
    def editor(self):  # type: ignore[no-untyped-def]
        return self.page.editor

    def focused(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None
        return widget

    def key(self, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
        self.qtbot.keyClick(self.focused(), key, modifier)

    def tab_to(self, name: str) -> QWidget:
        """Press Tab once and check where the focus landed."""
        self.key(Qt.Key.Key_Tab)
        widget = self.focused()
        assert widget.objectName() == name, f"Tab went to {widget.objectName()!r}"
        return widget

    def type(self, text: str) -> None:
        self.qtbot.keyClicks(self.focused(), text)

    def focus_list(self) -> None:
        self.page.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.qtbot.waitUntil(self.page.view.hasFocus)

    def select(self, name: str) -> None:
        row = next(i for i, p in enumerate(self.page.model.projects) if p.name == name)
        self.focus_list()
        self.page.view.setCurrentIndex(self.page.model.index(row, Column.NAME))

    def save(self) -> None:
        self.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    def key_then_reload(self, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
        """A key whose change the list shows once it has reloaded in the background."""
        with self.qtbot.waitSignal(self.page.loaded):
            self.key(key, modifier)

    def stored(self, name: str):  # type: ignore[no-untyped-def]
        return next(p for p in self.ctx.services.queries.projects() if p.name == name)


@pytest.fixture
def host(qtbot, ctx) -> Host:  # type: ignore[no-untyped-def]
    return Host(qtbot, ctx)


# --- models ------------------------------------------------------------------------------


def test_both_models_pass_the_model_tester(qtmodeltester, ctx) -> None:  # type: ignore[no-untyped-def]
    ctx.services.projects.add(_checkout())
    ctx.services.projects.add(ProjectDraft(name="Docs cleanup"))
    projects = ProjectTableModel()
    projects.set_projects(ctx.services.queries.projects())
    projects.set_unsaved({ctx.services.queries.projects()[0].id})
    qtmodeltester.check(projects)

    metrics = MetricTableModel()
    metrics.set_metrics([parse_metric("p95 latency: 2.4s -> 0.6s"),
                         parse_metric("Widgets: 10 -> 4", direction="lower"),
                         parse_metric("Team morale: better")])
    qtmodeltester.check(metrics)
    assert metrics.setData(metrics.index(0, MetricColumn.CATEGORY), "reliability")
    assert metrics.setData(metrics.index(1, MetricColumn.DIRECTION), None)
    assert not metrics.setData(metrics.index(0, MetricColumn.TEXT), "   ")
    assert not metrics.setData(metrics.index(0, MetricColumn.DIRECTION), "sideways")
    qtmodeltester.check(metrics)
    assert metrics.metrics()[0].category == "reliability"
    assert metrics.metrics()[1].direction_source == "inferred"


def test_headline_metric_scope_teams_dates_and_wins_are_in_the_list(host: Host) -> None:
    project = host.ctx.services.projects.add(_checkout())
    host.ctx.services.wins.add(WinDraft(title="Shipped the cache", date=dt.date(2025, 2, 3),
                               project=project.id))
    host.projects_changed()

    model, view = host.page.model, host.page.view
    row = model.row_of(project.id)
    # The first metric is text only; the headline is the first with a number.
    headline = model.index(row, Column.HEADLINE)
    assert headline.data() == "p95 latency: 75% faster"
    assert model.index(row, Column.WINS).data() == "1"
    assert model.index(row, Column.SCOPE).data() == "Cross-team"
    assert model.index(row, Column.TEAMS).data() == "3"
    assert model.index(row, Column.DATES).data() == "Jan–Mar 2025"
    assert model.index(row, Column.NAME).data(SUBTITLE_ROLE) == \
        "Cross-team · 3 teams · Jan–Mar 2025"
    # …and they are on screen, not in a column scrolled out of sight.
    for column in (Column.NAME, Column.WINS, Column.HEADLINE):
        rect = view.visualRect(model.index(row, column))
        assert view.viewport().rect().contains(rect.center()), column
    assert host.page.count_label.text() == "1 project"


# --- creating ----------------------------------------------------------------------------


def test_create_a_project_from_the_keyboard_alone(host: Host) -> None:
    host.focus_list()
    host.key(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert host.focused().objectName() == "name"
    assert host.editor.heading.text() == "New project"
    host.type("Checkout latency")
    host.tab_to("summary")
    host.type("Cut p95 on the checkout path")
    host.tab_to("start")
    host.type("2025-01-06")
    host.tab_to("end")
    host.type("2025-03-28")
    scope = host.tab_to("scope")
    host.key(Qt.Key.Key_Down)
    assert isinstance(scope, QComboBox) and scope.currentData() == "cross_team"
    host.tab_to("teams")
    host.type("3")
    host.tab_to("team_size")
    host.type("4")
    host.tab_to("engineers_affected")
    host.type("40")
    host.tab_to("role")
    host.type("tech lead")
    host.tab_to("pillar_technical_excellence")
    host.key(Qt.Key.Key_Space)
    host.tab_to("pillar_system_design")
    host.key(Qt.Key.Key_Space)
    for name in ("pillar_communication", "pillar_leadership", "pillar_career_strategy"):
        host.tab_to(name)
    host.tab_to("tags")
    host.type("perf, @checkout")
    host.tab_to("metric_table")
    host.tab_to("remove_metric")
    host.tab_to("new_metric")
    host.type("p95 latency: 2.4s -> 0.6s")
    assert "75% faster" in host.editor.metric_preview.text()
    host.key(Qt.Key.Key_Return)
    assert host.editor.metric_model.rowCount() == 1
    assert host.focused().objectName() == "new_metric"
    # bragdoc cannot tell whether fewer widgets is better; say so before adding it.
    host.type("Widgets: 10 -> 4")
    direction = host.tab_to("new_direction")
    host.key(Qt.Key.Key_Down)
    assert isinstance(direction, QComboBox) and direction.currentData() == "lower"
    host.tab_to("new_category")
    host.tab_to("add_metric")
    host.key(Qt.Key.Key_Space)
    assert host.editor.metric_model.rowCount() == 2
    assert host.editor.new_direction.currentData() is None  # ready for the next metric
    for name, text in (("situation", "Checkout p95 was 2.4 s"), ("task", "Under a second"),
                       ("action", "Led a caching redesign"), ("result", "0.6 s p95"),
                       ("links", "https://example.com/design")):
        host.tab_to(name)
        if text:
            host.type(text)
    assert host.editor.unsaved_label.isVisible()
    host.save()

    projects = host.ctx.services.queries.projects()
    assert [p.name for p in projects] == ["Checkout latency"]
    saved = projects[0]
    assert saved.summary == "Cut p95 on the checkout path"
    assert (saved.start, saved.end) == (dt.date(2025, 1, 6), dt.date(2025, 3, 28))
    assert (saved.scope, saved.teams, saved.team_size, saved.engineers_affected) == (
        "cross_team", 3, 4, 40)
    assert saved.role == "tech lead"
    assert saved.pillars == ("technical_excellence", "system_design")
    assert saved.tags == ("perf", "checkout")
    assert saved.star == Star("Checkout p95 was 2.4 s", "Under a second",
                              "Led a caching redesign", "0.6 s p95")
    assert saved.links == ("https://example.com/design",)
    p95, widgets = (m.metric for m in saved.metrics)
    assert p95.text == "p95 latency: 2.4s → 0.6s" and p95.direction_source == "inferred"
    assert (widgets.direction, widgets.direction_source) == ("lower", "user")
    assert widgets.summary() == "60% lower"
    # The page now shows the stored project, selected, with nothing left unsaved.
    assert host.editor.heading.text() == "Checkout latency"
    assert host.page.view.currentIndex().row() == host.page.model.row_of(saved.id)
    assert not host.editor.unsaved_label.isVisible()
    assert host.ctx.undo_stack.count() == 1


def test_a_metric_typed_but_not_added_is_saved_with_the_project(host: Host) -> None:
    host.page.new_project()
    host.type("Deploy pipeline")
    host.editor.new_metric.setFocus()
    host.type("Deployment time: 2 hours -> 10 minutes")
    host.save()
    saved = host.stored("Deploy pipeline")
    assert [m.metric.summary() for m in saved.metrics] == ["91.7% faster"]


# --- editing -----------------------------------------------------------------------------


def test_edit_then_ctrl_z_restores_the_project(host: Host) -> None:
    project = host.ctx.services.projects.add(_checkout())
    host.projects_changed()
    host.select("Checkout latency")
    host.key(Qt.Key.Key_Return)  # Enter on the list goes to the editor
    assert host.focused().objectName() == "name"
    host.type("Checkout speed")
    host.tab_to("summary")
    host.key(Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    host.type(" everywhere")
    assert host.editor.unsaved_label.isVisible()
    assert host.page.model.index(0, Column.NAME).data(UNSAVED_ROLE) is True
    host.key_then_reload(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    edited = host.ctx.services.queries.project(project.id)
    assert edited.name == "Checkout speed"
    assert edited.summary == "Cut checkout p95 everywhere"
    assert len(edited.metrics) == 2
    assert host.page.model.index(0, Column.NAME).data() == "Checkout speed"

    host.focus_list()
    host.key_then_reload(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    restored = host.ctx.services.queries.project(project.id)
    assert (restored.name, restored.summary) == ("Checkout latency", "Cut checkout p95")
    assert host.editor.name.text() == "Checkout latency"
    assert host.page.model.index(0, Column.NAME).data() == "Checkout latency"


def test_a_direction_can_be_overruled_in_the_metric_table(host: Host) -> None:
    project = host.ctx.services.projects.add(ProjectDraft(
        name="Widgets", metrics=[parse_metric("Widgets: 10 -> 4")]))
    host.projects_changed()
    host.select("Widgets")
    table, model = host.editor.metric_table, host.editor.metric_model
    assert model.metric_at(0).direction == "unknown"
    table.setFocus()
    table.setCurrentIndex(model.index(0, MetricColumn.DIRECTION))
    host.key(Qt.Key.Key_F2)
    editor = host.focused()
    assert isinstance(editor, QComboBox) and editor.currentText() == "Inferred"
    host.key(Qt.Key.Key_Down)  # Inferred → Lower
    host.key(Qt.Key.Key_Return)
    assert model.index(0, MetricColumn.DIRECTION).data() == "Lower"
    assert model.index(0, MetricColumn.RESULT).data().startswith("60% lower")
    host.save()
    metric = host.ctx.services.queries.project(project.id).metrics[0].metric
    assert (metric.direction, metric.direction_source) == ("lower", "user")


def test_edits_are_kept_per_project_until_save_or_revert(host: Host) -> None:
    host.ctx.services.projects.add(_checkout())
    host.ctx.services.projects.add(ProjectDraft(name="Docs cleanup"))
    host.projects_changed()
    host.select("Checkout latency")
    host.editor.name.setFocus()
    host.editor.name.selectAll()
    host.type("Renamed")
    host.focus_list()
    other = "Docs cleanup"
    host.select(other)
    assert host.editor.name.text() == other
    row = host.page.model.row_of(host.stored("Checkout latency").id)
    assert host.page.model.index(row, Column.NAME).data() == "● Checkout latency"
    assert host.stored("Checkout latency")  # nothing was written

    host.select("Checkout latency")
    assert host.editor.name.text() == "Renamed"
    assert host.editor.revert_button.isEnabled()
    host.editor.revert_button.click()
    assert host.editor.name.text() == "Checkout latency"
    assert not host.editor.unsaved_label.isVisible()
    assert host.page.model.index(row, Column.NAME).data() == "Checkout latency"


# --- deleting ----------------------------------------------------------------------------


def test_del_deletes_and_ctrl_z_brings_it_back_with_its_wins(host: Host) -> None:
    project = host.ctx.services.projects.add(_checkout())
    host.ctx.services.projects.add(ProjectDraft(name="Docs cleanup"))
    host.ctx.services.wins.add(WinDraft(title="Cache", date=dt.date(2025, 2, 3),
                                        project=project.id))
    host.projects_changed()
    host.select("Checkout latency")
    host.key_then_reload(Qt.Key.Key_Delete)

    assert [p.name for p in host.ctx.services.queries.projects()] == ["Docs cleanup"]
    assert host.page.notice.isVisible() and "Ctrl+Z" in host.page.notice.text()
    assert host.editor.heading.text() == "Docs cleanup"

    host.focus_list()
    host.key_then_reload(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    back = host.ctx.services.queries.project(project.id)
    assert back.name == "Checkout latency" and back.win_count == 1
    assert len(back.metrics) == 2
    assert host.page.model.row_of(project.id) >= 0


# --- refusing ----------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "end", "field", "words"), [
    ("2025-03-01", "2025-02-01", "end", "before it starts"),
    ("2025-03-01", "2025-02-30", "end", "not a real date"),
    ("March", "", "start", "YYYY-MM-DD"),
])
def test_a_bad_date_is_refused_next_to_its_field(host: Host, start: str, end: str,
                                                  field: str, words: str) -> None:
    host.page.new_project()
    host.type("Checkout latency")
    host.editor.start.setFocus()
    host.type(start)
    host.editor.end.setFocus()
    host.type(end)
    host.save()

    assert host.ctx.services.queries.projects() == []
    assert host.ctx.undo_stack.count() == 0
    error = getattr(host.editor, f"{field}_error")
    assert error.isVisible() and words in error.text()
    assert host.editor.heading.text() == "New project"
    # Fixing it and saving again works, and the message goes away.
    getattr(host.editor, field).setText("2025-04-01" if field == "end" else "2025-01-01")
    host.save()
    assert [p.name for p in host.ctx.services.queries.projects()] == ["Checkout latency"]
    assert not error.isVisible()


def test_empty_name_and_bad_numbers_are_refused(host: Host) -> None:
    host.page.new_project()
    host.editor.teams.setFocus()
    host.type("three")
    host.save()
    assert host.ctx.services.queries.projects() == []
    assert host.editor.name_error.isVisible()
    assert host.editor.teams_error.isVisible() and "whole number" in host.editor.teams_error.text()


def test_a_duplicate_name_is_refused_with_a_message(host: Host) -> None:
    host.ctx.services.projects.add(_checkout())
    host.projects_changed()
    host.page.new_project()
    host.type("checkout LATENCY")
    host.save()
    assert len(host.ctx.services.queries.projects()) == 1
    assert host.editor.name_error.isVisible()
    assert "already called" in host.editor.name_error.text()
    assert host.ctx.undo_stack.count() == 0


def test_a_refusal_from_the_service_is_shown_and_leaves_no_undo_step(host: Host) -> None:
    host.page.new_project()
    host.type("Checkout latency")
    # Someone else (the command line, an import) adds the same name behind the page's back.
    host.ctx.services.projects.add(_checkout())
    host.save()

    assert len(host.ctx.services.queries.projects()) == 1
    assert host.editor.save_error.isVisible()
    assert host.editor.save_error.text().startswith("Not saved: A project named")
    assert "Error calling" not in host.editor.save_error.text()
    assert host.ctx.undo_stack.count() == 0
    assert host.editor.name.text() == "Checkout latency"  # what was typed is still there


def test_the_page_opens_on_the_first_project_and_new_starts_blank(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    ctx.services.projects.add(_checkout())
    host = Host(qtbot, ctx)
    assert host.editor.heading.text() == "Checkout latency"
    assert host.editor.name.text() == "Checkout latency"
    assert host.page.view.currentIndex().row() == 0
    host.qtbot.mouseClick(host.page.new_button, Qt.MouseButton.LeftButton)
    assert host.editor.heading.text() == "New project"
    assert host.editor.name.text() == "" and host.editor.metric_model.rowCount() == 0
    assert not host.editor.delete_button.isEnabled()
    host.type("Half typed")
    host.select("Checkout latency")
    assert host.page.new_button.text() == "New project (unsaved)"
    host.qtbot.mouseClick(host.page.new_button, Qt.MouseButton.LeftButton)
    assert host.editor.name.text() == "Half typed"  # kept, not thrown away
    host.editor.revert_button.click()
    assert host.editor.name.text() == ""
    assert [p.name for p in ctx.services.queries.projects()] == ["Checkout latency"]

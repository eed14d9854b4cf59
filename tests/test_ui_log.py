"""The Log page and the quick-add dialog, driven from the keyboard like a person would."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from bragdoc.domain.cadence import group_by_week
from bragdoc.domain.errors import DatabaseBusy
from bragdoc.domain.quantities import parse_metric
from bragdoc.domain.records import WinDraft
from bragdoc.store.database import Database
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.win_dialog import WinDialog, near_duplicate_tags
from bragdoc.ui.log.win_rows import Column, WinRowsModel
from bragdoc.ui.shell.main_window import MainWindow
from tests.conftest import answer_discard, show_and_activate

TODAY = dt.date.today()


@pytest.fixture
def ctx(db: Database) -> UiContext:
    return UiContext.create(db)


@pytest.fixture
def window(qtbot, ctx: UiContext, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    main = MainWindow(ctx, settings)
    main.show_page("log")
    qtbot.addWidget(main)
    with qtbot.waitSignal(main.log_page.loaded, timeout=5000):
        show_and_activate(qtbot, main)
    return main


def _add(ctx: UiContext, title: str, day: dt.date, **extra: object) -> None:
    ctx.services.wins.add(WinDraft(title=title, date=day, **extra))  # type: ignore[arg-type]


def _open_dialog(qtbot, window: MainWindow) -> WinDialog:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.log_page.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), WinDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, WinDialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _visible_titles(window: MainWindow) -> list[str]:
    model = window.log_page.model
    return [w.title for week in model.weeks for w in week.wins]


def test_win_rows_model_is_a_valid_qt_model(qtmodeltester, ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    _add(ctx, "Shipped cache", TODAY - dt.timedelta(days=21),
         metrics=[parse_metric("p95 latency: 2.4s -> 0.6s")])
    _add(ctx, "Wrote doc", TODAY)
    model = WinRowsModel()
    model.set_weeks(group_by_week(ctx.services.queries.wins(), TODAY, show_gaps=True), TODAY)
    qtmodeltester.check(model)
    # The doc (this week), two empty weeks, the cache: a row per win and per gap.
    assert [model.is_gap(row) for row in range(model.rowCount())] == [False, True, True, False]


def test_current_week_says_nothing_logged_and_gaps_stay_visible(
    window: MainWindow, ctx: UiContext, qtbot  # type: ignore[no-untyped-def]
) -> None:
    with qtbot.waitSignal(window.log_page.loaded):
        _add(ctx, "Old win", TODAY - dt.timedelta(days=14))
        ctx.signals.wins_changed.emit()
    model = window.log_page.model
    first = model.index(0, 0).data()
    assert "Nothing logged this week yet" in first and "Ctrl+N" in first
    assert model.index(1, 0).data().endswith("Nothing logged")
    assert model.rowCount() == 3
    assert model.win_at(model.index(2, 0)).title == "Old win"  # type: ignore[union-attr]
    week = (TODAY - dt.timedelta(days=14)).isocalendar().week
    assert model.index(2, Column.WEEK).data() == f"W{week}"


def test_add_a_win_with_two_metrics_from_the_keyboard_alone(
    window: MainWindow, ctx: UiContext, qtbot  # type: ignore[no-untyped-def]
) -> None:
    dialog = _open_dialog(qtbot, window)
    qtbot.keyClicks(dialog.title, "Cut checkout p95 latency")
    qtbot.keyClick(dialog.title, Qt.Key.Key_Tab)
    assert dialog.date.hasFocus()
    qtbot.keyClicks(dialog.metrics, "p95 latency: 2.4s -> 0.6s")
    qtbot.keyClick(dialog.metrics, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.metrics, "Deployment time: 2 hours -> 10 minutes")
    assert "75% faster (2.4 s → 0.6 s), 4×" in dialog.metric_preview.text()
    assert "91.7% faster" in dialog.metric_preview.text()
    qtbot.keyClicks(dialog.project.lineEdit(), "Checkout")
    with qtbot.waitSignal(window.log_page.loaded):
        qtbot.keyClick(dialog.project.lineEdit(), Qt.Key.Key_Return)  # Enter saves
    assert not dialog.isVisible()
    [win] = ctx.services.queries.wins()
    assert (win.title, win.date, win.project_name) == ("Cut checkout p95 latency", TODAY,
                                                       "Checkout")
    assert [m.metric.improvement_pct for m in win.metrics] == [75.0, 91.7]
    assert _visible_titles(window) == ["Cut checkout p95 latency"]


def test_unquantified_metric_is_flagged_in_the_preview(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _open_dialog(qtbot, window)
    qtbot.keyClicks(dialog.metrics, "Team morale: much better")
    assert "not quantified" in dialog.metric_preview.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    answer_discard(qtbot, dialog)
    assert not dialog.isVisible()


def test_bad_date_and_empty_title_are_shown_next_to_the_fields_and_nothing_is_saved(
    window: MainWindow, ctx: UiContext, qtbot  # type: ignore[no-untyped-def]
) -> None:
    dialog = _open_dialog(qtbot, window)
    dialog.date.clear()
    qtbot.keyClicks(dialog.date, "2025-02-31")
    qtbot.keyClick(dialog.date, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.title_error.isVisible() and "title" in dialog.title_error.text()
    assert dialog.date_error.isVisible()
    assert "is not a real date" in dialog.date_error.text()
    qtbot.keyClicks(dialog.title, "Fixed the flaky deploy")
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert ctx.services.queries.wins() == []
    dialog.date.clear()
    qtbot.keyClicks(dialog.date, "yesterday")
    with qtbot.waitSignal(window.log_page.loaded):
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    assert ctx.services.queries.wins()[0].date == TODAY - dt.timedelta(days=1)


def test_a_failed_write_keeps_the_dialog_and_the_typed_text(
    window: MainWindow, ctx: UiContext, qtbot  # type: ignore[no-untyped-def]
) -> None:
    dialog = _open_dialog(qtbot, window)
    qtbot.keyClicks(dialog.title, "Something worth keeping")
    # Another program holds the write lock longer than bragdoc is willing to wait.
    ctx.services.db.busy_timeout_ms = 100
    ctx.services.db.dispose()
    blocker = sqlite3.connect(ctx.services.db.path)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
        assert dialog.isVisible()
        assert dialog.save_error.isVisible()
        assert dialog.save_error.text() == f"Not saved: {DatabaseBusy.MESSAGE}"
        assert dialog.title.text() == "Something worth keeping"
    finally:
        blocker.rollback()
        blocker.close()
    with qtbot.waitSignal(window.log_page.loaded):
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    assert [w.title for w in ctx.services.queries.wins()] == ["Something worth keeping"]
    assert ctx.undo_stack.count() == 1


def test_edit_then_undo_and_redo(window: MainWindow, ctx: UiContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.log_page.loaded):
        _add(ctx, "Draft title", TODAY)
        ctx.signals.wins_changed.emit()
    view = window.log_page.view
    win_index = window.log_page.model.index(0, 0)
    view.setCurrentIndex(win_index)
    qtbot.keyClick(view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), WinDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, WinDialog)
    assert dialog.title.text() == "Draft title"
    dialog.title.selectAll()
    qtbot.keyClicks(dialog.title, "Final title")
    with qtbot.waitSignal(window.log_page.loaded):
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    assert [w.title for w in ctx.services.queries.wins()] == ["Final title"]

    window.activateWindow()  # as a click on the window would, after the dialog closed
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(window.log_page.loaded):
        qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [w.title for w in ctx.services.queries.wins()] == ["Draft title"]
    with qtbot.waitSignal(window.log_page.loaded):
        qtbot.keyClick(view, Qt.Key.Key_Z,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [w.title for w in ctx.services.queries.wins()] == ["Final title"]


def test_delete_asks_nothing_and_undo_brings_it_back(
    window: MainWindow, ctx: UiContext, qtbot  # type: ignore[no-untyped-def]
) -> None:
    with qtbot.waitSignal(window.log_page.loaded):
        _add(ctx, "Keep me", TODAY, metrics=[parse_metric("Uptime: 99.5% -> 99.95%")])
        ctx.signals.wins_changed.emit()
    view = window.log_page.view
    row = window.log_page.model.index(0, Column.TITLE)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(row).center())
    assert view.hasFocus() and window.log_page.selected_win() is not None
    with qtbot.waitSignal(window.log_page.loaded):
        qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert ctx.services.queries.wins() == []
    assert "Ctrl+Z" in window.statusBar().currentMessage()
    with qtbot.waitSignal(window.log_page.loaded):
        qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    [win] = ctx.services.queries.wins()
    assert win.title == "Keep me"
    assert win.metrics[0].metric.downtime_reduction_pct == 90.0


def test_filters_narrow_the_log(window: MainWindow, ctx: UiContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.log_page.loaded):
        _add(ctx, "Migrated billing to Postgres", TODAY, tags=["db"], project="Billing")
        _add(ctx, "Mentored Jo", TODAY - dt.timedelta(days=400), pillars=["leadership"])
        ctx.signals.wins_changed.emit()
    page = window.log_page
    qtbot.keyClick(page.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    with qtbot.waitSignal(page.loaded, timeout=3000):
        qtbot.keyClicks(page.search, "postgr")
    assert _visible_titles(window) == ["Migrated billing to Postgres"]
    with qtbot.waitSignal(page.loaded):
        page.search.clear()
    with qtbot.waitSignal(page.loaded):
        page.pillar.setCurrentIndex(page.pillar.findData("leadership"))
    assert _visible_titles(window) == ["Mentored Jo"]
    with qtbot.waitSignal(page.loaded):
        page.pillar.setCurrentIndex(0)
    with qtbot.waitSignal(page.loaded):
        page.tag.setCurrentIndex(page.tag.findData("db"))
    assert _visible_titles(window) == ["Migrated billing to Postgres"]
    with qtbot.waitSignal(page.loaded):
        page.tag.setCurrentIndex(0)
    with qtbot.waitSignal(page.loaded):
        page.period.setCurrentIndex(page.period.findData("this year"))
    assert "Mentored Jo" not in _visible_titles(window)


def test_streak_counts_consecutive_weeks(window: MainWindow, ctx: UiContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.log_page.loaded):
        for weeks_ago in (0, 1, 2, 4):
            _add(ctx, f"Win {weeks_ago}", TODAY - dt.timedelta(weeks=weeks_ago))
        ctx.signals.wins_changed.emit()
    assert window.log_page.streak_label.text().startswith("Streak: 3 weeks")


def test_near_duplicate_tags_are_pointed_out() -> None:
    assert near_duplicate_tags(["perff", "perf", "new-thing"], ["perf", "db"]) == [
        "@perff: did you mean @perf?"
    ]


def test_last_page_and_geometry_are_remembered(qtbot, ctx: UiContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    first = MainWindow(ctx, settings)
    qtbot.addWidget(first)
    first.resize(700, 500)
    first.show_page("people")
    first.projects_page.splitter.setSizes([200, 400])
    sizes = first.projects_page.splitter.sizes()
    first.close()
    second = MainWindow(ctx, settings)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (700, 500)
    assert second.current_page_key() == "people"
    assert second.projects_page.splitter.sizes() == sizes


def test_due_follow_up_is_listed_and_its_outcome_recorded(
    qtbot, ctx: UiContext, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    _add(ctx, "Launched the new checkout", TODAY - dt.timedelta(days=100),
         follow_up=TODAY - dt.timedelta(days=10))
    _add(ctx, "Started the cache rollout", TODAY, follow_up=TODAY + dt.timedelta(days=30))
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    main = MainWindow(ctx, settings)
    main.show_page("log")
    qtbot.addWidget(main)
    with qtbot.waitSignal(main.log_page.loaded):
        show_and_activate(qtbot, main)
    qtbot.waitUntil(main.record_outcome.isVisible)
    assert main.banner.isVisible()
    assert "Launched the new checkout" in main.banner.text()
    assert "Started the cache rollout" not in main.banner.text()

    qtbot.mouseClick(main.record_outcome, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), WinDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, WinDialog)
    assert dialog.title.text() == "Launched the new checkout"
    assert dialog.windowTitle() == "Record the outcome" and dialog.outcome_hint.isVisible()
    assert dialog.follow_up_enabled.isChecked()
    # It opens on the result: what is typed goes into Metrics.
    qtbot.waitUntil(dialog.metrics.hasFocus)
    qtbot.keyClick(dialog.metrics, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and "measured result" in dialog.save_error.text()
    qtbot.keyClicks(dialog.metrics, "Conversion: 2.1% -> 2.6%")
    with qtbot.waitSignal(main.log_page.loaded):
        qtbot.keyClick(dialog.metrics, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    win = next(w for w in ctx.services.queries.wins() if w.title == "Launched the new checkout")
    assert win.follow_up is None
    assert win.metrics[0].metric.improvement_pct == 23.8
    qtbot.waitUntil(lambda: not main.record_outcome.isVisible())

"""The Log's rows, driven from the keyboard: one row per win with its week named once, a
muted row for each empty week that the arrows pass over, and the title given the room."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from bragdoc.domain.cadence import week_start
from bragdoc.domain.quantities import parse_metric
from bragdoc.domain.records import ProjectDraft, WinDraft
from bragdoc.store.database import Database
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.win_dialog import WinDialog
from bragdoc.ui.log.page import FIRST_WEEKS, LARGE_RECORD, LogPage
from bragdoc.ui.log.win_rows import Column
from bragdoc.ui.shell.main_window import MainWindow
from tests.conftest import show_and_activate

TODAY = dt.date.today()
LAST_MONDAY = week_start(TODAY) - dt.timedelta(days=7)
LONG_TITLES = (
    "Streamed search results to the page instead of waiting for all of them",
    "Spoke about the reliability program at the infrastructure summit",
    "Handed the pipeline over to the build team with a retrospective",
)


@pytest.fixture
def ctx(db: Database) -> UiContext:
    return UiContext.create(db)


def _window(qtbot, ctx: UiContext, tmp_path: Path,  # type: ignore[no-untyped-def]
            size: tuple[int, int] = (1000, 700)) -> MainWindow:
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    main = MainWindow(ctx, settings)
    main.resize(*size)
    main.show_page("log")
    qtbot.addWidget(main)
    with qtbot.waitSignal(main.log_page.loaded, timeout=5000):
        show_and_activate(qtbot, main)
    return main


def _titles_down_the_list(qtbot, page: LogPage, presses: int) -> list[str]:  # type: ignore[no-untyped-def]
    seen = []
    for _ in range(presses):
        qtbot.keyClick(page.view, Qt.Key.Key_Down)
        win = page.selected_win()
        seen.append(win.title if win else "")
    return seen


def test_one_row_per_win_the_week_named_once_and_empty_weeks_kept_as_gaps(
    qtbot, ctx: UiContext, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    add = ctx.services.wins.add
    add(WinDraft(title="Monday win", date=LAST_MONDAY))
    add(WinDraft(title="Friday win", date=LAST_MONDAY + dt.timedelta(days=4)))
    add(WinDraft(title="Old win", date=LAST_MONDAY - dt.timedelta(weeks=2)))
    window = _window(qtbot, ctx, tmp_path)
    page = window.log_page
    model = page.model
    rows = [(model.index(row, Column.WEEK).data(), model.index(row, Column.TITLE).data())
            for row in range(model.rowCount())]
    week = LAST_MONDAY.isocalendar().week
    old_week = (LAST_MONDAY - dt.timedelta(weeks=2)).isocalendar().week
    assert len(rows) == 5  # three wins, this week's gap and the one between
    assert "Nothing logged this week yet" in rows[0][0] and "Ctrl+N" in rows[0][0]
    assert rows[1:3] == [(f"W{week}", "Friday win"), (None, "Monday win")]
    assert rows[3][0].startswith(f"Week {week - 1} · ") and rows[3][0].endswith("Nothing logged")
    assert rows[4] == (f"W{old_week}", "Old win")
    assert page.view.isFirstColumnSpanned(0, model.index(-1, -1))
    assert not page.view.isFirstColumnSpanned(1, model.index(-1, -1))
    said = model.index(1, Column.WEEK).data(Qt.ItemDataRole.AccessibleTextRole)
    assert said.startswith(f"Week {week}, ") and said.endswith(": 2 wins")

    # Tab into the list from the filter before it: the first win, not this week's gap.
    page.period.setFocus()
    qtbot.keyClick(page.period, Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert page.view.hasFocus()
    assert page.selected_win().title == "Friday win"  # type: ignore[union-attr]
    assert "Friday win" in page.detail.toPlainText()
    # Down passes over the empty week and stops at the last win.
    assert _titles_down_the_list(qtbot, page, 3) == ["Monday win", "Old win", "Old win"]
    assert "Old win" in page.detail.toPlainText()
    qtbot.keyClick(page.view, Qt.Key.Key_Home)
    assert page.selected_win().title == "Friday win"  # type: ignore[union-attr]
    qtbot.keyClick(page.view, Qt.Key.Key_End)
    assert page.selected_win().title == "Old win"  # type: ignore[union-attr]
    qtbot.keyClick(page.view, Qt.Key.Key_Up)
    assert page.selected_win().title == "Monday win"  # type: ignore[union-attr]

    # A gap cannot be chosen: a click on it leaves the win selected.
    gap = page.view.visualRect(model.index(3, Column.TITLE)).center()
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=gap)
    assert page.selected_win().title == "Monday win"  # type: ignore[union-attr]

    # Enter opens the selected win; Del deletes it, and the list closes up around it.
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), WinDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, WinDialog) and dialog.title.text() == "Monday win"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.view.setFocus()
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert [model.index(row, Column.TITLE).data() for row in range(model.rowCount())][1:] == [
        "Friday win", None, "Old win"]
    assert model.index(1, Column.WEEK).data() == f"W{week}"
    spanned = [page.view.isFirstColumnSpanned(row, model.index(-1, -1)) for row in range(4)]
    assert spanned == [True, False, True, False]  # the old win's row is a win row again


def test_a_live_reload_keeps_the_selected_win_among_the_rows(
    qtbot, ctx: UiContext, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    ctx.services.wins.add(WinDraft(title="Older", date=LAST_MONDAY - dt.timedelta(weeks=3)))
    ctx.services.wins.add(WinDraft(title="Newer", date=LAST_MONDAY))
    window = _window(qtbot, ctx, tmp_path)
    page = window.log_page
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_End)
    assert page.selected_win().title == "Older"  # type: ignore[union-attr]
    # Another program adds a win in an empty week: rows move, the selection stays.
    with qtbot.waitSignal(page.loaded):
        ctx.services.wins.add(WinDraft(title="Between",
                                       date=LAST_MONDAY - dt.timedelta(weeks=1)))
        ctx.signals.wins_changed.emit()
    assert page.selected_win().title == "Older"  # type: ignore[union-attr]
    assert "Older" in page.detail.toPlainText()
    qtbot.keyClick(page.view, Qt.Key.Key_Up)  # over the week still empty
    assert page.selected_win().title == "Between"  # type: ignore[union-attr]
    qtbot.keyClick(page.view, Qt.Key.Key_Up)
    assert page.selected_win().title == "Newer"  # type: ignore[union-attr]


@pytest.mark.parametrize("size", [(1000, 640), (1200, 760), (1600, 1000)])
def test_the_title_takes_the_room(
    qtbot, ctx: UiContext, tmp_path: Path, size: tuple[int, int]  # type: ignore[no-untyped-def]
) -> None:
    project = ctx.services.projects.add(ProjectDraft(name="Ingest reliability program"))
    for weeks_ago, title in enumerate(LONG_TITLES):
        ctx.services.wins.add(WinDraft(
            title=title, date=LAST_MONDAY - dt.timedelta(weeks=weeks_ago), project=project.id,
            metrics=[parse_metric("Pages per week: 14 -> 3")]))
    window = _window(qtbot, ctx, tmp_path, size)
    page = window.log_page
    view = page.view
    list_width, pane_width = page.splitter.sizes()
    assert list_width >= 0.7 * (list_width + pane_width)
    widths = {column: view.columnWidth(column) for column in Column
              if not view.isColumnHidden(column)}
    assert max(widths, key=lambda c: widths[c]) == Column.TITLE
    metrics = view.fontMetrics()
    room = widths[Column.TITLE] - 12  # the cell's margins
    if size == (1600, 1000):
        assert room >= max(metrics.horizontalAdvance(t) for t in LONG_TITLES)
        # Once every title fits, the project has its room too.
        assert widths[Column.PROJECT] >= metrics.horizontalAdvance(project.name)
    elif size == (1200, 760):
        assert room >= max(metrics.horizontalAdvance(t[:45]) for t in LONG_TITLES)
        assert widths[Column.PROJECT] <= 110  # cut, and shown whole in the pane
    else:  # the other columns give way first
        assert room >= metrics.averageCharWidth() * 40
        assert widths[Column.PROJECT] < 110
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert project.name in page.detail.toPlainText()


def test_a_large_record_shows_its_newest_weeks_first_then_every_win(
    qtbot, db: Database, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    from bragdoc.importers.interchange import read_bundle
    from bragdoc.services.transfer import TransferService

    wins = LARGE_RECORD + 100
    # A win a day back from last Monday, then this week left empty: a gap at the top.
    TransferService(db).import_bundle(read_bundle({
        "format": "bragdoc", "version": 1,
        "wins": [{"id": f"w{day}", "title": f"Win {day}",
                  "date": (LAST_MONDAY - dt.timedelta(days=day)).isoformat()}
                 for day in range(wins)]}))
    ctx = UiContext.create(db)
    window = _window(qtbot, ctx, tmp_path)  # returns once the newest weeks are shown
    page = window.log_page
    first_rows = page.model.rowCount()
    assert first_rows < 7 * (FIRST_WEEKS + 1) + 1
    page.view.setFocus()
    assert page.selected_win().title == "Win 0"  # type: ignore[union-attr]
    qtbot.keyClick(page.view, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: page.count_label.text() == f"{wins} wins shown", timeout=10_000)
    assert page.model.rowCount() == wins + 1  # every win, and this week's gap
    assert page.selected_win().title == "Win 1"  # type: ignore[union-attr]
    qtbot.keyClick(page.view, Qt.Key.Key_End)
    assert page.selected_win().title == f"Win {wins - 1}"  # type: ignore[union-attr]

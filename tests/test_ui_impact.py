"""The Impact page: charts for a period, redrawn when it changes, and a click on a bar
lists the wins behind it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QFileDialog

from bragdoc.charts import NAMES, hits_of
from bragdoc.domain.quantities import parse_metric
from bragdoc.domain.records import WinDraft
from bragdoc.store.database import Database
from bragdoc.ui.impact.page import ImpactPage
from bragdoc.ui.kit.context import UiContext

TODAY = dt.date.today()


@pytest.fixture
def page(qtbot, db: Database, tmp_path: Path) -> ImpactPage:  # type: ignore[no-untyped-def]
    ctx = UiContext.create(db)
    ctx.services.wins.add(WinDraft(title="Cut p95 latency", date=TODAY - dt.timedelta(days=20),
                          pillars=["technical_excellence"],
                          metrics=[parse_metric("p95 latency: 2.4s -> 0.6s")]))
    ctx.services.wins.add(WinDraft(title="Ran the design review",
                                   date=TODAY - dt.timedelta(days=200),
                          pillars=["system_design", "communication"]))
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    with qtbot.waitSignal(ctx.signals.wins_changed, timeout=100, raising=False):
        pass
    widget = ImpactPage(ctx, settings=settings)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitSignal(widget.loaded, timeout=15000).wait()
    return widget


def test_every_chart_is_shown_for_the_period(page: ImpactPage) -> None:
    assert set(page.canvases) == set(NAMES)
    assert page.data is not None
    assert page.data.until == TODAY
    assert len(page.data.wins) == 2


def test_changing_the_period_redraws(page: ImpactPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    before = page.figures["pillars"]
    with qtbot.waitSignal(page.loaded, timeout=15000):
        page.period.setCurrentIndex(page.period.findData("this quarter"))
    assert page.figures["pillars"] is not before
    since = page.data.since if page.data else None
    assert since is not None and since.month in (1, 4, 7, 10) and since.day == 1


def test_a_bad_custom_range_is_shown_next_to_the_fields(page: ImpactPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    page.period.setCurrentIndex(page.period.findData("custom"))
    qtbot.keyClicks(page.since, "2026-02-30")
    qtbot.keyClicks(page.until, "2026-03-01")
    qtbot.keyClick(page.until, Qt.Key.Key_Return)
    assert page.range_error.isVisible()
    assert "not a real date" in page.range_error.text()


def test_clicking_a_bar_lists_the_wins_behind_it(page: ImpactPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    figure = page.figures["pillars"]
    canvas = page.canvases["pillars"]
    page.scroll_area.ensureWidgetVisible(canvas)
    canvas.draw()
    artist, hits = next(iter(hits_of(figure).targets.items()))
    index = next(i for i, hit in enumerate(hits) if "Cut p95 latency" in _titles(page, hit))
    # The middle of that bar segment, from data coordinates to widget pixels.
    middle = artist.get_paths()[index].vertices[:4].mean(axis=0)
    x_px, y_px = artist.axes.transData.transform(middle)
    ratio = canvas.device_pixel_ratio
    x = x_px / ratio
    y = canvas.height() - y_px / ratio
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(round(x), round(y)))
    qtbot.waitUntil(lambda: page.behind.count() > 0)
    shown = [page.behind.item(i).text() for i in range(page.behind.count())]
    assert any("Cut p95 latency" in line for line in shown)
    assert "win" in page.behind_title.text()


def _titles(page: ImpactPage, hit) -> list[str]:  # type: ignore[no-untyped-def]
    by_id = {w.id: w.title for w in page.data.wins} if page.data else {}
    return [by_id.get(i, "") for i in hit.win_ids]


def test_save_chart_as_svg_keeps_text(page: ImpactPage, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out" / "pillars.svg"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(target), "SVG drawing (*.svg)"))
    saved = page.save_chart("pillars")
    assert saved == target
    assert "Wins by pillar" in target.read_text()
    assert page.settings.value("impact/last_folder") == str(target.parent)


# --- the wheel, the width, the numbers as tables and the drill-down ---------------------


def test_the_wheel_over_a_chart_scrolls_the_page(page: ImpactPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtTest import QTest

    bar = page.scroll_area.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    canvas = page.canvases["pillars"]
    # Through the window system, as a real wheel arrives (so Qt may pass it upwards).
    middle = canvas.mapTo(page.window(), QPoint(canvas.width() // 2, canvas.height() // 2))
    QTest.wheelEvent(page.window().windowHandle(), middle, QPoint(0, -120))
    assert bar.value() > 0


def test_charts_follow_the_page_width(page: ImpactPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    canvas = page.canvases["cadence"]
    narrow = canvas.width()
    page.resize(1700, 900)
    qtbot.waitUntil(lambda: canvas.width() > narrow + 100, timeout=3000)
    # The chart fills the scroll area's width (or stops growing where text gets too big).
    room = page.scroll_area.viewport().width()
    assert canvas.width() <= room
    assert canvas.width() >= room - 40 or canvas.figure.dpi >= 130
    page.resize(1000, 800)
    qtbot.waitUntil(lambda: canvas.width() < narrow, timeout=3000)


def test_each_chart_names_itself_and_says_what_it_shows(page: ImpactPage) -> None:
    from bragdoc.charts import summary_of

    for name, canvas in page.canvases.items():
        assert canvas.accessibleName(), name
        assert canvas.accessibleDescription() == summary_of(page.figures[name])
    assert page.canvases["pillars"].accessibleName() == "Wins by pillar, month by month"
    assert "2 wins" in page.canvases["pillars"].accessibleDescription()


def test_a_charts_numbers_are_a_table_reached_from_the_keyboard(page: ImpactPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    cell = page.cells["pillars"]
    assert not cell.table.isVisible()
    cell.show_data.setFocus()
    qtbot.keyClick(cell.show_data, Qt.Key.Key_Space)
    assert cell.table.isVisible() and cell.table.hasFocus()
    # The rows are the chart's own bars: same labels, same wins.
    hits = hits_of(page.figures["pillars"]).all()
    model = cell.table.model()
    assert model.rowCount() == len(hits) == 3  # two pillars this month, two earlier
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [h.label for h in hits]
    assert [model.index(r, 1).data() for r in range(model.rowCount())] == [
        str(len(h.win_ids)) for h in hits]

    # A row with Enter lists its wins and takes the focus there.
    row = next(r for r, h in enumerate(hits) if "Technical" in h.label)
    cell.table.setCurrentIndex(model.index(row, 0))
    qtbot.keyClick(cell.table, Qt.Key.Key_Return)
    assert page.behind.count() == 1 and page.behind.hasFocus()
    assert "Cut p95 latency" in page.behind.item(0).text()
    heading = page.behind_title.text()
    assert heading.startswith(hits[row].label) and "1 win behind it" in heading
    assert page.behind.item(0).text() not in heading  # the heading is said once
    qtbot.keyClick(cell.show_data, Qt.Key.Key_Space)
    assert not cell.table.isVisible()


def test_enter_on_a_win_behind_a_chart_opens_it(qtbot, db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from bragdoc.ui.kit.win_dialog import WinDialog
    from bragdoc.ui.shell.main_window import MainWindow
    from tests.conftest import show_and_activate

    ctx = UiContext.create(db)
    ctx.services.wins.add(WinDraft(title="Cut p95 latency", date=TODAY - dt.timedelta(days=9),
                                   pillars=["technical_excellence"]))
    window = MainWindow(ctx, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    window.show_page("impact")
    impact = window.by_key["impact"].build()
    qtbot.waitUntil(lambda: len(impact.cells) == len(NAMES) and not impact.loading,
                    timeout=15_000)
    cell = impact.cells["pillars"]
    cell.show_data.setFocus()
    qtbot.keyClick(cell.show_data, Qt.Key.Key_Space)
    qtbot.keyClick(cell.table, Qt.Key.Key_Return)
    assert impact.behind.hasFocus()
    qtbot.keyClick(impact.behind, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), WinDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, WinDialog) and dialog.title.text() == "Cut p95 latency"
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.title.selectAll()
    qtbot.keyClicks(dialog.title, "Cut p95 latency by 75%")
    with qtbot.waitSignal(ctx.signals.wins_changed, timeout=10_000):
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    assert [w.title for w in ctx.services.queries.wins()] == ["Cut p95 latency by 75%"]
    with qtbot.waitSignal(ctx.signals.wins_changed, timeout=10_000):
        ctx.undo_stack.undo()
    assert [w.title for w in ctx.services.queries.wins()] == ["Cut p95 latency"]


def test_tab_walks_each_chart_then_its_buttons(page: ImpactPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import show_and_activate

    show_and_activate(qtbot, page)
    page.period.setFocus()
    for _ in range(12):  # past the period's own fields to the first chart
        qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Tab)
        if page.focusWidget() is page.canvases["cadence"]:
            break
    cadence, pillars = page.cells["cadence"], page.cells["pillars"]
    assert cadence.canvas.hasFocus()
    qtbot.keyClick(cadence.canvas, Qt.Key.Key_Tab)
    assert cadence.show_data.hasFocus()
    qtbot.keyClick(cadence.show_data, Qt.Key.Key_Tab)
    assert cadence.save.hasFocus()  # the hidden table is skipped
    qtbot.keyClick(cadence.save, Qt.Key.Key_Tab)
    assert pillars.canvas.hasFocus()

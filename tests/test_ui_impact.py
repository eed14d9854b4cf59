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

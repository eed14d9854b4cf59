"""The Impact page: the six charts for a chosen period, each with its numbers as a table
(ui/impact/chart_cell.py), click-through from a bar, point or table row to the wins behind
it and on to the win itself, and "Save chart as…" PNG/SVG. Charts follow the page width.

matplotlib is imported here and only here in the UI, so the app starts without it; the
page is built when first shown. Data and figures are made on a worker thread; canvases
are attached one per event-loop turn so the window keeps answering while they draw.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure
from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from bragdoc.charts import NAMES, render_chart, save_figure
from bragdoc.charts.data import ImpactData
from bragdoc.domain.errors import UserError
from bragdoc.ui.impact.chart_cell import BASE_DPI, ChartCanvas, ChartCell, fitting_dpi
from bragdoc.ui.kit import theme
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.errors import describe
from bragdoc.ui.kit.page import Page
from bragdoc.ui.kit.period_picker import PeriodPicker

FIT_DELAY_MS = 150
"""Charts are redrawn at the new width once the window has stopped changing size for
this long: redrawing six charts on every step of a drag would make the drag stutter."""
WIN_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PROMPT = "Click a bar or point, or press Enter on a row of a chart's data, to list the " \
         "wins behind it."


@dataclass(frozen=True)
class _Rendered:
    data: ImpactData
    figures: dict[str, Figure]


class ImpactPage(Page):
    """`loaded` is emitted once every chart of the current period is on screen;
    `open_record("win", id)` asks the shell to open a win of the drill-down list."""

    key = "impact"
    title = "Impact"
    failure_text = "Could not draw the charts"
    shows_in_steps = True
    open_record = Signal(str, str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None,
                 settings: QSettings | None = None) -> None:
        super().__init__(ctx, parent)
        self.settings = settings or ctx.settings
        self.figures: dict[str, Figure] = {}
        self.cells: dict[str, ChartCell] = {}
        self.data: ImpactData | None = None

        self.picker = PeriodPicker(ctx.services.queries, "impact", error_name="range_error")
        self.period = self.picker.period
        self.since = self.picker.since
        self.until = self.picker.until
        self.apply = self.picker.apply
        self.range_error = self.picker.error
        self.status = QLabel(objectName="impact_status")
        controls = QHBoxLayout()
        controls.addWidget(self.picker)
        controls.addStretch(1)
        controls.addWidget(self.status)

        self.grid = QGridLayout()
        holder = QWidget()
        holder.setLayout(self.grid)
        self.scroll_area = QScrollArea(objectName="impact_scroll")
        self.scroll_area.setWidgetResizable(True)
        # A scroll bar that comes and goes would change the width the charts fit to,
        # and refitting could bring it back: keep it.
        self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.scroll_area.setWidget(holder)
        self.scroll_area.viewport().installEventFilter(self)
        self._fit_timer = QTimer(self, singleShot=True, interval=FIT_DELAY_MS)
        self._fit_timer.timeout.connect(self.fit_charts)

        self.behind_title = QLabel(PROMPT, objectName="behind_title")
        self.behind_title.setWordWrap(True)
        self.behind = QListWidget(objectName="behind")
        self.behind.setAccessibleName("Wins behind the chosen bar, point or row")
        self.behind.setAccessibleDescription("Enter opens the win to read or edit it.")
        self.behind.setWordWrap(True)
        self.behind.activated.connect(self._open_win)
        self.behind_title.setBuddy(self.behind)
        side = QWidget()
        side.setMinimumWidth(260)
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.behind_title)
        side_layout.addWidget(self.behind, stretch=1)
        self.splitter = QSplitter(objectName="impact_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.scroll_area)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([700, 340])

        layout = self.page_layout
        layout.addLayout(controls)
        layout.addWidget(self.range_error)
        layout.addWidget(self.splitter, stretch=1)

        self.picker.changed.connect(self.refresh)
        self.watch(ctx.signals.wins_changed, ctx.signals.projects_changed,
                   ctx.signals.profile_changed, theme.changes().changed)

    @property
    def canvases(self) -> dict[str, ChartCanvas]:
        return {name: cell.canvas for name, cell in self.cells.items()}

    # --- period ------------------------------------------------------------------------

    def chosen_period(self, today: dt.date) -> tuple[dt.date, dt.date] | None:
        """The period asked for, or None after showing what is wrong with a custom range."""
        return self.picker.chosen(today)

    # --- rendering ---------------------------------------------------------------------

    def refresh(self) -> None:
        if self.chosen_period(self.ctx.services.today()) is not None:
            super().refresh()

    def snapshot_request(self) -> tuple[dt.date, dt.date] | None:
        return self.chosen_period(self.ctx.services.today())

    def read_snapshot(self, period: tuple[dt.date, dt.date]) -> _Rendered:
        service = self.ctx.services.impact
        data = service.data(*period)
        expected = service.expected_balance()
        figures = {}
        style = theme.current().chart  # exports are drawn again in the print style
        for name in NAMES:
            options: dict[str, Any] = {}
            if name == "balance" and expected is not None:
                options["expected"], options["expected_label"] = expected
            figures[name] = render_chart(name, data, style=style, **options)
        return _Rendered(data, figures)

    def show_snapshot(self, result: _Rendered) -> None:
        generation = self.generation
        self.data = result.data
        self.figures = result.figures
        self.cells = {}
        pending = list(NAMES)

        # One chart per turn of the event loop: the window stays responsive while six
        # canvases are built.
        def attach_next() -> None:
            if generation != self.generation:
                return
            if not pending:
                self.status.setText(f"{result.data.since:%d %b %Y} – {result.data.until:%d %b %Y}")
                self.finished_showing(generation)
                return
            name = pending.pop(0)
            self._attach(name, result.figures[name], NAMES.index(name))
            QTimer.singleShot(0, self, attach_next)

        attach_next()

    def _attach(self, name: str, figure: Figure, position: int) -> None:
        dpi = fitting_dpi(figure, self._chart_width()) if self.isVisible() else BASE_DPI
        cell = ChartCell(name, figure, dpi)
        cell.chosen.connect(self.show_wins)
        cell.save_requested.connect(self.save_chart)
        self.cells[name] = cell
        old = self.grid.itemAtPosition(position, 0)
        if old is not None and (replaced := old.widget()) is not None:
            # Hidden and unparented at once, so no key reaches a chart of the old period.
            replaced.hide()
            replaced.setParent(None)
            replaced.deleteLater()
        self.grid.addWidget(cell, position, 0)

    # --- following the page width --------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.scroll_area.viewport():
            self._fit_timer.start()
        return super().eventFilter(watched, event)

    def _chart_width(self) -> int:
        margins = self.grid.contentsMargins()
        return self.scroll_area.viewport().width() - margins.left() - margins.right()

    def fit_charts(self) -> None:
        """Redraw each chart to the width the page now gives it."""
        width = self._chart_width()
        for cell in self.cells.values():
            cell.fit_width(width)

    # --- drill-down and saving ---------------------------------------------------------

    def show_wins(self, label: str, win_ids: tuple[str, ...]) -> None:
        wins = {w.id: w for w in self.data.wins} if self.data else {}
        self.behind_title.setText(f"{label}\n{len(win_ids)} win"
                                  + ("" if len(win_ids) == 1 else "s")
                                  + " behind it (Enter or a double-click opens one):")
        self.behind.clear()
        for win_id in win_ids:
            win = wins.get(win_id)
            if win is not None:
                item = QListWidgetItem(f"{win.date.isoformat()}  {win.title}")
                item.setData(WIN_ID_ROLE, win.id)
                self.behind.addItem(item)
        if self.behind.count():
            self.behind.setCurrentRow(0)
            if self.focusWidget() is not None and self.isAncestorOf(self.focusWidget()):
                # Chosen from the keyboard (a table row): the wins are where it goes next.
                self.behind.setFocus(Qt.FocusReason.OtherFocusReason)

    def _open_win(self) -> None:
        item = self.behind.currentItem()
        if item is not None:
            self.open_record.emit("win", str(item.data(WIN_ID_ROLE)))

    def save_chart(self, name: str) -> Path | None:
        folder = str(self.settings.value("impact/last_folder", str(Path.home())))
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save chart as", str(Path(folder) / f"{name}.png"),
            "PNG image (*.png);;SVG drawing (*.svg)")
        if not chosen:
            return None
        target = Path(chosen)
        if target.suffix.lower() not in (".png", ".svg"):
            target = target.with_suffix(".png")
        try:
            save_figure(self.figures[name], target)
        except (UserError, OSError) as exc:
            self.status.setText(describe(exc, "Not saved"))
            return None
        self.settings.setValue("impact/last_folder", str(target.parent))
        self.status.setText(f"Saved {target}")
        return target

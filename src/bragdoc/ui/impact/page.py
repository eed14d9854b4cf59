"""The Impact page: the six charts for a chosen period, click-through to the wins behind
a bar or point, and "Save chart as…" PNG/SVG.

matplotlib is imported here and only here in the UI, so the app starts without it; the
page is built when first shown. Data and figures are made on a worker thread; canvases
are attached one per event-loop turn so the window keeps answering while they draw.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from bragdoc.charts import NAMES, drawing, picked, render_chart, save_figure
from bragdoc.charts.data import ImpactData
from bragdoc.domain.errors import UserError
from bragdoc.ui.kit import theme
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.errors import describe
from bragdoc.ui.kit.page import Page
from bragdoc.ui.kit.period_picker import PeriodPicker

SCREEN_DPI = 90
"""Charts are laid out in inches; at this density an 8-inch chart is 720 pixels wide."""


class ChartCanvas(FigureCanvasQTAgg):
    """A canvas that draws with the charts' text settings and without glyph warnings."""

    def draw(self) -> None:
        with drawing():
            super().draw()


@dataclass(frozen=True)
class _Rendered:
    data: ImpactData
    figures: dict[str, Figure]


class ImpactPage(Page):
    """`loaded` is emitted once every chart of the current period is on screen."""

    key = "impact"
    title = "Impact"
    failure_text = "Could not draw the charts"
    shows_in_steps = True

    def __init__(self, ctx: UiContext, parent: QWidget | None = None,
                 settings: QSettings | None = None) -> None:
        super().__init__(ctx, parent)
        self.settings = settings or ctx.settings
        self.figures: dict[str, Figure] = {}
        self.canvases: dict[str, ChartCanvas] = {}
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
        self.scroll_area.setWidget(holder)

        self.behind_title = QLabel("Click a bar or point to list the wins behind it.",
                                   objectName="behind_title")
        self.behind_title.setWordWrap(True)
        self.behind = QListWidget(objectName="behind")
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.behind_title)
        side_layout.addWidget(self.behind, stretch=1)
        self.splitter = QSplitter(objectName="impact_splitter")
        self.splitter.addWidget(self.scroll_area)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([820, 220])

        layout = self.page_layout
        layout.addLayout(controls)
        layout.addWidget(self.range_error)
        layout.addWidget(self.splitter, stretch=1)

        self.picker.changed.connect(self.refresh)
        self.watch(ctx.signals.wins_changed, ctx.signals.projects_changed,
                   ctx.signals.profile_changed, theme.changes().changed)

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
        for canvas in self.canvases.values():
            canvas.setParent(None)
            canvas.deleteLater()
        self.canvases = {}
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
        figure.set_dpi(SCREEN_DPI)
        canvas = ChartCanvas(figure)
        canvas.setObjectName(f"chart_{name}")
        # The charts place their text in inches: keep each at its designed size (the
        # scroll area scrolls) rather than let the widget squeeze the layout.
        width, height = figure.get_size_inches() * SCREEN_DPI
        canvas.setFixedSize(round(width), round(height))
        canvas.mpl_connect("pick_event", self._picked)
        save = QPushButton("Save chart as…", objectName=f"save_{name}")
        save.setToolTip(f"Save the {name} chart as PNG or SVG")
        save.clicked.connect(lambda _=False, name=name: self.save_chart(name))
        cell = QWidget()
        cell_layout = QVBoxLayout(cell)
        cell_layout.setContentsMargins(0, 0, 0, 8)
        cell_layout.addWidget(canvas)
        cell_layout.addWidget(save, alignment=Qt.AlignmentFlag.AlignLeft)
        canvas.cell = cell
        self.canvases[name] = canvas
        old = self.grid.itemAtPosition(position, 0)
        if old is not None and (replaced := old.widget()) is not None:
            replaced.setParent(None)
        self.grid.addWidget(cell, position, 0)

    # --- click-through and saving -------------------------------------------------------

    def _picked(self, event: Any) -> None:
        hit = picked(event)
        if hit is not None:
            self.show_wins(hit.label, hit.win_ids)

    def show_wins(self, label: str, win_ids: tuple[str, ...]) -> None:
        titles = {w.id: w for w in self.data.wins} if self.data else {}
        self.behind_title.setText(f"{label} — {len(win_ids)} win"
                                  + ("" if len(win_ids) == 1 else "s"))
        self.behind.clear()
        for win_id in win_ids:
            win = titles.get(win_id)
            if win is not None:
                self.behind.addItem(f"{win.date.isoformat()}  {win.title}")

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

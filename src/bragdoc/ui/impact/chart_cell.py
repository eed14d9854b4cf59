"""One chart on the Impact page: the canvas, its numbers as a table for the keyboard and
screen readers, and its buttons.

The table lists what the chart itself attached to its bars, cells and points (the
`Hit`s in charts/common.py): the label a click would head the list with and the wins
behind it, so the table and the picture cannot disagree. Enter or a double-click on a
row asks the page to list those wins, as a click on the chart does.
"""

from __future__ import annotations

from typing import Any

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFocusEvent, QPainter, QPaintEvent, QPalette, QPen, QWheelEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bragdoc.charts import Hit, drawing, hits_of, picked, summary_of, title_of
from bragdoc.ui.kit.rows import RowTable
from bragdoc.ui.kit.views import record_table

BASE_DPI = 90
"""Charts are laid out in inches; at this density an 8-inch chart is 720 pixels wide."""
SMALLEST_DPI, LARGEST_DPI = 72, 135
"""How far a chart shrinks or grows with the page: below this its text is too small to
read, above it a wide window shows a poster rather than more of the page."""


class ChartCanvas(FigureCanvasQTAgg):
    """A canvas that draws with the charts' text settings and without glyph warnings, and
    leaves the mouse wheel to the page: the charts do not zoom, and a chart fills most of
    the screen, so a canvas that kept the wheel would stop the page from scrolling."""

    def __init__(self, figure: Figure) -> None:
        super().__init__(figure)
        # Tab stops here so a screen reader speaks the chart's name and summary.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def draw(self) -> None:
        with drawing():
            super().draw()

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.hasFocus():
            # The picture has no focus look of its own: a frame shows where Tab is.
            painter = QPainter(self)
            pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 2)
            painter.setPen(pen)
            painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
            painter.end()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def fit(self, dpi: float) -> None:
        """Draw at `dpi` and take the size the chart's inches need at it."""
        figure = self.figure
        # matplotlib multiplies this by the screen's pixel ratio when the window moves to
        # another screen; keeping it in step stops a move from undoing the fit.
        figure._original_dpi = dpi  # type: ignore[attr-defined]
        figure.set_dpi(dpi * self.device_pixel_ratio)
        width, height = figure.get_size_inches()
        self.setFixedSize(round(width * dpi), round(height * dpi))


class HitTable(RowTable[Hit]):
    HEADERS = ("What the chart shows", "Wins")

    def cell(self, record: Hit, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return record.label if column == 0 else str(len(record.win_ids))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None


def fitting_dpi(figure: Figure, width_px: int) -> float:
    """The density at which the chart fills `width_px`, within what stays readable."""
    inches = float(figure.get_size_inches()[0]) or 1.0
    return max(SMALLEST_DPI, min(LARGEST_DPI, width_px / inches))


class ChartCell(QWidget):
    """`chosen(label, win_ids)`: a bar, point or table row was picked."""

    chosen = Signal(str, tuple)
    save_requested = Signal(str)

    def __init__(self, name: str, figure: Figure, dpi: float,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        title = title_of(figure) or name
        figure.set_dpi(dpi)
        self.canvas = ChartCanvas(figure)
        self.canvas.setObjectName(f"chart_{name}")
        self.canvas.setAccessibleName(title)
        self.canvas.setAccessibleDescription(summary_of(figure))
        self.canvas.fit(dpi)
        self.canvas.mpl_connect("pick_event", self._picked)

        self.model = HitTable(self)
        self.model.set_rows(hits_of(figure).all())
        self.table = record_table(f"data_{name}", self.model)
        self.table.setAccessibleName(f"{title}: the numbers behind the chart")
        self.table.setAccessibleDescription(
            "Each row is one bar, cell or point of the chart. Enter lists its wins.")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(220)
        self.table.hide()
        self.table.activated.connect(self._row_chosen)

        self.show_data = QPushButton("Show data", objectName=f"show_data_{name}")
        self.show_data.setCheckable(True)
        self.show_data.setAccessibleName(f"Show the numbers of “{title}” as a table")
        self.show_data.toggled.connect(self._toggle_table)
        self.save = QPushButton("Save chart as…", objectName=f"save_{name}")
        self.save.setAccessibleName(f"Save “{title}” as PNG or SVG")
        self.save.setToolTip(f"Save the {name} chart as PNG or SVG")
        self.save.clicked.connect(lambda _=False: self.save_requested.emit(self.name))

        buttons = QHBoxLayout()
        buttons.addWidget(self.show_data)
        buttons.addWidget(self.save)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.addWidget(self.canvas)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        QWidget.setTabOrder(self.canvas, self.show_data)
        QWidget.setTabOrder(self.show_data, self.table)
        QWidget.setTabOrder(self.table, self.save)

    def _toggle_table(self, shown: bool) -> None:
        self.table.setVisible(shown)
        self.show_data.setText("Hide data" if shown else "Show data")
        if shown:
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.table.currentIndex().isValid() and self.model.rowCount():
                self.table.setCurrentIndex(self.model.index(0, 0))

    def _row_chosen(self, index: QModelIndex) -> None:
        hit = self.model.record_at(index)
        if hit is not None:
            self.chosen.emit(hit.label, hit.win_ids)

    def _picked(self, event: Any) -> None:
        hit = picked(event)
        if hit is not None:
            self.chosen.emit(hit.label, hit.win_ids)

    def fit_width(self, width_px: int) -> None:
        figure = self.canvas.figure
        assert isinstance(figure, Figure)  # a chart canvas holds a top-level figure
        dpi = fitting_dpi(figure, width_px)
        if abs(dpi - figure.dpi / self.canvas.device_pixel_ratio) >= 0.5:
            self.canvas.fit(dpi)
            self.canvas.draw_idle()

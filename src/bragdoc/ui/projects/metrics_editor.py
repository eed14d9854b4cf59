"""The metrics of a project form: a table of what was added (where an inferred direction
or category can be overruled with F2), and a field to add one more, with a live
read-back of what bragdoc understood."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bragdoc.domain.quantities import Metric, parse_metric
from bragdoc.ui.kit.delete_key import DeleteKey
from bragdoc.ui.kit.theme import set_tone
from bragdoc.ui.projects.metric_table import (
    CATEGORY_CHOICES,
    DIRECTION_CHOICES,
    ChoiceDelegate,
    MetricTableModel,
)
from bragdoc.ui.projects.metric_table import Column as MetricColumn
from bragdoc.ui.projects.project_table import two_line_height


class MetricsEditor(QWidget):
    def __init__(self, changed: Callable[[], None], parent: QWidget | None = None) -> None:
        """`changed` is called when a metric is added, removed or overruled, and on every
        keystroke in the new-metric field (it is part of the form's state)."""
        super().__init__(parent)
        self.model = MetricTableModel(self)
        self.table = QTableView(objectName="metric_table")
        self.table.setAccessibleName("The project's metrics")
        self.table.setModel(self.model)
        self.table.setItemDelegate(ChoiceDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setMinimumHeight(120)
        self.table.setMaximumHeight(170)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(MetricColumn.TEXT, QHeaderView.ResizeMode.Stretch)
        # What bragdoc reads is drawn under each metric, so its own column stays hidden.
        self.table.setColumnHidden(MetricColumn.RESULT, True)
        self.table.setColumnWidth(MetricColumn.DIRECTION, 90)
        self.table.setColumnWidth(MetricColumn.CATEGORY, 130)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(two_line_height(self.table.font()))
        self.hint = QLabel("Grey is what bragdoc inferred. To overrule it, select the "
                           "cell and press F2; Del removes a metric.", objectName="metric_hint")
        self.hint.setWordWrap(True)
        set_tone(self.hint, "muted")
        DeleteKey(self.table, self.remove)

        self.new_metric = QLineEdit(objectName="new_metric")
        self.new_metric.setPlaceholderText("Add a metric: NAME: BEFORE -> AFTER, then Enter")
        self.new_direction = QComboBox(objectName="new_direction")
        self.new_direction.setAccessibleName("Which way is better for the new metric")
        for label, value in DIRECTION_CHOICES:
            self.new_direction.addItem(
                "Inferred direction" if value is None else f"{label} is better"
                if value != "unknown" else "Undecided direction", value)
        self.new_category = QComboBox(objectName="new_category")
        self.new_category.setAccessibleName("Category of the new metric")
        for label, value in CATEGORY_CHOICES:
            self.new_category.addItem("Inferred category" if value is None else label, value)
        for combo in (self.new_direction, self.new_category):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
            combo.setToolTip("For the metric being added: leave “Inferred” to let bragdoc "
                             "decide, or choose yourself")
        self.add_button = QPushButton("Add", objectName="add_metric")
        self.add_button.setToolTip("Add the metric typed here (Enter in the field)")
        self.remove_button = QPushButton("Remove", objectName="remove_metric")
        self.remove_button.setToolTip("Remove the selected metric (Del in the table)")
        self.preview = QLabel(objectName="metric_preview")
        self.preview.setWordWrap(True)
        self.preview.hide()

        hint_row = QHBoxLayout()
        hint_row.addWidget(self.hint, stretch=1)
        hint_row.addWidget(self.remove_button, alignment=Qt.AlignmentFlag.AlignTop)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_metric, stretch=1)
        add_row.addWidget(self.add_button)
        choices = QHBoxLayout()
        choices.addWidget(self.new_direction, stretch=1)
        choices.addWidget(self.new_category, stretch=1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(hint_row)
        layout.addLayout(add_row)
        layout.addLayout(choices)
        layout.addWidget(self.preview)

        self.new_metric.returnPressed.connect(self.add_pending)
        self.add_button.clicked.connect(self.add_pending)
        self.remove_button.clicked.connect(self.remove)
        self.new_metric.textChanged.connect(self._show_reading)
        self.new_direction.currentIndexChanged.connect(self._show_reading)
        self.new_category.currentIndexChanged.connect(self._show_reading)
        self.new_metric.textChanged.connect(changed)
        for signal in (self.model.dataChanged, self.model.rowsInserted,
                       self.model.rowsRemoved, self.model.modelReset):
            signal.connect(changed)

    def load(self, metrics: Sequence[Metric], pending: str) -> None:
        self.model.set_metrics(metrics)
        self.new_metric.setText(pending)
        self.new_direction.setCurrentIndex(0)
        self.new_category.setCurrentIndex(0)

    def _pending(self) -> Metric | None:
        text = self.new_metric.text().strip()
        if not text:
            return None
        return parse_metric(text, direction=self.new_direction.currentData(),
                            category=self.new_category.currentData())

    def _show_reading(self) -> None:
        metric = self._pending()
        if metric is None:
            self.preview.hide()
            return
        if metric.quantified:
            set_tone(self.preview, None)
            self.preview.setText(f"Reads as: {metric.explain()}")
        else:
            set_tone(self.preview, "warning")
            self.preview.setText("No number to compare yet — try “2h -> 10 min” or "
                                 "“$5K/month saved”. It can be added as text anyway.")
        self.preview.show()

    def add_pending(self) -> bool:
        """Add what is typed in the new-metric field to the table; False if it was empty."""
        metric = self._pending()
        if metric is None:
            return False
        row = self.model.add(metric)
        self.table.setCurrentIndex(self.model.index(row, MetricColumn.TEXT))
        self.new_metric.clear()
        self.new_direction.setCurrentIndex(0)
        self.new_category.setCurrentIndex(0)
        return True

    def remove(self) -> None:
        row = self.table.currentIndex().row()
        if self.model.remove(row) is None:
            return
        remaining = self.model.rowCount()
        if remaining:
            self.table.setCurrentIndex(
                self.model.index(min(row, remaining - 1), MetricColumn.TEXT))

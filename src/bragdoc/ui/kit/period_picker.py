"""The period selector pages share: a named period or a custom range, checked in place.

    picker = PeriodPicker(ctx.services.queries, "impact")      # impact_period, impact_since, …
    picker.changed.connect(page.refresh)
    since, until = picker.chosen(dt.date.today()) or (None, None)

The error label is made here but placed by the page (under its row of controls).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.periods import named_period, parse_iso_date
from bragdoc.services.queries import Queries
from bragdoc.ui.kit.field_errors import error_label, show_error

PERIODS = {
    "This quarter": "this quarter",
    "Last quarter": "last quarter",
    "This half": "this half",
    "Last 12 months": "last 12 months",
    "This year": "this year",
    "Since my current level": "review",
    "Custom range": "custom",
}


def _365_days(today: dt.date) -> tuple[dt.date, dt.date]:
    return today - dt.timedelta(days=365), today


class PeriodPicker(QWidget):
    changed = Signal()
    """A named period was chosen, or a custom range confirmed (Show or Enter)."""

    def __init__(self, queries: Queries, name: str, parent: QWidget | None = None, *,
                 twelve_months: Callable[[dt.date], tuple[dt.date, dt.date]] = _365_days,
                 error_name: str | None = None) -> None:
        super().__init__(parent)
        self.queries = queries
        self._twelve_months = twelve_months
        self.period = QComboBox(objectName=f"{name}_period")
        for label, key in PERIODS.items():
            self.period.addItem(label, key)
        self.period.setCurrentIndex(self.period.findData("last 12 months"))
        self.since = QLineEdit(objectName=f"{name}_since", placeholderText="From YYYY-MM-DD")
        self.until = QLineEdit(objectName=f"{name}_until", placeholderText="To YYYY-MM-DD")
        self.apply = QPushButton("Show", objectName=f"{name}_apply")
        self.error = error_label(error_name or f"{name}_range_error")
        caption = QLabel("&Period")
        caption.setBuddy(self.period)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(caption)
        row.addWidget(self.period)
        row.addWidget(self.since)
        row.addWidget(self.until)
        row.addWidget(self.apply)

        self.period.currentIndexChanged.connect(self._period_changed)
        self.apply.clicked.connect(self.changed)
        self.since.returnPressed.connect(self.changed)
        self.until.returnPressed.connect(self.changed)
        self._show_custom_fields()

    def _show_custom_fields(self) -> None:
        custom = self.period.currentData() == "custom"
        self.since.setVisible(custom)
        self.until.setVisible(custom)
        self.apply.setVisible(custom)

    def _period_changed(self) -> None:
        self._show_custom_fields()
        if self.period.currentData() != "custom":
            self.changed.emit()

    def chosen(self, today: dt.date) -> tuple[dt.date, dt.date] | None:
        """The period asked for, or None after showing what is wrong with a custom range."""
        key = self.period.currentData()
        show_error(self.error, None)
        if key == "last 12 months":
            return self._twelve_months(today)
        if key == "review":
            since = self.queries.profile().level_since
            return (since or self._twelve_months(today)[0]), today
        if key == "custom":
            try:
                since = parse_iso_date(self.since.text(), "from")
                until = parse_iso_date(self.until.text(), "to")
            except InvalidInput as exc:
                show_error(self.error, str(exc))
                return None
            if until < since:
                show_error(self.error, f"the range ends ({until}) before it starts")
                return None
            return since, until
        period = named_period(key, today)
        return period.start, min(period.end, max(today, period.start))

    def show_range(self, since: dt.date, until: dt.date, today: dt.date) -> None:
        """Select the named period that is exactly this range today, else a custom range
        with the dates filled in; `changed` is not emitted."""
        self.period.blockSignals(True)
        try:
            for index in range(self.period.count()):
                key = self.period.itemData(index)
                if key == "custom":
                    continue
                self.period.setCurrentIndex(index)
                if self.chosen(today) == (since, until):
                    break
            else:
                self.period.setCurrentIndex(self.period.findData("custom"))
                self.since.setText(since.isoformat())
                self.until.setText(until.isoformat())
        finally:
            self.period.blockSignals(False)
        self._show_custom_fields()

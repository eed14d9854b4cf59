"""When the chosen period holds nothing but the record has entries elsewhere, the Packet
page offers the period that holds them: a link next to the status, one click away."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QWidget

from bragdoc.packet.context import format_date


class PeriodOffer(QLabel):
    chosen = Signal(object, object)
    """(since, until) of the period offered, when the person takes it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="packet_period_offer")
        # Rich text only here, with our own words and dates: the status beside it shows
        # text the person typed and stays plain.
        self.setTextFormat(Qt.TextFormat.RichText)
        self.linkActivated.connect(self._taken)
        self._period: tuple[dt.date, dt.date] | None = None
        self.hide()

    def offer(self, period: tuple[dt.date, dt.date] | None) -> None:
        self._period = period
        self.setVisible(period is not None)
        if period is not None:
            self.setText(f'<a href="period">Show {format_date(period[0])} – '
                         f"{format_date(period[1])}</a>, where your record has entries")

    def _taken(self) -> None:
        if self._period is not None:
            self.chosen.emit(*self._period)

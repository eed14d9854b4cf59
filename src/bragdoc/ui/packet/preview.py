"""The live preview of the draft, rendered as the PDF will be.

It uses the packet's own Markdown renderer with Qt's rich-text flavour (the one the PDF
is printed with), so it shows what the PDF will say; it never loads anything but the
charts it was given, and links in it open nothing. Charts are drawn off the UI thread.
Its text takes the theme's colours (light text on a dark theme); the charts keep the
print style the PDF has.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QTextBrowser, QWidget

from bragdoc.packet.chart_image import Chart, charts_by_name
from bragdoc.packet.render_html import render_body
from bragdoc.packet.render_pdf import QT_STYLE, QtFlavour
from bragdoc.services.packet import PacketService
from bragdoc.ui.kit import theme
from bragdoc.ui.kit.jobs import run_in_background

PREVIEW_MS = 300
_CHART_REF = re.compile(r"\]\(chart:([a-z_]+)\)")


class PreviewBrowser(QTextBrowser):
    """Shows the draft's text and its charts; a pause in typing refreshes it."""

    updated = Signal()

    def __init__(self, packet: PacketService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("packet_preview")
        self.setAccessibleName("Packet preview")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self._use_theme()
        self.packet = packet
        self.images: dict[str, QImage] = {}
        """The charts it may show, by their `bragdoc-chart:NAME` address."""
        self.text = ""
        self._charts: dict[str, Chart] = {}
        self._charts_for: tuple[dt.date, dt.date] | None = None
        self._flavour: QtFlavour | None = None
        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_MS)
        self._timer.timeout.connect(self.update_now)
        theme.changes().changed.connect(self._theme_changed)

    def _use_theme(self) -> None:
        self.document().setDefaultStyleSheet(QT_STYLE + theme.document_style())

    def _theme_changed(self) -> None:
        self._use_theme()
        self.update_now()

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        # Nothing else is ever fetched.
        return self.images.get(name.toString() if isinstance(name, QUrl) else name)

    def show_text(self, text: str, *, now: bool = False) -> None:
        self.text = text
        if now:
            self.update_now()
        else:
            self._timer.start()

    def load_charts(self, period: tuple[dt.date, dt.date], *, force: bool = False) -> None:
        """Draw the charts the text refers to for `period` (unless they are drawn)."""
        wanted = set(_CHART_REF.findall(self.text))
        if not force and self._charts_for == period and wanted <= set(self._charts):
            return
        self._charts_for = period
        packet, text = self.packet, self.text

        def done(charts: list[Chart]) -> None:
            if self._charts_for != period:
                return  # the period changed again meanwhile
            self._charts = charts_by_name(charts)
            self._flavour = None
            self.update_now()

        # A chart that cannot be drawn leaves its place empty in the preview; the export
        # says why if it fails there too.
        run_in_background(lambda: packet.charts(text, *period), done, lambda _exc: None, self)

    def update_now(self) -> None:
        self._timer.stop()
        bar = self.verticalScrollBar()
        at = bar.value()
        width = max(200.0, self.viewport().width() - 24.0)
        if self._flavour is None or abs(self._flavour.text_width_px - width) > 1:
            self._flavour = QtFlavour(self._charts, text_width_px=width)
        body = render_body(self.text, list(self._charts.values()), self._flavour)
        self.images = self._flavour.images
        self.setHtml(f"<html><body>{body}</body></html>")
        bar.setValue(min(at, bar.maximum()))
        self.updated.emit()

"""Exporting the draft on screen: the row of export settings, the save dialog, and the
export itself on a worker (a PDF with charts takes a moment; the window stays live)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)

from bragdoc.packet.export import PAGE_SIZES
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.errors import describe
from bragdoc.ui.kit.field_errors import error_label, show_error
from bragdoc.ui.kit.icons import Icons
from bragdoc.ui.kit.jobs import run_in_background

EXPORT_FILTERS = {
    ".md": "Markdown (*.md)",
    ".html": "Web page (*.html)",
    ".pdf": "PDF document (*.pdf)",
    ".docx": "Word document (*.docx)",
}

Source = Callable[[], tuple[str, dt.date, dt.date] | None]
"""What to export now: (text, since, until), or None when there is no draft yet."""


class ExportBar(QWidget):
    exported = Signal(object)
    """An export finished: the Path written."""
    export_failed = Signal(str)
    status = Signal(str)
    """A line for the page's status (exporting…, saved to…)."""

    def __init__(self, ctx: UiContext, source: Source, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.source = source
        self.exporting = False
        self.dialog: QFileDialog | None = None
        self.page_size = QComboBox(objectName="packet_page_size")
        self.page_size.addItems(list(PAGE_SIZES))
        page_size_label = QLabel("PDF page si&ze")
        page_size_label.setBuddy(self.page_size)
        self.include_charts = QCheckBox("Include &charts", objectName="packet_include_charts")
        self.include_charts.setChecked(True)
        self.export_button = QPushButton("E&xport…", objectName="packet_export")
        self.export_button.setToolTip("Save the draft as Markdown, HTML, PDF or Word "
                                      "(Ctrl+Shift+E)")
        Icons(self).set(self.export_button, "export")
        self.busy = QProgressBar(objectName="packet_busy")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(90)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.error = error_label("packet_export_error")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.error, stretch=1)
        layout.addWidget(page_size_label)
        layout.addWidget(self.page_size)
        layout.addWidget(self.include_charts)
        self.extra = QHBoxLayout()
        """Room for the page's own buttons before Export (History)."""
        layout.addLayout(self.extra)
        layout.addWidget(self.busy)
        layout.addWidget(self.export_button)
        self.export_button.clicked.connect(self.export)

    def export(self) -> QFileDialog | None:
        if self.source() is None or self.exporting:
            return None
        settings = self.ctx.settings
        folder = Path(str(settings.value("packet/last_folder", str(Path.home()))))
        dialog = QFileDialog(self, "Export the packet", str(folder / "promotion-packet.pdf"))
        dialog.setObjectName("packet_export_dialog")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setNameFilters(list(EXPORT_FILTERS.values()))
        dialog.selectNameFilter(EXPORT_FILTERS[".pdf"])
        dialog.setDefaultSuffix("pdf")
        dialog.filterSelected.connect(lambda name: dialog.setDefaultSuffix(
            next((s[1:] for s, f in EXPORT_FILTERS.items() if f == name), "pdf")))
        dialog.fileSelected.connect(self._file_chosen)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _file_chosen(self, chosen: str) -> None:
        self.export_to(Path(chosen))

    def export_to(self, target: Path) -> None:
        """Write the draft to `target` (its suffix picks the format), off the UI thread;
        the result goes to the status line, a problem next to the button."""
        source = self.source()
        if source is None or self.exporting:
            return
        show_error(self.error, None)
        text, since, until = source
        with_charts = self.include_charts.isChecked()
        page_size = self.page_size.currentText()
        packet = self.ctx.services.packet

        def work() -> Path:
            return packet.export(text, target, since, until, with_charts=with_charts,
                                 page_size=page_size)

        self._set_running(True)
        self.status.emit(f"Exporting to {target.name}…")
        run_in_background(work, self._exported, self._failed, self)

    def _set_running(self, running: bool) -> None:
        self.exporting = running
        self.export_button.setEnabled(not running)
        self.busy.setVisible(running)

    def _exported(self, path: Path) -> None:
        self._set_running(False)
        self.ctx.settings.setValue("packet/last_folder", str(path.parent))
        self.status.emit(f"Saved to {path}")
        self.exported.emit(path)

    def _failed(self, exc: Exception) -> None:
        self._set_running(False)
        message = describe(exc, "Not exported")
        self.status.emit("")
        show_error(self.error, message)
        self.export_failed.emit(message)

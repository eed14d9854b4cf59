"""A stand-in that builds its page the first time it is shown (see `shell/pages.py`)."""

from __future__ import annotations

import importlib

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.page import Page
from bragdoc.ui.shell.pages import PageEntry


def build_page(ctx: UiContext, entry: PageEntry) -> Page:
    page = getattr(importlib.import_module(entry.module), entry.cls)(ctx)
    assert isinstance(page, Page) and (page.key, page.title) == (entry.key, entry.title)
    return page


class LazyPage(QWidget):
    built = Signal(QWidget)
    """The real page, once it exists: connect to its own signals here."""

    def __init__(self, ctx: UiContext, entry: PageEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.entry = entry
        self.key = entry.key
        self.title = entry.title
        self.page: Page | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def build(self) -> Page:
        if self.page is None:
            self.page = build_page(self.ctx, self.entry)
            self._layout.addWidget(self.page)  # shown with this stand-in: it loads itself
            self.built.emit(self.page)
        return self.page

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.build()

"""A page that is built the first time it is shown, so what it imports (matplotlib for the
charts) costs nothing at start-up."""

from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from bragdoc.ui.kit.context import UiContext


class LazyPage(QWidget):
    built = Signal(QWidget)
    """The real page, once it exists: connect to its own signals here."""

    def __init__(self, ctx: UiContext, key: str, title: str, module: str, cls: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.key = key
        self.title = title
        self._where = (module, cls)
        self.page: Any = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def refresh(self) -> None:
        if self.page is None:
            module, cls = self._where
            self.page = getattr(importlib.import_module(module), cls)(self.ctx)
            self._layout.addWidget(self.page)
            self.built.emit(self.page)
            return  # a new page loads its own data
        self.page.refresh()

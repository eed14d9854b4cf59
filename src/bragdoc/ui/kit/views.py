"""Small builders every page shares: a read-only record table and a keyboard tab chain."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QLayout, QTableView, QWidget


def record_table(name: str, model: QAbstractItemModel) -> QTableView:
    """A table of records: whole-row single selection, no in-place editing, and Tab that
    leaves the table (arrows move inside it)."""
    view = QTableView(objectName=name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setTabKeyNavigation(False)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setHighlightSections(False)
    return view


def clear_layout(layout: QLayout) -> None:
    """Empty a layout that is filled anew on each load. Its widgets leave at once (hidden
    and unparented, so nothing finds, shows or types into them any more) and are deleted
    when the event loop is next free."""
    while (item := layout.takeAt(0)) is not None:
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()


def chain_tab_order(*widgets: QWidget) -> None:
    """Tab visits the widgets in the order given."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)

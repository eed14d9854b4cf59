"""A scrolling column of cards, filled anew on each load: Home and the weekly review.

    scroll, column = card_column("home")          # add `scroll` to the page
    layout = add_card(column, "This week", "this_week")

The cards take the theme's card tone; the page empties the column with
`kit.views.clear_layout` before filling it (and sets `Page.rebuilds`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from bragdoc.ui.kit.theme import set_tone


def card_column(prefix: str) -> tuple[QScrollArea, QVBoxLayout]:
    """A frameless scroll area (`PREFIX_scroll`) around a top-aligned column (`PREFIX_body`)."""
    body = QWidget(objectName=f"{prefix}_body")
    column = QVBoxLayout(body)
    column.setAlignment(Qt.AlignmentFlag.AlignTop)
    scroll = QScrollArea(objectName=f"{prefix}_scroll")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(body)
    return scroll, column


def add_card(column: QVBoxLayout, title: str, name: str) -> QVBoxLayout:
    """A card named `name` with a bold heading, added to `column`; returns its layout."""
    frame = QFrame(objectName=name)
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    set_tone(frame, "card")
    layout = QVBoxLayout(frame)
    heading = QLabel(title)
    font = heading.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    heading.setFont(font)
    layout.addWidget(heading)
    column.addWidget(frame)
    return layout

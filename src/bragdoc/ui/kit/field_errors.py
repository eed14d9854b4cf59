"""How every form shows a problem: a short red line right under the field concerned."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

ERROR_COLOUR = "#c62828"  # readable on both light and dark window backgrounds


def error_label(name: str) -> QLabel:
    label = QLabel(objectName=name)
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    label.setWordWrap(True)
    label.hide()
    return label


def show_error(label: QLabel, message: str | None) -> None:
    label.setText(message or "")
    label.setVisible(bool(message))

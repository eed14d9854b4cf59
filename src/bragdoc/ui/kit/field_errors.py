"""How every form shows a problem: a short red line right under the field concerned."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from bragdoc.ui.kit.theme import set_tone


def error_label(name: str) -> QLabel:
    label = QLabel(objectName=name)
    set_tone(label, "error")
    label.setWordWrap(True)
    label.hide()
    return label


def show_error(label: QLabel, message: str | None) -> None:
    label.setText(message or "")
    label.setVisible(bool(message))

"""Choices about the window itself, kept in QSettings (what shapes documents lives in the
database instead)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

KEEP_IN_TRAY = "window/keep_in_tray"
"""Keep bragdoc running in the system tray when its window is closed (default yes)."""


def keeps_running_in_tray(settings: QSettings) -> bool:
    return str(settings.value(KEEP_IN_TRAY, "true")).lower() in ("true", "1")


def set_keep_running_in_tray(settings: QSettings, keep: bool) -> None:
    settings.setValue(KEEP_IN_TRAY, "true" if keep else "false")


THEME = "appearance/theme"
"""Light, dark, or following the desktop's scheme (`theme.MODES`; default: the system's).
Kept for the whole app, not per database."""


def theme_mode(settings: QSettings) -> str:
    from bragdoc.ui.kit.theme import MODES

    chosen = str(settings.value(THEME, "system"))
    return chosen if chosen in MODES else "system"


def set_theme_mode(settings: QSettings, chosen: str) -> None:
    settings.setValue(THEME, chosen)

"""bragdoc in the system tray: capture a win without the window, and the weekly reminder
while the window is closed.

Where the desktop has a tray, closing the window keeps bragdoc running there (a setting
turns this off, see ui/kit/preferences.py); the tray menu logs a win, opens the weekly
review or the window, or quits, and clicking the reminder opens the Log-a-win dialog.
Where there is no tray, closing quits as before.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon


class Tray(QObject):
    log_win = Signal()
    open_window = Signal()
    review_week = Signal()
    quit = Signal()

    def __init__(self, icon: QIcon, parent: QObject, *, available: bool | None = None) -> None:
        """`available` overrides asking the desktop whether it has a tray (tests)."""
        super().__init__(parent)
        self.available = (QSystemTrayIcon.isSystemTrayAvailable() if available is None
                          else available)
        self.menu = QMenu()
        self.log_action = QAction("&Log a win…", self)
        self.review_action = QAction("Weekly &review…", self)
        self.open_action = QAction("&Open bragdoc", self)
        self.quit_action = QAction("&Quit bragdoc", self)
        self.menu.addActions([self.log_action, self.review_action, self.open_action])
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.log_action.triggered.connect(self.log_win)
        self.review_action.triggered.connect(self.review_week)
        self.open_action.triggered.connect(self.open_window)
        self.quit_action.triggered.connect(self.quit)
        self.destroyed.connect(self.menu.deleteLater)
        self.icon: QSystemTrayIcon | None = None
        if self.available and QSystemTrayIcon.isSystemTrayAvailable():
            self.icon = QSystemTrayIcon(icon, self)
            self.icon.setToolTip("bragdoc")
            self.icon.setContextMenu(self.menu)
            # The reminder asks for a win: clicking it opens the dialog to write one.
            self.icon.messageClicked.connect(self.log_win)
            self.icon.activated.connect(self._activated)
            self.icon.show()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            self.open_window.emit()

    def notify(self, title: str, text: str) -> bool:
        """A desktop notification; False where there is no tray to show it from."""
        if self.icon is None:
            return False
        self.icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 15_000)
        return True

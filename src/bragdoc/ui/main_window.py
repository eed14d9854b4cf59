"""The main window shell. The pages of the next issues plug in here; for now it shows
the log read-only so that a fresh install has something true to show."""

from __future__ import annotations

import html

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QListWidget, QMainWindow, QVBoxLayout, QWidget

from bragdoc.services.queries import Queries


class MainWindow(QMainWindow):
    def __init__(self, queries: Queries) -> None:
        super().__init__()
        self.queries = queries
        self.setWindowTitle("bragdoc")
        self.resize(900, 600)

        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.wins = QListWidget()
        self.wins.setObjectName("wins")
        self.location = QLabel(f"Database: {queries.db.path}")
        self.location.setObjectName("location")

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.heading)
        layout.addWidget(self.wins, stretch=1)
        layout.addWidget(self.location)
        self.setCentralWidget(body)

        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        self.menuBar().addMenu("&File").addAction(quit_action)
        self.refresh()

    def refresh(self) -> None:
        wins = self.queries.wins()
        profile = self.queries.profile()
        who = profile.name or "Your record"
        self.heading.setText(f"<h2>{html.escape(who)}</h2><p>{len(wins)} wins logged</p>")
        self.wins.clear()
        if not wins:
            self.wins.addItem("Nothing logged yet — try: bragdoc add \"What I shipped\"")
        self.wins.addItems([w.one_line() for w in wins])

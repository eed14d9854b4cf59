"""Starting the desktop app: QApplication, database, main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bragdoc import resources
from bragdoc.domain.errors import UserError
from bragdoc.store.database import Database


def run_app(db_path: Path) -> int:
    # matplotlib must pick PySide6 even where PyQt is also installed.
    os.environ.setdefault("QT_API", "pyside6")
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication, QMessageBox

    from bragdoc.ui.context import UiContext
    from bragdoc.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("bragdoc")
    app.setOrganizationName("bragdoc")
    app.setWindowIcon(QIcon(str(resources.path(resources.APP_ICON))))
    try:
        db = Database.open(db_path)
    except UserError as exc:
        QMessageBox.critical(None, "bragdoc cannot open the database", str(exc))
        return 2
    window = MainWindow(UiContext.create(db))
    window.show()
    return app.exec()

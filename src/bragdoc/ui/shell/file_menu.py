"""File ▸ Open database…, Open recent, Import and Export: other records, and records in
and out.

Another database opens in its own bragdoc process, this window staying on its own. A
window holds one database's services, undo history, backups, drafts and the channel that
keeps a second launch from opening the same file twice; swapping them under open pages
and running jobs would risk a late answer or an undo landing in the wrong record. A
process per database keeps every record apart, and the single-instance channel brings an
already open one forward instead of opening it again.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QProcess
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu

from bragdoc.domain.errors import InvalidInput
from bragdoc.ui.kit.errors import describe
from bragdoc.ui.kit.icons import Icons
from bragdoc.ui.kit.jobs import start_job
from bragdoc.ui.shell.window_state import drop_missing_recent, recent_databases

if TYPE_CHECKING:
    from bragdoc.ui.shell.main_window import MainWindow

DATABASE_FILTER = "bragdoc database (*.sqlite3 *.sqlite *.db);;All files (*)"
EXPORT_FILTERS = {
    ".json": "Everything, to keep or move (*.json)",
    ".csv": "Wins as a spreadsheet (*.csv)",
}
_SQLITE_HEADER = b"SQLite format 3\x00"


def launch_command(db_path: Path) -> tuple[str, list[str]]:
    """The program and arguments that open `db_path` in a bragdoc of its own."""
    return sys.executable, ["-m", "bragdoc", "--db", str(db_path), "gui"]


def database_problem(path: Path) -> str | None:
    """Why `path` cannot be opened as a database, or None (an empty file is a new one)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_SQLITE_HEADER))
    except OSError as exc:
        return f"{path.name} cannot be read: {exc.strerror or exc}"
    if head and head != _SQLITE_HEADER:
        return f"{path.name} is not a bragdoc database (it is not an SQLite file)"
    return None


class FileMenu(QObject):
    """The File menu's first part; the window adds its own items after it."""

    def __init__(self, window: MainWindow, menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.settings = window.settings
        self.export_job: Any = None

        self.open_database = QAction("&Open database…", window)
        self.open_database.setShortcut(QKeySequence.StandardKey.Open)
        self.open_database.setStatusTip("Open another bragdoc database in a window of its own")
        window.addAction(self.open_database)
        self.recent = QMenu("Open rece&nt", menu, objectName="recent_menu")
        self.recent.aboutToShow.connect(self.fill_recent)
        self.import_menu = QMenu("&Import", menu, objectName="import_menu")
        self.import_git = self.import_menu.addAction("From &git history…")
        self.import_markdown = self.import_menu.addAction("A brag &document (Markdown)…")
        self.import_csv = self.import_menu.addAction("A &spreadsheet of wins (CSV)…")
        self.export = QAction("E&xport…", window)
        self.export.setStatusTip("Save your whole record (JSON) or your wins (CSV) to a file")

        icons = Icons(self)
        for target, name in ((self.open_database, "open"), (self.import_menu, "import"),
                             (self.export, "export")):
            icons.set(target, name)
        menu.addAction(self.open_database)
        menu.addMenu(self.recent)
        menu.addSeparator()
        menu.addMenu(self.import_menu)
        menu.addAction(self.export)
        menu.addSeparator()

        self.open_database.triggered.connect(self.choose_database)
        self.import_git.triggered.connect(lambda: self._import("import_git"))
        self.import_markdown.triggered.connect(lambda: self._import("import_markdown"))
        self.import_csv.triggered.connect(lambda: self._import("import_csv"))
        self.export.triggered.connect(self.choose_export)

    def _say(self, text: str, ms: int = 10_000) -> None:
        self.window.statusBar().showMessage(text, ms)

    # --- other databases -----------------------------------------------------------------

    def choose_database(self) -> None:
        start = str(self.window.ctx.services.db.path.parent)
        chosen, _ = QFileDialog.getOpenFileName(self.window, "Open a bragdoc database", start,
                                                DATABASE_FILTER)
        if chosen:
            self.open_path(Path(chosen))

    def fill_recent(self) -> None:
        """List the recent databases other than this one; ones gone are dropped, saying so."""
        gone = drop_missing_recent(self.settings)
        self.recent.clear()
        here = self.window.ctx.services.db.path.absolute()
        for path in [p for p in recent_databases(self.settings) if p != here]:
            action = self.recent.addAction(f"{path.name} — {path.parent}")
            action.setData(str(path))
            action.triggered.connect(self._open_recent)
        if self.recent.isEmpty():
            self.recent.addAction("No other database yet").setEnabled(False)
        if gone:
            # Said in the menu, where the person is looking (the status line shows the
            # menu's tips while it is open).
            self.recent.addSeparator()
            for path in gone:
                self.recent.addAction(f"{path.name} is no longer in {path.parent}: "
                                      "taken off this list").setEnabled(False)

    def _open_recent(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.open_path(Path(str(action.data())))

    def open_path(self, path: Path) -> bool:
        """Open `path` in a bragdoc of its own; True if one was started."""
        path = path.expanduser().absolute()
        if path == self.window.ctx.services.db.path.absolute():
            self._say(f"{path.name} is the database open in this window.")
            return False
        if not path.is_file():
            drop_missing_recent(self.settings)
            self._say(f"{path} is no longer there; it was taken off the recent list.", 15_000)
            return False
        problem = database_problem(path)
        if problem is not None:
            self._say(problem, 15_000)
            return False
        program, arguments = launch_command(path)
        if not QProcess.startDetached(program, arguments)[0]:
            self._say("bragdoc could not be started again to open it.", 15_000)
            return False
        self._say(f"{path.name} opens in a window of its own.")
        return True

    # --- import and export ---------------------------------------------------------------

    def _import(self, how: str) -> None:
        """The Inbox does the importing: show it, then start the import chosen there."""
        self.window.show_page("inbox")
        getattr(self.window.page("inbox").import_panel, how)()

    def choose_export(self) -> None:
        if self.export_job is not None:
            self._say("An export is still being written.")
            return
        folder = Path(str(self.settings.value("export/last_folder", str(Path.home()))))
        chosen, chosen_filter = QFileDialog.getSaveFileName(
            self.window, "Export your record", str(folder / "bragdoc-record.json"),
            ";;".join(EXPORT_FILTERS.values()))
        if chosen:
            suffix = next((s for s, f in EXPORT_FILTERS.items() if f == chosen_filter), ".json")
            target = Path(chosen)
            self.export_to(target if target.suffix else target.with_suffix(suffix))

    def export_to(self, target: Path) -> None:
        """Write the record to `target` (.json: everything; .csv: the wins) on a worker."""
        services = self.window.ctx.services
        suffix = target.suffix.lower()

        def work() -> str:
            if suffix == ".csv":
                return f"wins: {services.csv.export_to(target)}"
            if suffix != ".json":
                raise InvalidInput(f"{target.name}: export writes .json (everything) or "
                                   ".csv (wins)")
            written = services.transfer.export_to(target)
            return ", ".join(f"{kind}: {n}" for kind, n in written.items())

        def done(what: str) -> None:
            self.export_job = None
            self.settings.setValue("export/last_folder", str(target.parent))
            self._say(f"Exported to {target}: {what}", 15_000)

        def failed(exc: Exception) -> None:
            self.export_job = None
            self._say(describe(exc, "Not exported"), 20_000)

        self._say(f"Exporting to {target.name}…", 0)
        self.export_job = start_job(work, done, failed, self)

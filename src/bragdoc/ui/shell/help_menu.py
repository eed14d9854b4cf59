"""Help ▸ Keyboard shortcuts, Where is my data?, About bragdoc.

The shortcuts are read from the window itself (its actions, its pages' shortcuts, the
menus' Alt keys) each time the list opens, so the list cannot drift from what the keys do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bragdoc import __version__, paths
from bragdoc.services.desktop_entry import APP_ID, SUMMARY, package_licence
from bragdoc.ui.kit.icons import Icons
from bragdoc.ui.shell.application import app_icon
from bragdoc.ui.shell.lazy_page import LazyPage

if TYPE_CHECKING:
    from bragdoc.ui.shell.main_window import MainWindow

EVERYWHERE = "Anywhere in the window"
MENUS = "Menus"


@dataclass(frozen=True)
class ShortcutRow:
    where: str
    keys: str
    what: str


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def _page_of(window: MainWindow, widget: QObject | None) -> str | None:
    for page in window.pages:
        if isinstance(widget, QWidget) and (widget is page or page.isAncestorOf(widget)):
            return f"{page.title} page"  # type: ignore[attr-defined]
    return None


def window_actions(window: MainWindow) -> list[QAction]:
    """The actions that can fire in the window: those added to it, its menus or a widget
    inside it (an action belongs to no key until it is added to a widget)."""
    found: dict[int, QAction] = {}
    for widget in [window, *window.findChildren(QWidget)]:
        for action in widget.actions():
            found.setdefault(id(action), action)
    return list(found.values())


def _menu_of(window: MainWindow, owner: QObject) -> str | None:
    if isinstance(owner, QMenu) and owner.menuAction() in window.menuBar().actions():
        return f"{_plain(owner.title())} menu"
    return None


def window_shortcuts(window: MainWindow) -> list[ShortcutRow]:
    """Every key the window answers to, with what it does and where it works."""
    for page in window.pages:
        if isinstance(page, LazyPage):
            page.build()  # its shortcuts exist once the page does
    rows: list[ShortcutRow] = []
    for action in window.menuBar().actions():
        mnemonic = QKeySequence.mnemonic(action.text())
        if not mnemonic.isEmpty():
            rows.append(ShortcutRow(MENUS, _keys(mnemonic), f"Open the {_plain(action.text())} "
                                                            "menu"))
    for action in window_actions(window):
        owners = action.associatedObjects()
        # A page first: an action added to one (Del on the Log) works only there.
        where = next((found for found in (_page_of(window, o) for o in owners) if found),
                     None) or next((found for found in (_menu_of(window, o) for o in owners)
                                    if found), EVERYWHERE)
        rows.extend(ShortcutRow(where, _keys(key), _plain(action.text()))
                    for key in action.shortcuts() if not key.isEmpty())
    for shortcut in window.findChildren(QShortcut):
        if shortcut.key().isEmpty():
            continue
        where = _page_of(window, shortcut.parent()) or EVERYWHERE
        rows.append(ShortcutRow(where, _keys(shortcut.key()), shortcut.whatsThis()))
    order = [MENUS, *(f"{_plain(a.text())} menu" for a in window.menuBar().actions()),
             EVERYWHERE, *(f"{p.title} page" for p in window.pages)]  # type: ignore[attr-defined]
    return sorted(set(rows), key=lambda r: (order.index(r.where) if r.where in order
                                            else len(order), r.where, r.keys))


def _keys(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)


class ShortcutsDialog(QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(560, 560)
        self.rows = window_shortcuts(window)
        self.tree = QTreeWidget(objectName="shortcut_list")
        self.tree.setAccessibleName("Keyboard shortcuts")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Keys", "What they do"])
        self.tree.setRootIsDecorated(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        groups: dict[str, QTreeWidgetItem] = {}
        for row in self.rows:
            group = groups.get(row.where)
            if group is None:
                group = groups[row.where] = QTreeWidgetItem(self.tree, [row.where])
                group.setFirstColumnSpanned(True)
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            QTreeWidgetItem(group, [row.keys, row.what])
        self.tree.expandAll()
        note = QLabel("In a dialog, Enter or Ctrl+Enter saves and Esc cancels.")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, stretch=1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.tree.setFocus()


class DataDialog(QDialog):
    """Where the database, its backups, the window's settings and the log are, each path
    copyable and its folder one click from the file manager."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle("Where is my data?")
        self.setMinimumWidth(640)
        db_path = window.ctx.services.db.path
        self.places: dict[str, Path] = {
            "database": db_path,
            "backups": paths.backup_dir(db_path),
            "settings": Path(window.settings.fileName()),
            "log": paths.log_dir() / "bragdoc.log",
        }
        labels = {"database": ("&Database", "Everything you logged, in one SQLite file"),
                  "backups": ("&Backups", "Checked copies, taken on a schedule and on close"),
                  "settings": ("&Window settings", "Window sizes and last folders only"),
                  "log": ("&Log file", "What bragdoc did, without your records' text")}
        intro = QLabel("bragdoc keeps everything on this computer; nothing is sent anywhere.")
        intro.setWordWrap(True)
        grid = QGridLayout()
        self.fields: dict[str, QLineEdit] = {}
        for row, (key, path) in enumerate(self.places.items()):
            title, help_text = labels[key]
            label = QLabel(title)
            field = QLineEdit(str(path), objectName=f"{key}_path")
            field.setReadOnly(True)
            field.setToolTip(help_text)
            field.setAccessibleName(f"{_plain(title)} path")
            field.setAccessibleDescription(help_text)
            label.setBuddy(field)
            copy = QPushButton("Copy", objectName=f"{key}_copy")
            copy.setAccessibleName(f"Copy the {_plain(title).lower()} path")
            copy.setAutoDefault(False)
            folder = QPushButton("Open folder", objectName=f"{key}_open")
            folder.setAccessibleName(f"Open the {_plain(title).lower()} folder")
            folder.setAutoDefault(False)
            copy.clicked.connect(lambda _=False, k=key: self.copy(k))
            folder.clicked.connect(lambda _=False, k=key: self.open_folder(k))
            self.fields[key] = field
            grid.addWidget(label, row, 0)
            grid.addWidget(field, row, 1)
            grid.addWidget(copy, row, 2)
            grid.addWidget(folder, row, 3)
        self.status = QLabel(objectName="data_status")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.fields["database"].setFocus()

    def copy(self, key: str) -> None:
        QGuiApplication.clipboard().setText(str(self.places[key]))
        self.status.setText(f"Copied {self.places[key]}")

    def folder_of(self, key: str) -> Path:
        path = self.places[key]
        return path if key == "backups" else path.parent

    def open_folder(self, key: str) -> bool:
        folder = self.folder_of(key)
        if not folder.is_dir():
            self.status.setText(f"{folder} does not exist yet.")
            return False
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.status.setText(f"No file manager could open {folder}.")
            return False
        self.status.setText(f"Opened {folder}")
        return True


def about_box(parent: QWidget) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName("about")
    box.setWindowTitle("About bragdoc")
    box.setIconPixmap(app_icon().pixmap(96, 96))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(f"<h3>bragdoc {__version__}</h3><p>{SUMMARY}.</p>")
    box.setInformativeText(
        f"Your record stays on this computer. Licence: {package_licence()}. "
        f"Application id: {APP_ID}.")
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    return box


class HelpMenu(QObject):
    def __init__(self, window: MainWindow, menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.shortcuts = QAction("&Keyboard shortcuts", window)
        self.shortcuts.setShortcut(QKeySequence("F1"))
        self.shortcuts.setStatusTip("Every key bragdoc answers to")
        window.addAction(self.shortcuts)
        self.where = QAction("&Where is my data?", window)
        self.where.setStatusTip("The database, backups, settings and log, and their folders")
        self.about = QAction("&About bragdoc", window)
        icons = Icons(self)
        for target, name in ((self.shortcuts, "shortcuts"), (self.where, "data"),
                             (self.about, "about")):
            icons.set(target, name)
        menu.addActions([self.shortcuts, self.where, self.about])
        self.shortcuts.triggered.connect(self.show_shortcuts)
        self.where.triggered.connect(self.show_data)
        self.about.triggered.connect(self.show_about)

    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self.window)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def show_data(self) -> DataDialog:
        dialog = DataDialog(self.window)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def show_about(self) -> QMessageBox:
        box = about_box(self.window)
        box.finished.connect(box.deleteLater)
        box.open()
        return box

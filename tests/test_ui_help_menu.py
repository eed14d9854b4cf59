"""Help ▸ Keyboard shortcuts (read from the window itself), Where is my data? and About."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

from bragdoc import __version__
from bragdoc.store.database import Database
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.shell.help_menu import DataDialog, ShortcutsDialog, window_actions
from bragdoc.ui.shell.main_window import MainWindow
from tests.conftest import show_and_activate

pytestmark = pytest.mark.qt_log_ignore("does not support grabbing")


@pytest.fixture
def window(qtbot, db: Database, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    made = MainWindow(UiContext.create(db),
                      QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    made.show_page("log")
    qtbot.addWidget(made)
    show_and_activate(qtbot, made)
    return made


def help_item(qtbot, window: MainWindow, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    qtbot.keyClick(QApplication.activePopupWidget(), key)


def leaves(dialog: ShortcutsDialog) -> list[tuple[str, str, str]]:
    found = []
    for group_row in range(dialog.tree.topLevelItemCount()):
        group = dialog.tree.topLevelItem(group_row)
        found.extend((group.text(0), group.child(i).text(0), group.child(i).text(1))
                     for i in range(group.childCount()))
    return found


def test_f1_lists_every_shortcut_the_window_has(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ShortcutsDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ShortcutsDialog)
    listed = leaves(dialog)
    native = QKeySequence.SequenceFormat.NativeText
    assert ("Edit menu", QKeySequence("Ctrl+N").toString(native), "New win") in listed
    assert ("Menus", "Alt+H", "Open the Help menu") in listed
    assert ("Log page", QKeySequence("Del").toString(native), "Delete win") in listed
    assert ("Log page", QKeySequence(QKeySequence.StandardKey.Find).toString(native),
            "Search the log") in listed
    # Every action with a key is there once per key, and nothing else but the menus'
    # Alt keys and the pages' own shortcuts (each described).
    def plain(text: str) -> str:
        return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")

    expected = {(key.toString(native), plain(action.text()))
                for action in window_actions(window) for key in action.shortcuts()
                if not key.isEmpty()}
    assert expected <= {(keys, what) for _where, keys, what in listed}
    assert len(listed) == len(dialog.rows) and all(what for _w, _k, what in listed)
    # Packet is built only when first shown, but its keys are listed all the same.
    assert any(where == "Packet page" and what == "Export the packet"
               for where, _k, what in listed)
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_where_is_my_data_copies_paths_and_opens_folders(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    help_item(qtbot, window, Qt.Key.Key_W)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), DataDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, DataDialog)
    db_path = window.ctx.services.db.path
    assert dialog.fields["database"].text() == str(db_path)
    assert dialog.fields["backups"].text() == str(db_path.parent / "backups")
    assert dialog.fields["settings"].text() == window.settings.fileName()
    # From the keyboard: focus starts on the database path; Tab reaches Copy, Space
    # presses it; Tab again and Space opens its folder.
    qtbot.waitUntil(dialog.fields["database"].hasFocus)
    qtbot.keyClick(dialog.fields["database"], Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert QGuiApplication.clipboard().text() == str(db_path)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert opened == [QUrl.fromLocalFile(str(db_path.parent))]
    assert dialog.status.text() == f"Opened {db_path.parent}"
    # A folder not made yet is said so, not opened.
    missing = dialog.folder_of("log")
    if not missing.exists():
        assert not dialog.open_folder("log") and "does not exist yet" in dialog.status.text()


def test_about_names_the_version_and_licence(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    help_item(qtbot, window, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox))
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox) and box.windowTitle() == "About bragdoc"
    assert f"bragdoc {__version__}" in box.text() and "MIT" in box.informativeText()
    assert not box.iconPixmap().isNull()
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not box.isVisible())

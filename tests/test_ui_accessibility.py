"""What a screen reader and a keyboard user meet: every page of the main window (on the
sample record) and every dialog is walked, and each visible interactive widget must be
named (an accessible name, a buddy label or its own text); each dialog's Alt+letter
mnemonics must be unique and reach their field."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from bragdoc.importers.suggestion import Suggestion
from bragdoc.services.packet_drafts import DraftVersion
from bragdoc.services.sample import load_sample
from bragdoc.store.database import Database
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.shell.main_window import MainWindow
from bragdoc.ui.shell.pages import PAGES
from tests.conftest import show_and_activate

INTERACTIVE = (QAbstractButton, QLineEdit, QTextEdit, QPlainTextEdit, QComboBox,
               QAbstractSpinBox, QAbstractItemView, QSlider)
INNER_PARTS_OF = (QComboBox, QAbstractSpinBox, QLineEdit, QAbstractItemView, QTabBar)
"""Widgets whose children (a combo's line edit, a table's corner button, a field's clear
button, a tab bar's scroll arrows) are spoken as part of their owner."""


def _is_chart(widget: QWidget) -> bool:
    return type(widget).__name__.endswith("Canvas") or any(
        k.__name__.startswith("FigureCanvas") for k in type(widget).__mro__)


def _label(widget: QWidget) -> str:
    return f"{type(widget).__name__} {widget.objectName() or '(no object name)'}"


def nameless_on_every_tab(root: QWidget) -> list[str]:
    """`nameless` with each tab of each tab widget under `root` shown in turn."""
    missing = nameless(root)
    for tabs in root.findChildren(QTabWidget):
        if not tabs.isVisible():
            continue
        shown = tabs.currentIndex()
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            missing += [name for name in nameless(tabs.widget(index)) if name not in missing]
        tabs.setCurrentIndex(shown)
    return missing


def nameless(root: QWidget) -> list[str]:
    """The visible interactive widgets under `root` that a screen reader cannot name."""
    buddies = {label.buddy() for label in root.findChildren(QLabel)
               if label.buddy() is not None and label.isVisible() and label.text().strip()}
    missing = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or isinstance(widget, QHeaderView):
            continue
        if not (isinstance(widget, INTERACTIVE) or _is_chart(widget)):
            continue
        if isinstance(widget.parentWidget(), INNER_PARTS_OF):
            continue
        if widget.accessibleName().strip() or widget in buddies:
            continue
        if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
            continue
        missing.append(_label(widget))
    return missing


@pytest.fixture
def window(qtbot, db: Database, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    ctx = UiContext.create(db)
    load_sample(ctx.services)
    main = MainWindow(ctx, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(main)
    main.resize(1600, 1000)
    with qtbot.waitSignal(main.home_page.loaded, timeout=15_000):
        show_and_activate(qtbot, main)
    yield main


def _show(qtbot, window: MainWindow, key: str) -> QWidget:  # type: ignore[no-untyped-def]
    window.show_page(key)
    page = window.by_key[key]
    page = page.build() if hasattr(page, "build") else page
    qtbot.waitUntil(lambda: page.generation > 0 and not page.loading, timeout=20_000)
    qtbot.wait(20)  # a page that shows in steps has put its last part on screen
    return page  # type: ignore[no-any-return]


def test_every_page_names_every_control(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    found: dict[str, list[str]] = {}
    for entry in PAGES:
        _show(qtbot, window, entry.key)
        if missing := nameless_on_every_tab(window):
            found[entry.key] = missing
    assert not found, "\n".join(f"{key}: {', '.join(names)}" for key, names in found.items())


def test_each_pages_mnemonics_are_unique_beside_the_menus(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    menus = [letter for action in window.menuBar().actions()
             if (letter := _letter(action.text()))]
    problems = []
    for entry in PAGES:
        _show(qtbot, window, entry.key)
        letters = menus + [letter for letter, _shown, _target in mnemonics(window)]
        problems += [f"{entry.key}: Alt+{letter.upper()} is used {letters.count(letter)} times"
                     for letter in sorted(set(letters)) if letters.count(letter) > 1]
    assert not problems, "\n".join(problems)


def test_the_walk_finds_a_nameless_control(qtbot) -> None:  # type: ignore[no-untyped-def]
    holder = QWidget()
    qtbot.addWidget(holder)
    field = QLineEdit(holder, objectName="unnamed_field")
    QLabel("Not a buddy", holder)
    holder.show()
    assert nameless(holder) == ["QLineEdit unnamed_field"]
    field.setAccessibleName("Named now")
    assert nameless(holder) == []


# --- dialogs --------------------------------------------------------------------------


def _dialogs(window: MainWindow, tmp_path: Path) -> Iterator[QDialog]:
    """Every dialog of the app, opened as the app opens it (or built as it is built)."""
    from bragdoc.ui.backups.restore_dialog import DamagedDatabaseDialog
    from bragdoc.ui.inbox.suggestion_dialog import SuggestionDialog
    from bragdoc.ui.packet.dialogs import HistoryDialog

    people = window.page("people")
    people = people.build() if hasattr(people, "build") else people
    yield window.new_win()
    yield window.set_up()
    yield window.open_settings()
    yield window.open_restore()
    yield window.help_menu.show_shortcuts()
    yield window.help_menu.show_data()
    yield window.help_menu.show_about()
    yield people.add_feedback()
    yield people.add_mentoring()
    for kind in ("project", "goal"):
        yield SuggestionDialog(Suggestion("git", "Shipped the cache", dt.date(2026, 3, 2),
                                          kind=kind, goal_for="this_year"),
                               lambda _s: None, parent=window)
    version = DraftVersion(1, dt.datetime(2026, 3, 2, 9), "generated", "# Packet\n")
    yield HistoryDialog(lambda: [version], lambda _id: None, parent=window)
    yield DamagedDatabaseDialog(tmp_path / "x.sqlite3", tmp_path / "x.damaged",
                                tmp_path / "backup.sqlite3", "2 March", parent=window)


def _open(qtbot, dialog: QDialog) -> None:  # type: ignore[no-untyped-def]
    if not dialog.isVisible():
        dialog.open()
    qtbot.waitUntil(dialog.isVisible)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    qtbot.wait(20)


def _close(dialog: QDialog) -> None:
    dialog.done(QDialog.DialogCode.Rejected)
    dialog.deleteLater()


def test_every_dialog_names_every_control(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    found: dict[str, list[str]] = {}
    for dialog in _dialogs(window, tmp_path):
        _open(qtbot, dialog)
        if missing := nameless_on_every_tab(dialog):
            found[dialog.windowTitle()] = missing
        _close(dialog)
    assert not found, "\n".join(f"{key}: {', '.join(names)}" for key, names in found.items())


_MNEMONIC = re.compile(r"&([^&\s])")


def _letter(text: str) -> str | None:
    match = _MNEMONIC.search(text.replace("&&", ""))
    return match.group(1).lower() if match else None


def mnemonics(dialog: QWidget) -> list[tuple[str, QWidget, QWidget]]:
    """(letter, the widget showing it, where Alt+letter should take the focus)."""
    found = []
    for label in dialog.findChildren(QLabel):
        letter = _letter(label.text())
        if letter and label.isVisible():
            found.append((letter, label, label.buddy()))
    for button in dialog.findChildren(QAbstractButton):
        letter = _letter(button.text())
        if letter and button.isVisible():
            found.append((letter, button, button))
    return found


def _focused_on(target: QWidget) -> bool:
    focus = QApplication.focusWidget()
    return focus is not None and (focus is target or target.isAncestorOf(focus)
                                  or focus is target.focusProxy())


def test_every_dialogs_mnemonics_are_unique_and_reach_their_field(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, tmp_path: Path) -> None:
    problems: list[str] = []
    for dialog in _dialogs(window, tmp_path):
        _open(qtbot, dialog)
        title = dialog.windowTitle()
        marks = mnemonics(dialog)
        letters = [letter for letter, _shown, _target in marks]
        problems += [f"{title}: Alt+{letter.upper()} is used {letters.count(letter)} times"
                     for letter in sorted(set(letters)) if letters.count(letter) > 1]
        for letter, shown, target in marks:
            if target is None:
                problems.append(f"{title}: “{shown.text()}” shows Alt+{letter.upper()} "
                                "but has no field")
                continue
            if isinstance(target, QAbstractButton) and not isinstance(target, QCheckBox):
                continue  # pressing it would act (save, restore…); unique is enough
            if not target.isEnabled():
                continue
            before = target.isChecked() if isinstance(target, QCheckBox) else None
            qtbot.keyClick(dialog, getattr(Qt.Key, f"Key_{letter.upper()}"),
                           Qt.KeyboardModifier.AltModifier)
            if not _focused_on(target):
                focus = QApplication.focusWidget()
                problems.append(f"{title}: Alt+{letter.upper()} went to "
                                f"{_label(focus) if focus else 'nothing'}, not "
                                f"{_label(target)}")
            if isinstance(target, QCheckBox):
                qtbot.waitUntil(lambda box=target, was=before: box.isChecked() != was)
                target.setChecked(bool(before))  # leave the form as it was
        _close(dialog)
    assert not problems, "\n".join(problems)


def test_alt_g_and_the_pillars_in_the_win_dialog(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = window.new_win()
    _open(qtbot, dialog)
    tags_letter = next(_letter(label.text()) for label in dialog.findChildren(QLabel)
                       if label.buddy() is dialog.tags)
    qtbot.keyClick(dialog, getattr(Qt.Key, f"Key_{tags_letter.upper()}"),
                   Qt.KeyboardModifier.AltModifier)
    assert dialog.tags.hasFocus() and dialog.title.text() == ""
    # Each pillar has its own Alt+letter, which ticks it.
    for key, box in dialog.pillars.items():
        letter = _letter(box.text())
        assert letter, key
        qtbot.keyClick(dialog, getattr(Qt.Key, f"Key_{letter.upper()}"),
                       Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(box.isChecked)  # a mnemonic clicks the box as a short animation
        assert box.hasFocus(), key
    assert dialog.title.text() == "" and dialog.tags.text() == ""
    for box in dialog.pillars.values():
        box.setChecked(False)
    _close(dialog)

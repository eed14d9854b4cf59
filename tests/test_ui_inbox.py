"""The Inbox page driven from the keyboard and mouse: suggestions from a brag document and
from real git repositories accepted with Enter, rejected with Del, edited before
accepting, merged, selected in bulk; git import from the page, with progress and cancel;
spreadsheet import straight into the log. The table model passes Qt's model checks."""

from __future__ import annotations

import itertools
import os
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QSettings, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from bragdoc.importers.git_history import split_emails
from bragdoc.services.inbox import InboxService
from bragdoc.store.database import Database
from bragdoc.ui.inbox.page import InboxPage
from bragdoc.ui.inbox.table import ID_ROLE, Column, InboxTableModel, metrics_summary
from bragdoc.ui.kit.context import UiContext
from tests.conftest import answer_discard, show_and_activate

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
ADA = ("Ada Lovelace", "ada@example.com")
BOB = ("Bob Builder", "bob@example.com")
_counter = itertools.count()

BRAG_DOC = """\
# Brag document 2024

## Projects

### Checkout

- 2024-03-04: Cut checkout p95 latency from 2.4s → 0.6s
- 2024-03-11: Moved the cart cache to Redis
- 2024-03-18: Wrote the payments runbook

## Collaboration & mentorship

- 2024-04-02: Paired with two new hires on their first on-call week
"""


# --- helpers ---------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """No global or system git configuration leaks in from the machine."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME",
                 "GIT_COMMITTER_EMAIL", "GIT_DIR", "GIT_WORK_TREE"):
        monkeypatch.delenv(name, raising=False)


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          env={**os.environ, **(env or {})})
    return done.stdout.decode().strip()


def make_repo(path: Path) -> Path:
    path.mkdir(parents=True)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.name", "Repo Owner")
    git(path, "config", "user.email", "owner@example.com")
    git(path, "config", "commit.gpgsign", "false")
    return path


def commit(repo: Path, subject: str, *, author: tuple[str, str] = ADA,
           when: str = "2024-03-04T10:00:00+00:00") -> str:
    name = f"file{next(_counter)}.txt"
    (repo / name).write_text(subject + "\n", encoding="utf-8")
    git(repo, "add", name)
    git(repo, "commit", "-q", "-m", subject,
        env={"GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1],
             "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when})
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def ctx(db: Database) -> UiContext:
    return UiContext.create(db)


@pytest.fixture
def brag_doc(tmp_path: Path) -> Path:
    path = tmp_path / "brag.md"
    path.write_text(BRAG_DOC, encoding="utf-8")
    return path


@pytest.fixture
def page(qtbot, ctx: UiContext, tmp_path: Path) -> InboxPage:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    ctx.settings = settings
    page = InboxPage(ctx)
    page.resize(1050, 700)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded):  # the page loads when it is first shown
        show_and_activate(qtbot, page)
    return page


def fill(qtbot, ctx: UiContext, page: InboxPage, brag_doc: Path) -> None:  # type: ignore[no-untyped-def]
    inbox = InboxService(ctx.services.db)
    report = inbox.import_markdown(brag_doc)
    assert [i.suggestion.kind for i in report.added] == ["project"] + ["win"] * 4
    inbox.accept([report.added[0].id])  # the project "Checkout": its wins join it
    with qtbot.waitSignal(page.loaded):
        page.refresh()


def titles(page: InboxPage) -> list[str]:
    return [item.suggestion.title for item in page.model.items]


def select_rows(page: InboxPage, *rows: int) -> None:
    """Click the first row, Ctrl+click the others, as a person would."""
    view = page.view
    for n, row in enumerate(rows):
        rect = view.visualRect(page.model.index(row, Column.TITLE))
        from pytestqt.qtbot import QtBot

        QtBot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         CTRL if n else Qt.KeyboardModifier.NoModifier, rect.center())
    assert sorted(i.row() for i in view.selectionModel().selectedRows()) == sorted(rows)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def win_titles(ctx: UiContext) -> set[str]:
    return {w.title for w in ctx.services.queries.wins()}


# --- the model -------------------------------------------------------------------------------


def test_model_passes_qt_checks_and_formats_suggestions(qtmodeltester, ctx: UiContext,
                                                       brag_doc: Path) -> None:
    project, *items = InboxService(ctx.services.db).import_markdown(brag_doc).added
    model = InboxTableModel()
    model.set_items([project, *items])
    qtmodeltester.check(model)
    assert model.rowCount() == 5 and model.columnCount() == len(Column)
    assert [model.data(model.index(r, Column.KIND)) for r in range(2)] == ["Project", "Win"]
    assert model.data(model.index(0, Column.TITLE)) == "Checkout"
    assert model.data(model.index(0, Column.DATE)) == "2024?"  # only the year is known
    assert "Only the year is known" in model.data(model.index(0, Column.DATE),
                                                  Qt.ItemDataRole.ToolTipRole)
    model.set_items(items)
    first = model.index(0, Column.TITLE)
    assert model.data(first) == "Cut checkout p95 latency from 2.4s → 0.6s"
    assert model.data(model.index(0, Column.DATE)) == "2024-03-04"
    assert model.data(model.index(0, Column.SOURCE)) == "Brag document"
    assert model.data(model.index(0, Column.COMMITS)) == ""
    assert "75% faster" in model.data(model.index(0, Column.METRICS))
    assert model.data(first, ID_ROLE) == items[0].id
    model.set_items([])
    qtmodeltester.check(model)


def test_metrics_summary_keeps_unquantified_text() -> None:
    assert metrics_summary(["build time: 40 min → 12 min", "happier team"]) == (
        "build time 70% faster; happier team")
    assert split_emails("a@x.org, b@y.org;c@z.org  d@w.org") == [
        "a@x.org", "b@y.org", "c@z.org", "d@w.org"]


# --- decisions -------------------------------------------------------------------------------


def test_enter_accepts_the_selected_suggestion(qtbot, page: InboxPage, ctx: UiContext,
                                               brag_doc: Path) -> None:
    fill(qtbot, ctx, page, brag_doc)
    select_rows(page, 1)
    assert page.summary.text() == "4 suggestions waiting for your review"
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert win_titles(ctx) == {"Moved the cart cache to Redis"}
    win = ctx.services.queries.wins()[0]
    assert win.project_name == "Checkout"
    assert "Moved the cart cache to Redis" not in titles(page)
    assert page.summary.text() == "3 suggestions waiting for your review"
    assert "1 win added to the log" in page.import_status.text()
    # The cursor stays where the decision was, so Enter walks down the list.
    assert [i.row() for i in page.view.selectionModel().selectedRows()] == [1]
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(page.view, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert win_titles(ctx) == {"Moved the cart cache to Redis", "Wrote the payments runbook"}
    assert InboxService(ctx.services.db).counts().get("accepted") == 3  # and the project


def test_delete_rejects_and_nothing_enters_the_log(qtbot, page: InboxPage, ctx: UiContext,
                                                   brag_doc: Path) -> None:
    fill(qtbot, ctx, page, brag_doc)
    select_rows(page, 0, 2)
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    rejected = {i.suggestion.title for i in InboxService(ctx.services.db).items("rejected")}
    assert rejected == {"Cut checkout p95 latency from 2.4s → 0.6s",
                        "Wrote the payments runbook"}
    assert ctx.services.queries.wins() == []
    assert page.model.rowCount() == 2
    assert "2 suggestions set aside" in page.import_status.text()
    # Importing the same document again does not bring them back.
    InboxService(ctx.services.db).import_markdown(brag_doc)
    with qtbot.waitSignal(page.loaded):
        page.refresh()
    assert page.model.rowCount() == 2


def test_ctrl_a_then_enter_accepts_every_suggestion(qtbot, page: InboxPage, ctx: UiContext,
                                                    brag_doc: Path) -> None:
    fill(qtbot, ctx, page, brag_doc)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_A, CTRL)
    assert len(page.view.selectionModel().selectedRows()) == 4
    assert page.merge_button.isEnabled() and not page.edit_button.isEnabled()
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert len(ctx.services.queries.wins()) == 4
    assert page.model.rowCount() == 0
    assert page.summary.text().startswith("Nothing waiting for review")
    assert not page.accept_button.isEnabled()


def test_edit_and_accept_saves_the_edited_win(qtbot, page: InboxPage, ctx: UiContext,
                                              brag_doc: Path) -> None:
    fill(qtbot, ctx, page, brag_doc)
    select_rows(page, 2)
    qtbot.keyClick(page.view, Qt.Key.Key_T, ALT)  # "Edi&t and accept…" (an animated click)
    qtbot.waitUntil(lambda: page.dialog is not None)
    dialog = page.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.title.text() == "Wrote the payments runbook"
    assert dialog.date.text() == "2024-03-18"
    assert dialog.project.currentText() == "Checkout"
    dialog.title.selectAll()
    qtbot.keyClicks(dialog.title, "Wrote the payments on-call runbook")
    qtbot.keyClicks(dialog.metrics, "pages per week: 12 -> 3")
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [win] = ctx.services.queries.wins()
    assert win.title == "Wrote the payments on-call runbook"
    assert [m.metric.text for m in win.metrics] == ["pages per week: 12 → 3"]
    assert "Wrote the payments runbook" not in titles(page)
    [accepted] = [i for i in InboxService(ctx.services.db).items("accepted") if i.win_id]
    assert accepted.win_id == win.id


def test_edit_and_accept_keeps_the_dialog_open_on_a_bad_field(qtbot, page: InboxPage,
                                                              ctx: UiContext,
                                                              brag_doc: Path) -> None:
    fill(qtbot, ctx, page, brag_doc)
    select_rows(page, 0)
    page.view.doubleClicked.emit(page.model.index(0, Column.TITLE))
    dialog = page.dialog
    assert dialog is not None
    dialog.title.clear()
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.title_error.isVisible()
    assert ctx.services.queries.wins() == []
    qtbot.keyClick(dialog.title, Qt.Key.Key_Escape)
    answer_discard(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert page.model.rowCount() == 4


def test_merge_folds_selected_suggestions_into_the_first(qtbot, page: InboxPage,
                                                         ctx: UiContext,
                                                         brag_doc: Path) -> None:
    fill(qtbot, ctx, page, brag_doc)
    select_rows(page, 0, 1)
    assert page.merge_button.isEnabled()
    with qtbot.waitSignal(page.loaded):
        qtbot.mouseClick(page.merge_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 3
    [merged] = [i for i in page.model.items
                if i.suggestion.title.startswith("Cut checkout")]
    assert merged.suggestion.date.isoformat() == "2024-03-11"  # the later of the two
    assert "Moved the cart cache to Redis" not in titles(page)
    # The merged suggestion is selected, ready for Enter.
    assert [i.suggestion.title for i in page.selected_items()] == [merged.suggestion.title]
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert win_titles(ctx) == {merged.suggestion.title}


# --- importing -------------------------------------------------------------------------------


def test_git_import_from_the_page(qtbot, page: InboxPage, ctx: UiContext, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path / "code" / "shop")
    commit(repo, "Old work", when="2023-06-01T09:00:00+00:00")
    first = commit(repo, "Add cart cache", when="2024-03-04T09:00:00+00:00")
    second = commit(repo, "Tune cart cache TTL", when="2024-03-06T09:00:00+00:00")
    commit(repo, "Bob's unrelated fix", author=BOB, when="2024-03-06T10:00:00+00:00")
    asked: list[str] = []

    def choose(_parent, caption, _folder):  # type: ignore[no-untyped-def]
        asked.append(caption)
        return str(tmp_path / "code")

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", choose)
    qtbot.keyClicks(page.git_authors, "ADA@example.com")
    qtbot.keyClicks(page.git_since, "2024-01-01")
    # The import ends, then the page shows what it brought in.
    with qtbot.waitSignals([page.import_finished, page.loaded], timeout=20000):
        qtbot.mouseClick(page.import_git_button, Qt.MouseButton.LeftButton)
        assert page.import_panel.importing and page.cancel_button.isVisible()
    assert asked
    assert not page.import_panel.importing and not page.cancel_button.isVisible()
    assert not page.error.isVisible(), page.error.text()
    assert page.model.rowCount() == 1, page.import_status.text()
    [item] = page.model.items
    assert set(item.commit_hashes) == {first, second}
    assert page.model.data(page.model.index(0, Column.COMMITS)) == "2"
    assert page.model.data(page.model.index(0, Column.SOURCE)) == "Git history"
    assert "2 new commit(s) in 1 repository" in page.import_status.text()
    assert ctx.services.queries.wins() == []  # suggestions only
    # Accept it with Enter (the new suggestion is selected); it lands in the log.
    page.view.setFocus()
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(page.view, Qt.Key.Key_Return)
    [win] = ctx.services.queries.wins()
    assert "shop" in win.tags
    # A second run finds nothing new: commits are never suggested twice.
    with qtbot.waitSignals([page.import_finished, page.loaded], timeout=20000):
        qtbot.mouseClick(page.import_git_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 0
    assert "0 new commit(s)" in page.import_status.text()
    assert ctx.settings.value("inbox/git_authors") == "ADA@example.com"


def test_git_import_can_be_cancelled(qtbot, page: InboxPage, ctx: UiContext, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # Many repositories: the scan checks the flag between them, and cannot get through
    # them all before the click on Cancel lands.
    folder = tmp_path / "many"
    for n in range(12):
        repo = make_repo(folder / f"repo{n:02d}")
        commit(repo, f"Work in repo {n}")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        lambda *_args: str(folder))
    with qtbot.waitSignal(page.import_finished, timeout=20000):
        qtbot.mouseClick(page.import_git_button, Qt.MouseButton.LeftButton)
        assert page.cancel_button.isVisible() and page.cancel_button.isEnabled()
        qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
        assert page.import_status.text() == "Stopping the scan…"
    assert page.import_status.text() == "Import cancelled — nothing was added to the inbox."
    assert not page.error.isVisible()
    assert InboxService(ctx.services.db).pending() == []
    assert page.import_git_button.isEnabled() and not page.cancel_button.isVisible()


def test_git_import_shows_progress(qtbot, page: InboxPage, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "two"
    for n in range(2):
        commit(make_repo(folder / f"r{n}"), f"Change {n}")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_args: str(folder))
    seen: list[str] = []
    panel = page.import_panel
    original = panel._show_progress

    def spy(progress):  # type: ignore[no-untyped-def]
        original(progress)
        seen.append(page.import_status.text())

    monkeypatch.setattr(panel, "_show_progress", spy)  # the panel connects it per import
    with qtbot.waitSignals([page.import_finished, page.loaded], timeout=20000):
        qtbot.mouseClick(page.import_git_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 2
    assert any(text.startswith("Reading r0 (repository 1 of 2)") for text in seen), seen
    assert any(text.startswith("Reading r1 (repository 2 of 2)") for text in seen), seen


def test_git_import_errors_show_on_the_page(qtbot, page: InboxPage, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "gone"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_args: str(missing))
    with qtbot.waitSignal(page.import_finished, timeout=20000):
        qtbot.mouseClick(page.import_git_button, Qt.MouseButton.LeftButton)
    assert page.error.isVisible()
    assert page.error.text().startswith("Nothing imported: ") and "gone" in page.error.text()
    assert page.import_git_button.isEnabled()


def test_a_bad_since_date_is_shown_and_no_folder_is_asked(qtbot, page: InboxPage,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    asked: list[object] = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        lambda *args: asked.append(args) or "")
    qtbot.keyClicks(page.git_since, "2024-13-45")
    qtbot.mouseClick(page.import_git_button, Qt.MouseButton.LeftButton)
    assert page.since_error.isVisible() and page.since_error.text()
    assert asked == [] and not page.import_panel.importing
    page.git_since.clear()
    qtbot.keyClicks(page.git_since, "this year")
    qtbot.mouseClick(page.import_git_button, Qt.MouseButton.LeftButton)
    assert not page.since_error.isVisible()
    assert len(asked) == 1 and not page.import_panel.importing  # the user closed the folder dialog


def test_brag_document_import_fills_the_inbox_only(qtbot, page: InboxPage, ctx: UiContext,
                                                   brag_doc: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *_args: (str(brag_doc), "Markdown (*.md *.markdown)"))
    qtbot.keyClick(page, Qt.Key.Key_D, ALT)  # "Import brag &document…" (an animated click)
    qtbot.waitUntil(lambda: page.model.rowCount() == 5)
    assert ("brag.md: suggested 1 project(s), 0 goal(s) and 4 win(s); skipped 0 "
            "placeholder(s)") in page.import_status.text()
    assert ctx.services.queries.wins() == []
    assert focused() is page.view and page.selected_items()


def test_unreadable_brag_document_shows_an_error(qtbot, page: InboxPage, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\xff\xfe\x00 not utf-8 \xc3")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args: (str(bad), ""))
    with qtbot.waitSignal(page.import_finished):
        qtbot.mouseClick(page.import_markdown_button, Qt.MouseButton.LeftButton)
    assert page.error.isVisible() and "bad.md" in page.error.text()
    assert page.model.rowCount() == 0


def test_spreadsheet_import_goes_straight_into_the_log(qtbot, page: InboxPage,
                                                       ctx: UiContext, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    sheet = tmp_path / "wins.csv"
    sheet.write_text("date,title,project,metrics\n"
                     "2024-02-01,Shipped dark mode,Design system,\n"
                     "2024-02-09,Halved CI time,,ci time: 40 min -> 20 min\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args: (str(sheet), ""))
    with qtbot.waitSignal(ctx.signals.wins_changed):
        qtbot.mouseClick(page.import_csv_button, Qt.MouseButton.LeftButton)
    assert win_titles(ctx) == {"Shipped dark mode", "Halved CI time"}
    assert page.import_status.text().startswith("Imported wins.csv into the log")
    # A broken sheet changes nothing and says why.
    broken = tmp_path / "broken.csv"
    broken.write_text("date,title\nnot a date,Something\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args: (str(broken), ""))
    with qtbot.waitSignal(page.import_finished):
        qtbot.mouseClick(page.import_csv_button, Qt.MouseButton.LeftButton)
    assert page.error.isVisible() and "broken.csv" in page.error.text()
    assert len(ctx.services.queries.wins()) == 2


def test_keyboard_reaches_every_action(qtbot, page: InboxPage, ctx: UiContext,
                                       brag_doc: Path) -> None:
    fill(qtbot, ctx, page, brag_doc)
    page.git_authors.setFocus()
    reached = [focused()]
    for _ in range(10):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        reached.append(focused())
    names = [w.objectName() for w in reached]
    assert names[:6] == ["git_authors", "git_since", "import_git", "import_markdown",
                         "import_csv", "inbox_view"]
    page.view.selectionModel().select(
        page.model.index(0, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Tab)
    assert focused() is page.accept_button


def test_a_rejection_can_be_undone(qtbot, page: InboxPage, ctx: UiContext,  # type: ignore[no-untyped-def]
                                   brag_doc: Path) -> None:
    fill(qtbot, ctx, page, brag_doc)
    select_rows(page, 0)
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert page.model.rowCount() == 3
    assert ctx.undo_stack.undoText().startswith("Reject 1 suggestion")
    with qtbot.waitSignal(page.loaded):
        ctx.undo_stack.undo()
    assert page.model.rowCount() == 4
    assert InboxService(ctx.services.db).items("rejected") == []
    with qtbot.waitSignal(page.loaded):
        ctx.undo_stack.redo()
    assert page.model.rowCount() == 3

"""The Packet page on the sample record: the draft beside its preview, the portfolio
choice, regenerate-with-history, the coach, the exports and the draft surviving a restart."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QSettings, Qt, QThreadPool
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialog, QFileDialog, QLineEdit, QMessageBox

from bragdoc import resources
from bragdoc.importers import interchange
from bragdoc.services.packet import PacketService
from bragdoc.services.packet_drafts import PacketDraftService
from bragdoc.services.transfer import TransferService
from bragdoc.store.database import Database
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.jobs import drain
from bragdoc.ui.packet.models import PortfolioColumn, VersionModel
from bragdoc.ui.packet.page import PacketPage
from tests.conftest import show_and_activate

LOAD_MS = 20000


@pytest.fixture
def sample_db(db: Database) -> Database:
    TransferService(db).import_bundle(
        interchange.load_file(resources.path(resources.SAMPLE_RECORD)))
    return db


def open_page(qtbot, db: Database, tmp_path: Path) -> PacketPage:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    ctx = UiContext.create(db)
    ctx.settings = settings
    page = PacketPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    with qtbot.waitSignal(page.loaded, timeout=LOAD_MS):
        show_and_activate(qtbot, page)
    return page


@pytest.fixture
def page(qtbot, sample_db: Database, tmp_path: Path):  # type: ignore[no-untyped-def]
    yield open_page(qtbot, sample_db, tmp_path)
    # Let drawing, saving and exporting that the test did not wait for end first.
    drain(LOAD_MS)


def type_at_end(qtbot, page: PacketPage, text: str) -> None:  # type: ignore[no-untyped-def]
    page.editor.setFocus()
    page.editor.moveCursor(QTextCursor.MoveOperation.End)
    for number, line in enumerate(text.split("\n")):
        if number:
            qtbot.keyClick(page.editor, Qt.Key.Key_Return)
        if line:
            qtbot.keyClicks(page.editor, line)


def portfolio_section(markdown: str) -> str:
    match = re.search(r"^## 2\..*?(?=^## 3\.)", markdown, re.M | re.S)
    assert match, "the draft has a portfolio section"
    return match.group(0)


def test_first_visit_drafts_from_the_record_and_stores_it(page: PacketPage, sample_db: Database,
                                                          qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    top = PacketService(sample_db).ranking()[0]
    assert top.name in page.text()
    assert top.name in page.preview.toPlainText()
    assert page.portfolio.rows()[0].name == top.name
    stored = PacketDraftService(sample_db).latest()
    assert stored is not None and stored.markdown == page.text() and not stored.edited
    assert page.coach.count() > 0
    qtmodeltester.check(page.portfolio)
    qtmodeltester.check(page.coach)
    versions = VersionModel()
    versions.set_rows(PacketDraftService(sample_db).versions(stored.id))
    qtmodeltester.check(versions)


def test_typing_updates_the_preview_and_is_saved(qtbot, page: PacketPage,  # type: ignore[no-untyped-def]
                                                 sample_db: Database) -> None:
    type_at_end(qtbot, page, "\nZanzibar rollout, in my words.\n")
    qtbot.waitUntil(lambda: "Zanzibar rollout" in page.preview.toPlainText(), timeout=3000)
    qtbot.waitUntil(lambda: "Zanzibar" in PacketDraftService(sample_db).latest().markdown,  # type: ignore[union-attr]
                    timeout=5000)
    assert PacketDraftService(sample_db).latest().edited  # type: ignore[union-attr]


def test_leaving_out_moving_and_pinning_change_the_portfolio(qtbot, page: PacketPage,  # type: ignore[no-untyped-def]
                                                             sample_db: Database) -> None:
    first, second = page.portfolio.rows()[0], page.portfolio.rows()[1]
    assert first.name in portfolio_section(page.text())

    # Del on the table leaves the selected project out; the unedited draft follows.
    page.portfolio_view.setFocus()
    page.portfolio_view.selectRow(0)
    with qtbot.waitSignal(page.loaded, timeout=LOAD_MS):
        qtbot.keyClick(page.portfolio_view, Qt.Key.Key_Delete)
    assert first.name not in portfolio_section(page.text())
    stored = PacketDraftService(sample_db).latest()
    assert stored is not None and stored.choices.dropped == (first.project_id,)
    dropped_row = page.portfolio.row_of(first.project_id)
    assert page.portfolio.index(dropped_row, PortfolioColumn.CHOICE).data() == "Left out"

    # Ticking it again pins it: always in.
    with qtbot.waitSignal(page.loaded, timeout=LOAD_MS):
        page.portfolio.setData(page.portfolio.index(dropped_row, PortfolioColumn.PROJECT),
                               Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert first.name in portfolio_section(page.text())
    assert PacketDraftService(sample_db).latest().choices.pinned == (first.project_id,)  # type: ignore[union-attr]

    # Ctrl+Down moves the first shown project after the second.
    page.portfolio_view.setFocus()
    page.portfolio_view.selectRow(page.portfolio.row_of(first.project_id))
    before = portfolio_section(page.text())
    assert before.index(first.name) < before.index(second.name)
    with qtbot.waitSignal(page.loaded, timeout=LOAD_MS):
        qtbot.keyClick(page.portfolio_view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    after = portfolio_section(page.text())
    assert after.index(second.name) < after.index(first.name)
    assert [r.name for r in page.portfolio.rows()[:2]] == [second.name, first.name]


def test_regenerating_edited_text_asks_and_keeps_it_in_history(qtbot, page: PacketPage,  # type: ignore[no-untyped-def]
                                                               sample_db: Database) -> None:
    type_at_end(qtbot, page, "\nA paragraph only I wrote.\n")
    original = page.text()

    # Cancel leaves everything as it was.
    qtbot.keyClick(page.editor, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    box = page._ask
    assert isinstance(box, QMessageBox) and box.isVisible()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert page.text() == original

    # Replace drafts again; the edited text goes to History first.
    qtbot.keyClick(page.editor, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    box = page._ask
    assert box is not None and box.isVisible()
    replace = next(b for b in box.buttons() if b.objectName() == "packet_replace")
    assert "kept in History" in replace.text()
    with qtbot.waitSignal(page.loaded, timeout=LOAD_MS):
        qtbot.mouseClick(replace, Qt.MouseButton.LeftButton)
    assert "A paragraph only I wrote." not in page.text()
    drain(LOAD_MS)  # the stored draft follows the screen on the writer's thread
    drafts = PacketDraftService(sample_db)
    draft = drafts.latest()
    assert draft is not None and not draft.edited
    kept = [v for v in drafts.versions(draft.id) if v.kind == "before-regenerate"]
    assert kept and "A paragraph only I wrote." in kept[0].markdown

    # History (Ctrl+Shift+H) brings it back, and that too can be undone from History.
    show_and_activate(qtbot, page)
    page.editor.setFocus()
    qtbot.keyClick(page.editor, Qt.Key.Key_H,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = page.history_dialog
    assert dialog is not None and dialog.isVisible()
    row = next(r for r in range(dialog.model.rowCount())
               if dialog.model.record_at(r).kind == "before-regenerate")  # type: ignore[union-attr]
    dialog.view.selectRow(row)
    assert "A paragraph only I wrote." in dialog.preview.toPlainText()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "A paragraph only I wrote." in page.text())
    assert "A paragraph only I wrote." in drafts.latest().markdown  # type: ignore[union-attr]
    kinds = [v.kind for v in drafts.versions(draft.id)]
    assert kinds[0] == "restored"
    assert any(not v.markdown.count("A paragraph only I wrote.")
               for v in drafts.versions(draft.id)[1:3])  # the regenerated text is kept too
    dialog.reject()


def _export(qtbot, page: PacketPage, target: Path) -> Path:  # type: ignore[no-untyped-def]
    show_and_activate(qtbot, page)  # back from the last dialog
    page.editor.setFocus()
    qtbot.keyClick(page.editor, Qt.Key.Key_E,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = page.export_dialog
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    dialog.selectFile(str(target))
    with qtbot.waitSignal(page.exported, timeout=LOAD_MS) as done:
        dialog.accept()
        assert not page.export_button.isEnabled() and page.busy.isVisible()
    assert page.export_button.isEnabled() and not page.busy.isVisible()
    assert page.status.text() == f"Saved to {target}"
    return Path(done.args[0])


def test_edit_export_and_reopen_keeps_the_edit(qtbot, page: PacketPage, sample_db: Database,  # type: ignore[no-untyped-def]
                                                tmp_path: Path) -> None:
    type_at_end(qtbot, page, "\nMentored the on-call rotation leads myself.\n")

    markdown = _export(qtbot, page, tmp_path / "packet.md")
    assert "Mentored the on-call rotation leads myself." in markdown.read_text(encoding="utf-8")

    page.page_size.setCurrentText("Letter")
    pdf = _export(qtbot, page, tmp_path / "packet.pdf")  # drawn on a worker thread
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Mentored the on-call rotation leads myself." in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    assert "letter" in info.lower()

    word = _export(qtbot, page, tmp_path / "packet.docx")
    paragraphs = [p.text for p in docx.Document(str(word)).paragraphs]
    assert any("Mentored the on-call rotation leads myself." in p for p in paragraphs)

    # One more edit, then close at once: hiding the page saves it without waiting for
    # the autosave pause; the write finishes before the app exits (it drains the writers).
    type_at_end(qtbot, page, "Closing words.")
    page.close()
    drain(LOAD_MS)

    again = open_page(qtbot, sample_db, tmp_path)
    assert "Mentored the on-call rotation leads myself." in again.text()
    assert again.text().endswith("Closing words.")
    assert again.edited()


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_export_shows_markup_in_the_draft_as_text(qtbot, page: PacketPage,  # type: ignore[no-untyped-def]
                                                       tmp_path: Path) -> None:
    type_at_end(qtbot, page, "\n<script>alert(1)</script>\n")
    out = _export(qtbot, page, tmp_path / "packet.html")
    parsed = _Text()
    parsed.feed(out.read_text(encoding="utf-8"))
    assert "script" not in parsed.tags
    assert "<script>alert(1)</script>" in "".join(parsed.text)
    assert "<script>alert(1)</script>" in page.preview.toPlainText()


def test_a_failed_export_says_why_next_to_the_button(qtbot, page: PacketPage,  # type: ignore[no-untyped-def]
                                                     tmp_path: Path) -> None:
    with qtbot.waitSignal(page.export_failed, timeout=LOAD_MS):
        page.export_to(tmp_path / "packet.txt")
    assert page.export_error.isVisible()
    assert ".md, .html, .pdf or .docx" in page.export_error.text()
    assert page.export_button.isEnabled()
    assert not (tmp_path / "packet.txt").exists()


def test_the_coach_opens_an_unquantified_win(qtbot, page: PacketPage) -> None:  # type: ignore[no-untyped-def]
    page.tabs.setCurrentIndex(2)
    model = page.coach
    group = next(model.index(r, 0) for r in range(model.rowCount())
                 if (f := model.finding(model.index(0, 0, model.index(r, 0)))) is not None
                 and f.rule_id == "win.unquantified")
    item = model.index(0, 0, group)
    finding = model.finding(item)
    assert finding is not None and finding.ref is not None and finding.ref.kind == "win"
    assert "has no result in numbers" in item.data()
    page.coach_view.setFocus()
    page.coach_view.setCurrentIndex(item)
    assert finding.message in page.coach_note.text()
    with qtbot.waitSignal(page.open_record, timeout=2000) as opened:
        qtbot.keyClick(page.coach_view, Qt.Key.Key_Return)
    assert opened.args == ["win", finding.ref.id]


def test_the_vision_written_goes_into_the_draft(qtbot, page: PacketPage,  # type: ignore[no-untyped-def]
                                                sample_db: Database) -> None:
    page.tabs.setCurrentIndex(1)
    assert page.days_1_30.placeholderText().startswith("First month")
    page.focus_areas.setFocus()
    with qtbot.waitSignal(page.loaded, timeout=LOAD_MS):
        qtbot.keyClicks(page.focus_areas, "A shared ingest platform for every team")
    assert "A shared ingest platform for every team" in page.text()
    stored = PacketDraftService(sample_db).latest()
    assert stored is not None
    assert stored.choices.vision.focus_areas == ("A shared ingest platform for every team",)


def test_the_packet_page_is_in_the_window_and_its_coach_opens_the_record(
        qtbot, sample_db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bragdoc.ui.shell.main_window import MainWindow

    ctx = UiContext.create(sample_db)
    window = MainWindow(ctx, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "packet"
    page = window.packet_page.page
    qtbot.waitUntil(lambda: page.coach.rowCount() > 0, timeout=LOAD_MS)

    project = ctx.services.queries.projects()[-1]
    with qtbot.waitSignal(window.projects_page.loaded):
        page.open_record.emit("project", project.id)
    assert window.current_page_key() == "projects"
    assert window.projects_page.selected_project().id == project.id

    win = ctx.services.queries.wins()[0]
    page.open_record.emit("win", win.id)
    dialog = next(w for w in window.findChildren(QDialog) if w.isVisible())
    assert dialog.findChild(QLineEdit, "title").text() == win.title
    dialog.reject()
    QThreadPool.globalInstance().waitForDone(LOAD_MS)


def test_an_empty_period_offers_the_one_that_holds_the_record(qtbot, db: Database,  # type: ignore[no-untyped-def]
                                                              tmp_path: Path) -> None:
    import datetime as dt

    from bragdoc.domain.records import WinDraft
    from bragdoc.services.wins import WinService

    WinService(db).add(WinDraft(title="Zanzibar migration", date=dt.date(2020, 5, 1)))
    page = open_page(qtbot, db, tmp_path)
    assert page.status.text() == "Nothing in this period."
    assert page.offer.isVisible() and "1 May 2020" in page.offer.text()
    page.offer.linkActivated.emit("period")
    qtbot.waitUntil(lambda: page.draft is not None and page.draft.since == dt.date(2020, 5, 1)
                    and not page.offer.isVisible(), timeout=LOAD_MS)
    # Nothing written about the next level and no goals: the page says the section is out.
    assert "Note: The future vision is not written" in page.status.text()
    QThreadPool.globalInstance().waitForDone(LOAD_MS)

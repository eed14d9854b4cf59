"""`bragdoc packet` and `bragdoc coach` on the sample record, read back by real readers."""

from __future__ import annotations

import json
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest

from bragdoc.app import main
from tests.test_cli import run

SINCE, UNTIL = "2025-11-25", "2026-11-25"


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("packet") / "sample.sqlite3"
    assert main(["--db", str(path), "sample-data"]) == 0
    assert main(["--db", str(path), "profile", "--name",
                 "<script>alert(1)</script> Maya"]) == 0
    return str(path)


def _packet(db: str, out: Path, *extra: str) -> None:
    assert main(["--db", db, "packet", "-o", str(out), "--since", SINCE, "--until", UNTIL,
                 *extra]) == 0


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_markdown_packet_has_sections_numbers_and_chart_files(sample_db: str,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "packet.md"
    _packet(sample_db, out)
    text = out.read_text()
    for heading in ("## 1. Executive summary", "## 2. Technical impact portfolio",
                    "## 3. Leadership and influence", "## 4. What colleagues say",
                    "## 5. Future vision and readiness"):
        assert heading in text
    assert "Deploy pipeline rebuild" in text
    assert "91.7%" in text
    assert sorted(p.name for p in (tmp_path / "packet-charts").iterdir()) == [
        "balance.png", "improvements.png", "value.png"]


def test_html_packet_is_self_contained_and_escapes_user_text(sample_db: str,
                                                            tmp_path: Path) -> None:
    out = tmp_path / "packet.html"
    _packet(sample_db, out)
    page = _Collector()
    page.feed(out.read_text())
    assert "script" not in {tag for tag, _ in page.tags}
    images = [attrs.get("src") or "" for tag, attrs in page.tags if tag == "img"]
    assert len(images) == 3 and all(src.startswith("data:image/") for src in images)
    assert "<script>alert(1)</script> Maya" in "".join(page.text)


def test_docx_packet_has_headings_lists_and_pictures(sample_db: str, tmp_path: Path) -> None:
    out = tmp_path / "packet.docx"
    _packet(sample_db, out, "--audience", "engineering")
    document = docx.Document(str(out))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Heading 2", "List Bullet"} <= styles
    assert len(document.inline_shapes) >= 1
    assert document.tables, "the engineering packet has a metrics table"
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert any("91.7%" in cell for cell in cells)


def test_pdf_packet_is_real_text_with_charts(sample_db: str, tmp_path: Path) -> None:
    out = tmp_path / "packet.pdf"
    # A separate process: the PDF renderer starts a QGuiApplication of its own.
    result = run("--db", sample_db, "packet", "-o", str(out), "--since", SINCE, "--until",
                 UNTIL, "--page-size", "Letter")
    assert result.returncode == 0, result.stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Executive summary" in text and "Deploy pipeline rebuild" in text
    assert "<script>alert(1)</script> Maya" in text.replace("\n", "")  # the title wraps
    images = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    assert len(images) >= 3
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True,
                          check=True).stdout
    assert "612 x 792" in info


def test_packet_refuses_an_unknown_format_in_one_line(
    sample_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", sample_db, "packet", "-o", str(tmp_path / "p.odt")]) == 2
    err = capsys.readouterr().err
    assert "name the file with .md, .html, .pdf or .docx" in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "p.odt").exists()


def test_coach_lists_findings_with_rules_and_references(
    sample_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", sample_db, "coach", "--since", SINCE, "--until", UNTIL,
                 "--json"]) == 0
    findings = json.loads(capsys.readouterr().out)
    rules = {f["rule_id"] for f in findings}
    assert "win.unquantified" in rules and "follow-up.pending" in rules
    assert all(f["ref"] is None or {"kind", "id"} <= set(f["ref"]) for f in findings)
    assert main(["--db", sample_db, "coach"]) == 0
    assert "[win.unquantified]" in capsys.readouterr().out


def test_no_charts_leaves_the_pictures_out(sample_db: str, tmp_path: Path) -> None:
    out = tmp_path / "plain.md"
    _packet(sample_db, out, "--no-charts")
    assert "chart:" not in out.read_text()
    assert "## 2. Technical impact portfolio" in out.read_text()
    assert not (tmp_path / "plain-charts").exists()


def test_from_app_exports_the_draft_as_edited_on_the_packet_page(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import datetime as dt

    from bragdoc.packet.context import PacketChoices
    from bragdoc.services.packet_drafts import PacketDraftService
    from bragdoc.store.database import Database

    db_path = str(tmp_path / "app.sqlite3")
    out = tmp_path / "edited.md"
    assert main(["--db", db_path, "packet", "--from-app", "-o", str(out)]) == 2
    assert "no packet draft has been saved in the app yet" in capsys.readouterr().err
    assert not out.exists()

    drafts = PacketDraftService(Database.open(db_path))
    draft = drafts.create(since=dt.date(2026, 1, 1), until=dt.date(2026, 6, 30),
                          audience="executive", template=None, choices=PacketChoices(),
                          markdown="# Packet\n\nDrafted text.\n")
    drafts.save_text(draft.id, "# Packet\n\nMy own words about the quota service.\n")
    assert main(["--db", db_path, "packet", "--from-app", "-o", str(out)]) == 0
    assert "(executive)" in capsys.readouterr().out
    assert "My own words about the quota service." in out.read_text(encoding="utf-8")

    assert main(["--db", db_path, "packet", "--from-app", "--since", "2026-01-01",
                 "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "leave out --since" in err


def test_several_outputs_are_written_in_one_run_or_none_at_all(
        sample_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outs = [tmp_path / "p.md", tmp_path / "p.html", tmp_path / "p.docx"]
    capsys.readouterr()
    _packet(sample_db, outs[0], "-o", str(outs[1]), "-o", str(outs[2]))
    assert capsys.readouterr().out.count("Wrote ") == 3
    assert "## 1. Executive summary" in outs[0].read_text(encoding="utf-8")
    assert "Executive summary" in outs[1].read_text(encoding="utf-8")
    assert any("Executive summary" in p.text for p in docx.Document(str(outs[2])).paragraphs)

    refused = [tmp_path / "q.md", tmp_path / "q.odt"]
    assert main(["--db", sample_db, "packet", "-o", str(refused[0]), "-o",
                 str(refused[1])]) == 2
    assert "q.odt" in capsys.readouterr().err
    assert not any(p.exists() for p in refused)

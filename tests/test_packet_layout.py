"""The exported packet as a document: read back by pdftotext and python-docx, every
audience of the sample record — no near-empty PDF page, DOCX columns sized by content,
rows kept whole, captions and sub-headings kept with what follows, alt text on every
picture, the file's own properties, emoji drawn, and no matplotlib font noise."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from bragdoc.packet.render_pdf import render_pdf
from bragdoc.services.packet import PacketService
from bragdoc.store.database import Database
from tests.test_cli import run
from tests.test_packet_context import SINCE, TODAY, UNTIL, load_sample

AUDIENCES = ("committee", "executive", "product", "engineering")
TITLES = {"committee": "Promotion packet", "executive": "Impact summary",
          "product": "What users and teams gained", "engineering": "Technical detail"}


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory,
            qapp) -> dict[str, tuple[Path, Path, str]]:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("layout")
    db = Database.open(folder / "sample.sqlite3")
    try:
        load_sample(db)
        service = PacketService(db, chart_cache=folder / "charts")
        found = {}
        for audience in AUDIENCES:
            markdown = service.markdown(SINCE, UNTIL, audience, today=TODAY)
            pdf, word = folder / f"{audience}.pdf", folder / f"{audience}.docx"
            service.export_all(markdown, [pdf, word], SINCE, UNTIL, today=TODAY)
            found[audience] = (pdf, word, markdown)
        return found
    finally:
        db.dispose()


def page_lines(pdf: Path) -> list[list[str]]:
    pages = int(next(line.split()[1] for line in subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
        if line.startswith("Pages:")))
    texts = []
    for page in range(1, pages + 1):
        out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                             capture_output=True, text=True, check=True).stdout
        texts.append([line for line in out.splitlines()
                      if line.strip() and line.strip() != f"{page} / {pages}"])
    return texts


@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_pdf_page_holds_only_a_line_or_two(exports, audience: str) -> None:
    pages = page_lines(exports[audience][0])
    assert all(len(lines) >= 5 for lines in pages), [len(lines) for lines in pages]
    if audience == "executive":
        assert len(pages) == 1  # one page for an executive reader


def test_a_pdf_heading_or_label_never_ends_a_page(exports) -> None:
    for audience in AUDIENCES:
        pdf, _, markdown = exports[audience]
        labels = {line.lstrip("#").strip() for line in markdown.splitlines()
                  if line.startswith("#")}
        labels |= {line.strip("*") for line in markdown.splitlines()
                   if line.startswith("**") and line.endswith("**")}
        for lines in page_lines(pdf)[:-1]:
            assert lines[-1].strip() not in labels, (audience, lines[-1])


@pytest.mark.parametrize("audience", AUDIENCES)
def test_docx_properties_are_this_files(exports, audience: str) -> None:
    core = docx.Document(str(exports[audience][1])).core_properties
    assert core.title.startswith(f"{TITLES[audience]}: Maya Castellano, 25 Nov 2025")
    assert core.author == core.last_modified_by == "Maya Castellano"
    now = dt.datetime.now(dt.UTC)
    assert core.created is not None
    assert abs(now - core.created.replace(tzinfo=dt.UTC)) < dt.timedelta(minutes=30)
    assert core.revision == 1 and core.last_printed is None


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_docx_picture_has_alt_text_and_keeps_its_caption(exports, audience) -> None:
    document = docx.Document(str(exports[audience][1]))
    shapes = document.inline_shapes
    assert len(shapes) >= 1
    for shape in shapes:
        said = shape._inline.docPr.get("descr")
        assert said and "25 Nov 2025" in said, said  # the chart's own summary sentence
    paragraphs = document.paragraphs
    for index, paragraph in enumerate(paragraphs):
        if paragraph._p.xpath(".//pic:pic"):
            assert paragraph.paragraph_format.keep_with_next
            assert paragraphs[index + 1].style.name == "Caption"


def test_docx_sub_headings_stay_with_what_follows(exports) -> None:
    document = docx.Document(str(exports["committee"][1]))
    labels = [p for p in document.paragraphs if p.text == "People mentored"]
    assert labels and all(p.paragraph_format.keep_with_next for p in labels)
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert all(p.paragraph_format.keep_with_next for p in headings)


def test_docx_columns_are_sized_by_content_and_rows_never_split(exports) -> None:
    document = docx.Document(str(exports["engineering"][1]))
    [table] = document.tables
    widths = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert len(set(widths)) == len(widths)  # each column its own width
    header = [cell.text for cell in table.rows[0].cells]
    by_name = dict(zip(header, widths, strict=True))
    assert by_name["Recorded on"] > by_name["Before"]  # long text gets the room
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    assert document.styles["Normal"].font.name == "DejaVu Sans"  # the PDF's font


def test_emoji_are_drawn_in_the_pdf(tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "emoji.pdf"
    out.write_bytes(render_pdf("# Shipped 🚀\n\nThe pipeline ✅ on time 🎉\n", title="t"))
    images = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    # Colour emoji come out as pictures; with no font for them Qt draws nothing at all.
    assert len(images) >= 3


def test_matplotlib_font_warnings_never_reach_the_terminal(tmp_path: Path) -> None:
    db = tmp_path / "x.sqlite3"
    assert run("--db", str(db), "sample-data").returncode == 0
    done = run("--db", str(db), "packet", "-o", str(tmp_path / "p.pdf"), "--since",
               "2025-11-25", "--until", "2026-11-25",
               env={"MPLCONFIGDIR": str(tmp_path / "mpl")})
    assert done.returncode == 0, done.stderr
    assert "findfont" not in done.stderr and "Font family" not in done.stderr

"""How the Word packet holds together as a document, beyond its structure: its own
properties, the PDF's fonts, table columns sized by what they hold, rows that never
split, captions and sub-headings kept with what follows, and pictures with alt text.

python-docx starts from a template whose core properties (author, dates, revision)
belong to the template, not to this file; they are all set here.
"""

from __future__ import annotations

import datetime as dt
import math

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shape import InlineShape
from docx.shared import Length, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

BODY_FONT = "DejaVu Sans"
"""The PDF's body font (render_pdf.BODY_FONT), so both documents look alike."""
BODY_POINTS = 10.5
HEADING_COLOUR = RGBColor(0x11, 0x11, 0x11)
"""The PDF's heading ink, in place of the template's blue."""
CAPTION_COLOUR = RGBColor(0x44, 0x44, 0x44)
CHART_SHARE = 0.7
"""Of the text width, the most a chart takes: still readable, and the one-page executive
summary stays on one page in Word as in the PDF."""
_CHAR_EMU = Pt(BODY_POINTS * 0.55)
"""The width of an average character of the body font, for sizing table columns."""
_LONG_CELL = 48
"""Characters after which a cell's text wraps rather than widening its column."""


def set_properties(document: DocxDocument, *, title: str, author: str,
                   now: dt.datetime | None = None) -> None:
    now = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0, tzinfo=None)
    core = document.core_properties
    core.title = title
    core.author = author
    core.last_modified_by = author
    core.created = now
    core.modified = now
    printed = core._element.find(qn("cp:lastPrinted"))
    if printed is not None:  # the template's, not this file's: never printed yet
        core._element.remove(printed)
    core.revision = 1
    core.comments = "Written by bragdoc"
    core.keywords = ""
    core.subject = ""
    core.category = ""


def use_body_font(document: DocxDocument) -> None:
    """The PDF's font for body text and headings (East Asian text falls back by itself)."""
    for name in ("Normal", "Title", *(f"Heading {level}" for level in range(1, 7))):
        style = document.styles[name]
        style.font.name = BODY_FONT
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for key in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(key), BODY_FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        if name != "Normal":
            style.font.color.rgb = HEADING_COLOUR
    document.styles["Normal"].font.size = Pt(BODY_POINTS)
    caption = document.styles["Caption"].font
    caption.name, caption.size, caption.italic, caption.bold = BODY_FONT, Pt(9), True, False
    caption.color.rgb = CAPTION_COLOUR


def keep_with_next(paragraph: Paragraph) -> None:
    paragraph.paragraph_format.keep_with_next = True


def is_label(paragraph: Paragraph) -> bool:
    """A short paragraph of bold text alone ("**People mentored**"): a sub-heading."""
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.bold for run in runs) and len(paragraph.text) < 80


def describe_picture(shape: InlineShape, text: str) -> None:
    """Alternative text a screen reader speaks and Word shows under "Alt Text"."""
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", text)
    doc_pr.set("title", text.split(".")[0])


def _text_widths(table: Table) -> list[tuple[int, int]]:
    """Per column: (longest word, longest cell up to _LONG_CELL), in characters."""
    widths: list[tuple[int, int]] = []
    for column in range(len(table.columns)):
        word = cell = 1
        for row in table.rows:
            text = row.cells[column].text
            word = max(word, *(len(w) for w in text.split()), 1)
            cell = max(cell, min(len(text), _LONG_CELL))
        widths.append((word, max(word, cell)))
    return widths


def size_columns(table: Table, text_width: Length) -> None:
    """Columns as wide as their content asks: each at least its longest word (so no word
    is broken), the rest of the line shared by how much more text each holds."""
    wanted = _text_widths(table)
    total_chars = text_width / _CHAR_EMU
    floor = sum(word for word, _ in wanted)
    if floor >= total_chars:
        chars = [word * total_chars / floor for word, _ in wanted]
    else:
        extra = [cell - word for word, cell in wanted]
        spare = total_chars - floor
        share = min(1.0, spare / sum(extra)) if sum(extra) else 0.0
        chars = [word + e * share for (word, _), e in zip(wanted, extra, strict=True)]
        leftover = total_chars - sum(chars)
        chars = [c + leftover * c / sum(chars) for c in chars]
    widths = [Length(math.floor(c * _CHAR_EMU)) for c in chars]
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(int(width.twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width
        _never_split(row)


def _never_split(row: object) -> None:
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    cant = OxmlElement("w:cantSplit")
    cant.set(qn("w:val"), "true")
    properties.append(cant)

"""Packet Markdown → Word document (python-docx), by walking markdown-it's syntax tree.

Real Word structure so it pastes cleanly into Word or Google Docs: Heading 1–6 styles,
'List Bullet' / 'List Number' (levels 2 and 3 for nesting; every numbered list restarts
at its own first number), 'Quote' for block quotes, bold/italic/code runs, clickable
links, 'Table Grid' tables with a bold header row, and charts as inline pictures with
a 'Caption' paragraph. Layout rules (properties, fonts, column widths, keeping captions
and sub-headings with what follows, alt text) are in docx_layout.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Length, Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from markdown_it.tree import SyntaxTreeNode

from bragdoc.domain.errors import InvalidInput
from bragdoc.packet import docx_layout
from bragdoc.packet.chart_image import Chart, charts_by_name
from bragdoc.packet.markdown import (
    chart_for,
    chart_name,
    image_caption,
    lone_image,
    parse,
)

PAGE_SIZES: dict[str, tuple[Length, Length]] = {
    "A4": (Mm(210), Mm(297)),
    "LETTER": (Inches(8.5), Inches(11)),
}
MARGIN = Mm(18)  # as the PDF (render_pdf.MARGIN_MM)
MONO_FONT = "Courier New"
LINK_COLOUR = RGBColor(0x05, 0x63, 0xC1)
HEADER_FILL = "ECECEC"
MAX_LIST_LEVEL = 3
# Control characters XML 1.0 cannot hold (pasted text has them); python-docx would refuse.
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
ALIGNMENTS = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


@dataclass(frozen=True)
class _Inline:
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: object | None = None  # the w:hyperlink element runs go into


@dataclass(frozen=True)
class _Block:
    list_level: int = 0  # 0: not in a list
    list_kind: str = ""  # "bullet" or "number"
    num_id: int | None = None  # restarted numbering of the current numbered list
    first_in_item: bool = False  # the next paragraph carries the item's bullet/number
    quote: bool = False


def render_docx(
    markdown: str, *, title: str, charts: Sequence[Chart] = (), page_size: str = "A4",
    author: str = "",
) -> bytes:
    """The .docx bytes of the packet."""
    try:
        width, height = PAGE_SIZES[page_size.strip().upper()]
    except KeyError:
        raise InvalidInput(f"Unknown page size {page_size!r}: choose A4 or Letter.") from None
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    docx_layout.set_properties(document, title=_XML_UNSAFE.sub("", title),
                               author=_XML_UNSAFE.sub("", author))
    docx_layout.use_body_font(document)

    writer = _Writer(document, charts_by_name(charts), Length(width - 2 * MARGIN))
    writer.blocks(SyntaxTreeNode(parse(markdown)).children, _Block())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class _Writer:
    def __init__(
        self, document: DocxDocument, charts: Mapping[str, Chart], text_width: Length
    ) -> None:
        self.document = document
        self.charts = charts
        self.text_width = text_width
        self._style_ids: dict[str, str] = {}
        self._section_properties = document.element.body.sectPr

    def add_paragraph(self, style: str | None = None, text: str = "") -> Paragraph:
        """A new body paragraph; styles are set by id (python-docx's lookup by name
        walks every style each time, which dominated long packets)."""
        element = OxmlElement("w:p")
        # Before the body's closing w:sectPr, found once: python-docx looks it up anew
        # for every paragraph, scanning the whole body (quadratic in long packets).
        self._section_properties.addprevious(element)
        paragraph = Paragraph(element, self.document._body)
        if text:
            paragraph.add_run(_XML_UNSAFE.sub("", text))
        if style is not None:
            paragraph._p.style = self.style_id(style)
        return paragraph

    def style_id(self, name: str) -> str:
        if name not in self._style_ids:
            self._style_ids[name] = self.document.styles[name].style_id
        return self._style_ids[name]

    # --- blocks ------------------------------------------------------------------------

    def blocks(self, nodes: Sequence[SyntaxTreeNode], where: _Block) -> None:
        for node in nodes:
            self.block(node, where)
            if where.first_in_item:
                where = replace(where, first_in_item=False)

    def block(self, node: SyntaxTreeNode, where: _Block) -> None:
        kind = node.type
        if kind == "heading":
            level = min(int(node.tag[1:]), 9)
            paragraph = self.add_paragraph(f"Heading {level}")
            docx_layout.keep_with_next(paragraph)
            self.inlines(paragraph, node.children)
        elif kind == "paragraph":
            self.paragraph(node, where)
        elif kind in ("bullet_list", "ordered_list"):
            self.list(node, where)
        elif kind == "blockquote":
            self.blocks(node.children, replace(where, quote=True))
        elif kind in ("fence", "code_block"):
            self.code(node.content, where)
        elif kind == "hr":
            self.rule()
        elif kind == "table":
            self.table(node)
        elif node.children:  # anything unforeseen: keep its text
            self.blocks(node.children, where)

    def styled_paragraph(self, where: _Block) -> Paragraph:
        if where.list_level:
            level = min(where.list_level, MAX_LIST_LEVEL)
            suffix = "" if level == 1 else f" {level}"
            if where.first_in_item:
                name = "List Bullet" if where.list_kind == "bullet" else "List Number"
                paragraph = self.add_paragraph(name + suffix)
                if where.num_id is not None:
                    _set_numbering(paragraph, where.num_id)
                return paragraph
            return self.add_paragraph("List Continue" + suffix)
        if where.quote:
            return self.add_paragraph("Quote")
        return self.add_paragraph()

    def paragraph(self, node: SyntaxTreeNode, where: _Block) -> None:
        inline = node.children[0] if node.children else None
        image = lone_image(inline.token) if inline is not None and inline.token else None
        if image is not None and chart_name(str(image.attrGet("src") or "")):
            self.figure(image, where)
            return
        paragraph = self.styled_paragraph(where)
        if inline is not None:
            self.inlines(paragraph, inline.children)
        if docx_layout.is_label(paragraph):
            docx_layout.keep_with_next(paragraph)

    def figure(self, image: object, where: _Block) -> None:
        chart = chart_for(image, self.charts)  # type: ignore[arg-type]
        caption = image_caption(image, chart)  # type: ignore[arg-type]
        if chart is None:
            paragraph = self.styled_paragraph(where)
            paragraph.add_run(caption).italic = True
            return
        paragraph = self.styled_paragraph(where)
        if not where.list_level:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.picture(paragraph.add_run(), chart, caption)
        docx_layout.keep_with_next(paragraph)
        caption_paragraph = self.add_paragraph("Caption", caption)
        if not where.list_level:
            caption_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def picture(self, run: Run, chart: Chart, caption: str) -> None:
        shape = run.add_picture(io.BytesIO(chart.png))
        docx_layout.describe_picture(shape, _XML_UNSAFE.sub("", chart.summary or caption))
        widest = int(self.text_width * docx_layout.CHART_SHARE)
        if shape.width > widest:
            ratio = widest / shape.width
            shape.width = Length(widest)
            shape.height = Length(int(shape.height * ratio))

    def list(self, node: SyntaxTreeNode, where: _Block) -> None:
        level = where.list_level + 1
        kind = "bullet" if node.type == "bullet_list" else "number"
        num_id = None
        if kind == "number":
            start = int(str(node.attrs.get("start", 1)))
            num_id = self.restarted_numbering(min(level, MAX_LIST_LEVEL), start)
        inner = _Block(list_level=level, list_kind=kind, num_id=num_id, quote=where.quote)
        for item in node.children:
            item_where = replace(inner, first_in_item=True)
            if not item.children:
                self.styled_paragraph(item_where)
                continue
            if item.children[0].type != "paragraph":
                self.styled_paragraph(item_where)  # the marker, then the nested block
                item_where = inner
            self.blocks(item.children, item_where)

    def restarted_numbering(self, level: int, start: int) -> int:
        """A new w:num over the 'List Number' style's list, starting again at `start`."""
        style = self.document.styles["List Number" + ("" if level == 1 else f" {level}")]
        style_num_id = style.element.pPr.numPr.numId.val
        numbering = self.document.part.numbering_part.element
        abstract_id = numbering.num_having_numId(style_num_id).abstractNumId.val
        num = numbering.add_num(abstract_id)
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        return int(num.numId)

    def code(self, text: str, where: _Block) -> None:
        paragraph = self.styled_paragraph(where)
        lines = _XML_UNSAFE.sub("", text.rstrip("\n")).split("\n")
        for index, line in enumerate(lines):
            run = paragraph.add_run(line)
            _monospace(run)
            if index < len(lines) - 1:
                run.add_break()

    def rule(self) -> None:
        paragraph = self.add_paragraph()
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"),
                           ("w:color", "999999")):
            bottom.set(qn(key), value)
        borders.append(bottom)
        paragraph._p.get_or_add_pPr().append(borders)

    def table(self, node: SyntaxTreeNode) -> None:
        rows: list[tuple[bool, list[SyntaxTreeNode]]] = []
        for section in node.children:
            for row in section.children:
                rows.append((section.type == "thead", list(row.children)))
        if not rows:
            return
        columns = max(len(cells) for _, cells in rows)
        table: Table = self.document.add_table(rows=len(rows), cols=columns)
        table._tbl.tblStyle_val = self.style_id("Table Grid")
        for row, (header, cells) in zip(table.rows, rows, strict=True):
            if header:
                _repeat_as_header(row)
            for cell, cell_node in zip(row.cells, cells, strict=False):
                paragraph = cell.paragraphs[0]
                align = _cell_alignment(cell_node)
                if align:
                    paragraph.alignment = ALIGNMENTS[align]
                self.inlines(paragraph, cell_node.children, _Inline(bold=header))
        docx_layout.size_columns(table, self.text_width)
        self.add_paragraph()  # Word glues consecutive tables without a gap

    # --- inline ------------------------------------------------------------------------

    def inlines(
        self, paragraph: Paragraph, nodes: Sequence[SyntaxTreeNode], style: _Inline = _Inline()
    ) -> None:
        for node in nodes:
            if node.type == "inline":
                self.inlines(paragraph, node.children, style)
            else:
                self.inline(paragraph, node, style)

    def inline(self, paragraph: Paragraph, node: SyntaxTreeNode, style: _Inline) -> None:
        kind = node.type
        if kind == "text":
            self.run(paragraph, node.content, style)
        elif kind == "softbreak":
            self.run(paragraph, " ", style)
        elif kind == "hardbreak":
            self.run(paragraph, "", style).add_break()
        elif kind == "code_inline":
            self.run(paragraph, node.content, replace(style, code=True))
        elif kind == "strong":
            self.inlines(paragraph, node.children, replace(style, bold=True))
        elif kind == "em":
            self.inlines(paragraph, node.children, replace(style, italic=True))
        elif kind == "link":
            link = _hyperlink(paragraph, str(node.attrs.get("href", "")))
            self.inlines(paragraph, node.children, replace(style, link=link))
        elif kind == "image":
            token = node.token
            if token is None:
                return
            chart = chart_for(token, self.charts)
            if chart is not None:
                self.picture(paragraph.add_run(), chart, image_caption(token, chart))
            else:
                self.run(paragraph, image_caption(token, None), replace(style, italic=True))
        elif node.children:
            self.inlines(paragraph, node.children, style)
        elif node.content:
            self.run(paragraph, node.content, style)

    def run(self, paragraph: Paragraph, text: str, style: _Inline) -> Run:
        run = paragraph.add_run(_XML_UNSAFE.sub("", text))
        if style.bold:
            run.bold = True
        if style.italic:
            run.italic = True
        if style.code:
            _monospace(run)
        if style.link is not None:
            run.font.color.rgb = LINK_COLOUR
            run.underline = True
            style.link.append(run._r)  # type: ignore[attr-defined]
        return run


def _monospace(run: Run) -> None:
    run.font.name = MONO_FONT
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), MONO_FONT)
    run.font.size = Pt(9.5)


def _hyperlink(paragraph: Paragraph, url: str) -> object:
    """A w:hyperlink in `paragraph` whose runs open `url` (already checked safe)."""
    link = OxmlElement("w:hyperlink")
    if url.startswith("#"):
        link.set(qn("w:anchor"), url[1:])
    else:
        relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link.set(qn("r:id"), relation)
    paragraph._p.append(link)
    return link


def _set_numbering(paragraph: Paragraph, num_id: int) -> None:
    numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numbering.get_or_add_ilvl().val = 0
    numbering.get_or_add_numId().val = num_id


def _repeat_as_header(row: object) -> None:
    """Mark a header row: repeated on each page, shaded light grey."""
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
    for cell in row.cells:  # type: ignore[attr-defined]
        shading = OxmlElement("w:shd")
        for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", HEADER_FILL)):
            shading.set(qn(key), value)
        cell._tc.get_or_add_tcPr().append(shading)


def _cell_alignment(node: SyntaxTreeNode) -> str | None:
    style = str(node.attrs.get("style", ""))
    for align in ALIGNMENTS:
        if style == f"text-align:{align}":
            return align
    return None

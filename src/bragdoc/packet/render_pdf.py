"""Packet Markdown → PDF with Qt's rich-text engine (QTextDocument + QPdfWriter).

Only `PySide6.QtGui` is used (no widgets), so this runs headless. Text stays text in
the PDF; charts are handed to the document as image resources (relative image paths
vanish from Qt's PDF output). Qt needs a QGuiApplication for fonts: the running one is
used, or an offscreen one is created once for the process (the CLI case).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from bragdoc.domain.errors import InvalidInput
from bragdoc.packet.chart_image import Chart, charts_by_name
from bragdoc.packet.render_html import render_body

PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "LETTER": QPageSize.PageSizeId.Letter}
MARGIN_MM = 18.0
BODY_FONT = "DejaVu Sans"
BODY_POINTS = 10.5
RESOLUTION_DPI = 300
# The document is laid out in px at this density, then scaled to the writer's.
LAYOUT_DPI = 96
INDENT_PX = 24
FOOTER_GAP_PX = 18
NEAR_EMPTY = 0.12
"""A last page filled less than this (a line or two) is worth avoiding."""
CHART_SCALES = (0.85, 0.72, 0.6)
FOOTER_HEIGHT_PX = 16

# Qt's rich text takes block margins in px only (pt is silently dropped); px here are
# layout units at LAYOUT_DPI, so 12px is 9pt on paper.
QT_STYLE = """
body { color: #1a1a1a; }
h1 { font-size: 20pt; font-weight: bold; margin-top: 0px; margin-bottom: 10px; color: #111; }
h2 { font-size: 15pt; font-weight: bold; margin-top: 20px; margin-bottom: 6px; color: #111; }
h3 { font-size: 12pt; font-weight: bold; margin-top: 14px; margin-bottom: 4px; color: #222; }
h4, h5, h6 { font-size: 10.5pt; font-weight: bold; margin-top: 10px; margin-bottom: 3px; }
p { margin-top: 0px; margin-bottom: 8px; }
ul, ol { margin-top: 0px; margin-bottom: 8px; }
li { margin-bottom: 3px; }
code, pre { font-family: "DejaVu Sans Mono"; font-size: 9pt; }
pre { background-color: #f3f3f3; margin-bottom: 8px; }
blockquote { margin-left: 18px; margin-bottom: 8px; font-style: italic; color: #333; }
a { color: #0b5cad; }
table { border-collapse: collapse; margin-top: 6px; margin-bottom: 10px; }
th { background-color: #ececec; font-weight: bold; text-align: left;
     border-width: 1px; border-style: solid; border-color: #8c8c8c; }
td { border-width: 1px; border-style: solid; border-color: #8c8c8c; }
.caption { font-size: 9pt; font-style: italic; color: #444; }
.chart-missing { font-style: italic; color: #444; }
"""

_app: QGuiApplication | None = None


def ensure_gui_application() -> QGuiApplication:
    """The running QGuiApplication (or QApplication), or an offscreen one made once."""
    global _app
    existing = QGuiApplication.instance()
    if existing is not None:
        return existing  # type: ignore[return-value]
    _app = QGuiApplication(["bragdoc", "-platform", "offscreen"])
    return _app


def page_size_id(page_size: str) -> QPageSize.PageSizeId:
    try:
        return PAGE_SIZES[page_size.strip().upper()]
    except KeyError:
        raise InvalidInput(
            f"Unknown page size {page_size!r}: choose A4 or Letter."
        ) from None


class QtFlavour:
    """How images and tables are written for Qt's rich text: charts as named resources."""

    def __init__(self, charts: Mapping[str, Chart], text_width_px: float,
                 scale: float = 1.0) -> None:
        self.charts = charts
        self.text_width_px = text_width_px
        self.scale = scale
        self.images: dict[str, QImage] = {}

    def _resource(self, chart: Chart) -> tuple[str, int, int]:
        url = f"bragdoc-chart:{chart.name}"
        image = self.images.get(url)
        if image is None:
            image = QImage.fromData(QByteArray(chart.png))
            self.images[url] = image
        if image.isNull() or image.width() == 0:
            return url, 0, 0
        # Its physical size from the PNG's own density (matplotlib writes it), capped to
        # the text width.
        dpi = image.dotsPerMeterX() * 0.0254 or LAYOUT_DPI
        width = min(self.text_width_px, image.width() * LAYOUT_DPI / dpi) * self.scale
        height = width * image.height() / image.width()
        return url, round(width), round(height)

    def figure(self, chart: Chart | None, caption: str) -> str:
        text = html.escape(caption)
        if chart is None:
            return f'<p class="chart-missing">{text}</p>\n'
        url, width, height = self._resource(chart)
        if not width:
            return f'<p class="chart-missing">{text}</p>\n'
        return (
            f'<p align="center" style="margin-top: 6pt; margin-bottom: 2pt;">'
            f'<img src="{url}" width="{width}" height="{height}"></p>\n'
            f'<p align="center" class="caption" style="margin-bottom: 10pt;">{text}</p>\n'
        )

    def inline_image(self, chart: Chart | None, caption: str) -> str:
        text = html.escape(caption)
        if chart is None:
            return f'<span class="chart-missing">{text}</span>'
        url, width, height = self._resource(chart)
        if not width:
            return f'<span class="chart-missing">{text}</span>'
        return f'<img src="{url}" width="{width}" height="{height}">'

    def table_open(self) -> str:
        return ('<table border="1" cellspacing="0" cellpadding="4" width="100%" '
                'style="border-collapse: collapse; border-color: #8c8c8c;">\n')

    def cell_open(self, tag: str, align: str | None) -> str:
        # Qt drops a cell's stylesheet borders when it has its own style attribute.
        return f'<{tag} align="{align}">' if align else f"<{tag}>"


def _layout_device() -> QImage:
    """A 1×1 image at LAYOUT_DPI: fixes what a layout unit is, whatever the screen."""
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    dots_per_metre = round(LAYOUT_DPI / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    return image


def render_pdf(
    markdown: str, *, title: str, charts: Sequence[Chart] = (), page_size: str = "A4",
    author: str = "",
) -> bytes:
    """The PDF bytes of the packet: selectable text, charts embedded, page numbers."""
    size_id = page_size_id(page_size)
    ensure_gui_application()

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("bragdoc")
    if author:
        writer.setAuthor(author)
    writer.setResolution(RESOLUTION_DPI)
    writer.setPageLayout(QPageLayout(
        QPageSize(size_id), QPageLayout.Orientation.Portrait,
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter,
    ))
    area = writer.pageLayout().paintRect(QPageLayout.Unit.Point)
    page = QSizeF(area.width() * LAYOUT_DPI / 72.0, area.height() * LAYOUT_DPI / 72.0)

    # A last page holding only a line or two reads as a mistake: lay the document out
    # again with the charts a little smaller and keep the first fit without one.
    document = _document(markdown, charts, title=title, page=page, chart_scale=1.0)
    if charts and _near_empty_last_page(document, page.height()):
        for scale in CHART_SCALES:
            smaller = _document(markdown, charts, title=title, page=page, chart_scale=scale)
            if smaller.pageCount() < document.pageCount():
                document = smaller
                break
    _paint(document, writer, page)
    del writer  # finishes the PDF
    buffer.close()
    return bytes(buffer.data().data())


def _document(markdown: str, charts: Sequence[Chart], *, title: str, page: QSizeF,
              chart_scale: float) -> QTextDocument:
    """The packet laid out in pages of `page` (layout px), headings kept with what follows."""
    document = QTextDocument()
    document.documentLayout().setPaintDevice(_layout_device())
    document.setUseDesignMetrics(True)
    document.setDocumentMargin(0)
    document.setIndentWidth(INDENT_PX)
    font = QFont(BODY_FONT)
    font.setPointSizeF(BODY_POINTS)
    # No ligatures: "ff" must copy out of the PDF as two letters, not U+FB00.
    for feature in ("liga", "clig", "dlig"):
        font.setFeature(QFont.Tag(feature), 0)
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(QT_STYLE)
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
    document.setPageSize(page)

    flavour = QtFlavour(charts_by_name(charts), text_width_px=page.width(),
                        scale=chart_scale)
    body = render_body(markdown, charts, flavour)
    for url, image in flavour.images.items():
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(url), image)
    document.setHtml(f"<html><body>{body}</body></html>")
    _keep_headings_with_next(document, page.height())
    return document


def _near_empty_last_page(document: QTextDocument, page_height: float) -> bool:
    pages = document.pageCount()
    if pages < 2:
        return False
    bottom = document.documentLayout().blockBoundingRect(document.lastBlock()).bottom()
    return bottom - (pages - 1) * page_height < NEAR_EMPTY * page_height


def _keeps_with_next(block: QTextBlock) -> bool:
    """A heading, a label standing alone ("**People mentored**") or a chart (its caption
    follows): none of these may end a page without what comes after it."""
    if block.blockFormat().headingLevel():
        return True
    fragments = []
    iterator = block.begin()
    while not iterator.atEnd():
        fragment = iterator.fragment()
        if fragment.isValid():
            fragments.append(fragment)
        iterator += 1
    if any(f.charFormat().isImageFormat() for f in fragments):
        return True
    shown = [f for f in fragments if f.text().strip()]
    return (bool(shown) and len(block.text()) < 80
            and all(f.charFormat().fontWeight() >= QFont.Weight.Bold for f in shown))


def _keep_headings_with_next(document: QTextDocument, page_height: float) -> None:
    """Qt has no keep-with-next: a heading, label or chart left at a page's foot without
    the first line of what follows moves down to the next page."""
    layout = document.documentLayout()
    block = document.begin()
    while block.isValid():
        following = block.next()
        if following.isValid() and _keeps_with_next(block):
            here = layout.blockBoundingRect(block)
            there = layout.blockBoundingRect(following)
            lines = following.layout()
            first_line_bottom = there.top() + (
                lines.lineAt(0).rect().bottom() if lines.lineCount() else there.height())
            page = int(here.top() // page_height)
            if int(first_line_bottom // page_height) > page:
                # A heading just above a label moves down with it (and so on up).
                first = block
                while (first.previous().isValid() and _keeps_with_next(first.previous())
                       and int(layout.blockBoundingRect(first.previous()).top()
                               // page_height) == page):
                    first = first.previous()
                cursor = QTextCursor(first)
                fmt = first.blockFormat()
                fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                cursor.setBlockFormat(fmt)
                # Changing a block's format relayouts only part of the document and can
                # leave the rest unlaid (seen: a 7-page packet printed as 3 pages). Lay
                # out everything again before measuring the next heading.
                document.markContentsDirty(0, document.characterCount())
                layout.documentSize()
        block = following


def _paint(document: QTextDocument, writer: QPdfWriter, page: QSizeF) -> None:
    """Each page of the laid-out document, then a small "page N of M" under it."""
    scale = writer.resolution() / LAYOUT_DPI
    pages = max(1, document.pageCount())
    footer_font = QFont(BODY_FONT)
    footer_font.setPointSizeF(8)
    painter = QPainter(writer)
    try:
        for number in range(pages):
            if number:
                writer.newPage()
            painter.save()
            painter.scale(scale, scale)
            painter.translate(0, -number * page.height())
            document.drawContents(
                painter, QRectF(0, number * page.height(), page.width(), page.height()))
            painter.restore()

            # Drawn in device pixels so the font's point size means what it says.
            painter.setFont(footer_font)
            painter.setPen(QColor("#666666"))
            footer = QRectF(0, (page.height() + FOOTER_GAP_PX) * scale,
                            page.width() * scale, FOOTER_HEIGHT_PX * scale)
            painter.drawText(
                footer, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                f"{number + 1} / {pages}")
    finally:
        painter.end()

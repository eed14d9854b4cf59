"""Packet export: one representative draft to .md, .html, .pdf and .docx, each read back
by a real reader (html.parser, pdftotext/pdfinfo/pdfimages, python-docx)."""

from __future__ import annotations

import io
import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bragdoc.domain.errors import InvalidInput
from bragdoc.packet.export import Chart, export_packet, render_packet
from bragdoc.packet.markdown import is_safe_url

PACKET = """\
# Promotion packet — José — 東京

Prepared for the **Staff Engineer** committee, covering *2024-01-01 to 2024-12-31*.

## Executive summary

Led **4 cross-team initiatives** affecting *120 engineers* and delivered **$1,250,000**
in annualised savings. The CLI flag `--fast` stays monospace.

<script>alert(1)</script>

A link that must stay text: [x](javascript:alert(1)). A real one: [the guide](https://example.com/guide).

### Key achievements

- Cut deployment time by 91.7% (2 hours → 10 minutes), 12× faster
- Mentored 6 engineers; 3 were promoted
- Standards adopted by 9 teams

## Technical impact portfolio

1. Payments platform migration
2. Build cache rollout
3. Incident response playbook

| Metric | Before | After | Change |
|---|---:|---:|---:|
| Deployment time | 2 hours | 10 minutes | −91.7% |
| p99 latency | 840 ms | 210 ms | −75.0% |
| Annual savings | — | $1,250,000 | +$1,250,000 |

![Wins per quarter, 2024](chart:wins)

![Pillar balance we never drew](chart:nowhere)

## Future vision and readiness

1. Days 1–30: listen to every team
2. Days 31–60: agree the plan
"""

HEADINGS = ["Executive summary", "Key achievements", "Technical impact portfolio",
            "Future vision and readiness"]
METRIC_ROWS = [
    ["Deployment time", "2 hours", "10 minutes", "−91.7%"],
    ["p99 latency", "840 ms", "210 ms", "−75.0%"],
    ["Annual savings", "—", "$1,250,000", "+$1,250,000"],
]
SCRIPT = "<script>alert(1)</script>"
JS_LINK = "[x](javascript:alert(1))"
TITLE = "Packet for José <script>x</script>"


def small_png() -> bytes:
    figure = Figure(figsize=(4, 2), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.bar(["Q1", "Q2", "Q3", "Q4"], [3, 5, 2, 8], color="#0072B2")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def charts() -> list[Chart]:
    return [Chart(name="wins", caption="Wins per quarter", png=small_png())]


@pytest.fixture
def gui_app(qapp):  # type: ignore[no-untyped-def]
    """The PDF renderer uses the running application, as it does inside the GUI."""
    return qapp


# --- HTML --------------------------------------------------------------------------------


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.stack: list[str] = []
        self.by_tag: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag not in ("img", "meta", "br", "hr"):
            self.stack.append(tag)
            self.by_tag.setdefault(tag, []).append("")

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for tag in set(self.stack):
            self.by_tag[tag][-1] += data

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.elements if tag == name]


def test_html_is_self_contained_escaped_and_structured(tmp_path: Path, charts) -> None:
    out = export_packet(PACKET, tmp_path / "packet.html", title=TITLE, charts=charts)
    page = Collector()
    page.feed(out.read_text(encoding="utf-8"))
    text = "".join(page.text)

    assert page.by_tag["title"] == [TITLE]
    assert not page.tags("script")
    assert page.by_tag["h1"] == ["Promotion packet — José — 東京"]
    assert page.by_tag["h2"] == ["Executive summary", "Technical impact portfolio",
                                 "Future vision and readiness"]
    assert page.by_tag["h3"] == ["Key achievements"]
    assert SCRIPT in text and JS_LINK in text
    hrefs = [attrs.get("href") or "" for attrs in page.tags("a")]
    assert hrefs == ["https://example.com/guide"]
    assert not any("javascript" in (value or "") for _, attrs in page.elements
                   for value in attrs.values())
    images = page.tags("img")
    assert len(images) == 1  # the missing chart is its caption, not a broken image
    assert (images[0]["src"] or "").startswith("data:image/png;base64,")
    assert images[0]["alt"] == "Wins per quarter, 2024"
    assert "Pillar balance we never drew" in text
    assert len(page.tags("style")) == 1
    assert not page.tags("link")  # nothing fetched from outside
    cells = [c.strip() for c in page.by_tag["td"]]
    for row in METRIC_ROWS:
        assert all(cell in cells for cell in row)
    assert page.by_tag["li"][:3] == [
        "Cut deployment time by 91.7% (2 hours → 10 minutes), 12× faster",
        "Mentored 6 engineers; 3 were promoted", "Standards adopted by 9 teams"]


def test_html_prefers_svg_when_a_chart_has_one(tmp_path: Path) -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'
    chart = Chart(name="wins", caption="Wins", png=small_png(), svg=svg)
    out = export_packet("![](chart:wins)\n", tmp_path / "p.html", title="t", charts=[chart])
    page = Collector()
    page.feed(out.read_text(encoding="utf-8"))
    (image,) = page.tags("img")
    assert (image["src"] or "").startswith("data:image/svg+xml;base64,")
    assert page.by_tag["figcaption"] == ["Wins"]  # empty alt falls back to the chart's caption


# --- PDF ---------------------------------------------------------------------------------


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def pdfinfo(path: Path) -> dict[str, str]:
    output = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                            text=True).stdout
    return {key.strip(): value.strip() for key, _, value in
            (line.partition(":") for line in output.splitlines())}


def test_pdf_has_real_text_tables_and_an_embedded_chart(tmp_path: Path, charts,
                                                          gui_app) -> None:
    out = export_packet(PACKET, tmp_path / "packet.pdf", title=TITLE, charts=charts)
    text = pdftotext(out)
    flat = " ".join(text.split())

    for heading in HEADINGS:
        assert heading in flat
    assert "Promotion packet — José" in flat  # 東京 needs a CJK font, which CI lacks
    assert SCRIPT in flat and JS_LINK in flat
    assert "Staff Engineer" in flat and "$1,250,000" in flat
    assert "91.7% (2 hours → 10 minutes), 12× faster" in flat
    for row in METRIC_ROWS:
        assert re.search(r"\s+".join(map(re.escape, row)), text), row  # one table line
    assert "Wins per quarter, 2024" in flat
    assert "Pillar balance we never drew" in flat
    assert "1. Payments platform migration" in flat

    info = pdfinfo(out)
    assert int(info["Pages"]) >= 1
    assert "(A4)" in info["Page size"]
    assert info["Title"] == TITLE
    images = subprocess.run(["pdfimages", "-list", str(out)], check=True,
                            capture_output=True, text=True).stdout.splitlines()[2:]
    assert len(images) >= 1


def test_pdf_letter_pages_and_page_numbers(tmp_path: Path, gui_app) -> None:
    long = "\n\n".join(f"## Section {n}\n\n" + "A paragraph of evidence. " * 40
                       for n in range(1, 13))
    out = export_packet(long, tmp_path / "long.pdf", title="Long", page_size="letter")
    info = pdfinfo(out)
    pages = int(info["Pages"])
    assert pages >= 3
    assert info["Page size"].startswith("612 x 792")
    text = pdftotext(out)
    assert re.search(rf"\b{pages}\s*/\s*{pages}\b", text)
    assert "Section 12" in text


# --- DOCX --------------------------------------------------------------------------------


def test_docx_has_word_structure(tmp_path: Path, charts) -> None:
    out = export_packet(PACKET, tmp_path / "packet.docx", title=TITLE, charts=charts)
    document = docx.Document(str(out))
    styled = [(p.style.name, p.text) for p in document.paragraphs]

    assert document.core_properties.title == TITLE
    assert ("Heading 1", "Promotion packet — José — 東京") in styled
    assert ("Heading 2", "Executive summary") in styled
    assert ("Heading 3", "Key achievements") in styled
    bullets = [text for style, text in styled if style == "List Bullet"]
    assert bullets == ["Cut deployment time by 91.7% (2 hours → 10 minutes), 12× faster",
                       "Mentored 6 engineers; 3 were promoted",
                       "Standards adopted by 9 teams"]
    numbered = [text for style, text in styled if style == "List Number"]
    assert numbered[:3] == ["Payments platform migration", "Build cache rollout",
                            "Incident response playbook"]
    assert [text for _, text in styled if SCRIPT in text] == [SCRIPT]
    assert any(JS_LINK in text for _, text in styled)
    assert ("Caption", "Wins per quarter, 2024") in styled
    assert any("Pillar balance we never drew" in text for _, text in styled)

    intro = next(p for p in document.paragraphs if p.text.startswith("Prepared for"))
    assert [r.text for r in intro.runs if r.bold] == ["Staff Engineer"]
    assert [r.text for r in intro.runs if r.italic] == ["2024-01-01 to 2024-12-31"]
    summary = next(p for p in document.paragraphs if p.text.startswith("Led "))
    assert [r.font.name for r in summary.runs if r.text == "--fast"] == ["Courier New"]

    (table,) = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows == [["Metric", "Before", "After", "Change"], *METRIC_ROWS]
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    assert len(document.inline_shapes) == 1

    links = [rel.target_ref for rel in document.part.rels.values()
             if rel.reltype == RELATIONSHIP_TYPE.HYPERLINK]
    assert links == ["https://example.com/guide"]


def test_docx_numbered_lists_each_start_again(tmp_path: Path) -> None:
    markdown = "1. one\n2. two\n\nBetween.\n\n1. again\n2. more\n\nAnd.\n\n7. seven\n"
    out = export_packet(markdown, tmp_path / "lists.docx", title="Lists")
    document = docx.Document(str(out))
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert ids[0] == ids[1] and ids[2] == ids[3] and len(set(ids)) == 3
    numbering = document.part.numbering_part.element
    starts = [numbering.num_having_numId(i).find(qn("w:lvlOverride"))
              .find(qn("w:startOverride")).get(qn("w:val")) for i in (ids[0], ids[2], ids[4])]
    assert starts == ["1", "1", "7"]


# --- Markdown, atomic writes, errors -----------------------------------------------------


def test_markdown_export_writes_the_draft_and_its_charts(tmp_path: Path, charts) -> None:
    out = export_packet(PACKET, tmp_path / "packet.md", title=TITLE, charts=charts)
    text = out.read_text(encoding="utf-8")
    assert "![Wins per quarter, 2024](packet-charts/wins.png)" in text
    assert "![Pillar balance we never drew](chart:nowhere)" in text  # left as written
    assert text.replace("packet-charts/wins.png", "chart:wins") == PACKET
    assert (tmp_path / "packet-charts" / "wins.png").read_bytes() == charts[0].png


def test_existing_file_is_replaced_only_on_success(tmp_path: Path, charts) -> None:
    out = tmp_path / "packet.docx"
    out.write_bytes(b"the previous export")
    broken = Chart(name="wins", caption="Wins", png=b"this is not a PNG")
    with pytest.raises(Exception):  # noqa: B017 - any failure will do; python-docx's own
        export_packet(PACKET, out, title=TITLE, charts=[broken])
    assert out.read_bytes() == b"the previous export"
    assert sorted(os.listdir(tmp_path)) == ["packet.docx"]  # no temp file left behind

    export_packet(PACKET, out, title=TITLE, charts=charts)
    assert docx.Document(str(out)).paragraphs[0].text == "Promotion packet — José — 東京"
    assert sorted(os.listdir(tmp_path)) == ["packet.docx"]
    assert out.stat().st_mode & 0o777 == 0o600  # as private as the record it comes from


def test_unknown_suffix_is_refused_with_the_formats_named(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as refused:
        export_packet(PACKET, tmp_path / "packet.odt", title=TITLE)
    message = str(refused.value)
    assert "packet.odt" in message
    for suffix in (".md", ".html", ".pdf", ".docx"):
        assert suffix in message
    with pytest.raises(InvalidInput, match="no extension"):
        export_packet(PACKET, tmp_path / "packet", title=TITLE)
    with pytest.raises(InvalidInput, match="A4 or Letter"):
        export_packet(PACKET, tmp_path / "packet.html", title=TITLE, page_size="A3")
    assert os.listdir(tmp_path) == []


def test_render_packet_returns_bytes_without_a_file(charts) -> None:
    html = render_packet("# Hi\n\n![c](chart:wins)\n", "html", title="t", charts=charts)
    assert html.startswith(b"<!DOCTYPE html>")
    assert render_packet("# Hi", ".md", title="t") == b"# Hi\n"


@pytest.mark.parametrize(("url", "safe"), [
    ("https://example.com", True), ("http://x.y/z", True), ("mailto:a@b.c", True),
    ("relative/page.html", True), ("#section", True), ("chart:wins", True),
    ("javascript:alert(1)", False), ("JavaScript:alert(1)", False),
    ("vbscript:x", False), ("data:text/html,x", False), ("file:///etc/passwd", False),
    ("chart:", False), ("chart:../x", False),
])
def test_only_safe_destinations_become_links(url: str, safe: bool) -> None:
    assert is_safe_url(url) is safe


def test_odd_text_survives_every_format(tmp_path: Path, charts, gui_app) -> None:
    """Pasted control characters, nested lists, code blocks, rules and an inline chart."""
    markdown = (
        "# Odd\x0b text\n\n- outer\n  - inner\n    1. deepest\n\n"
        "```\nline one\x0c\nline two\n```\n\n---\n\nInline ![small](chart:wins) chart; "
        "and **[bold link](https://example.com)** plus <b>not bold</b>.\n"
    )
    for suffix in (".md", ".html", ".pdf", ".docx"):
        export_packet(markdown, tmp_path / f"odd{suffix}", title="Odd\x0b", charts=charts)
    document = docx.Document(str(tmp_path / "odd.docx"))
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    assert styled[0] == ("Heading 1", "Odd text")
    assert ("List Bullet", "outer") in styled and ("List Bullet 2", "inner") in styled
    assert ("List Number 3", "deepest") in styled
    assert any("line one" in text and "line two" in text for _, text in styled)
    assert len(document.inline_shapes) == 1
    assert "<b>not bold</b>" in document.paragraphs[-1].text
    flat = " ".join(pdftotext(tmp_path / "odd.pdf").split())
    assert "deepest" in flat and "<b>not bold</b>" in flat and "bold link" in flat
    page = Collector()
    page.feed((tmp_path / "odd.html").read_text(encoding="utf-8"))
    assert not page.tags("b") and len(page.tags("img")) == 1

"""Packet Markdown → one self-contained HTML file (charts inline, print-friendly CSS).

The body renderer is shared with the PDF renderer, which feeds Qt's rich-text engine a
different flavour of the same HTML (`QtFlavour` in render_pdf): only how images,
figures and tables are written differs.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Mapping, Sequence
from typing import Any

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from bragdoc.packet.chart_image import Chart, charts_by_name
from bragdoc.packet.markdown import (
    chart_for,
    chart_name,
    image_caption,
    image_source,
    lone_image,
    parse,
    parser,
)

PAGE_CSS_SIZES = {"A4": "A4", "LETTER": "letter"}

STYLE = """
:root { color-scheme: light; }
html { font-size: 11pt; }
body {
  font-family: "DejaVu Sans", "Segoe UI", "Helvetica Neue", Arial, sans-serif;
  color: #1a1a1a; background: #fff; line-height: 1.45;
  max-width: 46rem; margin: 2rem auto; padding: 0 1.25rem;
}
h1, h2, h3, h4 { line-height: 1.2; color: #111; break-after: avoid; page-break-after: avoid; }
h1 { font-size: 1.8rem; margin: 0 0 0.8rem; padding-bottom: 0.3rem; border-bottom: 2px solid #333; }
h2 { font-size: 1.35rem; margin: 1.8rem 0 0.6rem; padding-bottom: 0.2rem;
     border-bottom: 1px solid #bbb; }
h3 { font-size: 1.1rem; margin: 1.3rem 0 0.4rem; }
h4, h5, h6 { font-size: 1rem; margin: 1rem 0 0.3rem; }
p, ul, ol, blockquote, table, figure { margin: 0 0 0.75rem; }
ul, ol { padding-left: 1.5rem; }
li { margin: 0.15rem 0; }
li > p { margin: 0.2rem 0; }
a { color: #0b5cad; }
code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 0.92em;
       background: #f2f2f2; padding: 0 0.2em; border-radius: 3px; }
pre { background: #f5f5f5; border: 1px solid #ddd; padding: 0.6rem; overflow-x: auto;
      white-space: pre-wrap; }
pre code { background: none; padding: 0; }
blockquote { border-left: 4px solid #c8c8c8; margin-left: 0; padding: 0.1rem 0 0.1rem 1rem;
             color: #333; font-style: italic; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; break-inside: auto; }
th, td { border: 1px solid #999; padding: 0.3rem 0.5rem; vertical-align: top; }
th { background: #ececec; text-align: left; }
tr { break-inside: avoid; page-break-inside: avoid; }
hr { border: 0; border-top: 1px solid #bbb; margin: 1.5rem 0; }
figure.chart { margin: 1rem 0; text-align: center; break-inside: avoid; page-break-inside: avoid; }
figure.chart img, figure.chart svg { max-width: 100%; height: auto; }
img.chart { max-width: 100%; height: auto; vertical-align: middle; }
figcaption { font-size: 0.9rem; color: #444; font-style: italic; margin-top: 0.3rem; }
.chart-missing { font-style: italic; color: #444; }
@media print {
  body { max-width: none; margin: 0; padding: 0; }
  a { color: inherit; text-decoration: underline; }
  pre { white-space: pre-wrap; }
}
"""


class BrowserFlavour:
    """How images and tables are written for a web browser: charts as `data:` URIs."""

    def __init__(self, charts: Mapping[str, Chart]) -> None:
        self.charts = charts

    def image_src(self, chart: Chart) -> str:
        if chart.svg:
            payload = base64.b64encode(chart.svg.encode("utf-8")).decode("ascii")
            return f"data:image/svg+xml;base64,{payload}"
        return "data:image/png;base64," + base64.b64encode(chart.png).decode("ascii")

    def figure(self, chart: Chart | None, caption: str) -> str:
        text = html.escape(caption)
        if chart is None:
            return f'<p class="chart-missing">{text}</p>\n'
        return (
            f'<figure class="chart"><img src="{self.image_src(chart)}" alt="{text}">'
            f"<figcaption>{text}</figcaption></figure>\n"
        )

    def inline_image(self, chart: Chart | None, caption: str) -> str:
        text = html.escape(caption)
        if chart is None:
            return f'<span class="chart-missing">{text}</span>'
        return f'<img class="chart" src="{self.image_src(chart)}" alt="{text}">'

    def table_open(self) -> str:
        return "<table>\n"

    def cell_open(self, tag: str, align: str | None) -> str:
        return f'<{tag} style="text-align:{align}">' if align else f"<{tag}>"


class PacketRenderer(RendererHTML):
    """markdown-it's HTML renderer with chart figures; `env["flavour"]` writes them."""

    def render(self, tokens: Sequence[Token], options: Any, env: Any) -> str:
        out: list[str] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            figure = self._figure_at(tokens, index)
            if figure is not None:
                chart = chart_for(figure, env["charts"])
                out.append(env["flavour"].figure(chart, image_caption(figure, chart)))
                index += 3  # paragraph_open, inline, paragraph_close
                continue
            if token.type == "inline":
                if token.children:
                    out.append(self.renderInline(token.children, options, env))
            elif token.type in self.rules:
                out.append(self.rules[token.type](tokens, index, options, env))
            else:
                out.append(self.renderToken(tokens, index, options, env))
            index += 1
        return "".join(out)

    @staticmethod
    def _figure_at(tokens: Sequence[Token], index: int) -> Token | None:
        if tokens[index].type != "paragraph_open" or index + 2 >= len(tokens):
            return None
        image = lone_image(tokens[index + 1])
        if image is None or chart_name(image_source(image)) is None:
            return None
        return image

    def image(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        chart = chart_for(token, env["charts"])
        caption = image_caption(token, chart)
        if chart_name(image_source(token)) is None:
            # Not one of our charts: a self-contained file fetches nothing, so show the text.
            return html.escape(caption)
        return str(env["flavour"].inline_image(chart, caption))

    def table_open(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        return str(env["flavour"].table_open())

    def th_open(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        return str(env["flavour"].cell_open("th", cell_alignment(tokens[idx])))

    def td_open(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        return str(env["flavour"].cell_open("td", cell_alignment(tokens[idx])))


def cell_alignment(token: Token) -> str | None:
    """"left", "center" or "right" from a table cell token's `style`, else None."""
    style = str(token.attrGet("style") or "")
    for align in ("left", "center", "right"):
        if style == f"text-align:{align}":
            return align
    return None


_RENDERER = PacketRenderer()


def render_body(markdown: str, charts: Sequence[Chart], flavour: Any | None = None) -> str:
    """The HTML of the Markdown alone (no `<html>` wrapper)."""
    by_name = charts_by_name(charts)
    env = {"charts": by_name, "flavour": flavour or BrowserFlavour(by_name)}
    return _RENDERER.render(parse(markdown), parser().options, env)


def render_html(
    markdown: str, *, title: str, charts: Sequence[Chart] = (), page_size: str = "A4"
) -> str:
    """A complete HTML document: `<title>`, inline CSS, charts as `data:` images."""
    size = PAGE_CSS_SIZES.get(page_size.upper(), "A4")
    body = render_body(markdown, charts)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="bragdoc">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>{STYLE}@page {{ size: {size}; margin: 18mm 16mm; }}\n</style>\n"
        f"</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )

"""The one Markdown dialect every packet renderer reads, and what they share.

CommonMark with tables, raw HTML off (user text can never become markup), no linkify,
no typographer. Link and image destinations pass an allow-list: http, https, mailto,
relative paths and fragments, plus `chart:NAME` which names a chart handed to the
exporter. Anything else (`javascript:`, `data:`, `file:`, …) is refused by the parser,
so the source text stays as plain text.

`parse()` returns markdown-it tokens after one clean-up: a *link* (not an image) to
`chart:` keeps its text and loses the link. Renderers then resolve images with
`chart_for()`; a missing chart shows its caption as text, never a broken image.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from bragdoc.packet.chart_image import Chart

CHART_SCHEME = "chart:"
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_CHART_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")




def is_safe_url(url: str) -> bool:
    """True for the destinations we allow; `url` as markdown-it hands it (normalised)."""
    text = url.strip().lower()
    if text.startswith(CHART_SCHEME):
        return chart_name(url) is not None
    match = _SCHEME.match(text)
    return match is None or match.group(1) in SAFE_SCHEMES


def chart_name(url: str) -> str | None:
    """`chart:NAME` → NAME; anything else (or a malformed name) → None."""
    text = url.strip()
    if not text.lower().startswith(CHART_SCHEME):
        return None
    name = text[len(CHART_SCHEME):]
    return name if _CHART_NAME.match(name) else None


@functools.cache
def parser() -> MarkdownIt:
    """The configured parser, built once per process."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.validateLink = is_safe_url  # type: ignore[method-assign]
    return md


def parse(markdown: str) -> list[Token]:
    """Block tokens of `markdown`, with links to `chart:` turned back into their text."""
    tokens = parser().parse(markdown)
    for token in tokens:
        if token.type == "inline" and token.children:
            token.children = _drop_chart_links(token.children)
    return tokens


def _drop_chart_links(children: list[Token]) -> list[Token]:
    kept: list[Token] = []
    dropping = False
    for child in children:
        if child.type == "link_open" and chart_name(str(child.attrGet("href") or "")):
            dropping = True
            continue
        if child.type == "link_close" and dropping:
            dropping = False  # CommonMark links never nest
            continue
        kept.append(child)
    return kept


def image_source(token: Token) -> str:
    return str(token.attrGet("src") or "")


def plain_text(children: Sequence[Token] | None) -> str:
    """The text of inline tokens (alt text of an image, say), markup dropped."""
    parts: list[str] = []
    for child in children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(plain_text(child.children))
    return "".join(parts)


def image_caption(token: Token, chart: Chart | None) -> str:
    """What an image shows as its caption: its alt text, else the chart's own caption."""
    alt = plain_text(token.children).strip()
    if alt:
        return alt
    if chart is not None and chart.caption.strip():
        return chart.caption.strip()
    return chart_name(image_source(token)) or ""


def chart_for(token: Token, charts: Mapping[str, Chart]) -> Chart | None:
    """The chart an image token refers to, if it is a `chart:` image we were given."""
    name = chart_name(image_source(token))
    return charts.get(name) if name else None


def lone_image(inline: Token) -> Token | None:
    """The image token when a paragraph holds nothing but one image (a figure)."""
    children = [
        child for child in inline.children or ()
        if not (child.type == "text" and not child.content.strip())
        and child.type != "softbreak"
    ]
    if len(children) == 1 and children[0].type == "image":
        return children[0]
    return None

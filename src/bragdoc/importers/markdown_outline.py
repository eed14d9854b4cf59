"""A brag document's shape: headings, each with its paragraphs and its list items.

This is not a full CommonMark parser, on purpose. People indent a list item's
description by four spaces, which CommonMark reads as a code block; here a text block
indented under a list item is that item's paragraph, which is what its author meant.
Fenced code, front matter and `<!-- comments -->` (templates are full of them) are left
out; the comments are counted so the import summary can say what it skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Item:
    """A list item: its own text, the text blocks indented under it, its nested items."""

    indent: int
    text: str
    paragraphs: list[str] = field(default_factory=list)
    children: list[Item] = field(default_factory=list)


@dataclass
class Heading:
    """A heading and what comes before the next one. Level 0 is the text above the first
    heading."""

    level: int
    text: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.paragraphs and not self.items


@dataclass
class Outline:
    headings: list[Heading]
    comments: int = 0


_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_ATX = re.compile(r"^\s{0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$")
_BREAK = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_BULLET = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])(?:\s+(.*))?$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)


def _front_matter_end(lines: list[str]) -> int:
    if lines and lines[0].strip() == "---":
        for i in range(1, min(len(lines), 200)):
            if lines[i].strip() in ("---", "..."):
                return i + 1
    return 0


class _Builder:
    def __init__(self) -> None:
        self.headings = [Heading(0, "")]
        self.open: list[Item] = []
        """The items being read, outermost first."""
        self.paragraph: list[str] | None = None
        """The list whose last text block is being read (its lines are joined)."""

    def heading(self, level: int, text: str) -> None:
        self.close()
        self.headings.append(Heading(level, text.strip()))

    def close(self) -> None:
        self.open.clear()
        self.paragraph = None

    def bullet(self, indent: int, text: str) -> None:
        while self.open and self.open[-1].indent >= indent:
            self.open.pop()
        item = Item(indent, text.strip())
        (self.open[-1].children if self.open else self.headings[-1].items).append(item)
        self.open.append(item)
        self.paragraph = None

    def text(self, line: str, *, after_blank: bool, indent: int) -> None:
        text = line.strip()
        if not after_blank and self.paragraph is not None:
            self.paragraph[-1] += " " + text
            return
        if not after_blank and self.open:
            self.open[-1].text += " " + text  # a wrapped item line
            return
        while self.open and self.open[-1].indent >= indent:
            self.open.pop()
        owner = self.open[-1].paragraphs if self.open else self.headings[-1].paragraphs
        owner.append(text)
        self.paragraph = owner


def outline(text: str) -> Outline:
    """The headings of a document with what each holds; never raises on any text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    comments = len(_COMMENT.findall(text))
    text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    lines = text.expandtabs(4).split("\n")
    builder = _Builder()
    fence: str | None = None
    blank_before = False
    i = _front_matter_end(lines)
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        i += 1
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        if match := _FENCE.match(line):
            fence = match[1]
            continue
        if not line.strip():
            blank_before = True
            builder.paragraph = None
            continue
        indent = len(line) - len(line.lstrip(" "))
        if match := _ATX.match(line):
            builder.heading(len(match[1]), match[2] or "")
        elif _BREAK.match(line):
            builder.close()
        elif match := _BULLET.match(line):
            if match[3] and match[3].strip():
                builder.bullet(len(match[1]), match[3])
        elif _SETEXT.match(nxt) and indent < 4 and not builder.open:
            builder.heading(1 if nxt.strip().startswith("=") else 2, line)
            i += 1
        else:
            builder.text(line, after_blank=blank_before, indent=indent)
        blank_before = False
    return Outline(builder.headings, comments)

"""Markdown brag documents (Julia Evans' template and the like) read into suggestions.

Nothing here writes anything: `parse_markdown` is the preview, a list of `Suggestion`s
that the inbox (services/inbox.py) stores for review. markdown_outline.py reads the
document's shape; this module reads its meaning:

- **Sections by meaning.** A heading naming one of the template's sections (any level,
  any case, close variants) sets what its items are (SECTIONS): under *Projects* an item
  or sub-heading names a project (its text blocks are the summary, its own items are
  wins of that project); under *Goals for this year / next year* items are goals for the
  profile; *Collaboration & mentorship*, *Design & documentation*, *Company building*,
  *What you learned* give pillars and a tag; *Outside of work* is tagged personal (the
  packet leaves such wins out); *In progress* items get a follow-up date.
- **Year blocks under goals** (`- 2021` and what was done that year) are offered as wins
  of that year, marked as coming from the goals section so the user decides.
- **Items are wins** elsewhere; their nested items and indented text blocks are the
  details, nested `NAME: EXPR` items and inline `from X to Y` changes are metrics.
- **Dates keep their precision** (markdown_dates.py): from the item, else its nearest
  dated heading, else the document's span (a title like "2024–2025", or its first and
  last dated headings), else the year the file was last changed, always marked as year
  precision with a note asking for a better date. Nothing gets an exact day the
  document did not give.
- **Placeholders** (TODO, TBD, `<name>`, empty headings, template comments) are skipped
  and counted.

The parser never raises on text. Only `load_markdown` refuses, with ImportRefused, a
file it cannot read as UTF-8 text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from bragdoc.domain.errors import ImportRefused
from bragdoc.domain.precision import PERSONAL_TAG
from bragdoc.importers.markdown_dates import DateHint, find_date, find_span, without_date
from bragdoc.importers.markdown_outline import Heading, Item, outline
from bragdoc.importers.markdown_text import (
    clean,
    inline_metrics,
    is_bare_link,
    is_placeholder,
    link_name,
    links_out,
    named_metric,
    past_tense,
)
from bragdoc.importers.suggestion import Suggestion

TITLE_LIMIT = 160
"""Longer item text is shortened for the title; the whole text opens the details."""
FOLLOW_UP_AFTER = dt.timedelta(days=28)
"""When an item still in progress is due for its outcome, from the document's day."""


@dataclass
class MarkdownPreview:
    suggestions: list[Suggestion]
    warnings: list[str] = field(default_factory=list)
    placeholders: int = 0
    """Items, headings and template comments skipped as left unfilled."""

    def count(self, kind: str) -> int:
        return sum(1 for s in self.suggestions if s.kind == kind)


@dataclass(frozen=True)
class Section:
    key: str
    pattern: re.Pattern[str]
    pillars: tuple[str, ...]
    tag: str | None


# First match wins: "Goals for next year" before "goals", "Side projects" before "projects".
SECTIONS: tuple[Section, ...] = (
    Section("goals_next", re.compile(r"\bgoals?\b.*\bnext\b|\bnext year", re.I), (), None),
    Section("goals", re.compile(r"\bgoals?\b|\bobjectives?\b|\bOKRs?\b", re.I), (), None),
    Section("in_progress", re.compile(r"in[- ]progress|\bongoing\b|\bWIP\b|\bcurrently\b",
                                      re.I), ("technical_excellence",), "in-progress"),
    Section("collaboration", re.compile(r"collaborat|mentor", re.I), ("leadership",),
            "collaboration"),
    Section("design", re.compile(r"\bdesign\b|documentation|\bdocs?\b|writing", re.I),
            ("system_design", "communication"), "design-docs"),
    Section("company", re.compile(r"company[- ]building|interview|recruit|hiring|onboarding"
                                  r"|\bprocess", re.I), ("leadership",), "company-building"),
    Section("learning", re.compile(r"\blearn", re.I), ("career_strategy",), "learning"),
    Section("outside", re.compile(r"outside (?:of )?work|\bpersonal\b|hobb(?:y|ies)"
                                  r"|side projects?|life\b", re.I), (), PERSONAL_TAG),
    Section("public", re.compile(r"\btalks?\b|blog|open[- ]source|recognition|conference",
                                 re.I), ("communication",), "public"),
    Section("projects", re.compile(r"\bprojects?\b", re.I), ("technical_excellence",), None),
)
_GOAL_FIELDS = {"goals": "this_year", "goals_next": "next_year"}
_FULL_STOP = re.compile(r"(?<![.\s])\.$")
"""A sentence's full stop, which a title does without (an ellipsis stays)."""
_YEAR_ITEM = re.compile(r"^(?P<year>19[7-9]\d|20\d\d)\s*[:.\-–—]?\s*(?P<rest>.*)$")


def _section_for(heading: str) -> Section | None:
    return next((s for s in SECTIONS if s.pattern.search(heading)), None)


@dataclass(frozen=True)
class _Context:
    """What the headings above an item say about it."""

    section: Section | None = None
    date: DateHint | None = None
    project: str | None = None

    @property
    def key(self) -> str | None:
        return self.section.key if self.section else None


def _precision_note(hint: DateHint) -> list[str]:
    if hint.precision == "year":
        return [f"Only the year is known ({hint.text!r}): pick a better date."]
    if hint.precision == "month":
        return [f"Only the month is known ({hint.text!r}): pick the day."]
    return []


class _Reader:
    def __init__(self, default_date: dt.date, span: tuple[int, int] | None) -> None:
        self.default_date = default_date
        self.span = span
        self.suggestions: list[Suggestion] = []
        self.placeholders = 0
        self.last_year = span[1] if span else default_date.year
        """A goal's year before this one is over: what it lists was probably done."""

    # headings ------------------------------------------------------------------------
    def read(self, headings: list[Heading]) -> None:
        stack: list[tuple[int, _Context]] = [(0, _Context())]
        for index, heading in enumerate(headings):
            while len(stack) > 1 and stack[-1][0] >= heading.level:
                stack.pop()
            context = stack[-1][1]
            if heading.level:
                deeper = (index + 1 < len(headings)
                          and headings[index + 1].level > heading.level)
                text = clean(heading.text)
                if not text.strip("#") or is_placeholder(text) or (heading.empty
                                                                   and not deeper):
                    self.placeholders += 1
                    stack.append((heading.level, context))
                    continue
                context = self.heading(text, heading, context)
                stack.append((heading.level, context))
            for item in heading.items:
                self.item(item, context)

    def heading(self, text: str, heading: Heading, parent: _Context) -> _Context:
        section = _section_for(text)
        date = None if find_span(text) else find_date(text, bare_year=True)
        context = _Context(section or parent.section, date or parent.date, parent.project)
        if section is None and parent.key == "projects":
            name = (without_date(text, date) if date else text).strip(" -–—:")
            if name:
                self.project(name, heading.paragraphs, context)
                context = dataclasses.replace(context, project=name)
        return context

    # items ---------------------------------------------------------------------------
    def item(self, item: Item, context: _Context) -> None:
        if is_placeholder(item.text):
            self.placeholders += 1
            return
        if context.key in _GOAL_FIELDS:
            self.goal_item(item, context)
        elif context.key == "projects" and context.project is None and _names_project(item):
            name, rest = _name_and_rest(item.text)
            summary = ([rest] if rest else []) + item.paragraphs
            self.project(name, summary, context)
            inner = dataclasses.replace(context, project=clean(name))
            for child in item.children:
                self.item(child, inner)
        else:
            self.win(item, context)

    def goal_item(self, item: Item, context: _Context) -> None:
        match = _YEAR_ITEM.match(clean(item.text))
        if match is None:
            self.goal(item, context)
            return
        year = int(match["year"])
        hint = DateHint(dt.date(year, 1, 1), "year", match["year"], 0, 0)
        blocks = ([Item(item.indent, match["rest"])] if match["rest"] else [])
        blocks += [Item(item.indent + 2, p) for p in item.paragraphs] + item.children
        for block in blocks:
            if is_placeholder(block.text):
                self.placeholders += 1
            elif past_tense(block.text) or year < self.last_year:
                self.win(block, dataclasses.replace(context, section=None), hint=hint,
                         origin="goals")
            else:
                self.goal(block, context)

    def goal(self, item: Item, context: _Context) -> None:
        links: list[str] = []
        details = [clean(links_out(p, links)) for p in item.paragraphs]
        details += [f"- {clean(links_out(c.text, links))}" for c in item.children
                    if not is_placeholder(c.text)]
        self.suggestions.append(Suggestion(
            source="markdown", kind="goal", title=clean(links_out(item.text, links)),
            date=self.default_date.replace(month=1, day=1), date_precision="year",
            details="\n".join(d for d in details if d),
            links=list(dict.fromkeys(links)),
            goal_for=_GOAL_FIELDS.get(context.key or "", "this_year"),
        ))

    def project(self, name: str, paragraphs: list[str], context: _Context) -> None:
        links: list[str] = []
        name = clean(links_out(name, links))
        hint = find_date(name)
        if hint is not None:
            name = without_date(name, hint) or name
        day, precision, _notes = self.when(hint or context.date)
        summary = "\n\n".join(s for s in (clean(links_out(p, links)) for p in paragraphs) if s)
        self.suggestions.append(Suggestion(
            source="markdown", kind="project", title=name, date=day,
            date_precision=precision, details=summary, links=list(dict.fromkeys(links)),
        ))

    def when(self, hint: DateHint | None) -> tuple[dt.date, str, list[str]]:
        """The date, its precision and what the user should check about it."""
        if hint is not None:
            return hint.day, hint.precision, _precision_note(hint)
        year = self.default_date.year
        if self.span is not None:
            year = max(self.span[0], min(self.span[1], year))
            where = f"the document covers {self.span[0]}–{self.span[1]}"
        else:
            where = "the file was last changed then"
        return dt.date(year, 1, 1), "year", [
            f"No date in the item or its headings; dated {year} because {where}: "
            "pick a better date."]

    def win(self, item: Item, context: _Context, *, hint: DateHint | None = None,
            origin: str = "") -> None:
        links: list[str] = []
        title = _FULL_STOP.sub("", clean(links_out(item.text, links)))
        if is_bare_link(title) and links and context.key == "design":
            title = f"Design: {link_name(links[0])}"
        own = find_date(title)
        if own is not None:
            title = without_date(title, own) or title
        day, precision, notes = self.when(own or hint or context.date)
        metrics: list[str] = []
        details = [clean(links_out(p, links)) for p in item.paragraphs]
        for depth, child in _descendants(item.children):
            if is_placeholder(child.text):
                self.placeholders += 1
                continue
            text = clean(links_out(" ".join([child.text, *child.paragraphs]), links))
            if (named := named_metric(text)) is not None:
                metrics.append(named)
                continue
            metrics += inline_metrics(text)
            details.append(f"{'  ' * depth}- {text}")
        if (named := named_metric(title)) is not None:
            metrics.insert(0, named)
        else:
            metrics[:0] = inline_metrics(title)
        if not title.strip(" -–—:,."):
            self.placeholders += 1
            return
        if len(title) > TITLE_LIMIT:
            details.insert(0, title)
            title = title[: TITLE_LIMIT - 40].rsplit(" ", 1)[0] + "…"
        section = context.section
        self.suggestions.append(Suggestion(
            source="markdown", title=title, date=day, date_precision=precision,
            details="\n".join(d for d in details if d), project=context.project,
            pillars=list(section.pillars) if section else [],
            tags=[section.tag] if section and section.tag else [],
            metrics=list(dict.fromkeys(metrics)), links=list(dict.fromkeys(links)),
            notes=notes, origin=origin,
            follow_up=(self.default_date + FOLLOW_UP_AFTER
                       if context.key == "in_progress" else None),
        ))


def _descendants(items: list[Item], depth: int = 0) -> list[tuple[int, Item]]:
    out: list[tuple[int, Item]] = []
    for item in items:
        out.append((depth, item))
        out += _descendants(item.children, depth + 1)
    return out


def _name_and_rest(text: str) -> tuple[str, str]:
    """`Red: the new billing pipeline` names project Red and starts its summary."""
    name, sep, rest = text.partition(":")
    if sep and rest.strip() and len(name.split()) <= 6 and "://" not in text:
        return name.strip(), rest.strip()
    return text, ""


def _names_project(item: Item) -> bool:
    """Whether an item right under "Projects" is a project's name rather than a win: it
    has a description or items of its own, or is short, and does not report a deed."""
    text = clean(item.text)
    if past_tense(text) or named_metric(text) or inline_metrics(text):
        return False
    name, _rest = _name_and_rest(text)
    return bool(item.paragraphs or item.children) or len(name.split()) <= 6


def _span(headings: list[Heading]) -> tuple[int, int] | None:
    """The years a document covers: a range in a heading, else its dated headings."""
    for heading in headings:
        if span := find_span(heading.text):
            return span
    years = [hint.day.year for h in headings if h.level
             and (hint := find_date(h.text, bare_year=True)) is not None]
    return (min(years), max(years)) if years else None


def parse_markdown(text: str, default_date: dt.date) -> MarkdownPreview:
    """The suggestions a brag document holds; never raises on any text. `default_date` is
    the document's own day (when the file was last changed)."""
    shape = outline(text)
    reader = _Reader(default_date, _span(shape.headings))
    reader.read(shape.headings)
    placeholders = reader.placeholders + shape.comments
    warnings = []
    if placeholders:
        warnings.append(f"skipped {placeholders} placeholder(s): TODOs, empty headings, "
                        "template comments")
    if not reader.suggestions:
        warnings.append("no list items found: each win should be a list item (- …)")
    return MarkdownPreview(reader.suggestions, warnings, placeholders)


def load_markdown(path: Path) -> MarkdownPreview:
    """Read a brag document; its last-modified day stands for the document's own day."""
    try:
        data = path.read_bytes()
        modified = dt.date.fromtimestamp(path.stat().st_mtime)
    except FileNotFoundError as exc:
        raise ImportRefused(f"{path}: no such file") from exc
    except OSError as exc:
        raise ImportRefused(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    if "\x00" in text:
        raise ImportRefused(f"{path}: not a text file")
    return parse_markdown(text, modified)

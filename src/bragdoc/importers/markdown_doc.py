"""Markdown brag documents (Julia Evans' template and the like) read into suggestions.

Nothing here writes anything: `parse_markdown` is the preview, a list of `Suggestion`s
that the inbox (services/inbox.py) stores for review. The rules, in the order they apply:

- **Headings are sections.** A heading that names one of the template's sections maps to
  pillars and a tag (see SECTIONS). Bullets under "Goals for this year/next year" are
  goals, not wins: they are skipped and counted in the warnings. A heading nested under
  "Projects" that is not itself a section names the project of the wins below it.
- **Top-level bullets are wins**; nested bullets and indented continuation paragraphs
  become the details (kept as a Markdown list). A wrapped bullet line continues its title.
  Paragraphs outside bullets, front matter and fenced code are ignored.
- **Dates** come from the bullet itself (`2024-03-15`, `15 March 2024`, `March 15, 2024`,
  `2024-03`, `March 2024`, `Q3 2024`, `H1 2024`), else from the innermost heading that
  has one (headings may also be a bare year, `## 2024`). A period stands for its first
  day and the suggestion says the date is approximate. A date that opens or closes the
  bullet (`2024-03-15: …`, `… (March 2024)`) is removed from the title.
  **Default:** with no date anywhere above a bullet, the suggestion gets `default_date`
  (the file's last-modified day when read with `load_markdown`) and a note asking the
  user to check it.
- **Metrics**: a nested bullet or a title of the form `NAME: EXPR` that
  `quantities.parse_metric` can read (`p95 latency: 2.4s → 0.6s`), and inline changes
  (`cut p95 latency from 2.4s → 0.6s`, `… from 40 min to 12 min`). A nested bullet that
  is a metric leaves the details; inline metrics keep their text in place.
- **Links**: `[text](https://…)` keeps its text in the title and its address in links;
  bare `https://…` addresses move to links.

The parser never raises on text: any input gives a (possibly empty) preview. Only
`load_markdown` refuses, with ImportRefused, a file it cannot read as UTF-8 text.

`Suggestion` lives here because every importer produces it (git_history and csv_file
import it); it is the JSON the inbox stores.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bragdoc.domain.errors import ImportRefused
from bragdoc.domain.quantities import parse_metric

SOURCES = ("git", "markdown", "csv")
_ID_NAMESPACE = uuid.UUID("3c5a1f7e-8a51-4d3e-b0a4-696e626f7821")
TITLE_LIMIT = 160
"""Longer bullet text is shortened for the title; the whole text opens the details."""


@dataclass
class Suggestion:
    """A win an importer proposes; nothing enters the log until the user accepts it."""

    source: str
    title: str
    date: dt.date
    details: str = ""
    project: str | None = None
    pillars: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    metrics: list[str] = field(default_factory=list)
    """Metric texts as `quantities.parse_metric` reads them."""
    links: list[str] = field(default_factory=list)
    commit_hashes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the user should check (a guessed date, an approximate one…)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "title": self.title,
            "date": self.date.isoformat(),
            "details": self.details,
            "project": self.project,
            "pillars": list(self.pillars),
            "tags": list(self.tags),
            "metrics": list(self.metrics),
            "links": list(self.links),
            "commit_hashes": list(self.commit_hashes),
            "notes": list(self.notes),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Suggestion:
        return cls(
            source=str(data.get("source") or "markdown"),
            title=str(data.get("title") or ""),
            date=dt.date.fromisoformat(str(data["date"])),
            details=str(data.get("details") or ""),
            project=data.get("project") or None,
            pillars=[str(p) for p in data.get("pillars") or []],
            tags=[str(t) for t in data.get("tags") or []],
            metrics=[str(m) for m in data.get("metrics") or []],
            links=[str(u) for u in data.get("links") or []],
            commit_hashes=[str(h) for h in data.get("commit_hashes") or []],
            notes=[str(n) for n in data.get("notes") or []],
        )

    def fingerprint(self) -> str:
        """A stable id from the content, so the same suggestion is stored once (even after
        it was rejected). Git suggestions are deduplicated by commit hash instead."""
        key = json.dumps([self.source, self.title, self.date.isoformat(), self.details,
                          self.project, self.metrics], ensure_ascii=False)
        return uuid.uuid5(_ID_NAMESPACE, key).hex


@dataclass
class MarkdownPreview:
    suggestions: list[Suggestion]
    warnings: list[str] = field(default_factory=list)


# --- sections ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    key: str
    pattern: re.Pattern[str]
    pillars: tuple[str, ...]
    tag: str | None


# First match wins: "Design & documentation" must not read as "projects".
SECTIONS: tuple[Section, ...] = (
    Section("goals", re.compile(r"\bgoals?\b", re.I), (), None),
    Section("collaboration", re.compile(r"collaborat|mentor", re.I),
            ("leadership", "communication"), "collaboration"),
    Section("design", re.compile(r"\bdesign\b|documentation|\bdocs?\b|writing", re.I),
            ("system_design", "communication"), "design-docs"),
    Section("company", re.compile(r"company[- ]building|interview|recruit|hiring|onboarding"
                                  r"|\bprocess", re.I), ("leadership",), "company-building"),
    Section("learning", re.compile(r"\blearn", re.I), ("career_strategy",), "learning"),
    Section("outside", re.compile(r"outside (?:of )?work|\btalks?\b|blog|open[- ]source"
                                  r"|side projects?|recognition|isn.t my job", re.I),
            ("communication",), "outside-work"),
    Section("projects", re.compile(r"\bprojects?\b", re.I), ("technical_excellence",), None),
)


def _section_for(heading: str) -> Section | None:
    return next((s for s in SECTIONS if s.pattern.search(heading)), None)


# --- dates -------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        ("jan january", "feb february", "mar march", "apr april", "may", "jun june",
         "jul july", "aug august", "sep sept september", "oct october", "nov november",
         "dec december"), start=1)
    for name in names.split()
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>19[7-9]\d|20\d\d)"
_FLAGS = re.I | re.A
_DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("day", re.compile(rf"(?<![\w-]){_YEAR}[-/](?P<m>\d{{1,2}})[-/](?P<d>\d{{1,2}})(?![\w-])",
                       _FLAGS)),
    ("day", re.compile(rf"(?<!\w)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+{_YEAR}(?!\w)",
                       _FLAGS)),
    ("day", re.compile(rf"(?<!\w){_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}(?!\w)",
                       _FLAGS)),
    ("month", re.compile(rf"(?<![\w-]){_YEAR}-(?P<m>\d{{2}})(?![\w-])", _FLAGS)),
    ("month", re.compile(rf"(?<!\w){_MONTH},?\s+{_YEAR}(?!\w)", _FLAGS)),
    ("quarter", re.compile(rf"(?<!\w)Q(?P<q>[1-4])\s*[-/ ]?\s*{_YEAR}(?!\w)", _FLAGS)),
    ("quarter", re.compile(rf"(?<!\w){_YEAR}\s*[-/ ]?\s*Q(?P<q>[1-4])(?!\w)", _FLAGS)),
    ("half", re.compile(rf"(?<!\w)H(?P<h>[12])\s*[-/ ]?\s*{_YEAR}(?!\w)", _FLAGS)),
    ("half", re.compile(rf"(?<!\w){_YEAR}\s*[-/ ]?\s*H(?P<h>[12])(?!\w)", _FLAGS)),
)
_BARE_YEAR = re.compile(rf"(?<![\w.,$€£-]){_YEAR}(?![\w.,%])", _FLAGS)


@dataclass(frozen=True)
class DateHint:
    day: dt.date
    precision: str
    """'day', 'month', 'quarter', 'half' or 'year'."""
    text: str
    start: int
    end: int


def _hint_day(precision: str, match: re.Match[str]) -> dt.date | None:
    groups = match.groupdict()
    year = int(groups["year"])
    month = int(groups["m"]) if groups.get("m") else None
    if groups.get("month"):
        month = _MONTHS[groups["month"].lower()]
    try:
        if precision == "day":
            return dt.date(year, month or 1, int(groups["d"]))
        if precision == "month":
            return dt.date(year, month or 1, 1)
        if precision == "quarter":
            return dt.date(year, (int(groups["q"]) - 1) * 3 + 1, 1)
        return dt.date(year, 1 if groups["h"] == "1" else 7, 1)
    except (ValueError, TypeError):
        return None


def find_date(text: str, *, bare_year: bool = False) -> DateHint | None:
    """The most precise date written in the text, or None. Periods give their first day."""
    for precision, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            day = _hint_day(precision, match)
            if day is not None:
                return DateHint(day, precision, match.group(0), match.start(), match.end())
    if bare_year and (year := _BARE_YEAR.search(text)):
        return DateHint(dt.date(int(year["year"]), 1, 1), "year", year.group(0),
                        year.start(), year.end())
    return None


_LEAD_SEP = re.compile(r"^[\s\]\)*_]*[:\-–—|,]?\s*")
_TRAIL_SEP = re.compile(r"[\s\[(*_]*[:\-–—|,]?\s*$")


def _without_date(text: str, hint: DateHint) -> str:
    """Remove a date that opens or closes the text (with its brackets and separator)."""
    before, after = text[: hint.start], text[hint.end :]
    if not before.strip(" [(*_"):
        return _LEAD_SEP.sub("", after).strip()
    if not after.strip(" ])*_."):
        stripped = before.rstrip()
        if stripped.endswith(("(", "[")):
            stripped = stripped[:-1]
        return _TRAIL_SEP.sub("", stripped).strip()
    return text


# --- metrics and links -----------------------------------------------------------------

_QTY = (r"[$€£]?\d[\d,]*(?:\.\d+)?[kKmMbB]?\+?"
        r"(?:\s?(?:%|[A-Za-zµμ]+(?:/[A-Za-z]+)?))?")
_INLINE_CHANGE = re.compile(
    rf"(?:\bfrom\s+)?(?P<before>{_QTY})\s*(?:→|⟶|⇒|-+>|=+>|\s+to\s+)\s*(?P<after>{_QTY})",
    re.I,
)
_VERBS = re.compile(r"^(?:\w+ed|cut|brought|took|dropped|grew|made|sped|got|drove|moved|"
                    r"took|saved|lowered|raised|shrank|won|the|our|my|a|an|and|up|down)$", re.I)
_NAME_STOP = re.compile(r"\s+(?:from|by|of|at|in|was)$", re.I)
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\((https?://[^)\s]+)\)")
_BARE_URL = re.compile(r"(?<![(\w])https?://[^\s<>()\[\]]+")
_EMPHASIS = re.compile(r"\*\*|__|~~")
_CHECKBOX = re.compile(r"^\[[ xX]\]\s+")


def _metric_name(prefix: str) -> str:
    text = re.split(r"[,;:(—–]|\s-\s", prefix)[-1].strip()
    text = _NAME_STOP.sub("", text).strip()
    words = text.split()
    while words and _VERBS.match(words[0]):
        words.pop(0)
    return " ".join(words[-5:])


def named_metric(text: str) -> str | None:
    """`NAME: EXPR` that reads as a measurement, as metric text; else None."""
    if ":" not in text:
        return None
    metric = parse_metric(text)
    return metric.text if metric.quantified and metric.name else None


def inline_metrics(text: str) -> list[str]:
    """Changes written inside a sentence: `cut p95 latency from 2.4s → 0.6s`."""
    found: list[str] = []
    for match in _INLINE_CHANGE.finditer(text):
        name = _metric_name(text[: match.start()])
        expr = f"{match['before'].strip()} → {match['after'].strip()}"
        metric = parse_metric(f"{name}: {expr}" if name else expr)
        if metric.kind == "change":
            found.append(metric.text)
    return found


def _links_out(text: str, links: list[str]) -> str:
    def keep_text(match: re.Match[str]) -> str:
        links.append(match[2])
        return match[1]

    text = _MD_LINK.sub(keep_text, text)
    for url in _BARE_URL.findall(text):
        links.append(url.rstrip(".,;:!?'\""))
    without = _BARE_URL.sub("", text)
    return without if without.strip(" -–—:,") else text


def _clean(text: str) -> str:
    text = _CHECKBOX.sub("", text.strip())
    return " ".join(_EMPHASIS.sub("", text).split())


# --- the parser ----------------------------------------------------------------------------

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_ATX = re.compile(r"^\s{0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$")
_BREAK = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_BULLET = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])(?:\s+(.*))?$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")


@dataclass
class _Heading:
    level: int
    text: str
    section: Section | None
    date: DateHint | None
    project: str | None


@dataclass
class _Open:
    """The bullet being read."""

    indent: int
    title_parts: list[str]
    nested: list[tuple[int, str]] = field(default_factory=list)
    headings: tuple[_Heading, ...] = ()
    child_indent: int | None = None


class _Reader:
    def __init__(self, default_date: dt.date) -> None:
        self.default_date = default_date
        self.headings: list[_Heading] = []
        self.open: _Open | None = None
        self.suggestions: list[Suggestion] = []
        self.goals_skipped = 0
        self.empty_skipped = 0

    # headings ------------------------------------------------------------------------
    def heading(self, level: int, raw: str) -> None:
        self.close()
        text = _clean(raw)
        while self.headings and self.headings[-1].level >= level:
            self.headings.pop()
        section = _section_for(text)
        date = find_date(text, bare_year=True)
        project = None
        under_projects = any(h.section and h.section.key == "projects" for h in self.headings)
        if section is None and under_projects:
            name = _without_date(text, date) if date else text
            project = name.strip(" -–—:") or None
        self.headings.append(_Heading(level, text, section, date, project))

    # bullets -------------------------------------------------------------------------
    def bullet(self, indent: int, text: str) -> None:
        current = self.open
        if current is not None and indent > current.indent:
            if current.child_indent is None:
                current.child_indent = indent
            depth = max(0, indent - current.child_indent) // 2
            current.nested.append((depth, text))
            return
        self.close()
        self.open = _Open(indent, [text], headings=tuple(self.headings))

    def continuation(self, text: str, *, after_blank: bool, indent: int) -> None:
        current = self.open
        if current is None:
            return
        if after_blank and indent <= current.indent:
            self.close()  # a paragraph of its own: not part of the bullet
            return
        if current.nested:
            depth, last = current.nested[-1]
            current.nested[-1] = (depth, f"{last} {text.strip()}")
        elif after_blank:
            current.nested.append((0, text.strip()))
        else:
            current.title_parts.append(text.strip())

    # turning a bullet into a suggestion ---------------------------------------------
    def close(self) -> None:
        current, self.open = self.open, None
        if current is None:
            return
        sections = [h.section for h in current.headings if h.section is not None]
        section = sections[-1] if sections else None
        if section is not None and section.key == "goals":
            self.goals_skipped += 1
            return
        links: list[str] = []
        title = _clean(_links_out(" ".join(current.title_parts), links))
        notes: list[str] = []
        hint = find_date(title)
        if hint is not None:
            title = _without_date(title, hint) or title
        else:
            hint = next((h.date for h in reversed(current.headings) if h.date), None)
        if hint is None:
            day = self.default_date
            notes.append(f"No date in the bullet or its headings: set to {day.isoformat()}; "
                         "check it.")
        else:
            day = hint.day
            if hint.precision != "day":
                notes.append(f"Approximate date: {hint.text!r} is read as its first day, "
                             f"{day.isoformat()}.")
        metrics: list[str] = []
        details: list[str] = []
        for depth, raw in current.nested:
            text = _clean(_links_out(raw, links))
            if not text:
                continue
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
            self.empty_skipped += 1
            return
        if len(title) > TITLE_LIMIT:
            details.insert(0, title)
            title = title[: TITLE_LIMIT - 40].rsplit(" ", 1)[0] + "…"
        projects = [h.project for h in current.headings if h.project]
        self.suggestions.append(Suggestion(
            source="markdown",
            title=title,
            date=day,
            details="\n".join(details),
            project=projects[-1] if projects else None,
            pillars=list(section.pillars) if section else [],
            tags=[section.tag] if section and section.tag else [],
            metrics=list(dict.fromkeys(metrics)),
            links=list(dict.fromkeys(links)),
            notes=notes,
        ))


def _front_matter_end(lines: list[str]) -> int:
    if lines and lines[0].strip() == "---":
        for i in range(1, min(len(lines), 200)):
            if lines[i].strip() in ("---", "..."):
                return i + 1
    return 0


def parse_markdown(text: str, default_date: dt.date) -> MarkdownPreview:
    """The suggestions a brag document holds; never raises on any text."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(4).split("\n")
    reader = _Reader(default_date)
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
            continue
        indent = len(line) - len(line.lstrip(" "))
        if match := _ATX.match(line):
            reader.heading(len(match[1]), match[2] or "")
        elif _BREAK.match(line):
            reader.close()
        elif match := _BULLET.match(line):
            if match[3] and match[3].strip():
                reader.bullet(len(match[1]), match[3])
        elif (_SETEXT.match(nxt) and indent < 4 and reader.open is None
              and not _BULLET.match(line)):
            reader.heading(1 if nxt.strip().startswith("=") else 2, line)
            i += 1
        else:
            reader.continuation(line, after_blank=blank_before, indent=indent)
        blank_before = False
    reader.close()
    warnings = []
    if reader.goals_skipped:
        warnings.append(f"skipped {reader.goals_skipped} bullet(s) under goal headings: "
                        "goals are not wins")
    if reader.empty_skipped:
        warnings.append(f"skipped {reader.empty_skipped} bullet(s) with nothing but a date "
                        "or a link")
    if not reader.suggestions:
        warnings.append("no bullets found: each win should be a list item (- …)")
    return MarkdownPreview(reader.suggestions, warnings)


def load_markdown(path: Path) -> MarkdownPreview:
    """Read a brag document; undated bullets get the file's last-modified day."""
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

"""Wins as a spreadsheet: one row a win, with a header row.

Columns (header names are case-insensitive, in any order; only `date` and `title` are
required, unknown columns are ignored with a warning):

    date, title, details, project, tags, pillars, metrics, links, follow_up, id

- `date` and `follow_up` are YYYY-MM-DD.
- `project` is a project name (a new name creates the project on import) or id.
- `tags`, `pillars`, `metrics` and `links` are lists separated by `;` — one metric per
  item, written as `parse_metric` reads it (`p95 latency: 2.4s → 0.6s`). A literal `;`
  or `\\` inside an item is written `\\;` or `\\\\`. Pillars take the ids
  (`technical_excellence`) or the labels (`Technical excellence`).
- `id` makes re-importing an exported file update the same wins; rows without one get an
  id derived from their content, so importing the same file twice adds nothing.

A metric keeps only its text here: a direction or category set by hand travels in the
JSON backup, not in CSV.

Export neutralises spreadsheet formulas: a cell starting with `=`, `+`, `-`, `@`, a tab or
a carriage return gets a leading `'`, which import removes again (so a round trip gives
back the same text). Files are written as UTF-8 with a byte-order mark, which Excel needs
to read accents right; import accepts it with or without, and takes `,`, `;` or tab as the
separator (guessed from the header row).

Import checks every row before anything is written and names rows as a spreadsheet
does: the header is row 1, the first win row 2.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bragdoc.domain import vocabulary
from bragdoc.domain.errors import ImportRefused, InvalidInput
from bragdoc.domain.periods import parse_iso_date
from bragdoc.domain.quantities import parse_metric
from bragdoc.domain.records import WinDraft, WinView
from bragdoc.importers.suggestion import Suggestion

COLUMNS: tuple[str, ...] = ("date", "title", "details", "project", "tags", "pillars",
                            "metrics", "links", "follow_up", "id")
REQUIRED = ("date", "title")
_ALIASES = {"follow-up": "follow_up", "followup": "follow_up", "follow up": "follow_up",
            "tag": "tags", "pillar": "pillars", "metric": "metrics", "link": "links",
            "description": "details"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_ERRORS_SHOWN = 20
MAX_FIELD = 1 << 20
_ID_NAMESPACE = uuid.UUID("0b3f4c1e-6a2d-4f7e-9c1a-637376726f77")


@dataclass
class CsvBundle:
    drafts: list[WinDraft] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    """The spreadsheet row number of each draft."""
    warnings: list[str] = field(default_factory=list)


# --- cells -------------------------------------------------------------------------------


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def restore(cell: str) -> str:
    """Undo `neutralise` (only where it would have acted)."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def join_list(items: Iterable[str]) -> str:
    return "; ".join(i.replace("\\", "\\\\").replace(";", "\\;") for i in items)


def split_list(cell: str) -> list[str]:
    """Items separated by `;`, with `\\;` and `\\\\` for a literal `;` and `\\`."""
    items, current, chars = [], [], iter(cell)
    for char in chars:
        if char == "\\":
            nxt = next(chars, "")
            current.append(nxt if nxt in (";", "\\") else char + nxt)
        elif char == ";":
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


# --- export ------------------------------------------------------------------------------


def win_row(win: WinView, project_names: dict[str, str]) -> list[str]:
    project = project_names.get(win.project_id or "", win.project_id or "")
    cells = [
        win.date.isoformat(),
        win.title,
        win.details,
        project,
        join_list(win.tags),
        join_list(win.pillars),
        join_list(m.metric.text for m in win.metrics),
        join_list(win.links),
        win.follow_up.isoformat() if win.follow_up else "",
        win.id,
    ]
    return [neutralise(c) for c in cells]


def render(wins: Iterable[WinView], project_names: dict[str, str]) -> bytes:
    """The whole file, header first, as UTF-8 with a byte-order mark."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for win in wins:
        writer.writerow(win_row(win, project_names))
    return out.getvalue().encode("utf-8-sig")


# --- import ------------------------------------------------------------------------------


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _header(cells: list[str], warnings: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, raw in enumerate(cells):
        name = " ".join(restore(raw).strip().lower().split())
        name = _ALIASES.get(name, name.replace(" ", "_"))
        if not name:
            continue
        if name not in COLUMNS:
            warnings.append(f"row 1: ignored unknown column {raw.strip()!r}")
            continue
        if name in positions:
            raise ImportRefused(f"row 1: the column {name!r} appears twice")
        positions[name] = index
    missing = [c for c in REQUIRED if c not in positions]
    if missing:
        raise ImportRefused(
            "row 1 must be a header naming at least the columns 'date' and 'title' "
            f"(missing: {', '.join(missing)}); the columns bragdoc knows are: "
            + ", ".join(COLUMNS)
        )
    return positions


def _stable_id(cells: dict[str, str]) -> str:
    key = json.dumps(cells, sort_keys=True, ensure_ascii=False)
    return uuid.uuid5(_ID_NAMESPACE, key).hex


def _draft(cells: dict[str, str]) -> WinDraft:
    title = " ".join(cells.get("title", "").split())
    if not title:
        raise InvalidInput("the title is empty")
    if not cells.get("date", "").strip():
        raise InvalidInput("the date is empty")
    follow_up = cells.get("follow_up", "").strip()
    return WinDraft(
        id=cells.get("id", "").strip() or _stable_id(cells),
        title=title,
        date=parse_iso_date(cells["date"], "date"),
        details=cells.get("details", "").strip(),
        project=cells.get("project", "").strip() or None,
        tags=vocabulary.tags(split_list(cells.get("tags", ""))),
        pillars=vocabulary.pillars(split_list(cells.get("pillars", ""))),
        metrics=[parse_metric(m) for m in split_list(cells.get("metrics", ""))],
        links=split_list(cells.get("links", "")),
        follow_up=parse_iso_date(follow_up, "follow_up") if follow_up else None,
    )


def parse_csv(text: str) -> CsvBundle:
    """Every row checked; raises ImportRefused listing the bad rows, and nothing else."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ImportRefused("the file is empty: it needs a header row and one row per win")
    if "\x00" in text:
        raise ImportRefused("not a text file (it holds NUL bytes)")
    bundle = CsvBundle()
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    errors: list[str] = []
    seen_ids: dict[str, int] = {}
    positions: dict[str, int] | None = None
    number = width = 0
    previous_limit = csv.field_size_limit(MAX_FIELD)
    try:
        for number, row in enumerate(reader, start=1):
            if positions is None:
                if not any(c.strip() for c in row):
                    continue
                positions = _header(row, bundle.warnings)
                width = len(row)
                continue
            if not any(c.strip() for c in row):
                continue
            if any(cell.strip() for cell in row[width:]):
                bundle.warnings.append(f"row {number}: ignored cells beyond the header's "
                                       f"{width} columns")
            cells = {name: restore(row[i]) if i < len(row) else ""
                     for name, i in positions.items()}
            try:
                draft = _draft(cells)
            except InvalidInput as exc:
                errors.append(f"row {number}: {exc}")
                continue
            if draft.id in seen_ids:
                errors.append(f"row {number}: same id as row {seen_ids[draft.id]} "
                              f"({draft.id})")
                continue
            seen_ids[str(draft.id)] = number
            bundle.drafts.append(draft)
            bundle.rows.append(number)
    except csv.Error as exc:
        raise ImportRefused(f"row {number + 1}: not readable as CSV ({exc})") from exc
    finally:
        csv.field_size_limit(previous_limit)
    if positions is None:
        raise ImportRefused("the file is empty: it needs a header row and one row per win")
    if errors:
        shown = errors[:MAX_ERRORS_SHOWN]
        more = len(errors) - len(shown)
        tail = f"\n…and {more} more" if more else ""
        raise ImportRefused(f"{len(errors)} row(s) cannot be imported, so nothing was:\n"
                            + "\n".join(shown) + tail)
    return bundle


def load_csv(path: Path) -> CsvBundle:
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ImportRefused(f"{path}: no such file") from exc
    except OSError as exc:
        raise ImportRefused(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(f"{path}: not UTF-8 text (byte {exc.start}); save the sheet as "
                            "'CSV UTF-8'") from exc
    try:
        return parse_csv(text)
    except ImportRefused as exc:
        raise ImportRefused(f"{path}: {exc}") from exc


def suggestion_from(draft: WinDraft) -> Suggestion:
    """A CSV row as an inbox suggestion (when the user wants to review rows first)."""
    return Suggestion(
        source="csv", title=draft.title, date=draft.date, details=draft.details,
        project=draft.project, pillars=list(draft.pillars), tags=list(draft.tags),
        metrics=[m.text for m in draft.metrics], links=list(draft.links),
    )


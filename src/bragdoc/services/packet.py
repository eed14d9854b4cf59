"""The promotion packet draft and its coach, for a period and an audience.

    service = PacketService(db)
    text = service.markdown(since, until, "committee")        # Markdown draft
    text = service.markdown(audience="executive", template="my-packet", choices=...)
    findings = service.coach(since, until)                     # what weakens the draft
    [f.to_json() for f in findings]                            # `bragdoc coach --json`

Without `until` the period ends `today`; without `since` it starts when the person
reached their current level (the profile's `level_since`), else twelve months earlier.
`choices` carries what the person decided in the app: pinned, dropped and reordered
projects, chosen quotes and the vision they wrote.
Reading uses one plain sqlite3 connection and loads only the period's wins, so a
ten-year record drafts in a fraction of a second.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bragdoc import paths, resources
from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.precision import PERSONAL_TAG
from bragdoc.domain.records import WinFilter
from bragdoc.packet import drafting
from bragdoc.packet.chart_image import Chart
from bragdoc.packet.context import (
    AUDIENCES,
    PacketChoices,
    PacketContext,
    PacketRecord,
    build_context,
    format_date,
)
from bragdoc.packet.ranking import RankedProject
from bragdoc.services.clock import Clock, system_clock
from bragdoc.store import packet_reads, reads
from bragdoc.store.database import Database

USER_LADDERS = "ladders"
"""As services.ladders.USER_LADDERS (not imported: it loads the readiness rules too)."""

if TYPE_CHECKING:
    from bragdoc.charts.data import ImpactData
    from bragdoc.domain.ladders import Ladder
    from bragdoc.packet import coach
    from bragdoc.services.impact import ImpactService

__all__ = ["AUDIENCES", "PacketChoices", "PacketService", "default_period",
           "user_template_dir"]


def user_template_dir() -> Path:
    """`<data dir>/templates/`: templates here take precedence over the shipped ones."""
    return paths.data_dir() / drafting.TEMPLATE_FOLDER


def template_cache_dir() -> Path:
    """Compiled packet templates, kept between runs (safe to delete)."""
    from platformdirs import user_cache_path

    return user_cache_path(paths.APP_NAME, appauthor=False) / "templates"


def metric_memo_path() -> Path:
    """Metrics rebuilt for earlier packets (store/metric_memo.py; safe to delete)."""
    from platformdirs import user_cache_path

    return user_cache_path(paths.APP_NAME, appauthor=False) / "metrics.pickle"


def chart_cache_dir() -> Path:
    """Chart pictures of earlier packets, reused while the record is unchanged (safe to
    delete)."""
    from platformdirs import user_cache_path

    return user_cache_path(paths.APP_NAME, appauthor=False) / "charts"


def _draw(name: str, data: ImpactData, options: dict[str, Any]) -> Chart:
    from bragdoc.charts import figure_bytes, render_chart, summary_of

    figure = render_chart(name, data, **options)
    return Chart(name=name, caption=str(figure.get_label() or name),
                 png=figure_bytes(figure, "png"), summary=summary_of(figure))


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last twelve months: the same day a year ago (28 Feb for 29 Feb) to today."""
    try:
        start = today.replace(year=today.year - 1)
    except ValueError:
        start = today.replace(year=today.year - 1, day=28)
    return start, today


class PacketService:
    def __init__(self, db: Database, *, template_dir: Path | None = None,
                 chart_cache: Path | None = None, clock: Clock = system_clock,
                 impact: ImpactService | None = None) -> None:
        self.db = db
        self.clock = clock
        self._impact = impact
        self._template_dir = template_dir
        self._chart_cache_dir = chart_cache

    @property
    def template_dir(self) -> Path:
        return self._template_dir if self._template_dir is not None else user_template_dir()

    # --- reading ---------------------------------------------------------------------

    def period(self, since: dt.date | None = None, until: dt.date | None = None,
               today: dt.date | None = None) -> tuple[dt.date, dt.date]:
        """Without `since`, the time at the current level (the profile's `level_since`),
        else the last twelve months: a promotion case covers the time since the last one."""
        today = today or self.clock().date()
        default_since, default_until = default_period(until or today)
        until = until or default_until
        if since is None:
            with self.db.reading() as conn:
                level_since = reads.get_profile(conn).level_since
            since = level_since if level_since and level_since < until else default_since
        if since > until:
            raise InvalidInput(f"the period starts ({since}) after it ends ({until})")
        return since, until

    def record_span(self) -> tuple[dt.date, dt.date] | None:
        """The first and last day anything in the record is dated."""
        with self.db.reading() as conn:
            return packet_reads.record_span(conn)

    def suggested_period(self, since: dt.date,
                         until: dt.date) -> tuple[dt.date, dt.date] | None:
        """None when the period holds something (or the record holds nothing); else a
        period of the same end that does hold the record's latest year, or its first year
        when all of it lies after the period."""
        with self.db.reading() as conn:
            span = packet_reads.record_span(conn)
            if span is None or packet_reads.period_has_records(conn, since, until):
                return None
        first, last = span
        if first > until:
            return first, min(last, first + dt.timedelta(days=365))
        return max(first, default_period(last)[0]), until

    def check_period(self, since: dt.date, until: dt.date) -> None:
        """Refuse a period that holds nothing while the record has data elsewhere, naming
        the record's dates and a `--since` (or `--until`) that would work."""
        suggestion = self.suggested_period(since, until)
        if suggestion is None:
            return
        first, last = self.record_span() or suggestion
        hint = (f"--since {suggestion[0].isoformat()}" if suggestion[1] == until
                else f"--since {suggestion[0].isoformat()} --until {suggestion[1].isoformat()}")
        raise InvalidInput(f"nothing in the record falls between {since} and {until}; the "
                           f"record runs from {first} to {last}: try {hint}")

    def record(self, since: dt.date, until: dt.date) -> PacketRecord:
        from bragdoc.store.metric_memo import remembered_metrics

        with remembered_metrics(metric_memo_path()), self.db.reading() as conn:
            profile = reads.get_profile(conn)
            # The hook that keeps the user's personal wins out of what others read.
            wins = reads.list_wins(conn, WinFilter(since=since, until=until,
                                                   without_tag=PERSONAL_TAG))
            projects = packet_reads.period_projects(conn, since, until)
            feedback = reads.list_feedback(conn)
            mentoring = reads.list_mentoring(conn)
        current, target, company = _ladder_titles(profile.company, profile.current_level,
                                                  profile.target_level)
        return PacketRecord(profile=profile, wins=tuple(wins), projects=tuple(projects),
                            feedback=tuple(feedback), mentoring=tuple(mentoring),
                            current_title=current, target_title=target,
                            company_title=company)

    def context(self, since: dt.date | None = None, until: dt.date | None = None,
                audience: str = "committee", *, today: dt.date | None = None,
                choices: PacketChoices | None = None) -> PacketContext:
        if audience not in AUDIENCES:
            raise InvalidInput(f"unknown audience {audience!r}; choose one of: "
                               f"{', '.join(AUDIENCES)}")
        today = today or self.clock().date()
        since, until = self.period(since, until, today)
        record = self.record(since, until)
        context = build_context(record, since=since, until=until, audience=audience,
                                today=today, choices=choices)
        return self._with_ladder(context, record)

    @staticmethod
    def _with_ladder(context: PacketContext, record: PacketRecord) -> PacketContext:
        """Add the appendix "Evidence against the ladder" when the profile names a level."""
        from bragdoc.packet.ladder_appendix import build_appendix

        profile = record.profile
        level_name = profile.target_level or profile.current_level
        if not level_name:
            return context
        ladder = _company_ladder(profile.company)
        if ladder is None:
            return context
        level = ladder.level(level_name)
        if level is None:
            return context
        expectations = [(e.pillar, e.text) for e in level.expectations]
        wins = [w for w in record.wins if context.since <= w.date <= context.until]
        in_period = {r.project_id for r in context.ranking}
        projects = [p for p in record.projects if p.id in in_period]
        rows = build_appendix(expectations, wins, projects)
        return dataclasses.replace(
            context, ladder_label=f"{ladder.title} {level.id}",
            ladder_appendix=tuple(r for r in rows if r.evidence),
            ladder_uncovered=tuple(r for r in rows if not r.evidence))

    # --- what the app and the command line call ----------------------------------------

    def markdown(self, since: dt.date | None = None, until: dt.date | None = None,
                 audience: str = "committee", template: str | None = None, *,
                 today: dt.date | None = None, choices: PacketChoices | None = None) -> str:
        """The Markdown draft of the packet."""
        return self.draft(since, until, audience, template, today=today, choices=choices)[0]

    def draft(self, since: dt.date | None = None, until: dt.date | None = None,
              audience: str = "committee", template: str | None = None, *,
              today: dt.date | None = None,
              choices: PacketChoices | None = None) -> tuple[str, tuple[str, ...]]:
        """The Markdown draft and what the person should know before handing it over
        (a section left out for want of anything written)."""
        context = self.context(since, until, audience, today=today, choices=choices)
        text = drafting.render(context, template=template, user_dir=self.template_dir,
                               cache_dir=template_cache_dir())
        return text, context.warnings

    def ranking(self, since: dt.date | None = None, until: dt.date | None = None, *,
                today: dt.date | None = None,
                choices: PacketChoices | None = None) -> list[RankedProject]:
        """Every project of the period, best first, each with `why` and `selected`."""
        return list(self.context(since, until, today=today, choices=choices).ranking)

    def coach(self, since: dt.date | None = None, until: dt.date | None = None, *,
              today: dt.date | None = None,
              choices: PacketChoices | None = None) -> list[coach.Finding]:
        """What weakens the draft, each finding pointing at the record to fix."""
        today = today or self.clock().date()
        since, until = self.period(since, until, today)
        record = self.record(since, until)
        context = self._with_ladder(build_context(record, since=since, until=until,
                                                  today=today, choices=choices), record)
        from bragdoc.packet.coach import review

        return review(record, context)

    def title(self, since: dt.date | None = None, until: dt.date | None = None, *,
              today: dt.date | None = None, markdown: str = "") -> str:
        """A document title for exports: the draft's own heading ("Impact summary: NAME",
        so each audience's file is named for what it is) and the period. Read from the
        draft and the profile alone: building the whole context again would double the
        cost of an export."""
        since, until = self.period(since, until, today or self.clock().date())
        heading = _heading(markdown)
        if not heading:
            name = self.author()
            heading = f"Promotion packet: {name}" if name else "Promotion packet"
        return f"{heading}, {format_date(since)} – {format_date(until)}"

    def author(self) -> str:
        """The person the packet speaks for (the profile's name), for file properties."""
        with self.db.reading() as conn:
            return reads.get_profile(conn).name.strip()

    def charts(self, markdown: str, since: dt.date | None = None,
               until: dt.date | None = None, *, today: dt.date | None = None) -> list[Chart]:
        """PNG images of the charts the draft refers to (`![caption](chart:NAME)`), drawn
        for the same period (or reused from the chart cache when that period's data has
        not changed); names that are not charts are left to the renderers."""
        from bragdoc.charts import NAMES
        from bragdoc.services.chart_cache import ChartCache
        from bragdoc.services.impact import ImpactService

        wanted = [name for name in dict.fromkeys(_CHART_REF.findall(markdown)) if name in NAMES]
        if not wanted:
            return []
        since, until = self.period(since, until, today)
        impact = self._impact or ImpactService(self.db, clock=self.clock)
        data = impact.data(since, until, today=today)
        cache = ChartCache(self._chart_cache_dir or chart_cache_dir())
        images = []
        for name in wanted:
            options: dict[str, Any] = {}
            if name == "balance":
                options["advice"] = False
                if (expected := impact.expected_balance()) is not None:
                    options["expected"], options["expected_label"] = expected
            chart = cache.get(name, data, options)
            if chart is None:
                chart = _draw(name, data, options)
                cache.put(name, data, options, chart)
            images.append(chart)
        return images

    def export(self, markdown: str, out: Path, since: dt.date | None = None,
               until: dt.date | None = None, *, with_charts: bool = True,
               page_size: str = "A4", today: dt.date | None = None) -> Path:
        """Write a draft (as generated or as edited) to `out`, its suffix picking the
        format, with the charts it refers to drawn for the same period unless
        `with_charts` is false (then the references are taken out)."""
        return self.export_all(markdown, [out], since, until, with_charts=with_charts,
                               page_size=page_size, today=today)[0]

    def export_all(self, markdown: str, outs: Sequence[Path], since: dt.date | None = None,
                   until: dt.date | None = None, *, with_charts: bool = True,
                   page_size: str = "A4", today: dt.date | None = None) -> list[Path]:
        """`export` to several files at once: the charts are drawn once for all of them,
        and every name is checked before the first file is written."""
        from bragdoc.packet.export import check_target, export_packet

        for out in outs:
            check_target(out, page_size)
        if with_charts:
            charts = self.charts(markdown, since, until, today=today)
        else:
            markdown, charts = self.without_charts(markdown), []
        title = self.title(since, until, today=today, markdown=markdown)
        author = self.author()
        return [export_packet(markdown, out, title=title, charts=charts, page_size=page_size,
                              author=author) for out in outs]

    @staticmethod
    def without_charts(markdown: str) -> str:
        """The draft with its chart references taken out (for a packet without pictures)."""
        return _CHART_LINE.sub("", markdown)

    def templates(self) -> list[str]:
        """Template names a person can pick (shipped and their own)."""
        return drafting.available(self.template_dir)


def _heading(markdown: str) -> str:
    """The draft's first-level heading as plain text (its Markdown escapes undone)."""
    for line in markdown.splitlines():
        if line.startswith("# "):
            return re.sub(r"\\(.)", r"\1", line[2:]).strip()
        if line.strip():
            return ""
    return ""


_CHART_REF = re.compile(r"\]\(chart:([a-z_]+)\)")
_CHART_LINE = re.compile(r"^!\[[^\]\n]*\]\(chart:[a-z_]+\)[ \t]*\n(?:[ \t]*\n)?", re.M)

def _company_ladder(company: str) -> Ladder | None:
    """The company's ladder, the user's own copy first (as LadderService reads them), or
    None when neither exists or parses.

    Reads the one file needed rather than every ladder: the draft is on the command
    line's fast path."""
    from bragdoc.domain.ladders import parse_ladder

    name = (company or "generic").strip().lower()
    candidates = [paths.data_dir() / USER_LADDERS / f"{name}.toml"]
    if name in resources.LADDER_NAMES:
        candidates.append(resources.path(f"ladders/{name}.toml"))
    for file in candidates:
        if not file.is_file():
            continue
        try:
            return parse_ladder(file.read_text(encoding="utf-8"), name, source=str(file))
        except (InvalidInput, OSError, UnicodeDecodeError):
            continue  # a broken user file: the readiness page reports it
    return None


def _ladder_titles(company: str, current: str, target: str) -> tuple[str, str, str]:
    """The ladder's titles for the two levels and the company; blank when unknown."""
    ladder = _company_ladder(company)
    if ladder is None:
        return "", "", ""
    titles = []
    for level_name in (current, target):
        level = ladder.level(level_name) if level_name else None
        titles.append(level.title if level else "")
    is_generic = (company or "generic").strip().lower() == "generic"
    return titles[0], titles[1], ("" if is_generic else ladder.title)

"""Commands that read the record and report on it: charts, the packet, the coach, readiness
and the career ladders."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from bragdoc.cli.output import PROG, print_json
from bragdoc.domain.errors import InvalidInput
from bragdoc.store.database import Database


def cmd_chart(args: argparse.Namespace, db: Database) -> int:
    from bragdoc.charts import render_chart, save_figure
    from bragdoc.services.impact import ImpactService

    if args.output.suffix.lower() not in (".png", ".svg"):
        raise InvalidInput(f"{args.output}: charts are saved as .png or .svg")
    service = ImpactService(db)
    data = service.data(args.since, args.until)
    options: dict[str, Any] = {}
    if args.name == "balance" and (expected := service.expected_balance()) is not None:
        options["expected"], options["expected_label"] = expected
    save_figure(render_chart(args.name, data, **options), args.output)
    print(f"Saved {args.output} ({args.name}, {data.since.isoformat()} to "
          f"{data.until.isoformat()})")
    return 0


def cmd_packet(args: argparse.Namespace, db: Database) -> int:
    from bragdoc.services.packet import PacketService

    service = PacketService(db)
    if args.from_app:
        since, until, audience, markdown = _app_draft(args, db)
    else:
        audience = args.audience or "committee"
        since, until = service.period(args.since, args.until)
        service.check_period(since, until)
        markdown, warnings = service.draft(since, until, audience, args.template)
        for warning in warnings:
            print(f"{PROG}: warning: {warning}", file=sys.stderr)
    for written in service.export_all(markdown, args.output, since, until,
                                      with_charts=not args.no_charts,
                                      page_size=args.page_size):
        print(f"Wrote {written} ({audience})")
    return 0


def _app_draft(args: argparse.Namespace,
               db: Database) -> tuple[dt.date, dt.date, str, str]:
    """The Packet page's latest draft: (since, until, audience, text as edited)."""
    from bragdoc.services.packet_drafts import PacketDraftService

    chosen = [flag for flag, value in (("--since", args.since), ("--until", args.until),
                                       ("--audience", args.audience),
                                       ("--template", args.template)) if value]
    if chosen:
        raise InvalidInput(f"--from-app exports the draft with its own period and audience; "
                           f"leave out {', '.join(chosen)}")
    draft = PacketDraftService(db).latest()
    if draft is None:
        raise InvalidInput("no packet draft has been saved in the app yet; open the Packet "
                           "page once, or leave out --from-app to draft one from the record")
    return draft.since, draft.until, draft.audience, draft.markdown


def cmd_coach(args: argparse.Namespace, db: Database) -> int:
    from bragdoc.services.packet import PacketService

    findings = PacketService(db).coach(args.since, args.until)
    if args.json:
        print_json([finding.to_json() for finding in findings])
        return 0
    for finding in findings:
        where = f" (fix: {finding.where})" if finding.where else ""
        print(f"[{finding.rule_id}] {finding.message}{where}")
    if not findings:
        print("Nothing weakens this packet: every section has evidence.")
    return 0


def cmd_readiness(args: argparse.Namespace, db: Database) -> int:
    from bragdoc.services.readiness import ReadinessService

    report = ReadinessService(db).report()
    if args.json:
        print_json(report.to_json())
        return 0
    for line in readiness_lines(report):
        print(line)
    return 0


def readiness_lines(report: Any) -> list[str]:
    """The readiness report as terminal lines: timeline, warnings, coverage, gaps."""
    line = report.timeline
    current = report.current.id if report.current else report.profile.current_level or "?"
    target = report.target.id if report.target else report.profile.target_level or "?"
    out = [f"{report.ladder.title}: {current} → {target}"]
    if line.days_at_level is not None:
        typical = f" (typical {line.typical_label})" if line.typical_label else ""
        out.append(f"At level for {line.years_at_level:.1f} years{typical}: {line.status}")
    if line.deadline is not None:
        out.append(f"Deadline {line.deadline.isoformat()}, {line.days_left} days left")
    out += [f"! {warning.message}" for warning in report.warnings]
    coverage = report.checklist
    out.append(f"Checklist coverage {coverage.overall:.0%} "
               f"({coverage.checked} of {coverage.total} checked, "
               f"{coverage.with_evidence} with evidence)")
    out += [f"  {area.title}: {area.coverage:.0%}" for area in coverage.areas]
    out += [f"[{gap.rule_id}] {gap.message}" for gap in report.gaps]
    out += [f"note: {note}" for note in report.notes]
    return out


def cmd_ladder(args: argparse.Namespace, _db: Database | None) -> int:
    from bragdoc.domain.ladders import ladder_to_json
    from bragdoc.services.ladders import LadderService

    service = LadderService()
    for problem in service.problems:
        print(f"{PROG}: warning: {problem}", file=sys.stderr)
    if args.ladder_command == "list":
        for ladder in service.list():
            levels = " ".join(level.id for level in ladder.levels)
            print(f"{ladder.name:<10} {ladder.title}  ({ladder.origin}): {levels}")
        return 0
    ladder = service.get(args.name)
    if args.json:
        print_json(ladder_to_json(ladder))
        return 0
    print(ladder.title)
    for level in ladder.levels:
        years = f"  typical {level.years_to_next.label()} to the next" if (
            level.years_to_next) else ""
        print(f"  {level.id:<6} {level.title}{years}")
    return 0

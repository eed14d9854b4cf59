"""Commands that read the record and report on it: charts, the packet, the coach, readiness
and the career ladders."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bragdoc.cli.arguments import Command, actions, date_arg
from bragdoc.cli.output import PROG, print_json
from bragdoc.domain.errors import InvalidInput

if TYPE_CHECKING:
    from bragdoc.services.container import Services

CHARTS = ("cadence", "pillars", "improvements", "value", "balance", "scope")


def _chart_arguments(chart: argparse.ArgumentParser) -> None:
    chart.add_argument("name", metavar="NAME", choices=CHARTS,
                       help="cadence, pillars, improvements, value, balance or scope")
    chart.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.png|OUT.svg")
    chart.add_argument("--since", type=date_arg("--since"), metavar="DATE")
    chart.add_argument("--until", type=date_arg("--until", end=True), metavar="DATE")


def cmd_chart(args: argparse.Namespace, services: Services) -> int:
    from bragdoc.charts import render_chart, save_figure

    if args.output.suffix.lower() not in (".png", ".svg"):
        raise InvalidInput(f"{args.output}: charts are saved as .png or .svg")
    service = services.impact
    data = service.data(args.since, args.until)
    options: dict[str, Any] = {}
    if args.name == "balance" and (expected := service.expected_balance()) is not None:
        options["expected"], options["expected_label"] = expected
    save_figure(render_chart(args.name, data, **options), args.output)
    print(f"Saved {args.output} ({args.name}, {data.since.isoformat()} to "
          f"{data.until.isoformat()})")
    return 0


def _packet_arguments(packet: argparse.ArgumentParser) -> None:
    packet.add_argument("-o", "--output", required=True, type=Path, action="append",
                        metavar="OUT.md|OUT.html|OUT.pdf|OUT.docx",
                        help="repeat to write several formats at once (charts drawn once)")
    packet.add_argument("--since", type=date_arg("--since"), metavar="DATE",
                        help="default: when you reached your current level (the "
                             "profile's level since), else a year before --until")
    packet.add_argument("--until", type=date_arg("--until", end=True), metavar="DATE",
                        help="default: today")
    packet.add_argument("--audience",
                        choices=("committee", "executive", "product", "engineering"),
                        help="default: committee")
    packet.add_argument("--template", metavar="NAME",
                        help="a template name, or a path to a .j2 file")
    packet.add_argument("--page-size", default="A4", choices=("A4", "Letter"),
                        help="for PDF and Word (default: A4)")
    packet.add_argument("--no-charts", action="store_true",
                        help="leave the charts out (smaller and faster)")
    packet.add_argument("--from-app", action="store_true",
                        help="export the draft as you last left it on the app's Packet page "
                             "(its period, audience and your edits)")


def cmd_packet(args: argparse.Namespace, services: Services) -> int:
    service = services.packet
    if args.from_app:
        since, until, audience, markdown = _app_draft(args, services)
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
               services: Services) -> tuple[dt.date, dt.date, str, str]:
    """The Packet page's latest draft: (since, until, audience, text as edited)."""
    chosen = [flag for flag, value in (("--since", args.since), ("--until", args.until),
                                       ("--audience", args.audience),
                                       ("--template", args.template)) if value]
    if chosen:
        raise InvalidInput(f"--from-app exports the draft with its own period and audience; "
                           f"leave out {', '.join(chosen)}")
    draft = services.packet_drafts.latest()
    if draft is None:
        raise InvalidInput("no packet draft has been saved in the app yet; open the Packet "
                           "page once, or leave out --from-app to draft one from the record")
    return draft.since, draft.until, draft.audience, draft.markdown


def _coach_arguments(coach: argparse.ArgumentParser) -> None:
    coach.add_argument("--since", type=date_arg("--since"), metavar="DATE")
    coach.add_argument("--until", type=date_arg("--until", end=True), metavar="DATE")
    coach.add_argument("--json", action="store_true")


def cmd_coach(args: argparse.Namespace, services: Services) -> int:
    findings = services.packet.coach(args.since, args.until)
    if args.json:
        print_json([finding.to_json() for finding in findings])
        return 0
    for finding in findings:
        where = f" (fix: {finding.where})" if finding.where else ""
        print(f"[{finding.rule_id}] {finding.message}{where}")
    if not findings:
        print("Nothing weakens this packet: every section has evidence.")
    return 0


def _json_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true")


def cmd_readiness(args: argparse.Namespace, services: Services) -> int:
    report = services.readiness.report()
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


def _ladder_arguments(ladder: argparse.ArgumentParser) -> None:
    action = actions(ladder, "ladder_command")
    action("list", "list the ladders")
    show = action("show", "show one ladder")
    show.add_argument("name", metavar="NAME")
    show.add_argument("--json", action="store_true")


def cmd_ladder(args: argparse.Namespace, services: Services) -> int:
    from bragdoc.domain.ladders import ladder_to_json

    service = services.ladders
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


COMMANDS = (
    Command("chart", "draw one impact chart to a PNG or SVG file", _chart_arguments, cmd_chart),
    Command("packet", "write the promotion packet for a period", _packet_arguments, cmd_packet),
    Command("coach", "list what weakens the packet for a period, and where to fix it",
            _coach_arguments, cmd_coach),
    Command("readiness", "where you stand against your ladder, and what is missing",
            _json_argument, cmd_readiness),
    Command("ladder", "list the career ladders or show one", _ladder_arguments, cmd_ladder,
            database=False),
)

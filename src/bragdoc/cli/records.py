"""`bragdoc add`, `list`, `search`, `project`, `profile` and `metric`: the record itself.

Write services (and with them SQLAlchemy) are reached only by the commands that write,
and the interchange module only by those that print or read JSON, so `list` and
`search` start quickly."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bragdoc.cli.arguments import (
    Command,
    actions,
    always,
    choice_arg,
    count_arg,
    date_arg,
)
from bragdoc.cli.output import print_json
from bragdoc.domain import vocabulary
from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.quantities import Metric, parse_metric
from bragdoc.domain.records import MetricView, WinFilter, WinView

if TYPE_CHECKING:
    from bragdoc.services.container import Services

PROFILE_FLAGS = {
    "name": "name",
    "company": "company",
    "level": "current_level",
    "target": "target_level",
    "level_since": "level_since",
    "company_since": "company_since",
    "career_start": "career_start",
    "focus": "focus_area",
}
"""`profile` option (as argparse names it) → profile field."""


# --- add -------------------------------------------------------------------------------


def _add_arguments(add: argparse.ArgumentParser) -> None:
    add.add_argument("title", metavar="TITLE")
    add.add_argument("--date", type=date_arg("--date"), help="default: today")
    add.add_argument("--details", default="", metavar="TEXT")
    add.add_argument("--project", metavar="NAME", help="an existing project, or a new one")
    add.add_argument("--tag", action="append", default=[], metavar="T")
    add.add_argument("--pillar", action="append", default=[], metavar="P",
                     type=choice_arg(vocabulary.pillar),
                     help=f"one of: {', '.join(vocabulary.PILLARS)}")
    add.add_argument("--metric", action="append", default=[], metavar='"NAME: EXPR"')
    add.add_argument("--link", action="append", default=[], metavar="URL")
    add.add_argument("--follow-up", type=date_arg("--follow-up"), metavar="YYYY-MM-DD",
                     help="date to come back and record the real outcome")


def cmd_add(args: argparse.Namespace, services: Services) -> int:
    from bragdoc.domain.records import WinDraft

    metrics = [parse_metric(text) for text in args.metric]
    win = services.wins.add(WinDraft(
        title=args.title,
        date=args.date or services.today(),
        details=args.details,
        project=args.project,
        pillars=args.pillar,
        tags=args.tag,
        links=args.link,
        metrics=metrics,
        follow_up=args.follow_up,
    ))
    project = f" ({win.project_name})" if win.project_name else ""
    print(f"Logged {win.date.isoformat()}  {win.title}{project}")
    _explain_metrics(metrics)
    return 0


def _explain_metrics(metrics: list[Metric]) -> None:
    for metric in metrics:
        mark = "  " if metric.quantified else "! "
        label = f"{metric.name}: " if metric.name else ""
        print(f"  {mark}{label}{metric.explain()}")


# --- list and search -------------------------------------------------------------------


def _list_arguments(listing: argparse.ArgumentParser) -> None:
    listing.add_argument("--since", type=date_arg("--since"), metavar="DATE")
    listing.add_argument("--until", type=date_arg("--until", end=True), metavar="DATE")
    listing.add_argument("--project", metavar="NAME")
    listing.add_argument("--tag", metavar="T")
    listing.add_argument("--pillar", metavar="P", type=choice_arg(vocabulary.pillar))
    listing.add_argument("--json", action="store_true", help="print interchange JSON")


def cmd_list(args: argparse.Namespace, services: Services) -> int:
    if args.since and args.until and args.until < args.since:
        raise InvalidInput(f"--until ({args.until}) is before --since ({args.since})")
    wanted = WinFilter(since=args.since, until=args.until, project=args.project, tag=args.tag,
                       pillar=args.pillar)
    _print_wins(services.queries.wins(wanted), args.json)
    return 0


def _search_arguments(search: argparse.ArgumentParser) -> None:
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--json", action="store_true")


def cmd_search(args: argparse.Namespace, services: Services) -> int:
    _print_wins(services.queries.wins(WinFilter(text=args.query)), args.json)
    return 0


def _print_wins(wins: list[WinView], as_json: bool) -> None:
    from bragdoc.importers import interchange

    if as_json:
        print_json([interchange.win_out(w) for w in wins])
        return
    for win in wins:
        print(win.one_line())


# --- project ---------------------------------------------------------------------------


def _project_arguments(project: argparse.ArgumentParser) -> None:
    action = actions(project, "project_command")
    add = action("add", "add a project")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--start", type=date_arg("--start"), metavar="D")
    add.add_argument("--end", type=date_arg("--end", end=True), metavar="D")
    add.add_argument("--scope", default="single_team", type=choice_arg(vocabulary.scope),
                     help=f"one of: {', '.join(vocabulary.SCOPES)}")
    add.add_argument("--teams", type=count_arg, metavar="N")
    add.add_argument("--team-size", type=count_arg, metavar="N")
    add.add_argument("--engineers-affected", type=count_arg, metavar="N")
    add.add_argument("--role", default="", metavar="R")
    add.add_argument("--summary", default="", metavar="TEXT")
    add.add_argument("--metric", action="append", default=[], metavar='"NAME: EXPR"')
    listing = action("list", "list projects")
    listing.add_argument("--json", action="store_true")


def cmd_project(args: argparse.Namespace, services: Services) -> int:
    if args.project_command == "list":
        _print_projects(services, args.json)
        return 0

    from bragdoc.domain.records import ProjectDraft

    metrics = [parse_metric(text) for text in args.metric]
    project = services.projects.add(ProjectDraft(
        name=args.name, summary=args.summary, start=args.start, end=args.end, scope=args.scope,
        teams=args.teams, team_size=args.team_size, engineers_affected=args.engineers_affected,
        role=args.role, metrics=metrics,
    ))
    print(f"Added project {project.name} ({vocabulary.SCOPE_LABELS[project.scope]})")
    _explain_metrics(metrics)
    return 0


def _print_projects(services: Services, as_json: bool) -> None:
    from bragdoc.importers import interchange

    projects = services.queries.projects()
    if as_json:
        print_json([interchange.project_out(p) for p in projects])
        return
    for p in projects:
        span = f"{p.start or '?'} → {p.end or 'now'}" if (p.start or p.end) else ""
        headline = f"  [{_metric_labels(p.metrics[:2])}]" if p.metrics else ""
        print(f"{p.name}  {vocabulary.SCOPE_LABELS[p.scope]}  {span}  "
              f"{p.win_count} wins{headline}".replace("    ", "  "))


def _metric_labels(metrics: Sequence[MetricView]) -> str:
    return "; ".join(m.label for m in metrics)


# --- profile ---------------------------------------------------------------------------


def _profile_arguments(profile: argparse.ArgumentParser) -> None:
    profile.add_argument("--name", metavar="N")
    profile.add_argument("--company", metavar="C",
                         help=f"one of: {', '.join(vocabulary.COMPANIES)}, or your own "
                         "ladder file's name (see `bragdoc ladder`)")
    profile.add_argument("--level", metavar="L", help="a level of that ladder, e.g. L5")
    profile.add_argument("--target", metavar="L", help="the level you aim for next")
    profile.add_argument("--level-since", type=date_arg("--level-since"), metavar="D")
    profile.add_argument("--company-since", type=date_arg("--company-since"), metavar="D")
    profile.add_argument("--career-start", type=date_arg("--career-start"), metavar="D")
    profile.add_argument("--focus", metavar="TEXT")
    profile.add_argument("--json", action="store_true")


def _profile_changes(args: argparse.Namespace) -> dict[str, object]:
    return {field: getattr(args, flag) for flag, field in PROFILE_FLAGS.items()
            if getattr(args, flag) is not None}


def cmd_profile(args: argparse.Namespace, services: Services) -> int:
    from bragdoc.importers import interchange

    changes = _profile_changes(args)
    profile = services.profile.update(**changes) if changes else services.queries.profile()
    shown = interchange.profile_out(profile)
    if args.json:
        print_json(shown)
        return 0
    width = max(len(key) for key in shown)
    for key, value in shown.items():
        print(f"{key.replace('_', ' '):<{width}}  {value if value not in (None, '') else '—'}")
    return 0


# --- metric ----------------------------------------------------------------------------


def _metric_arguments(metric: argparse.ArgumentParser) -> None:
    metric.add_argument("text", metavar='"NAME: EXPR"')
    metric.add_argument("--json", action="store_true")


def cmd_metric(args: argparse.Namespace, _services: Services) -> int:
    from bragdoc.importers import interchange

    metric = parse_metric(args.text)
    if args.json:
        print_json(interchange.metric_out(MetricView(id="", metric=metric)))
        return 0
    label = f"{metric.name}: " if metric.name else ""
    print(f"{label}{metric.explain()}")
    return 0


COMMANDS = (
    Command("add", "log a win", _add_arguments, cmd_add, writes=always),
    Command("list", "list wins, newest first", _list_arguments, cmd_list),
    Command("search", "full-text search over wins", _search_arguments, cmd_search),
    Command("project", "add or list projects", _project_arguments, cmd_project,
            writes=lambda args: args.project_command == "add"),
    Command("profile", "show or change the profile (no flags: show)", _profile_arguments,
            cmd_profile, writes=lambda args: bool(_profile_changes(args))),
    Command("metric", "explain how a metric is understood", _metric_arguments, cmd_metric,
            database=False),
)

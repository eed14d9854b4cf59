"""The coach: what weakens a packet draft, each finding pointing at the record to fix.

    findings = review(record, context)
    [f.to_json() for f in findings]

Rules (ids are stable; the app and `bragdoc coach --json` use them):

- win.unquantified: a win of the period with no result in numbers;
- project.unquantified: a project of the period with no result in numbers;
- project.no-star: a project of the period whose STAR story is missing or incomplete;
- project.no-scope: a project of the period without team size, teams or reach;
- pillar.no-evidence: a pillar no win or project of the period speaks to;
- metric.direction-unknown: a result whose better direction nobody knows, so no
  improvement can be computed;
- follow-up.pending: a win still waiting for its real outcome to be recorded;
- section.empty: a packet section with nothing in it (the document leaves it out);
- ladder.uncovered: an expectation of the target level nothing in the period backs;
- feedback.few: fewer than three colleagues quoted in the period;
- metric.unquantified: a result without a number, which the packet leaves out;
- vision.empty: nothing written about the next level.

Each finding names the record to open (`where`), so plain output is as useful as `--json`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bragdoc.domain.records import ProjectView, WinView
from bragdoc.domain.vocabulary import PILLAR_LABELS, PILLARS
from bragdoc.packet.formatting import format_date, plural
from bragdoc.packet.inputs import SECTION_TITLES, PacketRecord, Ref
from bragdoc.packet.model import PacketContext

RULES: dict[str, str] = {
    "win.unquantified": "A win without a number is hard to weigh; add the result it had.",
    "project.unquantified": "A project without a measured result reads as activity, "
                            "not impact.",
    "project.no-star": "A project's STAR story (situation, task, action, result) is what a "
                       "committee remembers.",
    "project.no-scope": "Team size, teams involved and people reached show the scale of "
                        "a project.",
    "pillar.no-evidence": "Every pillar of the framework should have some evidence in the "
                          "period.",
    "metric.direction-unknown": "When it is not known whether higher or lower is better, "
                                "no improvement can be computed.",
    "follow-up.pending": "A win is waiting for its real outcome; record it to make the "
                         "claim complete.",
    "section.empty": "A section of the packet has no evidence and says so.",
    "ladder.uncovered": "Each expectation of the target level should have some evidence in "
                        "the period.",
    "feedback.few": "A committee looks for several voices, from more than one level.",
    "metric.unquantified": "A result without a number cannot be weighed, so the packet "
                           "leaves it out.",
    "vision.empty": "The committee asks what you would do at the next level.",
}
MIN_QUOTES = 3


@dataclass(frozen=True)
class Finding:
    rule_id: str
    message: str
    ref: Ref | None = None
    """What to open to fix it: a win, project, pillar or packet section."""
    where: str = ""
    """The same in words: 'project “Deploy pipeline rebuild”'."""

    @property
    def statement(self) -> str:
        return RULES[self.rule_id]

    def to_json(self) -> dict[str, Any]:
        return {"rule_id": self.rule_id, "statement": self.statement,
                "message": self.message, "ref": self.ref.to_json() if self.ref else None,
                "where": self.where}


def _missing(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def review(record: PacketRecord, context: PacketContext) -> list[Finding]:
    """Every finding for the period, grouped by rule in the order listed above."""
    since, until, today = context.since, context.until, context.today
    wins = sorted((w for w in record.wins if since <= w.date <= until), key=lambda w: w.date)
    found: list[Finding] = []

    for win in wins:
        if not any(mv.metric.quantified for mv in win.metrics):
            found.append(Finding("win.unquantified",
                                 f"{format_date(win.date)} “{win.title}” has no result in "
                                 "numbers.", Ref("win", win.id), _win_name(win)))

    period_projects = [r.project_id for r in context.ranking]
    by_id = {p.id: p for p in record.projects}
    projects = [by_id[i] for i in period_projects if i in by_id]
    projects.sort(key=lambda p: p.name.lower())
    wins_by_project: dict[str, list[WinView]] = {}
    for win in wins:
        if win.project_id:
            wins_by_project.setdefault(win.project_id, []).append(win)
    for project in projects:
        ref = Ref("project", project.id)
        own = any(mv.metric.quantified for mv in project.metrics)
        from_wins = any(mv.metric.quantified for w in wins_by_project.get(project.id, ())
                        for mv in w.metrics)
        if not (own or from_wins):
            found.append(Finding("project.unquantified",
                                 f"“{project.name}” has no measured result, on the project "
                                 "or on its wins in this period.", ref, _project_name(project)))
    for project in projects:
        star = project.star
        empty = [label for label, text in (("situation", star.situation), ("task", star.task),
                                           ("action", star.action), ("result", star.result))
                 if not text.strip()]
        if empty:
            what = ("has no STAR story" if len(empty) == 4
                    else f"has a STAR story without its {_missing(empty)}")
            if "situation" in empty and project.summary.strip():
                what += (f"; its summary could start the Situation: "
                         f"“{' '.join(project.summary.split())}”")
            found.append(Finding("project.no-star", f"“{project.name}” {what}.",
                                 Ref("project", project.id), _project_name(project)))
    for project in projects:
        missing = []
        if not project.team_size:
            missing.append("team size")
        if project.scope != "single_team" and not project.teams:
            missing.append("number of teams")
        if not project.engineers_affected:
            missing.append("engineers affected")
        if missing:
            found.append(Finding("project.no-scope",
                                 f"“{project.name}” does not say its {_missing(missing)}.",
                                 Ref("project", project.id), _project_name(project)))

    for pillar in PILLARS:
        if not context.pillar_counts.get(pillar):
            found.append(Finding("pillar.no-evidence",
                                 f"Nothing in this period (win or project) is marked "
                                 f"{PILLAR_LABELS[pillar]}.",
                                 Ref("pillar", pillar), f"pillar {PILLAR_LABELS[pillar]}"))

    owners = [("project", p.id, p.name, p.metrics) for p in projects]
    owners += [("win", w.id, w.title, w.metrics) for w in wins]
    for kind, owner_id, title, metrics in owners:
        for mv in metrics:
            metric = mv.metric
            if metric.quantified and metric.kind == "change" and metric.direction == "unknown":
                found.append(Finding(
                    "metric.direction-unknown",
                    f"“{metric.name or metric.text}” on “{title}”: say whether higher or "
                    "lower is better.", Ref(kind, owner_id), f"{kind} “{title}”"))
    for kind, owner_id, title, metrics in owners:
        for mv in metrics:
            if not mv.metric.quantified:
                found.append(Finding(
                    "metric.unquantified",
                    f"“{mv.metric.text}” on “{title}” has no number the packet can use, so "
                    "the packet leaves it out.", Ref(kind, owner_id), f"{kind} “{title}”"))

    for win in wins:
        if win.follow_up is None:
            continue
        when = (f"was due {format_date(win.follow_up)}" if win.follow_up <= today
                else f"is due {format_date(win.follow_up)}")
        found.append(Finding("follow-up.pending",
                             f"The outcome of “{win.title}” {when}.", Ref("win", win.id),
                             _win_name(win)))

    for section in context.empty_sections:
        if section == "vision":
            continue  # vision.empty below says it, with what stands in for it
        found.append(Finding("section.empty",
                             f"“{SECTION_TITLES[section]}” has nothing in it for this period, "
                             "so the packet leaves it out.", Ref("section", section),
                             f"packet section {SECTION_TITLES[section]}"))
    for row in context.ladder_uncovered:
        found.append(Finding(
            "ladder.uncovered",
            f"{context.ladder_label} expects: {row.expectation} — no {row.pillar_label} "
            "project or win in this period backs it yet.", Ref("pillar", row.pillar),
            f"pillar {row.pillar_label}"))
    voices = {q.who or q.ref.id for q in context.quotes}
    if len(voices) < MIN_QUOTES:
        found.append(Finding(
            "feedback.few",
            f"{plural(len(voices), 'colleague is', 'colleagues are')} quoted for this period; "
            f"ask for at least {MIN_QUOTES - len(voices)} more, ideally from another level.",
            Ref("section", "quotes"), "feedback"))
    if not context.vision.written:
        fallback = ("your profile goals stand in for it" if context.vision.goals
                    else "the packet leaves that section out")
        found.append(Finding(
            "vision.empty", f"The future vision is not written yet; {fallback}.",
            Ref("section", "vision"), "the Vision tab of the Packet page"))
    return found


def _win_name(win: WinView) -> str:
    return f"win “{win.title}” of {format_date(win.date)}"


def _project_name(project: ProjectView) -> str:
    return f"project “{project.name}”"

"""Evidence the record already holds for the pre-promotion checklist, offered to confirm.

A record of sixty wins would otherwise show 0% on every checklist item until the person
links each piece by hand. These rules read the record (words in titles, details and
tags; pillars; metric categories and money; a project's scope and role; mentoring; what
colleagues said) and propose, per item, the few wins, projects and quotes most likely to
prove it. A suggestion is only that: nothing counts toward coverage until the person
confirms it, which links it like any other evidence.

    suggest_evidence(checklist, wins, projects, feedback, linked, dismissed, today,
                     mentoring=...) -> {item_id: (Suggestion, ...)}

Mentoring records cannot be linked themselves (evidence is a win, project or quote), so
they lead to the wins that name a mentee and the quotes a mentee gave.

Items of a checklist file these rules do not know are matched on the longer words of
their own text and their pillar.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from bragdoc.domain.facts import MENTORING_TAGS
from bragdoc.domain.ladders import add_months
from bragdoc.domain.readiness import Checklist, ChecklistItem, EvidenceRef
from bragdoc.domain.records import Feedback, Mentoring, ProjectView, WinView

PER_ITEM = 3
"""Suggestions shown per item: enough to confirm one or two, few enough to read."""
LOOK_BACK_MONTHS = 24
"""Older wins rarely help a packet; they are not suggested."""
WIDE_SCOPES = ("cross_team", "org_wide")
LEAD_ROLES = re.compile(r"\blead|\bowner|\barchitect|\bdriver", re.I)
MIN_SCORE = 2.0
"""A pillar alone (1) is too weak: every technical win shares one; a word, a tag, a
metric or a project's reach is needed as well."""


@dataclass(frozen=True)
class Rule:
    words: str = ""
    """A regular expression searched in titles, details, tags and quotes."""
    categories: tuple[str, ...] = ()
    """Metric categories that prove the item."""
    money: bool = False
    """A metric of money earned or saved proves it."""
    wide: bool = False
    """A project reaching other teams proves it."""
    mentoring: bool = False
    """A win about mentoring proves it."""
    kinds: tuple[str, ...] = ("win", "project", "feedback")
    """What may prove it: a portfolio is made of projects, not of single wins."""


RULES: dict[str, Rule] = {
    "tech-distributed-systems": Rule(
        r"distribut|multi-region|fan-out|serving|replica|partition|shard|failover|region",
        ("scalability",), wide=True),
    "tech-event-driven": Rule(r"queue|event|stream|kafka|pub/?sub|async|backpressure|consumer"),
    "tech-cloud-native": Rule(r"container|kubernetes|\bk8s\b|docker|terraform|helm|deploy|"
                              r"infrastructure|cloud"),
    "tech-ai-integration": Rule(r"ai\b|machine[- ]learning|ml\b|llm|embedding|inference"),
    "tech-observability": Rule(r"observab|alert|\bslos?\b|logging|tracing|dashboard|monitor|"
                               r"on-?call|pages"),
    "tech-design-patterns": Rule(r"pattern|refactor|librar|abstraction|clean-?up|reus"),
    "tech-testing": Rule(r"\btest|canary|coverage|end-to-end|\be2e\b|drill"),
    "tech-performance": Rule(r"performance|latency|profil|throughput|cach|bottleneck|faster",
                             ("performance",)),
    "tech-security": Rule(r"securit|\bauth|encrypt|vulnerab|permission|access control|"
                          r"isolation|privacy"),
    "impact-business-numbers": Rule(r"revenue|cost|saving", ("revenue", "cost_savings",
                                                             "user_experience"), money=True),
    "impact-technical-numbers": Rule(categories=("performance", "reliability", "scalability",
                                                 "developer_productivity")),
    "impact-portfolio": Rule(wide=True, categories=("revenue", "cost_savings", "performance",
                                                     "reliability"), kinds=("project",)),
    "impact-standards": Rule(r"standard|guide|convention|adopt|handbook|\bslos?\b|template|"
                             r"reused", wide=True),
    "impact-platform": Rule(r"platform|librar|tool|pipeline|\bsdk\b|framework|reused|"
                            r"self-serve", ("developer_productivity",)),
    "impact-architecture": Rule(r"architect|design review|design-doc|design doc"),
    "impact-incidents": Rule(r"incident|outage|post-?mortem|failover|paged|sev\d"),
    "lead-mentees": Rule(r"mentor|mentee|pair(ed|ing)|coach", mentoring=True),
    "lead-knowledge-sharing": Rule(r"\btalk|runbook|guide|blog|handbook|\bdocs\b|"
                                   r"office hours|training|wrote up"),
    "lead-training": Rule(r"training|taught|teach|workshop|office hours|onboard"),
    "lead-hiring": Rule(r"interview|hiring|candidate|calibration|recruit"),
    "lead-remote": Rule(r"onboard|remote|time zones?|new engineer|new hire|first solo"),
    "comm-design-docs": Rule(r"design-doc|design doc|proposal|\brfc\b|pitched"),
    "comm-presenting": Rule(r"\btalk|present|all-hands|summit|demo|keynote|spoke"),
    "comm-disagreement": Rule(r"agree|sign off|consensus|disagree|align|trade-?off|conflict"),
    "comm-stakeholders": Rule(r"product|finance|stakeholder|business|director|partner|"
                              r"customer"),
}
"""The checklist's items (resources/checklists/pre-promotion.toml) and what proves each."""

_STOP = frozenset({"about", "above", "after", "other", "their", "these", "which", "where",
                   "while", "would", "could", "should", "every", "there", "those",
                   "using", "since", "being", "thing", "things", "others"})


@dataclass(frozen=True)
class Suggestion:
    item_id: str
    kind: str
    """'win', 'project' or 'feedback', as evidence links are."""
    target_id: str
    title: str
    day: dt.date | None
    reason: str
    """Why it is offered, in a few words ("tagged performance; a latency metric")."""
    score: float

    @property
    def ref(self) -> EvidenceRef:
        return EvidenceRef(self.kind, self.target_id)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.item_id, self.kind, self.target_id)


def rule_for(item: ChecklistItem) -> Rule:
    """The item's own rule, or one built from the longer words of its text."""
    known = RULES.get(item.id)
    if known is not None:
        return known
    words = sorted({w for w in re.findall(r"[a-z]{6,}", item.text.lower()) if w not in _STOP})
    return Rule("|".join(re.escape(w[:-1]) for w in words))


def _words(rule: Rule, text: str, tags: Iterable[str]) -> list[str]:
    if not rule.words:
        return []
    # From the start of a word to its end: "stream" is not found in "downstream", and
    # the reason shows the whole word ("reused", not "reus").
    pattern = re.compile(rf"\b(?:{rule.words})[\w-]*", re.I)
    found = [f"tagged {tag}" for tag in tags if pattern.match(tag)]
    match = pattern.search(text)
    if match and not found:
        found.append(f"mentions “{match.group(0).lower()}”")
    return found[:1]


def _mentees(mentoring: Sequence[Mentoring]) -> dict[str, Mentoring]:
    """Each mentee by first name, as a win usually names them ("Paired with Sam")."""
    return {m.mentee.split()[0].lower(): m for m in mentoring if m.mentee.strip()}


def _mentee_in(text: str, mentees: Mapping[str, Mentoring]) -> Mentoring | None:
    words = set(re.findall(r"\w+", text.lower()))
    return next((m for name, m in mentees.items() if name in words), None)


def _since(record: Mentoring) -> str:
    return f", mentored since {record.since:%b %Y}" if record.since else ""


def _win_reasons(item: ChecklistItem, rule: Rule, win: WinView,
                 mentees: Mapping[str, Mentoring]) -> tuple[float, list[str]]:
    reasons = _words(rule, f"{win.title} {win.details}", win.tags)
    score = 2.0 * len(reasons)
    mentee = _mentee_in(f"{win.title} {win.details}", mentees) if rule.mentoring else None
    if mentee is not None:
        score += 2.0
        reasons.append(f"names {mentee.mentee}{_since(mentee)}")
    categories = [m.metric.category for m in win.metrics
                  if m.metric.quantified and m.metric.category in rule.categories]
    if categories:
        score += 2.0
        reasons.append(f"a {categories[0].replace('_', ' ')} number")
    if rule.money and any(m.metric.counts_as_business_value for m in win.metrics):
        score += 2.0
        reasons.append("money earned or saved")
    if rule.mentoring and MENTORING_TAGS & {t.lower() for t in win.tags}:
        score += 1.0
    if item.pillar in win.pillars:
        score += 1.0
    return score, reasons


def _project_reasons(item: ChecklistItem, rule: Rule,
                     project: ProjectView) -> tuple[float, list[str]]:
    reasons = _words(rule, f"{project.name} {project.summary}", project.tags)
    score = 2.0 * len(reasons)
    if rule.wide and project.scope in WIDE_SCOPES:
        score += 2.0 if LEAD_ROLES.search(project.role) else 1.0
        role = f", you {project.role}" if project.role else ""
        reasons.append(f"{project.scope.replace('_', '-')} project{role}")
    categories = [m.metric.category for m in project.metrics
                  if m.metric.quantified and m.metric.category in rule.categories]
    if categories:
        score += 2.0
        reasons.append(f"a {categories[0].replace('_', ' ')} number")
    if rule.money and any(m.metric.counts_as_business_value for m in project.metrics):
        score += 2.0
        reasons.append("money earned or saved")
    if item.pillar in project.pillars:
        score += 1.0
    return score, reasons


def _feedback_reasons(rule: Rule, quote: Feedback,
                      mentees: Mapping[str, Mentoring]) -> tuple[float, list[str]]:
    reasons = [f"{quote.from_name or 'a colleague'} {r}" for r in _words(rule, quote.quote, ())]
    # A colleague saying it weighs more than the person saying it of themselves.
    score = 2.5 * len(reasons)
    mentee = _mentee_in(quote.from_name, mentees) if rule.mentoring else None
    if mentee is not None:
        score += 2.0
        reasons.append(f"from your mentee{_since(mentee)}")
    return score, reasons


def _quote_title(quote: Feedback) -> str:
    said = " ".join(quote.quote.split())
    return f"{quote.from_name}: {said}" if quote.from_name else said


def suggest_evidence(checklist: Checklist, wins: Sequence[WinView],
                     projects: Sequence[ProjectView], feedback: Sequence[Feedback],
                     linked: Mapping[str, Sequence[EvidenceRef]],
                     dismissed: Collection[tuple[str, str, str]], today: dt.date,
                     mentoring: Sequence[Mentoring] = (),
                     per_item: int = PER_ITEM) -> dict[str, tuple[Suggestion, ...]]:
    """Up to `per_item` suggestions for each item, best first (newest among equals).
    What is linked already, and what the person dismissed, is never offered again."""
    since = add_months(today, -LOOK_BACK_MONTHS)
    recent = [w for w in wins if since <= w.date <= today]
    mentees = _mentees(mentoring)
    found: dict[str, tuple[Suggestion, ...]] = {}
    for item in checklist.items:
        rule = rule_for(item)
        taken = {(r.kind, r.id) for r in linked.get(item.id, ())}
        offers: list[Suggestion] = []
        for win in recent:
            score, why = _win_reasons(item, rule, win, mentees)
            offers.append(Suggestion(item.id, "win", win.id, win.title, win.date,
                                     "; ".join(why), score))
        for project in projects:
            score, why = _project_reasons(item, rule, project)
            offers.append(Suggestion(item.id, "project", project.id, project.name,
                                     project.start, "; ".join(why), score))
        for quote in feedback:
            score, why = _feedback_reasons(rule, quote, mentees)
            offers.append(Suggestion(item.id, "feedback", quote.id, _quote_title(quote),
                                     quote.date, "; ".join(why), score))
        kept = [s for s in offers
                if s.score >= MIN_SCORE and s.reason and s.kind in rule.kinds
                and (s.kind, s.target_id) not in taken and s.key not in dismissed]
        kept.sort(key=lambda s: (-s.score, -(s.day or dt.date.min).toordinal()))
        if kept:
            found[item.id] = tuple(kept[:per_item])
    return found

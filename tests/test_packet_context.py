"""The packet context: every number traced to the sample record, ranking with its reasons,
the person's pins and drops, and sections that say plainly when they are empty."""

from __future__ import annotations

import datetime as dt

import pytest

from bragdoc import resources
from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.quantities import parse_metric
from bragdoc.domain.records import ProjectDraft, WinDraft
from bragdoc.importers import interchange
from bragdoc.packet.context import (
    AUDIENCES,
    PacketChoices,
    Vision,
    describe,
    format_date,
    format_pct,
)
from bragdoc.services.packet import PacketService, default_period
from bragdoc.services.projects import ProjectService
from bragdoc.services.transfer import TransferService
from bragdoc.services.wins import WinService
from bragdoc.store.database import Database

D = dt.date
TODAY = D(2026, 11, 25)
SINCE, UNTIL = D(2025, 11, 25), D(2026, 11, 25)


def load_sample(db: Database) -> None:
    TransferService(db).import_bundle(
        interchange.load_file(resources.path(resources.SAMPLE_RECORD)))


@pytest.fixture
def sample(db: Database) -> Database:
    load_sample(db)
    return db


def ids_by_name(db: Database) -> dict[str, str]:
    return {p.name: p.project_id for p in PacketService(db).ranking(SINCE, UNTIL, today=TODAY)}


def test_formats_are_consistent() -> None:
    assert format_date(D(2025, 2, 14)) == "14 Feb 2025"
    assert format_pct(91.66) == "91.7%"
    assert format_pct(90.0) == "90%"
    assert describe(parse_metric("Deployment time: 2 hours -> 10 minutes")) == (
        "Deployment time reduced 91.7% (2 hours → 10 minutes), 12× faster")
    assert describe(parse_metric("Deployment frequency: weekly -> daily")) == (
        "Deployment frequency 7× as often (weekly → daily)")
    assert describe(parse_metric("Uptime: 99.5% -> 99.95%")) == (
        "Uptime up 0.45 pp (99.5% → 99.95%), 90% less downtime")
    assert describe(parse_metric("Test coverage: 40% -> 100%")) == (
        "Test coverage up 60 pp (40% → 100%)")
    assert describe(parse_metric("Uptime: 99.9% -> 99.95%")) == (
        "Uptime up 0.05 pp (99.9% → 99.95%), 50% less downtime")
    assert describe(parse_metric("Monitoring tool costs: $500K/year saved")) == (
        "Monitoring tool costs: $500K a year saved")
    assert describe(parse_metric("Subscription revenue: $2M annually")) == (
        "Subscription revenue: $2M a year in revenue")
    assert describe(parse_metric("Infra cost: $50K/month -> $20K/month")) == (
        "Infra cost reduced 60% ($50K/month → $20K/month), 2.5× lower, $360K a year saved")
    assert describe(parse_metric("Widgets: 5 -> 9")) == (
        "Widgets changed +80% (5 → 9); better or worse is not set")
    assert describe(parse_metric("Error rate: 1% -> 2%")) == (
        "Error rate got worse by 1 pp (1% → 2%)")
    assert describe(parse_metric("Morale: much better")) == "Morale: much better (not quantified)"


def test_default_period_is_the_last_twelve_months() -> None:
    assert default_period(TODAY) == (SINCE, UNTIL)
    assert default_period(D(2028, 2, 29)) == (D(2027, 2, 28), D(2028, 2, 29))


def test_key_achievements_come_from_the_record(sample: Database) -> None:
    context = PacketService(sample).context(SINCE, UNTIL, today=TODAY)
    assert (context.since, context.until) == (SINCE, UNTIL)
    assert context.period == "25 Nov 2025 – 25 Nov 2026"
    assert context.win_count == 42

    summary = context.summary
    assert summary.name == "Maya Castellano"
    assert summary.current_role == "Senior Software Engineer (L5)"
    assert summary.target_role == "Staff Software Engineer (L6)"
    assert summary.company == "Google"
    assert summary.experience == "10½ years in the industry, 6 years at Google"

    a = context.achievements
    assert [i.name for i in a.initiatives] == [
        "Deploy pipeline rebuild", "Storage tier consolidation", "Ingest reliability program",
        "Quota service v2"]
    assert a.engineers_affected == 220 + 60 + 150 + 80
    # $50K/month saved ($600K) is on the project and on its last win: counted once;
    # $32K → $14K a month is another $216K a year.
    [value] = a.values
    assert (value.amount, value.results) == ("$816K", 2)
    assert [(c.name, c.amount) for c in value.contributors] == [
        ("Storage tier consolidation", "$816K")]
    assert (a.mentored, a.promoted) == (4, 2)
    assert value.what == "savings" and value.owners == 1
    # Counts of who took the work up, never a share ("90% faster" is a result).
    assert sorted(s.text for s in a.adoptions) == [
        "Services migrated: 100 (Pipeline migration passed one hundred services)",
        "Teams in the drill: 3 (Ran the first failover drill together with three teams)"]
    assert context.empty_sections == ()


def test_the_portfolio_has_the_impact_portfolio_shape(sample: Database) -> None:
    context = PacketService(sample).context(SINCE, UNTIL, today=TODAY)
    names = [p.name for p in context.portfolio]
    assert names == ["Ingest reliability program", "Deploy pipeline rebuild", "Quota service v2",
                     "Storage tier consolidation", "On-call handbook and rotation"]
    assert "Search serving latency" not in {r.name for r in context.ranking}  # ended before

    deploy = context.portfolio[1]
    assert deploy.timeline == "29 Sep 2025 – 27 Mar 2026"
    assert deploy.team_size == "6 engineers"
    assert deploy.scope == "Organisation-wide, 14 teams, 220 engineers affected"
    assert [m.sentence for m in deploy.technical_metrics] == [
        "Deployment time reduced 91.7% (2 hours → 10 minutes), 12× faster",
        "Deployment frequency 7× as often (weekly → daily)",
        "Rollbacks per month reduced 77.8% (9 → 2), 4.5× lower"]
    assert "Led work across 14 teams" in deploy.leadership  # role "lead", not "coordinator"
    assert deploy.star is not None and deploy.star.parts[0][0] == "Situation"
    assert deploy.rank.why.startswith("80 of 100: organisation-wide scope")

    storage = context.portfolio[3]
    assert [m.sentence for m in storage.business_metrics] == [
        "Infrastructure cost: $600K a year saved",
        "Storage cost reduced 56.3% ($32K/month → $14K/month), 2.3× lower, $216K a year saved"]
    assert "$816K a year" in storage.rank.why
    assert context.portfolio[2].star is None  # quota v2 has no STAR story yet


def test_ranking_explains_each_part(sample: Database) -> None:
    ranked = PacketService(sample).ranking(SINCE, UNTIL, today=TODAY)
    assert [r.position for r in ranked] == [1, 2, 3, 4, 5]
    top = ranked[0]
    assert [r.part for r in top.reasons] == ["scope", "impact", "pillars", "recency"]
    assert top.score == pytest.approx(sum(r.points for r in top.reasons), abs=0.05)
    assert all(r.selected for r in ranked)
    assert top.to_json()["why"] == top.why


def test_pins_drops_and_order_are_honoured(sample: Database) -> None:
    ids = ids_by_name(sample)
    service = PacketService(sample)
    choices = PacketChoices(pinned=(ids["On-call handbook and rotation"],),
                            dropped=(ids["Ingest reliability program"],),
                            order=(ids["Quota service v2"], ids["Storage tier consolidation"]),
                            limit=3)
    context = service.context(SINCE, UNTIL, today=TODAY, choices=choices)
    # Three shown: the pin plus the two best left; `order` arranges the shown ones (the
    # storage project is not among them), the rest follow by score.
    assert [p.name for p in context.portfolio] == [
        "Quota service v2", "Deploy pipeline rebuild", "On-call handbook and rotation"]
    flags = {r.name: (r.selected, r.pinned, r.dropped) for r in context.ranking}
    assert flags["Ingest reliability program"] == (False, False, True)
    assert flags["On-call handbook and rotation"] == (True, True, False)
    assert context.portfolio[2].rank.pinned


def test_the_vision_is_only_what_the_person_wrote(sample: Database) -> None:
    service = PacketService(sample)
    unwritten = service.context(SINCE, UNTIL, today=TODAY).vision
    assert not unwritten.written
    assert [label for label, _ in unwritten.goals] == ["This year", "Next year"]
    assert unwritten.goals[0][1].startswith("Lead two efforts that reach past my own team")
    vision = Vision(focus_areas=("Quota platform direction", "  "),
                    days_1_30="Meet every staff engineer in the org.")
    context = service.context(SINCE, UNTIL, today=TODAY, choices=PacketChoices(vision=vision))
    assert context.vision.focus_areas == ("Quota platform direction",)
    assert context.vision.plan == (("Days 1–30", "Meet every staff engineer in the org."),
                                   ("Days 31–60", ""), ("Days 61–90", ""))
    assert "vision" not in context.empty_sections


def test_leadership_evidence_and_quotes(sample: Database) -> None:
    context = PacketService(sample).context(SINCE, UNTIL, today=TODAY)
    groups = {g.key: [i.text for i in g.items] for g in context.leadership}
    assert groups["talks"] == ["Presented the pipeline results at the infrastructure all-hands",
                               "Spoke about the reliability program at the infrastructure summit"]
    assert groups["hiring"] == ["Interviewed four candidates and led the hiring calibration"]
    assert groups["incidents"] == []
    assert [m.text for m in context.mentees] == [
        "Dana Whitfield", "Leo Marsh", "Inés Duarte", "Sam Okafor"]
    assert len(context.quotes) == 6
    assert all(SINCE <= D.fromisoformat(_iso(q.date)) <= UNTIL for q in context.quotes)
    chosen = PacketChoices(quotes=(context.quotes[-1].ref.id, context.quotes[0].ref.id))
    picked = PacketService(sample).context(SINCE, UNTIL, today=TODAY, choices=chosen).quotes
    assert [q.who for q in picked] == [context.quotes[-1].who, context.quotes[0].who]


def _iso(shown: str) -> str:
    return dt.datetime.strptime(shown, "%d %b %Y").date().isoformat()


def test_adoption_and_business_value_rules(db: Database) -> None:
    projects = ProjectService(db)
    projects.add(ProjectDraft(
        name="Lint standard", scope="org_wide", start=D(2026, 1, 5), end=D(2026, 3, 1),
        tags=["standard"], role="lead", engineers_affected=300,
        metrics=[parse_metric("Teams using it: 12"), parse_metric("Revenue: $1.2M/year")]))
    WinService(db).add(WinDraft(
        title="Rolled the test runner out", date=D(2026, 2, 1),
        metrics=[parse_metric("Teams adopting the runner: 7"),
                 parse_metric("Cloud spend: $10K/month -> $8K/month")]))
    a = PacketService(db).context(D(2026, 1, 1), D(2026, 6, 30), today=TODAY).achievements
    assert sorted(x.teams for x in a.adoptions) == [7, 12]
    [value] = a.values
    assert (value.amount, value.results) == ("$1.2M", 2)  # $1.2M revenue + $24K saved
    assert [c.name for c in value.contributors] == ["Lint standard", "Rolled the test runner out"]
    assert [i.name for i in a.initiatives] == ["Lint standard"]


def test_an_empty_record_says_so_everywhere(db: Database) -> None:
    context = PacketService(db).context(SINCE, UNTIL, today=TODAY)
    assert context.portfolio == () and context.quotes == ()
    assert context.achievements.empty
    assert context.empty_sections == ("achievements", "portfolio", "leadership", "quotes",
                                      "vision")


def test_bad_arguments_are_user_errors(db: Database) -> None:
    service = PacketService(db)
    with pytest.raises(InvalidInput, match="audience"):
        service.context(SINCE, UNTIL, audience="board", today=TODAY)
    with pytest.raises(InvalidInput, match="starts"):
        service.context(D(2026, 5, 1), D(2026, 1, 1))


def test_audiences_match_the_shipped_templates() -> None:
    assert resources.PACKET_AUDIENCES == AUDIENCES

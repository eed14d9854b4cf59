"""The packet speaks for its owner: records written from the guide's case studies (a
platform engineer, an AI lead, someone with revenue results and mentees) read as a case
for promotion — one set of facts everywhere, no gaps in documents for others, points for
percentages, savings as savings, tenure rounded, the default period and its refusal."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from bragdoc.domain.quantities import parse_metric
from bragdoc.domain.records import Mentoring, ProjectDraft, WinDraft
from bragdoc.packet.formatting import tenure
from bragdoc.services.packet import PacketService
from bragdoc.services.people import PeopleService
from bragdoc.services.profile import ProfileService
from bragdoc.services.projects import ProjectService
from bragdoc.services.readiness import ReadinessService
from bragdoc.services.wins import WinService
from bragdoc.store.database import Database
from tests.test_cli import run as cli_run

D = dt.date
TODAY = D(2026, 11, 25)
SINCE, UNTIL = D(2025, 11, 25), TODAY
NEGATIVE = ("none recorded", "none measured", "no evidence", "not recorded", "still to be",
            "why it is here", "of 100", "yet", "0 of them")


def platform_engineer(db: Database) -> None:
    """A platform engineer: an internal platform adopted by 800+ engineers and 50+ teams,
    developer-facing results, mentoring only said in a result."""
    ProjectService(db).add(ProjectDraft(
        name="Developer platform", summary="One paved road for building and deploying.",
        start=D(2026, 1, 5), end=D(2026, 9, 30), team_size=5, scope="org_wide", teams=50,
        engineers_affected=800, role="tech lead", pillars=["technical_excellence"],
        metrics=[parse_metric("Teams adopting the platform: 52"),
                 parse_metric("Developer onboarding: 90% faster"),
                 parse_metric("Build time: 20 minutes -> 4 minutes"),
                 parse_metric("Monitoring tool costs: $500K/year saved")]))
    WinService(db).add(WinDraft(
        title="Coached two engineers through their first platform migration",
        date=D(2026, 3, 2), project="Developer platform", pillars=["leadership"],
        metrics=[parse_metric("Engineers mentored: 2")]))
    WinService(db).add(WinDraft(
        title="Raised uptime of the build service", date=D(2026, 6, 1),
        project="Developer platform", pillars=["technical_excellence"],
        metrics=[parse_metric("Build service uptime: 99.9% -> 99.95%")]))


def revenue_and_mentees(db: Database) -> None:
    ProjectService(db).add(ProjectDraft(
        name="Checkout redesign", start=D(2026, 2, 1), end=D(2026, 8, 1), team_size=4,
        scope="cross_team", teams=3, role="lead", pillars=["career_strategy"],
        metrics=[parse_metric("Checkout revenue: $2M annually"),
                 parse_metric("Conversion: 40% -> 100%")]))
    people = PeopleService(db)
    for name, promoted in (("Ana", True), ("Ben", False)):
        people.save_mentoring(Mentoring(id=f"m-{name}", mentee=name, since=D(2026, 1, 1),
                                        until=D(2026, 10, 1), promoted=promoted))


def test_tenure_is_rounded_never_cut_short() -> None:
    assert tenure(2.97) == "3 years"
    assert tenure(3.9) == "almost 4 years"
    assert tenure(3.1) == "3 years"
    assert tenure(0.3) == "4 months"


@pytest.mark.parametrize("audience", ("committee", "executive", "product"))
def test_no_gap_is_written_into_a_document_for_others(db: Database, audience: str) -> None:
    platform_engineer(db)
    text = PacketService(db).markdown(SINCE, UNTIL, audience, today=TODAY)
    for phrase in NEGATIVE:
        assert phrase not in text.lower(), phrase


def test_the_platform_engineers_facts_agree_everywhere(db: Database) -> None:
    platform_engineer(db)
    service = PacketService(db)
    context = service.context(SINCE, UNTIL, today=TODAY)
    a = context.achievements
    assert (a.mentored, a.promoted) == (2, None)  # from "Engineers mentored: 2"
    committee = service.markdown(SINCE, UNTIL, today=TODAY)
    assert "**Mentoring:** 2 engineers mentored\n" in committee
    assert [s.text for s in a.adoptions] == [
        "Teams adopting the platform: 52 (Developer platform)"]  # "90% faster" is a result
    assert "$500K a year in savings from Developer platform" in committee
    assert "Monitoring tool costs: $500K a year saved" in committee
    assert "Build service uptime up 0.05 pp (99.9% → 99.95%), 50% less downtime" in committee
    # The readiness page states the same mentoring fact: no "no mentoring" gap.
    gaps = ReadinessService(db).report(today=TODAY).gaps
    assert "no-mentoring" not in {gap.rule_id for gap in gaps}
    product = service.markdown(SINCE, UNTIL, "product", today=TODAY)
    assert "## What engineers using the platform gained" in product
    assert "Build time reduced 80% (20 minutes → 4 minutes), 5× faster" in product
    assert "Teams adopting the platform: 52" in product


def test_revenue_reads_as_revenue_and_conversion_in_points(db: Database) -> None:
    revenue_and_mentees(db)
    text = PacketService(db).markdown(SINCE, UNTIL, "executive", today=TODAY)
    assert "**$2M a year** in revenue" in text
    assert "revenue and savings" not in text
    assert "Mentored 2 engineers, 1 promoted" in text
    committee = PacketService(db).markdown(SINCE, UNTIL, today=TODAY)
    assert "Conversion up 60 pp (40% → 100%)" in committee
    assert "largest contributions" not in committee  # only one contributor


def test_the_vision_comes_from_the_profile_goals_or_is_left_out(db: Database) -> None:
    revenue_and_mentees(db)
    service = PacketService(db)
    text, warnings = service.draft(SINCE, UNTIL, today=TODAY)
    assert "Future vision" not in text and warnings
    profile = ProfileService(db)
    profile.update(goals_next_year="Own the payments roadmap.")
    text, warnings = service.draft(SINCE, UNTIL, today=TODAY)
    assert "- **Next year:** Own the payments roadmap." in text and not warnings


def test_the_default_period_is_the_time_at_the_current_level(db: Database) -> None:
    revenue_and_mentees(db)
    ProfileService(db).update(level_since=D(2024, 3, 1))
    assert PacketService(db).period(today=TODAY) == (D(2024, 3, 1), TODAY)


def run(db: Database, *args: str) -> subprocess.CompletedProcess[str]:
    return cli_run("--db", str(db.path), *args)


def test_an_empty_period_is_refused_with_one_line_and_a_working_since(db: Database,
                                                                      tmp_path) -> None:
    WinService(db).add(WinDraft(title="Old work", date=D(2020, 5, 1)))
    out = tmp_path / "p.md"
    done = run(db, "packet", "-o", str(out), "--since", "2026-01-01", "--until", "2026-11-25")
    assert done.returncode == 2 and not out.exists()
    [line] = done.stderr.strip().splitlines()
    assert "2020-05-01" in line and "--since 2020-05-01" in line
    done = run(db, "packet", "-o", str(out), "--since", "2020-05-01", "--until", "2026-11-25")
    assert done.returncode == 0, done.stderr
    assert "future vision" in done.stderr  # one warning line: the section was left out
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Future vision" not in out.read_text(encoding="utf-8")


def test_a_period_after_the_whole_record_suggests_its_first_year(db: Database) -> None:
    WinService(db).add(WinDraft(title="Later work", date=D(2027, 3, 1)))
    service = PacketService(db)
    assert service.suggested_period(SINCE, UNTIL) == (D(2027, 3, 1), D(2027, 3, 1))
    assert service.suggested_period(D(2027, 1, 1), D(2027, 12, 31)) is None


def test_plain_coach_output_names_the_record_to_fix(db: Database) -> None:
    platform_engineer(db)
    done = run(db, "coach", "--since", "2025-11-25", "--until", "2026-11-25")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert any(line.startswith("[project.no-star]")
               and line.endswith("(fix: project “Developer platform”)") for line in lines)
    assert any(line.startswith("[feedback.few]") for line in lines)


def test_the_sample_records_counts_agree_between_summary_and_sections(db: Database) -> None:
    from tests.test_packet_context import load_sample

    load_sample(db)
    service = PacketService(db)
    context = service.context(SINCE, UNTIL, today=TODAY)
    a = context.achievements
    assert a.mentored == len(context.mentees) == 4  # summary = "People mentored" section
    product = service.markdown(SINCE, UNTIL, "product", today=TODAY)
    for adoption in a.adoptions:  # what the summary calls adoption, the product page states
        assert adoption.text.split(" (")[0] in product
    gaps = {g.rule_id for g in ReadinessService(db).report(today=TODAY).gaps}
    assert "no-mentoring" not in gaps
    [value] = a.values
    charted = service.charts("![v](chart:value)", SINCE, UNTIL, today=TODAY)
    assert value.amount in charted[0].summary  # the value chart says the same total

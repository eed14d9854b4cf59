"""Readiness rules on hand-built records with a fixed today; then the service on a real DB."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from bragdoc.domain.ladders import add_months
from bragdoc.domain.quantities import parse_metric
from bragdoc.domain.readiness import (
    RULES,
    EvidenceRef,
    analyse_gaps,
    checklist_coverage,
    parse_checklist,
    timeline,
)
from bragdoc.domain.readiness_plan import lay_out_plan, parse_plan
from bragdoc.domain.records import (
    Feedback,
    Mentoring,
    MetricView,
    ProjectDraft,
    ProjectView,
    Star,
    WinDraft,
    WinView,
)
from bragdoc.domain.vocabulary import PILLARS
from bragdoc.services.ladders import LadderService
from bragdoc.services.people import PeopleService
from bragdoc.services.profile import ProfileService
from bragdoc.services.projects import ProjectService
from bragdoc.services.readiness import ReadinessService
from bragdoc.services.wins import WinService

TODAY = dt.date(2025, 6, 15)
LADDERS = LadderService()


def win(day: dt.date, *, pillars: tuple[str, ...] = (), tags: tuple[str, ...] = (),
        project: str | None = None, metrics: tuple[str, ...] = (), title: str = "A win"
        ) -> WinView:
    return WinView(
        id=f"w-{day}-{title}", date=day, title=title, details="", project_id=project,
        project_name=None, pillars=pillars, tags=tags, links=(),
        metrics=tuple(MetricView(f"m{i}", parse_metric(t)) for i, t in enumerate(metrics)),
        follow_up=None)


def project(pid: str, scope: str, *, start: dt.date | None = None, end: dt.date | None = None,
            pillars: tuple[str, ...] = ()) -> ProjectView:
    return ProjectView(
        id=pid, name=pid, summary="", start=start, end=end, team_size=None, scope=scope,
        teams=None, engineers_affected=None, role="", pillars=pillars, tags=(), star=Star(),
        links=(), metrics=())


def months_ago(months: int) -> dt.date:
    return add_months(TODAY, -months)


def rules(findings) -> set[str]:
    return {f.rule_id for f in findings}


# --- timeline ---------------------------------------------------------------------------


def test_meta_e3_at_19_months_is_warned_about_the_24_month_deadline() -> None:
    meta = LADDERS.get("meta")
    line = timeline(meta, meta.require("E3"), months_ago(19), TODAY)
    assert line.deadline == add_months(months_ago(19), 24) == add_months(TODAY, 5)
    assert line.days_left == (line.deadline - TODAY).days == 153
    [warning] = line.warnings
    assert warning.rule_id == "deadline-near"
    assert warning.statement == RULES["deadline-near"]
    assert "153 days left to reach E4" in warning.message
    assert line.status == "on_track"  # within the usual 1–2 years, but the clock is close


def test_meta_e3_at_12_months_has_a_deadline_but_no_warning_yet() -> None:
    meta = LADDERS.get("meta")
    line = timeline(meta, meta.require("E3"), months_ago(12), TODAY)
    assert line.days_left is not None and line.days_left > 183
    assert line.warnings == ()


def test_a_passed_deadline_says_so() -> None:
    meta = LADDERS.get("meta")
    line = timeline(meta, meta.require("E4"), months_ago(34), TODAY)
    assert line.days_left < 0
    assert "deadline-passed" in rules(line.warnings)


def test_google_l4_at_three_and_a_half_years_is_late_vs_typical() -> None:
    google = LADDERS.get("google")
    since = TODAY - dt.timedelta(days=round(3.5 * 365.25))
    line = timeline(google, google.require("L4"), since, TODAY)
    assert line.status == "late"
    assert line.typical_days == (913, 1096)
    assert line.deadline is None and line.days_left is None
    [warning] = line.warnings
    assert warning.rule_id == "late-vs-typical"
    assert "late vs typical 2.5–3 years" in warning.message
    assert warning.message.startswith("3.5 years at L4")


@pytest.mark.parametrize(("years", "status"), [(1, "early"), (2.75, "on_track")])
def test_google_l4_before_and_inside_the_typical_range(years: float, status: str) -> None:
    google = LADDERS.get("google")
    since = TODAY - dt.timedelta(days=round(years * 365.25))
    line = timeline(google, google.require("L4"), since, TODAY)
    assert line.status == status and line.warnings == ()


def test_timeline_moves_with_today() -> None:
    google = LADDERS.get("google")
    since = dt.date(2022, 1, 1)
    before = timeline(google, google.require("L4"), since, dt.date(2024, 12, 1))
    after = timeline(google, google.require("L4"), since, dt.date(2025, 6, 1))
    assert (before.status, after.status) == ("on_track", "late")
    assert after.days_at_level - before.days_at_level == 182


def test_open_ended_terminal_and_unknown_timelines() -> None:
    google, microsoft = LADDERS.get("google"), LADDERS.get("microsoft")
    eight_plus = timeline(google, google.require("L6"), months_ago(200), TODAY)
    assert eight_plus.status == "on_track" and eight_plus.typical_days[1] is None
    assert timeline(microsoft, microsoft.require("63"), months_ago(80), TODAY).status == "terminal"
    assert timeline(google, google.require("L7"), months_ago(5), TODAY).status == "top"
    assert timeline(google, google.require("L4"), None, TODAY).status == "unknown"


# --- gap analysis -----------------------------------------------------------------------


def test_only_single_team_work_gets_the_cross_team_gap() -> None:
    target = LADDERS.get("google").require("L5")
    projects = [project("p1", "single_team", start=months_ago(10)),
                project("p2", "single_team", start=months_ago(3))]
    found = analyse_gaps(target, [], projects, [], [], TODAY)
    [gap] = [f for f in found if f.rule_id == "no-cross-team-12m"]
    assert gap.statement == "No cross-team project in the last 12 months."
    assert "all 2 project(s)" in gap.message


def test_a_recent_cross_team_project_closes_that_gap_but_an_old_one_does_not() -> None:
    target = LADDERS.get("google").require("L5")
    old = project("old", "cross_team", start=months_ago(30), end=months_ago(14))
    assert "no-cross-team-12m" in rules(analyse_gaps(target, [], [old], [], [], TODAY))
    recent = project("new", "cross_team", start=months_ago(4))
    assert "no-cross-team-12m" not in rules(analyse_gaps(target, [], [recent], [], [], TODAY))
    # A project without dates counts through a recent win attached to it.
    undated_old = project("x", "cross_team", end=months_ago(20))
    recent_win = win(months_ago(1), project="x")
    assert "no-cross-team-12m" not in rules(
        analyse_gaps(target, [recent_win], [undated_old], [], [], TODAY))


def test_a_single_team_target_does_not_ask_for_cross_team_work() -> None:
    target = LADDERS.get("google").require("L4")
    found = analyse_gaps(target, [], [project("p", "single_team")], [], [], TODAY)
    assert "no-cross-team-12m" not in rules(found)


def test_staff_target_asks_for_organisation_wide_scope() -> None:
    target = LADDERS.get("google").require("L6")
    found = analyse_gaps(target, [], [project("p", "cross_team")], [], [], TODAY)
    assert "no-org-wide-12m" in rules(found) and "no-cross-team-12m" not in rules(found)


def test_no_mentoring_is_a_gap_until_some_is_recorded() -> None:
    target = LADDERS.get("google").require("L5")
    assert "no-mentoring" in rules(analyse_gaps(target, [], [], [], [], TODAY))
    ended = Mentoring(id="m0", mentee="Ann", since=months_ago(30), until=months_ago(18))
    assert "no-mentoring" in rules(analyse_gaps(target, [], [], [], [ended], TODAY))
    current = Mentoring(id="m1", mentee="Sam", since=months_ago(8))
    assert "no-mentoring" not in rules(analyse_gaps(target, [], [], [], [current], TODAY))
    tagged = win(months_ago(2), tags=("Mentoring",))
    assert "no-mentoring" not in rules(analyse_gaps(target, [tagged], [], [], [], TODAY))


def test_pillars_without_evidence_this_half_are_counted_and_named() -> None:
    target = LADDERS.get("google").require("L5")  # expects all five pillars
    wins = [
        win(months_ago(1), pillars=("technical_excellence", "system_design")),
        win(months_ago(2), pillars=("communication",)),
        win(months_ago(9), pillars=("leadership",)),  # too old for this half
    ]
    [gap] = [f for f in analyse_gaps(target, wins, [], [], [], TODAY, LADDERS.get("google"))
             if f.rule_id == "pillars-uncovered-half"]
    assert gap.message.startswith("2 of 5 pillars have no evidence")
    assert "Leadership, Career strategy" in gap.message
    wins.append(win(months_ago(3), pillars=("leadership", "career_strategy")))
    assert "pillars-uncovered-half" not in rules(analyse_gaps(target, wins, [], [], [], TODAY))


def test_business_impact_needs_a_quantified_money_result() -> None:
    target = LADDERS.get("google").require("L5")
    latency = win(months_ago(2), metrics=("p95 latency: 2.4s → 0.6s",))
    found = analyse_gaps(target, [latency], [], [], [], TODAY)
    [gap] = [f for f in found if f.rule_id == "no-business-impact"]
    assert "1 quantified metric(s)" in gap.message
    savings = win(months_ago(2), metrics=("AWS cost: $50K/month -> $20K/month",), title="cost")
    assert "no-business-impact" not in rules(
        analyse_gaps(target, [latency, savings], [], [], [], TODAY))
    stale = win(months_ago(13), metrics=("AWS cost: $50K/month -> $20K/month",))
    assert "no-business-impact" in rules(analyse_gaps(target, [stale], [], [], [], TODAY))


def test_a_complete_record_has_no_gaps() -> None:
    target = LADDERS.get("google").require("L5")
    wins = [win(months_ago(1), pillars=PILLARS, tags=("mentoring",),
                metrics=("Revenue: $2M/year -> $3M/year",))]
    projects = [project("p", "cross_team", start=months_ago(6))]
    feedback = [Feedback(id="f", quote="Great design review", date=months_ago(2))]
    assert analyse_gaps(target, wins, projects, feedback, [], TODAY) == []


def test_every_rule_has_a_plain_statement() -> None:
    assert all(text.endswith(".") and text[0].isupper() for text in RULES.values())


# --- checklist coverage -----------------------------------------------------------------


def test_linking_evidence_raises_coverage() -> None:
    checklist = LADDERS.checklist()
    items = [item.id for item in checklist.areas[0].items]
    empty = checklist_coverage(checklist, set())
    assert (empty.overall, empty.checked, empty.with_evidence) == (0.0, 0, 0)
    ticked = checklist_coverage(checklist, {items[0]})
    linked = checklist_coverage(checklist, {items[0]},
                                {items[0]: [EvidenceRef("win", "w1"),
                                            EvidenceRef("project", "p1")]})
    assert empty.overall < ticked.overall < linked.overall
    area = linked.areas[0]
    assert area.area_id == "technical_excellence"
    assert (area.checked, area.with_evidence) == (1, 1)
    assert area.coverage == pytest.approx(1 / len(items), abs=1e-4)
    assert area.items[0].evidence_count == 2
    assert linked.areas[1].coverage == 0.0
    assert linked.overall == pytest.approx(1 / len(checklist.items), abs=1e-4)


def test_full_checklist_is_full_coverage_and_unknown_ids_are_ignored() -> None:
    checklist = LADDERS.checklist()
    every = {item.id for item in checklist.items}
    links = {i: [EvidenceRef("feedback", "f")] for i in every}
    full = checklist_coverage(checklist, every | {"not-an-item"}, links)
    assert full.overall == 1.0 and all(a.coverage == 1.0 for a in full.areas)
    assert full.to_json()["areas"][0]["items"][0]["evidence_count"] == 1


def test_checklist_file_problems_name_their_line() -> None:
    from bragdoc.domain.toml_files import LadderFileError

    text = ('title = "T"\n[[areas]]\nid = "a"\ntitle = "A"\npillar = "leadership"\n'
            '[[areas.items]]\nid = "x"\ntext = "X"\n[[areas.items]]\nid = "x"\ntext = "Y"\n')
    with pytest.raises(LadderFileError) as caught:
        parse_checklist(text, "mine.toml")
    assert (caught.value.line, caught.value.field) == (10, "areas[1].items[2].id")


# --- the six-month plan -----------------------------------------------------------------


def test_plan_is_laid_out_back_from_the_target_date() -> None:
    plan = LADDERS.plan()
    target = dt.date(2025, 12, 1)
    # Laid out when the whole six months were still ahead: the plan keeps its length.
    layout = lay_out_plan(plan, target, TODAY, done={"audit-projects"},
                          laid_out=dt.date(2025, 5, 20))
    assert layout.start == dt.date(2025, 6, 1) and not layout.compressed
    assert layout.compression_note() == ""
    first = layout.steps[0]
    assert (first.step_id, first.due, first.done, first.overdue) == (
        "audit-projects", dt.date(2025, 6, 8), True, False)
    assert layout.steps[1].overdue  # find-patterns was due 2025-06-11 and is not done
    assert all(s.due <= target for s in layout.steps)
    assert [s.due for s in layout.steps] == sorted(s.due for s in layout.steps)
    phases = [s.phase_id for s in layout.steps]
    assert phases.index("execution") > phases.index("assessment")
    assert phases[-1] == "packet"
    assert layout.next_step().step_id == "find-patterns"
    assert layout.to_json()["done"] == 1


def test_a_plan_step_outside_its_phase_is_refused() -> None:
    from bragdoc.domain.toml_files import LadderFileError

    text = ('title = "P"\nmonths = 6\n[[phases]]\nid = "a"\ntitle = "A"\nfirst_month = 1\n'
            'last_month = 2\n[[phases.steps]]\nid = "s"\ntext = "S"\noffset_days = 150\n')
    with pytest.raises(LadderFileError) as caught:
        parse_plan(text, "plan.toml")
    assert (caught.value.line, caught.value.field) == (11, "phases[1].steps[1].offset_days")


# --- the service on a real database -----------------------------------------------------


def test_report_from_the_profile_and_the_record(db) -> None:  # type: ignore[no-untyped-def]
    ProfileService(db).update(company="meta", current_level="E3", target_level="E4",
                              level_since=months_ago(19))
    team = ProjectService(db).add(ProjectDraft(name="Checkout", scope="single_team",
                                               start=months_ago(8)))
    first = WinService(db).add(WinDraft(title="Cut checkout latency", date=months_ago(1),
                                        project=team.id, pillars=["technical_excellence"],
                                        metrics=[parse_metric("p95: 900ms -> 300ms")]))
    quote = PeopleService(db).save_feedback(Feedback(id="f1", quote="Calm in incidents",
                                                     date=months_ago(2)))
    service = ReadinessService(db, LADDERS)
    items = [i.id for i in LADDERS.checklist().items]
    bare = service.report(today=TODAY, checked={items[0]})
    linked = service.report(today=TODAY, checked={items[0]}, evidence={
        items[0]: [EvidenceRef("win", first.id), EvidenceRef("feedback", quote.id)],
        items[1]: [EvidenceRef("win", "deleted-win")],  # gone: not counted
    })
    assert linked.checklist.overall > bare.checklist.overall
    assert linked.checklist.areas[0].items[0].evidence_count == 2
    assert linked.checklist.areas[0].items[1].evidence_count == 0

    data = json.loads(json.dumps(linked.to_json()))
    assert data["ladder"] == "meta"
    assert data["current_level"]["id"] == "E3" and data["target_level"]["id"] == "E4"
    assert data["days_at_level"] == (TODAY - months_ago(19)).days
    assert data["typical_days"] == {"low": 365, "high": 730, "label": "1–2 years"}
    assert data["deadline"] == add_months(TODAY, 5).isoformat()
    assert data["days_left"] == 153
    assert [w["rule_id"] for w in data["warnings"]] == ["deadline-near"]
    gap_ids = {g["rule_id"] for g in data["gaps"]}
    # E4 is single-team scope, so no cross-team gap; mentoring and money are missing.
    assert gap_ids == {"no-mentoring", "pillars-uncovered-half", "no-business-impact"}
    assert all(g["statement"] == RULES[g["rule_id"]] for g in data["gaps"])
    assert data["checklist"]["overall"] == linked.checklist.overall
    assert sum(data["expected_pillar_profile"].values()) == pytest.approx(1.0)
    assert data["plan"] is None and data["notes"] == []


def test_report_with_a_plan_and_without_a_level_set(db) -> None:  # type: ignore[no-untyped-def]
    report = ReadinessService(db, LADDERS).report(today=TODAY,
                                                  target_date=dt.date(2025, 12, 1))
    data = report.to_json()
    assert data["ladder"] == "generic"
    assert data["current_level"] is None and data["days_at_level"] is None
    assert data["deadline"] is None and data["days_left"] is None
    # Less than six months from TODAY: the plan is squeezed to start today.
    assert data["plan"]["start"] == TODAY.isoformat() and data["plan"]["compressed"]
    assert any("current level" in note for note in data["notes"])
    # With no level, the gaps are judged against any promotion: cross-team is asked for.
    assert "no-cross-team-12m" in {g["rule_id"] for g in data["gaps"]}


def test_unknown_target_falls_back_to_the_next_level(db) -> None:  # type: ignore[no-untyped-def]
    # The profile refuses an unknown level now; one saved before that (or imported from a
    # backup, which keeps what it holds) still gives a report.
    from bragdoc.domain.records import Profile
    from bragdoc.services import profile as profiles
    from bragdoc.services.unit_of_work import write

    with write(db) as session:
        profiles.save(session, Profile(company="google", current_level="Senior SWE",
                                       target_level="L99", level_since=dt.date(2021, 1, 1)))
    report = ReadinessService(db, LADDERS).report(today=TODAY)
    assert (report.current.id, report.target.id) == ("L5", "L6")
    assert any("L99" in note for note in report.notes)
    assert report.expected_profile["career_strategy"] == 0.25


def test_a_broken_user_ladder_does_not_stop_the_report(db) -> None:  # type: ignore[no-untyped-def]
    from tests.test_ladders import write_user_ladder

    write_user_ladder("google", "title = ")
    ProfileService(db).update(company="google", current_level="L4")
    report = ReadinessService(db, LadderService()).report(today=TODAY)
    assert report.ladder.origin == "shipped"  # the broken override is skipped
    [problem] = report.to_json()["ladder_problems"]
    assert "google.toml:1:" in problem

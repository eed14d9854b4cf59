"""The coach: each weakness of the draft with its rule and the record to open to fix it."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

from bragdoc.domain.quantities import parse_metric
from bragdoc.domain.records import ProjectDraft, Star, WinDraft
from bragdoc.packet.coach import RULES
from bragdoc.packet.context import PacketChoices, Vision
from bragdoc.services.packet import PacketService
from bragdoc.services.projects import ProjectService
from bragdoc.services.wins import WinService
from bragdoc.store.database import Database
from tests.test_packet_context import SINCE, TODAY, UNTIL, load_sample

D = dt.date


def test_the_sample_record_is_coached(db: Database) -> None:
    load_sample(db)
    findings = PacketService(db).coach(SINCE, UNTIL, today=TODAY)
    counts = Counter(f.rule_id for f in findings)
    assert counts == {"win.unquantified": 19, "project.no-star": 2, "follow-up.pending": 2,
                      "metric.unquantified": 1, "vision.empty": 1}
    wins = {w.title: w.id for w in PacketService(db).record(D(2025, 11, 25), TODAY).wins}
    projects = {p.name: p.id for p in PacketService(db).record(D(2025, 11, 25), TODAY).projects}

    stars = [f for f in findings if f.rule_id == "project.no-star"]
    assert [(f.ref.kind, f.ref.id) for f in stars] == [
        ("project", projects["On-call handbook and rotation"]),
        ("project", projects["Quota service v2"])]
    assert stars[1].message == (
        "“Quota service v2” has no STAR story; its summary could start the Situation: "
        "“A new admission-control design for the shared quota service.”.")
    assert stars[1].where == "project “Quota service v2”"

    due = [f for f in findings if f.rule_id == "follow-up.pending"]
    assert [f.message for f in due] == [
        "The outcome of “Rolled quota v2 out to the first two tenants” was due 12 Nov 2026.",
        "The outcome of “Load-tested quota v2 at three times peak” is due 15 Jan 2027."]
    assert due[0].ref.id == wins["Rolled quota v2 out to the first two tenants"]

    [empty] = [f for f in findings if f.rule_id == "vision.empty"]
    assert empty.to_json() == {
        "rule_id": "vision.empty", "statement": RULES["vision.empty"],
        "message": "The future vision is not written yet; your profile goals stand in for it.",
        "ref": {"kind": "section", "id": "vision"},
        "where": "the Vision tab of the Packet page"}
    [unused] = [f for f in findings if f.rule_id == "metric.unquantified"]
    assert unused.where.startswith(("win “", "project “"))
    json.dumps([f.to_json() for f in findings])  # what `bragdoc coach --json` prints


def test_writing_the_vision_clears_its_finding(db: Database) -> None:
    load_sample(db)
    vision = Vision(focus_areas=("Quota platform",))
    findings = PacketService(db).coach(SINCE, UNTIL, today=TODAY,
                                       choices=PacketChoices(vision=vision))
    assert "section.empty" not in {f.rule_id for f in findings}


def test_each_weakness_points_at_what_to_fix(db: Database) -> None:
    projects = ProjectService(db)
    vague = projects.add(ProjectDraft(name="Vague project", scope="cross_team",
                                      start=D(2026, 3, 1),
                                      star=Star(situation="Slow", task="Fix it")))
    measured = projects.add(ProjectDraft(
        name="Measured project", scope="single_team", start=D(2026, 2, 1), team_size=3,
        engineers_affected=12, star=Star("s", "t", "a", "r"),
        metrics=[parse_metric("Widgets: 5 -> 9")]))
    wins = WinService(db)
    bare = wins.add(WinDraft(title="Talked to people", date=D(2026, 4, 1),
                             pillars=["communication"], project="Vague project",
                             metrics=[parse_metric("Mood: better")]))
    wins.add(WinDraft(title="Cut latency", date=D(2026, 4, 2), pillars=["technical_excellence"],
                      project="Measured project",
                      metrics=[parse_metric("p95 latency: 2s -> 1s")]))

    findings = PacketService(db).coach(D(2026, 1, 1), D(2026, 6, 30), today=TODAY)
    by_rule: dict[str, list] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule_id, []).append(finding)

    assert [(f.ref.kind, f.ref.id) for f in by_rule["win.unquantified"]] == [("win", bare.id)]
    assert [f.ref.id for f in by_rule["project.unquantified"]] == [vague.id]
    [star] = by_rule["project.no-star"]
    assert star.message == "“Vague project” has a STAR story without its action and result."
    [scope] = by_rule["project.no-scope"]
    assert scope.ref.id == vague.id
    assert scope.message == ("“Vague project” does not say its team size, number of teams "
                             "and engineers affected.")
    assert [f.ref.id for f in by_rule["pillar.no-evidence"]] == [
        "system_design", "leadership", "career_strategy"]
    assert all(f.ref.kind == "pillar" for f in by_rule["pillar.no-evidence"])
    [direction] = by_rule["metric.direction-unknown"]
    assert (direction.ref.kind, direction.ref.id) == ("project", measured.id)
    assert "Widgets" in direction.message
    assert {f.ref.id for f in by_rule["section.empty"]} == {
        "achievements", "leadership", "quotes"}
    [vision] = by_rule["vision.empty"]
    assert vision.message.endswith("the packet leaves that section out.")
    [unused] = by_rule["metric.unquantified"]  # "Mood: better" cannot be weighed
    assert "Mood" in unused.message and unused.where == "win “Talked to people”"
    [voices] = by_rule["feedback.few"]
    assert voices.message.startswith("0 colleagues are quoted")


def test_an_empty_period_flags_every_section_and_pillar(db: Database) -> None:
    findings = PacketService(db).coach(SINCE, UNTIL, today=TODAY)
    assert Counter(f.rule_id for f in findings) == {"pillar.no-evidence": 5, "section.empty": 4,
                                                    "feedback.few": 1, "vision.empty": 1}
    assert all(f.statement for f in findings)

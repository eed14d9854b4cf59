"""Evidence suggested from the record for the checklist: the rules on hand-built records,
then the Readiness page on the sample record, confirmed and dismissed from the keyboard."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSettings, Qt

from bragdoc.domain.evidence_suggestions import RULES, rule_for, suggest_evidence
from bragdoc.domain.quantities import parse_metric
from bragdoc.domain.readiness import ChecklistItem, EvidenceRef
from bragdoc.domain.records import Feedback, MetricView, ProjectView, Star, WinView
from bragdoc.services.container import Services
from bragdoc.services.ladders import LadderService
from bragdoc.services.sample import load_sample
from bragdoc.store.database import Database
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.readiness.page import ReadinessPage
from tests.conftest import show_and_activate

TODAY = dt.date(2026, 12, 6)
LADDERS = LadderService()
CHECKLIST = LADDERS.checklist()


def _win(id: str, title: str, *, tags: tuple[str, ...] = (), pillars: tuple[str, ...] = (),
         metrics: tuple[str, ...] = (), day: dt.date = dt.date(2026, 9, 1)) -> WinView:
    return WinView(id=id, date=day, title=title, details="", project_id=None,
                   project_name=None, pillars=pillars, tags=tags, links=(),
                   metrics=tuple(MetricView(f"m{i}", parse_metric(m))
                                 for i, m in enumerate(metrics)),
                   follow_up=None)


def _project(id: str, name: str, scope: str, role: str) -> ProjectView:
    return ProjectView(id=id, name=name, summary="", start=dt.date(2026, 1, 1), end=None,
                       team_size=None, scope=scope, teams=None, engineers_affected=None,
                       role=role, pillars=("leadership",), tags=(), star=Star(), links=(),
                       metrics=())


WINS = [
    _win("perf", "Cut p95 latency of search", tags=("performance",),
         pillars=("technical_excellence",), metrics=("p95 latency: 2.4s -> 0.6s",)),
    _win("save", "Moved cold logs to the archive tier",
         metrics=("Storage cost: $32K/month -> $14K/month",)),
    _win("mentor", "Coached Dana through her first design review", tags=("mentoring",)),
    _win("old", "Profiled the ranking service", tags=("performance",),
         day=dt.date(2020, 1, 1)),
    _win("downstream", "Fixed a downstream timeout"),
]
PROJECTS = [_project("wide", "Deploy pipeline rebuild", "org_wide", "lead"),
            _project("small", "Team wiki", "single_team", "")]
FEEDBACK = [Feedback("q1", "Pairing with her taught me how to mentor others.", "Sam")]


def _suggested(linked=None, dismissed=()):  # type: ignore[no-untyped-def]
    return suggest_evidence(CHECKLIST, WINS, PROJECTS, FEEDBACK, linked or {},
                            set(dismissed), TODAY)


def test_every_checklist_item_has_a_rule_of_its_own() -> None:
    assert {item.id for item in CHECKLIST.items} == set(RULES)


def test_the_record_is_read_for_each_item() -> None:
    found = _suggested()
    performance = [(s.kind, s.target_id) for s in found["tech-performance"]]
    assert performance[0] == ("win", "perf")  # a tag and a performance number
    assert "tagged performance" in found["tech-performance"][0].reason
    assert ("win", "old") not in performance  # six years ago: too old to help a packet
    money = found["impact-business-numbers"]
    assert money[0].target_id == "save" and "money earned or saved" in money[0].reason
    assert [s.target_id for s in found["impact-portfolio"]] == ["wide"]  # org-wide, led
    assert "org-wide project, you lead" in found["impact-portfolio"][0].reason
    mentees = {(s.kind, s.target_id) for s in found["lead-mentees"]}
    assert mentees == {("win", "mentor"), ("feedback", "q1")}
    # Words match from the start of a word: "stream" is not in "downstream".
    assert all(s.target_id != "downstream" for s in found.get("tech-event-driven", ()))
    assert all(len(offers) <= 3 for offers in found.values())


def test_linked_and_dismissed_evidence_is_not_offered_again() -> None:
    linked = {"tech-performance": (EvidenceRef("win", "perf"),)}
    found = _suggested(linked, {("impact-business-numbers", "win", "save")})
    assert all(s.target_id != "perf" for s in found.get("tech-performance", ()))
    assert all(s.target_id != "save" for s in found.get("impact-business-numbers", ()))
    # The same win still stands for another item it was not dismissed from.
    assert any(s.target_id == "perf" for s in found["impact-technical-numbers"])


def test_mentoring_records_lead_to_the_wins_and_quotes_of_the_mentees() -> None:
    from bragdoc.domain.records import Mentoring

    helped = _win("helped", "Reviewed Priya's first design doc")
    thanks = Feedback("q2", "The reviews made my doc twice as clear.", "Priya Natarajan")
    mentoring = [Mentoring("m1", "Priya Natarajan", since=dt.date(2026, 2, 1))]
    without = suggest_evidence(CHECKLIST, [*WINS, helped], PROJECTS, [*FEEDBACK, thanks], {},
                               set(), TODAY)
    assert all(s.target_id not in ("helped", "q2") for s in without["lead-mentees"])
    found = suggest_evidence(CHECKLIST, [*WINS, helped], PROJECTS, [*FEEDBACK, thanks], {},
                             set(), TODAY, mentoring, per_item=5)
    reasons = {s.target_id: s.reason for s in found["lead-mentees"]}
    assert reasons["helped"] == "names Priya Natarajan, mentored since Feb 2026"
    assert reasons["q2"] == "from your mentee, mentored since Feb 2026"


def test_an_item_of_the_users_own_file_is_matched_on_its_words() -> None:
    item = ChecklistItem("own", "I coached colleagues through promotions", "leadership")
    assert "coache" in rule_for(item).words


def _page(qtbot, db: Database, tmp_path: Path) -> ReadinessPage:  # type: ignore[no-untyped-def]
    services = Services(db, clock=lambda: dt.datetime.combine(TODAY, dt.time(12)))
    services.ladders = LADDERS
    load_sample(services)
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    page = ReadinessPage(UiContext(services=services, settings=settings))
    qtbot.addWidget(page)
    page.resize(1200, 760)
    with qtbot.waitSignal(page.loaded, timeout=15_000):
        page.refresh()
    show_and_activate(qtbot, page)
    return page


def test_suggestions_are_confirmed_and_dismissed_from_the_keyboard(  # type: ignore[no-untyped-def]
        qtbot, db: Database, tmp_path: Path) -> None:
    page = _page(qtbot, db, tmp_path)
    services = page.ctx.services
    panel = page.evidence.suggestions
    first = CHECKLIST.items[0].id
    # The sample's sixty wins: most items have something to confirm, none counts yet.
    assert sum(bool(n) for n in page.checklist_model.suggested.values()) >= 20
    assert "0 backed by evidence" in page.coverage.text()
    index = page.checklist_model.index_of(first).siblingAtColumn(1)
    assert index.data().endswith("suggested")
    offered = panel.model.rows
    assert offered and all(s.item_id == first for s in offered)

    # Tab from the linked evidence reaches the suggestions; Enter confirms the first.
    page.evidence.evidence_view.setFocus()
    qtbot.keyClick(page.evidence.evidence_view, Qt.Key.Key_Tab)
    if not panel.view.hasFocus():  # Unlink is disabled with nothing linked: skipped
        qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Tab)
    assert panel.view.hasFocus()
    with qtbot.waitSignal(page.loaded, timeout=15_000):
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    state = services.readiness_state.state()
    assert state.evidence[first] == (offered[0].ref,)
    assert "1 backed by evidence" in page.coverage.text()
    assert offered[0] not in panel.model.rows  # confirmed, so no longer a suggestion

    # Del dismisses the next one: it is not offered again, and Ctrl+Z brings it back.
    panel.view.setFocus()
    dropped = panel.current()
    assert dropped is not None
    with qtbot.waitSignal(page.loaded, timeout=15_000):
        qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert dropped not in panel.model.rows
    assert services.readiness_state.state().evidence[first] == (offered[0].ref,)
    with qtbot.waitSignal(page.loaded, timeout=15_000):
        page.ctx.undo_stack.undo()
    assert dropped in panel.model.rows
    # And undoing the confirmation takes the link away again.
    with qtbot.waitSignal(page.loaded, timeout=15_000):
        page.ctx.undo_stack.undo()
    assert first not in services.readiness_state.state().evidence
    assert "0 backed by evidence" in page.coverage.text()

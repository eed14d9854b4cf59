"""The Readiness page, driven as a person would: tick an item, find evidence by search
and link it, pick a promotion date, read the gaps. A real database under it."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from PySide6.QtCore import Qt

from bragdoc.domain.records import WinDraft
from bragdoc.services.container import Services
from bragdoc.services.ladders import LadderService
from bragdoc.services.profile import ProfileService
from bragdoc.services.readiness_state import ReadinessStateService
from bragdoc.services.wins import WinService
from bragdoc.store.database import Database
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.readiness.models import ChecklistColumn, GapColumn, PlanColumn
from bragdoc.ui.readiness.page import ReadinessPage
from tests.conftest import show_and_activate

TODAY = dt.date(2026, 3, 2)
LADDERS = LadderService()


def _context(db: Database) -> UiContext:
    """Services on a fixed day, sharing one ladder reader across tests."""
    services = Services(db, clock=lambda: dt.datetime.combine(TODAY, dt.time(12)))
    services.ladders = LADDERS
    return UiContext(services=services)


def _page(qtbot, db: Database) -> ReadinessPage:  # type: ignore[no-untyped-def]
    page = ReadinessPage(_context(db))
    qtbot.addWidget(page)
    page.resize(1200, 760)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.refresh()
    show_and_activate(qtbot, page)
    return page


def _stored(db: Database):  # type: ignore[no-untyped-def]
    return ReadinessStateService(db, LADDERS).state()


def test_ticking_an_item_and_linking_evidence_found_by_search(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    win = WinService(db).add(WinDraft(title="Cut checkout latency in half",
                                      date=dt.date(2026, 1, 10)))
    WinService(db).add(WinDraft(title="Wrote the on-call guide", date=dt.date(2026, 1, 20)))
    page = _page(qtbot, db)
    first = LADDERS.checklist().items[0]
    assert "0 of 25 items ticked" in page.coverage.text()

    # The first item is current; Space ticks it and the tick is stored.
    page.checklist_view.setFocus()
    assert page.checklist_model.item_id(page.checklist_view.currentIndex()) == first.id
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.keyClick(page.checklist_view, Qt.Key.Key_Space)
    assert set(_stored(db).checked) == {first.id}
    assert "1 of 25 items ticked" in page.coverage.text()
    ticked = page.checklist_model.index_of(first.id)
    assert ticked.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    coverage_ticked = page.tabs.tabText(0)

    # Search for the win, press Enter to reach the results, Enter again to link.
    with qtbot.waitSignal(page.searched, timeout=10_000):
        qtbot.keyClicks(page.search, "checkout")
    assert [hit.title for hit in page.hit_model.rows] == [win.title]
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.hit_view.hasFocus()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.keyClick(page.hit_view, Qt.Key.Key_Return)

    assert [(r.kind, r.id) for r in _stored(db).evidence[first.id]] == [("win", win.id)]
    assert page.evidence_model.rowCount() == 1
    assert "1 backed by evidence" in page.coverage.text()
    assert page.tabs.tabText(0) != coverage_ticked  # coverage rose: 2% → 4%
    assert ticked.siblingAtColumn(ChecklistColumn.EVIDENCE).data() == "1 linked"
    assert page.hit_model.index(0, 1).data().startswith("✓ ")

    # Del on the link unlinks it; Ctrl+Z (the undo stack) links it back.
    page.evidence_view.setFocus()
    page.evidence_view.setCurrentIndex(page.evidence_model.index(0, 0))
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.keyClick(page.evidence_view, Qt.Key.Key_Delete)
    assert first.id not in _stored(db).evidence
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.ctx.undo_stack.undo()
    assert len(_stored(db).evidence[first.id]) == 1


def test_picking_a_target_date_lays_out_the_plan(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    page.tabs.setCurrentIndex(2)
    assert page.plan_model.rowCount() == 0

    # A date in the past is refused next to the field and nothing is stored.
    qtbot.keyClicks(page.target_date, "2025-01-01")
    with qtbot.waitSignal(page.loaded, timeout=10_000):  # refused, then shown as stored
        qtbot.keyClick(page.target_date, Qt.Key.Key_Return)
    assert page.target_error.isVisible() and "has passed" in page.target_error.text()
    assert _stored(db).promotion_target is None

    page.target_date.clear()
    qtbot.keyClicks(page.target_date, "2026-08-01")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.keyClick(page.target_date, Qt.Key.Key_Return)
    assert not page.target_error.isVisible()
    assert _stored(db).promotion_target == dt.date(2026, 8, 1)
    steps = page.plan_model.rows
    assert len(steps) == sum(len(p.steps) for p in LADDERS.plan().phases)
    # Five months are left, so the plan runs from today to the date, nothing overdue.
    assert steps[0].due >= TODAY and steps[-1].due <= dt.date(2026, 8, 1)
    assert page.plan_model.index(0, PlanColumn.STATUS).data() != "Overdue"
    assert "overdue" not in page.plan_summary.text()
    assert page.plan_note.isVisible()
    assert "from 2026-03-02 to 2026-08-01" in page.plan_note.text()

    # Space on a step marks it done.
    page.plan_view.setFocus()
    page.plan_view.setCurrentIndex(page.plan_model.index(0, PlanColumn.STEP))
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.keyClick(page.plan_view, Qt.Key.Key_Space)
    assert set(_stored(db).done) == {steps[0].step_id}
    assert page.plan_model.index(0, PlanColumn.STATUS).data() == "Done"
    assert page.tabs.tabText(2).startswith("Plan (1/")


def test_gaps_and_warnings_name_the_rule_that_found_them(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    # A Meta E3 at 19 months: the 24-month deadline is under six months away.
    ProfileService(db).update(company="meta", current_level="E3", target_level="E4",
                              level_since=dt.date(2024, 8, 1))
    page = _page(qtbot, db)
    rules = [page.gap_model.index(row, GapColumn.RULE).data()
             for row in range(page.gap_model.rowCount())]
    assert {"no-mentoring", "no-business-impact", "no-feedback-12m"} <= set(rules)
    statement = page.gap_model.index(0, GapColumn.STATEMENT).data()
    assert statement and statement.endswith(".")
    assert page.tabs.tabText(1) == f"Gaps ({len(rules)})"
    assert "deadline-near" in page.warnings.text() and page.warnings.isVisible()
    assert "Meta" in page.heading.text() and "E3 → E4" in page.heading.text()
    assert "days left" in page.status.text()
    assert page.canvas is not None and page.canvas.objectName() == "timeline_chart"
    assert "at E3" in page.canvas.toolTip()


def test_the_models_pass_the_model_tester(qtbot, qtmodeltester, db: Database) -> None:  # type: ignore[no-untyped-def]
    ProfileService(db).update(company="google", current_level="L4")
    WinService(db).add(WinDraft(title="Cut checkout latency", date=dt.date(2026, 1, 10)))
    state = ReadinessStateService(db, LADDERS)
    state.set_promotion_target(dt.date(2026, 6, 1), TODAY)
    item = LADDERS.checklist().items[0].id
    state.check(item, TODAY)
    page = _page(qtbot, db)
    with qtbot.waitSignal(page.searched, timeout=10_000):
        qtbot.keyClicks(page.search, "latency")
    hit = page.hit_model.rows[0]
    state.link(item, hit.kind, hit.id, TODAY)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.refresh()
    assert page.evidence_model.rowCount() == 1
    for model in (page.checklist_model, page.evidence_model, page.hit_model,
                  page.gap_model, page.plan_model):
        assert model.rowCount() > 0
        qtmodeltester.check(model)


def test_a_profile_change_reloads_the_page(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    assert "Set your current level" in page.notes.text()
    ProfileService(db).update(company="stripe")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.ctx.signals.profile_changed.emit()
    assert page.heading.text().startswith("Stripe")


def test_importing_the_page_does_not_load_matplotlib() -> None:
    code = ("import sys, bragdoc.ui.readiness.page; "
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert out.stdout.strip() == "False"


def test_a_page_shown_before_any_refresh_loads_itself(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    page = ReadinessPage(_context(db))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show()
    assert page.checklist_model.rowCount() == len(LADDERS.checklist().areas)

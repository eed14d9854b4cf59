"""The plan compressed when less than its six months remain, on a fixed clock."""

from __future__ import annotations

import datetime as dt

import pytest

from bragdoc.domain.readiness_plan import LAID_OUT_MARK, lay_out_plan, parse_plan
from bragdoc.domain.toml_files import LadderFileError
from bragdoc.services.container import Services
from bragdoc.services.ladders import LadderService
from bragdoc.store.database import Database

PLAN = LadderService().plan()
TODAY = dt.date(2026, 3, 2)


def test_four_months_away_the_plan_runs_from_today_with_nothing_overdue() -> None:
    target = dt.date(2026, 7, 2)
    layout = lay_out_plan(PLAN, target, TODAY)
    assert layout.compressed and layout.start == TODAY
    assert not any(s.overdue for s in layout.steps)
    assert all(TODAY <= s.due <= target for s in layout.steps)
    # Steps keep their order and their share of the way: a step halfway through the
    # full plan lands about halfway between today and the target date.
    full = lay_out_plan(PLAN, target, add_days(TODAY, -200))
    assert [s.step_id for s in layout.steps] == [s.step_id for s in full.steps]
    span, full_span = (target - TODAY).days, (target - full.start).days
    for short, long in zip(layout.steps, full.steps, strict=True):
        share = (long.due - full.start).days / full_span
        assert abs((short.due - TODAY).days - share * span) <= 1
    assert layout.compression_note().startswith("Less than 6 months were left")
    assert "2026-03-02 to 2026-07-02 (122 days)" in layout.compression_note()
    assert layout.to_json()["compressed"] is True


def test_a_compressed_plan_falls_behind_as_the_days_pass() -> None:
    target = dt.date(2026, 7, 2)
    later = lay_out_plan(PLAN, target, dt.date(2026, 4, 15), laid_out=TODAY)
    assert later.start == TODAY
    overdue = [s for s in later.steps if s.overdue]
    assert overdue and all(s.due < dt.date(2026, 4, 15) for s in overdue)


def test_six_months_or_more_away_the_plan_is_not_compressed() -> None:
    layout = lay_out_plan(PLAN, dt.date(2026, 9, 2), TODAY)
    assert not layout.compressed and layout.start == dt.date(2026, 3, 2)
    assert not any(s.overdue for s in layout.steps)


def test_a_target_of_today_puts_every_step_on_it() -> None:
    layout = lay_out_plan(PLAN, TODAY, TODAY)
    assert {s.due for s in layout.steps} == {TODAY}
    assert not any(s.overdue for s in layout.steps)


def test_the_plan_file_may_not_use_the_reserved_id() -> None:
    text = ('title = "P"\nmonths = 6\n[[phases]]\nid = "a"\ntitle = "A"\nfirst_month = 1\n'
            f'last_month = 2\n[[phases.steps]]\nid = "{LAID_OUT_MARK}"\ntext = "S"\n'
            'offset_days = 3\n')
    with pytest.raises(LadderFileError) as caught:
        parse_plan(text, "plan.toml")
    assert "reserved" in str(caught.value)


def test_the_day_the_date_was_chosen_is_kept_and_moves_with_the_date(db: Database) -> None:
    day = [TODAY]
    services = Services(db, clock=lambda: dt.datetime.combine(day[0], dt.time(12)))
    services.readiness_state.set_promotion_target(dt.date(2026, 7, 2))
    day[0] = dt.date(2026, 4, 15)
    report = services.readiness.report()
    assert report.plan is not None and report.plan.start == TODAY
    assert any(s.overdue for s in report.plan.steps)
    assert services.readiness_state.state().done == {}  # the mark is no finished step

    # Choosing a new date lays the plan out again from the day it was chosen.
    services.readiness_state.set_promotion_target(dt.date(2026, 8, 1))
    again = services.readiness.report()
    assert again.plan is not None and again.plan.start == dt.date(2026, 4, 15)
    assert not any(s.overdue for s in again.plan.steps)
    services.readiness_state.set_promotion_target(None)
    assert services.readiness_state.state().plan_laid_out is None


def add_days(day: dt.date, days: int) -> dt.date:
    return day + dt.timedelta(days=days)

"""Ladder files: every shipped one validates; broken user files are reported and skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from bragdoc import paths, resources
from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.ladders import (
    add_months,
    expected_pillar_profile,
    ladder_to_json,
    parse_ladder,
)
from bragdoc.domain.toml_files import LadderFileError
from bragdoc.domain.vocabulary import COMPANIES, PILLARS, SCOPES
from bragdoc.services.ladders import LadderService

GOOD = """\
title = "Acme"
summary = "Our own ladder."

[[levels]]
id = "A1"
title = "Engineer"
scope = "single_team"
years_to_next = [1, 2]

[[levels.expectations]]
pillar = "technical_excellence"
weight = 0.6
text = "Ships solid work."

[[levels.expectations]]
pillar = "leadership"
weight = 0.4
text = "Helps teammates."

[[levels]]
id = "A2"
title = "Senior Engineer"
scope = "cross_team"

[[levels.expectations]]
pillar = "system_design"
weight = 1
text = "Designs systems."
"""


def write_user_ladder(name: str, text: str) -> Path:
    folder = paths.data_dir() / "ladders"
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / f"{name}.toml"
    file.write_text(text, encoding="utf-8")
    return file


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in text")


# --- shipped ladders -------------------------------------------------------------------


def test_every_company_has_a_shipped_ladder_file() -> None:
    assert set(resources.LADDER_NAMES) == set(COMPANIES)
    for relative in resources.LADDERS:
        assert resources.path(relative).is_file()


@pytest.mark.parametrize("name", resources.LADDER_NAMES)
def test_every_shipped_ladder_loads_and_validates(name: str) -> None:
    ladder = LadderService().get(name)
    assert ladder.origin == "shipped" and ladder.title
    assert len(ladder.levels) >= 3
    for level in ladder.levels:
        assert level.id and level.title and level.summary
        assert level.scope in SCOPES
        assert level.expectations
        assert {e.pillar for e in level.expectations} <= set(PILLARS)
        profile = expected_pillar_profile(ladder, level)
        assert set(profile) == set(PILLARS)
        assert sum(profile.values()) == pytest.approx(1.0, abs=0.001)
    # Scope widens (never narrows) going up the ladder.
    order = [SCOPES.index(level.scope) for level in ladder.levels]
    assert order == sorted(order)
    assert ladder_to_json(ladder)["levels"][0]["id"] == ladder.levels[0].id


def test_the_guides_figures_are_carried_as_data() -> None:
    service = LadderService()
    google, meta = service.get("google"), service.get("meta")
    assert google.require("L4").years_to_next.label() == "2.5–3 years"
    assert google.require("L3").years_to_next.label() == "6–12 months"
    assert google.require("L6").years_to_next.label() == "8+ years"
    assert meta.require("E3").deadline_months == 24
    assert meta.require("E4").deadline_months == 33
    assert meta.require("E5").deadline_months is None
    assert meta.require("E3").total_comp.label() == "$199K–$250K"
    assert meta.require("E6").total_comp.label() == "$500K–$800K"
    assert service.get("netflix").total_comp.label() == "$400K–$800K"
    assert service.get("stripe").total_comp.label() == "$193K–$933K"
    assert service.get("microsoft").require("63").terminal
    assert service.get("generic").require("principal").total_comp.label() == "$400K–$1M"


def test_levels_are_found_by_id_alias_or_title() -> None:
    service = LadderService()
    assert service.get("amazon").require("sde ii").id == "L5"
    assert service.get("google").require("senior swe").id == "L5"
    assert service.get("google").require("l5").id == "L5"
    # Apple's ICT2 and ICT3 share a title; the id still picks the right one.
    apple = service.get("apple")
    assert apple.require("ICT3").id == "ICT3"
    with pytest.raises(InvalidInput, match="no level 'L9'"):
        service.get("google").require("L9")


def test_expected_profile_follows_the_weights() -> None:
    ladder = parse_ladder(GOOD, "acme")
    assert expected_pillar_profile(ladder, "A1") == {
        "technical_excellence": 0.6, "system_design": 0.0, "communication": 0.0,
        "leadership": 0.4, "career_strategy": 0.0,
    }
    assert expected_pillar_profile(ladder, "A2")["system_design"] == 1.0


def test_add_months_clamps_to_the_end_of_short_months() -> None:
    import datetime as dt

    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2024, 3, 15), -6) == dt.date(2023, 9, 15)
    assert add_months(dt.date(2023, 12, 1), 24) == dt.date(2025, 12, 1)


def test_unknown_ladder_is_refused_with_the_known_names() -> None:
    with pytest.raises(InvalidInput, match=r"unknown ladder 'acme'.*google"):
        LadderService().get("acme")


# --- user ladders ----------------------------------------------------------------------


def test_a_user_ladder_is_listed_after_the_shipped_ones() -> None:
    write_user_ladder("acme", GOOD)
    service = LadderService()
    assert service.names() == [*resources.LADDER_NAMES, "acme"]
    acme = service.get("acme")
    assert acme.origin == "user" and acme.source.endswith("acme.toml")
    assert [lv.id for lv in acme.levels] == ["A1", "A2"]
    assert service.problems == []


def test_a_user_ladder_replaces_the_shipped_one_of_the_same_name() -> None:
    write_user_ladder("google", GOOD.replace('title = "Acme"', 'title = "Google (ours)"'))
    google = LadderService().get("google")
    assert google.title == "Google (ours)" and google.origin == "user"


def test_bad_toml_is_reported_with_its_line_and_skipped() -> None:
    text = GOOD.replace('title = "Senior Engineer"', 'title = "Senior Engineer')
    file = write_user_ladder("acme", text)
    service = LadderService()
    assert "acme" not in service.names()
    assert "google" in service.names()  # the rest still loads
    [problem] = service.problems
    assert problem.file == str(file)
    assert problem.line == line_of(text, 'title = "Senior Engineer')
    assert "not valid TOML" in problem.message
    with pytest.raises(InvalidInput, match=r"acme\.toml:\d+"):
        service.get("acme")


def test_a_level_missing_its_title_is_reported_with_file_line_and_field() -> None:
    text = GOOD.replace('title = "Senior Engineer"\n', "")
    file = write_user_ladder("acme", text)
    service = LadderService()
    assert "acme" not in service.names()
    [problem] = service.problems
    assert problem.file == str(file)
    assert problem.field == "levels[2].title"
    # Points at the level's header: the level starts there and the title should follow.
    assert problem.line == line_of(text, "[[levels]]", occurrence=2)
    assert "required" in problem.message
    assert str(problem) == f"{file}:{problem.line}: levels[2].title: {problem.message}"


def test_a_pillar_outside_the_vocabulary_is_reported_on_its_own_line() -> None:
    text = GOOD.replace('pillar = "leadership"', 'pillar = "charisma"')
    file = write_user_ladder("acme", text)
    service = LadderService()
    assert "acme" not in service.names()
    [problem] = service.problems
    assert (problem.file, problem.line) == (str(file), line_of(text, 'pillar = "charisma"'))
    assert problem.field == "levels[1].expectations[2].pillar"
    assert "'charisma'" in problem.message and "technical_excellence" in problem.message


def test_every_problem_in_a_file_is_collected() -> None:
    text = (GOOD.replace("weight = 0.6", "weight = 6")
                .replace('scope = "cross_team"', 'scope = "galaxy"')
                .replace('summary = "Our own ladder."', 'summary = "Ours."\ncolour = "red"'))
    write_user_ladder("acme", text)
    with pytest.raises(LadderFileError) as caught:
        parse_ladder(text, "acme", source="acme.toml")
    fields = {p.field: p.line for p in caught.value.problems}
    assert fields == {
        "colour": line_of(text, "colour"),
        "levels[1].expectations[1].weight": line_of(text, "weight = 6"),
        "levels[2].scope": line_of(text, 'scope = "galaxy"'),
    }
    assert "and 2 more problems" in str(caught.value)
    assert isinstance(caught.value, InvalidInput)
    assert len(LadderService().problems) == 3


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (("years_to_next = [1, 2]", "years_to_next = [2, 1]"), "levels[1].years_to_next"),
        (("years_to_next = [1, 2]", 'years_to_next = "soon"'), "levels[1].years_to_next"),
        (('id = "A2"', 'id = "a1"'), "levels[2].id"),  # ids ignore case
        (('id = "A2"', "id = 2"), "levels[2].id"),
        (("weight = 1\n", "weight = true\n"), "levels[2].expectations[1].weight"),
        (('scope = "single_team"', 'scope = "single_team"\ndeadline_months = -3'),
         "levels[1].deadline_months"),
    ],
)
def test_wrong_values_name_their_field(change: tuple[str, str], field: str) -> None:
    text = GOOD.replace(*change)
    with pytest.raises(LadderFileError) as caught:
        parse_ladder(text, "acme")
    assert caught.value.field == field
    assert caught.value.line == line_of(text, change[1].splitlines()[-1])


def test_a_ladder_without_levels_is_refused() -> None:
    with pytest.raises(LadderFileError, match="levels: this field is required"):
        parse_ladder('title = "Empty"\n', "empty")


def test_an_unreadable_user_file_is_a_problem_not_a_crash() -> None:
    file = write_user_ladder("acme", "")
    file.write_bytes(b"title = \"\xff\xfe\"\n")
    service = LadderService()
    assert "acme" not in service.names()
    [problem] = service.problems
    assert problem.file == str(file) and "cannot be read" in problem.message


def test_checklist_and_plan_files_load() -> None:
    checklist = LadderService.checklist()
    assert [a.id for a in checklist.areas] == [
        "technical_excellence", "impact_scope", "leadership_mentoring", "communication"]
    assert all(area.items for area in checklist.areas)
    plan = LadderService.plan()
    assert plan.months == 6
    assert [(p.first_month, p.last_month) for p in plan.phases] == [(1, 2), (3, 4), (5, 6)]

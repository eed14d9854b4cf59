"""The profile names a ladder and levels that exist: a shipped ladder takes only its own
levels (by id, alias or title, saved as the id), a user's own ladder file also takes free
text, and the weekly review's repositories and author emails are kept one per line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bragdoc.app import main
from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.records import Profile
from bragdoc.importers import interchange
from bragdoc.services.container import Services
from bragdoc.services.ladders import LadderService
from bragdoc.services.profile import ProfileService, save
from bragdoc.services.unit_of_work import write
from bragdoc.store.database import Database
from tests.test_ladders import GOOD, write_user_ladder


@pytest.fixture
def profiles(tmp_path: Path) -> ProfileService:
    return ProfileService(Database.open(tmp_path / "p.sqlite3"), LadderService())


def test_a_shipped_ladder_refuses_a_level_it_does_not_have(profiles: ProfileService) -> None:
    with pytest.raises(InvalidInput, match=r"Google ladder has no level 'Senior'.*L3, L4"):
        profiles.update(company="google", current_level="Senior")
    assert profiles.update(company="google").current_level == ""  # nothing half-saved


def test_a_level_is_saved_as_the_ladder_names_it(profiles: ProfileService) -> None:
    saved = profiles.update(company="google", current_level="l5", target_level="Staff SWE")
    assert (saved.current_level, saved.target_level) == ("L5", "L6")


def test_changing_the_ladder_checks_the_levels_again(profiles: ProfileService) -> None:
    profiles.update(company="google", current_level="L5")
    with pytest.raises(InvalidInput, match="Meta ladder has no level 'L5'"):
        profiles.update(company="meta")
    assert profiles.update(company="meta", current_level="E5").current_level == "E5"


def test_an_old_unchecked_level_never_blocks_another_change(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "old.sqlite3")
    with write(db) as session:
        save(session, Profile(company="google", current_level="Senior"))
    profiles = ProfileService(db, LadderService())
    assert profiles.update(name="Ada").current_level == "Senior"


def test_a_users_own_ladder_is_offered_and_takes_free_text(profiles: ProfileService) -> None:
    write_user_ladder("initech", GOOD)
    saved = profiles.update(company="Initech", current_level="Senior Engineer",
                            target_level="Principal-ish")
    assert (saved.company, saved.current_level, saved.target_level) == (
        "initech", "A2", "Principal-ish")


def test_an_unknown_ladder_is_refused_with_the_known_ones(profiles: ProfileService) -> None:
    with pytest.raises(InvalidInput, match=r"unknown company ladder 'acme'.*google.*ladder files"):
        profiles.update(company="acme")


def test_a_backup_keeps_a_users_ladder_name(tmp_path: Path) -> None:
    write_user_ladder("initech", GOOD)
    services = Services(Database.open(tmp_path / "a.sqlite3"))
    services.profile.update(company="initech", current_level="A1")
    document = interchange.profile_out(services.queries.profile())
    assert document["company"] == "initech"
    assert interchange._read_profile(document, []).company == "initech"


def test_repositories_and_authors_are_kept_in_order_without_repeats(
        profiles: ProfileService) -> None:
    saved = profiles.update(git_repositories=["~/code/api", " ~/code/web ", "~/code/api", ""],
                            git_authors=["me@work.com", "me@home.org"])
    assert saved.git_repositories == ("~/code/api", "~/code/web")
    assert saved.git_authors == ("me@work.com", "me@home.org")
    with pytest.raises(InvalidInput, match="'me at work' is not an email address"):
        profiles.update(git_authors=["me at work"])
    assert profiles.update().git_authors == ("me@work.com", "me@home.org")


def test_the_routine_is_not_part_of_an_exported_record(profiles: ProfileService) -> None:
    saved = profiles.update(git_repositories=["~/code"], git_authors=["me@work.com"])
    assert "git_repositories" not in interchange.profile_out(saved)


def test_the_cli_refuses_an_unknown_level_in_one_line(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--db", str(tmp_path / "c.sqlite3"), "profile", "--company", "google",
                 "--level", "Senior"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "no level 'Senior'" in err
    main(["--db", str(tmp_path / "c.sqlite3"), "profile", "--json"])
    assert '"current_level": ""' in capsys.readouterr().out


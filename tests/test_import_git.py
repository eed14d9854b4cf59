"""Git history import against real repositories built here with the `git` executable."""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess
from pathlib import Path

import pytest

from bragdoc.domain.errors import InvalidInput
from bragdoc.importers import git_history
from bragdoc.importers.git_history import ImportCancelled, commit_link_base
from bragdoc.services.inbox import InboxService
from bragdoc.services.queries import Queries
from bragdoc.store.database import Database

ADA = ("Ada Lovelace", "ada@example.com")
BOB = ("Bob Builder", "bob@example.com")
ZOE = ("Zoë Ångström-Núñez", "zoe@example.org")
_counter = itertools.count()


@pytest.fixture(autouse=True)
def isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """No global or system git configuration leaks in from the machine."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME",
                 "GIT_COMMITTER_EMAIL", "GIT_DIR", "GIT_WORK_TREE"):
        monkeypatch.delenv(name, raising=False)


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    import os

    done = subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          env={**os.environ, **(env or {})})
    return done.stdout.decode().strip()


def make_repo(path: Path) -> Path:
    path.mkdir(parents=True)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.name", "Repo Owner")
    git(path, "config", "user.email", "owner@example.com")
    git(path, "config", "commit.gpgsign", "false")
    return path


def when_env(author: tuple[str, str], when: str) -> dict[str, str]:
    return {"GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1],
            "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}


def commit(repo: Path, subject: str, *, author: tuple[str, str] = ADA,
           when: str = "2024-03-04T10:00:00+00:00") -> str:
    name = f"file{next(_counter)}.txt"
    (repo / name).write_text(subject + "\n", encoding="utf-8")
    git(repo, "add", name)
    git(repo, "commit", "-q", "-m", subject, env=when_env(author, when))
    return git(repo, "rev-parse", "HEAD")


def merge(repo: Path, branch: str, message: str, *, author: tuple[str, str] = ADA,
          when: str = "2024-03-08T16:00:00+00:00") -> str:
    git(repo, "merge", "-q", "--no-ff", branch, "-m", message, env=when_env(author, when))
    return git(repo, "rev-parse", "HEAD")


# --- grouping --------------------------------------------------------------------------------


def test_direct_commits_group_by_iso_week_and_filter_by_author(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "shop")
    a1 = commit(repo, "Add cart cache", when="2024-03-04T09:00:00+00:00")
    a2 = commit(repo, "Tune cart cache TTL", when="2024-03-06T09:00:00+00:00")
    commit(repo, "Bob's unrelated fix", author=BOB, when="2024-03-06T10:00:00+00:00")
    a3 = commit(repo, "Fix checkout rounding", when="2024-03-12T09:00:00+00:00")

    result = git_history.scan([repo], authors=["ADA@Example.COM"])

    assert [s.commit_hashes for s in result.suggestions] == [[a1, a2], [a3]]
    week, single = result.suggestions
    assert week.title == "2 commits to shop, week of 4 Mar 2024"
    assert week.details == "- Add cart cache\n- Tune cart cache TTL"
    assert week.date == dt.date(2024, 3, 6)
    assert week.tags == ["shop"] and week.source == "git"
    assert week.links == [f"commit:{a1}", f"commit:{a2}"]
    assert single.title == "Fix checkout rounding"
    assert result.commits == 3


def test_a_merge_groups_its_branch_and_titles_the_suggestion(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "shop")
    commit(repo, "Initial import", author=BOB, when="2024-03-01T09:00:00+00:00")
    git(repo, "checkout", "-q", "-b", "ada/faster-checkout")
    c1 = commit(repo, "Cache the price lookup", when="2024-03-04T09:00:00+00:00")
    c2 = commit(repo, "Batch the tax calls", when="2024-03-11T09:00:00+00:00")
    git(repo, "checkout", "-q", "main")
    commit(repo, "Unrelated docs", author=BOB, when="2024-03-05T09:00:00+00:00")
    m = merge(repo, "ada/faster-checkout",
              "Merge pull request #42 from ada/faster-checkout\n\nFaster checkout page",
              author=BOB, when="2024-03-13T16:00:00+00:00")
    direct = commit(repo, "Small follow-up", when="2024-03-14T09:00:00+00:00")

    result = git_history.scan([repo], authors=[ADA[1]])

    merged, follow_up = result.suggestions
    assert merged.title == "Faster checkout page (#42)"
    assert merged.commit_hashes == [c1, c2]  # Bob merged it: only Ada's commits count
    assert merged.details == "- Cache the price lookup\n- Batch the tax calls"
    assert merged.date == dt.date(2024, 3, 13)  # the day it landed
    assert follow_up.commit_hashes == [direct]
    assert m not in merged.commit_hashes


def test_own_merge_with_a_plain_message_is_the_title_and_holds_its_hash(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "api")
    commit(repo, "Start", when="2024-05-01T09:00:00+00:00")
    git(repo, "checkout", "-q", "-b", "retry")
    c1 = commit(repo, "Retry idempotent calls", when="2024-05-02T09:00:00+00:00")
    git(repo, "checkout", "-q", "main")
    commit(repo, "Other work", author=BOB, when="2024-05-02T10:00:00+00:00")
    m = merge(repo, "retry", "Merge branch 'retry': resilient client",
              when="2024-05-03T09:00:00+00:00")

    result = git_history.scan([repo], authors=[ADA[1]], since=dt.date(2024, 5, 2))

    assert [s.title for s in result.suggestions] == ["Merge branch 'retry': resilient client"]
    assert result.suggestions[0].commit_hashes == [c1, m]
    assert result.suggestions[0].details == "- Retry idempotent calls"


def test_unmerged_branch_commits_group_by_branch_and_week(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "api")
    commit(repo, "Start", author=BOB, when="2024-05-01T09:00:00+00:00")
    git(repo, "checkout", "-q", "-b", "spike/grpc")
    s1 = commit(repo, "Try gRPC transport", when="2024-05-06T09:00:00+00:00")
    s2 = commit(repo, "Benchmark gRPC", when="2024-05-07T09:00:00+00:00")
    git(repo, "checkout", "-q", "main")

    (suggestion,) = git_history.scan([repo], authors=[ADA[1]]).suggestions

    assert suggestion.commit_hashes == [s1, s2]
    assert suggestion.title == "2 commits to api (spike/grpc), week of 6 May 2024"


def test_period_uses_author_dates_inclusive(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "shop")
    commit(repo, "Too early", when="2024-02-29T23:00:00+00:00")
    inside = commit(repo, "First of March", when="2024-03-01T00:30:00+00:00")
    last = commit(repo, "End of March", when="2024-03-31T22:00:00+00:00")
    commit(repo, "Too late", when="2024-04-01T08:00:00+00:00")

    result = git_history.scan([repo], since=dt.date(2024, 3, 1), until=dt.date(2024, 3, 31))

    assert sorted(h for s in result.suggestions for h in s.commit_hashes) == sorted(
        [inside, last])


def test_non_ascii_author_and_subject(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "café")
    sha = commit(repo, "Réduit la latence de 40 % ✓", author=ZOE)

    (suggestion,) = git_history.scan([repo], authors=["ZOE@EXAMPLE.ORG"]).suggestions

    assert suggestion.title == "Réduit la latence de 40 % ✓"
    assert suggestion.tags == ["café"]
    assert suggestion.commit_hashes == [sha]


def test_links_point_at_the_web_page_of_a_known_host(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "shop")
    git(repo, "remote", "add", "origin", "git@github.com:ada/shop.git")
    sha = commit(repo, "Add cart cache")

    (suggestion,) = git_history.scan([repo]).suggestions

    assert suggestion.links == [f"https://github.com/ada/shop/commit/{sha}"]


@pytest.mark.parametrize(("remote", "expected"), [
    ("https://github.com/ada/shop.git", "https://github.com/ada/shop/commit/"),
    ("https://token@github.com/ada/shop", "https://github.com/ada/shop/commit/"),
    ("git@gitlab.com:group/sub/proj.git", "https://gitlab.com/group/sub/proj/-/commit/"),
    ("ssh://git@codeberg.org/ada/shop.git", "https://codeberg.org/ada/shop/commit/"),
    ("https://bitbucket.org/ada/shop", "https://bitbucket.org/ada/shop/commits/"),
    ("https://git.internal.example/ada/shop.git", None),
    ("/srv/git/shop.git", None),
    ("", None),
])
def test_commit_link_base(remote: str, expected: str | None) -> None:
    assert commit_link_base(remote) == expected


# --- awkward repositories and paths ------------------------------------------------------------


def test_empty_repository_gives_no_suggestions(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "empty")

    result = git_history.scan([repo], authors=[ADA[1]])

    assert result.suggestions == [] and result.commits == 0
    assert result.warnings == ["empty: no commits yet"]


def test_a_path_that_is_not_a_repository_is_named(tmp_path: Path) -> None:
    plain = tmp_path / "notes"
    plain.mkdir()
    (plain / "todo.txt").write_text("x", encoding="utf-8")

    with pytest.raises(InvalidInput, match="notes is not a git repository"):
        git_history.scan([plain])
    with pytest.raises(InvalidInput, match="missing: no such file or folder"):
        git_history.scan([tmp_path / "missing"])
    with pytest.raises(InvalidInput, match=r"todo\.txt is not a git repository"):
        git_history.scan([plain / "todo.txt"])


def test_shallow_clone_reads_what_it_holds(tmp_path: Path) -> None:
    origin = make_repo(tmp_path / "origin")
    commit(origin, "Old work", when="2024-01-02T09:00:00+00:00")
    tip = commit(origin, "Recent work", when="2024-03-04T09:00:00+00:00")
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(shallow)],
                   check=True, capture_output=True)

    result = git_history.scan([shallow], authors=[ADA[1]])

    assert [s.commit_hashes for s in result.suggestions] == [[tip]]
    assert any("shallow clone" in w for w in result.warnings)


def test_a_folder_is_searched_three_levels_down(tmp_path: Path) -> None:
    code = tmp_path / "code"
    one = make_repo(code / "one")
    two = make_repo(code / "work" / "team" / "two")
    make_repo(code / "a" / "b" / "c" / "too-deep")
    commit(one, "In one")
    commit(two, "In two")

    assert git_history.find_repositories(code) == [one, two]
    result = git_history.scan([code])
    assert sorted(s.tags[0] for s in result.suggestions) == ["one", "two"]


def test_a_commit_in_two_clones_is_suggested_once(tmp_path: Path) -> None:
    origin = make_repo(tmp_path / "code" / "origin")
    sha = commit(origin, "Shared work")
    subprocess.run(["git", "clone", "-q", str(origin), str(tmp_path / "code" / "copy")],
                   check=True, capture_output=True)

    result = git_history.scan([tmp_path / "code"])

    assert [s.commit_hashes for s in result.suggestions] == [[sha]]


def test_progress_is_reported_and_cancel_stops_the_scan(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "shop")
    commit(repo, "One")
    seen: list[git_history.Progress] = []

    git_history.scan([repo], progress=seen.append)
    assert seen[0].repos_done == 0 and seen[-1].repos_done == seen[-1].repos_total == 1

    with pytest.raises(ImportCancelled):
        git_history.scan([repo], cancelled=lambda: True)


# --- through the inbox -----------------------------------------------------------------------


def test_rerunning_an_import_never_suggests_a_commit_twice(tmp_path: Path, db: Database) -> None:
    repo = make_repo(tmp_path / "shop")
    first = commit(repo, "Add cart cache", when="2024-03-04T09:00:00+00:00")
    second = commit(repo, "Fix rounding", when="2024-03-12T09:00:00+00:00")
    inbox = InboxService(db)

    report = inbox.import_git([repo], authors=[ADA[1]])
    assert report.commits == 2 and len(report.added) == 2
    assert Queries(db).wins() == []  # suggestions only: nothing entered the log
    inbox.reject([report.added[0].id])
    inbox.accept([report.added[1].id])

    again = inbox.import_git([repo], authors=[ADA[1]])
    assert again.added == [] and again.seen_before == 2
    assert inbox.pending() == []

    third = commit(repo, "Add coupons", when="2024-03-20T09:00:00+00:00")
    later = inbox.import_git([repo], authors=[ADA[1]])
    assert [i.commit_hashes for i in later.added] == [[third]]
    assert inbox.seen_commits() == {first, second, third}
    assert [w.title for w in Queries(db).wins()] == ["Fix rounding"]


def test_a_cancelled_import_adds_nothing(tmp_path: Path, db: Database) -> None:
    repo = make_repo(tmp_path / "shop")
    commit(repo, "One")
    inbox = InboxService(db)

    with pytest.raises(ImportCancelled):
        inbox.import_git([repo], cancelled=lambda: True)

    assert inbox.counts()["pending"] == 0 and inbox.seen_commits() == set()


def test_a_commit_dated_in_the_past_on_top_does_not_hide_older_ones(tmp_path: Path) -> None:
    # Clock skew or a cherry-pick can put an old date on the newest commit; the commits
    # below it that fall in the period must still be found.
    repo = make_repo(tmp_path / "skew")
    in_range = commit(repo, "Shipped the cache", when="2024-03-10T10:00:00+00:00")
    commit(repo, "Old-dated fix", when="2023-01-05T10:00:00+00:00")

    result = git_history.scan([repo], since=dt.date(2024, 3, 1))

    assert [h for s in result.suggestions for h in s.commit_hashes] == [in_range]

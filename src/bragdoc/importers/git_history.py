"""Local git history read into suggested wins, by running the `git` executable.

No network and no hosting API: `git log` over the repository's own refs. Commits are
grouped into suggestions so that one suggestion is one piece of work:

- **by merge**: commits brought into the main line (HEAD's first-parent chain) by a merge
  form one suggestion titled with the merge's first line (a GitHub "Merge pull request #N
  from …" uses the pull request's title, taken from the merge message's body), dated the
  day the merge landed (or the last commit's day when the merge is outside the period);
- **by branch**: commits only on other local or remote branches, per branch and ISO week;
- **by week**: commits made straight on the main line, per ISO week (titled with the
  subject when the week holds one commit).

Each suggestion lists the commit subjects (oldest first) as details, carries the repo
folder's name as a tag, one link per commit (the web page of the commit when `origin` is
on a host whose URL scheme is known, else `commit:<hash>`) and its commit hashes, which
the inbox remembers so a commit is never suggested twice.

Author emails filter case-insensitively (exact address, not a substring); with none given
every commit counts. The period compares author dates. A folder that is not a repository
is searched for repositories up to MAX_DEPTH levels down.

Long scans report progress and can be cancelled: `cancelled()` is checked between chunks of
git's output and between repositories; it stops git and raises ImportCancelled.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bragdoc.domain.errors import InvalidInput, UserError
from bragdoc.domain.periods import iso_week
from bragdoc.importers.suggestion import Suggestion

MAX_DEPTH = 3
CHUNK_BYTES = 1 << 20
_SKIP_DIRS = {"node_modules", ".venv", "venv", "__pycache__", ".tox", "target", "build", "dist"}
_FIELDS = ("%H", "%P", "%aE", "%aN", "%aI", "%s")
_FORMAT = "%x1f".join(_FIELDS)
_PULL_REQUEST = re.compile(r"^Merge pull request #(\d+) from \S+")
_WEB_HOSTS = {  # host → how a commit page hangs off the project page
    "github.com": "/commit/",
    "gitlab.com": "/-/commit/",
    "codeberg.org": "/commit/",
    "bitbucket.org": "/commits/",
}


def split_emails(text: str) -> list[str]:
    """Emails as a person lists them: separated by commas, semicolons or spaces."""
    return [part for part in re.split(r"[\s,;]+", text) if part]


class ImportCancelled(UserError):
    """The user stopped the scan; nothing was added."""


@dataclass(frozen=True)
class Progress:
    repo: Path
    repos_done: int
    repos_total: int
    commits_read: int
    """Commits read so far in this repository."""


@dataclass(frozen=True)
class Commit:
    hash: str
    parents: tuple[str, ...]
    email: str
    author: str
    when: dt.datetime
    """Author date, in the author's time zone (so the day is the author's day)."""
    subject: str

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1


@dataclass
class ScanResult:
    suggestions: list[Suggestion] = field(default_factory=list)
    repos: list[Path] = field(default_factory=list)
    commits: int = 0
    """The user's commits in the period that were not seen before."""
    skipped_seen: int = 0
    warnings: list[str] = field(default_factory=list)


ProgressCallback = Callable[[Progress], None]
CancelCheck = Callable[[], bool]


# --- running git -------------------------------------------------------------------------


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # Never prompt, never fetch missing objects of a partial clone, same text everywhere.
    env.update({"GIT_TERMINAL_PROMPT": "0", "GIT_NO_LAZY_FETCH": "1", "LC_ALL": "C",
                "GIT_PAGER": "cat"})
    return env


def _git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True,
                              env=_env(), stdin=subprocess.DEVNULL, timeout=300)
    except FileNotFoundError as exc:
        raise InvalidInput("git is not installed (or not on PATH); install it to import "
                           "commit history") from exc
    except subprocess.TimeoutExpired as exc:
        raise InvalidInput(f"{repo}: git took too long to answer") from exc
    if check and done.returncode != 0:
        raise InvalidInput(f"{repo}: git failed ({_reason(done.stderr, str(done.returncode))})")
    return done


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace").strip()


def _reason(stderr: bytes, fallback: str) -> str:
    """git's own reason: its `fatal:`/`error:` line (later lines are often hints)."""
    lines = [line.strip() for line in _text(stderr).splitlines() if line.strip()]
    chosen = next((line for line in lines if line.startswith(("fatal:", "error:"))),
                  lines[0] if lines else fallback)
    return chosen.removeprefix("fatal: ").removeprefix("error: ")


def is_repository(path: Path) -> bool:
    return (path / ".git").exists() or (
        path.is_dir() and (path / "HEAD").is_file() and (path / "objects").is_dir()
    )


def find_repositories(path: Path, max_depth: int = MAX_DEPTH) -> list[Path]:
    """The repository at path, or those in the folder up to max_depth levels down.

    Raises InvalidInput naming the path when it is missing or holds no repository."""
    path = path.expanduser()
    if not path.exists():
        raise InvalidInput(f"{path}: no such file or folder")
    if not path.is_dir():
        raise InvalidInput(f"{path} is not a git repository (it is a file)")
    if is_repository(path):
        return [path]
    found: list[Path] = []

    def walk(folder: Path, depth: int) -> None:
        try:
            children = sorted(p for p in folder.iterdir() if p.is_dir() and not p.is_symlink())
        except OSError:
            return
        for child in children:
            if child.name in _SKIP_DIRS or child.name.startswith("."):
                continue
            if is_repository(child):
                found.append(child)
            elif depth < max_depth:
                walk(child, depth + 1)

    walk(path, 1)
    if found:
        return found
    # Inside a repository's working tree (a subfolder of it): that repository.
    inside = _git(path, "rev-parse", "--show-toplevel", check=False)
    if inside.returncode == 0 and _text(inside.stdout):
        return [Path(_text(inside.stdout))]
    raise InvalidInput(f"{path} is not a git repository, and no repository was found in it "
                       f"(searched {max_depth} levels down)")


def commit_link_base(remote: str) -> str | None:
    """The web address commits hang off for a remote on a known host, offline; or None."""
    remote = remote.strip()
    match = (re.fullmatch(r"https://(?:[^@/]+@)?([^/:]+)/(.+?)(?:\.git)?/?", remote)
             or re.fullmatch(r"(?:ssh://)?git@([^/:]+)[:/](.+?)(?:\.git)?/?", remote))
    if match is None:
        return None
    host, project = match[1].lower(), match[2]
    if host not in _WEB_HOSTS or not re.fullmatch(r"[\w.\-]+(?:/[\w.\-]+)+", project):
        return None
    return f"https://{host}/{project}{_WEB_HOSTS[host]}"


def _refs(repo: Path) -> tuple[str | None, list[tuple[str, str]]]:
    """HEAD's commit (None when unborn) and (name, commit) of every branch, local first."""
    head = _git(repo, "rev-parse", "--verify", "-q", "HEAD^{commit}", check=False)
    listed = _git(repo, "for-each-ref", "--format=%(objectname) %(refname:short)",
                  "refs/heads", "refs/remotes")
    branches = []
    for line in _text(listed.stdout).splitlines():
        sha, _, name = line.partition(" ")
        if name and not name.endswith("/HEAD"):
            branches.append((name, sha))
    return (_text(head.stdout) or None) if head.returncode == 0 else None, branches


def _parse(record: bytes) -> Commit | None:
    parts = record.decode("utf-8", "replace").lstrip("\n").split("\x1f")
    if len(parts) != len(_FIELDS):
        return None
    sha, parents, email, author, stamp, subject = parts
    try:
        when = dt.datetime.fromisoformat(stamp.strip())  # the author's own clock and day
    except ValueError:
        return None
    return Commit(sha, tuple(parents.split()), email.strip().lower(), author, when,
                  subject.strip())


def read_commits(repo: Path, tips: Iterable[str],
                 cancelled: CancelCheck | None = None,
                 on_chunk: Callable[[int], None] | None = None) -> Iterator[Commit]:
    """Every commit reachable from tips (any author), newest first, streamed in chunks."""
    args = ["git", "-C", str(repo), "log", "--no-color", "--encoding=UTF-8", "-z",
            f"--format={_FORMAT}", "--stdin"]
    # No --since: git stops walking at the first commit dated before it, so one commit
    # with an old date on top of newer ones (clock skew, cherry-picks) would hide the rest.
    # Callers apply the period to each commit's author date after reading.
    try:
        process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, env=_env())
    except FileNotFoundError as exc:
        raise InvalidInput("git is not installed (or not on PATH)") from exc
    assert process.stdin and process.stdout and process.stderr
    try:
        process.stdin.write(("\n".join(tips) + "\n").encode())
        process.stdin.close()
        pending = b""
        count = 0
        while chunk := process.stdout.read(CHUNK_BYTES):
            if cancelled is not None and cancelled():
                raise ImportCancelled("import cancelled; nothing was added")
            records = (pending + chunk).split(b"\x00")
            pending = records.pop()
            for record in records:
                if (commit := _parse(record)) is not None:
                    count += 1
                    yield commit
            if on_chunk is not None:
                on_chunk(count)
        if pending.strip() and (commit := _parse(pending)) is not None:
            yield commit
        error = process.stderr.read()
        if process.wait() != 0:
            raise InvalidInput(f"{repo}: git log failed ({_reason(error, 'no reason given')})")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()


def _merge_bodies(repo: Path, hashes: list[str]) -> dict[str, str]:
    """The first body line of each merge commit (GitHub puts the PR title there)."""
    if not hashes:
        return {}
    done = subprocess.run(
        ["git", "-C", str(repo), "log", "--no-walk=unsorted", "--stdin", "--no-color",
         "--encoding=UTF-8", "-z", "--format=%H%x1f%b"],
        input=("\n".join(hashes) + "\n").encode(), capture_output=True, env=_env(),
        timeout=300,
    )
    bodies = {}
    for record in done.stdout.split(b"\x00"):
        sha, _, body = record.decode("utf-8", "replace").lstrip("\n").partition("\x1f")
        first = next((line.strip() for line in body.splitlines() if line.strip()), "")
        if sha:
            bodies[sha] = first
    return bodies


# --- grouping ------------------------------------------------------------------------------


def _owners(commits: dict[str, Commit], head: str | None,
            branches: list[tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """For each commit, what brought it in: ('merge', M), ('main', C) or ('branch', name).

    Walks HEAD's first-parent chain oldest first; each main-line commit claims the commits
    its other parents bring that nothing older claimed. Linear in the number of commits."""
    owner: dict[str, tuple[str, str]] = {}

    def claim(start: str, label: tuple[str, str]) -> None:
        stack = [start]
        while stack:
            sha = stack.pop()
            if sha in owner or sha not in commits:
                continue
            owner[sha] = label
            stack.extend(commits[sha].parents)

    chain: list[str] = []
    on_chain: set[str] = set()
    sha = head
    while sha is not None and sha in commits and sha not in on_chain:
        chain.append(sha)
        on_chain.add(sha)
        parents = commits[sha].parents
        sha = parents[0] if parents else None
    for sha in reversed(chain):
        owner[sha] = ("main", sha)
        for parent in commits[sha].parents[1:]:
            claim(parent, ("merge", sha))
    for name, tip in branches:
        claim(tip, ("branch", name))
    return owner


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _week_title(count: int, repo_name: str, day: dt.date, branch: str | None) -> str:
    monday = _monday(day)
    where = f"{repo_name} ({branch})" if branch else repo_name
    return f"{count} commits to {where}, week of {monday.day} {monday:%b %Y}"


def _group(repo: Path, commits: dict[str, Commit], owner: dict[str, tuple[str, str]],
           mine: list[Commit], link_base: str | None, period: tuple[dt.date, dt.date],
           ) -> list[Suggestion]:
    groups: dict[tuple[str, ...], list[Commit]] = {}
    for commit in mine:
        kind, ref = owner.get(commit.hash, ("main", commit.hash))
        year, week = iso_week(commit.when.date())
        if kind == "merge":
            key: tuple[str, ...] = ("merge", ref)
        elif kind == "main" and commit.is_merge:
            key = ("merge", commit.hash)  # the user's own merge heads its group
        elif kind == "branch":
            key = ("branch", ref, str(year), str(week))
        else:
            key = ("week", str(year), str(week))
        groups.setdefault(key, []).append(commit)
    bodies = _merge_bodies(repo, [k[1] for k in groups if k[0] == "merge"])
    out = []
    for key, members in groups.items():
        members.sort(key=lambda c: c.when)
        work = [c for c in members if not c.is_merge] or members
        last_day = members[-1].when.date()
        title, day = "", last_day
        branch = key[1] if key[0] == "branch" else None
        if key[0] == "merge" and (merge := commits.get(key[1])) is not None:
            title = merge.subject
            pr = _PULL_REQUEST.match(merge.subject)
            if pr and bodies.get(merge.hash):
                title = f"{bodies[merge.hash]} (#{pr[1]})"
            if period[0] <= merge.when.date() <= period[1]:
                day = merge.when.date()
        if not title:
            title = (work[0].subject if len(work) == 1
                     else _week_title(len(work), repo.name, last_day, branch))
        hashes = [c.hash for c in members]
        out.append(Suggestion(
            source="git",
            title=title or f"Commit {members[0].hash[:10]} in {repo.name}",
            date=day,
            details="\n".join(f"- {c.subject}" for c in work if c.subject),
            tags=[repo.name],
            pillars=["technical_excellence"],
            links=[f"{link_base}{h}" if link_base else f"commit:{h}" for h in hashes],
            commit_hashes=hashes,
        ))
    out.sort(key=lambda s: (s.date, s.title))
    return out


# --- the scan ------------------------------------------------------------------------------


def scan_repository(repo: Path, *, authors: Collection[str] = (), since: dt.date | None = None,
                    until: dt.date | None = None, seen: Collection[str] = frozenset(),
                    cancelled: CancelCheck | None = None,
                    on_commits: Callable[[int], None] | None = None) -> ScanResult:
    """Suggestions from one repository's commits by the authors in the period."""
    result = ScanResult(repos=[repo])
    check = _git(repo, "rev-parse", "--git-dir", check=False)
    if check.returncode != 0:
        raise InvalidInput(f"{repo} is not a git repository "
                           f"({_reason(check.stderr, 'git does not recognise it')})")
    head, branches = _refs(repo)
    tips = ([head] if head else []) + [sha for _, sha in branches]
    if not tips:
        result.warnings.append(f"{repo.name}: no commits yet")
        return result
    shallow = _git(repo, "rev-parse", "--is-shallow-repository", check=False)
    if _text(shallow.stdout) == "true":
        result.warnings.append(f"{repo.name} is a shallow clone: only the history it holds "
                               "was read")
    commits: dict[str, Commit] = {}
    for commit in read_commits(repo, dict.fromkeys(tips), cancelled, on_commits):
        commits.setdefault(commit.hash, commit)
    wanted = {a.strip().lower() for a in authors if a.strip()}
    first = since or dt.date.min
    last = until or dt.date.max
    mine = []
    for commit in commits.values():
        if wanted and commit.email not in wanted:
            continue
        if not first <= commit.when.date() <= last:
            continue
        if commit.hash in seen:
            result.skipped_seen += 1
            continue
        mine.append(commit)
    result.commits = len(mine)
    if not mine:
        return result
    owner = _owners(commits, head, branches)
    remote = _git(repo, "remote", "get-url", "origin", check=False)
    link_base = commit_link_base(_text(remote.stdout)) if remote.returncode == 0 else None
    result.suggestions = _group(repo, commits, owner, mine, link_base, (first, last))
    return result


def scan(paths: Iterable[Path], *, authors: Collection[str] = (),
         since: dt.date | None = None, until: dt.date | None = None,
         seen: Collection[str] = frozenset(), progress: ProgressCallback | None = None,
         cancelled: CancelCheck | None = None) -> ScanResult:
    """Scan repositories and folders of repositories; a commit is suggested at most once
    (across repositories too) and never when its hash is in `seen`."""
    if since and until and until < since:
        raise InvalidInput(f"the period ends ({until}) before it starts ({since})")
    repos: list[Path] = []
    for path in paths:
        for repo in find_repositories(Path(path)):
            if repo.resolve() not in {r.resolve() for r in repos}:
                repos.append(repo)
    total = ScanResult(repos=repos)
    already = set(seen)
    for index, repo in enumerate(repos):
        if cancelled is not None and cancelled():
            raise ImportCancelled("import cancelled; nothing was added")

        def report(count: int, repo: Path = repo, index: int = index) -> None:
            if progress is not None:
                progress(Progress(repo, index, len(repos), count))

        report(0)
        one = scan_repository(repo, authors=authors, since=since, until=until, seen=already,
                              cancelled=cancelled, on_commits=report)
        for suggestion in one.suggestions:
            already.update(suggestion.commit_hashes)
        total.suggestions += one.suggestions
        total.commits += one.commits
        total.skipped_seen += one.skipped_seen
        total.warnings += one.warnings
    if progress is not None and repos:
        progress(Progress(repos[-1], len(repos), len(repos), 0))
    total.suggestions.sort(key=lambda s: (s.date, s.title))
    return total

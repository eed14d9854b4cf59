"""What one line of a brag document says: its metrics, links, and whether it is a
placeholder, a finished thing (past tense) or a project's name."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from bragdoc.domain.quantities import parse_metric

_QTY = (r"[$€£]?\d[\d,]*(?:\.\d+)?[kKmMbB]?\+?"
        r"(?:\s?(?:%|[A-Za-zµμ]+(?:/[A-Za-z]+)?))?")
_INLINE_CHANGE = re.compile(
    rf"(?:\bfrom\s+)?(?P<before>{_QTY})\s*(?:→|⟶|⇒|-+>|=+>|\s+to\s+)\s*(?P<after>{_QTY})",
    re.I,
)
_VERBS = re.compile(r"^(?:\w+ed|cut|brought|took|dropped|grew|made|sped|got|drove|moved|"
                    r"took|saved|lowered|raised|shrank|won|the|our|my|a|an|and|up|down)$", re.I)
_NAME_STOP = re.compile(r"\s+(?:from|by|of|at|in|was)$", re.I)
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\((https?://[^)\s]+)\)")
_BARE_URL = re.compile(r"(?<![(\w])https?://[^\s<>()\[\]]+")
_ONLY_URL = re.compile(r"^<?https?://\S+?>?$")
_EMPHASIS = re.compile(r"\*\*|__|~~")
_CHECKBOX = re.compile(r"^\[[ xX]\]\s+")
_PLACEHOLDER = re.compile(
    r"^(?:(?:todo|tbd|tbc|fixme|xxx+|wip)\b.*|n/?a|none|\.{2,}|…|[-?_]+|<[^<>]*>|\[[^\[\]]*\]"
    r"|lorem ipsum.*|(?:your|project|goal) (?:name|title|here).*|fill (?:this|me) in.*)$",
    re.I,
)
_PAST = re.compile(
    r"^(?:(?!\w*eed\b)\w{2,}ed|built|led|ran|wrote|taught|gave|made|won|got|brought|began|became|chose|"
    r"drove|found|grew|held|kept|left|lost|met|paid|put|read|rebuilt|rewrote|sent|set up|"
    r"shipped|spent|spoke|split|stood up|took|thought|went|did|cut|shut|spun|sped|"
    r"overs\w+|under\w+)\b",
    re.I,
)
_NOISE_SEGMENTS = {"edit", "view", "preview", "d", "document", "doc", "docs", "wiki",
                   "pages", "page", "index", "blob", "tree", "main", "master"}


def clean(text: str) -> str:
    text = _CHECKBOX.sub("", text.strip())
    return " ".join(_EMPHASIS.sub("", text).split())


def is_placeholder(text: str) -> bool:
    """TODO, TBD, `…`, `<name>`, `[fill in]`: left by the template, not by the person."""
    return bool(_PLACEHOLDER.match(clean(text).strip(" :.*_")))


def past_tense(text: str) -> bool:
    """Whether a line reports something done (`Migrated…`, `Led…`) rather than planned."""
    words = clean(text).lstrip("-–—:* ").split()
    while words and words[0].lower() in {"i", "we", "have", "had", "finally", "successfully"}:
        words.pop(0)
    return bool(words) and bool(_PAST.match(" ".join(words[:2])))


def _metric_name(prefix: str) -> str:
    text = re.split(r"[,;:(—–]|\s-\s", prefix)[-1].strip()
    text = _NAME_STOP.sub("", text).strip()
    words = text.split()
    while words and _VERBS.match(words[0]):
        words.pop(0)
    return " ".join(words[-5:])


def named_metric(text: str) -> str | None:
    """`NAME: EXPR` that reads as a measurement, as metric text; else None."""
    if ":" not in text:
        return None
    metric = parse_metric(text)
    return metric.text if metric.quantified and metric.name else None


def inline_metrics(text: str) -> list[str]:
    """Changes written inside a sentence: `cut p95 latency from 2.4s → 0.6s`."""
    found: list[str] = []
    for match in _INLINE_CHANGE.finditer(text):
        name = _metric_name(text[: match.start()])
        expr = f"{match['before'].strip()} → {match['after'].strip()}"
        metric = parse_metric(f"{name}: {expr}" if name else expr)
        if metric.kind == "change":
            found.append(metric.text)
    return found


def links_out(text: str, links: list[str]) -> str:
    """The text with link addresses moved to `links` (a link's own text stays)."""
    def keep_text(match: re.Match[str]) -> str:
        links.append(match[2])
        return match[1]

    text = _MD_LINK.sub(keep_text, text)
    for url in _BARE_URL.findall(text):
        links.append(url.rstrip(".,;:!?'\""))
    without = _BARE_URL.sub("", text)
    return without if without.strip(" -–—:,") else text


def is_bare_link(text: str) -> bool:
    return bool(_ONLY_URL.match(text.strip()))


def link_name(url: str) -> str:
    """A readable name for a document known only by its address: the last meaningful part
    of its path (`…/design/checkout-v2.md` → `checkout v2`), else its host."""
    parts = urlsplit(url.strip("<>"))
    for segment in reversed([s for s in parts.path.split("/") if s]):
        name = unquote(segment).rsplit(".", 1)[0] if "." in segment else unquote(segment)
        looks_like_id = len(name) >= 20 and any(c.isdigit() for c in name)
        if name.lower() not in _NOISE_SEGMENTS and not looks_like_id:
            return " ".join(re.split(r"[-_+\s]+", name)).strip() or parts.netloc
    return parts.netloc or url

"""The words and units the quantities engine reads (spec/quantities.md): time units and
frequencies, money and magnitudes, the patterns a side of a metric is read with, and the
keywords that settle a metric's direction and category.

Kept apart from the parsing in domain/quantities.py so the vocabulary can grow without
touching the rules; the metric memo (store/metric_memo.py) is keyed on both files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal


def _table(spec: dict[str, Decimal | int]) -> dict[str, Decimal]:
    return {word: Decimal(value) for words, value in spec.items() for word in words.split()}


DAY = Decimal(86400)
SECONDS = _table({  # a month is 365/12 days so durations, frequencies and money periods agree
    "µs μs microsecond microseconds": Decimal("0.000001"),
    "ms msec msecs millisecond milliseconds": Decimal("0.001"),
    "s sec secs second seconds": 1, "min mins minute minutes": 60,
    "h hr hrs hour hours": 3600, "d day days": 86400, "w wk wks week weeks": 604800,
    "mo mos month months": 2628000, "quarter quarters qtr qtrs": 7884000,
    "y yr yrs year years": 31536000,
})
PER_DAY = _table({"hourly": 24, "daily nightly": 1}) | {
    word: 1 / days for word, days in _table({
        "weekly": 7, "biweekly bi-weekly fortnightly": 14, "monthly": Decimal(365) / 12,
        "quarterly": Decimal(365) / 4, "yearly annually": 365}).items()}
PERIOD = {w: p for ws, p in {"day daily": "day", "week wk weekly": "week",
                              "month mo monthly": "month", "quarter qtr quarterly": "quarter",
                              "year yr annum annual annually yearly": "year"}.items()
           for w in ws.split()}
PER_YEAR = {"day": 365, "week": 52, "month": 12, "quarter": 4, "year": 1}
CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP"}
SYMBOL = {code: symbol for symbol, code in CURRENCY.items()}
MAGNITUDE = {"k": Decimal(10**3), "m": Decimal(10**6), "b": Decimal(10**9)}
RATE_ABBREVIATIONS = {"rps": 1, "qps": 1, "tps": 1, "rpm": 60}  # seconds per "per" unit


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_TIME_UNITS = _alternation(SECONDS)
_FREQUENCIES = _alternation(PER_DAY)
# ASCII-only case folding: a unit we look up after .lower() must be a key we wrote.
_FLAGS = re.I | re.A
_NOUN = r"[^\W\d][\w.\-]*(?:\s[^\W\d][\w.\-]*)?"  # "req", "requests", "manual hours"
# Lowercase "m" is read as million (like "$2m"): spelling minutes "min" is unambiguous.
NUMBER_RE = re.compile(r"(?P<cur>[$€£]?)\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
                        r"|\.\d+)(?P<mag>[kmb](?![^\W\d_])|)(?P<plus>\+?)\s*(?P<tail>.*)",
                        _FLAGS | re.S)
PERIOD_RE = re.compile(r"(?:/\s*|per\s+|an?\s+)(day|week|wk|month|mo|quarter|qtr|year|yr|annum)"
                        r"\b|(daily|weekly|monthly|quarterly|yearly|annually|annual)\b", _FLAGS)
PERCENT_RE = re.compile(r"%|percent\b|pct\b", _FLAGS)
PER_RE = re.compile(rf"(?:(?P<noun>{_NOUN})\s*)?(?:/\s*|per\s+|an?\s+)(?P<per>{_TIME_UNITS})\b",
                     _FLAGS)
FREQ_RE = re.compile(rf"(?:(?P<noun>{_NOUN})\s+)?(?P<freq>{_FREQUENCIES})\b", _FLAGS)
ABBR_RE = re.compile(rf"({_alternation(RATE_ABBREVIATIONS)})\b", _FLAGS)
DURATION_RE = re.compile(rf"({_TIME_UNITS})\b", _FLAGS)
ARROW_RE = re.compile(r"\s*(?:→|⟶|⇒|-+>|=+>)\s*")
FROM_TO_RE = re.compile(r"from\s+(.+?)\s+to\s+(.+)", re.I | re.S)


def _words(*stems: str) -> re.Pattern[str]:
    """Stems match at a word start, so "error" finds "errors" but "uptime" is not "time"."""
    return re.compile(r"\b(?:" + "|".join(stems) + ")", re.I)


# Direction keywords, strongest first: what was saved or survived beats any cost word
# ("cost savings" is higher), outcomes beat the thing they fix ("bugs fixed"), and a bad
# word beats a good one ("revenue lost", "failed deploys").
# Satisfaction scores belong here too: "on-call satisfaction" is still a score to raise.
SAVED_OR_SURVIVED = _words(r"sav(?:ed|es|ings?)\b", "avoided", "prevented", "uptime", "mtbf",
                            "satisf", "csat", r"nps\b",
                            "mean time between", r"time between failures?", "time without",
                            r"on[- ]time", r"error[- ]free", r"incident[- ]free")
GOOD_OUTCOME = _words("fixed", "resolved", "closed", "automated", "eliminated", "success",
                       "focus")
LOWER = _words("error", "dissatisf", "unhappy", r"fail(?!over)", "abandon", "churn",
                "attrition", "turnover",
                r"false[- ](?:positive|alarm)", "cost", "spend", "expens", r"bill\b", "billing",
                "incident", "outage", "bug", "defect", "ticket", "latenc", r"p\d{2,3}\b",
                "downtime", "toil", r"pag(?:es|ed|ing)\b", r"on[- ]?call", r"alerts?\b",
                "noise", "complain", "escalat", "rollback", "crash", "flak", "vulnerab", "cve",
                "risk", "debt", "backlog", "wait", "delay", r"lag\b", "queue", "manual",
                "interrupt", r"miss(?:es|ed|ing)?\b", "lost", "loss", "waste", r"time\b",
                "mttr", "mttd", "mtta", "ttfb", "duration", "overhead", "bounce", "regression",
                r"(?:bundle|binary|image|artifact) size")
HIGHER = _words("throughput", "availab", "conversion", "convert", "coverage", r"hits?\b",
                 "satisf", "csat", "nps", "engag", "revenue", r"arr\b", r"mrr\b", "gmv", "sales",
                 "profit", "income", "adopt", "mentor", "promot", "retention", "retain", "score",
                 "productivity", "velocity", "efficien", "reliab", "accuracy", "precision",
                 "recall", r"speed[- ]?up", "capacity", r"users?\b", r"customers?\b",
                 r"sign[- ]?ups?\b", "download", "install", r"orders?\b", "transaction",
                 "deploy", r"releases?\b", r"tests?\b", "growth", r"talks?\b", "interview",
                 r"hires?\b", "hired", r"teams?\b", r"engineers?\b", r"views?\b", "visit",
                 r"sessions?\b")
BUSINESS_WORDS = _words("revenue", r"sav(?:ed|es|ings?)\b")

# First match wins; the order settles overlaps ("page load time" is user experience, not
# performance; "deployment failure rate" is reliability, "deployment frequency" is not).
CATEGORY_RULES: tuple[tuple[str, re.Pattern[str], frozenset[str] | None], ...] = (
    ("leadership", _words("mentor", "promot", "interview", r"talks?\b", "coordinat", "hiring",
                          r"hired\b", r"teams?\b.*\badopt", r"adopt.*\bteams?\b"), None),
    ("developer_productivity", _words(r"(?:developer|dev|engineer\w*)\s+(?:satisf|happiness|"
                                      r"experience|survey|nps)", "devex"), None),
    ("cost_savings", _words("cost", "spend", "expens", r"bill\b", "billing", "budget"), None),
    ("cost_savings", _words(r"sav(?:ed|es|ings?)\b"), frozenset({"money"})),
    ("revenue", _words("revenue", r"arr\b", r"mrr\b", "gmv", "sales", "profit", "income",
                       "conversion", "upsell", "churn", "retention", "bookings"), None),
    ("user_experience", _words("satisf", "nps", "csat", r"page\s?load", "abandon", r"ux\b",
                               "user experience", "engag", "complain", "accessib", "bounce"),
     None),
    ("reliability", _words("uptime", "availab", "error", r"fail(?!over)", "failover", "mttr",
                           "mtbf", "mttd", "incident", "outage", "downtime", r"slos?\b",
                           r"slas?\b", "reliab", "rollback", "crash", "defect", r"bugs?\b",
                           "recover", "resilien", "data loss"), None),
    ("operational_efficiency", _words("toil", "ticket", r"on[- ]?call", "manual",
                                      r"pag(?:es|ed|ing)\b", "alert", "support", "runbook",
                                      "automat", "escalat", "interrupt"), None),
    ("developer_productivity", _words("build", "deploy", r"ci\b", "pipeline", "release",
                                      "merge", "pull request", r"prs?\b", "code review",
                                      "review time", "onboard", "productivity", "lead time",
                                      "cycle time", "compil", "test", "flak", "developer",
                                      r"dev\b", "velocity"), None),
    ("performance", _words("latenc", r"p\d{2,3}\b", "response time", "load time", "speed",
                           "perf", "query", "render", "cpu", "memory", "cache", "cold start",
                           "startup", "ttfb"), None),
    ("scalability", _words("throughput", "capacity", "scal", "concurren", "traffic", "shard"),
     None),
    ("performance", re.compile(r"."), frozenset({"duration"})),
    ("scalability", re.compile(r"."), frozenset({"rate"})),
)

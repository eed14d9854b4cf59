#!/usr/bin/env python3
"""Generate a realistic 10-year career record as a bragdoc interchange file (version 1).

The record is deterministic for a given seed (everything comes from one seeded
`random.Random`, including the record ids) and uses the standard library only, so it can
be run with any Python 3.11+:

    python bench/generate_record.py record.json
    python bench/generate_record.py record.json --wins 5000 --projects 200 \\
        --metrics 10000 --feedback 300 --seed 1 --jrnl journal.txt

What it writes (formats: /work/shared/spec/interchange.md, quantities.md):

* wins spread over the ten years ending 2026-11-20, weekly-ish with holidays and gaps
  (no wins) and launch bursts (several a week), about 60% of them tied to a project;
* projects with every field of the spec (dates, team size, scope, STAR, links…);
* exactly `--metrics` metrics across wins and projects, mostly strings in the spec's
  syntaxes (`p95 latency: 2.4s -> 0.6s`, `Infrastructure cost: $50K/month saved`,
  `Uptime: 99.5% → 99.95%`, `from 20 to 50`…), ~10% in object form and ~1% that no
  parser can read (they must be kept as text and flagged "not quantified");
* feedback quotes, ~15 mentoring records and a google L5 → L6 profile.

Titles and details are built from vocabularies picked with Zipf-like weights, so some
terms occur in a handful of records (selective searches) and others in a large share of
them (common searches); `term_counts()` reports how often.

`--jrnl PATH` also writes the wins as a jrnl (v4) plain-text journal, topped up with
generated variations to `--jrnl-entries` (default 10,000) entries, plus a jrnl config
(`PATH` with `-config.yaml` in place of its suffix) that points at the journal by
absolute path, with colours off and no editor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

END_DATE = dt.date(2026, 11, 20)
START_DATE = dt.date(2016, 11, 21)  # ten years ending END_DATE
EXPORTED_AT = "2026-11-20T18:00:00Z"

PILLARS = (
    "technical_excellence",
    "system_design",
    "communication",
    "leadership",
    "career_strategy",
)
SCOPES = ("single_team", "cross_team", "org_wide")

# --- vocabularies ----------------------------------------------------------------------
# Lists are ordered from frequent to rare: `_zipf` favours the head, the tail stays rare.

SYSTEMS = (
    "checkout",
    "search indexer",
    "profile service",
    "payments ledger",
    "ads auction",
    "billing pipeline",
    "notification fan-out",
    "feature store",
    "identity gateway",
    "recommendation ranker",
    "video transcoder",
    "inventory sync",
    "fraud scoring",
    "metrics backend",
    "build farm",
    "config service",
    "quota manager",
    "log ingestion",
    "mobile API",
    "release tooling",
    "experiment platform",
    "geo lookup",
    "storage tiering",
    "email renderer",
    "data warehouse loader",
    "permissions service",
    "session store",
    "thumbnail cache",
    "tax calculator",
    "partner webhooks",
    "support console",
    "translation memory",
    "calendar sync",
    "audit trail",
    "shipping estimator",
    "loyalty points",
    "crash reporter",
    "dependency scanner",
    "schema registry",
    "rate limiter",
    "onboarding wizard",
    "refund workflow",
    "entitlements cache",
    "batch scheduler",
    "document converter",
    "status page",
    "sitemap generator",
    "clickstream joiner",
    "coupon engine",
    "vendor portal",
)

TECH = (
    "Redis",
    "Kafka",
    "Spanner",
    "gRPC",
    "Kubernetes",
    "Bigtable",
    "PostgreSQL",
    "Terraform",
    "Bazel",
    "protobuf",
    "Envoy",
    "Pub/Sub",
    "Memcached",
    "BigQuery",
    "Flink",
    "Beam",
    "Borg",
    "GraphQL",
    "Elasticsearch",
    "Prometheus",
    "OpenTelemetry",
    "Istio",
    "Spark",
    "Cassandra",
    "DynamoDB",
    "Airflow",
    "TensorFlow",
    "Rust",
    "Go",
    "TypeScript",
    "Kotlin",
    "Swift",
    "WebAssembly",
    "SQLite",
    "ClickHouse",
    "Vitess",
    "CockroachDB",
    "Zookeeper",
    "etcd",
    "Nginx",
    "HAProxy",
    "Consul",
    "Vault",
    "Jaeger",
    "Grafana",
    "Bigquery ML",
    "Dataflow",
    "Cloud Run",
    "Firestore",
    "Hadoop",
    "Presto",
    "Trino",
    "RocksDB",
    "LevelDB",
    "Thrift",
    "Avro",
    "Parquet",
    "Arrow",
    "Protobuf editions",
    "Kerberos",
    "Mesos",
    "Nomad",
    "Pulsar",
    "NATS",
    "Zstandard",
    "Brotli",
    "QUIC",
    "eBPF",
    "Wireguard",
    "Tailscale",
)

COMPONENTS = (
    "cache",
    "read path",
    "write path",
    "retry policy",
    "connection pool",
    "schema",
    "API",
    "batch job",
    "index",
    "alerting",
    "dashboard",
    "rollout",
    "canary analysis",
    "load balancer config",
    "rate limits",
    "query planner",
    "serialization layer",
    "sharding scheme",
    "backfill",
    "client library",
    "runbook",
    "SLOs",
    "CI pipeline",
    "integration tests",
    "feature flags",
    "access controls",
    "data model",
    "hot partition",
    "circuit breaker",
    "garbage collection tuning",
    "cold start",
    "deduplication",
    "compaction",
    "bloom filter",
    "quorum reads",
    "idempotency keys",
    "backpressure",
    "leader election",
)

ACHIEVEMENTS = {
    "performance": (
        "Cut {component} latency in {system} with {tech}",
        "Shipped {tech} {component} for {system}",
        "Rewrote the {system} {component} to remove a hot loop",
        "Profiled and fixed the {system} {component} regression",
        "Halved {system} tail latency by tuning the {component}",
        "Moved {system} {component} onto {tech}",
    ),
    "reliability": (
        "Resolved SEV{sev} incident in {system}",
        "Led the postmortem for the {system} outage",
        "Added {component} to {system} to stop cascading failures",
        "Defined SLOs and alerting for {system}",
        "Eliminated flaky {component} in {system}",
        "Hardened {system} {component} after the {tech} upgrade",
    ),
    "cost": (
        "Reduced {system} infrastructure cost by right-sizing {tech}",
        "Decommissioned the legacy {system} {component}",
        "Moved {system} storage to a cheaper tier with {tech}",
        "Cut {tech} spend for {system} by consolidating clusters",
    ),
    "scale": (
        "Scaled {system} to handle peak traffic with {tech}",
        "Designed the {system} {component} for 10x growth",
        "Migrated {system} from {tech} to {tech2}",
        "Sharded {system} {component} across regions",
    ),
    "productivity": (
        "Sped up the {system} {component} for every engineer",
        "Automated {system} releases with {tech}",
        "Built a {tech} linter for {system} code reviews",
        "Cut {system} build times with {tech} remote caching",
        "Wrote the {system} onboarding guide and runbook",
    ),
    "leadership": (
        "Mentored {person} through the {system} launch",
        "Ran the {system} design review across {teams} teams",
        "Led {teams} teams through the {system} migration",
        "Coordinated the {system} launch with product and SRE",
        "Interviewed {n} candidates for the {system} team",
        "Organised the {tech} reading group",
    ),
    "communication": (
        "Wrote the design doc for {system} {component}",
        "Presented {system} architecture at the {venue}",
        "Published the {tech} migration playbook for {system}",
        "Gave a tech talk on {tech} {component} at the {venue}",
        "Aligned {teams} teams on the {system} API contract",
    ),
    "strategy": (
        "Proposed the {year} technical roadmap for {system}",
        "Pitched {system} consolidation to directors",
        "Identified {tech} as the standard for {system} and got buy-in",
        "Scoped the {system} rewrite and secured headcount",
    ),
}

KIND_PILLARS = {
    "performance": ("technical_excellence", "system_design"),
    "reliability": ("technical_excellence", "leadership"),
    "cost": ("technical_excellence", "career_strategy"),
    "scale": ("system_design", "technical_excellence"),
    "productivity": ("technical_excellence", "leadership"),
    "leadership": ("leadership", "communication"),
    "communication": ("communication", "system_design"),
    "strategy": ("career_strategy", "leadership"),
}

KIND_TAGS = {
    "performance": ("performance", "latency", "profiling"),
    "reliability": ("reliability", "oncall", "incident", "observability"),
    "cost": ("cost", "efficiency", "finops"),
    "scale": ("scalability", "migration", "architecture"),
    "productivity": ("devex", "ci", "tooling", "testing"),
    "leadership": ("mentoring", "hiring", "leadership"),
    "communication": ("design_doc", "talks", "writing"),
    "strategy": ("roadmap", "strategy", "planning"),
}

EXTRA_TAGS = (
    "launch",
    "q4",
    "security",
    "privacy",
    "mobile",
    "ml",
    "accessibility",
    "data",
    "api",
    "frontend",
    "backend",
    "infra",
    "compliance",
    "i18n",
    "gdpr",
)

KIND_WEIGHTS = {
    "performance": 5,
    "reliability": 5,
    "cost": 2,
    "scale": 3,
    "productivity": 3,
    "leadership": 3,
    "communication": 2,
    "strategy": 1,
}

CONTEXT = (
    "{system} was missing its SLO during peak hours.",
    "Customers reported slow pages on {system} every Monday morning.",
    "The {component} in {system} had not been touched since {year}.",
    "On-call for {system} paged {n} times a week on the same alert.",
    "Finance flagged {system} as the top line item on the {tech} bill.",
    "Product needed {system} ready for the holiday launch.",
    "A {tech} deprecation forced a change in the {system} {component}.",
    "Three teams depended on {system} but nobody owned the {component}.",
    "New engineers took weeks to ship their first change to {system}.",
    "Leadership asked for a plan to grow {system} for the next two years.",
)

ACTIONS = (
    "I profiled the {component}, found the hot path and replaced it with {tech}.",
    "I wrote a design doc, got sign-off from {teams} teams and led the rollout.",
    "I paired with {person} to add {component} and a staged canary.",
    "I built a dashboard in {tech} and drove the fixes with the owning teams.",
    "I split the {component} into smaller pieces and added idempotency.",
    "I ran a blameless postmortem and tracked the {n} action items to closure.",
    "I drafted the migration plan, wrote the tooling and moved {n} services.",
    "I set up weekly office hours and reviewed every {system} change for a month.",
    "I benchmarked {tech} against {tech2} and presented the trade-offs.",
    "I automated the {component} checks in CI so regressions fail fast.",
)

RESULTS = (
    "Latency dropped and the SLO has held since.",
    "The pager went quiet and on-call load fell sharply.",
    "The team now ships {system} changes daily instead of weekly.",
    "We saved real money every month without losing headroom.",
    "The approach became the default for {teams} other teams.",
    "{person} now owns the {component} end to end.",
    "Directors cited the work in the quarterly business review.",
    "Zero customer-visible incidents during the launch window.",
    "The design doc is now the reference for {tech} usage in the org.",
    "Onboarding time for new engineers was cut in half.",
)

FIRST_NAMES = (
    "Sam",
    "Priya",
    "Jo",
    "Alex",
    "Mina",
    "Tomás",
    "Aiko",
    "Noah",
    "Lea",
    "Ravi",
    "Chen",
    "Fatima",
    "Olu",
    "Greta",
    "Diego",
    "Hana",
    "Ivan",
    "Zoe",
    "Kwame",
    "Mei",
    "Lucas",
    "Amara",
    "Jonas",
    "Sofia",
    "Arjun",
    "Nadia",
    "Erik",
    "Yuki",
    "Omar",
    "Ines",
)
LAST_NAMES = (
    "Lee",
    "Patel",
    "Park",
    "Kim",
    "García",
    "Okafor",
    "Nguyen",
    "Schmidt",
    "Rossi",
    "Cohen",
    "Tanaka",
    "Singh",
    "Mensah",
    "Larsen",
    "Costa",
    "Novak",
    "Haddad",
    "Silva",
    "Ward",
    "Ito",
)
ROLES = (
    "Staff Engineer",
    "Engineering Manager",
    "Senior Software Engineer",
    "Product Manager",
    "Director of Engineering",
    "Site Reliability Engineer",
    "Technical Program Manager",
    "Principal Engineer",
    "Software Engineer",
    "Designer",
)
VENUES = (
    "eng all-hands",
    "infra guild",
    "SRE summit",
    "platform offsite",
    "internal tech talks series",
    "regional meetup",
    "KubeCon",
    "QCon",
)
CODENAMES = (
    "Falcon",
    "Lighthouse",
    "Bedrock",
    "Northstar",
    "Keystone",
    "Atlas",
    "Tidewater",
    "Granite",
    "Beacon",
    "Meridian",
    "Harbor",
    "Cobalt",
    "Juniper",
    "Quartz",
    "Sequoia",
    "Aurora",
    "Ember",
    "Summit",
    "Vantage",
    "Polaris",
    "Orca",
    "Saffron",
    "Topaz",
    "Willow",
)
PROJECT_PATTERNS = (
    "{System} latency",
    "{System} migration to {tech}",
    "{System} v{n}",
    "Project {codename}: {system} rewrite",
    "{System} cost reduction",
    "{System} reliability program",
    "{tech} adoption for {system}",
    "{System} multi-region",
    "{System} self-serve onboarding",
    "{System} SLO program",
)
PRAISE = (
    "{first} turned the {system} mess into something the whole org can rely on.",
    "The {system} design doc was the clearest I have read this year.",
    "{first} kept {teams} teams aligned through the {system} launch without drama.",
    "Calm, precise incident command during the {system} outage.",
    "{first} mentored two new hires who are now shipping independently.",
    "The {tech} migration landed early and under budget.",
    "Always the first to review and the most useful reviewer on {system}.",
    "{first} saw the {system} scaling problem a quarter before anyone else did.",
    "Great partner to product: pushed back on scope and we shipped sooner.",
    "The talk on {tech} at the {venue} changed how my team works.",
    "{first} made on-call for {system} bearable again.",
    "Operating at the next level: sets direction, not just executes.",
)
UNPARSEABLE = (
    "Team morale: noticeably better",
    "Customer trust: much improved",
    "Code quality: a lot cleaner",
    "Stakeholder confidence: restored",
    "On-call sanity: way up",
    "Design clarity: night and day",
)
LINK_HOSTS = (
    "https://example.invalid/design-doc/",
    "https://example.invalid/cl/",
    "https://example.invalid/dashboard/",
    "https://example.invalid/postmortem/",
    "https://example.invalid/launch/",
)


# --- helpers ---------------------------------------------------------------------------


def _zipf(rng: random.Random, items: Sequence[Any], s: float = 1.0) -> Any:
    """Pick an item with weight 1/rank**s: the head is common, the tail rare."""
    weights = _zipf_weights(len(items), s)
    return rng.choices(items, cum_weights=weights)[0]


_ZIPF_CACHE: dict[tuple[int, float], list[float]] = {}


def _zipf_weights(n: int, s: float) -> list[float]:
    key = (n, s)
    if key not in _ZIPF_CACHE:
        total = 0.0
        cumulative = []
        for rank in range(1, n + 1):
            total += 1.0 / rank**s
            cumulative.append(total)
        _ZIPF_CACHE[key] = cumulative
    return _ZIPF_CACHE[key]


def new_id(rng: random.Random) -> str:
    """A version-4 UUID drawn from the seeded generator (stable across runs)."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fill(template: str, rng: random.Random, system: str | None = None) -> str:
    system = system or _zipf(rng, SYSTEMS, 0.9)
    tech = _zipf(rng, TECH, 1.1)
    tech2 = _zipf(rng, TECH, 1.1)
    while tech2 == tech:
        tech2 = rng.choice(TECH)
    values = {
        "system": system,
        "System": _capitalise(system),
        "tech": tech,
        "tech2": tech2,
        "component": _zipf(rng, COMPONENTS, 0.8),
        "person": _person(rng),
        "first": rng.choice(FIRST_NAMES),
        "teams": rng.randint(2, 9),
        "n": rng.randint(2, 30),
        "sev": rng.choice((1, 2, 2, 3)),
        "venue": rng.choice(VENUES),
        "year": rng.randint(2012, 2026),
        "codename": rng.choice(CODENAMES),
    }
    return template.format(**values)


def _number(rng: random.Random, value: float, *, allow_suffix: bool = True) -> str:
    """Format a number the way people type it: 1,247 / 4K / 1.2M / 0.6."""
    if allow_suffix and value >= 1000 and rng.random() < 0.6:
        for size, suffix in ((1_000_000_000, "B"), (1_000_000, "M"), (1_000, "K")):
            if value >= size:
                scaled = value / size
                text = f"{scaled:.1f}".rstrip("0").rstrip(".") if scaled < 10 else f"{scaled:.0f}"
                return text + suffix
    if value >= 1000:
        return f"{round(value):,}"
    if value >= 10 or float(value).is_integer():
        return f"{round(value)}"
    return f"{value:.2g}" if value < 1 else f"{value:.1f}"


def _arrow(rng: random.Random, before: str, after: str) -> str:
    style = rng.random()
    if style < 0.45:
        return f"{before} -> {after}"
    if style < 0.85:
        return f"{before} → {after}"
    if style < 0.93:
        return f"{before} => {after}"
    return f"from {before} to {after}"


# --- metrics ---------------------------------------------------------------------------
# Each maker returns (name, before, after, value) texts; the caller picks string or object
# form. before/after are None for single values.

MetricParts = tuple[str, str | None, str | None, str | None, str | None, str | None]
# name, before, after, value, category (object form only), direction (object form only)


def _m_latency(rng: random.Random) -> MetricParts:
    name = rng.choice(
        (
            "p95 latency",
            "p99 latency",
            "p50 latency",
            "Page load time",
            "Query latency",
            "Cold start time",
            "API response time",
        )
    )
    if rng.random() < 0.5:
        before = rng.uniform(0.8, 9.0)
        after = before * rng.uniform(0.1, 0.7)
        return name, f"{before:.1f}s", f"{after:.1f}s", None, "performance", "lower"
    before = rng.randint(80, 2500)
    after = max(5, int(before * rng.uniform(0.1, 0.8)))
    return name, f"{before}ms", f"{after}ms", None, "performance", "lower"


def _m_duration(rng: random.Random) -> MetricParts:
    name, choices = rng.choice(
        (
            (
                "Build time",
                (("45 minutes", "12 minutes"), ("30 min", "8 min"), ("1 hour", "15 min")),
            ),
            (
                "Deployment time",
                (("2 hours", "10 minutes"), ("3 hours", "25 min"), ("1 day", "2 hours")),
            ),
            ("MTTR", (("4 hours", "35 min"), ("90 minutes", "20 minutes"), ("2 days", "6 hours"))),
            (
                "Onboarding time",
                (("3 weeks", "5 days"), ("6 weeks", "2 weeks"), ("2 months", "3 weeks")),
            ),
            ("Time to productivity", (("10 days", "3 days"), ("4 weeks", "10 days"))),
            ("Code review turnaround", (("3 days", "6 hours"), ("48 hours", "12 hours"))),
            ("Test suite runtime", (("25 min", "7 min"), ("12 minutes", "3 minutes"))),
            ("Incident detection time", (("40 minutes", "4 minutes"), ("2 hours", "10 min"))),
        )
    )
    before, after = rng.choice(choices)
    return name, before, after, None, None, "lower"


def _m_cost(rng: random.Random) -> MetricParts:
    name = rng.choice(
        (
            "Infrastructure cost",
            "Cloud spend",
            "Compute cost",
            "Storage cost",
            "Licensing cost",
            "Vendor spend",
        )
    )
    amount = rng.choice(
        (5_000, 8_000, 12_000, 20_000, 35_000, 50_000, 80_000, 120_000, 250_000, 400_000, 1_200_000)
    )
    period = rng.choice(("/month", "/month", "/mo", " per month", "/year", "/yr", " annually"))
    money = f"${_number(rng, amount)}"
    if rng.random() < 0.55:
        return name, None, None, f"{money}{period} saved", "cost_savings", None
    after = amount * rng.uniform(0.3, 0.85)
    return (
        name,
        f"{money}{period}",
        f"${_number(rng, after)}{period}",
        None,
        "cost_savings",
        "lower",
    )


def _m_revenue(rng: random.Random) -> MetricParts:
    name = rng.choice(("Revenue", "Incremental revenue", "Annual savings", "Revenue protected"))
    amount = rng.choice((150_000, 350_000, 500_000, 1_000_000, 2_000_000, 4_500_000))
    period = rng.choice(("/year", " annually", " per year", "/month", ""))
    category = "revenue" if "Revenue" in name else "cost_savings"
    return name, None, None, f"${_number(rng, amount)}{period}", category, None


def _m_throughput(rng: random.Random) -> MetricParts:
    name = rng.choice(
        ("Throughput", "Peak QPS", "Ingestion rate", "Messages processed", "Write throughput")
    )
    unit = rng.choice((" req/s", " rps", " qps", " events/day", "/s"))
    before = rng.choice((200, 500, 1_000, 2_500, 8_000, 20_000, 150_000, 3_000_000))
    after = before * rng.choice((1.5, 2, 3, 4, 5, 10))
    return (
        name,
        f"{_number(rng, before)}{unit}".strip(),
        f"{_number(rng, after)}{unit}".strip(),
        None,
        "scalability",
        "higher",
    )


def _m_availability(rng: random.Random) -> MetricParts:
    name = rng.choice(("Uptime", "Availability", "Success rate", "SLO attainment"))
    before, after = rng.choice(
        (
            ("99.5%", "99.95%"),
            ("99.9%", "99.99%"),
            ("98%", "99.9%"),
            ("99%", "99.95%"),
            ("97.5%", "99.5%"),
        )
    )
    return name, before, after, None, "reliability", "higher"


def _m_error_rate(rng: random.Random) -> MetricParts:
    name = rng.choice(
        (
            "Error rate",
            "Crash rate",
            "Checkout abandonment",
            "Failed deploys",
            "False-positive rate",
            "Timeout rate",
        )
    )
    before = rng.choice((0.8, 1.2, 2.5, 5, 8, 12, 20))
    after = before * rng.uniform(0.05, 0.6)
    return name, f"{before:g}%", f"{after:.2g}%", None, "reliability", "lower"


def _m_frequency(rng: random.Random) -> MetricParts:
    name = rng.choice(
        ("Deployment frequency", "Release cadence", "Data refresh", "Report generation")
    )
    before, after = rng.choice(
        (
            ("weekly", "daily"),
            ("monthly", "weekly"),
            ("quarterly", "monthly"),
            ("daily", "hourly"),
            ("biweekly", "daily"),
            ("monthly", "daily"),
        )
    )
    return name, before, after, None, "developer_productivity", "higher"


def _m_count(rng: random.Random) -> MetricParts:
    name, lo, hi = rng.choice(
        (
            ("Engineers mentored", 1, 6),
            ("Engineers promoted", 1, 3),
            ("Teams adopting the standard", 3, 25),
            ("Interviews conducted", 5, 60),
            ("Talks given", 1, 4),
            ("Services migrated", 4, 120),
            ("Teams coordinated", 2, 9),
            ("Design reviews led", 2, 15),
            ("Customers unblocked", 10, 400),
            ("Pages per week", 2, 40),
        )
    )
    value = str(rng.randint(lo, hi))
    if rng.random() < 0.1:
        value += "+"
    return name, None, None, value, "leadership" if "Engineers" in name else None, None


def _m_score(rng: random.Random) -> MetricParts:
    name = rng.choice(("Developer satisfaction", "NPS", "CSAT", "Survey score"))
    if name == "NPS":
        before = rng.randint(5, 40)
        return name, str(before), str(before + rng.randint(3, 25)), None, None, "higher"
    before = rng.uniform(4.5, 7.5)
    return (
        name,
        f"{before:.1f}",
        f"{min(9.8, before + rng.uniform(0.4, 2.5)):.1f}",
        None,
        "user_experience",
        "higher",
    )


def _m_ratio(rng: random.Random) -> MetricParts:
    name = rng.choice(
        ("Test coverage", "Cache hit ratio", "Conversion", "Adoption", "Feature flag coverage")
    )
    before = rng.randint(20, 80)
    after = min(99, before + rng.randint(5, 35))
    return name, f"{before}%", f"{after}%", None, None, "higher"


def _m_big_count(rng: random.Random) -> MetricParts:
    name, sizes = rng.choice(
        (
            ("Daily active users", (12_500, 87_000, 2_000_000, 10_000_000)),
            ("Incidents per quarter", (14, 23, 41, 60)),
            ("Support tickets", (1_247, 3_400, 12_500)),
            ("Rows scanned per query", (87_000, 2_000_000, 10_000_000, 1_200_000_000)),
            ("Users affected", (3_400, 12_500, 87_000, 2_000_000)),
            ("Alerts per month", (120, 450, 1_247, 3_400)),
        )
    )
    before = rng.choice(sizes)
    if name == "Daily active users":
        return name, None, None, f"{_number(rng, before)}+", "user_experience", None
    after = before * rng.uniform(0.1, 0.7)
    return name, f"{before:,}", f"{round(after):,}", None, None, "lower"


def _m_pool(rng: random.Random) -> MetricParts:
    name = rng.choice(("Connection pool", "Worker count", "Shard count", "Replica count"))
    before = rng.choice((4, 8, 16, 20, 32))
    return name, str(before), str(before * rng.choice((2, 3, 4))), None, None, None


MetricMaker = Callable[[random.Random], MetricParts]
KIND_METRICS: dict[str, tuple[MetricMaker, ...]] = {
    "performance": (_m_latency, _m_throughput, _m_ratio, _m_pool),
    "reliability": (_m_availability, _m_error_rate, _m_duration, _m_big_count),
    "cost": (_m_cost, _m_revenue, _m_big_count),
    "scale": (_m_throughput, _m_latency, _m_pool, _m_big_count),
    "productivity": (_m_duration, _m_frequency, _m_score, _m_ratio),
    "leadership": (_m_count, _m_score, _m_duration),
    "communication": (_m_count, _m_score),
    "strategy": (_m_revenue, _m_cost, _m_count),
}
ALL_MAKERS: tuple[MetricMaker, ...] = (
    _m_latency,
    _m_duration,
    _m_cost,
    _m_revenue,
    _m_throughput,
    _m_availability,
    _m_error_rate,
    _m_frequency,
    _m_count,
    _m_score,
    _m_ratio,
    _m_big_count,
    _m_pool,
)


def make_metric(rng: random.Random, kind: str) -> str | dict[str, str]:
    """One metric, ~89% string form, ~10% object form, ~1% unparseable text."""
    roll = rng.random()
    if roll < 0.01:
        return rng.choice(UNPARSEABLE)
    makers = KIND_METRICS[kind] if rng.random() < 0.75 else ALL_MAKERS
    name, before, after, value, category, direction = rng.choice(makers)(rng)
    if roll < 0.11:
        obj: dict[str, str] = {"name": name}
        if value is not None:
            obj["value"] = value.removesuffix(" saved")
        else:
            obj["before"], obj["after"] = str(before), str(after)
        if category and rng.random() < 0.7:
            obj["category"] = category
        if direction and rng.random() < 0.6:
            obj["direction"] = direction
        if rng.random() < 0.2:
            obj["note"] = rng.choice(
                (
                    "measured over 30 days",
                    "from the launch dashboard",
                    "finance-confirmed",
                    "estimate",
                    "p95 over a week",
                )
            )
        return obj
    if value is not None:
        return f"{name}: {value}"
    return f"{name}: {_arrow(rng, str(before), str(after))}"


# --- records ---------------------------------------------------------------------------


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def win_dates(rng: random.Random, count: int) -> list[dt.date]:
    """`count` dates over the ten years: weekdays, holidays and leave gaps, launch bursts."""
    days = _days(START_DATE, END_DATE)
    weights = []
    span = len(days)
    for i, day in enumerate(days):
        base = 1.0 if day.weekday() < 5 else 0.04
        weights.append(base * (0.7 + 0.6 * i / span))  # logs a bit more as the career grows
    index = {day: i for i, day in enumerate(days)}
    burst: set[int] = set()
    for year in range(START_DATE.year, END_DATE.year + 1):
        # holidays: a week or two around new year and in summer, plus one random week
        for start, length in (
            (dt.date(year, 12, 22), rng.randint(10, 16)),
            (dt.date(year, rng.randint(7, 8), rng.randint(1, 20)), rng.randint(7, 18)),
            (dt.date(year, rng.randint(2, 11), rng.randint(1, 25)), 7),
        ):
            for k in range(length):
                i = index.get(start + dt.timedelta(days=k))
                if i is not None:
                    weights[i] = 0.0
        # launch bursts: a week or two where several wins land
        for _ in range(rng.randint(3, 6)):
            start = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
            for k in range(rng.randint(5, 12)):
                i = index.get(start + dt.timedelta(days=k))
                if i is not None and weights[i] > 0 and i not in burst:
                    weights[i] *= 4.0
                    burst.add(i)
    # two long gaps: parental leave and a job change
    for start, length in ((dt.date(2019, 6, 3), 84), (dt.date(2022, 9, 12), 42)):
        for k in range(length):
            i = index.get(start + dt.timedelta(days=k))
            if i is not None:
                weights[i] = 0.0
    # the last win is on END_DATE so the record really ends there
    chosen = sorted(rng.choices(days, weights=weights, k=max(0, count - 1)))
    return [*chosen, END_DATE] if count else []


def _pick_kind(rng: random.Random) -> str:
    kinds = list(KIND_WEIGHTS)
    return rng.choices(kinds, weights=[KIND_WEIGHTS[k] for k in kinds])[0]


def _pillars_for(rng: random.Random, kind: str) -> list[str]:
    main, second = KIND_PILLARS[kind]
    chosen = [main]
    if rng.random() < 0.45:
        chosen.append(second)
    if rng.random() < 0.08:
        chosen.append(rng.choice(PILLARS))
    return [p for p in PILLARS if p in chosen]


def _tags_for(rng: random.Random, kind: str) -> list[str]:
    tags = [rng.choice(KIND_TAGS[kind])]
    if rng.random() < 0.5:
        tags.append(rng.choice(KIND_TAGS[kind]))
    if rng.random() < 0.35:
        tags.append(_zipf(rng, EXTRA_TAGS))
    return list(dict.fromkeys(tags))


def _details(rng: random.Random, system: str) -> str:
    parts = [_fill(rng.choice(CONTEXT), rng, system)]
    if rng.random() < 0.85:
        parts.append(_fill(rng.choice(ACTIONS), rng, system))
    if rng.random() < 0.7:
        parts.append(_fill(rng.choice(RESULTS), rng, system))
    return " ".join(_capitalise(p) for p in parts)


def _link(rng: random.Random) -> str:
    return f"{rng.choice(LINK_HOSTS)}{rng.randint(100000, 999999)}"


def make_win_text(rng: random.Random, system: str | None = None) -> tuple[str, str, str]:
    """(kind, title, details) for one win about `system` (or a random one)."""
    kind = _pick_kind(rng)
    system = system or _zipf(rng, SYSTEMS, 0.9)
    title = _capitalise(_fill(rng.choice(ACHIEVEMENTS[kind]), rng, system))
    return kind, title, _details(rng, system)


def make_projects(rng: random.Random, count: int) -> tuple[list[dict[str, Any]], list[str]]:
    """Projects with every spec field (metrics added later) and each one's system."""
    projects: list[dict[str, Any]] = []
    systems: list[str] = []
    names: set[str] = set()
    span = (END_DATE - START_DATE).days
    for _ in range(count):
        system = _zipf(rng, SYSTEMS, 0.7)
        name = _fill(rng.choice(PROJECT_PATTERNS), rng, system)
        suffix = 2
        base = name
        while name in names:
            name = f"{base} ({suffix})"
            suffix += 1
        names.add(name)
        start = START_DATE + dt.timedelta(days=rng.randint(0, span - 21))
        end: dt.date | None = start + dt.timedelta(weeks=rng.randint(3, 40))
        if end is not None and end > END_DATE:
            end = None  # still running
        elif rng.random() < 0.03:
            end = None  # never formally closed
        scope = rng.choices(SCOPES, weights=(5, 4, 1))[0]
        teams = 1 if scope == "single_team" else rng.randint(2, 4 if scope == "cross_team" else 15)
        team_size = rng.randint(2, 12)
        kind = _pick_kind(rng)
        projects.append(
            {
                "id": new_id(rng),
                "name": name,
                "summary": _capitalise(_fill(rng.choice(ACHIEVEMENTS[kind]), rng, system)) + ".",
                "start": start.isoformat(),
                "end": end.isoformat() if end else None,
                "team_size": team_size,
                "scope": scope,
                "teams": teams,
                "engineers_affected": teams * team_size * rng.randint(1, 8),
                "role": rng.choices(
                    ("lead", "tech lead", "contributor", "reviewer", "owner"),
                    weights=(4, 3, 4, 1, 1),
                )[0],
                "pillars": _pillars_for(rng, kind),
                "tags": _tags_for(rng, kind),
                "star": {
                    "situation": _fill(rng.choice(CONTEXT), rng, system),
                    "task": _fill("Own the {system} {component} work end to end.", rng, system),
                    "action": _fill(rng.choice(ACTIONS), rng, system),
                    "result": _fill(rng.choice(RESULTS), rng, system),
                },
                "links": [_link(rng) for _ in range(rng.randint(0, 3))],
                "metrics": [],
                "_kind": kind,
            }
        )
        systems.append(system)
    return projects, systems


def _project_for(rng: random.Random, day: dt.date, projects: list[dict[str, Any]]) -> int | None:
    """Index of a project running on `day` (or the one that started closest to it)."""
    if not projects:
        return None
    active = [
        i
        for i, p in enumerate(projects)
        if p["start"] <= day.isoformat() and (p["end"] is None or day.isoformat() <= p["end"])
    ]
    if active:
        return rng.choice(active)
    return min(
        range(len(projects)),
        key=lambda i: abs((dt.date.fromisoformat(projects[i]["start"]) - day).days),
    )


def generate(
    *,
    wins: int = 5000,
    projects: int = 200,
    metrics: int = 10000,
    feedback: int = 300,
    mentoring: int = 15,
    seed: int = 1,
) -> dict[str, Any]:
    """The whole interchange document as plain JSON-ready data."""
    rng = random.Random(seed)
    project_list, project_systems = make_projects(rng, projects)

    win_list: list[dict[str, Any]] = []
    for day in win_dates(rng, wins):
        linked = _project_for(rng, day, project_list) if rng.random() < 0.6 else None
        system = project_systems[linked] if linked is not None else None
        kind, title, details = make_win_text(rng, system)
        if rng.random() < 0.12:
            details = ""  # some wins are logged with a title only
        follow_up = None
        if rng.random() < 0.15:
            follow_up = (day + dt.timedelta(days=rng.choice((30, 60, 90, 90, 180)))).isoformat()
        win_list.append(
            {
                "id": new_id(rng),
                "date": day.isoformat(),
                "title": title,
                "details": details,
                "project": project_list[linked]["id"] if linked is not None else None,
                "pillars": _pillars_for(rng, kind),
                "tags": _tags_for(rng, kind),
                "metrics": [],
                "links": [_link(rng)] if rng.random() < 0.2 else [],
                "follow_up": follow_up,
                "_kind": kind,
            }
        )

    # exactly `metrics` metrics: each goes to a project (weight 2.5) or a win (weight 1)
    owners = project_list + win_list
    if owners and metrics:
        weights = [2.5] * len(project_list) + [1.0] * len(win_list)
        for owner in rng.choices(owners, weights=weights, k=metrics):
            owner["metrics"].append(make_metric(rng, owner["_kind"]))
    for owner in owners:
        del owner["_kind"]

    feedback_list = []
    for _ in range(feedback):
        day = START_DATE + dt.timedelta(days=rng.randint(30, (END_DATE - START_DATE).days))
        linked = _project_for(rng, day, project_list) if rng.random() < 0.5 else None
        system = project_systems[linked] if linked is not None else None
        feedback_list.append(
            {
                "id": new_id(rng),
                "date": day.isoformat(),
                "from": _person(rng),
                "role": rng.choice(ROLES),
                "quote": _fill(rng.choice(PRAISE), rng, system),
                "project": project_list[linked]["id"] if linked is not None else None,
            }
        )
    feedback_list.sort(key=lambda f: f["date"])

    mentoring_list = []
    for _ in range(mentoring):
        since = START_DATE + dt.timedelta(days=rng.randint(400, (END_DATE - START_DATE).days - 30))
        until = since + dt.timedelta(days=rng.randint(90, 720))
        promoted = rng.random() < 0.45
        level = rng.choice(("L3", "L4", "L5"))
        outcome = (
            f"Promoted to {level} in {until:%Y-%m}"
            if promoted
            else rng.choice(
                (
                    "Leads the on-call rotation",
                    "Owns the service API",
                    "Gave first tech talk",
                    "Moved to another team",
                    "Shipped first design doc",
                )
            )
        )
        mentoring_list.append(
            {
                "id": new_id(rng),
                "mentee": _person(rng),
                "since": since.isoformat(),
                "until": None if until > END_DATE else until.isoformat(),
                "outcome": outcome,
                "promoted": promoted and until <= END_DATE,
            }
        )
    mentoring_list.sort(key=lambda m: m["since"])

    return {
        "format": "bragdoc",
        "version": 1,
        "exported_at": EXPORTED_AT,
        "profile": {
            "name": "Ada Example",
            "company": "google",
            "current_level": "L5",
            "target_level": "L6",
            "level_since": "2022-04-01",
            "company_since": "2019-09-16",
            "career_start": START_DATE.isoformat(),
            "focus_area": "Backend systems and reliability",
            "goals_this_year": "Lead a cross-team migration end to end; mentor two engineers.",
            "goals_next_year": "Promotion to L6 with org-wide scope on the storage roadmap.",
        },
        "projects": project_list,
        "wins": win_list,
        "feedback": feedback_list,
        "mentoring": mentoring_list,
    }


# --- checks and statistics -------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9-]+")


def count_metrics(record: dict[str, Any]) -> int:
    return sum(len(r.get("metrics") or []) for r in record["wins"] + record["projects"])


def term_counts(record: dict[str, Any]) -> Counter[str]:
    """In how many wins each (lower-cased) word occurs, in title or details."""
    counts: Counter[str] = Counter()
    for win in record["wins"]:
        counts.update({w.lower() for w in _WORD.findall(f"{win['title']} {win['details']}")})
    return counts


def validate(record: dict[str, Any]) -> list[str]:
    """Problems with the document against spec/interchange.md (empty when it is fine)."""
    problems: list[str] = []

    def check_date(where: str, value: object, *, required: bool = False) -> None:
        if value is None:
            if required:
                problems.append(f"{where}: missing date")
            return
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            problems.append(f"{where}: bad date {value!r}")
            return
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            problems.append(f"{where}: not a real date {value!r}")

    def check_metric(where: str, metric: object) -> None:
        if isinstance(metric, str):
            if ":" not in metric:
                problems.append(f"{where}: string metric without 'NAME:'")
        elif isinstance(metric, dict):
            if not isinstance(metric.get("name"), str) or not metric["name"]:
                problems.append(f"{where}: metric object without name")
            has_change = "before" in metric and "after" in metric
            if has_change == ("value" in metric):
                problems.append(f"{where}: needs before/after or value")
            if metric.get("direction") not in (None, "lower", "higher"):
                problems.append(f"{where}: bad direction")
            extra = set(metric) - {
                "name",
                "before",
                "after",
                "value",
                "category",
                "direction",
                "note",
            }
            if extra:
                problems.append(f"{where}: unknown metric fields {sorted(extra)}")
        else:
            problems.append(f"{where}: metric is neither text nor object")

    if record.get("format") != "bragdoc" or record.get("version") != 1:
        problems.append("top: format/version")
    ids: set[str] = set()
    project_ids = {p["id"] for p in record["projects"]}
    for section in ("projects", "wins", "feedback", "mentoring"):
        for i, item in enumerate(record[section]):
            if item["id"] in ids:
                problems.append(f"{section}[{i}]: duplicate id")
            ids.add(item["id"])
            try:
                uuid.UUID(item["id"])
            except ValueError:
                problems.append(f"{section}[{i}]: id is not a uuid")
    for i, p in enumerate(record["projects"]):
        where = f"projects[{i}]"
        check_date(where, p["start"])
        check_date(where, p["end"])
        if p["end"] and p["end"] < p["start"]:
            problems.append(f"{where}: ends before it starts")
        if p["scope"] not in SCOPES:
            problems.append(f"{where}: bad scope")
        if not set(p["pillars"]) <= set(PILLARS):
            problems.append(f"{where}: bad pillar")
        for k, m in enumerate(p["metrics"]):
            check_metric(f"{where}.metrics[{k}]", m)
    for i, w in enumerate(record["wins"]):
        where = f"wins[{i}]"
        check_date(where, w["date"], required=True)
        check_date(where, w["follow_up"])
        if not w["title"].strip():
            problems.append(f"{where}: empty title")
        if w["project"] is not None and w["project"] not in project_ids:
            problems.append(f"{where}: unknown project")
        if not set(w["pillars"]) <= set(PILLARS):
            problems.append(f"{where}: bad pillar")
        if not START_DATE.isoformat() <= w["date"] <= END_DATE.isoformat():
            problems.append(f"{where}: outside the ten years")
        for k, m in enumerate(w["metrics"]):
            check_metric(f"{where}.metrics[{k}]", m)
    for i, f in enumerate(record["feedback"]):
        check_date(f"feedback[{i}]", f["date"])
        if not f["quote"].strip():
            problems.append(f"feedback[{i}]: empty quote")
    for i, m in enumerate(record["mentoring"]):
        check_date(f"mentoring[{i}]", m["since"])
        check_date(f"mentoring[{i}]", m["until"])
        if not isinstance(m["promoted"], bool):
            problems.append(f"mentoring[{i}]: promoted is not a bool")
    return problems


# --- jrnl ------------------------------------------------------------------------------


def _metric_line(metric: str | dict[str, str]) -> str:
    if isinstance(metric, str):
        return metric
    if "value" in metric:
        return f"{metric['name']}: {metric['value']}"
    return f"{metric['name']}: {metric['before']} -> {metric['after']}"


def _jrnl_entry(day: dt.date, minute: int, title: str, body_lines: list[str]) -> str:
    stamp = f"{day.isoformat()} {9 + minute // 60:02d}:{minute % 60:02d}"
    body = "\n".join(line for line in body_lines if line)
    return f"[{stamp}] {title}\n{body}\n\n"


def jrnl_text(record: dict[str, Any], entries: int, seed: int) -> str:
    """The wins as a jrnl journal, topped up with generated variations to `entries`."""
    rng = random.Random(seed * 7919 + 17)
    items: list[tuple[dt.date, int, str]] = []
    for win in record["wins"][:entries]:
        tags = " ".join(f"@{t}" for t in win["tags"])
        lines = [win["details"], *(_metric_line(m) for m in win["metrics"]), tags]
        day = dt.date.fromisoformat(win["date"])
        minute = rng.randint(0, 10 * 60 - 1)
        items.append((day, minute, _jrnl_entry(day, minute, win["title"], lines)))
    extra = entries - len(items)
    if extra > 0:
        for day in win_dates(rng, extra):
            kind, title, details = make_win_text(rng)
            metrics = [make_metric(rng, kind) for _ in range(rng.choice((0, 1, 1, 2, 2, 3)))]
            tags = " ".join(f"@{t}" for t in _tags_for(rng, kind))
            lines = [details, *(_metric_line(m) for m in metrics), tags]
            minute = rng.randint(0, 10 * 60 - 1)
            items.append((day, minute, _jrnl_entry(day, minute, title, lines)))
    items.sort(key=lambda item: (item[0], item[1]))
    return "".join(text for _, _, text in items)


def jrnl_config_text(journal: Path, version: str = "4.6") -> str:
    """A jrnl v4 YAML config for `journal` (absolute path), colours off, no editor."""
    path = json.dumps(str(journal.resolve()))  # a JSON string is a valid YAML scalar
    return (
        "colors:\n"
        "  body: none\n"
        "  date: none\n"
        "  tags: none\n"
        "  title: none\n"
        "default_hour: 9\n"
        "default_minute: 0\n"
        "editor: ''\n"
        "encrypt: false\n"
        "highlight: true\n"
        "indent_character: '|'\n"
        "journals:\n"
        "  default:\n"
        f"    journal: {path}\n"
        "linewrap: 79\n"
        "tagsymbols: '#@'\n"
        "template: false\n"
        "timeformat: '%Y-%m-%d %H:%M'\n"
        f"version: '{version}'\n"
    )


def jrnl_config_path(journal: Path) -> Path:
    return journal.with_name(journal.stem + "-config.yaml")


def write_jrnl(record: dict[str, Any], journal: Path, entries: int, seed: int) -> Path:
    """Write the journal and its config; returns the config's path."""
    journal.parent.mkdir(parents=True, exist_ok=True)
    journal.write_text(jrnl_text(record, entries, seed), encoding="utf-8")
    config = jrnl_config_path(journal)
    config.write_text(jrnl_config_text(journal), encoding="utf-8")
    return config


def write_record(record: dict[str, Any], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="where to write the interchange JSON")
    parser.add_argument("--wins", type=int, default=5000)
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--metrics", type=int, default=10000)
    parser.add_argument("--feedback", type=int, default=300)
    parser.add_argument("--mentoring", type=int, default=15)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--jrnl",
        type=Path,
        metavar="OUT_JOURNAL.txt",
        help="also write a jrnl plain-text journal (and its config)",
    )
    parser.add_argument(
        "--jrnl-entries",
        type=int,
        default=10000,
        help="entries in the jrnl journal (default 10000)",
    )
    args = parser.parse_args(argv)
    for name in ("wins", "projects", "metrics", "feedback", "mentoring", "jrnl_entries"):
        if getattr(args, name) < 0:
            parser.error(f"--{name.replace('_', '-')} must be ≥ 0")

    record = generate(
        wins=args.wins,
        projects=args.projects,
        metrics=args.metrics,
        feedback=args.feedback,
        mentoring=args.mentoring,
        seed=args.seed,
    )
    problems = validate(record)
    if problems:
        for problem in problems[:20]:
            print(f"generate_record: {problem}", file=sys.stderr)
        return 1
    write_record(record, args.out)
    print(
        f"{args.out}: {len(record['wins'])} wins, {len(record['projects'])} projects, "
        f"{count_metrics(record)} metrics, {len(record['feedback'])} feedback, "
        f"{len(record['mentoring'])} mentoring"
    )
    if args.jrnl:
        config = write_jrnl(record, args.jrnl, args.jrnl_entries, args.seed)
        print(f"{args.jrnl}: {args.jrnl_entries} jrnl entries; config {config}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

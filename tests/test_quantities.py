"""The metric contract of spec/quantities.md, example by example, plus properties."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bragdoc.domain import vocabulary
from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.quantities import (
    CATEGORIES,
    DIRECTIONS,
    Metric,
    Quantity,
    build_metric,
    format_money,
    parse_metric,
    parse_quantity,
)

# ---------------------------------------------------------------- the spec's examples


def test_a_change_in_a_percentage_is_in_points() -> None:
    """quantities.md: 40% → 100% is +60 pp; 99.9% → 99.95% is +0.05 pp, never "0.1%";
    the export's computed block carries change_pp for percentages only."""
    assert parse_metric("Coverage: 40% -> 100%").summary() == "+60 pp"
    assert parse_metric("Conversion: 12.3% -> 13.5%").summary() == "+1.2 pp"
    uptime = parse_metric("Uptime: 99.9% -> 99.95%")
    assert uptime.summary() == "+0.05 pp, 50% less downtime"
    assert uptime.computed()["change_pp"] == 0.05
    assert uptime.computed()["improvement_pct"] == 0.1
    assert "change_pp" not in parse_metric("Latency: 2.4s -> 0.6s").computed()


@pytest.mark.parametrize(
    ("text", "direction", "improvement", "factor", "summary", "explain"),
    [
        ("Deployment time: 2 hours -> 10 minutes", "lower", 91.7, 12.0, "91.7% faster",
         "91.7% faster (2 hours → 10 minutes), 12×"),
        ("p95 latency: 2.4s → 0.6s", "lower", 75.0, 4.0, "75% faster",
         "75% faster (2.4 s → 0.6 s), 4×"),
        ("Throughput: 1K → 4K req/s", "higher", 300.0, 4.0, "+300%",
         "+300% (1K → 4K req/s), 4×"),
        ("Error rate: 5% -> 0.5%", "lower", 90.0, 10.0, "−4.5 pp",
         "−4.5 pp (5% → 0.5%), 10×"),
        ("Uptime: 99.5% → 99.95%", "higher", 0.5, None, "+0.45 pp, 90% less downtime",
         "+0.45 pp, 90% less downtime (99.5% → 99.95%)"),
        ("Deployment frequency: weekly -> daily", "higher", 600.0, 7.0, "7× as often",
         "7× as often (weekly → daily)"),
        ("Developer satisfaction: 6.2 -> 8.1", "higher", 30.6, None, "+30.6%",
         "+30.6% (6.2 → 8.1)"),
        ("Time to productivity: 10 days -> 3 days", "lower", 70.0, 3.3, "70% faster",
         "70% faster (10 days → 3 days), 3.3×"),
    ],
)
def test_spec_changes(text, direction, improvement, factor, summary, explain) -> None:
    metric = parse_metric(text)
    assert metric.kind == "change" and metric.quantified
    assert metric.direction == direction and metric.direction_source == "inferred"
    assert metric.improvement_pct == improvement
    assert metric.factor == factor
    assert metric.summary() == summary
    assert metric.explain() == explain
    assert not metric.is_new


def test_two_hours_to_ten_minutes_compares_seconds() -> None:
    metric = parse_metric("Deployment time: 2 hours -> 10 minutes")
    assert (metric.before.value, metric.after.value) == (7200.0, 600.0)
    assert (metric.before.kind, metric.before.unit, metric.after.unit) == (
        "duration", "hours", "minutes")
    assert metric.name == "Deployment time"
    assert metric.before_text == "2 hours" and metric.after_text == "10 minutes"
    assert metric.text == "Deployment time: 2 hours → 10 minutes"


def test_uptime_gets_the_downtime_reduction() -> None:
    metric = parse_metric("Uptime: 99.5% → 99.95%")
    assert metric.downtime_reduction_pct == 90.0
    assert metric.category == "reliability"


def test_weekly_to_daily_is_seven_times_as_often() -> None:
    metric = parse_metric("Deployment frequency: weekly -> daily")
    assert metric.before.kind == metric.after.kind == "frequency"
    assert metric.before.value == pytest.approx(1 / 7) and metric.after.value == 1.0


def test_money_with_a_period_is_annualised() -> None:
    metric = parse_metric("Infrastructure cost: $50K/month saved")
    assert metric.kind == "single" and metric.quantified
    value = metric.value
    assert (value.kind, value.value, value.currency, value.period, value.unit) == (
        "money", 50000.0, "USD", "month", "$")
    assert metric.annual_value == 600000.0
    assert metric.category == "cost_savings"
    assert metric.counts_as_business_value
    assert metric.summary() == "$600K/year"
    assert metric.explain() == "$50K/month saved = $600K/year"


def test_at_least_survives_annualising() -> None:
    metric = parse_metric("Revenue: $2M+/quarter")
    assert metric.value.at_least and metric.annual_value == 8_000_000.0
    assert metric.explain() == "$2M+/quarter = $8M+/year"


def test_extreme_numbers_stay_finite() -> None:
    metric = parse_metric("Rate: 0.00000000000001/year -> 99999999999999B/µs")
    assert metric.quantified and math.isfinite(metric.change_pct) and metric.factor > 1e40
    assert not parse_metric("Big: 12345678901234567890 -> 1").quantified


def test_engineers_mentored_is_a_single_leadership_count() -> None:
    metric = parse_metric("Engineers mentored: 6")
    assert (metric.kind, metric.value.kind, metric.value.value) == ("single", "count", 6.0)
    assert metric.value_text == "6" and metric.before is None and metric.after is None
    assert metric.category == "leadership"
    assert metric.summary() == "6" and metric.explain() == "6"
    assert metric.annual_value is None and not metric.counts_as_business_value


def test_from_to_with_an_unknown_direction_shows_the_change_only() -> None:
    metric = parse_metric("Connection pool: from 20 to 50")
    assert metric.kind == "change" and metric.quantified
    assert (metric.before_text, metric.after_text) == ("20", "50")
    assert metric.direction == "unknown"
    assert metric.improvement_pct is None and metric.factor is None
    assert metric.change_pct == 150.0
    assert metric.summary() == "+150%"
    assert metric.explain() == "+150% (20 → 50)"
    assert metric.text == "Connection pool: 20 → 50"


# ---------------------------------------------------------------- computing


def test_a_regression_is_a_negative_improvement_and_shown() -> None:
    metric = parse_metric("p95 latency: 0.6s → 2.4s")
    assert metric.improvement_pct == -300.0 and metric.factor is None
    assert metric.summary() == "−300% (regression)"
    assert metric.explain() == "−300% (regression): 0.6 s → 2.4 s"
    assert parse_metric("Revenue: $3M/year -> $2M/year").annual_value == -1000000.0


def test_before_zero_is_new() -> None:
    metric = parse_metric("Teams adopting: 0 -> 5")
    assert metric.is_new and metric.quantified
    assert metric.improvement_pct is None and metric.change_pct is None and metric.factor is None
    assert metric.summary() == "new"


def test_after_zero_on_a_lower_metric_is_all_gone_without_an_infinite_factor() -> None:
    metric = parse_metric("Flaky tests: 40 -> 0")
    assert (metric.improvement_pct, metric.factor) == (100.0, None)


def test_factor_below_two_is_not_shown() -> None:
    metric = parse_metric("p95 latency: 300ms -> 200ms")
    assert (metric.improvement_pct, metric.factor) == (33.3, None)
    assert metric.explain() == "33.3% faster (300 ms → 200 ms)"
    assert parse_metric("Build time: 0.6s -> 0.3s").factor == 2.0


def test_unknown_direction_negative_change_uses_a_minus_sign() -> None:
    metric = parse_metric("Connection pool: 50 -> 40")
    assert metric.change_pct == -20.0 and metric.summary() == "−20%"


def test_no_change() -> None:
    assert parse_metric("p95 latency: 2s -> 2000ms").summary() == "no change"


def test_change_pct_is_signed_for_known_directions_too() -> None:
    assert parse_metric("p95 latency: 2.4s → 0.6s").change_pct == -75.0


@pytest.mark.parametrize(
    ("text", "annual", "business"),
    [
        ("AWS cost: $50K/month -> $20K/month", 360000.0, True),  # a cost that went down
        ("AWS cost: $20K/month -> $50K/month", -360000.0, True),  # regression, not hidden
        ("Revenue: $2M/year -> $3M/year", 1000000.0, True),
        ("Cost savings: $10K -> $50K/month", 480000.0, True),  # the period is shared
        ("AWS cost: $50K -> $20K", None, False),  # no period, nothing to annualise
        ("Project budget: $2M", None, False),
        ("Infrastructure cost: $50K/month", 600000.0, False),  # a spend, not a saving
        ("Donations matched: $5K/quarter", 20000.0, False),
        ("Contract value: $1K/week", 52000.0, False),
    ],
)
def test_annual_value_and_business_value(text, annual, business) -> None:
    metric = parse_metric(text)
    assert metric.annual_value == annual
    assert metric.counts_as_business_value is business


def test_a_cost_the_user_calls_savings_counts() -> None:
    metric = build_metric("Infrastructure cost", value="$50K/month", category="cost_savings")
    assert (metric.category, metric.category_source) == ("cost_savings", "user")
    assert metric.annual_value == 600000.0 and metric.counts_as_business_value


def test_mixed_periods_compare_annualised_amounts() -> None:
    metric = parse_metric("AWS cost: $600K/year -> $20K/month")
    assert (metric.improvement_pct, metric.annual_value) == (60.0, 360000.0)
    assert metric.before.value == 600000.0 and metric.after.value == 20000.0  # not annualised


def test_euro_and_pound_are_kept_apart_from_dollars() -> None:
    assert parse_quantity("€50K").currency == "EUR"
    assert parse_quantity("£1.5M/yr").period == "year"
    assert not parse_metric("Cost: $50K -> €40K").quantified


# ---------------------------------------------------------------- direction


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("Cost savings: $10K/month -> $50K/month", "higher"),  # savings beats cost
        ("Infrastructure cost: $50K/month -> $20K/month", "lower"),
        ("MTTR: 4 hours -> 30 min", "lower"),
        ("MTBF: 3 days -> 30 days", "higher"),  # time without failure
        ("Mean time between failures: 3 days -> 30 days", "higher"),
        ("Uptime: 10 days -> 40 days", "higher"),
        ("Time saved: 2 hours -> 10 hours", "higher"),
        ("Checkout abandonment: 30% -> 20%", "lower"),
        ("Customer churn: 5% -> 3%", "lower"),
        ("False positive rate: 12% -> 2%", "lower"),
        ("Test coverage: 40% -> 85%", "higher"),
        ("Cache hit ratio: 60% -> 95%", "higher"),
        ("Conversion: 2% -> 3%", "higher"),
        ("Support tickets: 120 -> 30", "lower"),
        ("On-call pages: 40 -> 5", "lower"),
        ("Bugs fixed: 10 -> 40", "higher"),
        ("Revenue lost to outages: $40K -> $5K", "lower"),
        ("Incidents: 4/month -> 1/month", "lower"),  # a bad thing per month
        ("API: 1K -> 4K rps", "higher"),
        ("Releases: monthly -> weekly", "higher"),
        ("Toil: 10 hours/week -> 2 hours/week", "lower"),
        ("Engineers promoted: 1 -> 3", "higher"),
        ("CPU utilisation: 80% -> 40%", "unknown"),
        ("Widgets: 3 -> 4", "unknown"),
    ],
)
def test_direction_is_inferred_from_unit_then_name(text, direction) -> None:
    assert parse_metric(text).direction == direction


def test_time_to_productivity_is_a_duration_first() -> None:
    metric = parse_metric("Time to productivity: 10 days -> 3 days")
    assert (metric.direction, metric.improvement_pct) == ("lower", 70.0)


def test_user_direction_always_wins() -> None:
    metric = parse_metric("DB load: 100% -> 50%", direction="lower")
    assert (metric.direction, metric.direction_source, metric.improvement_pct) == (
        "lower", "user", 50.0)
    flipped = parse_metric("p95 latency: 2.4s → 0.6s", direction="higher")
    assert (flipped.direction, flipped.improvement_pct) == ("higher", -75.0)
    unknown = parse_metric("p95 latency: 2.4s → 0.6s", direction="unknown")
    assert (unknown.direction, unknown.direction_source) == ("unknown", "user")
    assert unknown.improvement_pct is None and unknown.change_pct == -75.0


def test_user_category_always_wins() -> None:
    metric = parse_metric("p95 latency: 2.4s → 0.6s", category="user_experience", note="why")
    assert (metric.category, metric.category_source, metric.note) == (
        "user_experience", "user", "why")


@pytest.mark.parametrize(("argument", "value"), [("direction", "down"), ("direction", ""),
                                                 ("category", "fun"), ("category", 3)])
def test_invalid_overrides_are_refused(argument, value) -> None:
    with pytest.raises(InvalidInput):
        parse_metric("Widgets: 3 -> 4", **{argument: value})
    with pytest.raises(InvalidInput):
        build_metric("Widgets", before="3", after="4", **{argument: value})


def test_overrides_are_normalised() -> None:
    assert parse_metric("x: 1 -> 2", direction=" Higher ").direction == "higher"
    assert parse_metric("x: 1 -> 2", category="Cost savings").category == "cost_savings"


# ---------------------------------------------------------------- categories


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("p95 latency: 2.4s → 0.6s", "performance"),
        ("Throughput: 1K → 4K req/s", "scalability"),
        ("Error rate: 5% -> 0.5%", "reliability"),
        ("MTTR: 4 hours -> 30 min", "reliability"),
        ("Build time: 20 min -> 5 min", "developer_productivity"),
        ("CI duration: 20 min -> 5 min", "developer_productivity"),
        ("Deployment time: 2 hours -> 10 minutes", "developer_productivity"),
        ("Cost savings: $10K/month -> $50K/month", "cost_savings"),
        ("Conversion: 2% -> 3%", "revenue"),
        ("Revenue: $2M/year -> $3M/year", "revenue"),
        ("NPS: 20 -> 45", "user_experience"),
        ("Page load time: 4s -> 1.2s", "user_experience"),
        ("Checkout abandonment: 30% -> 20%", "user_experience"),
        ("Toil: 10 hours/week -> 2 hours/week", "operational_efficiency"),
        ("Support tickets: 120 -> 30", "operational_efficiency"),
        ("Engineers promoted: 2", "leadership"),
        ("Teams adopting the standard: 3 -> 12", "leadership"),
        ("Conference talks: 2", "leadership"),
        ("Interviews conducted: 40", "leadership"),
        ("Query: 900ms -> 90ms", "performance"),
        ("Connection pool: from 20 to 50", None),
        ("Team morale: much better", None),
    ],
)
def test_category_inference(text, category) -> None:
    metric = parse_metric(text)
    assert (metric.category, metric.category_source) == (category, "inferred")


# ---------------------------------------------------------------- not quantified


@pytest.mark.parametrize(
    "text",
    ["Team morale: much better", "", "→", "$", "5 s -> 3%", "Morale: better", "   ",
     "Build: 1h 30m -> 20 min", "Storage: 500 MB -> 2 GB", "Latency: 2s → 1s → 0.5s",
     "Price: $5/user", "Ratio: 1,2 -> 3", "Big: 12345678901234567890"],
)
def test_what_cannot_be_read_is_kept_as_text(text) -> None:
    metric = parse_metric(text)
    assert metric.kind == "text" and not metric.quantified
    assert metric.before is None and metric.after is None and metric.value is None
    assert metric.improvement_pct is metric.factor is metric.annual_value is None
    assert metric.direction == "unknown"
    assert metric.text == text.strip()
    assert metric.summary() == "not quantified"
    assert metric.explain() == f"not quantified: {text.strip()}"


def test_unparseable_change_keeps_its_sides() -> None:
    metric = parse_metric("5 s -> 3%")
    assert (metric.name, metric.before_text, metric.after_text, metric.value_text) == (
        "", "5 s", "3%", "5 s -> 3%")
    morale = parse_metric("Team morale: much better")
    assert (morale.name, morale.value_text, morale.before_text) == (
        "Team morale", "much better", None)


# ---------------------------------------------------------------- reading numbers and units


@pytest.mark.parametrize(
    ("text", "kind", "value", "unit"),
    [
        ("2.4s", "duration", 2.4, "s"),
        ("300ms", "duration", 0.3, "ms"),
        ("10 mins", "duration", 600.0, "mins"),
        ("1.5 hrs", "duration", 5400.0, "hrs"),
        ("2 weeks", "duration", 1209600.0, "weeks"),
        ("1 year", "duration", 31536000.0, "year"),
        ("1,247 orders", "count", 1247.0, ""),
        ("6 engineers", "count", 6.0, ""),
        ("8.1", "count", 8.1, ""),
        ("99.95%", "percent", 99.95, "%"),
        ("$2M", "money", 2000000.0, "$"),
        ("4K req/s", "rate", 4000 * 86400.0, "req/s"),
        ("100 qps", "rate", 100 * 86400.0, "qps"),
        ("120 events/day", "rate", 120.0, "events/day"),
        ("5 requests per second", "rate", 5 * 86400.0, "requests per second"),
        ("2 deploys a week", "rate", 2 / 7, "deploys a week"),
        ("10M+ daily", "rate", 1e7, "daily"),
        ("daily", "frequency", 1.0, "daily"),
        ("hourly", "frequency", 24.0, "hourly"),
        ("Biweekly", "frequency", 1 / 14, "biweekly"),
        ("quarterly", "frequency", 4 / 365, "quarterly"),
    ],
)
def test_parse_quantity(text, kind, value, unit) -> None:
    quantity = parse_quantity(text)
    assert (quantity.kind, quantity.unit) == (kind, unit)
    assert quantity.value == pytest.approx(value)
    assert quantity.text == text


def test_ten_million_plus_daily_is_at_least_ten_million_a_day() -> None:
    quantity = parse_quantity("10M+ daily")
    assert quantity.at_least and quantity.value == 10_000_000.0
    assert not parse_quantity("10M daily").at_least


@pytest.mark.parametrize(
    ("text", "period"),
    [("$50K/month", "month"), ("$50K/mo", "month"), ("$50K per month", "month"),
     ("$50K a month", "month"), ("$50K monthly", "month"), ("$600K/year", "year"),
     ("$600K/yr", "year"), ("$600K annually", "year"), ("$600K annual", "year"),
     ("$600K per year", "year"), ("$1K/week", "week"), ("$10K/quarter", "quarter"),
     ("$100/day", "day"), ("$2M", None), ("$50K saved", None)],
)
def test_money_periods(text, period) -> None:
    assert parse_quantity(text).period == period


@pytest.mark.parametrize("text", ["", "   ", "$", "abc", "1h 30m", "5/10", "1.2.3", "→"])
def test_parse_quantity_refuses_what_it_cannot_read(text) -> None:
    assert parse_quantity(text) is None


def test_a_unit_on_one_side_applies_to_both() -> None:
    throughput = parse_metric("Throughput: 1K → 4K req/s")
    assert throughput.before.unit == "req/s" and throughput.before.text == "1K"
    latency = parse_metric("p95 latency: 2.4 → 0.6s")
    assert (latency.before.kind, latency.improvement_pct, latency.factor) == (
        "duration", 75.0, 4.0)
    assert parse_metric("Error rate: 5 -> 0.5%").improvement_pct == 90.0
    cost = parse_metric("AWS cost: $50K -> 20K/month")
    assert cost.annual_value == 360000.0 and cost.before.period == "month"


def test_incompatible_kinds_are_not_quantified() -> None:
    for text in ["x: 5 s -> 3%", "x: weekly -> 5 s", "x: 2 hours/week -> 3 req/s",
                 "x: $50K -> 3%", "x: $50K/month -> $20K saved"]:
        assert not parse_metric(text).quantified, text


def test_frequency_and_rate_are_both_per_day() -> None:
    metric = parse_metric("Deploys: weekly -> 3 daily")
    assert metric.quantified and metric.factor == 21.0


def test_name_splits_at_the_first_colon_followed_by_an_expression() -> None:
    metric = parse_metric("API: p95 latency: 2.4s → 0.6s")
    assert (metric.name, metric.before_text) == ("API: p95 latency", "2.4s")
    bare = parse_metric("2.4s -> 0.6s")
    assert (bare.name, bare.text, bare.improvement_pct) == ("", "2.4s → 0.6s", 75.0)
    assert bare.direction == "lower"  # the unit alone decides


@pytest.mark.parametrize("arrow", ["→", "->", "=>", " -> ", "→ "])
def test_every_arrow_reads_the_same(arrow) -> None:
    metric = parse_metric(f"p95 latency: 2.4s{arrow}0.6s")
    assert metric.text == "p95 latency: 2.4s → 0.6s" and metric.improvement_pct == 75.0


# ---------------------------------------------------------------- display and interchange


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [(600000, "USD", "$600K"), (1_200_000, "USD", "$1.2M"), (950, "USD", "$950"),
     (50_000, "EUR", "€50K"), (2e9, "GBP", "£2B"), (9.5, "USD", "$9.50"),
     (999_960, "USD", "$1M"), (-360_000, "USD", "−$360K"), (0, "USD", "$0")],
)
def test_format_money(amount, currency, text) -> None:
    assert format_money(amount, currency) == text


def test_computed_is_json_ready() -> None:
    computed = parse_metric("p95 latency: 2.4s → 0.6s").computed()
    assert computed == {"direction": "lower", "improvement_pct": 75.0, "factor": 4.0,
                        "annual_value": None, "quantified": True,
                        "downtime_reduction_pct": None, "change_pct": -75.0, "is_new": False,
                        "category": "performance"}
    json.dumps(computed)


def test_build_metric_matches_the_text_form() -> None:
    assert build_metric("p95 latency", before="2.4s", after="0.6s") == parse_metric(
        "p95 latency: 2.4s -> 0.6s")
    assert build_metric("Engineers mentored", value="6") == parse_metric("Engineers mentored: 6")
    assert build_metric("Morale", value="better") == parse_metric("Morale: better")
    assert build_metric("x", before="5 s", after="3%") == parse_metric("x: 5 s -> 3%")


@pytest.mark.parametrize(
    "text",
    ["p95 latency: 2.4s → 0.6s", "Infrastructure cost: $50K/month saved", "Engineers mentored: 6",
     "Connection pool: from 20 to 50", "Team morale: much better", "x: 5 s -> 3%", "5 s -> 3%",
     "Latency: 2s → 1s → 0.5s", "a → b → c", "2.4s -> 0.6s", ""],
)
def test_a_stored_metric_rebuilds_from_its_texts(text) -> None:
    """The store keeps name, before/after/value texts and the overrides, nothing else."""
    metric = parse_metric(text, direction="lower", category="performance", note="n")
    rebuilt = build_metric(metric.name, before=metric.before_text, after=metric.after_text,
                           value=metric.value_text, direction="lower", category="performance",
                           note="n")
    assert rebuilt == metric


def test_metric_is_immutable_and_the_vocabularies_are_fixed() -> None:
    metric = parse_metric("Engineers mentored: 6")
    with pytest.raises(AttributeError):
        metric.name = "other"  # type: ignore[misc]
    assert DIRECTIONS == ("lower", "higher", "unknown")
    assert len(CATEGORIES) == 9 and "developer_productivity" in CATEGORIES
    assert isinstance(metric, Metric) and isinstance(metric.value, Quantity)


# ---------------------------------------------------------------- properties

_FRAGMENTS = ["1", "2.5", "0", "1,000", "K", "M", "B", "k", "$", "€", "%", "+", " ", ":", ",",
              ".", "->", "→", "=>", "from ", " to ", "s", "ms", "hours", "min", "/month",
              "per year", "req/s", "/", "daily", "weekly", "saved", "cost", "Uptime", "x"]


@given(st.text())
def test_parse_metric_never_raises_on_arbitrary_text(text: str) -> None:
    _check_sane(parse_metric(text))


@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=12).map("".join))
def test_parse_metric_never_raises_on_metric_like_text(text: str) -> None:
    _check_sane(parse_metric(text))
    _check_sane(parse_metric(f"Latency: {text}"))


def _check_sane(metric: Metric) -> None:
    assert metric.direction in DIRECTIONS
    assert metric.category is None or metric.category in CATEGORIES
    for number in (metric.improvement_pct, metric.change_pct, metric.factor,
                   metric.downtime_reduction_pct, metric.annual_value):
        assert number is None or math.isfinite(number)
    assert metric.factor is None or metric.factor >= 2
    assert isinstance(metric.summary(), str) and isinstance(metric.explain(), str)
    json.dumps(metric.computed())
    assert metric.quantified == (metric.kind != "text")


_HOURS = [lambda n: f"{n} hours", lambda n: f"{n}h", lambda n: f"{n} hr",
          lambda n: f"{n * 60} minutes", lambda n: f"{n * 60} min",
          lambda n: f"{n * 3600} s", lambda n: f"{n * 3600}sec", lambda n: f"{n * 3600000}ms"]


@given(st.integers(1, 500), st.integers(1, 500), st.sampled_from(_HOURS),
       st.sampled_from(_HOURS))
def test_equivalent_unit_spellings_compute_the_same(b: int, a: int, left, right) -> None:
    reference = parse_metric(f"Deployment time: {b} hours -> {a} hours")
    metric = parse_metric(f"Deployment time: {left(b)} -> {right(a)}")
    assert metric.before.value == b * 3600 and metric.after.value == a * 3600
    assert metric.computed() == reference.computed()


@given(st.integers(1, 10**6), st.integers(1, 10**6),
       st.sampled_from(["Error rate", "p95 latency", "Throughput", "Uptime", "Cost savings"]),
       st.sampled_from(["%", "s", " req/s", "", "/month"]))
def test_swapping_sides_flips_the_improvement(b: int, a: int, name: str, unit: str) -> None:
    forward = parse_metric(f"{name}: {b}{unit} -> {a}{unit}")
    backward = parse_metric(f"{name}: {a}{unit} -> {b}{unit}")
    assert forward.direction == backward.direction != "unknown"
    assume(forward.improvement_pct and backward.improvement_pct)  # not rounded away to 0
    assert (forward.improvement_pct > 0) == (backward.improvement_pct < 0)


_SIDES = ["2.4s", "0.6s", "1K", "4K req/s", "5%", "0.5%", "$50K/month", "weekly", "daily",
          "10 minutes", "2 hours", "6", "0", "much better", "3%", "10M+ daily", "1,247 orders"]


@given(st.text(st.characters(categories=["L", "N", "Zs"]), max_size=20),
       st.sampled_from(_SIDES), st.sampled_from(_SIDES),
       st.sampled_from([None, "lower", "higher", "unknown"]),
       st.sampled_from([None, *CATEGORIES]))
def test_build_metric_equals_parse_metric(name, before, after, direction, category) -> None:
    assume(name.strip())
    built = build_metric(name, before=before, after=after, direction=direction,
                         category=category)
    parsed = parse_metric(f"{name}: {before} -> {after}", direction=direction,
                          category=category)
    assert built == parsed


@given(st.integers(0, 999_999), st.sampled_from([("K", 10**3), ("M", 10**6), ("B", 10**9)]),
       st.sampled_from(["", "$", "€"]))
def test_magnitude_suffixes_equal_their_expanded_numbers(n: int, suffix, currency: str) -> None:
    letter, factor = suffix
    short = parse_quantity(f"{currency}{n}{letter}")
    assert short.value == parse_quantity(f"{currency}{n * factor:,}").value
    assert short.value == parse_quantity(f"{currency}{n * factor}").value == n * factor
    assert parse_quantity(f"{currency}{n}{letter.lower()}").value == n * factor


@given(st.integers(1, 9999), st.integers(0, 9))
def test_decimal_magnitudes_are_exact(whole: int, tenth: int) -> None:
    assert parse_quantity(f"{whole}.{tenth}K").value == whole * 1000 + tenth * 100


def test_a_satisfaction_score_is_higher_is_better_whatever_it_is_about() -> None:
    metric = parse_metric("On-call satisfaction: 5.1 -> 7.8")
    assert metric.direction == "higher"
    assert metric.improvement_pct == 52.9
    assert parse_metric("Customer dissatisfaction: 30% -> 10%").direction == "lower"


def test_every_category_and_direction_has_one_label_in_the_vocabulary() -> None:
    assert set(vocabulary.CATEGORY_LABELS) == set(CATEGORIES)
    assert set(vocabulary.DIRECTION_LABELS) == set(DIRECTIONS)
    assert vocabulary.category_label("cost_savings") == "Cost savings"
    assert vocabulary.category_label(None) == vocabulary.category_label("") == "Other"

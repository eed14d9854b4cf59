"""How every packet template writes dates, numbers, tenure and results, decided once.

Dates as "14 Feb 2025", money through `format_money` ("$600K"), percentages with at most
one decimal ("91.7%"), a change in a percentage in points ("+0.45 pp"), tenure rounded the
way people say it ("almost 4 years").
"""

from __future__ import annotations

import datetime as dt

from bragdoc.domain.facts import is_revenue
from bragdoc.domain.quantities import Metric, format_money

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS_A_YEAR = 365.2425


def format_date(day: dt.date | None) -> str:
    """14 Feb 2025; empty for no date."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}" if day else ""


def format_span(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return f"{format_date(start)} – {format_date(end)}"
    if start:
        return f"{format_date(start)} – ongoing"
    if end:
        return f"until {format_date(end)}"
    return ""


def format_pct(value: float) -> str:
    text = f"{abs(value):,.1f}".rstrip("0").rstrip(".")
    return ("−" if value < 0 else "") + text + "%"


def format_number(value: float) -> str:
    text = f"{value:,.1f}".rstrip("0").rstrip(".")
    return text.replace("-", "−")


def format_points(value: float) -> str:
    """Percentage points, signed, as exact as they were computed: "+0.05 pp"."""
    text = f"{abs(value):,.3f}".rstrip("0").rstrip(".")
    return ("+" if value > 0 else "−" if value < 0 else "") + text + " pp"


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def tidy(text: str | None) -> str:
    return " ".join((text or "").split())


def years_between(start: dt.date | None, until: dt.date) -> float | None:
    if start is None or start > until:
        return None
    return (until - start).days / _DAYS_A_YEAR


def tenure(years: float) -> str:
    """Years rounded as a person says them, never cut short: 2.97 is "3 years", 3.9 is
    "almost 4 years", 3.5 is "3½ years"."""
    whole = int(years)
    part = years - whole
    if part >= 0.95:
        return plural(whole + 1, "year")
    if part >= 0.65:
        return f"almost {plural(whole + 1, 'year')}"
    if part >= 0.4:
        return f"{whole}½ years" if whole else "half a year"
    if whole == 0:
        months = round(years * 12)
        return plural(max(months, 1), "month")
    return plural(whole, "year")


def currency_of(metric: Metric) -> str:
    side = metric.value or metric.before
    return (side.currency if side and side.currency else None) or "USD"


def _money_sentence(metric: Metric) -> str:
    """A yearly amount said once, as what it is: "$600K a year saved", never the amount
    echoed as "$600K/month = $7.2M/year"."""
    amount = format_money(metric.annual_value or 0.0, currency_of(metric))
    if not metric.counts_as_business_value:
        return f"{amount} a year"
    return f"{amount} a year in revenue" if is_revenue(metric) else f"{amount} a year saved"


def _change(metric: Metric, name: str, sides: str) -> str:
    improvement = metric.improvement_pct
    points = metric.change_pp
    if points is not None and improvement is not None and improvement > 0:
        word = "down" if points < 0 else "up"
        text = f"{name} {word} {format_points(abs(points))[1:]} ({sides})"
        if metric.downtime_reduction_pct is not None:
            text += f", {format_pct(metric.downtime_reduction_pct)} less downtime"
        return text
    often = "frequency" in (metric.before.kind, metric.after.kind)  # type: ignore[union-attr]
    factor = metric.factor
    if metric.direction == "lower":
        text = f"{name} reduced {format_pct(improvement or 0.0)} ({sides})"
        if factor:
            word = ("faster" if metric.before.kind == "duration"  # type: ignore[union-attr]
                    else "less often" if often else "lower")
            text += f", {format_number(factor)}× {word}"
    elif often and factor:
        text = f"{name} {format_number(factor)}× as often ({sides})"
    else:
        text = f"{name} up {format_pct(improvement or 0.0)} ({sides})"
        if factor:
            text += f", {format_number(factor)}×"
    if metric.downtime_reduction_pct is not None:
        text += f", {format_pct(metric.downtime_reduction_pct)} less downtime"
    if metric.annual_value is not None:
        text += f", {_money_sentence(metric)}"
    return text


def describe(metric: Metric) -> str:
    """One sentence for a result: "Deployment time reduced 91.7% (2 hours → 10 minutes),
    12× faster". Only what the quantities engine computed; text it could not read is
    said to be unquantified rather than guessed at."""
    name = metric.name or "Result"
    if not metric.quantified:
        return f"{name}: {tidy(metric.value_text or metric.text)} (not quantified)"
    if metric.kind == "single":
        if metric.annual_value is not None and metric.value and metric.value.kind == "money":
            return f"{name}: {_money_sentence(metric)}"
        shown = tidy(metric.value_text)
        return f"{metric.name}: {shown}" if metric.name else shown
    sides = f"{tidy(metric.before_text)} → {tidy(metric.after_text)}"
    if metric.is_new:
        return f"{name}: new ({sides})"
    improvement = metric.improvement_pct
    if improvement is None:
        if not metric.change_pct:
            return f"{name}: no change ({sides})"
        points = metric.change_pp
        signed = (format_points(points) if points is not None else
                  ("+" if metric.change_pct > 0 else "") + format_pct(metric.change_pct))
        return f"{name} changed {signed} ({sides}); better or worse is not set"
    if improvement < 0:
        points = metric.change_pp
        worse = (format_points(abs(points))[1:] if points is not None
                 else format_pct(-improvement))
        return f"{name} got worse by {worse} ({sides})"
    if improvement == 0:
        return f"{name}: no change ({sides})"
    return _change(metric, name, sides)

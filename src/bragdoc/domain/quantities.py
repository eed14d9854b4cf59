"""Metrics as people type them ("p95 latency: 2.4s → 0.6s") and what follows from them.

The semantics are fixed by spec/quantities.md. The rule that shapes this module: a side we
cannot read with confidence is kept as text and flagged "not quantified"; we never guess a
number and never raise on user text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple, TypedDict

from bragdoc.domain import metric_lexicon as lex
from bragdoc.domain.errors import InvalidInput

DIRECTIONS = ("lower", "higher", "unknown")
CATEGORIES = ("revenue", "cost_savings", "user_experience", "operational_efficiency",
              "performance", "reliability", "scalability", "developer_productivity", "leadership")



@dataclass(frozen=True)
class Quantity:
    text: str
    value: float
    kind: str
    unit: str
    currency: str | None = None
    period: str | None = None
    at_least: bool = False


class _Side(NamedTuple):
    quantity: Quantity
    context: str  # words after the unit ("saved", "orders"), kept for direction and checks
    timed: bool  # a rate of time ("hours/week")


class _Parts(NamedTuple):
    cur: str
    num: str
    mag: str
    plus: str
    tail: str


def _parts(text: str) -> _Parts | None:
    match = lex.NUMBER_RE.fullmatch(text.strip())
    if match is None:
        return None
    return _Parts(match["cur"], match["num"], match["mag"], match["plus"],
                  " ".join(match["tail"].split()))


def _side(text: str, amount: Decimal, kind: str, unit: str, context: str, *,
          currency: str | None = None, period: str | None = None, at_least: bool = False,
          timed: bool = False) -> _Side | None:
    context = context.strip()
    # Digits or symbols after the unit ("1h 30m", "$5/user") mean we did not understand it.
    if context and (not (context[0].isalpha() or context[0] in "x×")
                    or any(c.isdigit() for c in context)):
        return None
    value = float(amount)
    if not math.isfinite(value) or (value == 0) != (amount == 0):
        return None
    quantity = Quantity(text, value, kind, unit.lower(), currency, period, at_least)
    return _Side(quantity, context, timed)


def _interpret(text: str, parts: _Parts) -> _Side | None:
    if sum(c.isdigit() for c in parts.num) > 15:  # beyond what a float holds exactly
        return None
    n = Decimal(parts.num.replace(",", "")) * lex.MAGNITUDE.get(parts.mag.lower(), 1)
    tail, at_least = parts.tail, bool(parts.plus)
    if parts.cur:
        period = lex.PERIOD_RE.match(tail)
        word = period and (period[1] or period[2]).lower()
        return _side(text, n, "money", parts.cur, tail[period.end():] if period else tail,
                     currency=lex.CURRENCY[parts.cur], period=lex.PERIOD.get(word or ""),
                     at_least=at_least)
    if match := lex.PERCENT_RE.match(tail):
        return _side(text, n, "percent", "%", tail[match.end():], at_least=at_least)
    if match := lex.ABBR_RE.match(tail):
        per_day = n * lex.DAY / lex.RATE_ABBREVIATIONS[match[1].lower()]
        return _side(text, per_day, "rate", match[0], tail[match.end():], at_least=at_least)
    for regex in (lex.PER_RE, lex.FREQ_RE):
        if match := regex.match(tail):
            noun = (match["noun"] or "").lower().split()
            timed = any(word in lex.SECONDS for word in noun)
            scale = lex.SECONDS[next(w for w in noun if w in lex.SECONDS)] if timed else 1
            per_day = (lex.DAY / lex.SECONDS[match["per"].lower()] if regex is lex.PER_RE
                       else lex.PER_DAY[match["freq"].lower()])
            return _side(text, n * scale * per_day, "rate", match[0], tail[match.end():],
                         timed=timed, at_least=at_least)
    if match := lex.DURATION_RE.match(tail):
        seconds = n * lex.SECONDS[match[1].lower()]
        return _side(text, seconds, "duration", match[1], tail[match.end():], at_least=at_least)
    return _side(text, n, "count", "", tail, at_least=at_least)


def _read(text: str, parts: _Parts | None = None) -> _Side | None:
    text = text.strip()
    parts = parts or _parts(text)
    if parts is not None:
        return _interpret(text, parts)
    match = lex.FREQ_RE.match(text)
    if match and not match["noun"]:  # "weekly": a bare frequency word, how often per day
        word = match["freq"].lower()
        return _side(text, lex.PER_DAY[word], "frequency", word, text[match.end():])
    return None


def _read_pair(before: str, after: str) -> tuple[_Side | None, _Side | None]:
    """A currency or unit written on one side only applies to both ("2.4 → 0.6s")."""
    b, a = _parts(before), _parts(after)
    if b and a:
        b, a = (b._replace(cur=b.cur or a.cur, tail=b.tail or a.tail),
                a._replace(cur=a.cur or b.cur, tail=a.tail or b.tail))
    return _read(before, b), _read(after, a)


def _dimension(side: _Side) -> tuple[object, ...]:
    q = side.quantity
    if q.kind in ("rate", "frequency"):  # both are "per day", so "weekly → 3 daily" compares
        return ("per_day", side.timed)
    if q.kind == "money":  # "$600K/year → $20K/month" compares; "$50K → $20K/month" cannot
        return ("money", q.currency, q.period is not None)
    return (q.kind,)


def _comparable(b: _Side, a: _Side) -> bool:
    if _dimension(b) != _dimension(a):
        return False
    if b.quantity.kind == "count" and b.context and a.context:  # "500 MB → 2 GB" is not 500 → 2
        def stem(ctx: str) -> str:
            return ctx.split()[0].lower().removesuffix("s")
        return stem(b.context) == stem(a.context)
    return True


def _amount(q: Quantity) -> float:
    return q.value * lex.PER_YEAR[q.period] if q.period else q.value


def _round(value: float | None, digits: int = 1) -> float | None:
    """Half away from zero on the shortest decimal, as people round: 81.25 → 81.3."""
    if value is None or not math.isfinite(value):
        return None
    if abs(value) >= 1e15:  # no decimals left to round, and too long for Decimal's context
        return float(round(value))
    step = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(value)).quantize(step, ROUND_HALF_UP)) + 0.0  # no -0.0


def _num(value: float, decimals: int = 1) -> str:
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace("-", "−")


def _decimals(*sides: Quantity) -> int:
    """As many decimals as the most precise side was written with (at least one), so a
    difference of typed figures is exact and never rounded into another figure."""
    most = 1
    for side in sides:
        digits = re.search(r"[.,](\d+)\s*%", side.text)
        most = max(most, len(digits[1]) if digits else 0)
    return most


def _pct(value: float) -> str:
    return f"{_num(value)}%"


def _signed(value: float) -> str:
    return ("+" if value > 0 else "") + _pct(value)


def _display(text: str) -> str:
    """A side as typed, tidied: "2.4s" → "2.4 s", "$50K/month saved" unchanged."""
    parts = _parts(text)
    if parts is None:
        return " ".join(text.split())
    tail = parts.tail
    glued = not tail or tail[0] in "%/" or tail.lower() in ("x", "×")
    return f"{parts.cur}{parts.num}{parts.mag}{parts.plus}{'' if glued else ' '}{tail}"


def format_money(amount: float, currency: str = "USD") -> str:
    symbol = lex.SYMBOL.get(currency, f"{currency} ")
    sign, size = ("−" if amount < 0 else ""), abs(amount)
    for divisor, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        scaled = round(size / divisor, 1)
        if scaled >= 1:
            return f"{sign}{symbol}{_num(scaled)}{suffix}"
    whole = size == int(size)
    return f"{sign}{symbol}{_num(size, 0) if whole else f'{size:.2f}'}"


def parse_quantity(text: str) -> Quantity | None:
    side = _read(text) if isinstance(text, str) else None
    return side.quantity if side else None


@dataclass(frozen=True)
class Metric:
    name: str
    text: str
    kind: str
    before: Quantity | None
    after: Quantity | None
    value: Quantity | None
    before_text: str | None
    after_text: str | None
    value_text: str | None
    quantified: bool
    direction: str
    direction_source: str
    category: str | None
    category_source: str
    improvement_pct: float | None
    change_pct: float | None
    factor: float | None
    downtime_reduction_pct: float | None
    annual_value: float | None
    is_new: bool
    note: str | None = None

    def summary(self) -> str:
        # A quantified metric is a single value or a change between two sides.
        before, after, q = self.before, self.after, self.value
        if q is not None and self.quantified:
            if q.currency is not None and self.annual_value is not None:
                plus = "+" if q.at_least else ""
                return f"{format_money(self.annual_value, q.currency)}{plus}/year"
            return _display(q.text)
        if before is None or after is None or not self.quantified:
            return "not quantified"
        if self.is_new:
            return "new"
        if _amount(before) == _amount(after) or self.change_pct is None:
            return "no change"
        improvement = self.improvement_pct
        points = self.change_pp
        if points is not None:
            return self._points_summary(points)
        if improvement is None:
            return _signed(self.change_pct)
        if improvement < 0:
            return f"{_signed(improvement)} (regression)"
        often = "frequency" in (before.kind, after.kind)
        if self.direction == "lower":
            kind = before.kind
            word = "faster" if kind == "duration" else "less often" if often else "lower"
            return f"{_pct(improvement)} {word}"
        if often and self.factor:
            return f"{_num(self.factor)}× as often"
        text = _signed(improvement)
        if self.downtime_reduction_pct is not None:
            text += f", {_pct(self.downtime_reduction_pct)} less downtime"
        return text

    @property
    def change_pp(self) -> float | None:
        """For a percentage measured twice, after − before in percentage points: the
        figure people mean by "uptime went up" (99.9% → 99.95% is +0.05 pp, where the
        relative change would print as a misleading "0.1%")."""
        if self.kind != "change" or self.before is None or self.after is None:
            return None
        if self.before.kind != "percent" or self.after.kind != "percent":
            return None
        return _round(self.after.value - self.before.value, _decimals(self.before, self.after))

    def _points_summary(self, points: float) -> str:
        signed = ("+" if points > 0 else "") + f"{_num(points, 3)} pp"
        if self.improvement_pct is not None and self.improvement_pct < 0:
            return f"{signed} (regression)"
        if self.downtime_reduction_pct is not None:
            signed += f", {_pct(self.downtime_reduction_pct)} less downtime"
        return signed

    def explain(self) -> str:
        before, after, value = self.before, self.after, self.value
        summary = self.summary()
        if value is not None and self.quantified:
            shown = _display(value.text)
            return shown if shown == summary else f"{shown} = {summary}"
        if before is None or after is None or not self.quantified:
            return f"not quantified: {self.text}"
        sides = f"{_display(before.text)} → {_display(after.text)}"
        if self.improvement_pct is not None and self.improvement_pct < 0:
            return f"{summary}: {sides}"
        text = f"{summary} ({sides})"
        if self.factor and not summary.endswith("as often"):
            text += f", {_num(self.factor)}×"
        if self.annual_value is not None and before.currency is not None:
            text += f", {format_money(self.annual_value, before.currency)}/year"
        return text

    def computed(self) -> dict[str, object]:
        out: dict[str, object] = {
            "direction": self.direction, "improvement_pct": self.improvement_pct,
            "factor": self.factor, "annual_value": self.annual_value,
            "quantified": self.quantified,
            "downtime_reduction_pct": self.downtime_reduction_pct,
            "change_pct": self.change_pct, "is_new": self.is_new, "category": self.category}
        if self.change_pp is not None:
            out["change_pp"] = self.change_pp
        return out

    @property
    def counts_as_business_value(self) -> bool:
        if not self.quantified or self.annual_value is None:
            return False
        if lex.BUSINESS_WORDS.search(f"{self.name} {self.text}") or self.category == "revenue":
            return True
        if self.category == "cost_savings" and self.category_source == "user":
            return True
        # An inferred "cost" single value is a spend, not a saving; a cost that went down is.
        return self.kind == "change" and self.direction == "lower"


class _Expression(NamedTuple):
    kind: str
    before_text: str | None = None
    after_text: str | None = None
    sides: tuple[_Side, ...] = ()


def _parse_expression(expr: str) -> _Expression:
    pieces = lex.ARROW_RE.split(expr)
    if len(pieces) == 1 and (match := lex.FROM_TO_RE.fullmatch(expr)):
        pieces = [match[1], match[2]]
    if len(pieces) == 2:
        before_text, after_text = (piece.strip() for piece in pieces)
        b, a = _read_pair(before_text, after_text)
        if b and a and _comparable(b, a):
            return _Expression("change", before_text, after_text, (b, a))
        return _Expression("text", before_text, after_text)
    value = _read(expr) if len(pieces) == 1 else None
    return _Expression("single", sides=(value,)) if value else _Expression("text")


def _infer_direction(words: str, kinds: set[str]) -> str:
    if lex.SAVED_OR_SURVIVED.search(words):
        return "higher"
    if "duration" in kinds:  # a duration is a time to do something
        return "lower"
    if lex.GOOD_OUTCOME.search(words):
        return "higher"
    if lex.LOWER.search(words):  # also for rates: "incidents/month" going up is no improvement
        return "lower"
    if kinds & {"rate", "frequency"}:
        return "higher"
    return "higher" if lex.HIGHER.search(words) else "unknown"


def _infer_category(words: str, kinds: set[str]) -> str | None:
    for category, pattern, needs in lex.CATEGORY_RULES:
        if (needs is None or needs & kinds) and pattern.search(words):
            return category
    return None


def _choice(value: str | None, allowed: tuple[str, ...], what: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        normalised = value.strip().lower().replace("-", "_").replace(" ", "_")
        if normalised in allowed:
            return normalised
    raise InvalidInput(f"unknown {what} {value!r}; expected one of: {', '.join(allowed)}")


def _metric(name: str, expr: str, raw: str, direction: str | None, category: str | None,
            note: str | None) -> Metric:
    parsed = _parse_expression(expr)
    sides = parsed.sides
    # A rate of time ("hours/week") is neither better high nor low by its unit alone.
    kinds = {"timed" if side.timed else side.quantity.kind for side in sides}
    words = f"{name} {expr}"
    inferred = "unknown"  # nothing was measured, so nothing can be better or worse
    if parsed.kind != "text":
        inferred = _infer_direction(words, kinds)
    direction_ = direction or inferred
    numbers: _Numbers = {"improvement_pct": None, "change_pct": None, "factor": None,
                     "downtime_reduction_pct": None, "annual_value": None, "is_new": False}
    if parsed.kind == "change":
        b, a = (side.quantity for side in sides)
        numbers.update(_compare(b, a, direction_))
        text = f"{parsed.before_text} → {parsed.after_text}"
    elif parsed.kind == "single":
        q = sides[0].quantity
        if q.period:
            numbers["annual_value"] = _round(_amount(q), 2)
        text = expr
    else:
        text = raw
    if name and parsed.kind != "text":
        text = f"{name}: {text}"
    return Metric(
        name=name, text=text, kind=parsed.kind,
        before=sides[0].quantity if parsed.kind == "change" else None,
        after=sides[1].quantity if parsed.kind == "change" else None,
        value=sides[0].quantity if parsed.kind == "single" else None,
        before_text=parsed.before_text, after_text=parsed.after_text,
        value_text=None if parsed.kind == "change" else expr,
        quantified=parsed.kind != "text", direction=direction_,
        direction_source="user" if direction else "inferred",
        category=category or _infer_category(words, kinds),
        category_source="user" if category else "inferred", note=note, **numbers)


class _Numbers(TypedDict, total=False):
    """What a change works out to (Metric's computed fields)."""

    improvement_pct: float | None
    change_pct: float | None
    factor: float | None
    downtime_reduction_pct: float | None
    annual_value: float | None
    is_new: bool


def _compare(b: Quantity, a: Quantity, direction: str) -> _Numbers:
    x, y = _amount(b), _amount(a)
    if x == 0:
        return {"is_new": True}
    change = (y - x) / x * 100
    out: _Numbers = {"change_pct": _round(change)}
    if direction == "lower":
        out["improvement_pct"], ratio = _round(-change), (x / y if y else None)
    elif direction == "higher":
        out["improvement_pct"], ratio = _round(change), y / x
    else:
        return out
    if ratio is not None and ratio >= 2 - 1e-9:  # tolerance: 0.6 / 0.3 must count as 2×
        out["factor"] = _round(ratio)
    availability_like = b.kind == "percent" and 90 <= x < 100 and 90 <= y <= 100
    if direction == "higher" and availability_like:
        out["downtime_reduction_pct"] = _round((y - x) / (100 - x) * 100)
    if b.kind == "money" and b.period and a.period:
        out["annual_value"] = _round(x - y if direction == "lower" else y - x, 2)
    return out


def _split_name(raw: str) -> tuple[str, str]:
    """The name ends at the first colon followed by something we can read, so a name may
    itself hold a colon ("API: p95 latency: 2.4s → 0.6s")."""
    colons = [i for i, char in enumerate(raw) if char == ":"]
    for i in colons:
        if _parse_expression(raw[i + 1:].strip()).kind != "text":
            return raw[:i].strip(), raw[i + 1:].strip()
    if colons:
        return raw[:colons[0]].strip(), raw[colons[0] + 1:].strip()
    return "", raw


def parse_metric(text: str, *, direction: str | None = None, category: str | None = None,
                 note: str | None = None) -> Metric:
    direction, category = (_choice(direction, DIRECTIONS, "direction"),
                           _choice(category, CATEGORIES, "category"))
    raw = text.strip() if isinstance(text, str) else ""
    name, expr = _split_name(raw)
    return _metric(name, expr, raw, direction, category, note)


def build_metric(name: str, *, before: str | None = None, after: str | None = None,
                 value: str | None = None, direction: str | None = None,
                 category: str | None = None, note: str | None = None) -> Metric:
    direction, category = (_choice(direction, DIRECTIONS, "direction"),
                           _choice(category, CATEGORIES, "category"))
    # A stored unreadable metric keeps its sides and its whole expression in value_text;
    # reading the expression back is what reproduces it exactly.
    if value is not None or (before is None and after is None):
        expr = value or ""
    else:
        expr = f"{before or ''} -> {after or ''}"
    name = name or ""
    raw = f"{name}: {expr}".strip() if name.strip() else expr.strip()
    return _metric(name.strip(), expr.strip(), raw, direction, category, note)

"""Turning parsed metrics into rows of the metric table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

from sqlmodel import Session, col, delete

from bragdoc.domain.quantities import Metric
from bragdoc.domain.records import new_id
from bragdoc.store import tables


class MetricValues(TypedDict):
    """A metric row's columns (tables.Metric), for the constructor or a bulk insert."""

    id: str
    win_id: str | None
    project_id: str | None
    position: int
    name: str
    text: str
    kind: str
    before_text: str | None
    after_text: str | None
    value_text: str | None
    before_value: float | None
    after_value: float | None
    value: float | None
    unit_kind: str | None
    unit: str | None
    currency: str | None
    period: str | None
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
    business_value: bool
    note: str | None


def metric_values(
    metric: Metric, position: int, *, win_id: str | None = None, project_id: str | None = None
) -> MetricValues:
    single = metric.value
    # The unit of the result side describes the metric (a unit typed once applies to both).
    unit = metric.after or single
    return MetricValues(
        id=new_id(),
        win_id=win_id,
        project_id=project_id,
        position=position,
        name=metric.name,
        text=metric.text,
        kind=metric.kind,
        before_text=metric.before_text,
        after_text=metric.after_text,
        value_text=metric.value_text,
        before_value=metric.before.value if metric.before else None,
        after_value=metric.after.value if metric.after else None,
        value=single.value if single else None,
        unit_kind=unit.kind if unit else None,
        unit=unit.unit if unit else None,
        currency=unit.currency if unit else None,
        period=unit.period if unit else None,
        quantified=metric.quantified,
        direction=metric.direction,
        direction_source=metric.direction_source,
        category=metric.category,
        category_source=metric.category_source,
        improvement_pct=metric.improvement_pct,
        change_pct=metric.change_pct,
        factor=metric.factor,
        downtime_reduction_pct=metric.downtime_reduction_pct,
        annual_value=metric.annual_value,
        is_new=metric.is_new,
        business_value=metric.counts_as_business_value,
        note=metric.note,
    )


def metric_row(metric: Metric, position: int, *, win_id: str | None = None,
               project_id: str | None = None) -> tables.Metric:
    return tables.Metric(**metric_values(metric, position, win_id=win_id,
                                         project_id=project_id))


def replace_metrics(
    session: Session,
    metrics: Sequence[Metric],
    *,
    win_id: str | None = None,
    project_id: str | None = None,
    fresh: bool = False,
) -> None:
    """Make the owner's metrics exactly `metrics`; a `fresh` owner has none to delete."""
    if not fresh:
        owner = tables.Metric.win_id if win_id is not None else tables.Metric.project_id
        session.exec(delete(tables.Metric).where(col(owner) == (win_id or project_id)))
    session.add_all(
        metric_row(m, i, win_id=win_id, project_id=project_id) for i, m in enumerate(metrics)
    )

"""The impact charts, checked on the Figure itself: no Qt, no pyplot, no screenshots."""

from __future__ import annotations

import datetime as dt
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from matplotlib import dates as mdates
from matplotlib.backend_bases import MouseEvent
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.text import Text

from bragdoc.charts import (
    CHARTS,
    NAMES,
    NOTHING_TO_SHOW,
    ImpactData,
    ImpactMetric,
    ImpactProject,
    ImpactWin,
    cadence,
    common,
    drawing,
    figure_bytes,
    hits_of,
    improvements,
    picked,
    pillars,
    render_chart,
    save_figure,
    scope,
    value,
)
from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.quantities import parse_metric
from bragdoc.domain.vocabulary import PILLAR_LABELS

D = dt.date
SINCE, UNTIL = D(2026, 1, 1), D(2026, 6, 30)


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def all_text(fig: Figure) -> str:
    return "\n".join(texts(fig))


def win(id: str, day: dt.date, *pillar_names: str, project: str | None = None) -> ImpactWin:
    return ImpactWin(id=id, date=day, title=f"Win {id}", pillars=pillar_names,
                     project_id=project, project_name=project and project.title())


def metric(text: str, day: dt.date, *, id: str = "m", win_id: str | None = "w1",
           project: str | None = None, category: str | None = None) -> ImpactMetric:
    return ImpactMetric.from_metric(parse_metric(text, category=category), id=id, date=day,
                                    win_id=win_id, project_id=project,
                                    project_name=project and project.title())


def project(id: str, scope_name: str, start: dt.date | None, end: dt.date | None,
            *win_ids: str, name: str | None = None) -> ImpactProject:
    return ImpactProject(id=id, name=name or id.title(), scope=scope_name, start=start, end=end,
                         win_ids=win_ids)


def row_labels(fig: Figure) -> list[str]:
    return common.labels_of(fig.axes[0])


def collection(fig: Figure) -> PolyCollection:
    return next(a for a in hits_of(fig).targets if isinstance(a, PolyCollection))


def drawn(fig: Figure) -> FigureCanvasAgg:
    canvas = FigureCanvasAgg(fig)
    with drawing():
        canvas.draw()
    return canvas


def click(fig: Figure, ax, x: float, y: float):  # type: ignore[no-untyped-def]
    """Press the mouse at data point (x, y) and return what the pick event reports."""
    canvas = drawn(fig)
    got = []
    canvas.mpl_connect("pick_event", lambda event: got.append(picked(event)))
    px, py = ax.transData.transform((x, y))
    fig.pick(MouseEvent("button_press_event", canvas, px, py, button=1))
    return [hit for hit in got if hit is not None]


# --- every chart ----------------------------------------------------------------------

def full_period() -> ImpactData:
    wins = (win("w1", D(2026, 1, 6), "technical_excellence", project="p1"),
            win("w2", D(2026, 2, 11), "leadership", "communication", project="p1"),
            win("w3", D(2026, 4, 20), "system_design"))
    return ImpactData(
        SINCE, UNTIL, wins=wins,
        projects=(project("p1", "cross_team", D(2026, 1, 5), D(2026, 3, 1), "w1", "w2"),),
        metrics=(metric("Deployment time: 2 hours -> 10 minutes", D(2026, 1, 6)),
                 metric("Infrastructure cost: $50K/month -> $20K/month", D(2026, 2, 11),
                        id="m2", win_id="w2", project="p1")))


@pytest.mark.parametrize("name", NAMES)
def test_an_empty_period_draws_a_clear_nothing_to_show_figure(name: str) -> None:
    fig = render_chart(name, ImpactData(SINCE, UNTIL))
    assert getattr(fig, "bragdoc_empty", False)
    assert NOTHING_TO_SHOW in texts(fig)
    assert "1 Jan 2026 – 30 Jun 2026" in all_text(fig)
    assert hits_of(fig).all() == []
    assert figure_bytes(fig, "png").startswith(b"\x89PNG")


@pytest.mark.parametrize("name", NAMES)
def test_a_single_data_point_draws_a_real_chart(name: str) -> None:
    data = ImpactData(
        SINCE, UNTIL, wins=(win("w1", D(2026, 3, 3), "leadership", project="p1"),),
        projects=(project("p1", "single_team", D(2026, 3, 3), D(2026, 3, 3), "w1"),),
        metrics=(metric("Revenue: $50K -> $60K/month", D(2026, 3, 3), category="revenue"),
                 metric("p95 latency: 2.4s -> 0.6s", D(2026, 3, 3), id="m2")))
    fig = render_chart(name, data)
    assert not getattr(fig, "bragdoc_empty", False)
    assert any("w1" in hit.win_ids for hit in hits_of(fig).all())
    assert figure_bytes(fig, "png").startswith(b"\x89PNG")


@pytest.mark.parametrize("name", NAMES)
def test_long_titles_wrap_to_two_lines_and_stay_inside_the_figure(name: str) -> None:
    title = "An extraordinarily long chart title " * 8
    fig = render_chart(name, full_period(), title=title)
    shown = fig.bragdoc_title  # type: ignore[attr-defined]
    assert shown.count("\n") == 1 and shown.endswith("…")
    drawn(fig)
    heading = next(t for t in fig.texts if t.get_text() == shown)
    box = heading.get_window_extent()
    assert box.x0 >= 0 and box.y0 >= 0
    assert box.x1 <= fig.bbox.width and box.y1 <= fig.bbox.height


@pytest.mark.parametrize("name", NAMES)
def test_non_latin_text_renders_without_failing(name: str, tmp_path: Path) -> None:
    data = ImpactData(
        SINCE, UNTIL,
        wins=(win("w1", D(2026, 2, 2), "communication", project="p1"),
              win("w2", D(2026, 3, 9), "leadership", project="p1")),
        projects=(ImpactProject("p1", "検索レイテンシ改善 Ελληνικά", "org_wide", D(2026, 2, 1),
                                D(2026, 4, 1), win_ids=("w1", "w2")),),
        metrics=(metric("延迟 p95: 2.4s -> 0.6s", D(2026, 2, 2)),
                 metric("Économies: €10K/month", D(2026, 3, 9), id="m2", win_id="w2",
                        category="cost_savings")))
    fig = render_chart(name, data, title="影响 — Auswirkung — Влияние")
    save_figure(fig, tmp_path / "chart.png")
    save_figure(fig, tmp_path / "chart.svg")
    assert "Влияние" in (tmp_path / "chart.svg").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", NAMES)
def test_a_huge_outlier_still_draws(name: str) -> None:
    wins = [win(f"w{i}", D(2026, 1, 5) + dt.timedelta(days=7 * i), "leadership")
            for i in range(10)]
    wins += [win(f"x{i}", D(2026, 3, 3), "system_design") for i in range(800)]
    data = ImpactData(SINCE, UNTIL, wins=tuple(wins), metrics=(
        metric("Throughput: 10 req/s -> 10M req/s", D(2026, 2, 2)),
        metric("Build time: 10 min -> 8 min", D(2026, 2, 3), id="m2"),
        metric("Revenue: $1B/year", D(2026, 4, 4), id="m3", category="revenue"),
        metric("Savings: $1K/year", D(2026, 1, 4), id="m4", category="cost_savings")))
    assert figure_bytes(render_chart(name, data), "png").startswith(b"\x89PNG")


def test_unknown_chart_names_and_file_types_are_the_users_mistake(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="unknown chart"):
        render_chart("pie", full_period())
    with pytest.raises(InvalidInput, match=r"\.png or \.svg"):
        save_figure(render_chart("cadence", full_period()), tmp_path / "chart.pdf")
    assert not (tmp_path / "chart.pdf").exists()


def test_png_is_written_atomically_and_privately(tmp_path: Path) -> None:
    target = save_figure(CHARTS["pillars"](full_period()), tmp_path / "out" / "pillars.PNG")
    assert target.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["pillars.PNG"]  # no temp file left


def test_svg_keeps_its_text_as_text(tmp_path: Path) -> None:
    title = "Cadence for the promotion packet"
    target = save_figure(CHARTS["cadence"](full_period(), title=title), tmp_path / "c.svg")
    root = ET.parse(target).getroot()
    found = ["".join(node.itertext()) for node in root.iter("{http://www.w3.org/2000/svg}text")]
    assert title in found
    assert any("Longest gap" in text for text in found)
    assert b"<path" in target.read_bytes()  # shapes stay shapes; only text is text


def test_money_in_labels_is_never_read_as_mathtext() -> None:
    data = ImpactData(SINCE, UNTIL, wins=(win("w1", D(2026, 2, 2)),), metrics=(
        metric("Vendor spend: $32K/month -> $14K/month", D(2026, 2, 2)),))
    fig = improvements.improvements_figure(data)
    assert any("$32K/month → $14K/month" in t for t in texts(fig))
    drawn(fig)


# --- the log-scale rule ---------------------------------------------------------------

def test_log_scale_only_beyond_two_orders_of_magnitude() -> None:
    assert not common.needs_log([1, 100])
    assert common.needs_log([1, 101])
    assert not common.needs_log([0, -5, 3, 250])  # only positive values count: 3 → 250
    assert common.needs_log([0, -5, 2, 250])
    assert not common.needs_log([7])


# --- cadence --------------------------------------------------------------------------

def test_cadence_counts_wins_per_iso_week_and_names_the_longest_gap() -> None:
    data = ImpactData(D(2026, 1, 5), D(2026, 3, 29), wins=(
        win("a", D(2026, 1, 5)), win("b", D(2026, 1, 11)), win("c", D(2026, 1, 12)),
        win("d", D(2026, 3, 2))))
    fig = cadence.cadence_figure(data)
    counts = fig.bragdoc_counts  # type: ignore[attr-defined]
    assert counts[D(2026, 1, 5)] == 2 and counts[D(2026, 1, 12)] == 1
    assert sum(counts.values()) == 4 and len(counts) == 12
    assert "Longest gap: 6 weeks without a win, from 19 Jan 2026." in texts(fig)
    assert "5 Jan 2026 – 29 Mar 2026 · 4 wins in 3 weeks of 12" in texts(fig)
    cells = collection(fig)
    colours = cells.get_facecolors()
    assert tuple(colours[0]) != tuple(colours[2])  # a busy week and an empty one differ
    first = hits_of(fig).lookup(cells, 0)
    assert first is not None and first.win_ids == ("a", "b")
    assert first.label.startswith("Week 2 of 2026 (5 Jan 2026 – 11 Jan 2026): 2 wins")


def test_cadence_colour_steps_follow_the_data_so_an_outlier_does_not_wash_out_the_rest() -> None:
    assert cadence.levels([0, 1, 2, 3]) == [1, 2, 3, 4]
    edges = cadence.levels([1, 2, 2, 3, 3, 4, 5, 500])
    assert edges[0] == 1 and edges[-1] < 500
    assert cadence._step(1, edges) == 1 and cadence._step(500, edges) == 4


def test_cadence_has_one_row_per_iso_year_for_long_periods() -> None:
    data = ImpactData(D(2016, 11, 21), D(2026, 11, 25), wins=(win("a", D(2020, 12, 31)),))
    fig = cadence.cadence_figure(data)
    ax = fig.axes[0]
    assert row_labels(fig) == [str(y) for y in range(2016, 2027)]
    assert common.labels_of(ax, common.COLUMN_LABEL)[:3] == ["Jan", "Feb", "Mar"]
    assert "Longest gap" in all_text(fig)


def test_clicking_a_cadence_cell_lists_its_wins() -> None:
    data = ImpactData(D(2026, 1, 5), D(2026, 2, 1), wins=(
        win("a", D(2026, 1, 13)), win("b", D(2026, 1, 15))))
    fig = cadence.cadence_figure(data)
    hits = click(fig, fig.axes[0], 3, 0)  # ISO week 3, the only row
    assert [hit.win_ids for hit in hits] == [("a", "b")]


# --- wins by pillar -------------------------------------------------------------------

def _segments(fig: Figure) -> dict[str, list[tuple[dt.date, float, float]]]:
    """pillar → [(month, bottom, top)] read back from the drawn polygons."""
    found = {}
    for artist in hits_of(fig).targets:
        keys = artist.bragdoc_segments  # type: ignore[attr-defined]
        spans = []
        for (month, _count), path in zip(keys, artist.get_paths(), strict=True):
            ys = path.vertices[:, 1]
            spans.append((month, float(ys.min()), float(ys.max())))
        found[artist.bragdoc_pillar] = spans  # type: ignore[attr-defined]
    return found


def test_pillar_bars_stack_each_pillar_per_month() -> None:
    fig = pillars.pillars_figure(full_period())
    segments = _segments(fig)
    assert segments["technical_excellence"] == [(D(2026, 1, 1), 0.0, 1.0)]
    # w2 has two pillars: it counts once in each, stacked in the guide's order.
    assert segments["communication"] == [(D(2026, 2, 1), 0.0, 1.0)]
    assert segments["leadership"] == [(D(2026, 2, 1), 1.0, 2.0)]
    assert segments["system_design"] == [(D(2026, 4, 1), 0.0, 1.0)]
    assert fig.bragdoc_totals == [1, 2, 0, 1, 0, 0]  # type: ignore[attr-defined]
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == [PILLAR_LABELS[p] for p in
                      ("technical_excellence", "system_design", "communication", "leadership")]
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Jan\n2026", "Feb", "Mar", "Apr",
                                                            "May", "Jun"]


def test_wins_without_a_pillar_get_their_own_grey_segment() -> None:
    data = ImpactData(SINCE, UNTIL, wins=(win("a", D(2026, 2, 2)),))
    fig = pillars.pillars_figure(data)
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["No pillar"]


def test_an_outlier_month_is_cut_at_the_axis_with_its_real_total() -> None:
    wins = [win(f"w{m}", D(2026, m, 3), "leadership") for m in range(1, 7)]
    wins += [win(f"x{i}", D(2026, 3, 10), "system_design") for i in range(500)]
    fig = pillars.pillars_figure(ImpactData(SINCE, UNTIL, wins=tuple(wins)))
    ax = fig.axes[0]
    assert ax.get_yscale() == "linear" and ax.get_ylim()[1] < 10
    assert "▲ 501" in texts(fig)
    assert "cut at the top of the axis" in all_text(fig)


def test_clicking_a_pillar_segment_lists_its_wins() -> None:
    fig = pillars.pillars_figure(full_period())
    hits = click(fig, fig.axes[0], 1, 1.5)  # February, the upper (leadership) segment
    assert [(hit.label, hit.win_ids) for hit in hits] == [
        ("February 2026 · Leadership: 1 win", ("w2",))]


# --- before → after -------------------------------------------------------------------

def test_improvements_are_labelled_with_the_computed_summary_and_factor() -> None:
    data = ImpactData(SINCE, UNTIL, wins=(win("w1", D(2026, 1, 6)),), metrics=(
        metric("Deployment time: 2 hours -> 10 minutes", D(2026, 1, 6)),
        metric("Throughput: 1K req/s -> 4K req/s", D(2026, 1, 7), id="m2"),
        metric("Error rate: 2% -> 3%", D(2026, 1, 8), id="m3"),
        metric("Engineers onboarded: 0 -> 4", D(2026, 1, 9), id="m4")))
    fig = improvements.improvements_figure(data)
    shown = texts(fig)
    assert "91.7% faster, 12×  (2 hours → 10 minutes)" in shown
    assert "+300%, 4×  (1K req/s → 4K req/s)" in shown
    assert any(t.startswith("+1 pp (regression)") for t in shown)  # a change in points
    ax = fig.axes[0]
    labels = row_labels(fig)
    assert labels == ["Reliability", "Error rate", "Scalability", "Throughput",
                      "Developer productivity", "Deployment time"]
    bold = [t.get_text() for t in ax.texts
            if t.get_gid() == common.ROW_LABEL and t.get_fontweight() == "bold"]
    assert bold == ["Reliability", "Scalability", "Developer productivity"]
    # Comparable scales: before is 100%, after is its share of before.
    after = hits_of(fig).targets
    dots = next(iter(after))
    xs = sorted(round(x, 2) for x, _y in dots.get_offsets())
    assert xs == [8.33, 150.0, 400.0]
    assert ax.get_xscale() == "linear"
    assert "1 metric starting from zero (new) not drawn." in all_text(fig)


def test_improvements_switch_to_a_log_axis_for_a_huge_outlier() -> None:
    data = ImpactData(SINCE, UNTIL, wins=(win("w1", D(2026, 1, 6)),), metrics=(
        metric("Build time: 10 min -> 8 min", D(2026, 1, 6)),
        metric("Throughput: 10 req/s -> 100K req/s", D(2026, 1, 7), id="m2"),
        metric("Incidents: 5 -> 0", D(2026, 1, 8), id="m3")))
    fig = improvements.improvements_figure(data)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    assert "log scale" in ax.get_xlabel()
    assert "Changes to zero sit at the left edge." in all_text(fig)
    assert any(t.startswith("+999,900%, 10K×") for t in texts(fig))


def test_many_improvements_keep_the_largest_per_category_and_merge_identical_ones() -> None:
    metrics = [metric(f"Latency {i}: {100 + i}ms -> 50ms", D(2026, 2, 1), id=f"l{i}")
               for i in range(30)]
    metrics += [metric("Alerts: 40 -> 4", D(2026, 3, 1), id=f"a{i}", win_id=f"w{i}")
                for i in range(3)]
    data = ImpactData(SINCE, UNTIL, wins=(win("w1", D(2026, 1, 6)),), metrics=tuple(metrics))
    fig = improvements.improvements_figure(data, limit=5)
    labels = row_labels(fig)
    assert "Alerts (×3)" in labels
    assert "Latency 29" in labels  # the largest latency change made it
    assert "Showing the 5 largest of 33 changes" in all_text(fig)
    alerts = next(h for h in hits_of(fig).all() if h.label.startswith("Alerts"))
    assert alerts.win_ids == ("w0", "w1", "w2")


# --- cumulative business value --------------------------------------------------------

def test_business_value_is_a_running_total_with_its_projects_named() -> None:
    data = ImpactData(SINCE, UNTIL, wins=(win("w1", D(2026, 1, 6)), win("w2", D(2026, 2, 11))),
                      metrics=(
        metric("Infrastructure cost: $50K/month -> $20K/month", D(2026, 2, 11), id="m1",
               win_id="w2", project="checkout"),
        metric("Revenue: $2M/year", D(2026, 4, 1), id="m2", win_id="w1", project="quota"),
        metric("p95 latency: 2.4s -> 0.6s", D(2026, 3, 1), id="m3")))
    fig = value.value_figure(data)
    assert fig.bragdoc_totals == {"USD": [360_000.0, 2_360_000.0]}  # type: ignore[attr-defined]
    assert not fig.bragdoc_log  # type: ignore[attr-defined]
    shown = all_text(fig)
    assert "$2.4M a year from 2 metrics in 2 projects" in shown
    assert "1 Checkout +$360K · 2 Quota +$2M" in shown
    labels = [h.label for h in hits_of(fig).all()]
    assert labels[0] == ("11 Feb 2026 · Checkout: +$360K a year (Infrastructure cost)")
    assert fig.axes[0].yaxis.get_major_formatter()(2_000_000, 0) == "$2M"


def test_business_value_keeps_currencies_apart_and_goes_log_for_an_outlier() -> None:
    data = ImpactData(SINCE, UNTIL, wins=(win("w1", D(2026, 1, 6)),), metrics=(
        metric("Savings: $1K/year", D(2026, 1, 6), id="m1", category="cost_savings"),
        metric("Revenue: $5M/year", D(2026, 2, 6), id="m2"),
        metric("Revenue: €20K/year", D(2026, 3, 6), id="m3")))
    fig = value.value_figure(data)
    assert fig.bragdoc_totals == {"USD": [1000.0, 5_001_000.0],  # type: ignore[attr-defined]
                                  "EUR": [20_000.0]}
    assert fig.bragdoc_log and fig.axes[0].get_yscale() == "log"  # type: ignore[attr-defined]
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["USD: $5M a year", "EUR: €20K a year"]


def test_a_cost_regression_keeps_the_value_axis_linear() -> None:
    data = ImpactData(SINCE, UNTIL, wins=(win("w1", D(2026, 1, 6)),), metrics=(
        metric("Infrastructure cost: $20K/month -> $50K/month", D(2026, 1, 6), id="m1"),
        metric("Revenue: $5M/year", D(2026, 2, 6), id="m2")))
    fig = value.value_figure(data)
    assert fig.bragdoc_totals["USD"] == [-360_000.0, 4_640_000.0]  # type: ignore[attr-defined]
    assert fig.axes[0].get_yscale() == "linear" and fig.axes[0].get_ylim()[0] < -360_000


# --- pillar balance -------------------------------------------------------------------

def test_balance_compares_shares_of_evidence_with_the_expected_profile() -> None:
    fig = CHARTS["balance"](full_period())
    mine, target = fig.bragdoc_shares  # type: ignore[attr-defined]
    assert mine == {"technical_excellence": 25.0, "system_design": 25.0,
                    "communication": 25.0, "leadership": 25.0, "career_strategy": 0.0}
    assert set(target.values()) == {20.0}
    assert "Even split" in texts(fig)
    assert "Leadership\n1 win · 25%" in texts(fig)
    assert "Career strategy (0% of your evidence, 20% expected)" in all_text(fig)
    leadership = next(h for h in hits_of(fig).all() if h.label.startswith("Leadership"))
    assert leadership.win_ids == ("w2",)


def test_balance_takes_an_expected_profile_from_the_ladder() -> None:
    expected = {"technical_excellence": 1, "system_design": 3, "leadership": 1}
    fig = CHARTS["balance"](full_period(), expected=expected, expected_label="L6 expects")
    _mine, target = fig.bragdoc_shares  # type: ignore[attr-defined]
    assert target["system_design"] == 60.0 and target["communication"] == 0.0
    assert "L6 expects" in texts(fig)


# --- scope over time ------------------------------------------------------------------

def test_scope_draws_one_row_per_project_coloured_by_reach_and_cut_to_the_period() -> None:
    data = ImpactData(SINCE, UNTIL, projects=(
        project("b", "org_wide", D(2026, 3, 1), None, "w9", name="Ingest reliability"),
        project("a", "single_team", D(2025, 11, 1), D(2026, 2, 1), name="On-call handbook"),
        ImpactProject("c", "Quota service", "cross_team", first_win=D(2026, 4, 2),
                      last_win=D(2026, 5, 5)),
        project("d", "cross_team", None, None, name="Never dated")))
    fig = scope.scope_figure(data)
    assert row_labels(fig) == ["On-call handbook", "Ingest reliability", "Quota service"]
    assert fig.bragdoc_bars == [  # type: ignore[attr-defined]
        ("a", SINCE, D(2026, 2, 1)),          # cut at the period's start
        ("b", D(2026, 3, 1), UNTIL),          # ongoing: runs to the period's end
        ("c", D(2026, 4, 2), UNTIL)]          # undated: placed by its wins, ongoing
    bars = collection(fig)
    colours = [tuple(round(c, 3) for c in rgba[:3]) for rgba in bars.get_facecolors()]
    assert len(set(colours)) == 3
    assert "3 projects: 1 single-team, 1 cross-team, 1 org-wide" in all_text(fig)
    assert "Dashed edge: still running (no end date)." in texts(fig)
    ingest = hits_of(fig).lookup(bars, 1)
    assert ingest is not None and ingest.win_ids == ("w9",)


def test_many_projects_are_packed_into_lanes_per_scope() -> None:
    projects = tuple(
        project(f"p{i}", ("single_team", "cross_team", "org_wide")[i % 3],
                D(2026, 1, 1) + dt.timedelta(days=7 * (i // 3)),
                D(2026, 1, 1) + dt.timedelta(days=7 * (i // 3) + 20))
        for i in range(30))
    fig = scope.scope_figure(ImpactData(SINCE, UNTIL, projects=projects))
    assert row_labels(fig) == ["Organisation-wide", "Cross-team", "Single team"]
    assert scope.lanes([(D(2026, 1, 1), D(2026, 1, 10)), (D(2026, 1, 5), D(2026, 1, 20)),
                        (D(2026, 1, 11), D(2026, 1, 30))]) == [0, 1, 0]


def test_clicking_a_project_bar_lists_its_wins() -> None:
    data = ImpactData(SINCE, UNTIL, projects=(
        project("a", "cross_team", D(2026, 2, 1), D(2026, 5, 1), "w1", "w2"),))
    fig = scope.scope_figure(data)
    hits = click(fig, fig.axes[0], mdates.date2num(D(2026, 3, 1)), 0)
    assert [hit.win_ids for hit in hits] == [("w1", "w2")]


def test_balance_counts_projects_as_evidence_and_gives_no_advice_on_request() -> None:
    platform = ImpactProject(id="p1", name="Platform", scope="org_wide",
                             start=D(2026, 1, 1), pillars=("system_design",))
    data = ImpactData(SINCE, UNTIL, wins=(win("w1", D(2026, 1, 6), "leadership"),),
                      projects=(platform,))
    shown = texts(render_chart("balance", data, advice=False))
    assert "System design\n0 wins, 1 project · 50%" in shown
    assert not any(t.startswith("Thinnest") for t in shown)


def test_several_picked_points_merge_into_one_hit_worded_as_a_count() -> None:
    from matplotlib.figure import Figure

    from bragdoc.charts.hits import ChartHits, Hit

    points = Figure().subplots().scatter([1, 2, 3], [1, 2, 3])
    hits = ChartHits()
    hits.add(points, [Hit("March", ("a",)), Hit("April", ("b", "a")), Hit("May", ("c",))])
    merged = hits.lookup(points, [0, 1, 2])
    assert merged == Hit("March and 2 more", ("a", "b", "c"))

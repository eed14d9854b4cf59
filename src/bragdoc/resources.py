"""The one way to reach files under resources/, from a wheel or from a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGED = Path(__file__).parent / "_resources"
_CHECKOUT = Path(__file__).resolve().parents[2] / "resources"


def root() -> Path:
    return _PACKAGED if _PACKAGED.is_dir() else _CHECKOUT


def path(relative: str) -> Path:
    """Absolute path of a resource; raises FileNotFoundError naming it when it is missing."""
    found = root() / relative
    if not found.exists():
        raise FileNotFoundError(f"bragdoc resource missing: {relative} (looked in {root()})")
    return found


APP_ICON = "icons/bragdoc.svg"
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
"""The PNG renderings of APP_ICON (bench/render_icons.py makes them), for launchers and
for window icons where an SVG renderer is missing."""


def app_icon_png(size: int) -> str:
    return f"icons/png/bragdoc-{size}.png"


SAMPLE_RECORD = "samples/sample-record.json"
"""A realistic 18-month record (interchange format) loaded by `bragdoc sample-data`."""
LADDER_NAMES = ("google", "meta", "amazon", "apple", "microsoft", "netflix", "stripe", "generic")
"""The shipped career ladders, one TOML file each under ladders/ (see domain/ladders.py)."""
LADDERS = tuple(f"ladders/{name}.toml" for name in LADDER_NAMES)
PRE_PROMOTION_CHECKLIST = "checklists/pre-promotion.toml"
SIX_MONTH_PLAN = "plans/six-month.toml"
PACKET_AUDIENCES = ("committee", "executive", "product", "engineering")
PACKET_TEMPLATES = tuple(f"templates/packet-{name}.md.j2" for name in PACKET_AUDIENCES)
"""The packet draft for each audience (Jinja2 Markdown; see bragdoc.packet.drafting)."""
PACKET_MACROS = "templates/_packet-macros.md.j2"
REFERENCED = (APP_ICON, *(app_icon_png(size) for size in APP_ICON_SIZES), SAMPLE_RECORD,
              *LADDERS, PRE_PROMOTION_CHECKLIST, SIX_MONTH_PLAN, *PACKET_TEMPLATES,
              PACKET_MACROS)

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
SAMPLE_RECORD = "samples/sample-record.json"
"""A realistic 18-month record (interchange format) loaded by `bragdoc sample-data`."""
REFERENCED = (APP_ICON, SAMPLE_RECORD)

"""What every command prints the same way: the program's name in messages, and JSON."""

from __future__ import annotations

import json
from typing import Any

PROG = "bragdoc"


def print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))

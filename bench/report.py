"""Writing one benchmark's section into docs/benchmarks.md, leaving the others alone."""

from __future__ import annotations

from pathlib import Path


def write_section(path: Path, heading: str, section: str) -> None:
    """Put `section` (which starts with `heading`, e.g. "## Charts") into `path`,
    replacing that section if it is there and appending it otherwise."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip() == heading), None)
    block = section.rstrip("\n") + "\n"
    if start is None:
        body = text.rstrip("\n") + "\n\n" + block
    else:
        end = next((i for i in range(start + 1, len(lines))
                    if lines[i].startswith(("## ", "# "))), len(lines))
        after = "".join(lines[end:])
        body = "".join(lines[:start]) + block + ("\n" + after if after else "")
    path.write_text(body, encoding="utf-8")

"""Export a finished packet draft to a file; the suffix picks the format.

    export_packet(markdown, Path("packet.pdf"), title="…", charts=[Chart(…)], page_size="A4")

.md writes the draft as it is, plus a `<stem>-charts/NAME.png` file for every chart it
references (the references are rewritten to those files, so any Markdown viewer shows
them); .html, .pdf and .docx embed the charts. Every file is written atomically: an
existing file is replaced only once the new one is complete, and owner-only (0600) like
everything else bragdoc writes: a packet is as private as the record it comes from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from bragdoc.domain.errors import InvalidInput
from bragdoc.packet.chart_image import Chart, charts_by_name
from bragdoc.store.files import write_atomically

__all__ = ["FORMATS", "PAGE_SIZES", "Chart", "check_target", "export_packet", "render_packet"]

FORMATS = (".md", ".html", ".pdf", ".docx")
PAGE_SIZES = ("A4", "Letter")

Renderer = Callable[..., bytes]


def _markdown(markdown: str, *, title: str, charts: Sequence[Chart], page_size: str,
              author: str) -> bytes:
    text = markdown if markdown.endswith("\n") else markdown + "\n"
    return text.encode("utf-8")


def _html(markdown: str, *, title: str, charts: Sequence[Chart], page_size: str,
          author: str) -> bytes:
    from bragdoc.packet.render_html import render_html

    return render_html(markdown, title=title, charts=charts, page_size=page_size).encode("utf-8")


def _pdf(markdown: str, *, title: str, charts: Sequence[Chart], page_size: str,
         author: str) -> bytes:
    from bragdoc.packet.render_pdf import render_pdf  # Qt is loaded only when needed

    return render_pdf(markdown, title=title, charts=charts, page_size=page_size, author=author)


def _docx(markdown: str, *, title: str, charts: Sequence[Chart], page_size: str,
          author: str) -> bytes:
    from bragdoc.packet.render_docx import render_docx

    return render_docx(markdown, title=title, charts=charts, page_size=page_size,
                       author=author)


_RENDERERS: dict[str, Renderer] = {".md": _markdown, ".html": _html, ".pdf": _pdf,
                                   ".docx": _docx}


def _format_of(out: Path) -> str:
    suffix = out.suffix.lower()
    if suffix == ".htm":
        return ".html"
    if suffix == ".markdown":
        return ".md"
    if suffix not in _RENDERERS:
        shown = f"“{out.suffix}”" if out.suffix else "no extension"
        raise InvalidInput(
            f"Cannot export a packet to {out.name} ({shown}): "
            "name the file with .md, .html, .pdf or .docx."
        )
    return suffix


def _page_size(page_size: str) -> str:
    for known in PAGE_SIZES:
        if page_size.strip().upper() == known.upper():
            return known
    raise InvalidInput(f"Unknown page size “{page_size}”: choose A4 or Letter.")


def check_target(out: Path, page_size: str = "A4") -> None:
    """InvalidInput when `out`'s suffix or the page size cannot be exported; writes nothing."""
    _format_of(Path(out))
    _page_size(page_size)


def render_packet(
    markdown: str, fmt: str, *, title: str, charts: Sequence[Chart] = (), page_size: str = "A4",
    author: str = "",
) -> bytes:
    """The bytes of the packet in `fmt` (".md", ".html", ".pdf" or ".docx"); no file."""
    renderer = _RENDERERS.get(fmt.lower() if fmt.startswith(".") else "." + fmt.lower())
    if renderer is None:
        raise InvalidInput(f"Unknown packet format “{fmt}”: choose md, html, pdf or docx.")
    return renderer(markdown, title=title, charts=charts, page_size=_page_size(page_size),
                    author=author)


def export_packet(
    markdown: str,
    out: Path,
    *,
    title: str,
    charts: Sequence[Chart] = (),
    page_size: str = "A4",
    author: str = "",
) -> Path:
    """Render `markdown` in the format `out`'s suffix names and write it atomically.

    Raises InvalidInput for an unknown suffix or page size, before anything is written.
    Returns `out`.
    """
    out = Path(out)
    fmt = _format_of(out)
    size = _page_size(page_size)
    if fmt == ".md":
        markdown = _write_markdown_charts(markdown, out, charts)
    data = _RENDERERS[fmt](markdown, title=title, charts=charts, page_size=size, author=author)
    write_atomically(out, data)
    return out


def _write_markdown_charts(markdown: str, out: Path, charts: Sequence[Chart]) -> str:
    """Write the PNG of every chart the draft shows next to it; point the draft at them."""
    available = charts_by_name(charts)
    if not available:
        return markdown  # nothing to write beside it; spares parsing a long draft
    from bragdoc.packet.markdown import chart_name, parse
    used: list[str] = []
    for token in parse(markdown):
        for child in token.children or ():
            name = chart_name(str(child.attrGet("src") or "")) if child.type == "image" else None
            if name in available and name not in used:
                used.append(name)
    if not used:
        return markdown
    folder_name = f"{out.stem}-charts"
    for name in used:
        write_atomically(out.parent / folder_name / f"{name}.png", available[name].png)
        target = f"{folder_name}/{name}.png"
        if any(char in target for char in " ()<>"):
            target = f"<{target}>"
        markdown = markdown.replace(f"](chart:{name})", f"]({target})")
    return markdown

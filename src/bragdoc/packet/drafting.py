"""The packet draft: a PacketContext rendered through a Jinja2 Markdown template.

    markdown = render(context)                           # packet-<audience>.md.j2
    markdown = render(context, template="my-packet")     # <data dir>/templates/my-packet.md.j2

Templates live in `resources/templates/`; a file of the same name in the user's
`<data dir>/templates/` folder takes precedence, so a person can copy one there and
change it. `template` may also be a path to a `.md.j2` file anywhere.

User text can never become markup. Jinja's autoescape is off (it escapes for HTML, and
this is Markdown), and instead every `{{ … }}` value passes through `escape_markdown`
on its way out (the environment's `finalize`): emphasis, links, images, code, raw HTML,
table pipes, entities and block markers at the start of a value all come out as the
literal characters typed. Only markup the template itself produced, such as a macro's
output, is let through, and only when the template says so with `| trusted`.
Undefined names fail loudly (StrictUndefined) instead of leaving a gap.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)

from bragdoc import resources
from bragdoc.domain.errors import InvalidInput
from bragdoc.packet.context import AUDIENCES, PacketContext, format_date, format_number, plural

TEMPLATE_SUFFIX = ".md.j2"
TEMPLATE_FOLDER = "templates"
"""Under resources/ for the shipped templates, under the data folder for the user's."""

_INLINE = re.compile(r"([\\`*_\[\]<>|&~])")
# Block markers only count at the start of a line: an ATX heading, a quote, a bullet
# (followed by a space), a setext underline or thematic break, "1." / "1)" followed by
# a space. "+300%", "#hashtag" and "88.9 of 100" stay as they are.
_BLOCK_START = re.compile(r"^(?:#{1,6}(?=\s|$)|>|[-+](?=\s|$)|-(?=-)|=|\d{1,9}[.)](?=\s|$))")


class Trusted(str):
    """Markdown the template produced itself (a macro's output): not escaped again."""


def escape_markdown(value: object) -> str:
    """`value` as Markdown that shows exactly its characters, on one line."""
    text = " ".join(str(value).split())
    text = _INLINE.sub(r"\\\1", text)
    match = _BLOCK_START.match(text)
    if match:
        marker = match.group(0)
        if marker[0].isdigit():  # "1." or "2)": escape the punctuation, not the digits
            text = f"{marker[:-1]}\\{marker[-1]}{text[len(marker):]}"
        else:
            text = "\\" + text
    return text


def sublist(items: Sequence[object], empty: str) -> Trusted:
    """A nested bullet list (two-space indent) to follow a list item's label on its line,
    or `empty` on the same line when there is nothing to list."""
    shown = [escape_markdown(item) for item in items]
    if not shown:
        return Trusted(" " + escape_markdown(empty))
    return Trusted("".join(f"\n  - {text}" for text in shown))


def _finalize(value: object) -> str:
    if isinstance(value, Trusted):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    return escape_markdown(value)


def shipped_dir() -> Path:
    return resources.root() / TEMPLATE_FOLDER


def default_template(audience: str) -> str:
    if audience not in AUDIENCES:
        raise InvalidInput(f"unknown audience {audience!r}; choose one of: "
                           f"{', '.join(AUDIENCES)}")
    return f"packet-{audience}{TEMPLATE_SUFFIX}"


def _bytecode_cache(folder: Path | None) -> FileSystemBytecodeCache | None:
    """Compiled templates kept between runs (compiling costs more than rendering); the
    cache is keyed by each template's source, so an edited template is compiled anew."""
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


@functools.lru_cache(maxsize=8)
def environment(folders: tuple[Path, ...], cache_dir: Path | None = None) -> Environment:
    """One environment per search path (first folder wins), built once per process."""
    env = Environment(
        bytecode_cache=_bytecode_cache(cache_dir),
        loader=ChoiceLoader([FileSystemLoader(str(folder)) for folder in folders]),
        undefined=StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["trusted"] = Trusted
    env.filters["md"] = lambda value: Trusted(escape_markdown(value))
    env.filters["sublist"] = sublist
    env.filters["date"] = format_date
    env.filters["number"] = format_number
    env.filters["plural"] = plural
    return env


def _folders(user_dir: Path | None, extra: Path | None = None) -> tuple[Path, ...]:
    folders = [folder for folder in (extra, user_dir) if folder is not None]
    return (*folders, shipped_dir())


def available(user_dir: Path | None = None) -> list[str]:
    """Template names a person can choose (without the suffix), the user's included."""
    names: set[str] = set()
    for folder in _folders(user_dir):
        if folder.is_dir():
            names.update(p.name.removesuffix(TEMPLATE_SUFFIX)
                         for p in folder.glob(f"*{TEMPLATE_SUFFIX}")
                         if not p.name.startswith("_"))
    return sorted(names)


def _choose(template: str | None, audience: str,
            user_dir: Path | None) -> tuple[str, tuple[Path, ...]]:
    if template is None or not template.strip():
        return default_template(audience), _folders(user_dir)
    chosen = template.strip()
    as_path = Path(chosen).expanduser()
    if as_path.suffix == ".j2" and (as_path.is_file() or len(as_path.parts) > 1):
        if not as_path.is_file():
            raise InvalidInput(f"no template file at {as_path}")
        return as_path.name, _folders(user_dir, as_path.resolve().parent)
    name = chosen if chosen.endswith(TEMPLATE_SUFFIX) else chosen + TEMPLATE_SUFFIX
    return name, _folders(user_dir)


def render(context: PacketContext, *, template: str | None = None,
           user_dir: Path | None = None, cache_dir: Path | None = None) -> str:
    """The Markdown draft for `context`, from the audience's template or `template`.
    `cache_dir` keeps compiled templates between runs (None: compile every run)."""
    name, folders = _choose(template, context.audience, user_dir)
    env = environment(folders, cache_dir)
    try:
        compiled = env.get_template(name)
    except TemplateNotFound as exc:
        known = ", ".join(available(user_dir)) or "none"
        raise InvalidInput(f"no packet template {exc.name!r}; available: {known}") from None
    except TemplateSyntaxError as exc:
        where = exc.filename or name
        raise InvalidInput(f"{where}:{exc.lineno}: the template cannot be read: "
                           f"{exc.message}") from None
    try:
        text = compiled.render(ctx=context)
    except TemplateError as exc:  # a user's template naming something that is not there
        raise InvalidInput(f"the packet template {name} failed: {exc}") from None
    return _tidy_blank_lines(text)


def _tidy_blank_lines(text: str) -> str:
    """At most one blank line in a row, none at the start, one newline at the end."""
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


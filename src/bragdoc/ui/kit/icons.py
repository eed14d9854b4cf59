"""Icons for the pages and the main actions, drawn in the theme's text colour.

The glyphs are Font Awesome 6 Free (solid), from the font the qtawesome package ships.
qtawesome was chosen because it keeps the font inside its wheel (nothing is fetched at
run time), its glyphs draw crisp at any size and in any colour — so a dark theme gets
light icons without a second set of files — and it installs with only QtPy beside the
PySide6-Essentials we have (no other Qt binding comes along). Code MIT; Font Awesome
Free fonts SIL OFL 1.1 (icons CC BY 4.0).

bragdoc draws the glyphs itself (a small QIconEngine) rather than through
`qtawesome.icon()`: importing qtawesome imports QtPy, whose star imports of QtWidgets and
QtGui cost about 100 ms, a third of the start-up budget for the sidebar's icons. Only the
package's font and its name → glyph map are used, found without importing the package.

    keeper = Icons(window)                     # one per window, owned by it
    keeper.set(action, "new_win")              # now, and again whenever the theme changes
"""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QIconEngine, QPainter, QPixmap

from bragdoc.ui.kit import theme

NAMES = {
    # pages
    "home": "house",
    "log": "list-ul",
    "projects": "diagram-project",
    "impact": "chart-column",
    "readiness": "stairs",
    "people": "user-group",
    "inbox": "inbox",
    "packet": "file-lines",
    "review": "calendar-check",
    # actions
    "new_win": "plus",
    "edit": "pen",
    "delete": "trash-can",
    "undo": "rotate-left",
    "redo": "rotate-right",
    "settings": "gear",
    "backup": "floppy-disk",
    "restore": "clock-rotate-left",
    "quit": "power-off",
    "export": "file-export",
    "import": "file-import",
    "search": "magnifying-glass",
    "open": "folder-open",
    "shortcuts": "keyboard",
    "data": "database",
    "about": "circle-info",
}
"""Our names → Font Awesome 6 solid names."""


class HasIcon(Protocol):
    def setIcon(self, icon: QIcon, /) -> None: ...


@functools.cache
def _font() -> tuple[str, dict[str, str]]:
    """The font's family (loaded once into the application) and its name → glyph map."""
    spec = importlib.util.find_spec("qtawesome")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the qtawesome package (bragdoc's icon font) is not installed")
    fonts = Path(next(iter(spec.submodule_search_locations))) / "fonts"
    ttf = max(fonts.glob("fontawesome6-solid-webfont-*.ttf"))
    charmap = max(fonts.glob("fontawesome6-solid-webfont-charmap-*.json"))
    loaded = QFontDatabase.addApplicationFont(str(ttf))
    families = QFontDatabase.applicationFontFamilies(loaded)
    if not families:
        raise RuntimeError(f"Qt could not load the icon font {ttf}")
    glyphs = {name: chr(int(code, 16))
              for name, code in json.loads(charmap.read_text(encoding="utf-8")).items()}
    return families[0], glyphs


class _GlyphEngine(QIconEngine):
    """One glyph, centred, in a colour for each mode (normal, selected, disabled)."""

    def __init__(self, glyph: str, colours: dict[QIcon.Mode, str]) -> None:
        super().__init__()
        self.glyph = glyph
        self.colours = colours

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode,
              state: QIcon.State) -> None:
        font = QFont(_font()[0])
        # Font Awesome's glyphs fill 7/8 of the em box, as qtawesome draws them.
        font.setPixelSize(max(1, round(0.875 * rect.height())))
        painter.save()
        painter.setFont(font)
        painter.setPen(QColor(self.colours.get(mode, self.colours[QIcon.Mode.Normal])))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.glyph)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        image = QPixmap(size)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return image

    def clone(self) -> QIconEngine:
        return _GlyphEngine(self.glyph, self.colours)


def icon(name: str) -> QIcon:
    """The named icon (a key of NAMES) in the current theme's colours."""
    palette = theme.current()
    colours = {QIcon.Mode.Normal: palette.text, QIcon.Mode.Active: palette.text,
               QIcon.Mode.Selected: palette.highlighted_text,
               QIcon.Mode.Disabled: palette.disabled}
    return QIcon(_GlyphEngine(_font()[1][NAMES[name]], colours))


class Icons(QObject):
    """Keeps the icons of one window's actions, buttons and list items in the theme's
    colours. Every target must live as long as the keeper's parent."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._targets: list[tuple[HasIcon, str]] = []
        theme.changes().changed.connect(self.refresh)

    def set(self, target: HasIcon, name: str) -> None:
        self._targets.append((target, name))
        target.setIcon(icon(name))

    def refresh(self) -> None:
        for target, name in self._targets:
            target.setIcon(icon(name))

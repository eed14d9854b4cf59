"""The one place the desktop app's colours live: a light and a dark palette, the mode the
person chose (Light, Dark or Follow the system), and how they reach the widgets.

    theme.apply(app, "dark")            # at start (ui/shell/application.py) and on change
    theme.set_tone(label, "muted")      # helper text; also "error", "warning", "success"
    theme.set_tone(frame, "card")       # a panel; also "banner", "notice", "sidebar"
    theme.current().warning             # a colour for rich text or a model's brush

Every widget's colours come from the application palette (Fusion, so it looks the same on
every desktop); a widget that needs another names its role with `set_tone`, never a
colour, and changing the theme dresses every such widget again, in every window. There
is no application style sheet: matching one against every widget made building the
window about 50 ms slower. Rich text and item models read `current()` when they format,
and `changes().changed` tells the few surfaces that draw their own colours (the packet
preview, charts, icons) to draw again.

Each text colour is chosen to reach WCAG AA (4.5:1) on every background it is used on;
`TEXT_ON` lists those pairs and tests/test_ui_theme.py measures them in both palettes."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

from bragdoc.charts.style import PRINT, ChartStyle

MODES = ("light", "dark", "system")
MODE_LABELS = {"light": "Light", "dark": "Dark", "system": "Follow the system"}
TONES = ("muted", "error", "warning", "success")
"""Text colours, by role."""
SURFACES = ("card", "banner", "notice", "sidebar")
"""Backgrounds with their text: Home's and the review's panels, the window's banner, the
draft notice; the sidebar, whose keyboard focus is ringed."""

PAGE_MARGIN = 12
"""Around every page's content, in pixels."""
SPACING = 8
"""Between the blocks of a page."""


@dataclass(frozen=True)
class Palette:
    name: str
    window: str
    base: str
    """Fields, lists and tables."""
    alternate: str
    card: str
    """The panels of Home and the weekly review."""
    button: str
    text: str
    muted: str
    """Helper text, placeholders, what is not there yet."""
    disabled: str
    highlight: str
    highlighted_text: str
    link: str
    warning: str
    error: str
    success: str
    banner: str
    banner_text: str
    notice: str
    """The strip offering text kept from an earlier session."""
    notice_text: str
    tooltip: str
    tooltip_text: str
    border: str
    focus: str
    """The ring around the keyboard focus (the sidebar's included)."""
    chart: ChartStyle


LIGHT = Palette(
    name="light",
    window="#F3F3F3",
    base="#FFFFFF",
    alternate="#F6F7F9",
    card="#FFFFFF",
    button="#E9E9EB",
    text="#1D1D1F",
    muted="#595959",
    disabled="#8C8C8C",
    highlight="#2B63B8",
    highlighted_text="#FFFFFF",
    link="#1A56B0",
    warning="#8A5300",
    error="#B3261E",
    success="#1E6B2E",
    banner="#FFF4CE",
    banner_text="#3D3000",
    notice="#E6F0FB",
    notice_text="#10305A",
    tooltip="#FFFFE8",
    tooltip_text="#1D1D1F",
    border="#C9C9CC",
    focus="#1A56B0",
    chart=PRINT,
)

DARK = Palette(
    name="dark",
    window="#1F2125",
    base="#272A2F",
    alternate="#2D3036",
    card="#272A2F",
    button="#33373D",
    text="#E8E8E8",
    muted="#A9AEB5",
    disabled="#7D828A",
    highlight="#3B6FC4",
    highlighted_text="#FFFFFF",
    link="#8AB4F8",
    warning="#F0B35A",
    error="#FF8A80",
    success="#7BD88F",
    banner="#463B10",
    banner_text="#FFF0B3",
    notice="#1D3550",
    notice_text="#DCE9FA",
    tooltip="#33373D",
    tooltip_text="#E8E8E8",
    border="#464B53",
    focus="#8AB4F8",
    chart=ChartStyle(
        name="dark",
        face="#1F2125",
        ink="#E8E8E8",
        secondary="#C4C8CE",
        neutral="#A9AEB5",
        muted="#8A9099",
        edge="#8A9099",
        rule="#5A6068",
        grid="#33373D",
        empty="#33373D",
        band="#24432B",
        # The darkest blue (organisation-wide reach) would vanish into the background.
        data={"#08306B": "#5B9BE0"},
        # Values written in better/worse colours (charts.common GOOD, BAD) need lighter
        # shades to be read on it.
        labels={"#1B7837": "#6CC788", "#B2182B": "#FF7B7B"},
    ),
)

TEXT_ON: tuple[tuple[str, str], ...] = (
    ("text", "window"), ("text", "base"), ("text", "alternate"), ("text", "card"),
    ("text", "button"),
    ("muted", "window"), ("muted", "base"), ("muted", "alternate"), ("muted", "card"),
    ("warning", "window"), ("warning", "base"), ("warning", "card"),
    ("error", "window"), ("error", "base"), ("error", "card"),
    ("success", "window"), ("success", "base"),
    ("link", "window"), ("link", "base"),
    ("highlighted_text", "highlight"),
    ("banner_text", "banner"), ("notice_text", "notice"), ("tooltip_text", "tooltip"),
)
"""Every (text role, background role) pair the app draws; each must reach 4.5:1."""
NON_TEXT_ON: tuple[tuple[str, str], ...] = (("focus", "window"), ("focus", "base"))
"""Outlines that must be seen (3:1, WCAG's rule for interface parts)."""


class ThemeChanges(QObject):
    changed = Signal()
    """The palette in use changed (a new choice, or the system's scheme under "system")."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        app.styleHints().colorSchemeChanged.connect(self.scheme_changed)

    def scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        app = QApplication.instance()
        if _mode == "system" and isinstance(app, QApplication):
            _use(app, resolve("system", scheme))


_mode = "light"
_palette = LIGHT
_changes: ThemeChanges | None = None


def current() -> Palette:
    return _palette


def mode() -> str:
    return _mode


def changes() -> ThemeChanges:
    """The application's one notifier (owned by the QApplication)."""
    global _changes
    if _changes is None:
        app = QApplication.instance()
        assert isinstance(app, QApplication), "the theme needs the QApplication"
        _changes = ThemeChanges(app)
    return _changes


def resolve(chosen: str, scheme: Qt.ColorScheme) -> Palette:
    """The palette for a mode; "system" follows the desktop's scheme (light if unknown)."""
    if chosen == "system":
        return DARK if scheme == Qt.ColorScheme.Dark else LIGHT
    return DARK if chosen == "dark" else LIGHT


def apply(app: QApplication, chosen: str) -> Palette:
    """Use the mode `chosen` (one of MODES) from now on, in every window."""
    global _mode
    if chosen not in MODES:
        raise ValueError(f"unknown theme {chosen!r}")
    _mode = chosen
    changes()  # from now on, follows the desktop's scheme while the mode is "system"
    _use(app, resolve(chosen, app.styleHints().colorScheme()))
    return _palette


class _Fusion(QProxyStyle):
    """Fusion, with tick boxes and radio buttons outlined in the theme's muted colour:
    Fusion outlines them in a darker shade of the window, which vanishes on a dark one."""

    _MARKS = (QStyle.PrimitiveElement.PE_IndicatorCheckBox,
              QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
              QStyle.PrimitiveElement.PE_IndicatorRadioButton)

    def __init__(self) -> None:
        super().__init__("Fusion")

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,
                      painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element not in self._MARKS:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(_palette.muted), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        box = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
        if element == QStyle.PrimitiveElement.PE_IndicatorRadioButton:
            painter.drawEllipse(box)
        else:
            painter.drawRoundedRect(box, 2, 2)
        painter.restore()


def _use(app: QApplication, palette: Palette) -> None:
    global _palette
    _palette = palette
    app.setStyle(_Fusion())
    app.setPalette(qpalette(palette))
    for widget in QApplication.allWidgets():
        role = widget.property("tone")
        if isinstance(role, str):
            _dress(widget, role, palette)
    changes().changed.emit()


def qpalette(p: Palette) -> QPalette:
    roles = QPalette.ColorRole
    palette = QPalette()
    for role, colour in (
        (roles.Window, p.window), (roles.WindowText, p.text), (roles.Base, p.base),
        (roles.AlternateBase, p.alternate), (roles.Text, p.text), (roles.Button, p.button),
        (roles.ButtonText, p.text), (roles.BrightText, p.highlighted_text),
        (roles.Highlight, p.highlight), (roles.HighlightedText, p.highlighted_text),
        (roles.Link, p.link), (roles.LinkVisited, p.link),
        (roles.PlaceholderText, p.muted), (roles.ToolTipBase, p.tooltip),
        (roles.ToolTipText, p.tooltip_text), (roles.Light, p.card), (roles.Midlight, p.border),
        (roles.Mid, p.border), (roles.Dark, p.border), (roles.Shadow, p.border),
        (roles.Accent, p.highlight),
    ):
        palette.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(disabled, role, QColor(p.disabled))
    return palette


_SIDEBAR = """
QListWidget {{ border: 2px solid transparent; padding: 2px; }}
QListWidget:focus {{ border: 2px solid {focus}; border-radius: 3px; }}
QListWidget::item {{ padding: 5px 4px; }}
"""


def set_tone(widget: QWidget, tone: str | None) -> None:
    """Colour `widget` by role: its text (one of TONES), a surface (one of SURFACES)."""
    widget.setProperty("tone", tone)
    if tone is None:
        widget.setPalette(QPalette())  # back to the application's
        return
    _dress(widget, tone, _palette)


def _dress(widget: QWidget, role: str, p: Palette) -> None:
    if role == "sidebar":
        # A focus ring needs a border only a style sheet draws; it styles this one list.
        widget.setStyleSheet(_SIDEBAR.format(focus=p.focus))
        return
    colours = asdict(p)
    text, back = ((colours[role], None) if role in TONES
                  else (colours.get(f"{role}_text", p.text), colours[role]))
    palette = QPalette()  # the application's, so nothing of an older theme stays
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.WindowText, QColor(text))
        palette.setColor(group, QPalette.ColorRole.Text, QColor(text))
    if back is not None:
        palette.setColor(QPalette.ColorRole.Window, QColor(back))
        widget.setAutoFillBackground(True)
    widget.setPalette(palette)


def brush(role: str) -> QBrush:
    """A role's colour for an item model's ForegroundRole."""
    return QBrush(QColor(asdict(_palette)[role]))


def document_style(p: Palette | None = None) -> str:
    """Colours for a rich-text document shown on screen (the packet preview), to follow
    the print style sheet: the same layout, readable on the theme's background."""
    p = p or _palette
    return f"""
body {{ color: {p.text}; }}
h1, h2, h3, h4, h5, h6 {{ color: {p.text}; }}
blockquote {{ color: {p.text}; }}
a {{ color: {p.link}; }}
pre {{ background-color: {p.alternate}; }}
th {{ background-color: {p.alternate}; border-color: {p.border}; }}
td {{ border-color: {p.border}; }}
.caption, .chart-missing {{ color: {p.muted}; }}
"""


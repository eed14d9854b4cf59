"""The light and dark themes: every text colour readable on every background it is used
on (WCAG contrast, both themes), the Light / Dark / Follow the system choice kept and
applied at once, and each surface that draws its own colours following it: the banner,
the draft notice, Home's panels, tick boxes, tables' muted text, icons, the sidebar's
focus ring and the Packet preview."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QImage, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QTreeView, QWidget

from bragdoc.charts.style import PRINT
from bragdoc.store.database import Database
from bragdoc.ui.kit import theme
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.icons import NAMES, icon
from bragdoc.ui.kit.preferences import THEME
from bragdoc.ui.kit.typed_drafts import DraftNotice
from bragdoc.ui.settings.dialog import SettingsDialog
from bragdoc.ui.shell.main_window import MainWindow
from bragdoc.ui.shell.pages import PAGES
from tests.conftest import show_and_activate

CTRL = Qt.KeyboardModifier.ControlModifier


def luminance(colour: str) -> float:
    channels = [QColor(colour).redF(), QColor(colour).greenF(), QColor(colour).blueF()]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def hex_of(colour: QColor) -> str:
    return colour.name().upper()


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    """The application with its look put back afterwards (other tests run unthemed)."""
    sheet, palette = qapp.styleSheet(), QPalette(qapp.palette())
    yield qapp
    QSettings().remove(THEME)
    theme.apply(qapp, "light")
    qapp.setStyleSheet(sheet)
    qapp.setStyle("Fusion")
    qapp.setPalette(palette)


def pixels(widget: QWidget) -> Counter[str]:
    image = widget.grab().toImage()
    return Counter(hex_of(image.pixelColor(x, y))
                   for x in range(image.width()) for y in range(image.height()))


# --- contrast ------------------------------------------------------------------------------

@pytest.mark.parametrize("palette", [theme.LIGHT, theme.DARK], ids=lambda p: p.name)
def test_every_text_colour_is_readable_on_its_backgrounds(palette: theme.Palette) -> None:
    roles = asdict(palette)
    low = [(text, back, round(contrast(roles[text], roles[back]), 2))
           for text, back in theme.TEXT_ON if contrast(roles[text], roles[back]) < 4.5]
    assert low == []
    outlines = [(line, back) for line, back in theme.NON_TEXT_ON
                if contrast(roles[line], roles[back]) < 3.0]
    assert outlines == []


@pytest.mark.parametrize("style", [PRINT, theme.DARK.chart], ids=lambda s: s.name)
def test_chart_text_is_readable_on_the_chart(style) -> None:  # type: ignore[no-untyped-def]
    from bragdoc.charts.common import BAD, GOOD

    roles = {**style.text_colours(),  # and the values labelled better or worse
             "good": style.labels.get(GOOD, GOOD), "bad": style.labels.get(BAD, BAD)}
    low = {role: round(contrast(colour, style.face), 2)
           for role, colour in roles.items() if contrast(colour, style.face) < 4.5}
    assert low == {}


@pytest.mark.parametrize("palette", [theme.LIGHT, theme.DARK], ids=lambda p: p.name)
def test_the_colours_the_widgets_use_are_the_measured_ones(app: QApplication,
                                                           palette: theme.Palette) -> None:
    theme.apply(app, palette.name)
    used = app.palette()
    roles = QPalette.ColorRole
    assert hex_of(used.color(roles.Window)) == palette.window
    assert hex_of(used.color(roles.WindowText)) == palette.text
    assert hex_of(used.color(roles.Base)) == palette.base
    assert hex_of(used.color(roles.PlaceholderText)) == palette.muted
    assert hex_of(used.color(roles.HighlightedText)) == palette.highlighted_text
    for tone in theme.TONES:
        toned = QLabel(tone)
        theme.set_tone(toned, tone)
        assert hex_of(toned.palette().color(QPalette.ColorRole.WindowText)) == getattr(
            palette, tone)
    # Helper text is drawn in the measured muted colour, on the window.
    label = QLabel("Helper text, as the settings dialog shows it")
    theme.set_tone(label, "muted")
    label.show()
    counts = pixels(label)
    assert counts.most_common(1)[0][0] == palette.window
    assert palette.muted in counts
    label.close()


# --- choosing the theme ---------------------------------------------------------------------

def test_light_dark_and_following_the_system(app: QApplication) -> None:
    window = QPalette.ColorRole.Window
    theme.apply(app, "dark")
    assert theme.current() is theme.DARK
    assert hex_of(app.palette().color(window)) == theme.DARK.window
    # A fixed choice ignores the desktop's scheme...
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert theme.current() is theme.DARK
    theme.apply(app, "light")
    assert hex_of(app.palette().color(window)) == theme.LIGHT.window
    # ..."Follow the system" goes with it, both ways.
    theme.apply(app, "system")
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert theme.current() is theme.DARK
    assert hex_of(app.palette().color(window)) == theme.DARK.window
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert theme.current() is theme.LIGHT
    with pytest.raises(ValueError):
        theme.apply(app, "sepia")


def test_the_setting_is_chosen_from_the_keyboard_kept_and_applied_at_once(
        qtbot, app: QApplication, db: Database) -> None:  # type: ignore[no-untyped-def]
    ctx = UiContext.create(db)
    parent = QWidget()
    qtbot.addWidget(parent)
    show_and_activate(qtbot, parent)
    dialog = SettingsDialog(ctx, parent)
    dialog.open()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.theme.currentData() == "system"
    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # A&ppearance
    assert QApplication.focusWidget() is dialog.theme
    qtbot.keyClicks(dialog.theme, "Dark")
    assert dialog.theme.currentData() == "dark"
    with qtbot.waitSignal(theme.changes().changed):
        qtbot.keyClick(dialog.theme, Qt.Key.Key_Return, CTRL)
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert QSettings().value(THEME) == "dark"
    assert theme.current() is theme.DARK
    assert hex_of(app.palette().color(QPalette.ColorRole.Window)) == theme.DARK.window
    again = SettingsDialog(ctx, parent)
    assert again.theme.currentData() == "dark"
    again.deleteLater()


# --- surfaces under the dark theme ---------------------------------------------------------

def test_banner_draft_notice_and_home_panels_follow_the_theme(
        qtbot, app: QApplication, db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    theme.apply(app, "dark")
    window = MainWindow(UiContext.create(db),
                        QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(1100, 720)
    with qtbot.waitSignal(window.home_page.loaded, timeout=10_000):
        show_and_activate(qtbot, window)
    # The quick first read is followed by readiness and the coach.
    qtbot.waitUntil(lambda: window.home_page.snapshot.with_outlook, timeout=10_000)
    window.banner.setText("Nothing logged this week yet.")
    window.banner.show()
    banner = pixels(window.banner)
    assert banner.most_common(1)[0][0] == theme.DARK.banner
    assert theme.DARK.banner_text in banner  # its text, in the measured colour

    def panels() -> list[QWidget]:
        return [frame for frame in window.home_page.findChildren(QWidget)
                if frame.property("tone") == "card" and frame.isVisible()]

    qtbot.waitUntil(lambda: bool(panels()))  # a panel added to a shown page shows next turn
    assert pixels(panels()[0]).most_common(1)[0][0] == theme.DARK.card
    # Every page is headed by its title, in the shared spacing.
    for entry in PAGES:
        window.show_page(entry.key)
        page = window.stack.currentWidget()
        heading = page.findChild(QLabel, "page_title")
        assert heading is not None and heading.text() == entry.title
        qtbot.waitUntil(heading.isVisible)
    notice = DraftNotice()
    qtbot.addWidget(notice)
    notice.show()
    assert pixels(notice).most_common(1)[0][0] == theme.DARK.notice


def test_sidebar_shows_icons_and_a_focus_ring(
        qtbot, app: QApplication, db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    theme.apply(app, "dark")
    window = MainWindow(UiContext.create(db),
                        QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.home_page.loaded, timeout=10_000):
        show_and_activate(qtbot, window)
    nav = window.nav
    assert all(not nav.item(row).icon().isNull() for row in range(nav.count()))
    window.home_page.setFocus()
    qtbot.waitUntil(lambda: not nav.hasFocus())
    ring = QColor(theme.DARK.focus)
    assert nav.grab().toImage().pixelColor(0, nav.height() // 2) != ring
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)  # the sidebar follows Go ▸ Log
    nav.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(nav.hasFocus)
    assert nav.grab().toImage().pixelColor(0, nav.height() // 2) == ring
    assert nav.currentRow() == 1
    qtbot.keyClick(nav, Qt.Key.Key_Down)
    assert window.current_page_key() == "projects"


def test_icons_are_light_on_dark_and_dark_on_light(app: QApplication) -> None:
    def ink(name: str) -> float:
        image: QImage = icon(name).pixmap(24, 24).toImage()
        opaque = [image.pixelColor(x, y) for x in range(24) for y in range(24)
                  if image.pixelColor(x, y).alpha() > 200]
        assert opaque, name
        return sum(c.lightnessF() for c in opaque) / len(opaque)

    theme.apply(app, "dark")
    assert all(ink(name) > 0.7 for name in NAMES)
    theme.apply(app, "light")
    assert all(ink(name) < 0.3 for name in NAMES)


def test_tick_boxes_are_outlined_in_both_themes(qtbot, app: QApplication) -> None:  # type: ignore[no-untyped-def]
    model = QStandardItemModel()
    item = QStandardItem("I have mentored two engineers")
    item.setCheckable(True)
    model.appendRow(item)
    view = QTreeView()
    view.setModel(model)
    view.setHeaderHidden(True)
    box = QCheckBox("Include charts")
    for widget in (view, box):
        qtbot.addWidget(widget)
        widget.show()
    for palette in (theme.DARK, theme.LIGHT):
        theme.apply(app, palette.name)
        rect = view.visualRect(model.index(0, 0))
        seen = pixels(view.viewport())
        assert palette.muted in seen and rect.isValid()
        assert palette.muted in pixels(box)


def test_muted_and_warning_brushes_follow_the_theme(app: QApplication) -> None:
    theme.apply(app, "dark")
    assert hex_of(theme.brush("muted").color()) == theme.DARK.muted
    assert hex_of(theme.brush("warning").color()) == theme.DARK.warning
    theme.apply(app, "light")
    assert hex_of(theme.brush("error").color()) == theme.LIGHT.error


# --- charts and the packet preview ---------------------------------------------------------

@pytest.fixture
def sample_db(db: Database) -> Database:
    from bragdoc import resources
    from bragdoc.importers import interchange
    from bragdoc.services.transfer import TransferService

    TransferService(db).import_bundle(
        interchange.load_file(resources.path(resources.SAMPLE_RECORD)))
    return db


def face(fig) -> str:  # type: ignore[no-untyped-def]
    from matplotlib.colors import to_hex

    return str(to_hex(fig.get_facecolor())).upper()


def test_dark_charts_are_recoloured_and_saved_in_the_print_style(sample_db: Database) -> None:
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import to_hex
    from matplotlib.image import imread
    from matplotlib.text import Text

    from bragdoc.charts import NAMES as CHART_NAMES
    from bragdoc.charts import drawing, figure_bytes, render_chart
    from bragdoc.charts.common import ON_DATA
    from bragdoc.services.container import Services

    services = Services(sample_db)
    data = services.impact.data()  # the whole record
    dark = theme.DARK.chart
    print_text = {PRINT.ink, PRINT.secondary, PRINT.neutral}
    for name in CHART_NAMES:
        fig = render_chart(name, data, style=dark)
        assert face(fig) == dark.face, name
        with drawing():
            FigureCanvasAgg(fig).draw()  # ticks are made while drawing
        left_light = [t.get_text() for t in fig.findobj(Text) if t.get_text()
                      and t.get_gid() != ON_DATA
                      and str(to_hex(t.get_color())).upper() in print_text]
        assert left_light == [], name
        png = imread(io.BytesIO(figure_bytes(fig, "png")))
        assert tuple(png[2, 2][:3]) == (1.0, 1.0, 1.0), name  # printed on white
        # Saved, the dark chart is the very file the print-style chart gives.
        assert figure_bytes(fig, "svg") == figure_bytes(render_chart(name, data), "svg"), name


def test_impact_charts_follow_the_theme_and_save_light(
        qtbot, app: QApplication, sample_db: Database, tmp_path: Path,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    from bragdoc.ui.impact.page import ImpactPage

    theme.apply(app, "dark")
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    page = ImpactPage(UiContext.create(sample_db), settings=settings)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.show()
    assert {face(fig) for fig in page.figures.values()} == {theme.DARK.chart.face}
    target = tmp_path / "cadence.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(target), "PNG image (*.png)"))
    assert page.save_chart("cadence") == target
    saved = QImage(str(target))
    assert hex_of(saved.pixelColor(2, 2)) == "#FFFFFF"
    # Switching the theme redraws the charts on screen in the new one.
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        theme.apply(app, "light")
    assert {face(fig) for fig in page.figures.values()} == {PRINT.face}


def test_readiness_timeline_is_dark_under_the_dark_theme(
        qtbot, app: QApplication, sample_db: Database) -> None:  # type: ignore[no-untyped-def]
    from bragdoc.ui.readiness.page import ReadinessPage

    theme.apply(app, "dark")
    page = ReadinessPage(UiContext.create(sample_db))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.show()
    assert page.canvas is not None
    assert face(page.canvas.figure) == theme.DARK.chart.face


def test_packet_preview_text_is_readable_in_both_themes(
        qtbot, app: QApplication, sample_db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QTextCursor

    from bragdoc.ui.packet.page import PacketPage

    theme.apply(app, "dark")
    ctx = UiContext.create(sample_db)
    ctx.settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    page = PacketPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        show_and_activate(qtbot, page)
    preview = page.preview
    qtbot.waitUntil(lambda: "Promotion packet" in preview.toPlainText(), timeout=10_000)

    def readable(palette: theme.Palette) -> None:
        def background() -> str:
            return hex_of(preview.viewport().palette().color(QPalette.ColorRole.Base))

        qtbot.waitUntil(lambda: background() == palette.base)  # a new palette spreads next turn
        block = preview.document().begin()
        colours = set()
        while block.isValid():
            cursor = QTextCursor(block)
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
            if block.text().strip():
                colours.add(hex_of(cursor.charFormat().foreground().color()))
            block = block.next()
        assert colours, "the preview shows text"
        low = {c: round(contrast(c, background()), 2) for c in colours
               if contrast(c, background()) < 4.5}
        assert low == {}

    readable(theme.DARK)
    with qtbot.waitSignal(preview.updated, timeout=10_000):
        theme.apply(app, "light")
    readable(theme.LIGHT)


# --- `bragdoc gui --theme` and `bragdoc quick` ------------------------------------------------

def run_bragdoc(*args: str) -> str:
    import os
    import subprocess
    import sys

    command = Path(sys.executable).with_name("bragdoc")
    result = subprocess.run([str(command), *args], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.slow
def test_gui_theme_overrides_the_setting_for_one_run(tmp_path: Path,
                                                     private_user_dirs: Path) -> None:
    config = private_user_dirs / "config" / "bragdoc"
    config.mkdir(parents=True)
    (config / "bragdoc.conf").write_text("[appearance]\ntheme=light\n")
    db = str(tmp_path / "db.sqlite3")
    shots = {}
    for chosen in ("dark", "light", "system", None):
        out = tmp_path / f"{chosen}.png"
        extra = ["--theme", chosen] if chosen else []
        run_bragdoc("--db", db, "gui", "--page", "log", "--size", "900x600", *extra,
                    "--screenshot", str(out))
        shots[chosen] = QImage(str(out))
    # The window background, in the page's right margin.
    corner = {chosen: hex_of(image.pixelColor(image.width() - 3, image.height() // 2))
              for chosen, image in shots.items()}
    assert corner == {"dark": theme.DARK.window, "light": theme.LIGHT.window,
                      "system": theme.LIGHT.window, None: theme.LIGHT.window}
    # The choice made in the settings was only read.
    assert (config / "bragdoc.conf").read_text() == "[appearance]\ntheme=light\n"


@pytest.mark.slow
def test_quick_dialog_follows_the_setting(tmp_path: Path, private_user_dirs: Path) -> None:
    config = private_user_dirs / "config" / "bragdoc"
    config.mkdir(parents=True)
    (config / "bragdoc.conf").write_text("[appearance]\ntheme=dark\n")
    out = tmp_path / "quick.png"
    run_bragdoc("--db", str(tmp_path / "db.sqlite3"), "quick", "--screenshot", str(out))
    image = QImage(str(out))
    assert hex_of(image.pixelColor(3, image.height() // 2)) == theme.DARK.window
    # --theme overrides the setting for one run, as for the window.
    run_bragdoc("--db", str(tmp_path / "db.sqlite3"), "quick", "--theme", "light",
                "--screenshot", str(out))
    image = QImage(str(out))
    assert hex_of(image.pixelColor(3, image.height() // 2)) == theme.LIGHT.window
    assert (config / "bragdoc.conf").read_text() == "[appearance]\ntheme=dark\n"


def test_a_theme_that_does_not_exist_is_one_line(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    from bragdoc.app import main

    code = main(["--db", str(tmp_path / "db.sqlite3"), "gui", "--theme", "sepia"])
    _, err = capsys.readouterr()
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "'sepia'" in err and "'dark'" in err

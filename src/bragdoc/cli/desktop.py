"""`bragdoc gui` and `bragdoc quick`: the desktop app's options. The composition root
(bragdoc.app) starts the app itself, so no handler lives here and nothing of the UI is
imported."""

from __future__ import annotations

import argparse
from pathlib import Path

from bragdoc.cli.arguments import Command, size_arg

GUI_PAGES = ("home", "log", "projects", "impact", "readiness", "people", "inbox", "packet",
             "review")
"""The desktop app's pages, for `gui --page` (ui.main_window.MainWindow.pages)."""
THEMES = ("light", "dark", "system")
"""`gui --theme` (ui.kit.theme.MODES)."""


def _gui_arguments(gui: argparse.ArgumentParser) -> None:
    gui.add_argument("--page", metavar="PAGE",
                     help=f"open on this page: {', '.join(GUI_PAGES)}")
    gui.add_argument("--screenshot", metavar="OUT.png", type=Path,
                     help="paint the window once with its data, save it as PNG and exit")
    gui.add_argument("--size", metavar="WxH", type=size_arg,
                     help="window size in pixels, e.g. 1280x800")
    gui.add_argument("--theme", choices=THEMES,
                     help="light, dark, or as the desktop is (system), for this run only; "
                          "by default the one chosen in Profile & settings")


def _quick_arguments(quick: argparse.ArgumentParser) -> None:
    quick.add_argument("--screenshot", metavar="OUT.png", type=Path,
                       help="paint the dialog once, save it as PNG and exit")


COMMANDS = (
    Command("gui", "open the desktop app (what bragdoc does with no command)", _gui_arguments,
            None, database=False),
    Command("quick", "only the Log a win dialog, or the running app's (for a desktop "
            "keyboard shortcut)", _quick_arguments, None, database=False),
)

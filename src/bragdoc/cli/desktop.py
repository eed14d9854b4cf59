"""`bragdoc gui` and `bragdoc quick`: the desktop app's options (the composition root,
bragdoc.app, starts the app itself, so no handler of theirs lives here and nothing of the
UI is imported); `bragdoc desktop install|uninstall`: the launcher entry."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from bragdoc.cli.arguments import Command, actions, size_arg

if TYPE_CHECKING:
    from bragdoc.services.container import Services

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
    _theme_argument(gui)


def _theme_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--theme", choices=THEMES,
                        help="light, dark, or as the desktop is (system), for this run "
                             "only; by default the one chosen in Profile & settings")


def _quick_arguments(quick: argparse.ArgumentParser) -> None:
    quick.add_argument("--screenshot", metavar="OUT.png", type=Path,
                       help="paint the dialog once, save it as PNG and exit")
    _theme_argument(quick)


def _desktop_arguments(desktop: argparse.ArgumentParser) -> None:
    add = actions(desktop, "action")
    add("install", "add bragdoc to the desktop's launcher: its entry (with a “Log a win” "
        "action), icon and description, in your own data folder")
    add("uninstall", "remove what `desktop install` added")


def cmd_desktop(args: argparse.Namespace, _services: Services) -> int:
    from bragdoc.services import desktop_entry

    home = desktop_entry.data_home()
    if args.action == "install":
        written = desktop_entry.install(home)
        for path in written:
            print(f"Wrote {path}")
        print(f"bragdoc is in your launcher as “{desktop_entry.APP_NAME}” (the menu may take "
              "a moment to notice it). `bragdoc desktop uninstall` removes it.")
        return 0
    removed = desktop_entry.uninstall(home)
    for path in removed:
        print(f"Removed {path}")
    print("bragdoc is no longer in your launcher." if removed
          else f"Nothing to remove: bragdoc's launcher files are not in {home}.")
    return 0


COMMANDS = (
    Command("gui", "open the desktop app (what bragdoc does with no command)", _gui_arguments,
            None, database=False),
    Command("quick", "only the Log a win dialog, or the running app's (for a desktop "
            "keyboard shortcut)", _quick_arguments, None, database=False),
    Command("desktop", "add bragdoc to the desktop's launcher (install) or take it out "
            "(uninstall)", _desktop_arguments, cmd_desktop, database=False),
)

"""Remake the screenshots in this folder from the sample record, as a user sees them.

    .venv/bin/python docs/screenshots/make_screenshots.py              # everything
    .venv/bin/python docs/screenshots/make_screenshots.py log packet   # some pages

Every page in the light and the dark theme at 1200×760 and 1600×1000
(`PAGE.png`, `PAGE-1600.png`, `PAGE-dark.png`, `PAGE-dark-1600.png`), Home on a new
record (`home-first-run*.png`), the quick Log-a-win dialog (`quick*.png`) and the
first-run setup (`first-run*.png`). The pages and the quick dialog are taken by the app
itself (`gui --screenshot`, `quick --screenshot`), the first run by a few lines of Qt
below, all in a throwaway home folder, so no setting of yours leaks into them and none
of theirs into yours.
Look at every one before committing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAGES = ("home", "log", "projects", "impact", "readiness", "people", "inbox", "packet",
         "review")
SIZES = {"": "1200x760", "-1600": "1600x1000"}
THEMES = {"": "light", "-dark": "dark"}


def bragdoc(env: dict[str, str], *args: str) -> None:
    command = [sys.executable, "-m", "bragdoc", *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr.strip()}")


FIRST_RUN = """
import sys
from PySide6.QtWidgets import QApplication
from bragdoc.services.container import Services
from bragdoc.store.database import Database
from bragdoc.ui.home.first_run import FirstRunDialog
from bragdoc.ui.kit import theme
from bragdoc.ui.kit.context import UiContext
app = QApplication([])
theme.apply(app, sys.argv[2])
dialog = FirstRunDialog(UiContext(Services(Database.open(sys.argv[1]))))
dialog.show()
app.processEvents()
dialog.grab().save(sys.argv[3])
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    known = [*PAGES, "home-first-run", "quick", "first-run"]
    parser.add_argument("pages", nargs="*", metavar="PAGE",
                        help=f"only these (default: all of {', '.join(known)})")
    wanted = parser.parse_args(argv).pages or known
    unknown = set(wanted) - set(known)
    if unknown:
        parser.error(f"unknown: {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory(prefix="bragdoc-shots-") as scratch:
        home = Path(scratch)
        env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
               "XDG_CONFIG_HOME": str(home / "config"), "XDG_CACHE_HOME": str(home / "cache"),
               "QT_QPA_PLATFORM": "offscreen", "TZ": os.environ.get("TZ", "UTC")}
        sample, empty = home / "sample.sqlite3", home / "new.sqlite3"
        bragdoc(env, "--db", str(sample), "sample-data")
        for theme_suffix, theme in THEMES.items():
            if "quick" in wanted:
                out = HERE / f"quick{theme_suffix}.png"
                bragdoc(env, "--db", str(sample), "quick", "--theme", theme,
                        "--screenshot", str(out))
                print(f"made {out.name}")
            if "first-run" in wanted:
                out = HERE / f"first-run{theme_suffix}.png"
                done = subprocess.run([sys.executable, "-c", FIRST_RUN, str(empty), theme,
                                       str(out)], env=env, capture_output=True, text=True,
                                      timeout=120)
                if done.returncode != 0:
                    raise SystemExit(f"first run failed: {done.stderr.strip()}")
                print(f"made {out.name}")
            for size_suffix, size in SIZES.items():
                suffix = f"{theme_suffix}{size_suffix}"
                for page in (p for p in wanted if p not in ("quick", "first-run")):
                    database, shown = (empty, "home") if page == "home-first-run" else (
                        sample, page)
                    out = HERE / f"{page}{suffix}.png"
                    bragdoc(env, "--db", str(database), "gui", "--page", shown, "--theme",
                            theme, "--size", size, "--screenshot", str(out))
                    print(f"made {out.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

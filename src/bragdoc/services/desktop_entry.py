"""bragdoc in the desktop's launcher: the freedesktop entry, the icon in the hicolor theme
and the AppStream description, written under the user's own data folder (no root).

`bragdoc desktop install` writes them and `bragdoc desktop uninstall` removes exactly
those files. The same application id names the entry, the icon and the description, and
the app sets it at start (ui/shell/application.py), so the desktop matches the running
window to its launcher."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sys
from pathlib import Path

from bragdoc import __version__, resources
from bragdoc.domain.errors import StorageError
from bragdoc.store.files import write_atomically

APP_ID = "io.github.bragdoc.Bragdoc"
"""Reverse-DNS id: the desktop file's name, the icon's name, the AppStream id."""
APP_NAME = "bragdoc"
WM_CLASS = APP_NAME
"""What Qt puts in WM_CLASS on X11: the application name (ui/shell/application.py)."""
SUMMARY = "Log quantified wins and turn them into a promotion packet"
RELEASE_DATE = dt.date(2026, 12, 6)
"""When this version was made (AppStream wants a date for each release)."""

_NEEDS_QUOTES = set(" \t\n\"'\\><~|&;$*?#()`")


def data_home() -> Path:
    """$XDG_DATA_HOME, else ~/.local/share: where a user's launchers and icons live."""
    from platformdirs import user_data_path

    return user_data_path()


def launcher_command() -> list[str]:
    """The installed `bragdoc` entry point by absolute path (the launcher runs without
    this shell's PATH); `python -m bragdoc` when there is none."""
    beside = Path(sys.executable).parent / APP_NAME
    found = str(beside) if os.access(beside, os.X_OK) else shutil.which(APP_NAME)
    if found:
        return [str(Path(found).absolute())]
    return [str(Path(sys.executable).absolute()), "-m", APP_NAME]


def exec_line(argv: list[str]) -> str:
    """An Exec= value: arguments with reserved characters quoted the way the Desktop
    Entry spec asks, then backslashes escaped once more as in every string value."""
    def one(arg: str) -> str:
        if arg and not (_NEEDS_QUOTES & set(arg)):
            return arg
        inner = "".join(f"\\{c}" if c in '"`$\\' else c for c in arg)
        return f'"{inner}"'

    return _string_value(" ".join(one(arg) for arg in argv)).replace("%", "%%")


def _string_value(text: str) -> str:
    return text.replace("\\", "\\\\")


def desktop_entry(command: list[str]) -> str:
    run = exec_line(command)
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",
        f"Name={APP_NAME}",
        "GenericName=Brag document",
        f"Comment={SUMMARY}",
        f"Exec={run} gui",
        f"TryExec={_string_value(command[0])}",  # a plain path: never quoted
        f"Icon={APP_ID}",
        "Terminal=false",
        "Categories=Office;ProjectManagement;",
        "Keywords=brag;wins;promotion;career;impact;achievements;packet;",
        "StartupNotify=true",
        f"StartupWMClass={WM_CLASS}",
        "Actions=log-win;",
        "",
        "[Desktop Action log-win]",
        "Name=Log a win",
        f"Exec={run} quick",
        "",
    ])


def package_metadata() -> tuple[str, str | None]:
    """The licence and homepage pyproject.toml gives, from the installed package."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        found = metadata(APP_NAME)
    except PackageNotFoundError:
        return "MIT", None
    def first(field: str) -> str | None:
        return next(iter(found.get_all(field) or []), None)

    licence = first("License-Expression") or first("License") or "MIT"
    homepage = None
    for entry in found.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "home-page") and url.strip():
            homepage = url.strip()
    return licence, homepage or first("Home-page")


def package_licence() -> str:
    return package_metadata()[0]


def metainfo() -> str:
    # Here, not at the top: the window imports this module for its app id at start-up,
    # and xml.sax.saxutils brings urllib.request with it (about 13 ms).
    from xml.sax.saxutils import escape

    licence, homepage = package_metadata()
    url = f'  <url type="homepage">{escape(homepage)}</url>\n' if homepage else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<component type="desktop-application">
  <id>{APP_ID}</id>
  <metadata_license>CC0-1.0</metadata_license>
  <project_license>{escape(licence)}</project_license>
  <name>{APP_NAME}</name>
  <summary>{SUMMARY}</summary>
  <description>
    <p>
      bragdoc keeps a record of what you did at work, week by week, with the numbers
      that prove it: latency cut from 2.4 s to 0.6 s, fifty thousand dollars a month
      saved, three engineers mentored. It reads those numbers, works out the improvement
      and keeps everything in one file on your own machine; nothing is sent anywhere.
    </p>
    <p>
      When promotion time comes, it drafts the packet from your record: a summary whose
      figures come from your metrics, your strongest projects, colleagues' quotes and
      charts, exported as Markdown, HTML, PDF or Word. A readiness view sets your record
      against your company's career ladder.
    </p>
  </description>
  <launchable type="desktop-id">{APP_ID}.desktop</launchable>
  <provides>
    <binary>{APP_NAME}</binary>
  </provides>
{url}  <releases>
    <release version="{escape(__version__)}" date="{RELEASE_DATE.isoformat()}"/>
  </releases>
  <content_rating type="oars-1.1"/>
</component>
"""


def _contents(home: Path, command: list[str]) -> dict[Path, bytes]:
    """Every file install writes under `home`, with what it holds."""
    icons = home / "icons" / "hicolor"
    files = {
        home / "applications" / f"{APP_ID}.desktop": desktop_entry(command).encode(),
        home / "metainfo" / f"{APP_ID}.metainfo.xml": metainfo().encode(),
        icons / "scalable" / "apps" / f"{APP_ID}.svg":
            resources.path(resources.APP_ICON).read_bytes(),
    }
    for size in resources.APP_ICON_SIZES:
        files[icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png"] = resources.path(
            resources.app_icon_png(size)).read_bytes()
    return files


def launcher_files(home: Path) -> list[Path]:
    """The files install writes under `home`, and uninstall removes."""
    return list(_contents(home, [APP_NAME]))


def install(home: Path | None = None, command: list[str] | None = None) -> list[Path]:
    """Write the launcher entry, icons and description; all of them or, on a failure,
    none (what was there before is put back). Returns the files written."""
    home = home or data_home()
    contents = _contents(home, command or launcher_command())
    before: dict[Path, bytes | None] = {}
    try:
        for path, data in contents.items():
            before[path] = path.read_bytes() if path.is_file() else None
            # Readable by everyone, as launchers are: the desktop shell may read them as
            # another process (a sandboxed portal, a session service).
            write_atomically(path, data, private=False)
    except OSError as exc:
        _put_back(before)
        raise StorageError(f"could not write {exc.filename or home}: "
                           f"{exc.strerror or exc}; nothing was installed") from exc
    return list(contents)


def _put_back(before: dict[Path, bytes | None]) -> None:
    for path, old in before.items():
        with contextlib.suppress(OSError):
            if old is None:
                path.unlink(missing_ok=True)
            else:
                write_atomically(path, old, private=False)


def uninstall(home: Path | None = None) -> list[Path]:
    """Remove what install writes (and nothing else); returns the files removed."""
    home = home or data_home()
    removed: list[Path] = []
    for path in launcher_files(home):
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise StorageError(f"could not remove {path}: {exc.strerror or exc}") from exc
        removed.append(path)
    return removed

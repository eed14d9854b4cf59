"""`bragdoc desktop install|uninstall`: the launcher entry, the icons and the AppStream
description, in the user's data folder, checked by the freedesktop validators."""

from __future__ import annotations

import configparser
import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bragdoc import __version__, resources
from bragdoc.services import desktop_entry
from bragdoc.services.desktop_entry import APP_ID, WM_CLASS
from tests.test_cli import cli, run


def data_home() -> Path:
    return Path(os.environ["XDG_DATA_HOME"])


def desktop_file(home: Path) -> Path:
    return home / "applications" / f"{APP_ID}.desktop"


def metainfo_file(home: Path) -> Path:
    return home / "metainfo" / f"{APP_ID}.metainfo.xml"


def read_entry(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read(path, encoding="utf-8")
    return parser


def validate(path: Path) -> None:
    desktop = subprocess.run(["desktop-file-validate", str(desktop_file(path))],
                             capture_output=True, text=True)
    assert desktop.returncode == 0 and not desktop.stdout.strip(), desktop.stdout
    appstream = subprocess.run(["appstreamcli", "validate", "--no-net", "--explain",
                                str(metainfo_file(path))], capture_output=True, text=True)
    assert appstream.returncode == 0, appstream.stdout + appstream.stderr


def test_install_writes_a_valid_launcher_with_icons_and_description(
    capsys: pytest.CaptureFixture[str],
) -> None:
    home = data_home()
    code, out, err = cli(capsys, "desktop", "install")
    assert code == 0 and err == ""
    written = sorted(home.rglob("*.*"))
    assert len(written) == 3 + len(resources.APP_ICON_SIZES)
    assert all(f"Wrote {path}" in out for path in written)
    validate(home)

    entry = read_entry(desktop_file(home))
    main = entry["Desktop Entry"]
    program = main["Exec"].split()[0]
    assert Path(program).is_absolute() and os.access(program, os.X_OK)
    assert main["Exec"].endswith(" gui") and main["Icon"] == APP_ID
    assert main["StartupWMClass"] == WM_CLASS
    assert "Office;" in main["Categories"] and "promotion" in main["Keywords"]
    action = entry["Desktop Action log-win"]
    assert action["Name"] == "Log a win" and action["Exec"] == f"{program} quick"
    for size in resources.APP_ICON_SIZES:
        icon = home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert icon.read_bytes() == resources.path(resources.app_icon_png(size)).read_bytes()
    svg = home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert svg.read_bytes() == resources.path(resources.APP_ICON).read_bytes()

    component = ET.parse(metainfo_file(home)).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("project_license") == "MIT"  # pyproject's licence
    assert component.find("launchable").text == f"{APP_ID}.desktop"  # type: ignore[union-attr]
    assert component.find("provides/binary").text == "bragdoc"  # type: ignore[union-attr]
    assert component.find("releases/release").get("version") == __version__  # type: ignore[union-attr]


def test_install_twice_then_uninstall_twice(capsys: pytest.CaptureFixture[str]) -> None:
    home = data_home()
    (home / "applications").mkdir(parents=True)
    someone_elses = home / "applications" / "org.example.Other.desktop"
    someone_elses.write_text("[Desktop Entry]\n")
    assert cli(capsys, "desktop", "install")[0] == 0
    first = {p: p.read_bytes() for p in home.rglob("*") if p.is_file()}
    assert cli(capsys, "desktop", "install")[0] == 0
    assert {p: p.read_bytes() for p in home.rglob("*") if p.is_file()} == first

    code, out, _err = cli(capsys, "desktop", "uninstall")
    assert code == 0
    assert out.count("Removed ") == len(first) - 1
    assert "no longer in your launcher" in out
    assert [p for p in home.rglob("*") if p.is_file()] == [someone_elses]
    code, out, _err = cli(capsys, "desktop", "uninstall")
    assert code == 0 and "Nothing to remove" in out


def test_an_unwritable_data_folder_is_one_line_and_installs_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data folder should be")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocked))
    code, out, err = cli(capsys, "desktop", "install")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("bragdoc: could not write")


def test_a_failure_halfway_puts_back_what_was_there(
    capsys: pytest.CaptureFixture[str],
) -> None:
    home = data_home()
    (home / "metainfo").parent.mkdir(parents=True, exist_ok=True)
    (home / "metainfo").write_text("a file where a folder should be")
    code, _out, err = cli(capsys, "desktop", "install")
    assert code == 2 and "nothing was installed" in err
    assert not desktop_file(home).exists()  # written first, then taken back
    assert [p.name for p in home.rglob("*") if p.is_file()] == ["metainfo"]


def test_a_path_with_spaces_is_quoted_the_way_the_spec_asks(tmp_path: Path) -> None:
    home = tmp_path / "share"
    program = tmp_path / "my apps" / "bragdoc"
    desktop_entry.install(home, [str(program)])
    validate(home)
    main = read_entry(desktop_file(home))["Desktop Entry"]
    assert main["Exec"] == f'"{program}" gui'
    assert main["TryExec"] == str(program)  # a path, never quoted
    assert desktop_entry.exec_line(["/a/b$c", "100%"]) == '"/a/b\\\\$c" 100%%'


@pytest.mark.slow
def test_desktop_install_as_a_whole_process(tmp_path: Path) -> None:
    home = tmp_path / "share"
    done = run("desktop", "install", env={"XDG_DATA_HOME": str(home)})
    assert done.returncode == 0, done.stderr
    assert desktop_file(home).is_file() and metainfo_file(home).is_file()
    done = run("desktop", "uninstall", env={"XDG_DATA_HOME": str(home)})
    assert done.returncode == 0 and not desktop_file(home).exists()


def test_help_lists_desktop_after_quick(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = cli(capsys, "--help")
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines()
              if line.startswith("    ") and line[4] != " "]
    assert listed.index("desktop") == listed.index("quick") + 1
    code, _out, err = cli(capsys, "desktop", "reinstall")
    assert code == 2 and err.count("\n") == 1


def test_the_committed_pngs_are_the_svg_drawn_at_each_size(qapp) -> None:  # type: ignore[no-untyped-def]
    from bench.render_icons import render
    from PySide6.QtGui import QImage

    svg = resources.path(resources.APP_ICON)
    for size in resources.APP_ICON_SIZES:
        committed = QImage(str(resources.path(resources.app_icon_png(size))))
        fresh = QImage.fromData(render(svg, size))
        assert (committed.width(), committed.height()) == (size, size)
        # Pixel for pixel, allowing a step of rounding between Qt builds.
        worst = max(abs(committed.pixelColor(x, y).red() - fresh.pixelColor(x, y).red())
                    + abs(committed.pixelColor(x, y).alpha() - fresh.pixelColor(x, y).alpha())
                    for x in range(size) for y in range(size))
        assert worst <= 8, f"bragdoc-{size}.png is stale: run bench/render_icons.py"

"""Render the app icon (resources/icons/bragdoc.svg) into the PNG sizes a desktop theme
wants, next to it as resources/icons/png/bragdoc-<size>.png.

Run after changing the SVG and commit the PNGs: the launcher entry (`bragdoc desktop
install`) copies them without Qt, and tests/test_desktop_entry.py fails when they no
longer match the SVG.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/render_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from bragdoc import resources
from bragdoc.resources import APP_ICON_SIZES as ICON_SIZES


def render(svg: Path, size: int) -> bytes:
    """The SVG drawn at size×size with antialiasing, as PNG bytes."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG for Qt")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def main(out_dir: Path | None = None) -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    svg = resources.path(resources.APP_ICON)
    target = out_dir or svg.parent / "png"
    target.mkdir(parents=True, exist_ok=True)
    for size in ICON_SIZES:
        out = target / f"bragdoc-{size}.png"
        out.write_bytes(render(svg, size))
        print(f"wrote {out}")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

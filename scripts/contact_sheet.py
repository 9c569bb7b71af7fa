"""Render every exercise illustration into one PNG grid, to look at them.

Each cell is split: the left half on the light theme's card colour, the
right half on the dark theme's, so one glance checks both themes (the player
draws the SVG as it is, on its info card, in either theme). The file name
is written under each cell; ``(right)`` marks the mirrored right-side
variant and ``t=..`` an animation frame.

    .venv/bin/python scripts/contact_sheet.py            # docs/images/contact-sheet.png
    .venv/bin/python scripts/contact_sheet.py --only pigeon ir-hang --size 960 --frames
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QByteArray, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

from hiptimer import figures  # noqa: E402

IMAGES = ROOT / "assets" / "images"
DEFAULT_OUT = ROOT / "docs" / "images" / "contact-sheet.png"
LIGHT = QColor("#FFFFFF")  # the info card in hiptimer.ui.theme, light
DARK = QColor("#2C3139")  # and dark
LABEL_BG = QColor("#8C8F94")
# A few mirrored variants to check the right-side transform on the sheet.
MIRRORED = (
    "er-knee-to-shoulder",
    "band-assisted-ir",
    "pigeon",
    "seated-hip-ir",
    "step-across",
    "test-prone-ir",
)


def render_cell(svg: str, width: int, label: str) -> QImage:
    """One cell: the picture on a split light/dark background, label below."""
    height = round(width * 2 / 3)
    label_h = max(22, width // 14)
    img = QImage(width, height + label_h, QImage.Format.Format_ARGB32)
    img.fill(LABEL_BG)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.fillRect(0, 0, width // 2, height, LIGHT)
    p.fillRect(width // 2, 0, width - width // 2, height, DARK)
    renderer = QSvgRenderer(QByteArray(svg.encode()))
    renderer.render(p, QRectF(0, 0, width, height))
    font = QFont()
    font.setPixelSize(label_h - 8)
    p.setFont(font)
    p.setPen(QColor("#111111"))
    p.drawText(QRectF(0, height, width, label_h), Qt.AlignmentFlag.AlignCenter, label)
    p.end()
    return img


def cells(
    names: list[str],
    width: int,
    frames: bool,
    mirrored: tuple[str, ...],
    folder: Path | None = IMAGES,
) -> list[QImage]:
    """The cells to draw, in order: each image from ``folder`` (or straight
    from the figure code when ``folder`` is None or lacks the file), its
    mirrored right side when listed, and animation frames if asked."""
    out: list[QImage] = []
    for name in names:
        path = folder / f"{name}.svg" if folder is not None else None
        if path is not None and path.exists():
            svg = path.read_text(encoding="utf-8")
        else:
            svg = figures.image_svg(name)
        out.append(render_cell(svg, width, f"{name}.svg"))
        if name in mirrored:
            out.append(
                render_cell(figures.svg_for_side(svg, "right"), width, f"{name}.svg (right)")
            )
        if frames and figures.is_animated(name):
            for t in (0.0, 0.5, 1.0):
                frame = figures.frame(name, t)
                if frame is not None:
                    out.append(render_cell(frame, width, f"{name} t={t:g}"))
    return out


def grid(images: list[QImage], columns: int, gap: int = 6) -> QImage:
    """Lay cells out in rows."""
    cw, ch = images[0].width(), images[0].height()
    rows = (len(images) + columns - 1) // columns
    cols = min(columns, len(images))
    sheet = QImage(cols * (cw + gap) + gap, rows * (ch + gap) + gap, QImage.Format.Format_RGB32)
    sheet.fill(QColor("#6B6F75"))
    p = QPainter(sheet)
    for i, img in enumerate(images):
        r, c = divmod(i, columns)
        p.drawImage(gap + c * (cw + gap), gap + r * (ch + gap), img)
    p.end()
    return sheet


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--only", nargs="*", help="image names (without .svg)")
    parser.add_argument("--size", type=int, default=320, help="cell width in px")
    parser.add_argument("--columns", type=int, default=6)
    parser.add_argument("--frames", action="store_true", help="add animation frames")
    parser.add_argument(
        "--generated", action="store_true", help="draw from the code, not from assets/images"
    )
    args = parser.parse_args(argv)
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    names = args.only or list(figures.IMAGE_NAMES)
    unknown = [n for n in names if n not in figures.IMAGE_NAMES]
    if unknown:
        parser.error(f"unknown image(s): {', '.join(unknown)}")
    mirrored = MIRRORED if not args.only else tuple(names)
    folder = None if args.generated else IMAGES
    imgs = cells(names, args.size, args.frames, mirrored, folder)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    grid(imgs, args.columns).save(str(args.out))
    print(f"wrote {args.out} ({len(imgs)} cells)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

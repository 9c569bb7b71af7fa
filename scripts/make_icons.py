"""Draw the app icon and render it to PNG at every hicolor size.

The icon is generated, never edited by hand, in the flat style of the
exercise illustrations (``hiptimer/figures/palette.py``): a dark stopwatch
whose green ring is the player's countdown ring, with a bent leg (the
illustrations' blue) and the yellow rotation arrow they use for movement.
At 32 px and below the leg would be a smudge, so those sizes use a simpler
drawing: thicker ring, no leg, one bold arrow.

    .venv/bin/python scripts/make_icons.py           # write SVG and PNGs
    .venv/bin/python scripts/make_icons.py --check   # exit 1 if the SVG is stale
    .venv/bin/python scripts/make_icons.py --sheet /tmp/icons.png   # a contact sheet

PNGs are rendered with QSvgRenderer offscreen.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hiptimer.desktop.identity import ICON_NAME, ICON_SIZES  # noqa: E402

OUT = ROOT / "assets" / "icons" / "hicolor"
SMALL_UP_TO = 32  # sizes at or below this use the simple drawing
TINY_UP_TO = 16  # and at or below this, no arrow either

# The illustrations' and the player's colours.
BODY = "#2B3038"  # the dark window colour, a shade lighter so it holds on dark panels
RIM = "#8A94A6"  # figure grey
TRACK = "#464C57"
RING = "#27AE60"  # the player's ring during a hold
LEG = "#2F80ED"  # the working side in the illustrations
JOINT = "#8A94A6"
ARROW = "#F2C94C"

CX, CY, R = 128.0, 142.0, 106.0  # stopwatch face in a 256 x 256 box


def _arc(cx: float, cy: float, r: float, start_deg: float, end_deg: float) -> str:
    """An SVG path for a clockwise arc; 0 degrees is 12 o'clock."""
    def point(deg: float) -> tuple[float, float]:
        rad = math.radians(deg)
        return cx + r * math.sin(rad), cy - r * math.cos(rad)

    x0, y0 = point(start_deg)
    x1, y1 = point(end_deg)
    large = 1 if (end_deg - start_deg) % 360 > 180 else 0
    return f"M {x0:.1f},{y0:.1f} A {r:.1f},{r:.1f} 0 {large} 1 {x1:.1f},{y1:.1f}"


def _arrow_head(cx: float, cy: float, r: float, at_deg: float, size: float, clockwise: bool = True) -> str:
    """A triangle at the end of an arc, pointing along it (clockwise or not)."""
    rad = math.radians(at_deg)
    tip_x, tip_y = cx + r * math.sin(rad), cy - r * math.cos(rad)
    sign = 1.0 if clockwise else -1.0
    tx, ty = sign * math.cos(rad), sign * math.sin(rad)  # tangent in the arc's direction
    nx, ny = math.sin(rad), -math.cos(rad)  # outward normal
    base_x, base_y = tip_x - tx * size, tip_y - ty * size
    pts = [(tip_x + tx * size * 0.4, tip_y + ty * size * 0.4),
           (base_x + nx * size * 0.62, base_y + ny * size * 0.62),
           (base_x - nx * size * 0.62, base_y - ny * size * 0.62)]
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)


def _polar(cx: float, cy: float, r: float, deg: float) -> tuple[float, float]:
    rad = math.radians(deg)
    return cx + r * math.sin(rad), cy - r * math.cos(rad)


def icon_svg(detail: str = "full") -> str:
    """The icon as SVG text at a level of detail: "full", "small" (22-32 px) or "tiny" (16 px).

    The lower leg hangs from the knee at the centre of the face like the
    watch's hand; it has swung out from where it was (the faint shin), as
    in the seated internal-rotation test the routines use.
    """
    full = detail == "full"
    ring_w = 20.0 if full else 34.0
    ring_r = R - (20.0 if full else 26.0)
    knee = (CX, CY - (24 if full else 14))
    shin = 70.0 if full else 62.0
    swung = 138.0  # degrees clockwise from 12 o'clock: down and to the right
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256" width="256" height="256">',
        "<title>hiptimer</title>",
        '<g stroke-linecap="round" stroke-linejoin="round">',
        # Crown of the stopwatch.
        f'<rect x="{CX - 12:.0f}" y="14" width="24" height="30" fill="{RIM}"/>',
        f'<rect x="{CX - 32:.0f}" y="2" width="64" height="24" rx="8" fill="{RIM}"/>',
    ]
    if full:
        parts.append(
            f'<g transform="rotate(45 {CX:.0f} {CY:.0f})">'
            f'<rect x="{CX - 10:.0f}" y="{CY - R - 20:.0f}" width="20" height="28" rx="5" fill="{RIM}"/></g>')
    parts += [
        f'<circle cx="{CX}" cy="{CY}" r="{R}" fill="{BODY}" stroke="{RIM}" '
        f'stroke-width="{8 if full else 12}"/>',
        f'<circle cx="{CX}" cy="{CY}" r="{ring_r}" fill="none" stroke="{TRACK}" stroke-width="{ring_w}"/>',
        f'<path d="{_arc(CX, CY, ring_r, 0, 250)}" fill="none" stroke="{RING}" stroke-width="{ring_w}"/>',
    ]

    def leg(angle: float, width: float, opacity: float = 1.0) -> str:
        fx, fy = _polar(knee[0], knee[1], shin, angle)
        alpha = f' stroke-opacity="{opacity}"' if opacity < 1 else ""
        return (f'<line x1="{knee[0]:.1f}" y1="{knee[1]:.1f}" x2="{fx:.1f}" y2="{fy:.1f}" '
                f'stroke="{LEG}" stroke-width="{width}"{alpha}/>')

    if full:
        parts.append(leg(180, 20, 0.35))
    if detail != "tiny":
        arc_r = shin + (16 if full else 12)
        arc_w = 11 if full else 18
        head = 24 if full else 32
        parts += [
            f'<path d="{_arc(knee[0], knee[1], arc_r, swung + 12, 200)}" fill="none" stroke="{ARROW}" '
            f'stroke-width="{arc_w}"/>',
            f'<polygon points="{_arrow_head(knee[0], knee[1], arc_r, swung + 12, head, clockwise=False)}" '
            f'fill="{ARROW}"/>',
        ]
    parts += [
        leg(swung, 22 if full else 30),
        f'<circle cx="{knee[0]:.1f}" cy="{knee[1]:.1f}" r="{17 if full else 22}" fill="{JOINT}"/>',
        "</g>", "</svg>", "",
    ]
    return "\n".join(parts)


def detail_for(size: int) -> str:
    if size <= TINY_UP_TO:
        return "tiny"
    return "small" if size <= SMALL_UP_TO else "full"


def render_png(svg: str, size: int) -> bytes:
    """Render SVG text to PNG bytes of size x size with QSvgRenderer."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _ = QGuiApplication.instance() or QGuiApplication(["make_icons"])
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(buf.data().data())


def contact_sheet(path: Path, sizes: tuple[int, ...] = (16, 22, 24, 32, 48, 64, 128, 256)) -> None:
    """The rendered PNGs side by side at 1:1 on a light and a dark strip, and 16/48 px at 8x."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter

    _ = QGuiApplication.instance() or QGuiApplication(["make_icons"])
    pad = 12
    width = sum(sizes) + pad * (len(sizes) + 1)
    zoom = 8
    height = 2 * (max(sizes) + 2 * pad) + 48 * zoom + 2 * pad
    sheet = QImage(max(width, 16 * zoom + 48 * zoom + 3 * pad), height, QImage.Format.Format_ARGB32)
    sheet.fill(QColor("#F4F5F7"))
    p = QPainter(sheet)
    p.fillRect(0, max(sizes) + 2 * pad, sheet.width(), max(sizes) + 2 * pad, QColor("#1E2127"))
    for row in range(2):
        x = pad
        for size in sizes:
            img = QImage(str(OUT / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"))
            y = row * (max(sizes) + 2 * pad) + pad + (max(sizes) - size)
            p.drawImage(x, y, img)
            x += size + pad
    y = 2 * (max(sizes) + 2 * pad) + pad
    x = pad
    for size in (16, 48):
        img = QImage(str(OUT / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"))
        big = img.scaled(size * zoom, size * zoom, Qt.AspectRatioMode.KeepAspectRatio,
                         Qt.TransformationMode.FastTransformation)
        p.drawImage(x, y, big)
        x += big.width() + pad
    p.end()
    sheet.save(str(path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="the hicolor folder to write into")
    parser.add_argument("--check", action="store_true", help="only check the scalable SVG is current")
    parser.add_argument("--sheet", type=Path, help="also write a contact sheet PNG here")
    args = parser.parse_args(argv)
    out: Path = args.out
    svg_path = out / "scalable" / "apps" / f"{ICON_NAME}.svg"
    full = icon_svg("full")
    if args.check:
        current = svg_path.read_text(encoding="utf-8") if svg_path.exists() else None
        missing = [s for s in ICON_SIZES if not (out / f"{s}x{s}" / "apps" / f"{ICON_NAME}.png").exists()]
        if current != full or missing:
            print(f"out of date: {svg_path.name}" if current != full else f"missing PNG sizes: {missing}")
            return 1
        return 0
    svg_path.parent.mkdir(parents=True, exist_ok=True)
    svg_path.write_text(full, encoding="utf-8")
    for size in ICON_SIZES:
        png = out / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"
        png.parent.mkdir(parents=True, exist_ok=True)
        png.write_bytes(render_png(icon_svg(detail_for(size)), size))
    print(f"wrote {svg_path.relative_to(ROOT) if svg_path.is_relative_to(ROOT) else svg_path} "
          f"and {len(ICON_SIZES)} PNGs")
    if args.sheet:
        contact_sheet(args.sheet)
        print(f"contact sheet: {args.sheet}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Write every exercise illustration to ``assets/images`` from the figure model.

The SVGs are generated, never edited by hand: change a pose in its posture
family under ``hiptimer/figures/poses/`` and run

    .venv/bin/python scripts/make_images.py           # write the files
    .venv/bin/python scripts/make_images.py --check   # exit 1 if any is stale

Images for a pose the catalogue no longer has are reported, not deleted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hiptimer import figures  # noqa: E402

OUT = ROOT / "assets" / "images"


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the SVG files")
    parser.add_argument("--check", action="store_true", help="only check the files are current")
    args = parser.parse_args(argv)
    out: Path = args.out
    stale: list[str] = []
    if not args.check:
        out.mkdir(parents=True, exist_ok=True)
    for name in figures.IMAGE_NAMES:
        path = out / f"{name}.svg"
        svg = figures.image_svg(name)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == svg:
            continue
        stale.append(path.name)
        if not args.check:
            path.write_text(svg, encoding="utf-8")
    known = {f"{name}.svg" for name in figures.IMAGE_NAMES}
    extra = sorted(p.name for p in out.glob("*.svg") if p.name not in known) if out.exists() else []
    for name in extra:
        print(f"not in the catalogue: {name}")
    if args.check:
        for name in stale:
            print(f"out of date: {name}")
        return 1 if stale else 0
    print(f"wrote {len(stale)} of {len(figures.IMAGE_NAMES)} images to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

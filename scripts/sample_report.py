"""Make the sample report: a made-up year of practice -> PDF -> page 1 as docs/images/report-page1.png.

    .venv/bin/python scripts/sample_report.py [--pdf OUT.pdf]

Uses a temporary history (``HIPTIMER_HOME``), the real ``hiptimer report``
command, and poppler's ``pdftoppm`` for the picture.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FIRST, LAST = date(2025, 11, 3), date(2026, 11, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pdf", type=Path, help="also keep the PDF here")
    parser.add_argument("--png", type=Path, default=ROOT / "docs" / "images" / "report-page1.png")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HIPTIMER_HOME"] = str(Path(tmp) / "home")
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from hiptimer.paths import user_paths
        from hiptimer.storage.store import HistoryStore
        from tests.sample_practice import fill_practice_year

        store = HistoryStore.open(user_paths().ensure().database).store
        fill_practice_year(store, FIRST)
        store.close()
        pdf = Path(tmp) / "report.pdf"
        subprocess.run([sys.executable, "-m", "hiptimer", "report", "--since", str(FIRST), "--until", str(LAST),
                        "--output", str(pdf)], check=True, cwd=ROOT)
        subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(Path(tmp) / "page1")], check=True)
        args.png.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(tmp) / "page1.png", args.png)
        if args.pdf:
            shutil.copyfile(pdf, args.pdf)
    print(f"wrote {args.png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

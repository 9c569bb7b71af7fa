"""``hiptimer report --since DATE [--until DATE] --output FILE.pdf``, offscreen."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from typing import TextIO


def run(args: argparse.Namespace, out: TextIO) -> int:
    # No window: paint offscreen unless the caller chose a platform.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from hiptimer.coach.coach import open_user_coach
    from hiptimer.coach.report_data import gather
    from hiptimer.report.pdf import write_pdf

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    coach, notice = open_user_coach()
    if notice:
        sys.stderr.write(f"{notice}\n")
    try:
        today = coach.store.today()
        until = args.until or today
        if until > today:
            # Future weeks have nothing to report (and a date near 9999 has no week after it).
            sys.stderr.write(f"hiptimer: the report ends today, {today}, not {until}\n")
            until = today
        try:
            data = gather(coach.store, coach.catalog, args.since, until, now=datetime.now(UTC))
        except ValueError as exc:
            sys.stderr.write(f"hiptimer: {exc}\n")
            return 2
    finally:
        coach.store.close()
    target = os.path.abspath(args.output)
    if not os.path.isdir(os.path.dirname(target)):
        sys.stderr.write(f"hiptimer: no such folder: {os.path.dirname(target)}\n")
        return 2
    pages = write_pdf(data, target)
    if not os.path.isfile(target) or os.path.getsize(target) == 0:
        sys.stderr.write(f"hiptimer: could not write {target}\n")
        return 1
    scaled = (f" ({data.scaled_left_out} time-scaled left out)" if data.scaled_left_out else "")
    out.write(f"Wrote {target}: {pages} page{'s' if pages != 1 else ''}, {len(data.sessions)} sessions{scaled} "
              f"from {data.first} to {data.last}.\n")
    del app
    return 0

"""`hiptimer report`: a real PDF, its text extracted with pdftotext and checked against the database."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from hiptimer.paths import user_paths
from hiptimer.storage.store import HistoryStore
from tests.desktop.desktop_helpers import need_tool
from tests.sample_practice import fill_practice_year

ROOT = Path(__file__).resolve().parents[2]
FIRST = date(2025, 11, 3)
LAST = date(2026, 11, 1)


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    """A year of daily practice in a history of its own; yields (home, database path)."""
    home = tmp_path_factory.mktemp("report") / "home"
    old = os.environ.get("HIPTIMER_HOME")
    os.environ["HIPTIMER_HOME"] = str(home)
    try:
        paths = user_paths().ensure()
        store = HistoryStore.open(paths.database).store
        fill_practice_year(store, FIRST)
        store.close()
    finally:
        if old is None:
            os.environ.pop("HIPTIMER_HOME", None)
        else:
            os.environ["HIPTIMER_HOME"] = old
    return home, home / "data" / "history.sqlite3"


@pytest.fixture(scope="module")
def report(year, tmp_path_factory):
    """The report of the whole year, made by the real command; yields (pdf path, its text)."""
    pdftotext = need_tool("pdftotext", "poppler-utils")
    home, _ = year
    out = tmp_path_factory.mktemp("pdf") / "year.pdf"
    env = {**os.environ, "HIPTIMER_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "hiptimer", "report", "--since", str(FIRST), "--until",
                             str(LAST), "--output", str(out)], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Wrote {out}")
    text = subprocess.run([pdftotext, "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    return out, text


def query(db: Path, sql: str, *args):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


PERIOD = "local_date BETWEEN ? AND ? AND status != 'never_started'"


def test_summary_figures_match_the_database(year, report):
    """Sessions, completed, mean feel and pain counts are the database's."""
    _, db = year
    _, text = report
    args = (str(FIRST), str(LAST))
    (n, completed, minutes, feel), = query(
        db, f"SELECT count(*), sum(status = 'completed'), sum(active_seconds) / 60, avg(rating)"
            f" FROM sessions WHERE {PERIOD}", *args)
    assert f"Sessions: {n}, completed: {completed}, active minutes: {minutes:.0f}" in text
    assert f"Mean feel: {feel:.1f}" in text
    pains = dict(query(db, "SELECT c.pain, count(*) FROM checkins c JOIN sessions s ON s.id = c.session_id"
                           f" WHERE s.{PERIOD} GROUP BY c.pain", *args))
    assert (f"Pain reported: mild {pains['mild']}, sharp or lasting {pains['sharp']}, none {pains['none']}"
            in text)
    (m,), = query(db, "SELECT count(*) FROM measurements WHERE substr(taken_at, 1, 10) BETWEEN ? AND ?",
                  *args)  # taken at 09:00 UTC: the same day in the test's zone
    assert f"Range-of-motion measurements: {m}" in text


def test_adherence_matches_the_plan_days(year, report):
    """Planned sessions done: every Monday-Saturday of the year, done when a session counted that day."""
    _, db = year
    _, text = report
    done = {date.fromisoformat(d) for (d,) in query(
        db, "SELECT DISTINCT local_date FROM sessions WHERE (status = 'completed' OR parts_done > 0)"
            " AND local_date BETWEEN ? AND ?", str(FIRST), str(LAST))}
    days = [FIRST + timedelta(days=i) for i in range((LAST - FIRST).days + 1)]
    planned = [d for d in days if d.weekday() < 6]
    hit = sum(1 for d in planned if d in done)
    assert f"Planned sessions done: {hit} of {len(planned)} ({round(100 * hit / len(planned))}%)" in text
    weeks = re.findall(r"^\s*(\d\d \w{3} \d{4})\s+(\d+)\s+(\d+)\s+(\d+%|-)\s*$", text, re.M)
    assert len(weeks) == 52  # 3 Nov 2025 is a Monday, 1 Nov 2026 a Sunday
    assert sum(int(w[1]) for w in weeks) == len(planned)
    assert sum(int(w[2]) for w in weeks) == hit


def test_every_session_is_listed(year, report):
    """One row per session, with its date, routine, sides done and skipped, and feel."""
    _, db = year
    _, text = report
    rows = query(db, f"SELECT local_date, routine_title, parts_done, parts_skipped, rating FROM sessions"
                     f" WHERE {PERIOD} ORDER BY started_at, id", str(FIRST), str(LAST))
    listed = re.findall(r"^\s*(\d{4}-\d\d-\d\d)\s+(Level \d)\S*.*?\s(\d+)\s+(\d+)\s+(\d+|-)\s", text, re.M)
    assert len(listed) == len(rows)
    for (d, title, done, skipped, rating), got in zip(rows, listed, strict=True):
        assert got == (d, title.split(":")[0], str(done), str(skipped), str(rating))


def test_completion_per_exercise_matches(year, report):
    """Each exercise's sides done and skipped are the database's counts."""
    _, db = year
    _, text = report
    for name, done, skipped in query(
            db, "SELECT p.exercise_name, sum(p.status = 'done'), sum(p.status = 'skipped') FROM parts p"
                " JOIN sessions s ON s.id = p.session_id WHERE s.local_date BETWEEN ? AND ?"
                " GROUP BY p.exercise_id", str(FIRST), str(LAST)):
        assert re.search(rf"^\s*{re.escape(name)}\s+{done}\s+{skipped}\s+\d+%", text, re.M), name


def test_plan_decisions_and_caveat_are_there(year, report):
    """The plan, each progression decision and the articles' caveat on the range of motion."""
    _, db = year
    _, text = report
    assert "Levels 1-3" in text and "Mon, Tue, Wed, Thu, Fri, Sat at 18:00" in text
    decisions = query(db, "SELECT answer FROM decisions")
    assert len(re.findall(r"\s(accepted|declined)\s*$", text, re.M)) == len(decisions)
    assert "Please see a physical" in text
    assert "Caveat:" in text and "reference point" in text


def test_page_one_renders(report, tmp_path):
    """pdftoppm renders page 1 to a PNG of an A4 page."""
    pdftoppm = need_tool("pdftoppm", "poppler-utils")
    pdf, _ = report
    subprocess.run([pdftoppm, "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
                   check=True, timeout=60)
    (png,) = tmp_path.glob("p*.png")
    header = png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert abs(height / width - 297 / 210) < 0.01


def test_bad_period_is_refused(year, tmp_path):
    """A period that ends before it starts is an error, and no file is written."""
    home, _ = year
    env = {**os.environ, "HIPTIMER_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    out = tmp_path / "x.pdf"
    result = subprocess.run([sys.executable, "-m", "hiptimer", "report", "--since", "2026-02-01", "--until",
                             "2026-01-01", "--output", str(out)], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2 and "before it starts" in result.stderr
    assert not out.exists()

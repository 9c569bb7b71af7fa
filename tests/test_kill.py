"""SIGKILL at random moments of a real session loses nothing already recorded.

The real program plays Level 1 time-scaled in a subprocess and is killed at
random points. Afterwards the database passes ``PRAGMA integrity_check``,
every side the log says was recorded is in it, and the next start marks the
session interrupted so the user can resume it.
"""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from hiptimer.storage.store import HistoryStore
from tests.test_end_to_end import app_env, hiptimer_exe

pytestmark = pytest.mark.slow
KILLS = 20
RECORDED = re.compile(r"Recorded part: session (\d+) exercise (\d+) (\S+) side (\w+)")


def test_sigkill_at_random_points_loses_nothing(tmp_path):
    rnd = random.Random(int(os.environ.get("HIPTIMER_KILL_SEED", "20261122")))
    env = app_env(tmp_path, HIPTIMER_AUDIO_DISABLE="simpleaudio,command")
    home = Path(env["HIPTIMER_HOME"])
    database = home / "data" / "history.sqlite3"
    log_file = home / "log" / "hiptimer.log"
    kills_during_session = 0
    for _ in range(KILLS):
        proc = subprocess.Popen([hiptimer_exe(), "--routine", "level-1", "--start", "--time-scale", "60",
                                 "--quit-when-done"], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, cwd=tmp_path)
        time.sleep(rnd.uniform(0.3, 6.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills_during_session += 1
        proc.wait(timeout=30)

        with sqlite3.connect(database) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            rows = {(sid, ei, side) for sid, ei, side in db.execute(
                "SELECT session_id, exercise_index, side FROM parts")}
        logged = {(int(m[1]), int(m[2]), m[4]) for m in RECORDED.finditer(log_file.read_text())}
        assert logged <= rows, sorted(logged - rows)
    assert kills_during_session >= KILLS // 2  # most kills landed mid-session

    # The next start finds the killed sessions and marks them interrupted.
    store = HistoryStore.open(database).store
    try:
        before = store.sessions(limit=100)
        running = [s for s in before if s.status.value == "running"]
        # Some kills land during start-up, before the session row exists.
        assert len(running) >= KILLS // 2
        # Killed before its first side was recorded, a session never began:
        # it is not offered for resume (and no longer listed).
        began = {s.id for s in running if s.active_seconds > 0 or store.parts(s.id)}
        recovered = store.recover_unfinished()
        assert {s.id for s in recovered} == began
        assert all(s.status.value == "interrupted" for s in recovered)
        assert all(store.session(s.id).status.value == "never_started"
                   for s in running if s.id not in began)
        statuses = {s.status.value for s in store.sessions(limit=100)}
        assert statuses <= {"completed", "interrupted"}
        # What was recorded before each kill is still there, per session.
        assert sum(s.parts_done for s in recovered) >= 1
    finally:
        store.close()

"""The benchmark's child processes still run against the app as it is now.

No figure is judged here (the machines are shared and noisy; that is the
benchmark's job, with its baselines): these only check that each probe runs
the real code and prints what ``benchmarks/run.py`` reads, so a change in the
app cannot quietly break a benchmark row.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"


def probe(*args: str, home: Path | None = None, timeout: float = 120) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HIPTIMER_AUDIO_DISABLE": "simpleaudio,command"}
    if home is not None:
        env["HIPTIMER_HOME"] = str(home)
    out = subprocess.run([sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True,
                         timeout=timeout)
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["runner", "naive"])
def test_the_timing_probe_plays_and_logs_every_second(mode):
    log = json.loads(probe(str(BENCH / "probe_timing.py"), mode, "--seconds", "3", "--stall-at", "1.4",
                           "--stall", "0.2").strip().splitlines()[-1])
    assert log["end"] is not None and log["total_seconds"] >= 3
    assert len(log["flips"]) >= 3 and log["phases"]


@pytest.mark.slow
def test_the_startup_probe_reports_the_first_frame_and_the_complete_window(tmp_path):
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.json").write_text('{"disclaimer_seen": true}')
    for mode in ("bare", "app", "app-ready"):
        args = ["--routine", "level-1"] if mode != "bare" else []
        moments = [float(x) for x in probe(str(BENCH / "probe_startup.py"), mode, *args,
                                           home=home).split()]
        assert len(moments) == (2 if mode == "app-ready" else 1)
        assert moments == sorted(moments)


@pytest.mark.slow
def test_the_endurance_probe_plays_a_routine_to_its_end():
    result = json.loads(probe(str(BENCH / "probe_endurance.py"), "--scale", "600", "--minutes", "3")
                        .strip().splitlines()[-1])
    assert result["status"] == "completed" and result["counts"]["second_changed"] > 0

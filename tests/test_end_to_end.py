"""The installed program as a user runs it: a whole routine, and one ended by a key.

These start the real ``hiptimer`` entry point in a subprocess, with its home in
a temporary folder and ALSA pointed at capture files, then read the results
back through ``hiptimer history --format json`` and the captured audio.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.audio.audio_helpers import CAPTURE_CONF, CAPTURE_ENV, Capture, name_streams, real_bank

pytestmark = pytest.mark.slow
CI = os.environ.get("CI", "").lower() == "true"


def hiptimer_exe() -> str:
    exe = Path(sys.executable).with_name("hiptimer")
    assert exe.exists(), f"the hiptimer entry point is not installed next to {sys.executable}"
    return str(exe)


def app_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HIPTIMER_", "ALSA_"))}
    env.update({"HIPTIMER_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen",
                "ALSA_CONFIG_PATH": str(CAPTURE_CONF), CAPTURE_ENV: str(tmp_path / "cap" / "cap.raw")})
    env.update(extra)
    (tmp_path / "cap").mkdir(exist_ok=True)
    return env


def history(env: dict[str, str]) -> dict:
    out = subprocess.run([hiptimer_exe(), "history", "--format", "json"], env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_level_1_played_through_the_installed_program(tmp_path):
    """Level 1 at 40x: recorded as completed with every side, and the cues were played."""
    # The bundled cues, byte for byte: no speech engine (the spoken phrases have their own
    # capture tests in tests/audio/test_speech_capture.py).
    env = app_env(tmp_path, HIPTIMER_SPEECH_DISABLE="all")
    proc = subprocess.run([hiptimer_exe(), "--routine", "level-1", "--start", "--time-scale", "40",
                           "--quit-when-done"], env=env, capture_output=True, text=True, timeout=120,
                          cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "ALSA lib" not in proc.stderr  # libasound's noise stays out of the terminal
    (session,) = history(env)["sessions"]
    assert session["routine_id"] == "level-1" and session["status"] == "completed"
    assert [(p["exercise_id"], p["side"], p["status"]) for p in session["parts"]] == [
        ("ir-hang", "none", "done"),
        ("er-knee-to-shoulder", "left", "done"),
        ("er-knee-to-shoulder", "right", "done"),
    ]
    assert session["active_seconds"] == pytest.approx(255, abs=1)
    names = name_streams(Capture(tmp_path / "cap" / "cap.raw").streams(), real_bank(), volume=80)
    assert not [n for n in names if n.startswith("<unknown")], names
    # The cues that are never dropped come in this order.
    order = ["voice_get_ready", "switch_sides", "voice_switch_sides", "voice_right_side",
             "routine_done", "voice_routine_complete"]
    positions = [names.index(n) for n in order]
    assert positions == sorted(positions), list(zip(order, positions, strict=True))
    assert names.count("tick") + names.count("tick_final") >= 6
    assert "halfway" in names


def _need_display_tools() -> None:
    missing = [t for t in ("Xvfb", "xdotool") if shutil.which(t) is None]
    if missing:
        if CI:
            pytest.fail(f"missing {missing} (CI=true: install them: apt-get install xvfb xdotool)")
        pytest.skip(f"missing {missing}")


def test_ended_early_by_a_key_press_in_a_real_window(tmp_path):
    """Under Xvfb: Esc then the dialog's End button (Alt+E) end the session early; it is recorded."""
    _need_display_tools()
    display = f":{90 + os.getpid() % 100}"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    app = None
    try:
        time.sleep(0.5)
        env = app_env(tmp_path, DISPLAY=display, QT_QPA_PLATFORM="xcb",
                      HIPTIMER_AUDIO_DISABLE="simpleaudio,command")
        app = subprocess.Popen([hiptimer_exe(), "--routine", "level-1", "--start", "--time-scale",
                                "10", "--quit-when-done"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, cwd=tmp_path)
        xenv = {**env, "DISPLAY": display}

        def xdo(*args: str) -> subprocess.CompletedProcess:
            return subprocess.run(["xdotool", *args], env=xenv, capture_output=True, text=True,
                                  timeout=20)

        found = xdo("search", "--sync", "--onlyvisible", "--name", "hiptimer")
        assert found.returncode == 0, found.stderr
        window = found.stdout.split()[0]
        time.sleep(5)  # about 50 s at 10x: in the hold (15 s get ready + 90 s hold)
        xdo("windowfocus", "--sync", window)
        xdo("key", "--window", window, "Escape")
        time.sleep(1.0)
        xdo("key", "alt+e")
        app.wait(timeout=30)
        assert app.returncode == 0, app.stderr.read() if app.stderr else ""
    finally:
        if app is not None and app.poll() is None:
            app.kill()
        xvfb.terminate()
        xvfb.wait(timeout=10)
    (session,) = history(env)["sessions"]
    assert session["status"] == "ended_early"
    assert [(p["exercise_id"], p["status"]) for p in session["parts"]] == [("ir-hang", "skipped")]

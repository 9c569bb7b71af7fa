"""Problem 9 on the installed program: signals, a read-only home, bad --time-scale values."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.test_end_to_end import app_env, hiptimer_exe

pytestmark = pytest.mark.slow


def _env(tmp_path: Path, *, seen: bool = True, sound: bool = False) -> dict[str, str]:
    """The program's environment; ``seen``: the first-run note was already read; ``sound``:
    cues go to a capture file (without it, a notice about the missing sound is shown)."""
    env = app_env(tmp_path, HIPTIMER_SPEECH_DISABLE="all",
                  **({} if sound else {"HIPTIMER_AUDIO_DISABLE": "simpleaudio,command"}))
    if seen:
        config = Path(env["HIPTIMER_HOME"]) / "config"
        config.mkdir(parents=True, exist_ok=True)
        (config / "settings.json").write_text('{"disclaimer_seen": true}')
    return env


def _sessions(env: dict[str, str]) -> list[dict]:
    out = subprocess.run([hiptimer_exe(), "history", "--format", "json"], env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)["sessions"]


def _wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_mid_session_ends_it_early_keeps_done_sides_and_exits_0(tmp_path, sig):
    """Ctrl+C or a logout mid-session: ended early, every done side kept, exit status 0."""
    env = _env(tmp_path, sound=True)
    log_file = Path(env["HIPTIMER_HOME"]) / "log" / "hiptimer.log"
    proc = subprocess.Popen([hiptimer_exe(), "--routine", "level-1", "--start", "--time-scale", "10"],
                            env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert _wait_for(lambda: log_file.exists() and "Recorded part" in log_file.read_text(), 60)
        proc.send_signal(sig)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    (session,) = _sessions(env)
    assert session["status"] == "ended_early"
    done = [(p["exercise_id"], p["status"]) for p in session["parts"] if p["status"] == "done"]
    assert done == [("ir-hang", "done")]  # the side done before the signal, and no more
    assert "Traceback" not in proc.stderr.read().decode()


@pytest.mark.parametrize(("sig", "seen"), [(signal.SIGINT, True), (signal.SIGTERM, True),
                                           (signal.SIGHUP, True), (signal.SIGTERM, False)],
                         ids=["SIGINT", "SIGTERM", "SIGHUP", "SIGTERM with the first-run note open"])
def test_a_signal_to_an_idle_window_quits_it_with_status_0(tmp_path, sig, seen):
    """With no session running (or a dialog open), a signal quits at once, cleanly."""
    env = _env(tmp_path, seen=seen)
    log_file = Path(env["HIPTIMER_HOME"]) / "log" / "hiptimer.log"
    proc = subprocess.Popen([hiptimer_exe(), "--routine", "level-1"], env=env, cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert _wait_for(lambda: log_file.exists() and "starting" in log_file.read_text(), 60)
        time.sleep(1.5)  # the window is up and idle
        proc.send_signal(sig)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e-9", "0", "-2", "1e9", "fast"])
def test_a_bad_time_scale_is_refused_with_a_clear_message(tmp_path, value):
    """--time-scale outside 0.1-1000 (or not a number) is refused before anything starts."""
    proc = subprocess.run([hiptimer_exe(), "--time-scale", value, "--routine", "level-1"],
                          env=_env(tmp_path), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert "--time-scale" in proc.stderr and "Traceback" not in proc.stderr


def _without_override(command: list[str]) -> list[str]:
    """Root ignores file permissions; drop the two capabilities that let it."""
    if os.geteuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv is needed to test permissions as root")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search", *command]


def test_a_read_only_data_home_gives_a_message_not_a_traceback(tmp_path):
    """A home folder that cannot be written: the routine still plays, the reason is said."""
    env = _env(tmp_path)
    home = Path(env["HIPTIMER_HOME"])
    home.mkdir(exist_ok=True)
    home.chmod(0o555)
    try:
        proc = subprocess.run(_without_override(
            [hiptimer_exe(), "--routine", "level-1", "--start", "--time-scale", "200",
             "--quit-when-done"]), env=env, cwd=tmp_path, capture_output=True, text=True,
            timeout=120)
    finally:
        home.chmod(0o755)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "cannot be written" in proc.stderr


def test_a_read_only_history_still_shows_and_the_app_quits_cleanly(tmp_path):
    """An existing history made read-only: a session plays, exit 0, the past stays readable."""
    env = _env(tmp_path)
    first = subprocess.run([hiptimer_exe(), "--routine", "level-1", "--start", "--time-scale", "200",
                            "--quit-when-done"], env=env, cwd=tmp_path, capture_output=True,
                           text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    data = Path(env["HIPTIMER_HOME"]) / "data"
    for path in [data, *data.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        proc = subprocess.run(_without_override(
            [hiptimer_exe(), "--routine", "level-1", "--start", "--time-scale", "200",
             "--quit-when-done"]), env=env, cwd=tmp_path, capture_output=True, text=True,
            timeout=120)
    finally:
        for path in [data, *data.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert [s["status"] for s in _sessions(env)][:1] == ["completed"]

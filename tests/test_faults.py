"""Faults gathered in one place. Each leaves the app running, says so, and loses nothing.

SIGKILL mid-session is in test_kill.py; read-only and full disks at the store
level in tests/storage/test_history_failures.py; these run the real program
or the real window for the rest. The hostile and unlucky cases by class
(unsaved writes, damaged files, hostile imports, non-regular and oversized
files, rich text, signals, child processes) are in tests/faults/.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from hiptimer.audio import build_audio
from hiptimer.library.catalog import load_catalog
from hiptimer.paths import routines_dir
from hiptimer.ui.widgets import Illustration
from tests.audio.audio_helpers import NO_DEVICE_CONF
from tests.test_end_to_end import app_env, hiptimer_exe

pytestmark = pytest.mark.slow


def play(env: dict[str, str], tmp_path: Path, routine: str = "level-1") -> subprocess.CompletedProcess:
    return subprocess.run([hiptimer_exe(), "--routine", routine, "--start", "--time-scale", "100",
                           "--quit-when-done"], env=env, capture_output=True, text=True, timeout=120,
                          cwd=tmp_path)


def sessions(env: dict[str, str]) -> list[dict]:
    out = subprocess.run([hiptimer_exe(), "history", "--format", "json"], env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)["sessions"]


def test_corrupt_history_is_moved_aside_and_a_new_one_starts(tmp_path):
    env = app_env(tmp_path, HIPTIMER_AUDIO_DISABLE="simpleaudio,command")
    data = Path(env["HIPTIMER_HOME"]) / "data"
    data.mkdir(parents=True)
    garbage = b"this is not a database" * 100
    (data / "history.sqlite3").write_bytes(garbage)
    proc = play(env, tmp_path)
    assert proc.returncode == 0, proc.stderr
    (aside,) = data.glob("history.sqlite3.corrupt-*")
    assert aside.read_bytes() == garbage  # kept, never deleted
    log = (Path(env["HIPTIMER_HOME"]) / "log" / "hiptimer.log").read_text()
    assert "Notice:" in log and aside.name in log  # the user is told where it went
    assert [s["status"] for s in sessions(env)] == ["completed"]


def test_no_audio_device_plays_silently_with_a_notice(tmp_path):
    env = app_env(tmp_path, ALSA_CONFIG_PATH=str(NO_DEVICE_CONF))
    env.pop("HIPTIMER_AUDIO_DISABLE", None)
    proc = play(env, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "ALSA lib" not in proc.stderr
    log = (Path(env["HIPTIMER_HOME"]) / "log" / "hiptimer.log").read_text()
    assert "Notice:" in log and "sound" in log.lower()
    assert [s["status"] for s in sessions(env)] == ["completed"]


def test_missing_sound_files_do_not_stop_the_audio(tmp_path, monkeypatch):
    empty = tmp_path / "no-sounds"
    empty.mkdir()
    monkeypatch.setenv("HIPTIMER_AUDIO_DISABLE", "simpleaudio,command")
    audio = build_audio(sounds_dir=empty)
    try:
        assert audio.notice  # says why there is no sound
    finally:
        audio.close()


def test_missing_image_shows_a_placeholder(qtbot):
    picture = Illustration()
    qtbot.addWidget(picture)
    picture.resize(300, 200)
    picture.set_image("no-such-picture.svg", caption="Pigeon pose")
    picture.show()
    assert not picture.has_image()
    image = picture.grab().toImage()
    assert image.width() == 300  # painted, with the caption instead of a picture


def test_routines_folder_full_of_broken_files(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    level1 = (routines_dir() / "level-1.yaml").read_text()
    for i in range(30):
        (folder / f"broken-{i}.yaml").write_text(level1.replace("hold: {default: 90", f"hold: {{default: {-i}"))
    (folder / "binary.yaml").write_bytes(b"\xff\xfe\x00garbage")
    (folder / "empty.yaml").write_text("")
    (folder / "missing-image.yaml").write_text(level1.replace("id: level-1", "id: mine").replace(
        "ir-hang.svg", "gone.svg"))
    catalog = load_catalog(user=folder)
    assert catalog.get("level-1") is not None and len(catalog.routines) >= 9
    assert len({e.file for e in catalog.errors}) == 33
    assert any("gone.svg" in str(e) for e in catalog.errors)


def test_broken_files_are_listed_in_the_picker(make_window, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "bad.yaml").write_text("id: bad\ntitle: [\n")
    h = make_window(catalog=load_catalog(user=folder))
    problems = h.window.picker.problems
    assert problems.isVisible() and "bad.yaml:3:1" in problems.text()


def test_clock_jump_mid_hold_pauses_and_keeps_history(make_window, qtbot):
    """A suspended laptop: the session pauses at the last tick and says why."""
    h = make_window()
    w = h.window
    assert w.picker.select("level-1")
    qtbot.mouseClick(w.picker.page.start_button, Qt.MouseButton.LeftButton)
    h.advance(qtbot, 45)  # 30 s into the 90 s hold
    h.clock.advance(6 * 3600)  # a night asleep; beyond the suspend gap at any time scale
    qtbot.wait(20)
    assert w.player.paused_label.isVisible() and w.player.phase_label.text() == "HOLD"
    assert "sleep" in w.player.notice_label.text()
    assert w.player.dial.text() == "60"
    qtbot.keyClick(w.player, Qt.Key.Key_Space)
    h.advance(qtbot, 60)
    (session,) = h.store.sessions()
    assert session.parts_done == 1

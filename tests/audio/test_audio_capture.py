"""Real audio through ALSA: every cue captured to a file by tests/alsa/capture.conf.

The default PCM is ALSA's ``file`` plugin over a ``null`` slave, so each
stream a backend opens lands in a file of its own, in order, and can be
compared byte for byte with the cue's WAV data. Nothing here needs a sound
card, and nothing waits for real playback time.
"""

from __future__ import annotations

import array
import json
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from hiptimer.audio import build_audio
from hiptimer.audio.notices import FALLBACK_TEXT, NO_DEVICE, SOUND_DISABLED, SOUND_LOST, TEXTS
from hiptimer.audio.scheduler import TEST_SOUND
from hiptimer.audio.sounds import Sound, SoundBank
from hiptimer.core.model import SidesMode
from tests.audio.audio_helpers import (
    CAPTURE_CONF,
    CAPTURE_ENV,
    NO_DEVICE_CONF,
    ROOT,
    Capture,
    aplay_wrapper,
    audible_moments,
    cue_names,
    make_sounds,
    name_streams,
    need_aplay,
    need_linux,
    need_simpleaudio,
    pcm_of,
    real_bank,
    replay,
    use_capture,
)
from tests.factories import hold, routine

# Get ready (left), hold 6 s left, switch sides, hold 6 s right: 22 s of routine.
TINY = routine(hold(seconds=6, sides=SidesMode.BOTH, get_ready=5), switch=5)
WHOLE = [
    "voice_get_ready", "voice_left_side",
    "tick", "tick", "tick_final",
    "go", "voice_hold",
    "tick", "tick", "tick_final",
    "switch_sides", "voice_switch_sides", "voice_right_side",
    "tick", "tick", "tick_final",
    "go", "voice_hold",
    "tick", "tick", "tick_final",
    "routine_done", "voice_routine_complete",
]
FIRST_FIVE = WHOLE[:7]  # get ready, 3-2-1, go + "Hold"


@pytest.fixture
def capture(tmp_path, monkeypatch):
    need_linux()
    return use_capture(monkeypatch, tmp_path / "capture")


@pytest.fixture(scope="module")
def short(tmp_path_factory):
    """Short synthetic cue sounds (30 ms beeps, 120 ms words), so tests run fast.

    The routine test uses the real cue files; the mechanics tests only need
    sounds that can be told apart, and these are much shorter.
    """
    return SoundBank.load(make_sounds(tmp_path_factory.mktemp("short-sounds")))


@pytest.fixture
def stacks():
    """Build audio stacks that are closed after the test, whatever happens."""
    built = []

    def make(**kw):
        scheduler = build_audio(**kw)
        built.append(scheduler)
        return scheduler

    yield make
    for s in built:
        s.close()


class Calls:
    """Every callback of one audio stack, with the thread each ran on."""

    def __init__(self) -> None:
        self.changes: list[str] = []
        self.notices: list[tuple[str, str]] = []
        self.flashes: list[str] = []
        self.threads: set[str] = set()

    def kw(self) -> dict[str, object]:
        return {"on_backend_changed": self._changed, "on_notice": self._notice,
                "on_visual_cue": self._flash}

    def _seen(self) -> None:
        self.threads.add(threading.current_thread().name)

    def _changed(self, name: str, reason: str) -> None:
        self._seen()
        self.changes.append(name)

    def _notice(self, text: str, key: str) -> None:
        self._seen()
        self.notices.append((text, key))

    def _flash(self, event) -> None:
        self._seen()
        self.flashes.append(event.cue.value)


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("ALSA_CONFIG_PATH", CAPTURE_ENV, "HIPTIMER_AUDIO_DISABLE")}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def test_routine_stretch_plays_expected_cues_byte_identical(capture, stacks):
    """A routine's cues reach the device in order, each exactly the WAV's PCM."""
    need_simpleaudio()
    audio = stacks(volume=100)
    assert audio.backend_name == "simpleaudio"
    replay(audio.handle, audio.wait_idle, audible_moments(TINY))
    streams = capture.wait_streams(len(WHOLE))
    assert name_streams(streams, real_bank()) == WHOLE
    assert streams[0] == pcm_of(Sound.VOICE_GET_READY)  # byte for byte, not just "a match"


def test_command_backend_plays_when_simpleaudio_is_disabled(capture, stacks, monkeypatch,
                                                            short):
    """With simpleaudio disabled, aplay plays the same cues through the same ALSA config."""
    need_aplay()
    monkeypatch.setenv("HIPTIMER_AUDIO_DISABLE", "simpleaudio")
    audio = stacks(volume=100, sounds_dir=short.directory)
    assert audio.backend_name == "command"
    assert "aplay" in audio.backend_reason and "disabled" in audio.backend_reason
    replay(audio.handle, audio.wait_idle, audible_moments(TINY)[:5])
    streams = capture.wait_streams(len(FIRST_FIVE))
    # aplay pads its last period with silence: the cue's PCM, then zeros
    assert name_streams(streams, short, padded=True) == FIRST_FIVE


def test_both_disabled_gives_silent_backend_notice_and_flashes(capture, stacks, monkeypatch,
                                                               short):
    """With every sounding backend disabled: silent, one notice, a flash per cue."""
    monkeypatch.setenv("HIPTIMER_AUDIO_DISABLE", "simpleaudio,command")
    calls = Calls()
    audio = stacks(sounds_dir=short.directory, **calls.kw())
    assert audio.backend_name == "silent" and audio.silent
    assert calls.notices == [(TEXTS[SOUND_DISABLED], SOUND_DISABLED)]
    assert "HIPTIMER_AUDIO_DISABLE" in audio.notice  # the one thing the person can change
    assert audio.notice_key == SOUND_DISABLED
    moments = audible_moments(TINY)[:5]
    replay(audio.handle, audio.wait_idle, moments)
    assert calls.flashes == cue_names(moments) == ["get_ready", "countdown", "countdown",
                                                   "countdown", "go"]
    assert capture.files() == []  # not even a probe reached ALSA


def test_no_sound_device_gives_a_plain_notice_and_logs_the_details(tmp_path, monkeypatch,
                                                                     stacks, capfd, caplog):
    """No usable ALSA device: silent, a notice in plain words, ALSA's reason in the log only."""
    need_linux()
    need_simpleaudio()
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(NO_DEVICE_CONF))
    monkeypatch.delenv("HIPTIMER_AUDIO_DISABLE", raising=False)
    calls = Calls()
    with caplog.at_level(logging.WARNING, logger="hiptimer.audio"):
        audio = stacks(**calls.kw())
    assert audio.backend_name == "silent" and audio.silent
    assert calls.notices == [(TEXTS[NO_DEVICE], NO_DEVICE)]
    assert (audio.notice, audio.notice_key) == calls.notices[0]
    assert "simpleaudio: no usable sound device" in caplog.text  # the technical reason...
    assert "sound device is connected" in caplog.text  # ...and the fix, for the log
    assert "ALSA lib" not in capfd.readouterr().err


def test_no_device_in_a_fresh_process_keeps_alsa_noise_off_stderr(short):
    """A fresh process with no device: silent backend, flashes, and a clean terminal."""
    need_linux()
    need_simpleaudio()
    env = child_env(ALSA_CONFIG_PATH=str(NO_DEVICE_CONF))
    # Control: the same config does make libasound print, so silence below means something.
    noisy = subprocess.run(
        [sys.executable, "-c",
         "import simpleaudio as sa\n"
         "try:\n    sa.play_buffer(bytes(882), 1, 2, 44100)\nexcept Exception:\n    pass"],
        env=env, capture_output=True, text=True, timeout=30)
    assert "ALSA lib" in noisy.stderr
    res = subprocess.run([sys.executable, "-m", "tests.audio.audio_child", "5",
                          str(short.directory)], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert "ALSA lib" not in res.stderr
    report = json.loads(res.stdout)
    assert report["backend"] == "silent"
    assert report["notices"] == [[TEXTS[NO_DEVICE], NO_DEVICE]]
    assert report["visuals"] == ["get_ready", "countdown", "countdown", "countdown", "go"]


def test_fresh_process_with_capture_config_from_the_start(tmp_path, short):
    """The capture config also works when set before libasound first loads."""
    need_linux()
    need_simpleaudio()
    cap = tmp_path / "cap.raw"
    env = child_env(ALSA_CONFIG_PATH=str(CAPTURE_CONF), **{CAPTURE_ENV: str(cap)})
    res = subprocess.run([sys.executable, "-m", "tests.audio.audio_child", "5",
                          str(short.directory)], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    assert report["backend"] == "simpleaudio"
    assert report["played"] == FIRST_FIVE
    assert name_streams(Capture(cap).wait_streams(len(FIRST_FIVE)), short) == FIRST_FIVE


def test_simpleaudio_failing_mid_session_hands_over_to_command(capture, stacks, monkeypatch,
                                                               short, tmp_path):
    """simpleaudio losing its device mid-session: aplay takes over, the lost cue is replayed."""
    need_simpleaudio()
    need_aplay()
    aplay_wrapper(monkeypatch, tmp_path / "bin")  # aplay keeps the capture device
    calls = Calls()
    audio = stacks(volume=100, sounds_dir=short.directory, **calls.kw())
    assert audio.backend_name == "simpleaudio"
    moments = audible_moments(TINY)
    replay(audio.handle, audio.wait_idle, moments[:2])  # get ready + first tick
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(NO_DEVICE_CONF))  # simpleaudio's device is gone
    replay(audio.handle, audio.wait_idle, moments[2:5])  # tick, tick_final, go + "Hold"
    assert audio.backend_name == "command" and not audio.silent
    assert calls.changes == ["command"]
    assert calls.notices == [(FALLBACK_TEXT, "fallback-aplay")]
    assert (audio.notice, audio.notice_key) == calls.notices[0]
    assert calls.flashes == []  # sound goes on: nothing to show instead
    assert calls.threads == {"hiptimer-cues"}
    streams = capture.wait_streams(len(FIRST_FIVE))
    assert name_streams(streams, short, padded=True) == FIRST_FIVE


def test_device_lost_mid_session_goes_silent_with_notice_and_flashes(capture, stacks,
                                                                      monkeypatch, short):
    """Losing the device mid-session: silent from then on, one notice, every cue flashed."""
    need_simpleaudio()
    calls = Calls()
    audio = stacks(volume=100, sounds_dir=short.directory, **calls.kw())
    moments = audible_moments(TINY)
    replay(audio.handle, audio.wait_idle, moments[:1])
    assert calls.notices == [] and calls.flashes == [] and audio.notice == ""
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(NO_DEVICE_CONF))  # the card is unplugged
    replay(audio.handle, audio.wait_idle, moments[1:5])
    assert audio.backend_name == "silent" and audio.silent
    assert calls.changes == ["silent"]  # aplay found no device either
    assert calls.notices == [(TEXTS[SOUND_LOST], SOUND_LOST)]
    assert audio.notice_key == SOUND_LOST
    assert calls.flashes == ["countdown", "countdown", "countdown", "go"]
    assert calls.threads == {"hiptimer-cues"}
    assert name_streams(capture.streams(), short) == ["voice_get_ready", "voice_left_side"]


def test_sound_program_removed_mid_session_goes_silent(capture, stacks, monkeypatch, short,
                                                       tmp_path):
    """aplay disappearing between two cues: silent, one notice, the cues flash instead."""
    need_aplay()
    wrapper = aplay_wrapper(monkeypatch, tmp_path / "bin")
    monkeypatch.setenv("HIPTIMER_AUDIO_DISABLE", "simpleaudio")
    calls = Calls()
    audio = stacks(volume=100, sounds_dir=short.directory, **calls.kw())
    assert audio.backend_name == "command" and audio.notice == ""
    moments = audible_moments(TINY)
    replay(audio.handle, audio.wait_idle, moments[:2])  # get ready + first tick
    wrapper.unlink()  # the package was removed under the running app
    replay(audio.handle, audio.wait_idle, moments[2:5])  # tick, tick_final, go
    assert audio.wait_idle(5)
    assert audio.silent and calls.changes == ["silent"]
    assert calls.notices == [(TEXTS[SOUND_LOST], SOUND_LOST)]
    assert calls.flashes == ["countdown", "countdown", "go"]
    assert calls.threads == {"hiptimer-cues"}
    names = name_streams(capture.wait_streams(3), short, padded=True)
    assert names == ["voice_get_ready", "voice_left_side", "tick"]


def test_test_sound_reaches_the_device_at_the_current_volume(capture, stacks, short):
    """play_test: one beep at the chosen volume, heard even while cues are muted."""
    need_simpleaudio()
    audio = stacks(volume=50, muted=True, sounds_dir=short.directory)
    audio.play_test()
    assert audio.wait_idle(2)
    assert capture.wait_streams(1) == [short.pcm(TEST_SOUND, 50)]


def test_test_sound_finds_a_device_plugged_in_after_start(capture, stacks, monkeypatch, short):
    """No device at start; the person plugs one in and presses Test sound: sound is back."""
    need_simpleaudio()
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(NO_DEVICE_CONF))
    calls = Calls()
    audio = stacks(volume=100, sounds_dir=short.directory, **calls.kw())
    assert audio.silent and audio.notice_key == NO_DEVICE
    audio.play_test()  # still nothing plugged in: the notice is repeated
    assert audio.wait_idle(2)
    assert [key for _, key in calls.notices] == [NO_DEVICE, NO_DEVICE]
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(CAPTURE_CONF))  # plugged in
    audio.play_test()
    assert audio.wait_idle(2)
    assert not audio.silent and audio.backend_name == "simpleaudio"
    assert calls.changes == ["simpleaudio"] and audio.notice == ""
    assert capture.wait_streams(1) == [short.pcm(TEST_SOUND, 100)]
    replay(audio.handle, audio.wait_idle, audible_moments(TINY)[:1])
    assert calls.flashes == []  # cues are heard again, not flashed
    assert name_streams(capture.wait_streams(3), short)[1:] == ["voice_get_ready",
                                                               "voice_left_side"]


def test_volume_scales_the_samples_that_reach_the_device(capture, stacks, short):
    """At volume 50 the device gets the cue scaled to a quarter (-12 dB), nothing else."""
    need_simpleaudio()
    audio = stacks(volume=50, sounds_dir=short.directory)
    go = audible_moments(TINY)[4]
    replay(audio.handle, audio.wait_idle, [go])
    streams = capture.wait_streams(3)
    # a GO on a side not announced yet names the side first
    assert name_streams(streams, short, volume=50) == ["go", "voice_left_side", "voice_hold"]
    assert streams[0] != short.pcm(Sound.GO, 100)
    assert streams[0] == short.pcm(Sound.GO, 50)
    samples = array.array("h", streams[0])
    full = array.array("h", short.pcm(Sound.GO, 100))
    assert max(samples) == round(max(full) * 0.25)


def test_options_change_what_reaches_the_device(capture, stacks, short):
    """Mute silences, voice off keeps only beeps, beeps off drops the ticks."""
    need_simpleaudio()
    audio = stacks(volume=100, sounds_dir=short.directory)
    moments = audible_moments(TINY)
    audio.set_options(muted=True)
    replay(audio.handle, audio.wait_idle, moments[:5])
    assert capture.streams() == []
    audio.set_options(muted=False, voice=False)
    replay(audio.handle, audio.wait_idle, moments[:5])
    assert name_streams(capture.wait_streams(4), short) == ["tick", "tick", "tick_final",
                                                            "go"]
    audio.set_options(voice=True, beeps=False)
    replay(audio.handle, audio.wait_idle, moments[5:9])  # ticks, tick_final, switch sides
    names = name_streams(capture.wait_streams(7), short)
    assert names[4:] == ["switch_sides", "voice_switch_sides", "voice_right_side"]


def test_probe_leaves_only_silence_behind(capture, stacks):
    """The start-up probe is a few ms of silence, so a user never hears it."""
    need_simpleaudio()
    stacks()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # the probe plays on simpleaudio's own thread
        files = capture.files()
        if files and files[0].stat().st_size:
            break
        time.sleep(0.01)
    assert len(files) == 1
    data = Path(files[0]).read_bytes()
    assert data and not data.strip(b"\0") and len(data) <= 2 * 441 * 2

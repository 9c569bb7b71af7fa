"""Real audio through ALSA: every cue captured to a file by tests/alsa/capture.conf.

The default PCM is ALSA's ``file`` plugin over a ``null`` slave, so each
stream a backend opens lands in a file of its own, in order, and can be
compared byte for byte with the cue's WAV data. Nothing here needs a sound
card, and nothing waits for real playback time.
"""

from __future__ import annotations

import array
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hiptimer.audio import build_audio
from hiptimer.audio.sounds import Sound, SoundBank
from hiptimer.core.model import SidesMode
from tests.audio.audio_helpers import (
    CAPTURE_CONF,
    CAPTURE_ENV,
    NO_DEVICE_CONF,
    ROOT,
    Capture,
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
    notices, flashes = [], []
    audio = stacks(on_visual_cue=flashes.append, on_notice=notices.append,
                   sounds_dir=short.directory)
    assert audio.backend_name == "silent" and audio.silent
    assert len(notices) == 1 and "HIPTIMER_AUDIO_DISABLE" in notices[0]
    assert notices[0] == audio.notice
    moments = audible_moments(TINY)[:5]
    replay(audio.handle, audio.wait_idle, moments)
    assert flashes == cue_names(moments) == ["get_ready", "countdown", "countdown",
                                             "countdown", "go"]
    assert capture.files() == []  # not even a probe reached ALSA


def test_no_sound_device_gives_silent_backend_not_an_error(tmp_path, monkeypatch, stacks, capfd):
    """No usable ALSA device: the silent backend and a notice, and no ALSA noise."""
    need_linux()
    need_simpleaudio()
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(NO_DEVICE_CONF))
    monkeypatch.delenv("HIPTIMER_AUDIO_DISABLE", raising=False)
    notices = []
    audio = stacks(on_notice=notices.append)
    assert audio.backend_name == "silent"
    assert len(notices) == 1
    assert "simpleaudio: no usable sound device" in notices[0]
    assert "sound device is connected" in notices[0]
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
    assert len(report["notices"]) == 1
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
                                                               short):
    """simpleaudio breaking mid-session: aplay takes over, the lost cue is replayed."""
    need_simpleaudio()
    need_aplay()
    import simpleaudio
    from simpleaudio._simpleaudio import SimpleaudioError

    changes = []
    audio = stacks(volume=100, on_backend_changed=lambda *a: changes.append(a),
                   sounds_dir=short.directory)
    moments = audible_moments(TINY)
    replay(audio.handle, audio.wait_idle, moments[:2])  # get ready + first tick

    def broken(*args, **kwargs):
        raise SimpleaudioError("Error opening PCM device. -- CODE: -19 -- MSG: No such device")

    monkeypatch.setattr(simpleaudio, "play_buffer", broken)
    replay(audio.handle, audio.wait_idle, moments[2:5])  # tick, tick_final, go + "Hold"
    assert audio.backend_name == "command"
    assert [c[0] for c in changes] == ["command"]
    assert "simpleaudio" in changes[0][1] and "No such device" in changes[0][1]
    streams = capture.wait_streams(len(FIRST_FIVE))
    assert name_streams(streams, short, padded=True) == FIRST_FIVE


def test_device_lost_mid_session_goes_silent_with_notice_and_flashes(capture, stacks,
                                                                      monkeypatch, short):
    """Losing the device mid-session: silent from then on, one notice, every cue flashed."""
    need_simpleaudio()
    changes, notices, flashes = [], [], []
    audio = stacks(volume=100, on_backend_changed=lambda *a: changes.append(a),
                   on_notice=notices.append, on_visual_cue=flashes.append,
                   sounds_dir=short.directory)
    moments = audible_moments(TINY)
    replay(audio.handle, audio.wait_idle, moments[:1])
    assert notices == [] and flashes == []
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(NO_DEVICE_CONF))  # the card is unplugged
    replay(audio.handle, audio.wait_idle, moments[1:5])
    assert audio.backend_name == "silent" and audio.silent
    assert changes[-1][0] == "silent"
    assert len(notices) == 1 and "No sound" in notices[0]
    assert flashes == ["countdown", "countdown", "countdown", "go"]
    assert name_streams(capture.streams(), short) == ["voice_get_ready", "voice_left_side"]


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

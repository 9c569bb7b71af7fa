"""The committed cue WAVs, the script that makes them, and the sound bank."""

from __future__ import annotations

import array
import importlib.util
import math
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hiptimer.audio.sounds import (
    RATE,
    Sound,
    SoundBank,
    SoundFormatError,
    read_pcm,
    scale_pcm,
    volume_gain,
    wav_bytes,
)
from tests.audio.audio_helpers import ROOT, make_sounds, need

SOUNDS = ROOT / "assets" / "sounds"
SCRIPT = ROOT / "scripts" / "make_sounds.py"


def load_script():
    """Import scripts/make_sounds.py (not a package) under a private name."""
    name = "hiptimer_make_sounds_script"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


make_sounds_script = load_script()


def samples(sound: Sound) -> list[float]:
    a = array.array("h")
    a.frombytes(read_pcm(SOUNDS / sound.filename))
    return [v / 32768 for v in a]


def db(x: float) -> float:
    return 20 * math.log10(x) if x > 0 else -math.inf


# ---------------------------------------------------------------- the files


def test_every_sound_has_a_file_and_there_are_no_strays():
    """assets/sounds holds exactly one WAV per Sound, as the script names them."""
    on_disk = {p.stem for p in SOUNDS.glob("*.wav")}
    assert on_disk == {s.value for s in Sound}
    assert set(make_sounds_script.ALL_NAMES) == {s.value for s in Sound}


@pytest.mark.parametrize("sound", list(Sound), ids=lambda s: s.value)
def test_format_loudness_and_edges(sound):
    """Mono 16-bit 44.1 kHz; gated RMS on target; peaks under -1 dBFS; no clicks; no lead-in."""
    with wave.open(str(SOUNDS / sound.filename)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, RATE)
    x = samples(sound)
    target = make_sounds_script.TARGET_RMS_DBFS
    rms = db(make_sounds_script.gated_rms(x))
    assert target - 1.0 <= rms <= target + 0.1, rms  # speech loses a little to the limiter
    assert db(max(abs(v) for v in x)) <= make_sounds_script.PEAK_CEILING_DBFS + 0.01
    # faded edges: the first and last samples sit at (almost) zero, so no click
    assert abs(x[0]) < 0.002 and abs(x[-1]) < 0.002
    # trimmed: sound within the first 10 ms and the last 60 ms
    peak = max(abs(v) for v in x)
    loud = [i for i, v in enumerate(x) if abs(v) >= peak * 0.01]
    assert loud[0] < 0.010 * RATE
    assert len(x) - loud[-1] < 0.060 * RATE
    assert len(x) / RATE <= 1.3  # short: no cue holds up the next


def test_beeps_are_distinct():
    """No two beeps have the same length and pitch profile."""
    beeps = [s for s in Sound if not s.is_voice]
    signatures = {(len(read_pcm(SOUNDS / s.filename)), read_pcm(SOUNDS / s.filename)[:4000])
                  for s in beeps}
    assert len(signatures) == len(beeps)


def test_all_sounds_together_stay_small():
    """The whole cue set stays a few megabytes."""
    assert sum(p.stat().st_size for p in SOUNDS.glob("*.wav")) < 4_000_000


def test_sox_agrees_with_the_measurements():
    """sox reads the files as mono 16-bit 44.1 kHz and finds the same RMS and peak."""
    need(shutil.which("sox") is not None, "sox is not installed")
    for sound in (Sound.GO, Sound.VOICE_SWITCH_SIDES):
        path = SOUNDS / sound.filename
        rate = subprocess.run(["sox", "--i", "-r", str(path)], capture_output=True, text=True,
                              check=True).stdout.strip()
        assert rate == str(RATE)
        m = make_sounds_script.sox_measure(path)
        x = samples(sound)
        assert m["peak_db"] == pytest.approx(db(max(abs(v) for v in x)), abs=0.05)
        plain_rms = math.sqrt(sum(v * v for v in x) / len(x))
        assert m["rms_db"] == pytest.approx(db(plain_rms), abs=0.05)


# ---------------------------------------------------------------- the script


def test_script_rebuilds_the_beeps_byte_for_byte(tmp_path):
    """Re-running the script gives the committed beeps exactly (it is deterministic)."""
    names = ["tick", "go", "switch_sides", "routine_done"]
    args = ["--out", str(tmp_path)]
    for n in names:
        args += ["--only", n]
    assert make_sounds_script.main(args) == 0
    for n in names:
        assert (tmp_path / f"{n}.wav").read_bytes() == (SOUNDS / f"{n}.wav").read_bytes(), n


def test_script_rebuilds_a_voice_byte_for_byte(tmp_path):
    """With the same espeak-ng version, the voices come out identical too."""
    need(shutil.which("espeak-ng") is not None, "espeak-ng is not installed")
    version = make_sounds_script.espeak_version()
    if version != make_sounds_script.ESPEAK_TESTED_VERSION:
        pytest.skip(f"espeak-ng {version} speaks differently from the committed version")
    assert make_sounds_script.main(["--out", str(tmp_path), "--only", "voice_hold"]) == 0
    assert (tmp_path / "voice_hold.wav").read_bytes() == \
        (SOUNDS / "voice_hold.wav").read_bytes()


def test_script_does_not_rewrite_unchanged_files(tmp_path):
    """A second run leaves identical files untouched (clean git status, same mtimes)."""
    args = ["--out", str(tmp_path), "--only", "tick"]
    make_sounds_script.main(args)
    mtime = (tmp_path / "tick.wav").stat().st_mtime_ns
    make_sounds_script.main(args)
    assert (tmp_path / "tick.wav").stat().st_mtime_ns == mtime


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=-4.0, max_value=4.0), min_size=1, max_size=400))
def test_limiter_never_exceeds_the_ceiling(x):
    """Whatever comes in, the limiter's output stays under the ceiling."""
    ceiling = 0.5
    out = make_sounds_script.limit_peaks(x, ceiling)
    assert len(out) == len(x)
    assert max(abs(v) for v in out) <= ceiling + 1e-9


def test_upsampling_keeps_a_tone_clean():
    """2x upsampling of a 1 kHz tone gives the same tone at the new rate, not images."""
    tone = [math.sin(2 * math.pi * 1000 * n / 22050) for n in range(2205)]
    up = make_sounds_script.upsample2(tone)
    ideal = [math.sin(2 * math.pi * 1000 * n / 44100) for n in range(len(up))]
    middle = slice(200, len(up) - 200)  # away from the zero-padded ends
    err = max(abs(a - b) for a, b in zip(up[middle], ideal[middle], strict=True))
    assert err < 0.01


# ---------------------------------------------------------------- the bank


def test_bank_loads_everything_with_durations():
    """The bank decodes every cue once and knows each length."""
    bank = SoundBank.load(SOUNDS)
    assert bank.sounds == frozenset(Sound)
    assert bank.duration(Sound.TICK) == pytest.approx(0.08, abs=0.005)
    assert bank.pcm(Sound.GO) == read_pcm(SOUNDS / "go.wav")


def test_bank_survives_missing_and_bad_files(tmp_path, caplog):
    """A missing or malformed file is logged and left out; the rest still load."""
    make_sounds(tmp_path)
    (tmp_path / "go.wav").unlink()
    with wave.open(str(tmp_path / "tick.wav"), "wb") as w:  # stereo: wrong format
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(bytes(400))
    (tmp_path / "rest.wav").write_bytes(b"not a wav")
    bank = SoundBank.load(tmp_path)
    assert Sound.GO not in bank and Sound.TICK not in bank and Sound.REST not in bank
    assert len(bank) == len(Sound) - 3
    assert bank.pcm(Sound.GO) is None and bank.duration(Sound.GO) == 0
    assert "go.wav" in caplog.text and "tick.wav" in caplog.text


def test_read_pcm_rejects_other_formats(tmp_path):
    """Only mono 16-bit 44.1 kHz is accepted, with a message naming the file."""
    path = tmp_path / "x.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(22050)
        w.writeframes(bytes(100))
    with pytest.raises(SoundFormatError, match=r"x\.wav.*22050 Hz"):
        read_pcm(path)


def test_volume_is_a_squared_curve():
    """100 is unity, 50 a quarter (-12 dB), 0 silence, and out-of-range values clamp."""
    assert volume_gain(100) == 1.0 and volume_gain(150) == 1.0
    assert volume_gain(50) == 0.25
    assert volume_gain(0) == 0.0 and volume_gain(-5) == 0.0


def test_scaled_copies_are_cached_per_volume():
    """Scaling happens once per sound and volume; 100 returns the original bytes."""
    bank = SoundBank.load(SOUNDS)
    original = bank.pcm(Sound.TICK, 100)
    assert original is bank.pcm(Sound.TICK, 100)
    half = bank.pcm(Sound.TICK, 50)
    assert half is bank.pcm(Sound.TICK, 50)
    assert half == scale_pcm(original, 0.25)
    a = array.array("h")
    a.frombytes(half)
    b = array.array("h")
    b.frombytes(original)
    assert max(a) == round(max(b) * 0.25)


def test_wav_bytes_round_trip(tmp_path: Path):
    """The bank's WAV writer makes files that read back as the same frames."""
    pcm = scale_pcm(read_pcm(SOUNDS / "go.wav"), 0.5)
    path = tmp_path / "go.wav"
    path.write_bytes(wav_bytes(pcm))
    assert read_pcm(path) == pcm

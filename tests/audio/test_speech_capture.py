"""Spoken guidance through real espeak-ng and real ALSA: every stream captured to a file.

The session runs on a sped-up clock shared by the engine and the playback
thread, so the timeline's decisions are those of a real-speed session while
the test takes a few seconds; the captures are the frames the device got.
"""

from __future__ import annotations

import itertools
import logging
import os

import pytest

from hiptimer.audio import build_audio
from hiptimer.audio.sounds import Phrase, Sound
from hiptimer.audio.speech.dsp import to_cue_pcm
from hiptimer.audio.speech.engines import DEFAULT_RATE, EspeakEngine
from hiptimer.audio.speech.options import Preset, SpeechOptions
from hiptimer.core.events import Cue
from hiptimer.core.plan import compile_plan
from tests.audio.audio_helpers import name_streams, need_simpleaudio, real_bank, use_capture
from tests.audio.speech_helpers import (
    UNHEARD,
    drive,
    long_routine,
    need_espeak,
    scaled_clock,
    zebra_routine,
)

SCALE = 6.0


@pytest.fixture
def capture(tmp_path, monkeypatch):
    need_simpleaudio()
    need_espeak()
    monkeypatch.delenv("HIPTIMER_SPEECH_DISABLE", raising=False)
    return use_capture(monkeypatch, tmp_path / "capture")


@pytest.fixture
def stacks():
    built = []

    def make(cache, scale=SCALE, options=None, **kw):
        clock = scaled_clock(scale)
        audio = build_audio(volume=100, clock=clock.monotonic, clock_rate=scale,
                            speech=options or SpeechOptions(), speech_cache=cache, **kw)
        built.append(audio)
        return audio, clock

    yield make
    for audio in built:
        audio.close()


def played(audio):
    return [e for e in audio.journal if e.action == "played"]


def spoken(audio):
    """The voice entries the timeline started, in order: (clock time, sound, text)."""
    return [e for e in played(audio) if e.sound is not None and e.sound.is_voice]


def test_unheard_names_are_spoken_at_each_get_ready_in_order(capture, stacks, tmp_path):
    """A routine of names in no bundled file: the device gets each name, rendered, in order."""
    audio, clock = stacks(tmp_path / "cache")
    assert audio.speech_engine == "espeak-ng"
    session = drive(audio, compile_plan(zebra_routine()), clock)
    assert audio.wait_idle(10)
    texts = [e.text for e in spoken(audio)]
    announced = [t for t in texts if t.startswith(("Get ready:", "Next:"))]
    assert announced == [f"Get ready: {UNHEARD[0]}", f"Next: {UNHEARD[1]}",
                         f"Next: {UNHEARD[2]}, left side"]
    # each was said during its own get-ready, before the exercise's GO
    starts = [at for at, e in session.events
              if getattr(e, "cue", None) in (Cue.GET_READY, Cue.NEXT_EXERCISE)]
    gos = [at for at, e in session.events if getattr(e, "cue", None) is Cue.GO]
    for entry, start in zip([e for e in spoken(audio) if e.text in announced], starts,
                            strict=True):
        assert start <= entry.at < min(g for g in gos if g > start)
    assert audio.speech.stats.fallbacks == 0

    # The captured streams are the rendered clips, byte for byte, in the same order...
    bank = real_bank()
    bundled = {bank.pcm(s) for s in bank.sounds}
    streams = capture.wait_streams(len(played(audio)))
    clips = {audio.speech.phrase(t): t for t in set(texts)}
    pcm_to_text = {audio._bank.pcm(p): t for p, t in clips.items() if p is not None}
    heard = [pcm_to_text[s] for s in streams if s in pcm_to_text]
    assert heard == texts
    # ...none of them a bundled WAV, or one padded...
    for stream in streams:
        if stream in pcm_to_text:
            assert stream not in bundled
            assert not any(stream.startswith(b) for b in bundled)
    # ...each as long as espeak-ng says it (rendered again here, independently).
    engine = EspeakEngine.find()
    engine.probe()
    for text in announced:
        expected = to_cue_pcm(engine.render(text, "", DEFAULT_RATE))
        clip = audio.speech.phrase(text)
        assert audio._bank.pcm(clip) == expected
        assert 1.0 < len(expected) / 88200 < 4.0


def test_phrases_never_overlap_and_never_cut_into_their_beat(capture, stacks, tmp_path):
    """Voices start only after the previous one ended; a phrase ends before the beat it announces."""
    audio, clock = stacks(tmp_path / "cache")
    session = drive(audio, compile_plan(zebra_routine()), clock)
    assert audio.wait_idle(10)
    voices = spoken(audio)
    for a, b in itertools.pairwise(voices):
        assert b.at >= a.at + audio._bank.duration(a.sound), (a, b)
    gos = sorted(at for at, e in session.events if getattr(e, "cue", None) is Cue.GO)
    for v in voices:
        if v.text.startswith(("Get ready:", "Next:")):
            beat = min(g for g in gos if g > v.at)
            assert v.at + audio._bank.duration(v.sound) <= beat + 0.05


def test_no_engine_plays_todays_bundled_phrases(capture, stacks, tmp_path, monkeypatch, caplog):
    """With no speech engine: bundled WAVs, byte for byte, and the reason in the log."""
    monkeypatch.setenv("HIPTIMER_SPEECH_DISABLE", "all")
    with caplog.at_level(logging.INFO, logger="hiptimer.audio"):
        audio, clock = stacks(tmp_path / "cache")
    assert audio.speech_engine == "bundled"
    assert "no speech engine" in audio.speech_reason
    assert "Speech engine: bundled" in caplog.text
    drive(audio, compile_plan(zebra_routine()), clock)
    assert audio.wait_idle(10)
    names = name_streams(capture.wait_streams(len(played(audio))), real_bank())
    assert names[:2] == [Sound.VOICE_GET_READY.value, Sound.TICK.value]
    assert "voice_next_exercise" in names and "voice_routine_complete" in names
    assert not any(n.startswith("<unknown") for n in names)
    assert not (tmp_path / "cache").exists()


def test_second_run_renders_nothing(capture, stacks, tmp_path):
    """The cache: a second app start with the same settings renders no phrase again."""
    plan = compile_plan(zebra_routine())
    first, _ = stacks(tmp_path / "cache")
    first.prepare(plan)
    assert first.speech.wait_rendered(30)
    made = first.speech.stats.rendered
    assert made == len(first.speech.script.texts()) > 5
    first.close()
    second, clock = stacks(tmp_path / "cache")
    drive(second, plan, clock)
    assert second.wait_idle(10)
    assert second.speech.stats.rendered == 0
    assert second.speech.stats.from_cache == made
    assert second.speech.stats.fallbacks == 0


def test_changed_settings_render_again(capture, stacks, tmp_path):
    """Voice rate is part of the key: a faster voice is a new phrase, not the old file."""
    plan = compile_plan(zebra_routine())
    audio, _ = stacks(tmp_path / "cache")
    audio.prepare(plan)
    assert audio.speech.wait_rendered(30)
    slow = audio._bank.pcm(audio.speech.phrase(f"Get ready: {UNHEARD[0]}"))
    audio.set_speech(SpeechOptions(rate=220))
    assert audio.speech.wait_rendered(30)
    fast = audio._bank.pcm(audio.speech.phrase(f"Get ready: {UNHEARD[0]}"))
    assert fast is not None and len(fast) < len(slow)


def test_forty_exercises_render_in_the_background_without_delaying_a_cue(capture, stacks,
                                                                         tmp_path):
    """40 exercises, cold cache: Start is not held up, and every cue sounds on time meanwhile."""
    plan = compile_plan(long_routine(40))
    audio, clock = stacks(tmp_path / "cache", scale=6.0)
    session = drive(audio, plan, clock, until=60)  # 10 s of real time
    assert audio.wait_idle(10)
    assert audio.speech.wait_rendered(60)
    stats = audio.speech.stats
    assert stats.rendered == len(audio.speech.script.texts()) > 40
    # The first phrase was heard long before the last was rendered: Start did not wait.
    first = spoken(audio)[0]
    assert (first.at - session.start) / 6.0 < 0.5 < stats.batch_seconds
    due = {id(e): at for at, e in session.events}
    beeps = [e for e in played(audio) if isinstance(e.sound, Sound) and not e.sound.is_voice]
    cues = [e for _, e in session.events if getattr(e, "cue", None) is not None]
    assert len(beeps) >= 25
    during = [b for b in beeps if (b.at - session.start) / 6.0 < stats.batch_seconds]
    assert len(during) >= 5  # cues that fell due while phrases were rendering
    # Beeps start on time while phrases render (the clock runs 6x): typically within 60 ms of
    # real time, and none waits for a render (a phrase takes 40-150 ms, the batch seconds).
    # A busy shared machine may delay one wake-up, so the bound on the worst is looser.
    starts = iter(beeps)
    delays = []
    for cue in cues:
        if cue.cue in (Cue.GET_READY, Cue.EXERCISE_DONE):
            continue
        b = next(starts, None)
        if b is None:
            break
        delays.append((b.at - due[id(cue)]) / 6.0)
    delays.sort()
    assert delays[len(delays) // 2] <= 0.06, delays
    assert delays[-1] <= 0.3 < stats.batch_seconds, delays
    names = [e.text for e in spoken(audio) if e.text.startswith(("Get ready:", "Next:"))]
    assert names[:2] == ["Get ready: Amber stretch number 1, left side",
                         "Next: Birch stretch number 2, left side"]
    assert stats.fallbacks == 0


def test_preset_off_says_nothing_and_essential_says_no_names(capture, stacks, tmp_path):
    """Off: beeps only. Essential cues: "Get ready", no exercise names."""
    audio, clock = stacks(tmp_path / "cache", options=SpeechOptions(preset=Preset.OFF))
    drive(audio, compile_plan(zebra_routine()), clock, until=6)
    assert audio.wait_idle(10)
    assert spoken(audio) == []
    audio.set_speech(SpeechOptions(preset=Preset.ESSENTIAL))
    audio.set_options(voice=True)
    drive(audio, compile_plan(zebra_routine()), clock, until=6)
    assert audio.wait_idle(10)
    assert [e.text for e in spoken(audio)][:2] == ["Get ready", "Hold"]


def test_test_voice_reaches_the_device_even_when_muted(capture, stacks, tmp_path):
    """Test voice: the test phrase, rendered with the current settings, heard while muted."""
    audio, _ = stacks(tmp_path / "cache", muted=True)
    audio.test_voice()
    assert audio.speech.wait_rendered(30)
    assert audio.wait_idle(5)
    entry = played(audio)[-1]
    assert isinstance(entry.sound, Phrase)
    streams = capture.wait_streams(1)
    assert streams[-1] == audio._bank.pcm(entry.sound)


def test_an_engine_that_fails_mid_session_gives_way_to_the_bundled_phrases(capture, stacks,
                                                                           tmp_path, monkeypatch):
    """espeak-ng starts but cannot render: after three failures the bundled WAVs play on."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "espeak-ng"
    fake.write_text('#!/bin/sh\n[ "$1" = --version ] && { echo "eSpeak NG text-to-speech: 9.9"; '
                    'exit 0; }\necho "no voice data" >&2\nexit 3\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    audio, clock = stacks(tmp_path / "cache")
    assert audio.speech_engine == "espeak-ng"
    drive(audio, compile_plan(zebra_routine()), clock, until=12)
    assert audio.wait_idle(10)
    assert audio.speech_engine == "bundled"
    assert "failed 3 times" in audio.speech_reason and "no voice data" in audio.speech_reason
    assert audio.speech.stats.fallbacks >= 1
    names = name_streams(capture.wait_streams(len(played(audio))), real_bank())
    assert names[0] == Sound.VOICE_GET_READY.value
    assert "voice_next_exercise" in names
    assert not any(n.startswith("<unknown") for n in names)

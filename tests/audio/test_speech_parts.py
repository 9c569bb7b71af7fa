"""The speech layer's parts: the cache, the clip processing, engine choice, the timeline's rules."""

from __future__ import annotations

import array
import io
import math
import os
import time
import wave
from dataclasses import replace

from hiptimer.audio.mapping import CueMapper, CueSounds, VoicePriority
from hiptimer.audio.options import AudioOptions
from hiptimer.audio.sounds import RATE, Phrase, Sound, SoundBank
from hiptimer.audio.speech import dsp
from hiptimer.audio.speech.cache import PhraseCache, PhraseKey
from hiptimer.audio.speech.options import Preset, SpeechOptions
from hiptimer.audio.speech.script import Utterance
from hiptimer.audio.speech.selection import choose_engine
from hiptimer.audio.timeline import RENDER_WAIT, CueTimeline
from hiptimer.core.events import Cue, CueDue
from hiptimer.core.model import Side
from hiptimer.core.plan import PhaseKind
from tests.audio.audio_helpers import make_sounds, phase
from tests.audio.speech_helpers import need_espeak

# ---------------------------------------------------------------- cache


def key(text: str = "Hold", **kw) -> PhraseKey:
    values = {"engine": "espeak-ng 1.51", "voice": "", "rate": 150, "volume": 100} | kw
    return PhraseKey(text, **values)


def test_cache_key_changes_with_every_setting():
    """Text, engine, voice, rate and volume each give another file."""
    digests = {key().digest, key("Release").digest, key(engine="piper x").digest,
               key(voice="en-gb").digest, key(rate=180).digest, key(volume=50).digest}
    assert len(digests) == 6


def test_cache_round_trip_and_a_damaged_file_is_dropped(tmp_path):
    """What is put comes back byte for byte; a damaged file is deleted, not played."""
    cache = PhraseCache(tmp_path)
    pcm = bytes(range(200)) * 10
    path = cache.put(key(), pcm)
    assert path is not None and cache.get(key()) == (pcm, path)
    path.write_bytes(b"RIFF nonsense")
    assert cache.get(key()) is None and not path.exists()


def test_cache_prune_drops_the_least_recently_used_first(tmp_path):
    """Over the limit, the oldest files go; the session's own files go last."""
    cache = PhraseCache(tmp_path, limit=3 * 2100)
    paths = [cache.put(key(f"p{i}"), bytes(2000)) for i in range(5)]
    for i, p in enumerate(paths):
        os.utime(p, (1000 + i, 1000 + i))
    assert cache.prune(keep=frozenset({paths[0]})) == 2
    assert [p.exists() for p in paths] == [True, False, False, True, True]
    assert cache.size() <= cache.limit


def test_cache_refuses_quietly_on_a_read_only_folder(tmp_path):
    """A disk that refuses: the phrase is not stored, nothing raises."""
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):  # root ignores the mode
            return
        assert PhraseCache(folder).put(key(), bytes(100)) is None
    finally:
        folder.chmod(0o700)


# ---------------------------------------------------------------- dsp


def speech_like(rate: int, seconds: float = 0.5, lead: float = 0.2) -> bytes:
    """A WAV with silence around a 300 Hz tone, like an engine writes."""
    n = round(seconds * rate)
    pad = [0] * round(lead * rate)
    tone = [round(8000 * math.sin(2 * math.pi * 300 * i / rate)) for i in range(n)]
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(array.array("h", pad + tone + pad).tobytes())
    return buf.getvalue()


def test_clip_is_resampled_trimmed_and_as_loud_as_the_cues():
    """22050 Hz in, 44100 Hz out, the silence around it gone, gated RMS at -16 dBFS."""
    pcm = dsp.to_cue_pcm(speech_like(22050))
    seconds = len(pcm) / (2 * RATE)
    assert 0.5 <= seconds < 0.56
    samples = array.array("h", pcm)
    rms = dsp.gated_rms(list(samples))
    assert abs(20 * math.log10(rms) + 16) < 1.0
    assert max(map(abs, samples)) < 32767 * dsp.CEILING + 1


def test_clip_at_another_rate_and_volume():
    """Any engine rate becomes 44100 Hz; speech volume 50 is a quarter of the amplitude."""
    full = dsp.to_cue_pcm(speech_like(16000))
    half = dsp.to_cue_pcm(speech_like(16000), volume=50)
    assert abs(len(full) / (2 * RATE) - 0.5) < 0.06
    assert abs(max(array.array("h", half)) / max(array.array("h", full)) - 0.25) < 0.02


def test_silence_is_not_speech():
    """An engine that writes only silence is an error, not a silent cue."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(22050)
        w.writeframes(bytes(2000))
    try:
        dsp.to_cue_pcm(buf.getvalue())
    except dsp.SpeechFormatError:
        return
    raise AssertionError("silence was accepted")


# ---------------------------------------------------------------- engine choice


def test_engine_choice_prefers_espeak_and_says_why():
    """auto: espeak-ng when installed; the reason names the program and its version."""
    need_espeak()
    engine, reason = choose_engine(SpeechOptions(), env={"PATH": os.environ["PATH"]})
    assert engine is not None and engine.name == "espeak-ng"
    assert reason.startswith("espeak-ng 1.") and "/espeak-ng" in reason


def test_engine_choice_without_any_engine_is_the_bundled_phrases(tmp_path):
    """Nothing on PATH: bundled phrases, and the reason says what to install."""
    engine, reason = choose_engine(SpeechOptions(), env={"PATH": str(tmp_path)})
    assert engine is None
    assert "bundled phrases" in reason and "apt install espeak-ng" in reason


def test_piper_only_with_a_model_and_its_program(tmp_path):
    """A Piper model in the settings is used only when it exists and piper runs."""
    need_espeak()
    env = {"PATH": os.environ["PATH"]}
    engine, reason = choose_engine(SpeechOptions(piper_model=str(tmp_path / "none.onnx")), env)
    assert engine is not None and engine.name == "espeak-ng"
    assert "piper: the Piper voice model" in reason and "does not exist" in reason
    model = tmp_path / "voice.onnx"
    model.write_bytes(b"model")
    fake = tmp_path / "piper"  # a stand-in that speaks through espeak-ng
    fake.write_text('#!/bin/sh\nout=""\nwhile [ $# -gt 0 ]; do [ "$1" = --output_file ] && '
                    'out="$2"; shift; done\nread -r text\n'
                    'exec espeak-ng --stdout "$text" > "$out"\n')
    fake.chmod(0o755)
    engine, reason = choose_engine(SpeechOptions(piper_model=str(model)),
                                   {"PATH": f"{tmp_path}:{os.environ['PATH']}"})
    assert engine is not None and engine.name == "piper", reason
    assert str(model) in reason
    assert dsp.to_cue_pcm(engine.render("Hold", "", 150))


def test_bundled_can_be_chosen_and_engines_disabled():
    """engine "bundled", or HIPTIMER_SPEECH_DISABLE=all: no engine."""
    assert choose_engine(SpeechOptions(engine="bundled"))[0] is None
    engine, reason = choose_engine(SpeechOptions(), {"PATH": os.environ["PATH"],
                                                     "HIPTIMER_SPEECH_DISABLE": "all"})
    assert engine is None and "disabled by HIPTIMER_SPEECH_DISABLE" in reason


def test_options_from_bad_values_fall_back():
    """A preset or engine the app does not know falls back to the defaults."""
    o = SpeechOptions.from_values(preset="shouty", engine="robot", rate=9999, volume=-5)
    assert (o.preset, o.engine, o.rate, o.volume) == (Preset.NAMES, "auto", 260, 0)


# ---------------------------------------------------------------- the timeline's rules


class FakeSpeech:
    """The timeline's view of the speech layer, with renders the test hands over."""

    active = True
    time_scale = 1.0

    def __init__(self, bank: SoundBank, utterances: list[Utterance]) -> None:
        self.bank = bank
        self.said = utterances
        self.ready: dict[str, Phrase] = {}
        self.fallbacks: list[str] = []
        self.never: set[str] = set()

    def utterances(self, event: CueDue, sounds: CueSounds) -> list[Utterance]:
        return list(self.said)

    def render(self, text: str, seconds: float) -> Phrase:
        phrase = Phrase(f"phrase-{len(self.ready)}", text)
        self.bank.add_phrase(phrase, bytes(round(seconds * RATE) * 2))
        self.ready[text] = phrase
        return phrase

    def phrase(self, text: str) -> Phrase | None:
        return self.ready.get(text)

    def pending(self, text: str) -> bool:
        return text not in self.ready and text not in self.never

    def request(self, text: str) -> None:
        pass

    def part_ended(self, event) -> None:
        pass

    def fell_back(self, text: str, why: str) -> None:
        self.fallbacks.append(text)

    def session_ended(self) -> None:
        pass


def timeline_with(tmp_path, utterances: list[Utterance]) -> tuple[CueTimeline, FakeSpeech]:
    bank = SoundBank.load(make_sounds(tmp_path / "s"))
    speech = FakeSpeech(bank, utterances)
    return CueTimeline(bank, AudioOptions(), speech), speech  # type: ignore[arg-type]


def get_ready(at: float = 100.0, duration: int = 10) -> CueDue:
    return CueDue(Cue.GET_READY, phase(PhaseKind.GET_READY, side=Side.LEFT, duration=duration),
                  at, side=Side.LEFT)


NAME = Utterance("Get ready: Zebra, left side", VoicePriority.NORMAL,
                 (Sound.VOICE_GET_READY, Sound.VOICE_LEFT_SIDE), 10.0, patient=True)


def test_a_ready_phrase_plays_instead_of_the_bundled_words(tmp_path):
    """Rendered ahead: the phrase plays at once, one clip, no fallback."""
    tl, speech = timeline_with(tmp_path, [NAME])
    phrase = speech.render(NAME.text, 1.5)
    assert tl.feed([get_ready()], 100.0) == [phrase]
    assert speech.fallbacks == []


def test_a_phrase_still_rendering_is_waited_for_then_played(tmp_path):
    """Not ready at its cue: it waits (nothing plays), and starts when its render lands."""
    tl, speech = timeline_with(tmp_path, [NAME])
    assert tl.feed([get_ready()], 100.0) == []
    assert tl.next_wakeup() is not None and tl.next_wakeup() > 100.0
    phrase = speech.render(NAME.text, 1.5)
    assert tl.due(100.4) == [phrase]


def test_a_phrase_not_rendered_in_time_falls_back_to_the_bundled_words(tmp_path):
    """Its wait over: today's WAVs play instead, counted as a fallback."""
    quick = replace(NAME, patient=False)
    tl, speech = timeline_with(tmp_path, [quick])
    tl.feed([get_ready()], 100.0)
    assert tl.due(100.0 + RENDER_WAIT + 0.01) == [Sound.VOICE_GET_READY]
    assert speech.fallbacks == [NAME.text]
    assert tl.due(101.5) == [Sound.VOICE_LEFT_SIDE]  # after the first, never over it


def test_a_patient_name_waits_as_long_as_its_fallback_still_fits(tmp_path):
    """The name at get-ready may wait most of the get-ready, but no longer."""
    tl, _speech = timeline_with(tmp_path, [NAME])
    tl.feed([get_ready()], 100.0)
    assert tl.due(105.0) == []  # 5 s in: still worth waiting for the name
    fallback = tl.due(109.6)  # its fallback (0.36 s) just fits before 110
    assert fallback == [Sound.VOICE_GET_READY]


def test_a_phrase_never_cuts_into_the_beat_it_announces(tmp_path):
    """Too long for the time left before the GO: the shorter bundled words play instead."""
    short_phase = replace(NAME, ends_within=2.0)
    tl, speech = timeline_with(tmp_path, [short_phase])
    speech.render(NAME.text, 3.0)  # 3 s of speech, 2 s to the beat
    assert tl.feed([get_ready(duration=2)], 100.0) == [Sound.VOICE_GET_READY]
    dropped = [e for e in tl.journal if e.action == "dropped"]
    assert dropped and dropped[0].why == "would cut into the next beat"


def test_nothing_fits_then_a_normal_phrase_is_dropped_but_switch_sides_is_not(tmp_path):
    """No time left at all: a normal phrase is dropped; a high one still plays."""
    tl, speech = timeline_with(tmp_path, [replace(NAME, ends_within=0.05)])
    speech.render(NAME.text, 3.0)
    assert tl.feed([get_ready(duration=1)], 100.0) == []
    high = Utterance("Switch sides: now the right side", VoicePriority.HIGH,
                     (Sound.VOICE_SWITCH_SIDES,), 0.05)
    tl2, speech2 = timeline_with(tmp_path, [high])
    speech2.render(high.text, 2.0)
    assert tl2.feed([get_ready(200.0, duration=1)], 200.0) == [Sound.VOICE_SWITCH_SIDES]


def test_an_engine_that_cannot_say_a_phrase_falls_back_at_once(tmp_path):
    """A phrase the engine gave up on is not waited for."""
    tl, speech = timeline_with(tmp_path, [NAME])
    speech.never.add(NAME.text)
    assert tl.feed([get_ready()], 100.0) == [Sound.VOICE_GET_READY]


def test_mapper_is_the_fallback_source(tmp_path):
    """The fallback of a get-ready is exactly today's two WAVs (the mapper's voices)."""
    sounds = CueMapper().map(get_ready())
    assert tuple(s for s, _ in sounds.voices) == NAME.fallback


# ---------------------------------------------------------------- the render thread


class RecordingEngine:
    """An engine that says every phrase as 0.2 s of tone and notes the order it was asked."""

    name = "fake"
    identity = "fake 1"

    def __init__(self) -> None:
        self.asked: list[str] = []

    def probe(self) -> str:
        return "fake"

    def voices(self) -> list[str]:
        return []

    def render(self, text: str, voice: str, rate: int) -> bytes:
        self.asked.append(text)
        time.sleep(0.01)
        return speech_like(22050, seconds=0.2, lead=0.0)


def test_render_thread_works_first_exercise_first_and_takes_urgent_phrases_ahead(tmp_path):
    """prepare lists the first exercise first; a phrase asked for now jumps the list."""
    from hiptimer.audio.speech.layer import Speech
    from hiptimer.core.plan import compile_plan
    from tests.audio.speech_helpers import long_routine

    engine = RecordingEngine()
    bank = SoundBank.load(make_sounds(tmp_path / "s"))
    speech = Speech(engine, PhraseCache(tmp_path / "c"), bank, SpeechOptions())
    try:
        speech.prepare(compile_plan(long_routine(6)))
        speech.request("Routine complete. 0 of 12 exercise sides done.")
        assert speech.wait_rendered(30)
        urgent = "Routine complete. 0 of 12 exercise sides done."
        assert engine.asked.index(urgent) < 2  # ahead of the list, or right after its first
        listed = [t for t in engine.asked if t != urgent]
        assert listed[0] == "Get ready: Amber stretch number 1, left side"
        assert speech.stats.rendered == len(engine.asked) == len(set(engine.asked))
        assert all(isinstance(speech.phrase(t), Phrase) for t in engine.asked)
    finally:
        speech.close()


def test_the_cache_stays_under_its_limit_after_a_session_is_rendered(tmp_path):
    """Bounded: once the phrases are ready, the cache is pruned down to its limit."""
    from hiptimer.audio.speech.layer import Speech
    from hiptimer.core.plan import compile_plan
    from tests.audio.speech_helpers import long_routine

    cache = PhraseCache(tmp_path / "c", limit=200_000)  # room for about ten phrases
    speech = Speech(RecordingEngine(), cache, SoundBank.load(make_sounds(tmp_path / "s")),
                    SpeechOptions())
    try:
        speech.prepare(compile_plan(long_routine(20)))
        assert speech.wait_rendered(60)
        deadline = time.monotonic() + 5
        while cache.size() > cache.limit and time.monotonic() < deadline:
            time.sleep(0.05)  # the prune runs on a thread of its own
        assert 0 < cache.size() <= cache.limit
        assert speech.stats.rendered > 20
    finally:
        speech.close()


def test_speech_settings_are_remembered_and_bad_values_fall_back(tmp_path):
    """settings.json keeps preset, voice, rate and speech volume; nonsense falls back."""
    from hiptimer.storage.settings import Settings, load_settings, save_settings

    path = tmp_path / "settings.json"
    save_settings(Settings(speech_preset="full", speech_voice="en-gb", speech_rate=180,
                           speech_volume=50, piper_model="/opt/voice.onnx"), path)
    s = load_settings(path)
    assert (s.speech_preset, s.speech_voice, s.speech_rate, s.speech_volume, s.piper_model) == (
        "full", "en-gb", 180, 50, "/opt/voice.onnx")
    path.write_text('{"speech_preset": "shout", "speech_rate": 9000, "speech_volume": -1, '
                    '"speech_engine": "robot"}')
    s = load_settings(path)
    assert (s.speech_preset, s.speech_rate, s.speech_volume, s.speech_engine) == (
        "names", 150, 100, "auto")

"""CueScheduler timing and options, against a recording fake player (no sound device)."""

from __future__ import annotations

import itertools
import time

import pytest

from hiptimer.audio.players import SilentPlayer
from hiptimer.audio.scheduler import (
    BEEP_TO_VOICE_GAP,
    LATE_VOICE,
    VOICE_GAP,
    AudioOptions,
    CueScheduler,
)
from hiptimer.audio.sounds import Sound, SoundBank
from hiptimer.core.events import (
    Cue,
    EndStatus,
    Finished,
    Paused,
    PauseReason,
    PhaseStarted,
    SecondChanged,
)
from hiptimer.core.model import Side
from hiptimer.core.plan import PhaseKind
from tests.audio.audio_helpers import FakePlayer, cue, make_sounds, phase

HOLD = phase(PhaseKind.HOLD, side=Side.LEFT)
SWITCH = phase(PhaseKind.SWITCH_SIDES, side=Side.RIGHT)


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    return SoundBank.load(make_sounds(tmp_path_factory.mktemp("sounds"), beep=0.03, voice=0.12))


@pytest.fixture(scope="module")
def slow_bank(tmp_path_factory):
    """Longer words, for tests that need a backlog of speech to act on."""
    return SoundBank.load(make_sounds(tmp_path_factory.mktemp("slow"), beep=0.05, voice=0.3))


@pytest.fixture
def make(bank):
    """Build schedulers on the short sounds (or ``sounds=``); all closed after the test."""
    made = []

    def build(player=None, options=None, sounds=None, **kw):
        scheduler = CueScheduler(player or FakePlayer(), sounds or bank,
                                 options or AudioOptions(), **kw)
        made.append(scheduler)
        return scheduler

    yield build
    for scheduler in made:
        scheduler.close()


def later() -> None:
    """Let more than the scheduler's "same instant" window pass between two cues."""
    time.sleep(0.15)


def sent(player: FakePlayer) -> list[str]:
    return [s.value for s in player.sounds]


def test_beeps_play_at_once(make):
    """A cue's beep starts within a few milliseconds of handle()."""
    player = FakePlayer()
    audio = make(player)
    at = time.monotonic()
    audio.handle(cue(Cue.COUNTDOWN, at=at, count=3))
    assert audio.wait_idle(2)
    assert sent(player) == ["tick"]
    assert player.plays[0].at - at < 0.02


def test_handle_returns_at_once_even_when_the_backend_is_slow(make):
    """handle() only queues: a backend taking 200 ms per sound never holds the caller."""
    player = FakePlayer(delay=0.2)
    audio = make(player)
    start = time.perf_counter()
    for n in (3, 2, 1):
        audio.handle(cue(Cue.COUNTDOWN, count=n))
    audio.handle(cue(Cue.GO, HOLD))
    assert time.perf_counter() - start < 0.01


def test_handle_never_raises(make):
    """Garbage in, a broken backend: handle() and set_options() still never raise."""

    class Broken(FakePlayer):
        def play(self, sound):
            raise RuntimeError("backend bug")

    audio = make(Broken())
    audio.handle(None)  # type: ignore[arg-type]
    audio.handle("nonsense")  # type: ignore[arg-type]
    audio.handle(SecondChanged(HOLD, 3))
    audio.handle(cue(Cue.GO, HOLD))
    audio.set_options(None, volume="loud")  # type: ignore[arg-type]
    assert audio.wait_idle(2)
    audio.handle(cue(Cue.COUNTDOWN, count=1))  # the thread survived the errors
    assert audio.wait_idle(2)


def test_spoken_cues_never_overlap(make, bank):
    """Words queue one after another, spaced by their length and a small gap."""
    player = FakePlayer()
    audio = make(player)
    now = time.monotonic()
    audio.handle(cue(Cue.GET_READY, phase(PhaseKind.GET_READY, side=Side.LEFT), at=now,
                     side=Side.LEFT))
    audio.handle(cue(Cue.SWITCH_SIDES, SWITCH, at=now + 0.001, side=Side.RIGHT))
    audio.handle(cue(Cue.ROUTINE_DONE, at=now + 0.002))
    assert audio.wait_idle(5)
    voices = player.voices()
    assert sorted(p.sound.value for p in voices) == sorted([
        "voice_get_ready", "voice_left_side", "voice_switch_sides", "voice_right_side",
        "voice_routine_complete"])
    for a, b in itertools.pairwise(voices):
        assert b.at >= a.at + bank.duration(a.sound) + VOICE_GAP - 0.002


def test_high_priority_words_go_first(make, slow_bank):
    """Queued behind a word, "Switch sides" and its side jump ahead of a rep number."""
    player = FakePlayer()
    audio = make(player, sounds=slow_bank)
    audio.handle(cue(Cue.HALFWAY))  # "Halfway" occupies the voice for 0.3 s
    later()
    audio.handle(cue(Cue.GO, phase(PhaseKind.REP_HOLD, rep=2, reps=5), count=2))
    later()
    audio.handle(cue(Cue.SWITCH_SIDES, SWITCH, side=Side.RIGHT))
    assert audio.wait_idle(5)
    assert [p.sound.value for p in player.voices()] == [
        "voice_halfway", "voice_switch_sides", "voice_right_side", "voice_2"]


def test_a_voice_waits_for_its_own_beep(make, bank):
    """"beep - Hold": the word starts after the go beep has finished."""
    player = FakePlayer()
    audio = make(player)
    audio.handle(cue(Cue.GO, HOLD, side=Side.NONE))
    assert audio.wait_idle(2)
    beep, word = player.plays
    assert (beep.sound, word.sound) == (Sound.GO, Sound.VOICE_HOLD)
    assert word.at >= beep.at + bank.duration(Sound.GO) + BEEP_TO_VOICE_GAP - 0.002


def test_a_beep_may_sound_under_speech(make):
    """A later cue's beep is not held back by a word being spoken."""
    player = FakePlayer()
    audio = make(player)
    audio.handle(cue(Cue.ROUTINE_DONE))
    time.sleep(0.1)  # "Routine complete" is being spoken now
    at = time.monotonic()
    audio.handle(cue(Cue.COUNTDOWN, at=at, count=2))
    assert audio.wait_idle(2)
    tick = next(p for p in player.plays if p.sound is Sound.TICK)
    assert tick.at - at < 0.02


def test_late_low_priority_voice_is_dropped_but_switch_sides_is_not(make):
    """Cues 2 s late: "Release" is dropped, "Switch sides" and its side still play."""
    player = FakePlayer()
    audio = make(player)
    late = time.monotonic() - (LATE_VOICE + 0.5)
    audio.handle(cue(Cue.RELEASE, phase(PhaseKind.REP_RELEASE), at=late))
    audio.handle(cue(Cue.SWITCH_SIDES, SWITCH, at=late + 0.2, side=Side.RIGHT))
    audio.handle(cue(Cue.ROUTINE_DONE, at=late + 0.4))
    assert audio.wait_idle(3)
    assert sent(player) == ["release", "switch_sides", "routine_done", "voice_switch_sides",
                            "voice_right_side", "voice_routine_complete"]
    dropped = [(e.sound.value, e.why) for e in audio.journal if e.action == "dropped"]
    assert [d[0] for d in dropped] == ["voice_release"] and "late" in dropped[0][1]


def test_late_countdown_ticks_are_dropped(make):
    """Ticks that arrive in a burst after a stall are not played out of time."""
    player = FakePlayer()
    audio = make(player)
    now = time.monotonic()
    for n in (3, 2, 1):
        audio.handle(cue(Cue.COUNTDOWN, at=now - n + 1, count=n))  # 2 s, 1 s and 0 s late
    assert audio.wait_idle(2)
    assert sent(player) == ["tick_final"]


def test_cues_at_the_same_instant_play_one_beep(make):
    """A rep ending as its release begins: one release beep, not two beeps at once."""
    player = FakePlayer()
    audio = make(player)
    now = time.monotonic()
    audio.handle(cue(Cue.REP_DONE, phase(PhaseKind.REP_HOLD, rep=1, reps=3), at=now, count=1))
    audio.handle(cue(Cue.RELEASE, phase(PhaseKind.REP_RELEASE, index=1), at=now))
    assert audio.wait_idle(2)
    assert sent(player) == ["release", "voice_release"]
    later()
    now = time.monotonic()
    audio.handle(cue(Cue.EXERCISE_DONE, at=now))
    audio.handle(cue(Cue.NEXT_EXERCISE, phase(PhaseKind.NEXT_EXERCISE, exercise_index=1),
                     at=now))
    assert audio.wait_idle(2)
    assert sent(player)[2:] == ["next_exercise", "voice_next_exercise"]


def test_a_new_phase_drops_the_unspoken_words_of_the_last(make):
    """Skipping ahead: queued words of an earlier phase go, high-priority ones stay."""
    player = FakePlayer()
    audio = make(player, AudioOptions(voice=True))
    now = time.monotonic()
    audio.handle(cue(Cue.ROUTINE_DONE, at=now))  # keeps the voice lane busy for a moment
    audio.handle(cue(Cue.SWITCH_SIDES, SWITCH, at=now + 0.01, side=Side.RIGHT))
    audio.handle(cue(Cue.GO, phase(PhaseKind.REP_HOLD, rep=4, reps=9), at=now + 0.02, count=4))
    audio.handle(PhaseStarted(phase(PhaseKind.REP_RELEASE, index=5), now + 0.5))
    assert audio.wait_idle(3)
    words = [p.sound.value for p in player.voices()]
    assert words == ["voice_routine_complete", "voice_switch_sides", "voice_right_side"]


def test_pause_drops_queued_words(make, slow_bank):
    """Pause empties the voice queue; the word being spoken ends by itself."""
    player = FakePlayer()
    audio = make(player, sounds=slow_bank)
    audio.handle(cue(Cue.HALFWAY))  # "Halfway" speaks from 0.1 s to 0.4 s
    later()
    audio.handle(cue(Cue.GET_READY, phase(PhaseKind.GET_READY, side=Side.LEFT),
                     side=Side.LEFT))
    time.sleep(0.05)
    audio.handle(Paused(PauseReason.USER))
    assert audio.wait_idle(3)
    assert [p.sound for p in player.voices()] == [Sound.VOICE_HALFWAY]
    assert player.stops == 0


def test_ending_early_drops_queued_words_and_cuts_sound(make, slow_bank):
    """Ending a session early stops what plays and what waits."""
    player = FakePlayer()
    audio = make(player, sounds=slow_bank)
    audio.handle(cue(Cue.HALFWAY))
    later()
    audio.handle(cue(Cue.REST))
    time.sleep(0.05)
    audio.handle(Finished(EndStatus.ENDED_EARLY, 12.0))
    assert audio.wait_idle(3)
    assert [p.sound for p in player.voices()] == [Sound.VOICE_HALFWAY]
    assert player.stops == 1


def test_finishing_the_routine_keeps_routine_complete(make):
    """Finished(COMPLETED) right after ROUTINE_DONE does not swallow "Routine complete"."""
    player = FakePlayer()
    audio = make(player)
    audio.handle(cue(Cue.ROUTINE_DONE))
    audio.handle(Finished(EndStatus.COMPLETED, 60.0))
    assert audio.wait_idle(2)
    assert sent(player) == ["routine_done", "voice_routine_complete"]


def test_mute_cuts_sound_and_empties_the_voice_queue(make, slow_bank):
    """Muting stops what plays, drops queued words, and keeps later cues quiet."""
    player = FakePlayer()
    audio = make(player, sounds=slow_bank)
    audio.handle(cue(Cue.SWITCH_SIDES, SWITCH, side=Side.RIGHT))
    time.sleep(0.2)  # "Switch sides" is being spoken, "Right side" waits
    audio.set_options(muted=True)
    later()
    audio.handle(cue(Cue.COUNTDOWN, count=3))
    assert audio.wait_idle(2)
    assert sent(player) == ["switch_sides", "voice_switch_sides"]
    assert player.stops == 1
    audio.set_options(muted=False)
    later()
    audio.handle(cue(Cue.COUNTDOWN, count=2))
    assert audio.wait_idle(2)
    assert sent(player)[2:] == ["tick"]


def test_voice_off_keeps_the_beeps(make):
    """With voice off, cues beep and say nothing."""
    player = FakePlayer()
    audio = make(player, AudioOptions(voice=False))
    audio.handle(cue(Cue.SWITCH_SIDES, SWITCH, side=Side.RIGHT))
    assert audio.wait_idle(2)
    assert sent(player) == ["switch_sides"]


def test_countdown_beeps_off_drops_only_the_ticks(make):
    """Countdown beeps off: no ticks, but GO still beeps."""
    player = FakePlayer()
    audio = make(player, AudioOptions(countdown_beeps=False, voice=False))
    audio.handle(cue(Cue.COUNTDOWN, count=1))
    later()
    audio.handle(cue(Cue.GO, HOLD))
    assert audio.wait_idle(2)
    assert sent(player) == ["go"]


def test_volume_reaches_the_backend(make):
    """A new volume is passed to the backend before the next sound."""
    player = FakePlayer()
    audio = make(player, AudioOptions(volume=80))
    assert player.volume == 80
    audio.set_options(volume=35)
    audio.handle(cue(Cue.COUNTDOWN, count=3))
    assert audio.wait_idle(2)
    assert player.volume == 35
    assert audio.options == AudioOptions(volume=35)


def test_volume_zero_is_silence(make):
    """Volume 0 plays nothing at all, like mute."""
    player = FakePlayer()
    audio = make(player, AudioOptions(volume=0))
    audio.handle(cue(Cue.GO, HOLD))
    assert audio.wait_idle(2)
    assert player.plays == []


def test_set_options_keywords_change_one_field():
    """Keywords change single fields; volume is clamped to 0-100."""
    opts = AudioOptions(volume=60, voice=False)
    assert opts.updated(muted=True) == AudioOptions(volume=60, voice=False, muted=True)
    assert opts.updated(volume=150).volume == 100
    assert opts.updated(beeps=False).countdown_beeps is False


def test_silent_backend_flashes_every_cue_and_explains_once(make):
    """With no sound, every cue goes to on_visual_cue and one notice says why."""
    flashes, notices = [], []
    audio = make(SilentPlayer(), on_visual_cue=flashes.append, on_notice=notices.append)
    assert audio.silent and len(notices) == 1 and notices[0].startswith("No sound")
    for n in (3, 2, 1):
        audio.handle(cue(Cue.COUNTDOWN, count=n))
        later()
    audio.handle(cue(Cue.GO, HOLD))
    assert audio.wait_idle(2)
    assert flashes == ["countdown", "countdown", "countdown", "go"]
    assert len(notices) == 1


def test_a_cue_muted_by_the_user_is_not_flashed(make):
    """Flashing stands in for a missing device, not for the user's mute."""
    flashes = []
    audio = make(FakePlayer(), AudioOptions(muted=True), on_visual_cue=flashes.append)
    audio.handle(cue(Cue.GO, HOLD))
    assert audio.wait_idle(2)
    assert flashes == []


def test_events_on_another_clock_still_play(make):
    """A sped-up demo clock puts ``at`` far from ours: cues play, nothing counts as late."""
    player = FakePlayer()
    audio = make(player)
    audio.handle(cue(Cue.RELEASE, phase(PhaseKind.REP_RELEASE), at=time.monotonic() + 500))
    assert audio.wait_idle(2)
    assert sent(player) == ["release", "voice_release"]


def test_close_is_idempotent_and_later_events_are_ignored(make):
    """close() twice is fine; events after close do nothing."""
    player = FakePlayer()
    audio = make(player)
    audio.close()
    audio.close()
    audio.handle(cue(Cue.GO, HOLD))
    assert audio.wait_idle(0.5)
    assert player.plays == [] and player.closed

"""CueTimeline: when each cue sound starts, on a fake clock (no threads, no sleeping)."""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Sequence

import pytest

from hiptimer.audio.options import AudioOptions
from hiptimer.audio.sounds import Sound, SoundBank
from hiptimer.audio.timeline import (
    BEEP_TO_VOICE_GAP,
    LATE_VOICE,
    STOP,
    TRUST_AT_FUTURE,
    VOICE_GAP,
    Action,
    CueTimeline,
)
from hiptimer.core.events import (
    Cue,
    EndStatus,
    Event,
    Finished,
    Paused,
    PauseReason,
    PhaseStarted,
)
from hiptimer.core.model import Side
from hiptimer.core.plan import PhaseKind
from tests.audio.audio_helpers import cue, make_sounds, phase

T0 = 1000.0
HOLD = phase(PhaseKind.HOLD, side=Side.LEFT)
SWITCH = phase(PhaseKind.SWITCH_SIDES, side=Side.RIGHT)
Step = Sequence[Event] | AudioOptions


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    return SoundBank.load(make_sounds(tmp_path_factory.mktemp("sounds"), beep=0.03, voice=0.12))


@pytest.fixture(scope="module")
def slow_bank(tmp_path_factory):
    """Longer words, for tests that need a backlog of speech to act on."""
    return SoundBank.load(make_sounds(tmp_path_factory.mktemp("slow"), beep=0.05, voice=0.3))


def run(timeline: CueTimeline, steps: Sequence[tuple[float, Step]]) -> list[tuple[float, Action]]:
    """Drive the timeline as the playback thread does, on a fake clock.

    Each step happens at its time: events are fed, options applied. Between
    steps the clock jumps to the timeline's next wake-up, as the thread's
    sleep would, until nothing is left to speak.
    """
    out: list[tuple[float, Action]] = []
    todo = deque(sorted(steps, key=lambda s: s[0]))
    while True:
        wake = timeline.next_wakeup()
        if todo and (wake is None or todo[0][0] <= wake):
            at, step = todo.popleft()
            if isinstance(step, AudioOptions):
                actions = timeline.set_options(step, at) + list(timeline.due(at))
            else:
                actions = timeline.feed(step, at)
        elif wake is not None:
            at, actions = wake, list(timeline.due(wake))
        else:
            return out
        out += [(at, a) for a in actions]


def names(played: list[tuple[float, Action]]) -> list[str]:
    return [a.value if isinstance(a, Sound) else "STOP" for _, a in played]


def voices(played: list[tuple[float, Action]]) -> list[tuple[float, Sound]]:
    return [(t, a) for t, a in played if isinstance(a, Sound) and a.is_voice]


def dropped(timeline: CueTimeline) -> list[tuple[str, str]]:
    return [(e.sound.value, e.why) for e in timeline.journal if e.action == "dropped"]


def test_beeps_start_the_moment_they_are_fed(bank):
    """A cue's beep is returned by the feed that brings it, at that instant."""
    played = run(CueTimeline(bank), [(T0, [cue(Cue.COUNTDOWN, at=T0, count=3)])])
    assert played == [(T0, Sound.TICK)]


def test_spoken_cues_never_overlap(bank):
    """Words queue one after another, spaced by their length and a small gap."""
    events = [cue(Cue.GET_READY, phase(PhaseKind.GET_READY, side=Side.LEFT), at=T0,
                  side=Side.LEFT),
              cue(Cue.SWITCH_SIDES, SWITCH, at=T0 + 0.001, side=Side.RIGHT),
              cue(Cue.ROUTINE_DONE, at=T0 + 0.002)]
    spoken = voices(run(CueTimeline(bank), [(T0, events)]))
    assert sorted(s.value for _, s in spoken) == sorted([
        "voice_get_ready", "voice_left_side", "voice_switch_sides", "voice_right_side",
        "voice_routine_complete"])
    for (t1, s1), (t2, _) in itertools.pairwise(spoken):
        assert t2 == pytest.approx(t1 + bank.duration(s1) + VOICE_GAP)


def test_high_priority_words_go_first(slow_bank):
    """Queued behind a word, "Switch sides" and its side jump ahead of a rep number."""
    played = run(CueTimeline(slow_bank), [
        (T0, [cue(Cue.HALFWAY, at=T0)]),  # "Halfway" holds the voice for 0.3 s
        (T0 + 0.15, [cue(Cue.GO, phase(PhaseKind.REP_HOLD, rep=2, reps=5), at=T0 + 0.15,
                         count=2)]),
        (T0 + 0.3, [cue(Cue.SWITCH_SIDES, SWITCH, at=T0 + 0.3, side=Side.RIGHT)]),
    ])
    assert [s.value for _, s in voices(played)] == [
        "voice_halfway", "voice_switch_sides", "voice_right_side", "voice_2"]


def test_a_voice_waits_for_its_own_beep(bank):
    """"beep - Hold": the word starts after the go beep has finished."""
    played = run(CueTimeline(bank), [(T0, [cue(Cue.GO, phase(PhaseKind.HOLD), at=T0)])])
    assert played == [(T0, Sound.GO),
                      (pytest.approx(T0 + bank.duration(Sound.GO) + BEEP_TO_VOICE_GAP),
                       Sound.VOICE_HOLD)]


def test_a_beep_may_sound_under_speech(bank):
    """A later cue's beep is not held back by a word being spoken."""
    played = run(CueTimeline(bank), [(T0, [cue(Cue.ROUTINE_DONE, at=T0)]),
                                     (T0 + 0.1, [cue(Cue.COUNTDOWN, at=T0 + 0.1, count=2)])])
    assert (T0 + 0.1, Sound.TICK) in played
    speaking = next(t for t, s in voices(played) if s is Sound.VOICE_ROUTINE_COMPLETE)
    assert speaking < T0 + 0.1 < speaking + bank.duration(Sound.VOICE_ROUTINE_COMPLETE)


def test_late_low_priority_voice_is_dropped_but_switch_sides_is_not(bank):
    """Cues 2 s late: "Release" is dropped, "Switch sides" and its side still play."""
    late = T0 - (LATE_VOICE + 0.5)
    timeline = CueTimeline(bank)
    played = run(timeline, [(T0, [
        cue(Cue.RELEASE, phase(PhaseKind.REP_RELEASE), at=late),
        cue(Cue.SWITCH_SIDES, SWITCH, at=late + 0.2, side=Side.RIGHT),
        cue(Cue.ROUTINE_DONE, at=late + 0.4)])])
    assert names(played) == ["release", "switch_sides", "routine_done", "voice_switch_sides",
                             "voice_right_side", "voice_routine_complete"]
    assert [d[0] for d in dropped(timeline)] == ["voice_release"]
    assert "late" in dropped(timeline)[0][1]


def test_late_countdown_ticks_are_dropped(bank):
    """Ticks that arrive in a burst after a stall are not played out of time."""
    burst = [cue(Cue.COUNTDOWN, at=T0 - n + 1, count=n) for n in (3, 2, 1)]  # 2, 1, 0 s late
    assert names(run(CueTimeline(bank), [(T0, burst)])) == ["tick_final"]


def test_cues_at_the_same_instant_play_one_beep(bank):
    """A rep ending as its release begins: one release beep, not two beeps at once."""
    t1 = T0 + 1
    played = run(CueTimeline(bank), [
        (T0, [cue(Cue.REP_DONE, phase(PhaseKind.REP_HOLD, rep=1, reps=3), at=T0, count=1),
              cue(Cue.RELEASE, phase(PhaseKind.REP_RELEASE, index=1), at=T0)]),
        (t1, [cue(Cue.EXERCISE_DONE, at=t1),
              cue(Cue.NEXT_EXERCISE, phase(PhaseKind.NEXT_EXERCISE, exercise_index=1), at=t1)]),
    ])
    assert names(played) == ["release", "voice_release", "next_exercise", "voice_next_exercise"]


def test_same_instant_across_two_feeds_still_plays_one_beep(bank):
    """The weaker beep of an instant gives way even when it arrives in a later feed."""
    played = run(CueTimeline(bank), [
        (T0, [cue(Cue.SWITCH_SIDES, SWITCH, at=T0, side=Side.RIGHT)]),
        (T0 + 0.01, [cue(Cue.REP_DONE, phase(PhaseKind.REP_HOLD, rep=3, reps=3), at=T0)]),
    ])
    assert [a for _, a in played if isinstance(a, Sound) and not a.is_voice] == \
        [Sound.SWITCH_SIDES]


def test_a_new_phase_drops_the_unspoken_words_of_the_last(bank):
    """Skipping ahead: queued words of an earlier phase go, high-priority ones stay."""
    played = run(CueTimeline(bank), [
        (T0, [cue(Cue.ROUTINE_DONE, at=T0),  # keeps the voice lane busy for a moment
              cue(Cue.SWITCH_SIDES, SWITCH, at=T0 + 0.01, side=Side.RIGHT),
              cue(Cue.GO, phase(PhaseKind.REP_HOLD, rep=4, reps=9), at=T0 + 0.02, count=4)]),
        (T0 + 0.3, [PhaseStarted(phase(PhaseKind.REP_RELEASE, index=5), T0 + 0.3)]),
    ])
    assert [s.value for _, s in voices(played)] == [
        "voice_routine_complete", "voice_switch_sides", "voice_right_side"]


def test_pause_drops_queued_words(slow_bank):
    """Pause empties the voice queue; the word being spoken ends by itself."""
    played = run(CueTimeline(slow_bank), [
        (T0, [cue(Cue.HALFWAY, at=T0)]),  # "Halfway" speaks from T0 + 0.1 to T0 + 0.4
        (T0 + 0.15, [cue(Cue.GET_READY, phase(PhaseKind.GET_READY, side=Side.LEFT),
                         at=T0 + 0.15, side=Side.LEFT)]),
        (T0 + 0.2, [Paused(PauseReason.USER)]),
    ])
    assert [s for _, s in voices(played)] == [Sound.VOICE_HALFWAY]
    assert STOP not in [a for _, a in played]


def test_ending_early_drops_queued_words_and_cuts_sound(slow_bank):
    """Ending a session early stops what plays and what waits."""
    played = run(CueTimeline(slow_bank), [
        (T0, [cue(Cue.HALFWAY, at=T0)]),
        (T0 + 0.15, [cue(Cue.REST, at=T0 + 0.15)]),
        (T0 + 0.2, [Finished(EndStatus.ENDED_EARLY, 12.0)]),
    ])
    assert names(played) == ["halfway", "voice_halfway", "rest", "STOP"]


def test_finishing_the_routine_keeps_routine_complete(bank):
    """Finished(COMPLETED) right after ROUTINE_DONE does not swallow "Routine complete"."""
    played = run(CueTimeline(bank), [(T0, [cue(Cue.ROUTINE_DONE, at=T0),
                                           Finished(EndStatus.COMPLETED, 60.0)])])
    assert names(played) == ["routine_done", "voice_routine_complete"]


def test_mute_cuts_sound_and_empties_the_voice_queue(slow_bank):
    """Muting stops what plays, drops queued words, and keeps later cues quiet."""
    played = run(CueTimeline(slow_bank), [
        (T0, [cue(Cue.SWITCH_SIDES, SWITCH, at=T0, side=Side.RIGHT)]),
        (T0 + 0.2, AudioOptions(muted=True)),  # "Switch sides" speaking, "Right side" waits
        (T0 + 1, [cue(Cue.COUNTDOWN, at=T0 + 1, count=3)]),
        (T0 + 2, AudioOptions(muted=False)),
        (T0 + 3, [cue(Cue.COUNTDOWN, at=T0 + 3, count=2)]),
    ])
    assert names(played) == ["switch_sides", "voice_switch_sides", "STOP", "tick"]


def test_voice_off_keeps_the_beeps(bank):
    """With voice off, cues beep and say nothing."""
    played = run(CueTimeline(bank, AudioOptions(voice=False)),
                 [(T0, [cue(Cue.SWITCH_SIDES, SWITCH, at=T0, side=Side.RIGHT)])])
    assert names(played) == ["switch_sides"]


def test_voice_off_empties_the_queue_without_cutting_sound(slow_bank):
    """Turning voice off drops words still waiting; nothing playing is cut."""
    played = run(CueTimeline(slow_bank), [
        (T0, [cue(Cue.SWITCH_SIDES, SWITCH, at=T0, side=Side.RIGHT)]),
        (T0 + 0.2, AudioOptions(voice=False)),
    ])
    assert names(played) == ["switch_sides", "voice_switch_sides"]


def test_countdown_beeps_off_drops_only_the_ticks(bank):
    """Countdown beeps off: no ticks, but GO still beeps."""
    played = run(CueTimeline(bank, AudioOptions(countdown_beeps=False, voice=False)),
                 [(T0, [cue(Cue.COUNTDOWN, at=T0, count=1)]),
                  (T0 + 1, [cue(Cue.GO, HOLD, at=T0 + 1)])])
    assert names(played) == ["go"]


def test_volume_zero_is_silence(bank):
    """Volume 0 plays nothing at all, like mute."""
    assert run(CueTimeline(bank, AudioOptions(volume=0)), [(T0, [cue(Cue.GO, HOLD, at=T0)])]) == []


def test_events_on_another_clock_still_play(bank):
    """A sped-up demo clock puts ``at`` far from ours: cues play, nothing counts as late."""
    ahead = T0 + 500
    played = run(CueTimeline(bank), [(T0, [cue(Cue.RELEASE, phase(PhaseKind.REP_RELEASE),
                                               at=ahead)])])
    assert names(played) == ["release", "voice_release"]
    assert played[0][0] == T0 and ahead > T0 + TRUST_AT_FUTURE


def test_the_test_sound_plays_even_when_muted(bank):
    """play_now is for the person's own test: it ignores mute and counts as sounding."""
    timeline = CueTimeline(bank, AudioOptions(muted=True))
    assert timeline.play_now(Sound.GO, T0, "test") == [Sound.GO]
    assert timeline.busy_until == pytest.approx(T0 + bank.duration(Sound.GO))


def test_next_wakeup_is_when_the_next_word_may_start(bank):
    """The thread sleeps exactly until the queued word's turn, and not at all when idle."""
    timeline = CueTimeline(bank)
    assert timeline.next_wakeup() is None
    timeline.feed([cue(Cue.GO, HOLD, at=T0)], T0)
    assert timeline.next_wakeup() == pytest.approx(T0 + bank.duration(Sound.GO)
                                                   + BEEP_TO_VOICE_GAP)
    assert timeline.due(T0 + 0.01) == []  # too early: nothing starts
    assert timeline.queued == 1


def test_set_options_keywords_change_one_field():
    """Keywords change single fields; volume is clamped to 0-100."""
    opts = AudioOptions(volume=60, voice=False)
    assert opts.updated(muted=True) == AudioOptions(volume=60, voice=False, muted=True)
    assert opts.updated(volume=150).volume == 100
    assert opts.updated(beeps=False).countdown_beeps is False

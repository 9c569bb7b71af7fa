"""Which beep and which words each engine cue asks for (no threads, no sound)."""

from __future__ import annotations

import pytest

from hiptimer.audio.mapping import CueMapper, VoicePriority
from hiptimer.audio.sounds import Sound
from hiptimer.core.events import Cue
from hiptimer.core.model import Side as S
from hiptimer.core.model import SidesMode
from hiptimer.core.plan import PhaseKind as K
from tests.audio.audio_helpers import audible_moments, cue, phase
from tests.factories import hold, paced, reps, routine

N, H, L = VoicePriority.NORMAL, VoicePriority.HIGH, VoicePriority.LOW


def sounds(mapper: CueMapper, event) -> tuple[Sound | None, list[Sound]]:
    result = mapper.map(event)
    return result.beep, [s for s, _ in result.voices]


@pytest.mark.parametrize(("count", "beep"), [(3, Sound.TICK), (2, Sound.TICK),
                                             (1, Sound.TICK_FINAL)])
def test_countdown_ticks_with_a_different_last_one(count, beep):
    """Countdown 3 and 2 tick, 1 ticks differently, and none of them speak."""
    assert sounds(CueMapper(), cue(Cue.COUNTDOWN, count=count)) == (beep, [])


def test_go_on_a_hold_says_hold():
    """GO into a timed hold: the go beep and "Hold"."""
    assert sounds(CueMapper(), cue(Cue.GO, phase(K.HOLD))) == (Sound.GO, [Sound.VOICE_HOLD])


def test_go_on_a_rep_says_its_number():
    """GO into a rep says the rep number."""
    ev = cue(Cue.GO, phase(K.REP_HOLD, rep=7, reps=10), count=7)
    assert sounds(CueMapper(), ev) == (Sound.GO, [Sound.VOICE_7])


def test_go_on_the_last_rep_says_last_rep():
    """The last rep is announced as such instead of by number."""
    ev = cue(Cue.GO, phase(K.PACED_REP, rep=5, reps=5), count=5, last_rep=True)
    assert sounds(CueMapper(), ev) == (Sound.GO, [Sound.VOICE_LAST_REP])


def test_a_single_rep_hold_says_hold():
    """One rep of a hold is just a hold: "Hold", not "Last rep"."""
    ev = cue(Cue.GO, phase(K.REP_HOLD, rep=1, reps=1), count=1)
    assert sounds(CueMapper(), ev) == (Sound.GO, [Sound.VOICE_HOLD])


def test_reps_beyond_thirty_only_beep():
    """Rep numbers without a voice file get the beep alone."""
    ev = cue(Cue.GO, phase(K.REP_HOLD, rep=31, reps=40), count=31)
    assert sounds(CueMapper(), ev) == (Sound.GO, [])


def test_switch_sides_names_the_new_side_at_high_priority():
    """Switch sides: beep, "Switch sides", then the side, all never to be dropped."""
    result = CueMapper().map(cue(Cue.SWITCH_SIDES, phase(K.SWITCH_SIDES, side=S.RIGHT),
                                 side=S.RIGHT))
    assert result.beep is Sound.SWITCH_SIDES
    assert result.voices == ((Sound.VOICE_SWITCH_SIDES, H), (Sound.VOICE_RIGHT_SIDE, H))


def test_get_ready_names_the_side_when_there_is_one():
    """Get ready is spoken only, followed by the side if the exercise has sides."""
    sided = cue(Cue.GET_READY, phase(K.GET_READY, side=S.LEFT), side=S.LEFT)
    both_legs = cue(Cue.GET_READY, phase(K.GET_READY))
    assert sounds(CueMapper(), sided) == (None, [Sound.VOICE_GET_READY, Sound.VOICE_LEFT_SIDE])
    assert sounds(CueMapper(), both_legs) == (None, [Sound.VOICE_GET_READY])


@pytest.mark.parametrize(("kind", "beep", "voices"), [
    (Cue.RELEASE, Sound.RELEASE, [(Sound.VOICE_RELEASE, L)]),
    (Cue.REP_DONE, Sound.REP_DONE, []),
    (Cue.HALFWAY, Sound.HALFWAY, [(Sound.VOICE_HALFWAY, L)]),
    (Cue.REST, Sound.REST, [(Sound.VOICE_REST, N)]),
    (Cue.NEXT_EXERCISE, Sound.NEXT_EXERCISE, [(Sound.VOICE_NEXT_EXERCISE, N)]),
    (Cue.EXERCISE_DONE, Sound.EXERCISE_DONE, []),
    (Cue.ROUTINE_DONE, Sound.ROUTINE_DONE, [(Sound.VOICE_ROUTINE_COMPLETE, H)]),
])
def test_other_cues(kind, beep, voices):
    """Every other cue maps as the scheduler's table says."""
    result = CueMapper().map(cue(kind))
    assert result.beep is beep
    assert list(result.voices) == voices


def test_every_cue_has_a_mapping():
    """No engine cue is left without a sound."""
    mapper = CueMapper()
    for kind in Cue:
        result = mapper.map(cue(kind, phase(K.HOLD), count=1))
        assert result.beep is not None or result.voices, kind


def spoken(rt) -> list[str]:
    mapper = CueMapper()
    words = []
    for moment in audible_moments(rt):
        for e in moment:
            if hasattr(e, "cue"):
                words += [s.value.removeprefix("voice_") for s, _ in mapper.map(e).voices]
    return words


def test_sides_are_spoken_once_per_change_with_both_sides():
    """Reps on both sides: the side is said at get ready and at the switch, not per rep."""
    words = spoken(routine(reps(n=3, sides=SidesMode.BOTH)))
    assert words == ["get_ready", "left_side", "1", "release", "2", "release", "last_rep",
                     "switch_sides", "right_side", "1", "release", "2", "release", "last_rep",
                     "routine_complete"]


def test_the_first_side_is_named_again_after_a_rest_between_sets():
    """Set 2 starts back on the left: its first rep names the side."""
    words = spoken(routine(reps(n=2, sides=SidesMode.BOTH, sets=2, rest=10)))
    rest = words.index("rest")
    assert words[rest:rest + 3] == ["rest", "left_side", "1"]


def test_alternating_sides_name_the_side_of_every_rep():
    """Alternating sides: each rep says its side, since no "Switch sides" comes."""
    words = spoken(routine(paced(n=2, sides=SidesMode.ALTERNATE)))
    assert words == ["get_ready", "left_side", "1", "right_side", "1",
                     "left_side", "last_rep", "right_side", "last_rep", "routine_complete"]


def test_a_new_exercise_names_its_side_again():
    """The next exercise's first side is spoken even if it is the same as before."""
    words = spoken(routine(hold("a", seconds=5, sides=SidesMode.LEFT, get_ready=5),
                           hold("b", seconds=5, sides=SidesMode.LEFT, get_ready=5)))
    assert words == ["get_ready", "left_side", "hold", "next_exercise", "left_side", "hold",
                     "routine_complete"]

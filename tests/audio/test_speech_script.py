"""What the voice says: pure decisions from the plan, the cue and the chosen parts."""

from __future__ import annotations

from dataclasses import replace

from hiptimer.audio.mapping import CueMapper, VoicePriority
from hiptimer.audio.sounds import Sound
from hiptimer.audio.speech.options import Part, Preset, SpeechOptions
from hiptimer.audio.speech.script import Script, first_line, seconds_words, spoken_name
from hiptimer.core.events import Cue, CueDue, PartEnded, PartStatus
from hiptimer.core.model import SidesMode
from hiptimer.core.plan import PhaseKind, compile_plan
from tests.audio.speech_helpers import UNHEARD, long_routine, named, zebra_routine
from tests.factories import hold, reps, routine

NAMES = Preset.NAMES.parts


def say(script: Script, event: CueDue, mapper: CueMapper | None = None) -> list[str]:
    return [u.text for u in script.utterances(event, (mapper or CueMapper()).map(event))]


def start_cue(plan, kind: PhaseKind, nth: int = 0, **kw) -> CueDue:
    phase = [p for p in plan.phases if p.kind is kind][nth]
    cue = {PhaseKind.GET_READY: Cue.GET_READY, PhaseKind.NEXT_EXERCISE: Cue.NEXT_EXERCISE,
           PhaseKind.SWITCH_SIDES: Cue.SWITCH_SIDES, PhaseKind.REST: Cue.REST,
           PhaseKind.REP_RELEASE: Cue.RELEASE}.get(kind, Cue.GO)
    return CueDue(cue, phase, 0.0, side=phase.side, **kw)


def test_get_ready_names_the_first_exercise_and_its_side():
    """Cues and names: "Get ready: <name>, left side"; the next ones start with "Next:"."""
    plan = compile_plan(zebra_routine())
    script = Script(plan, NAMES)
    assert say(script, start_cue(plan, PhaseKind.GET_READY)) == [f"Get ready: {UNHEARD[0]}"]
    assert say(script, start_cue(plan, PhaseKind.NEXT_EXERCISE, 1)) == [
        f"Next: {UNHEARD[2]}, left side"]


def test_essential_cues_say_no_names():
    """Essential cues: today's words, no exercise names."""
    plan = compile_plan(zebra_routine())
    script = Script(plan, Preset.ESSENTIAL.parts)
    assert say(script, start_cue(plan, PhaseKind.NEXT_EXERCISE, 1)) == ["Next exercise, left side"]


def test_off_says_nothing():
    """Off: no utterance at all, not even "Routine complete"."""
    plan = compile_plan(zebra_routine())
    assert Script(plan, SpeechOptions(preset=Preset.OFF).spoken).texts() == []
    assert say(Script(plan, frozenset()), start_cue(plan, PhaseKind.GET_READY)) == []


def test_full_coaching_adds_the_setup_line_and_the_countdown():
    """Full coaching: the set-up's first line after the name, numbers over the last ticks."""
    ex = named(hold("a", seconds=30, get_ready=10), "Wall sit",
               setup="Sit against the wall. Knees over ankles.")
    plan = compile_plan(routine(ex))
    script = Script(plan, Preset.FULL.parts)
    utterances = script.utterances(start_cue(plan, PhaseKind.GET_READY), CueMapper().map(
        start_cue(plan, PhaseKind.GET_READY)))
    assert [u.text for u in utterances] == ["Get ready: Wall sit", "Sit against the wall."]
    assert utterances[1].priority is VoicePriority.LOW
    assert utterances[1].ends_within == 10 - 3  # before the countdown starts
    phase = plan.phases[0]
    assert say(script, CueDue(Cue.COUNTDOWN, phase, 0.0, count=2)) == ["2"]
    assert say(Script(plan, NAMES), CueDue(Cue.COUNTDOWN, phase, 0.0, count=2)) == []


def test_rest_says_its_length_and_the_next_set():
    """Between sets: "Rest, 45 seconds. Then set 2 of 3."."""
    plan = compile_plan(routine(reps("r", n=2, sets=3, rest=45, sides=SidesMode.NONE)))
    assert say(Script(plan, NAMES), start_cue(plan, PhaseKind.REST)) == [
        "Rest, 45 seconds. Then set 2 of 3."]
    assert say(Script(plan, Preset.ESSENTIAL.parts), start_cue(plan, PhaseKind.REST)) == ["Rest"]


def test_a_set_with_no_rest_before_it_is_announced_at_its_first_rep():
    """Sets with rest 0: "Set 2 of 3. 1" at the new set's first rep."""
    plan = compile_plan(routine(reps("r", n=2, sets=2, rest=0, sides=SidesMode.NONE)))
    first_of_set_2 = next(p for p in plan.phases if p.set == 2 and p.rep == 1 and p.kind.is_work)
    event = CueDue(Cue.GO, first_of_set_2, 0.0, count=1)
    assert say(Script(plan, NAMES), event) == ["Set 2 of 2. 1"]


def test_switch_sides_is_one_high_priority_phrase():
    """ "Switch sides: now the right side", never dropped, with today's two WAVs as fallback."""
    plan = compile_plan(routine(hold("h", seconds=10, sides=SidesMode.BOTH)))
    event = start_cue(plan, PhaseKind.SWITCH_SIDES)
    [u] = Script(plan, NAMES).utterances(event, CueMapper().map(event))
    assert u.text == "Switch sides: now the right side"
    assert u.priority is VoicePriority.HIGH
    assert u.fallback == (Sound.VOICE_SWITCH_SIDES, Sound.VOICE_RIGHT_SIDE)


def test_rep_numbers_go_past_thirty():
    """Rep numbers to any number: 31 is said (the bundled files stop at 30)."""
    plan = compile_plan(routine(reps("r", n=40, sides=SidesMode.NONE)))
    phase = next(p for p in plan.phases if p.rep == 31 and p.kind.is_work)
    event = CueDue(Cue.GO, phase, 0.0, count=31)
    [u] = Script(plan, NAMES).utterances(event, CueMapper().map(event))
    assert (u.text, u.fallback) == ("31", ())


def test_the_end_counts_the_sides_done():
    """ "Routine complete. 3 of 4 exercise sides done." from the parts that ended done."""
    plan = compile_plan(zebra_routine())
    script = Script(plan, NAMES)
    for i, (ex, side) in enumerate(plan.parts()):
        script.part_ended(PartEnded(ex, plan.routine.exercises[ex].id, side,
                                    PartStatus.SKIPPED if i == 1 else PartStatus.DONE, 1.0, 1, 1))
    event = CueDue(Cue.ROUTINE_DONE, plan.phases[-1], 0.0)
    assert say(script, event) == ["Routine complete. 3 of 4 exercise sides done."]


def test_spoken_name_wins_and_ninety_ninety_reads_well():
    """A routine's spoken_name is said instead of the name; "90/90" reads as "90 90"."""
    ex = hold("n")
    assert spoken_name(replace(ex, name="90/90 switches")) == "90 90 switches"
    assert spoken_name(replace(ex, name="90/90", spoken_name="ninety ninety")) == "ninety ninety"


def test_texts_list_the_first_exercise_first_each_phrase_once():
    """The render list: the first exercise's phrases first, no phrase twice."""
    plan = compile_plan(long_routine(5))
    texts = Script(plan, NAMES).texts()
    assert texts[0] == (0, "Get ready: Amber stretch number 1, left side")
    assert [i for i, _ in texts] == sorted(i for i, _ in texts)
    assert len({t for _, t in texts}) == len(texts)
    assert texts[-1][1] == "Routine complete. 10 of 10 exercise sides done."


def test_small_words():
    """Durations and set-up lines read naturally."""
    assert seconds_words(45) == "45 seconds"
    assert seconds_words(90) == "1 minute 30 seconds"
    assert seconds_words(120) == "2 minutes"
    assert first_line("Lie on your back. Then bend.") == "Lie on your back."
    assert first_line("Kneel\nthen sit") == "Kneel"


def test_part_switches_apply_one_by_one():
    """Each part can be switched alone: names without rep numbers."""
    plan = compile_plan(routine(reps("r", n=3, sides=SidesMode.NONE)))
    script = Script(plan, {Part.CUES, Part.NAMES})
    go = next(p for p in plan.phases if p.kind is PhaseKind.REP_HOLD)
    assert say(script, CueDue(Cue.GO, go, 0.0, count=1)) == []
    assert say(script, start_cue(plan, PhaseKind.GET_READY)) == ["Get ready: R"]


def test_routine_files_may_give_a_spoken_name():
    """A routine file's ``spoken_name`` reaches the model and is what the voice says."""
    from hiptimer.library.loader import load_routine, parse_routine
    from hiptimer.paths import routines_dir

    text = (routines_dir() / "level-3.yaml").read_text("utf-8").replace(
        "    name: 90/90 get-up to half kneeling\n",
        "    name: 90/90 get-up to half kneeling\n    spoken_name: ninety ninety get-up\n")
    r = parse_routine(text, "level-3.yaml", [routines_dir().parent / "assets" / "images"])
    assert r.exercises[0].spoken_name == "ninety ninety get-up"
    plan = compile_plan(r)
    assert say(Script(plan, NAMES), start_cue(plan, PhaseKind.GET_READY))[0] == \
        "Get ready: ninety ninety get-up, left side"
    bundled = load_routine(routines_dir() / "level-3.yaml")
    assert spoken_name(bundled.exercises[0]) == "90 90 get-up to half kneeling"

"""The plan: a routine compiled into an exact timeline."""

from __future__ import annotations

import dataclasses

from hiptimer.core.model import DoseChoice, Side, SidesMode
from hiptimer.core.plan import PhaseKind, compile_plan, format_duration
from tests.factories import breathing, cycles, hold, paced, reps, routine


def kinds(plan):
    return [(p.kind, p.side, p.rep, p.set) for p in plan.phases]


def test_hold_without_sides_is_get_ready_then_hold():
    """A one-sided-less hold compiles to GET READY then HOLD, and nothing else."""
    plan = compile_plan(routine(hold(seconds=60, get_ready=15)))
    assert [(p.kind, p.duration) for p in plan.phases] == [
        (PhaseKind.GET_READY, 15), (PhaseKind.HOLD, 60)]
    assert plan.total_seconds == 75


def test_reps_both_sides_switch_between_and_no_release_after_last_rep():
    """Reps each side: hold/release pairs, a switch between sides, no trailing release."""
    plan = compile_plan(routine(reps(n=3, hold_s=4, release=2, get_ready=5), switch=6))
    got = [(p.kind, p.side, p.rep) for p in plan.phases]
    left = [(PhaseKind.REP_HOLD, Side.LEFT, 1), (PhaseKind.REP_RELEASE, Side.LEFT, 1),
            (PhaseKind.REP_HOLD, Side.LEFT, 2), (PhaseKind.REP_RELEASE, Side.LEFT, 2),
            (PhaseKind.REP_HOLD, Side.LEFT, 3)]
    right = [(k, Side.RIGHT, r) for k, _, r in left]
    assert got == [(PhaseKind.GET_READY, Side.LEFT, 0), *left,
                   (PhaseKind.SWITCH_SIDES, Side.RIGHT, 0), *right]
    assert plan.total_seconds == 5 + 2 * (3 * 4 + 2 * 2) + 6


def test_sets_have_rest_between_and_each_set_works_both_sides():
    """Two sets: left, switch, right, REST, left, switch, right."""
    plan = compile_plan(routine(reps(n=1, sets=2, rest=30)))
    seq = [(p.kind, p.side, p.set) for p in plan.phases if p.kind is not PhaseKind.GET_READY]
    assert seq == [
        (PhaseKind.REP_HOLD, Side.LEFT, 1), (PhaseKind.SWITCH_SIDES, Side.RIGHT, 1),
        (PhaseKind.REP_HOLD, Side.RIGHT, 1), (PhaseKind.REST, Side.LEFT, 2),
        (PhaseKind.REP_HOLD, Side.LEFT, 2), (PhaseKind.SWITCH_SIDES, Side.RIGHT, 2),
        (PhaseKind.REP_HOLD, Side.RIGHT, 2)]


def test_alternate_sides_interleave_reps():
    """Alternating sides: left rep, right rep, with releases between and none at the end."""
    plan = compile_plan(routine(reps(n=2, sides=SidesMode.ALTERNATE)))
    seq = [(p.kind, p.side, p.rep) for p in plan.phases[1:]]
    assert seq == [
        (PhaseKind.REP_HOLD, Side.LEFT, 1), (PhaseKind.REP_RELEASE, Side.LEFT, 1),
        (PhaseKind.REP_HOLD, Side.RIGHT, 1), (PhaseKind.REP_RELEASE, Side.RIGHT, 1),
        (PhaseKind.REP_HOLD, Side.LEFT, 2), (PhaseKind.REP_RELEASE, Side.LEFT, 2),
        (PhaseKind.REP_HOLD, Side.RIGHT, 2)]


def test_one_side_only():
    """A left-only exercise has no switch and no right side."""
    plan = compile_plan(routine(hold(sides=SidesMode.LEFT)))
    assert {p.side for p in plan.phases} == {Side.LEFT}
    assert PhaseKind.SWITCH_SIDES not in {p.kind for p in plan.phases}


def test_paced_reps_last_the_tempo():
    """A paced rep lasts the sum of its tempo stages and carries them."""
    plan = compile_plan(routine(paced(n=2, tempo=(("up", 2), ("return", 4)), sides=SidesMode.NONE)))
    reps_ = [p for p in plan.phases if p.kind is PhaseKind.PACED_REP]
    assert [p.duration for p in reps_] == [6, 6]
    assert reps_[0].stage_at(1.0)[0].label == "up"
    assert reps_[0].stage_at(2.5)[0].label == "return"
    assert reps_[0].stage_at(2.5)[1] == 3.5


def test_cycles_use_their_labels():
    """Cycles alternate effort and relax, labelled as the routine says."""
    plan = compile_plan(routine(cycles(n=2, effort=10, relax=5)))
    seq = [(p.kind, p.duration, p.label) for p in plan.phases[1:]]
    assert seq == [(PhaseKind.REP_HOLD, 10, "DRIVE"), (PhaseKind.REP_RELEASE, 5, "RELAX"),
                   (PhaseKind.REP_HOLD, 10, "DRIVE")]


def test_breathing_is_paced_by_inhale_and_exhale():
    plan = compile_plan(routine(breathing(n=3)))
    assert [p.duration for p in plan.phases if p.kind is PhaseKind.PACED_REP] == [10, 10, 10]


def test_later_exercises_start_with_next_exercise():
    """The first exercise gets GET READY; each later one NEXT EXERCISE."""
    plan = compile_plan(routine(hold("a"), hold("b")))
    assert [p.kind for p in plan.phases] == [PhaseKind.GET_READY, PhaseKind.HOLD,
                                             PhaseKind.NEXT_EXERCISE, PhaseKind.HOLD]


def test_phases_are_contiguous():
    """Every phase starts where the previous one ended."""
    plan = compile_plan(routine(hold(), reps(sets=2, rest=20), paced(), cycles(), breathing()))
    t = 0
    for i, p in enumerate(plan.phases):
        assert p.index == i and p.start == t and p.duration > 0
        t = p.end
    assert plan.total_seconds == t


def test_dose_choices_are_clamped_to_the_range():
    """A user's pick outside the article's range is clamped to it."""
    r = routine(hold(seconds=90))
    assert compile_plan(r, {"hang": DoseChoice(hold=100)}).phases[1].duration == 100
    r2 = routine(reps(hold_s=4))
    plan = compile_plan(r2, {"pull": DoseChoice(hold=99)})
    assert {p.duration for p in plan.phases if p.kind is PhaseKind.REP_HOLD} == {5}


def test_parts_lists_each_exercise_side_once_in_order():
    plan = compile_plan(routine(hold(), reps(sides=SidesMode.BOTH, sets=2, rest=10)))
    assert plan.parts() == [(0, Side.NONE), (1, Side.LEFT), (1, Side.RIGHT)]


def test_describe_dose():
    r = routine(reps(n=10, hold_s=4))
    plan = compile_plan(r)
    assert plan.doses[0].describe(r.exercises[0]) == "10 reps x 4 s hold, each side"


def test_format_duration():
    assert [format_duration(s) for s in (45, 60, 90, 3725)] == ["45 s", "1 min", "1 min 30 s",
                                                                "1 h 02 min"]


def test_an_exercise_switch_overrides_the_routines():
    """An exercise's own switch time replaces the routine's; others keep the routine's."""
    banded = dataclasses.replace(reps("band", n=1), switch=10)
    plan = compile_plan(routine(banded, reps("plain", n=1), switch=6))
    switches = [(p.exercise_id, p.duration) for p in plan.phases if p.kind is PhaseKind.SWITCH_SIDES]
    assert switches == [("band", 10), ("plain", 6)]


def test_a_switch_of_zero_leaves_no_switch_phase():
    """switch: 0 means no pause between the sides at all."""
    plan = compile_plan(routine(dataclasses.replace(reps(n=1), switch=0), switch=6))
    assert PhaseKind.SWITCH_SIDES not in {p.kind for p in plan.phases}


def test_settle_is_a_labelled_wait_before_each_sides_work():
    """A settle is a GET_READY phase labelled SETTLE in front of each side, in every set."""
    ex = dataclasses.replace(reps(n=2, hold_s=4, release=2, sets=2, rest=30, get_ready=5), settle=7)
    plan = compile_plan(routine(ex, switch=6))
    seq = [(p.kind, p.side, p.set, p.label) for p in plan.phases
           if p.kind in (PhaseKind.GET_READY, PhaseKind.SWITCH_SIDES, PhaseKind.REST)]
    settle = (PhaseKind.GET_READY, "SETTLE")
    assert [(k, s, n) for k, s, n, _ in seq] == [
        (PhaseKind.GET_READY, Side.LEFT, 0), (PhaseKind.GET_READY, Side.LEFT, 1),
        (PhaseKind.SWITCH_SIDES, Side.RIGHT, 1), (PhaseKind.GET_READY, Side.RIGHT, 1),
        (PhaseKind.REST, Side.LEFT, 2), (PhaseKind.GET_READY, Side.LEFT, 2),
        (PhaseKind.SWITCH_SIDES, Side.RIGHT, 2), (PhaseKind.GET_READY, Side.RIGHT, 2)]
    assert [(k, label) for k, _, n, label in seq if n and k is PhaseKind.GET_READY] == [settle] * 4
    per_side = 2 * 4 + 2
    assert plan.total_seconds == 5 + 2 * (2 * (7 + per_side) + 6) + 30


def test_settle_phases_come_right_before_the_first_rep_and_are_not_work():
    """The settle sits between the switch and rep 1; the side's work and parts are unchanged."""
    ex = dataclasses.replace(reps(n=1), settle=5)
    plan = compile_plan(routine(ex))
    settles = [p for p in plan.phases if p.label == "SETTLE"]
    for p in settles:
        after = plan.phases[p.index + 1]
        assert not p.kind.is_work and after.kind is PhaseKind.REP_HOLD and after.rep == 1
        assert after.side is p.side and p.duration == 5
    assert plan.parts() == [(0, Side.LEFT), (0, Side.RIGHT)]


def test_settle_with_alternating_sides_comes_once_per_set():
    """When sides take turns rep by rep there is one settle per set, before the first rep."""
    ex = dataclasses.replace(reps(n=2, sides=SidesMode.ALTERNATE), settle=4)
    plan = compile_plan(routine(ex))
    assert [p.index for p in plan.phases if p.label == "SETTLE"] == [1]


def test_zero_settle_adds_nothing():
    """The default settle of 0 leaves the plan as it was."""
    assert compile_plan(routine(reps())).phases == compile_plan(
        routine(dataclasses.replace(reps(), settle=0))).phases

"""The bundled routines say what a physical therapist would sign off on."""

from __future__ import annotations

import pytest

from hiptimer.core.model import SidesMode
from hiptimer.core.plan import PhaseKind, compile_plan
from hiptimer.library.catalog import load_catalog


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def ex(catalog, routine_id: str, exercise_id: str):
    return catalog.get(routine_id).exercise(exercise_id)


def test_self_tests_carry_the_articles_caveats_and_a_safety_note(catalog):
    """Each self-test says its end of range depends on the hip's build, and that a PT measures better."""
    for test in catalog.self_tests:
        said = " ".join(test.caveats).lower()
        assert ("built" in said or "shape" in said) and "physical therapist" in said, test.id
        assert "not medical advice" in test.safety.lower() or "stop" in test.safety.lower()


def test_credits_name_a_full_name_or_the_site(catalog):
    """No credit is a bare first name, and the levels credit the clinic by its name."""
    for r in catalog.routines:
        assert len(r.source.credited.split()) >= 2, r.id
        assert "clinician" not in r.source.credit, r.id
    for level in ("level-1", "level-2", "level-3"):
        assert catalog.get(level).source.credited == "REVIVE Sport & Spine"


def test_swivel_chair_balances_on_something_fixed(catalog):
    """The swivel chair's support is a wall, counter or fixed chair, never its own turning back."""
    swivel = ex(catalog, "program-3-movement-and-strength", "swivel-chair")
    text = " ".join((swivel.setup, *swivel.steps, *swivel.form)).lower()
    assert "wall" in text and "counter" in text
    assert "hold the back of the chair" not in text
    assert {"swivel-chair", "wall"} <= set(swivel.equipment)


def test_step_across_crosses_in_front_and_pivots_over_the_front_hip(catalog):
    step = ex(catalog, "program-4-strength-and-function", "step-across")
    text = " ".join(step.steps).lower()
    assert "in front of the front foot" in text and "pivot" in text and "front hip" in text
    assert step.image == "step-across.svg"


def test_each_release_area_has_its_own_timed_step(catalog):
    """The article's five ball-release areas are five steps, each 1-2 minutes a side."""
    r = catalog.get("program-1-release-and-stretch")
    releases = [e for e in r.exercises if e.image == "ball-release.svg"]
    assert len(releases) == 5
    for e in releases:
        assert (e.dose.hold.minimum, e.dose.hold.maximum) == (60, 120), e.id
        assert e.sides is SidesMode.BOTH
    assert all(e.setup.startswith(("Next area", "Last area")) for e in releases[1:])


def test_knee_drops_count_twenty_on_each_side(catalog):
    drops = ex(catalog, "program-3-movement-and-strength", "sitting-knee-drop")
    assert drops.sides is SidesMode.ALTERNATE and drops.dose.reps.default == 20
    assert "20 drops on each side" in drops.dose_note


def test_ninety_ninety_rep_is_a_round_trip(catalog):
    """One 90/90 rep goes over and back, so 10 reps turn each hip both ways 10 times."""
    rot = ex(catalog, "five-internal-rotation-moves", "ninety-ninety-rotation")
    labels = [s.label for s in rot.dose.tempo]
    assert labels[0] == "over" and "back" in labels
    assert (rot.dose.reps.minimum, rot.dose.reps.maximum) == (10, 20)


def test_level_three_lowers_clearly_slower_than_it_rises(catalog):
    up, down = ex(catalog, "level-3", "ninety-ninety-get-up").dose.tempo
    assert down.seconds >= 2 * up.seconds


def test_hang_stance_and_sway_agree(catalog):
    hang = ex(catalog, "level-1", "ir-hang")
    assert "15 cm" in hang.setup and "hand's width" not in hang.setup
    assert not any("only the knees" in f for f in hang.form)


def test_heel_drive_has_its_own_stop_rule(catalog):
    drive = ex(catalog, "program-2-joint-mobilization", "femoral-head-centration")
    assert any(f.startswith("STOP RULE") for f in drive.form)


def test_seated_band_turn_has_the_feet_off_the_floor(catalog):
    seated = ex(catalog, "five-internal-rotation-moves", "seated-ir-band")
    assert "clear of the floor" in seated.setup


def test_knee_to_floor_keeps_both_aims(catalog):
    k = ex(catalog, "knee-drops-and-rotator-work", "knee-to-floor")
    text = " ".join(k.form).lower()
    assert "as far as it will go" in text and "stays down" in text


@pytest.mark.parametrize(("routine_id", "exercise_id"), [
    ("level-2", "pigeon"),
    ("five-internal-rotation-moves", "pigeon"),
    ("level-3", "ninety-ninety-get-up"),
    ("program-4-strength-and-function", "step-across"),
])
def test_front_leg_moves_say_which_leg_left_side_is(catalog, routine_id, exercise_id):
    """Moves named by their front leg say, in setup and steps, which leg LEFT SIDE is."""
    e = ex(catalog, routine_id, exercise_id)
    assert e.steps[0].startswith("LEFT SIDE = left leg in front")
    assert "LEFT SIDE means the left leg" in e.setup


@pytest.mark.parametrize(("routine_id", "exercise_id", "seconds"), [
    ("level-2", "band-assisted-ir", 10),
    ("five-internal-rotation-moves", "quadruped-rockback-band", 10),
    ("five-internal-rotation-moves", "seated-ir-band", 10),
    ("program-2-joint-mobilization", "lateral-band-distraction", 15),
])
def test_band_exercises_get_time_to_move_the_band(catalog, routine_id, exercise_id, seconds):
    r = catalog.get(routine_id)
    e = r.exercise(exercise_id)
    assert e.switch == seconds
    plan = compile_plan(r)
    ei = r.exercises.index(e)
    [switch] = [p for p in plan.phases_of(ei) if p.kind is PhaseKind.SWITCH_SIDES][:1]
    assert switch.duration == seconds


def test_kickstand_settles_before_each_side(catalog):
    """The kickstand waits on the standing leg before its turns, on each side and set."""
    r = catalog.get("breathing-kickstand-and-hinge")
    e = r.exercise("kickstand-ir")
    assert e.settle > 0
    plan = compile_plan(r)
    settles = [p for p in plan.phases if p.label == "SETTLE"]
    assert len(settles) == 2 * plan.doses[r.exercises.index(e)].sets


def test_no_internal_file_names_in_text_people_read():
    """Article files are named only in the `article` field, never in text shown to people."""
    import re
    from pathlib import Path

    pattern = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
    for path in sorted((Path(__file__).resolve().parents[2] / "routines").glob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                assert line.strip().startswith("article:"), f"{path.name}:{number}: {line.strip()}"

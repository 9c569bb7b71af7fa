"""Routine files: what loads, and the located errors for what does not."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from hiptimer.core.model import DoseKind, SidesMode
from hiptimer.library.errors import RoutineFileError
from hiptimer.library.loader import load_routine, parse_routine, parse_self_tests

GOOD = textwrap.dedent("""\
    id: sample
    title: Sample
    level: 2
    summary: A short routine.
    equipment: [band]
    source: {title: T, author: A, publisher: P, article: a.txt}
    safety: Not medical advice.
    exercises:
      - id: hang
        name: Hang
        image: pic.svg
        sides: none
        setup: Lie down.
        steps: [Relax.]
        dose:
          type: hold
          hold: {default: 90, min: 60, max: 120}
      - id: pull
        name: Pull
        image: pic.svg
        setup: Lie down.
        steps: [Pull.]
        dose:
          type: reps
          reps: 10
          hold: -5
""")


@pytest.fixture
def images(tmp_path: Path) -> list[Path]:
    d = tmp_path / "img"
    d.mkdir()
    (d / "pic.svg").write_text("<svg/>")
    return [d]


def errors_of(text: str, images: list[Path], file: str = "routines/level-2.yaml") -> list[str]:
    with pytest.raises(RoutineFileError) as info:
        parse_routine(text, file, images)
    return [str(e) for e in info.value.errors]


def fixed(text: str) -> str:
    return text.replace("hold: -5", "hold: {default: 4, min: 3, max: 5}")


def test_a_good_file_loads(images):
    """A valid file becomes a Routine with its ranges and sides."""
    r = parse_routine(fixed(GOOD), "x.yaml", images)
    assert r.id == "sample" and r.level == 2 and r.equipment == ("band",)
    hang, pull = r.exercises
    assert hang.sides is SidesMode.NONE and hang.dose.kind is DoseKind.HOLD
    assert (hang.dose.hold.minimum, hang.dose.hold.default, hang.dose.hold.maximum) == (60, 90, 120)
    assert pull.sides is SidesMode.BOTH and pull.dose.release == 2


def test_error_names_file_line_column_field_expected_and_found(images):
    """The issue's own example: file:line:col: field: expected ..., got ..."""
    assert errors_of(GOOD, images) == [
        "routines/level-2.yaml:26:13: exercises[1].dose.hold: expected seconds between 1 and 3600, got -5"]


def test_unknown_key_suggests_the_right_one(images):
    text = fixed(GOOD).replace("steps: [Pull.]", "stpes: [Pull.]")
    errs = errors_of(text, images)
    assert any("exercises[1].stpes: unknown field 'stpes'; did you mean 'steps'?" in e for e in errs)
    assert any("exercises[1].steps: this required field is missing" in e for e in errs)


def test_missing_required_field(images):
    errs = errors_of(fixed(GOOD).replace("safety: Not medical advice.\n", ""), images)
    assert errs == ["routines/level-2.yaml:1:1: safety: this required field is missing"]


def test_missing_image_is_an_error(images):
    errs = errors_of(fixed(GOOD).replace("image: pic.svg\n    sides", "image: nope.svg\n    sides"),
                     images)
    assert len(errs) == 1 and "exercises[0].image" in errs[0] and "'nope.svg', which does not exist" in errs[0]


def test_unknown_equipment_is_an_error(images):
    errs = errors_of(fixed(GOOD).replace("equipment: [band]", "equipment: [bands]"), images)
    assert errs == ["routines/level-2.yaml:5:13: equipment[0]: expected one of band, ball, chair, "
                    "swivel-chair, wall, foam-roll, block, got 'bands'; did you mean 'band'?"]


def test_wrong_type_says_what_was_found(images):
    errs = errors_of(fixed(GOOD).replace("reps: 10", "reps: ten"), images)
    assert errs == ["routines/level-2.yaml:25:13: exercises[1].dose.reps: expected reps between "
                    "1 and 200, got 'ten'"]


def test_range_default_must_sit_inside(images):
    errs = errors_of(fixed(GOOD).replace("{default: 90, min: 60, max: 120}",
                                         "{default: 30, min: 60, max: 120}"), images)
    assert len(errs) == 1 and "exercises[0].dose.hold.default: expected a default between min 60 " \
        "and max 120, got 30" in errs[0]


def test_range_min_above_max(images):
    errs = errors_of(fixed(GOOD).replace("{default: 90, min: 60, max: 120}",
                                         "{default: 90, min: 130, max: 120}"), images)
    assert any("expected min <= max" in e for e in errs)


def test_sets_above_one_need_rest(images):
    errs = errors_of(fixed(GOOD).replace("reps: 10", "reps: 10\n      sets: 2"), images)
    assert any("exercises[1].dose.rest: expected rest seconds between sets" in e for e in errs)


def test_unknown_dose_type(images):
    errs = errors_of(fixed(GOOD).replace("type: reps", "type: rep"), images)
    assert any("exercises[1].dose.type: expected one of hold, reps, paced, cycles, breathing, "
               "got 'rep'; did you mean 'reps'?" in e for e in errs)


def test_duplicate_key_is_an_error(images):
    errs = errors_of(fixed(GOOD).replace("title: Sample\n", "title: Sample\ntitle: Again\n"), images)
    assert errs == ["routines/level-2.yaml:3:1: title: this field is given twice"]


def test_duplicate_exercise_id(images):
    errs = errors_of(fixed(GOOD).replace("id: pull", "id: hang"), images)
    assert any("exercises[1].id: expected a unique id, got 'hang' again" in e for e in errs)


def test_self_paced_only_on_rep_doses(images):
    errs = errors_of(fixed(GOOD).replace("sides: none", "sides: none\n    self_paced: true"), images)
    assert any("exercises[0].self_paced: expected only on reps or paced doses" in e for e in errs)


def test_yaml_syntax_error_is_located(images):
    errs = errors_of("id: x\ntitle: [unclosed\n", images, "bad.yaml")
    assert len(errs) == 1 and errs[0].startswith("bad.yaml:3:1: not valid YAML")


def test_empty_file(images):
    assert errors_of("", images, "e.yaml") == ["e.yaml:1:1: the file is empty"]


def test_not_a_mapping(images):
    assert errors_of("- a\n- b\n", images, "l.yaml") == [
        "l.yaml:1:1: (top): expected a mapping of fields, got a list"]


def test_every_problem_in_a_file_is_reported_at_once(images):
    text = fixed(GOOD).replace("level: 2", "level: 7").replace("reps: 10", "reps: 0")
    errs = errors_of(text, images)
    assert len(errs) == 2 and "level: expected a level between 1 and 3, got 7" in errs[0]


def test_not_utf8_is_located(tmp_path, images):
    f = tmp_path / "latin.yaml"
    f.write_bytes(b"id: x\ntitle: caf\xe9\n")
    with pytest.raises(RoutineFileError) as info:
        load_routine(f, images)
    assert str(info.value) == f"{f}:2:1: expected UTF-8 text, found bytes that are not"


def test_unreadable_path(tmp_path):
    with pytest.raises(RoutineFileError) as info:
        load_routine(tmp_path / "missing.yaml")
    assert "cannot read" in str(info.value)


def test_anchors_and_tags_do_not_execute(images):
    """The safe composer refuses Python tags; the error is located."""
    errs = errors_of("id: !!python/object/apply:os.system ['true']\n", images, "t.yaml")
    assert "t.yaml:1:5: id: expected text, got a list" in errs


def test_self_tests_file(images):
    text = textwrap.dedent("""\
        kind: self-tests
        self_tests:
          - id: prone-ir
            name: Prone
            image: pic.svg
            position: Face down.
            steps: [Bend knees.]
            normal: {min: 45, max: 45}
            source: {title: T, author: A, publisher: P, article: a.txt}
    """)
    (test,) = parse_self_tests(text, "s.yaml", images)
    assert (test.id, test.normal_min, test.normal_max) == ("prone-ir", 45, 45)
    with pytest.raises(RoutineFileError) as info:
        parse_self_tests(text.replace("max: 45", "max: 40"), "s.yaml", images)
    assert "expected min <= max, got min 45 and max 40" in str(info.value)


def test_switch_and_settle_load(images):
    """An exercise may set its own switch time and a settle before each side."""
    text = fixed(GOOD).replace("steps: [Pull.]", "steps: [Pull.]\n    switch: 10\n    settle: 5")
    r = parse_routine(text, "x.yaml", images)
    hang, pull = r.exercises
    assert (pull.switch, pull.settle) == (10, 5)
    assert (hang.switch, hang.settle) == (None, 0)
    assert r.switch_for(pull) == 10 and r.switch_for(hang) == r.switch_sides


def test_settle_out_of_range_is_located(images):
    text = fixed(GOOD).replace("steps: [Pull.]", "steps: [Pull.]\n    settle: 500")
    assert errors_of(text, images) == [
        "routines/level-2.yaml:23:13: exercises[1].settle: expected seconds between 0 and 120, got 500"]


def test_switch_needs_both_sides(images):
    """A switch time on an exercise that never changes sides is a mistake, said as such."""
    text = fixed(GOOD).replace("sides: none", "sides: none\n    switch: 8")
    errs = errors_of(text, images)
    assert errs == ["routines/level-2.yaml:13:13: exercises[0].switch: expected only with "
                    "sides: both (the only mode that changes sides between runs), got sides: none"]


@pytest.mark.parametrize("char", ["\x01", "\x1b", "\x7f", "\x00"])
def test_control_character_is_located(images, char):
    """A control character gives file:line:col like every other error, not a bare message."""
    text = fixed(GOOD).replace("summary: A short routine.", f"summary: A short{char} routine.")
    errs = errors_of(text, images, "r.yaml")
    code = f"U+{ord(char):04X}"
    assert errs == [f"r.yaml:4:17: not valid YAML: control character {code} is not allowed; "
                    "delete it or retype the line"]


def test_control_character_in_a_file_on_disk(tmp_path, images):
    """Through load_routine the error names the real path and place."""
    f = tmp_path / "esc.yaml"
    f.write_text("id: x\ntitle: \x1b[31mred\n", encoding="utf-8")
    with pytest.raises(RoutineFileError) as info:
        load_routine(f, images)
    assert str(info.value).startswith(f"{f}:2:8: not valid YAML: control character U+001B")


def test_self_tests_safety_and_caveats(images):
    """A self-tests file may carry a safety note and each test its caveats."""
    text = textwrap.dedent("""\
        kind: self-tests
        safety: Stop if it hurts.
        self_tests:
          - id: prone-ir
            name: Prone
            image: pic.svg
            position: Face down.
            steps: [Bend knees.]
            normal: {min: 45, max: 45}
            caveats: [Each hip is built differently., A therapist measures better.]
            source: {title: T, author: A, publisher: P, article: a.txt}
    """)
    (test,) = parse_self_tests(text, "s.yaml", images)
    assert test.safety == "Stop if it hurts."
    assert test.caveats == ("Each hip is built differently.", "A therapist measures better.")

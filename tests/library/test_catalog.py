"""The catalog: bundled plus user routines; broken files never stop the rest."""

from __future__ import annotations

import shutil

from hiptimer.core.plan import compile_plan
from hiptimer.library.catalog import load_catalog
from hiptimer.paths import routines_dir


def test_bundled_routines_all_load_without_errors():
    """Every bundled routine and self-test validates."""
    catalog = load_catalog()
    assert catalog.errors == []
    ids = [r.id for r in catalog.routines]
    assert ids[:3] == ["level-1", "level-2", "level-3"]
    assert len(ids) >= 8
    assert {t.id for t in catalog.self_tests} == {"prone-ir", "seated-ir-flexion", "seated-active-ir"}


def test_levels_come_first_then_programs():
    levels = [r.level for r in load_catalog().routines]
    first_none = levels.index(None)
    assert levels[:first_none] == [1, 2, 3] and all(x is None for x in levels[first_none:])


def test_bundled_plan_totals_equal_the_sum_of_doses():
    """For every bundled routine, the plan total is the sum of its parts."""
    for r in load_catalog().routines:
        plan = compile_plan(r)
        expected = 0
        for ei, ex in enumerate(r.exercises):
            rd = plan.doses[ei]
            d = ex.dose
            sides = 1 if ex.sides.value in ("none", "left", "right") else 2
            if d.kind.value == "hold":
                per_rep, releases = rd.hold, 0
            elif d.kind.value in ("reps", "cycles"):
                per_rep, releases = rd.hold, d.release
            else:
                per_rep, releases = sum(s.seconds for s in d.tempo), 0
            reps = 1 if d.kind.value == "hold" else rd.reps
            work = sides * (reps * per_rep + (reps - 1) * releases)
            if ex.sides.value == "alternate":
                work = sides * reps * per_rep + (sides * reps - 1) * releases
            switches = (sides - 1) * r.switch_for(ex) if ex.sides.value == "both" else 0
            settles = ex.settle * (1 if ex.sides.value == "alternate" else sides)
            expected += ex.get_ready + rd.sets * (work + switches + settles) + (rd.sets - 1) * d.rest
        assert plan.total_seconds == expected, r.id


def test_a_broken_user_file_does_not_stop_the_others(tmp_path):
    user = tmp_path / "mine"
    user.mkdir()
    (user / "broken.yaml").write_text("id: broken\ntitle: [\n")
    (user / "wrong.yaml").write_text("id: wrong\n")
    catalog = load_catalog(user=user)
    assert catalog.get("level-1") is not None
    files = {e.file for e in catalog.errors}
    assert files == {str(user / "broken.yaml"), str(user / "wrong.yaml")}


def test_a_user_copy_replaces_the_bundled_routine(tmp_path):
    user = tmp_path / "mine"
    user.mkdir()
    text = (routines_dir() / "level-1.yaml").read_text().replace(
        'title: "Level 1: Hang and pull"', 'title: "My Level 1"')
    (user / "my-level-1.yaml").write_text(text)
    catalog = load_catalog(user=user)
    assert catalog.get("level-1").title == "My Level 1"
    entry = next(e for e in catalog.entries if e.routine.id == "level-1")
    assert entry.origin == "user" and entry.overrides_bundled
    assert len([r for r in catalog.routines if r.id == "level-1"]) == 1


def test_user_image_beside_the_file(tmp_path):
    user = tmp_path / "mine"
    user.mkdir()
    shutil.copy(routines_dir() / "level-1.yaml", user / "copy.yaml")
    text = (user / "copy.yaml").read_text().replace("id: level-1", "id: mine").replace(
        "image: ir-hang.svg", "image: my-own.svg")
    (user / "copy.yaml").write_text(text)
    assert load_catalog(user=user).get("mine") is None
    (user / "my-own.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert load_catalog(user=user).get("mine") is not None


def test_find_by_level_number_and_prefix():
    catalog = load_catalog()
    assert catalog.find("2").id == "level-2"
    assert catalog.find("LEVEL-3").id == "level-3"
    assert catalog.find("nothing-like-this") is None

"""Where an interrupted session resumes."""

from __future__ import annotations

from hiptimer.core.model import Side
from hiptimer.core.plan import PhaseKind, compile_plan
from hiptimer.core.resume import resume_point
from hiptimer.library.catalog import load_catalog


def test_resume_point_is_the_get_ready_before_the_first_unrecorded_side():
    """After a crash, resuming starts with getting ready for the first side not recorded."""
    plan = compile_plan(load_catalog().get("level-1"))
    assert resume_point(plan, set()) == 0
    first_left = resume_point(plan, {(0, Side.NONE)})
    assert plan.phases[first_left].kind is PhaseKind.NEXT_EXERCISE
    right = resume_point(plan, {(0, Side.NONE), (1, Side.LEFT)})
    assert plan.phases[right].kind is PhaseKind.SWITCH_SIDES
    assert plan.phases[right + 1].side is Side.RIGHT


def test_resume_point_after_everything_is_the_start():
    """A session with every side recorded resumes from the beginning (nothing is skipped)."""
    plan = compile_plan(load_catalog().get("level-1"))
    assert resume_point(plan, plan.parts()) == 0

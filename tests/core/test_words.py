"""The words shown for each phase, decided without Qt."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

from hiptimer.core.engine import Snapshot, State
from hiptimer.core.plan import PhaseKind, compile_plan
from hiptimer.core.words import phase_word, phase_words
from tests.factories import breathing, cycles, hold, paced, reps, routine


def words(plan):
    return [phase_word(p) for p in plan.phases]


def test_waits_and_holds_have_their_fixed_words():
    """Get ready, hold, release, switch sides and rest read as the player shows them."""
    plan = compile_plan(routine(hold("a"), reps("b", n=2, sets=2, rest=10)))
    assert words(plan) == ["GET READY", "HOLD", "GET READY", "HOLD", "RELEASE", "HOLD",
                           "SWITCH SIDES", "HOLD", "RELEASE", "HOLD", "REST", "HOLD", "RELEASE",
                           "HOLD", "SWITCH SIDES", "HOLD", "RELEASE", "HOLD"]


def test_cycles_show_their_own_labels():
    """A cycles dose shows its effort and relax labels, e.g. DRIVE / RELAX."""
    plan = compile_plan(routine(cycles(n=2)))
    assert words(plan)[1:] == ["DRIVE", "RELAX", "DRIVE"]


def test_a_settle_shows_settle():
    """A settle phase is a get-ready wait that says SETTLE."""
    plan = compile_plan(routine(dataclasses.replace(reps(n=1), settle=5)))
    assert words(plan)[:3] == ["GET READY", "SETTLE", "HOLD"]


def test_paced_stages_follow_the_clock():
    """With a snapshot, a paced rep shows the stage it is in; a finished manual rep asks."""
    plan = compile_plan(routine(breathing(n=1)))
    rep = next(p for p in plan.phases if p.kind is PhaseKind.PACED_REP)

    def snap(elapsed: float, waiting: bool = False) -> Snapshot:
        return Snapshot(State.RUNNING, rep, 1, elapsed, 1.0, waiting, 0.0)

    assert phase_word(rep, snap(1.0)) == "INHALE"
    assert phase_word(rep, snap(5.0)) == "EXHALE"
    assert phase_word(rep, snap(10.0, waiting=True)) == "REP DONE? ENTER"


def test_phase_words_list_every_stage_of_a_paced_rep():
    """For a printed timeline a paced rep lists its stages and seconds."""
    plan = compile_plan(routine(breathing(n=1), paced(n=1)))
    printed = [phase_words(p) for p in plan.phases if p.kind is PhaseKind.PACED_REP]
    assert printed[0] == "INHALE 4 s / EXHALE 6 s"
    assert printed[1] == "OUT 2 s / BACK 4 s"


def test_words_module_does_not_load_qt():
    """hiptimer.core.words is importable without PySide6."""
    code = "import sys, hiptimer.core.words, hiptimer.core.rom; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

"""Small routines built in code, for engine and UI tests."""

from __future__ import annotations

from hiptimer.core.model import (
    Amount,
    Dose,
    DoseKind,
    Exercise,
    Routine,
    SidesMode,
    Source,
    TempoStage,
)

SOURCE = Source(title="Test article", author="Tester", publisher="Test", article="none.txt")


def hold(ex_id: str = "hang", seconds: int = 60, sides: SidesMode = SidesMode.NONE,
         get_ready: int = 10, sets: int = 1, rest: int = 0) -> Exercise:
    return Exercise(id=ex_id, name=ex_id.title(), image="ir-hang.svg", setup="Lie down.",
                    steps=("Relax.",), sides=sides, get_ready=get_ready,
                    dose=Dose(DoseKind.HOLD, hold=Amount(seconds, 1, 600),
                              sets=Amount.fixed(sets), rest=rest))


def reps(ex_id: str = "pull", n: int = 3, hold_s: int = 4, release: int = 2,
         sides: SidesMode = SidesMode.BOTH, get_ready: int = 5, sets: int = 1,
         rest: int = 0) -> Exercise:
    return Exercise(id=ex_id, name=ex_id.title(), image="er-knee-to-shoulder.svg",
                    setup="Lie down.", steps=("Pull.",), sides=sides, get_ready=get_ready,
                    dose=Dose(DoseKind.REPS, hold=Amount(hold_s, 3, 5), reps=Amount.fixed(n),
                              release=release, sets=Amount(sets, 1, 3), rest=rest))


def paced(ex_id: str = "swing", n: int = 3, tempo: tuple[tuple[str, int], ...] = (("out", 2), ("back", 4)),
          sides: SidesMode = SidesMode.BOTH, get_ready: int = 5, sets: int = 1, rest: int = 0,
          self_paced: bool = False) -> Exercise:
    return Exercise(id=ex_id, name=ex_id.title(), image="ninety-ninety-get-up.svg",
                    setup="Sit.", steps=("Swing.",), sides=sides, get_ready=get_ready,
                    self_paced=self_paced,
                    dose=Dose(DoseKind.PACED, reps=Amount.fixed(n),
                              tempo=tuple(TempoStage(a, b) for a, b in tempo),
                              sets=Amount(sets, 1, 3), rest=rest))


def cycles(ex_id: str = "drive", n: int = 3, effort: int = 10, relax: int = 5) -> Exercise:
    return Exercise(id=ex_id, name=ex_id.title(), image="femoral-head-centration.svg",
                    setup="Foot on wall.", steps=("Drive.",), sides=SidesMode.NONE, get_ready=5,
                    dose=Dose(DoseKind.CYCLES, hold=Amount.fixed(effort), reps=Amount.fixed(n),
                              release=relax, effort_label="DRIVE", release_label="RELAX"))


def breathing(ex_id: str = "breathe", n: int = 3) -> Exercise:
    return Exercise(id=ex_id, name=ex_id.title(), image="ninety-ninety-breathing.svg",
                    setup="Feet up.", steps=("Breathe.",), sides=SidesMode.NONE, get_ready=5,
                    dose=Dose(DoseKind.BREATHING, reps=Amount.fixed(n),
                              tempo=(TempoStage("inhale", 4), TempoStage("exhale", 6))))


def routine(*exercises: Exercise, switch: int = 5, rid: str = "test", level: int | None = 1) -> Routine:
    return Routine(id=rid, title=f"Routine {rid}", summary="For tests.", source=SOURCE,
                   safety="Not medical advice.", exercises=tuple(exercises), level=level,
                   switch_sides=switch)

"""What the benchmarks play and load: routines built in code, and routine files.

* :func:`timing_routine`: short holds, reps, cycles and switches, so a minute
  of it crosses a phase boundary every two to five seconds.
* :func:`endurance_routine`: a long mix of every dose type (holds, reps,
  paced reps with an animated figure, cycles, breathing, sets with rests).
* :func:`hold_routine_yaml`: a user routine file whose first hold is long,
  for measuring what the running app costs while nothing but the countdown
  changes.
* :func:`write_routine_files`: hundreds of routine files (copies of the
  bundled ones under new ids, plus some broken ones) for the loading row.

Imports only :mod:`hiptimer.core` (no Qt), so the processes that use it pay
for nothing they do not need.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

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
from hiptimer.core.plan import compile_plan

SOURCE = Source(title="Benchmark", author="hiptimer", publisher="hiptimer", article="none.txt")

Maker = Callable[[int], Exercise]


def _exercise(i: int, kind: str, dose: Dose, image: str, sides: SidesMode, get_ready: int) -> Exercise:
    return Exercise(id=f"{kind}-{i}", name=f"{kind.title()} {i}", image=image,
                    setup="Get into position.", steps=("Move slowly.", "Breathe."),
                    sides=sides, get_ready=get_ready, dose=dose, form=("No forcing.",))


def _routine(rid: str, makers: list[Maker], min_seconds: int, switch: int) -> Routine:
    """Cycle through ``makers`` until the compiled plan lasts ``min_seconds``."""
    exercises: list[Exercise] = []
    i = 0
    while True:
        exercises.append(makers[i % len(makers)](i))
        i += 1
        routine = Routine(id=rid, title=f"Benchmark {rid}", summary="Built by the benchmarks.",
                          source=SOURCE, safety="Not medical advice.", exercises=tuple(exercises),
                          level=None, switch_sides=switch)
        if compile_plan(routine).total_seconds >= min_seconds:
            return routine


def timing_routine(min_seconds: int = 60) -> Routine:
    """Dense phase boundaries: 2-12 s phases of every timed kind."""
    makers: list[Maker] = [
        lambda i: _exercise(i, "reps", Dose(DoseKind.REPS, hold=Amount.fixed(3), reps=Amount.fixed(3),
                                            release=2), "er-knee-to-shoulder.svg", SidesMode.BOTH, 3),
        lambda i: _exercise(i, "hold", Dose(DoseKind.HOLD, hold=Amount.fixed(12)), "ir-hang.svg",
                            SidesMode.NONE, 3),
        lambda i: _exercise(i, "cycles", Dose(DoseKind.CYCLES, hold=Amount.fixed(4), reps=Amount.fixed(2),
                                              release=2, effort_label="DRIVE", release_label="RELAX"),
                            "femoral-head-centration.svg", SidesMode.NONE, 3),
    ]
    # 32 + 15 + 13 s: the first round of the three lasts exactly 60 s.
    return _routine("bench-timing", makers, min_seconds, switch=3)


def endurance_routine(min_seconds: int = 7200) -> Routine:
    """A long session of every dose type, sides, sets and rests."""
    makers: list[Maker] = [
        lambda i: _exercise(i, "hold", Dose(DoseKind.HOLD, hold=Amount.fixed(90), sets=Amount.fixed(2),
                                            rest=20), "ir-hang.svg", SidesMode.BOTH, 10),
        lambda i: _exercise(i, "reps", Dose(DoseKind.REPS, hold=Amount.fixed(5), reps=Amount.fixed(10),
                                            release=3), "er-knee-to-shoulder.svg", SidesMode.BOTH, 10),
        lambda i: _exercise(i, "paced", Dose(DoseKind.PACED, reps=Amount.fixed(8),
                                             tempo=(TempoStage("out", 2), TempoStage("back", 4))),
                            "ninety-ninety-get-up.svg", SidesMode.ALTERNATE, 10),
        lambda i: _exercise(i, "cycles", Dose(DoseKind.CYCLES, hold=Amount.fixed(10), reps=Amount.fixed(5),
                                              release=5, effort_label="DRIVE", release_label="RELAX"),
                            "femoral-head-centration.svg", SidesMode.NONE, 10),
        lambda i: _exercise(i, "breathing", Dose(DoseKind.BREATHING, reps=Amount.fixed(6),
                                                 tempo=(TempoStage("inhale", 4), TempoStage("exhale", 6))),
                            "ninety-ninety-breathing.svg", SidesMode.NONE, 10),
    ]
    return _routine("bench-endurance", makers, min_seconds, switch=6)


def hold_routine_yaml(routine_id: str = "bench-hold", hold: int = 90, get_ready: int = 2) -> str:
    """A user routine file: ``get_ready`` seconds, then one long hold."""
    return f"""\
format: 1
id: {routine_id}
title: "Benchmark: one long hold"
summary: A {hold} s hold after a {get_ready} s get ready, for the running-cost benchmark.
source:
  title: "Benchmark"
  author: "hiptimer"
  publisher: "hiptimer"
  article: "none.txt"
safety: Not medical advice.
get_ready: {get_ready}
exercises:
  - id: ir-hang
    name: Internal rotation hang
    image: ir-hang.svg
    sides: none
    setup: Lie on your back with both knees bent.
    steps:
      - Let both knees tip in toward each other and rest there.
    dose:
      type: hold
      hold: {{default: {hold}, min: 30, max: 300}}
"""


def quiet_qt_messages() -> None:
    """Drop the offscreen platform's "does not support propagateSizeHints()" notes.

    They say nothing about what is measured and would bury real warnings.
    """
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if "propagateSizeHints" not in message:
            sys.stderr.write(f"{message}\n")

    qInstallMessageHandler(handler)


_ID_LINE = re.compile(r"^id:\s*\S+\s*$", re.MULTILINE)

# Each is a mistake a person could make; the loader must name it and go on.
BROKEN: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("bad-yaml", lambda text: text.replace("exercises:", "exercises: [", 1)),
    ("no-title", lambda text: re.sub(r"^title:.*$", "", text, count=1, flags=re.MULTILINE)),
    ("typo", lambda text: text.replace("\ntitle:", "\ntitel:", 1)),
    ("wrong-type", lambda text: text.replace("sides: ", "sides: sideways # ", 1)),
    ("empty", lambda _text: ""),
)


def write_routine_files(folder: Path, bundled: Path, total: int = 500,
                        broken_every: int = 20) -> dict[str, int]:
    """Write ``total`` routine files into ``folder``: bundled copies with new ids, some broken.

    Every ``broken_every``-th file is damaged in one of the :data:`BROKEN`
    ways. Returns how many good and broken files were written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    sources = [p for p in sorted(bundled.glob("*.yaml")) if _ID_LINE.search(p.read_text("utf-8"))
               and "kind: self-tests" not in p.read_text("utf-8")]
    if not sources:
        raise RuntimeError(f"no bundled routine files in {bundled}")
    good = broken = 0
    for n in range(total):
        src = sources[n % len(sources)]
        text = _ID_LINE.sub(f"id: bench-{n:04d}", src.read_text("utf-8"), count=1)
        if n % broken_every == broken_every - 1:
            _, damage = BROKEN[broken % len(BROKEN)]
            text = damage(text)
            broken += 1
        else:
            good += 1
        (folder / f"bench-{n:04d}.yaml").write_text(text, "utf-8")
    return {"files": total, "good": good, "broken": broken}

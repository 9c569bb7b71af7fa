"""Routine files at and over the limits, written compactly with YAML anchors."""

from __future__ import annotations

from hiptimer.library.fields import MAX_EXERCISES, MAX_LIST, MAX_TEXT

HEAD = """format: 1
id: {rid}
title: Big routine
summary: {summary}
source: {{title: t, author: a, publisher: p, article: x.txt}}
safety: Stop if it hurts.
"""

EXERCISE = """  - id: ex-{i}
    name: Exercise {i}
    image: ir-hang.svg
    setup: Lie down.
    steps: *steps
    form: *steps
    dose: {dose}
"""

HOLD_DOSE = "{type: hold, hold: {default: 30, min: 10, max: 60}, sets: {default: 3, min: 1, max: 5}, rest: 10}"


def routine_text(*, exercises: int = MAX_EXERCISES, steps: int = MAX_LIST, chars: int = MAX_TEXT,
                 rid: str = "big") -> str:
    """A routine with ``exercises`` exercises of ``steps`` steps of ``chars`` characters each.

    The steps list is written once and referred to by alias, so the file stays
    small while the work it asks for is the full size.
    """
    step = "s" * chars
    lines = [HEAD.format(rid=rid, summary="u" * chars), "exercises:\n"]
    listing = "[" + ", ".join(["&one " + step] + ["*one"] * (steps - 1)) + "]"
    first = EXERCISE.format(i=0, dose=HOLD_DOSE).replace("steps: *steps", f"steps: &steps {listing}")
    lines.append(first)
    lines += [EXERCISE.format(i=i, dose=HOLD_DOSE) for i in range(1, exercises)]
    return "".join(lines)

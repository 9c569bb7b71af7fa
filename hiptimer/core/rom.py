"""Range-of-motion results in words, without Qt.

The self-test page shows what a measurement means: the usual range the
article gives, its limits (each hip's shape sets its own end of range; a
physical therapist measures better than you can alone), and whether left and
right differ by more than the gap we mark. The page only paints these texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Protocol

from hiptimer.core.model import SelfTest

ASYMMETRY_THRESHOLD_DEG = 10
"""A left-right difference above this many degrees is called out.

Our choice: none of the articles gives a number for a gap worth watching.
"""

THRESHOLD_NOTE = (
    f"The {ASYMMETRY_THRESHOLD_DEG}° left-right gap that the app marks is our own choice, "
    "not a figure from the articles."
)

GENERAL_CAVEATS = (
    "A self-test is a rough guide, not a diagnosis. A physical therapist's assessment is "
    "more reliable than measuring yourself.",
    "How far a hip can turn in is partly set by the shape of its joint, which differs from "
    "one person to the next, so a number below the usual range is not a fault in itself.",
)


class Measurement(Protocol):
    """One saved result: what :func:`summarise` reads."""

    @property
    def taken_at(self) -> datetime: ...

    @property
    def left_deg(self) -> int | None: ...

    @property
    def right_deg(self) -> int | None: ...


def normal_text(normal_min: int, normal_max: int) -> str:
    """``about 45°`` or ``30–45°``."""
    if normal_min == normal_max:
        return f"about {normal_min}°"
    return f"{normal_min}–{normal_max}°"


def usual_range_text(test: SelfTest) -> str:
    """The usual range, said as the article's figure rather than a target."""
    return f"Usual range given by the article: {normal_text(test.normal_min, test.normal_max)}."


def caveat_lines(test: SelfTest) -> list[str]:
    """What to keep in mind when measuring and reading a result, in the order shown.

    The safety note first (it matters before you start), then the usual
    range, the test's caveats from its file (or the general ones when the
    file gives none), and the note that our gap threshold is our own.
    """
    lines = [test.safety] if test.safety else []
    lines.append(usual_range_text(test))
    lines += list(test.caveats or GENERAL_CAVEATS)
    lines.append(THRESHOLD_NOTE)
    return lines


def caveats_text(test: SelfTest) -> str:
    """:func:`caveat_lines` as one plain-text block, a paragraph each."""
    return "\n\n".join(caveat_lines(test))


def difference(m: Measurement) -> int | None:
    if m.left_deg is None or m.right_deg is None:
        return None
    return abs(m.left_deg - m.right_deg)


def day_text(moment: datetime, tz: tzinfo | None = None) -> str:
    local = moment.astimezone(tz)
    return f"{local.day} {local:%b %Y}"


def describe_measurement(m: Measurement, tz: tzinfo | None = None) -> str:
    left = "not measured" if m.left_deg is None else f"{m.left_deg}°"
    right = "not measured" if m.right_deg is None else f"{m.right_deg}°"
    text = f"{day_text(m.taken_at, tz)}: left {left}, right {right}"
    gap = difference(m)
    if gap is not None:
        text += f" (difference {gap}°)"
    return text


def summarise(
    measurements: Sequence[Measurement],
    normal_min: int,
    normal_max: int,
    *,
    threshold: int = ASYMMETRY_THRESHOLD_DEG,
    tz: tzinfo | None = None,
) -> str:
    """The latest result in words: values, the left-right gap, against the usual range."""
    if not measurements:
        return "No measurements yet. Enter your first one and press Save."
    latest = measurements[-1]
    parts = [f"Latest, {describe_measurement(latest, tz)}."]
    left, right = latest.left_deg, latest.right_deg
    gap = difference(latest)
    if left is not None and right is not None and gap is not None:
        if gap > threshold:
            more, less = ("right", "left") if right > left else ("left", "right")
            parts.append(
                f"Your {more} side turns {gap}° further than your {less}: more than the "
                f"{threshold}° gap this app marks (our threshold, not the articles')."
            )
        else:
            parts.append(f"Left and right are within {gap}° of each other.")
    usual = normal_text(normal_min, normal_max)
    below = [
        name for name, value in (("left", left), ("right", right))
        if value is not None and value < normal_min
    ]  # fmt: skip
    if len(below) == 2:
        parts.append(f"Both sides are below the usual range ({usual}).")
    elif below:
        parts.append(f"The {below[0]} side is below the usual range ({usual}).")
    elif left is not None or right is not None:
        parts.append(f"Within or above the usual range ({usual}).")
    return " ".join(parts)

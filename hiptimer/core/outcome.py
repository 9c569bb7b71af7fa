"""How a session ended, in the same words everywhere.

The summary page, the History list and detail, and ``hiptimer history
--format text`` say a session's outcome from here. A session that reached
its end with sides skipped was completed *with skips*: it says how many, so
a skipped side never hides behind a plain "Completed". The status is the
stored value (``completed``, ``ended_early``, ...) or an enum carrying it,
so the engine's end status and the history's status read alike.
"""

from __future__ import annotations

import enum

STATUS_WORDS = {
    "running": "In progress",
    "completed": "Completed",
    "ended_early": "Ended early",
    "interrupted": "Interrupted",
    "never_started": "Never started",
}


def sides_text(count: int, what: str) -> str:
    """"1 side skipped", "3 sides not reached"."""
    return f"{count} side{'s' if count != 1 else ''} {what}"


def with_skips(text: str, skipped: int) -> str:
    """``text``, then how many sides were skipped when any were."""
    return f"{text}, {sides_text(skipped, 'skipped')}" if skipped > 0 else text


def outcome_text(status: str | enum.Enum, skipped: int = 0) -> str:
    """"Completed", "Completed, 1 side skipped", "Ended early"...

    Only "Completed" takes the skips: it is the word that would otherwise
    claim every side was done. A session that ended early says so already
    (ending mid-side also counts that side as skipped); its counts are shown
    beside it.
    """
    value = status.value if isinstance(status, enum.Enum) else status
    words = STATUS_WORDS.get(value, str(value).replace("_", " ").capitalize())
    return with_skips(words, skipped) if value == "completed" else words


def unreached(planned: int, done: int, skipped: int) -> int:
    """Planned sides with no result at all: the session ended (or stopped) before them."""
    return max(0, planned - done - skipped)

"""How a session ended, in words: a completed session with skipped sides says how many."""

from __future__ import annotations

from hiptimer.core.events import EndStatus
from hiptimer.core.outcome import outcome_text, sides_text, unreached
from hiptimer.storage.records import SessionStatus


def test_completed_with_skips_says_how_many():
    """"Completed, 1 side skipped" / "2 sides skipped"; plain "Completed" only when none was skipped."""
    assert outcome_text(SessionStatus.COMPLETED, 0) == "Completed"
    assert outcome_text(SessionStatus.COMPLETED, 1) == "Completed, 1 side skipped"
    assert outcome_text(EndStatus.COMPLETED, 2) == "Completed, 2 sides skipped"


def test_other_endings_keep_their_word():
    """Ended early, interrupted, in progress: the word alone (their counts are shown beside them)."""
    assert outcome_text(SessionStatus.ENDED_EARLY, 1) == "Ended early"
    assert outcome_text("interrupted") == "Interrupted"
    assert outcome_text(SessionStatus.RUNNING) == "In progress"


def test_sides_not_reached():
    assert unreached(planned=10, done=3, skipped=1) == 6
    assert unreached(planned=2, done=3, skipped=0) == 0
    assert sides_text(1, "not reached") == "1 side not reached"

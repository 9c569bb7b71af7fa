"""Safe progression: when to suggest more, when to suggest less. Suggested, never automatic.

Standard library only. These are *our* rules (``docs/progression.md``), not
the articles' and not a physical therapist's: deliberately conservative.
:func:`suggest` looks at the plan, the recent sessions (with their pain
check-ins and feel ratings), the user's doses and the decisions already made,
and returns at most one :class:`Suggestion`. Nothing here changes the plan
or a dose: the user accepts or declines, and the caller records that as a
:class:`Decision` (and, when accepted, applies it).

The rules, in the order they are tried (ids as in the docs and the tests):

* ``R1`` sharp pain, or pain that lasted, in the latest checked-in session:
  suggest stepping back (the previous step, or the shortest holds, or a
  pause) and seeing a physical therapist.
* ``R2`` after any pain, nothing is suggested but stepping back until a
  pain-free session: only sessions after the last painful one count.
* ``R3`` what counts towards progressing: the routine in question, completed
  with no side skipped, feel rated at least :attr:`Thresholds.good_feel`,
  and "Did anything hurt?" answered "No"; since the step began and since the
  last decision about the routine.
* ``R4`` low feel holds everything: two of the last three sessions of the
  routine rated :attr:`Thresholds.low_feel` or less.
* ``R5`` a longer hold, within the article's range, after
  :attr:`Thresholds.hold_sessions` counting sessions.
* ``R6`` the article's "Progression:" note for an exercise, after as many.
* ``R7`` the next step of the path, after :attr:`Thresholds.step_sessions`
  counting sessions and :attr:`Thresholds.step_days` days at the step, once
  no longer hold or note is still open.
* ``R8`` a declined suggestion is offered again only after
  :attr:`Thresholds.repeat_after` more counting sessions.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from hiptimer.core.model import Amount, DoseChoice, Routine
from hiptimer.core.practice import Pain, Plan


class Kind(enum.Enum):
    LONGER_HOLD = "longer_hold"
    ARTICLE_NOTE = "article_note"
    NEXT_STEP = "next_step"
    STEP_BACK = "step_back"  # to the previous step of the path
    SHORTER_HOLD = "shorter_hold"  # every hold of the routine to the article's shortest
    PAUSE = "pause"  # nothing easier to offer: rest and ask a physical therapist


BACKWARD = (Kind.STEP_BACK, Kind.SHORTER_HOLD, Kind.PAUSE)


class Answer(enum.Enum):
    ACCEPTED = "accepted"
    DECLINED = "declined"


@dataclass(frozen=True)
class Thresholds:
    """Our numbers (see ``docs/progression.md``)."""

    hold_sessions: int = 4
    step_sessions: int = 6
    step_days: int = 14
    good_feel: int = 7  # 0 = very bad, 10 = great
    low_feel: int = 3
    repeat_after: int = 4


RULES = Thresholds()

# The articles' "Progression:" lines, in our words, by (routine id, exercise id).
# Article 001 gives them for the band distractions and the two strengthening
# moves; article 000 for the pigeon's front foot.
ARTICLE_NOTES: dict[tuple[str, str], str] = {
    ("program-2-joint-mobilization", "band-distraction-neutral"):
        "Set up a little further from the band's anchor, so it draws the hip more.",
    ("program-2-joint-mobilization", "band-distraction-flexion"):
        "If it is comfortable, draw the knee a little further towards you (more hip flexion).",
    ("program-3-movement-and-strength", "seated-hip-ir"):
        "Loop a resistance band around both feet for the lift.",
    ("program-3-movement-and-strength", "side-lie-ir"):
        "Loop a resistance band around both feet for the lift.",
    ("level-2", "pigeon"):
        "Move the front foot further out, towards a shin square to your trunk.",
}

THERAPIST = "Please see a physical therapist before you go on."


@dataclass(frozen=True)
class SessionFact:
    """What progression needs to know about one session."""

    started_at: datetime  # aware
    day: date
    routine_id: str
    completed: bool  # finished with no side skipped
    rating: int | None  # 0-10, None when not rated
    pain: Pain | None  # None when the check-in was not answered


@dataclass(frozen=True)
class Suggestion:
    rule: str
    kind: Kind
    routine_id: str
    text: str
    exercise_id: str = ""
    from_value: str = ""
    to_value: str = ""
    see_therapist: bool = False

    @property
    def key(self) -> str:
        """What makes two suggestions the same one (for R8)."""
        return f"{self.kind.value}:{self.routine_id}:{self.exercise_id}:{self.to_value}"

    @property
    def forward(self) -> bool:
        return self.kind not in BACKWARD


@dataclass(frozen=True)
class Decision:
    """A suggestion the user answered."""

    decided_at: datetime
    suggestion: Suggestion
    answer: Answer
    id: int = 0
    uid: str = ""


@dataclass(frozen=True)
class Outlook:
    """The suggestion, if any, and standing advice (pain, low feel) for the Today card."""

    suggestion: Suggestion | None
    advice: tuple[str, ...] = ()
    counting: int = 0  # sessions counting towards the next step forward


# --------------------------------------------------------------------------
# Holds


def hold_step(amount: Amount) -> int:
    """How much longer one suggestion makes a hold: a quarter of the article's
    range, rounded up to 5 s (to 1 s for holds of 10 s or less)."""
    quarter = (amount.maximum - amount.minimum) / 4
    if amount.maximum <= 10:
        return max(1, math.ceil(quarter))
    return max(5, 5 * math.ceil(quarter / 5))


def current_hold(amount: Amount, choice: DoseChoice | None) -> int:
    if choice is None or choice.hold is None:
        return amount.default
    return amount.clamp(choice.hold)


def _holds(routine: Routine, doses: Mapping[str, DoseChoice]) -> list[tuple[str, str, Amount, int]]:
    """(exercise id, name, range, current) for each hold the article lets us adjust."""
    out = []
    for ex in routine.exercises:
        amount = ex.dose.hold
        if amount is not None and amount.adjustable:
            out.append((ex.id, ex.name, amount, current_hold(amount, doses.get(ex.id))))
    return out


# --------------------------------------------------------------------------
# The rules


def suggest(plan: Plan, routine: Routine | None, doses: Mapping[str, DoseChoice],
            history: Sequence[SessionFact], decisions: Sequence[Decision], today: date,
            rules: Thresholds = RULES, titles: Mapping[str, str] | None = None) -> Outlook:
    """At most one suggestion for the plan's current routine, and standing advice.

    ``routine`` is the plan's current routine (None when it is missing from
    the catalog: then only pain advice is given). ``history`` holds the
    recent sessions, oldest first, including the latest one with pain if
    any; ``decisions`` every decision, oldest first. ``titles`` names
    routines in the words (default: their ids).
    """
    titles = titles or {}
    current = plan.current_routine if plan.staged else (routine.id if routine else plan.routines[0])
    answered = [s for s in history if s.pain is not None]
    last_pain = next((s for s in reversed(answered) if s.pain is not Pain.NONE), None)
    advice: list[str] = []

    # R1: sharp or lasting pain in the latest checked-in session.
    if answered and answered[-1].pain is Pain.SHARP:
        hurt = answered[-1]
        advice.append(f"You said something hurt sharply or lasted on {hurt.day:%a %d %b}. {THERAPIST}")
        answered_since = any(d.decided_at > hurt.started_at and not d.suggestion.forward for d in decisions)
        if not answered_since:
            return Outlook(_step_back(plan, current, routine, doses, titles), tuple(advice))
        return Outlook(None, tuple(advice))
    if answered and answered[-1].pain is Pain.MILD:
        advice.append("Last time something hurt a little: keep to this dose until a session is pain-free.")

    if routine is None:
        return Outlook(None, tuple(advice))

    # R2 and R3: the sessions that count.
    mine = [s for s in history if s.routine_id == current]
    since = plan.step_since if plan.staged else None
    routine_decisions = [d for d in decisions if d.suggestion.routine_id == current]
    last_decision = routine_decisions[-1].decided_at if routine_decisions else None

    def counting(after: datetime | None) -> list[SessionFact]:
        return [
            s for s in mine
            if (since is None or s.day >= since)
            and (after is None or s.started_at > after)
            and (last_pain is None or s.started_at > last_pain.started_at)
            and s.completed and s.pain is Pain.NONE
            and s.rating is not None and s.rating >= rules.good_feel
        ]

    fresh = counting(last_decision)

    # R4: low feel holds everything.
    recent = [s for s in mine if s.rating is not None][-3:]
    if sum(1 for s in recent if s.rating is not None and s.rating <= rules.low_feel) >= 2:
        advice.append("Two of your last three sessions felt poor: stay with this step for now.")
        return Outlook(None, tuple(advice), len(fresh))

    declined: dict[str, datetime] = {}
    accepted: set[str] = set()
    for d in routine_decisions:
        if d.answer is Answer.DECLINED:
            declined[d.suggestion.key] = d.decided_at
        else:
            accepted.add(d.suggestion.key)
            declined.pop(d.suggestion.key, None)

    def ready(candidate: Suggestion, needed: int) -> bool:
        """Enough counting sessions for it (R8: since its own decline, if declined)."""
        if candidate.key in declined:
            return len(counting(declined[candidate.key])) >= max(needed, rules.repeat_after)
        return len(fresh) >= needed

    # R5 and R6 candidates, in routine order; R7 only once none of them is still open.
    candidates: list[tuple[Suggestion, int]] = []
    for ex_id, name, amount, now in _holds(routine, doses):
        if now < amount.maximum:
            longer = min(amount.maximum, now + hold_step(amount))
            candidates.append((Suggestion(
                "R5", Kind.LONGER_HOLD, current,
                f"{name}: try holding {longer} s instead of {now} s (the article allows up to "
                f"{amount.maximum} s).", ex_id, str(now), str(longer)), rules.hold_sessions))
    for ex in routine.exercises:
        note = ARTICLE_NOTES.get((current, ex.id))
        if note is not None:
            candidates.append((Suggestion("R6", Kind.ARTICLE_NOTE, current, f"{ex.name}: {note}", ex.id,
                                          "", note), rules.hold_sessions))
    candidates = [(c, n) for c, n in candidates if c.key not in accepted]
    open_forward = any(c.key not in declined for c, _ in candidates)
    nxt = plan.next_routine
    if nxt is not None and not open_forward and plan.step_since is not None \
            and (today - plan.step_since).days >= rules.step_days:
        candidates.append((Suggestion(
            "R7", Kind.NEXT_STEP, current,
            f"You have done {titles.get(current, current)} well for a while: "
            f"try {titles.get(nxt, nxt)} next.", "", current, nxt), rules.step_sessions))
    # New suggestions first; one declined before comes back (R8) only after them.
    for again in (False, True):
        for candidate, needed in candidates:
            if (candidate.key in declined) == again and ready(candidate, needed):
                return Outlook(candidate, tuple(advice), len(fresh))
    return Outlook(None, tuple(advice), len(fresh))


def _step_back(plan: Plan, current: str, routine: Routine | None, doses: Mapping[str, DoseChoice],
               titles: Mapping[str, str]) -> Suggestion:
    """R1's suggestion: the previous step, else the shortest holds, else a pause."""
    previous = plan.previous_routine
    if previous is not None:
        return Suggestion(
            "R1", Kind.STEP_BACK, current,
            f"Go back to {titles.get(previous, previous)} for now. {THERAPIST}", "", current, previous,
            see_therapist=True)
    if routine is not None and any(now > amount.minimum for _, _, amount, now in _holds(routine, doses)):
        return Suggestion(
            "R1", Kind.SHORTER_HOLD, current,
            f"Use the shortest holds the article allows in {titles.get(current, current)}. {THERAPIST}",
            "", "", "shortest", see_therapist=True)
    return Suggestion(
        "R1", Kind.PAUSE, current,
        f"Rest from {titles.get(current, current)} for now. {THERAPIST}", "", "", "pause",
        see_therapist=True)


def shortest_holds(routine: Routine) -> dict[str, int]:
    """Exercise id -> the article's shortest hold, for an accepted SHORTER_HOLD."""
    return {ex.id: ex.dose.hold.minimum for ex in routine.exercises
            if ex.dose.hold is not None and ex.dose.hold.adjustable}

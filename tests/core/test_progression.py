"""Every progression rule (docs/progression.md), each on a history built in code."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from hiptimer.core.model import Amount, Dose, DoseChoice, DoseKind, Exercise, Routine, SidesMode
from hiptimer.core.practice import LEVEL_STEPS, Pain, PathKind, Plan
from hiptimer.core.progression import (
    ARTICLE_NOTES,
    RULES,
    Answer,
    Decision,
    Kind,
    SessionFact,
    hold_step,
    shortest_holds,
    suggest,
)
from tests.factories import SOURCE

START = date(2026, 9, 1)


def ex(ex_id: str, hold: Amount | None = None) -> Exercise:
    dose = Dose(DoseKind.HOLD, hold=hold or Amount.fixed(60))
    return Exercise(id=ex_id, name=ex_id.title(), image="x.svg", setup="", steps=(), dose=dose,
                    sides=SidesMode.BOTH)


def level(n: int, *exercises: Exercise) -> Routine:
    return Routine(id=f"level-{n}", title=f"Level {n}", summary="", source=SOURCE, safety="",
                   exercises=exercises or (ex("fixed"),), level=n)


FIXED_1 = level(1)  # no adjustable hold: nothing but the next step to suggest
HOLDS_1 = level(1, ex("hang", Amount(90, 60, 120)))


def plan(step: int = 0, since: date = START, path: PathKind = PathKind.LEVELS,
         routines: tuple[str, ...] = LEVEL_STEPS) -> Plan:
    return Plan(path, routines, frozenset({0, 2, 4}), START, step=step, step_since=since)


def session(n: int, routine: str = "level-1", *, rating: int | None = 8, pain: Pain | None = Pain.NONE,
            completed: bool = True) -> SessionFact:
    """The session on day ``n`` after the start (one a day, at 18:00 UTC)."""
    d = START + timedelta(days=n)
    return SessionFact(datetime(d.year, d.month, d.day, 18, tzinfo=UTC), d, routine, completed, rating, pain)


def good(days: range, routine: str = "level-1") -> list[SessionFact]:
    return [session(n, routine) for n in days]


def at(n: int, hour: int = 20) -> datetime:
    d = START + timedelta(days=n)
    return datetime(d.year, d.month, d.day, hour, tzinfo=UTC)


def decided(n: int, suggestion, answer: Answer = Answer.DECLINED) -> Decision:
    return Decision(at(n), suggestion, answer)


def run(history, *, p: Plan | None = None, routine: Routine = FIXED_1, doses=None, decisions=(),
        today: date | None = None):
    return suggest(p or plan(), routine, doses or {}, history, list(decisions),
                   today or START + timedelta(days=60))


# -- R7: the next step -------------------------------------------------------------


def test_r7_next_step_after_six_good_sessions_and_two_weeks():
    """Six completed, pain-free, well-rated sessions over two weeks: suggest Level 2."""
    out = run(good(range(0, 18, 3)))
    s = out.suggestion
    assert s is not None and s.rule == "R7" and s.kind is Kind.NEXT_STEP
    assert (s.from_value, s.to_value) == ("level-1", "level-2")


def test_r7_five_sessions_are_not_enough():
    """One short of the count: no suggestion yet, and the count says how far along."""
    out = run(good(range(0, 15, 3)))
    assert out.suggestion is None and out.counting == 5


def test_r7_needs_two_weeks_at_the_step():
    """Six good sessions inside a week are not enough time at the step."""
    out = run(good(range(6)), today=START + timedelta(days=6))
    assert out.suggestion is None


def test_r7_nothing_past_the_last_step():
    """At Level 3 there is no next step to suggest."""
    out = run(good(range(0, 30, 3), "level-3"), p=plan(step=2), routine=level(3))
    assert out.suggestion is None


def test_r7_only_sessions_since_the_step_began_count():
    """Sessions before the step began (an earlier plan) do not count for it."""
    out = run(good(range(0, 30, 3)), p=plan(since=START + timedelta(days=20)))
    assert out.suggestion is None and out.counting == 3


def test_r7_waits_while_a_longer_hold_is_open():
    """A hold still below the article's maximum comes first: R5, not R7."""
    out = run(good(range(0, 30, 3)), routine=HOLDS_1)
    assert out.suggestion is not None and out.suggestion.kind is Kind.LONGER_HOLD


def test_r7_after_holds_reach_the_maximum():
    """With every hold at the article's maximum, the next step is offered."""
    out = run(good(range(0, 30, 3)), routine=HOLDS_1, doses={"hang": DoseChoice(hold=120)})
    assert out.suggestion is not None and out.suggestion.kind is Kind.NEXT_STEP


# -- R3: what counts -------------------------------------------------------------------


def test_r3_low_rating_does_not_count():
    """A session rated below 7 does not count towards progressing."""
    history = [*good(range(0, 15, 3)), session(16, rating=6)]
    assert run(history).suggestion is None


def test_r3_unrated_does_not_count():
    """Without a feel rating we cannot call a session good."""
    history = [*good(range(0, 15, 3)), session(16, rating=None)]
    assert run(history).suggestion is None


def test_r3_unanswered_pain_does_not_count():
    """Without the check-in answered "No", a session is not known to be pain-free."""
    history = [*good(range(0, 15, 3)), session(16, pain=None)]
    assert run(history).suggestion is None


def test_r3_incomplete_does_not_count():
    """A session ended early, or with a side skipped, does not count."""
    history = [*good(range(0, 15, 3)), session(16, completed=False)]
    assert run(history).suggestion is None


def test_r3_other_routines_do_not_count():
    """Sessions of another routine do not move Level 1 on."""
    history = [*good(range(0, 15, 3)), session(16, "level-2")]
    assert run(history).suggestion is None


# -- R1 and R2: pain -----------------------------------------------------------------


def test_r1_sharp_pain_suggests_stepping_back_and_a_therapist():
    """Sharp or lasting pain at Level 2: go back to Level 1 and see a physical therapist."""
    history = [*good(range(0, 30, 3), "level-2"), session(31, "level-2", pain=Pain.SHARP)]
    out = run(history, p=plan(step=1), routine=level(2))
    s = out.suggestion
    assert s is not None and s.rule == "R1" and s.kind is Kind.STEP_BACK and s.see_therapist
    assert s.to_value == "level-1"
    assert "physical therapist" in s.text
    assert any("physical therapist" in a for a in out.advice)


def test_r1_at_the_first_step_suggests_the_shortest_holds():
    """No previous step: suggest the article's shortest holds instead."""
    history = [session(1, pain=Pain.SHARP)]
    s = run(history, routine=HOLDS_1).suggestion
    assert s is not None and s.kind is Kind.SHORTER_HOLD and s.see_therapist
    assert shortest_holds(HOLDS_1) == {"hang": 60}


def test_r1_with_nothing_easier_suggests_a_pause():
    """First step, holds already at their shortest: rest and see a therapist."""
    s = run([session(1, pain=Pain.SHARP)], routine=FIXED_1).suggestion
    assert s is not None and s.kind is Kind.PAUSE and s.see_therapist


def test_r1_is_asked_once_per_painful_session():
    """Once the step back is answered (even declined), it is not asked again for that pain."""
    history = [session(1, pain=Pain.SHARP)]
    s = run(history, routine=FIXED_1).suggestion
    out = run(history, routine=FIXED_1, decisions=[decided(1, s)])
    assert out.suggestion is None
    assert any("physical therapist" in a for a in out.advice)


def test_r2_no_progress_until_a_pain_free_session_after_sharp_pain():
    """Good sessions before the pain do not count; after it, progress needs fresh pain-free ones."""
    history = [*good(range(0, 18, 3)), session(19, pain=Pain.SHARP)]
    s = run(history).suggestion
    assert s is not None and not s.forward
    answered = [decided(19, s)]
    history += good(range(21, 33, 3))  # four pain-free sessions: not yet six
    out = run(history, decisions=answered)
    assert out.suggestion is None and out.counting == 4
    history += good(range(33, 39, 3))  # six pain-free sessions since the pain
    s = run(history, decisions=answered).suggestion
    assert s is not None and s.kind is Kind.NEXT_STEP


def test_r2_mild_pain_restarts_the_count_without_stepping_back():
    """Mild pain that went away: no step back, advice to keep the dose, and the count restarts."""
    history = [*good(range(0, 15, 3)), session(16, pain=Pain.MILD)]
    out = run(history)
    assert out.suggestion is None and out.counting == 0
    assert out.advice and "keep to this dose" in out.advice[0]


def test_r2_never_suggests_progress_right_after_pain():
    """Whatever came before, the session after any pain is never followed by a step forward."""
    history = good(range(0, 60, 2))
    for pain in (Pain.MILD, Pain.SHARP):
        out = run([*history, session(61, pain=pain)], decisions=[])
        assert out.suggestion is None or not out.suggestion.forward


# -- R4: low feel ------------------------------------------------------------------------


def test_r4_two_poor_sessions_of_three_hold_progress():
    """Two of the last three rated 3 or less: no suggestion, and a word to stay put."""
    history = [*good(range(0, 30, 3)), session(31, rating=2), session(32), session(33, rating=3)]
    out = run(history)
    assert out.suggestion is None
    assert any("felt poor" in a for a in out.advice)


# -- R5: longer holds --------------------------------------------------------------------


def test_r5_longer_hold_after_four_good_sessions():
    """Four good sessions: hold 15 s longer, within the article's 60-120 s."""
    s = run(good(range(0, 12, 3)), routine=HOLDS_1).suggestion
    assert s is not None and s.rule == "R5" and s.kind is Kind.LONGER_HOLD
    assert (s.exercise_id, s.from_value, s.to_value) == ("hang", "90", "105")


def test_r5_never_beyond_the_article_range():
    """From 110 s the suggestion stops at the article's 120 s."""
    s = run(good(range(0, 12, 3)), routine=HOLDS_1, doses={"hang": DoseChoice(hold=110)}).suggestion
    assert s is not None and s.to_value == "120"


def test_r5_hold_steps():
    """A quarter of the range, rounded up to 5 s; 1 s steps for short holds."""
    assert hold_step(Amount(90, 60, 120)) == 15
    assert hold_step(Amount(45, 30, 60)) == 10
    assert hold_step(Amount(4, 3, 5)) == 1


def test_r5_count_restarts_after_an_accepted_hold():
    """After accepting a longer hold, four more good sessions before the next one."""
    s = run(good(range(0, 12, 3)), routine=HOLDS_1).suggestion
    accepted = [decided(10, s, Answer.ACCEPTED)]
    doses = {"hang": DoseChoice(hold=105)}
    assert run(good(range(0, 20, 3)), routine=HOLDS_1, doses=doses, decisions=accepted).suggestion is None
    s2 = run(good(range(0, 24, 3)), routine=HOLDS_1, doses=doses, decisions=accepted).suggestion
    assert s2 is not None and s2.to_value == "120"


# -- R6: the article's note ----------------------------------------------------------------


def test_r6_article_note_for_the_pigeon():
    """At Level 2 with the pigeon at its longest hold, the article's foot-position progression."""
    pigeon = ex("pigeon", Amount(45, 30, 60))
    routine = level(2, pigeon)
    s = run(good(range(0, 12, 3), "level-2"), p=plan(step=1), routine=routine,
            doses={"pigeon": DoseChoice(hold=60)}).suggestion
    assert s is not None and s.rule == "R6" and s.kind is Kind.ARTICLE_NOTE
    assert ARTICLE_NOTES[("level-2", "pigeon")] in s.text


def test_r6_an_accepted_note_is_not_offered_again():
    """Once accepted, the note is done; then the next step may come."""
    pigeon = ex("pigeon", Amount(45, 30, 60))
    routine = level(2, pigeon)
    doses = {"pigeon": DoseChoice(hold=60)}
    s = run(good(range(0, 12, 3), "level-2"), p=plan(step=1), routine=routine, doses=doses).suggestion
    out = run(good(range(0, 40, 3), "level-2"), p=plan(step=1), routine=routine, doses=doses,
              decisions=[decided(10, s, Answer.ACCEPTED)])
    assert out.suggestion is not None and out.suggestion.kind is Kind.NEXT_STEP


# -- R8: declined ---------------------------------------------------------------------------


def test_r8_declined_is_offered_again_only_after_four_more():
    """Declined on day 10: three good sessions later, nothing; the fourth brings it back."""
    s = run(good(range(0, 12, 3)), routine=HOLDS_1).suggestion
    declined = [decided(10, s)]
    assert run(good(range(0, 12, 3)) + good(range(12, 21, 3)), routine=HOLDS_1,
               decisions=declined).suggestion is None
    again = run(good(range(0, 12, 3)) + good(range(12, 24, 3)), routine=HOLDS_1, decisions=declined)
    assert again.suggestion is not None and again.suggestion.key == s.key


def test_r8_a_declined_hold_lets_the_next_step_come():
    """Not wanting longer holds does not stop the path: R7 comes before the hold is asked again."""
    s = run(good(range(0, 12, 3)), routine=HOLDS_1).suggestion
    out = run(good(range(0, 12, 3)) + good(range(12, 26, 2)), routine=HOLDS_1, decisions=[decided(10, s)])
    assert out.suggestion is not None and out.suggestion.kind is Kind.NEXT_STEP


# -- never automatic, custom paths ------------------------------------------------------------


def test_suggesting_changes_nothing():
    """A suggestion is only words: the plan and doses passed in stay as they were."""
    p = plan()
    doses = {"hang": DoseChoice(hold=90)}
    before = (replace(p), dict(doses))
    run(good(range(0, 30, 3)), p=p, routine=HOLDS_1, doses=doses)
    assert (p, doses) == before


def test_custom_paths_only_get_holds_and_notes():
    """A custom plan has no next step; longer holds are still suggested."""
    custom = plan(path=PathKind.CUSTOM, routines=("level-1", "level-2"))
    routine = HOLDS_1
    s = run(good(range(0, 30, 3)), p=custom, routine=routine).suggestion
    assert s is not None and s.kind is Kind.LONGER_HOLD
    assert run(good(range(0, 30, 3)), p=custom, routine=FIXED_1).suggestion is None


def test_custom_path_sharp_pain_suggests_shorter_holds():
    """On a custom plan there is no previous step: the shortest holds and a therapist."""
    custom = plan(path=PathKind.CUSTOM, routines=("level-1", "level-2"))
    s = run([session(1, pain=Pain.SHARP)], p=custom, routine=HOLDS_1).suggestion
    assert s is not None and s.kind is Kind.SHORTER_HOLD


def test_thresholds_are_conservative():
    """Our numbers: 4 sessions for a hold, 6 and two weeks for a step, feel 7 of 10."""
    assert (RULES.hold_sessions, RULES.step_sessions, RULES.step_days, RULES.good_feel) == (4, 6, 14, 7)

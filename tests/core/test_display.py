"""What the player shows, decided without Qt."""

from __future__ import annotations

from hiptimer.core.display import Tone, clock_text, present
from hiptimer.core.engine import Engine
from hiptimer.core.model import SidesMode
from hiptimer.core.plan import compile_plan
from tests.factories import hold, reps, routine
from tests.fakes import FakeClock


def _engine(*exercises):
    clock = FakeClock()
    engine = Engine(compile_plan(routine(*exercises)), clock)
    engine.start()
    return engine, clock


def _show(engine):
    return present(engine.snapshot(), engine.plan)


def test_paused_keeps_the_phase_word():
    """While paused the phase word stays (PAUSED is shown beside it, not instead of it)."""
    engine, _clock = _engine(hold("a", seconds=30, get_ready=5))
    engine.skip()
    engine.pause()
    d = _show(engine)
    assert d.phase_word == "HOLD" and d.paused


def test_release_has_its_own_tone_and_holds_take_the_side():
    """A hold is drawn in its side's colour, a release in the release colour."""
    engine, clock = _engine(reps("b", n=2, hold_s=4, release=3, sides=SidesMode.BOTH))
    engine.skip()
    assert (_show(engine).phase_word, _show(engine).phase_tone) == ("HOLD", Tone.LEFT)
    clock.advance(4.2)
    engine.tick()
    assert (_show(engine).phase_word, _show(engine).phase_tone) == ("RELEASE", Tone.RELEASE)


def test_get_ready_shows_what_is_next_and_work_shows_how():
    """Waiting shows the NEXT UP card with the dose; working shows the steps."""
    engine, _clock = _engine(hold("a", seconds=30, get_ready=5))
    d = _show(engine)
    assert d.card_title == "NEXT UP" and "30" in d.card_name and d.phase_tone is Tone.READY
    engine.skip()
    d = _show(engine)
    assert d.card_title == "HOW TO" and d.card_text.startswith("\u2022 Relax.")


def test_then_line_names_the_next_exercise():
    """The line under the timer names the next exercise when this one is about to end."""
    engine, _clock = _engine(hold("a", seconds=30, get_ready=5), hold("b", seconds=30, get_ready=5))
    engine.skip()
    assert _show(engine).then == "Then: B"


def test_progress_takes_the_sides_tone():
    """The routine's progress line follows the current side's colour, neutral without one."""
    engine, _clock = _engine(hold("a", seconds=30, get_ready=5))
    assert _show(engine).side_tone is Tone.NEUTRAL


def test_clock_text():
    """Times read as m:ss, and h:mm:ss from an hour."""
    assert [clock_text(s) for s in (0, 59.6, 61, 3600)] == ["0:00", "1:00", "1:01", "1:00:00"]

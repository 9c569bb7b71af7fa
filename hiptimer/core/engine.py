"""Walk a plan on a monotonic clock and say what happens, exactly once.

The engine never counts ticks: the current phase has a deadline on the
injected clock and ``remaining = deadline - clock.monotonic()``. Call
:meth:`Engine.tick` as often as you like (the Qt shell calls it on each
second boundary, see :meth:`Engine.next_wakeup`); it returns the events that
became due since the last call, each once, in order, even when the call comes
late or several phases have passed. Pausing shifts the deadline. A clock jump
far beyond a tick (a suspended laptop) pauses the session at the moment of
the last tick instead of racing through the routine.

At about 500 lines this module is over the 400 we aim for, on purpose: it
is one state machine (the deadline, the cues fired, the active time and the
parts ended all change together on every command), and splitting it would
spread one invariant over several files.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from hiptimer.core.clock import Clock
from hiptimer.core.events import (
    Cue,
    CueDue,
    EndStatus,
    Event,
    Finished,
    PartEnded,
    PartStatus,
    Paused,
    PauseReason,
    PhaseStarted,
    Resumed,
    SecondChanged,
)
from hiptimer.core.model import Side
from hiptimer.core.plan import Phase, PhaseKind, Plan

COUNTDOWN_FROM = 3  # ticks in the last three seconds
COUNTDOWN_MIN_PHASE = 5  # shorter phases (3-5 s rep holds) get GO/RELEASE only
HALFWAY_MIN_HOLD = 30
BACK_RESTARTS_AFTER = 3.0  # seconds into a phase after which Back restarts it
DEFAULT_SUSPEND_GAP = 10.0  # clock seconds between ticks that count as a suspend
_TRANSITIONS = (PhaseKind.GET_READY, PhaseKind.NEXT_EXERCISE, PhaseKind.SWITCH_SIDES, PhaseKind.REST)
_COUNTDOWN_KINDS = (*_TRANSITIONS, PhaseKind.HOLD, PhaseKind.REP_HOLD)


class State(enum.Enum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


PartKey = tuple[int, Side]


@dataclass(frozen=True)
class Snapshot:
    """What the display needs right now."""

    state: State
    phase: Phase | None
    seconds_left: int  # whole seconds shown (ceil); 0 while waiting for a manual rep
    elapsed_in_phase: float
    remaining_total: float
    waiting_for_rep: bool
    active_seconds: float

    @property
    def progress(self) -> float:
        return 0.0 if self.phase is None else self.phase.start + self.elapsed_in_phase


class Engine:
    def __init__(
        self,
        plan: Plan,
        clock: Clock,
        *,
        manual_reps: bool = False,
        suspend_gap: float = DEFAULT_SUSPEND_GAP,
        start_at: int = 0,
    ) -> None:
        if not plan.phases:
            raise ValueError("a plan with no phases cannot be played")
        self.plan = plan
        self.clock = clock
        self.manual_reps = manual_reps
        self.suspend_gap = suspend_gap
        self.state = State.READY
        self._index = max(0, min(start_at, len(plan.phases) - 1))
        self._deadline = 0.0
        self._phase_start = 0.0
        self._extra = 0.0  # seconds added to the current phase
        self._remaining_at_pause = 0.0
        self._last_tick = 0.0
        self._accounted = 0.0  # clock time up to which active time is counted
        self._active = 0.0
        self._shown: tuple[int, int] | None = None
        self._fired: set[tuple[Cue, int]] = set()
        self._waiting = False
        self._completed: set[int] = set()  # work phases run to their end
        self._ended: set[PartKey] = set()
        self._part_active: dict[PartKey, float] = {}
        self._part_last = self._last_phase_of_parts()

    # -- queries -------------------------------------------------------------
    @property
    def phase(self) -> Phase:
        return self.plan.phases[self._index]

    @property
    def active_seconds(self) -> float:
        return self._active

    def snapshot(self) -> Snapshot:
        now = self.clock.monotonic()
        phase = self.phase
        if self.state is State.PAUSED:
            remaining = self._remaining_at_pause
        elif self.state is State.RUNNING:
            remaining = max(0.0, self._deadline - now)
        elif self.state is State.READY:
            remaining = float(phase.duration)
        else:
            remaining = 0.0
        length = phase.duration + self._extra
        elapsed = max(0.0, length - remaining)
        rest = sum(p.duration for p in self.plan.phases[self._index + 1 :])
        return Snapshot(
            state=self.state,
            phase=None if self.state is State.FINISHED else phase,
            seconds_left=0 if self._waiting else math.ceil(remaining - 1e-9),
            elapsed_in_phase=elapsed,
            remaining_total=0.0 if self.state is State.FINISHED else remaining + rest,
            waiting_for_rep=self._waiting,
            active_seconds=self._active,
        )

    def next_wakeup(self) -> float | None:
        """When the display or a cue next changes, on the clock; None when idle."""
        if self.state is not State.RUNNING:
            return None
        now = self.clock.monotonic()
        if self._waiting:
            return now + 1.0
        left = self._deadline - now
        if left <= 0:
            return now
        # Cues and second flips all sit on whole seconds before the deadline.
        return self._deadline - (math.ceil(left - 1e-9) - 1)

    # -- commands ------------------------------------------------------------
    def start(self) -> list[Event]:
        if self.state is not State.READY:
            return []
        now = self.clock.monotonic()
        self.state = State.RUNNING
        self._last_tick = self._accounted = now
        events: list[Event] = []
        self._enter(self._index, now, events)
        self._emit_second(now, events)
        return events

    def tick(self) -> list[Event]:
        if self.state is not State.RUNNING:
            return []
        now = self.clock.monotonic()
        events: list[Event] = []
        if now - self._last_tick > self.suspend_gap:
            # Asleep for a while: act as if paused at the last tick we saw.
            self._advance(self._last_tick, events)
            self._pause(self._last_tick, PauseReason.SUSPEND, events)
            return events
        self._last_tick = now
        self._advance(now, events)
        if self.state is State.RUNNING:
            self._emit_second(now, events)
        return events

    def pause(self, reason: PauseReason = PauseReason.USER) -> list[Event]:
        if self.state is not State.RUNNING:
            return []
        events = self.tick()
        if self.state is not State.RUNNING:
            return events
        self._pause(self.clock.monotonic(), reason, events)
        return events

    def resume(self) -> list[Event]:
        if self.state is not State.PAUSED:
            return []
        now = self.clock.monotonic()
        self.state = State.RUNNING
        self._deadline = now + self._remaining_at_pause
        self._phase_start = self._deadline - (self.phase.duration + self._extra)
        self._last_tick = self._accounted = now
        events: list[Event] = [Resumed()]
        self._shown = None
        self._emit_second(now, events)
        return events

    def toggle_pause(self) -> list[Event]:
        return self.resume() if self.state is State.PAUSED else self.pause()

    def skip(self) -> list[Event]:
        """Forward: end a wait (get ready, switch, rest) or leave the current side."""
        if self.state not in (State.RUNNING, State.PAUSED):
            return []
        events = self.tick()
        if self.state is State.FINISHED:
            return events
        current = self.phase
        target = self._index + 1
        if current.kind not in _TRANSITIONS:
            block = (current.exercise_index, current.side, current.set)
            while target < len(self.plan.phases):
                p = self.plan.phases[target]
                if (p.exercise_index, p.side, p.set) != block or p.kind in _TRANSITIONS:
                    break
                target += 1
        self._jump(target, events)
        return events

    def back(self) -> list[Event]:
        """Back: restart this phase, or if just begun, go to the previous block."""
        if self.state not in (State.RUNNING, State.PAUSED):
            return []
        events = self.tick()
        if self.state is State.FINISHED:
            return events
        if self.snapshot().elapsed_in_phase > BACK_RESTARTS_AFTER:
            self._jump(self._index, events)
            return events
        start = self._block_start(self._index)
        if start == self._index and start > 0:
            start = self._block_start(start - 1)
        self._jump(start, events)
        return events

    def restart_exercise(self) -> list[Event]:
        if self.state not in (State.RUNNING, State.PAUSED):
            return []
        events = self.tick()
        if self.state is State.FINISHED:
            return events
        ei = self.phase.exercise_index
        first = next(p.index for p in self.plan.phases if p.exercise_index == ei)
        self._jump(first, events)
        return events

    def add_time(self, seconds: float = 10.0) -> list[Event]:
        if self.state not in (State.RUNNING, State.PAUSED) or self._waiting:
            return []
        events = self.tick()
        if self.state is State.FINISHED:
            return events
        self._extra += seconds
        if self.state is State.PAUSED:
            self._remaining_at_pause += seconds
        else:
            self._deadline += seconds
            self._emit_second(self.clock.monotonic(), events)
        # The countdown starts over for the new end.
        self._fired = {(c, n) for c, n in self._fired if c is not Cue.COUNTDOWN}
        return events

    def confirm_rep(self) -> list[Event]:
        """Manual-rep mode: the user says this rep is done."""
        if self.state is not State.RUNNING or not self._is_manual(self.phase):
            return []
        events = self.tick()
        if self.state is not State.RUNNING or not self._is_manual(self.phase):
            return events
        self._finish_phase_now(events)
        return events

    def set_manual_reps(self, on: bool) -> list[Event]:
        self.manual_reps = on
        events: list[Event] = []
        if not on and self._waiting and self.state is State.RUNNING:
            self._finish_phase_now(events)
        return events

    def finish_early(self) -> list[Event]:
        if self.state not in (State.RUNNING, State.PAUSED, State.READY):
            return []
        events = self.tick() if self.state is State.RUNNING else []
        if self.state is State.FINISHED:
            return events
        if self.state is State.RUNNING:
            self._account(self.clock.monotonic())
        # The side in progress counts as skipped if any of its work was reached.
        key = (self.phase.exercise_index, self.phase.side)
        if self.state is not State.READY and key in self._part_last and key not in self._ended:
            started = any(i in self._completed for i in self._part_indices(key)) or self.phase.kind.is_work
            if started:
                self._end_part(key, events)
        self.state = State.FINISHED
        self._waiting = False
        events.append(Finished(EndStatus.ENDED_EARLY, self._active))
        return events

    # -- internals -----------------------------------------------------------
    def _is_manual(self, phase: Phase) -> bool:
        return self.manual_reps and phase.kind is PhaseKind.PACED_REP

    def _last_phase_of_parts(self) -> dict[PartKey, int]:
        last: dict[PartKey, int] = {}
        for p in self.plan.phases:
            if p.kind.is_work or p.kind is PhaseKind.REP_RELEASE:
                last[(p.exercise_index, p.side)] = p.index
        return last

    def _part_indices(self, key: PartKey) -> list[int]:
        return [p.index for p in self.plan.phases
                if (p.exercise_index, p.side) == key and p.kind.is_work]

    def _block_start(self, index: int) -> int:
        """First phase of the block (transition, or run of one side's reps) holding ``index``."""
        p = self.plan.phases[index]
        if p.kind in _TRANSITIONS:
            return index
        block = (p.exercise_index, p.side, p.set)
        i = index
        while i > 0:
            q = self.plan.phases[i - 1]
            if (q.exercise_index, q.side, q.set) != block or q.kind in _TRANSITIONS:
                break
            i -= 1
        return i

    def _account(self, upto: float) -> None:
        """Add running time up to ``upto`` to the totals and the current side."""
        if upto <= self._accounted:
            return
        dt = upto - self._accounted
        self._active += dt
        p = self.phase
        if p.kind.is_work or p.kind is PhaseKind.REP_RELEASE:
            key = (p.exercise_index, p.side)
            self._part_active[key] = self._part_active.get(key, 0.0) + dt
        self._accounted = upto

    def _pause(self, at: float, reason: PauseReason, events: list[Event]) -> None:
        self._account(at)
        self._remaining_at_pause = max(0.0, self._deadline - at)
        self.state = State.PAUSED
        events.append(Paused(reason))

    def _enter(self, index: int, at: float, events: list[Event]) -> None:
        self._index = index
        phase = self.phase
        self._phase_start = at
        self._extra = 0.0
        self._deadline = at + phase.duration
        self._fired = set()
        self._waiting = False
        events.append(PhaseStarted(phase, at))
        cue = self._start_cue(phase)
        if cue is not None:
            events.append(cue)

    def _start_cue(self, p: Phase) -> CueDue | None:
        at = self._phase_start
        kind = p.kind
        if kind is PhaseKind.GET_READY:
            return CueDue(Cue.GET_READY, p, at, side=p.side)
        if kind is PhaseKind.NEXT_EXERCISE:
            return CueDue(Cue.NEXT_EXERCISE, p, at, side=p.side)
        if kind is PhaseKind.SWITCH_SIDES:
            return CueDue(Cue.SWITCH_SIDES, p, at, side=p.side)
        if kind is PhaseKind.REST:
            return CueDue(Cue.REST, p, at, side=p.side)
        if kind is PhaseKind.REP_RELEASE:
            return CueDue(Cue.RELEASE, p, at, count=p.rep, side=p.side)
        last = p.reps > 1 and p.rep == p.reps
        return CueDue(Cue.GO, p, at, count=p.rep, side=p.side, last_rep=last)

    def _due_cues(self, upto: float, events: list[Event]) -> None:
        p = self.phase
        length = p.duration + self._extra
        due: list[tuple[float, Cue, int]] = []
        if p.kind in _COUNTDOWN_KINDS and length >= COUNTDOWN_MIN_PHASE:
            for n in range(COUNTDOWN_FROM, 0, -1):
                due.append((self._deadline - n, Cue.COUNTDOWN, n))
        if p.kind is PhaseKind.HOLD and p.duration >= HALFWAY_MIN_HOLD:
            due.append((self._deadline - self._extra - p.duration // 2, Cue.HALFWAY, 0))
        for at, cue, n in sorted(due, key=lambda d: d[0]):
            if at <= upto and (cue, n) not in self._fired and at >= self._phase_start:
                self._fired.add((cue, n))
                events.append(CueDue(cue, p, at, count=n, side=p.side))

    def _advance(self, now: float, events: list[Event]) -> None:
        """Run every phase boundary up to ``now``."""
        while self.state is State.RUNNING:
            self._due_cues(min(now, self._deadline), events)
            if self._waiting or now < self._deadline:
                self._account(now)
                return
            if self._is_manual(self.phase):
                # The tempo has run its course; wait for the user's confirm.
                self._account(now)
                self._waiting = True
                return
            end = self._deadline
            self._account(end)
            self._complete(end, events)
            if self.state is not State.RUNNING:
                return
            self._enter(self._index + 1, end, events)

    def _finish_phase_now(self, events: list[Event]) -> None:
        """End the current phase as completed at this moment (a confirmed rep)."""
        now = self.clock.monotonic()
        self._account(now)
        self._waiting = False
        self._complete(now, events)
        if self.state is State.RUNNING:
            self._enter(self._index + 1, now, events)
            self._emit_second(now, events)

    def _complete(self, at: float, events: list[Event]) -> None:
        """The current phase ran to its end at ``at``."""
        p = self.phase
        if p.kind.is_work:
            self._completed.add(p.index)
        nxt = self.plan.phases[p.index + 1] if p.index + 1 < len(self.plan.phases) else None
        if (p.kind is PhaseKind.PACED_REP or (
            p.kind is PhaseKind.REP_HOLD and (nxt is None or nxt.kind is not PhaseKind.REP_RELEASE)
        )) and nxt is not None and nxt.exercise_index == p.exercise_index:
            events.append(CueDue(Cue.REP_DONE, p, at, count=p.rep, side=p.side))
        key = (p.exercise_index, p.side)
        if self._part_last.get(key) == p.index:
            self._end_part(key, events)
        if nxt is None:
            self.state = State.FINISHED
            events.append(CueDue(Cue.ROUTINE_DONE, p, at))
            events.append(Finished(EndStatus.COMPLETED, self._active))
        elif nxt.exercise_index != p.exercise_index:
            events.append(CueDue(Cue.EXERCISE_DONE, p, at))

    def _end_part(self, key: PartKey, events: list[Event]) -> None:
        indices = self._part_indices(key)
        done = [i for i in indices if i in self._completed]
        status = PartStatus.DONE if indices and len(done) == len(indices) else PartStatus.SKIPPED
        phases = [self.plan.phases[i] for i in done]
        reps_done = len({(q.set, q.rep) for q in phases})
        sets_done = len({q.set for q in phases})
        self._ended.add(key)
        events.append(PartEnded(
            exercise_index=key[0],
            exercise_id=self.plan.routine.exercises[key[0]].id,
            side=key[1],
            status=status,
            active_seconds=round(self._part_active.get(key, 0.0), 3),
            reps_done=reps_done,
            sets_done=sets_done,
        ))

    def _jump(self, target: int, events: list[Event]) -> None:
        """Leave the current phase early and start ``target`` now (forward or back)."""
        now = self.clock.monotonic()
        if self.state is State.RUNNING:
            self._account(now)
        paused = self.state is State.PAUSED
        if target > self._index:
            # Sides passed over on the way forward end now, done or skipped.
            for i in range(self._index, min(target, len(self.plan.phases))):
                q = self.plan.phases[i]
                key = (q.exercise_index, q.side)
                if self._part_last.get(key) == i and key not in self._ended:
                    self._end_part(key, events)
        else:
            # Going back reopens what lies ahead of the target.
            self._completed = {i for i in self._completed if i < target}
            for key, last in self._part_last.items():
                if last >= target:
                    self._ended.discard(key)
                    first = min(self._part_indices(key) or [last])
                    if first >= target:
                        self._part_active.pop(key, None)
        if target >= len(self.plan.phases):
            self.state = State.FINISHED
            events.append(CueDue(Cue.ROUTINE_DONE, self.phase, now))
            events.append(Finished(EndStatus.COMPLETED, self._active))
            return
        self._shown = None
        self._enter(target, now, events)
        self._last_tick = self._accounted = now
        if paused:
            self._remaining_at_pause = float(self.phase.duration)
        else:
            self._emit_second(now, events)

    def _emit_second(self, now: float, events: list[Event]) -> None:
        seconds = 0 if self._waiting else max(0, math.ceil(self._deadline - now - 1e-9))
        key = (self._index, seconds)
        if key != self._shown:
            self._shown = key
            events.append(SecondChanged(self.phase, seconds))

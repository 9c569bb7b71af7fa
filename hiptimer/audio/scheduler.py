"""Decide which sounds an engine event deserves, and play them on time.

:class:`CueScheduler` is fed every engine event through :meth:`handle` (from
the GUI thread; it only appends to a queue and returns) and plays from its
own thread. Pure Python and threading: no Qt.

What plays for each :class:`~hiptimer.core.events.CueDue` (voice priority in
brackets; see :class:`VoicePriority`):

============== ===================== =================================================
cue            beep                  voice
============== ===================== =================================================
COUNTDOWN 3, 2 tick                  -
COUNTDOWN 1    tick_final            -
GO             go                    HOLD phase: "Hold"; REP_HOLD / PACED_REP: the rep
                                     number, "Last rep" on the last one; a REP_HOLD of
                                     a single rep: "Hold" [normal]. When the GO starts a
                                     side not yet announced (alternating sides), the
                                     side first: "Left side" [normal]
RELEASE        release               "Release" [low]
REP_DONE       rep_done              -
HALFWAY        halfway               "Halfway" [low]
SWITCH_SIDES   switch_sides          "Switch sides", "Right side" / "Left side" [high]
REST           rest                  "Rest" [normal]
GET_READY      -                     "Get ready", then the side if it has one [normal]
NEXT_EXERCISE  next_exercise         "Next exercise", then the side [normal]
EXERCISE_DONE  exercise_done         -
ROUTINE_DONE   routine_done          "Routine complete" [high]
============== ===================== =================================================

Timing rules:

* Beeps play at once: the engine emits each cue when it falls due, so the
  countdown ticks land on the second boundaries.
* When several cues fall due at the same instant (a rep ends as its release
  begins, an exercise ends as the next begins) only the most telling beep
  plays (:data:`BEEP_RANK`); two beeps on top of each other are just noise.
  Their voices all play. With the engine as it is, REP_DONE always shares its
  instant with the next GO, SWITCH_SIDES or REST, so its beep gives way.
* Spoken cues never overlap: they wait in a priority queue and play one after
  another, spaced by their known lengths plus :data:`VOICE_GAP`. A voice waits
  for the beep of its own cue to finish, so "beep - Hold" is heard clearly;
  a later cue's beep may sound under speech.
* An event's ``at`` is trusted when it is plausible on our clock (the
  engine's clock is ``time.monotonic`` in the app); with another clock, such
  as the sped-up demo clock, the moment the event arrives is used instead.
* A late cue is dropped rather than played out of step: a countdown tick more
  than :data:`LATE_TICK` s late (ticks after a GUI stall would arrive as a
  burst), another beep more than :data:`LATE_BEEP` s late, a low or normal
  voice that could not start within :data:`LATE_VOICE` s of its cue. "Switch
  sides", the side after it and "Routine complete" are never dropped.
* A new phase drops the unspoken normal and low voices of earlier phases
  (the user skipped ahead). Pause drops all queued voice, and so does ending
  a session early, which also cuts what is playing.

Options (:class:`AudioOptions`) apply at once: mute cuts what is playing and
empties the voice queue; voice off empties the queue; volume is applied by
the backend to the next sound.

With the silent backend every cue is reported to ``on_visual_cue`` with the
cue's name (``"switch_sides"``...), so the window can flash instead, and
``on_notice`` receives, once, a text saying why there is no sound and how to
fix it (also readable as :attr:`CueScheduler.notice`; :attr:`CueScheduler.silent`
tells a caller that prefers to decide on its own thread). A notice known at
start-up is given from the constructor, on the caller's thread; everything
else runs on the audio thread (or a backend's watcher thread), so a Qt caller
should emit a signal from the callbacks, which Qt queues to the GUI thread.
"""

from __future__ import annotations

import enum
import heapq
import itertools
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from hiptimer.audio.players import CuePlayer
from hiptimer.audio.sounds import Sound, SoundBank
from hiptimer.core.events import Cue, CueDue, EndStatus, Event, Finished, Paused, PhaseStarted
from hiptimer.core.model import Side
from hiptimer.core.plan import PhaseKind

log = logging.getLogger(__name__)

VOICE_GAP = 0.12  # s of silence between two spoken cues
BEEP_TO_VOICE_GAP = 0.05  # s between a cue's beep ending and its voice starting
LATE_TICK = 0.35
LATE_BEEP = 3.0
LATE_VOICE = 1.5
SAME_MOMENT = 0.1  # s: cues due this close together count as one instant
# An event's ``at`` is trusted when it lies in this window around our clock;
# outside it the engine runs on another clock (the --time-scale demo clock),
# so the moment the event arrived stands in for it.
TRUST_AT_PAST = 60.0  # the engine pauses itself after a 10 s stall, so older is a mismatch
TRUST_AT_FUTURE = 0.5
VISUAL_AFTER_HANDOVER = 1.0  # s: a cue this recent is flashed when sound just failed

VisualCueHandler = Callable[[str], None]
NoticeHandler = Callable[[str], None]
BackendChangedHandler = Callable[[str, str], None]


class VoicePriority(enum.IntEnum):
    LOW = 0  # "Release", "Halfway": nice to hear, useless when late
    NORMAL = 1  # "Hold", rep numbers, "Rest", "Get ready"...
    HIGH = 2  # "Switch sides" + side, "Routine complete": never dropped


BEEP_RANK: dict[Sound, int] = {
    s: rank
    for rank, s in enumerate(
        (
            Sound.TICK,
            Sound.TICK_FINAL,
            Sound.HALFWAY,
            Sound.REP_DONE,
            Sound.RELEASE,
            Sound.GO,
            Sound.REST,
            Sound.EXERCISE_DONE,
            Sound.NEXT_EXERCISE,
            Sound.SWITCH_SIDES,
            Sound.ROUTINE_DONE,
        )
    )
}
NEVER_DROPPED_BEEPS = frozenset({Sound.SWITCH_SIDES, Sound.ROUTINE_DONE})

_SIDE_VOICE = {Side.LEFT: Sound.VOICE_LEFT_SIDE, Side.RIGHT: Sound.VOICE_RIGHT_SIDE}


@dataclass(frozen=True)
class AudioOptions:
    """What the user chose in the settings; applied with ``set_options``."""

    volume: int = 80  # 0-100
    muted: bool = False
    voice: bool = True
    countdown_beeps: bool = True

    def normalised(self) -> AudioOptions:
        volume = max(0, min(100, int(self.volume)))
        if volume != self.volume:
            log.warning("Audio volume %r out of range; using %d", self.volume, volume)
        return replace(self, volume=volume, muted=bool(self.muted), voice=bool(self.voice),
                       countdown_beeps=bool(self.countdown_beeps))

    @property
    def silent(self) -> bool:
        """Nothing should sound: muted, or the volume is at zero."""
        return self.muted or self.volume == 0

    def updated(self, *, volume: int | None = None, muted: bool | None = None,
                voice: bool | None = None, beeps: bool | None = None) -> AudioOptions:
        """A copy with the given fields changed (None keeps a field), normalised."""
        changes: dict[str, object] = {}
        if volume is not None:
            changes["volume"] = volume
        if muted is not None:
            changes["muted"] = muted
        if voice is not None:
            changes["voice"] = voice
        if beeps is not None:
            changes["countdown_beeps"] = beeps
        return replace(self, **changes).normalised()  # type: ignore[arg-type]


@dataclass(frozen=True)
class CueSounds:
    """What one cue asks for: at most one beep, and voices in speaking order."""

    beep: Sound | None = None
    voices: tuple[tuple[Sound, VoicePriority], ...] = ()


_BEEPS: dict[Cue, Sound] = {
    Cue.GO: Sound.GO,
    Cue.RELEASE: Sound.RELEASE,
    Cue.REP_DONE: Sound.REP_DONE,
    Cue.HALFWAY: Sound.HALFWAY,
    Cue.SWITCH_SIDES: Sound.SWITCH_SIDES,
    Cue.REST: Sound.REST,
    Cue.NEXT_EXERCISE: Sound.NEXT_EXERCISE,
    Cue.EXERCISE_DONE: Sound.EXERCISE_DONE,
    Cue.ROUTINE_DONE: Sound.ROUTINE_DONE,
}


def beep_for(event: CueDue) -> Sound | None:
    """The beep of a cue (None for GET_READY, which is spoken only)."""
    if event.cue is Cue.COUNTDOWN:
        return Sound.TICK_FINAL if event.count == 1 else Sound.TICK
    return _BEEPS.get(event.cue)


class CueMapper:
    """Turns a CueDue into sounds; remembers which side was last announced.

    A side is spoken where it changes (get ready, switch sides, next exercise)
    and at a GO on a side not yet announced, which is how alternating-side
    exercises learn the side of each rep, without repeating it after
    "Switch sides ... Right side".
    """

    def __init__(self) -> None:
        self._announced: tuple[int, Side] | None = None

    def _side(self, event: CueDue, side: Side,
              priority: VoicePriority) -> list[tuple[Sound, VoicePriority]]:
        voice = _SIDE_VOICE.get(side)
        if voice is None:
            return []
        self._announced = (event.phase.exercise_index, side)
        return [(voice, priority)]

    def map(self, event: CueDue) -> CueSounds:
        cue, phase = event.cue, event.phase
        side = event.side if event.side is not Side.NONE else phase.side
        normal, high, low = VoicePriority.NORMAL, VoicePriority.HIGH, VoicePriority.LOW
        voices: list[tuple[Sound, VoicePriority]] = []
        if cue is Cue.GO:
            if event.side is not Side.NONE and \
                    self._announced != (phase.exercise_index, event.side):
                voices += self._side(event, event.side, normal)
            if phase.kind is PhaseKind.HOLD or (phase.kind is PhaseKind.REP_HOLD
                                                and phase.reps == 1):
                voices.append((Sound.VOICE_HOLD, normal))
            elif phase.kind in (PhaseKind.REP_HOLD, PhaseKind.PACED_REP) and phase.reps != 1:
                if event.last_rep:
                    voices.append((Sound.VOICE_LAST_REP, normal))
                else:
                    number = Sound.number(event.count or phase.rep)
                    if number is not None:
                        voices.append((number, normal))
        elif cue is Cue.RELEASE:
            voices.append((Sound.VOICE_RELEASE, low))
        elif cue is Cue.HALFWAY:
            voices.append((Sound.VOICE_HALFWAY, low))
        elif cue is Cue.SWITCH_SIDES:
            voices += [(Sound.VOICE_SWITCH_SIDES, high), *self._side(event, side, high)]
        elif cue is Cue.REST:
            voices.append((Sound.VOICE_REST, normal))
        elif cue is Cue.GET_READY:
            voices += [(Sound.VOICE_GET_READY, normal), *self._side(event, side, normal)]
        elif cue is Cue.NEXT_EXERCISE:
            voices += [(Sound.VOICE_NEXT_EXERCISE, normal), *self._side(event, side, normal)]
        elif cue is Cue.ROUTINE_DONE:
            voices.append((Sound.VOICE_ROUTINE_COMPLETE, high))
        return CueSounds(beep_for(event), tuple(voices))


@dataclass(order=True)
class _Voice:
    key: tuple[int, int]  # (-priority, arrival): highest priority first, then in order
    sound: Sound = field(compare=False)
    priority: VoicePriority = field(compare=False)
    due: float = field(compare=False)  # the cue's ``at``
    not_before: float = field(compare=False)
    cue: str = field(compare=False, default="")


@dataclass
class _Flash:
    """The latest cue, and whether the window has been told to flash for it."""

    event: CueDue
    at: float
    done: bool = False


@dataclass(frozen=True)
class JournalEntry:
    """One decision of the scheduler, kept for tests and the debug log."""

    at: float  # clock time of the decision
    sound: Sound
    action: str  # "played" or "dropped"
    cue: str = ""
    why: str = ""


def _call(callback: Callable[..., None] | None, *args: object) -> None:
    if callback is None:
        return
    try:
        callback(*args)
    except Exception:
        log.exception("audio callback %r failed", callback)


class CueScheduler:
    """Plays the engine's cues through a CuePlayer, from a thread of its own."""

    def __init__(
        self,
        player: CuePlayer,
        bank: SoundBank,
        options: AudioOptions | None = None,
        *,
        on_visual_cue: VisualCueHandler | None = None,
        on_notice: NoticeHandler | None = None,
        on_backend_changed: BackendChangedHandler | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._player = player
        self._bank = bank
        self._options = (options or AudioOptions()).normalised()
        self._on_visual_cue = on_visual_cue
        self._on_notice = on_notice
        self._on_backend_changed = on_backend_changed
        self._clock = clock
        self._mapper = CueMapper()

        self._cond = threading.Condition()
        self._inbox: deque[Event] = deque()
        self._voices: list[_Voice] = []
        self._arrival = itertools.count()
        self._voice_free_at = 0.0  # when the voice lane may speak again
        self._sound_end = 0.0  # when the last sound started ends
        self._last_beep: tuple[float, int, float] | None = None  # (cue at, rank, beep end)
        self._batch_beeps: list[tuple[float, int]] = []  # (at, rank) of this batch's beeps
        self._busy = False
        self._closed = False
        self._stop_pending = False
        self._volume_pending = False
        self._notice_given = False
        self._last_cue: _Flash | None = None
        self.journal: deque[JournalEntry] = deque(maxlen=1000)

        self._player.set_volume(self._options.volume)
        set_listener = getattr(player, "set_listener", None)
        if callable(set_listener):
            set_listener(self._backend_changed)
        self._give_notice()
        self._thread = threading.Thread(target=self._run, name="hiptimer-cues", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------ public API

    @property
    def options(self) -> AudioOptions:
        return self._options

    @property
    def backend_name(self) -> str:
        return self._player.name

    @property
    def silent(self) -> bool:
        """True while no backend can play: the window should flash cues instead."""
        return self._is_silent()

    @property
    def backend_reason(self) -> str:
        return str(getattr(self._player, "reason", ""))

    @property
    def notice(self) -> str | None:
        """Why there is no sound, when the backend is silent; else None."""
        notice = getattr(self._player, "notice", None)
        if notice:
            return str(notice)
        return "No sound: cues are shown on screen instead." if self._is_silent() else None

    def handle(self, event: Event) -> None:
        """Take one engine event. Returns at once and never raises."""
        try:
            if not isinstance(event, CueDue | PhaseStarted | Paused | Finished):
                return  # SecondChanged, PartEnded, Resumed: nothing to hear
            with self._cond:
                if self._closed:
                    return
                self._inbox.append(event)
                self._cond.notify_all()
        except Exception:  # pragma: no cover - never into the GUI thread
            log.exception("CueScheduler.handle failed")

    def set_options(self, options: AudioOptions | None = None, *, volume: int | None = None,
                    muted: bool | None = None, voice: bool | None = None,
                    beeps: bool | None = None) -> None:
        """Apply new options now; keywords change single fields of ``options``.

        ``set_options(muted=True)`` mutes and keeps the rest. Mute cuts what is
        playing and empties the voice queue; voice off empties the queue.
        """
        try:
            with self._cond:
                old = self._options
                new = (options or old).updated(volume=volume, muted=muted, voice=voice,
                                               beeps=beeps)
                self._options = new
                if new.silent or not new.voice:
                    self._voices.clear()
                if new.silent and not old.silent:
                    self._stop_pending = True
                if new.volume != old.volume:
                    self._volume_pending = True
                self._cond.notify_all()
        except Exception:
            log.exception("CueScheduler.set_options failed")

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Block until nothing is queued or sounding; False on timeout. For tests."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                if self._closed:
                    return True
                now = self._clock()
                pending = bool(self._inbox or self._voices or self._busy)
                if not pending and now >= self._sound_end:
                    return True
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                wait = left if pending else min(left, self._sound_end - now)
                self._cond.wait(max(0.001, wait))

    def close(self) -> None:
        """Stop the thread and release the backend. Safe to call twice."""
        with self._cond:
            if self._closed:
                return
            self._closed = True
            self._voices.clear()
            self._inbox.clear()
            self._cond.notify_all()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=2.0)
        try:
            self._player.close()
        except Exception:
            log.exception("closing the audio backend failed")

    # ------------------------------------------------------------ the thread

    def _run(self) -> None:
        while True:
            with self._cond:
                batch: list[Event] = []
                while not self._closed:
                    if self._inbox or self._stop_pending or self._volume_pending:
                        batch = list(self._inbox)
                        self._inbox.clear()
                        break
                    wait = self._voice_wait(self._clock())
                    if wait is not None and wait <= 0:
                        break
                    self._cond.notify_all()  # wake wait_idle: the state may be idle now
                    self._cond.wait(wait)
                if self._closed:
                    return
                self._busy = True
                stop, self._stop_pending = self._stop_pending, False
                volume_changed, self._volume_pending = self._volume_pending, False
                options = self._options
            try:
                if stop:
                    self._player.stop()
                if volume_changed:
                    self._player.set_volume(options.volume)
                    self._warm(options.volume)
                self._batch_beeps = [(self._due(e.at), BEEP_RANK.get(b, 0)) for e in batch
                                     if isinstance(e, CueDue) and (b := beep_for(e)) is not None]
                for event in batch:
                    self._process(event)
                self._pump_voice()
            except Exception:
                log.exception("audio scheduler error (carrying on)")
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def _due(self, at: float) -> float:
        """``at`` on our clock, or now when the engine's clock is not ours."""
        now = self._clock()
        return at if now - TRUST_AT_PAST <= at <= now + TRUST_AT_FUTURE else now

    def _process(self, event: Event) -> None:
        if isinstance(event, CueDue):
            if self._due(event.at) != event.at:
                event = replace(event, at=self._clock())
            self._cue(event)
        elif isinstance(event, PhaseStarted):
            started = self._due(event.at)
            self._drop_voices(lambda v: v.priority < VoicePriority.HIGH
                              and v.due < started - SAME_MOMENT / 2, "phase ended")
        elif isinstance(event, Paused):
            self._drop_voices(lambda v: True, "paused")
        elif isinstance(event, Finished) and event.status is EndStatus.ENDED_EARLY:
            self._drop_voices(lambda v: True, "session ended")
            self._player.stop()

    def _cue(self, event: CueDue) -> None:
        options = self._options
        record = self._last_cue = _Flash(event, self._clock())
        try:
            sounds = self._mapper.map(event)
            if options.silent:
                return
            now = self._clock()
            beep_end = self._beep(event, sounds.beep, options, now)
            if options.voice and sounds.voices:
                not_before = beep_end + BEEP_TO_VOICE_GAP if beep_end > now else now
                with self._cond:
                    for sound, priority in sounds.voices:
                        if sound in self._bank:
                            heapq.heappush(self._voices, _Voice(
                                (-priority, next(self._arrival)), sound, priority, event.at,
                                not_before, event.cue.value))
        finally:
            if self._is_silent():
                self._flash(record)

    def _flash(self, record: _Flash) -> None:
        """Report a cue to ``on_visual_cue`` once."""
        with self._cond:
            if record.done:
                return
            record.done = True
        _call(self._on_visual_cue, record.event.cue.value)

    def _beep(self, event: CueDue, beep: Sound | None, options: AudioOptions,
              now: float) -> float:
        """Play the cue's beep if it should sound; return when the moment's beep ends."""
        last = self._last_beep
        same_moment = last is not None and abs(event.at - last[0]) < SAME_MOMENT
        moment_end = last[2] if same_moment and last is not None else now
        if beep is None or beep not in self._bank:
            return moment_end
        if beep in (Sound.TICK, Sound.TICK_FINAL) and not options.countdown_beeps:
            return moment_end
        late = now - event.at
        limit = LATE_TICK if beep in (Sound.TICK, Sound.TICK_FINAL) else LATE_BEEP
        if late > limit and beep not in NEVER_DROPPED_BEEPS:
            self._journal(beep, "dropped", event.cue.value, f"{late:.2f} s late")
            return moment_end
        rank = BEEP_RANK.get(beep, 0)
        stronger = any(abs(at - event.at) < SAME_MOMENT and r > rank for at, r in self._batch_beeps)
        if stronger or (same_moment and last is not None and rank <= last[1]):
            self._journal(beep, "dropped", event.cue.value,
                          "a stronger beep sounds at the same moment")
            return moment_end
        self._player.play(beep)
        end = now + self._bank.duration(beep)
        self._last_beep = (event.at, rank, end)
        self._started(beep, event.cue.value, end)
        return end

    def _voice_wait(self, now: float) -> float | None:
        """Seconds until the voice lane can speak the next item; None if nothing queued."""
        if not self._voices:
            return None
        head = self._voices[0]
        return max(self._voice_free_at, head.not_before) - now

    def _pump_voice(self) -> None:
        while True:
            with self._cond:
                if not self._voices or self._options.silent or not self._options.voice:
                    self._voices.clear()
                    return
                now = self._clock()
                head = self._voices[0]
                late = now - head.due
                if head.priority < VoicePriority.HIGH and late > LATE_VOICE:
                    heapq.heappop(self._voices)
                    dropped: _Voice | None = head
                else:
                    dropped = None
                    if max(self._voice_free_at, head.not_before) > now:
                        return  # the thread sleeps until then
                    heapq.heappop(self._voices)
                    duration = self._bank.duration(head.sound)
                    self._voice_free_at = now + duration + VOICE_GAP
            if dropped is not None:
                self._journal(dropped.sound, "dropped", dropped.cue, f"{late:.2f} s late")
                continue
            self._player.play(head.sound)
            self._started(head.sound, head.cue, now + duration)

    def _drop_voices(self, predicate: Callable[[_Voice], bool], why: str) -> None:
        with self._cond:
            keep = [v for v in self._voices if not predicate(v)]
            gone = [v for v in self._voices if predicate(v)]
            heapq.heapify(keep)
            self._voices = keep
        for v in gone:
            self._journal(v.sound, "dropped", v.cue, why)

    def _started(self, sound: Sound, cue: str, end: float) -> None:
        with self._cond:
            self._sound_end = max(self._sound_end, end)
        self._journal(sound, "played", cue, "")

    def _journal(self, sound: Sound, action: str, cue: str, why: str) -> None:
        entry = JournalEntry(self._clock(), sound, action, cue, why)
        self.journal.append(entry)
        if action == "dropped":
            log.debug("cue sound %s dropped: %s", sound.value, why)

    def _warm(self, volume: int) -> None:
        """Scale the sounds for a new volume in the background, stopping if it changes."""

        def work() -> None:
            for sound in Sound:
                if self._options.volume != volume or self._closed:
                    return
                self._bank.pcm(sound, volume)

        threading.Thread(target=work, name="hiptimer-cues-volume", daemon=True).start()

    # ------------------------------------------------------------ backend changes

    def _is_silent(self) -> bool:
        return self._player.name == "silent"

    def _give_notice(self) -> None:
        if self._is_silent() and not self._notice_given:
            self._notice_given = True
            notice = self.notice
            log.warning("%s", notice)
            _call(self._on_notice, notice)

    def _backend_changed(self, name: str, reason: str) -> None:
        _call(self._on_backend_changed, name, reason)
        if name != "silent":
            return
        self._give_notice()
        # The cue whose sound just failed was not flashed: flash it now.
        last = self._last_cue
        if last is not None and self._clock() - last.at <= VISUAL_AFTER_HANDOVER:
            self._flash(last)

"""When each cue sound starts: the beep rules and the voice queue, on a given clock.

:class:`CueTimeline` is pure: every call takes ``now`` and returns what should
start at that moment, so its tests move a number instead of sleeping. The
playback thread (:mod:`hiptimer.audio.scheduler`) feeds it events, plays what
it returns and sleeps until :meth:`CueTimeline.next_wakeup`.

Rules:

* Beeps play at once: the engine emits each cue when it falls due, so the
  countdown ticks land on the second boundaries.
* When several cues fall due at the same instant (a rep ends as its release
  begins, an exercise ends as the next begins) only the most telling beep
  plays (:data:`~hiptimer.audio.mapping.BEEP_RANK`); two beeps on top of each
  other are just noise. Their voices all play. With the engine as it is,
  REP_DONE always shares its instant with the next GO, SWITCH_SIDES or REST,
  so its beep gives way.
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
  a session early, which also cuts what is playing (:data:`STOP`).
* Options apply at once: mute or volume 0 cuts what is playing and empties
  the voice queue; voice off empties the queue; countdown beeps off drops
  the ticks.

With a speech engine (:class:`~hiptimer.audio.speech.layer.Speech` active),
a cue's voices are the :class:`~hiptimer.audio.speech.script.Utterance`
texts instead, played as rendered :class:`~hiptimer.audio.sounds.Phrase`
clips through the same queue and the same rules, plus:

* A phrase not rendered yet waits at most :data:`RENDER_WAIT` s (and never
  so long that its fallback would miss its beat), then the bundled sounds
  that say its gist play instead, counted as a fallback.
* A phrase never cuts into the next beat it announces: one that would end
  after it is replaced by its shorter bundled fallback, or dropped (high
  priority ones still play: "Switch sides" is never lost).
"""

from __future__ import annotations

import heapq
import itertools
import logging
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Final

from hiptimer.audio.mapping import (
    BEEP_RANK,
    COUNTDOWN_BEEPS,
    NEVER_DROPPED_BEEPS,
    CueMapper,
    VoicePriority,
    beep_for,
)
from hiptimer.audio.options import AudioOptions
from hiptimer.audio.sounds import Phrase, Playable, Sound, SoundBank
from hiptimer.core.events import (
    CueDue,
    EndStatus,
    Event,
    Finished,
    PartEnded,
    Paused,
    PhaseStarted,
)

if TYPE_CHECKING:
    from hiptimer.audio.speech.layer import Speech

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
RENDER_WAIT = 1.0  # s a phrase may wait for its render before the bundled fallback plays
PATIENT_WAIT = 3.0  # s a patient phrase with no beat after it (the end) may wait
BEAT_TOLERANCE = 0.05  # s a phrase may run into its beat (the beat's own sound masks it)


class Stop:
    """The action "cut every sound playing now"."""

    def __repr__(self) -> str:
        return "STOP"


STOP: Final = Stop()
Action = Playable | Stop
"""What the player should do now: start a sound, or :data:`STOP` what plays."""


@dataclass(order=True)
class _Voice:
    key: tuple[int, int, int]  # (-priority, arrival, part): highest priority first, in order
    sound: Playable | None = field(compare=False)  # None: a text waiting for its render
    priority: VoicePriority = field(compare=False)
    due: float = field(compare=False)  # the cue's ``at``
    not_before: float = field(compare=False)
    cue: str = field(compare=False, default="")
    text: str = field(compare=False, default="")
    fallback: tuple[Sound, ...] = field(compare=False, default=())
    ends_by: float | None = field(compare=False, default=None)  # the beat it must not cut into
    wait_until: float = field(compare=False, default=0.0)


@dataclass(frozen=True)
class JournalEntry:
    """One decision of the timeline, kept for tests and the debug log."""

    at: float  # clock time of the decision
    sound: Playable | None  # None: a phrase dropped before it was rendered
    action: str  # "played" or "dropped"
    cue: str = ""
    why: str = ""
    text: str = ""  # what a rendered phrase says
    planned: float | None = None  # when the rules let it start (cue due, beep end, lane free)


class CueTimeline:
    """Decides which cue sounds start when. Not thread-safe: one thread owns it."""

    def __init__(self, bank: SoundBank, options: AudioOptions | None = None,
                 speech: Speech | None = None) -> None:
        self._bank = bank
        self.speech = speech
        self._options = (options or AudioOptions()).normalised()
        self._mapper = CueMapper()
        self._voices: list[_Voice] = []
        self._arrival = itertools.count()
        self._voice_free_at = 0.0  # when the voice lane may speak again
        self._sound_end = 0.0  # when the last sound started ends
        self._last_beep: tuple[float, int, float] | None = None  # (cue at, rank, beep end)
        self.journal: deque[JournalEntry] = deque(maxlen=1000)

    # ------------------------------------------------------------ state

    @property
    def options(self) -> AudioOptions:
        return self._options

    @property
    def busy_until(self) -> float:
        """When the last sound started ends (0 before any)."""
        return self._sound_end

    @property
    def queued(self) -> int:
        """How many spoken cues wait their turn."""
        return len(self._voices)

    def next_wakeup(self) -> float | None:
        """When :meth:`due` may next return a voice; None when none is queued."""
        if not self._voices:
            return None
        head = self._voices[0]
        at = max(self._voice_free_at, head.not_before)
        if self._waiting(head):
            at = max(at, head.wait_until)  # or sooner: the render thread wakes us
        return at

    def _waiting(self, v: _Voice) -> bool:
        """True while ``v`` is a text whose render may still arrive in time."""
        speech = self.speech
        return (v.sound is None and speech is not None and speech.phrase(v.text) is None
                and speech.pending(v.text))

    # ------------------------------------------------------------ input

    def set_options(self, options: AudioOptions, now: float) -> list[Action]:
        """Apply new options; returns [STOP] when they silence what is playing."""
        old, new = self._options, options.normalised()
        self._options = new
        if new.silent or not new.voice:
            self.clear(now, "muted" if new.silent else "voice off")
        return [STOP] if new.silent and not old.silent else []

    def feed(self, events: Sequence[Event], now: float) -> list[Action]:
        """Take events that arrived together; return what starts now, in order."""
        batch_beeps = [(self._due_time(e.at, now), BEEP_RANK.get(b, 0)) for e in events
                       if isinstance(e, CueDue) and (b := beep_for(e)) is not None]
        actions: list[Action] = []
        for event in events:
            if isinstance(event, CueDue):
                if self._due_time(event.at, now) != event.at:
                    event = replace(event, at=now)
                actions += self._cue(event, now, batch_beeps)
            elif isinstance(event, PhaseStarted):
                cutoff = self._due_time(event.at, now) - SAME_MOMENT / 2
                self._drop(lambda v, cutoff=cutoff: v.priority < VoicePriority.HIGH
                           and v.due < cutoff, now, "phase ended")
            elif isinstance(event, PartEnded) and self.speech is not None:
                self.speech.part_ended(event)
            elif isinstance(event, Paused):
                self.clear(now, "paused")
            elif isinstance(event, Finished):
                if self.speech is not None:
                    self.speech.session_ended()
                if event.status is EndStatus.ENDED_EARLY:
                    self.clear(now, "session ended")
                    actions.append(STOP)
        return actions + list(self.due(now))

    def due(self, now: float) -> list[Playable]:
        """The spoken cues that start now (late ones are dropped on the way)."""
        started: list[Playable] = []
        while self._voices:
            if self._options.silent or not self._options.voice:
                self.clear(now, "voice off")
                break
            head = self._voices[0]
            late = now - head.due
            # A text waiting for its render is late only when its wait is over (_resolve).
            if head.priority < VoicePriority.HIGH and late > LATE_VOICE and head.sound is not None:
                heapq.heappop(self._voices)
                self._journal(now, head.sound, "dropped", head.cue, f"{late:.2f} s late",
                              head.text)
                continue
            if max(self._voice_free_at, head.not_before) > now:
                break
            if head.sound is None:
                if self._waiting(head) and now < head.wait_until:
                    break  # its render is on the way
                self._resolve(head, now)
                continue
            heapq.heappop(self._voices)
            duration = self._bank.duration(head.sound)
            planned = max(self._voice_free_at, head.not_before, head.due)
            self._voice_free_at = now + duration + VOICE_GAP
            self._started(now, head.sound, head.cue, now + duration, head.text, planned)
            started.append(head.sound)
        return started

    def _resolve(self, head: _Voice, now: float) -> None:
        """Turn the text at the head of the queue into what will play: its rendered
        phrase if it is ready and fits before its beat, else its bundled fallback."""
        heapq.heappop(self._voices)
        speech = self.speech
        phrase = speech.phrase(head.text) if speech is not None else None
        fallback = [s for s in head.fallback if s in self._bank]
        room = None if head.ends_by is None else head.ends_by + BEAT_TOLERANCE - now
        sounds: list[Playable]
        if phrase is not None and (room is None or self._bank.duration(phrase) <= room
                                   or (head.priority >= VoicePriority.HIGH and not fallback)):
            sounds = [phrase]
        else:
            if phrase is None and speech is not None:
                speech.fell_back(head.text, "still rendering" if speech.pending(head.text)
                                 else "the engine could not say it")
            elif phrase is not None:
                self._journal(now, phrase, "dropped", head.cue, "would cut into the next beat",
                              head.text)
            sounds = list(fallback)
            length = sum(self._bank.duration(s) for s in sounds) + VOICE_GAP * (len(sounds) - 1)
            if not sounds or (room is not None and length > room
                              and head.priority < VoicePriority.HIGH):
                self._journal(now, None, "dropped", head.cue, "no time before the next beat"
                              if sounds else "nothing to say instead", head.text)
                return
        for i, sound in enumerate(sounds):
            # due now: it was just found to fit before its beat, so it is not late
            heapq.heappush(self._voices, _Voice(
                (head.key[0], head.key[1], head.key[2] * 10 + i), sound, head.priority,
                max(head.due, now), head.not_before, head.cue,
                head.text if isinstance(sound, Phrase) else ""))

    def play_now(self, sound: Playable, now: float, why: str) -> list[Playable]:
        """Start ``sound`` now whatever the options say (the test sound)."""
        if sound not in self._bank:
            return []
        self._started(now, sound, why, now + self._bank.duration(sound))
        return [sound]

    def clear(self, now: float, why: str) -> None:
        """Drop every spoken cue still waiting."""
        self._drop(lambda v: True, now, why)

    # ------------------------------------------------------------ rules

    def _due_time(self, at: float, now: float) -> float:
        """``at`` on our clock, or now when the engine's clock is not ours."""
        return at if now - TRUST_AT_PAST <= at <= now + TRUST_AT_FUTURE else now

    def _cue(self, event: CueDue, now: float,
             batch_beeps: list[tuple[float, int]]) -> list[Action]:
        sounds = self._mapper.map(event)  # always, so the side last spoken stays right
        options = self._options
        if options.silent:
            return []
        actions: list[Action] = []
        beep_end = self._beep(event, sounds.beep, now, batch_beeps, actions)
        not_before = beep_end + BEEP_TO_VOICE_GAP if beep_end > now else now
        speech = self.speech
        if options.voice and speech is not None and speech.active:
            scale = speech.time_scale
            for u in speech.utterances(event, sounds):
                ends_by = None if u.ends_within is None else event.at + u.ends_within / scale
                wait_until = event.at + (PATIENT_WAIT if u.patient else RENDER_WAIT)
                if ends_by is not None:
                    room = sum(self._bank.duration(s) + VOICE_GAP for s in u.fallback
                               if s in self._bank)
                    wait_until = ends_by - room if u.patient else min(wait_until, ends_by - room)
                heapq.heappush(self._voices, _Voice(
                    (-u.priority, next(self._arrival), 0), None, u.priority, event.at,
                    not_before, event.cue.value, u.text, u.fallback, ends_by, wait_until))
        elif options.voice and sounds.voices:
            for sound, priority in sounds.voices:
                if sound in self._bank:
                    heapq.heappush(self._voices, _Voice(
                        (-priority, next(self._arrival), 0), sound, priority, event.at,
                        not_before, event.cue.value))
        return actions

    def _beep(self, event: CueDue, beep: Sound | None, now: float,
              batch_beeps: list[tuple[float, int]], actions: list[Action]) -> float:
        """Start the cue's beep if it should sound; return when the moment's beep ends."""
        last = self._last_beep
        same_moment = last is not None and abs(event.at - last[0]) < SAME_MOMENT
        moment_end = last[2] if same_moment and last is not None else now
        if beep is None or beep not in self._bank:
            return moment_end
        if beep in COUNTDOWN_BEEPS and not self._options.countdown_beeps:
            return moment_end
        late = now - event.at
        limit = LATE_TICK if beep in COUNTDOWN_BEEPS else LATE_BEEP
        if late > limit and beep not in NEVER_DROPPED_BEEPS:
            self._journal(now, beep, "dropped", event.cue.value, f"{late:.2f} s late")
            return moment_end
        rank = BEEP_RANK.get(beep, 0)
        stronger = any(abs(at - event.at) < SAME_MOMENT and r > rank for at, r in batch_beeps)
        if stronger or (same_moment and last is not None and rank <= last[1]):
            self._journal(now, beep, "dropped", event.cue.value,
                          "a stronger beep sounds at the same moment")
            return moment_end
        end = now + self._bank.duration(beep)
        self._last_beep = (event.at, rank, end)
        self._started(now, beep, event.cue.value, end, planned=event.at)
        actions.append(beep)
        return end

    def _drop(self, predicate: Callable[[_Voice], bool], now: float, why: str) -> None:
        gone = [v for v in self._voices if predicate(v)]
        if not gone:
            return
        self._voices = [v for v in self._voices if not predicate(v)]
        heapq.heapify(self._voices)
        for v in sorted(gone):
            self._journal(now, v.sound, "dropped", v.cue, why, v.text)

    def _started(self, now: float, sound: Playable, cue: str, end: float, text: str = "",
                 planned: float | None = None) -> None:
        self._sound_end = max(self._sound_end, end)
        self._journal(now, sound, "played", cue, "", text, now if planned is None else planned)

    def _journal(self, now: float, sound: Playable | None, action: str, cue: str, why: str,
                 text: str = "", planned: float | None = None) -> None:
        entry = JournalEntry(now, sound, action, cue, why, text, planned)
        self.journal.append(entry)
        if action == "dropped":
            log.debug("cue sound %s dropped: %s", text or (sound.value if sound else ""), why)

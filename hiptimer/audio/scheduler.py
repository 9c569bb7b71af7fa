"""The playback thread: engine events in, cue sounds out, visual cues when there is no sound.

:class:`CueScheduler` implements :class:`~hiptimer.audio.service.CueService`.
Callers on any thread (the GUI thread, in the app) only append to its inbox
and return; its thread ``hiptimer-cues`` feeds the events to a
:class:`~hiptimer.audio.timeline.CueTimeline`, which decides what starts when,
hands the sounds to the backend (a :class:`~hiptimer.audio.selection.PlayerChain`
in the app) and sleeps until the next spoken cue is due.

The thread is also where every callback runs. A backend that fails
mid-session reports to the chain from whatever thread noticed (the playback
thread when simpleaudio raises, a watcher thread when ``aplay`` exits with an
error, the launcher thread when ``aplay`` has gone); the chain hands over at
once, so :attr:`CueScheduler.silent` is right straight away, and posts the
change here, where ``on_backend_changed`` and ``on_notice`` are called and,
when no sound is left, the cue whose sound was lost is flashed.

With a :class:`~hiptimer.audio.speech.layer.Speech` layer, :meth:`CueScheduler.prepare`
hands it the session's plan to render ahead; its render thread wakes this
thread whenever a phrase is ready, so a phrase that waits for its render
starts the moment it exists.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from hiptimer.audio import notices
from hiptimer.audio.notices import Notice
from hiptimer.audio.options import AudioOptions
from hiptimer.audio.players import CuePlayer
from hiptimer.audio.selection import PlayerChain
from hiptimer.audio.service import BackendChangedHandler, NoticeHandler, VisualCueHandler
from hiptimer.audio.sounds import Playable, Sound, SoundBank
from hiptimer.audio.speech.control import SpeechControl, _VoiceTest
from hiptimer.audio.timeline import STOP, Action, CueTimeline, JournalEntry
from hiptimer.core.events import CueDue, Event, Finished, PartEnded, Paused, PhaseStarted

if TYPE_CHECKING:
    from hiptimer.audio.speech.layer import Speech

log = logging.getLogger(__name__)

VISUAL_AFTER_HANDOVER = 1.0  # s: a cue this recent is flashed when sound just failed
TEST_SOUND = Sound.GO


class _BackendChanged(NamedTuple):
    name: str
    reason: str
    notice: Notice | None


class _TestRequest:
    """The inbox item for :meth:`CueScheduler.play_test`."""


class _Rendered:
    """The inbox item the render thread posts when a phrase is ready (or given up)."""


VOICE_TEST_WAIT = 10.0  # s the test phrase may take to render before the bundled one plays
Item = Event | _BackendChanged | _TestRequest | _VoiceTest | _Rendered


@dataclass
class _Flash:
    """The latest cue, and whether it has been shown as a visual cue."""

    event: CueDue
    at: float
    done: bool = False


def _call(callback: Callable[..., None] | None, *args: object) -> None:
    if callback is None:
        return
    try:
        callback(*args)
    except Exception:
        log.exception("audio callback %r failed", callback)


class CueScheduler(SpeechControl):
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
        speech: Speech | None = None,
        clock_rate: float = 1.0,
    ) -> None:
        self.on_visual_cue = on_visual_cue
        self.on_notice = on_notice
        self.on_backend_changed = on_backend_changed
        self._player = player
        self._bank = bank
        self._clock = clock
        # Clock seconds per real second: a sped-up test clock (ScaledClock) makes
        # the thread's waits shorter by as much.
        self._clock_rate = clock_rate if clock_rate > 0 else 1.0
        self._options = (options or AudioOptions()).normalised()
        self._speech = speech
        self._timeline = CueTimeline(bank, self._options, speech)
        self._voice_test: tuple[str, float] | None = None  # (text, give up at); the thread's

        self._cond = threading.Condition()
        self._inbox: deque[Item] = deque()
        self._options_pending = False
        self._busy = False
        self._closed = False
        # Published by the thread for wait_idle, under _cond.
        self._queued = 0
        self._sound_end = 0.0
        self._last_cue: _Flash | None = None  # the thread's own

        self._player.set_volume(self._options.volume)
        self._notice: Notice | None = None
        if isinstance(player, PlayerChain):
            player.set_listener(self._backend_changed)
            self._notice = player.notice
        elif player.name == "silent":
            self._notice = notices.notice(notices.NO_DEVICE)
        if self._notice is not None:
            _call(on_notice, self._notice.text, self._notice.key)
        self._thread = threading.Thread(target=self._run, name="hiptimer-cues", daemon=True)
        self._thread.start()
        if speech is not None:
            speech.on_ready = lambda _text: self._post(_Rendered())

    # ------------------------------------------------------------ CueService

    @property
    def silent(self) -> bool:
        """True while no backend can play: the window should show cues instead."""
        return self._player.name == "silent"

    @property
    def notice(self) -> str:
        notice = self._notice
        return notice.text if notice is not None else ""

    @property
    def notice_key(self) -> str:
        notice = self._notice
        return notice.key if notice is not None else ""

    def handle(self, event: Event) -> None:
        """Take one engine event. Returns at once and never raises."""
        try:
            if not isinstance(event, CueDue | PhaseStarted | Paused | Finished | PartEnded):
                return  # SecondChanged, Resumed: nothing to hear (PartEnded: the end summary)
            self._post(event)
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
                self._options = (options or self._options).updated(
                    volume=volume, muted=muted, voice=voice, beeps=beeps)
                self._options_pending = True
                self._cond.notify_all()
        except Exception:
            log.exception("CueScheduler.set_options failed")

    def play_test(self) -> None:
        """Play the test beep at the current volume; see CueService.play_test."""
        self._post(_TestRequest())

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Block until nothing is queued or sounding; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                if self._closed:
                    return True
                now = self._clock()
                pending = bool(self._inbox or self._options_pending or self._busy
                               or self._queued)
                if not pending and now >= self._sound_end:
                    return True
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                wait = left if pending else min(left, (self._sound_end - now) / self._clock_rate)
                self._cond.wait(max(0.001, wait))

    def close(self) -> None:
        """Stop the thread and release the backend. Safe to call twice."""
        with self._cond:
            if self._closed:
                return
            self._closed = True
            self._inbox.clear()
            self._cond.notify_all()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=2.0)
        try:
            self._player.close()
        except Exception:
            log.exception("closing the audio backend failed")
        if self._speech is not None:
            self._speech.close()

    # ------------------------------------------------------------ for tests and logs

    @property
    def options(self) -> AudioOptions:
        return self._options

    @property
    def backend_name(self) -> str:
        return self._player.name

    @property
    def backend_reason(self) -> str:
        return self._player.reason if isinstance(self._player, PlayerChain) else ""

    @property
    def journal(self) -> Sequence[JournalEntry]:
        """The timeline's decisions so far (read it once the scheduler is idle)."""
        return tuple(self._timeline.journal)

    # ------------------------------------------------------------ the thread

    def _post(self, item: Item) -> None:
        with self._cond:
            if self._closed:
                return
            self._inbox.append(item)
            self._cond.notify_all()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._closed and not (self._inbox or self._options_pending):
                    wake = self._next_wakeup()
                    now = self._clock()
                    if wake is not None and wake <= now:
                        break
                    self._cond.notify_all()  # wake wait_idle: the state may be idle now
                    self._cond.wait(None if wake is None else (wake - now) / self._clock_rate)
                if self._closed:
                    return
                batch = list(self._inbox)
                self._inbox.clear()
                options = self._options if self._options_pending else None
                self._options_pending = False
                self._busy = True
            try:
                self._step(batch, options)
            except Exception:
                log.exception("audio scheduler error (carrying on)")
            finally:
                with self._cond:
                    self._busy = False
                    self._queued = self._timeline.queued + (self._voice_test is not None)
                    self._sound_end = self._timeline.busy_until
                    self._cond.notify_all()

    def _next_wakeup(self) -> float | None:
        wake = self._timeline.next_wakeup()
        if self._voice_test is not None:
            wake = self._voice_test[1] if wake is None else min(wake, self._voice_test[1])
        return wake

    def _step(self, batch: list[Item], options: AudioOptions | None) -> None:
        now = self._clock()
        actions: list[Action] = []
        if options is not None:
            if options.volume != self._timeline.options.volume:
                self._player.set_volume(options.volume)
                self._warm(options.volume)
            actions += self._timeline.set_options(options, now)
        for change in (item for item in batch if isinstance(item, _BackendChanged)):
            self._on_change(change, now)
        if any(isinstance(item, _TestRequest) for item in batch):
            actions += self._test_sound(now)
        if any(isinstance(item, _VoiceTest) for item in batch):
            text = self._speech.test() if self._speech is not None else ""
            self._voice_test = (text, now + VOICE_TEST_WAIT)
        if self._voice_test is not None:
            actions += self._test_voice(now)
        events = [item for item in batch if isinstance(item, Event)]
        cues = [e for e in events if isinstance(e, CueDue)]
        if self.silent:
            events = [e for e in events if not isinstance(e, CueDue)]
        actions += self._timeline.feed(events, now)
        for action in actions:
            if action is STOP:
                self._player.stop()
            else:
                self._player.play(action)  # type: ignore[arg-type]
        for event in cues:
            self._last_cue = _Flash(event, now)
            if self.silent:  # also when playing just now made the last backend fail
                self._flash(self._last_cue)

    def _flash(self, record: _Flash) -> None:
        if not record.done:
            record.done = True
            _call(self.on_visual_cue, record.event)

    def _test_sound(self, now: float) -> list[Sound]:
        if self.silent and not (isinstance(self._player, PlayerChain) and self._player.retry()):
            if isinstance(self._player, PlayerChain) and self._player.notice is not None:
                self._notice = self._player.notice
            notice = self._notice or notices.notice(notices.NO_DEVICE)
            log.info("Test sound: still no sound (%s)", notice.key)
            _call(self.on_notice, notice.text, notice.key)
            return []
        return self._timeline.play_now(TEST_SOUND, now, "test")

    def _test_voice(self, now: float) -> list[Playable]:
        """The test phrase once it is rendered; the bundled "Get ready" without an engine."""
        assert self._voice_test is not None
        text, give_up = self._voice_test
        speech = self._speech
        phrase = speech.phrase(text) if speech is not None and text else None
        if phrase is None and speech is not None and text and speech.pending(text) \
                and now < give_up:
            return []  # still rendering: the render thread wakes us
        self._voice_test = None
        if self.silent:
            return self._test_sound(now)  # says why there is no sound
        return self._timeline.play_now(phrase or Sound.VOICE_GET_READY, now, "test voice")

    # ------------------------------------------------------------ backend changes

    def _backend_changed(self, name: str, reason: str, notice: Notice | None) -> None:
        """From the chain, on whichever thread saw the failure: on to the playback thread."""
        self._post(_BackendChanged(name, reason, notice))

    def _on_change(self, change: _BackendChanged, now: float) -> None:
        self._notice = change.notice
        _call(self.on_backend_changed, change.name, change.reason)
        if change.notice is not None:
            _call(self.on_notice, change.notice.text, change.notice.key)
        if change.name != "silent":
            return
        self._timeline.clear(now, "no sound left")
        # The cue whose sound just failed was taken while sound worked: show it now.
        last = self._last_cue
        if last is not None and now - last.at <= VISUAL_AFTER_HANDOVER:
            self._flash(last)

    def _warm(self, volume: int) -> None:
        """Scale the sounds for a new volume in the background, stopping if it changes."""

        def work() -> None:
            for sound in Sound:
                if self._options.volume != volume or self._closed:
                    return
                self._bank.pcm(sound, volume)

        threading.Thread(target=work, name="hiptimer-cues-volume", daemon=True).start()

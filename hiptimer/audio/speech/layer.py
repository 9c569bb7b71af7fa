"""The speech layer: engine + cache + a render thread + the script, as the timeline sees it.

:class:`Speech` is built once at start-up (:func:`hiptimer.audio.speech.selection.build_speech`)
with the engine chosen there, or with none: then :attr:`Speech.active` is
false and the timeline plays today's bundled phrases.

Render ahead: :meth:`Speech.prepare` (on Start) lists every phrase the plan
will say (:meth:`Script.texts`) and hands them to the thread
``hiptimer-speech`` in speaking order, so the first exercise is ready first;
phrases in the cache are loaded, the rest rendered and stored. A text the
timeline needs that is not queued (the end summary after a skipped side, a
preset changed mid-session) is rendered at once, ahead of the list
(:meth:`Speech.request`). Ready phrases sit in the sound bank as
:class:`~hiptimer.audio.sounds.Phrase` clips, so they play through the same
backends as every cue.

Threads: the playback thread calls :meth:`utterances`, :meth:`phrase`,
:meth:`request` and :meth:`pending`; the render thread fills the bank and
calls ``on_ready`` (which wakes the playback thread); the GUI thread calls
:meth:`prepare` and :meth:`set_options`. Shared state is under one lock.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from hiptimer.audio.mapping import CueSounds
from hiptimer.audio.sounds import Phrase, SoundBank
from hiptimer.audio.speech.cache import PhraseCache, PhraseKey
from hiptimer.audio.speech.dsp import SpeechFormatError, to_cue_pcm
from hiptimer.audio.speech.engines import EngineUnavailable, SpeechEngine
from hiptimer.audio.speech.options import SpeechOptions
from hiptimer.audio.speech.script import Script, Utterance
from hiptimer.core.events import CueDue, PartEnded
from hiptimer.core.plan import Plan

log = logging.getLogger(__name__)

MAX_FAILURES = 3  # phrases in a row an engine may fail before it is given up for the session
TEST_TEXT = "This is the hiptimer voice. Next: Pigeon pose, left side."


@dataclass
class SpeechStats:
    """What the render thread did (for the log, the tests and the benchmarks)."""

    rendered: int = 0  # phrases made by the engine
    from_cache: int = 0  # phrases read from the cache folder
    failed: int = 0
    render_seconds: list[float] = field(default_factory=list)  # per rendered phrase
    fallbacks: int = 0  # phrases the timeline played as bundled sounds (not ready in time)
    batch_started: float = 0.0
    batch_seconds: float = 0.0  # the last prepare(), from call to the last phrase ready


class Speech:
    """Rendered phrases for the timeline. See the module docstring."""

    def __init__(self, engine: SpeechEngine | None, cache: PhraseCache | None, bank: SoundBank,
                 options: SpeechOptions | None = None, *, reason: str = "") -> None:
        self.engine = engine
        self.reason = reason
        self.cache = cache
        self.stats = SpeechStats()
        self.on_ready: Callable[[str], None] | None = None
        self._bank = bank
        self._options = (options or SpeechOptions()).normalised()
        self._plan: Plan | None = None
        self.time_scale = 1.0
        self._script = Script(None, self._options.spoken)
        self._cond = threading.Condition()
        self._queue: deque[str] = deque()
        self._urgent: deque[str] = deque()
        self._ready: dict[str, Phrase] = {}
        self._given_up: set[str] = set()
        self._working: str | None = None
        self._failures = 0
        self._broken = ""
        self._closed = False
        self._generation = 0  # bumped when the settings change: older renders are stale
        self._thread: threading.Thread | None = None
        if engine is not None:
            self._thread = threading.Thread(target=self._run, name="hiptimer-speech", daemon=True)
            self._thread.start()

    # ------------------------------------------------------------ state

    @property
    def active(self) -> bool:
        """True when an engine speaks (else the bundled phrases play)."""
        return self.engine is not None and not self._broken

    @property
    def engine_name(self) -> str:
        if self.engine is None:
            return "bundled"
        return "bundled" if self._broken else self.engine.name

    @property
    def options(self) -> SpeechOptions:
        return self._options

    @property
    def script(self) -> Script:
        return self._script

    def voices(self) -> list[str]:
        return self.engine.voices() if self.engine is not None else []

    # ------------------------------------------------------------ GUI thread

    def prepare(self, plan: Plan | None, time_scale: float = 1.0) -> int:
        """Queue every phrase of ``plan`` for rendering (first exercise first); returns how many.

        Forgets the previous session's phrases, except those this one says too.
        """
        with self._cond:
            self._plan = plan
            self.time_scale = time_scale if time_scale > 0 else 1.0
            self._script = Script(plan, self._options.spoken)
            texts = [t for _, t in self._script.texts()] if self.engine is not None else []
            keep = {self._ready[t] for t in texts if t in self._ready}
            self._ready = {t: p for t, p in self._ready.items() if p in keep}
            self._queue = deque(t for t in texts if t not in self._ready)
            self.stats.batch_started = time.monotonic()
            self.stats.batch_seconds = 0.0
            self._cond.notify_all()
        self._bank.keep_phrases(keep)
        if texts:
            log.info("Speech: %d phrase(s) for %r, %d ready, %d to load or render (%s)",
                     len(texts), plan.routine.title if plan else "", len(keep), len(self._queue),
                     self.engine_name)
        return len(texts)

    def set_options(self, options: SpeechOptions) -> None:
        """New settings: phrases that sound different are rendered again; new parts re-listed."""
        options = options.normalised()
        with self._cond:
            old, self._options = self._options, options
            sound_changed = (old.voice, old.rate, old.volume) != (options.voice, options.rate,
                                                                   options.volume)
            if sound_changed:
                self._generation += 1
                self._ready.clear()
                self._given_up.clear()
        if sound_changed:
            self._bank.keep_phrases(())
        self.prepare(self._plan, self.time_scale)

    def test(self) -> str:
        """Render the test phrase first; the caller plays it when :meth:`phrase` has it."""
        self.request(TEST_TEXT)
        return TEST_TEXT

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._queue.clear()
            self._urgent.clear()
            self._cond.notify_all()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2.0)

    def wait_rendered(self, timeout: float = 30.0) -> bool:
        """Block until nothing waits to be rendered; False on timeout (tests, benchmarks)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._queue or self._urgent or self._working is not None:
                left = deadline - time.monotonic()
                if left <= 0 or self._closed or not self.active:
                    return not (self._queue or self._urgent)
                self._cond.wait(left)
        return True

    # ------------------------------------------------------------ playback thread

    def utterances(self, event: CueDue, sounds: CueSounds) -> list[Utterance]:
        """What to say for ``event``; texts not ready are asked for at once."""
        out = self._script.utterances(event, sounds)
        for u in out:
            if self.phrase(u.text) is None:
                self.request(u.text)
        return out

    def part_ended(self, event: PartEnded) -> None:
        self._script.part_ended(event)

    def phrase(self, text: str) -> Phrase | None:
        """The rendered clip for ``text``, or None while it is not ready."""
        with self._cond:
            return self._ready.get(text)

    def pending(self, text: str) -> bool:
        """True while ``text`` may still become ready (queued or being rendered)."""
        with self._cond:
            if text in self._ready:
                return False
            return self.active and text not in self._given_up and not self._closed

    def request(self, text: str) -> None:
        """Render ``text`` before anything else in the list."""
        with self._cond:
            if self.engine is None or text in self._ready or text in self._urgent:
                return
            self._urgent.append(text)
            self._cond.notify_all()

    def session_ended(self) -> None:
        s = self.stats
        log.info("Speech: session over (%s): %d phrase(s) fell back to the bundled WAVs; "
                 "%d rendered, %d from the cache, %d failed so far", self.engine_name,
                 s.fallbacks, s.rendered, s.from_cache, s.failed)
        self._script.restart()

    def fell_back(self, text: str, why: str) -> None:
        self.stats.fallbacks += 1
        log.info("Speech: %r not ready in time (%s); bundled phrase instead (%d this run)",
                 text, why, self.stats.fallbacks)

    # ------------------------------------------------------------ render thread

    def _next(self) -> tuple[str, int, SpeechOptions] | None:
        with self._cond:
            while True:
                self._working = None
                if self._closed:
                    return None
                if self._urgent or self._queue:
                    text = (self._urgent or self._queue).popleft()
                    if text in self._ready or text in self._given_up:
                        continue
                    self._working = text
                    return text, self._generation, self._options
                if self.stats.batch_started and not self.stats.batch_seconds:
                    self.stats.batch_seconds = time.monotonic() - self.stats.batch_started
                    self._cond.notify_all()
                    self._after_batch()
                self._cond.notify_all()  # wake wait_rendered
                self._cond.wait()

    def _after_batch(self) -> None:
        s = self.stats
        log.info("Speech: all phrases ready in %.2f s (%d rendered, %d from the cache, "
                 "%d failed, %d fell back so far)", s.batch_seconds, s.rendered, s.from_cache,
                 s.failed, s.fallbacks)
        if self.cache is not None:
            keep = frozenset(p for p in (self._bank.path(ph) for ph in self._ready.values()) if p)
            threading.Thread(target=self.cache.prune, args=(keep,), daemon=True,
                             name="hiptimer-speech-prune").start()

    def _run(self) -> None:
        assert self.engine is not None
        while True:
            job = self._next()
            if job is None:
                return
            text, generation, options = job
            try:
                phrase = self._load_or_render(text, options)
            except Exception as exc:  # an engine error, or a bug: give the phrase up
                self._failed(text, exc)
                continue
            with self._cond:
                if generation != self._generation:
                    continue  # the settings changed while it rendered
                self._ready[text] = phrase
                self._failures = 0
                self._cond.notify_all()
            self._tell(text)

    def _load_or_render(self, text: str, options: SpeechOptions) -> Phrase:
        assert self.engine is not None
        key = PhraseKey(text, self.engine.identity, options.voice, options.rate, options.volume)
        phrase = Phrase(f"phrase-{key.digest}", text)
        cached = self.cache.get(key) if self.cache is not None else None
        if cached is not None:
            self._bank.add_phrase(phrase, cached[0], cached[1])
            self.stats.from_cache += 1
            return phrase
        started = time.perf_counter()
        wav = self.engine.render(text, options.voice, options.rate)
        pcm = to_cue_pcm(wav, options.volume, pause=_yield)
        self.stats.render_seconds.append(time.perf_counter() - started)
        self.stats.rendered += 1
        path = self.cache.put(key, pcm) if self.cache is not None else None
        self._bank.add_phrase(phrase, pcm, path)
        return phrase

    def _failed(self, text: str, exc: Exception) -> None:
        if isinstance(exc, EngineUnavailable | SpeechFormatError | OSError):
            log.warning("Speech: %s could not say %r: %s", self.engine_name, text, exc)
        else:
            log.exception("Speech: rendering %r failed", text)
        with self._cond:
            self.stats.failed += 1
            self._given_up.add(text)
            self._failures += 1
            if self._failures >= MAX_FAILURES and not self._broken:
                self._broken = f"{self.engine_name} failed {self._failures} times: {exc}"
                self.reason = f"{self.reason}; then {self._broken}; bundled phrases from now on"
                log.warning("Speech: giving up on %s for this run (%s); bundled phrases "
                            "from now on", self.engine.name if self.engine else "", exc)
                self._queue.clear()
                self._urgent.clear()
            self._cond.notify_all()
        self._tell(text)  # whoever waits for it falls back now

    def _tell(self, text: str) -> None:
        callback = self.on_ready
        if callback is None:
            return
        try:
            callback(text)
        except Exception:
            log.exception("speech on_ready callback failed")


def _yield() -> None:
    """Let the playback thread have the GIL between the steps of a render."""
    time.sleep(0)

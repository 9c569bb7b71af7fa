"""CueService: everything the app and the UI may ask of the audio layer.

This module imports no audio library and none of the audio machinery, so
the UI can type against it (``if TYPE_CHECKING``) without loading sound
code. :class:`hiptimer.audio.scheduler.CueScheduler`, made by
:func:`hiptimer.audio.build_audio`, is the implementation.

Threads. ``handle``, ``set_options``, ``play_test`` and the properties may be
called from any thread and return at once (the GUI thread, in the app).
The callbacks run on the audio layer's playback thread, named
``hiptimer-cues`` (the only exception: ``on_notice`` given to ``build_audio``
is called once from inside ``build_audio``, on the caller's thread, for a
notice known at start-up). A Qt caller must not touch widgets from a
callback: emit a Signal from it, which Qt queues to the GUI thread. A
callback that raises is logged and ignored.

Notices. ``notice`` and ``notice_key`` hold the latest notice ("" when
there is none, e.g. sound works and nothing happened). The key is stable
across runs (see :mod:`hiptimer.audio.notices` for the list: ``no-device``,
``no-player``, ``no-sound-files``, ``sound-disabled``, ``sound-lost``,
``fallback-<program>``) so the app can store the keys it has shown and not
repeat a start-up notice on every launch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from hiptimer.audio.speech.options import SpeechOptions
    from hiptimer.core.events import CueDue, Event
    from hiptimer.core.plan import Plan

VisualCueHandler = Callable[["CueDue"], None]
"""``on_visual_cue(event)``: this cue cannot be heard; show it instead."""

NoticeHandler = Callable[[str, str], None]
"""``on_notice(text, key)``: a sentence for the person, and its stable key."""

BackendChangedHandler = Callable[[str, str], None]
"""``on_backend_changed(name, reason)``: ``name`` now plays cues; ``reason`` is for the log."""


@runtime_checkable
class CueService(Protocol):
    """Plays the session's cues, or says why it cannot and has them shown instead."""

    on_visual_cue: VisualCueHandler | None
    """Called for every cue that falls due while :attr:`silent` is true (no
    sound backend left), with the engine's :class:`~hiptimer.core.events.CueDue`
    (``event.cue.value`` is its name, ``event.phase`` its phase). Also called,
    once, for the cue whose sound was lost when sound fails mid-session, since
    that cue was taken while sound still seemed to work. It stands in for a
    missing device, not for the user's choice: with a working device and
    mute or volume 0, nothing is called. Playback thread."""

    on_notice: NoticeHandler | None
    """Called with ``(text, key)`` when there is something to tell the person:
    sound failed mid-session (``sound-lost``: cues flash from now on;
    ``fallback-aplay``...: another player took over), or ``play_test`` found no
    sound device (the current no-sound notice again, since it was asked for).
    Playback thread."""

    on_backend_changed: BackendChangedHandler | None
    """Called with ``(name, reason)`` after the backend changed: mid-session
    failure handed over to ``"command"`` or ``"silent"``, or ``play_test``
    found a device again (``"simpleaudio"``/``"command"``; :attr:`silent` is
    false from then on). ``reason`` is technical, for the log. Called before
    the matching ``on_notice``. Playback thread."""

    @property
    def silent(self) -> bool:
        """True while no sound backend is left: every cue must be shown visually."""
        ...

    @property
    def notice(self) -> str:
        """The latest notice for the person, or ""."""
        ...

    @property
    def notice_key(self) -> str:
        """The stable key of :attr:`notice`, or ""."""
        ...

    def handle(self, event: Event) -> None:
        """Take one engine event (any kind; only cues, phase starts, pause and
        finish matter). Returns at once and never raises."""
        ...

    def set_options(self, *, volume: int | None = None, muted: bool | None = None,
                    voice: bool | None = None, beeps: bool | None = None) -> None:
        """Change the given sound settings (None keeps one); they apply at once:
        mute cuts what plays. Never raises."""
        ...

    def play_test(self) -> None:
        """Play a short test beep at the current volume, even when muted (the
        person asked for it). When :attr:`silent`, look for a sound device
        again first: if one works now, ``on_backend_changed`` is called and the
        beep plays; if not, ``on_notice`` repeats why there is no sound.
        Returns at once; never raises."""
        ...

    # ------------------------------------------------------------ speech

    def prepare(self, plan: Plan | None, time_scale: float = 1.0) -> None:
        """Render every phrase ``plan`` will say, first exercise first, in the
        background (call it on Start, before the first event). ``time_scale``:
        how much faster than real time the session's clock runs (the demo's
        ``--time-scale``), so a phrase still ends before its beat. Returns at
        once; never raises."""
        ...

    def set_speech(self, options: SpeechOptions) -> None:
        """New speech settings (preset, voice, rate, speech volume); the preset
        Off turns the voice off. Phrases that now sound different are rendered
        again in the background. Never raises."""
        ...

    def test_voice(self) -> None:
        """Say a short test phrase with the current speech settings, even when
        muted (the bundled "Get ready" when no engine speaks). Returns at once."""
        ...

    @property
    def speech_engine(self) -> str:
        """The engine speaking: "espeak-ng", "piper", "say", "sapi" or "bundled"."""
        ...

    @property
    def speech_reason(self) -> str:
        """Why that engine (for the Sound menu's tooltip and the log)."""
        ...

    @property
    def speech_options(self) -> SpeechOptions | None:
        """The speech settings in use (None with no speech layer)."""
        ...

    def speech_voices(self) -> list[str]:
        """Voice names the engine offers (may be empty)."""
        ...

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Block until nothing is queued or sounding; False on timeout (e.g. at
        quit, to let "Routine complete" finish)."""
        ...

    def close(self) -> None:
        """Stop the playback thread and release the device. Safe to call twice."""
        ...

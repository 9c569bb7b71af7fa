"""Choose a playback backend, and fall back to the next when one fails.

Backends are tried in the order of :data:`BACKENDS`: simpleaudio, then a
sound program (``command``), then ``silent``. Each is probed before it is
chosen (simpleaudio plays 10 ms of silence, which fails within milliseconds
when there is no sound card), so the choice is honest from the start.

``HIPTIMER_AUDIO_DISABLE`` holds a comma list of backend names to skip, e.g.
``simpleaudio,command``, for tests and for users whose device misbehaves.
``silent`` cannot be disabled: it is what is left.

:class:`PlayerChain` is the :class:`~hiptimer.audio.players.CuePlayer` the
scheduler uses. It delegates to the chosen backend; when that backend reports
a failure mid-session it is closed, the next one is probed and takes over,
the failed sound is replayed there, and a listener hears about the change.
:meth:`PlayerChain.retry` looks for a device again once the chain is silent.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping

from hiptimer.audio.command import CommandPlayer
from hiptimer.audio.notices import (
    DISABLE_ENV,
    Notice,
    Skipped,
    handover_notice,
    kind_of,
    silent_notice,
    technical_help,
)
from hiptimer.audio.players import (
    BackendUnavailable,
    CuePlayer,
    FailureHandler,
    SilentPlayer,
    SimpleaudioPlayer,
)
from hiptimer.audio.sounds import Sound, SoundBank

log = logging.getLogger(__name__)

BACKENDS: tuple[str, ...] = ("simpleaudio", "command", "silent")
REPLAY_WINDOW = 0.5  # s: a sound that failed later than this after it was due is not replayed

ChangeListener = Callable[[str, str, "Notice | None"], None]
"""Called with (new backend name, technical reason, notice for the person or None)
after a mid-session hand-over or a successful :meth:`PlayerChain.retry`."""


def disabled_backends(env: Mapping[str, str] | None = None) -> frozenset[str]:
    """The backend names listed in ``HIPTIMER_AUDIO_DISABLE``."""
    env = os.environ if env is None else env
    raw = env.get(DISABLE_ENV, "")
    names = {part.strip().lower() for part in raw.split(",") if part.strip()}
    unknown = names - set(BACKENDS)
    if unknown:
        log.warning("%s: unknown backend name(s) %s; known: %s", DISABLE_ENV,
                    ", ".join(sorted(unknown)), ", ".join(BACKENDS))
    if "silent" in names:
        log.warning("%s: the silent backend cannot be disabled", DISABLE_ENV)
    return frozenset(names & set(BACKENDS[:-1]))


def create_backend(name: str, bank: SoundBank, *, volume: int = 100,
                   on_failure: FailureHandler | None = None) -> CuePlayer:
    """A probed, working backend called ``name``; raises BackendUnavailable."""
    player: SimpleaudioPlayer | CommandPlayer
    if name == "simpleaudio":
        player = SimpleaudioPlayer(bank, volume=volume, on_failure=on_failure)
    elif name == "command":
        player = CommandPlayer(bank, volume=volume, on_failure=on_failure)
    elif name == "silent":
        return SilentPlayer()
    else:
        raise BackendUnavailable(f"unknown audio backend {name!r}")
    try:
        player.probe()
    except BaseException:
        player.close()
        raise
    return player


def _describe(player: CuePlayer) -> str:
    if isinstance(player, CommandPlayer) and player.program:
        return f"{player.program} (command backend)"
    return player.name


def select_player(
    bank: SoundBank,
    *,
    volume: int = 100,
    disabled: Iterable[str] = (),
    after: str | None = None,
    on_failure: FailureHandler | None = None,
    skipped: list[Skipped] | None = None,
) -> tuple[CuePlayer, str]:
    """The first backend that works, and a human reason for the choice.

    ``after`` starts the search behind that backend (used for hand-over).
    Every backend passed over is appended to ``skipped`` when given.
    """
    disabled = frozenset(disabled)
    passed: list[Skipped] = []
    start = BACKENDS.index(after) + 1 if after in BACKENDS else 0
    for name in BACKENDS[start:]:
        if name in disabled:
            passed.append(Skipped(name, f"disabled by {DISABLE_ENV}", "disabled"))
            continue
        try:
            player = create_backend(name, bank, volume=volume, on_failure=on_failure)
        except BackendUnavailable as exc:
            passed.append(Skipped(name, str(exc), kind_of(str(exc))))
            continue
        except Exception as exc:  # a backend bug must not stop the app
            log.exception("Audio backend %s crashed while probing", name)
            passed.append(Skipped(name, f"crashed ({exc})", "failed"))
            continue
        if skipped is not None:
            skipped.extend(passed)
        if name == "silent":
            reason = "no sound: " + "; ".join(f"{s.backend}: {s.why}" for s in passed)
        elif name == "simpleaudio" and not passed:
            reason = "simpleaudio plays on the default sound device"
        else:
            reason = f"{_describe(player)} plays on the default sound device"
            if passed:
                reason += " (" + "; ".join(f"{s.backend}: {s.why}" for s in passed) + ")"
        log.info("Audio backend: %s; %s", player.name, reason)
        return player, reason
    raise AssertionError("the silent backend is always available")  # pragma: no cover


class PlayerChain:
    """A CuePlayer that delegates to the best working backend and hands over.

    Thread-safe: ``play`` may be called from the scheduler's thread while a
    command backend's watcher thread reports a failure.
    """

    def __init__(self, bank: SoundBank, *, volume: int = 100,
                 disabled: Iterable[str] = (), env: Mapping[str, str] | None = None) -> None:
        self._bank = bank
        self._volume = volume
        self._disabled = frozenset(disabled)
        self._env = dict(os.environ if env is None else env)
        self._lock = threading.Lock()
        self._listener: ChangeListener | None = None
        self._last_played: dict[Sound, float] = {}
        self._closed = False
        self._active: CuePlayer
        self.notice: Notice | None = None
        """The latest notice for the person: why there is no sound, or that it changed."""
        self._active, self.reason = self._select(after=None)

    def _select(self, after: str | None) -> tuple[CuePlayer, str]:
        """The first working backend (behind ``after``); sets the notice if it is silent."""
        skipped: list[Skipped] = []
        if len(self._bank) == 0:
            # Nothing to play: say so instead of opening a device for nothing.
            why = f"no cue sound files in {self._bank.directory or 'the sounds folder'}"
            skipped.append(Skipped("sounds", why, "sounds"))
            player: CuePlayer = SilentPlayer()
            reason = f"no sound: {why}"
        else:
            player, reason = select_player(
                self._bank, volume=self._volume, disabled=self._disabled, after=after,
                on_failure=self._on_failure, skipped=skipped)
        if player.name == "silent" and after is None:
            self.notice = silent_notice(skipped)
            log.warning("No sound (%s): %s", self.notice.key, technical_help(skipped, self._env))
        return player, reason

    # --- CuePlayer

    @property
    def name(self) -> str:
        return self._active.name

    @property
    def is_silent(self) -> bool:
        return self._active.name == "silent"

    def set_listener(self, listener: ChangeListener | None) -> None:
        self._listener = listener

    def play(self, sound: Sound) -> None:
        if self._closed:
            return
        self._last_played[sound] = time.monotonic()
        player = self._active
        try:
            player.play(sound)
        except Exception as exc:  # a backend bug: treat it like a failed device
            log.exception("audio backend %s raised from play()", player.name)
            self._on_failure(player, sound, f"{player.name} crashed ({exc})")

    def set_volume(self, volume: int) -> None:
        self._volume = volume
        self._active.set_volume(volume)

    def stop(self) -> None:
        self._active.stop()

    def close(self) -> None:
        self._closed = True
        self._active.close()

    # --- changes

    def retry(self) -> bool:
        """When silent, look for a working backend again; True if sound is back.

        For the "Test sound" menu item: a person who plugged in headphones
        after the notice should not have to restart the app.
        """
        with self._lock:
            if self._closed or not self.is_silent:
                return not self.is_silent
            new, reason = self._select(after=None)
            if new.name == "silent":
                return False
            old, self._active, self.reason, self.notice = self._active, new, reason, None
        old.close()
        self._tell(new.name, reason, None)
        return True

    def _on_failure(self, player: CuePlayer, sound: Sound, reason: str) -> None:
        with self._lock:
            if player is not self._active or self._closed:
                return  # a late report from a backend already replaced
            if player.name == "silent":
                return  # nothing comes after silence
            new, why = self._select(after=player.name)
            program = new.program if isinstance(new, CommandPlayer) else ""
            self._active, self.reason = new, f"{player.name} failed ({reason}); {why}"
            self.notice = notice = handover_notice(new.name, program)
            change = self.reason
        log.warning("Audio backend %s failed (%s); now %s", player.name, reason, why)
        try:
            player.close()
        except Exception:  # pragma: no cover - closing a broken backend is best effort
            log.debug("closing %s failed", player.name, exc_info=True)
        self._tell(new.name, change, notice)
        # Replay the cue that was lost, unless it is stale by now.
        if time.monotonic() - self._last_played.get(sound, 0.0) <= REPLAY_WINDOW:
            new.play(sound)

    def _tell(self, name: str, reason: str, notice: Notice | None) -> None:
        listener = self._listener
        if listener is None:
            return
        try:
            listener(name, reason, notice)
        except Exception:
            log.exception("audio backend listener failed")

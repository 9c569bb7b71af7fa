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
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from hiptimer.audio.players import (
    BackendUnavailable,
    CommandPlayer,
    CuePlayer,
    FailureHandler,
    SilentPlayer,
    SimpleaudioPlayer,
)
from hiptimer.audio.sounds import Sound, SoundBank

log = logging.getLogger(__name__)

BACKENDS: tuple[str, ...] = ("simpleaudio", "command", "silent")
DISABLE_ENV = "HIPTIMER_AUDIO_DISABLE"
REPLAY_WINDOW = 0.5  # s: a sound that failed later than this after it was due is not replayed

ChangeListener = Callable[[str, str], None]
"""Called with (new backend name, human reason) after a mid-session hand-over."""


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


@dataclass(frozen=True)
class Skipped:
    """A backend that was not used, and why."""

    backend: str
    why: str
    kind: str  # "disabled", "missing", "device", "failed", "sounds"


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


def _kind_of(why: str) -> str:
    if "not installed" in why or "no sound program" in why or "failed to load" in why:
        return "missing"
    if "device" in why or "exited with" in why:
        return "device"
    return "failed"


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
            passed.append(Skipped(name, str(exc), _kind_of(str(exc))))
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


def silent_notice(skipped: Iterable[Skipped], env: Mapping[str, str] | None = None) -> str:
    """Why there is no sound and what to do about it, in words for the user."""
    skipped = list(skipped)
    env = os.environ if env is None else env
    kinds = {s.kind for s in skipped}
    lines = ["No sound: cues are shown on screen instead."]
    lines += [f"  {s.backend}: {s.why}" for s in skipped]
    fixes: list[str] = []
    if "sounds" in kinds:
        fixes.append("reinstall hiptimer (its cue sounds are missing), or from a source "
                     "checkout run: python scripts/make_sounds.py")
    if "disabled" in kinds and DISABLE_ENV in env:
        fixes.append(f"unset {DISABLE_ENV} (now {env.get(DISABLE_ENV, '')!r})")
    if "device" in kinds or "failed" in kinds:
        fixes.append("check that a sound device is connected, switched on and not muted"
                     + (" (`aplay -l` lists ALSA devices)" if sys.platform.startswith("linux")
                        else ""))
    if any(s.backend == "simpleaudio" and s.kind == "missing" for s in skipped):
        fix = "install the audio extra: pip install 'hiptimer[audio]' (simpleaudio-patched)"
        if sys.platform.startswith("linux"):
            fix += "; it builds against the ALSA headers: sudo apt install libasound2-dev"
        fixes.append(fix)
    if any(s.backend == "command" and s.kind == "missing" for s in skipped) and \
            sys.platform.startswith("linux"):
        fixes.append("or install a sound program: sudo apt install alsa-utils (aplay)")
    if fixes:
        lines.append("To get sound: " + "; ".join(fixes) + ". Then restart hiptimer.")
    return "\n".join(lines)


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
        self._skipped: list[Skipped] = []
        self._last_played: dict[Sound, float] = {}
        self._closed = False
        self._active: CuePlayer
        if len(bank) == 0:
            # Nothing to play: say so instead of opening a device for nothing.
            why = f"no cue sound files in {bank.directory or 'the sounds folder'}"
            self._skipped.append(Skipped("sounds", why, "sounds"))
            self._active, self.reason = SilentPlayer(why), f"no sound: {why}"
            log.error("Audio backend: silent; %s", why)
            return
        self._active, self.reason = select_player(
            bank, volume=volume, disabled=self._disabled, on_failure=self._on_failure,
            skipped=self._skipped)

    # --- CuePlayer

    @property
    def name(self) -> str:
        return self._active.name

    @property
    def active(self) -> CuePlayer:
        return self._active

    @property
    def is_silent(self) -> bool:
        return self._active.name == "silent"

    @property
    def notice(self) -> str | None:
        """The user-facing explanation when the chain ended up silent."""
        return silent_notice(self._skipped, self._env) if self.is_silent else None

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

    # --- hand-over

    def _on_failure(self, player: CuePlayer, sound: Sound, reason: str) -> None:
        with self._lock:
            if player is not self._active or self._closed:
                return  # a late report from a backend already replaced
            if player.name == "silent":
                return  # nothing comes after silence
            self._skipped.append(Skipped(player.name, reason, _kind_of(reason)))
            new, why = select_player(self._bank, volume=self._volume,
                                     disabled=self._disabled, after=player.name,
                                     on_failure=self._on_failure, skipped=self._skipped)
            self._active, self.reason = new, f"{player.name} failed ({reason}); {why}"
        log.warning("Audio backend %s failed (%s); switching to %s", player.name, reason,
                    new.name)
        try:
            player.close()
        except Exception:  # pragma: no cover - closing a broken backend is best effort
            log.debug("closing %s failed", player.name, exc_info=True)
        listener = self._listener
        if listener is not None:
            try:
                listener(new.name, self.reason)
            except Exception:
                log.exception("audio backend listener failed")
        # Replay the cue that was lost, unless it is stale by now.
        if time.monotonic() - self._last_played.get(sound, 0.0) <= REPLAY_WINDOW:
            new.play(sound)

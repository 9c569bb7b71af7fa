"""What to tell a person about sound, in plain words, and what to tell the log.

A :class:`Notice` has a ``text`` for the window (no error codes, no library
names) and a stable ``key`` the app can store, so the same notice is not
shown on every launch. The technical reason (ALSA errors, exit codes, what to
install) goes to the log through :func:`technical_help` and the callers'
``log.warning`` lines.

Keys:

================== ======================================================
key                when
================== ======================================================
``no-device``      at start-up: a sound library or program exists, but no
                   sound device answered
``no-player``      at start-up: nothing to play sound with is installed
``no-sound-files`` at start-up: the cue WAV files are missing
``sound-disabled`` at start-up: ``HIPTIMER_AUDIO_DISABLE`` turned sound off
``sound-lost``     mid-session: sound stopped working and nothing else can
                   play it; cues flash from now on
``fallback-<prog>`` mid-session: the sound backend failed and another took
                   over, e.g. ``fallback-aplay``; sound goes on
================== ======================================================
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

DISABLE_ENV = "HIPTIMER_AUDIO_DISABLE"

NO_DEVICE = "no-device"
NO_PLAYER = "no-player"
NO_SOUND_FILES = "no-sound-files"
SOUND_DISABLED = "sound-disabled"
SOUND_LOST = "sound-lost"
FALLBACK_PREFIX = "fallback-"

_FLASH = "so cues will flash on screen instead."
TEXTS: dict[str, str] = {
    NO_DEVICE: f"No sound device was found, {_FLASH} Sound settings: Sound menu.",
    NO_PLAYER: f"hiptimer has nothing to play sound with on this computer, {_FLASH} "
               "The log file says what to install.",
    NO_SOUND_FILES: f"The cue sounds are missing from this copy of hiptimer, {_FLASH} "
                    "Reinstalling hiptimer brings them back.",
    SOUND_DISABLED: f"Sound is switched off by the {DISABLE_ENV} setting, {_FLASH}",
    SOUND_LOST: f"Sound stopped working, {_FLASH} Sound settings: Sound menu.",
}
FALLBACK_TEXT = ("Sound had a problem, so hiptimer switched to another way of playing it. "
                 "Sound settings: Sound menu.")


@dataclass(frozen=True)
class Notice:
    """A sentence for the person, and a key that stays the same across runs."""

    key: str
    text: str


@dataclass(frozen=True)
class Skipped:
    """A backend that was not used, and why (technical, for the log)."""

    backend: str
    why: str
    kind: str  # "disabled", "missing", "device", "failed", "sounds"


def kind_of(why: str) -> str:
    """Sort a backend's failure reason into a :class:`Skipped` kind."""
    if "not installed" in why or "no sound program" in why or "failed to load" in why:
        return "missing"
    if "device" in why or "exited with" in why:
        return "device"
    return "failed"


def notice(key: str) -> Notice:
    """The notice called ``key`` (a ``fallback-`` key gives the fallback text)."""
    if key.startswith(FALLBACK_PREFIX):
        return Notice(key, FALLBACK_TEXT)
    return Notice(key, TEXTS[key])


def silent_notice(skipped: Iterable[Skipped]) -> Notice:
    """Why there is no sound at start-up, from the backends passed over.

    The most useful explanation wins: missing files, then a device that did
    not answer, then the disable variable, then nothing installed.
    """
    kinds = {s.kind for s in skipped}
    if "sounds" in kinds:
        return notice(NO_SOUND_FILES)
    if kinds & {"device", "failed"}:
        return notice(NO_DEVICE)
    if "disabled" in kinds:
        return notice(SOUND_DISABLED)
    if "missing" in kinds:
        return notice(NO_PLAYER)
    return notice(NO_DEVICE)


def handover_notice(new_backend: str, program: str = "") -> Notice:
    """What to say when the backend failed mid-session and ``new_backend`` took over."""
    if new_backend == "silent":
        return notice(SOUND_LOST)
    return notice(FALLBACK_PREFIX + (program or new_backend))


def technical_help(skipped: Iterable[Skipped], env: Mapping[str, str] | None = None) -> str:
    """For the log: each backend passed over and why, then how to get sound."""
    skipped = list(skipped)
    env = os.environ if env is None else env
    kinds = {s.kind for s in skipped}
    parts = [f"{s.backend}: {s.why}" for s in skipped]
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
    text = "; ".join(parts)
    if fixes:
        text += ". To get sound: " + "; ".join(fixes)
    return text

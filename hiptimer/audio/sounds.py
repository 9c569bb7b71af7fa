"""The cue sounds: their names, and a bank holding them decoded in memory.

Every sound is a WAV in ``assets/sounds`` (made by ``scripts/make_sounds.py``)
in one format: mono, 16-bit, 44100 Hz. The bank decodes them once, knows how
long each lasts (the scheduler spaces spoken cues by it) and scales samples
for the volume, caching the result per volume so a cue costs no work when it
is due.

Besides the bundled :class:`Sound` files the bank holds :class:`Phrase` clips:
speech rendered ahead by :mod:`hiptimer.audio.speech`, in the same format, so
a rendered phrase plays through exactly the same path as a bundled cue.
"""

from __future__ import annotations

import array
import enum
import logging
import sys
import threading
import wave
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

RATE = 44100
CHANNELS = 1
SAMPLE_WIDTH = 2  # bytes
MAX_COUNT = 30  # highest rep number with a voice file


class Sound(enum.Enum):
    """One cue sound; the value is the file name without ``.wav``."""

    TICK = "tick"
    TICK_FINAL = "tick_final"
    GO = "go"
    RELEASE = "release"
    REP_DONE = "rep_done"
    HALFWAY = "halfway"
    SWITCH_SIDES = "switch_sides"
    REST = "rest"
    NEXT_EXERCISE = "next_exercise"
    EXERCISE_DONE = "exercise_done"
    ROUTINE_DONE = "routine_done"

    VOICE_SWITCH_SIDES = "voice_switch_sides"
    VOICE_LEFT_SIDE = "voice_left_side"
    VOICE_RIGHT_SIDE = "voice_right_side"
    VOICE_REST = "voice_rest"
    VOICE_RELEASE = "voice_release"
    VOICE_HOLD = "voice_hold"
    VOICE_NEXT_EXERCISE = "voice_next_exercise"
    VOICE_LAST_REP = "voice_last_rep"
    VOICE_ROUTINE_COMPLETE = "voice_routine_complete"
    VOICE_GET_READY = "voice_get_ready"
    VOICE_HALFWAY = "voice_halfway"

    VOICE_1 = "voice_1"
    VOICE_2 = "voice_2"
    VOICE_3 = "voice_3"
    VOICE_4 = "voice_4"
    VOICE_5 = "voice_5"
    VOICE_6 = "voice_6"
    VOICE_7 = "voice_7"
    VOICE_8 = "voice_8"
    VOICE_9 = "voice_9"
    VOICE_10 = "voice_10"
    VOICE_11 = "voice_11"
    VOICE_12 = "voice_12"
    VOICE_13 = "voice_13"
    VOICE_14 = "voice_14"
    VOICE_15 = "voice_15"
    VOICE_16 = "voice_16"
    VOICE_17 = "voice_17"
    VOICE_18 = "voice_18"
    VOICE_19 = "voice_19"
    VOICE_20 = "voice_20"
    VOICE_21 = "voice_21"
    VOICE_22 = "voice_22"
    VOICE_23 = "voice_23"
    VOICE_24 = "voice_24"
    VOICE_25 = "voice_25"
    VOICE_26 = "voice_26"
    VOICE_27 = "voice_27"
    VOICE_28 = "voice_28"
    VOICE_29 = "voice_29"
    VOICE_30 = "voice_30"

    @property
    def is_voice(self) -> bool:
        return self.value.startswith("voice_")

    @property
    def filename(self) -> str:
        return f"{self.value}.wav"

    @classmethod
    def number(cls, n: int) -> Sound | None:
        """The spoken number ``n``, or None when there is no file for it."""
        if 1 <= n <= MAX_COUNT:
            return cls(f"voice_{n}")
        return None


@dataclass(frozen=True)
class Phrase:
    """A spoken phrase rendered by a speech engine; the bank holds its frames.

    ``value`` is a stable, file-name-safe id (the backends use it in file
    names and logs), ``text`` what it says.
    """

    value: str
    text: str = field(compare=False)

    is_voice = True

    @property
    def filename(self) -> str:
        return f"{self.value}.wav"


Playable = Sound | Phrase
"""Anything a backend can play: a bundled cue sound or a rendered phrase."""


class SoundFormatError(ValueError):
    """A WAV file is not mono 16-bit 44100 Hz PCM."""


def read_pcm(path: Path) -> bytes:
    """The PCM frames of ``path``, checked to be in the cue format."""
    with wave.open(str(path), "rb") as w:
        fmt = (w.getnchannels(), w.getsampwidth(), w.getframerate())
        if fmt != (CHANNELS, SAMPLE_WIDTH, RATE) or w.getcomptype() != "NONE":
            raise SoundFormatError(
                f"{path}: expected mono 16-bit {RATE} Hz PCM, got "
                f"{fmt[0]} channel(s), {fmt[1] * 8}-bit, {fmt[2]} Hz {w.getcomptype()}"
            )
        return w.readframes(w.getnframes())


def volume_gain(volume: int) -> float:
    """The amplitude factor for a 0-100 volume.

    Squared, so the slider feels even: 50 is about -12 dB, 10 about -40 dB.
    A linear factor would make the top half of the slider sound all the same.
    """
    v = max(0, min(100, int(volume)))
    return (v / 100.0) ** 2


def scale_pcm(pcm: bytes, gain: float) -> bytes:
    """16-bit little-endian ``pcm`` with every sample multiplied by ``gain``."""
    if gain >= 1.0:
        return pcm
    samples = array.array("h")
    samples.frombytes(pcm)
    if sys.byteorder == "big":
        samples.byteswap()
    # gain < 1, so no sample can overflow; round() keeps silence at zero
    scaled = array.array("h", [round(s * gain) for s in samples])
    if sys.byteorder == "big":
        scaled.byteswap()
    return scaled.tobytes()


class SoundBank:
    """All cue sounds, decoded once, with per-volume copies made on demand.

    Missing or malformed files are logged and left out; playing one of them
    is a no-op in every backend, so a damaged install still runs.
    """

    def __init__(self, pcm: dict[Sound, bytes], directory: Path | None = None) -> None:
        self.directory = directory
        self._pcm: dict[Playable, bytes] = dict(pcm)
        self._scaled: dict[int, dict[Playable, bytes]] = {}
        self._paths: dict[Phrase, Path] = {}
        self._lock = threading.Lock()

    @classmethod
    def load(cls, directory: Path | None = None, sounds: Iterable[Sound] = Sound) -> SoundBank:
        if directory is None:
            from hiptimer.paths import sounds_dir

            directory = sounds_dir()
        pcm: dict[Sound, bytes] = {}
        missing: list[str] = []
        for sound in sounds:
            path = directory / sound.filename
            try:
                pcm[sound] = read_pcm(path)
            except FileNotFoundError:
                missing.append(sound.filename)
            except (OSError, EOFError, wave.Error, SoundFormatError) as exc:
                log.warning("Cannot use sound %s: %s", path, exc)
        if missing:
            log.warning("Missing %d cue sound(s) in %s: %s", len(missing), directory,
                        ", ".join(missing))
        log.debug("Loaded %d cue sounds from %s", len(pcm), directory)
        return cls(pcm, directory)

    def __contains__(self, sound: object) -> bool:
        return sound in self._pcm

    def __len__(self) -> int:
        """How many bundled sounds loaded (rendered phrases do not count)."""
        return sum(1 for s in self._pcm if isinstance(s, Sound))

    @property
    def sounds(self) -> frozenset[Sound]:
        """The bundled sounds that loaded."""
        return frozenset(s for s in self._pcm if isinstance(s, Sound))

    # --- rendered phrases

    def add_phrase(self, phrase: Phrase, pcm: bytes, path: Path | None = None) -> None:
        """Hold ``phrase``'s frames (cue format), and the file they are cached in."""
        with self._lock:
            self._pcm[phrase] = pcm
            if path is not None:
                self._paths[phrase] = path

    def keep_phrases(self, keep: Iterable[Phrase]) -> int:
        """Forget every rendered phrase not in ``keep`` (a new session); returns how many."""
        keep = set(keep)
        with self._lock:
            gone = [s for s in self._pcm if isinstance(s, Phrase) and s not in keep]
            for phrase in gone:
                del self._pcm[phrase]
                self._paths.pop(phrase, None)
                for cache in self._scaled.values():
                    cache.pop(phrase, None)
        return len(gone)

    @property
    def phrases(self) -> frozenset[Phrase]:
        with self._lock:
            return frozenset(s for s in self._pcm if isinstance(s, Phrase))

    def path(self, sound: Playable) -> Path | None:
        """The file the sound came from, when it came from one."""
        if isinstance(sound, Phrase):
            return self._paths.get(sound)
        return self.directory / sound.filename if self.directory else None

    def duration(self, sound: Playable) -> float:
        """Length in seconds (0 for a missing sound)."""
        return len(self._pcm.get(sound, b"")) / (RATE * CHANNELS * SAMPLE_WIDTH)

    def pcm(self, sound: Playable, volume: int = 100) -> bytes | None:
        """The frames at ``volume`` (0-100); None when the sound is missing.

        At 100 these are the file's bytes unchanged. Other volumes are scaled
        once and cached; only the latest volume is kept besides 100, since a
        user moves the slider and then leaves it.
        """
        base = self._pcm.get(sound)
        if base is None:
            return None
        gain = volume_gain(volume)
        if gain >= 1.0:
            return base
        with self._lock:
            cache = self._scaled.get(volume)
            if cache is None:
                self._scaled = {volume: {}}
                cache = self._scaled[volume]
            data = cache.get(sound)
            if data is None:
                data = cache[sound] = scale_pcm(base, gain)
        return data


def silence(seconds: float) -> bytes:
    """``seconds`` of silent frames in the cue format."""
    return bytes(round(seconds * RATE) * CHANNELS * SAMPLE_WIDTH)


def wav_bytes(pcm: bytes) -> bytes:
    """A complete WAV file holding ``pcm`` in the cue format."""
    import io

    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(CHANNELS)
        w.setsampwidth(SAMPLE_WIDTH)
        w.setframerate(RATE)
        w.writeframes(pcm)
    return buf.getvalue()

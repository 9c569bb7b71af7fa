"""What the voice says and how it sounds: the presets, the parts, the engine settings."""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass, replace

from hiptimer.audio.speech.engines import DEFAULT_RATE

log = logging.getLogger(__name__)

MIN_RATE, MAX_RATE = 80, 260  # words per minute


class Part(enum.Enum):
    """One switchable kind of spoken guidance."""

    CUES = "cues"  # get ready / next / hold / release / rest / halfway / switch sides / complete
    REPS = "reps"  # rep numbers, "Last rep"
    NAMES = "names"  # the exercise's name at get-ready
    SETS = "sets"  # "Rest, 45 seconds. Then set 2 of 3."
    SUMMARY = "summary"  # "3 of 3 exercise sides done." at the end
    COUNTDOWN = "countdown"  # "3", "2", "1" spoken over the last ticks
    SETUP = "setup"  # the first line of the set-up at get-ready


class Preset(enum.Enum):
    OFF = "off"
    ESSENTIAL = "essential"
    NAMES = "names"
    FULL = "full"

    @property
    def label(self) -> str:
        return PRESET_LABELS[self]

    @property
    def parts(self) -> frozenset[Part]:
        return PRESET_PARTS[self]


PRESET_LABELS = {
    Preset.OFF: "Off",
    Preset.ESSENTIAL: "Essential cues",
    Preset.NAMES: "Cues and names",
    Preset.FULL: "Full coaching",
}
_ESSENTIAL = frozenset({Part.CUES, Part.REPS})
_NAMES = _ESSENTIAL | {Part.NAMES, Part.SETS, Part.SUMMARY}
PRESET_PARTS: dict[Preset, frozenset[Part]] = {
    Preset.OFF: frozenset(),
    Preset.ESSENTIAL: _ESSENTIAL,
    Preset.NAMES: _NAMES,
    Preset.FULL: _NAMES | {Part.COUNTDOWN, Part.SETUP},
}
DEFAULT_PRESET = Preset.NAMES

ENGINES = ("auto", "espeak-ng", "piper", "say", "sapi", "bundled")
"""Values of :attr:`SpeechOptions.engine`: "auto" picks the best that works."""


@dataclass(frozen=True)
class SpeechOptions:
    """The speech settings (remembered in settings.json by the app)."""

    preset: Preset = DEFAULT_PRESET
    parts: frozenset[Part] | None = None  # None: the preset's parts
    voice: str = ""  # engine voice name; "" for the engine's default
    rate: int = DEFAULT_RATE  # words per minute
    volume: int = 100  # 0-100, speech relative to the beeps
    engine: str = "auto"
    piper_model: str = ""  # a Piper voice model (.onnx) the user installed; "" for none

    @property
    def spoken(self) -> frozenset[Part]:
        """The parts that are spoken."""
        if self.preset is Preset.OFF:
            return frozenset()
        return self.parts if self.parts is not None else self.preset.parts

    def normalised(self) -> SpeechOptions:
        try:
            rate = max(MIN_RATE, min(MAX_RATE, int(self.rate)))
        except (TypeError, ValueError):
            rate = DEFAULT_RATE
        try:
            volume = max(0, min(100, int(self.volume)))
        except (TypeError, ValueError):
            volume = 100
        engine = self.engine if self.engine in ENGINES else "auto"
        if engine != self.engine:
            log.warning("Unknown speech engine %r; using auto", self.engine)
        preset = self.preset if isinstance(self.preset, Preset) else DEFAULT_PRESET
        return replace(self, rate=rate, volume=volume, engine=engine, preset=preset,
                       voice=str(self.voice or ""), piper_model=str(self.piper_model or ""))

    @classmethod
    def from_values(cls, *, preset: str = DEFAULT_PRESET.value, voice: str = "",
                    rate: int = DEFAULT_RATE, volume: int = 100, engine: str = "auto",
                    piper_model: str = "") -> SpeechOptions:
        """From the plain values a settings file holds; bad ones fall back, loudly."""
        try:
            chosen = Preset(preset)
        except ValueError:
            log.warning("Unknown speech preset %r; using %s", preset, DEFAULT_PRESET.value)
            chosen = DEFAULT_PRESET
        return cls(preset=chosen, voice=voice, rate=rate, volume=volume, engine=engine,
                   piper_model=piper_model).normalised()

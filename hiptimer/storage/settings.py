"""The settings file: small, typed JSON, written atomically.

Unknown keys and bad values fall back to defaults with a warning in the log;
a damaged file never stops the app. Writes go to a temporary file that then
replaces the old one, so a crash mid-write leaves the previous settings.
"""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hiptimer.core.model import DoseChoice

log = logging.getLogger(__name__)

THEMES = ("system", "light", "dark")
# Spoken guidance (hiptimer.audio.speech.options; storage may not import audio).
SPEECH_PRESETS = ("off", "essential", "names", "full")
SPEECH_ENGINES = ("auto", "espeak-ng", "piper", "say", "sapi", "bundled")
_RANGES = {"volume": (0, 100), "speech_volume": (0, 100), "speech_rate": (80, 260)}
_CHOICES = {"theme": THEMES, "system_scheme": ("", "light", "dark"), "speech_preset": SPEECH_PRESETS,
            "speech_engine": SPEECH_ENGINES}


class Settings:
    """The user's settings, with a default for each.

    A plain class, not a dataclass: settings are read before the first
    frame, and the dataclass machinery alone costs that frame several
    milliseconds. Every field is declared once, in :data:`_DEFAULTS`'s
    order below; lists and dicts are copied for each instance.
    """

    volume: int  # 0-100
    muted: bool
    voice: bool
    countdown_beeps: bool
    speech_preset: str  # off, essential, names (cues and names), full (coaching)
    speech_voice: str  # the engine's voice name; "" for its default
    speech_rate: int  # words per minute
    speech_volume: int  # speech relative to the beeps, 0-100
    speech_engine: str
    piper_model: str  # a Piper voice model (.onnx) the user installed
    notifications: bool  # desktop notifications while the window is covered
    manual_reps: bool
    theme: str
    # The desktop's light or dark scheme at the last run ("" before the first):
    # the first frame uses it, and it is checked once the window is on screen.
    system_scheme: str
    disclaimer_seen: bool
    window_geometry: str  # base64 of QWidget.saveGeometry()
    fullscreen: bool  # start every session fullscreen (F and F11 toggle one session)
    seen_notices: list[str]  # keys of notices already shown once
    last_routine: str
    # routine id -> exercise id -> {"hold": s, "reps": n, "sets": n}
    doses: dict[str, dict[str, dict[str, int]]]

    def __init__(self, **values: object) -> None:
        for name, default in _DEFAULTS.items():
            setattr(self, name, copy_default(default))
        for name, value in values.items():
            if name not in _DEFAULTS:
                raise TypeError(f"Settings has no field {name!r}")
            setattr(self, name, value)

    def as_dict(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in _DEFAULTS}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Settings) and self.as_dict() == other.as_dict()

    def __repr__(self) -> str:
        return "Settings(" + ", ".join(f"{k}={v!r}" for k, v in self.as_dict().items()) + ")"

    def dose_choices(self, routine_id: str) -> dict[str, DoseChoice]:
        from hiptimer.core.model import DoseChoice  # not at import: settings are read before the first paint

        out = {}
        for ex_id, pick in self.doses.get(routine_id, {}).items():
            out[ex_id] = DoseChoice(hold=pick.get("hold"), reps=pick.get("reps"), sets=pick.get("sets"))
        return out

    def set_dose(self, routine_id: str, exercise_id: str, **values: int | None) -> None:
        pick = self.doses.setdefault(routine_id, {}).setdefault(exercise_id, {})
        for key, value in values.items():
            if value is None:
                pick.pop(key, None)
            else:
                pick[key] = int(value)


_DEFAULTS: dict[str, object] = {
    "volume": 80, "muted": False, "voice": True, "countdown_beeps": True,
    "speech_preset": "names", "speech_voice": "", "speech_rate": 150, "speech_volume": 100,
    "speech_engine": "auto", "piper_model": "", "notifications": True, "manual_reps": False,
    "theme": "system", "system_scheme": "", "disclaimer_seen": False, "window_geometry": "",
    "fullscreen": False, "seen_notices": [], "last_routine": "", "doses": {},
}


def copy_default(value: object) -> object:
    """A fresh list or dict for each Settings (never one shared by all)."""
    return value.copy() if isinstance(value, list | dict) else value


def _short(value: object) -> str:
    """A bad value as the log shows it: its repr, cut to 60 characters."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _valid(name: str, value: object, default: object) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int):
        low, high = _RANGES.get(name, (value, value))
        return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
    if isinstance(default, str):
        return isinstance(value, str) and len(value) <= 4096 and (
            name not in _CHOICES or value in _CHOICES[name])
    if name == "seen_notices":
        return isinstance(value, list) and len(value) <= 100 and all(
            isinstance(v, str) and len(v) <= 200 for v in value)
    return False


MAX_SETTINGS_BYTES = 1024 * 1024
"""The settings file limit: hiptimer writes a few kilobytes."""


def _read_settings(path: Path) -> str:
    """The file's text: a regular file within the limit, read without blocking."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file")
        data = fh.read(MAX_SETTINGS_BYTES + 1)
    if len(data) > MAX_SETTINGS_BYTES:
        raise ValueError(f"over the settings file limit of {MAX_SETTINGS_BYTES} bytes")
    return data.decode("utf-8")


def load_settings(path: Path, notices: list[str] | None = None) -> Settings:
    """The settings in ``path``, defaults for whatever is missing or wrong.

    Nothing is lost silently: an unreadable file is kept aside, and a
    sentence for the user saying so (or naming the settings that were reset)
    goes to ``notices``.
    """
    settings = Settings()
    told = notices if notices is not None else []
    try:
        raw = json.loads(_read_settings(path))
    except FileNotFoundError:
        return settings
    except (OSError, ValueError, RecursionError) as exc:
        # RecursionError: a file nested thousands deep must not stop every launch.
        log.warning("Settings file %s is unreadable (%s); using defaults", path,
                    type(exc).__name__ if isinstance(exc, RecursionError) else exc)
        told.append(_unreadable_notice(path, _keep_aside(path)))
        return settings
    if not isinstance(raw, dict):
        log.warning("Settings file %s does not hold a mapping; using defaults", path)
        told.append(_unreadable_notice(path, _keep_aside(path)))
        return settings
    reset = []
    for key, value in raw.items():
        if key not in _DEFAULTS:
            log.warning("Settings: ignoring unknown key %r", key)
            continue
        default = getattr(settings, key)
        if key == "doses" and isinstance(value, dict):  # each routine's picks checked alone
            kept = _valid_doses(value)
            settings.doses = kept
            if kept != value:
                log.warning("Settings: some saved doses were not valid and were dropped")
                reset.append("some saved doses")
        elif _valid(key, value, default):
            setattr(settings, key, value)
        else:
            log.warning("Settings: bad value %s for %r; using %r", _short(value), key,
                        default)
            reset.append(key.replace("_", " "))
    if reset:
        told.append(f"Some saved settings in {path} were not valid, so these are back to their "
                    f"defaults: {', '.join(reset)}.")
    return settings


def _unreadable_notice(path: Path, aside: Path | None) -> str:
    kept = f" The old file was kept as {aside}." if aside is not None else ""
    return (f"Your settings file {path} could not be read, so hiptimer started with its default "
            f"settings (sound, theme, saved doses).{kept}")


def _valid_doses(value: dict[object, object]) -> dict[str, dict[str, dict[str, int]]]:
    """The well-formed part of saved doses: each routine's valid exercise picks."""
    kept: dict[str, dict[str, dict[str, int]]] = {}
    for routine, picks in value.items():
        if not isinstance(routine, str) or not isinstance(picks, dict):
            continue
        good = {ex: dict(p) for ex, p in picks.items()
                if isinstance(ex, str) and isinstance(p, dict) and all(
                    k in ("hold", "reps", "sets") and isinstance(v, int) and not isinstance(v, bool)
                    for k, v in p.items())}
        if good:
            kept[routine] = good
    return kept


def _keep_aside(path: Path) -> Path | None:
    """Copy an unreadable settings file aside before the defaults replace it on the next save;
    where it went (None when it could not be kept)."""
    from datetime import datetime  # here, not at import: settings are read before the first paint

    aside = path.with_name(f"{path.name}.bad-{datetime.now():%Y%m%d-%H%M%S}")
    try:
        if path.is_file() and not aside.exists():
            with path.open("rb") as fh:
                aside.write_bytes(fh.read(SETTINGS_ASIDE_LIMIT))
            log.warning("The unreadable settings file was kept as %s", aside)
            return aside
    except OSError as exc:
        log.warning("Could not keep the unreadable settings file aside: %s", exc)
    return None


SETTINGS_ASIDE_LIMIT = 4 * 1024 * 1024  # bytes copied aside at most


def save_settings(settings: Settings, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(settings.as_dict(), indent=2, sort_keys=True)
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

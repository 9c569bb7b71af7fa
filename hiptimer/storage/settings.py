"""The settings file: small, typed JSON, written atomically.

Unknown keys and bad values fall back to defaults with a warning in the log;
a damaged file never stops the app. Writes go to a temporary file that then
replaces the old one, so a crash mid-write leaves the previous settings.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from hiptimer.core.model import DoseChoice

log = logging.getLogger(__name__)

THEMES = ("system", "light", "dark")


@dataclass
class Settings:
    volume: int = 80  # 0-100
    muted: bool = False
    voice: bool = True
    countdown_beeps: bool = True
    notifications: bool = True  # desktop notifications while the window is covered
    manual_reps: bool = False
    theme: str = "system"
    disclaimer_seen: bool = False
    window_geometry: str = ""  # base64 of QWidget.saveGeometry()
    fullscreen: bool = False  # start every session fullscreen (F and F11 toggle one session)
    seen_notices: list[str] = field(default_factory=list)  # keys of notices already shown once
    last_routine: str = ""
    # routine id -> exercise id -> {"hold": s, "reps": n, "sets": n}
    doses: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)

    def dose_choices(self, routine_id: str) -> dict[str, DoseChoice]:
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


def _valid(name: str, value: object, default: object) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool) and (
            name != "volume" or 0 <= value <= 100)
    if isinstance(default, str):
        return isinstance(value, str) and (name != "theme" or value in THEMES)
    if name == "seen_notices":
        return isinstance(value, list) and len(value) <= 100 and all(
            isinstance(v, str) and len(v) <= 200 for v in value)
    if name == "doses":
        return isinstance(value, dict) and all(
            isinstance(r, str) and isinstance(exs, dict) and all(
                isinstance(e, str) and isinstance(p, dict) and all(
                    k in ("hold", "reps", "sets") and isinstance(v, int) and not isinstance(v, bool)
                    for k, v in p.items())
                for e, p in exs.items())
            for r, exs in value.items())
    return False


def load_settings(path: Path) -> Settings:
    settings = Settings()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return settings
    except (OSError, ValueError) as exc:
        log.warning("Settings file %s is unreadable (%s); using defaults", path, exc)
        return settings
    if not isinstance(raw, dict):
        log.warning("Settings file %s does not hold a mapping; using defaults", path)
        return settings
    known = {f.name: f for f in fields(Settings)}
    for key, value in raw.items():
        if key not in known:
            log.warning("Settings: ignoring unknown key %r", key)
            continue
        default = getattr(settings, key)
        if _valid(key, value, default):
            setattr(settings, key, value)
        else:
            log.warning("Settings: bad value %r for %r; using %r", value, key, default)
    return settings


def save_settings(settings: Settings, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(asdict(settings), indent=2, sort_keys=True)
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

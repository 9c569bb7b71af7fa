"""Where hiptimer reads and writes. Nothing happens at import time.

* Bundled files (routines, images, sounds) come from the package's ``_data``
  folder in an installed wheel, or from the repository root in a checkout.
* User files follow the platform's conventions (platformdirs). Setting
  ``HIPTIMER_HOME`` puts every user folder under that one directory, for
  tests and portable use.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

APP_NAME = "hiptimer"
_PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_root() -> Path:
    """The folder holding ``routines/`` and ``assets/``."""
    packaged = _PACKAGE_DIR / "_data"
    if (packaged / "routines").is_dir():
        return packaged
    return _PACKAGE_DIR.parent


def routines_dir() -> Path:
    return bundled_root() / "routines"


def images_dir() -> Path:
    return bundled_root() / "assets" / "images"


def sounds_dir() -> Path:
    return bundled_root() / "assets" / "sounds"


class UserPaths(NamedTuple):  # a named tuple: quicker to define than a dataclass, at start-up
    data: Path  # history database, the user's own routines
    config: Path  # settings file
    log: Path
    state: Path  # window geometry and similar
    cache: Path | None = None  # files that can be made again (rendered speech); None: none

    @property
    def speech_cache(self) -> Path | None:
        """Rendered speech phrases (bounded and pruned by the audio layer)."""
        return self.cache / "speech" if self.cache is not None else None

    @property
    def routine_index(self) -> Path:
        """What the first window lists, kept between runs (:mod:`hiptimer.library.index`)."""
        return (self.cache or self.state) / "routine-index.json"

    @property
    def database(self) -> Path:
        return self.data / "history.sqlite3"

    @property
    def user_routines(self) -> Path:
        return self.data / "routines"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def log_file(self) -> Path:
        return self.log / "hiptimer.log"

    def ensure(self) -> UserPaths:
        for p in (self.data, self.config, self.log, self.state, self.user_routines):
            p.mkdir(parents=True, exist_ok=True)
        return self


def user_paths(env: dict[str, str] | None = None) -> UserPaths:
    """The user's folders; ``HIPTIMER_HOME`` overrides all of them."""
    env = dict(os.environ) if env is None else env
    home = env.get("HIPTIMER_HOME")
    if home:
        root = Path(home).expanduser()
        return UserPaths(root / "data", root / "config", root / "log", root / "state",
                         root / "cache")
    import platformdirs

    dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False)
    return UserPaths(
        Path(dirs.user_data_dir),
        Path(dirs.user_config_dir),
        Path(dirs.user_log_dir),
        Path(dirs.user_state_dir),
        Path(dirs.user_cache_dir),
    )

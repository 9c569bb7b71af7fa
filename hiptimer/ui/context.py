"""AppContext: everything the window needs, built once by :mod:`hiptimer.launch` after the first frame."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hiptimer.core.clock import Clock
from hiptimer.library.catalog import Catalog
from hiptimer.storage.settings import Settings
from hiptimer.ui.keepawake import ScreenKeeper

if TYPE_CHECKING:
    from hiptimer.audio.service import CueService
    from hiptimer.storage.service import HistoryService


@dataclass
class AppContext:
    settings: Settings
    save_settings: Callable[[Settings], None]
    catalog: Catalog
    history: HistoryService  # the retrying writer over the SQLite store
    audio: CueService | None  # None when audio could not start at all
    clock_factory: Callable[[], Clock]
    time_scale: float = 1.0
    notices: list[str] = field(default_factory=list)
    keeper: ScreenKeeper = field(default_factory=ScreenKeeper)

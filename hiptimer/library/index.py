"""The routine index: what the first window shows, kept between runs.

Reading every routine file and compiling each plan for its length costs more
than the whole first frame may. So after a full load the window writes the
list it shows (titles, levels, lengths, the header line, the files' problems)
to a small JSON file; the next start shows that list at once and reads the
files after the first paint.

The index is trusted only while its key matches: this version of hiptimer,
the two routine folders, every routine file's name, size and modification
time, and the user's chosen doses (they change the lengths). Anything else
(a missing, unreadable, oversized or malformed file) means no index, and the
window reads the files before it shows, as on a first start.

Imports stay light (no YAML, no core model): this module runs before the
first paint.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from hiptimer.core.model import Routine
    from hiptimer.core.plan import Plan

log = logging.getLogger(__name__)

FORMAT = 1
MAX_INDEX_BYTES = 1_000_000  # a few hundred routines; a bigger file is not ours
MAX_FILES = 2_000  # routine files looked at per folder for the key
MAX_CARD_HEIGHT = 1_000  # pixels


class IndexEntry(NamedTuple):
    """One routine as the list and the page header show it.

    (Named tuples rather than dataclasses: a dataclass costs a millisecond or
    more to define, and this module is imported before the first frame.)"""

    id: str
    title: str
    level: int | None
    summary: str  # the list item's tooltip
    duration: str  # e.g. "4 min 15 s", with the user's doses
    meta: str  # the header line: level, length, exercises, sides


class CatalogIndex(NamedTuple):
    entries: tuple[IndexEntry, ...]
    problems: tuple[str, ...]  # the catalog's errors, as the window lists them
    card_height: int = 0  # the Today card's height at the last quit: the first frame keeps its room

    def get(self, routine_id: str) -> IndexEntry | None:
        return next((e for e in self.entries if e.id == routine_id), None)


def entry_for(routine: Routine, plan: Plan) -> IndexEntry:
    """How the list and the page header describe ``routine``, timed by ``plan`` (its doses)."""
    from hiptimer.core.plan import format_duration

    seconds = plan.total_seconds
    level = f"Level {routine.level} \u00b7 " if routine.level else ""
    n, sides = len(routine.exercises), len(plan.parts())
    meta = (f"{level}{format_duration(seconds)} \u00b7 {n} exercise{'s' if n != 1 else ''} \u00b7 "
            f"{sides} exercise side{'s' if sides != 1 else ''}")
    return IndexEntry(id=routine.id, title=routine.title, level=routine.level,
                      summary=routine.summary, duration=format_duration(seconds), meta=meta)


def _folder_key(folder: Path | None) -> list[object]:
    if folder is None:
        return [None]
    try:
        with os.scandir(folder) as it:
            found = []
            for n, item in enumerate(it):
                if n >= MAX_FILES:
                    break
                if item.name.endswith((".yaml", ".yml")):
                    st = item.stat()
                    found.append([item.name, st.st_mtime_ns, st.st_size])
    except OSError:
        return [str(folder), "unreadable"]
    return [str(folder), sorted(found)]


def index_key(version: str, bundled: Path, user: Path | None, doses: object) -> str:
    """A string that changes whenever the index could be out of date."""
    return json.dumps([FORMAT, version, _folder_key(bundled), _folder_key(user), doses],
                      sort_keys=True, separators=(",", ":"))


def read_index(path: Path, key: str) -> CatalogIndex | None:
    """The saved index when its key is ``key``; None otherwise (never raises)."""
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_INDEX_BYTES + 1)
        if len(raw) > MAX_INDEX_BYTES:
            return None
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        entries = tuple(_entry(item) for item in data["entries"])
        problems = tuple(str(p) for p in data["problems"])
        card_height = data.get("card_height", 0)
        if not isinstance(card_height, int) or not 0 <= card_height <= MAX_CARD_HEIGHT:
            card_height = 0
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, RecursionError) as exc:
        # RecursionError: JSON nested thousands deep; the list is read from the files instead.
        log.info("Routine index at %s not used (%s)", path, type(exc).__name__)
        return None
    return CatalogIndex(entries, problems, card_height)


def _entry(item: object) -> IndexEntry:
    if not isinstance(item, dict):
        raise TypeError("an index entry is not an object")
    level = item["level"]
    if level is not None and not isinstance(level, int):
        raise TypeError("bad level")
    texts = {k: item[k] for k in ("id", "title", "summary", "duration", "meta")}
    if not all(isinstance(v, str) for v in texts.values()) or not texts["id"]:
        raise TypeError("bad text")
    return IndexEntry(level=level, **texts)


def write_index(path: Path, key: str, index: CatalogIndex) -> None:
    """Save ``index`` under ``key``, atomically; a failure only costs the next start time."""
    data = {"key": key, "entries": [e._asdict() for e in index.entries],
            "problems": list(index.problems), "card_height": index.card_height}
    tmp = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        log.info("Routine index not saved to %s (%s)", path, exc)

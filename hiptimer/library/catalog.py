"""The catalog: bundled routines plus the user's own, with errors kept apart.

One broken file never stops the others from loading. A user's file with the
same id as a bundled routine replaces it, so a modified copy just works.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from hiptimer.core.model import Routine, SelfTest
from hiptimer.library.errors import LocatedError, RoutineFileError
from hiptimer.library.loader import default_image_dirs, parse_any
from hiptimer.library.reading import read_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    routine: Routine
    origin: str  # "bundled" or "user"
    overrides_bundled: bool = False


@dataclass
class Catalog:
    entries: list[Entry] = field(default_factory=list)
    self_tests: list[SelfTest] = field(default_factory=list)
    errors: list[LocatedError] = field(default_factory=list)

    @property
    def routines(self) -> list[Routine]:
        return [e.routine for e in self.entries]

    def get(self, routine_id: str) -> Routine | None:
        for e in self.entries:
            if e.routine.id == routine_id:
                return e.routine
        return None

    def find(self, query: str) -> Routine | None:
        """By id, by a unique id prefix, or by ``level-N`` / ``N`` for the levels."""
        query = query.strip().lower()
        hit = self.get(query)
        if hit:
            return hit
        if query.isdigit():
            for r in self.routines:
                if r.level == int(query):
                    return r
        matches = [r for r in self.routines if r.id.startswith(query)]
        return matches[0] if len(matches) == 1 else None


def _order_key(r: Routine) -> tuple[int, int, str]:
    # Levels 1, 2, 3 first, then the other programs by title.
    return (0, r.level, r.title) if r.level is not None else (1, 0, r.title.lower())


def _load_folder(folder: Path, origin: str, catalog: Catalog, found: dict[str, Entry]) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.y*ml")):
        if path.suffix not in (".yaml", ".yml"):
            continue
        try:
            parsed = parse_any(read_text(path), str(path), default_image_dirs(path))
            if isinstance(parsed, list):
                catalog.self_tests.extend(parsed)
                continue
            routine = parsed
        except RoutineFileError as exc:
            catalog.errors.extend(exc.errors)
            log.warning("Skipping %s: %d problem(s)", path, len(exc.errors))
            continue
        previous = found.get(routine.id)
        if previous is not None and previous.origin == origin:
            catalog.errors.append(LocatedError(
                str(path), 0, 0, "id",
                f"expected a unique routine id, got {routine.id!r} again (also in {previous.routine.path})"))
            continue
        found[routine.id] = Entry(routine, origin, overrides_bundled=previous is not None)


def load_catalog(bundled: Path | None = None, user: Path | None = None) -> Catalog:
    """Read every routine file in the bundled folder and the user's folder."""
    from hiptimer.paths import routines_dir

    catalog = Catalog()
    found: dict[str, Entry] = {}
    _load_folder(bundled or routines_dir(), "bundled", catalog, found)
    if user is not None:
        _load_folder(user, "user", catalog, found)
    catalog.entries = sorted(found.values(), key=lambda e: _order_key(e.routine))
    return catalog

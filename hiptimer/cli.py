"""Command line: list, validate, show, history (export, import, or a readable list). Never imports Qt."""

from __future__ import annotations

import argparse
import io
import logging
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from hiptimer import __version__
from hiptimer.coach import commands as practice
from hiptimer.core.model import DoseChoice, Routine
from hiptimer.core.plan import compile_plan, format_duration
from hiptimer.core.text import for_terminal
from hiptimer.core.words import phase_words
from hiptimer.desktop.install import DESKTOP_HANDLERS, add_subcommands
from hiptimer.library.catalog import Catalog, load_catalog
from hiptimer.library.errors import RoutineFileError
from hiptimer.library.loader import default_image_dirs, parse_any, parse_routine
from hiptimer.library.reading import read_text

if TYPE_CHECKING:
    from hiptimer.storage.records import SessionRecord
    from hiptimer.storage.settings import Settings

COMMANDS = ("list", "validate", "show", "history", "install-desktop", "uninstall-desktop",
            *practice.PRACTICE_COMMANDS, *practice.QT_COMMANDS)


def _catalog() -> Catalog:
    from hiptimer.paths import user_paths

    return load_catalog(user=user_paths().user_routines)


def _mmss(seconds: int) -> str:
    m, s = divmod(seconds, 60)
    return f"{m:3d}:{s:02d}"


class _Unsaid(logging.Filter):
    """Drops log records about routine files that ``list`` prints itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        return False


def cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    # ``list`` names every broken file below, with its line and field; the
    # catalog's own "Skipping ..." warning would reach the terminal too (through
    # logging's last-resort handler) and say each problem twice.
    catalog_log = logging.getLogger("hiptimer.library.catalog")
    unsaid = _Unsaid()
    catalog_log.addFilter(unsaid)
    try:
        catalog = _catalog()
    finally:
        catalog_log.removeFilter(unsaid)
    from hiptimer.paths import user_paths
    from hiptimer.storage.settings import load_settings

    settings = load_settings(user_paths().settings_file)
    rows = []
    for entry in catalog.entries:
        r = entry.routine
        level = f"Level {r.level}" if r.level else "-"
        total = compile_plan(r, _saved_doses(r, settings)).total_seconds  # as the window lists it
        mark = " (your copy)" if entry.overrides_bundled else (" (yours)" if entry.origin == "user" else "")
        rows.append((r.id, level, format_duration(total), r.title + mark))
    width = max((len(r[0]) for r in rows), default=10)
    out.write(f"{'ID':<{width}}  {'LEVEL':<7}  {'TIME':<12}  TITLE\n")
    for rid, level, total, title in rows:
        out.write(f"{rid:<{width}}  {level:<7}  {total:<12}  {title}\n")
    if catalog.self_tests:
        out.write(f"\n{len(catalog.self_tests)} self-tests: "
                  + ", ".join(t.id for t in catalog.self_tests) + "\n")
    if catalog.errors:
        out.write(f"\n{len(catalog.errors)} problem(s) in routine files; those files were left out:\n")
        for err in catalog.errors:
            out.write(f"  {err}\n")
    return 0


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    failed = 0
    for name in args.paths:
        path = Path(name)
        files = sorted(p for p in path.glob("*.y*ml")) if path.is_dir() else [path]
        if path.is_dir() and (path.suffix in (".yaml", ".yml") or not files):
            # A folder named like a file, or one with nothing to check: saying "ok"
            # by saying nothing would pass a typo in a script.
            what = "is a folder, not a routine file" if path.suffix in (".yaml", ".yml") else (
                "is a folder with no routine files (*.yaml) in it")
            out.write(f"{path}: {what}\n")
            failed += 1
            continue
        for f in files:
            try:
                parsed = parse_any(read_text(f), str(f), default_image_dirs(f))
                if isinstance(parsed, list):
                    out.write(f"{f}: ok, {len(parsed)} self-tests\n")
                else:
                    r = parsed
                    plan = compile_plan(r)
                    total = format_duration(plan.total_seconds)
                    n = len(r.exercises)
                    out.write(f"{f}: ok, {r.id}, {n} exercise{'s' if n != 1 else ''}, "
                              f"{len(plan.parts())} exercise sides, {total}\n")
            except RoutineFileError as exc:
                failed += 1
                for err in exc.errors:
                    out.write(f"{err}\n")
    return 1 if failed else 0


def _saved_doses(routine: Routine, settings: Settings | None = None) -> dict[str, DoseChoice]:
    """The dose picks the user saved in the window for this routine (may be empty)."""
    from hiptimer.paths import user_paths
    from hiptimer.storage.settings import load_settings

    settings = settings or load_settings(user_paths().settings_file)
    choices = settings.dose_choices(routine.id)
    known = {ex.id for ex in routine.exercises}
    return {ex_id: c for ex_id, c in choices.items() if ex_id in known}


def cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    catalog = _catalog()
    routine = catalog.find(args.routine)
    if routine is None:
        path = Path(args.routine)
        if path.is_file():
            try:
                routine = parse_routine(read_text(path), str(path), default_image_dirs(path))
            except RoutineFileError as exc:
                for err in exc.errors:
                    out.write(f"{err}\n")
                return 1
        else:
            ids = ", ".join(r.id for r in catalog.routines)
            sys.stderr.write(f"hiptimer: no routine called {args.routine!r}. Known: {ids}\n")
            return 1
    choices = {} if args.defaults else _saved_doses(routine)
    plan = compile_plan(routine, choices)
    out.write(f"{routine.title}  ({routine.id})\n")
    out.write(f"Source: {routine.source.credit}\n")
    if args.defaults:
        out.write("Doses: the routine's defaults (--defaults).\n\n")
    elif choices:
        out.write("Doses: using your saved doses; add --defaults for the routine's own.\n\n")
    else:
        out.write("Doses: the routine's defaults (you have saved none for it).\n\n")
    words = [phase_words(p) for p in plan.phases]
    width = max([12, *(len(w) for w in words)])
    out.write(f"   START   END  {'SHOWS':<{width}}  SIDE   REP     SET   EXERCISE\n")
    for p, word in zip(plan.phases, words, strict=True):
        ex = routine.exercises[p.exercise_index]
        rep = f"{p.rep}/{p.reps}" if p.rep else ""
        st = f"{p.set}/{p.sets}" if p.sets > 1 else ""
        side = p.side.value if p.side.value != "none" else ""
        out.write(f"{_mmss(p.start)} {_mmss(p.end)}  {word:<{width}}  {side:<6} {rep:<7} {st:<5} "
                  f"{ex.name}\n")
    out.write(f"\nTotal: {format_duration(plan.total_seconds)} ({plan.total_seconds} s), "
              f"{len(plan.phases)} phases, {len(plan.parts())} exercise sides\n")
    return 0


def cmd_history(args: argparse.Namespace, out: TextIO) -> int:
    from hiptimer.paths import user_paths
    from hiptimer.storage import export, importer
    from hiptimer.storage.errors import HistoryError
    from hiptimer.storage.store import HistoryStore
    from hiptimer.storage.writer import HistoryWriter

    paths = user_paths().ensure()
    opened = HistoryStore.open(paths.database)
    if opened.notice:
        sys.stderr.write(f"{opened.notice}\n")
    store = opened.store
    # Replays what a run that could not save left in the journal, so an export
    # has it; a running window holds the journal, and then this does nothing.
    writer = HistoryWriter(store)
    try:
        if args.import_file:
            if not opened.persistent:
                sys.stderr.write("hiptimer: the history could not be opened for writing; "
                                 "nothing was imported.\n")
                return 1
            result = importer.import_file(store, args.import_file)
            text = result.describe()
            out.write(f"{text[:1].upper()}{text[1:]}.\n")
            return 0
        if opened.unreadable:
            # An empty export from a history that could not be read would pass
            # for a backup of nothing.
            sys.stderr.write(f"hiptimer: the history at {paths.database} could not be read, "
                             "so no export was written.\n")
            return 1
        buffer = io.StringIO()  # nothing reaches the output unless all of it was read
        if args.format == "text":
            write_history_text((session for session, _ in store.iter_sessions()), buffer)
        elif args.format == "csv":
            export.export_csv(store, buffer)
        else:
            export.export_json(store, buffer)
        out.write(buffer.getvalue())
    except importer.ImportFormatError as exc:
        sys.stderr.write(f"hiptimer: {args.import_file}: {exc}; nothing was imported.\n")
        return 1
    except HistoryError as exc:
        sys.stderr.write(f"hiptimer: {exc.message}\n")
        return 1
    finally:
        writer.close()
    return 0


def write_history_text(sessions: Iterable[SessionRecord], out: TextIO) -> int:
    """One line per session, oldest first, with how it ended in the History page's words.

    The JSON and CSV exports keep the status as stored (``completed``), for
    the importer; this listing is for reading, so a session with skipped
    sides says "Completed, 1 side skipped". Returns the number of sessions.
    """
    from hiptimer.core.outcome import outcome_text

    rows = []
    for s in sessions:
        if s.status.value == "never_started":
            continue  # as on the History page: the row was written, the session never ran
        scaled = f" (at {s.time_scale:g}x speed)" if s.time_scale != 1 else ""
        sides = f"{s.parts_done}/{s.planned_parts}" if s.planned_parts > 0 else str(s.parts_done)
        rows.append((f"{s.started_at.astimezone():%Y-%m-%d %H:%M}", s.routine_title or s.routine_id,
                     sides, outcome_text(s.status, s.parts_skipped) + scaled))
    if not rows:
        out.write("No sessions yet.\n")
        return 0
    width = max(len("ROUTINE"), *(len(r[1]) for r in rows))
    out.write(f"{'STARTED':<16}  {'ROUTINE':<{width}}  {'SIDES':>7}  OUTCOME\n")
    for started, title, sides, outcome in rows:
        out.write(f"{started:<16}  {title:<{width}}  {sides:>7}  {outcome}\n")
    return len(rows)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hiptimer",
        description="Guided hip rotation routines. Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"hiptimer {__version__}")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("list", help="list the routines, their level and length, and broken files")
    p = sub.add_parser("validate", help="check routine files; exit 1 with located errors")
    p.add_argument("paths", nargs="+", metavar="PATH", help="routine files or folders")
    p = sub.add_parser("show", help="print a routine's timeline and total time, with your saved doses")
    p.add_argument("routine", metavar="ROUTINE", help="routine id (e.g. level-1), level number or file")
    p.add_argument("--defaults", action="store_true",
                   help="use the routine's default doses, not the ones you saved in the window")
    p = sub.add_parser("history", help="export history and measurements, list the sessions, "
                                        "or import an export")
    p.add_argument("--format", choices=("csv", "json", "text"), default="json",
                   help="json or csv: a full export; text: one line per session, to read")
    p.add_argument("--import", dest="import_file", metavar="FILE", help="merge a JSON export")
    add_subcommands(sub)
    practice.add_subcommands(sub)
    return parser


class TerminalText(io.TextIOBase):
    """A text stream that writes through :func:`~hiptimer.core.text.for_terminal`."""

    def __init__(self, out: TextIO) -> None:
        super().__init__()
        self._out = out

    def write(self, text: str) -> int:
        self._out.write(for_terminal(text))
        return len(text)

    def flush(self) -> None:
        self._out.flush()


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    handlers = {"list": cmd_list, "validate": cmd_validate, "show": cmd_show, "history": cmd_history,
                **DESKTOP_HANDLERS, **practice.HANDLERS}
    if args.command is None:
        build_parser().print_help(out)
        return 0
    readable = args.command == "history" and vars(args).get("format") == "text"
    if readable or args.command in ("list", "validate", "show", *practice.PRACTICE_COMMANDS):
        out = TerminalText(out)  # titles and notes from files: never escape codes
    try:
        return handlers[args.command](args, out)
    except BrokenPipeError:
        return 0
    except OSError as exc:
        sys.stderr.write(f"hiptimer: {exc}\n")
        return 2

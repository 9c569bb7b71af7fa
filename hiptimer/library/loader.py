"""Routine YAML -> :mod:`hiptimer.core.model`, with errors a user can act on.

The entry points. A file is read and composed into YAML nodes
(:mod:`~hiptimer.library.reading`), each value is checked against the field
tables (:mod:`~hiptimer.library.fields`) and the routine or self-tests are
built from them (:mod:`~hiptimer.library.building`). Every problem names
the file, the line and column, the field path, what was expected and what
was found, e.g.::

    routines/level-2.yaml:14:9: exercises[1].dose.hold: expected seconds between 1 and 3600, got -5

All problems in a file are collected, so one run shows every fix needed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from hiptimer.core.model import Routine, SelfTest
from hiptimer.library.building import DocumentReader, node_kind
from hiptimer.library.errors import LocatedError, RoutineFileError
from hiptimer.library.fields import StopReading
from hiptimer.library.reading import compose, read_text

T = TypeVar("T")


def _run(reader: DocumentReader, read: Callable[[], T]) -> T:
    try:
        result = read()
    except StopReading:
        reader.errors.append(LocatedError(reader.file, 0, 0, "", "too many errors; stopped here"))
        raise RoutineFileError(reader.errors) from None
    except RecursionError:
        raise RoutineFileError([LocatedError(reader.file, 0, 0, "", "the file is nested too deeply")]) from None
    if reader.errors:
        raise RoutineFileError(reader.errors)
    return result


def default_image_dirs(file: str | Path | None = None) -> list[Path]:
    from hiptimer.paths import images_dir

    dirs = [images_dir()]
    if file is not None:
        here = Path(file).resolve().parent
        dirs += [here, here / "images"]
    return dirs


def parse_routine(text: str, file: str = "<text>", image_dirs: list[Path] | None = None) -> Routine:
    """Parse routine YAML text; raise :class:`RoutineFileError` with every problem."""
    reader = DocumentReader(file, image_dirs if image_dirs is not None else default_image_dirs())
    node = compose(text, file)
    routine = _run(reader, lambda: reader.routine(node))
    assert routine is not None
    return routine


def parse_any(text: str, file: str, image_dirs: list[Path]) -> Routine | list[SelfTest]:
    """A routine, or the self-tests of a ``kind: self-tests`` file; composed once."""
    reader = DocumentReader(file, image_dirs)
    node = compose(text, file)
    if node_kind(node) == "self-tests":
        return _run(reader, lambda: reader.self_tests(node))
    routine = _run(reader, lambda: reader.routine(node))
    assert routine is not None
    return routine


def load_routine(path: str | Path, image_dirs: list[Path] | None = None) -> Routine:
    path = Path(path)
    text = read_text(path)
    return parse_routine(text, str(path), image_dirs if image_dirs is not None else default_image_dirs(path))


def parse_self_tests(text: str, file: str = "<text>",
                     image_dirs: list[Path] | None = None) -> list[SelfTest]:
    reader = DocumentReader(file, image_dirs if image_dirs is not None else default_image_dirs())
    node = compose(text, file)
    return _run(reader, lambda: reader.self_tests(node))


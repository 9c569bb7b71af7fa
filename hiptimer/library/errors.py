"""Located errors in routine files."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LocatedError:
    """One problem in a file, with where it is and what to do about it.

    ``line`` and ``column`` are 1-based; 0 when unknown (e.g. unreadable file).
    """

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class RoutineFileError(Exception):
    """A routine file that cannot be used; carries every problem found in it."""

    def __init__(self, errors: list[LocatedError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))

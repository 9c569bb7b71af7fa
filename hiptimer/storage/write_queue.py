"""The history writer's queue: writes waiting for the database, in order, kept on disk meanwhile.

:class:`WriteQueue` holds the writes the database has not taken yet, first
in, first out, and keeps them in the journal beside the database
(:mod:`.journal`): a new write is appended and synced before the database is
tried, the file is rewritten only when the queue is reordered, and emptied
once the queue is. It also remembers the writes of this run that did land
(the latest :data:`MAX_REMEMBERED`), so that all of them can be written
again into a new file if the database is deleted while the app runs. Which
write to try when, and what a failure means, is the writer's
(:class:`~hiptimer.storage.writer.HistoryWriter`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from hiptimer.storage.journal import Call, Journal, ReopenSession, decode, encode

log = logging.getLogger(__name__)

MAX_REMEMBERED = 10_000
"""Writes of this run kept to write again if the database file is deleted under us."""


@dataclass(eq=False)  # compared by identity: two identical calls are two writes
class Pending:
    """One write, kept until the database has it.

    ``uid`` is the row it concerns: the session's (the measurement's for
    :class:`~hiptimer.storage.journal.AddMeasurement`), so the write means the
    same after a restart or in a new database file.
    """

    uid: str
    call: Call

    @property
    def name(self) -> str:
        return self.call.NAME


class WriteQueue:
    """The writes waiting for the database, mirrored into ``journal`` (None: kept in memory only)."""

    def __init__(self, journal: Journal | None) -> None:
        self._journal = journal
        self._waiting: list[Pending] = []
        self._unjournaled: list[Pending] = []  # waiting writes the journal does not hold yet
        self._done: list[Pending] = []  # written this run, in order (see MAX_REMEMBERED)

    def __len__(self) -> int:
        return len(self._waiting)

    def __contains__(self, write: Pending) -> bool:
        return write in self._waiting

    @property
    def head(self) -> Pending | None:
        """The write to try next (the oldest waiting)."""
        return self._waiting[0] if self._waiting else None

    @property
    def journal_path(self) -> Path | None:
        """Where writes wait on disk, if there is a journal that can take them."""
        journal = self._journal
        return journal.path if journal is not None and journal.usable else None

    @property
    def kept(self) -> bool:
        """Whether every waiting write is safe in the journal (so quitting loses nothing)."""
        if not self._waiting:
            return True
        return self.journal_path is not None and not self._unjournaled

    def add(self, write: Pending) -> None:
        """Queue ``write`` behind the others, and write it ahead into the journal.

        Appends only: a journal that the disk stops growing keeps what it has
        (rewriting it then could leave it empty), and catches up later.
        """
        self._waiting.append(write)
        if self._journal is not None:
            self._unjournaled.append(write)
            self.catch_up()

    def catch_up(self) -> None:
        """Append to the journal the waiting writes it does not hold yet, while it takes them."""
        journal = self._journal
        if journal is None or not self._waiting:
            return
        if journal.lost:  # deleted under us and made again: it holds nothing
            journal.lost = False
            self._unjournaled = list(self._waiting)
        while self._unjournaled:
            write = self._unjournaled[0]
            try:
                line = encode(write.uid, write.call)
            except (TypeError, ValueError) as exc:  # a value JSON cannot hold: the store decides
                log.error("history journal: %s not kept: %s", write.name, exc)
                self._unjournaled.pop(0)
                continue
            if not journal.append(line):
                return
            self._unjournaled.pop(0)

    def landed(self, write: Pending) -> None:
        """The database has ``write`` (the head): forget it, and remember it for writing again."""
        self._take(write)
        self._done.append(write)
        if len(self._done) > MAX_REMEMBERED:
            del self._done[0]

    def dropped(self, write: Pending) -> None:
        """``write`` (the head) can never be written: forget it."""
        self._take(write)

    def write_again(self) -> int:
        """Queue every write of this run that landed again, ahead of those waiting (the
        database file was made anew); returns how many."""
        count = len(self._done)
        self._waiting[:0] = [Pending(w.uid, w.call) for w in self._done]
        self._done.clear()
        if self._journal is not None:  # the queue was reordered: the journal must follow
            lines = [encode(w.uid, w.call) for w in self._waiting]
            self._unjournaled = [] if self._journal.rewrite(lines) else list(self._waiting)
        return count

    def replay(self) -> list[Pending]:
        """Queue what an earlier run left in the journal (already there, so not kept
        again); returns the writes queued. An empty or unusable journal is emptied."""
        queued: list[Pending] = []
        if self._journal is None:
            return queued
        for line in self._journal.lines():
            try:
                uid, call = decode(line)
            except (ValueError, KeyError, TypeError) as exc:
                log.error("skipping a damaged history journal line: %s", exc)
                continue
            if isinstance(call, ReopenSession):
                continue  # would make the session ours; it stays interrupted instead
            queued.append(Pending(uid, call))
        self._waiting += queued
        if not self._waiting:
            self._journal.clear()
        return queued

    def settled(self) -> None:
        """Nothing waits any more: empty the journal too."""
        if self._journal is not None:
            self._journal.clear()
            self._unjournaled = []

    def close(self) -> None:
        """Release the journal; it is deleted only when nothing waits in it."""
        if self._journal is not None:
            self._journal.close(remove=not self._waiting)

    def _take(self, write: Pending) -> None:
        self._waiting.pop(0)
        if self._unjournaled and self._unjournaled[0] is write:
            self._unjournaled.pop(0)
        elif write in self._unjournaled:
            self._unjournaled.remove(write)

"""The rendered-phrase cache: one WAV per phrase, bounded in size, least recently used pruned.

A phrase's file name is a hash of everything that changes its sound: the
text, the engine (program, version, model), the voice, the rate and the
speech volume, plus :data:`FORMAT` (bump it when the processing in
:mod:`hiptimer.audio.speech.dsp` changes). Files are written atomically
(temporary file, then replace), so a crash leaves no half phrase, and a file
that does not read back as cue-format PCM is deleted and rendered again.
Using a file refreshes its modification time; :meth:`PhraseCache.prune`
deletes the oldest files until the folder is under its limit.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
import time
import wave
from dataclasses import dataclass
from pathlib import Path

from hiptimer.audio.sounds import SoundFormatError, read_pcm, wav_bytes

log = logging.getLogger(__name__)

FORMAT = 1
DEFAULT_LIMIT = 64 * 1024 * 1024  # bytes: some 6 hours of phrases; Level 1 uses under 3 MB


@dataclass(frozen=True)
class PhraseKey:
    """What a rendered phrase depends on."""

    text: str
    engine: str  # SpeechEngine.identity
    voice: str
    rate: int
    volume: int

    @property
    def digest(self) -> str:
        raw = json.dumps([FORMAT, self.engine, self.voice, self.rate, self.volume, self.text],
                         ensure_ascii=False)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


class PhraseCache:
    """WAV files under ``directory``; safe to use from several threads."""

    def __init__(self, directory: Path, limit: int = DEFAULT_LIMIT) -> None:
        self.directory = directory
        self.limit = limit
        self._lock = threading.Lock()

    def path(self, key: PhraseKey) -> Path:
        return self.directory / f"{key.digest}.wav"

    def get(self, key: PhraseKey) -> tuple[bytes, Path] | None:
        """The cached frames and their file, or None; a damaged file is removed."""
        path = self.path(key)
        try:
            pcm = read_pcm(path)
        except FileNotFoundError:
            return None
        except (OSError, EOFError, wave.Error, SoundFormatError) as exc:
            log.warning("Speech cache: dropping unreadable %s (%s)", path.name, exc)
            path.unlink(missing_ok=True)
            return None
        try:
            os.utime(path)  # recently used: pruned last
        except OSError:
            pass
        return pcm, path

    def put(self, key: PhraseKey, pcm: bytes) -> Path | None:
        """Store the frames; returns the file, or None when the disk refused (logged)."""
        path = self.path(key)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".phrase-", suffix=".part")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(wav_bytes(pcm))
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            log.warning("Speech cache: cannot write %s (%s); the phrase plays from memory",
                        path, exc)
            return None
        return path

    def size(self) -> int:
        return sum(size for _, size, _ in self._entries())

    def _entries(self) -> list[tuple[float, int, Path]]:
        out = []
        try:
            for entry in os.scandir(self.directory):
                if entry.name.endswith(".wav") and entry.is_file():
                    st = entry.stat()
                    out.append((st.st_mtime, st.st_size, Path(entry.path)))
        except OSError:
            return []
        return out

    def prune(self, keep: frozenset[Path] = frozenset()) -> int:
        """Delete the least recently used files until the folder fits the limit.

        Files in ``keep`` (the session's phrases) go last. Returns how many
        files were deleted. ``.part`` files a crash left behind (older than a
        minute, so never one being written) are removed too.
        """
        with self._lock:
            entries = self._entries()
            total = sum(size for _, size, _ in entries)
            removed = 0
            entries.sort(key=lambda e: (e[2] in keep, e[0]))
            for _, size, path in entries:
                if total <= self.limit:
                    break
                try:
                    path.unlink()
                except OSError:
                    continue
                total -= size
                removed += 1
            try:
                stale = time.time() - 60
                for entry in os.scandir(self.directory):
                    if entry.name.endswith(".part") and entry.stat().st_mtime < stale:
                        Path(entry.path).unlink(missing_ok=True)
            except OSError:
                pass
        if removed:
            log.info("Speech cache: pruned %d old phrase(s); %d bytes left in %s", removed,
                     total, self.directory)
        return removed

"""The command backend: play each cue with a small program, in the background.

``aplay`` (or ``paplay`` / ``pw-play``) on Linux, ``afplay`` on macOS, and the
standard library's ``winsound`` on Windows. Slower to start a sound than
simpleaudio, so it is the fallback; it needs no compiled library.
"""

from __future__ import annotations

import logging
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from hiptimer.audio.players import (
    PROBE_SECONDS,
    BackendUnavailable,
    FailureHandler,
    ignore_failure,
)
from hiptimer.audio.sounds import Sound, SoundBank, silence, wav_bytes

log = logging.getLogger(__name__)

# Programs that play a WAV file, in the order tried. No volume flags: the
# files are already scaled, so every program sounds the same.
LINUX_PROGRAMS: tuple[tuple[str, ...], ...] = (("aplay", "-q"), ("paplay",), ("pw-play",))
MAC_PROGRAMS: tuple[tuple[str, ...], ...] = (("afplay",),)


class _Runner(Protocol):
    label: str

    def probe(self, path: Path) -> None: ...

    def start(self, path: Path, on_error: Callable[[str], None]) -> None: ...

    def stop(self, wait: float = 0.0) -> None: ...


class _ProcessRunner:
    """Starts one process per cue; a watcher thread reports a bad exit."""

    def __init__(self, argv: Sequence[str]) -> None:
        self.argv = list(argv)
        self.label = Path(argv[0]).name
        self._procs: set[subprocess.Popen[bytes]] = set()
        self._lock = threading.Lock()
        self._final = False  # stopped for good: start nothing more

    def probe(self, path: Path) -> None:
        try:
            res = subprocess.run([*self.argv, str(path)], stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=5)
        except (OSError, subprocess.SubprocessError) as exc:
            raise BackendUnavailable(f"{self.label} failed to run ({exc})") from exc
        if res.returncode != 0:
            raise BackendUnavailable(f"{self.label} exited with {res.returncode}"
                                     f"{_tail(res.stderr)}")

    def start(self, path: Path, on_error: Callable[[str], None]) -> None:
        # stderr is captured, not inherited: aplay without a card prints the
        # same "ALSA lib" noise we keep out of the terminal in-process.
        with self._lock:
            if self._final:
                return
            proc = subprocess.Popen([*self.argv, str(path)], stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            self._procs.add(proc)
        threading.Thread(target=self._watch, args=(proc, on_error), daemon=True,
                         name=f"hiptimer-{self.label}").start()

    def _watch(self, proc: subprocess.Popen[bytes], on_error: Callable[[str], None]) -> None:
        _, err = proc.communicate()
        with self._lock:
            self._procs.discard(proc)
        # A negative code is a signal: ours, from stop(), is not a failure.
        if proc.returncode and proc.returncode > 0:
            on_error(f"{self.label} exited with {proc.returncode}{_tail(err)}")

    def stop(self, wait: float = 0.0) -> None:
        """Terminate the players still running. With ``wait`` (at close), give them
        that long to go, kill any that hang on (a player stuck on a busy device
        may ignore SIGTERM), reap them all, and start nothing more."""
        with self._lock:
            procs = list(self._procs)
            if wait:
                self._final = True
        for p in procs:
            try:
                p.terminate()
            except OSError:  # pragma: no cover - already gone
                pass
        if not wait:
            return
        deadline = time.monotonic() + wait
        for p in procs:
            try:
                p.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log.warning("%s (pid %d) did not stop; killing it", self.label, p.pid)
                try:
                    p.kill()
                    p.wait(timeout=1.0)
                except (OSError, subprocess.TimeoutExpired):  # pragma: no cover
                    log.error("%s (pid %d) could not be killed", self.label, p.pid)


def _tail(stderr: bytes | None) -> str:
    text = (stderr or b"").decode(errors="replace").strip().splitlines()
    return f": {text[-1]}" if text else ""


class _WinsoundRunner:  # pragma: no cover - Windows only
    """``winsound.PlaySound`` with SND_ASYNC: returns at once.

    winsound plays one sound at a time, so a beep cuts a word short; that is
    why this is a fallback and simpleaudio comes first.
    """

    label = "winsound"

    def __init__(self) -> None:
        import winsound  # type: ignore[import-not-found]

        self._ws = winsound

    def probe(self, path: Path) -> None:
        ws = self._ws
        try:
            ws.PlaySound(str(path), ws.SND_FILENAME | ws.SND_NODEFAULT)
        except RuntimeError as exc:
            raise BackendUnavailable(f"winsound cannot play ({exc})") from exc

    def start(self, path: Path, on_error: Callable[[str], None]) -> None:
        ws = self._ws
        try:
            ws.PlaySound(str(path), ws.SND_FILENAME | ws.SND_ASYNC | ws.SND_NODEFAULT)
        except RuntimeError as exc:
            on_error(f"winsound: {exc}")

    def stop(self, wait: float = 0.0) -> None:
        self._ws.PlaySound(None, 0)


def _runners(programs: Sequence[Sequence[str]] | None) -> list[_Runner]:
    """The players available here, in the order to try them."""
    if programs is None:
        if sys.platform == "win32":  # pragma: no cover
            try:
                return [_WinsoundRunner()]
            except ImportError as exc:
                raise BackendUnavailable("winsound is not available") from exc
        programs = MAC_PROGRAMS if sys.platform == "darwin" else LINUX_PROGRAMS
    found: list[_Runner] = []
    for argv in programs:
        exe = shutil.which(argv[0])
        if exe:
            found.append(_ProcessRunner([exe, *argv[1:]]))
    if not found:
        names = ", ".join(p[0] for p in programs)
        raise BackendUnavailable(f"no sound program found (looked for {names})")
    return found


class CommandPlayer:
    """Plays each cue with an external program, in the background.

    The program reads a file, so sounds at other volumes than 100 are written
    once to a private temporary folder; at 100 the bundled files are used as
    they are. ``play`` queues the cue for a launcher thread, so neither
    writing a file nor starting a process holds up the caller, and cues still
    start in the order they were played.
    """

    name = "command"

    def __init__(self, bank: SoundBank, *, volume: int = 100,
                 on_failure: FailureHandler | None = None,
                 programs: Sequence[Sequence[str]] | None = None) -> None:
        self._bank = bank
        self._volume = volume
        self._on_failure = on_failure or ignore_failure
        self._programs = programs
        self._runner: _Runner | None = None
        self._tmp: Path | None = None
        self._files: dict[tuple[Sound, int], Path] = {}
        self._lock = threading.Lock()
        self._queue: queue.SimpleQueue[Sound | None] = queue.SimpleQueue()
        self._launcher: threading.Thread | None = None
        self._closed = False

    @property
    def program(self) -> str:
        return self._runner.label if self._runner else ""

    def probe(self) -> None:
        """Find a program that plays a few ms of silence; raise BackendUnavailable."""
        runners = _runners(self._programs)
        probe_file = self._tempdir() / "probe.wav"
        probe_file.write_bytes(wav_bytes(silence(PROBE_SECONDS)))
        failures = []
        for runner in runners:
            try:
                runner.probe(probe_file)
            except BackendUnavailable as exc:
                failures.append(str(exc))
                continue
            self._runner = runner
            return
        raise BackendUnavailable("; ".join(failures))

    def _tempdir(self) -> Path:
        with self._lock:
            if self._tmp is None:
                self._tmp = Path(tempfile.mkdtemp(prefix="hiptimer-cues-"))
            return self._tmp

    def _file_for(self, sound: Sound) -> Path | None:
        volume = self._volume
        if volume >= 100 and self._bank.path(sound) is not None:
            path = self._bank.path(sound)
            if path is not None and path.exists():
                return path
        key = (sound, volume)
        with self._lock:
            cached = self._files.get(key)
        if cached is not None:
            return cached
        pcm = self._bank.pcm(sound, volume)
        if pcm is None:
            return None
        path = self._tempdir() / f"{sound.value}-v{volume}.wav"
        tmp = path.with_suffix(".part")
        tmp.write_bytes(wav_bytes(pcm))
        os.replace(tmp, path)
        with self._lock:
            # keep the files of one volume besides 100: the slider settles
            self._files = {k: v for k, v in self._files.items() if k[1] == volume}
            self._files[key] = path
        return path

    def set_volume(self, volume: int) -> None:
        self._volume = volume

    def play(self, sound: Sound) -> None:
        if self._closed:
            return
        with self._lock:
            if self._launcher is None:
                self._launcher = threading.Thread(target=self._launch_loop, daemon=True,
                                                  name="hiptimer-command-player")
                self._launcher.start()
        self._queue.put(sound)

    def _launch_loop(self) -> None:
        while True:
            sound = self._queue.get()
            if sound is None or self._closed:
                return
            self._launch(sound)

    def _launch(self, sound: Sound) -> None:
        try:
            if self._runner is None:
                self.probe()
            path = self._file_for(sound)
            if path is None:
                log.debug("command: no sound %s", sound.value)
                return
            assert self._runner is not None
            self._runner.start(path, lambda reason: self._failed(sound, reason))
        except Exception as exc:
            self._failed(sound, f"{self.program or 'command'}: {exc}")

    def _failed(self, sound: Sound, reason: str) -> None:
        if not self._closed:
            self._on_failure(self, sound, reason)

    def stop(self) -> None:
        if self._runner is not None:
            try:
                self._runner.stop()
            except Exception as exc:  # pragma: no cover
                log.debug("command stop failed: %s", exc)

    def close(self) -> None:
        self._closed = True
        self._queue.put(None)
        if self._launcher is not None and self._launcher is not threading.current_thread():
            self._launcher.join(timeout=1.0)
        if self._runner is not None:
            # No player outlives the app: a hanging one is killed and reaped.
            try:
                self._runner.stop(wait=1.0)
            except Exception as exc:  # pragma: no cover
                log.debug("command stop at close failed: %s", exc)
        tmp, self._tmp = self._tmp, None
        if tmp is not None:
            # Running players hold their file open; on Linux and macOS removing
            # it now is harmless, on Windows ignore_errors leaves it behind.
            shutil.rmtree(tmp, ignore_errors=True)

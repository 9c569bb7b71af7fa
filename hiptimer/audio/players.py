"""Playback backends: hand a cue sound to the sound device without waiting.

Every backend follows :class:`CuePlayer`: ``play`` returns at once and never
raises; a failure, whether it happens inside ``play`` (simpleaudio raises when
the device is gone) or later (an ``aplay`` process exits with an error), is
passed to the ``on_failure`` callback given at construction, so the fallback
chain in :mod:`hiptimer.audio.selection` can hand over to the next backend.

* :class:`SimpleaudioPlayer` plays the decoded buffers of a :class:`SoundBank`
  through simpleaudio (ALSA on Linux, WinMM, CoreAudio). Lowest latency.
* :class:`CommandPlayer` runs a small program per cue: ``aplay`` (or
  ``paplay`` / ``pw-play``) on Linux, ``afplay`` on macOS, and the standard
  library's ``winsound`` on Windows.
* :class:`SilentPlayer` plays nothing; the scheduler shows cues instead.

Optional libraries are imported inside ``create``/``probe`` only, so a missing
one makes that backend unavailable instead of breaking the import.
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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from hiptimer.audio.sounds import CHANNELS, RATE, SAMPLE_WIDTH, Sound, SoundBank, silence, wav_bytes

log = logging.getLogger(__name__)

FailureHandler = Callable[["CuePlayer", Sound, str], None]
"""Called with (backend, the sound that failed, a human reason)."""

PROBE_SECONDS = 0.010  # the silence played at start-up to prove a device works


class BackendUnavailable(Exception):
    """A backend cannot play here; the message says why, for the user."""


@runtime_checkable
class CuePlayer(Protocol):
    """Plays cue sounds. ``play`` never blocks and never raises."""

    name: str

    def play(self, sound: Sound) -> None: ...

    def set_volume(self, volume: int) -> None: ...

    def stop(self) -> None:
        """Cut every sound this player is playing (best effort)."""
        ...

    def close(self) -> None: ...


def _ignore_failure(player: CuePlayer, sound: Sound, reason: str) -> None:
    log.warning("%s could not play %s: %s", player.name, sound.value, reason)


class SilentPlayer:
    """The backend of last resort: plays nothing, always available."""

    name = "silent"

    def __init__(self, reason: str = "") -> None:
        self.reason = reason

    def play(self, sound: Sound) -> None:
        log.debug("silent: %s", sound.value)

    def set_volume(self, volume: int) -> None:
        pass

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass


class SimpleaudioPlayer:
    """Plays in-memory buffers with simpleaudio; each ``play`` opens the device."""

    name = "simpleaudio"

    def __init__(self, bank: SoundBank, *, volume: int = 100,
                 on_failure: FailureHandler | None = None) -> None:
        self._bank = bank
        self._volume = volume
        self._on_failure = on_failure or _ignore_failure
        self._sa: Any = None
        self._error_type: type[BaseException] = Exception
        self._playing: list[Any] = []
        self._lock = threading.Lock()
        self._closed = False

    def probe(self) -> None:
        """Import simpleaudio and play a few ms of silence; raise BackendUnavailable."""
        from hiptimer.audio.alsa import silence_alsa_errors

        silence_alsa_errors()  # before libasound's first message
        try:
            import simpleaudio
        except ImportError as exc:
            raise BackendUnavailable(f"simpleaudio is not installed ({exc})") from exc
        except Exception as exc:  # a broken build fails at import in odd ways
            raise BackendUnavailable(f"simpleaudio failed to load ({exc})") from exc
        self._sa = simpleaudio
        try:
            from simpleaudio._simpleaudio import SimpleaudioError

            self._error_type = SimpleaudioError
        except ImportError:  # pragma: no cover - other builds
            self._error_type = Exception
        try:
            simpleaudio.play_buffer(silence(PROBE_SECONDS), CHANNELS, SAMPLE_WIDTH, RATE)
        except Exception as exc:
            raise BackendUnavailable(f"no usable sound device ({exc})") from exc

    def set_volume(self, volume: int) -> None:
        self._volume = volume

    def play(self, sound: Sound) -> None:
        if self._closed:
            return
        pcm = self._bank.pcm(sound, self._volume)
        if pcm is None:
            log.debug("simpleaudio: no sound %s", sound.value)
            return
        try:
            if self._sa is None:
                self.probe()
            obj = self._sa.play_buffer(pcm, CHANNELS, SAMPLE_WIDTH, RATE)
        except Exception as exc:  # SimpleaudioError, or anything a broken build throws
            self._on_failure(self, sound, f"simpleaudio: {exc}")
            return
        with self._lock:
            self._playing = [p for p in self._playing if _is_playing(p)]
            self._playing.append(obj)

    def stop(self) -> None:
        with self._lock:
            playing, self._playing = self._playing, []
        for p in playing:
            try:
                p.stop()
            except Exception as exc:  # pragma: no cover - stopping is best effort
                log.debug("simpleaudio stop failed: %s", exc)

    def close(self) -> None:
        self._closed = True
        # Let sounds already playing finish: closing is for the end of the app,
        # and the "routine complete" cue should not be cut.
        with self._lock:
            self._playing = []


def _is_playing(play_obj: Any) -> bool:
    try:
        return bool(play_obj.is_playing())
    except Exception:  # pragma: no cover
        return False


# ---------------------------------------------------------------- command backend

# Programs that play a WAV file, in the order tried. No volume flags: the
# files are already scaled, so every program sounds the same.
LINUX_PROGRAMS: tuple[tuple[str, ...], ...] = (("aplay", "-q"), ("paplay",), ("pw-play",))
MAC_PROGRAMS: tuple[tuple[str, ...], ...] = (("afplay",),)


class _Runner(Protocol):
    label: str

    def probe(self, path: Path) -> None: ...

    def start(self, path: Path, on_error: Callable[[str], None]) -> None: ...

    def stop(self) -> None: ...


class _ProcessRunner:
    """Starts one process per cue; a watcher thread reports a bad exit."""

    def __init__(self, argv: Sequence[str]) -> None:
        self.argv = list(argv)
        self.label = Path(argv[0]).name
        self._procs: set[subprocess.Popen[bytes]] = set()
        self._lock = threading.Lock()

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
        proc = subprocess.Popen([*self.argv, str(path)], stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        with self._lock:
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

    def stop(self) -> None:
        with self._lock:
            procs = list(self._procs)
        for p in procs:
            try:
                p.terminate()
            except OSError:  # pragma: no cover - already gone
                pass


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

    def stop(self) -> None:
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
        self._on_failure = on_failure or _ignore_failure
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
        tmp, self._tmp = self._tmp, None
        if tmp is not None:
            # Running players hold their file open; on Linux and macOS removing
            # it now is harmless, on Windows ignore_errors leaves it behind.
            shutil.rmtree(tmp, ignore_errors=True)

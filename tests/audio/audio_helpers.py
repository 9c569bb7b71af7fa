"""Helpers for the audio tests: ALSA capture, fake players, synthetic sounds, events."""

from __future__ import annotations

import array
import importlib.util
import os
import shutil
import sys
import threading
import time
import wave
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from hiptimer.audio.sounds import RATE, Sound, SoundBank, read_pcm
from hiptimer.audio.timeline import SAME_MOMENT
from hiptimer.core.engine import Engine
from hiptimer.core.events import Cue, CueDue, Event, PhaseStarted
from hiptimer.core.model import Routine, Side
from hiptimer.core.plan import Phase, PhaseKind, compile_plan
from tests.fakes import FakeClock

ROOT = Path(__file__).resolve().parents[2]
ALSA_DIR = ROOT / "tests" / "alsa"
CAPTURE_CONF = ALSA_DIR / "capture.conf"
NO_DEVICE_CONF = ALSA_DIR / "no_device.conf"
CAPTURE_ENV = "HIPTIMER_ALSA_CAPTURE"
CI = os.environ.get("CI", "").lower() == "true"


def need(ok: bool, why: str) -> None:
    """Skip when ``ok`` is false, but fail on CI, where everything must be present."""
    if ok:
        return
    if CI:
        pytest.fail(f"{why} (CI=true: a missing package or device fails the test)")
    pytest.skip(why)


def need_simpleaudio() -> None:
    need(importlib.util.find_spec("simpleaudio") is not None,
         "simpleaudio is not installed (pip install simpleaudio-patched)")


def need_aplay() -> None:
    need(shutil.which("aplay") is not None, "aplay is not installed (apt install alsa-utils)")


def need_linux() -> None:
    need(sys.platform.startswith("linux"), "ALSA capture needs Linux")


# ---------------------------------------------------------------- capture


class Capture:
    """The files the ALSA ``file`` plugin writes: one per opened stream."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def files(self) -> list[Path]:
        """Capture files in the order the streams were opened."""
        def order(p: Path) -> int:
            suffix = p.name[len(self.path.name):]
            return int(suffix[1:]) if suffix else 0

        found = [p for p in self.path.parent.glob(self.path.name + "*")
                 if p.name == self.path.name or p.name[len(self.path.name):][1:].isdigit()]
        return sorted(found, key=order)

    def streams(self) -> list[bytes]:
        """Contents of every capture that is not pure silence (the start-up probes)."""
        out = []
        for p in self.files():
            data = p.read_bytes()
            if data.strip(b"\0"):
                out.append(data)
        return out

    def wait_streams(self, n: int, timeout: float = 5.0) -> list[bytes]:
        """Wait until ``n`` non-silent captures exist and their sizes stop growing."""
        deadline = time.monotonic() + timeout
        last: list[int] = []
        while time.monotonic() < deadline:
            streams = self.streams()
            sizes = [len(s) for s in streams]
            if len(streams) >= n and sizes == last:
                return streams
            last = sizes
            time.sleep(0.05)
        return self.streams()


def use_capture(monkeypatch: pytest.MonkeyPatch, directory: Path) -> Capture:
    """Point libasound's default PCM at capture files in ``directory``.

    libasound reads ``ALSA_CONFIG_PATH`` each time a PCM is opened (it
    reloads its configuration when the list of files changes), so setting it
    in this process before the audio stack opens a stream is enough; the
    subprocess tests check the same with the variable set from the start.
    """
    directory.mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(CAPTURE_CONF))
    monkeypatch.setenv(CAPTURE_ENV, str(directory / "cap.raw"))
    monkeypatch.delenv("HIPTIMER_AUDIO_DISABLE", raising=False)
    return Capture(directory / "cap.raw")


def aplay_wrapper(monkeypatch: pytest.MonkeyPatch, bin_dir: Path,
                  conf: Path = CAPTURE_CONF) -> Path:
    """Put an ``aplay`` first on PATH that plays through ``conf`` whatever the process uses.

    So the command backend keeps a device while libasound in this process
    loses its own (``ALSA_CONFIG_PATH`` changed under it), and deleting the
    file makes the program vanish between two cues.
    """
    real = shutil.which("aplay")
    assert real is not None
    bin_dir.mkdir(parents=True, exist_ok=True)
    wrapper = bin_dir / "aplay"
    wrapper.write_text(f'#!/bin/sh\nALSA_CONFIG_PATH="{conf}" exec "{real}" "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    return wrapper


def real_bank() -> SoundBank:
    return SoundBank.load(ROOT / "assets" / "sounds")


def pcm_of(sound: Sound) -> bytes:
    return read_pcm(ROOT / "assets" / "sounds" / sound.filename)


def name_streams(streams: Iterable[bytes], bank: SoundBank, volume: int = 100,
                 padded: bool = False) -> list[str]:
    """Which sound each capture is: exact match, or a prefix followed by zeros (aplay pads)."""
    table = {bank.pcm(s, volume): s.value for s in bank.sounds}
    names = []
    for data in streams:
        name = table.get(data)
        if name is None and padded:
            for pcm, candidate in table.items():
                if pcm and data.startswith(pcm) and not data[len(pcm):].strip(b"\0"):
                    name = candidate
                    break
        names.append(name or f"<unknown {len(data)} bytes>")
    return names


# ---------------------------------------------------------------- fakes


@dataclass
class Play:
    sound: Sound
    at: float


class FakePlayer:
    """Records what it is asked to play and when; can be told to fail."""

    def __init__(self, name: str = "fake") -> None:
        self.name = name
        self.plays: list[Play] = []
        self.volume: int | None = None
        self.stops = 0
        self.closed = False
        self.lock = threading.Lock()

    def play(self, sound: Sound) -> None:
        with self.lock:
            self.plays.append(Play(sound, time.monotonic()))

    def set_volume(self, volume: int) -> None:
        self.volume = volume

    def stop(self) -> None:
        self.stops += 1

    def close(self) -> None:
        self.closed = True

    @property
    def sounds(self) -> list[Sound]:
        with self.lock:
            return [p.sound for p in self.plays]

    def voices(self) -> list[Play]:
        with self.lock:
            return [p for p in self.plays if p.sound.is_voice]


def make_sounds(directory: Path, beep: float = 0.03, voice: float = 0.12) -> Path:
    """Short synthetic WAVs for every sound, each with distinct samples."""
    directory.mkdir(parents=True, exist_ok=True)
    for i, sound in enumerate(Sound):
        frames = round((voice if sound.is_voice else beep) * RATE)
        samples = array.array("h", [(i + 1) * 100 + (n % 50) for n in range(frames)])
        with wave.open(str(directory / sound.filename), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(samples.tobytes())
    return directory


# ---------------------------------------------------------------- events


def phase(kind: PhaseKind = PhaseKind.HOLD, *, index: int = 0, side: Side = Side.NONE,
          rep: int = 0, reps: int = 0, exercise_index: int = 0, duration: int = 30) -> Phase:
    return Phase(index=index, kind=kind, duration=duration, start=0,
                 exercise_index=exercise_index, exercise_id=f"ex{exercise_index}", side=side,
                 rep=rep, reps=reps)


def cue(kind: Cue, ph: Phase | None = None, *, at: float | None = None, count: int = 0,
        side: Side = Side.NONE, last_rep: bool = False) -> CueDue:
    return CueDue(kind, ph or phase(), time.monotonic() if at is None else at, count=count,
                  side=side, last_rep=last_rep)


def engine_moments(routine: Routine) -> list[list[Event]]:
    """Run the real engine over ``routine`` on a fake clock; events grouped by tick."""
    clock = FakeClock()
    engine = Engine(compile_plan(routine), clock)
    moments = [engine.start()]
    while True:
        wake = engine.next_wakeup()
        if wake is None:
            break
        clock.t = max(wake, clock.t)
        events = engine.tick()
        if events:
            moments.append(events)
    return moments


def audible_moments(routine: Routine) -> list[list[Event]]:
    """The engine's moments that hold a cue or a phase start (not just a new second)."""
    return [m for m in engine_moments(routine)
            if any(isinstance(e, CueDue | PhaseStarted) for e in m)]


def cue_names(moments: Iterable[list[Event]]) -> list[str]:
    return [e.cue.value for m in moments for e in m if isinstance(e, CueDue)]


_last_feed = -1.0  # across replay() calls, so two calls in a row keep moments apart


def restamp(event: Event, now: float) -> Event:
    if isinstance(event, CueDue | PhaseStarted):
        return replace(event, at=now)
    return event


def replay(handle: Callable[[Event], None], wait_idle: Callable[[float], bool],
           moments: Iterable[list[Event]]) -> None:
    """Feed the moments as if each fell due now, letting each finish sounding first.

    This keeps the engine's order and grouping while skipping the silent
    stretches between cues, so a 20 s routine plays in a few seconds. Moments
    stay further apart than the scheduler's "same instant" window.
    """
    global _last_feed
    for events in moments:
        if not any(isinstance(e, CueDue | PhaseStarted) for e in events):
            continue  # only display updates: nothing to hear, no need to wait
        time.sleep(max(0.0, _last_feed + SAME_MOMENT + 0.05 - time.monotonic()))
        now = _last_feed = time.monotonic()
        for e in events:
            handle(restamp(e, now))
        assert wait_idle(10.0), "the scheduler did not become idle"

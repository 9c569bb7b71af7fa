"""Spoken guidance: latency of rendered phrases, time to the first phrase, render cost, fallbacks.

Everything runs through the real stack (``build_audio`` with espeak-ng, the
playback thread, simpleaudio) into ALSA's ``file`` plugin
(``tests/alsa/capture.conf``), like ``bench_cue_latency.py``:

* latency: a whole routine on a sped-up clock shared by the engine and the
  playback thread; each stream's first byte in the capture is timed against
  the moment the timeline's rules let that sound start (its cue for a beep;
  for a phrase its cue, the end of its cue's beep, or the end of the phrase
  before it), in real time. Only rendered phrases count for the speech figure.
* start: ``prepare`` + the engine's first events at t0, to the first byte of
  the first phrase, with an empty cache (cold) and again with the cache the
  first run filled (warm).
* render: every phrase of a routine rendered cold (no cache), per phrase and
  for the whole routine.
* fallbacks: Levels 1-3 at real speed, cold cache, in parallel processes;
  how many phrases played as bundled WAVs because their render was late.

``python benchmarks/bench_speech.py [--quick] [--cue-list level-2 [--scale 6]]``
prints the figures (or a routine's cue list with times). Linux only (ALSA).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench_cue_latency import CAPTURE_CONF, _capture_file, _env  # noqa: E402

from hiptimer.audio import build_audio  # noqa: E402
from hiptimer.audio.sounds import Phrase  # noqa: E402
from hiptimer.audio.speech.options import SpeechOptions  # noqa: E402
from hiptimer.core.engine import Engine  # noqa: E402
from hiptimer.core.events import Event, Finished  # noqa: E402
from hiptimer.core.plan import Plan, compile_plan  # noqa: E402
from hiptimer.library.catalog import load_catalog  # noqa: E402

POLL = 0.0002
Json = dict[str, Any]


class LinearClock:
    """``scale`` times faster than ``time.monotonic``, and back (satisfies core's Clock)."""

    def __init__(self, scale: float) -> None:
        self.scale = scale
        self.t0 = time.monotonic()

    def monotonic(self) -> float:
        return self.t0 + (time.monotonic() - self.t0) * self.scale

    def to_real(self, t: float) -> float:
        return self.t0 + (t - self.t0) / self.scale

    def now(self) -> Any:
        from datetime import UTC, datetime

        return datetime.now(UTC)


@contextmanager
def capture_env(directory: Path) -> Iterator[Path]:
    """ALSA pointed at a capture file in ``directory`` (the cue-latency bench's way), played by simpleaudio."""
    base = directory / "cap.raw"
    with _env(ALSA_CONFIG_PATH=str(CAPTURE_CONF), HIPTIMER_ALSA_CAPTURE=str(base),
              HIPTIMER_AUDIO_DISABLE="command"):
        yield base



class StreamWatcher:
    """Notes when each capture file first holds data (stream 0 is the start-up probe)."""

    def __init__(self, base: Path, first: int = 0) -> None:
        self.base = base
        self.seen: dict[int, float] = {}
        self._next = first
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True, name="bench-watch")
        self._thread.start()

    def _run(self) -> None:
        while not self._stop:
            try:
                if os.stat(_capture_file(self.base, self._next)).st_size > 0:
                    self.seen[self._next] = time.monotonic()
                    self._next += 1
                    continue
            except FileNotFoundError:
                pass
            time.sleep(POLL)

    def stop(self) -> None:
        self._stop = True
        self._thread.join(1.0)


def routine_plan(routine_id: str) -> Plan:
    catalog = load_catalog()
    return compile_plan(next(r for r in catalog.routines if r.id == routine_id))


def longest_bundled() -> str:
    catalog = load_catalog()
    return max(catalog.routines, key=lambda r: compile_plan(r).total_seconds).id


def drive(audio: Any, plan: Plan, clock: Any) -> list[tuple[float, Event]]:
    """The engine on ``clock``, each event handed to ``audio`` when due (as the app's runner)."""
    engine = Engine(plan, clock)
    audio.prepare(plan)
    events: list[tuple[float, Event]] = []
    batch = engine.start()
    while True:
        now = clock.monotonic()
        for e in batch:
            events.append((now, e))
            audio.handle(e)
        if any(isinstance(e, Finished) for e in batch):
            return events
        wake = engine.next_wakeup()
        if wake is None:
            return events
        time.sleep(max(0.0, (wake - clock.monotonic()) / clock.scale))
        batch = engine.tick()


def _stack(cache: Path, clock: Any, options: SpeechOptions | None = None) -> Any:
    return build_audio(volume=100, clock=clock.monotonic, clock_rate=clock.scale,
                       speech=options or SpeechOptions(), speech_cache=cache)


def _wait_probe(base: Path) -> int:
    """Let the start-up probe land; return how many capture files exist."""
    time.sleep(0.2)
    return len(list(base.parent.glob(base.name + "*")))


def measure_latency(routine_id: str, scale: float) -> Json:
    """A whole routine, time-scaled: from each sound's planned start to its first captured byte."""
    plan = routine_plan(routine_id)
    with tempfile.TemporaryDirectory(prefix="hiptimer-bench-speech-") as tmp, \
            capture_env(Path(tmp)) as base:
        clock = LinearClock(scale)
        audio = _stack(Path(tmp) / "cache", clock)
        try:
            first = _wait_probe(base)
            watcher = StreamWatcher(base, first)
            drive(audio, plan, clock)
            audio.wait_idle(30)
            time.sleep(0.3)
            watcher.stop()
            played = [e for e in audio.journal if e.action == "played"]
            speech = audio.speech
            stats = speech.stats if speech is not None else None
        finally:
            audio.close()
    speech_ms, beep_ms, lost = [], [], 0
    for i, entry in enumerate(played):
        seen = watcher.seen.get(first + i)
        if seen is None:
            lost += 1
            continue
        ms = (seen - clock.to_real(entry.planned if entry.planned is not None else entry.at)) * 1000
        (speech_ms if isinstance(entry.sound, Phrase) else beep_ms).append(ms)
    return {"routine": routine_id, "scale": scale, "sounds": len(played), "lost": lost,
            "speech": summary(speech_ms), "beeps": summary(beep_ms),
            "fallbacks": stats.fallbacks if stats else None,
            "engine": audio.speech_engine}


def measure_start(routine_id: str) -> Json:
    """Start to the first byte of the first phrase, cold cache then warm."""
    plan = routine_plan(routine_id)
    out: Json = {"routine": routine_id}
    with tempfile.TemporaryDirectory(prefix="hiptimer-bench-start-") as tmp:
        cache = Path(tmp) / "cache"
        for run in ("cold", "warm"):
            folder = Path(tmp) / run
            folder.mkdir()
            with capture_env(folder) as base:
                clock = LinearClock(1.0)
                audio = _stack(cache, clock)
                try:
                    first = _wait_probe(base)
                    watcher = StreamWatcher(base, first)
                    engine = Engine(plan, clock)
                    t0 = time.monotonic()
                    audio.prepare(plan)
                    for e in engine.start():
                        audio.handle(e)
                    deadline = t0 + 10
                    entry = None
                    while time.monotonic() < deadline and entry is None:
                        time.sleep(0.005)
                        entry = next((i for i, e in enumerate(audio.journal)
                                      if e.action == "played" and isinstance(e.sound, Phrase)),
                                     None)
                    time.sleep(0.2)
                    watcher.stop()
                    seen = watcher.seen.get(first + entry) if entry is not None else None
                    out[f"{run}_ms"] = (seen - t0) * 1000 if seen else math.nan
                    audio.speech.wait_rendered(60)
                    out[f"{run}_rendered"] = audio.speech.stats.rendered
                finally:
                    audio.close()
    return out


def measure_render(routine_id: str) -> Json:
    """Every phrase of the routine rendered with an empty cache: per phrase and in all."""
    from hiptimer.audio.sounds import SoundBank
    from hiptimer.audio.speech.selection import build_speech

    plan = routine_plan(routine_id)
    with tempfile.TemporaryDirectory(prefix="hiptimer-bench-render-") as tmp:
        speech = build_speech(SpeechOptions(), SoundBank.load(), Path(tmp))
        try:
            start = time.perf_counter()
            n = speech.prepare(plan)
            speech.wait_rendered(300)
            total = time.perf_counter() - start
            per = [s * 1000 for s in speech.stats.render_seconds]
        finally:
            speech.close()
    return {"routine": routine_id, "phrases": n, "total_ms": total * 1000,
            "per_phrase": summary(per)}


def measure_fallbacks(routines: list[str], scale: float) -> Json:
    """Each routine in its own process, all at once, cold cache, at ``scale`` (1: real speed)."""
    procs = {}
    for rid in routines:
        procs[rid] = subprocess.Popen(
            [sys.executable, __file__, "--fallback-child", rid, "--scale", str(scale)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)})
    out: Json = {"scale": scale}
    for rid, proc in procs.items():
        stdout, _ = proc.communicate(timeout=3600)
        try:
            out[rid] = json.loads(stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            out[rid] = {"error": f"child exited with {proc.returncode}"}
    return out


def _fallback_child(routine_id: str, scale: float) -> int:
    plan = routine_plan(routine_id)
    with tempfile.TemporaryDirectory(prefix="hiptimer-bench-fb-") as tmp, capture_env(Path(tmp)):
        clock = LinearClock(scale)
        audio = _stack(Path(tmp) / "cache", clock)
        try:
            drive(audio, plan, clock)
            audio.wait_idle(30)
            phrases = sum(1 for e in audio.journal if e.action == "played"
                          and isinstance(e.sound, Phrase))
            stats = audio.speech.stats
            print(json.dumps({"fallbacks": stats.fallbacks, "phrases_played": phrases,
                              "rendered": stats.rendered, "seconds": plan.total_seconds}))
        finally:
            audio.close()
    return 0


def cue_list(routine_id: str, scale: float, preset: str = "names") -> str:
    """The routine's sounds as the capture got them, with session times (seconds from Start)."""
    plan = routine_plan(routine_id)
    with tempfile.TemporaryDirectory(prefix="hiptimer-bench-list-") as tmp, \
            capture_env(Path(tmp)) as base:
        clock = LinearClock(scale)
        audio = _stack(Path(tmp) / "cache", clock, SpeechOptions.from_values(preset=preset))
        try:
            first = _wait_probe(base)
            events = drive(audio, plan, clock)
            audio.wait_idle(30)
            start = events[0][0]
            journal = list(audio.journal)
            time.sleep(0.3)
            streams = sorted(base.parent.glob(base.name + "*"))
            fallbacks = audio.speech.stats.fallbacks
        finally:
            audio.close()
    lines = [f"{plan.routine.title}: {plan.total_seconds} s at x{scale:g} "
             f"(speech: {audio.speech_engine}; {len(streams) - first} streams captured; "
             f"{fallbacks} fell back)", "  time   cue            sound"]
    for e in journal:
        if e.action != "played":
            what = f"(dropped: {e.why}) {e.text or (e.sound.value if e.sound else '')}"
        elif isinstance(e.sound, Phrase):
            what = f'"{e.text}"  [{audio._bank.duration(e.sound):.2f} s]'
        else:
            what = e.sound.value if e.sound else ""
        lines.append(f"{e.at - start:6.2f}  {e.cue:14} {what}")
    return "\n".join(lines)


def summary(values: list[float]) -> Json:
    values = sorted(values)
    if not values:
        return {"n": 0, "median": math.nan, "p90": math.nan, "max": math.nan}
    return {"n": len(values), "median": statistics.median(values),
            "p90": values[min(len(values) - 1, int(0.9 * len(values)))], "max": values[-1]}


def bench_speech(quick: bool = False) -> Json:
    """Every figure of issue 13, as one dict (run.py's ``speech`` row)."""
    longest = longest_bundled()
    out: Json = {
        "latency": measure_latency("level-2", 8.0 if quick else 4.0),
        "start": [measure_start("level-1"), measure_start("level-2")],
        "render": [measure_render("level-1"), measure_render(longest)],
    }
    out["fallbacks"] = measure_fallbacks(["level-1", "level-2", "level-3"],
                                         4.0 if quick else 1.0)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--cue-list", metavar="ROUTINE")
    parser.add_argument("--scale", type=float, default=6.0)
    parser.add_argument("--preset", default="names",
                        help="for --cue-list: off, essential, names or full")
    parser.add_argument("--fallback-child", metavar="ROUTINE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.fallback_child:
        return _fallback_child(args.fallback_child, args.scale)
    if args.cue_list:
        print(cue_list(args.cue_list, args.scale, args.preset))
        return 0
    print(json.dumps(bench_speech(args.quick), indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

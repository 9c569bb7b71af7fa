"""Cue latency: from a cue falling due to its first byte reaching the sound device.

The "device" is ALSA's ``file`` plugin (``tests/alsa/capture.conf``): every
stream a backend opens becomes a file, so the moment its first bytes land
there can be watched from outside. The clock starts at the cue's ``at`` (on
``time.monotonic``, as the engine stamps it) and stops when the capture file
for that cue is first seen non-empty (polled every 0.2 ms). What is measured
is the whole audio path: ``CueScheduler.handle`` -> its thread -> the
backend -> libasound -> the file. A real card adds its own buffer on top.

Run ``python benchmarks/bench_cue_latency.py [--cues 50] [--backend command]``,
or import :func:`measure_cue_latency`, which returns the figures as a dict.
Linux only (ALSA).
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from hiptimer.audio import AudioOptions, build_audio  # noqa: E402
from hiptimer.core.events import Cue, CueDue  # noqa: E402
from hiptimer.core.model import Side  # noqa: E402
from hiptimer.core.plan import Phase, PhaseKind  # noqa: E402

CAPTURE_CONF = ROOT / "tests" / "alsa" / "capture.conf"
POLL = 0.0002  # s between looks at the capture file
TIMEOUT = 2.0  # s to wait for one cue before counting it lost


@contextmanager
def _env(**values: str | None) -> Iterator[None]:
    """Set environment variables for the block, then put the old values back."""
    old = {k: os.environ.get(k) for k in values}
    try:
        for k, v in values.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _capture_file(base: Path, index: int) -> Path:
    """The file ALSA's file plugin writes for the ``index``-th stream (0-based)."""
    return base if index == 0 else base.with_name(f"{base.name}.{index:04d}")


def _first_bytes(path: Path, deadline: float) -> float | None:
    """Monotonic time at which ``path`` is first seen holding data; None on timeout."""
    while True:
        try:
            if os.stat(path).st_size > 0:
                return time.monotonic()
        except FileNotFoundError:
            pass
        if time.monotonic() > deadline:
            return None
        time.sleep(POLL)


def measure_cue_latency(cues: int = 50, backend: str = "simpleaudio",
                        interval: float = 0.25) -> dict[str, float | int | str]:
    """Play ``cues`` countdown ticks and time each from due to first captured byte.

    ``backend`` is "simpleaudio" or "command"; the other sounding backend is
    disabled for the run. Returns backend, cues, lost, median_ms, p90_ms,
    max_ms and min_ms.
    """
    if backend not in ("simpleaudio", "command"):
        raise ValueError("backend must be 'simpleaudio' or 'command'")
    disable = "command" if backend == "simpleaudio" else "simpleaudio"
    phase = Phase(index=0, kind=PhaseKind.HOLD, duration=60, start=0, exercise_index=0,
                  exercise_id="bench", side=Side.NONE)
    with tempfile.TemporaryDirectory(prefix="hiptimer-bench-") as tmp:
        base = Path(tmp) / "cap.raw"
        with _env(ALSA_CONFIG_PATH=str(CAPTURE_CONF), HIPTIMER_ALSA_CAPTURE=str(base),
                  HIPTIMER_AUDIO_DISABLE=disable):
            audio = build_audio(AudioOptions(volume=100, voice=False))
            try:
                if audio.backend_name != backend:
                    raise RuntimeError(f"wanted {backend}, got {audio.backend_name}: "
                                       f"{audio.backend_reason}")
                # Let the start-up probe finish, then count the files it left.
                time.sleep(0.2)
                streams = len(list(Path(tmp).glob("cap.raw*")))
                latencies: list[float] = []
                lost = 0
                for i in range(cues):
                    at = time.monotonic()
                    audio.handle(CueDue(Cue.COUNTDOWN, phase, at, count=3 - i % 3))
                    seen = _first_bytes(_capture_file(base, streams + i), at + TIMEOUT)
                    if seen is None:
                        lost += 1
                    else:
                        latencies.append(seen - at)
                    # ticks further apart than the scheduler's "same instant" window
                    time.sleep(max(0.0, at + interval - time.monotonic()))
                audio.wait_idle(2.0)
            finally:
                audio.close()
    ms = sorted(x * 1000 for x in latencies)
    nan = math.nan
    return {
        "backend": backend,
        "cues": cues,
        "lost": lost,
        "median_ms": statistics.median(ms) if ms else nan,
        "p90_ms": ms[min(len(ms) - 1, int(0.9 * len(ms)))] if ms else nan,
        "max_ms": ms[-1] if ms else nan,
        "min_ms": ms[0] if ms else nan,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Cue latency to the ALSA capture file.")
    parser.add_argument("--cues", type=int, default=50)
    parser.add_argument("--backend", choices=("simpleaudio", "command", "both"),
                        default="both")
    args = parser.parse_args(argv)
    backends = ("simpleaudio", "command") if args.backend == "both" else (args.backend,)
    for backend in backends:
        r = measure_cue_latency(args.cues, backend)
        print(f"{r['backend']:12} {r['cues']} cues, {r['lost']} lost: "
              f"median {r['median_ms']:.2f} ms, p90 {r['p90_ms']:.2f} ms, "
              f"max {r['max_ms']:.2f} ms (min {r['min_ms']:.2f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Turn an engine's raw speech into a cue clip: 44100 Hz, trimmed, as loud as the beeps.

Standard library only (``array``), written so a two-second phrase costs a few
tens of milliseconds: engines write 16-22 kHz mono, the bank plays 44100 Hz
mono 16-bit. The steps follow ``scripts/make_sounds.py``, which made the
bundled phrases, in a cheaper form:

* resample: exact 2x by a 4-tap cubic midpoint (22050 Hz, espeak-ng and most
  Piper voices), otherwise linear interpolation;
* trim the silence engines put before and after a phrase, keeping a few ms,
  with short fades so no edge clicks;
* scale to the bundled cues' loudness (gated RMS), with a soft knee that
  keeps peaks under the ceiling, then by the speech volume.
"""

from __future__ import annotations

import array
import io
import math
import sys
import wave
from collections.abc import Callable

from hiptimer.audio.sounds import RATE, volume_gain

TARGET_RMS = 10 ** (-16.0 / 20)  # gated RMS of every bundled cue (make_sounds.py)
CEILING = 10 ** (-1.0 / 20)  # peak ceiling, as a fraction of full scale
KNEE = 0.6  # above this fraction of the ceiling, peaks are bent softly towards it
TRIM_DB = -40.0
TRIM_PRE = 0.004  # s kept before the first loud sample
TRIM_POST = 0.030  # s kept after the last


class SpeechFormatError(ValueError):
    """An engine wrote something that is not mono 16-bit PCM."""


def read_wav(data: bytes) -> tuple[array.array[int], int]:
    """Samples and rate of a mono 16-bit WAV (espeak-ng's bogus length header is fine)."""
    try:
        with wave.open(io.BytesIO(data), "rb") as w:
            if w.getnchannels() != 1 or w.getsampwidth() != 2 or w.getcomptype() != "NONE":
                raise SpeechFormatError(
                    f"expected mono 16-bit PCM, got {w.getnchannels()} channel(s), "
                    f"{w.getsampwidth() * 8}-bit {w.getcomptype()}")
            rate = w.getframerate()
            raw = w.readframes(w.getnframes())
    except (wave.Error, EOFError) as exc:
        raise SpeechFormatError(f"not a WAV file ({exc})") from exc
    samples = array.array("h")
    samples.frombytes(raw[: len(raw) // 2 * 2])
    if sys.byteorder == "big":
        samples.byteswap()
    return samples, rate


def resample(x: array.array[int], rate: int) -> list[int]:
    """``x`` at ``rate`` Hz as samples at :data:`~hiptimer.audio.sounds.RATE`."""
    n = len(x)
    if rate == RATE or n < 4:
        return list(x)
    if rate * 2 == RATE:
        out = [0] * (2 * n)
        out[0::2] = x
        # Catmull-Rom midpoints: (-a + 9b + 9c - d) / 16; the last ones repeat the edge.
        mids = [(9 * (b + c) - a - d) >> 4 for a, b, c, d in zip(x, x[1:], x[2:], x[3:], strict=False)]
        out[3:2 * n - 4:2] = mids
        out[1] = (x[0] + x[1]) >> 1
        out[-3] = (x[-2] + x[-1]) >> 1
        out[-1] = x[-1]
        return out
    step = rate / RATE
    count = int((n - 1) / step)
    result = []
    for i in range(count):
        pos = i * step
        j = int(pos)
        f = pos - j
        result.append(round(x[j] + (x[j + 1] - x[j]) * f))
    return result


def trim(x: list[int]) -> list[int]:
    """Cut leading and trailing silence, keeping a few ms, and fade the new edges."""
    peak = max(map(abs, x), default=0)
    if peak == 0:
        return x
    thr = peak * 10 ** (TRIM_DB / 20)
    first = next(i for i, v in enumerate(x) if abs(v) >= thr)
    last = len(x) - next(i for i, v in enumerate(reversed(x)) if abs(v) >= thr)
    out = x[max(0, first - round(TRIM_PRE * RATE)):min(len(x), last + round(TRIM_POST * RATE))]
    for length, edge in ((round(0.005 * RATE), "in"), (round(0.010 * RATE), "out")):
        length = min(length, len(out) // 2)
        for k in range(length):
            g = 0.5 - 0.5 * math.cos(math.pi * k / length)
            i = k if edge == "in" else len(out) - 1 - k
            out[i] = round(out[i] * g)
    return out


def gated_rms(x: list[int], block: int = RATE // 100, window_db: float = 20.0) -> float:
    """RMS over the 10 ms blocks within ``window_db`` of the loudest, as a fraction of full scale."""
    energies = []
    for start in range(0, len(x), block):
        chunk = x[start:start + block]
        if chunk:
            energies.append(sum(v * v for v in chunk) / len(chunk))
    if not energies:
        return 0.0
    loudest = max(energies)
    if loudest == 0:
        return 0.0
    kept = [e for e in energies if e >= loudest * 10 ** (-window_db / 10)]
    return math.sqrt(sum(kept) / len(kept)) / 32768.0


def loudness_gain(x: list[int]) -> float:
    """The factor that brings ``x`` to the bundled cues' gated RMS."""
    rms = gated_rms(x)
    return TARGET_RMS / rms if rms > 0 else 1.0


def scale(x: list[int], gain: float) -> bytes:
    """16-bit little-endian frames of ``x`` times ``gain``, peaks bent softly under the ceiling."""
    top = CEILING * 32767
    knee = KNEE * top
    span = top - knee

    def bend(v: float) -> int:
        bent = knee + span * math.tanh((abs(v) - knee) / span)
        return round(bent if v > 0 else -bent)

    y = [v * gain for v in x]
    out = array.array("h", [int(v + 0.5) if -knee <= v <= knee else bend(v) for v in y])
    if sys.byteorder == "big":
        out.byteswap()
    return out.tobytes()


def _nothing() -> None:
    pass


def to_cue_pcm(wav: bytes, volume: int = 100, pause: Callable[[], None] = _nothing) -> bytes:
    """An engine's WAV as cue-format frames: resampled, trimmed, normalised, at ``volume``.

    ``volume`` (0-100) is the speech volume relative to the beeps, on the
    same curve as the main volume (:func:`~hiptimer.audio.sounds.volume_gain`).
    Raises :class:`SpeechFormatError` for something that is not speech.
    ``pause`` is called between the steps: the renderer yields the GIL there,
    so the playback thread never waits behind a whole phrase's arithmetic.
    """
    samples, rate = read_wav(wav)
    if rate < 8000 or rate > 96000:
        raise SpeechFormatError(f"unexpected sample rate {rate} Hz")
    x = resample(samples, rate)
    pause()
    x = trim(x)
    if not any(x):
        raise SpeechFormatError("the engine wrote silence")
    pause()
    gain = loudness_gain(x) * volume_gain(volume)
    pause()
    return scale(x, gain)

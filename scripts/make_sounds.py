"""Generate hiptimer's cue sounds into ``assets/sounds/``.

Run from anywhere: ``python scripts/make_sounds.py``. Options:

* ``--out DIR``  write somewhere else (the tests use this to check determinism)
* ``--check``    after writing, measure every file with sox and print a table
* ``--only NAME`` regenerate just the named cues (repeatable)

Every file is mono, 16-bit, 44100 Hz PCM, so the player can hand the bytes to
the sound device as they are.

Beeps are synthesised with the standard library (``math``, ``array``,
``wave``): sine partials with raised-cosine fades of 5-10 ms at every note
edge, so no note starts or stops on a non-zero sample (no clicks). Each cue
has its own pitch contour so they can be told apart from across the room.

Speech comes from espeak-ng run offline (``--stdout``, 22050 Hz), is
upsampled 2x with a windowed-sinc half-band filter, trimmed of leading and
trailing silence (the trim edges faded), normalised to the same loudness as
the beeps and passed through a look-ahead peak limiter.

Loudness: one target for every file, measured as a gated RMS (10 ms blocks
within 20 dB of the loudest block), because plain RMS over a motif with gaps
or a phrase with a pause between words would under-read it. Peaks are
limited to -1 dBFS, so speech, whose peaks sit 12-18 dB above its RMS, is
limited a little; beeps never are.

The output is deterministic: no randomness, no dither, no timestamps; the
same espeak-ng version gives byte-identical files. Files whose content did
not change are not rewritten.
"""

from __future__ import annotations

import argparse
import array
import io
import math
import os
import shutil
import subprocess
import sys
import tempfile
import wave
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

RATE = 44100
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "assets" / "sounds"

TARGET_RMS_DBFS = -16.0  # gated RMS of every cue
PEAK_CEILING_DBFS = -1.0
ESPEAK_VOICE = "en-us"
ESPEAK_SPEED = 150  # words per minute: a little slower than the default 175, heard from 3 m
ESPEAK_PITCH = 45
ESPEAK_TESTED_VERSION = "1.51"  # other versions speak a little differently; still fine

# ---------------------------------------------------------------- the cues


@dataclass(frozen=True)
class Note:
    """One tone of a motif: frequency in Hz (0 for a rest), length in seconds."""

    freq: float
    seconds: float
    decay: float = 0.0  # exponential decay rate per second (0: flat, like a beep)
    chord: tuple[float, ...] = ()  # extra fundamentals sounding with ``freq``


def notes(*spec: tuple[float, float] | tuple[float, float, float]) -> tuple[Note, ...]:
    return tuple(Note(*s) for s in spec)


# Partials over each fundamental: the 2nd and 3rd harmonics make a pure sine
# audible on small laptop speakers and give the tones a softer, rounder edge.
HARMONICS = ((1, 1.0), (2, 0.22), (3, 0.08))
GAP = 0.025  # silence between the notes of a motif, so each is heard as its own

BEEPS: dict[str, tuple[Note, ...]] = {
    # Countdown: short A5 ticks, the last one a step higher and longer,
    # then GO an octave-and-a-fifth above with a ringing decay.
    "tick": notes((880, 0.080)),
    "tick_final": notes((988, 0.130)),
    "go": notes((1319, 0.400, 5.0)),
    # Release: the GO pitch falling to F5, softly.
    "release": notes((1047, 0.110), (698, 0.260, 4.0)),
    # Rep done: a quick high double blip.
    "rep_done": notes((1175, 0.055), (1175, 0.075)),
    # Halfway: one mellow bell.
    "halfway": notes((740, 0.340, 6.0)),
    # Switch sides: a two-tone warble that says "something changes".
    "switch_sides": notes((784, 0.090), (988, 0.090), (784, 0.090), (988, 0.140)),
    # Rest: low and falling.
    "rest": notes((523, 0.220), (392, 0.360, 3.0)),
    # Next exercise: a rising triad.
    "next_exercise": notes((523, 0.110), (659, 0.110), (784, 0.220, 4.0)),
    # Exercise done: "ta-da" G5 up to C6.
    "exercise_done": notes((784, 0.120), (1047, 0.380, 4.0)),
    # Routine done: triad, then a ringing C6 + E6 chord.
    "routine_done": (
        Note(523, 0.120),
        Note(659, 0.120),
        Note(784, 0.120),
        Note(1047, 0.800, 2.5, chord=(1319,)),
    ),
}

PHRASES: dict[str, str] = {
    "voice_switch_sides": "Switch sides",
    "voice_left_side": "Left side",
    "voice_right_side": "Right side",
    "voice_rest": "Rest",
    "voice_release": "Release",
    "voice_hold": "Hold",
    "voice_next_exercise": "Next exercise",
    "voice_last_rep": "Last rep",
    "voice_routine_complete": "Routine complete",
    "voice_get_ready": "Get ready",
    "voice_halfway": "Halfway",
    **{f"voice_{n}": str(n) for n in range(1, 31)},
}

ALL_NAMES: tuple[str, ...] = (*BEEPS, *PHRASES)

# ---------------------------------------------------------------- signal helpers


def db_to_gain(db: float) -> float:
    return 10.0 ** (db / 20.0)


def gain_to_db(gain: float) -> float:
    return 20.0 * math.log10(gain) if gain > 0 else -math.inf


def raised_cosine(n: int) -> list[float]:
    """A fade-in of ``n`` samples from 0 to just below 1 (reverse it to fade out)."""
    return [0.5 - 0.5 * math.cos(math.pi * i / n) for i in range(n)]


def fade_edges(x: list[float], fade_in: float, fade_out: float) -> None:
    """Fade the first and last samples in place, so both ends sit at zero."""
    n_in = min(len(x), max(1, round(fade_in * RATE)))
    n_out = min(len(x), max(1, round(fade_out * RATE)))
    for i, g in enumerate(raised_cosine(n_in)):
        x[i] *= g
    for i, g in enumerate(raised_cosine(n_out)):
        x[len(x) - 1 - i] *= g


def tone(note: Note) -> list[float]:
    """One note: summed partials, optional decay, 5 ms fade in, 10 ms fade out."""
    n = round(note.seconds * RATE)
    if note.freq <= 0:
        return [0.0] * n
    fundamentals = (note.freq, *note.chord)
    partials = [
        (2.0 * math.pi * f * h / RATE, a / len(fundamentals))
        for f in fundamentals
        for h, a in HARMONICS
        if f * h < RATE / 2 - 2000  # stay well under Nyquist: no aliasing
    ]
    out = []
    for i in range(n):
        s = sum(a * math.sin(w * i) for w, a in partials)
        if note.decay:
            s *= math.exp(-note.decay * i / RATE)
        out.append(s)
    fade_edges(out, 0.005, 0.010)
    return out


def synth(motif: Sequence[Note]) -> list[float]:
    out: list[float] = []
    for i, note in enumerate(motif):
        if i:
            out.extend([0.0] * round(GAP * RATE))
        out.extend(tone(note))
    return out


def gated_rms(x: Sequence[float], block: float = 0.010, window_db: float = 20.0) -> float:
    """RMS over the 10 ms blocks within ``window_db`` of the loudest block.

    Plain RMS of a motif with gaps, or of "Switch sides" with its pause, reads
    low; gating measures the part that is actually heard.
    """
    size = max(1, round(block * RATE))
    energies = []
    for start in range(0, len(x), size):
        chunk = x[start : start + size]
        energies.append(sum(v * v for v in chunk) / len(chunk))
    if not energies or max(energies) == 0:
        return 0.0
    floor = max(energies) * 10 ** (-window_db / 10)
    kept = [e for e in energies if e >= floor]
    return math.sqrt(sum(kept) / len(kept))


def limit_peaks(
    x: list[float], ceiling: float, lookahead: float = 0.002, release: float = 0.060
) -> list[float]:
    """A look-ahead peak limiter that never lets a sample exceed ``ceiling``.

    The needed gain per sample is min-filtered over +-L samples and then
    averaged over the same window; every averaged value around a peak is at
    most the gain that peak needs, so the ceiling holds while the gain moves
    smoothly (a 2 ms ramp) instead of clipping. Recovery is exponential.
    """
    n = len(x)
    need = [min(1.0, ceiling / abs(v)) if v else 1.0 for v in x]
    if min(need, default=1.0) >= 1.0:
        return list(x)
    half = max(1, round(lookahead * RATE))
    # Work on ``need`` padded by 2 * half on each side, so that every minimum
    # the average below reads covers a window that contains its real peak.
    ext = [1.0] * (2 * half) + need + [1.0] * (2 * half)
    # sliding minimum over [j - half, j + half] with a monotonic deque
    mins = [1.0] * len(ext)
    dq: deque[int] = deque()
    for j in range(len(ext) + half):
        if j < len(ext):
            while dq and ext[dq[-1]] >= ext[j]:
                dq.pop()
            dq.append(j)
        i = j - half
        if i < 0:
            continue
        while dq[0] < i - half:
            dq.popleft()
        mins[i] = ext[dq[0]]
    # moving average of the minima over the same window, for the real samples
    width = 2 * half + 1
    run = sum(mins[half : half + width])  # window centred on ext index 2 * half (x[0])
    smooth = []
    for i in range(n):
        smooth.append(run / width)
        lo = half + i
        if lo + width < len(mins):
            run += mins[lo + width] - mins[lo]
    # exponential release, never above the smoothed need
    k = 1.0 / max(1.0, release * RATE)
    g = 1.0
    out = []
    for v, s in zip(x, smooth, strict=True):
        g = min(s, g + (1.0 - g) * k)
        out.append(v * g)
    return out


def normalise(x: list[float]) -> list[float]:
    """Scale to the gated-RMS target, then hold peaks under the ceiling."""
    rms = gated_rms(x)
    if rms == 0:
        raise ValueError("cannot normalise silence")
    gain = db_to_gain(TARGET_RMS_DBFS) / rms
    return limit_peaks([v * gain for v in x], db_to_gain(PEAK_CEILING_DBFS))


def to_pcm16(x: Sequence[float]) -> bytes:
    a = array.array("h", (max(-32768, min(32767, round(v * 32767))) for v in x))
    if sys.byteorder == "big":
        a.byteswap()  # WAV is little-endian
    return a.tobytes()


def wav_bytes(pcm: bytes) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm)
    return buf.getvalue()


# ---------------------------------------------------------------- speech


def half_band_taps(half_len: int = 24) -> list[float]:
    """Odd-phase taps of a Blackman-windowed half-band low-pass (cut at 11025 Hz).

    Upsampling by two with a half-band filter keeps every input sample as it
    is and interpolates the samples in between from ``2 * half_len`` neighbours.
    """
    taps = []
    span = 2 * half_len
    for k in range(-half_len + 1, half_len + 1):
        t = k - 0.5  # distance of the input sample from the new sample, in input samples
        sinc = math.sin(math.pi * t) / (math.pi * t)
        pos = (t + half_len) / span  # 0..1 across the window
        window = 0.42 - 0.5 * math.cos(2 * math.pi * pos) + 0.08 * math.cos(4 * math.pi * pos)
        taps.append(sinc * window)
    total = sum(taps)
    return [t / total for t in taps]  # unity gain at DC


def upsample2(x: Sequence[float], half_len: int = 24) -> list[float]:
    taps = half_band_taps(half_len)
    padded = [0.0] * half_len + list(x) + [0.0] * half_len
    out = []
    for n in range(len(x)):
        out.append(x[n])
        base = n + 1  # padded index of x[n - half_len + 1]
        out.append(
            sum(t * v for t, v in zip(taps, padded[base : base + 2 * half_len], strict=True))
        )
    return out


def read_wav_floats(data: bytes) -> tuple[list[float], int]:
    with wave.open(io.BytesIO(data), "rb") as w:
        if w.getnchannels() != 1 or w.getsampwidth() != 2:
            raise ValueError("espeak-ng did not write mono 16-bit audio")
        rate = w.getframerate()
        raw = w.readframes(w.getnframes())
    a = array.array("h")
    a.frombytes(raw)
    if sys.byteorder == "big":
        a.byteswap()
    return [v / 32768.0 for v in a], rate


def espeak(text: str) -> bytes:
    exe = shutil.which("espeak-ng")
    if exe is None:
        raise SystemExit("espeak-ng is needed for the voice cues (apt install espeak-ng)")
    cmd = [
        exe,
        "-v",
        ESPEAK_VOICE,
        "-s",
        str(ESPEAK_SPEED),
        "-p",
        str(ESPEAK_PITCH),
        "-z",
        "--stdout",
        text,
    ]
    # espeak-ng's --stdout header carries a bogus length (0x7fffffff); the wave
    # module reads the frames that are there, so that is harmless.
    return subprocess.run(cmd, check=True, capture_output=True).stdout


def trim(
    x: list[float], threshold_db: float = -40.0, pre: float = 0.004, post: float = 0.030
) -> list[float]:
    """Cut leading and trailing silence, keeping a few ms so no consonant is lost."""
    peak = max((abs(v) for v in x), default=0.0)
    if peak == 0:
        return x
    thr = peak * db_to_gain(threshold_db)
    first = next(i for i, v in enumerate(x) if abs(v) >= thr)
    last = len(x) - 1 - next(i for i, v in enumerate(reversed(x)) if abs(v) >= thr)
    start = max(0, first - round(pre * RATE))
    end = min(len(x), last + 1 + round(post * RATE))
    out = x[start:end]
    fade_edges(out, 0.005, 0.010)
    return out


def speech(text: str) -> list[float]:
    raw, rate = read_wav_floats(espeak(text))
    if rate * 2 != RATE:
        raise SystemExit(f"espeak-ng wrote {rate} Hz; this script expects 22050 Hz")
    mean = sum(raw) / len(raw)
    x = upsample2([v - mean for v in raw])  # remove DC so the trim edges sit at zero
    return trim(x)


# ---------------------------------------------------------------- output


def render(name: str) -> bytes:
    x = synth(BEEPS[name]) if name in BEEPS else speech(PHRASES[name])
    return wav_bytes(to_pcm16(normalise(x)))


def write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)  # atomic: a reader never sees half a file
    return True


def sox_measure(path: Path) -> dict[str, float]:
    """Duration, RMS and peak of ``path`` as ``sox FILE -n stat`` reports them."""
    res = subprocess.run(
        ["sox", str(path), "-n", "stat"], capture_output=True, text=True, check=True
    )
    values: dict[str, float] = {}
    for line in res.stderr.splitlines():
        key, _, value = line.partition(":")
        try:
            values[key.strip()] = float(value.split()[0])
        except (ValueError, IndexError):
            continue
    peak = max(values["Maximum amplitude"], -values["Minimum amplitude"])
    return {
        "seconds": values["Length (seconds)"],
        "rms_db": gain_to_db(values["RMS     amplitude"]),
        "peak_db": gain_to_db(peak),
    }


def check(out: Path, names: Sequence[str]) -> int:
    """Print a table of format, RMS and peak per file; non-zero on a bad file."""
    if shutil.which("sox") is None:
        print("sox not found: skipping the check", file=sys.stderr)
        return 0
    bad = 0
    print(f"{'file':28} {'sec':>6} {'sox RMS':>8} {'gated':>7} {'peak':>7}  format")
    for name in names:
        path = out / f"{name}.wav"
        fmt = [
            subprocess.run(
                ["sox", "--i", flag, str(path)], capture_output=True, text=True, check=True
            ).stdout.strip()
            for flag in ("-r", "-c", "-b")
        ]
        m = sox_measure(path)
        floats, _ = read_wav_floats(path.read_bytes())
        gated = gain_to_db(gated_rms(floats))
        ok = fmt == [str(RATE), "1", "16"] and m["peak_db"] <= PEAK_CEILING_DBFS + 0.01
        bad += not ok
        flag = "" if ok else "  <-- BAD"
        print(
            f"{path.name:28} {m['seconds']:6.3f} {m['rms_db']:8.1f} {gated:7.1f} "
            f"{m['peak_db']:7.1f}  {fmt[0]} Hz {fmt[1]} ch {fmt[2]} bit{flag}"
        )
    return 1 if bad else 0


def espeak_version() -> str:
    exe = shutil.which("espeak-ng")
    if exe is None:
        return ""
    text = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout
    parts = text.split(":", 1)[-1].split()
    return parts[0] if parts else ""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="measure the files with sox")
    parser.add_argument("--only", action="append", choices=ALL_NAMES, metavar="NAME")
    args = parser.parse_args(argv)

    names = tuple(args.only) if args.only else ALL_NAMES
    version = espeak_version()
    if any(n in PHRASES for n in names) and version and version != ESPEAK_TESTED_VERSION:
        print(
            f"note: espeak-ng {version}; the committed voices were made with "
            f"{ESPEAK_TESTED_VERSION}, so they will differ slightly",
            file=sys.stderr,
        )
    args.out.mkdir(parents=True, exist_ok=True)
    changed = 0
    for name in names:
        changed += write_if_changed(args.out / f"{name}.wav", render(name))
    print(f"{len(names)} cues in {args.out} ({changed} written, {len(names) - changed} unchanged)")
    return check(args.out, names) if args.check else 0


if __name__ == "__main__":
    raise SystemExit(main())

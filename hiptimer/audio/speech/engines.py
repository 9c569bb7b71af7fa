"""Speech engines: text in, a WAV out, each behind the same small interface.

* :class:`EspeakEngine`: ``espeak-ng`` (Debian/Ubuntu's default; the run
  command installs it). The default.
* :class:`PiperEngine`: the ``piper`` program with a voice model the user
  installed and named in the settings. Never required, never downloaded.
* :class:`SayEngine` (macOS ``say``) and :class:`SapiEngine` (Windows SAPI
  through PowerShell): cheap to offer, not tested here (no such machine).

Every engine runs a program per phrase (a few tens of ms for espeak-ng), so
a hung or crashing engine can never take the app with it; the renderer
(:mod:`hiptimer.audio.speech.renderer`) calls :meth:`SpeechEngine.render` on
its own thread, never at the moment of a cue.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

RENDER_TIMEOUT = 20.0  # s: one phrase; espeak-ng takes tens of ms, Piper up to a second or two
DEFAULT_RATE = 150  # words per minute: a little slower than espeak-ng's 175, heard from 3 m
PIPER_ENV = "HIPTIMER_PIPER"  # the piper program, when it is not on PATH as "piper"


class EngineUnavailable(Exception):
    """An engine cannot speak here; the message says why (for the log and the Sound menu)."""


class SpeechEngine(Protocol):
    """Renders a phrase to a WAV (any rate, mono 16-bit)."""

    name: str  # "espeak-ng", "piper", "say", "sapi"

    @property
    def identity(self) -> str:
        """Everything that changes how a phrase sounds besides the per-phrase
        settings: program and version, model file. Part of the cache key."""
        ...

    def probe(self) -> str:
        """Check the engine works here; return what was found (for the log). Raise
        :class:`EngineUnavailable` when it does not."""
        ...

    def voices(self) -> list[str]:
        """Voice names the settings may choose from (may be empty)."""
        ...

    def render(self, text: str, voice: str, rate: int) -> bytes:
        """A WAV file's bytes saying ``text``; raise EngineUnavailable on failure."""
        ...


def _run(argv: list[str], *, text_in: str | None = None, timeout: float = RENDER_TIMEOUT,
         what: str) -> bytes:
    try:
        res = subprocess.run(argv, input=text_in.encode() if text_in is not None else None,
                             stdin=None if text_in is not None else subprocess.DEVNULL,
                             capture_output=True, timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise EngineUnavailable(f"{what} failed to run ({exc})") from exc
    if res.returncode != 0:
        tail = res.stderr.decode(errors="replace").strip().splitlines()
        raise EngineUnavailable(f"{what} exited with {res.returncode}"
                                + (f": {tail[-1]}" if tail else ""))
    return res.stdout


@dataclass
class EspeakEngine:
    """espeak-ng, one process per phrase writing a WAV to stdout (22050 Hz)."""

    program: str
    name: str = "espeak-ng"
    version: str = ""
    default_voice: str = "en-us"

    @classmethod
    def find(cls, env: Mapping[str, str] | None = None) -> EspeakEngine:
        path = shutil.which("espeak-ng", path=(env or os.environ).get("PATH"))
        if path is None:
            raise EngineUnavailable("espeak-ng is not installed (sudo apt install espeak-ng)")
        return cls(path)

    @property
    def identity(self) -> str:
        return f"espeak-ng {self.version}"

    def probe(self) -> str:
        out = _run([self.program, "--version"], timeout=5, what="espeak-ng")
        # "eSpeak NG text-to-speech: 1.51  Data at: ..."
        words = out.decode(errors="replace").split()
        self.version = next((w for w in words if w[:1].isdigit()), "unknown")
        return f"espeak-ng {self.version} at {self.program}"

    def voices(self) -> list[str]:
        try:
            out = _run([self.program, "--voices"], timeout=5, what="espeak-ng")
        except EngineUnavailable:
            return []
        names = []
        for line in out.decode(errors="replace").splitlines()[1:]:
            parts = line.split()
            if len(parts) >= 2:
                names.append(parts[1])
        return sorted(set(names))

    def render(self, text: str, voice: str, rate: int) -> bytes:
        # -z: no final sentence pause; "--" so a phrase starting with "-" is text
        argv = [self.program, "-v", voice or self.default_voice, "-s", str(rate), "-z",
                "--stdout", "--", text]
        return _run(argv, what="espeak-ng")


@dataclass
class PiperEngine:
    """The ``piper`` program with a voice model (``*.onnx`` next to its ``.onnx.json``).

    ``rate`` maps to Piper's ``--length_scale`` (150 words a minute is 1.0).
    The model's own speaker is used; ``voice`` is ignored.
    """

    program: str
    model: Path
    name: str = "piper"

    @classmethod
    def find(cls, model: str, env: Mapping[str, str] | None = None) -> PiperEngine:
        env = os.environ if env is None else env
        path = Path(model).expanduser()
        if not path.is_file():
            raise EngineUnavailable(f"the Piper voice model {path} does not exist")
        program = env.get(PIPER_ENV) or shutil.which("piper", path=env.get("PATH"))
        if not program:
            raise EngineUnavailable("a Piper voice model is set, but the piper program is not "
                                    f"installed (pip install piper-tts, or set {PIPER_ENV})")
        return cls(program, path)

    @property
    def identity(self) -> str:
        try:
            st = self.model.stat()
            stamp = f"{st.st_size}-{int(st.st_mtime)}"
        except OSError:
            stamp = "missing"
        return f"piper {self.model.name} {stamp}"

    def probe(self) -> str:
        self.render("OK", "", DEFAULT_RATE)
        return f"piper at {self.program} with the voice model {self.model}"

    def voices(self) -> list[str]:
        try:
            meta = json.loads(Path(f"{self.model}.json").read_text("utf-8"))
            return sorted(str(k) for k in meta.get("speaker_id_map", {}))
        except (OSError, ValueError, AttributeError):
            return []

    def render(self, text: str, voice: str, rate: int) -> bytes:
        length = max(0.5, min(2.0, DEFAULT_RATE / max(1, rate)))
        with tempfile.TemporaryDirectory(prefix="hiptimer-piper-") as tmp:
            out = Path(tmp) / "phrase.wav"
            argv = [self.program, "--model", str(self.model), "--output_file", str(out),
                    "--length_scale", f"{length:.3f}"]
            _run(argv, text_in=text + "\n", what="piper")
            try:
                return out.read_bytes()
            except OSError as exc:
                raise EngineUnavailable(f"piper wrote no sound ({exc})") from exc


@dataclass
class SayEngine:  # pragma: no cover - macOS only, untested here
    """macOS ``say``, writing 44100 Hz 16-bit WAV directly."""

    program: str = "/usr/bin/say"
    name: str = "say"

    @property
    def identity(self) -> str:
        return "say"

    def probe(self) -> str:
        if not Path(self.program).exists():
            raise EngineUnavailable("the say program is missing")
        return f"macOS say at {self.program}"

    def voices(self) -> list[str]:
        try:
            out = _run([self.program, "-v", "?"], timeout=5, what="say")
        except EngineUnavailable:
            return []
        return [line.split()[0] for line in out.decode(errors="replace").splitlines() if line]

    def render(self, text: str, voice: str, rate: int) -> bytes:
        with tempfile.TemporaryDirectory(prefix="hiptimer-say-") as tmp:
            out = Path(tmp) / "phrase.wav"
            argv = [self.program, "-r", str(rate), "-o", str(out), "--data-format=LEI16@44100"]
            if voice:
                argv += ["-v", voice]
            _run([*argv, "--", text], what="say")
            return out.read_bytes()


_SAPI_SCRIPT = r"""
Add-Type -AssemblyName System.Speech
$s = New-Object System.Speech.Synthesis.SpeechSynthesizer
if ($env:HT_VOICE) { $s.SelectVoice($env:HT_VOICE) }
$s.Rate = [int]$env:HT_RATE
$f = New-Object System.Speech.AudioFormat.SpeechAudioFormatInfo(44100, 16, 1)
$s.SetOutputToWaveFile($env:HT_OUT, $f)
$s.Speak([Console]::In.ReadToEnd())
$s.Dispose()
"""


@dataclass
class SapiEngine:  # pragma: no cover - Windows only, untested here
    """Windows SAPI through PowerShell's System.Speech."""

    program: str
    name: str = "sapi"

    @property
    def identity(self) -> str:
        return "sapi"

    def probe(self) -> str:
        return f"Windows SAPI through {self.program}"

    def voices(self) -> list[str]:
        return []

    def render(self, text: str, voice: str, rate: int) -> bytes:
        with tempfile.TemporaryDirectory(prefix="hiptimer-sapi-") as tmp:
            out = Path(tmp) / "phrase.wav"
            env = {**os.environ, "HT_OUT": str(out), "HT_VOICE": voice,
                   # SAPI rates run -10..10, 0 being about 150-180 words a minute
                   "HT_RATE": str(max(-10, min(10, round((rate - 165) / 15))))}
            try:
                subprocess.run([self.program, "-NoProfile", "-Command", _SAPI_SCRIPT],
                               input=text.encode("utf-8"), env=env, capture_output=True,
                               timeout=RENDER_TIMEOUT, check=True)
            except (OSError, subprocess.SubprocessError) as exc:
                raise EngineUnavailable(f"SAPI failed ({exc})") from exc
            return out.read_bytes()


def platform_engine(env: Mapping[str, str] | None = None) -> SpeechEngine | None:
    """The operating system's own engine where one is cheap to use (macOS, Windows)."""
    if sys.platform == "darwin" and Path("/usr/bin/say").exists():  # pragma: no cover
        return SayEngine()
    if sys.platform == "win32":  # pragma: no cover
        program = shutil.which("powershell", path=(env or os.environ).get("PATH"))
        return SapiEngine(program) if program else None
    return None

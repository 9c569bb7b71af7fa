"""Choose the speech engine at start-up, and say why.

In order, with ``engine = "auto"`` (the default):

1. Piper, when the settings name a voice model (``piper_model``) and the
   ``piper`` program runs with it. Never downloaded: the user installs both.
2. espeak-ng, when it is installed (the run command installs it on Debian
   and Ubuntu).
3. The system's own engine where one is cheap: ``say`` on macOS, SAPI on
   Windows (untested here).
4. None: the bundled WAV phrases, today's cues.

A named engine (``"espeak-ng"``, ``"piper"``...) is tried alone, then the
order above; ``"bundled"`` chooses the bundled phrases. Each engine is probed
(espeak-ng: ``--version``; Piper: one short phrase) so the choice is honest.
``HIPTIMER_SPEECH_DISABLE`` holds a comma list of engines to skip (``all``
skips every engine), for tests and for a misbehaving engine.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path

from hiptimer.audio.sounds import SoundBank
from hiptimer.audio.speech.cache import DEFAULT_LIMIT, PhraseCache
from hiptimer.audio.speech.engines import (
    EngineUnavailable,
    EspeakEngine,
    PiperEngine,
    SpeechEngine,
    platform_engine,
)
from hiptimer.audio.speech.layer import Speech
from hiptimer.audio.speech.options import SpeechOptions

log = logging.getLogger(__name__)

DISABLE_ENV = "HIPTIMER_SPEECH_DISABLE"


def _disabled(env: Mapping[str, str]) -> frozenset[str]:
    return frozenset(p.strip().lower() for p in env.get(DISABLE_ENV, "").split(",") if p.strip())


def choose_engine(options: SpeechOptions,
                  env: Mapping[str, str] | None = None) -> tuple[SpeechEngine | None, str]:
    """The engine to speak with (None: bundled phrases) and why, in words for the log and menu."""
    env = os.environ if env is None else env
    options = options.normalised()
    if options.engine == "bundled":
        return None, "bundled phrases, as chosen in the settings"
    disabled = _disabled(env)
    passed: list[str] = []

    def candidates() -> list[tuple[str, object]]:
        order: list[tuple[str, object]] = []
        if options.piper_model:
            order.append(("piper", lambda: PiperEngine.find(options.piper_model, env)))
        order.append(("espeak-ng", lambda: EspeakEngine.find(env)))
        order.append(("system", lambda: platform_engine(env)))
        if options.engine not in ("auto", "piper", "espeak-ng"):
            order.sort(key=lambda c: c[0] != "system")
        elif options.engine != "auto":
            order.sort(key=lambda c: c[0] != options.engine)
        return order

    for name, make in candidates():
        if "all" in disabled or name in disabled:
            passed.append(f"{name}: disabled by {DISABLE_ENV}")
            continue
        try:
            engine = make()  # type: ignore[operator]
            if engine is None:
                continue
            found = engine.probe()
        except EngineUnavailable as exc:
            passed.append(f"{name}: {exc}")
            continue
        except Exception as exc:  # an engine bug must not stop the app
            log.exception("Speech engine %s crashed while probing", name)
            passed.append(f"{name}: crashed ({exc})")
            continue
        reason = found
        if options.engine not in ("auto", engine.name):
            reason += f" (asked for {options.engine})"
        if passed:
            reason += " (" + "; ".join(passed) + ")"
        return engine, reason
    why = "; ".join(passed) or "no speech engine for this system"
    return None, f"bundled phrases: no speech engine ({why})"


def build_speech(options: SpeechOptions, bank: SoundBank, cache_dir: Path | None, *,
                 env: Mapping[str, str] | None = None,
                 cache_limit: int = DEFAULT_LIMIT) -> Speech:
    """Choose the engine, open the cache and start the render thread."""
    engine, reason = choose_engine(options, env)
    log.info("Speech engine: %s; %s", engine.name if engine else "bundled", reason)
    cache = None
    if engine is not None and cache_dir is not None:
        cache = PhraseCache(cache_dir, cache_limit)
        log.info("Speech cache: %s (at most %d MB)", cache_dir, cache_limit // (1024 * 1024))
    return Speech(engine, cache, bank, options, reason=reason)

"""Spoken guidance through a real speech engine, rendered ahead so cues stay on the beat.

Modules, by layer (all below :mod:`hiptimer.audio.scheduler`, which owns one
:class:`~hiptimer.audio.speech.layer.Speech` when the app asks for speech):

* ``options``: presets (Off, Essential cues, Cues and names, Full coaching),
  the parts they switch on, and the engine settings (voice, rate, volume).
* ``script``: what is said at each cue, from the plan: pure, no I/O.
* ``engines``: espeak-ng, Piper (a user-installed voice model), macOS ``say``,
  Windows SAPI; each renders a phrase to a WAV in a child process.
* ``selection``: which engine at start-up, and why (logged, shown).
* ``dsp``: an engine's WAV to a cue clip (44100 Hz, trimmed, as loud as the
  beeps, the speech volume applied). Standard library only.
* ``cache``: rendered clips on disk under the platformdirs cache folder,
  keyed by text, engine, voice, rate and volume; bounded and pruned.
* ``layer``: the render thread, the ready phrases in the sound bank, and the
  counters the log and the benchmarks read.

Nothing here imports Qt; engines are programs found on ``PATH`` when the app
starts, so a missing one is a fallback (the bundled WAV phrases), not a crash.
"""

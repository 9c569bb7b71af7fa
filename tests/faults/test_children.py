"""Problem 9, child processes: a sound player that hangs never outlives the app."""

from __future__ import annotations

import os
import time

from hiptimer.audio.command import CommandPlayer
from hiptimer.audio.sounds import Sound
from tests.audio.audio_helpers import real_bank

HANGING_PLAYER = """#!/bin/sh
# Plays the probe at once; any cue hangs, deaf to SIGTERM, like aplay on a stuck device.
case "$1" in *probe.wav) exit 0 ;; esac
trap '' TERM
echo $$ > "{pids}/$$"
exec sleep 60
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"  # a zombie is dead but not reaped
    except FileNotFoundError:
        return False


def test_hanging_players_are_killed_and_reaped_at_close(tmp_path):
    """Three cues on a player that ignores SIGTERM: none of its processes is left after close."""
    pids = tmp_path / "pids"
    pids.mkdir()
    script = tmp_path / "hanging-aplay"
    script.write_text(HANGING_PLAYER.format(pids=pids))
    script.chmod(0o755)
    player = CommandPlayer(real_bank(), programs=[[str(script)]])
    for sound in (Sound.TICK, Sound.GO, Sound.RELEASE):
        player.play(sound)
    deadline = time.monotonic() + 10
    while len(os.listdir(pids)) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    started = [int(p) for p in os.listdir(pids)]
    assert len(started) == 3 and all(_alive(p) for p in started)
    player.close()
    assert not [p for p in started if _alive(p)]

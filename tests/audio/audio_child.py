"""Play the start of a tiny routine in a fresh process and print a JSON report.

Run by the subprocess tests, with ``ALSA_CONFIG_PATH`` and friends set in
the environment before the process starts, so libasound sees them from its
very first use: ``python -m tests.audio.audio_child [MOMENTS [SOUNDS_DIR]]``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from hiptimer.audio import build_audio
from hiptimer.core.model import SidesMode
from tests.audio.audio_helpers import audible_moments, replay
from tests.factories import hold, routine


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 6
    sounds_dir = Path(argv[1]) if len(argv) > 1 else None
    notices: list[list[str]] = []
    visuals: list[str] = []
    scheduler = build_audio(volume=100, on_visual_cue=lambda e: visuals.append(e.cue.value),
                            on_notice=lambda text, key: notices.append([text, key]),
                            sounds_dir=sounds_dir)
    moments = audible_moments(routine(hold(seconds=6, sides=SidesMode.BOTH, get_ready=5),
                                     switch=5))
    replay(scheduler.handle, scheduler.wait_idle, moments[:count])
    scheduler.close()
    json.dump({
        "backend": scheduler.backend_name,
        "reason": scheduler.backend_reason,
        "notices": notices,
        "notice_key": scheduler.notice_key,
        "visuals": visuals,
        "played": [e.sound.value for e in scheduler.journal if e.action == "played"],
    }, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""What a person is told about sound: plain words, stable keys, details in the log."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from hiptimer.audio import notices
from hiptimer.audio.notices import Skipped, handover_notice, silent_notice
from tests.audio.audio_helpers import ROOT

ALL = [*notices.TEXTS, "fallback-aplay"]
JARGON = re.compile(r"\d|simpleaudio|alsa|aplay|libasound|pcm|errno|code|error|exited|pip|apt",
                    re.IGNORECASE)


@pytest.mark.parametrize("key", ALL)
def test_notices_speak_plainly(key):
    """No error codes, numbers, library or program names in what the window shows."""
    text = notices.notice(key).text
    assert not JARGON.search(text), text
    assert text.endswith(".") and len(text) < 200


def test_keys_are_stable():
    """The keys are stored in the user's settings: renaming one would repeat a notice."""
    assert sorted(notices.TEXTS) == ["no-device", "no-player", "no-sound-files",
                                     "sound-disabled", "sound-lost"]
    assert handover_notice("command", "aplay").key == "fallback-aplay"
    assert handover_notice("silent").key == "sound-lost"


def test_no_device_says_where_the_settings_are():
    """The no-device notice says what happens instead and where to look."""
    assert notices.notice("no-device").text == (
        "No sound device was found, so cues will flash on screen instead. "
        "Sound settings: Sound menu.")


@pytest.mark.parametrize(("kinds", "key"), [
    ({"device"}, "no-device"),
    ({"missing", "device"}, "no-device"),  # aplay is there, the card is not
    ({"failed"}, "no-device"),
    ({"missing"}, "no-player"),
    ({"disabled"}, "sound-disabled"),
    ({"disabled", "device"}, "no-device"),
    ({"sounds"}, "no-sound-files"),
])
def test_the_most_useful_reason_wins(kinds, key):
    """Of several reasons for silence, the notice names the one a person can act on."""
    assert silent_notice(Skipped(f"b{i}", "why", k) for i, k in enumerate(sorted(kinds))).key == key


def test_the_service_protocol_imports_no_audio_code():
    """hiptimer.audio.service loads no backend, no audio library and no Qt."""
    code = (
        "import sys\n"
        "from hiptimer.audio.service import CueService\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('hiptimer'))\n"
        "assert loaded == ['hiptimer', 'hiptimer.audio', 'hiptimer.audio.service'], loaded\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in\n"
        "       ('PySide6', 'simpleaudio', 'winsound', 'ctypes', 'wave', 'subprocess')]\n"
        "assert not bad, bad\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr

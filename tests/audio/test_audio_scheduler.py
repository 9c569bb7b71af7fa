"""CueScheduler's thread: hand-off, options, callbacks, closing (timing rules: test_audio_timeline).

A recording player stands in for the device here; what reaches a real
device is in test_audio_capture. Nothing sleeps: the tests wait on
``wait_idle`` or on a gate the test opens.
"""

from __future__ import annotations

import threading
import time

import pytest

from hiptimer.audio.notices import NO_DEVICE, TEXTS
from hiptimer.audio.options import AudioOptions
from hiptimer.audio.players import SilentPlayer
from hiptimer.audio.scheduler import TEST_SOUND, CueScheduler
from hiptimer.audio.service import CueService
from hiptimer.audio.sounds import Sound, SoundBank
from hiptimer.core.events import Cue, EndStatus, Finished, SecondChanged
from hiptimer.core.model import Side
from hiptimer.core.plan import PhaseKind
from tests.audio.audio_helpers import FakePlayer, cue, make_sounds, phase

HOLD = phase(PhaseKind.HOLD, side=Side.LEFT)
SWITCH = phase(PhaseKind.SWITCH_SIDES, side=Side.RIGHT)


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    return SoundBank.load(make_sounds(tmp_path_factory.mktemp("sounds"), beep=0.01, voice=0.02))


@pytest.fixture
def make(bank):
    """Build schedulers on short sounds; all closed after the test."""
    made = []

    def build(player=None, options=None, **kw):
        scheduler = CueScheduler(player or FakePlayer(), bank, options or AudioOptions(), **kw)
        made.append(scheduler)
        return scheduler

    yield build
    for scheduler in made:
        scheduler.close()


class GatedPlayer(FakePlayer):
    """A backend that hangs in play() until the test opens the gate."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()

    def play(self, sound):
        self.gate.wait(5)
        super().play(sound)


def sent(player: FakePlayer) -> list[str]:
    return [s.value for s in player.sounds]


def test_the_scheduler_is_a_cue_service(make):
    """CueScheduler provides everything the CueService protocol promises."""
    assert isinstance(make(), CueService)


def test_beeps_reach_the_backend_at_once(make):
    """A cue's beep starts within a few milliseconds of handle()."""
    player = FakePlayer()
    audio = make(player)
    at = time.monotonic()
    audio.handle(cue(Cue.COUNTDOWN, at=at, count=3))
    assert audio.wait_idle(2)
    assert sent(player) == ["tick"]
    assert player.plays[0].at - at < 0.02


def test_handle_returns_at_once_even_when_the_backend_hangs(make):
    """handle() only queues: a backend stuck in play() never holds the caller."""
    player = GatedPlayer()
    audio = make(player)
    start = time.perf_counter()
    for n in (3, 2, 1):
        audio.handle(cue(Cue.COUNTDOWN, count=n))
    audio.handle(cue(Cue.GO, HOLD))
    assert time.perf_counter() - start < 0.01
    assert player.plays == []
    player.gate.set()
    assert audio.wait_idle(2)
    assert player.plays


def test_handle_never_raises(make):
    """Garbage in, a broken backend: handle() and set_options() still never raise."""

    class Broken(FakePlayer):
        def play(self, sound):
            raise RuntimeError("backend bug")

    audio = make(Broken())
    audio.handle(None)  # type: ignore[arg-type]
    audio.handle("nonsense")  # type: ignore[arg-type]
    audio.handle(SecondChanged(HOLD, 3))
    audio.handle(cue(Cue.GO, HOLD))
    audio.set_options(None, volume="loud")  # type: ignore[arg-type]
    assert audio.wait_idle(2)
    audio.handle(cue(Cue.COUNTDOWN, count=1))  # the thread survived the errors
    assert audio.wait_idle(2)


def test_words_follow_their_beep_on_the_thread(make, bank):
    """The thread wakes for each queued word: "beep, Switch sides, Right side" all play."""
    player = FakePlayer()
    audio = make(player)
    audio.handle(cue(Cue.SWITCH_SIDES, SWITCH, side=Side.RIGHT))
    assert audio.wait_idle(2)
    assert sent(player) == ["switch_sides", "voice_switch_sides", "voice_right_side"]
    beep, word, side = player.plays
    assert word.at - beep.at >= bank.duration(Sound.SWITCH_SIDES)
    assert side.at - word.at >= bank.duration(Sound.VOICE_SWITCH_SIDES)


def test_mute_stops_the_backend(make):
    """Muting cuts what the backend is playing, and later cues stay quiet."""
    player = FakePlayer()
    audio = make(player)
    audio.set_options(muted=True)
    audio.handle(cue(Cue.GO, HOLD))
    assert audio.wait_idle(2)
    assert player.stops == 1 and player.plays == []


def test_ending_early_stops_the_backend(make):
    """Ending a session early cuts the sound on the device."""
    player = FakePlayer()
    audio = make(player)
    audio.handle(Finished(EndStatus.ENDED_EARLY, 12.0))
    assert audio.wait_idle(2)
    assert player.stops == 1


def test_volume_reaches_the_backend(make):
    """A new volume is passed to the backend before the next sound."""
    player = FakePlayer()
    audio = make(player, AudioOptions(volume=80))
    assert player.volume == 80
    audio.set_options(volume=35)
    audio.handle(cue(Cue.COUNTDOWN, count=3))
    assert audio.wait_idle(2)
    assert player.volume == 35
    assert audio.options == AudioOptions(volume=35)


def test_play_test_plays_one_beep_even_when_muted(make):
    """The test sound is what the person asked for: it plays through mute."""
    player = FakePlayer()
    audio = make(player, AudioOptions(muted=True, volume=40))
    audio.play_test()
    assert audio.wait_idle(2)
    assert player.sounds == [TEST_SOUND] and player.volume == 40


def test_silent_backend_flashes_every_cue_and_explains_once(make):
    """With no sound, every cue goes to on_visual_cue and one notice says why."""
    flashes, notices = [], []
    audio = make(SilentPlayer(), on_visual_cue=flashes.append,
                 on_notice=lambda text, key: notices.append((text, key)))
    assert audio.silent and notices == [(TEXTS[NO_DEVICE], NO_DEVICE)]
    assert (audio.notice, audio.notice_key) == notices[0]
    events = [cue(Cue.COUNTDOWN, count=n) for n in (3, 2, 1)] + [cue(Cue.GO, HOLD)]
    for e in events:
        audio.handle(e)
    assert audio.wait_idle(2)
    assert flashes == events  # the engine's own events: cue name, phase and side
    assert len(notices) == 1


def test_visual_cues_come_from_the_playback_thread(make):
    """on_visual_cue runs on the "hiptimer-cues" thread, never the caller's."""
    threads = []
    audio = make(SilentPlayer(), on_visual_cue=lambda e: threads.append(
        threading.current_thread().name))
    audio.handle(cue(Cue.GO, HOLD))
    assert audio.wait_idle(2)
    assert threads == ["hiptimer-cues"]


def test_callbacks_can_be_attached_after_construction(make):
    """The window exists after the audio: assigning the callbacks later works."""
    audio = make(SilentPlayer())
    flashes = []
    audio.on_visual_cue = flashes.append
    audio.handle(cue(Cue.REST))
    assert audio.wait_idle(2)
    assert [e.cue for e in flashes] == [Cue.REST]


def test_play_test_without_sound_repeats_the_notice(make):
    """Asked for a test sound with no device, the scheduler says again why there is none."""
    notices = []
    audio = make(SilentPlayer())
    audio.on_notice = lambda text, key: notices.append((key, threading.current_thread().name))
    audio.play_test()
    assert audio.wait_idle(2)
    assert notices == [(NO_DEVICE, "hiptimer-cues")]


def test_a_cue_muted_by_the_user_is_not_flashed(make):
    """Flashing stands in for a missing device, not for the user's mute."""
    flashes = []
    audio = make(FakePlayer(), AudioOptions(muted=True), on_visual_cue=flashes.append)
    audio.handle(cue(Cue.GO, HOLD))
    assert audio.wait_idle(2)
    assert flashes == []


def test_a_failing_callback_does_not_stop_the_thread(make):
    """A callback that raises is logged; later cues are still shown."""
    seen = []

    def flaky(event):
        seen.append(event.cue)
        if len(seen) == 1:
            raise RuntimeError("UI bug")

    audio = make(SilentPlayer(), on_visual_cue=flaky)
    audio.handle(cue(Cue.GO, HOLD))
    audio.handle(cue(Cue.REST))
    assert audio.wait_idle(2)
    assert seen == [Cue.GO, Cue.REST]


def test_close_is_idempotent_and_later_events_are_ignored(make):
    """close() twice is fine; events after close do nothing."""
    player = FakePlayer()
    audio = make(player)
    audio.close()
    audio.close()
    audio.handle(cue(Cue.GO, HOLD))
    audio.play_test()
    assert audio.wait_idle(0.5)
    assert player.plays == [] and player.closed


def test_with_no_device_cues_flash_even_when_muted(make):
    """Mute is about sound: with no device at all, cues are still shown."""
    flashes = []
    audio = make(SilentPlayer(), AudioOptions(muted=True), on_visual_cue=flashes.append)
    audio.handle(cue(Cue.GO, HOLD))
    assert audio.wait_idle(2)
    assert [e.cue for e in flashes] == [Cue.GO]

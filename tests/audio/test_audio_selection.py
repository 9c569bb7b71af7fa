"""Backend choice, the disable variable, hand-over, and the words of the notice."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading

import pytest

from hiptimer.audio import alsa
from hiptimer.audio.command import CommandPlayer
from hiptimer.audio.notices import (
    DISABLE_ENV,
    NO_SOUND_FILES,
    SOUND_DISABLED,
    SOUND_LOST,
    Skipped,
    silent_notice,
    technical_help,
)
from hiptimer.audio.players import BackendUnavailable, CuePlayer, SilentPlayer
from hiptimer.audio.selection import (
    PlayerChain,
    create_backend,
    disabled_backends,
    select_player,
)
from hiptimer.audio.sounds import Sound, SoundBank
from tests.audio.audio_helpers import ROOT, FakePlayer, make_sounds, need_linux, use_capture


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    return SoundBank.load(make_sounds(tmp_path_factory.mktemp("sounds")))


def test_disable_list_is_forgiving(caplog):
    """Case and spaces do not matter; unknown names are logged; silent stays."""
    env = {DISABLE_ENV: " SimpleAudio , command,,kazoo, silent"}
    with caplog.at_level(logging.WARNING):
        assert disabled_backends(env) == {"simpleaudio", "command"}
    assert "kazoo" in caplog.text and "cannot be disabled" in caplog.text
    assert disabled_backends({}) == frozenset()


def test_every_backend_is_a_cue_player(bank):
    """The backends and the chain all satisfy the CuePlayer protocol."""
    assert isinstance(SilentPlayer(), CuePlayer)
    assert isinstance(CommandPlayer(bank), CuePlayer)
    assert isinstance(PlayerChain(bank, disabled={"simpleaudio", "command"}), CuePlayer)


def test_missing_simpleaudio_is_a_fallback_not_a_crash(bank, monkeypatch):
    """Without simpleaudio installed, selection moves on and says how to install it."""
    monkeypatch.setitem(sys.modules, "simpleaudio", None)  # import now raises ImportError
    with pytest.raises(BackendUnavailable, match="not installed"):
        create_backend("simpleaudio", bank)
    skipped: list[Skipped] = []
    player, reason = select_player(bank, disabled={"command"}, skipped=skipped)
    assert player.name == "silent"
    assert "simpleaudio is not installed" in reason
    assert silent_notice(skipped).key == SOUND_DISABLED
    help_text = technical_help(skipped, {DISABLE_ENV: "command"})  # for the log
    assert "pip install 'hiptimer[audio]'" in help_text
    if sys.platform.startswith("linux"):
        assert "libasound2-dev" in help_text
    assert f"unset {DISABLE_ENV}" in help_text


def test_a_missing_sound_program_is_unavailable(bank):
    """No player program on the PATH: the command backend is unavailable, with the names."""
    player = CommandPlayer(bank, programs=[("hiptimer-no-such-player",)])
    with pytest.raises(BackendUnavailable, match="no sound program found"):
        player.probe()
    player.close()


def test_a_failing_sound_program_fails_the_probe(bank):
    """A program that exits with an error fails the probe, quoting the exit code."""
    need_linux()
    player = CommandPlayer(bank, programs=[("false",)])
    with pytest.raises(BackendUnavailable, match="exited with 1"):
        player.probe()
    player.close()


def test_selection_is_logged_once_with_its_reason(bank, caplog):
    """One INFO line names the backend and why."""
    with caplog.at_level(logging.INFO, logger="hiptimer.audio.selection"):
        _player, reason = select_player(bank, disabled={"simpleaudio", "command"})
    lines = [r for r in caplog.records if r.getMessage().startswith("Audio backend:")]
    assert len(lines) == 1 and "silent" in lines[0].getMessage()
    assert lines[0].args  # %-style arguments, not a pre-formatted string
    assert "disabled by HIPTIMER_AUDIO_DISABLE" in reason


def test_chain_hands_over_when_a_command_fails_later(bank, tmp_path, monkeypatch):
    """A backend failing after start hands over to the next and tells the listener."""
    need_linux()
    use_capture(monkeypatch, tmp_path / "cap")
    # A "player" that accepts the probe file and fails on every real cue.
    script = 'case "$0" in *probe.wav) exit 0;; *) echo "device went away" >&2; exit 3;; esac'
    monkeypatch.setattr("hiptimer.audio.command.LINUX_PROGRAMS", (("sh", "-c", script),))
    changes = []
    told = threading.Event()
    chain = PlayerChain(bank, disabled={"simpleaudio"})
    chain.set_listener(lambda *change: (changes.append(change), told.set()))
    assert chain.name == "command" and chain.notice is None
    chain.play(Sound.TICK)
    assert told.wait(5)
    assert chain.name == "silent" and chain.is_silent
    name, reason, notice = changes[0]
    assert name == "silent" and notice == chain.notice and notice.key == SOUND_LOST
    assert "exited with 3: device went away" in reason  # the technical part, for the log
    assert "device went away" not in notice.text and "3" not in notice.text
    chain.close()


def test_alsa_error_handler_installs_once():
    """The quiet ALSA handler installs on Linux and is a no-op the second time."""
    need_linux()
    first = alsa.silence_alsa_errors()
    assert first is True
    assert alsa.silence_alsa_errors() is True


def test_no_cue_files_gives_silent_with_a_reason(tmp_path, caplog):
    """An install without its sound files runs silent and says what is missing."""
    with caplog.at_level(logging.WARNING):
        chain = PlayerChain(SoundBank.load(tmp_path / "nowhere"))
    assert chain.is_silent
    assert chain.notice is not None and chain.notice.key == NO_SOUND_FILES
    assert "no cue sound files" in caplog.text and "make_sounds.py" in caplog.text


def test_a_backend_that_raises_is_replaced(bank):
    """A backend bug in play() never reaches the caller; the chain moves on."""

    class Buggy(FakePlayer):
        def play(self, sound):
            raise ZeroDivisionError("backend bug")

    chain = PlayerChain(bank, disabled={"simpleaudio", "command"})
    chain._active = Buggy("simpleaudio")  # as if simpleaudio had been chosen
    chain.play(Sound.TICK)  # must not raise
    assert chain.name == "silent"
    assert "crashed" in chain.reason
    chain.play(Sound.TICK)
    chain.close()


def test_importing_audio_loads_no_optional_library():
    """hiptimer.audio imports neither Qt nor simpleaudio until a backend is probed."""
    code = (
        "import sys\n"
        "import hiptimer.audio, hiptimer.audio.players, hiptimer.audio.selection\n"
        "import hiptimer.audio.scheduler, hiptimer.audio.build, hiptimer.audio.alsa\n"
        "import hiptimer.audio.command, hiptimer.audio.timeline, hiptimer.audio.notices\n"
        "from hiptimer.audio import build_audio, CueService, AudioOptions, Sound\n"
        "bad = sorted(m for m in sys.modules\n"
        "             if m.split('.')[0] in ('PySide6', 'shiboken6', 'simpleaudio', 'winsound'))\n"
        "assert not bad, bad\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT)
    assert out.returncode == 0, out.stderr

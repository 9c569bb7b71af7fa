"""The Sound menu's Voice submenu, through the real window with a recording audio layer."""

from __future__ import annotations

from hiptimer.audio.speech.options import Preset
from hiptimer.storage.settings import Settings
from tests.factories import hold, routine


class SpeakingAudio:
    """A CueService double that records what the window asks of the speech layer."""

    speech_engine = "espeak-ng"
    speech_reason = "espeak-ng 1.51 at /usr/bin/espeak-ng"

    def __init__(self) -> None:
        self.on_visual_cue = self.on_notice = self.on_backend_changed = None
        self.silent = False
        self.notice = self.notice_key = ""
        self.calls: list[tuple[str, object]] = []

    def handle(self, event) -> None:
        self.calls.append(("handle", type(event).__name__))

    def set_options(self, **kw) -> None:
        self.calls.append(("set_options", kw))

    def set_speech(self, options) -> None:
        self.calls.append(("set_speech", options))

    def prepare(self, plan, time_scale: float = 1.0) -> None:
        self.calls.append(("prepare", plan.routine.id))

    def test_voice(self) -> None:
        self.calls.append(("test_voice", None))

    def speech_voices(self) -> list[str]:
        return ["en-gb", "en-us"]

    def play_test(self) -> None: ...

    def wait_idle(self, timeout: float = 5.0) -> bool:
        return True

    def close(self) -> None: ...

    def last(self, name: str):
        return [v for n, v in self.calls if n == name][-1]


def test_voice_menu_offers_the_presets_and_names_the_engine(make_window, qtbot):
    """Four presets with Cues and names ticked; the engine in use is named, its reason a tooltip."""
    audio = SpeakingAudio()
    w = make_window(audio=audio).window
    voice = w.voice_menu
    assert [a.text() for a in voice.presets.values()] == ["Off", "Essential cues", "Cues and names",
                                                          "Full coaching"]
    assert [a.text() for a in voice.presets.values() if a.isChecked()] == ["Cues and names"]
    assert voice.engine.text() == "Speaking with: espeak-ng"
    assert "/usr/bin/espeak-ng" in voice.engine.toolTip()
    assert not w.menus.voice.isVisible()  # "Spoken cues" is the preset Off now
    assert voice.menu.menuAction() in w.menus.sound_menu.actions()


def test_choosing_presets_reaches_settings_and_audio(make_window, qtbot):
    """Off turns the voice off (and is remembered); Full coaching turns it back on."""
    audio = SpeakingAudio()
    h = make_window(audio=audio)
    voice = h.window.voice_menu
    voice.presets[Preset.OFF].trigger()
    assert h.settings.voice is False
    assert audio.last("set_speech").preset is Preset.OFF
    assert audio.last("set_options")["voice"] is False
    voice.presets[Preset.FULL].trigger()
    assert (h.settings.voice, h.settings.speech_preset) == (True, "full")
    assert audio.last("set_speech").preset is Preset.FULL
    assert h.saved  # written to settings.json


def test_rate_volume_voice_and_test_voice(make_window, qtbot, monkeypatch):
    """Faster, speech volume 50 %, a chosen voice and Test voice all reach the audio layer."""
    from PySide6.QtWidgets import QInputDialog

    audio = SpeakingAudio()
    h = make_window(audio=audio)
    voice = h.window.voice_menu
    voice.rates[2].trigger()
    voice.volumes[0].trigger()
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("en-gb", True))
    voice.choose_voice.trigger()
    options = audio.last("set_speech")
    assert (options.rate, options.volume, options.voice) == (180, 50, "en-gb")
    assert (h.settings.speech_rate, h.settings.speech_volume, h.settings.speech_voice) == (
        180, 50, "en-gb")
    voice.test_voice.trigger()
    assert audio.calls[-1] == ("test_voice", None)


def test_saved_preset_is_ticked_at_start(make_window, qtbot):
    """A saved "essential" preset is ticked when the window opens; voice off ticks Off."""
    w = make_window(audio=SpeakingAudio(),
                    settings=Settings(disclaimer_seen=True, speech_preset="essential")).window
    assert w.voice_menu.presets[Preset.ESSENTIAL].isChecked()
    w2 = make_window(audio=SpeakingAudio(),
                     settings=Settings(disclaimer_seen=True, voice=False)).window
    assert w2.voice_menu.presets[Preset.OFF].isChecked()


def test_start_renders_the_session_ahead_before_the_first_cue(make_window, qtbot):
    """Start hands the plan to the audio layer before the engine's first event."""
    audio = SpeakingAudio()
    h = make_window(routines=[routine(hold("a", seconds=10, get_ready=3), rid="short")], audio=audio)
    h.window.start_routine("short")
    qtbot.waitUntil(lambda: any(n == "handle" for n, _ in audio.calls))
    names = [n for n, _ in audio.calls]
    assert names.index("prepare") < names.index("handle")
    assert audio.last("prepare") == "short"

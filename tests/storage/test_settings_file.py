"""The settings file: every field round-trips, defaults are fresh, bad values fall back."""

from __future__ import annotations

import json

import pytest

from hiptimer.storage.settings import Settings, load_settings, save_settings


def test_every_declared_field_has_a_default_and_round_trips(tmp_path):
    declared = list(Settings.__annotations__)
    assert list(Settings().as_dict()) == declared  # one field list, in one order
    changed = Settings(volume=25, muted=True, theme="dark", system_scheme="dark", seen_notices=["a"],
                       last_routine="level-2", doses={"level-1": {"ir-hang": {"hold": 75}}})
    save_settings(changed, tmp_path / "settings.json")
    assert load_settings(tmp_path / "settings.json") == changed
    assert json.loads((tmp_path / "settings.json").read_text())["volume"] == 25


def test_defaults_are_not_shared_between_settings():
    first, second = Settings(), Settings()
    first.seen_notices.append("sound:x")
    first.set_dose("level-1", "ir-hang", hold=75)
    assert second.seen_notices == [] and second.doses == {}


def test_an_unknown_field_is_refused_in_code_and_ignored_in_a_file(tmp_path):
    with pytest.raises(TypeError):
        Settings(volum=3)
    (tmp_path / "settings.json").write_text(json.dumps({"volum": 3, "volume": 500, "theme": "pink",
                                                        "system_scheme": "dark"}))
    loaded = load_settings(tmp_path / "settings.json")
    assert loaded.volume == 80 and loaded.theme == "system"  # out of range, not a choice: defaults
    assert loaded.system_scheme == "dark"


def test_an_unreadable_file_is_kept_aside_and_the_user_is_told(tmp_path):
    path = tmp_path / "settings.json"
    path.write_bytes(b"\x00 not json {")
    notices: list[str] = []
    assert load_settings(path, notices) == Settings()
    (aside,) = [p for p in tmp_path.iterdir() if p.name.startswith("settings.json.bad-")]
    assert aside.read_bytes() == b"\x00 not json {"
    assert len(notices) == 1 and "could not be read" in notices[0] and str(aside) in notices[0]


def test_one_bad_dose_loses_only_itself_and_is_named(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"volume": 60, "theme": "blue", "doses": {
        "level-1": {"ir-hang": {"hold": 75}, "knee-pull": {"reps": "ten"}},
        "level-2": "nonsense",
        "level-3": {"nine-ninety": {"sets": 2}}}}))
    notices: list[str] = []
    loaded = load_settings(path, notices)
    assert loaded.volume == 60 and loaded.theme == "system"
    assert loaded.doses == {"level-1": {"ir-hang": {"hold": 75}}, "level-3": {"nine-ninety": {"sets": 2}}}
    assert len(notices) == 1 and "theme" in notices[0] and "some saved doses" in notices[0]

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

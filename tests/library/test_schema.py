"""The published JSON Schema and the loader agree."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

import hiptimer.library.fields as F
import hiptimer.library.loader as L
from hiptimer.core.model import EQUIPMENT
from hiptimer.library.errors import RoutineFileError
from hiptimer.paths import routines_dir

SCHEMA = json.loads((Path(L.__file__).parent / "routine.schema.json").read_text())
ROUTINE, SELF_TESTS = SCHEMA["oneOf"]


def props(node):
    return set(node["properties"])


def test_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_field_lists_match_the_loader():
    """Every field the loader knows is in the schema, required where the loader requires it."""
    assert props(ROUTINE) == set(F.ROUTINE_FIELDS)
    assert set(ROUTINE["required"]) == {k for k, r in F.ROUTINE_FIELDS.items() if r}
    ex = ROUTINE["properties"]["exercises"]["items"]
    assert props(ex) == set(F.EXERCISE_FIELDS)
    assert set(ex["required"]) == {k for k, r in F.EXERCISE_FIELDS.items() if r}
    doses = {v["properties"]["type"]["const"]: v for v in ex["properties"]["dose"]["oneOf"]}
    assert set(doses) == set(F.DOSE_FIELDS)
    for kind, variant in doses.items():
        fields = {**F.DOSE_COMMON, **F.DOSE_FIELDS[kind]}
        assert props(variant) == set(fields), kind
        assert set(variant["required"]) == {k for k, r in fields.items() if r}, kind
    st = SELF_TESTS["properties"]["self_tests"]["items"]
    assert props(st) == set(F.SELF_TEST_FIELDS)
    assert set(ROUTINE["properties"]["source"]["properties"]) == set(F.SOURCE_FIELDS)
    equipment = ROUTINE["properties"]["equipment"]["items"]["enum"]
    assert tuple(equipment) == EQUIPMENT


def bundled():
    return sorted(routines_dir().glob("*.yaml"))


@pytest.mark.parametrize("path", bundled(), ids=lambda p: p.name)
def test_bundled_files_pass_the_schema(path):
    jsonschema.validate(yaml.safe_load(path.read_text()), SCHEMA)


MUTATIONS = [
    ("exercises[0].dose.hold = -5", lambda d: d["exercises"][0]["dose"].__setitem__("hold", -5)),
    ("unknown top field", lambda d: d.__setitem__("titel", "x")),
    ("unknown exercise field", lambda d: d["exercises"][0].__setitem__("stpes", ["x"])),
    ("missing safety", lambda d: d.pop("safety")),
    ("bad equipment", lambda d: d.__setitem__("equipment", ["rope"])),
    ("bad sides", lambda d: d["exercises"][0].__setitem__("sides", "both-ways")),
    ("level 4", lambda d: d.__setitem__("level", 4)),
    ("bad id", lambda d: d.__setitem__("id", "Level One")),
    ("dose type", lambda d: d["exercises"][0]["dose"].__setitem__("type", "stretch")),
    ("no exercises", lambda d: d.__setitem__("exercises", [])),
    ("settle -1", lambda d: d["exercises"][1].__setitem__("settle", -1)),
    ("switch 200", lambda d: d["exercises"][1].__setitem__("switch", 200)),
    ("switch on a no-sides exercise", lambda d: d["exercises"][0].__setitem__("switch", 8)),
    ("switch as text", lambda d: d["exercises"][1].__setitem__("switch", "ten")),
]


@pytest.mark.parametrize("name,mutate", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_schema_and_loader_reject_the_same_mistakes(name, mutate):
    doc = yaml.safe_load((routines_dir() / "level-1.yaml").read_text())
    mutate(doc)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, SCHEMA)
    with pytest.raises(RoutineFileError):
        L.parse_routine(yaml.safe_dump(doc), "m.yaml")


def test_schema_and_loader_accept_switch_and_settle():
    """An exercise's own switch and settle pass both the schema and the loader."""
    doc = yaml.safe_load((routines_dir() / "level-1.yaml").read_text())
    doc["exercises"][1].update(switch=10, settle=5)
    jsonschema.validate(doc, SCHEMA)
    r = L.parse_routine(yaml.safe_dump(doc), "m.yaml")
    assert (r.exercises[1].switch, r.exercises[1].settle) == (10, 5)


def test_self_tests_safety_and_caveats_are_in_the_schema():
    doc = yaml.safe_load((routines_dir() / "self-tests.yaml").read_text())
    assert doc["safety"] and all(t["caveats"] for t in doc["self_tests"])
    jsonschema.validate(doc, SCHEMA)
    doc["self_tests"][0]["caveats"] = []
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, SCHEMA)

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


def _strings(node, path=""):
    """(path, node) of every string in the schema."""
    if isinstance(node, dict):
        if node.get("type") == "string":
            yield path, node
        for key, value in node.items():
            yield from _strings(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, f"{path}[{i}]")


def _text_lists(node, path=""):
    """(path, node) of every list of text (steps, form, caveats)."""
    if isinstance(node, dict):
        if node.get("type") == "array" and node.get("items", {}).get("type") == "string":
            yield path, node
        for key, value in node.items():
            yield from _text_lists(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _text_lists(value, f"{path}[{i}]")


def test_schema_limits_are_the_loaders():
    """The schema's list and length limits are the loader's constants, so an editor warns as it refuses."""
    assert ROUTINE["properties"]["exercises"]["maxItems"] == F.MAX_EXERCISES
    assert SELF_TESTS["properties"]["self_tests"]["maxItems"] == F.MAX_SELF_TESTS
    lists = dict(_text_lists(SCHEMA))
    assert {p.rsplit("/", 1)[-1] for p in lists} == {"steps", "form", "caveats"}
    assert {p: n["maxItems"] for p, n in lists.items()} == {p: F.MAX_LIST for p in lists}
    # Free text (no pattern: not an id or an image name) is limited as the loader's text().
    free = {p: n.get("maxLength") for p, n in _strings(SCHEMA) if "pattern" not in n}
    short = {"title": 80, "name": 80, "spoken_name": 120, "effort_label": 12, "relax_label": 12}
    for path, limit in free.items():
        field = path.rsplit("/", 1)[-1]
        named = field in short and "/source/" not in path
        assert limit == (short[field] if named else F.MAX_TEXT), path
    doses = ROUTINE["properties"]["exercises"]["items"]["properties"]["dose"]["oneOf"]
    tempos = [v["properties"]["tempo"] for v in doses if "tempo" in v["properties"]]
    assert len(tempos) == 2
    assert all(t["maxProperties"] == F.MAX_TEMPO_STAGES for t in tempos)


def bundled():
    return sorted(routines_dir().glob("*.yaml"))


@pytest.mark.parametrize("path", bundled(), ids=lambda p: p.name)
def test_bundled_files_pass_the_schema(path):
    jsonschema.validate(yaml.safe_load(path.read_text()), SCHEMA)


def _many_exercises(doc) -> list[dict]:
    """One more exercise than the limit, each with its own id (so only the count is wrong)."""
    return [{**doc["exercises"][0], "id": f"hang-{i}"} for i in range(F.MAX_EXERCISES + 1)]


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
    (f"{F.MAX_EXERCISES + 1} exercises", lambda d: d.__setitem__("exercises", _many_exercises(d))),
    (f"{F.MAX_LIST + 1} steps",
     lambda d: d["exercises"][0].__setitem__("steps", ["Relax."] * (F.MAX_LIST + 1))),
    (f"a step of {F.MAX_TEXT + 1} characters",
     lambda d: d["exercises"][0].__setitem__("steps", ["x" * (F.MAX_TEXT + 1)])),
    (f"a summary of {F.MAX_TEXT + 1} characters", lambda d: d.__setitem__("summary", "x" * (F.MAX_TEXT + 1))),
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


def test_schema_and_loader_refuse_too_many_tempo_stages():
    """Nine tempo stages: refused by both (at most eight)."""
    doc = yaml.safe_load((routines_dir() / "level-3.yaml").read_text())
    dose = next(ex["dose"] for ex in doc["exercises"] if "tempo" in ex["dose"])
    dose["tempo"] = {f"s{i}": 1 for i in range(F.MAX_TEMPO_STAGES + 1)}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, SCHEMA)
    with pytest.raises(RoutineFileError):
        L.parse_routine(yaml.safe_dump(doc), "m.yaml")


def test_self_tests_safety_and_caveats_are_in_the_schema():
    doc = yaml.safe_load((routines_dir() / "self-tests.yaml").read_text())
    assert doc["safety"] and all(t["caveats"] for t in doc["self_tests"])
    jsonschema.validate(doc, SCHEMA)
    doc["self_tests"][0]["caveats"] = []
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, SCHEMA)

"""What a routine file may say, and the checks for each value in it.

The field tables are the single list of what a file may contain; the JSON
Schema test checks the published schema against them. :class:`FieldReader`
reads one value at a time (text, whole seconds, a range, a list, an image
name...) and records every problem with its file, line, column and field
path, e.g.::

    routines/level-2.yaml:14:9: exercises[1].dose.hold: expected seconds between 1 and 3600, got -5
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from hiptimer.core.model import EQUIPMENT, Amount, TempoStage
from hiptimer.core.text import strip_bidi
from hiptimer.library.errors import LocatedError

FORMAT_VERSION = 1
MAX_ERRORS = 50
MAX_EXERCISES = 60
"""The exercises limit: a routine the app can lay out and play (the longest bundled one has 10)."""
MAX_LIST = 20
"""The list limit: steps, form cues, caveats (bundled exercises have at most 5 steps)."""
MAX_TEXT = 2000
"""The text limit, in characters, of one step, summary or note."""
MAX_SELF_TESTS = 60
MAX_PHASES = 5000
"""The phases limit: timed steps in a routine at its largest doses (bundled: at most 586),
so no file can make the plan, the player or the history page do unbounded work."""
MAX_TEMPO_STAGES = 8
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_IMAGE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.svg$")

T = TypeVar("T")

# Field tables: name -> required. They are the single list of what a file may
# say; the JSON Schema test checks the published schema against them.
ROUTINE_FIELDS = {
    "format": False,
    "kind": False,
    "id": True,
    "title": True,
    "level": False,
    "summary": True,
    "equipment": False,
    "source": True,
    "safety": True,
    "get_ready": False,
    "switch_sides": False,
    "exercises": True,
}
SOURCE_FIELDS = {"title": True, "author": True, "publisher": True, "article": True, "notes": False}
EXERCISE_FIELDS = {
    "id": True,
    "name": True,
    "image": True,
    "setup": True,
    "steps": True,
    "form": False,
    "sides": False,
    "get_ready": False,
    "equipment": False,
    "dose": True,
    "dose_note": False,
    "self_paced": False,
    "switch": False,
    "settle": False,
    "spoken_name": False,
}
DOSE_COMMON = {"type": True, "sets": False, "rest": False}
DOSE_FIELDS: dict[str, dict[str, bool]] = {
    "hold": {"hold": True},
    "reps": {"reps": True, "hold": True, "release": False},
    "paced": {"reps": True, "tempo": True},
    "cycles": {"cycles": True, "effort": True, "relax": True, "effort_label": False,
               "relax_label": False},
    "breathing": {"breaths": True, "tempo": True},
}
SELF_TESTS_FIELDS = {"format": False, "kind": True, "source": False, "safety": False,
                     "self_tests": True}
SELF_TEST_FIELDS = {
    "id": True,
    "name": True,
    "image": True,
    "position": True,
    "steps": True,
    "measure": False,
    "normal": True,
    "caveats": False,
    "source": True,
}
NORMAL_FIELDS = {"min": True, "max": True}
AMOUNT_FIELDS = {"default": True, "min": True, "max": True}

# Limits (seconds unless named otherwise).
LIMITS = {
    "hold": (1, 3600),
    "reps": (1, 200),
    "release": (0, 600),
    "sets": (1, 20),
    "rest": (0, 3600),
    "get_ready": (0, 600),
    "switch_sides": (0, 120),
    "switch": (0, 120),
    "settle": (0, 120),
    "tempo": (1, 120),
    "effort": (1, 600),
    "relax": (0, 600),
    "cycles": (1, 200),
    "breaths": (1, 200),
    "level": (1, 3),
    "degrees": (0, 180),
}


class StopReading(Exception):
    """Too many errors, or a structure too broken to read further."""


def describe_node(node: Node) -> str:
    """What was found, for 'got ...' in messages."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, ScalarNode):
        if node.tag == "tag:yaml.org,2002:null":
            return "nothing"
        text = node.value
        if len(text) > 40:
            text = text[:37] + "..."
        return repr(text) if node.tag == "tag:yaml.org,2002:str" else text
    return "something else"


class FieldReader:
    """Reads the values of one file's node tree, collecting located errors.

    Each method checks one value against its field's shape and limits and
    returns it, or records a located error and returns None.
    """

    def __init__(self, file: str, image_dirs: list[Path]) -> None:
        self.file = file
        self.image_dirs = image_dirs
        self.errors: list[LocatedError] = []

    # -- reporting -----------------------------------------------------------
    def error(self, node: Node | None, field: str, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 0
        col = node.start_mark.column + 1 if node is not None else 0
        self.errors.append(LocatedError(self.file, line, col, field, message))
        if len(self.errors) >= MAX_ERRORS:
            raise StopReading

    # -- shapes --------------------------------------------------------------
    def mapping(self, node: Node, path: str, fields: dict[str, bool]) -> dict[str, Node] | None:
        if not isinstance(node, MappingNode):
            self.error(node, path or "(top)", f"expected a mapping of fields, got {describe_node(node)}")
            return None
        out: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:null":
                self.error(key_node, path or "(top)", f"expected a field name, got {describe_node(key_node)}")
                continue
            key = str(key_node.value)
            sub = f"{path}.{key}" if path else key
            if key in out:
                self.error(key_node, sub, "this field is given twice")
                continue
            if key not in fields:
                hint = difflib.get_close_matches(key, fields, n=1)
                did = f"; did you mean '{hint[0]}'?" if hint else ""
                allowed = ", ".join(fields)
                self.error(key_node, sub, f"unknown field '{key}'{did} (allowed: {allowed})")
                continue
            out[key] = value_node
        for name, required in fields.items():
            if required and name not in out:
                sub = f"{path}.{name}" if path else name
                self.error(node, sub, "this required field is missing")
        return out

    def text(self, node: Node, path: str, max_len: int = MAX_TEXT) -> str | None:
        if not isinstance(node, ScalarNode) or node.tag != "tag:yaml.org,2002:str":
            self.error(node, path, f"expected text, got {describe_node(node)}")
            return None
        value = " ".join(node.value.split()) if "\n" not in node.value.strip() else node.value.strip()
        if not value:
            self.error(node, path, "expected text, got an empty string")
            return None
        if len(value) > max_len:
            self.error(node, path, f"expected at most {max_len} characters, got {len(value)}")
            return None
        return strip_bidi(value)

    def ident(self, node: Node, path: str) -> str | None:
        value = self.text(node, path, 64)
        if value is not None and not _ID_RE.match(value):
            self.error(node, path, f"expected lower-case letters, digits and '-', got {value!r}")
            return None
        return value

    def integer(self, node: Node, path: str, limit: str, unit: str = "seconds") -> int | None:
        lo, hi = LIMITS[limit]
        if not isinstance(node, ScalarNode) or node.tag != "tag:yaml.org,2002:int":
            self.error(node, path, f"expected {unit} between {lo} and {hi}, got {describe_node(node)}")
            return None
        try:
            value = int(node.value.replace("_", ""), 0)
        except ValueError:
            self.error(node, path, f"expected {unit} between {lo} and {hi}, got {node.value}")
            return None
        if not lo <= value <= hi:
            self.error(node, path, f"expected {unit} between {lo} and {hi}, got {value}")
            return None
        return value

    def boolean(self, node: Node, path: str) -> bool | None:
        if not isinstance(node, ScalarNode) or node.tag != "tag:yaml.org,2002:bool":
            self.error(node, path, f"expected true or false, got {describe_node(node)}")
            return None
        return node.value.lower() in ("true", "yes", "on")

    def amount(self, node: Node, path: str, limit: str, unit: str = "seconds") -> Amount | None:
        """A number, or ``{default, min, max}`` for a range the user may pick in."""
        if isinstance(node, ScalarNode):
            value = self.integer(node, path, limit, unit)
            return None if value is None else Amount.fixed(value)
        fields = self.mapping(node, path, AMOUNT_FIELDS)
        if fields is None:
            return None
        got = {k: self.integer(v, f"{path}.{k}", limit, unit) for k, v in fields.items()}
        if None in got.values() or len(got) != 3:
            return None
        lo, hi, default = got["min"], got["max"], got["default"]
        assert lo is not None and hi is not None and default is not None
        if lo > hi:
            self.error(node, path, f"expected min <= max, got min {lo} and max {hi}")
            return None
        if not lo <= default <= hi:
            self.error(fields["default"], f"{path}.default",
                       f"expected a default between min {lo} and max {hi}, got {default}")
            return None
        return Amount(default=default, minimum=lo, maximum=hi)

    def text_list(self, node: Node, path: str) -> tuple[str, ...] | None:
        if not isinstance(node, SequenceNode):
            self.error(node, path, f"expected a list of text, got {describe_node(node)}")
            return None
        if not node.value:
            self.error(node, path, "expected at least one entry, got an empty list")
            return None
        if len(node.value) > MAX_LIST:
            self.error(node, path, f"expected at most {MAX_LIST} entries (the list limit), "
                       f"got {len(node.value)}")
            return None
        items = [self.text(item, f"{path}[{i}]") for i, item in enumerate(node.value)]
        return None if None in items else tuple(i for i in items if i is not None)

    def choice(self, node: Node, path: str, options: list[str]) -> str | None:
        value = self.text(node, path, 100)
        if value is None:
            return None
        if value not in options:
            hint = difflib.get_close_matches(value, options, n=1)
            did = f"; did you mean '{hint[0]}'?" if hint else ""
            self.error(node, path, f"expected one of {', '.join(options)}, got {value!r}{did}")
            return None
        return value

    def equipment(self, node: Node, path: str) -> tuple[str, ...] | None:
        if not isinstance(node, SequenceNode):
            self.error(node, path, f"expected a list of equipment names, got {describe_node(node)}")
            return None
        out = []
        for i, item in enumerate(node.value):
            name = self.choice(item, f"{path}[{i}]", list(EQUIPMENT))
            if name is not None and name not in out:
                out.append(name)
        return tuple(out)

    def image(self, node: Node, path: str) -> str | None:
        name = self.text(node, path, 100)
        if name is None:
            return None
        if not _IMAGE_RE.match(name):
            self.error(node, path, f"expected an SVG file name such as 'ir-hang.svg', got {name!r}")
            return None
        if not any((d / name).is_file() for d in self.image_dirs):
            where = " or ".join(str(d) for d in self.image_dirs)
            self.error(node, path, f"expected an image file in {where}, got {name!r}, which does not exist")
            return None
        return name

    def tempo(self, node: Node, path: str) -> tuple[TempoStage, ...] | None:
        if not isinstance(node, MappingNode) or not node.value:
            self.error(node, path, "expected stages in order, such as {out: 2, back: 4}, "
                       f"got {describe_node(node)}")
            return None
        if len(node.value) > MAX_TEMPO_STAGES:
            self.error(node, path, f"expected at most {MAX_TEMPO_STAGES} stages, "
                       f"got {len(node.value)}")
            return None
        stages = []
        for key_node, value_node in node.value:
            label = self.text(key_node, path, 20)
            seconds = self.integer(value_node, f"{path}.{label}", "tempo")
            if label is not None and seconds is not None:
                stages.append(TempoStage(label, seconds))
        return tuple(stages) if len(stages) == len(node.value) else None

    def optional(self, fields: dict[str, Node], name: str, read: Callable[[Node], T | None],
                 default: T) -> T:
        if name not in fields:
            return default
        value = read(fields[name])
        return default if value is None else value


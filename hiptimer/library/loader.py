"""Routine YAML -> :mod:`hiptimer.core.model`, with errors a user can act on.

The file is parsed with PyYAML's safe composer into nodes, which keep their
line and column, and read field by field. Every problem names the file, the
line and column, the field path, what was expected and what was found, e.g.::

    routines/level-2.yaml:14:9: exercises[1].dose.hold: expected seconds between 1 and 3600, got -5

All problems in a file are collected, so one run shows every fix needed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from hiptimer.core.model import (
    EQUIPMENT,
    Amount,
    Dose,
    DoseKind,
    Exercise,
    Routine,
    SelfTest,
    SidesMode,
    Source,
    TempoStage,
)
from hiptimer.library.errors import LocatedError, RoutineFileError

FORMAT_VERSION = 1
MAX_ERRORS = 50
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
SELF_TESTS_FIELDS = {"format": False, "kind": True, "source": False, "self_tests": True}
SELF_TEST_FIELDS = {
    "id": True,
    "name": True,
    "image": True,
    "position": True,
    "steps": True,
    "measure": False,
    "normal": True,
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
    "tempo": (1, 120),
    "effort": (1, 600),
    "relax": (0, 600),
    "cycles": (1, 200),
    "breaths": (1, 200),
    "level": (1, 3),
    "degrees": (0, 180),
}


class _Stop(Exception):
    """Too many errors, or a structure too broken to read further."""


def _describe(node: Node) -> str:
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


class _Reader:
    """Reads one file's node tree, collecting located errors."""

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
            raise _Stop

    # -- shapes --------------------------------------------------------------
    def mapping(self, node: Node, path: str, fields: dict[str, bool]) -> dict[str, Node] | None:
        if not isinstance(node, MappingNode):
            self.error(node, path or "(top)", f"expected a mapping of fields, got {_describe(node)}")
            return None
        out: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:null":
                self.error(key_node, path or "(top)", f"expected a field name, got {_describe(key_node)}")
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

    def text(self, node: Node, path: str, max_len: int = 2000) -> str | None:
        if not isinstance(node, ScalarNode) or node.tag != "tag:yaml.org,2002:str":
            self.error(node, path, f"expected text, got {_describe(node)}")
            return None
        value = " ".join(node.value.split()) if "\n" not in node.value.strip() else node.value.strip()
        if not value:
            self.error(node, path, "expected text, got an empty string")
            return None
        if len(value) > max_len:
            self.error(node, path, f"expected at most {max_len} characters, got {len(value)}")
            return None
        return value

    def ident(self, node: Node, path: str) -> str | None:
        value = self.text(node, path, 64)
        if value is not None and not _ID_RE.match(value):
            self.error(node, path, f"expected lower-case letters, digits and '-', got {value!r}")
            return None
        return value

    def integer(self, node: Node, path: str, limit: str, unit: str = "seconds") -> int | None:
        lo, hi = LIMITS[limit]
        if not isinstance(node, ScalarNode) or node.tag != "tag:yaml.org,2002:int":
            self.error(node, path, f"expected {unit} between {lo} and {hi}, got {_describe(node)}")
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
            self.error(node, path, f"expected true or false, got {_describe(node)}")
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
            self.error(node, path, f"expected a list of text, got {_describe(node)}")
            return None
        if not node.value:
            self.error(node, path, "expected at least one entry, got an empty list")
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
            self.error(node, path, f"expected a list of equipment names, got {_describe(node)}")
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
                       f"got {_describe(node)}")
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

    # -- documents -----------------------------------------------------------
    def source(self, node: Node, path: str) -> Source | None:
        f = self.mapping(node, path, SOURCE_FIELDS)
        if f is None:
            return None
        vals = {k: self.text(v, f"{path}.{k}") for k, v in f.items()}
        if any(vals.get(k) is None for k, req in SOURCE_FIELDS.items() if req):
            return None
        return Source(title=vals["title"] or "", author=vals["author"] or "",
                      publisher=vals["publisher"] or "", article=vals["article"] or "",
                      notes=vals.get("notes") or "")

    def dose(self, node: Node, path: str) -> Dose | None:
        if not isinstance(node, MappingNode):
            self.error(node, path, f"expected a dose mapping with a type, got {_describe(node)}")
            return None
        type_node = next((v for k, v in node.value
                          if isinstance(k, ScalarNode) and k.value == "type"), None)
        kinds = list(DOSE_FIELDS)
        if type_node is None:
            self.error(node, f"{path}.type", f"this required field is missing (one of {', '.join(kinds)})")
            return None
        kind = self.choice(type_node, f"{path}.type", kinds)
        if kind is None:
            return None
        f = self.mapping(node, path, {**DOSE_COMMON, **DOSE_FIELDS[kind]})
        if f is None:
            return None
        n_errors = len(self.errors)
        sets = self.optional(f, "sets", lambda n: self.amount(n, f"{path}.sets", "sets", "sets"),
                             Amount.fixed(1))
        rest = self.optional(f, "rest", lambda n: self.integer(n, f"{path}.rest", "rest"), 0)
        if sets.maximum > 1 and "rest" not in f:
            self.error(node, f"{path}.rest", "expected rest seconds between sets, since sets is above 1")
        dk = DoseKind(kind)
        dose: Dose | None = None
        if dk is DoseKind.HOLD:
            hold = self.amount(f["hold"], f"{path}.hold", "hold") if "hold" in f else None
            dose = Dose(dk, hold=hold, sets=sets, rest=rest)
        elif dk is DoseKind.REPS:
            reps = self.amount(f["reps"], f"{path}.reps", "reps", "reps") if "reps" in f else None
            hold = self.amount(f["hold"], f"{path}.hold", "hold") if "hold" in f else None
            release = self.optional(f, "release",
                                    lambda n: self.integer(n, f"{path}.release", "release"), 2)
            dose = Dose(dk, hold=hold, reps=reps, release=release, sets=sets, rest=rest)
        elif dk is DoseKind.PACED or dk is DoseKind.BREATHING:
            count = "reps" if dk is DoseKind.PACED else "breaths"
            reps = self.amount(f[count], f"{path}.{count}", count, count) if count in f else None
            tempo = self.tempo(f["tempo"], f"{path}.tempo") if "tempo" in f else None
            dose = Dose(dk, reps=reps, tempo=tempo or (), sets=sets, rest=rest)
        else:
            cycles = (self.amount(f["cycles"], f"{path}.cycles", "cycles", "cycles")
                      if "cycles" in f else None)
            effort = self.amount(f["effort"], f"{path}.effort", "effort") if "effort" in f else None
            relax = self.integer(f["relax"], f"{path}.relax", "relax") if "relax" in f else None
            el = self.optional(f, "effort_label", lambda n: self.text(n, f"{path}.effort_label", 12),
                               "PUSH")
            rl = self.optional(f, "relax_label", lambda n: self.text(n, f"{path}.relax_label", 12),
                               "RELAX")
            dose = Dose(dk, hold=effort, reps=cycles, release=relax or 0, sets=sets, rest=rest,
                        effort_label=el.upper(), release_label=rl.upper())
        return dose if len(self.errors) == n_errors else None

    def exercise(self, node: Node, path: str, default_ready: int) -> Exercise | None:
        f = self.mapping(node, path, EXERCISE_FIELDS)
        if f is None:
            return None
        n_errors = len(self.errors)
        ex_id = self.ident(f["id"], f"{path}.id") if "id" in f else None
        name = self.text(f["name"], f"{path}.name", 80) if "name" in f else None
        image = self.image(f["image"], f"{path}.image") if "image" in f else None
        setup = self.text(f["setup"], f"{path}.setup") if "setup" in f else None
        steps = self.text_list(f["steps"], f"{path}.steps") if "steps" in f else None
        form = self.optional(f, "form", lambda n: self.text_list(n, f"{path}.form"), ())
        sides = self.optional(
            f, "sides", lambda n: self.choice(n, f"{path}.sides", [m.value for m in SidesMode]), "both")
        ready = self.optional(f, "get_ready",
                              lambda n: self.integer(n, f"{path}.get_ready", "get_ready"), default_ready)
        equipment = self.optional(f, "equipment", lambda n: self.equipment(n, f"{path}.equipment"), ())
        dose = self.dose(f["dose"], f"{path}.dose") if "dose" in f else None
        note = self.optional(f, "dose_note", lambda n: self.text(n, f"{path}.dose_note"), "")
        self_paced = self.optional(f, "self_paced",
                                   lambda n: self.boolean(n, f"{path}.self_paced"), False)
        if dose is not None and self_paced and dose.kind not in (DoseKind.REPS, DoseKind.PACED):
            self.error(f["self_paced"], f"{path}.self_paced",
                       f"expected only on reps or paced doses, got a {dose.kind.value} dose")
        if len(self.errors) != n_errors or None in (ex_id, name, image, setup, steps, dose):
            return None
        assert ex_id and name and image and setup and steps and dose
        return Exercise(id=ex_id, name=name, image=image, setup=setup, steps=steps, dose=dose,
                        sides=SidesMode(sides), get_ready=ready, form=form, equipment=equipment,
                        dose_note=note, self_paced=self_paced)

    def routine(self, node: Node) -> Routine | None:
        f = self.mapping(node, "", ROUTINE_FIELDS)
        if f is None:
            return None
        self._format(f)
        if "kind" in f:
            self.choice(f["kind"], "kind", ["routine"])
        rid = self.ident(f["id"], "id") if "id" in f else None
        title = self.text(f["title"], "title", 80) if "title" in f else None
        level = None
        if "level" in f and not (isinstance(f["level"], ScalarNode)
                                 and f["level"].tag == "tag:yaml.org,2002:null"):
            level = self.integer(f["level"], "level", "level", "a level")
        summary = self.text(f["summary"], "summary") if "summary" in f else None
        equipment = self.optional(f, "equipment", lambda n: self.equipment(n, "equipment"), ())
        source = self.source(f["source"], "source") if "source" in f else None
        safety = self.text(f["safety"], "safety") if "safety" in f else None
        ready = self.optional(f, "get_ready", lambda n: self.integer(n, "get_ready", "get_ready"), 10)
        switch = self.optional(f, "switch_sides",
                               lambda n: self.integer(n, "switch_sides", "switch_sides"), 5)
        exercises: list[Exercise] = []
        if "exercises" in f:
            node_list = f["exercises"]
            if not isinstance(node_list, SequenceNode) or not node_list.value:
                self.error(node_list, "exercises",
                           f"expected a list of at least one exercise, got {_describe(node_list)}")
            else:
                seen: dict[str, int] = {}
                for i, item in enumerate(node_list.value):
                    ex = self.exercise(item, f"exercises[{i}]", ready)
                    if ex is None:
                        continue
                    if ex.id in seen:
                        self.error(item, f"exercises[{i}].id",
                                   f"expected a unique id, got {ex.id!r} again "
                                   f"(first used by exercises[{seen[ex.id]}])")
                        continue
                    seen[ex.id] = i
                    exercises.append(ex)
        if self.errors or None in (rid, title, summary, source, safety):
            return None
        assert rid and title and summary and source and safety
        all_equipment = list(equipment)
        for ex in exercises:
            all_equipment += [e for e in ex.equipment if e not in all_equipment]
        return Routine(id=rid, title=title, level=level, summary=summary, source=source,
                       safety=safety, exercises=tuple(exercises), equipment=tuple(all_equipment),
                       switch_sides=switch, path=self.file)

    def _format(self, f: dict[str, Node]) -> None:
        if "format" in f:
            version = f["format"]
            if not (isinstance(version, ScalarNode) and version.tag == "tag:yaml.org,2002:int"
                    and version.value == str(FORMAT_VERSION)):
                self.error(version, "format",
                           f"expected format version {FORMAT_VERSION}, got {_describe(version)}")

    def self_tests(self, node: Node) -> list[SelfTest]:
        f = self.mapping(node, "", SELF_TESTS_FIELDS)
        if f is None:
            return []
        self._format(f)
        if "kind" in f:
            self.choice(f["kind"], "kind", ["self-tests"])
        out: list[SelfTest] = []
        seq = f.get("self_tests")
        if seq is None:
            return out
        if not isinstance(seq, SequenceNode) or not seq.value:
            self.error(seq, "self_tests", f"expected a list of self-tests, got {_describe(seq)}")
            return out
        for i, item in enumerate(seq.value):
            path = f"self_tests[{i}]"
            tf = self.mapping(item, path, SELF_TEST_FIELDS)
            if tf is None:
                continue
            n_errors = len(self.errors)
            tid = self.ident(tf["id"], f"{path}.id") if "id" in tf else None
            name = self.text(tf["name"], f"{path}.name", 80) if "name" in tf else None
            image = self.image(tf["image"], f"{path}.image") if "image" in tf else None
            position = self.text(tf["position"], f"{path}.position") if "position" in tf else None
            steps = self.text_list(tf["steps"], f"{path}.steps") if "steps" in tf else None
            measure = self.optional(tf, "measure", lambda n, p=path: self.text(n, f"{p}.measure"), "")
            source = self.source(tf["source"], f"{path}.source") if "source" in tf else None
            lo = hi = None
            if "normal" in tf:
                nf = self.mapping(tf["normal"], f"{path}.normal", NORMAL_FIELDS)
                if nf and "min" in nf and "max" in nf:
                    lo = self.integer(nf["min"], f"{path}.normal.min", "degrees", "degrees")
                    hi = self.integer(nf["max"], f"{path}.normal.max", "degrees", "degrees")
                    if lo is not None and hi is not None and lo > hi:
                        self.error(tf["normal"], f"{path}.normal",
                                   f"expected min <= max, got min {lo} and max {hi}")
            if len(self.errors) != n_errors or None in (tid, name, image, position, steps, source,
                                                         lo, hi):
                continue
            assert tid and name and image and position and steps and source
            assert lo is not None and hi is not None
            out.append(SelfTest(id=tid, name=name, image=image, position=position, steps=steps,
                                normal_min=lo, normal_max=hi, source=source, measure=measure))
        return out


# libyaml's composer is many times faster and keeps the same line marks.
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str, file: str) -> Node:
    try:
        node = yaml.compose(text, Loader=_COMPOSER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        col = mark.column + 1 if mark else 0
        problem = exc.problem or exc.context or "not valid YAML"
        raise RoutineFileError([LocatedError(file, line, col, "", f"not valid YAML: {problem}")]) from None
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        raise RoutineFileError([LocatedError(file, 0, 0, "", f"not valid YAML: {exc}")]) from None
    if node is None:
        raise RoutineFileError([LocatedError(file, 1, 1, "", "the file is empty")])
    return node


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RoutineFileError([LocatedError(str(path), 0, 0, "", f"cannot read: {exc.strerror}")]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise RoutineFileError(
            [LocatedError(str(path), line, 1, "", "expected UTF-8 text, found bytes that are not")]
        ) from None


def _run(reader: _Reader, read: Callable[[], T]) -> T:
    try:
        result = read()
    except _Stop:
        reader.errors.append(LocatedError(reader.file, 0, 0, "", "too many errors; stopped here"))
        raise RoutineFileError(reader.errors) from None
    except RecursionError:
        raise RoutineFileError([LocatedError(reader.file, 0, 0, "", "the file is nested too deeply")]) from None
    if reader.errors:
        raise RoutineFileError(reader.errors)
    return result


def default_image_dirs(file: str | Path | None = None) -> list[Path]:
    from hiptimer.paths import images_dir

    dirs = [images_dir()]
    if file is not None:
        here = Path(file).resolve().parent
        dirs += [here, here / "images"]
    return dirs


def file_kind(text: str, file: str) -> str:
    """``routine`` or ``self-tests``: what a file holds, by its ``kind`` field."""
    return _node_kind(_compose(text, file))


def _node_kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == "kind" and isinstance(v, ScalarNode):
                return "self-tests" if v.value == "self-tests" else "routine"
    return "routine"


def parse_routine(text: str, file: str = "<text>", image_dirs: list[Path] | None = None) -> Routine:
    """Parse routine YAML text; raise :class:`RoutineFileError` with every problem."""
    reader = _Reader(file, image_dirs if image_dirs is not None else default_image_dirs())
    node = _compose(text, file)
    routine = _run(reader, lambda: reader.routine(node))
    assert routine is not None
    return routine


def parse_any(text: str, file: str, image_dirs: list[Path]) -> Routine | list[SelfTest]:
    """A routine, or the self-tests of a ``kind: self-tests`` file; composed once."""
    reader = _Reader(file, image_dirs)
    node = _compose(text, file)
    if _node_kind(node) == "self-tests":
        return _run(reader, lambda: reader.self_tests(node))
    routine = _run(reader, lambda: reader.routine(node))
    assert routine is not None
    return routine


def load_routine(path: str | Path, image_dirs: list[Path] | None = None) -> Routine:
    path = Path(path)
    text = _read_text(path)
    return parse_routine(text, str(path), image_dirs if image_dirs is not None else default_image_dirs(path))


def parse_self_tests(text: str, file: str = "<text>",
                     image_dirs: list[Path] | None = None) -> list[SelfTest]:
    reader = _Reader(file, image_dirs if image_dirs is not None else default_image_dirs())
    node = _compose(text, file)
    return _run(reader, lambda: reader.self_tests(node))


def load_self_tests(path: str | Path) -> list[SelfTest]:
    path = Path(path)
    return parse_self_tests(_read_text(path), str(path), default_image_dirs(path))


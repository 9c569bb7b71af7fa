"""Building the model: a file's node tree -> routines and self-tests.

:class:`DocumentReader` walks a routine (source, exercises, doses) or a
self-tests file field by field with :class:`~hiptimer.library.fields.FieldReader`'s
checks, and returns :mod:`hiptimer.core.model` values only when the whole
document is sound. Checks that span fields (a unique exercise id, a rest
between sets, ``switch`` only with ``sides: both``) live here.
"""

from __future__ import annotations

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from hiptimer.core.model import (
    Amount,
    Dose,
    DoseKind,
    Exercise,
    Routine,
    SelfTest,
    SidesMode,
    Source,
)
from hiptimer.library.fields import (
    DOSE_COMMON,
    DOSE_FIELDS,
    EXERCISE_FIELDS,
    FORMAT_VERSION,
    MAX_EXERCISES,
    MAX_PHASES,
    MAX_SELF_TESTS,
    NORMAL_FIELDS,
    ROUTINE_FIELDS,
    SELF_TEST_FIELDS,
    SELF_TESTS_FIELDS,
    SOURCE_FIELDS,
    FieldReader,
    describe_node,
)


class DocumentReader(FieldReader):
    """Reads a whole routine or self-tests document."""

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
            self.error(node, path, f"expected a dose mapping with a type, got {describe_node(node)}")
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
        switch = self.optional(f, "switch", lambda n: self.integer(n, f"{path}.switch", "switch"), None)
        if switch is not None and sides != "both":
            self.error(f["switch"], f"{path}.switch",
                       f"expected only with sides: both (the only mode that changes sides "
                       f"between runs), got sides: {sides}")
        settle = self.optional(f, "settle", lambda n: self.integer(n, f"{path}.settle", "settle"), 0)
        spoken = self.optional(f, "spoken_name", lambda n: self.text(n, f"{path}.spoken_name", 120), "")
        if len(self.errors) != n_errors or None in (ex_id, name, image, setup, steps, dose):
            return None
        assert ex_id and name and image and setup and steps and dose
        return Exercise(id=ex_id, name=name, image=image, setup=setup, steps=steps, dose=dose,
                        sides=SidesMode(sides), get_ready=ready, form=form, equipment=equipment,
                        dose_note=note, self_paced=self_paced, switch=switch, settle=settle,
                        spoken_name=spoken)

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
                           f"expected a list of at least one exercise, got {describe_node(node_list)}")
            elif len(node_list.value) > MAX_EXERCISES:
                self.error(node_list, "exercises",
                           f"expected at most {MAX_EXERCISES} exercises (the exercises limit), "
                           f"got {len(node_list.value)}")
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
        if exercises and "exercises" in f:
            steps = sum(worst_phases(ex) for ex in exercises)
            if steps > MAX_PHASES:
                self.error(f["exercises"], "exercises",
                           f"expected at most {MAX_PHASES} timed steps at the largest doses "
                           f"(the phases limit), got about {steps}; lower the reps, sets or "
                           "tempo stages")
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
                           f"expected format version {FORMAT_VERSION}, got {describe_node(version)}")

    def self_tests(self, node: Node) -> list[SelfTest]:
        f = self.mapping(node, "", SELF_TESTS_FIELDS)
        if f is None:
            return []
        self._format(f)
        if "kind" in f:
            self.choice(f["kind"], "kind", ["self-tests"])
        out: list[SelfTest] = []
        safety = self.optional(f, "safety", lambda n: self.text(n, "safety"), "")
        seq = f.get("self_tests")
        if seq is None:
            return out
        if not isinstance(seq, SequenceNode) or not seq.value:
            self.error(seq, "self_tests", f"expected a list of self-tests, got {describe_node(seq)}")
            return out
        if len(seq.value) > MAX_SELF_TESTS:
            self.error(seq, "self_tests", f"expected at most {MAX_SELF_TESTS} self-tests "
                       f"(the self-tests limit), got {len(seq.value)}")
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
            caveats = self.optional(tf, "caveats",
                                    lambda n, p=path: self.text_list(n, f"{p}.caveats"), ())
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
                                normal_min=lo, normal_max=hi, source=source, measure=measure,
                                caveats=caveats, safety=safety))
        return out


def worst_phases(ex: Exercise) -> int:
    """About how many timed steps an exercise becomes at the largest doses a user may pick
    (an upper estimate, cheap to compute: the plan itself is not built)."""
    d = ex.dose
    reps = d.reps.maximum if d.reps else 1
    per_rep = len(d.tempo) or 2
    sides = 1 if ex.sides is SidesMode.NONE else 2
    return sides * (d.sets.maximum * (reps * per_rep + 2)) + 4


def node_kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == "kind" and isinstance(v, ScalarNode):
                return "self-tests" if v.value == "self-tests" else "routine"
    return "routine"


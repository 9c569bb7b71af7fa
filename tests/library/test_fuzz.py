"""No input of any kind gives a traceback: a routine or a located error comes out."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hiptimer.library.errors import LocatedError, RoutineFileError
from hiptimer.library.loader import parse_routine
from hiptimer.paths import routines_dir

BUNDLED = sorted(routines_dir().glob("level-*.yaml"))
SEED = BUNDLED[0].read_text(encoding="utf-8") if BUNDLED else "id: x\n"
DOC = yaml.safe_load(SEED)


def outcome(text: str) -> None:
    try:
        parse_routine(text, "fuzz.yaml")
    except RoutineFileError as exc:
        assert exc.errors and all(isinstance(e, LocatedError) for e in exc.errors)
        for e in exc.errors:
            assert e.file == "fuzz.yaml" and str(e).startswith("fuzz.yaml")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_random_text(text: str) -> None:
    outcome(text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_as_text(data: bytes) -> None:
    outcome(data.decode("latin-1"))


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
                    st.text(max_size=20))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)), max_leaves=12)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


ALL_PATHS = [p for p in _paths(DOC) if p]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(ALL_PATHS), values, st.booleans())
def test_mutated_bundled_routine(path, value, delete) -> None:
    """Replace or delete any one field of a real routine: routine or located error."""
    import copy

    doc = copy.deepcopy(DOC)
    node = doc
    for key in path[:-1]:
        node = node[key]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    outcome(yaml.safe_dump(doc, sort_keys=False))


@settings(max_examples=200, deadline=None)
@given(st.integers(0, max(0, len(SEED) - 1)), st.text(max_size=5))
def test_spliced_text(pos: int, junk: str) -> None:
    """Characters inserted anywhere in a real file never crash the loader."""
    outcome(SEED[:pos] + junk + SEED[pos:])


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    outcome("id: " + "[" * 5000 + "]" * 5000)


def test_bundled_seed_exists() -> None:
    assert BUNDLED, f"no level routines in {routines_dir()}"
    assert Path(BUNDLED[0]).is_file()

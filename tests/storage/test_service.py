"""The typed seams: the writer is a HistoryService, the store a HistoryReader, both sinks."""

from __future__ import annotations

import inspect

import pytest

from hiptimer.core.record import HistorySink
from hiptimer.storage.service import HistoryReader, HistoryService
from hiptimer.storage.store import HistoryStore
from hiptimer.storage.writer import HistoryWriter


def _members(protocol: type) -> dict[str, object]:
    return {
        name: value
        for name, value in vars(protocol).items()
        if not name.startswith("_") and (callable(value) or isinstance(value, property))
    }


def _parameters(function: object) -> list[inspect.Parameter]:
    return list(inspect.signature(function).parameters.values())[1:]  # without self


def _matches(mine: inspect.Parameter, theirs: inspect.Parameter) -> bool:
    """Same default and kind, and the same name unless the protocol's is positional-only
    (then any positional parameter will do). Annotations are strings either way."""
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    if theirs.kind is inspect.Parameter.POSITIONAL_ONLY:
        return mine.kind in positional and mine.default == theirs.default
    return (mine.name, mine.kind, mine.default) == (theirs.name, theirs.kind, theirs.default)


@pytest.mark.parametrize(
    ("protocol", "implementation"),
    [
        (HistoryService, HistoryWriter),
        (HistoryReader, HistoryStore),
        (HistorySink, HistoryWriter),
        (HistorySink, HistoryStore),
    ],
    ids=["writer-service", "store-reader", "writer-sink", "store-sink"],
)
def test_implementation_matches_the_protocol(protocol, implementation):
    """Every member of the protocol exists with the same parameters (names, kinds, defaults)."""
    for name, member in _members(protocol).items():
        mine = getattr(implementation, name, None)
        assert mine is not None, f"{implementation.__name__} lacks {name}"
        if isinstance(member, property):
            assert isinstance(mine, property), name
        else:
            pairs = list(zip(_parameters(mine), _parameters(member), strict=False))
            assert len(_parameters(mine)) == len(_parameters(member)), name
            assert all(_matches(m, t) for m, t in pairs), (name, pairs)


def test_a_writer_is_a_history_service():
    """A real writer passes the runtime check the app may use."""
    store = HistoryStore.open(":memory:").store
    writer = HistoryWriter(store)
    assert isinstance(writer, HistoryService)
    assert isinstance(writer.store, HistoryReader)
    writer.close()

"""Shared test set-up: offscreen Qt and a private home for every test."""

from __future__ import annotations

import os

# Before any Qt import: no test needs a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    """Point every user folder at a temporary directory."""
    home = tmp_path / "home"
    monkeypatch.setenv("HIPTIMER_HOME", str(home))
    return home

# The real main window around a fake clock, for UI and fault tests.
pytest_plugins = ["tests.window_harness"]

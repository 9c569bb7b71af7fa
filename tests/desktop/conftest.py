"""Desktop-integration fixtures: a private D-Bus and a fake notification server."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.desktop.desktop_helpers import BUS_CONFIG, FakeServer, need_tool, read_line, start_fake, stop


@pytest.fixture
def private_bus(tmp_path: Path) -> Iterator[str]:
    """A session bus of our own (no activatable services); yields its address."""
    daemon = need_tool("dbus-daemon", "dbus-daemon")
    config = tmp_path / "bus.conf"
    config.write_text(BUS_CONFIG, encoding="utf-8")
    proc = subprocess.Popen([daemon, f"--config-file={config}", "--print-address=1", "--nofork"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        address = read_line(proc, 10).strip()
        assert address.startswith("unix:"), f"dbus-daemon did not start: {address!r}"
        yield address
    finally:
        stop(proc)


@pytest.fixture
def fake_notifications(private_bus: str, tmp_path: Path) -> Iterator[FakeServer]:
    """A recording org.freedesktop.Notifications on the private bus (no body markup)."""
    record = tmp_path / "notifications.jsonl"
    proc = start_fake(private_bus, record, ["body"])
    try:
        yield FakeServer(private_bus, record, proc)
    finally:
        stop(proc)

"""Helpers for the desktop tests: system tools, subprocess lines, the fake notification server."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
CI = os.environ.get("CI", "").lower() == "true"

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def need_tool(exe: str, package: str) -> str:
    """The tool's path; a failure under CI, a skip elsewhere, when it is missing."""
    path = shutil.which(exe)
    if path is None:
        message = f"{exe} is missing (apt-get install {package}; scripts/bootstrap.sh installs it)"
        if CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


def read_line(proc: subprocess.Popen, timeout: float) -> str:
    """One line of the process's stdout, or "" after ``timeout`` seconds."""
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    buf = b""
    fd = proc.stdout.fileno()
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        chunk = os.read(fd, 1)
        if not chunk:
            break
        if chunk == b"\n":
            return buf.decode()
        buf += chunk
    return buf.decode()


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@dataclass
class FakeServer:
    address: str
    record: Path
    proc: subprocess.Popen

    def calls(self, method: str | None = None) -> list[dict]:
        import json

        if not self.record.exists():
            return []
        rows = [json.loads(line) for line in self.record.read_text(encoding="utf-8").splitlines()]
        return [r for r in rows if method is None or r["method"] == method]


def start_fake(address: str, record: Path, caps: list[str]) -> subprocess.Popen:
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, str(HERE / "fake_notifications.py"), str(record), *caps],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    line = read_line(proc, 20)
    if line != "ready":
        stop(proc)
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise AssertionError(f"the fake notification server did not start: {line!r} {err}")
    return proc

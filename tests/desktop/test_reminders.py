"""`hiptimer reminders`: systemd user timers (checked by systemd-analyze) or an autostart entry."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, time
from pathlib import Path

import pytest

from hiptimer.core.practice import PathKind, Plan
from hiptimer.desktop import reminders
from tests.desktop.desktop_helpers import need_tool

PLAN = Plan.for_path(PathKind.LEVELS, {0, 2, 4}, date(2026, 11, 2), at=time(18, 30))


class FakeSystemctl:
    """Answers like a running systemd user manager, and records each call."""

    def __init__(self, running: bool = True) -> None:
        self.running = running
        self.calls: list[list[str]] = []
        self.enabled = False

    def __call__(self, argv):
        argv = list(argv)
        self.calls.append(argv)
        code = 0 if self.running else 1
        out = ""
        if argv[0] == "enable":
            self.enabled = True
        elif argv[0] == "disable":
            self.enabled = False
        elif argv[0] == "is-active":
            out = "active\n" if self.enabled else "inactive\n"
        return subprocess.CompletedProcess(["systemctl", *argv], code, out, "")


@pytest.fixture
def env(tmp_path):
    """XDG folders of this test only (never the real ~/.config)."""
    return {"HOME": str(tmp_path / "h"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "HIPTIMER_HOME": str(tmp_path / "home")}


def test_on_calendar_is_the_plans_days_and_time():
    """Mon, Wed, Fri at 18:30 becomes one OnCalendar expression; the re-test check runs on Monday."""
    assert reminders.on_calendar(PLAN) == "Mon,Wed,Fri *-*-* 18:30:00"
    assert reminders.on_calendar(PLAN, first_day_only=True) == "Mon *-*-* 18:30:00"


def test_exec_start_quotes_and_escapes():
    """Spaces are quoted; % and $ are escaped for systemd."""
    assert reminders.exec_start(["/opt/my apps/hiptimer", "remind"]) == '"/opt/my apps/hiptimer" remind'
    assert reminders.exec_start(["/a%b/$x"]) == "/a%%b/$$x"


def test_enable_writes_and_starts_the_timers(env):
    """With systemd: four unit files, a reload, and both timers enabled now."""
    systemctl = FakeSystemctl()
    status = reminders.enable(PLAN, env=env, run=systemctl, argv=["/usr/bin/hiptimer"])
    folder = Path(env["XDG_CONFIG_HOME"]) / "systemd" / "user"
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["hiptimer-remind.service", "hiptimer-remind.timer", "hiptimer-retest.service",
                     "hiptimer-retest.timer"]
    assert "ExecStart=/usr/bin/hiptimer remind\n" in (folder / "hiptimer-remind.service").read_text()
    assert "ExecStart=/usr/bin/hiptimer remind --retest\n" in (folder / "hiptimer-retest.service").read_text()
    assert "OnCalendar=Mon,Wed,Fri *-*-* 18:30:00" in (folder / "hiptimer-remind.timer").read_text()
    assert ["daemon-reload"] in systemctl.calls
    assert ["enable", "--now", "hiptimer-remind.timer", "hiptimer-retest.timer"] in systemctl.calls
    assert status.mode == "systemd" and status.active
    assert "Mon, Wed, Fri at 18:30" in status.describe()


def test_units_pass_systemd_analyze_verify(env, tmp_path):
    """systemd-analyze verify accepts the unit files it would load."""
    analyze = need_tool("systemd-analyze", "systemd")
    exe = tmp_path / "bin" / "hiptimer"
    exe.parent.mkdir()
    exe.write_text("#!/bin/sh\nexit 0\n")
    exe.chmod(0o755)
    reminders.enable(PLAN, env=env, run=FakeSystemctl(), argv=[str(exe)])
    folder = Path(env["XDG_CONFIG_HOME"]) / "systemd" / "user"
    units = sorted(str(p) for p in folder.iterdir())
    result = subprocess.run([analyze, "verify", "--man=no", *units], capture_output=True, text=True,
                            timeout=60, env={"PATH": "/usr/bin:/bin", "SYSTEMD_LOG_LEVEL": "notice",
                                             "XDG_RUNTIME_DIR": str(tmp_path)})
    problems = [line for line in (result.stdout + result.stderr).splitlines() if "hiptimer-" in line]
    assert result.returncode == 0, result.stderr
    assert problems == [], problems


def test_disable_removes_exactly_what_was_written(env):
    """After disable, no file of ours is left; a stranger's unit beside them stays."""
    systemctl = FakeSystemctl()
    reminders.enable(PLAN, env=env, run=systemctl, argv=["/usr/bin/hiptimer"])
    folder = Path(env["XDG_CONFIG_HOME"]) / "systemd" / "user"
    (folder / "other.timer").write_text("[Timer]\n")
    assert reminders.disable(env=env, run=systemctl) == []
    assert [p.name for p in folder.iterdir()] == ["other.timer"]
    assert ["disable", "--now", "hiptimer-remind.timer", "hiptimer-retest.timer"] in systemctl.calls
    assert not reminders.manifest_path(env).exists()
    assert reminders.status(env=env, run=systemctl).mode == ""


def test_a_file_changed_since_is_kept_and_named(env):
    """The user edited the timer: disable keeps it and says so."""
    reminders.enable(PLAN, env=env, run=FakeSystemctl(), argv=["/usr/bin/hiptimer"])
    timer = Path(env["XDG_CONFIG_HOME"]) / "systemd" / "user" / "hiptimer-remind.timer"
    timer.write_text(timer.read_text() + "# mine\n")
    assert reminders.disable(env=env, run=FakeSystemctl()) == [timer]
    assert timer.exists()


def test_without_systemd_an_autostart_entry(env):
    """No user manager: an XDG autostart entry runs `hiptimer remind --at-login`."""
    status = reminders.enable(PLAN, env=env, run=FakeSystemctl(running=False), argv=["/usr/bin/hiptimer"])
    entry = Path(env["XDG_CONFIG_HOME"]) / "autostart" / reminders.AUTOSTART_FILE
    text = entry.read_text()
    assert "Exec=env HIPTIMER_HOME=" in text and "remind --at-login" in text
    assert status.mode == "autostart" and status.active
    assert not (Path(env["XDG_CONFIG_HOME"]) / "systemd").exists()
    reminders.disable(env=env, run=FakeSystemctl(running=False))
    assert not entry.exists()


def test_autostart_entry_is_valid(env):
    """desktop-file-validate accepts the autostart entry."""
    validate = need_tool("desktop-file-validate", "desktop-file-utils")
    reminders.enable(PLAN, env=env, run=FakeSystemctl(running=False), argv=["/usr/bin/hiptimer"])
    entry = Path(env["XDG_CONFIG_HOME"]) / "autostart" / reminders.AUTOSTART_FILE
    result = subprocess.run([validate, str(entry)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr


def test_enable_twice_replaces(env):
    """Enabling again with new days rewrites the files, leaving one set."""
    reminders.enable(PLAN, env=env, run=FakeSystemctl(), argv=["/usr/bin/hiptimer"])
    later = Plan.for_path(PathKind.LEVELS, {1}, date(2026, 11, 2), at=time(7, 0))
    reminders.enable(later, env=env, run=FakeSystemctl(), argv=["/usr/bin/hiptimer"])
    timer = Path(env["XDG_CONFIG_HOME"]) / "systemd" / "user" / "hiptimer-remind.timer"
    assert "OnCalendar=Tue *-*-* 07:00:00" in timer.read_text()


def test_a_plan_without_days_is_refused(env):
    """No days, nothing to remind of: a clear error, nothing written."""
    with pytest.raises(reminders.RemindersError):
        reminders.enable(Plan.for_path(PathKind.LEVELS, (), date(2026, 11, 2)), env=env, run=FakeSystemctl())
    assert not Path(env["XDG_CONFIG_HOME"]).exists()


def test_module_is_qt_free():
    """The command line imports reminders without loading Qt."""
    code = "import sys, hiptimer.desktop.reminders; assert 'PySide6' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)

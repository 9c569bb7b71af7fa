"""``hiptimer reminders enable|disable|status``: reminders through the desktop's own scheduler.

With a systemd user manager, ``enable`` writes to
``$XDG_CONFIG_HOME/systemd/user/``:

* ``hiptimer-remind.service`` and ``.timer``: ``hiptimer remind`` on the
  plan's days at the plan's time (the command stays quiet when today's
  session is already done);
* ``hiptimer-retest.service`` and ``.timer``: ``hiptimer remind --retest``
  once a week at the plan's time on its first day; it speaks only when the
  range-of-motion re-test is due (every few weeks, as the plan says);

then reloads the manager and enables the two timers. Without systemd it
writes an XDG autostart entry (``$XDG_CONFIG_HOME/autostart/``) that runs
``hiptimer remind --at-login`` when the user logs in. Either way it records
what it wrote, with checksums, in ``$XDG_CONFIG_HOME/hiptimer/reminders.json``;
``disable`` removes exactly those files (one changed since is kept and named)
and ``status`` says what is active. No process of ours stays running.

Qt-free: the command line imports it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from hiptimer.core.practice import WEEKDAY_SHORT, Plan
from hiptimer.desktop import identity
from hiptimer.desktop.install import config_home, launcher_command

log = logging.getLogger(__name__)

MANIFEST_NAME = "reminders.json"
REMIND_UNIT = "hiptimer-remind"
RETEST_UNIT = "hiptimer-retest"
AUTOSTART_FILE = f"{identity.APP_ID}-remind.desktop"
MARKER = "Written by `hiptimer reminders enable`; `hiptimer reminders disable` removes it."

Runner = Callable[[Sequence[str]], "subprocess.CompletedProcess[str]"]


class RemindersError(OSError):
    """The reminder files could not be written or removed; the message says why."""


def run_systemctl(argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
    """``systemctl --user ARGV`` with a timeout; a missing systemctl is exit status 127."""
    exe = shutil.which("systemctl")
    if exe is None:
        return subprocess.CompletedProcess(["systemctl", *argv], 127, "", "systemctl not found")
    try:
        return subprocess.run([exe, "--user", *argv], capture_output=True, text=True, timeout=20,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return subprocess.CompletedProcess(["systemctl", *argv], 1, "", str(exc))


def systemd_running(run: Runner | None = None) -> bool:
    """True when a systemd user manager answers."""
    return (run or run_systemctl)(["show-environment"]).returncode == 0


# -- the files ------------------------------------------------------------------


def unit_dir(env: Mapping[str, str] | None = None) -> Path:
    return config_home(env) / "systemd" / "user"


def autostart_dir(env: Mapping[str, str] | None = None) -> Path:
    return config_home(env) / "autostart"


def manifest_path(env: Mapping[str, str] | None = None) -> Path:
    return config_home(env) / identity.APP_NAME / MANIFEST_NAME


def exec_start(argv: Sequence[str]) -> str:
    """``argv`` as a systemd ``ExecStart=`` value: quoted, ``%`` and ``$`` escaped."""
    out = []
    for arg in argv:
        arg = arg.replace("%", "%%").replace("$", "$$")
        if not arg or any(c in arg for c in " \t\"'\\;"):
            arg = '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'
        out.append(arg)
    return " ".join(out)


def on_calendar(plan: Plan, *, first_day_only: bool = False) -> str:
    """The plan's days and time as a systemd ``OnCalendar=`` expression."""
    days = sorted(plan.weekdays)
    if first_day_only:
        days = days[:1]
    names = ",".join(WEEKDAY_SHORT[d] for d in days)
    return f"{names} *-*-* {plan.at:%H:%M}:00"


def _environment(env: Mapping[str, str]) -> str:
    home = env.get("HIPTIMER_HOME", "")
    return f'Environment="HIPTIMER_HOME={home}"\n' if home else ""


def systemd_files(plan: Plan, argv: Sequence[str] | None = None,
                  env: Mapping[str, str] | None = None) -> dict[Path, str]:
    """The four unit files for ``plan``, by path."""
    env = os.environ if env is None else env
    argv = list(argv or launcher_command())
    folder = unit_dir(env)
    files = {}
    for unit, extra, what, calendar in (
        (REMIND_UNIT, [], "today's planned hip session", on_calendar(plan)),
        (RETEST_UNIT, ["--retest"], "the range-of-motion re-test when it is due",
         on_calendar(plan, first_day_only=True)),
    ):
        files[folder / f"{unit}.service"] = (
            f"# {MARKER}\n[Unit]\nDescription=hiptimer: a reminder of {what}\n\n"
            f"[Service]\nType=oneshot\n{_environment(env)}"
            f"ExecStart={exec_start([*argv, 'remind', *extra])}\n"
        )
        files[folder / f"{unit}.timer"] = (
            f"# {MARKER}\n[Unit]\nDescription=hiptimer: when to remind of {what}\n\n"
            f"[Timer]\nOnCalendar={calendar}\nAccuracySec=1min\n\n[Install]\nWantedBy=timers.target\n"
        )
    return files


def autostart_file(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> dict[Path, str]:
    """The XDG autostart entry (the fallback without systemd), by path."""
    from hiptimer.desktop.install import exec_quote

    env = os.environ if env is None else env
    argv = list(argv or launcher_command())
    command = exec_quote([*argv, "remind", "--at-login"])
    home = env.get("HIPTIMER_HOME", "")
    if home:
        command = exec_quote(["env", f"HIPTIMER_HOME={home}", *argv, "remind", "--at-login"])
    text = (
        f"# {MARKER}\n[Desktop Entry]\nType=Application\nName=hiptimer reminder\n"
        "Comment=Reminds you of today's planned hip session when you log in\n"
        f"Exec={command}\nIcon={identity.ICON_NAME}\nNoDisplay=true\nTerminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
    )
    return {autostart_dir(env) / AUTOSTART_FILE: text}


# -- enable, disable, status -------------------------------------------------------


@dataclass(frozen=True)
class Status:
    mode: str  # "systemd", "autostart" or "" (off)
    files: tuple[Path, ...]
    active: bool
    schedule: str
    detail: str = ""

    def describe(self) -> str:
        if not self.mode:
            return "Reminders are off. `hiptimer reminders enable` turns them on."
        head = ("Reminders are on through systemd user timers" if self.mode == "systemd"
                else "Reminders are on through an XDG autostart entry (at login; no systemd user manager)")
        state = "" if self.active else " but the timers are not active"
        lines = [f"{head}{state}: {self.schedule}."]
        lines += [f"  {p}" for p in self.files]
        if self.detail:
            lines.append(self.detail)
        return "\n".join(lines)


def _sha256(text: bytes) -> str:
    return hashlib.sha256(text).hexdigest()


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read_manifest(env: Mapping[str, str]) -> dict | None:
    try:
        data = json.loads(manifest_path(env).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("files"), dict) else None


def enable(plan: Plan, *, env: Mapping[str, str] | None = None, run: Runner | None = None,
           argv: Sequence[str] | None = None) -> Status:
    """Write the reminders for ``plan`` (replacing earlier ones) and turn them on."""
    env = os.environ if env is None else env
    run = run or run_systemctl
    if not plan.weekdays:
        raise RemindersError("The plan has no days, so there is nothing to remind you of.")
    if _read_manifest(env) is not None:
        disable(env=env, run=run)
    use_systemd = systemd_running(run)
    files = systemd_files(plan, argv, env) if use_systemd else autostart_file(argv, env)
    try:
        for path, text in files.items():
            _write(path, text)
        manifest = {
            "mode": "systemd" if use_systemd else "autostart",
            "schedule": f"{plan.days_text()} at {plan.at:%H:%M}",
            "files": {str(p): _sha256(t.encode("utf-8")) for p, t in files.items()},
        }
        _write(manifest_path(env), json.dumps(manifest, indent=2) + "\n")
    except OSError as exc:
        raise RemindersError(f"Could not write the reminder files: {exc}") from exc
    if use_systemd:
        run(["daemon-reload"])
        result = run(["enable", "--now", f"{REMIND_UNIT}.timer", f"{RETEST_UNIT}.timer"])
        if result.returncode != 0:
            log.warning("systemctl enable failed: %s", result.stderr.strip())
    return status(env=env, run=run)


def disable(*, env: Mapping[str, str] | None = None, run: Runner | None = None) -> list[Path]:
    """Turn the reminders off and remove exactly the files ``enable`` wrote.

    Returns the files kept because they were changed since (named, not deleted).
    """
    env = os.environ if env is None else env
    run = run or run_systemctl
    manifest = _read_manifest(env)
    if manifest is None:
        return []
    if manifest.get("mode") == "systemd":
        run(["disable", "--now", f"{REMIND_UNIT}.timer", f"{RETEST_UNIT}.timer"])
    kept = []
    for name, digest in manifest["files"].items():
        path = Path(name)
        try:
            if _sha256(path.read_bytes()) != digest:
                kept.append(path)
                continue
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise RemindersError(f"Could not remove {path}: {exc}") from exc
    if manifest.get("mode") == "systemd":
        run(["daemon-reload"])
    manifest_path(env).unlink(missing_ok=True)
    return kept


def status(*, env: Mapping[str, str] | None = None, run: Runner | None = None) -> Status:
    env = os.environ if env is None else env
    run = run or run_systemctl
    manifest = _read_manifest(env)
    if manifest is None:
        return Status("", (), False, "")
    files = tuple(Path(p) for p in manifest["files"])
    present = all(p.is_file() for p in files)
    mode = str(manifest.get("mode", ""))
    detail = "" if present else "Some of the files are missing: run `hiptimer reminders enable` again."
    active = present
    if mode == "systemd":
        result = run(["is-active", f"{REMIND_UNIT}.timer"])
        active = present and result.stdout.strip() == "active"
    return Status(mode, files, active, str(manifest.get("schedule", "")), detail)

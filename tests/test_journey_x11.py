"""The installed program in a real X session, driven by real key events.

Xvfb with a window manager (openbox), xdotool typing as a person would: play
Level 1 with "+" pressed in the hold (Shift+= on the US layout the server
uses), go back, pick Level 2 with the arrow key, start it with Ctrl+Enter,
end it early with Esc, and quit with Ctrl+Q. Both sessions must be in
``hiptimer history --format json``: the second Start of a run works.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.test_end_to_end import CI, app_env, hiptimer_exe, history

pytestmark = pytest.mark.slow
ARTEFACTS = Path(__file__).resolve().parent / "artefacts"


def _need(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        if CI:
            pytest.fail(f"missing {missing} (CI=true: the test command installs them)")
        pytest.skip(f"missing {missing}")


class XSession:
    """Xvfb, openbox, and xdotool against one display."""

    def __init__(self, tmp_path: Path, size: str = "1366x768") -> None:
        self.display = f":{150 + os.getpid() % 100}"
        self.procs = [subprocess.Popen(["Xvfb", self.display, "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
        self.env = {**os.environ, "DISPLAY": self.display}
        deadline = time.monotonic() + 10
        while subprocess.run(["xdotool", "getdisplaygeometry"], env=self.env, capture_output=True).returncode:
            assert time.monotonic() < deadline, "Xvfb did not start"
            time.sleep(0.1)
        self.procs.append(subprocess.Popen(["openbox", "--sm-disable"], env=self.env, cwd=tmp_path,
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        time.sleep(0.5)

    def xdo(self, *args: str) -> str:
        out = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=30)
        assert out.returncode == 0, (args, out.stderr)
        return out.stdout

    def key(self, *keys: str, pause: float = 0.4) -> None:
        for k in keys:
            self.xdo("key", "--clearmodifiers", k)
            time.sleep(pause)

    def screenshot(self, path: Path) -> None:
        """The whole screen as PNG (ImageMagick's import), for the test's artefacts."""
        if shutil.which("import"):
            subprocess.run(["import", "-window", "root", str(path)], env=self.env, timeout=30,
                           capture_output=True)

    def close(self) -> None:
        for p in reversed(self.procs):
            p.terminate()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()


def test_two_routines_back_to_back_with_real_keys(tmp_path):
    """Level 1 with + in the hold, then Level 2 ended early, in one run: both recorded."""
    _need("Xvfb", "xdotool", "openbox")
    ARTEFACTS.mkdir(exist_ok=True)
    x = XSession(tmp_path)
    app = None
    try:
        env = app_env(tmp_path, DISPLAY=x.display, QT_QPA_PLATFORM="xcb",
                      HIPTIMER_AUDIO_DISABLE="simpleaudio,command")
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        app = subprocess.Popen([hiptimer_exe(), "--routine", "level-1", "--time-scale", "10"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
        window = x.xdo("search", "--sync", "--onlyvisible", "--name", "hiptimer").split()[0]
        x.xdo("windowactivate", "--sync", window)
        time.sleep(1.0)
        x.key("Escape", "Escape", pause=0.8)  # the first-run note about medical advice, the sound notice
        x.key("ctrl+Return")  # Start Level 1
        time.sleep(3.5)  # 15 s get ready at 10x, then into the 90 s hold
        x.key("plus")  # Shift+= on this US layout: +10 s
        x.screenshot(ARTEFACTS / "x11-level-1-hold.png")
        time.sleep(28)  # the rest of Level 1 (255 s + 10 s at 10x)
        x.screenshot(ARTEFACTS / "x11-summary.png")
        x.key("Return")  # the summary's default button: back to the routines
        x.key("Down")  # Level 2 is next in the list
        x.key("ctrl+Return")  # Start Level 2
        time.sleep(3)
        x.screenshot(ARTEFACTS / "x11-level-2.png")
        x.key("Escape")  # end the session? ...
        x.key("alt+e")  # ... End session
        x.key("Return")  # back to the routines
        x.key("ctrl+q")
        app.wait(timeout=30)
        stderr = app.stderr.read() if app.stderr else ""
        assert app.returncode == 0, stderr
        assert "Traceback" not in stderr
    finally:
        if app is not None and app.poll() is None:
            app.kill()
        x.close()
    sessions = sorted(history(env)["sessions"], key=lambda s: s["started_at"])
    assert [(s["routine_id"], s["status"]) for s in sessions] == [("level-1", "completed"),
                                                                  ("level-2", "ended_early")]
    hang = sessions[0]["parts"][0]
    assert hang["exercise_id"] == "ir-hang" and hang["active_seconds"] == pytest.approx(100, abs=1.5)
    assert all(s["time_scale"] == 10 for s in sessions)

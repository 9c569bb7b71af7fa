"""One instance per user and data folder: a second launch hands over and exits."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtNetwork import QLocalSocket
from PySide6.QtWidgets import QWidget

from hiptimer.core.engine import State
from hiptimer.desktop.single_instance import (
    LaunchRequest,
    SingleInstance,
    apply_request,
    request_from_args,
    server_names,
)

# -- the protocol and the names, in process -------------------------------------------


def test_request_round_trips():
    """What a launch sends is what the running instance reads."""
    req = LaunchRequest(routine="level-1", start=True, activation_token="tok")
    assert LaunchRequest.decode(req.encode().rstrip(b"\n")) == req


@pytest.mark.parametrize("line", [
    b"", b"not json", b"[]", b'{"v": 2}', b'{"v": 1, "routine": 3}', b'{"v": 1, "start": "yes"}',
    b'{"v": 1, "routine": "' + b"x" * 600 + b'"}', b"\xff\xfe",
])
def test_malformed_requests_are_refused(line):
    """Anything but a well-formed request is a ValueError, never a crash or a guess."""
    with pytest.raises(ValueError):
        LaunchRequest.decode(line)


def test_start_needs_a_routine():
    """--start without --routine asks for nothing to start."""
    assert request_from_args(None, True, env={}) == LaunchRequest()
    assert request_from_args("2", True, env={"XDG_ACTIVATION_TOKEN": "t"}) == LaunchRequest("2", True, "t")


def test_names_differ_by_data_folder_and_stay_short(tmp_path):
    """Separate homes never share a socket; each name fits a Unix socket path."""
    a = server_names(tmp_path / "a", env={})
    b = server_names(tmp_path / "b", env={})
    assert a != b and a == server_names(tmp_path / "a", env={})
    runtime = tempfile.mkdtemp(prefix="rt", dir="/tmp")
    try:
        names = server_names(tmp_path / "a", env={"XDG_RUNTIME_DIR": runtime})
        assert names[0].startswith(runtime) and names[1] == a[0]
        assert all(len(n) < 100 for n in names)
    finally:
        os.rmdir(runtime)
    deep = tmp_path / ("x" * 80)
    deep.mkdir()
    assert server_names(tmp_path / "a", env={"XDG_RUNTIME_DIR": str(deep)}) == a  # too long: temp folder


# -- the server, in process ------------------------------------------------------------


@pytest.fixture
def server(qapp, tmp_path):
    instance = SingleInstance(tmp_path / "data", env={})
    (tmp_path / "data").mkdir()
    assert instance.hand_over(LaunchRequest(), timeout=0.5) is None  # nobody else: we are the one
    assert instance.listen()
    yield instance
    instance.close()


def _exchange(qtbot, name: str, payload: bytes) -> bytes:
    sock = QLocalSocket()
    sock.connectToServer(name)
    assert sock.waitForConnected(2000)
    sock.write(payload)
    sock.flush()
    got = bytearray()

    def answered() -> bool:
        got.extend(bytes(sock.readAll().data()))
        return b"\n" in got or sock.state() != QLocalSocket.LocalSocketState.ConnectedState

    qtbot.waitUntil(answered, timeout=3000)
    got.extend(bytes(sock.readAll().data()))
    sock.abort()
    return bytes(got)


def test_server_answers_ok_and_delivers_in_order(server, qtbot):
    """Requests that came before the window was ready are delivered once it is, in order."""
    assert _exchange(qtbot, server.name, LaunchRequest("level-1").encode()) == b"ok\n"
    assert _exchange(qtbot, server.name, LaunchRequest("level-2", True).encode()) == b"ok\n"
    got: list[LaunchRequest] = []
    server.set_handler(got.append)
    qtbot.waitUntil(lambda: len(got) == 2, timeout=2000)
    assert got == [LaunchRequest("level-1"), LaunchRequest("level-2", True)]


def test_server_refuses_garbage_and_keeps_serving(server, qtbot):
    """A malformed or oversized message gets "error"; the next good one still works."""
    got: list[LaunchRequest] = []
    server.set_handler(got.append)
    assert _exchange(qtbot, server.name, b'{"v": 1, "start": 7}\n') == b"error\n"
    assert _exchange(qtbot, server.name, b"x" * 20000) == b"error\n"
    assert _exchange(qtbot, server.name, LaunchRequest("level-3").encode()) == b"ok\n"
    qtbot.waitUntil(lambda: got == [LaunchRequest("level-3")], timeout=2000)


def test_a_silent_client_is_dropped(server, qtbot):
    """A client that connects and says nothing is disconnected within a few seconds."""
    sock = QLocalSocket()
    sock.connectToServer(server.name)
    assert sock.waitForConnected(2000)
    qtbot.waitUntil(lambda: sock.state() == QLocalSocket.LocalSocketState.UnconnectedState,
                    timeout=5000)


class FakeWindow(QWidget):
    """The window's public API as the hand-over uses it."""

    def __init__(self, busy: bool = False) -> None:
        super().__init__()
        self.calls: list[tuple[str, str]] = []
        self.runner = type("R", (), {"state": State.RUNNING})() if busy else None

    def show_routine(self, routine_id: str) -> bool:
        self.calls.append(("show", routine_id))
        return True

    def start_routine(self, routine_id: str) -> bool:
        self.calls.append(("start", routine_id))
        return True


def test_request_opens_or_starts_the_routine_and_raises(qtbot):
    """--routine shows it, --start starts it, and the window comes up un-minimised."""
    w = FakeWindow()
    qtbot.addWidget(w)
    w.showMinimized()
    assert apply_request(w, LaunchRequest("level-2")) is False
    assert w.calls == [("show", "level-2")]
    assert w.isVisible() and not (w.windowState() & Qt.WindowState.WindowMinimized)
    assert apply_request(w, LaunchRequest("level-1", start=True)) is True
    assert w.calls[-1] == ("start", "level-1")


def test_request_keeps_fullscreen(qtbot):
    """Bringing a minimised fullscreen window back keeps it fullscreen (no showNormal)."""
    w = FakeWindow()
    qtbot.addWidget(w)
    w.setWindowState(Qt.WindowState.WindowFullScreen | Qt.WindowState.WindowMinimized)
    apply_request(w, LaunchRequest())
    assert w.windowState() & Qt.WindowState.WindowFullScreen
    assert not (w.windowState() & Qt.WindowState.WindowMinimized)


def test_request_never_interrupts_a_session(qtbot):
    """While a session runs, a launch only raises the window."""
    w = FakeWindow(busy=True)
    qtbot.addWidget(w)
    assert apply_request(w, LaunchRequest("level-3", start=True)) is False
    assert w.calls == [] and w.isVisible()


# -- two real processes ------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def app_env(tmp_path: Path, home: str = "home") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HIPTIMER_", "XDG_RUNTIME"))}
    env.update({"HIPTIMER_HOME": str(tmp_path / home), "QT_QPA_PLATFORM": "offscreen",
                "HIPTIMER_AUDIO_DISABLE": "simpleaudio,command"})
    config = tmp_path / home / "config"
    config.mkdir(parents=True, exist_ok=True)
    # No first-run dialog: it would wait for a click that never comes.
    (config / "settings.json").write_text(json.dumps({"disclaimer_seen": True}))
    return env


def launch(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "hiptimer", *args], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_log(env: dict[str, str], text: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    log = Path(env["HIPTIMER_HOME"]) / "log" / "hiptimer.log"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and text in log.read_text(encoding="utf-8", errors="replace"):
            return
        if proc.poll() is not None:
            raise AssertionError(f"the app exited ({proc.returncode}): {proc.stderr.read()}")
        time.sleep(0.05)
    raise AssertionError(f"{text!r} never appeared in the log")


def sessions(env: dict[str, str]) -> list[dict]:
    out = subprocess.run([sys.executable, "-m", "hiptimer", "history", "--format", "json"], env=env,
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)["sessions"]


def finish(proc: subprocess.Popen, timeout: float = 60) -> int:
    try:
        return proc.wait(timeout=timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.slow
def test_second_launch_hands_over_within_a_second(tmp_path):
    """The second process exits 0 at once; the first plays the routine; one session is written."""
    env = app_env(tmp_path)
    first = launch(["--time-scale", "200", "--quit-when-done"], env)
    try:
        wait_for_log(env, "Listening for later launches", first)
        t0 = time.monotonic()
        second = subprocess.run([sys.executable, "-m", "hiptimer", "--routine", "level-1", "--start",
                                 "--time-scale", "5"],
                                env=env, cwd=ROOT, capture_output=True, text=True, timeout=30)
        elapsed = time.monotonic() - t0
        assert second.returncode == 0, second.stderr
        # Its own --time-scale cannot change the running window, and it says so.
        assert "already running, so --time-scale was not applied" in second.stderr
        # Python and Qt start-up included (about 0.6 s here); margin for a busy CI machine.
        assert elapsed < 2.0, elapsed
        # The first started Level 1 from the request and quit when it ended.
        assert finish(first) == 0, first.stderr.read()
    finally:
        if first.poll() is None:
            first.kill()
    (session,) = sessions(env)
    assert session["routine_id"] == "level-1" and session["status"] == "completed"
    log = (Path(env["HIPTIMER_HOME"]) / "log" / "hiptimer.log").read_text()
    assert log.count("Listening for later launches") == 1  # the second never opened a window
    assert "Handed over to the running hiptimer" in log


@pytest.mark.slow
def test_separate_homes_do_not_meet(tmp_path):
    """Two data folders, two independent instances: neither hands over to the other."""
    env_a, env_b = app_env(tmp_path, "a"), app_env(tmp_path, "b")
    a = launch(["--time-scale", "200"], env_a)
    b = None
    try:
        wait_for_log(env_a, "Listening for later launches", a)
        b = launch(["--routine", "level-1", "--start", "--time-scale", "200", "--quit-when-done"], env_b)
        assert finish(b) == 0, b.stderr.read()
        assert a.poll() is None  # untouched
    finally:
        for p in (a, b):
            if p is not None and p.poll() is None:
                p.terminate()
                finish(p, 20)
    assert sessions(env_a) == []
    assert [s["routine_id"] for s in sessions(env_b)] == ["level-1"]


@pytest.mark.slow
def test_crashed_instance_leaves_nothing_in_the_way(tmp_path):
    """After SIGKILL the lock and socket are stale: the next launch runs normally."""
    env = app_env(tmp_path)
    first = launch(["--time-scale", "200"], env)
    wait_for_log(env, "Listening for later launches", first)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert (Path(env["HIPTIMER_HOME"]) / "data" / "instance.lock").exists()  # left behind
    again = launch(["--routine", "level-1", "--start", "--time-scale", "200", "--quit-when-done"], env)
    assert finish(again) == 0, again.stderr.read()
    assert [s["status"] for s in sessions(env)] == ["completed"]


@pytest.mark.slow
def test_a_holder_that_never_answers_gets_a_message_not_a_second_window(tmp_path, qapp):
    """The lock is held by a live process that does not listen: exit 1 in seconds, history untouched."""
    from PySide6.QtCore import QLockFile

    env = app_env(tmp_path)
    data = Path(env["HIPTIMER_HOME"]) / "data"
    data.mkdir(parents=True)
    lock = QLockFile(str(data / "instance.lock"))
    assert lock.tryLock(0)  # this test process plays the hung instance
    try:
        t0 = time.monotonic()
        out = subprocess.run([sys.executable, "-m", "hiptimer", "--routine", "level-1", "--start"],
                             env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
        elapsed = time.monotonic() - t0
    finally:
        lock.unlock()
    assert out.returncode == 1
    assert "does not answer" in out.stderr
    assert elapsed < 10
    assert not (data / "history.sqlite3").exists()


def test_without_a_lock_file_it_still_runs(tmp_path, qapp):
    """A data folder where the lock cannot be made: this launch runs (unguarded) and listens."""
    instance = SingleInstance(tmp_path / "no" / "such" / "folder", env={})
    try:
        assert instance.hand_over(LaunchRequest(), timeout=0.5) is None
        assert instance.listen()
    finally:
        instance.close()


@pytest.mark.slow
def test_simultaneous_launches_make_one_window(tmp_path):
    """Two launches at the same moment: one runs, the other hands over; one session."""
    env = app_env(tmp_path)
    args = ["--routine", "level-1", "--start", "--time-scale", "200", "--quit-when-done"]
    procs = [launch(args, env), launch(args, env)]
    try:
        codes = [finish(p) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    assert codes == [0, 0], [p.stderr.read() for p in procs]
    log = (Path(env["HIPTIMER_HOME"]) / "log" / "hiptimer.log").read_text()
    assert log.count("Listening for later launches") == 1
    assert [s["status"] for s in sessions(env)] == ["completed"]


@pytest.mark.slow
def test_a_launch_during_a_session_says_why_nothing_opened(tmp_path):
    """The running session is never interrupted, and the later launch tells its user so."""
    env = app_env(tmp_path)
    # Scripted (--quit-when-done), so no notice waits for a click before the session starts.
    first = launch(["--routine", "level-1", "--start", "--time-scale", "5", "--quit-when-done"], env)
    try:
        wait_for_log(env, "started: level-1", first)
        second = subprocess.run([sys.executable, "-m", "hiptimer", "--routine", "level-2", "--start"],
                                env=env, cwd=ROOT, capture_output=True, text=True, timeout=30)
        assert second.returncode == 0, second.stderr
        assert "a session is running in the open window, so 'level-2' was not opened" in second.stderr
        plain = subprocess.run([sys.executable, "-m", "hiptimer"], env=env, cwd=ROOT,
                               capture_output=True, text=True, timeout=30)
        assert plain.returncode == 0 and plain.stderr == ""  # only raising the window: nothing to say
    finally:
        first.terminate()
        finish(first, 20)
    (session,) = sessions(env)
    assert session["routine_id"] == "level-1"

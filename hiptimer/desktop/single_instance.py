"""One hiptimer per user and data folder: a second launch hands over and exits.

The first instance holds a lock file in the data folder (``QLockFile``: a
lock left by a crashed process is detected by its PID and taken over) and
listens on a local socket (``QLocalServer``) whose name is a hash of the
user and the data folder, so test runs with separate ``HIPTIMER_HOME``
folders never meet. A later launch connects, sends its ``--routine`` and
``--start`` as one JSON line, waits for "ok" and exits 0; the first instance
opens or starts the routine and raises its window.

Only the lock holder ever removes a socket file (a stale one left by a
crash), so two launches at the same moment cannot delete each other's
server: the loser of the lock waits for the winner to listen.

A launch that gets the lock at once is the only one running, so it skips
the socket entirely; the server and its Qt module are loaded only when
:meth:`SingleInstance.listen` runs, after the first window is painted.

Only :mod:`hiptimer.app` uses this module.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QCoreApplication, QLockFile, QObject, QTimer, Signal, Slot

from hiptimer.desktop.identity import APP_ID

if TYPE_CHECKING:
    from typing import Protocol

    from PySide6.QtCore import Qt
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

    # What a hand-over needs of the main window (types only: Protocol classes
    # cost import time, and this module runs before the first frame).
    class EngineState(Protocol):
        @property
        def value(self) -> str: ...

    class Runner(Protocol):
        @property
        def state(self) -> EngineState: ...

    class LaunchTarget(Protocol):
        """What a hand-over needs of the main window."""

        def windowState(self) -> Qt.WindowState: ...
        def setWindowState(self, state: Qt.WindowState) -> None: ...
        def show(self) -> None: ...
        def raise_(self) -> None: ...
        def activateWindow(self) -> None: ...
        @property
        def runner(self) -> Runner | None: ...
        def start_routine(self, routine_id: str) -> bool: ...
        def show_routine(self, routine_id: str) -> bool: ...


log = logging.getLogger(__name__)

MAX_MESSAGE = 8192  # bytes; a request is a few dozen
LOCK_NAME = "instance.lock"
PROTOCOL = 1
BUSY = "busy"  # the reply when a session in progress keeps a request's routine from opening


class LaunchRequest(NamedTuple):
    """What a later launch asks of the running instance."""

    routine: str | None = None
    start: bool = False
    # Wayland's xdg-activation token from the launcher, so the compositor lets
    # the running window take focus.
    activation_token: str | None = None

    def encode(self) -> bytes:
        data = {"v": PROTOCOL, "routine": self.routine, "start": self.start,
                "activation_token": self.activation_token}
        return json.dumps(data).encode("utf-8") + b"\n"

    @classmethod
    def decode(cls, line: bytes) -> LaunchRequest:
        """Parse one line; ``ValueError`` for anything but a well-formed request."""
        raw = json.loads(line.decode("utf-8"))
        if not isinstance(raw, dict) or raw.get("v") != PROTOCOL:
            raise ValueError("not a hiptimer launch request")
        routine, start, token = raw.get("routine"), raw.get("start", False), raw.get("activation_token")
        if routine is not None and not (isinstance(routine, str) and 0 < len(routine) <= 500):
            raise ValueError("bad routine")
        if not isinstance(start, bool):
            raise ValueError("bad start")
        if token is not None and not (isinstance(token, str) and len(token) <= 1000):
            raise ValueError("bad activation token")
        return cls(routine=routine, start=start, activation_token=token)


def server_names(data_dir: Path, env: Mapping[str, str] | None = None) -> list[str]:
    """Socket names for this user and data folder, the one to listen on first.

    Under ``$XDG_RUNTIME_DIR`` (private to the user) when there is one, else
    a bare name that Qt puts in the temp folder; a launch from a session
    without the runtime folder still finds the first instance by the second.
    """
    import hashlib

    env = os.environ if env is None else env
    user = str(os.getuid()) if hasattr(os, "getuid") else env.get("USERNAME", "")
    key = f"{user}\0{os.path.realpath(data_dir)}".encode("utf-8", "surrogateescape")
    name = f"{APP_ID}-{hashlib.sha256(key).hexdigest()[:16]}"
    names = []
    runtime = env.get("XDG_RUNTIME_DIR", "")
    # Unix socket paths are limited to about 100 bytes.
    if runtime and os.path.isabs(runtime) and os.path.isdir(runtime) and len(runtime) + len(name) < 100:
        names.append(os.path.join(runtime, name))
    names.append(name)
    return names


class SingleInstance(QObject):
    """Hand over to a running instance, or become the one others hand over to."""

    request_received = Signal(object)  # LaunchRequest

    def __init__(self, data_dir: Path, parent: QObject | None = None,
                 env: Mapping[str, str] | None = None) -> None:
        super().__init__(parent)
        self._data_dir, self._env = data_dir, env
        self._names: list[str] = []
        self._lock = QLockFile(str(Path(data_dir) / LOCK_NAME))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        self._server: QLocalServer | None = None
        self._handler: Callable[[LaunchRequest], None] | None = None
        self._pending: list[LaunchRequest] = []
        # Whether a session is in progress (set by the app): a request for a routine is then
        # answered "busy", so the later launch can say why nothing opened.
        self.busy: Callable[[], bool] = lambda: False

    @property
    def names(self) -> list[str]:
        """The socket names, the one to listen on first (worked out on first use)."""
        if not self._names:
            self._names = server_names(self._data_dir, self._env)
        return self._names

    @property
    def name(self) -> str:
        return self.names[0]

    # -- the second launch ---------------------------------------------------------
    def hand_over(self, request: LaunchRequest, timeout: float = 3.0) -> int | None:
        """Give ``request`` to a running instance.

        Returns 0 when it took it (exit now), None when none runs (this
        process is now the one: call :meth:`listen`), 1 when one runs but
        does not answer (a message is on stderr).
        """
        if self._take_lock():
            return None  # no other instance holds the lock, so none is running
        deadline = time.monotonic() + timeout
        while True:
            for name in self.names:
                answered = self._send(name, request, deadline)
                if answered is True:
                    log.info("Handed over to the running hiptimer: %s", request)
                    return 0
                if answered == BUSY:
                    sys.stderr.write(f"hiptimer: a session is running in the open window, so "
                                     f"{request.routine!r} was not opened; the window was brought "
                                     "to the front.\n")
                    return 0
                if answered is False:
                    return self._unresponsive()
            if self._take_lock():
                return None
            if time.monotonic() >= deadline:
                return self._unresponsive()
            # The lock holder is starting up and not listening yet.
            time.sleep(0.05)

    def _unresponsive(self) -> int:
        sys.stderr.write("hiptimer: another hiptimer is running for this data folder but does not "
                         "answer; close it (or end its process) and try again.\n")
        log.warning("A running instance did not answer a hand-over")
        return 1

    @staticmethod
    def _send(name: str, request: LaunchRequest, deadline: float) -> bool | str | None:
        """True when answered "ok", :data:`BUSY` when a session kept the request from being
        acted on; None when nothing listens; False when it does not answer."""
        from PySide6.QtNetwork import QLocalSocket

        def ms_left() -> int:
            return max(1, int((deadline - time.monotonic()) * 1000))

        sock = QLocalSocket()
        sock.connectToServer(name)
        if not sock.waitForConnected(min(ms_left(), 500)):
            sock.abort()
            return None
        sock.write(request.encode())
        sock.flush()
        reply = b""
        while b"\n" not in reply and len(reply) < 64 and time.monotonic() < deadline:
            if sock.bytesAvailable() == 0 and not sock.waitForReadyRead(ms_left()):
                break
            reply += bytes(sock.readAll().data())
        closed_by_peer = sock.state() != QLocalSocket.LocalSocketState.ConnectedState
        sock.abort()
        if reply.startswith(b"ok\n"):
            return True
        if reply.startswith(b"busy\n"):
            return BUSY
        if not reply and closed_by_peer:
            return None  # it was quitting: once its lock is free this launch takes over
        return False

    def _take_lock(self) -> bool:
        if self._lock.isLocked() or self._lock.tryLock(0):
            return True
        error = self._lock.error()
        if error == QLockFile.LockError.LockFailedError:
            return False  # held by a live process
        # No permission, disk trouble: run without the guard rather than not at all.
        log.warning("Could not take the single-instance lock (%s); running without it", error)
        return True

    # -- the first launch ----------------------------------------------------------
    def listen(self) -> bool:
        """Start taking requests; they wait until :meth:`set_handler`."""
        from PySide6.QtNetwork import QLocalServer

        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # Nothing answered on this name and we hold the lock, so a socket file
        # there is a crashed instance's: remove it before listening.
        QLocalServer.removeServer(self.name)
        if not server.listen(self.name):
            log.warning("Cannot listen on %s (%s); later launches will not find this one",
                        self.name, server.errorString())
            return False
        server.newConnection.connect(self._on_new_connection)
        self._server = server
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close)
        log.info("Listening for later launches on %s", server.fullServerName())
        return True

    def set_handler(self, handler: Callable[[LaunchRequest], None]) -> None:
        """Call ``handler`` for each request, starting with any that came before."""
        self._handler = handler
        pending, self._pending = self._pending, []
        for request in pending:
            QTimer.singleShot(0, lambda r=request: self._dispatch(r))

    @Slot()
    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()

    @property
    def listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    @Slot()
    def _on_new_connection(self) -> None:
        server = self._server
        while server is not None and server.hasPendingConnections():
            _Connection(server.nextPendingConnection(), self._accept, self._reply_for, self)

    def _reply_for(self, request: LaunchRequest) -> bytes:
        return b"busy\n" if request.routine and self.busy() else b"ok\n"

    def _accept(self, request: LaunchRequest) -> None:
        self.request_received.emit(request)
        if self._handler is None:
            self._pending.append(request)
        else:
            # After the reply has gone out: the other process need not wait for dialogs.
            QTimer.singleShot(0, lambda: self._dispatch(request))

    def _dispatch(self, request: LaunchRequest) -> None:
        if self._handler is not None:
            try:
                self._handler(request)
            except Exception:
                log.exception("Could not act on a hand-over: %s", request)


class _Connection(QObject):
    """One client: read a line (bounded in size and time), answer, close."""

    def __init__(self, sock: QLocalSocket, accept: Callable[[LaunchRequest], None],
                 reply_for: Callable[[LaunchRequest], bytes], parent: QObject) -> None:
        super().__init__(parent)
        self._sock = sock
        self._accept = accept
        self._reply_for = reply_for
        self._buffer = b""
        sock.setParent(self)
        sock.readyRead.connect(self._on_ready_read)
        sock.disconnected.connect(self._finish)
        QTimer.singleShot(2000, self, self._finish)  # a silent client is dropped
        if sock.bytesAvailable():
            self._on_ready_read()

    @Slot()
    def _on_ready_read(self) -> None:
        self._buffer += bytes(self._sock.readAll().data())
        if b"\n" not in self._buffer:
            if len(self._buffer) > MAX_MESSAGE:
                self._reply(b"error\n")
            return
        line = self._buffer.split(b"\n", 1)[0]
        try:
            request = LaunchRequest.decode(line)
        except (ValueError, UnicodeDecodeError) as exc:
            log.warning("Ignored a malformed hand-over (%s)", exc)
            self._reply(b"error\n")
            return
        self._reply(self._reply_for(request))
        self._accept(request)

    def _reply(self, data: bytes) -> None:
        self._sock.write(data)
        self._sock.flush()
        self._sock.disconnectFromServer()

    @Slot()
    def _finish(self) -> None:
        if self._sock is not None:
            self._sock.abort()
        self.deleteLater()


# -- acting on a request in the window ----------------------------------------------
def bring_to_front(window: LaunchTarget, activation_token: str | None = None) -> None:
    """Show, raise and focus the window; un-minimise it but keep it fullscreen or maximised."""
    from PySide6.QtCore import Qt

    if activation_token:
        # Qt's Wayland plugin uses (and clears) this token on the next activation.
        os.environ["XDG_ACTIVATION_TOKEN"] = activation_token
    state = window.windowState()
    if state & Qt.WindowState.WindowMinimized:
        window.setWindowState(state & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()


def session_busy(window: LaunchTarget) -> bool:
    """A session is running or paused in ``window`` (the engine's states, by value, so
    this module need not load the core at start-up)."""
    runner = window.runner
    return runner is not None and runner.state.value in ("running", "paused")


def apply_request(window: LaunchTarget, request: LaunchRequest) -> bool:
    """Do what a later launch asked; True when it started a session.

    A session in progress is never interrupted: the window comes to the
    front and shows it.
    """
    bring_to_front(window, request.activation_token)
    if not request.routine:
        return False
    if session_busy(window):
        log.info("Hand-over of %r ignored: a session is in progress", request.routine)
        return False
    if request.start:
        return bool(window.start_routine(request.routine))
    if not window.show_routine(request.routine):
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox, QWidget

        parent = window if isinstance(window, QWidget) else None
        box = QMessageBox(QMessageBox.Icon.Warning, "hiptimer",
                          f"There is no routine called {request.routine!r}.", parent=parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()
    return False


def request_from_args(routine: str | None, start: bool,
                      env: Mapping[str, str] | None = None) -> LaunchRequest:
    env = os.environ if env is None else env
    return LaunchRequest(routine=routine or None, start=bool(start and routine),
                         activation_token=env.get("XDG_ACTIVATION_TOKEN") or None)

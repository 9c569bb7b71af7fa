"""Signals reach the Qt event loop at once, even while it sits idle in C."""

from __future__ import annotations

import os
import signal

from hiptimer.ui.shutdown import SignalBridge


def test_a_signal_wakes_the_idle_event_loop(qtbot):
    """A real signal sent to the process is delivered as ``received`` on the GUI thread."""
    bridge = SignalBridge([signal.SIGUSR1])
    try:
        with qtbot.waitSignal(bridge.received, timeout=2000) as got:
            os.kill(os.getpid(), signal.SIGUSR1)
        assert got.args == [signal.SIGUSR1]
    finally:
        bridge.close()


def test_closing_the_bridge_puts_the_old_handler_back():
    """After close, the signal's previous handler is in place again."""
    before = signal.getsignal(signal.SIGUSR1)
    SignalBridge([signal.SIGUSR1]).close()
    assert signal.getsignal(signal.SIGUSR1) is before

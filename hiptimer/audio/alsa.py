"""Keep libasound's error chatter out of the user's terminal.

With no sound card, every ``snd_pcm_open`` makes libasound print about eight
``ALSA lib ...`` lines to stderr. The failure itself reaches us as an error
code (simpleaudio raises), so the lines are only noise; we route them to the
debug log instead through ``snd_lib_error_set_handler``.

The handler is a ctypes callback: it must stay referenced for as long as
libasound may call it, so it lives in this module for the life of the
process. At exit the default handler is restored before the interpreter
goes away, so a late message from a playback thread cannot call into a
finalised interpreter.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import logging
import sys
import threading

log = logging.getLogger(__name__)

# void handler(const char *file, int line, const char *function, int err, const char *fmt, ...)
# The variadic tail is ignored: on the Linux ABIs a callee may take fewer
# arguments than the caller passed.
_HANDLER_TYPE = ctypes.CFUNCTYPE(
    None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
)

_lock = threading.Lock()
_installed: bool | None = None  # None: not tried yet
_handler: object = None  # keeps the ctypes callback alive
_lib: ctypes.CDLL | None = None


def _on_alsa_error(file: bytes | None, line: int, function: bytes | None, err: int,
                   fmt: bytes | None) -> None:
    # Runs inside libasound, maybe on its own thread: do very little, never raise.
    try:
        log.debug("ALSA %s:%d %s() err=%d: %s", (file or b"").decode(errors="replace"), line,
                  (function or b"").decode(errors="replace"), err,
                  (fmt or b"").decode(errors="replace"))
    except Exception:  # pragma: no cover - logging must not unwind into C
        pass


def _restore_default() -> None:
    global _installed
    with _lock:
        if _installed and _lib is not None:
            try:
                _lib.snd_lib_error_set_handler(None)
            except Exception:  # pragma: no cover
                pass
            _installed = False


def silence_alsa_errors() -> bool:
    """Install the quiet handler once; True when libasound is present and quiet.

    Safe to call many times and on any platform (a no-op off Linux).
    """
    global _installed, _handler, _lib
    with _lock:
        if _installed is not None:
            return _installed
        _installed = False
        if not sys.platform.startswith("linux"):
            return False
        name = ctypes.util.find_library("asound") or "libasound.so.2"
        try:
            # The same library object simpleaudio links against: the handler is
            # a global inside libasound, so setting it here quiets every user.
            lib = ctypes.CDLL(name)
            setter = lib.snd_lib_error_set_handler
        except (OSError, AttributeError) as exc:
            log.debug("libasound not available (%s): nothing to silence", exc)
            return False
        setter.argtypes = [_HANDLER_TYPE]
        setter.restype = ctypes.c_int
        handler = _HANDLER_TYPE(_on_alsa_error)
        if setter(handler) != 0:
            log.debug("snd_lib_error_set_handler refused the handler")
            return False
        _handler, _lib, _installed = handler, lib, True
    atexit.register(_restore_default)
    log.debug("ALSA error messages go to the debug log")
    return True

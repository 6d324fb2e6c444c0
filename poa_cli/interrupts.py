"""Ctrl-C that never leaves a half-done change.

A Ctrl-C raises KeyboardInterrupt as usual, except inside :func:`deferred`
sections (committing, rolling back), where it is held and raised as soon as the
section ends. So an interrupted command either changed nothing (it was rolled
back) or completed its commit; never a file written and not committed, and
never an interrupt swallowed inside a library's finaliser.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

_pending = False
_depth = 0
_settled = False


def _handler(signum: int, frame: FrameType | None) -> None:
    global _pending
    if _settled:
        return
    if _depth:
        _pending = True
        return
    raise KeyboardInterrupt


def settle() -> None:
    """Say the command's change is committed: a Ctrl-C from now on (or one held
    while committing) is dropped, so the command reports its success instead of
    "interrupted" (a drafter who read "interrupted" would run it again and make
    a duplicate). Only printing the outcome remains; :func:`reset` ends this."""
    global _settled, _pending
    _settled = True
    _pending = False


def reset() -> None:
    """Forget :func:`settle` (the next command in this process starts afresh)."""
    global _settled, _pending
    _settled = False
    _pending = False


def install() -> None:
    """Route SIGINT through poa's handler (main thread only; elsewhere a no-op)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _handler)


def ignore() -> None:
    """Ignore further SIGINTs: the command is over, only the exit remains."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def deferred() -> Iterator[None]:
    """Hold any Ctrl-C until the block ends, then raise KeyboardInterrupt."""
    global _depth, _pending
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0 and _pending and not _settled:
            _pending = False
            raise KeyboardInterrupt

"""Ctrl-C that never leaves a half-done change.

A Ctrl-C raises KeyboardInterrupt as usual, except inside :func:`deferred`
sections (committing, rolling back), where it is held and raised as soon as the
section ends. So an interrupted command either changed nothing (it was rolled
back) or completed its commit; never a file written and not committed, and
never an interrupt swallowed inside a library's finaliser.
"""

from __future__ import annotations

import signal

TYPE_CHECKING = False  # typing itself is not imported: every command loads this module
if TYPE_CHECKING:
    from collections.abc import Callable
    from types import FrameType, TracebackType

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
    _set(_handler)


def ignore() -> None:
    """Ignore further SIGINTs: the command is over, only the exit remains."""
    _set(signal.SIG_IGN)


def _set(handler: signal.Handlers | Callable[[int, FrameType | None], None]) -> None:
    try:
        signal.signal(signal.SIGINT, handler)
    except ValueError:  # not the main thread (threading itself is not imported for this)
        return


class deferred:
    """Hold any Ctrl-C until the block ends, then raise KeyboardInterrupt
    (``with deferred(): ...``; a class, so that contextlib need not be imported)."""

    def __enter__(self) -> None:
        global _depth
        _depth += 1

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        global _depth, _pending
        _depth -= 1
        if _depth == 0 and _pending and not _settled:
            _pending = False
            raise KeyboardInterrupt

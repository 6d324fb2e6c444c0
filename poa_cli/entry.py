"""The ``poa`` executable: import the command line, run it, map Ctrl-C to exit 130.

Kept tiny and separate from :mod:`poa_cli.cli` so that a Ctrl-C while the
command line is still being imported ends as cleanly as one during a command.
"""

from __future__ import annotations

import signal
import sys


def _static_help(args: list[str]) -> str | None:
    """Return what ``poa --help`` prints, without building the command line, or None.

    Importing Typer and building every command group costs several times an
    interpreter's start-up; the root help is the same text every time in a
    terminal of 80 columns or more (click wraps it to 78), so it is generated
    (``make help-text``; a test checks it against Typer's) and printed as is.
    Narrower terminals and everything else take the ordinary path.
    """
    if args != ["--help"]:
        return None
    import shutil

    if shutil.get_terminal_size().columns < 80:
        return None
    from poa_cli.root_help import TEXT

    return TEXT


def main() -> int:
    """Run poa on the process arguments; return the exit code."""
    text = _static_help(sys.argv[1:])
    if text is not None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    try:
        # Inside the try: a Ctrl-C while even these import is a clean 130 too.
        from poa_cli import interrupts

        interrupts.install()
        from poa_cli.cli import main as run

        return run()
    except KeyboardInterrupt:
        sys.stderr.write("poa: interrupted\n")
        return 130
    finally:
        # The command is over, only the exit remains (interrupts.ignore, which may
        # not have been imported yet).
        signal.signal(signal.SIGINT, signal.SIG_IGN)

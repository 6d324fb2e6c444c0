"""The ``poa`` executable: import the command line, run it, map Ctrl-C to exit 130.

Kept tiny and separate from :mod:`poa_cli.cli` so that a Ctrl-C while the
command line is still being imported ends as cleanly as one during a command.
"""

from __future__ import annotations

import signal
import sys


def main() -> int:
    """Run poa on the process arguments; return the exit code."""
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

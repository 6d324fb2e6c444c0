"""What the most used commands do, given their parsed options, without Typer.

Each function here is called with keyword arguments named as its command's
options, by the Typer command that declares them (``poa_cli.cli.validate`` …)
and by the fast path (:mod:`poa_cli.cli.fast`); it ends by returning, by
raising :class:`poa_cli.cli.base.Exit`, or by raising PoaError.
"""

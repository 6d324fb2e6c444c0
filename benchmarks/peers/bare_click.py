"""A bare click app with two commands: the peer of ``poa --help`` (issue 18)."""

import click


@click.group()
def cli() -> None:
    """A bare click app."""


@cli.command()
def hello() -> None:
    """Say hello."""


@cli.command()
def bye() -> None:
    """Say goodbye."""


if __name__ == "__main__":
    cli()

"""A bare Typer app with two commands: a second peer of ``poa --help`` (issue 18)."""

import typer

app = typer.Typer(rich_markup_mode=None)


@app.command()
def hello() -> None:
    """Say hello."""


@app.command()
def bye() -> None:
    """Say goodbye."""


if __name__ == "__main__":
    app()

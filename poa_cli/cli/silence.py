"""``poa silence``: the silence procedure (placeholder while it is built)."""

import typer


def register(app: typer.Typer) -> None:
    """Add the silence group to the root app."""

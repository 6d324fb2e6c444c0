"""The JSON writer: the view model itself, for other tools (documented in docs/render.md)."""

from __future__ import annotations

import json
from dataclasses import asdict

from poa_cli.render.model import Paper


def render_json(paper: Paper) -> str:
    """Return *paper* as JSON: the dataclasses of render/model.py as objects, keys in order.

    Every inline piece carries ``kind`` (``text``, ``note``, ``mark``,
    ``proposal``, ``alternative``); texts are plain (not HTML-escaped).
    """
    return json.dumps(asdict(paper), ensure_ascii=False, indent=1) + "\n"

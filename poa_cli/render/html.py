"""The HTML writer: a Paper → one self-contained HTML file (CSS inlined).

Templates only place what the view model gives them; this module builds the one
Jinja environment poa uses (:func:`jinja_env`): autoescape on for every
template, ``StrictUndefined`` (a misspelt field is an error, not an empty
string), and filters registered explicitly. Jinja is imported here, when a paper
is rendered, never at start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from poa_cli.errors import PoaError
from poa_cli.render.model import Attribution, Paper

if TYPE_CHECKING:
    import jinja2

PAPER_TEMPLATE = "paper.html.j2"
PAPER_CSS = "paper.css"
MEDIA = ("screen", "print")


class TemplateMissing(PoaError):
    """A template or stylesheet poa needs is not in the templates folder."""


def stance(source: Attribution | None) -> str:
    """Return "supported by A, B; opposed by C" for a proposal ("" when nobody is named)."""
    if source is None:
        return ""
    parts = []
    if source.supported_by:
        parts.append("supported by " + ", ".join(source.supported_by))
    if source.opposed_by:
        parts.append("opposed by " + ", ".join(source.opposed_by))
    return "; ".join(parts)


def jinja_env(templates: Path, compiled: Path | None = None) -> jinja2.Environment:
    """Return the Jinja environment for the templates in *templates*.

    Autoescape is on for every template whatever its name, undefined names
    raise, and the only filters beyond Jinja's built-ins are the ones registered
    here. *compiled* is a folder where Jinja keeps each template's compiled code,
    keyed by the template's source (an edited template is compiled afresh);
    compiling the paper's template costs more than a small paper's rendering.
    Raises TemplateMissing when *templates* is not a folder.
    """
    import jinja2

    if not templates.is_dir():
        raise TemplateMissing(
            f"the templates folder {templates} does not exist",
            hint="reinstall poa, or pass --templates with a folder holding paper.html.j2",
        )
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=_bytecode_cache(compiled) if compiled is not None else None,
    )
    env.filters["stance"] = stance
    return env


def _bytecode_cache(folder: Path) -> jinja2.BytecodeCache | None:
    """Jinja's bytecode cache in *folder*, made when missing; None when it cannot be."""
    import jinja2

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a cache that cannot be written is only slower
    return jinja2.FileSystemBytecodeCache(str(folder))


def read_template(templates: Path, name: str) -> str:
    """Return the text of *name* in *templates*; raises TemplateMissing."""
    path = templates / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        raise TemplateMissing(
            f"template {name} is missing from {templates}",
            path=path,
            hint="reinstall poa, or restore the file",
        ) from None


def render_html(
    paper: Paper,
    templates: Path,
    medium: str = "screen",
    compiled: Path | None = None,
    *,
    nav: str = "",
    extra_css: str = "",
    env: jinja2.Environment | None = None,
) -> str:
    """Return *paper* as one HTML document with its stylesheet inlined.

    *medium* "screen" prints footnotes as endnotes (a browser has no page foot);
    "print" places each footnote's text at its first call, for the PDF writer's
    CSS footnotes. *compiled*: where compiled templates are kept (see
    :func:`jinja_env`; default: nowhere). *nav* is HTML placed at the top of the
    body, *extra_css* added to the stylesheet (``poa site``'s navigation; both
    already safe, never escaped here). *env* is an environment from
    :func:`jinja_env` to reuse (its templates are compiled once for many papers).
    Raises TemplateMissing for a missing template, PoaError when a template fails.
    """
    import jinja2
    from markupsafe import Markup

    if medium not in MEDIA:
        raise ValueError(f"medium must be one of {MEDIA}")
    env = env if env is not None else jinja_env(templates, compiled)
    # The stylesheet is ours (shipped in templates/), so it goes in unescaped.
    css = Markup(read_template(templates, PAPER_CSS) + extra_css)
    try:
        template = env.get_template(PAPER_TEMPLATE)
        context: dict[str, Any] = {
            "paper": paper, "css": css, "medium": medium, "site_nav": Markup(nav),
        }  # fmt: skip
        return template.render(context)
    except jinja2.TemplateNotFound as exc:
        raise TemplateMissing(
            f"template {exc.name} is missing from {templates}",
            hint="reinstall poa, or restore the file",
        ) from None
    except jinja2.TemplateError as exc:
        line = getattr(exc, "lineno", None)
        where = f"{getattr(exc, 'filename', PAPER_TEMPLATE)}:{line}" if line else str(templates)
        raise PoaError(f"template error in {where}: {exc.message}") from None

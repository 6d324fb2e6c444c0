"""The Markdown writer: a Paper as Markdown, for review in pull requests.

Change markup is written as ``<ins>``/``<del>`` with the amendment in ``title``
and a superscript id, which GitHub and GitLab render. Every text from the
document is escaped: ``<``, ``>`` and ``&`` as HTML entities (so no tag, image
or script in a clause ever becomes markup) and Markdown's own punctuation with
a backslash (so ``![x](http://…)`` in a clause is printed, never fetched).
Footnotes use the ``[^1]`` syntax GitHub renders.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from poa_cli.domain.languages import Locale
from poa_cli.render.html import stance
from poa_cli.render.model import (
    Alternative,
    Attribution,
    Footnote,
    Inline,
    Mark,
    Note,
    NoteRef,
    Paper,
    Paragraph,
    Proposal,
    SubParagraph,
    Text,
)

_MD_PUNCT = re.compile(r"([\\`*_{}\[\]()#+!|~])")
# What makes a line a list item or a rule when it starts it.
_LINE_START = re.compile(r"^(?:[-+=]|\d+[.)])")


def escape(text: str) -> str:
    """Return *text* safe to put in Markdown: printed as it is, never as markup."""
    text = " ".join(text.split()) if "\n" in text else text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_PUNCT.sub(r"\\\1", text)


def _line(text: str) -> str:
    """Return a line that starts with document text, kept from becoming a list or rule."""
    return "\\" + text if _LINE_START.match(text) else text


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _em(text: str) -> str:
    body = text.strip()
    if not body:
        return escape(text)
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}*{escape(body)}*{trail}"


def _runs(items: Iterable[Inline]) -> str:
    out: list[str] = []
    for r in items:
        if isinstance(r, Text):
            out.append(_em(r.text) if r.em else escape(r.text))
        elif isinstance(r, NoteRef):
            out.append(f"[^{r.number}]")
        elif isinstance(r, Mark):
            out.append(_mark(r))
        elif isinstance(r, Proposal):
            out.append(_proposal(r))
    return "".join(out)


def _mark(m: Mark) -> str:
    tag = "ins" if m.op == "ins" else "del"
    body = _runs(m.runs)
    if m.source is None:
        return f"<{tag}>{body}</{tag}>"
    label = f"<sup>{escape(m.source.label)}</sup>" if m.show_label else ""
    return f'<{tag} title="{_attr(m.source.title)}">{body}</{tag}>{label}'


def _by(source: Attribution) -> str:
    return f"**{escape(source.by)}**<sup>{escape(source.label)}</sup>"


def _stance(source: Attribution) -> str:
    s = stance(source)
    return f" ({escape(s)})" if s else ""


def _alternative(alt: Alternative, with_stance: bool = True) -> str:
    label = f"**{escape(alt.label)}** " if alt.label else ""
    action = f"*{escape(alt.action)}* " if alt.action else ""
    subs = "".join(" " + _alternative(s) for s in alt.subs)
    tail = _stance(alt.source) if with_stance else ""
    return f"\\[{label}{_by(alt.source)}: {action}{_runs(alt.runs)}{subs}\\]{tail}"


def _proposal(p: Proposal) -> str:
    if p.alternatives:
        return " ".join(_alternative(a) for a in p.alternatives)
    ids = escape(", ".join(p.ids))
    if p.base:
        return f"\\[{_runs(p.base)}\\]<sup>{ids}</sup>"
    return f"<sup>‸{ids}</sup>"


def _notes(notes: Sequence[Note], indent: str) -> list[str]:
    lines = []
    for n in notes:
        alt = n.alternative
        parts = []
        if n.where:
            parts.append(f"*{escape(n.where)}:*")
        if n.what:
            parts.append(f"*{escape(n.what)}*")
        if alt.label:
            parts.append(f"**{escape(alt.label)}**")
        head = " ".join(parts)
        text = f"{head} — " if head else ""
        text += _by(alt.source) + _stance(alt.source)
        if alt.action:
            text += f" *{escape(alt.action)}*"
        if alt.runs:
            text += f": {_runs(alt.runs)}"
        text += "".join(" " + _alternative(s) for s in alt.subs)
        lines.append(f"{indent}> {text}")
        lines.append(f"{indent}>")
    if lines:
        lines.pop()
    return lines


def _body(p: Paragraph | SubParagraph) -> str:
    if p.change == "proposed" and p.source is not None:
        return f"\\[{_by(p.source)}: <ins>{_runs(p.runs)}</ins>\\]{_stance(p.source)}"
    return _runs(p.runs)


def _awaiting(x: Paragraph | SubParagraph | Footnote, locale: Locale) -> str:
    """The mark of a unit printed in the original for want of a current translation."""
    return f"**\\[{escape(locale.awaiting)}\\]** " if x.awaiting else ""


def _items(items: Sequence[SubParagraph], locale: Locale, depth: int = 0) -> list[str]:
    lines: list[str] = []
    indent = "  " * depth
    for it in items:
        label = escape(it.label) + " " if it.label else ""
        lines.append(f"{indent}- {label}{_awaiting(it, locale)}{_body(it)}")
        if it.notes:
            lines.append("")
            lines.extend(_notes(it.notes, indent + "  "))
            lines.append("")
        lines.extend(_items(it.items, locale, depth + 1))
    return lines


def _paragraph(p: Paragraph, view: str, locale: Locale) -> list[str]:
    number = f"**{escape(p.number + locale.number_suffix)}** " if p.number else ""
    status = ""
    if view == "compilation" and p.status and p.status != "bracketed":
        status = " *\\[" + ("agreed ad ref" if p.status == "agreed-ad-ref" else p.status) + "\\]*"
    lines = [_line(f"{number}{_awaiting(p, locale)}{_body(p)}{status}"), ""]
    if p.moved:
        lines += [f"*{escape(p.moved)}*", ""]
    if p.items:
        lines += [*_items(p.items, locale), ""]
    if p.notes:
        lines += [*_notes(p.notes, ""), ""]
    return lines


def render_markdown(paper: Paper) -> str:
    """Return *paper* as Markdown (UTF-8 text ending in a newline)."""
    m = paper.masthead
    words = paper.locale
    lines = [
        f"**{escape(m.organization)}** — **{escape(m.symbol)}**",
        "",
        f"**{escape(m.body)}**  ",
        " · ".join(
            escape(x)
            for x in (
                f"{words.distr} {m.distribution}",
                m.date,
                words.version,
                f"{words.original} {m.original}",
            )
            if x
        ),
        "",
    ]
    front = [escape(x) for x in (m.session, m.agenda_item) if x]
    if front:
        lines += ["  \n".join(front), ""]
    lines += [f"# {escape(paper.title)}", "", f"*{escape(paper.subtitle)}*", ""]
    if paper.procedure:
        lines += [f"**{escape(paper.procedure)}**", ""]
    if paper.note:
        lines += [f"> {escape(paper.note)}", ""]
    if paper.legend:
        lines += [
            "**Legend**: <ins>inserted</ins>, <del>deleted</del>; superscript: the amendment.",
            "",
        ]
        for e in paper.legend:
            action = f": {escape(e.action)}" if e.label != "Chair" else ""
            count = f"{e.count} change" + ("" if e.count == 1 else "s")
            lines.append(f"- <sup>{escape(e.label)}</sup> **{escape(e.by)}**{action} ({count})")
        lines.append("")
    if paper.opening:
        lines += [f"*{escape(paper.opening)}*", ""]
    for s in paper.sections:
        if s.heading:
            label = f"{escape(s.label + words.section_suffix)} " if s.label else ""
            lines += [f"## {label}{escape(s.heading)}", ""]
        for p in s.paragraphs:
            lines += _paragraph(p, paper.view, words)
    if paper.stakeholders:
        lines += ["## Proposals by accredited stakeholders", ""]
        lines += [*_notes(paper.stakeholders, ""), ""]
    if paper.unplaced:
        lines += ["## Proposals that could not be placed in the text", ""]
        lines += [*_notes(paper.unplaced, ""), ""]
    if paper.annex is not None:
        lines += ["---", "", f"## Annex: {escape(paper.annex.title)}", ""]
        for part in paper.annex.parts:
            lines += [f"### {escape(part.heading)}", ""]
            for entry in part.entries:
                lines.append(
                    f"#### {escape(entry.id)}: {escape(entry.target)} ({escape(entry.status)})"
                )
                lines.append("")
                lines.append(f"- Proposed by: {escape(entry.proposed_by)}")
                if entry.supported_by:
                    lines.append(f"- Supported by: {escape(', '.join(entry.supported_by))}")
                if entry.opposed_by:
                    lines.append(f"- Objections: {escape(', '.join(entry.opposed_by))}")
                lines.append(f"- Proposal: {escape(entry.action)}")
                if entry.submitted:
                    session = f" ({escape(entry.session)})" if entry.session else ""
                    lines.append(f"- Submitted: {escape(entry.submitted)}{session}")
                if entry.rationale:
                    lines.append(f"- Rationale: {escape(entry.rationale)}")
                lines.append("")
    for fn in paper.footnotes:
        body = _runs(fn.runs)
        if fn.change:
            tag = "ins" if fn.change == "ins" else "del"
            body = f"<{tag}>{body}</{tag}>"
        lines.append(f"[^{fn.number}]: {_awaiting(fn, words)}{body}")
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"

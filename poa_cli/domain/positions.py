"""States' positions on an amendment: support, oppose, co-sponsor, withdraw.

Pure: :func:`take_position` returns the amendment as it is after the position
is taken (and what happened, in words), or raises PoaError when the rules of
the negotiation do not allow it (a proposer cannot oppose its own amendment, a
State cannot both support and oppose one …).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from poa_cli.domain.model import Amendment
from poa_cli.errors import PoaError

Position = Literal["support", "oppose", "cosponsor", "withdraw"]


def take_position(a: Amendment, what: Position, code: str, name: str) -> tuple[Amendment, str]:
    """Return (*a* after State *code* (called *name*) takes position *what*, a summary).

    A State holds one position on an amendment: proposing, supporting or
    opposing. Taking another replaces it (said in the summary, and so in the
    commit); ``withdraw`` takes it back (a supporter's support, an objector's
    objection, a co-sponsor's name, or, by the lead, the whole amendment).
    Raises PoaError when the position cannot be taken.
    """
    proposing = code in a.proposed_by or code == a.on_behalf_of
    was = "supported" if code in a.supported_by else "opposed" if code in a.opposed_by else ""
    changed = f" (it {was} it before)" if was else ""
    supporters = tuple(c for c in a.supported_by if c != code)
    objectors = tuple(c for c in a.opposed_by if c != code)
    if what == "withdraw":
        if code == a.lead or code == a.on_behalf_of:
            return replace(a, status="withdrawn"), f"{a.id} withdrawn by {name}"
        if code in a.proposed_by:
            rest = tuple(c for c in a.proposed_by if c != code)
            return replace(a, proposed_by=rest), f"{name} no longer co-sponsors {a.id}"
        if code in a.supported_by:
            return (
                replace(a, supported_by=supporters),
                f"{name} withdraws its support for {a.id}",
            )
        if code in a.opposed_by:
            return (
                replace(a, opposed_by=objectors),
                f"{name} withdraws its objection to {a.id}",
            )
        raise PoaError(f"{name} takes no position on {a.id}, so has nothing to withdraw")
    if what == "oppose":
        if proposing:
            raise PoaError(f"{name} proposes {a.id} and cannot oppose it (withdraw first)")
        if code in a.opposed_by:
            raise PoaError(f"{name} already opposes {a.id}")
        summary = f"{name} now opposes {a.id}{changed}" if was else f"{name} opposes {a.id}"
        return replace(a, supported_by=supporters, opposed_by=(*a.opposed_by, code)), summary
    if what == "support":
        if proposing:
            raise PoaError(f"{name} already proposes {a.id}")
        if code in a.supported_by:
            raise PoaError(f"{name} already supports {a.id}")
        summary = f"{name} now supports {a.id}{changed}" if was else f"{name} supports {a.id}"
        return replace(a, supported_by=(*a.supported_by, code), opposed_by=objectors), summary
    if code in a.proposed_by:
        raise PoaError(f"{name} already co-sponsors {a.id}")
    summary = (
        f"{name} now co-sponsors {a.id}{changed}"
        if code in a.opposed_by
        else f"{name} co-sponsors {a.id}"
    )
    return (
        replace(
            a, proposed_by=(*a.proposed_by, code), supported_by=supporters, opposed_by=objectors
        ),
        summary,
    )

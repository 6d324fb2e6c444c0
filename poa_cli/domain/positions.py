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

    Raises PoaError when the position contradicts one already taken.
    """
    proposing = code in a.proposed_by or code == a.on_behalf_of
    if what == "withdraw":
        if code == a.lead or code == a.on_behalf_of:
            return replace(a, status="withdrawn"), f"{a.id} withdrawn by {name}"
        if code in a.proposed_by:
            rest = tuple(c for c in a.proposed_by if c != code)
            return replace(a, proposed_by=rest), f"{name} no longer co-sponsors {a.id}"
        raise PoaError(f"{name} does not propose {a.id}, so cannot withdraw it")
    if what == "oppose":
        if proposing:
            raise PoaError(f"{name} proposes {a.id} and cannot oppose it (withdraw first)")
        if code in a.supported_by:
            raise PoaError(f"{name} supports {a.id}; a State cannot both support and oppose it")
        if code in a.opposed_by:
            raise PoaError(f"{name} already opposes {a.id}")
        return replace(a, opposed_by=(*a.opposed_by, code)), f"{name} opposes {a.id}"
    if code in a.opposed_by:
        raise PoaError(f"{name} opposes {a.id}; a State cannot both oppose and support it")
    if what == "support":
        if proposing:
            raise PoaError(f"{name} already proposes {a.id}")
        if code in a.supported_by:
            raise PoaError(f"{name} already supports {a.id}")
        return replace(a, supported_by=(*a.supported_by, code)), f"{name} supports {a.id}"
    if code in a.proposed_by:
        raise PoaError(f"{name} already co-sponsors {a.id}")
    supporters = tuple(c for c in a.supported_by if c != code)
    return (
        replace(a, proposed_by=(*a.proposed_by, code), supported_by=supporters),
        f"{name} co-sponsors {a.id}",
    )

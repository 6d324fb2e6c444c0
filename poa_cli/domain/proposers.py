"""Who may propose: UN Member States, observer States, the EU, groups and stakeholders.

The shipped list (``data/proposers.yaml``) uses the short names the UN Secretariat
uses (UNTERM: "Türkiye", "Netherlands (Kingdom of the)") and ISO 3166-1 alpha-3
codes, which are also the prefixes of amendment ids (``DNK-3``). A delegate may
type a code, an ISO alpha-2 code, the UN name or a common alias, in any case and
with or without accents: ``dnk``, ``DK``, ``Denmark`` and ``denmark`` name the
same State, and ``Turkey`` names Türkiye.

Accredited stakeholders (civil society, private sector, academia, technical
community) are added per negotiation with :meth:`Registry.load`; they are kept
apart from States because only States propose formal amendments.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from poa_cli.domain.model import STAKEHOLDER_KINDS
from poa_cli.errors import Conflict, PoaError, SchemaError, UnknownProposer

JSON_FILE = Path(__file__).parent.parent / "data" / "proposers.json"
DATA_FILE = Path(__file__).parent.parent / "data" / "proposers.yaml"
SCHEMA_PROPOSERS = "poa/proposers/1"

MEMBER_STATE = "member-state"
OBSERVER_STATE = "observer-state"
ORGANIZATION = "organization"
GROUP = "group"
STAKEHOLDER = "stakeholder"
# The order of this tuple is the order of listings: States first, as in a UN list
# of speakers, then observers, organisations, groups and, apart, stakeholders.
PROPOSER_KINDS: tuple[str, ...] = (MEMBER_STATE, OBSERVER_STATE, ORGANIZATION, GROUP, STAKEHOLDER)
_SHIPPED_KINDS = frozenset(PROPOSER_KINDS[:-1])
_KIND_RANK = {kind: rank for rank, kind in enumerate(PROPOSER_KINDS)}

# A code prefixes amendment ids (model.AMENDMENT_ID_RE) and file names.
CODE_RE = re.compile(r"^[A-Z][A-Z0-9]{1,15}$")

# Folding: punctuation people type differently ("St. Lucia", "Cote d’Ivoire",
# "Guinea Bissau", "Korea, Republic of") is dropped or turned into a space.
_FOLD_TABLE = str.maketrans(
    {
        **dict.fromkeys(".'\u2019\u2018\u02bc`\u00b4", None),
        **dict.fromkeys("-\u2010\u2011\u2012\u2013\u2014,;:/_()[]+", " "),
        "&": " and ",
    }
)
_SUGGEST_CUTOFF = 0.75
_SUGGEST_MAX = 3
# Offer a second guess only when it is about as close as the best one.
_SUGGEST_SPREAD = 0.08


def fold(text: str) -> str:
    """Return *text* folded for matching names: no accents, no case, no leading "the".

    ``fold("  the Netherlands ")`` is ``"netherlands"``; ``fold("Türkiye")`` is
    ``"turkiye"``; ``fold("Iran (Islamic Republic of)")`` equals
    ``fold("Iran, Islamic Republic of")``.
    """
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD_TABLE))
    if not folded.isascii():
        folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = " ".join(folded.casefold().split())
    if folded.startswith("the "):
        folded = folded[4:]
    return folded


@dataclass(frozen=True)
class Proposer:
    """A State, organisation, group or stakeholder that may propose or support text.

    ``kind`` is one of :data:`PROPOSER_KINDS`; ``members`` lists the ISO-3 codes of
    a group's States where membership is well defined; ``community`` is a
    stakeholder's community (``civil-society``, ``private-sector`` …).
    """

    code: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    community: str | None = None

    @property
    def is_state(self) -> bool:
        """True for a Member State or an observer State."""
        return self.kind in (MEMBER_STATE, OBSERVER_STATE)

    @property
    def is_stakeholder(self) -> bool:
        """True for an accredited stakeholder (not a State, not a group)."""
        return self.kind == STAKEHOLDER

    @property
    def is_group(self) -> bool:
        """True for a negotiating group, or an organisation that speaks for members (EU)."""
        return self.kind == GROUP or (self.kind == ORGANIZATION and bool(self.members))

    @property
    def label(self) -> str:
        """Return ``"Denmark (DNK)"``: the name with the code, for messages."""
        return f"{self.name} ({self.code})"


class Registry:
    """Every proposer of a negotiation, found by code, name or alias.

    Iteration and :meth:`search` list Member States in alphabetical order of
    their names, then observer States, organisations, groups and stakeholders,
    each alphabetically.
    """

    def __init__(self, proposers: Iterable[Proposer]) -> None:
        """Index *proposers*.

        Raises Conflict when two proposers share a code, or when a code, name or
        alias of one (folded) is a code, name or alias of another.
        """
        ordered = sorted(proposers, key=lambda p: (_KIND_RANK.get(p.kind, 99), fold(p.name)))
        self._ordered: tuple[Proposer, ...] = tuple(ordered)
        self._by_code: dict[str, Proposer] = {}
        self._by_key: dict[str, Proposer] = {}
        self._keys: dict[str, tuple[str, ...]] = {}
        for p in ordered:
            if p.code in self._by_code:
                raise Conflict(f"two proposers have the code {p.code!r}")
            self._by_code[p.code] = p
            keys: dict[str, None] = {}  # ordered and without repeats
            for term in (p.code, p.name, *p.aliases):
                key = fold(term)
                if not key:
                    continue
                other = self._by_key.setdefault(key, p)
                if other is not p:
                    raise Conflict(
                        f"{term!r} would name both {other.label} and {p.label}",
                        hint="give one of them another code, name or alias",
                    )
                keys[key] = None
            self._keys[p.code] = tuple(keys)

    @classmethod
    def load(
        cls,
        stakeholders: Iterable[tuple[str, str, str]] = (),
        *,
        path: Path | None = None,
    ) -> Registry:
        """Return the shipped proposers plus *stakeholders* ``(code, name, community)``.

        *path* replaces the shipped data file (for tests and forks). Raises
        SchemaError when the data file is malformed, PoaError for a stakeholder
        with a bad code or community, Conflict when a stakeholder's code or name
        is already taken.
        """
        shipped = _shipped() if path is None else _read(path)
        return cls((*shipped, *(_stakeholder(*s) for s in stakeholders)))

    def get(self, code: str) -> Proposer | None:
        """Return the proposer whose code is exactly *code*, or None."""
        return self._by_code.get(code)

    def resolve(self, query: str) -> Proposer:
        """Return the proposer *query* names: a code, ISO alpha-2 code, name or alias.

        Matching ignores case, accents, surrounding whitespace and a leading
        "the". Raises UnknownProposer, with a "did you mean" hint for near misses.
        """
        key = fold(query)
        found = self._by_key.get(key)
        if found is not None:
            return found
        shown = " ".join(query.split())
        if not key:
            raise UnknownProposer("no State or group given", hint="name one, e.g. DNK or Denmark")
        raise UnknownProposer(f"unknown State or group {shown!r}", hint=self._suggest(key))

    def _suggest(self, key: str) -> str | None:
        import difflib  # only a failed look-up pays for it

        near: list[Proposer] = []
        if len(key) >= 4:
            # A word shared by a few names ("Korea", "Saint"): offer them all.
            near = [p for p in self._ordered if any(key in k.split() for k in self._keys[p.code])]
            near = near if len(near) <= _SUGGEST_MAX else []
        best = 0.0
        for match in difflib.get_close_matches(key, self._by_key, n=10, cutoff=_SUGGEST_CUTOFF):
            score = difflib.SequenceMatcher(None, key, match).ratio()
            best = max(best, score)
            p = self._by_key[match]
            if score >= best - _SUGGEST_SPREAD and p not in near:
                near.append(p)
        if not near:
            return None
        labels = [p.label for p in near[:_SUGGEST_MAX]]
        if len(labels) == 1:
            return f"did you mean {labels[0]}?"
        return f"did you mean {', '.join(labels[:-1])} or {labels[-1]}?"

    def search(self, query: str) -> list[Proposer]:
        """Return the proposers whose code, name or an alias contains *query*.

        Matching ignores case and accents; an empty query returns everyone. The
        list is in registry order (Member States alphabetically, then observers,
        organisations, groups, stakeholders).
        """
        key = fold(query)
        if not key:
            return list(self._ordered)
        return [p for p in self._ordered if any(key in k for k in self._keys[p.code])]

    def name(self, code: str) -> str:
        """Return the display name for *code*, or *code* itself when it is unknown."""
        p = self._by_code.get(code)
        return p.name if p is not None else code

    def __iter__(self) -> Iterator[Proposer]:
        return iter(self._ordered)

    def __len__(self) -> int:
        return len(self._ordered)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._by_code


def attribution(names: Iterable[str], group: str | None = None) -> str:
    """Return "Egypt, Kenya on behalf of African Group": who proposes, as listings say it.

    (Printed papers use the UN's own form; see poa_cli.render.people.)
    """
    text = ", ".join(names)
    return f"{text} on behalf of {group}" if group else text


@functools.lru_cache(maxsize=1)
def default_registry() -> Registry:
    """Return the registry of the shipped proposers, built once per process."""
    return Registry(_shipped())


@functools.lru_cache(maxsize=1)
def _shipped() -> tuple[Proposer, ...]:
    # The YAML file is what people edit; the JSON beside it is the same data,
    # read in a millisecond instead of thirty on every command. A test keeps
    # them equal; `python -m poa_cli.domain.proposers` rewrites the JSON.
    if JSON_FILE.is_file():
        return _read(JSON_FILE)
    return _read(DATA_FILE)


def _load_data(path: Path) -> Any:
    if path.suffix == ".json":
        import json

        return json.loads(path.read_text(encoding="utf-8"))
    from poa_cli.storage import yamlio  # ruamel is imported only when proposers are needed

    return yamlio.load(path)


def write_json() -> Path:
    """Rewrite data/proposers.json from data/proposers.yaml; return its path."""
    import json

    JSON_FILE.write_text(
        json.dumps(_load_data(DATA_FILE), ensure_ascii=False, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )
    return JSON_FILE


def _read(path: Path) -> tuple[Proposer, ...]:
    """Return the proposers listed in *path*; raise SchemaError when it is malformed."""
    data = _load_data(path)
    if not isinstance(data, dict) or data.get("schema") != SCHEMA_PROPOSERS:
        raise SchemaError(f"not a proposers file: expected schema: {SCHEMA_PROPOSERS}", path=path)
    entries = data.get("proposers")
    if not isinstance(entries, list):
        raise SchemaError("'proposers' must be a list", path=path)
    out = tuple(_entry(e, n, path) for n, e in enumerate(entries, start=1))
    states = {p.code for p in out if p.is_state}
    for p in out:
        unknown = [m for m in p.members if m not in states]
        if unknown:
            raise SchemaError(
                f"{p.code}: members {', '.join(unknown)} are not States in this file", path=path
            )
    return out


def _entry(entry: Any, n: int, path: Path) -> Proposer:
    where = f"proposer #{n}"
    if not isinstance(entry, dict):
        raise SchemaError(f"{where} is not a mapping", path=path)
    code, name, kind = entry.get("code"), entry.get("name"), entry.get("kind")
    if not isinstance(code, str) or not CODE_RE.match(code):
        raise SchemaError(f"{where}: code {code!r} does not match {CODE_RE.pattern}", path=path)
    where = f"{code}"
    if not isinstance(name, str) or not name.strip():
        raise SchemaError(f"{where}: name must be a non-empty string", path=path)
    if kind not in _SHIPPED_KINDS:
        raise SchemaError(
            f"{where}: kind {kind!r} is not one of {', '.join(sorted(_SHIPPED_KINDS))}", path=path
        )
    unknown_keys = set(entry) - {"code", "name", "kind", "aliases", "members"}
    if unknown_keys:
        raise SchemaError(f"{where}: unknown keys {', '.join(sorted(unknown_keys))}", path=path)
    return Proposer(
        code=code,
        name=name,
        kind=str(kind),
        aliases=_strings(entry, "aliases", where, path),
        members=_strings(entry, "members", where, path),
    )


def _strings(entry: Mapping[str, Any], key: str, where: str, path: Path) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SchemaError(f"{where}: {key} must be a list of non-empty strings", path=path)
    return tuple(value)


def _stakeholder(code: str, name: str, community: str) -> Proposer:
    if not CODE_RE.match(code):
        raise PoaError(
            f"stakeholder code {code!r} must be 2-16 capital letters or digits, "
            "starting with a letter"
        )
    if not name.strip():
        raise PoaError(f"stakeholder {code} has no name")
    if community not in STAKEHOLDER_KINDS:
        raise PoaError(
            f"stakeholder {code}: community {community!r} is not one of "
            f"{', '.join(STAKEHOLDER_KINDS)}"
        )
    return Proposer(code=code, name=name, kind=STAKEHOLDER, community=community)


if __name__ == "__main__":
    print(write_json())

"""Who may sign for whom: the allowed-signers file and the rule of who signs each change.

The file is git's own allowed-signers format (``ssh-keygen -Y``, the file that
``gpg.ssh.allowedSignersFile`` names): one key a line, ``PRINCIPALS [OPTIONS] KEYTYPE
KEY [COMMENT]``. poa's principals are the proposer codes it already uses (``DNK``,
``KEN``, ``EU``, ``G77``, a stakeholder's code) and two roles, ``CHAIR`` and
``SECRETARIAT``. git verifies the signatures; this module only says which principals
a key stands for and which principals a given change needs.

Nothing here runs git or reads files: callers hand in texts and parsed data.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from poa_cli.errors import SchemaError

#: The file's name, in the document folder.
SIGNERS_FILE = "allowed_signers"
CHAIR = "CHAIR"
SECRETARIAT = "SECRETARIAT"
ROLES = (CHAIR, SECRETARIAT)
#: Who acts for the Chair's office: clause edits, consolidations, revision tags.
CHAIRS_OFFICE = frozenset(ROLES)

#: The comment ``poa init`` writes into a new, empty file.
TEMPLATE = f"""\
# Who may sign for whom in this negotiation (git's allowed-signers format).
#
# One key a line: PRINCIPALS KEYTYPE KEY [COMMENT]. A principal is a proposer code
# as poa uses it (DNK, KEN, EU, G77, a stakeholder's code) or a role: {CHAIR} or
# {SECRETARIAT}. Several principals share a key with commas: "KEN,G77 ssh-ed25519 ...".
#
# To add a delegation's key, append the public key with its principal, e.g.
#   echo "DNK $(cut -d' ' -f1,2 ~/.ssh/id_ed25519.pub)" >> {SIGNERS_FILE}
# and commit it signed by the Secretariat: only {SECRETARIAT} may change this file.
# Drafters sign with: git config gpg.format ssh; git config user.signingkey ~/.ssh/id_ed25519.pub;
# git config commit.gpgsign true. `poa validate --signatures` checks every signature.
"""

_KEY_TYPES = frozenset(
    {
        "ssh-ed25519",
        "ssh-rsa",
        "ecdsa-sha2-nistp256",
        "ecdsa-sha2-nistp384",
        "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com",
        "sk-ecdsa-sha2-nistp256@openssh.com",
    }
)
_PRINCIPAL_RE = re.compile(r"^[A-Z][A-Z0-9]{1,15}$")


@dataclass(frozen=True)
class SignerKey:
    """One line of the file: the principals a public key may sign for."""

    principals: frozenset[str]
    key_type: str
    key: str
    fingerprint: str
    line: int


@dataclass(frozen=True)
class AllowedSigners:
    """The whole file, looked up by key fingerprint (``SHA256:...``, as git prints it)."""

    keys: tuple[SignerKey, ...] = ()
    _by_fingerprint: Mapping[str, frozenset[str]] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, keys: Iterable[SignerKey]) -> AllowedSigners:
        """Return the file made of *keys* (one key on several lines adds up its principals)."""
        keys = tuple(keys)
        by: dict[str, frozenset[str]] = {}
        for k in keys:
            by[k.fingerprint] = by.get(k.fingerprint, frozenset()) | k.principals
        return cls(keys, by)

    def principals(self, fingerprint: str) -> frozenset[str]:
        """Return every principal the key with *fingerprint* may sign for (empty: unknown key)."""
        return self._by_fingerprint.get(fingerprint, frozenset())

    def may_sign(self, public_key: str, principal: str) -> bool:
        """Return True when *public_key* (``TYPE BASE64 ...``) may sign for *principal*."""
        parts = public_key.split()
        if len(parts) < 2:
            return False
        try:
            fp = fingerprint(parts[1])
        except ValueError:
            return False
        return principal in self.principals(fp)


def fingerprint(key_base64: str) -> str:
    """Return the SHA256 fingerprint of a public key blob, as ``ssh-keygen -l`` and git print it.

    Raises ValueError when *key_base64* is not base64.
    """
    try:
        blob = base64.b64decode(key_base64, validate=True)
    except (ValueError, base64.binascii.Error) as exc:  # type: ignore[attr-defined]
        raise ValueError(str(exc)) from None
    digest = base64.b64encode(hashlib.sha256(blob).digest()).decode("ascii").rstrip("=")
    return f"SHA256:{digest}"


def parse(text: str, *, path: str, known: Iterable[str] = ()) -> AllowedSigners:
    """Return the allowed signers of *text*, the content of the file at *path*.

    *known* are the proposer codes the document knows (Member States, groups,
    stakeholders); a principal that is neither one of them nor a role is an error,
    since a typo would silently let nobody sign. Raises SchemaError naming the line.
    """
    known_codes = frozenset(known)
    keys: list[SignerKey] = []
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            fields = _fields(line, 4)
        except ValueError as exc:
            raise SchemaError(str(exc), path=path, line=n) from None
        if len(fields) < 3:
            raise SchemaError("a line is PRINCIPALS [OPTIONS] KEYTYPE KEY", path=path, line=n)
        principals_field, rest = fields[0], fields[1:]
        if rest[0] not in _KEY_TYPES:  # an options field: cert-authority, namespaces="git", ...
            rest = rest[1:]
        if len(rest) < 2 or rest[0] not in _KEY_TYPES:
            raise SchemaError(
                f"no key type known to ssh ({', '.join(sorted(_KEY_TYPES)[:3])} ...)",
                path=path,
                line=n,
            )
        principals = frozenset(p.strip() for p in principals_field.split(",") if p.strip())
        for p in sorted(principals):
            if not _PRINCIPAL_RE.match(p) or (
                known_codes and p not in known_codes and p not in ROLES
            ):
                raise SchemaError(
                    f"'{p}' is neither a proposer code poa knows nor a role "
                    f"({CHAIR}, {SECRETARIAT})",
                    path=path,
                    line=n,
                    hint="principals are codes: DNK, KEN, EU, G77; run 'poa states QUERY'",
                )
        try:
            fp = fingerprint(rest[1])
        except ValueError:
            raise SchemaError("the key is not base64", path=path, line=n) from None
        keys.append(SignerKey(principals, rest[0], rest[1], fp, n))
    return AllowedSigners.of(keys)


def _fields(line: str, count: int) -> list[str]:
    """Return the first *count* whitespace-separated fields of *line*, quotes kept together.

    As ssh's own reader: a field may hold a double-quoted part with spaces
    (``namespaces="git,file"``); whatever follows the key is a comment, left unread.
    """
    fields: list[str] = []
    i = 0
    while i < len(line) and len(fields) < count:
        while i < len(line) and line[i].isspace():
            i += 1
        start, quoted = i, False
        while i < len(line) and (quoted or not line[i].isspace()):
            if line[i] == '"':
                quoted = not quoted
            i += 1
        if quoted:
            raise ValueError("No closing quotation")
        if i > start:
            fields.append(line[start:i].replace('"', ""))
    return fields


# --------------------------------------------------------------------------- the rule


@dataclass(frozen=True)
class Duty:
    """One thing a commit changed, and who may sign for it."""

    path: str
    what: str
    allowed: frozenset[str]
    #: True when a principal of the Chair's office may act for the allowed signers
    #: (the Secretariat enters a proposal a delegation sent by letter, say).
    secretariat_may_act: bool = False
    #: The amendment the change concerns, if any (for ``amendments show``).
    subject: str | None = None

    def satisfied_by(self, principals: frozenset[str]) -> bool:
        """Return True when a key of *principals* may sign this change."""
        if principals & self.allowed:
            return True
        return self.secretariat_may_act and SECRETARIAT in principals

    def expected(self) -> str:
        """Return who should have signed, as the diagnostic says it."""
        names = sorted(self.allowed)
        if self.secretariat_may_act:
            names.append(f"{SECRETARIAT} acting for them")
        return " or ".join(names)


def _codes(data: Mapping[str, Any] | None, key: str) -> set[str]:
    if not data:
        return set()
    value = data.get(key)
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {str(v) for v in value if isinstance(v, str)}
    return set()


def amendment_duties(
    path: str, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None
) -> list[Duty]:
    """Return who must sign the change of an amendment file from *old* to *new*.

    A new proposal is signed by one of its proposers; a position (support,
    objection, co-sponsorship, or taking one back) by the State that takes it; a
    withdrawal by a proposer; a decision (accepted, rejected, superseded,
    ``applied_in``) by the Chair's office; any other edit by a proposer or the
    Chair's office. *old* None: the file is new; *new* None: it was deleted.
    """
    aid = str((new or old or {}).get("id", path))
    duties = _amendment_duties(path, aid, old, new)
    return [replace(d, subject=aid) for d in duties]


def _amendment_duties(
    path: str, aid: str, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None
) -> list[Duty]:
    if new is None:
        return [Duty(path, f"deleted amendment {aid}", CHAIRS_OFFICE | _codes(old, "proposed_by"))]
    proposers = frozenset(_codes(new, "proposed_by"))
    if old is None:
        duties = [Duty(path, f"proposed amendment {aid}", proposers, secretariat_may_act=True)]
        for key, word in (("supported_by", "support"), ("opposed_by", "objection")):
            for code in sorted(_codes(new, key) - proposers):
                duties.append(Duty(path, f"{word} by {code} on {aid}", frozenset({code})))
        return duties
    duties = []
    old_proposers = frozenset(_codes(old, "proposed_by"))
    for key, word in (
        ("proposed_by", "co-sponsorship"),
        ("supported_by", "support"),
        ("opposed_by", "objection"),
    ):
        before, after = _codes(old, key), _codes(new, key)
        for code in sorted(after - before):
            duties.append(Duty(path, f"{word} by {code} on {aid}", frozenset({code})))
        for code in sorted(before - after):
            if key == "proposed_by" and code in _codes(new, "supported_by") | _codes(
                new, "opposed_by"
            ):
                continue  # a co-sponsor became a supporter: the other side records it
            duties.append(
                Duty(
                    path, f"{word} by {code} on {aid} taken back", frozenset({code}) | CHAIRS_OFFICE
                )
            )
    old_status, new_status = old.get("status"), new.get("status")
    if old_status != new_status and new_status == "withdrawn":
        duties.append(Duty(path, f"withdrawal of {aid}", old_proposers, secretariat_may_act=True))
    elif old_status != new_status or any(
        old.get(k) != new.get(k) for k in ("applied_in", "decision")
    ):
        duties.append(Duty(path, f"decision on {aid} ({new_status})", CHAIRS_OFFICE))
    position_keys = {
        "proposed_by", "supported_by", "opposed_by", "status", "applied_in", "decision"
    }  # fmt: skip
    rest_old = {k: v for k, v in old.items() if k not in position_keys}
    rest_new = {k: v for k, v in new.items() if k not in position_keys}
    if rest_old != rest_new:
        changed = sorted(
            k for k in set(rest_old) | set(rest_new) if rest_old.get(k) != rest_new.get(k)
        )
        duties.append(
            Duty(path, f"edit of {aid} ({', '.join(changed)})", old_proposers | CHAIRS_OFFICE)
        )
    return duties


def file_duties(path: str, kind: str) -> list[Duty]:
    """Return who must sign a change to a file of *kind* other than an amendment.

    ``signers``: only the Secretariat changes who may sign; ``text``: clauses,
    ``document.yaml``, translations and anything else of the document are the Chair's
    office's.
    """
    if kind == "signers":
        return [Duty(path, f"change to {SIGNERS_FILE}", frozenset({SECRETARIAT}))]
    return [Duty(path, f"change to {path.rsplit('/', 1)[-1]}", CHAIRS_OFFICE)]


def silence_duties(
    path: str, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None
) -> list[Duty]:
    """Return who must sign a change to ``silence.yaml`` (the silence procedure's record).

    A Member State breaking silence signs its own break (the letter that comes with
    it is the State's too); starting and closing a procedure are the Chair's office's
    (the President's, acting through the Secretariat).
    """

    def breaks(data: Mapping[str, Any] | None) -> list[tuple[int, Any]]:
        procs = (data or {}).get("procedures")
        found: list[tuple[int, Any]] = []
        if isinstance(procs, list):
            for n, proc in enumerate(procs):
                if isinstance(proc, Mapping) and isinstance(proc.get("breaks"), list):
                    found.extend((n, b) for b in proc["breaks"])
        return found

    added = [b for b in breaks(new) if b not in breaks(old)]
    duties = [
        Duty(path, f"silence broken by {b.get('by')}", frozenset({str(b.get("by"))}))
        for _n, b in added
        if isinstance(b, Mapping)
    ]

    def without_breaks(data: Mapping[str, Any] | None) -> Any:
        procs = (data or {}).get("procedures")
        if not isinstance(procs, list):
            return procs
        return [
            {k: v for k, v in p.items() if k != "breaks"} if isinstance(p, Mapping) else p
            for p in procs
        ]

    if without_breaks(old) != without_breaks(new) or not duties:
        duties.append(Duty(path, "silence procedure started or closed", CHAIRS_OFFICE))
    return duties

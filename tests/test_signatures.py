"""Who may speak for a State: real ssh keys, real git signatures, the real poa command.

Every delegation, the Chair and the Secretariat get an ed25519 key made by
``ssh-keygen``; git signs with it (``gpg.format ssh``), set per command through
git's ``GIT_CONFIG_*`` environment, exactly as a drafter's own git set-up would.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from poa_cli.domain.signers import SIGNERS_FILE, amendment_duties, fingerprint, parse
from poa_cli.errors import SchemaError
from tests.conftest import git, tree_state

pytestmark = pytest.mark.skipif(
    shutil.which("ssh-keygen") is None, reason="ssh-keygen (openssh-client) is not installed"
)

PRINCIPALS = ("SECRETARIAT", "CHAIR", "DNK", "KEN", "JPN", "BRA")


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One ed25519 key per principal: {principal: private key path}."""
    folder = tmp_path_factory.mktemp("keys")
    made = {}
    for who in PRINCIPALS:
        key = folder / who.lower()
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", who, "-f", str(key)], check=True
        )
        made[who] = key
    return made


def signers_line(principal: str, key: Path) -> str:
    kind, blob = key.with_suffix(".pub").read_text().split()[:2]
    return f"{principal} {kind} {blob}"


@pytest.fixture
def sign_as(monkeypatch: pytest.MonkeyPatch, keys: dict[str, Path]) -> Callable[[str | None], None]:
    """``sign_as("DNK")``: git signs every commit and tag from now on with Denmark's key."""

    def use(who: str | None) -> None:
        if who is None:
            monkeypatch.setenv("GIT_CONFIG_COUNT", "0")
            return
        settings = {
            "gpg.format": "ssh",
            "user.signingkey": str(keys[who]),
            "commit.gpgSign": "true",
            "tag.gpgSign": "true",
        }
        monkeypatch.setenv("GIT_CONFIG_COUNT", str(len(settings)))
        for i, (k, v) in enumerate(settings.items()):
            monkeypatch.setenv(f"GIT_CONFIG_KEY_{i}", k)
            monkeypatch.setenv(f"GIT_CONFIG_VALUE_{i}", v)

    return use


@pytest.fixture
def negotiation(
    tmp_path: Path, poa, sign_as: Callable[[str | None], None], keys: dict[str, Path]
) -> Iterator[Path]:  # type: ignore[no-untyped-def]
    """A document whose allowed signers name every principal, set up by the Secretariat."""
    sign_as("SECRETARIAT")
    doc = tmp_path / "neg" / "poa"
    r = poa(tmp_path, "init", str(doc), "--title", "Founding document", "--symbol", "A/CONF.1/L.1")
    assert r.exit_code == 0, r.stdout + r.stderr
    signers = doc / SIGNERS_FILE
    assert signers.read_text().startswith("# Who may sign for whom")
    with signers.open("a") as out:
        for who in PRINCIPALS:
            out.write(signers_line(who, keys[who]) + "\n")
    git(doc, "add", SIGNERS_FILE)
    git(doc, "commit", "-q", "-m", "Allowed signers: the delegations' keys")
    sign_as("CHAIR")
    for cid, text in (
        ("op-one", "*Decide* to meet once a year in New York;"),
        ("op-two", "*Request* the Secretariat to support the meetings."),
    ):
        r = poa(doc, "clause", "add", cid, "--kind", "operative", "--text", text)
        assert r.exit_code == 0, r.stdout + r.stderr
    yield doc


def check(poa, doc: Path) -> tuple[int, list[dict[str, object]]]:  # type: ignore[no-untyped-def]
    r = poa(doc, "validate", "--signatures", "--format", "json")
    report = json.loads(r.stdout)
    return r.exit_code, [d for d in report["diagnostics"] if d["rule"].startswith("sign")]


def amend_as(poa, doc: Path, by: str, phrase: str, new: str) -> str:  # type: ignore[no-untyped-def]
    r = poa(doc, "draft", "amend", "op-one", "--by", by, "--replace", phrase, "--with", new)
    assert r.exit_code == 0, r.stdout + r.stderr
    return r.stdout


def test_a_proposal_signed_by_its_proposer_passes(poa, negotiation: Path, sign_as) -> None:  # type: ignore[no-untyped-def]
    sign_as("DNK")
    amend_as(poa, negotiation, "Denmark", "once a year", "twice a year")
    code, found = check(poa, negotiation)
    assert found == []
    assert code == 0


def test_a_proposal_signed_by_another_state_fails_naming_both(
    poa, negotiation: Path, sign_as
) -> None:  # type: ignore[no-untyped-def]
    sign_as("KEN")
    amend_as(poa, negotiation, "Denmark", "once a year", "twice a year")
    code, found = check(poa, negotiation)
    assert code == 1
    assert len(found) == 1
    message = str(found[0]["message"])
    assert "proposed amendment DNK-1" in message
    assert "signed by KEN" in message
    assert "must be signed by DNK" in message
    assert str(found[0]["path"]).endswith("amendments/DNK-1.yaml")


def test_an_unsigned_proposal_fails(poa, negotiation: Path, sign_as) -> None:  # type: ignore[no-untyped-def]
    sign_as(None)
    amend_as(poa, negotiation, "Denmark", "once a year", "twice a year")
    code, found = check(poa, negotiation)
    assert code == 1
    assert [("unsigned" in str(d["message"])) for d in found] == [True]


def test_a_key_not_in_the_file_is_named_by_its_fingerprint(
    poa, negotiation: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    stranger = tmp_path / "stranger"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(stranger)], check=True)
    for i, (k, v) in enumerate(
        {"gpg.format": "ssh", "user.signingkey": str(stranger), "commit.gpgSign": "true"}.items()
    ):
        monkeypatch.setenv(f"GIT_CONFIG_KEY_{i}", k)
        monkeypatch.setenv(f"GIT_CONFIG_VALUE_{i}", v)
    monkeypatch.setenv("GIT_CONFIG_COUNT", "3")
    amend_as(poa, negotiation, "Denmark", "once a year", "twice a year")
    _code, found = check(poa, negotiation)
    blob = stranger.with_suffix(".pub").read_text().split()[1]
    assert fingerprint(blob) in str(found[0]["message"])
    assert "not in allowed_signers" in str(found[0]["message"])


def test_an_objection_is_signed_by_the_state_that_objects(poa, negotiation: Path, sign_as) -> None:  # type: ignore[no-untyped-def]
    sign_as("DNK")
    amend_as(poa, negotiation, "Denmark", "once a year", "twice a year")
    sign_as("JPN")
    assert poa(negotiation, "draft", "oppose", "DNK-1", "--by", "Japan").exit_code == 0
    assert check(poa, negotiation) == (0, [])
    sign_as("BRA")
    assert poa(negotiation, "draft", "support", "DNK-1", "--by", "Kenya").exit_code == 0
    code, found = check(poa, negotiation)
    assert code == 1
    assert len(found) == 1
    assert "support by KEN on DNK-1" in str(found[0]["message"])
    assert "signed by BRA" in str(found[0]["message"])
    assert "must be signed by KEN" in str(found[0]["message"])


def test_a_consolidation_and_its_tag_are_the_chairs(poa, negotiation: Path, sign_as) -> None:  # type: ignore[no-untyped-def]
    sign_as("DNK")
    amend_as(poa, negotiation, "Denmark", "once a year", "twice a year")
    sign_as("CHAIR")
    r = poa(negotiation, "consolidate", "--accept", "DNK-1")
    assert r.exit_code == 0, r.stdout + r.stderr
    assert check(poa, negotiation) == (0, [])
    # The same step taken by a State: the commit and the tag are both reported.
    sign_as("KEN")
    amend_as(poa, negotiation, "Kenya", "twice a year", "every year")
    r = poa(negotiation, "consolidate", "--accept", "KEN-1")
    assert r.exit_code == 0, r.stdout + r.stderr
    code, found = check(poa, negotiation)
    assert code == 1
    messages = [str(d["message"]) for d in found]
    assert any("decision on KEN-1 (accepted)" in m and "signed by KEN" in m for m in messages)
    assert any("change to op-one.yaml" in m and "signed by KEN" in m for m in messages)
    assert any(m.startswith("revision tag poa/rev-") and "signed by KEN" in m for m in messages)
    assert all("CHAIR or SECRETARIAT" in m for m in messages)


def test_the_signers_file_is_the_secretariats(poa, negotiation: Path, sign_as, keys) -> None:  # type: ignore[no-untyped-def]
    sign_as("DNK")
    with (negotiation / SIGNERS_FILE).open("a") as out:
        out.write(signers_line("KEN", keys["DNK"]) + "\n")  # Denmark's key, to speak for Kenya
    git(negotiation, "commit", "-q", "-am", "add a key")
    code, found = check(poa, negotiation)
    assert code == 1
    assert len(found) == 1
    assert "change to allowed_signers" in str(found[0]["message"])
    assert "must be signed by SECRETARIAT" in str(found[0]["message"])


def test_a_key_added_in_a_commit_does_not_vouch_for_that_commit(
    poa, negotiation: Path, sign_as, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    intruder = tmp_path / "intruder"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(intruder)], check=True)
    with (negotiation / SIGNERS_FILE).open("a") as out:
        out.write(signers_line("SECRETARIAT", intruder) + "\n")
    sign_as(None)  # the intruder's own repository configuration, no one else's
    for k, v in {
        "gpg.format": "ssh",
        "user.signingkey": str(intruder),
        "commit.gpgSign": "true",
    }.items():
        git(negotiation, "config", k, v)
    git(negotiation, "commit", "-q", "-am", "I am the Secretariat now")
    code, found = check(poa, negotiation)
    assert code == 1
    assert "not in allowed_signers" in str(found[0]["message"])


def test_without_signatures_required_validate_is_as_before(poa, negotiation: Path, sign_as) -> None:  # type: ignore[no-untyped-def]
    sign_as(None)
    amend_as(poa, negotiation, "Denmark", "once a year", "twice a year")
    r = poa(negotiation, "validate")
    assert r.exit_code == 0, r.stdout
    assert "signature" not in r.stdout
    # Required by the document: validate checks without being asked.
    sign_as("CHAIR")
    r = poa(negotiation, "document", "edit", "--require-signatures")
    assert r.exit_code == 0, r.stdout + r.stderr
    assert "require_signatures: true" in (negotiation / "document.yaml").read_text()
    r = poa(negotiation, "validate", "--format", "json")
    assert r.exit_code == 1
    rules = {d["rule"] for d in json.loads(r.stdout)["diagnostics"]}
    assert rules == {"signature"}
    assert poa(negotiation, "validate", "--no-signatures").exit_code == 0


def test_github_annotations_name_the_file(poa, negotiation: Path, sign_as) -> None:  # type: ignore[no-untyped-def]
    sign_as("KEN")
    amend_as(poa, negotiation, "Denmark", "once a year", "twice a year")
    r = poa(negotiation, "validate", "--signatures", "--format", "github")
    assert r.exit_code == 1
    assert "::error file=" in r.stdout
    assert "amendments/DNK-1.yaml" in r.stdout
    assert "signed by KEN" in r.stdout


@pytest.mark.slow
def test_two_clones_and_a_bare_remote_verify_after_merging(
    poa, negotiation: Path, sign_as, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    top = negotiation  # 'poa init' made the document folder the repository
    remote = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(top), str(remote))
    clones = {}
    for who in ("DNK", "KEN"):
        clones[who] = tmp_path / who.lower() / "poa"  # the folder is the document's id
        git(tmp_path, "clone", "-q", str(remote), str(clones[who]))
        git(clones[who], "config", "pull.rebase", "false")
    sign_as("DNK")
    amend_as(poa, clones["DNK"], "Denmark", "once a year", "twice a year")
    git(clones["DNK"], "push", "-q", "origin", "main")
    sign_as("KEN")
    r = poa(clones["KEN"], "draft", "amend", "op-two", "--by", "Kenya",
            "--replace", "support", "--with", "fully support")  # fmt: skip
    assert r.exit_code == 0, r.stdout + r.stderr
    git(clones["KEN"], "pull", "-q", "--no-edit", "origin", "main")  # a signed merge commit
    git(clones["KEN"], "push", "-q", "origin", "main")
    sign_as("JPN")
    git(clones["DNK"], "pull", "-q", "--ff-only", "origin", "main")
    assert poa(clones["DNK"], "draft", "oppose", "KEN-1", "--by", "Japan").exit_code == 0
    r = poa(clones["DNK"], "validate", "--signatures")
    assert r.exit_code == 0, r.stdout
    # Rewriting a signed commit's author after the fact breaks its signature.
    sign_as(None)
    git(clones["DNK"], "commit", "-q", "--amend", "--no-edit", "--author", "X <x@example.org>")
    code, found = check(poa, clones["DNK"])
    assert code == 1
    assert "objection by JPN on KEN-1" in str(found[0]["message"])


def test_a_second_check_asks_git_nothing(
    poa, negotiation: Path, sign_as, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    sign_as("DNK")
    amend_as(poa, negotiation, "Denmark", "once a year", "twice a year")
    assert check(poa, negotiation) == (0, [])
    cache = Path(git(negotiation, "rev-parse", "--absolute-git-dir").strip()) / "poa-cache"
    entries = json.loads((cache / "signatures.json").read_text())["entries"]
    kinds = ("duties:", "changes:", "judge:", "tag:")
    verdicts = {k: v for k, v in entries.items() if not k.startswith(kinds)}
    assert verdicts and all(v[0] == "G" for v in verdicts.values())
    assert any(k.startswith("duties:") for k in entries)
    # With no ssh-keygen for git to call, the cached verdicts still answer...
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "gpg.ssh.program")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", "/bin/false")
    assert check(poa, negotiation) == (0, [])
    # ... and without the cache git cannot verify anything: an error, never a pass.
    r = poa(negotiation, "validate", "--signatures", "--no-cache", "--format", "json")
    assert r.exit_code == 1
    if r.stdout.strip():
        found = json.loads(r.stdout)["diagnostics"]
        assert found and all(d["rule"] == "signature" for d in found)
    else:
        assert "could not check signatures" in r.stderr


# --------------------------------------------------------------------------- the pure parts


def test_the_file_format_is_gits(keys: dict[str, Path]) -> None:
    text = (
        "# comment\n\n"
        + signers_line("KEN,G77", keys["KEN"])
        + " kenya's delegation\n"
        + 'DNK namespaces="git" '
        + " ".join(keys["DNK"].with_suffix(".pub").read_text().split()[:2])
        + "\n"
    )
    signers = parse(text, path=SIGNERS_FILE, known=["KEN", "G77", "DNK"])
    blob = keys["KEN"].with_suffix(".pub").read_text().split()[1]
    assert signers.principals(fingerprint(blob)) == {"KEN", "G77"}
    assert len(signers.keys) == 2
    got = subprocess.run(
        ["ssh-keygen", "-l", "-f", str(keys["KEN"].with_suffix(".pub"))],
        capture_output=True, text=True, check=True,
    ).stdout.split()[1]  # fmt: skip
    assert fingerprint(blob) == got


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("DNMK ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEXAMPLE", "neither a proposer code"),
        ("DNK", "PRINCIPALS"),
        ("DNK rsa-foo AAAA", "no key type"),
        ("DNK ssh-ed25519 not*base64", "not base64"),
        ('DNK "unclosed ssh-ed25519 AAAA', "No closing quotation"),
    ],
)
def test_a_bad_line_is_refused_with_its_number(line: str, says: str) -> None:
    with pytest.raises(SchemaError) as caught:
        parse(f"# first\n{line}\n", path=SIGNERS_FILE, known=["DNK"])
    assert caught.value.line == 2
    assert says in caught.value.one_line()


def test_who_must_sign_each_change() -> None:
    old = {"id": "DNK-1", "proposed_by": ["DNK"], "status": "proposed", "text": "a"}
    assert [d.allowed for d in amendment_duties("p", None, old)] == [frozenset({"DNK"})]
    assert amendment_duties("p", None, old)[0].secretariat_may_act
    cosponsored = {**old, "proposed_by": ["DNK", "EST"]}
    assert [(d.what, d.allowed) for d in amendment_duties("p", old, cosponsored)] == [
        ("co-sponsorship by EST on DNK-1", frozenset({"EST"}))
    ]
    withdrawn = {**old, "status": "withdrawn"}
    assert [d.what for d in amendment_duties("p", old, withdrawn)] == ["withdrawal of DNK-1"]
    accepted = {**old, "status": "accepted", "applied_in": "rev-1"}
    assert [d.allowed for d in amendment_duties("p", old, accepted)] == [
        frozenset({"CHAIR", "SECRETARIAT"})
    ]
    taken_back = {**old, "opposed_by": ["JPN"]}
    duties = amendment_duties("p", taken_back, old)
    assert [d.what for d in duties] == ["objection by JPN on DNK-1 taken back"]
    assert "JPN" in duties[0].allowed
    edited = {**old, "text": "b"}
    assert [d.what for d in amendment_duties("p", old, edited)] == ["edit of DNK-1 (text)"]


def test_draft_amend_warns_before_writing_a_proposal_its_key_cannot_sign(
    poa, negotiation: Path, sign_as
) -> None:  # type: ignore[no-untyped-def]
    doc_file = negotiation / "document.yaml"
    doc_file.write_text(doc_file.read_text() + "require_signatures: true\n")
    git(negotiation, "commit", "-q", "-am", "require signatures")
    sign_as("KEN")
    before = tree_state(negotiation)
    r = poa(negotiation, "draft", "amend", "op-one", "--by", "Denmark", "--strict",
            "--replace", "once a year", "--with", "twice a year")  # fmt: skip
    assert r.exit_code == 1
    assert "may not sign for DNK" in r.stderr
    assert tree_state(negotiation) == before
    r = poa(negotiation, "draft", "amend", "op-one", "--by", "Denmark",
            "--replace", "once a year", "--with", "twice a year")  # fmt: skip
    assert r.exit_code == 0
    assert "poa: warning:" in r.stderr and "may not sign for DNK" in r.stderr
    sign_as(None)
    r = poa(negotiation, "draft", "amend", "op-one", "--by", "Denmark", "--strict",
            "--replace", "once a year", "--with", "every year")  # fmt: skip
    assert r.exit_code == 1
    assert "git is not set to sign" in r.stderr
    sign_as("DNK")
    r = poa(negotiation, "draft", "amend", "op-one", "--by", "Denmark", "--strict",
            "--replace", "once a year", "--with", "each year")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert "warning" not in r.stderr


def test_history_blame_and_show_say_who_signed(poa, negotiation: Path, sign_as) -> None:  # type: ignore[no-untyped-def]
    sign_as("DNK")
    amend_as(poa, negotiation, "Denmark", "once a year", "twice a year")
    sign_as("BRA")
    assert poa(negotiation, "draft", "support", "DNK-1", "--by", "Japan").exit_code == 0
    sign_as("CHAIR")
    assert poa(negotiation, "consolidate", "--accept", "DNK-1").exit_code == 0
    shown = poa(negotiation, "amendments", "show", "DNK-1").stdout
    assert "Signature: proposed amendment DNK-1: \u2713 signed by DNK" in shown
    assert "Signature: support by JPN on DNK-1: \u2717 BRA (should be JPN)" in shown
    assert "Signature: decision on DNK-1 (accepted): \u2713 signed by CHAIR" in shown
    data = json.loads(poa(negotiation, "amendments", "show", "DNK-1", "--format", "json").stdout)
    assert [s["ok"] for s in data["signatures"]] == [True, False, True], data["signatures"]
    history = poa(negotiation, "history", "op-one").stdout
    assert "revision tag poa/rev-0: \u2713 signed by CHAIR" in history
    assert "proposed amendment DNK-1: \u2713 signed by DNK" in history
    blame = poa(negotiation, "blame", "op-one").stdout
    assert "\u2713 signed by DNK" in blame


def test_no_marks_where_signing_is_not_set_up(poa, minimal_doc: Path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(poa(minimal_doc, "amendments", "list", "--format", "json").stdout)
    first = data[0]["id"] if isinstance(data, list) else data["amendments"][0]["id"]
    shown = poa(minimal_doc, "amendments", "show", first)
    assert shown.exit_code == 0
    assert "Signature" not in shown.stdout
    assert "signatures" not in json.loads(
        poa(minimal_doc, "amendments", "show", first, "--format", "json").stdout
    )


def test_a_silence_break_is_the_breaking_states() -> None:
    from poa_cli.domain.signers import silence_duties

    started = {"procedures": [{"revision": "rev-2", "status": "under-silence"}]}
    broken = {
        "procedures": [
            {"revision": "rev-2", "status": "under-silence", "breaks": [{"by": "FRA", "at": "t"}]}
        ]
    }
    closed = {
        "procedures": [
            {"revision": "rev-2", "status": "broken", "breaks": [{"by": "FRA", "at": "t"}]}
        ]
    }
    assert [d.allowed for d in silence_duties("s", None, started)] == [
        frozenset({"CHAIR", "SECRETARIAT"})
    ]
    assert [(d.what, d.allowed) for d in silence_duties("s", started, broken)] == [
        ("silence broken by FRA", frozenset({"FRA"}))
    ]
    assert [d.allowed for d in silence_duties("s", broken, closed)] == [
        frozenset({"CHAIR", "SECRETARIAT"})
    ]


def test_whether_signatures_are_required_is_read_without_parsing_only_when_it_cannot_be_set(
    minimal_doc: Path,
) -> None:
    """``validate`` asks every time; a document.yaml that cannot set the key is not parsed,
    one that spells it with an escape still is."""
    from poa_cli.storage import store

    path = minimal_doc / "document.yaml"
    original = path.read_text(encoding="utf-8")
    assert "require_signatures" not in original
    assert store.requires_signatures(minimal_doc) is False
    path.write_text(original + "require_signatures: true\n", encoding="utf-8")
    assert store.requires_signatures(minimal_doc) is True
    path.write_text(original + '"require\\u005fsignatures": true\n', encoding="utf-8")
    assert store.requires_signatures(minimal_doc) is True
    path.write_text(original + "require_signatures: [\n", encoding="utf-8")
    assert store.requires_signatures(minimal_doc) is False  # broken: validate reports it

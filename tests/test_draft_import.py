"""``poa draft import``: tracked changes in a Word file become a State's amendments
(poa_cli/actions/draft_import.py), read as Word and LibreOffice write them."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from poa_cli.actions.draft_import import plain_map
from poa_cli.formats.docx import NOTE_CALL, bookmark_name
from poa_cli.storage.store import load_clauses
from tests.conftest import DRAFTS, git, tree_state

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
LO_EDIT = Path(__file__).with_name("lo_edit.py")
DATE = "2026-06-01T10:00:00Z"

# A piece of a paragraph as Word writes it: (op, text) or (op, text, author).
Piece = tuple[str, ...]


def export_clean(poa: object, doc: Path, out: Path) -> Path:
    result = poa(doc, "render", "--view", "clean", "--format", "docx", "-o", str(out))  # type: ignore[operator]
    assert result.exit_code == 0, result.stderr
    return out


def _run(text: str, deleted: bool, fancy: bool) -> etree._Element:
    r = etree.Element(f"{W}r")
    if fancy:  # formatting marks Word scatters over runs
        rpr = etree.SubElement(r, f"{W}rPr")
        etree.SubElement(rpr, f"{W}rFonts", {f"{W}cs": "Times New Roman"})
        etree.SubElement(rpr, f"{W}lang", {f"{W}val": "en-GB"})
        r.set(f"{W}rsidR", "00A1B2C3")
    t = etree.SubElement(r, f"{W}delText" if deleted else f"{W}t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def unpack(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def pack(members: dict[str, bytes], root: etree._Element | None = None) -> bytes:
    """The package again, with *root* as its word/document.xml when given."""
    if root is not None:
        members["word/document.xml"] = etree.tostring(
            root, xml_declaration=True, encoding="UTF-8", standalone=True
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in members.items():
            zf.writestr(name, blob)
    return out.getvalue()


def edit_paragraph(data: bytes, part_id: str, pieces: list[Piece], *, fancy: bool = True) -> bytes:
    """Rewrite the words of *part_id*'s paragraph as *pieces*, the way Word stores them:
    each change in its own w:ins/w:del, runs split, formatting and proofing marks between."""
    members = unpack(data)
    root = etree.fromstring(members["word/document.xml"])
    start = root.find(f".//{W}bookmarkStart[@{W}name='{bookmark_name(part_id)}']")
    assert start is not None, part_id
    p = start.getparent()
    after = False
    for child in list(p):
        if child is start:
            after = True
            continue
        if after and child.tag in (f"{W}r", f"{W}ins", f"{W}del", f"{W}proofErr"):
            p.remove(child)
    end = p.find(f"{W}bookmarkEnd")
    n = 900
    for piece in pieces:
        op, text = piece[0], piece[1]
        author = piece[2] if len(piece) > 2 else "Denmark"
        if op == "equal":
            end.addprevious(_run(text, False, fancy))
            if fancy:
                end.addprevious(etree.Element(f"{W}proofErr", {f"{W}type": "spellStart"}))
            continue
        n += 1
        change = etree.Element(
            f"{W}{op}", {f"{W}id": str(n), f"{W}author": author, f"{W}date": DATE}
        )
        # Word splits a change over several runs (a formatting mark, a spell-check mark).
        half = max(1, len(text) // 2) if fancy and len(text) > 1 else len(text)
        for chunk in (text[:half], text[half:]):
            if chunk:
                change.append(_run(chunk, op == "del", fancy))
        end.addprevious(change)
    members["word/document.xml"] = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in members.items():
            zf.writestr(name, blob)
    return out.getvalue()


def insert_paragraph_after(data: bytes, part_id: str, text: str, author: str = "Denmark") -> bytes:
    """A new paragraph typed after *part_id*'s, as Word records it (mark and words inserted)."""
    members = unpack(data)
    root = etree.fromstring(members["word/document.xml"])
    start = root.find(f".//{W}bookmarkStart[@{W}name='{bookmark_name(part_id)}']")
    p = start.getparent()
    new = etree.Element(f"{W}p")
    ppr = etree.SubElement(new, f"{W}pPr")
    etree.SubElement(ppr, f"{W}pStyle", {f"{W}val": "PoAParagraph"})
    rpr = etree.SubElement(ppr, f"{W}rPr")
    etree.SubElement(rpr, f"{W}ins", {f"{W}id": "801", f"{W}author": author, f"{W}date": DATE})
    ins = etree.SubElement(
        new, f"{W}ins", {f"{W}id": "802", f"{W}author": author, f"{W}date": DATE}
    )
    ins.append(_run(text, False, True))
    p.addnext(new)
    members["word/document.xml"] = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in members.items():
            zf.writestr(name, blob)
    return out.getvalue()


def once_to_twice(data: bytes, doc: Path, author: str = "Denmark") -> bytes:
    """*data* with "once" replaced by "twice" in op-annual-meetings, tracked by *author*."""
    head, tail = split_at(words_of(doc, "op-annual-meetings"), "once")
    pieces: list[Piece] = [
        ("equal", head), ("del", "once", author), ("ins", "twice", author), ("equal", tail)
    ]  # fmt: skip
    return edit_paragraph(data, "op-annual-meetings", pieces)


def words_of(doc: Path, part_id: str) -> str:
    """The words of a clause or sub-paragraph as Word shows them (no markup)."""
    from poa_cli.domain.consolidation import part_texts

    return plain_map(part_texts(load_clauses(doc))[part_id])[0].replace(NOTE_CALL, "")


def split_at(text: str, phrase: str) -> tuple[str, str]:
    i = text.index(phrase)
    return text[:i], text[i + len(phrase) :]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The clean DOCX of the sample document, exported once for the module."""
    from poa_cli.render import Request, render

    doc = tmp_path_factory.mktemp("export") / "poa-founding-document"
    shutil.copytree(DRAFTS / "poa-founding-document", doc)
    return render(Request(doc, "clean", "docx"))


def write(tmp: Path, data: bytes, name: str = "edited.docx") -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path


def consolidated_words(poa: object, doc: Path, ids: list[str]) -> None:
    args = [x for i in ids for x in ("--accept", i)]
    result = poa(doc, "consolidate", *args, "--note", "Import")  # type: ignore[operator]
    assert result.exit_code == 0, result.stderr


# --------------------------------------------------------------------------- as Word writes


def test_changes_split_over_runs_become_amendments_in_one_commit(
    poa: object, sample_doc: Path, exported: bytes, tmp_path: Path
) -> None:
    meetings = words_of(sample_doc, "op-annual-meetings")
    head, tail = split_at(meetings, "once")
    data = edit_paragraph(exported, "op-annual-meetings",
                          [("equal", head), ("del", "once"), ("ins", "twice"), ("equal", tail)])  # fmt: skip
    sub = words_of(sample_doc, "op-mechanism-functions-a")
    head, tail = split_at(sub, "good practices and ")
    data = edit_paragraph(data, "op-mechanism-functions-a",
                          [("equal", head), ("del", "good practices and "), ("equal", tail)])  # fmt: skip
    bureau = words_of(sample_doc, "op-bureau")
    head, tail = split_at(bureau, "equitable")
    # A change inside a word (Word tracks characters): "equitable" -> "equitably" is
    # widened to the whole word.
    data = edit_paragraph(data, "op-bureau",
                          [("equal", head + "equitabl"), ("del", "e"), ("ins", "y"),
                           ("equal", tail)])  # fmt: skip
    commits = git(sample_doc.parent, "rev-list", "--count", "HEAD")
    result = poa(sample_doc, "draft", "import", str(write(tmp_path, data)), "--by", "Denmark",  # type: ignore[operator]
                 "--rationale", "Denmark's comments on L.1", "--session", "Second session")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "3 amendments proposed" in result.stdout
    assert "[-once-] {+twice+}" in result.stdout
    assert int(git(sample_doc.parent, "rev-list", "--count", "HEAD")) == int(commits) + 1
    log = git(sample_doc.parent, "log", "-1", "--format=%s%n%(trailers)")
    assert "Import 3 amendments by Denmark" in log and "Amendment: DNK-3" in log
    text = (sample_doc / "amendments" / "DNK-3.yaml").read_text()
    assert "Second session" in text and "Denmark's comments on L.1" in text
    actions = {
        (sample_doc / "amendments" / f"DNK-{n}.yaml").read_text().split("action: ")[1].split()[0]
        for n in (3, 4, 5)
    }
    assert actions == {"replace-text", "delete-text"}
    consolidated_words(poa, sample_doc, ["DNK-3", "DNK-4", "DNK-5"])
    assert words_of(sample_doc, "op-annual-meetings") == meetings.replace("once", "twice")
    assert words_of(sample_doc, "op-mechanism-functions-a") == sub.replace(
        "good practices and ", ""
    )
    assert words_of(sample_doc, "op-bureau") == bureau.replace("equitable", "equitably")


def test_an_insertion_is_insert_text_anchored_on_the_words_before(
    poa: object, sample_doc: Path, exported: bytes, tmp_path: Path
) -> None:
    words = words_of(sample_doc, "op-annual-meetings")
    at = words.index(" in New York")
    head, tail = words[:at], words[at:]
    data = edit_paragraph(exported, "op-annual-meetings",
                          [("equal", head), ("ins", " or more often"), ("equal", tail)])  # fmt: skip
    result = poa(sample_doc, "draft", "import", str(write(tmp_path, data)), "--by", "DNK")  # type: ignore[operator]
    assert result.exit_code == 0, result.stderr
    text = (sample_doc / "amendments" / "DNK-3.yaml").read_text()
    assert "action: insert-text" in text and "position: after" in text
    assert "phrase: year" in text
    consolidated_words(poa, sample_doc, ["DNK-3"])
    assert words_of(sample_doc, "op-annual-meetings") == head + " or more often" + tail


def test_new_and_deleted_paragraphs(
    poa: object, sample_doc: Path, exported: bytes, tmp_path: Path
) -> None:
    new = "Decide that the Programme of Action shall report to the General Assembly every year;"
    data = insert_paragraph_after(exported, "op-annual-meetings", new)
    bureau = words_of(sample_doc, "op-bureau")
    data = edit_paragraph(data, "op-bureau", [("del", bureau)])
    result = poa(sample_doc, "draft", "import", str(write(tmp_path, data)), "--by", "Denmark")  # type: ignore[operator]
    assert result.exit_code == 0, result.stderr
    texts = [(sample_doc / "amendments" / f"DNK-{n}.yaml").read_text() for n in (3, 4)]
    assert any("action: insert-clause" in t and "target: op-annual-meetings" in t for t in texts)
    assert any("action: delete-clause" in t and "target: op-bureau" in t for t in texts)


# --------------------------------------------------------------------------- authors


def test_other_authors_are_reported_and_taken_only_with_all_authors(
    poa: object, sample_doc: Path, exported: bytes, tmp_path: Path
) -> None:
    words = words_of(sample_doc, "op-annual-meetings")
    head, tail = split_at(words, "once")
    mid, rest = split_at(tail, "New York")
    pieces: list[Piece] = [
        ("equal", head), ("del", "once"), ("ins", "twice"),
        ("equal", mid), ("del", "New York", "Jane Smith"), ("ins", "Geneva", "Jane Smith"),
        ("equal", rest),
    ]  # fmt: skip
    path = write(tmp_path, edit_paragraph(exported, "op-annual-meetings", pieces))
    result = poa(sample_doc, "draft", "import", str(path), "--by", "Denmark")  # type: ignore[operator]
    assert result.exit_code == 0, result.stderr
    assert "not taken: 1 change by Jane Smith" in result.stderr
    assert "1 amendment proposed" in result.stdout
    assert not (sample_doc / "amendments" / "DNK-4.yaml").exists()
    git(sample_doc.parent, "reset", "-q", "--hard", "HEAD~1")
    result = poa(sample_doc, "draft", "import", str(path), "--by", "Denmark", "--all-authors")  # type: ignore[operator]
    assert result.exit_code == 0, result.stderr
    assert "2 amendments proposed" in result.stdout


def test_only_another_authors_changes_is_an_error(
    poa: object, sample_doc: Path, exported: bytes, tmp_path: Path
) -> None:
    data = once_to_twice(exported, sample_doc, "Jane")
    before = tree_state(sample_doc.parent)
    result = poa(sample_doc, "draft", "import", str(write(tmp_path, data)), "--by", "Denmark")  # type: ignore[operator]
    assert result.exit_code == 1
    assert "no tracked change by Denmark" in result.stderr and "--all-authors" in result.stderr
    assert tree_state(sample_doc.parent) == before


# --------------------------------------------------------------------------- all or nothing


def test_a_change_outside_the_clauses_is_listed_and_nothing_is_written(
    poa: object, sample_doc: Path, exported: bytes, tmp_path: Path
) -> None:
    data = once_to_twice(exported, sample_doc)
    # And a change in the title of the paper.
    members = unpack(data)
    xml = members["word/document.xml"].decode()
    title = '<w:t xml:space="preserve">Founding document'
    assert title in xml
    xml = xml.replace(
        title,
        f'<w:t xml:space="preserve"></w:t></w:r><w:ins w:id="990" w:author="Denmark" '
        f'w:date="{DATE}"><w:r><w:t xml:space="preserve">Draft </w:t></w:r></w:ins><w:r>{title}',
        1,
    )
    members["word/document.xml"] = xml.encode()
    path = write(tmp_path, pack(members), "outside.docx")
    before = tree_state(sample_doc.parent)
    result = poa(sample_doc, "draft", "import", str(path), "--by", "Denmark")  # type: ignore[operator]
    assert result.exit_code == 1
    assert "a change outside the clauses \u201cDraft\u201d" in result.stderr
    assert "nothing was written" in result.stderr.strip().splitlines()[-1]
    assert tree_state(sample_doc.parent) == before
    assert not (sample_doc / "amendments" / "DNK-3.yaml").exists()


def test_a_paragraph_changed_since_the_export_cannot_be_placed(
    poa: object, sample_doc: Path, exported: bytes, tmp_path: Path
) -> None:
    data = once_to_twice(exported, sample_doc)
    edited = "*Decide* that the Programme of Action shall meet once a year in Geneva;"
    assert poa(sample_doc, "clause", "edit", "op-annual-meetings", "--text", edited).exit_code == 0  # type: ignore[operator]
    before = tree_state(sample_doc.parent)
    result = poa(sample_doc, "draft", "import", str(write(tmp_path, data)), "--by", "Denmark")  # type: ignore[operator]
    assert result.exit_code == 1
    assert "op-annual-meetings: the paragraph's text differs" in result.stderr
    assert tree_state(sample_doc.parent) == before


def test_dry_run_previews_and_writes_nothing(
    poa: object, sample_doc: Path, exported: bytes, tmp_path: Path
) -> None:
    data = once_to_twice(exported, sample_doc)
    before = tree_state(sample_doc.parent)
    result = poa(sample_doc, "draft", "import", str(write(tmp_path, data)), "--by", "Denmark",  # type: ignore[operator]
                 "--dry-run")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "DNK-3 to op-annual-meetings (replace-text)" in result.stdout
    assert "[-once-] {+twice+}" in result.stdout and "nothing written" in result.stdout
    assert tree_state(sample_doc.parent) == before


def test_a_word_file_poa_did_not_export_is_refused(
    poa: object, sample_doc: Path, tmp_path: Path
) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("Decide that the Programme of Action shall meet twice a year;")
    path = tmp_path / "letter.docx"
    d.save(str(path))
    result = poa(sample_doc, "draft", "import", str(path), "--by", "Denmark")  # type: ignore[operator]
    assert result.exit_code == 1
    assert "not exported by poa" in result.stderr


def test_an_unknown_state_is_refused(
    poa: object, sample_doc: Path, exported: bytes, tmp_path: Path
) -> None:
    result = poa(sample_doc, "draft", "import", str(write(tmp_path, exported)), "--by", "Atlantis")  # type: ignore[operator]
    assert result.exit_code == 1 and "Atlantis" in result.stderr


# --------------------------------------------------------------------------- LibreOffice


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None or not Path("/usr/bin/python3").exists()
    or subprocess.run(["/usr/bin/python3", "-c", "import uno"], capture_output=True).returncode,
    reason="LibreOffice with its Python bridge (python3-uno) is not installed",
)  # fmt: skip
def test_round_trip_through_libreoffice(poa: object, sample_doc: Path, tmp_path: Path) -> None:
    """Export the clean text, edit it in LibreOffice with Track Changes on as a delegate
    would, save it as Word, import it, consolidate: the clauses read as edited."""
    clean = export_clean(poa, sample_doc, tmp_path / "clean.docx")
    meetings = words_of(sample_doc, "op-annual-meetings")
    bureau = words_of(sample_doc, "op-bureau")
    sub = words_of(sample_doc, "op-mechanism-functions-a")
    edits = [["once a year", "twice a year"], ["equitable geographical", "fair geographical"],
             ["good practices and ", ""]]  # fmt: skip
    (tmp_path / "edits.json").write_text(json.dumps(edits))
    edited = tmp_path / "edited.docx"
    subprocess.run(
        ["/usr/bin/python3", str(LO_EDIT), str(clean), str(edited), str(tmp_path / "profile"),
         "Denmark", str(tmp_path / "edits.json")],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    result = poa(sample_doc, "draft", "import", str(edited), "--by", "Denmark")  # type: ignore[operator]
    assert result.exit_code == 0, result.stderr
    assert "3 amendments proposed" in result.stdout
    consolidated_words(poa, sample_doc, ["DNK-3", "DNK-4", "DNK-5"])
    assert words_of(sample_doc, "op-annual-meetings") == meetings.replace("once a", "twice a")
    assert words_of(sample_doc, "op-bureau") == bureau.replace("equitable", "fair")
    assert words_of(sample_doc, "op-mechanism-functions-a") == sub.replace(
        "good practices and ", ""
    )

"""Word papers (poa_cli/formats/docx.py): the UN's form, tracked changes by proposer,
comments, footnotes, reproducible bytes; hostile DOCX files refused; and LibreOffice,
a real word processor, reading what poa writes."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from poa_cli.formats.docx import NotWord, bookmark_name, open_package
from poa_cli.storage.store import load_document
from tests.conftest import MINIMAL, git, tree_state

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ODF = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
}


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read(name))


def render(poa: object, doc: Path, *args: str) -> bytes:
    out = doc.parent / f"out-{'-'.join(a.strip('-') for a in args)}.docx"
    result = poa(doc, "render", *args, "-o", str(out))  # type: ignore[operator]
    assert result.exit_code == 0, result.stderr
    return out.read_bytes()


def changes_by_author(root: etree._Element) -> Counter[tuple[str, str]]:
    return Counter(
        (el.tag.removeprefix(W), el.get(f"{W}author", ""))
        for el in root.iter(f"{W}ins", f"{W}del")
        if el.getparent().tag != f"{W}rPr"
    )


def names_of_pending(doc: Path) -> set[str]:
    from poa_cli.render.people import People

    d = load_document(doc)
    people = People.for_document(d.meta)
    return {
        people.by(a)
        for a in d.amendments.values()
        if a.status == "proposed" and not people.is_stakeholder(a)
    }


# --------------------------------------------------------------------------- the paper


def test_clean_is_the_uns_form_with_named_styles_a4_and_real_footnotes(
    poa: object, sample_doc: Path
) -> None:
    data = render(poa, sample_doc, "--view", "clean", "--format", "docx")
    body = part(data, "word/document.xml")
    styles = {p.get(f"{W}val") for p in body.iter(f"{W}pStyle")}
    assert {"PoAOrganization", "PoATitle", "PoAParagraph", "PoASub-paragraph"} <= styles
    assert "PoAHeading" in styles
    text = "".join(t.text or "" for t in body.iter(f"{W}t"))
    assert "United Nations\tA/CONF.999/2026/L.1" in text
    assert "1.\t" in text and "(a)\t" in text  # numbered paragraphs, sub-paragraphs
    lead = [r for r in body.iter(f"{W}r") if r.find(f"{W}rPr/{W}rStyle") is not None]
    assert any(r.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "PoALeadWords" for r in lead)
    size = body.find(f".//{W}sectPr/{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")  # A4 in twips
    notes = part(data, "word/footnotes.xml")
    calls = list(body.iter(f"{W}footnoteReference"))
    assert calls and len(notes.findall(f"{W}footnote")) == len(calls) + 2  # + the separators
    assert "A/75/816" in "".join(notes.itertext())
    # No tracked change in the clean text, and a bookmark on every clause's words.
    assert not changes_by_author(body)
    marks = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
    assert bookmark_name("op-annual-meetings") in marks
    assert bookmark_name("op-mechanism-functions-a") in marks
    styles_xml = part(data, "word/styles.xml")
    names = {s.find(f"{W}name").get(f"{W}val") for s in styles_xml.iter(f"{W}style")}
    assert {"PoA Paragraph", "PoA Lead Words", "PoA Footnote Text"} <= names


def test_footnote_numbers_are_superscript_in_the_text_and_at_the_foot(
    poa: object, sample_doc: Path
) -> None:
    data = render(poa, sample_doc, "--format", "docx")
    styles = {s.get(f"{W}styleId"): s for s in part(data, "word/styles.xml").iter(f"{W}style")}

    def superscript(run: etree._Element) -> bool:
        style = styles[run.find(f"{W}rPr/{W}rStyle").get(f"{W}val")]
        return style.find(f"{W}rPr/{W}vertAlign").get(f"{W}val") == "superscript"

    calls = [r.getparent() for r in part(data, "word/document.xml").iter(f"{W}footnoteReference")]
    numbers = [r.getparent() for r in part(data, "word/footnotes.xml").iter(f"{W}footnoteRef")]
    assert calls and len(numbers) == len(calls)
    assert all(superscript(r) for r in calls + numbers)
    # Word's own style for both, the one Word's "Insert Footnote" uses and LibreOffice maps.
    style = styles["FootnoteReference"]
    assert style.find(f"{W}name").get(f"{W}val") == "footnote reference"
    assert style.get(f"{W}customStyle") is None


def test_resolution_form_leaves_preambular_paragraphs_unnumbered(
    poa: object, git_repo: Path
) -> None:
    import shutil as sh

    doc = git_repo / "recommendations"
    sh.copytree(Path(__file__).parent.parent / "drafts" / "recommendations", doc)
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "add")
    body = part(render(poa, doc, "--format", "docx"), "word/document.xml")
    marked = [p for p in body.iter(f"{W}p") if p.find(f".//{W}bookmarkStart") is not None]
    kinds = load_document(doc).clauses
    first = marked[0]
    assert first.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "PoAPreambular"
    assert not first.findall(f".//{W}rStyle[@{W}val='PoANumber']")
    assert any(c.kind == "preambular" for c in kinds.values())
    operative = [p for p in marked if p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "PoAParagraph"]
    assert operative and operative[0].findall(f".//{W}rStyle[@{W}val='PoANumber']")


def test_compilation_every_pending_proposal_is_a_tracked_change_by_its_proposers(
    poa: object, sample_doc: Path
) -> None:
    data = render(poa, sample_doc, "--view", "compilation", "--format", "docx")
    body = part(data, "word/document.xml")
    changes = changes_by_author(body)
    authors = {a for _, a in changes}
    assert "Denmark, Estonia, Netherlands (Kingdom of the), Canada" in authors  # DNK-1
    assert "Kenya, on behalf of the African Group" in authors
    assert "Egypt, on behalf of the Arab Group" in authors
    # Competing proposals on the same words (op-objective): both shown, both attributed.
    assert {"China", "United States of America"} <= authors
    # Every State's pending text proposal appears as somebody's change; ids unique.
    ids = [el.get(f"{W}id") for el in body.iter(f"{W}ins", f"{W}del", f"{W}bookmarkStart")]
    assert len(ids) == len(set(ids))
    dates = {el.get(f"{W}date") for el in body.iter(f"{W}ins", f"{W}del")}
    assert "2026-05-11T00:00:00Z" in dates  # DNK-1's submission date, not the clock
    # A new clause is an inserted paragraph (its paragraph mark inserted).
    assert body.find(f".//{W}pPr/{W}rPr/{W}ins") is not None
    comments = part(data, "word/comments.xml")
    by_author = Counter(c.get(f"{W}author") for c in comments.iter(f"{W}comment"))
    assert by_author["European Union"] >= 1
    eu = " ".join(
        "".join(c.itertext())
        for c in comments.iter(f"{W}comment")
        if c.get(f"{W}author") == "European Union"
    )
    assert "Rationale:" in eu and "Supported by:" in eu and "Opposed by: Cuba" in eu
    assert names_of_pending(sample_doc) - authors - {"India"} == set()  # India: a move


def test_changes_view_authors_states_and_the_chair(poa: object, sample_doc: Path) -> None:
    assert poa(sample_doc, "consolidate", "--note", "Zero draft").exit_code == 0  # type: ignore[operator]
    edited = (
        "*Decide* that each annual meeting shall elect a Chair and other officers, with due "
        "regard to equitable geographical representation, who shall guide the intersessional work;"
    )
    assert poa(sample_doc, "clause", "edit", "op-bureau", "--text", edited).exit_code == 0  # type: ignore[operator]
    result = poa(sample_doc, "consolidate", "--accept", "DNK-2", "--note", "Second")  # type: ignore[operator]
    assert result.exit_code == 0, result.stderr
    data = render(poa, sample_doc, "--view", "changes", "--from", "rev-0", "--to", "rev-1",
                  "--format", "docx")  # fmt: skip
    changes = changes_by_author(part(data, "word/document.xml"))
    assert {a for _, a in changes} == {"Denmark", "Chair"}
    assert changes[("del", "Chair")] >= 1 and changes[("ins", "Denmark")] >= 1


def test_same_input_same_bytes_and_properties_from_the_revision(
    poa: object, sample_doc: Path
) -> None:
    one = render(poa, sample_doc, "--view", "compilation", "--format", "docx")
    two = render(poa, sample_doc, "--view", "compilation", "--format", "docx", "-f", "docx")
    assert one == two
    with zipfile.ZipFile(io.BytesIO(one)) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = zf.read("docProps/core.xml").decode()
        assert "docProps/thumbnail.jpeg" not in zf.namelist()
    assert "2026-04-20T00:00:00Z" in core  # the document's date
    assert "A/CONF.999/2026/L.1" in core


def test_listed_style_is_not_for_word(poa: object, sample_doc: Path) -> None:
    before = tree_state(sample_doc.parent)
    result = poa(sample_doc, "render", "--view", "compilation", "--style", "listed",  # type: ignore[operator]
                 "-o", "x.docx")  # fmt: skip
    assert result.exit_code == 1
    assert "--style listed" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert tree_state(sample_doc.parent) == before


# --------------------------------------------------------------------------- hostile files


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


@pytest.fixture(scope="module")
def word_members(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The members of a clean DOCX poa exported (rendered once for the module)."""
    from typer.testing import CliRunner

    from poa_cli.cli import app

    folder = tmp_path_factory.mktemp("export")
    doc = folder / "minimal"
    shutil.copytree(MINIMAL, doc)
    out = folder / "clean.docx"
    result = CliRunner().invoke(app, ["render", str(doc), "--format", "docx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _hostile(tmp_path: Path, members: dict[str, bytes], kind: str) -> Path:
    good = dict(members)
    if kind == "bomb":
        good["word/media/huge.bin"] = b"\0" * (40 * 1024 * 1024)
    elif kind == "ratio":
        good["word/media/pad.xml"] = b"<a>" + b" " * (5 * 1024 * 1024) + b"</a>"
    elif kind == "traversal":
        good["../../evil.xml"] = b"<a/>"
    elif kind == "absolute":
        good["/etc/passwd"] = b"<a/>"
    elif kind == "entities":
        good["word/document.xml"] = (
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><d>&b;</d>'
        )
    elif kind == "external":
        good["word/document.xml"] = (
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>'
        )
    elif kind == "not-word":
        good = {"hello.txt": b"hi"}
    return _zip(tmp_path / f"{kind}.docx", good)


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("bomb", "inflate"),
        ("ratio", "zip bomb"),
        ("traversal", "outside the package"),
        ("absolute", "outside the package"),
        ("entities", "DTD"),
        ("external", "DTD"),
        ("not-word", "not a Word document"),
    ],
)
def test_hostile_docx_is_refused_in_one_line_and_nothing_is_written(
    poa: object,
    minimal_doc: Path,
    word_members: dict[str, bytes],
    tmp_path: Path,
    kind: str,
    says: str,
) -> None:
    path = _hostile(tmp_path, word_members, kind)
    before = tree_state(minimal_doc.parent)
    result = poa(minimal_doc, "draft", "import", str(path), "--by", "Denmark")  # type: ignore[operator]
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert tree_state(minimal_doc.parent) == before


def test_not_a_zip_and_a_lying_size_are_refused(tmp_path: Path) -> None:
    plain = tmp_path / "letter.docx"
    plain.write_text("Dear Chair, ...")
    with pytest.raises(NotWord, match="not a Word document"):
        open_package(plain)
    # A member whose header declares fewer bytes than it holds: never read past the declaration.
    path = _zip(
        tmp_path / "lying.docx",
        {"[Content_Types].xml": b"<a/>", "word/document.xml": b"<a>" + b"x" * 100_000 + b"</a>"},
    )
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("word/document.xml")
    declared = info.file_size.to_bytes(4, "little")
    small = (1000).to_bytes(4, "little")
    raw = raw.replace(declared, small)  # local header and central directory alike
    path.write_bytes(bytes(raw))
    with pytest.raises(NotWord):
        open_package(path)


# --------------------------------------------------------------------------- LibreOffice

SOFFICE = shutil.which("soffice")
needs_office = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def soffice_convert(files: list[Path], fmt: str, outdir: Path, profile: Path) -> None:
    subprocess.run(
        [SOFFICE or "soffice", f"-env:UserInstallation=file://{profile}", "--headless",
         "--norestore", "--convert-to", fmt, "--outdir", str(outdir), *map(str, files)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip


def odf_changes(path: Path) -> tuple[Counter[tuple[str, str]], list[tuple[str, str]]]:
    """What LibreOffice saw: tracked changes by (kind, author), and comments (author, text)."""
    root = etree.parse(str(path)).getroot()
    changes: Counter[tuple[str, str]] = Counter()
    for region in root.iterfind(".//text:changed-region", ODF):
        kind = etree.QName(region[0]).localname
        changes[(kind, region.findtext(".//dc:creator", namespaces=ODF))] += 1
    comments = [
        (a.findtext("dc:creator", namespaces=ODF), " ".join(a.itertext()))
        for a in root.iterfind(".//office:annotation", ODF)
    ]
    return changes, comments


@pytest.mark.slow
@needs_office
def test_libreoffice_sees_the_tracked_changes_authors_and_comments(
    poa: object, sample_doc: Path, tmp_path: Path
) -> None:
    views = {}
    for view in ("clean", "compilation", "changes"):
        out = tmp_path / f"{view}.docx"
        out.write_bytes(render(poa, sample_doc, "--view", view, "--format", "docx"))
        views[view] = out
    soffice_convert(list(views.values()), "fodt", tmp_path, tmp_path / "profile")
    clean, clean_comments = odf_changes(tmp_path / "clean.fodt")
    assert not clean and not clean_comments
    comp, comments = odf_changes(tmp_path / "compilation.fodt")
    authors = {a for _, a in comp}
    assert names_of_pending(sample_doc) - authors - {"India"} == set()
    assert ("insertion", "Kenya, on behalf of the African Group") in comp
    assert ("deletion", "China") in comp and ("insertion", "United States of America") in comp
    assert any(a == "European Union" and "Rationale:" in t for a, t in comments)
    assert any(a == "India" and "Move" in t for a, t in comments)
    changes, _ = odf_changes(tmp_path / "changes.fodt")
    # The sample's accepted, not yet consolidated amendments: Estonia's and Singapore's.
    assert {a for _, a in changes} == {"Estonia", "Singapore"}
    # LibreOffice lays the pages out as A4, with the footnotes as its own footnotes.
    fodt = (tmp_path / "compilation.fodt").read_text()
    assert 'fo:page-width="8.2681in" fo:page-height="11.6929in"' in fodt
    assert 'text:note-class="footnote"' in fodt
    # The number in the text and the one at the foot of the page: LibreOffice's own
    # footnote character styles (from Word's "footnote reference"), both superscript.
    styles = etree.parse(str(tmp_path / "compilation.fodt")).getroot()
    for name in ("Footnote_20_anchor", "Footnote_20_Symbol"):
        found = styles.find(f".//style:style[@style:name='{name}']/style:text-properties", ODF)
        assert found is not None, name
        assert found.get(f"{{{ODF['style']}}}text-position", "").startswith("super"), name

"""Akoma Ntoso in and out, on the UN's own texts.

The files under ``tests/data/akn/`` are real adopted General Assembly resolutions
marked up by the UN (unofficial copies from UNxml/GAresolutions): all 336 English
files of the 79th session, and 75/240, 78/16 and 79/237 in the six languages.
"""

from __future__ import annotations

import collections
import os
import re
import shutil
import tarfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from poa_cli.actions import akn_export, rollover
from poa_cli.errors import PoaError
from poa_cli.formats.akn_read import AknError, Resolution, read_resolution
from poa_cli.formats.akn_write import schema_errors
from tests.conftest import git, poa_process

DATA = Path(__file__).resolve().parent / "data" / "akn"


def load(path: Path) -> Any:
    """A YAML file poa wrote, as plain data."""
    from poa_cli.storage import yamlio

    return yamlio.load(path)


@pytest.fixture(scope="session")
def un_texts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The UN's files, unpacked once: 79session-english/ and six-languages/."""
    folder = tmp_path_factory.mktemp("un-resolutions")
    for name in ("79session-english.tar.xz", "six-languages.tar.xz"):
        with tarfile.open(DATA / name) as tar:
            tar.extractall(folder, filter="data")
    return folder


def six(un_texts: Path, prefix: str) -> list[Path]:
    """The six language versions of one resolution, English first."""
    files = sorted((un_texts / "six-languages").glob(f"{prefix}*.xml"))
    return sorted(files, key=lambda p: not p.stem.endswith("E"))


_MARKER = re.compile(r"\[\^[^\]]+\]")


def words(res: Resolution) -> tuple[list[str], list[str]]:
    """Every paragraph and sub-paragraph text (footnote calls as [^n] in order), every footnote."""
    texts: list[str] = []
    notes: list[str] = []

    def walk(items: Any) -> None:
        for item in items:
            texts.append(item.text)
            walk(item.items)

    for p in res.paragraphs():
        texts.append(p.text)
        walk(p.items)
        notes += [text for _, text in p.footnotes]
    # poa numbers footnotes 1, 2, 3 … through the paper, as the UN prints them; a
    # resolution printed as part B of a text may start at 2: compare the calls by order.
    counter = iter(range(1, 100_000))
    joined = "\x00".join(texts)
    joined = _MARKER.sub(lambda _m: f"[^{next(counter)}]", joined)
    return joined.split("\x00"), notes


# --------------------------------------------------------------------------- the 336


def _roll_over_and_back(path_text: str) -> tuple[str, str]:
    """Roll one file over (in memory, through the real code) and export it back."""
    from poa_cli.domain.model import Document
    from poa_cli.storage.codec import clause_to_data, meta_from_data
    from poa_cli.storage.schemas import fast_validator

    path = Path(path_text)
    try:
        plan = rollover.plan_rollover(Path("/nonexistent/rolled-over"), [path])
    except PoaError as exc:
        line = exc.one_line()
        return (
            ("refused", line) if "\n" not in line and isinstance(exc, AknError) else ("bad", line)
        )
    plain = _plain(plan.tree)
    if not fast_validator("document")(plain):
        return "bad", "document.yaml does not follow its schema"
    for clause in plan.mapped.clauses:
        if not fast_validator("clause")(_plain(clause_to_data(clause))):
            return "bad", f"clause {clause.id} does not follow its schema"
    meta = meta_from_data(plain, path)
    doc = Document(path.parent, meta, {c.id: c for c in plan.mapped.clauses}, {})
    data = akn_export.export_document(doc).data
    errors = schema_errors(data)
    if errors:
        return "bad", f"exported AKN invalid: {errors[0]}"
    import os
    import tempfile

    fd, name = tempfile.mkstemp(prefix=f"poa-akn-{path.stem}-", suffix=".xml")
    back_file = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        back = read_resolution(back_file)
    finally:
        back_file.unlink()
    if words(back) != words(plan.original):
        a, b = words(plan.original), words(back)
        first = next(
            ((x, y) for x, y in zip(a[0] + a[1], b[0] + b[1], strict=False) if x != y), None
        )
        return "bad", f"texts differ: {first!r}"
    if [c.id for c in plan.mapped.clauses] != [c.id for c in rollover.map_resolution(back).clauses]:
        return "bad", "clause ids not kept through the wIds"
    return "ok", ""


def _plain(node: Any) -> Any:
    import datetime

    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, datetime.date):
        return node.isoformat()
    return node


@pytest.mark.slow
def test_every_79th_session_resolution_rolls_over_and_back_or_is_refused_in_one_line(
    un_texts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = sorted((un_texts / "79session-english").glob("*.xml"))
    assert len(files) == 336
    with ProcessPoolExecutor(2) as pool:
        results = list(pool.map(_roll_over_and_back, [str(f) for f in files], chunksize=12))
    outcome = collections.Counter(kind for kind, _ in results)
    bad = [(f.name, why) for f, (kind, why) in zip(files, results, strict=True) if kind == "bad"]
    reasons = collections.Counter(
        re.sub(r"(container|para)_\w+", "…", why.split(": ", 1)[-1])
        for kind, why in results
        if kind == "refused"
    )
    with capsys.disabled():
        print(
            f"\n79th session, {len(files)} files: {outcome['ok']} rolled over and exported back "
            f"word for word, schema-valid; {outcome['refused']} refused; {len(bad)} failed"
        )
        for why, n in reasons.most_common():
            print(f"  refused {n}: {why}")
    assert not bad, bad[:5]
    assert outcome["ok"] >= 0.95 * len(files)


# --------------------------------------------------------------------------- 78/16, six languages


@pytest.fixture(scope="module")
def rolled_once(un_texts: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A/RES/78/16 rolled over from its six language versions, once, with the real command."""
    from typer.testing import CliRunner

    from poa_cli.cli import app

    home = tmp_path_factory.mktemp("home")
    (home / ".gitconfig").write_text(
        "[user]\n\tname = Chair Team\n\temail = chair@example.org\n"
        "[commit]\n\tgpgSign = false\n[init]\n\tdefaultBranch = main\n"
    )
    folder = tmp_path_factory.mktemp("rolled")
    args = [a for f in six(un_texts, "A_RES_78_16") for a in ("--from-akn", str(f))]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HOME", str(home))
        mp.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
        mp.setenv("GIT_CONFIG_NOSYSTEM", "1")
        mp.chdir(folder)
        run = CliRunner().invoke(app, ["init", "ict-poa", *args, "--symbol", "A/C.1/80/L.1"])
    assert run.exit_code == 0, run.stderr
    assert "rolled over A/RES/78/16 into ict-poa" in run.stdout
    assert run.stderr == ""  # every paragraph, sub-paragraph and footnote aligned
    return folder / "ict-poa"


@pytest.fixture
def rolled(rolled_once: Path, tmp_path: Path) -> Path:
    """A fresh copy (with its repository) of the rolled-over 78/16, for one test to change."""
    copy = tmp_path / "ict-poa"
    shutil.copytree(rolled_once, copy, symlinks=True)
    return copy


def test_78_16_becomes_clauses_word_for_word(rolled: Path, un_texts: Path) -> None:

    doc = load(rolled / "document.yaml")
    assert doc["symbol"] == "A/C.1/80/L.1"
    assert doc["based_on"] == "A/RES/78/16"
    assert doc["title"].startswith("Programme of action to advance responsible State behaviour")
    assert doc["languages"] == ["en", "ar", "zh", "fr", "ru", "es"]
    assert doc["session"] == "Seventy-eighth session"
    assert doc["opening"] == "The General Assembly,"
    assert str(doc["date"]) == "2023-12-06"
    preamble, operative = doc["sections"]
    assert len(preamble["clauses"]) == 21 and len(operative["clauses"]) == 5
    assert preamble["clauses"][:3] == ["pp-recalling", "pp-noting", "pp-expressing-concern"]
    assert operative["clauses"] == [
        "op-welcomes", "op-also-welcomes", "op-encourages", "op-decides", "op-also-decides"
    ]  # fmt: skip
    calling = load(rolled / "clauses" / "pp-calling-upon.yaml")
    assert calling["kind"] == "preambular"
    assert calling["text"].startswith("*Calling upon* Member States to be guided")
    assert "and the first[^1] and second[^2] annual progress reports" in calling["text"]
    assert calling["footnotes"] == {"1": "See A/77/275.", "2": "See A/78/265."}
    enc = load(rolled / "clauses" / "op-encourages.yaml")
    assert [i["id"] for i in enc["items"]] == [
        "op-encourages-a",
        "op-encourages-b",
        "op-encourages-c",
    ]
    assert enc["items"][1]["text"].endswith(
        "non\u2011binding norms or additional legally binding obligations;"
    )
    underlining = load(rolled / "clauses" / "pp-underlining-3.yaml")
    assert "“gender digital divide”" in underlining["text"]  # quotes as they are
    decides = load(rolled / "clauses" / "op-decides.yaml")
    assert decides["text"].startswith("*Decides* to establish a mechanism")  # the space moved out
    assert "2021–2025" in decides["text"]  # the en dash as it is


def test_78_16_translations_are_aligned_and_current(rolled: Path) -> None:
    import hashlib
    import unicodedata

    fr = load(rolled / "translations" / "fr" / "op-encourages.yaml")
    assert fr["schema"] == "poa/translation/1" and fr["clause"] == "op-encourages"
    assert fr["lang"] == "fr"
    assert [u["unit"] for u in fr["units"]] == [
        "op-encourages", "op-encourages-a", "op-encourages-b", "op-encourages-c"
    ]  # fmt: skip
    assert fr["units"][0]["text"].startswith("*Encourage* les États")
    en = load(rolled / "clauses" / "op-encourages.yaml")
    norm = " ".join(unicodedata.normalize("NFC", en["text"]).split())
    assert fr["units"][0]["source"] == "sha256:" + hashlib.sha256(norm.encode()).hexdigest()
    # The Arabic file marks the last preambular paragraph para_22 and letters its points
    # أ ب ج: paragraphs still align by number, points by position.
    ar = load(rolled / "translations" / "ar" / "pp-highlighting.yaml")
    assert ar["units"][0]["text"].startswith("*")
    assert [u["unit"] for u in ar["units"]] == ["pp-highlighting", "pp-highlighting[^4]"]
    zh_doc = load(rolled / "translations" / "zh" / "document.yaml")
    assert zh_doc["clause"] is None and zh_doc["units"][0]["unit"] == "title"
    for lang in ("ar", "zh", "fr", "ru", "es"):
        assert len(list((rolled / "translations" / lang).glob("*.yaml"))) == 27  # 26 + document


def test_78_16_exports_back_word_for_word(rolled: Path, un_texts: Path, poa: Any) -> None:
    out = rolled.parent / "out.xml"
    assert poa(rolled, "render", "--format", "akn", "-o", str(out)).exit_code == 0
    assert schema_errors(out.read_bytes()) == []
    original = read_resolution(six(un_texts, "A_RES_78_16")[0])
    back = read_resolution(out)
    assert words(back) == words(original)
    text = out.read_text()
    assert '<statement name="draftResolution"' in text
    assert (
        '<FRBRthis value="/akn/un/statement/draftResolution/unga/2023-12-06/A-C.1-80-L.1/!main"/>'
        in text
    )
    assert '<FRBRlanguage language="eng"/>' in text
    assert '<paragraph eId="para_24" wId="op-encourages">' in text
    assert '<point eId="para_24__list_1__point_a" wId="op-encourages-a">' in text
    assert '<docNumber refersTo="#symbol">A/C.1/80/L.1</docNumber>' in text
    # Rolled over again, the export keeps poa's ids (its wIds).
    again = poa(rolled.parent, "init", "again", "--from-akn", str(out))
    assert again.exit_code == 0, again.stderr
    assert sorted(p.name for p in (rolled.parent / "again" / "clauses").iterdir()) == sorted(
        p.name for p in (rolled / "clauses").iterdir()
    )


def test_78_16_in_french_and_a_stale_paragraph(rolled: Path, poa: Any) -> None:
    out = rolled.parent / "fr.xml"
    run = poa(rolled, "render", "--format", "akn", "--lang", "fr", "-o", str(out))
    assert run.exit_code == 0 and run.stderr == ""
    text = out.read_text()
    assert schema_errors(out.read_bytes()) == []
    assert '<FRBRlanguage language="fra"/>' in text
    assert '<span class="italic">Encourage</span> les États' in text
    assert "Programme d’action destiné à promouvoir" in text
    assert '<span class="italic">L’Assemblée générale</span>,' in text
    # The Chair changes the English: the French of that paragraph is now stale and is
    # printed in English, marked, never the outdated French.
    edit = poa(rolled, "clause", "edit", "op-welcomes", "--text", "*Welcomes* the report;")
    assert edit.exit_code == 0, edit.stderr
    run = poa(rolled, "render", "--format", "akn", "--lang", "fr", "-o", str(out))
    assert run.exit_code == 0
    assert "1 units have no current fr translation" in run.stderr
    text = out.read_text()
    assert schema_errors(out.read_bytes()) == []
    assert 'wId="op-welcomes" xml:lang="en" class="awaitingTranslation"' in text
    assert '<span class="italic">Welcomes</span> the report;' in text
    assert "Accueille avec satisfaction le rapport" not in text
    assert (
        poa(rolled, "render", "--format", "akn", "--lang", "de").exit_code == 2
    )  # not a UN language


@pytest.mark.slow
def test_78_16_negotiated_consolidated_rendered_and_exported(rolled: Path, poa: Any) -> None:
    def ok(*args: str) -> str:
        run = poa(rolled, *args)
        assert run.exit_code == 0, (args, run.stderr)
        return str(run.stdout)

    ok("consolidate", "--date", "2026-03-01")
    dnk = ok("draft", "amend", "op-decides", "--by", "Denmark", "--by", "Estonia",
             "--replace", "no later than 2026", "--with", "in 2026").split()[0]  # fmt: skip
    ok("draft", "support", dnk, "--by", "Chile")
    ok("draft", "oppose", dnk, "--by", "Russian Federation")
    bra = ok(
        "draft", "amend", "op-encourages-b", "--by", "Brazil", "--append", " and norms"
    ).split()[0]
    g77 = ok("draft", "amend", "op-also-decides", "--by", "Egypt", "--on-behalf-of", "G77",
             "--new-clause", "*Requests* the Secretary-General to report;").split()[0]  # fmt: skip
    ok("consolidate", "--accept", bra, "--date", "2026-04-01")
    for view in ("clean", "compilation", "changes"):
        for fmt in ("html", "md", "json"):
            ok(
                "render",
                "--view",
                view,
                "--format",
                fmt,
                "-o",
                str(rolled.parent / f"{view}.{fmt}"),
            )
    assert "Denmark, Estonia" in (rolled.parent / "compilation.md").read_text()
    clean = rolled.parent / "clean.xml"
    comp = rolled.parent / "comp.xml"
    ok("render", "--format", "akn", "-o", str(clean))
    ok("render", "--format", "akn", "--view", "compilation", "-o", str(comp))
    assert schema_errors(clean.read_bytes()) == []
    assert schema_errors(comp.read_bytes()) == []
    # Appended to (b) before its closing mark (issue 14, decision 56): "…obligations and norms;"
    assert "obligations and norms;" in clean.read_text()
    assert "obligations; and norms" not in clean.read_text()
    text = comp.read_text()
    assert '<documentCollection name="compilation">' in text
    assert text.count("<amendment ") == 2  # the two pending ones; Brazil's was accepted
    assert (
        '<TLCOrganization eId="party_DNK" href="/akn/ontology/organization/un/memberState/DNK" showAs="Denmark"/>'
        in text
    )
    assert '<TLCOrganization eId="party_G77"' in text
    assert f"<docNumber>{dnk}</docNumber>" in text
    assert (
        '<organization refersTo="#party_RUS" class="objector">Russian Federation</organization>'
        in text
    )
    assert '<organization refersTo="#party_CHL" class="supporter">Chile</organization>' in text
    assert "<del>no later than 2026</del>" in text and "<ins>in 2026</ins>" in text
    assert '<ref href="#para_25">paragraph 4</ref>' in text
    assert (
        'on behalf of the <organization refersTo="#party_G77" class="group">'
        "Group of 77 and China</organization>"
    ) in text
    assert g77 in text
    # --lang is refused for the compilation (negotiations run in the original language).
    assert (
        poa(rolled, "render", "--format", "akn", "--view", "compilation", "--lang", "fr").exit_code
        == 2  # a usage error: the compilation stays in the original language
    )
    assert poa(rolled, "render", "--format", "akn", "--view", "changes").exit_code == 2


@pytest.mark.parametrize("prefix", ["75_240", "A_RES_79_237"])
def test_the_other_six_language_sets_align(un_texts: Path, prefix: str) -> None:
    plan = rollover.plan_rollover(Path("/nonexistent/doc"), six(un_texts, prefix))
    assert plan.warnings == []  # every paragraph aligned
    assert [t.lang for t in plan.translations] == ["ar", "zh", "fr", "ru", "es"]
    for t in plan.translations:
        assert t.missing == 0
        assert set(t.units) == {c.id for c in plan.mapped.clauses} | {None}


# --------------------------------------------------------------------------- structure


def test_annexes_sections_and_lists_roll_over(un_texts: Path) -> None:
    from poa_cli.domain.model import Document
    from poa_cli.storage.codec import meta_from_data

    pact = un_texts / "79session-english" / "A_RES_79_1-2416433E.xml"
    plan = rollover.plan_rollover(Path("/nonexistent/pact"), [pact])
    kinds = collections.Counter(c.kind for c in plan.mapped.clauses)
    assert kinds == {"operative": 142, "annex": 218}
    assert sum(len(c.all_items()) for c in plan.mapped.clauses) == 246
    sections = _plain(plan.tree)["sections"]
    assert "The Pact for the Future" in [s.get("heading") for s in sections]
    # The UN marked the Pact's two annexes up as one <attachment> headed "Annex I" … "Annex II".
    annexed = [s for s in sections if s.get("annex")]
    assert annexed[0]["id"] == "annex-1" and annexed[0]["heading"] == "Annex I"
    assert {s["annex"] for s in annexed} == {"annex-1"}
    assert "Annex II" in [s.get("heading") for s in annexed]
    meta = meta_from_data(_plain(plan.tree), pact)
    doc = Document(pact.parent, meta, {c.id: c for c in plan.mapped.clauses}, {})
    data = akn_export.export_document(doc).data
    assert schema_errors(data) == []
    assert data.count(b"<attachment ") == 1
    # The paper prints the headings that stand alone ("Annex I" above "Global Digital Compact").
    from poa_cli.render.people import People
    from poa_cli.render.views import clean

    headings = [s.heading for s in clean(doc, People.for_document(meta)).sections]
    assert headings.index("Annex I") + 1 == headings.index("Global Digital Compact")
    # A preambular paragraph with lettered items (<blockList>) keeps them.
    food = un_texts / "79session-english" / "A_RES_79_171-2424211E.xml"
    plan = rollover.plan_rollover(Path("/nonexistent/food"), [food])
    listed = [c for c in plan.mapped.clauses if c.kind == "preambular" and c.items]
    assert listed[0].text.endswith("Committee on World Food Security of:")
    assert listed[0].items[0].id == f"{listed[0].id}-a"
    assert listed[0].items[0].text.startswith("The Voluntary Guidelines on the Responsible")


# --------------------------------------------------------------------------- refusals


def _one_line_refusal(proc: Any, *needles: str) -> None:
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_a_table_a_collection_and_not_akn_are_refused_leaving_nothing(
    un_texts: Path, tmp_path: Path
) -> None:
    english = un_texts / "79session-english"
    table = poa_process(
        tmp_path, "init", "t", "--from-akn", str(english / "A_RES_79_249-2424688E.xml")
    )
    _one_line_refusal(table, "A_RES_79_249-2424688E.xml", "a table in container_73_table_1")
    coll = poa_process(
        tmp_path, "init", "c", "--from-akn", str(english / "A_RES_79_252-2424692E.xml")
    )
    _one_line_refusal(coll, "<documentCollection>")
    other = tmp_path / "other.xml"
    other.write_text("<note><to>Tove</to></note>")
    _one_line_refusal(
        poa_process(tmp_path, "init", "o", "--from-akn", str(other)), "not an Akoma Ntoso file"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.xml"]


def test_wrap_up_is_refused_naming_it(tmp_path: Path) -> None:
    xml = DATA / "wrapup.xml"
    with pytest.raises(
        AknError, match=r"text after a list of sub-paragraphs \(<wrapUp>\) in para_3_list_wrap"
    ):
        read_resolution(xml)


def test_two_files_in_one_language_or_of_two_texts_are_refused(
    un_texts: Path, tmp_path: Path, poa: Any
) -> None:
    e = six(un_texts, "A_RES_78_16")[0]
    run = poa(tmp_path, "init", "x", "--from-akn", str(e), "--from-akn", str(e))
    assert run.exit_code == 1 and "two files in English" in run.stderr
    other = six(un_texts, "75_240")[1]
    run = poa(tmp_path, "init", "x", "--from-akn", str(e), "--from-akn", str(other))
    assert run.exit_code == 1 and "not a version of the same text" in run.stderr
    assert not (tmp_path / "x").exists()


def test_a_rollover_into_a_new_folder_asks_git_three_things(
    un_texts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The real git, behind a script on PATH that notes each subcommand it is asked.
    real = shutil.which("git")
    assert real is not None
    shim, asked = tmp_path / "bin", tmp_path / "asked.txt"
    shim.mkdir()
    (shim / "git").write_text(f'#!/bin/sh\necho "$1" >> "{asked}"\nexec "{real}" "$@"\n')
    (shim / "git").chmod(0o755)
    monkeypatch.setenv("PATH", f"{shim}:{os.environ['PATH']}")
    outcome = rollover.init_from_akn(tmp_path / "doc", [six(un_texts, "A_RES_78_16")[0]])
    assert asked.read_text().split() == ["init", "add", "commit"]
    assert outcome.commit == git(tmp_path / "doc", "rev-parse", "HEAD").strip()
    assert not git(tmp_path / "doc", "status", "--porcelain").strip()


def test_a_failure_midway_removes_the_new_folder_and_repository(
    un_texts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from poa_cli.storage import codec

    calls = {"n": 0}
    real = codec.render_file

    def failing(path: Path, tree: Any, kind: str, **options: Any) -> str:
        calls["n"] += 1
        if calls["n"] == 10:
            raise PoaError("disk full (simulated)")
        return real(path, tree, kind, **options)

    monkeypatch.setattr(codec, "render_file", failing)
    with pytest.raises(PoaError, match="simulated"):
        rollover.init_from_akn(tmp_path / "doc", [six(un_texts, "A_RES_78_16")[0]])
    assert not (tmp_path / "doc").exists()
    # Inside an existing repository, nothing is left either, and nothing committed.
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    calls["n"] = 0
    with pytest.raises(PoaError, match="simulated"):
        rollover.init_from_akn(repo / "drafts" / "doc", [six(un_texts, "A_RES_78_16")[0]])
    assert not (repo / "drafts").exists()
    assert git(repo, "status", "--porcelain") == ""


# --------------------------------------------------------------------------- hostile files


AKN_HEAD = '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">'


def hostile_files(folder: Path, port: int) -> dict[str, Path]:
    secret = folder / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    body = "<statement name='resolution'><mainBody><paragraph eId='p1'><content><p>{}</p></content></paragraph></mainBody></statement></akomaNtoso>"
    lol = ['<!ENTITY l0 "lol">'] + [
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    files = {
        "billion laughs": f"<?xml version='1.0'?><!DOCTYPE akomaNtoso [{''.join(lol)}]>{AKN_HEAD}{body.format('&l9;')}",
        "external entity (local file)": f"<!DOCTYPE akomaNtoso [<!ENTITY x SYSTEM 'file://{secret}'>]>{AKN_HEAD}{body.format('&x;')}",
        "external entity (http)": f"<!DOCTYPE akomaNtoso [<!ENTITY x SYSTEM 'http://127.0.0.1:{port}/x'>]>{AKN_HEAD}{body.format('&x;')}",
        "external DTD": f"<!DOCTYPE akomaNtoso SYSTEM 'http://127.0.0.1:{port}/akn.dtd'>{AKN_HEAD}{body.format('text')}",
        "parameter entity": f"<!DOCTYPE akomaNtoso [<!ENTITY % p SYSTEM 'http://127.0.0.1:{port}/p'> %p;]>{AKN_HEAD}{body.format('t')}",
        "html": "<!DOCTYPE html><html><head><title>A/RES/78/16</title></head><body><p>Recalling</p></body></html>",
        "binary junk": bytes(range(256)).decode("latin-1") * 8,
        "empty": "",
    }
    out = {}
    for name, text in files.items():
        path = folder / (re.sub(r"\W+", "-", name) + ".xml")
        path.write_bytes(text.encode("latin-1") if name == "binary junk" else text.encode("utf-8"))
        out[name] = path
    big = folder / "fifty-megabytes.xml"
    with big.open("wb") as fh:
        fh.write(AKN_HEAD.encode())
        fh.write(b"<!-- " + b"x" * (50 * 1024 * 1024) + b" -->")
        fh.write(b"</akomaNtoso>")
    out["50 MB file"] = big
    return out


def test_hostile_files_are_refused_fast_fetch_nothing_and_write_nothing(
    tmp_path: Path, http_server: Any, poa: Any
) -> None:
    port, hits = http_server
    inputs = tmp_path / "in"
    inputs.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    for name, path in hostile_files(inputs, port).items():
        started = time.process_time()
        run = poa(work, "init", "doc", "--from-akn", str(path))
        spent = time.process_time() - started
        assert run.exit_code == 1, (name, run.stdout, run.stderr)
        assert len(run.stderr.strip().splitlines()) == 1, (name, run.stderr)
        assert path.name in run.stderr, (name, run.stderr)
        assert "TOP-SECRET" not in run.stdout + run.stderr
        assert spent < 1.0, (name, spent)
        assert list(work.iterdir()) == [], name
    assert hits == []


def test_hostile_file_in_a_separate_process_too(tmp_path: Path, http_server: Any) -> None:
    port, hits = http_server
    files = hostile_files(tmp_path, port)
    proc = poa_process(tmp_path, "init", "doc", "--from-akn", str(files["external entity (http)"]))
    _one_line_refusal(proc, "DTD")
    assert hits == [] and not (tmp_path / "doc").exists()


# --------------------------------------------------------------------------- the samples


@pytest.mark.parametrize("view", ["clean", "compilation"])
def test_the_sample_documents_export_valid_akn(sample_doc: Path, poa: Any, view: str) -> None:
    out = sample_doc.parent / f"{view}.xml"
    run = poa(sample_doc, "render", "--format", "akn", "--view", view, "-o", str(out))
    assert run.exit_code == 0, run.stderr
    assert schema_errors(out.read_bytes()) == []
    if view == "compilation":
        assert out.read_text().count("<amendment ") >= 5
    shutil.rmtree(sample_doc.parent / "build", ignore_errors=True)

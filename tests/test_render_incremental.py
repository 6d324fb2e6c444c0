"""The incremental PDF: units laid out before are reused, and the bytes are a cold render's.

A long paper is cut into units chosen by its content (render/parallel.py); each
unit's PDF is kept in ``.git/poa-cache/pdf-units/`` under a key of its HTML,
stylesheets, footnote number, first page, page total and page furniture. What is
asserted, on the sample laid out as units (``--jobs 2``; a long paper is cut the
same way without asking):

- after a real ``poa consolidate`` accepting an amendment, the render that reuses
  the cache gives the bytes of a render without it, and lays out fewer units
  than the paper has (``PdfStats``);
- the same bytes for any number of processes;
- a corrupt cache entry (bytes flipped, truncated, or a well-formed entry holding
  nonsense) is ignored, removed and rebuilt: the PDF is a cold render's;
- the cache stays within its size limit, least recently used entries out first;
- the CLI writes the cache in the repository's git directory and ``--no-cache``
  neither reads nor writes it.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pypdf
import pytest

from poa_cli.render import Request, render
from poa_cli.render.pdf import PdfStats, render_jobs, unit_cache
from poa_cli.storage.cache import BlobCache, blob_cache

from .conftest import git

pytestmark = pytest.mark.slow


def pdf_of(doc: Path, store: BlobCache | None, jobs: int = 2) -> tuple[bytes, PdfStats]:
    """The untagged clean PDF of *doc* laid out as units by *jobs* processes, through *store*."""
    with render_jobs(jobs), unit_cache(store) as stats:
        data = render(Request(doc, fmt="pdf", pdf_variant="none"))
    return data, stats


def texts(pdf: bytes) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_after_an_accepted_amendment_the_cached_render_is_the_cold_one(
    poa,  # type: ignore[no-untyped-def]
    sample_doc: Path,
) -> None:
    repo = sample_doc.parent
    store = blob_cache(sample_doc, "pdf-units")
    assert store is not None and store.folder == repo / ".git" / "poa-cache" / "pdf-units"
    before, first = pdf_of(sample_doc, store)
    assert first.units >= 4 and first.laid_out == first.units and first.reused == 0
    assert len(store.names()) == first.units
    # Unchanged: every unit comes from the cache, and the bytes are the same.
    again, stats = pdf_of(sample_doc, store)
    assert again == before and stats.laid_out == 0 and stats.reused == stats.units
    # The Chair accepts one amendment: a new revision (its date on the masthead).
    r = poa(repo, "consolidate", "-d", str(sample_doc), "--accept", "EST-1", "--date",
            "2026-06-01")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert git(repo, "status", "--porcelain") == ""
    incremental, stats = pdf_of(sample_doc, store)
    cold, cold_stats = pdf_of(sample_doc, None)
    assert incremental == cold
    assert incremental != before
    assert cold_stats.laid_out == cold_stats.units == stats.units
    assert 0 < stats.laid_out < stats.units, stats
    assert stats.reused == stats.units - stats.laid_out
    # What changed is printed: the new date on the masthead, the amended words.
    pages = texts(incremental)
    assert "1 June 2026" in pages[0]
    n = len(pages)
    assert all(t.rstrip().endswith(f"{i}/{n}") for i, t in enumerate(pages, start=1))
    reader = pypdf.PdfReader(io.BytesIO(incremental))
    assert reader.metadata is not None and reader.metadata.get("/ModDate", "").startswith(
        "D:20260601"
    )


def test_a_change_to_one_clause_file_committed_lays_out_its_unit_only(sample_doc: Path) -> None:
    repo = sample_doc.parent
    store = blob_cache(sample_doc, "pdf-units")
    before, first = pdf_of(sample_doc, store)
    clause = next(sample_doc.joinpath("clauses").glob("op-*.yaml"))
    text = clause.read_text(encoding="utf-8")
    # One word, so the page count stays (a unit whose pages change moves every later
    # page number, and those units are laid out again: the key holds the first page).
    changed = text.replace(" the ", " the whole ", 1)
    assert changed != text
    clause.write_text(changed, encoding="utf-8")
    git(repo, "commit", "-qam", "one word")
    incremental, stats = pdf_of(sample_doc, store)
    assert incremental == pdf_of(sample_doc, None)[0] != before
    assert stats.laid_out < first.units


def test_a_long_tagged_paper_is_laid_out_whole_and_stays_tagged(
    sample_doc: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from poa_cli.render import pdf

    monkeypatch.setattr(pdf, "AUTO_MIN_BYTES", 1000)  # the sample counts as long
    store = blob_cache(sample_doc, "pdf-units")
    with render_jobs(0), unit_cache(store) as stats:
        tagged = render(Request(sample_doc, fmt="pdf"))
    assert stats.units == 0 and (store is None or store.names() == [])
    assert "/StructTreeRoot" in pypdf.PdfReader(io.BytesIO(tagged)).trailer["/Root"]
    with render_jobs(0), unit_cache(store) as stats:
        render(Request(sample_doc, fmt="pdf", pdf_variant="none"))
    assert stats.units > 1 and stats.laid_out == stats.units


def test_the_same_bytes_for_any_number_of_processes(sample_doc: Path) -> None:
    two, stats = pdf_of(sample_doc, None, jobs=2)
    three, _ = pdf_of(sample_doc, None, jobs=3)
    assert stats.units > 1 and two == three


@pytest.mark.parametrize("damage", ["flip", "truncate", "nonsense"])
def test_a_corrupt_entry_is_ignored_and_rebuilt(sample_doc: Path, damage: str) -> None:
    store = blob_cache(sample_doc, "pdf-units")
    assert store is not None
    cold, first = pdf_of(sample_doc, store)
    name = sorted(store.names())[1]
    path = store.folder / name
    raw = path.read_bytes()
    if damage == "flip":  # a byte of the PDF, inside a content stream
        path.write_bytes(raw[:-200] + bytes([raw[-200] ^ 0xFF]) + raw[-199:])
    elif damage == "truncate":
        path.write_bytes(raw[: len(raw) // 2])
    else:  # a well-formed entry of the cache holding something that is not a unit
        store.write(name, b"\0" * 16 + b"not a PDF")
    again, stats = pdf_of(sample_doc, store)
    assert again == cold
    assert stats.laid_out == 1 and stats.reused == first.units - 1
    assert store.read(name) is not None  # rebuilt
    assert pdf_of(sample_doc, store)[1].laid_out == 0


def test_the_cache_keeps_within_its_limit(tmp_path: Path) -> None:
    entry = len(b"poa-blob/1\n") + 32 + 1000  # magic, checksum, data
    store = BlobCache(tmp_path / "c", limit=3 * entry)
    for k in range(3):
        store.write(f"e{k}", bytes([k]) * 1000)
        os.utime(store.folder / f"e{k}", ns=((k + 1) * 10**9, (k + 1) * 10**9))
    assert store.read("e0") == bytes([0]) * 1000  # used now: the most recent
    store.write("e3", b"x" * 1000)
    assert set(store.names()) == {"e0", "e2", "e3"}  # e1, the least recently used, is out
    assert not [n for n in os.listdir(store.folder) if n.startswith(".")]  # no temp files


def test_the_cli_caches_in_the_git_directory_and_no_cache_does_not(
    poa,  # type: ignore[no-untyped-def]
    sample_doc: Path,
) -> None:
    repo = sample_doc.parent
    folder = repo / ".git" / "poa-cache" / "pdf-units"
    out = repo / "build" / "p.pdf"
    r = poa(repo, "render", str(sample_doc), "--no-cache", "--jobs", "2", "--pdf-variant",
            "none", "-o", str(out))  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert not folder.exists()
    cold = out.read_bytes()
    r = poa(repo, "render", str(sample_doc), "--jobs", "2", "--pdf-variant", "none",
            "-o", str(out))  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert out.read_bytes() == cold and len(os.listdir(folder)) >= 4
    assert git(repo, "status", "--porcelain", "--ignored") == "?? build/\n"

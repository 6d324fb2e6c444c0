"""``poa site``: the negotiation as a static web site, through the real command.

The sample founding document in a real repository, taken through a zero draft,
Rev.1 (two amendments accepted) and Rev.2 (a new paragraph whose text is
hostile markup), with a hostile amendment left pending. The site must have every
page, every link must land on a file (and an anchor) inside it, nothing may be
loaded from the network, every text must be escaped; the folder is replaced
whole or not at all. Headless Chromium then loads every page (no console error,
no blocked load), runs the offline search, and takes screenshots.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from poa_cli.actions import history as hist
from poa_cli.actions.site import MARKER

from .conftest import DRAFTS, chair_identity, git, poa_process

DOC = "poa-founding-document"
HOSTILE = 'Hostile <script>alert("x")</script> & <img src=x onerror=alert(1)> "quoted"'
PENDING_HOSTILE = "<b>bold</b> & </script><script>alert(2)</script>"


def run(cwd: Path, *args: str) -> str:
    proc = poa_process(cwd, *args, timeout=180)
    assert proc.returncode == 0, (args, proc.stderr)
    return proc.stdout


@pytest.fixture(scope="module")
def negotiation(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample document through the zero draft, Rev.1 and Rev.2, with the real command."""
    mp = chair_identity(tmp_path_factory)
    repo = tmp_path_factory.mktemp("negotiation")
    git(repo, "init", "-q", "-b", "main")
    shutil.copytree(DRAFTS / DOC, repo / DOC)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "the sample document")
    doc = repo / DOC
    run(doc, "consolidate", "--date", "2026-03-01")
    run(doc, "consolidate", "--accept", "AUS-1,BRA-1", "--date", "2026-05-01")
    run(doc, "clause", "add", "op-hostile", "--kind", "operative", "--text", HOSTILE,
        "--after", "op-scope")  # fmt: skip
    run(doc, "consolidate", "--accept", "CHE-1", "--date", "2026-06-01")
    run(doc, "draft", "amend", "op-scope", "--by", "Denmark", "--append", PENDING_HOSTILE)
    # Accepted, not yet in a revision: the papers print its new paragraph, so every
    # paragraph after it is numbered one higher than in the files.
    ken = doc / "amendments" / "KEN-1.yaml"
    ken.write_text(ken.read_text().replace("status: proposed", "status: accepted", 1))
    git(repo, "commit", "-qam", "KEN-1 accepted")
    mp.undo()
    return doc


@pytest.fixture(scope="module")
def site(negotiation: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("public") / "site"
    stdout = run(negotiation.parent, "site", str(negotiation), "-o", str(out))
    assert stdout.startswith(f"{out} (")
    return out


class _Page(HTMLParser):
    """The links, sources, ids and scripts of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []  # (attribute, value)
        self.ids: set[str] = set()
        self.scripts: list[dict[str, str | None]] = []
        self.metas: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for name in ("href", "src", "action", "srcset", "poster", "data"):
            if a.get(name) is not None:
                self.urls.append((name, a[name] or ""))
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "script":
            self.scripts.append(a)
        if tag == "meta":
            self.metas.append(a)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_is_there(site: Path, negotiation: Path) -> None:
    clauses = {p.stem for p in (negotiation / "clauses").glob("*.yaml")}
    assert "op-hostile" in clauses
    expected = {
        "index.html", "compilation.html", "clean.html", "changes.html", "search.html",
        "positions.html", "status.html", "paragraphs/index.html",
        "revisions/rev-0/clean.html", "revisions/rev-1/clean.html",
        "revisions/rev-1/changes.html", "revisions/rev-2/clean.html",
        "revisions/rev-2/changes.html",
        *(f"paragraphs/{c}.html" for c in clauses),
    }  # fmt: skip
    found = {p.relative_to(site).as_posix() for p in _pages(site)}
    assert found == expected
    assert not (site / "revisions/rev-0/changes.html").exists()  # nothing before the zero draft
    marker = json.loads((site / MARKER).read_text())
    assert marker["generator"] == "poa site" and marker["document"] == DOC
    # The revisions' papers carry their symbols; the changes name their amendments.
    assert "A/CONF.999/2026/L.1/Rev.1" in (site / "revisions/rev-1/clean.html").read_text()
    changes = (site / "revisions/rev-1/changes.html").read_text()
    assert "AUS-1" in changes and "BRA-1" in changes
    index = (site / "index.html").read_text()
    assert "Rev.2" in index and 'href="revisions/rev-1/changes.html"' in index


def test_every_link_lands_inside_the_site(site: Path) -> None:
    pages = {p: _parse(p) for p in _pages(site)}
    checked = 0
    for path, page in pages.items():
        for attr, url in page.urls:
            parts = urlsplit(url)
            assert not parts.scheme and not parts.netloc, f"{path.name}: {attr}={url}"
            target = path if not parts.path else (path.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{path.relative_to(site)}: {url} does not exist"
            assert site.resolve() in target.resolve().parents, f"{url} leaves the site"
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in pages[target].ids, f"{path.name}: no #{parts.fragment}"
            checked += 1
    assert checked > 500
    # The search index's links too.
    raw = re.search(
        r'<script type="application/json" id="search-index">(.*?)</script>',
        (site / "search.html").read_text(),
        re.S,
    )
    assert raw is not None
    for entry in json.loads(raw.group(1)):
        page, _, fragment = entry["u"].partition("#")
        assert (site / page).is_file(), entry
        if fragment:
            assert fragment in pages[site / page].ids, entry


def test_nothing_is_loaded_from_the_network(site: Path) -> None:
    for path in _pages(site):
        html = path.read_text(encoding="utf-8")
        page = _parse(path)
        csp = [m for m in page.metas if m.get("http-equiv") == "Content-Security-Policy"]
        assert csp and "default-src 'none'" in (csp[0]["content"] or ""), path
        assert any(m.get("name") == "viewport" for m in page.metas), path
        for script in page.scripts:  # inline only: a data block, or the search's script
            assert "src" not in script, path
        assert "<link" not in html and "@import" not in html, path
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", html), path
    search = _parse(site / "search.html")
    assert [s.get("type") for s in search.scripts] == ["application/json", None]


def test_hostile_text_is_escaped_everywhere(site: Path) -> None:
    for path in _pages(site):
        html = path.read_text(encoding="utf-8")
        assert "<script>alert" not in html, path
        assert "<img src=x" not in html and "<b>bold" not in html, path
    para = (site / "paragraphs/op-hostile.html").read_text()
    assert "&lt;script&gt;alert(" in para and "&lt;img src=x onerror=alert(1)&gt;" in para
    pending = (site / "paragraphs/op-scope.html").read_text()
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;/script&gt;" in pending
    # In the search page's JSON block, no "<" at all: "</script>" cannot end it early.
    block = (site / "search.html").read_text().split('id="search-index">', 1)[1]
    assert "<" not in block.split("</script>", 1)[0]


def test_a_paragraph_page_tells_its_story(site: Path) -> None:
    page = (site / "paragraphs/op-review-conference.html").read_text()
    assert "in the zero draft" in page and "AUS-1" in page  # accepted in Rev.1
    assert 'href="../revisions/rev-1/changes.html"' in page
    assert 'href="../compilation.html#p-op-review-conference"' in page
    # Numbered as the papers number it.
    clean = (site / "clean.html").read_text()
    number = re.search(
        r'id="p-op-review-conference">\s*<p class="ptext"><span class="num">(\d+)', clean
    )
    assert number is not None and f"<h1>paragraph {number.group(1)}</h1>" in page
    assert number.group(1) == "40"  # 39 in the files, then KEN-1's new paragraph
    scope = (site / "paragraphs/op-scope.html").read_text()
    assert 'id="a-DNK-' in scope and "Pending proposals (1)" in scope


def test_one_timeline_gives_what_history_and_blame_give(negotiation: Path) -> None:
    record = hist.record(negotiation)
    assert set(record.histories) >= {p.stem for p in (negotiation / "clauses").glob("*.yaml")}
    for clause in ("op-review-conference", "op-hostile", "op-scope", "op-annual-meetings"):
        assert record.histories[clause].as_json() == hist.history(negotiation, clause).as_json()
        assert record.blames[clause].as_json() == hist.blame(negotiation, clause).as_json()


def test_a_previous_site_is_replaced_whole(negotiation: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    run(negotiation.parent, "site", str(negotiation), "-o", str(out))
    (out / "stale.html").write_text("from an earlier build")
    run(negotiation.parent, "site", str(negotiation), "-o", str(out))
    assert not (out / "stale.html").exists() and (out / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging folder left
    assert oct((out / "index.html").stat().st_mode & 0o777) != "0o600"
    assert (out.stat().st_mode & 0o055) == (0o777 & ~_umask() & 0o055)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("kind", ["folder", "file", "repository"])
def test_a_folder_that_is_not_a_site_is_refused(
    negotiation: Path, tmp_path: Path, kind: str
) -> None:
    if kind == "folder":
        out = tmp_path / "papers"
        out.mkdir()
        (out / "keep.pdf").write_bytes(b"%PDF-1.7 precious")
    elif kind == "file":
        out = tmp_path / "site"
        out.write_text("a file")
    else:
        out = negotiation.parent  # `poa site -o .` at the top of the repository
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    state = git(negotiation.parent, "status", "--porcelain")
    proc = poa_process(negotiation.parent, "site", str(negotiation), "-o", str(out))
    assert proc.returncode == 1, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    assert str(out) in proc.stderr
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    assert git(negotiation.parent, "status", "--porcelain") == state
    if kind == "folder":
        assert (out / "keep.pdf").read_bytes() == b"%PDF-1.7 precious"


def test_an_empty_folder_is_taken(negotiation: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    out.mkdir()
    run(negotiation.parent, "site", str(negotiation), "-o", str(out))
    assert (out / "index.html").is_file()


def test_a_document_that_does_not_validate_writes_nothing(
    negotiation: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "repo"
    shutil.copytree(negotiation.parent, broken)
    clause = broken / DOC / "clauses" / "op-scope.yaml"
    clause.write_text(clause.read_text() + "  bad: [unclosed\n")
    proc = poa_process(broken, "site", str(broken / DOC), "-o", str(tmp_path / "out"))
    assert proc.returncode == 1 and "op-scope.yaml" in proc.stderr
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- in a browser


def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.skip("chromium is not installed (make sysdeps installs it)")
    return exe


def _browse(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run(
        [
            _chromium(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
            *args,
        ],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip


def _console_problems(stderr: str) -> list[str]:
    return [
        line
        for line in stderr.splitlines()
        if "CONSOLE" in line or "Uncaught" in line or "Content Security Policy" in line
    ]


@pytest.mark.slow
def test_every_page_loads_in_chromium_without_a_console_error(site: Path, tmp_path: Path) -> None:
    # One browser for all pages: each in a frame of a harness page outside the site.
    frames = "".join(f'<iframe src="{p.as_uri()}"></iframe>' for p in _pages(site))
    harness = tmp_path / "harness.html"
    harness.write_text(f"<!DOCTYPE html><html><body>{frames}</body></html>")
    proc = _browse(tmp_path, "--dump-dom", harness.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "<iframe" in proc.stdout
    assert _console_problems(proc.stderr) == []
    # The check sees what it should: a page with a broken script is caught.
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><script>missing();</script>")
    assert _console_problems(_browse(tmp_path, "--dump-dom", bad.as_uri()).stderr)


@pytest.mark.slow
def test_the_search_works_offline(site: Path, tmp_path: Path) -> None:
    url = (site / "search.html").as_uri() + "?q=Capacity-Building"
    proc = _browse(tmp_path, "--dump-dom", url)
    assert proc.returncode == 0 and _console_problems(proc.stderr) == []
    results = re.search(r'<ol id="results" class="results">(.*?)</ol>', proc.stdout, re.S)
    assert results is not None
    hits = re.findall(r'<li><a href="([^"]+)">', results.group(1))
    assert "paragraphs/pp-capacity-divide.html" in hits
    assert "<mark>capacity-building</mark>" in results.group(1)
    assert re.search(r"\d+ matches for “Capacity-Building”", proc.stdout)
    # A hostile phrase is found, and shown as text, never as markup.
    url = (site / "search.html").as_uri() + "?q=" + "%3Cscript%3Ealert"
    proc = _browse(tmp_path, "--dump-dom", url)
    results = re.search(r'<ol id="results" class="results">(.*?)</ol>', proc.stdout, re.S)
    assert results is not None and "paragraphs/op-hostile.html" in results.group(1)
    assert "<script>alert" not in results.group(1)


def png_variety(png: Path) -> tuple[int, int, int]:
    """(width, height, number of distinct colours) of a screenshot."""
    from PIL import Image

    with Image.open(png) as img:
        rgb = img.convert("RGB")
        return rgb.width, rgb.height, len(rgb.getcolors(maxcolors=1 << 20) or ())


@pytest.mark.slow
@pytest.mark.parametrize(
    ("page", "size"),
    [
        ("index.html", "1100,1400"),
        ("paragraphs/op-review-conference.html", "1100,1400"),
        ("search.html?q=capacity", "390,844"),  # a phone
        ("positions.html", "390,844"),
    ],
)
def test_screenshots_are_not_blank(site: Path, tmp_path: Path, page: str, size: str) -> None:
    pytest.importorskip("PIL", reason="Pillow reads the screenshots")
    shot = tmp_path / "shot.png"
    name, _, query = page.partition("?")
    url = (site / name).as_uri() + (f"?{query}" if query else "")
    proc = _browse(tmp_path, f"--screenshot={shot}", f"--window-size={size}", url)
    assert proc.returncode == 0, proc.stderr[-2000:]
    width, height, colours = png_variety(shot)
    assert f"{width},{height}" == size
    assert colours > 20  # text in several colours, antialiased: not a blank page
    if os.environ.get("POA_KEEP_SCREENSHOTS"):
        keep = Path(os.environ["POA_KEEP_SCREENSHOTS"])
        keep.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, keep / (name.replace("/", "_") + ".png"))

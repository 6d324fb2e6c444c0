"""Rendering untrusted text: nothing is fetched, nothing outside the templates is read,
and every markup-looking word is printed as text.

A document whose clauses, footnotes and amendments carry scripts, images, file://
links, CSS @import, Markdown images and data: URLs is rendered in every format
while a local HTTP server counts requests: there must be none, and a secret file
the text points at must not reach the PDF.
"""

from __future__ import annotations

import base64
import io
import json
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pypdf
import pytest
from typer.testing import CliRunner

from poa_cli.cli import app
from poa_cli.render import Request, render
from poa_cli.render.pdf import Limits, RenderLimit, html_to_pdf, make_url_fetcher
from poa_cli.resources import shipped

SECRET = "TOP-SECRET-7f3a9c-DO-NOT-LEAK"


class Counter(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Counter.hits.append(self.path)
        self.send_response(302)
        self.send_header("Location", "http://127.0.0.1:9/redirected")
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Counter)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def q(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid YAML double-quoted scalar


def hostile_texts(url: str, secret: Path) -> dict[str, str]:
    bomb = (
        "data:image/svg+xml;base64,"
        + base64.b64encode(
            (
                f'<svg xmlns="http://www.w3.org/2000/svg"><image href="{url}/svg-image"/></svg>'
            ).encode()
        ).decode()
        + "A" * 3_000
    )
    return {
        "script": "<script>alert(1)</script><script src='" + url + "/script.js'></script>",
        "img": f"<img src={url}/img.png> <img src=file:///dev/zero>",
        "file": f'<a href="file://{secret}">the secret</a> <link rel=attachment href="file://{secret}">',
        "css": f"<style>@import url({url}/import.css); body {{ background: url({url}/bg.png) }}</style>",
        "markdown": f"![tracking pixel]({url}/md.png) [link]({url}/md-link)",
        "data": f'<img src="{bomb}"> <iframe src="{url}/frame"></iframe> <object data="{url}/obj"></object>',
        # The same inside italics (*...*): the writers print italic runs by another path.
        "italic": f"*<script>alert(3)</script> ![em pixel]({url}/em.png) [em link]({url}/em-link) <img src={url}/em-img.png>*",
    }


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, server: str) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    secret = root / "secret.txt"
    secret.write_text(SECRET + "\n")
    doc = root / "doc"
    (doc / "clauses").mkdir(parents=True)
    (doc / "amendments").mkdir()
    texts = hostile_texts(server, secret)
    ids = [f"op-{k}" for k in texts]
    (doc / "document.yaml").write_text(
        "schema: poa/document/1\nid: doc\n"
        f"title: {q('Hostile <b>title</b> <script>alert(2)</script>')}\n"
        # (a symbol carrying markup never gets this far: the schema refuses it, and
        # render refuses a document that does not validate — see the test below)
        "symbol: A/CONF.1/L.1\n"
        "body: General Assembly\ndistribution: Limited\ndate: 2026-01-02\n"
        "original_language: English\nnumbering: resolution\n"
        f"opening: {q('The General Assembly, <style>@import url(' + server + '/o.css)</style>')}\n"
        "sections:\n  - id: main\n    heading: null\n    clauses:\n"
        + "".join(f"      - {cid}\n" for cid in ids)
    )
    for text, cid in zip(texts.values(), ids, strict=True):
        (doc / "clauses" / f"{cid}.yaml").write_text(
            f"schema: poa/clause/1\nid: {cid}\nkind: operative\n"
            f"text: {q('*Decide* ' + text + ' end[^n].')}\n"
            f"footnotes:\n  n: {q('Note ' + text)}\n"
        )
    (doc / "amendments" / "DNK-1.yaml").write_text(
        "schema: poa/amendment/1\nid: DNK-1\ntarget: op-script\naction: append-text\n"
        "proposed_by: [DNK]\nstatus: proposed\n"
        f"text: {q(texts['img'] + ' ' + texts['markdown'])}\n"
        f"rationale: {q(texts['file'] + texts['css'])}\n"
    )
    (doc / "amendments" / "EST-1.yaml").write_text(
        "schema: poa/amendment/1\nid: EST-1\ntarget: op-img\naction: append-text\n"
        "proposed_by: [EST]\nstatus: accepted\n"
        f"text: {q(texts['data'])}\n"
    )
    return doc


@pytest.fixture(autouse=True)
def _no_hits_yet() -> None:
    Counter.hits.clear()


@pytest.mark.parametrize("view", ["clean", "compilation", "changes"])
def test_html_escapes_everything_and_fetches_nothing(hostile: Path, view: str) -> None:
    html = render(Request(hostile, view=view, fmt="html")).decode()
    body = html.split("</style>", 1)[1]
    for tag in ("<script", "<img", "<iframe", "<object", "<link", '<a href="file', "<b>"):
        assert tag not in body, tag
    assert all(href.startswith("#") for href in re.findall(r'href="([^"]*)"', body))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "@import url(" in body  # printed, as text
    assert "<style>" not in body
    assert 'http-equiv="Content-Security-Policy"' in html
    assert Counter.hits == []


@pytest.mark.slow
@pytest.mark.parametrize("view", ["clean", "compilation"])
def test_pdf_prints_markup_as_text_fetches_nothing_reads_no_secret(
    hostile: Path, view: str
) -> None:
    pdf = render(Request(hostile, view=view, fmt="pdf"))
    assert Counter.hits == []
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert SECRET not in text
    assert SECRET.encode() not in pdf
    assert reader.attachments == {}
    assert "alert(1)" in text and "@import" in text and "![tracking pixel]" in text
    assert len(pdf) < 500_000


def test_markdown_and_json_carry_no_markup(hostile: Path) -> None:
    md = render(Request(hostile, view="compilation", fmt="md")).decode()
    for tag in ("<script", "<img", "<iframe", "<a ", "<style", "<link", "<b>"):
        assert tag not in md, tag
    assert "![" not in md and "](" not in md
    assert (
        "*&lt;script&gt;alert\\(3\\)&lt;/script&gt; \\!\\[em pixel\\]\\(" in md
    )  # italic, as text
    data = json.loads(render(Request(hostile, view="compilation", fmt="json")))
    assert data["title"] == "Hostile <b>title</b> <script>alert(2)</script>"  # plain text, not HTML
    assert Counter.hits == []


def test_the_url_fetcher_allows_only_data_and_the_templates(tmp_path: Path, server: str) -> None:
    templates = shipped("templates")
    fetch = make_url_fetcher(templates)
    assert fetch.fetch((templates / "pdf.css").as_uri()).read().startswith(b"/*")
    assert fetch.fetch("data:text/plain,hello").read() == b"hello"
    outside = tmp_path / "outside.css"
    outside.write_text("body{}")
    escape = templates / ".." / "pyproject.toml"
    for url in (
        f"{server}/x.css",
        "https://example.org/x.css",
        outside.as_uri(),
        f"file://{escape}",
        "file:///etc/passwd",
        "file://remote-host/share/x.css",
        "ftp://127.0.0.1/x",
    ):
        with pytest.raises(ValueError):
            fetch.fetch(url)
    assert Counter.hits == []


def test_a_symlink_out_of_the_templates_is_refused(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    secret = tmp_path / "secret.css"
    secret.write_text(SECRET)
    (templates / "link.css").symlink_to(secret)
    with pytest.raises(ValueError):
        make_url_fetcher(templates).fetch((templates / "link.css").as_uri())


def test_resource_limits_stop_a_render(tmp_path: Path) -> None:
    templates = shipped("templates")
    with pytest.raises(RenderLimit, match="too large"):
        html_to_pdf("<p>" + "x" * 5000, templates, [], Limits(max_html_bytes=1000))
    big = "<p>" + "lorem ipsum " * 200_000 + "</p>"
    with pytest.raises(RenderLimit, match="longer than"):
        html_to_pdf(big, templates, [], Limits(time_limit=0.2))
    with pytest.raises(RenderLimit, match="out of memory"):
        html_to_pdf(big, templates, [], Limits(memory_limit=64 * 1024 * 1024))


def test_a_document_that_does_not_validate_is_never_printed(
    hostile: Path, tmp_path: Path, server: str
) -> None:
    doc = tmp_path / "doc"
    shutil.copytree(hostile, doc)
    meta = doc / "document.yaml"
    meta.write_text(meta.read_text().replace(
        "symbol: A/CONF.1/L.1", f"symbol: {q('A/CONF.1/L.1<img src=' + server + '/symbol.png>')}"
    ))  # fmt: skip
    out = tmp_path / "paper.html"
    run = CliRunner().invoke(app, ["render", str(doc), "-o", str(out)])
    assert run.exit_code == 1
    assert "symbol" in run.stderr and "does not validate" in run.stderr
    assert not out.exists() and Counter.hits == []

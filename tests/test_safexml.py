"""The hardened parser for outside XML: no DTD, no entity, no network, a size limit."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

from poa_cli.formats.safexml import UntrustedXmlError, parse_bytes, parse_file


@pytest.fixture
def http_server() -> object:
    """A local HTTP server that counts the requests it receives."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'<!ENTITY x "fetched">')

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], hits
    server.shutdown()


def test_a_plain_document_parses() -> None:
    root = parse_bytes(b"<a><b>x</b></a>", path="f.xml")
    assert root.tag == "a"
    assert root[0].text == "x"


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (
            b'<!DOCTYPE l [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;">]><l>&b;</l>',
            "declares a DTD",
        ),
        (b"", "file is empty"),
        (b"\x00\x01\x02junk", "not well-formed XML"),
        (b"<a><b></a>", "not well-formed XML"),
    ],
)
def test_hostile_or_broken_input_is_refused_in_one_line(data: bytes, says: str) -> None:
    with pytest.raises(UntrustedXmlError) as caught:
        parse_bytes(data, path="in.xml")
    line = caught.value.one_line()
    assert line.startswith("in.xml")
    assert says in line
    assert "\n" not in line


def test_a_local_file_entity_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    data = f'<!DOCTYPE a [<!ENTITY x SYSTEM "file://{secret}">]><a>&x;</a>'.encode()
    with pytest.raises(UntrustedXmlError) as caught:
        parse_bytes(data, path="in.xml")
    assert "TOP-SECRET" not in caught.value.one_line()


def test_nothing_is_fetched_from_the_network(http_server: tuple[int, list[str]]) -> None:
    port, hits = http_server
    for data in (
        f'<!DOCTYPE a SYSTEM "http://127.0.0.1:{port}/x.dtd"><a/>'.encode(),
        f'<!DOCTYPE a [<!ENTITY x SYSTEM "http://127.0.0.1:{port}/e">]><a>&x;</a>'.encode(),
    ):
        with pytest.raises(UntrustedXmlError):
            parse_bytes(data, path="in.xml")
    assert hits == []


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.xml"
    with big.open("wb") as out:
        out.write(b"<a>")
        out.seek(50 * 1024 * 1024)
        out.write(b"</a>")
    with pytest.raises(UntrustedXmlError, match="over the limit"):
        parse_file(big)
    with pytest.raises(UntrustedXmlError, match="over the limit"):
        parse_bytes(b"<a>" + b"x" * 100 + b"</a>", path="s.xml", max_bytes=50)


def test_an_external_dtd_is_never_opened(tmp_path: Path) -> None:
    # A named pipe blocks whoever opens it for reading: if the parser opened the
    # DTD it names, this test would hang (and the timeout below would fail it).
    import os
    import subprocess
    import sys

    fifo = tmp_path / "dtd.fifo"
    os.mkfifo(fifo)
    long_prolog = "<!--" + "x" * 70_000 + "-->"  # past the quick look at the prolog
    for doctype in (
        f'<!DOCTYPE a SYSTEM "file://{fifo}">',
        f'<!DOCTYPE a SYSTEM "{fifo}">',
        f'{long_prolog}<!DOCTYPE a SYSTEM "{fifo}">',
    ):
        code = (
            "from poa_cli.formats.safexml import parse_bytes, UntrustedXmlError\n"
            f"try:\n    parse_bytes({(doctype + '<a/>').encode()!r}, path='x.xml')\n"
            "except UntrustedXmlError as e:\n    print(e.one_line())\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=20, check=True
        ).stdout
        assert "declares a DTD" in out

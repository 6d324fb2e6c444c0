"""``poa render`` end to end: arguments, output paths, revisions and bad input."""

from __future__ import annotations

import importlib.util
import json
import os
import pty
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import DRAFTS, git, poa_command, poa_process, tree_state

DOC = "poa-founding-document"


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A folder (not a git repository) holding a copy of the sample under drafts/."""
    shutil.copytree(DRAFTS / DOC, tmp_path / "drafts" / DOC)
    return tmp_path


def test_default_output_goes_under_build(poa, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    r = poa(workdir, "render")
    assert r.exit_code == 0, r.stderr
    assert r.stdout == f"build/{DOC}-clean.html\n"
    assert (workdir / "build" / f"{DOC}-clean.html").read_text().startswith("<!DOCTYPE html>")
    assert r.stderr == ""  # no progress bar when stderr is not a terminal


def test_doc_as_argument_or_option_and_format_from_the_extension(poa, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    doc = str(workdir / "drafts" / DOC)
    r = poa(workdir, "render", doc, "--view", "changes", "-o", "out/changes.md")
    assert (r.exit_code, r.stdout) == (0, "out/changes.md\n")
    assert "<ins" in (workdir / "out" / "changes.md").read_text()
    r = poa(
        workdir,
        "render",
        "--doc",
        doc,
        "--view",
        "compilation",
        "--style",
        "listed",
        "-o",
        "c.json",
    )
    assert r.exit_code == 0
    data = json.loads((workdir / "c.json").read_text())
    assert (data["view"], data["style"]) == ("compilation", "listed")
    r = poa(workdir, "render", "--doc", doc, "-f", "md", "-o", "-")
    assert r.exit_code == 0 and r.stdout.startswith("**United Nations**")


def test_usage_errors_exit_2(poa, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    for args in (
        ("--view", "draft"),
        ("--format", "odt"),
        ("--style", "sideways"),
        ("-o", "paper.odt"),
        ("--from", "rev-1"),  # --from belongs to the changes view
    ):
        r = poa(workdir, "render", *args)
        assert r.exit_code == 2, args
        assert "Traceback" not in r.stderr


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        ("none", ("--view", "changes", "--from", "rev-7"), "revision"),
        ("none", ("--to", "no-such-rev"), "revision"),
        ("empty", (), "has no clauses"),
        ("templates", ("--templates", "empty-templates"), "template"),
        ("templates", ("--templates", "missing-folder", "-f", "pdf"), "templates folder"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(  # type: ignore[no-untyped-def]
    poa, workdir: Path, setup: str, args: tuple[str, ...], message: str
) -> None:
    doc = workdir / "drafts" / DOC
    if setup == "empty":
        text = (doc / "document.yaml").read_text()
        head = text.split("sections:")[0]
        (doc / "document.yaml").write_text(
            head + "sections:\n  - id: main\n    heading: null\n    clauses: []\n"
        )
        shutil.rmtree(doc / "clauses")
        (doc / "clauses").mkdir()
        shutil.rmtree(doc / "amendments")
        (doc / "amendments").mkdir()
    if setup == "templates":
        (workdir / "empty-templates").mkdir()
    r = poa(workdir, "render", *args)
    assert r.exit_code == 1, r.stdout + r.stderr
    assert r.stderr.startswith("poa: ") and r.stderr.count("\n") == 1, r.stderr
    assert message in r.stderr
    assert "Traceback" not in r.stderr
    assert not (workdir / "build").exists()


def test_bad_input_from_the_installed_command(workdir: Path) -> None:
    r = poa_process(workdir, "render", "--to", "rev-99")
    assert r.returncode == 1
    assert r.stderr.startswith("poa: ") and "Traceback" not in r.stderr


def test_help_has_an_example(poa, workdir: Path) -> None:  # type: ignore[no-untyped-def]
    r = poa(workdir, "render", "--help")
    assert r.exit_code == 0
    assert "Example: poa render" in r.stdout
    for option in ("--view", "--from", "--to", "--format", "--style", "--output"):
        assert option in r.stdout


needs_revisions = pytest.mark.skipif(
    importlib.util.find_spec("poa_cli.storage.revisions") is None,
    reason="poa_cli.storage.revisions (issue 4) is not in this tree: --from/--to need it",
)


@needs_revisions
def test_changes_between_two_revisions(poa, sample_doc: Path) -> None:  # type: ignore[no-untyped-def]
    repo = sample_doc.parent
    git(repo, "tag", f"{DOC}/rev-1")
    r = poa(
        repo, "clause", "edit", "op-scope", "-d", str(sample_doc), "--text",
        "*Decide also* that the work of the Programme of Action shall cover matters relating "
        "to the use of information and communications technologies in the context of "
        "international peace and security;",
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    r = poa(repo, "consolidate", "-d", str(sample_doc), "--accept", "DNK-2", "--as", "rev-2",
            "--date", "2026-06-01")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    before = tree_state(repo)
    r = poa(repo, "render", str(sample_doc), "--view", "changes", "--from", "rev-1", "--to",
            "rev-2", "-f", "json", "-o", "-")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    paper = json.loads(r.stdout)
    assert paper["revisions"] == ["rev-1", "rev-2"]
    assert paper["subtitle"] == "Changes from Rev.1 to Rev.2"
    assert paper["masthead"]["symbol"] == "A/CONF.999/2026/L.1/Rev.2"
    legend = {e["label"]: e["by"] for e in paper["legend"]}
    assert legend == {
        "EST-1": "Estonia", "SGP-1": "Singapore", "DNK-2": "Denmark", "Chair": "Chair (editorial)",
    }  # fmt: skip
    # The earlier revision renders as it was, in the clean view.
    r = poa(repo, "render", str(sample_doc), "--to", "rev-1", "--annex", "-f", "md", "-o", "-")
    assert r.exit_code == 0
    assert "keep their contact details up to date" in r.stdout  # SGP-1, in the annex
    assert "A/CONF.999/2026/L.1/Rev.1" in r.stdout
    assert tree_state(repo) == before  # rendering changes nothing in the repository


@needs_revisions
def test_working_is_the_default_and_can_be_named(poa, sample_doc: Path) -> None:  # type: ignore[no-untyped-def]
    repo = sample_doc.parent
    default = poa(repo, "render", str(sample_doc), "--view", "changes", "-o", "-")
    named = poa(repo, "render", str(sample_doc), "--view", "changes", "--from", "working",
                "--to", "working", "-o", "-")  # fmt: skip
    assert default.exit_code == named.exit_code == 0
    assert default.stdout == named.stdout
    assert 'data-amendment="SGP-1"' in default.stdout


def read_terminal(master: int) -> bytes:
    """Everything written to the terminal whose *master* end we hold, until it closes."""
    out = b""
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: every writer has closed the terminal
            return out
        if not data:
            return out
        out += data


@pytest.mark.slow
def test_progress_bar_on_a_terminal_and_none_elsewhere(tmp_path: Path) -> None:
    # A PDF of the sample document takes seconds: more than the moment before the bar shows.
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR")}
    env.update(TERM="xterm-256color", COLUMNS="100")
    args = [*poa_command(), "render", str(DRAFTS / DOC), "--view", "compilation"]
    master, terminal = pty.openpty()
    with subprocess.Popen(
        [*args, "-o", str(tmp_path / "tty.pdf")],
        cwd=tmp_path, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=terminal,
    ) as proc:  # fmt: skip
        os.close(terminal)
        shown = read_terminal(master).decode("utf-8", "replace")
        os.close(master)
        assert proc.wait(timeout=120) == 0, shown
        assert (
            proc.stdout is not None and proc.stdout.read() == f"{tmp_path / 'tty.pdf'}\n".encode()
        )
    # The bar appears after PROGRESS_DELAY: with a warm parse cache the first stages
    # are over by then, so only the long one is certain to be drawn.
    assert "Laying out the PDF pages" in shown, shown
    assert "\x1b[" in shown  # drawn (and cleared) with terminal control codes
    assert (tmp_path / "tty.pdf").read_bytes().startswith(b"%PDF-")
    # The same render into a pipe (CI, a script): not a byte on stderr.
    piped = subprocess.run(
        [*args, "-o", str(tmp_path / "pipe.pdf")],
        cwd=tmp_path, env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=120,
    )  # fmt: skip
    assert piped.returncode == 0 and piped.stderr == b""
    assert piped.stdout == f"{tmp_path / 'pipe.pdf'}\n".encode()

"""Shared fixtures: real git repositories, real files, the real poa command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from poa_cli.cli import app

# Hypothesis budgets: a short one in `make test`, a long one in `make fuzz`.
settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile("fuzz", max_examples=3000, deadline=None)
# `make mutate` runs the covering tests once per mutant: fewer examples, no database.
settings.register_profile("mutate", max_examples=25, deadline=None, database=None)
settings.load_profile(os.environ.get("POA_HYPOTHESIS_PROFILE", "default"))


def examples(n: int) -> int:
    """*n* examples for a property, fewer under `make mutate` (each mutant reruns it)."""
    return min(n, 25) if os.environ.get("POA_HYPOTHESIS_PROFILE") == "mutate" else n


ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = Path(__file__).resolve().parent / "examples"
MINIMAL = EXAMPLES / "valid" / "minimal"
DRAFTS = ROOT / "drafts"


@pytest.fixture(autouse=True)
def _git_identity(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A fixed author and no user or system git config, for every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    (home / ".gitconfig").write_text(
        "[user]\n\tname = Test Drafter\n\temail = drafter@example.org\n"
        "[commit]\n\tgpgSign = false\n[init]\n\tdefaultBranch = main\n"
    )
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("POA_DEBUG", raising=False)


def chair_identity(tmp_path_factory: pytest.TempPathFactory) -> pytest.MonkeyPatch:
    """For a module-scoped fixture: a fixed author and no user or system git config
    until the returned patch is undone (the autouse fixture is per test)."""
    home = tmp_path_factory.mktemp("home")
    (home / ".gitconfig").write_text(
        "[user]\n\tname = Chair Team\n\temail = chair@example.org\n"
        "[commit]\n\tgpgSign = false\n[init]\n\tdefaultBranch = main\n"
    )
    mp = pytest.MonkeyPatch()
    mp.setenv("HOME", str(home))
    mp.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    mp.setenv("GIT_CONFIG_NOSYSTEM", "1")
    mp.setenv("NO_COLOR", "1")
    return mp


def git(cwd: Path, *args: str) -> str:
    """Run git in *cwd* and return its stdout (raises on failure)."""
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    """An empty git repository with one initial commit."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "README.md").write_text("negotiation\n")
    git(repo, "add", "README.md")
    git(repo, "commit", "-q", "-m", "initial")
    return repo


@pytest.fixture
def minimal_doc(git_repo: Path) -> Path:
    """The minimal example document, committed in a fresh repository."""
    doc = git_repo / "minimal"
    shutil.copytree(MINIMAL, doc)
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "add minimal")
    return doc


@pytest.fixture
def sample_doc(git_repo: Path) -> Path:
    """The sample founding document from drafts/, committed in a fresh repository."""
    doc = git_repo / "poa-founding-document"
    shutil.copytree(DRAFTS / "poa-founding-document", doc)
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "add sample")
    return doc


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def poa(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Call the real poa command in-process: ``poa(cwd, "clause", "list")``."""
    runner = CliRunner()

    def run(cwd: Path, *args: str) -> Run:
        monkeypatch.chdir(cwd)
        result = runner.invoke(app, list(args))
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result.exit_code, result.stdout, result.stderr)

    yield run


def poa_command() -> list[str]:
    """Return the argv prefix that runs the installed ``poa`` executable."""
    exe = Path(sys.executable).with_name("poa")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "poa_cli"]


def poa_process(
    cwd: Path, *args: str, timeout: float = 60, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed ``poa`` executable as a separate process."""
    return subprocess.run(
        [*poa_command(), *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
        env=env if env is not None else {**os.environ},
    )  # fmt: skip


def tree_state(repo: Path) -> tuple[str, str]:
    """Return (HEAD sha, porcelain status): equal before and after means nothing changed."""
    return git(repo, "rev-parse", "HEAD").strip(), git(repo, "status", "--porcelain")


@pytest.fixture
def http_server() -> Iterator[tuple[int, list[str]]]:
    """A local HTTP server that counts the requests it receives: (port, paths asked)."""
    import http.server
    import threading

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

"""Git and file-system trouble: a clear message, exit 1, and nothing half-done."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from .conftest import git, poa_command, poa_process, tree_state

ADD = ["draft", "amend", "op-meet", "--by", "France", "--append", "and report annually"]


def test_sigint_exits_130_and_leaves_a_clean_tree(minimal_doc: Path) -> None:
    """Ctrl-C at any moment: exit 130, and either nothing changed or the commit is whole."""
    outcomes = []
    for delay in (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5):
        before = tree_state(minimal_doc.parent)
        proc = subprocess.Popen(
            [*poa_command(), *ADD], cwd=minimal_doc, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        outcomes.append(proc.returncode)
        # -SIGINT: the signal came before the interpreter had started; exit 1 with
        # "init_import_site", while it imported its own site module; -SIGINT with a
        # KeyboardInterrupt in the launcher's own import of poa_cli.entry, before
        # poa's handler existed (a loaded machine). Nothing of poa ran, and the
        # checks below hold all the same.
        in_launcher = "from poa_cli.entry import main" in err and err.rstrip().endswith(
            "KeyboardInterrupt"
        )
        before_poa = in_launcher or (
            proc.returncode == 1 and err.startswith("Fatal Python error: init_")
        )
        assert proc.returncode in (0, 130, -signal.SIGINT) or before_poa, err
        assert before_poa or ("Traceback" not in err and "Exception ignored" not in err)
        head = git(minimal_doc, "rev-parse", "HEAD").strip()
        assert head == before[0] or git(minimal_doc, "rev-parse", "HEAD~1").strip() == before[0]
        assert git(minimal_doc, "status", "--porcelain") == ""
    assert 130 in outcomes


def test_an_unwritable_folder_is_a_one_line_error(minimal_doc: Path) -> None:
    # (Tests run as root, where chmod does not stop writes: a file where the
    # amendments folder should be is refused by the kernel for anyone.)
    folder = minimal_doc / "amendments"
    for p in folder.iterdir():
        p.unlink()
    folder.rmdir()
    folder.write_text("not a folder\n")
    git(minimal_doc, "add", "-A")
    git(minimal_doc, "commit", "-q", "-m", "break the layout")
    before = tree_state(minimal_doc.parent)
    proc = poa_process(minimal_doc, *ADD)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert tree_state(minimal_doc.parent) == before


def test_rebase_in_progress_is_refused(minimal_doc: Path) -> None:
    (minimal_doc.parent / ".git" / "rebase-merge").mkdir()
    proc = poa_process(minimal_doc, *ADD)
    assert proc.returncode == 1 and "a rebase is in progress" in proc.stderr
    assert "finish it or abort it" in proc.stderr


def test_shallow_clone_works(minimal_doc: Path, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{minimal_doc.parent}", str(clone)],
        check=True, capture_output=True,
    )  # fmt: skip
    proc = poa_process(clone / "minimal", *ADD)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "FRA-1"
    assert git(clone, "status", "--porcelain") == ""


def test_not_a_document_folder(tmp_path: Path) -> None:
    proc = poa_process(tmp_path, *ADD)
    assert proc.returncode == 1 and "no document here" in proc.stderr


def test_environment_without_home_or_identity_never_tracebacks(minimal_doc: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "HOME"))}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, HOME="/nonexistent")
    proc = poa_process(minimal_doc, *ADD, env=env)
    assert proc.returncode in (0, 1)
    assert "Traceback" not in proc.stderr


def test_detached_head_is_refused(minimal_doc: Path) -> None:
    git(minimal_doc, "checkout", "-q", "--detach")
    before = tree_state(minimal_doc.parent)
    proc = poa_process(minimal_doc, *ADD)
    assert proc.returncode == 1 and "HEAD is detached" in proc.stderr
    assert "git switch" in proc.stderr
    assert tree_state(minimal_doc.parent) == before


def test_sub_amendments_do_not_chain(minimal_doc: Path) -> None:
    first = poa_process(minimal_doc, "draft", "amend", "DNK-1", "--by", "Brazil",
                        "--replace", "twice", "--with", "three times")  # fmt: skip
    assert first.returncode == 0, first.stderr
    before = tree_state(minimal_doc.parent)
    chained = poa_process(minimal_doc, "draft", "amend", "BRA-1", "--by", "Chile",
                          "--replace", "three", "--with", "four")  # fmt: skip
    assert chained.returncode == 1 and "is itself a sub-amendment" in chained.stderr
    assert tree_state(minimal_doc.parent) == before


def test_work_staged_outside_the_document_is_never_committed_by_poa(minimal_doc: Path) -> None:
    """A user's staged change elsewhere stays staged; poa's commit holds only its file."""
    repo = minimal_doc.parent
    (repo / "README.md").write_text("negotiation, edited\n")
    (repo / "notes.txt").write_text("our notes\n")
    git(repo, "add", "README.md", "notes.txt")
    run = poa_process(
        repo, "draft", "amend", "op-meet", "--doc", str(minimal_doc), "--by", "Denmark",
        "--append", "and report on it",
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    changed = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    assert len(changed) == 1 and changed[0].startswith("minimal/amendments/DNK-")
    staged = git(repo, "diff", "--cached", "--name-only").split()
    assert sorted(staged) == ["README.md", "notes.txt"]


def test_with_nothing_else_staged_the_commit_holds_exactly_the_new_file(minimal_doc: Path) -> None:
    repo = minimal_doc.parent
    (repo / "scratch.txt").write_text("untracked, not staged\n")
    run = poa_process(
        repo, "draft", "amend", "op-meet", "--doc", str(minimal_doc), "--by", "Denmark",
        "--append", "and report on it",
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    changed = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    assert len(changed) == 1 and changed[0].startswith("minimal/amendments/DNK-")
    assert git(repo, "status", "--porcelain").split() == ["??", "scratch.txt"]

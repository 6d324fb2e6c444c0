"""The YAML guards: every hostile file is refused with a line, fast, without a crash."""

from __future__ import annotations

import errno
import os
import resource
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from poa_cli.errors import YamlError
from poa_cli.storage import yamlio

from .conftest import DRAFTS, MINIMAL


def write(tmp_path: Path, text: str | bytes, name: str = "f.yaml") -> Path:
    p = tmp_path / name
    if isinstance(text, str):
        p.write_text(text, encoding="utf-8")
    else:
        p.write_bytes(text)
    return p


def refused(tmp_path: Path, text: str | bytes) -> YamlError:
    with pytest.raises(YamlError) as info:
        yamlio.load(write(tmp_path, text))
    return info.value


def test_loads_plain_data_with_dates_as_strings(tmp_path: Path) -> None:
    data = yamlio.load(write(tmp_path, "a: 1\nd: 2026-11-29\n2: two\nno: NO\n"))
    assert data == {"a": 1, "d": "2026-11-29", "2": "two", "no": "NO"}  # YAML 1.2: NO is text


def test_duplicate_key_is_an_error_with_its_line(tmp_path: Path) -> None:
    err = refused(tmp_path, "id: a\ntext: x\nid: b\n")
    assert "duplicate key 'id'" in err.message
    assert err.line == 3


def test_python_tags_never_construct_objects(tmp_path: Path) -> None:
    err = refused(tmp_path, "id: a\ntext: !!python/object/apply:os.system ['echo pwned']\n")
    assert "!!python/object/apply:os.system" in err.message
    assert err.line == 2


def test_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefgh"):
        prev = "abcdefgh"[i]
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    start = time.perf_counter()
    err = refused(tmp_path, "\n".join(lines) + "\n")
    assert time.perf_counter() - start < 5  # generous: the point is it does not expand
    assert "aliases" in err.message
    assert err.line == 2


def test_single_alias_is_refused(tmp_path: Path) -> None:
    err = refused(tmp_path, "a: &x {k: v}\nb: *x\n")
    assert "aliases" in err.message and err.line == 2


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: &x 1\nb: *x\n", 2),  # a scalar alias: the fast path meets it
        ("a: &x 2026-01-01\nb: [*x]\n", 2),
        ("- &x v\n- *x\n", 2),
        ("f: 1.5\na: &x v\nb: *x\n", 3),  # a float: ruamel's own loader reads this file
        ("f: 1.5\nm: {k: &y b, j: *y}\n", 2),
        ("f: !!str x\nl: [&x a, *x]\n", 2),  # an explicit tag: ruamel's loader too
    ],
)
def test_every_alias_is_refused_scalar_ones_too(tmp_path: Path, text: str, line: int) -> None:
    err = refused(tmp_path, text)
    assert err.message == "YAML aliases (*name) are not allowed in poa files" and err.line == line


@pytest.mark.parametrize(
    "text",
    [
        't: "*Decides* that *x"\n',
        "f: 1.5\nt: >\n  *Decides* that\n  *x\n",  # italics in a folded scalar, not an alias
        "f: 1.5\nt: a *b\n",
    ],
)
def test_an_asterisk_in_text_is_not_an_alias(tmp_path: Path, text: str) -> None:
    data = yamlio.load(write(tmp_path, text))
    assert "*" in data["t"]


def test_an_anchor_without_an_alias_is_harmless(tmp_path: Path) -> None:
    assert yamlio.load(write(tmp_path, "a: &x 1\nb: &y [2]\n")) == {"a": 1, "b": [2]}


@pytest.mark.parametrize("opener", ["[", "{", "- "])
def test_thirty_thousand_levels_of_nesting_do_not_crash(tmp_path: Path, opener: str) -> None:
    text = opener * 30_000 + "x"
    err = refused(tmp_path, text)
    assert "nesting deeper than" in err.message or "invalid YAML" in err.message


def test_moderate_nesting_in_flow_text_still_loads(tmp_path: Path) -> None:
    # Many balanced brackets inside a string (footnote markers) take the guarded slow path.
    text = "text: '" + "word[^1] " * 100 + "'\n"
    assert yamlio.load(write(tmp_path, text))["text"].count("[^1]") == 100


def test_tab_indentation_is_explained(tmp_path: Path) -> None:
    err = refused(tmp_path, "a:\n\tb: 1\n")
    assert "tab" in err.message and err.line == 2


def test_merge_conflict_markers_are_named(tmp_path: Path) -> None:
    err = refused(tmp_path, "id: a\n<<<<<<< HEAD\ntext: x\n=======\ntext: y\n>>>>>>> other\n")
    assert "merge-conflict" in err.message and err.line == 2


def test_utf8_bom_is_accepted_utf16_is_not(tmp_path: Path) -> None:
    assert yamlio.load(write(tmp_path, "\ufeffa: 1\n")) == {"a": 1}
    err = refused(tmp_path, "a: 1\n".encode("utf-16"))
    assert "UTF-16" in err.message


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    err = refused(tmp_path, b"a: 1\nb: caf\xe9\n")
    assert "UTF-8" in err.message and err.line == 2


def test_nul_and_control_characters(tmp_path: Path) -> None:
    assert "NUL" in refused(tmp_path, "a: 1\nb: x\x00y\n").message
    assert refused(tmp_path, "a: \x07bell\n").line == 1


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    p = tmp_path / "big.yaml"
    with p.open("w") as fh:
        fh.write("text: '")
        fh.write("x" * (yamlio.MAX_BYTES + 10))
        fh.write("'\n")
    with pytest.raises(YamlError) as info:
        yamlio.load(p)
    assert "at most" in info.value.message


def test_empty_and_missing_files(tmp_path: Path) -> None:
    assert yamlio.load(write(tmp_path, "")) is None
    with pytest.raises(YamlError, match="not found"):
        yamlio.load(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("id: X-1\nsubmitted: 2026-13-01\n", 2, "'2026-13-01' cannot be read as a date"),
        ("a: 1\nb:\n  - 2026-02-30\n", 3, "day is out of range"),
        ("a:\n- !!bool yes\n    - x\n", 2, "'yes - x' cannot be read as true or false"),
        ("a: !!int twelve\n", 1, "cannot be read as !!int"),
    ],
)
def test_a_scalar_ruamel_cannot_construct_is_a_yaml_error_at_its_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    """ruamel's constructors raise ValueError/KeyError for these; once they reached the
    user as "internal error", exit 3."""
    err = refused(tmp_path, text)
    assert words in err.message and err.line == line, err


def test_non_string_keys_are_refused(tmp_path: Path) -> None:
    assert "not a string" in refused(tmp_path, "[1, 2]: x\n").message


def all_sample_files() -> list[Path]:
    files = sorted(MINIMAL.rglob("*.yaml"))
    files += sorted(DRAFTS.rglob("*.yaml"))
    return files


@pytest.mark.parametrize("path", all_sample_files(), ids=lambda p: p.name)
def test_round_trip_is_byte_identical(path: Path) -> None:
    tree = yamlio.load_roundtrip(path)
    assert yamlio.dump(tree) == path.read_text(encoding="utf-8")


def test_round_trip_edit_keeps_comments_and_quoting(tmp_path: Path) -> None:
    src = "# top comment\nid: a  # the id\ntext: 'quoted'\nitems:\n  - id: b\n    text: \"x\"\n"
    p = write(tmp_path, src)
    tree = yamlio.load_roundtrip(p)
    tree["items"][0]["text"] = "y"
    out = yamlio.dump(tree)
    assert out == src.replace('"x"', '"y"')


def test_line_of_points_at_nested_values(tmp_path: Path) -> None:
    p = write(tmp_path, "id: a\nitems:\n  - id: b\n    text: x\n  - id: c\n    text: y\n")
    _, tree = yamlio.roundtrip_text(p)
    assert yamlio.line_of(tree, ["items", 1, "text"]) == (6, 11)
    assert yamlio.line_of(tree, ["items", 1, "missing"]) == (5, 5)


def test_atomic_write_replaces_and_leaves_no_temp(tmp_path: Path) -> None:
    p = tmp_path / "sub" / "f.yaml"
    yamlio.atomic_write(p, "a: 1\n")
    yamlio.atomic_write(p, "a: 2\n")
    assert p.read_text() == "a: 2\n"
    assert os.listdir(p.parent) == ["f.yaml"]


@contextmanager
def file_size_limit(limit: int) -> Iterator[None]:
    """Make every write past *limit* bytes fail with EFBIG, as a full disk or quota would."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, handler)


def test_a_write_that_fails_half_way_leaves_the_old_file_whole(tmp_path: Path) -> None:
    p = tmp_path / "f.yaml"
    yamlio.atomic_write(p, "a: 1\n")
    with file_size_limit(4096), pytest.raises(OSError) as info:
        yamlio.atomic_write(p, "a: " + "x" * 100_000 + "\n")
    assert info.value.errno == errno.EFBIG
    assert p.read_text() == "a: 1\n"  # never truncated, never half-written
    assert os.listdir(tmp_path) == ["f.yaml"]  # the temp file is swept


def test_a_reader_of_the_old_file_keeps_reading_the_old_file(tmp_path: Path) -> None:
    p = tmp_path / "f.yaml"
    yamlio.atomic_write(p, "a: 1\n")
    with p.open() as reader:
        yamlio.atomic_write(p, "a: 2\n")
        assert reader.read() == "a: 1\n"  # a new file took the name: no in-place write
    assert p.read_text() == "a: 2\n"


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux's /proc/self/fd")
def test_the_data_reaches_the_disk_before_the_rename_and_the_rename_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Spies around the real calls (nothing is faked): the order of what reaches the disk.
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(src: str, dst: str) -> None:
        events.append(("replace", f"{src} -> {dst}"))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    p = tmp_path / "f.yaml"
    yamlio.atomic_write(p, "a: 1\n")
    monkeypatch.undo()
    assert len(events) == 3, events
    (kind1, synced), (kind2, renamed), (kind3, folder) = events
    assert kind1 == "fsync" and Path(synced).parent == tmp_path and synced != str(p)
    assert (kind2, renamed) == ("replace", f"{synced} -> {p}")
    assert (kind3, folder) == ("fsync", str(tmp_path))  # the rename itself made durable


TRICKY = [
    "yes", "No", "NO", "on", "off", "y", "n", "true", "True", "FALSE", "null", "Null", "~", "",
    "1", "-1", "+1", "0o17", "017", "0x1F", "1_000", "1.5", "-.5", ".inf", "-.Inf", ".nan", "1e3",
    "1.0e+3", "2026-11-29", "2026-11-29T10:00:00Z", "2026-11-29 10:00:00", "12:30", "1:20:30",
    "0b101", "DNK-3", "A/75/816", "op-scope", "*Decides*", "'quoted'", '"double"', "[^1] x",
]  # fmt: skip


@pytest.mark.parametrize("scalar", TRICKY)
def test_fast_resolver_reads_scalars_as_ruamel_does(scalar: str) -> None:
    from ruamel.yaml import YAML

    text = f"k: {scalar}\n" if scalar else "k:\n"
    try:
        expected = YAML(typ="safe", pure=True).load(text)
    except Exception:
        with pytest.raises(YamlError):
            yamlio.parse(text)
        return
    got = yamlio.parse(text)
    # poa turns dates into ISO strings; everything else must be identical.
    exp = expected["k"]
    if hasattr(exp, "isoformat"):
        exp = exp.isoformat()
    assert got["k"] == exp or (exp != exp and got["k"] == str(exp))
    assert type(got["k"]) is type(exp) or isinstance(exp, float)


@pytest.mark.parametrize("path", all_sample_files(), ids=lambda p: p.name)
def test_fast_loader_agrees_with_ruamel_on_every_sample(path: Path) -> None:
    from ruamel.yaml import YAML

    reference = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8-sig"))
    assert yamlio.load(path) == yamlio._normalise(reference, set(), path)


def test_line_break_characters_survive_a_write() -> None:
    """NEL and the Unicode line/paragraph separators are line breaks to YAML."""
    tree = yamlio.new_mapping([("k\x85ey", "a\x85b"), ("s", "c\u2028d\u2029e")])
    assert yamlio.parse(yamlio.dump(tree)) == {"k\x85ey": "a\x85b", "s": "c\u2028d\u2029e"}

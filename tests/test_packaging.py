"""A real, non-editable install ships schemas/, templates/ and drafts/ and works."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow  # builds and installs a wheel: tens of seconds


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        capture_output=True, text=True,
    )  # fmt: skip
    if proc.returncode != 0:
        pytest.fail(f"pip wheel failed: {proc.stderr[-2000:]}")
    [built] = out.glob("poa-*.whl")
    return built


def _install(wheel: Path, target: Path) -> Path:
    """Install *wheel* (no dependencies) into *target*, as pip does; return *target*."""
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target),
         str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    return target


def test_wheel_contains_schemas_templates_and_drafts(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "poa_cli/schemas/clause.schema.json" in names
    assert "poa_cli/templates/README.md" in names
    for name in ("base.html.j2", "paragraph.html.j2", "search.js", "site.css"):  # poa site
        assert f"poa_cli/templates/site/{name}" in names
    assert "poa_cli/drafts/poa-founding-document/document.yaml" in names
    assert "poa_cli/data/proposers.yaml" in names
    assert "poa_cli/formats/akn-schema/akomantoso30.xsd" in names
    assert "poa_cli/formats/akn-schema/xml.xsd" in names
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)


def test_installed_wheel_validates_from_anywhere(wheel: Path, tmp_path: Path) -> None:
    target = _install(wheel, tmp_path / "site")
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = (
        "import poa_cli, poa_cli.resources as r, sys;"
        "print(poa_cli.__file__); print(r.shipped('schemas'));"
        "from poa_cli.cli import main;"
        "sys.exit(main(['validate', str(r.shipped('drafts') / 'poa-founding-document')]))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    installed, schemas = proc.stdout.splitlines()[:2]
    assert installed.startswith(str(target))
    assert schemas == str(target / "poa_cli" / "schemas")
    assert "valid" in proc.stdout


def test_installed_wheel_exports_akoma_ntoso_valid_against_its_own_schema(
    wheel: Path, tmp_path: Path
) -> None:
    target = _install(wheel, tmp_path / "site")
    code = (
        "import poa_cli.resources as r;"
        "from poa_cli.actions.akn_export import export_akn;"
        "from poa_cli.formats.akn_write import schema_errors, schema_folder;"
        "data = export_akn(r.shipped('drafts') / 'poa-founding-document', view='compilation').data;"
        "print(schema_folder()); print(schema_errors(data))"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    folder, errors = proc.stdout.splitlines()[:2]
    assert folder == str(target / "poa_cli" / "formats" / "akn-schema")
    assert errors == "[]"

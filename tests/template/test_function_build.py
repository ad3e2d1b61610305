"""`sam build` runs functions/Makefile (BuildMethod: makefile): arm64 wheels, no Docker."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from devstack import template
from devstack.paths import ROOT

FUNCTIONS = ROOT / "functions"
LAMBDA_UNZIPPED_LIMIT = 250 * 1024 * 1024


def size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def test_every_function_has_a_build_target() -> None:
    makefile = (FUNCTIONS / "Makefile").read_text()
    for name, function in template.resources("AWS::Serverless::Function").items():
        assert function["Metadata"]["BuildMethod"] == "makefile", name
        assert f"\nbuild-{name}:" in makefile, name


@pytest.mark.timeout(180)
def test_the_api_function_builds_for_arm64_python_3_13(tmp_path: Path) -> None:
    if not shutil.which("make"):
        pytest.fail("make is missing: sam build needs it (apt-get install make)")
    artifacts = tmp_path / "ApiFunction"
    subprocess.run(["make", "-C", str(FUNCTIONS), "build-ApiFunction", f"ARTIFACTS_DIR={artifacts}",
                    f"PYTHON={sys.executable}"], check=True, capture_output=True, text=True)
    assert (artifacts / "mentorkit" / "api" / "app.py").is_file()
    assert (artifacts / "mentorkit" / "auth_triggers.py").is_file()
    assert (artifacts / "mentorkit" / "surveys" / "monthly-check-in.json").is_file()   # answers are checked against it
    assert list((artifacts / "pydantic_core").glob("_pydantic_core.cpython-313-aarch64-linux-gnu.so"))
    assert not list(artifacts.rglob("*x86_64*.so"))
    assert not list((artifacts / "mentorkit").rglob("__pycache__"))
    assert not (artifacts / "boto3").exists()       # the runtime has it
    assert size(artifacts) < LAMBDA_UNZIPPED_LIMIT


@pytest.mark.timeout(300)
def test_the_matching_function_with_ortools_fits_in_lambda(tmp_path: Path) -> None:
    artifacts = tmp_path / "MatchingFunction"
    subprocess.run(["make", "-C", str(FUNCTIONS), "build-MatchingFunction", f"ARTIFACTS_DIR={artifacts}",
                    f"PYTHON={sys.executable}"], check=True, capture_output=True, text=True)
    assert list((artifacts / "ortools").rglob("*.so"))
    assert list((artifacts / "numpy").rglob("*aarch64*.so"))
    assert not list(artifacts.rglob("tests"))
    dateutil = next(artifacts.glob("python_dateutil-*.dist-info")).name
    assert dateutil.startswith("python_dateutil-2."), "the runtime's botocore needs python-dateutil<3"
    assert size(artifacts) < LAMBDA_UNZIPPED_LIMIT

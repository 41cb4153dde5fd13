"""A normal (non-editable) install: the wheel holds what the commands need, FLORES included.

The wheel is built from a copy of the package (no build folders in the checkout) without build
isolation, then installed without dependencies into a fresh virtualenv that borrows the test
environment's dependencies through a ``.pth`` file. Nothing is downloaded.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.helpers import ROOT


def _run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    # Without PYTHONPATH: the installed copy, not a checkout on the path, must be what runs.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtualenv with the package installed from its wheel; returns the venv's bin folder."""
    work = tmp_path_factory.mktemp("install")
    source = work / "source"
    shutil.copytree(
        ROOT / "translate_summarize",
        source / "translate_summarize",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    pip = (sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input")
    _run(*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", work / "dist", source, cwd=work)
    wheel = next((work / "dist").glob("translate_summarize-*.whl"))
    venv = work / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=work)
    python = venv / "bin" / "python"
    site = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=work)
    Path(site.stdout.strip(), "test-dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n"
    )
    _run(*pip, "--python", python, "install", "--no-deps", "--no-index", wheel, cwd=work)
    return venv / "bin"


def test_eval_works_after_a_normal_install(
    installed: Path, tiny_nllb: Path, tmp_path: Path
) -> None:
    where = _run(
        installed / "python",
        "-c",
        "import translate_summarize, translate_summarize.translation.evaluate as e; "
        "print(translate_summarize.__file__); print(e.DEFAULT_DATA)",
        cwd=tmp_path,
    ).stdout.split("\n")
    package, data = Path(where[0]), Path(where[1])
    assert str(installed.parent) in str(package)  # the installed copy, not the checkout
    assert (data / "hin_Deva.devtest").is_file() and "CC BY-SA 4.0" in (
        data / "README.md"
    ).read_text(encoding="utf-8")
    assert (
        "--data" in _run(installed / "translate-summarize", "eval", "--help", cwd=tmp_path).stdout
    )
    # Short greedy decoding: random weights rarely stop on their own.
    config = tmp_path / "eval.yaml"
    config.write_text("translator:\n  backend: transformers\n  beam_size: 1\n  max_length: 8\n")
    command = ("eval", "--model", tiny_nllb, "--config", config, "--limit", "2", "--json")
    scored = _run(installed / "translate-summarize", *command, cwd=tmp_path)
    assert json.loads(scored.stdout)["sentences"] == 2


def test_the_wheel_lists_the_data_files(installed: Path) -> None:
    wheel = next(installed.parent.parent.glob("dist/*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for name in ("hin_Deva.devtest", "eng_Latn.devtest", "README.md"):
        assert f"translate_summarize/data/flores200-devtest/{name}" in names
    assert any(n.startswith("translate_summarize/output/report_assets/") for n in names)

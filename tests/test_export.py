"""Export defaults from the run's own config, overridden by flags."""

from pathlib import Path

import yaml
from conftest import FakeTranslator
from typer.testing import CliRunner

from translate_summarize.cli import app
from translate_summarize.config import load_config
from translate_summarize.pipeline import run


def _card(folder: Path) -> dict:
    return yaml.safe_load((folder / "README.md").read_text().split("---")[1])


def test_export_takes_its_defaults_from_the_run_config(seeds: Path, tmp_path: Path) -> None:
    config_file = tmp_path / "run.yaml"
    config_file.write_text(
        f"input: {seeds}\noutput: {tmp_path / 'run'}\n"
        "export:\n  license: cc-by-4.0\n  exclude_flags: [untranslated]\n"
    )
    run(load_config(config_file), translator=FakeTranslator())  # "EN[<Hindi>]": untranslated
    runner = CliRunner()
    result = runner.invoke(app, ["export", str(tmp_path / "run"), "--to", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    assert "exported 0 documents" in result.output and "5 dropped" in result.output
    assert _card(tmp_path / "a")["license"] == "cc-by-4.0"

    args = ["export", str(tmp_path / "run"), "--to", str(tmp_path / "b"), "--license", "mit"]
    overridden = runner.invoke(app, [*args, "--exclude-flags", ""])
    assert "exported 5 documents" in overridden.output
    assert _card(tmp_path / "b")["license"] == "mit"

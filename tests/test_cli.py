"""The CLI contract, end to end on the seeds with the tiny NLLB model."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import cli
from translate_summarize.cli import app
from translate_summarize.text.clean import clean
from translate_summarize.text.segment import split_sentences

ROOT = Path(__file__).resolve().parent.parent
NIGHTLY = ROOT / "configs" / "nightly.yaml"
runner = CliRunner()


@pytest.fixture(scope="module")
def run_dir(tiny_nllb: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run") / "nightly"
    result = runner.invoke(
        app, ["run", str(NIGHTLY), "--model", str(tiny_nllb), "--output", str(out), "-q"]
    )
    assert result.exit_code == 0, result.output
    return out


def test_no_arguments_shows_help() -> None:
    result = runner.invoke(app, [])
    assert "translate" in result.output and "export" in result.output


def test_run_writes_aligned_briefs_for_every_seed(
    run_dir: Path, seeds: Path, tiny_nllb: Path
) -> None:
    manifest = [json.loads(line) for line in (run_dir / "manifest.jsonl").read_text().splitlines()]
    assert sorted(m["id"] for m in manifest) == sorted(p.stem for p in seeds.glob("*.txt"))
    assert {m["status"] for m in manifest} == {"ok"}
    for entry in manifest:
        brief = json.loads((run_dir / "briefs" / entry["brief"]).read_text())
        source = (seeds / f"{entry['id']}.txt").read_text(encoding="utf-8")
        expected = split_sentences(clean(source).text)
        title = [brief["title"]["hi"]] if brief["title"] else []
        assert title + [s["hi"] for s in brief["sentences"]] == expected  # none dropped
        assert all(s["en"].strip() for s in brief["sentences"])
        assert brief["models"]["translator"]["model"] == str(tiny_nllb)
        assert 1 <= len(brief["summary"]["en"]) == len(brief["summary"]["hi"]) <= 3
        assert brief["removed"], "every seed carries some boilerplate"
    run_json = json.loads((run_dir / "run.json").read_text())
    assert run_json["counts"]["ok"] == 5
    assert run_json["config"]["translator"]["model"] == str(tiny_nllb)


@pytest.mark.parametrize("fmt", ["arrow", "parquet", "jsonl"])
def test_export_loads_back_with_the_same_rows(run_dir: Path, tmp_path: Path, fmt: str) -> None:
    import datasets

    target = tmp_path / fmt
    result = runner.invoke(app, ["export", str(run_dir), "--to", str(target), "--format", fmt])
    assert result.exit_code == 0, result.output
    cache = str(tmp_path / "cache")  # not the user's HF cache
    dataset = datasets.load_dataset(str(target), split="train", cache_dir=cache)
    briefs = {p.stem: json.loads(p.read_text()) for p in (run_dir / "briefs").glob("*.json")}
    assert sorted(dataset["id"]) == sorted(briefs)
    for row in dataset:
        brief = briefs[row["id"]]
        assert [s["en"] for s in row["sentences"]] == [s["en"] for s in brief["sentences"]]
        assert row["summary_hi"] == brief["summary"]["hi"]
        assert row["hi"] == brief["hi"]
    if fmt == "arrow":
        saved = datasets.load_from_disk(str(target / "documents"))
        assert saved.features["sentences"].feature["hi"].dtype == "string"


def test_export_of_a_folder_that_is_not_a_run(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(tmp_path), "--to", str(tmp_path / "d")])
    assert result.exit_code == 2
    assert "no manifest.jsonl" in result.output


def test_translate_text_json_and_markdown(seeds: Path, tiny_nllb: Path, tmp_path: Path) -> None:
    seed = next(iter(sorted(seeds.glob("*.txt"))))
    text = runner.invoke(app, ["translate", str(seed), "--model", str(tiny_nllb)])
    assert text.exit_code == 0, text.output
    paragraphs = clean(seed.read_text(encoding="utf-8")).text.count("\n") + 1
    assert len(text.stdout.strip().split("\n")) == paragraphs
    as_json = runner.invoke(
        app,
        ["translate", "-", "--model", str(tiny_nllb), "--format", "json"],
        input=seed.read_bytes(),
    )
    brief = json.loads(as_json.stdout)
    assert brief["id"] == "stdin" and brief["sentences"]
    out = tmp_path / "brief.md"
    md = runner.invoke(
        app, ["translate", str(seed), "--model", str(tiny_nllb), "-f", "md", "-o", str(out)]
    )
    assert (
        md.exit_code == 0 and out.read_text().startswith("# ") and "## Summary" in out.read_text()
    )


def test_translate_of_an_unreadable_file_is_one_line(tmp_path: Path, tiny_nllb: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("caf\xe9".encode("latin-1"))
    result = runner.invoke(app, ["translate", str(bad), "--model", str(tiny_nllb)])
    assert result.exit_code == 2
    assert "not UTF-8" in result.output and "Traceback" not in result.output


def test_clean_and_segment_commands(seeds: Path) -> None:
    seed = seeds / "001_f25d3fce2b970aa4.txt"
    cleaned = runner.invoke(app, ["clean", str(seed)])
    assert cleaned.exit_code == 0 and "केके/एबीएम" not in cleaned.stdout and "India" in cleaned.stdout
    segmented = runner.invoke(app, ["segment", str(seed)])
    lines = segmented.stdout.splitlines()
    assert (
        "7 नवंबर को विदेश मंत्री एस. जयशंकर ने रूसी उप विदेश मंत्री आंद्रे रुडेंको के साथ बैठक की "
        "और बहुआयामी द्विपक्षीय सहयोग को आगे बढ़ाने के तरीकों पर चर्चा की." in lines
    )


def test_bad_config_is_exit_2_with_the_key(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("translator:\n  modle: x\n")
    result = runner.invoke(app, ["run", str(config)])
    assert result.exit_code == 2
    assert "translator.modle: unknown key" in result.output


def test_unloadable_model_is_exit_2_one_line_no_traceback(tmp_path: Path) -> None:
    out = str(tmp_path / "o")
    proc = cli("run", str(NIGHTLY), "--output", out, env={"HF_HOME": str(tmp_path / "hf")})
    assert proc.returncode == 2, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: Cannot load translation model")
    assert "facebook/nllb-200-distilled-600M" in lines[0] and "Traceback" not in proc.stderr


def test_eval_scores_the_tiny_model_on_flores(tiny_nllb: Path) -> None:
    args = ["eval", "--model", str(tiny_nllb), "--backend", "transformers", "--limit", "8"]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["sentences"] == 8 and scores["model"] == str(tiny_nllb)
    assert scores["backend"] == "transformers"
    assert 0 <= scores["chrf_pp"] < 20 and 0 <= scores["bleu"] < 5  # random weights score ~0
    text = runner.invoke(app, ["eval", "--model", str(tiny_nllb), "--limit", "2"])
    assert "chrF++" in text.stdout and "BLEU" in text.stdout


def test_eval_without_flores_files_says_what_to_pass(tiny_nllb: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "--model", str(tiny_nllb), "--data", str(tmp_path)])
    assert result.exit_code == 2 and "--data" in result.output


def test_eval_scores_a_perfect_system_100(monkeypatch) -> None:
    from translate_summarize.config import TranslatorConfig
    from translate_summarize.translation.evaluate import DEFAULT_DATA, evaluate, load_flores
    from translate_summarize.translation.translator import BACKENDS

    sources, references = load_flores(DEFAULT_DATA)
    oracle = dict(zip(sources, references))

    class Oracle:
        max_input_tokens = 10_000
        family, reversible, parallel_batches = "nllb", True, 1
        info = {"library": "oracle"}

        def __init__(self, config):
            pass

        def count_tokens(self, texts):
            return [len(t.split()) for t in texts]

        def translate_batch(self, texts, max_new_tokens, src_lang, tgt_lang):
            return [oracle[t] for t in texts]

    monkeypatch.setitem(BACKENDS, "oracle", Oracle)
    config = TranslatorConfig(model="oracle").model_copy(update={"backend": "oracle"})
    result = evaluate(config, DEFAULT_DATA, limit=50)
    assert (result.chrf_pp, result.bleu, result.sentences) == (100.0, 100.0, 50)


def test_export_card_shards_and_flag_filter(run_dir: Path, tmp_path: Path) -> None:
    import datasets
    import yaml

    target = tmp_path / "sharded"
    args = ["export", str(run_dir), "--to", str(target), "--format", "parquet"]
    result = runner.invoke(app, [*args, "--max-shard-size", "2KB", "--license", "cc-by-sa-4.0"])
    assert result.exit_code == 0, result.output
    shards = sorted((target / "documents").glob("train-*.parquet"))
    assert len(shards) > 1
    loaded = datasets.load_dataset(str(target), split="train", cache_dir=str(tmp_path / "c"))
    assert loaded.num_rows == 5
    card = (target / "README.md").read_text()
    metadata = yaml.safe_load(card.split("---")[1])
    assert metadata["language"] == ["hi", "en"] and metadata["license"] == "cc-by-sa-4.0"
    assert metadata["task_categories"] == ["translation", "summarization"]
    infos = {info["config_name"]: info for info in metadata["dataset_info"]}
    assert infos["documents"]["splits"][0]["num_examples"] == 5
    assert "Fidelity flags" in card and "Models:" in card

    everything = runner.invoke(
        app, ["export", str(run_dir), "--to", str(tmp_path / "all"), "--exclude-flags", "all"]
    )
    assert everything.exit_code == 2 and "dropped all 5" in everything.output  # random weights
    unknown = runner.invoke(
        app, ["export", str(run_dir), "--to", str(tmp_path / "u"), "--exclude-flags", "nope"]
    )
    assert unknown.exit_code == 2 and "Unknown flag 'nope'" in unknown.output


def test_push_to_hub_offline_is_one_clear_error(run_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["export", str(run_dir), "--to", str(tmp_path / "p"), "--push-to-hub", "me/briefs"]
    )
    assert result.exit_code == 2
    assert "Cannot push to 'me/briefs'" in result.output and "HF_HUB_OFFLINE" in result.output


def test_bad_shard_size_is_named(run_dir: Path, tmp_path: Path) -> None:
    args = [
        "export",
        str(run_dir),
        "--to",
        str(tmp_path / "s"),
        "--format",
        "parquet",
        "--max-shard-size",
        "big",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "'big'" in result.output


def test_quieting_library_bars_does_not_import_transformers() -> None:
    # The CTranslate2 path never needs transformers: importing it only to turn off its bars
    # cost every run about half a second. transformers still starts with its bars off.
    code = (
        "import sys\n"
        "from translate_summarize.cli.common import quiet_library_bars\n"
        "quiet_library_bars()\n"
        "assert 'transformers' not in sys.modules\n"
        "from transformers.utils import logging\n"
        "print(logging.is_progress_bar_enabled())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize("preset", [None, "4"])
def test_malloc_arenas_are_limited_unless_the_user_chose(preset: str | None) -> None:
    # glibc honours MALLOC_ARENA_MAX itself; the tool sets its own limit only when it is unset.
    code = (
        "from translate_summarize.cli.common import limit_malloc_arenas\n"
        "print(limit_malloc_arenas())\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    if preset:
        env["MALLOC_ARENA_MAX"] = preset
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    expected = preset is None and sys.platform.startswith("linux")
    assert done.stdout.strip() == str(expected)

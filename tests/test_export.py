"""Dataset export: every format loads with ``load_dataset(folder)`` (both configs), re-exports
replace atomically, bad flag names and unfinished runs are refused, and the Hub upload is the
exported folder as it is (the network boundary is mocked, never the export)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tests.helpers import FakeTranslator
from translate_summarize.cli import app
from translate_summarize.config import RunConfig, load_config
from translate_summarize.engine.pipeline import run
from translate_summarize.errors import InputError
from translate_summarize.output import export as export_module
from translate_summarize.output.export import export_run, features, sentence_features
from translate_summarize.output.export_options import ExportOptions, options_for
from translate_summarize.text.quality import ALL_FLAGS

runner = CliRunner()


@pytest.fixture(autouse=True)
def private_hf_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Offline, and every cache in a temp dir: the tests never touch the user's HF cache."""
    import datasets

    cache = tmp_path / "hf"
    for name, value in {
        "HF_HOME": cache,
        "HF_DATASETS_CACHE": cache / "datasets",
        "HF_DATASETS_OFFLINE": "1",
        "HF_HUB_OFFLINE": "1",
    }.items():
        monkeypatch.setenv(name, str(value))
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", cache / "datasets")
    return cache


def load(folder: Path, config: str | None = None):
    """``datasets.load_dataset(folder[, config])``, the way a user loads an export or a clone."""
    import datasets

    cache = Path(datasets.config.HF_DATASETS_CACHE)
    return datasets.load_dataset(str(folder), config, split="train", cache_dir=str(cache))


@pytest.fixture(scope="module")
def run_dir(seeds: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "run"
    run(RunConfig(input=seeds, output=out), translator=FakeTranslator())
    return out


def briefs_of(run_dir: Path) -> dict[str, dict]:
    return {b["id"]: b for b in map(json.loads, map(Path.read_text, run_dir.glob("briefs/*.json")))}


def export(run_dir: Path, to: Path, *args: str):
    return runner.invoke(app, ["export", str(run_dir), "--to", str(to), *args])


@pytest.mark.parametrize("fmt", ["parquet", "jsonl", "arrow"])
def test_every_format_loads_with_load_dataset_in_both_configs(
    run_dir: Path, tmp_path: Path, fmt: str
) -> None:
    import datasets

    target = tmp_path / fmt
    result = export(run_dir, target, "--format", fmt, "--max-shard-size", "4KB")
    assert result.exit_code == 0, result.output
    briefs = briefs_of(run_dir)
    manifest = [json.loads(line) for line in (run_dir / "manifest.jsonl").read_text().splitlines()]
    ok = [m for m in manifest if m["status"] in ("ok", "skipped")]
    documents, pairs = load(target), load(target, "sentences")
    assert documents.num_rows == len(ok) == 5
    assert pairs.num_rows == sum(m["sentences"] for m in ok) == sum(documents["num_sentences"])
    assert pairs.num_rows == sum(len(b["sentences"]) for b in briefs.values())
    # The card carried the exact schema: nothing was re-inferred from the data.
    assert documents.features == features() and pairs.features == sentence_features()
    for row in documents:
        brief = briefs[row["id"]]
        assert row["sentences"] == [
            {k: s[k] for k in ("hi", "en", "paragraph", "flags")} for s in brief["sentences"]
        ]
        assert row["removed_boilerplate"] == len(brief["removed"]) > 0
        assert row["key"] == brief["key"] and row["date"] is None  # old briefs: no meta
    first = pairs.filter(lambda r: r["index"] == 0)
    assert sorted(first["doc_id"]) == sorted(briefs)
    if fmt == "arrow":
        assert datasets.load_from_disk(str(target / "documents")).num_rows == 5
        assert datasets.load_from_disk(str(target / "sentences")).num_rows == pairs.num_rows


def test_parquet_reads_with_pandas_and_pyarrow_with_small_row_groups(
    run_dir: Path, tmp_path: Path
) -> None:
    import pandas as pd
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    assert export(run_dir, tmp_path / "p").exit_code == 0  # parquet is the default
    frame = pd.read_parquet(tmp_path / "p" / "documents")
    assert len(frame) == 5 and set(frame["id"]) == set(briefs_of(run_dir))
    table = ds.dataset(tmp_path / "p" / "sentences", format="parquet").to_table()
    assert table.num_rows == sum(len(b["sentences"]) for b in briefs_of(run_dir).values())
    for path in (tmp_path / "p").rglob("*.parquet"):
        meta = pq.ParquetFile(path).metadata
        assert all(
            meta.row_group(i).num_rows <= export_module.ROW_GROUP_MAX_ROWS
            for i in range(meta.num_row_groups)
        )
    card = yaml.safe_load((tmp_path / "p" / "README.md").read_text().split("---")[1])
    assert [c["config_name"] for c in card["configs"]] == ["documents", "sentences"]
    assert card["configs"][0]["default"] is True
    assert card["configs"][1]["data_files"] == [
        {"split": "train", "path": "sentences/train-*.parquet"}
    ]


def test_small_row_groups_for_the_dataset_viewer(
    run_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyarrow.parquet as pq

    monkeypatch.setattr(export_module, "ROW_GROUP_MAX_ROWS", 10)
    assert export(run_dir, tmp_path / "p").exit_code == 0
    [shard] = (tmp_path / "p" / "sentences").glob("*.parquet")
    meta = pq.ParquetFile(shard).metadata
    assert meta.num_row_groups > 1
    assert max(meta.row_group(i).num_rows for i in range(meta.num_row_groups)) == 10


def test_reexport_replaces_the_previous_export_and_gives_the_same_rows(
    run_dir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "d"
    assert export(run_dir, target, "--max-shard-size", "2KB").exit_code == 0
    many = sorted(p.name for p in (target / "sentences").iterdir())
    before = load(target, "sentences").to_list()
    assert len(many) > 5
    assert export(run_dir, target, "--max-shard-size", "500MB").exit_code == 0
    assert [p.name for p in (target / "sentences").iterdir()] == ["train-00000-of-00001.parquet"]
    assert load(target, "sentences").to_list() == before
    assert export(run_dir, target, "--format", "jsonl").exit_code == 0
    assert not list(target.rglob("*.parquet")) and load(target).num_rows == 5
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp folders left


def test_a_failed_export_leaves_the_previous_one_intact(
    run_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "d"
    export_run(run_dir, target, ExportOptions(fmt="parquet"))
    files = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}

    def half_written(result, folder: Path, options) -> dict:
        (folder / "documents").mkdir()
        (folder / "documents" / "train-00000-of-00009.parquet").write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(export_module, "write_dataset", half_written)
    with pytest.raises(OSError, match="disk full"):
        export_run(run_dir, target, ExportOptions(fmt="parquet"))
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == files
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp folders left


def test_a_folder_that_is_not_an_export_is_never_replaced(run_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    result = export(run_dir, tmp_path / "mine")
    assert result.exit_code == 2
    assert "not a dataset exported by translate_summarize" in result.output
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"
    assert export(run_dir, run_dir).exit_code == 2  # the run folder itself


@pytest.mark.parametrize("value", ["untranslatd", "untranslated,Repetition"])
def test_a_misspelled_flag_is_one_line_naming_the_valid_ones(
    run_dir: Path, tmp_path: Path, value: str
) -> None:
    result = export(run_dir, tmp_path / "x", "--exclude-flags", value)
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert repr(value.split(",")[-1]) in line and all(flag in line for flag in ALL_FLAGS)
    assert not (tmp_path / "x").exists()


def test_flag_filters_and_flag_rate(run_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "run"
    shutil.copytree(run_dir, copy)
    # The fake translator leaves Hindi in every English sentence: all flagged "untranslated".
    # Clean one document, and give another's first sentence a "chunked" flag only.
    paths = sorted(copy.glob("briefs/*.json"))
    clean, one_chunked = (json.loads(p.read_text()) for p in paths[:2])
    for s in clean["sentences"]:
        s["flags"] = []
    for s in one_chunked["sentences"]:
        s["flags"] = []
    one_chunked["sentences"][0]["flags"] = ["chunked"]
    paths[0].write_text(json.dumps(clean))
    paths[1].write_text(json.dumps(one_chunked))

    rate = export(copy, tmp_path / "r", "--max-flag-rate", "0.2")
    assert rate.exit_code == 0, rate.output
    assert "exported 2 documents" in rate.output and "3 by flag_rate" in rate.output
    assert sorted(load(tmp_path / "r")["id"]) == sorted([clean["id"], one_chunked["id"]])
    flagged = export(copy, tmp_path / "f", "--exclude-flags", "chunked,untranslated")
    assert load(tmp_path / "f")["id"] == [clean["id"]]
    assert "4 by flagged" in flagged.output
    assert export(copy, tmp_path / "b", "--max-flag-rate", "1.5").exit_code == 2


def test_meta_columns_come_from_the_brief(run_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "run"
    shutil.copytree(run_dir, copy)
    path = sorted(copy.glob("briefs/*.json"))[0]
    brief = json.loads(path.read_text())
    brief["meta"] = {"date": "2024-03-01", "author": None, "site": "Amar Ujala"}
    path.write_text(json.dumps(brief))
    assert export(copy, tmp_path / "m").exit_code == 0
    rows = {row["id"]: row for row in load(tmp_path / "m")}
    row = rows[brief["id"]]
    assert (row["date"], row["author"], row["site"], row["canonical_url"]) == (
        "2024-03-01",
        None,
        "Amar Ujala",
        None,
    )
    assert len({r["settings_fingerprint"] for r in rows.values()}) == 1
    assert row["settings_fingerprint"] and row["translator_model"] == "fake"


def test_an_unfinished_run_is_refused_unless_allowed(run_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "run"
    shutil.copytree(run_dir, copy)
    lines = (copy / "manifest.jsonl").read_text().splitlines()
    (copy / "manifest.jsonl.partial").write_text(lines[0] + "\n" + '{"id": "half-wri')
    refused = export(copy, tmp_path / "d")
    assert refused.exit_code == 2 and "--allow-partial" in refused.output
    assert len(refused.output.strip().splitlines()) == 1 and not (tmp_path / "d").exists()
    allowed = export(copy, tmp_path / "d", "--allow-partial")
    assert allowed.exit_code == 0 and load(tmp_path / "d").num_rows == 5
    (copy / "manifest.jsonl").unlink()  # a first run killed after one document
    assert export(copy, tmp_path / "d", "--allow-partial").exit_code == 0
    assert load(tmp_path / "d").num_rows == 1


def test_config_defaults_are_validated_too(seeds: Path, tmp_path: Path) -> None:
    config = tmp_path / "run.yaml"
    config.write_text(f"input: {seeds}\noutput: {tmp_path / 'run'}\nlimit: 1\n")
    run(load_config(config), translator=FakeTranslator())
    run_json = tmp_path / "run" / "run.json"
    data = json.loads(run_json.read_text())
    data["config"]["export"]["exclude_flags"] = ["numbers"]
    run_json.write_text(json.dumps(data))
    with pytest.raises(InputError, match="'numbers'"):
        export_run(tmp_path / "run", tmp_path / "d", options_for(tmp_path / "run"))


def test_export_takes_its_defaults_from_the_run_config(seeds: Path, tmp_path: Path) -> None:
    config_file = tmp_path / "run.yaml"
    config_file.write_text(
        f"input: {seeds}\noutput: {tmp_path / 'run'}\n"
        "export:\n  license: cc-by-4.0\n  exclude_flags: [repetition]\n"
    )
    run(load_config(config_file), translator=FakeTranslator())  # one document has a loop
    result = export(tmp_path / "run", tmp_path / "a")
    assert result.exit_code == 0, result.output
    assert "exported 4 documents" in result.output and "1 by flagged" in result.output
    assert _card(tmp_path / "a")["license"] == "cc-by-4.0"

    overridden = export(tmp_path / "run", tmp_path / "b", "--license", "mit", "--exclude-flags", "")
    assert "exported 5 documents" in overridden.output
    assert _card(tmp_path / "b")["license"] == "mit"
    # "EN[<Hindi>]" leaves Hindi in every sentence: nothing would be left to publish.
    everything = export(tmp_path / "run", tmp_path / "a", "--exclude-flags", "untranslated")
    assert everything.exit_code == 2 and "dropped all 5" in everything.output
    assert load(tmp_path / "a").num_rows == 4  # the earlier export is unchanged


def test_the_card_names_the_model_licence(run_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "run"
    shutil.copytree(run_dir, copy)
    for path in copy.glob("briefs/*.json"):
        brief = json.loads(path.read_text())
        brief["models"]["translator"]["model"] = "facebook/nllb-200-distilled-600M"
        path.write_text(json.dumps(brief))
    assert export(copy, tmp_path / "c", "--license", "cc-by-4.0").exit_code == 0
    card = (tmp_path / "c" / "README.md").read_text()
    assert "`facebook/nllb-200-distilled-600M`: `cc-by-nc-4.0`" in card
    assert "non-commercial use only" in card
    assert export(copy, tmp_path / "n", "--license", "cc-by-nc-4.0").exit_code == 0
    assert "non-commercial use only" not in (tmp_path / "n" / "README.md").read_text()


def _card(folder: Path) -> dict:
    return yaml.safe_load((folder / "README.md").read_text().split("---")[1])


# --- the Hub: the network boundary (huggingface_hub's HfApi, the reachability probe) is mocked


@pytest.fixture
def online(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """As if HF_HUB_OFFLINE were unset, with no stored token."""
    from huggingface_hub import constants

    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setattr(constants, "HF_TOKEN_PATH", str(tmp_path / "no-token"))


def test_push_uploads_the_exported_folder_which_loads_as_the_hub_serves_it(
    run_dir: Path, tmp_path: Path, online: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from huggingface_hub import HfApi

    hub = tmp_path / "hub"
    calls = []

    def upload_folder(self, *, repo_id: str, folder_path: str, repo_type: str, **kwargs):
        calls.append((repo_id, repo_type, kwargs))
        shutil.copytree(folder_path, hub / repo_id)  # what the repo holds after the commit

    monkeypatch.setenv("HF_TOKEN", "hf_test")
    monkeypatch.setattr("translate_summarize.translation.hub.reachable", lambda: True)
    monkeypatch.setattr(HfApi, "create_repo", lambda self, repo, **kw: calls.append(repo))
    monkeypatch.setattr(HfApi, "upload_folder", upload_folder)
    result = export(run_dir, tmp_path / "d", "--push-to-hub", "me/briefs")
    assert result.exit_code == 0, result.output
    assert calls[0] == "me/briefs" and calls[1][:2] == ("me/briefs", "dataset")
    assert "*.parquet" in calls[1][2]["delete_patterns"]  # old shards go in the same commit
    clone = hub / "me/briefs"
    assert sorted(p.relative_to(clone) for p in clone.rglob("*")) == sorted(
        p.relative_to(tmp_path / "d") for p in (tmp_path / "d").rglob("*")
    )
    assert load(clone).num_rows == 5
    assert load(clone, "sentences").num_rows == load(tmp_path / "d", "sentences").num_rows


@pytest.mark.parametrize("problem", ["offline", "no token", "unreachable", "refused"])
def test_push_problems_are_one_clear_line(
    run_dir: Path, tmp_path: Path, online: None, monkeypatch: pytest.MonkeyPatch, problem: str
) -> None:
    from huggingface_hub import HfApi

    expected = {
        "offline": "HF_HUB_OFFLINE is set",
        "no token": "not logged in; log in with `hf auth login`",
        "unreachable": "the Hub is not reachable",
        "refused": "401 Unauthorized. Check the network and log in with `hf auth login`",
    }[problem]
    if problem == "offline":
        monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    if problem in ("unreachable", "refused"):
        monkeypatch.setenv("HF_TOKEN", "hf_bad")
        monkeypatch.setattr(
            "translate_summarize.translation.hub.reachable", lambda: problem == "refused"
        )

    def refuse(self, *args, **kwargs):
        raise RuntimeError("401 Unauthorized\nInvalid credentials in Authorization header")

    monkeypatch.setattr(HfApi, "create_repo", refuse)
    result = export(run_dir, tmp_path / "d", "--push-to-hub", "me/briefs")
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert line.startswith("error: Cannot push to 'me/briefs': ") and expected in line
    assert load(tmp_path / "d").num_rows == 5  # the local export is kept


def test_all_keeps_an_article_whose_only_flag_is_a_passthrough_quote(
    run_dir: Path, tmp_path: Path
) -> None:
    """``passthrough`` notes an English quote copied as it is; it is no sign of a bad translation,
    so ``--exclude-flags all`` and the flag rate leave such a document in the dataset."""
    copy = tmp_path / "run"
    shutil.copytree(run_dir, copy)
    paths = sorted(copy.glob("briefs/*.json"))
    quoted = json.loads(paths[0].read_text())
    for s in quoted["sentences"]:
        s["flags"] = ["passthrough"]
    paths[0].write_text(json.dumps(quoted))
    result = export(copy, tmp_path / "a", "--exclude-flags", "all", "--max-flag-rate", "0")
    assert result.exit_code == 0, result.output
    assert load(tmp_path / "a")["id"] == [quoted["id"]]
    asked = export(copy, tmp_path / "p", "--exclude-flags", "passthrough")
    assert asked.exit_code == 0, asked.output
    assert quoted["id"] not in load(tmp_path / "p")["id"]


def test_shard_sizes_read_as_the_config_reads_them(run_dir: Path, tmp_path: Path) -> None:
    """One size parser for the flag and the config: 1GiB and 1.5GB both work; nonsense is one
    line naming the accepted forms, before anything is written."""
    assert export(run_dir, tmp_path / "a", "--max-shard-size", "1GiB").exit_code == 0
    assert export(run_dir, tmp_path / "b", "--max-shard-size", "1.5GB").exit_code == 0
    bad = export(run_dir, tmp_path / "c", "--max-shard-size", "lots")
    assert bad.exit_code == 2 and "1GiB" in bad.output and not (tmp_path / "c").exists()

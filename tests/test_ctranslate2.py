"""The ctranslate2 backend and `models convert`, on the tiny NLLB model."""

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.tiny_models import flores_lines
from translate_summarize.cli import app
from translate_summarize.config import TranslatorConfig
from translate_summarize.errors import ModelLoadError
from translate_summarize.translation import ctranslate2_backend as ct2_backend
from translate_summarize.translation.conversion import (
    VMAP_FILE,
    coverage,
    english_vocabulary,
    write_vmap,
)
from translate_summarize.translation.ctranslate2_backend import kernel_warning, thread_plan
from translate_summarize.translation.translator import Translator

pytest.importorskip("ctranslate2")
DEVANAGARI = re.compile("[\u0900-\u097f]")
SOURCES = flores_lines()[:12]


@pytest.fixture(scope="module")
def converted(tiny_nllb: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("ct2") / "tiny-ct2"
    result = CliRunner().invoke(
        app, ["models", "convert", str(tiny_nllb), "--to", str(target), "--quantization", "float32"]
    )
    assert result.exit_code == 0, result.output
    return target


def _ct2(folder: Path, **settings) -> Translator:
    options = {"beam_size": 1, "max_length": 20, "compute_type": "float32", **settings}
    return Translator(TranslatorConfig(model=str(folder), backend="ctranslate2", **options))


def test_convert_writes_a_self_contained_folder(converted: Path, tiny_nllb: Path) -> None:
    for name in ("model.bin", "tokenizer.json", VMAP_FILE, "translate_summarize.json"):
        assert (converted / name).is_file(), name
    metadata = json.loads((converted / "translate_summarize.json").read_text())
    assert metadata["source_model"] == str(tiny_nllb)
    assert metadata["max_input_tokens"] == 254
    assert 0 < metadata["vmap_tokens"] < metadata["vocabulary_size"]


def test_convert_refuses_to_overwrite_without_force(converted: Path, tiny_nllb: Path) -> None:
    result = CliRunner().invoke(app, ["models", "convert", str(tiny_nllb), "--to", str(converted)])
    assert result.exit_code == 2 and "--force" in result.output


def test_both_backends_give_the_same_greedy_translations(tiny_nllb: Path, converted: Path) -> None:
    config = TranslatorConfig(model=str(tiny_nllb), backend="transformers", beam_size=1)
    reference = Translator(config.model_copy(update={"max_length": 20}))
    expected = [r.text for r in reference.translate(SOURCES)]
    assert [r.text for r in _ct2(converted, use_vmap=False).translate(SOURCES)] == expected


def test_two_batches_in_flight_translate_like_one(converted: Path) -> None:
    one = _ct2(converted, inter_threads=1, threads=1, max_batch_tokens=400)
    two = _ct2(converted, inter_threads=2, threads=1, max_batch_tokens=400)
    assert two.parallel_batches == 2 and two.backend.intra_threads == 1
    assert [r.text for r in two.translate(SOURCES)] == [r.text for r in one.translate(SOURCES)]


@pytest.mark.parametrize(
    ("threads", "inter", "device", "cores", "plan"),
    [
        (0, 0, "cpu", 2, (1, 2)),  # two single-thread batches on two cores
        (0, 0, "cpu", 8, (4, 2)),
        (0, 0, "cpu", 1, (1, 1)),
        (0, 0, "cuda", 8, (8, 1)),  # one batch at a time on a GPU unless asked
        (3, 0, "cpu", 8, (3, 2)),  # explicit values are kept
        (0, 4, "cpu", 8, (2, 4)),
    ],
)
def test_thread_plan(
    threads: int, inter: int, device: str, cores: int, plan: tuple[int, int]
) -> None:
    config = TranslatorConfig(threads=threads, inter_threads=inter)
    assert thread_plan(config, device, cores) == plan


def test_int8_runs_and_keeps_alignment(converted: Path) -> None:
    results = _ct2(converted, compute_type="int8").translate(SOURCES + [""])
    assert len(results) == len(SOURCES) + 1 and results[-1].text == ""
    assert all(r.text for r in results[:-1])


def test_english_vocabulary_covers_every_flores_reference(tiny_nllb: Path) -> None:
    from translate_summarize.translation.loading import load_tokenizer

    tokenizer = load_tokenizer(str(tiny_nllb), "translation")
    allowed = english_vocabulary(tokenizer)
    assert len(allowed) < len(tokenizer)
    assert not any(DEVANAGARI.search(token) for token in allowed)
    inside, outside = coverage(tokenizer, allowed, flores_lines("eng_Latn"))
    assert (inside, outside) == (1012, [])


def test_vmap_restricts_output_to_english_tokens(converted: Path) -> None:
    unrestricted = [r.text for r in _ct2(converted, use_vmap=False).translate(SOURCES)]
    assert any(DEVANAGARI.search(text) for text in unrestricted)  # random weights wander
    restricted = [r.text for r in _ct2(converted, use_vmap=True).translate(SOURCES)]
    assert not any(DEVANAGARI.search(text) for text in restricted)


def test_vmap_never_changes_output_whose_tokens_it_contains(
    converted: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "copy"
    shutil.copytree(converted, folder)
    plain = _ct2(folder, use_vmap=False)
    outputs = [r.text for r in plain.translate(SOURCES)]
    tokenizer = plain.backend.tokenizer
    used = {t for pieces in tokenizer.pieces(outputs) for t in pieces}
    from translate_summarize.translation.loading import load_tokenizer

    english = english_vocabulary(load_tokenizer(str(folder), "translation"))
    write_vmap(folder / VMAP_FILE, sorted(set(english) | used))
    assert [r.text for r in _ct2(folder, use_vmap=True).translate(SOURCES)] == outputs


def test_missing_model_folder_says_how_to_create_it(tmp_path: Path) -> None:
    missing = tmp_path / "models" / "nllb-ct2"
    with pytest.raises(ModelLoadError) as caught:
        _ct2(missing)
    message = str(caught.value)
    # The hint converts a checkpoint INTO the missing folder, not the missing folder itself.
    assert f"models convert HUB_ID_OR_CHECKPOINT --to {missing}" in message
    assert f"models convert {missing}" not in message


def test_use_vmap_without_a_map_is_a_clear_error(converted: Path, tmp_path: Path) -> None:
    folder = tmp_path / "novmap"
    shutil.copytree(converted, folder)
    (folder / VMAP_FILE).unlink()
    with pytest.raises(ModelLoadError, match="use_vmap"):
        _ct2(folder, use_vmap=True)


def test_run_with_the_ctranslate2_backend(converted: Path, seeds: Path, tmp_path: Path) -> None:
    config = tmp_path / "ct2.yaml"
    config.write_text(
        f"input: {seeds}\noutput: {tmp_path / 'out'}\n"
        "translator:\n  beam_size: 2\n  max_length: 16\n  compute_type: int8\n  use_vmap: true\n"
    )
    args = ["run", str(config), "--backend", "ctranslate2", "--model", str(converted), "-q"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    manifest = [
        json.loads(x) for x in (tmp_path / "out" / "manifest.jsonl").read_text().splitlines()
    ]
    assert [m["status"] for m in manifest] == ["ok"] * 5
    brief = json.loads((tmp_path / "out" / "briefs" / manifest[0]["brief"]).read_text())
    assert brief["models"]["translator"]["backend"] == "ctranslate2"
    assert not any(DEVANAGARI.search(s["en"]) for s in brief["sentences"])


@pytest.mark.parametrize(
    ("environ", "vendor", "warns"),
    [
        ({"CT2_USE_MKL": "1"}, "AuthenticAMD", True),
        ({"CT2_USE_MKL": "TRUE"}, "AuthenticAMD", True),
        ({"CT2_USE_MKL": "0"}, "AuthenticAMD", False),
        ({"CT2_USE_MKL": "yes"}, "AuthenticAMD", False),  # CTranslate2 reads this as false
        ({}, "AuthenticAMD", False),
        ({"CT2_USE_MKL": "1"}, "GenuineIntel", False),  # MKL is Intel's own fast path
        ({"CT2_USE_MKL": "1"}, "", False),  # unknown vendor: say nothing
    ],
)
def test_kernel_warning(environ: dict, vendor: str, warns: bool) -> None:
    warning = kernel_warning(environ, lambda: vendor)
    assert (warning is not None) == warns
    if warns:
        assert f"CT2_USE_MKL={environ['CT2_USE_MKL']}" in warning and "unset" in warning


def test_loading_warns_once_about_mkl_on_amd(
    converted: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("CT2_USE_MKL", "1")
    monkeypatch.setattr(ct2_backend, "cpu_vendor", lambda: "AuthenticAMD")
    with caplog.at_level("WARNING", logger=ct2_backend.__name__):
        _ct2(converted)
    assert len(caplog.records) == 1 and "CT2_USE_MKL=1" in caplog.records[0].message

"""The abstractive summarizer on a tiny BART, with its Hindi side from the tiny NLLB."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import cli
from tests.tiny_models import flores_lines
from translate_summarize.cli import app
from translate_summarize.config import SummarizerConfig, TranslatorConfig
from translate_summarize.errors import ConfigError
from translate_summarize.record import Document, Sentence
from translate_summarize.summary.summarizer import AbstractiveSummarizer, build_summarizer
from translate_summarize.translation.translator import Translator


@pytest.fixture(scope="module")
def translator(tiny_nllb: Path) -> Translator:
    return Translator(TranslatorConfig(model=str(tiny_nllb), beam_size=1, max_length=12))


def _summarizer(
    tiny_bart: Path, translator: Translator, backend: str = "ctranslate2"
) -> AbstractiveSummarizer:
    config = SummarizerConfig(
        method="abstractive", model=str(tiny_bart), beam_size=2, max_length=10, backend=backend
    )
    return build_summarizer(config, translator)


def _document(count: int) -> Document:
    doc = Document(id="d", source="d")
    pairs = zip(flores_lines("hin_Deva")[:count], flores_lines("eng_Latn")[:count])
    doc.sentences = [Sentence(hi=hi, en=en, paragraph=0) for hi, en in pairs]
    return doc


@pytest.mark.parametrize("backend", ["ctranslate2", "transformers"])
def test_summary_is_parallel_english_and_back_translated_hindi(
    tiny_bart, translator, backend
) -> None:
    summarizer = _summarizer(tiny_bart, translator, backend)
    summary = summarizer.summarize(_document(4))
    assert summary.method == "abstractive+backtranslation"
    assert summary.en and len(summary.hi) == len(summary.en)
    assert all(isinstance(h, str) for h in summary.hi)
    assert summary.indices == []
    method = "abstractive+backtranslation"
    assert summarizer.info == {"model": str(tiny_bart), "method": method, "backend": backend}


def test_long_documents_are_summarised_in_windows_then_combined(tiny_bart, translator) -> None:
    summarizer = _summarizer(tiny_bart, translator)
    calls: list[int] = []
    generate = summarizer._generate
    summarizer._generate = lambda texts: calls.append(len(texts)) or generate(texts)
    summarizer.summarize(_document(40))  # far beyond the tiny model's 126-token input
    assert calls[0] > 1, "first round: several windows"
    assert calls[-1] == 1, "last round: one summary"
    sizes = summarizer.tokenizer(flores_lines("eng_Latn")[:40], add_special_tokens=False)[
        "input_ids"
    ]
    assert sum(map(len, sizes)) > summarizer.max_input_tokens


def test_empty_abstractive_output_falls_back_to_extractive(tiny_bart, translator) -> None:
    summarizer = _summarizer(tiny_bart, translator)
    summarizer.summarize_text = lambda sentences: ""
    doc = _document(5)
    summary = summarizer.summarize(doc)
    assert summary.method == "extractive-textrank" and summary.en
    assert any("came out empty" in w for w in doc.warnings)


def test_empty_document_gives_an_empty_summary(tiny_bart, translator) -> None:
    summary = _summarizer(tiny_bart, translator).summarize(Document(id="e", source="e"))
    assert (summary.en, summary.hi) == ([], [])


def test_abstractive_needs_the_translator(tiny_bart) -> None:
    with pytest.raises(ConfigError, match="Hindi side"):
        build_summarizer(SummarizerConfig(method="abstractive", model=str(tiny_bart)))


def test_run_with_abstractive_summaries(tiny_nllb, tiny_bart, seeds, tmp_path) -> None:
    config = tmp_path / "abs.yaml"
    config.write_text(
        f"input: {seeds}\noutput: {tmp_path / 'out'}\n"
        "translator:\n  beam_size: 1\n  max_length: 8\n"
        f"summarizer:\n  method: abstractive\n  model: {tiny_bart}\n"
        "  beam_size: 1\n  max_length: 8\n  min_length: 4\n"
    )
    result = CliRunner().invoke(app, ["run", str(config), "--model", str(tiny_nllb), "-q"])
    assert result.exit_code == 0, result.output
    for path in (tmp_path / "out" / "briefs").glob("*.json"):
        brief = json.loads(path.read_text())
        assert brief["summary"]["method"] == "abstractive+backtranslation"
        assert brief["summary"]["en"] and len(brief["summary"]["hi"]) == len(brief["summary"]["en"])
        assert brief["models"]["summarizer"]["model"] == str(tiny_bart)


def test_unloadable_summarization_model_is_one_line(tiny_nllb, tmp_path) -> None:
    config = tmp_path / "abs.yaml"
    config.write_text(f"input: {tmp_path}\nsummarizer:\n  method: abstractive\n")
    (tmp_path / "a.txt").write_text("यह एक वाक्य है।")
    proc = cli("run", str(config), "--model", str(tiny_nllb), env={"HF_HOME": str(tmp_path / "hf")})
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if line.strip() and "Loading" not in line]
    assert lines == [lines[0]] and "summarization model 'sshleifer/distilbart-cnn-12-6'" in lines[0]

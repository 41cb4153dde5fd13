"""The real loading path (from_pretrained) on a tiny NLLB model built in a fixture."""

from pathlib import Path

import pytest

from tests.tiny_models import flores_lines
from translate_summarize.config import TranslatorConfig
from translate_summarize.errors import ModelLoadError
from translate_summarize.translation.translator import Translator


@pytest.fixture(scope="module")
def translator(tiny_nllb: Path) -> Translator:
    config = TranslatorConfig(
        model=str(tiny_nllb), backend="transformers", beam_size=2, max_length=24
    )
    return Translator(config)


def test_translates_every_sentence_in_order_deterministically(translator: Translator) -> None:
    sources = flores_lines()[:6] + [""]
    first = translator.translate(sources)
    assert len(first) == len(sources)
    assert all(isinstance(r.text, str) and r.text for r in first[:-1])
    assert first[-1].text == ""
    shuffled = translator.translate(sources[::-1])
    assert [r.text for r in shuffled] == [r.text for r in first][::-1]


def test_generation_respects_the_length_cap(translator: Translator) -> None:
    (result,) = translator.translate(["भारत"])
    tokens = translator.backend.tokenizer(result.text, add_special_tokens=False)["input_ids"]
    # Random weights rarely emit </s>: the cap (ratio × source + offset, ≤ max_length) stops them.
    source_len = translator.backend.count_tokens(["भारत"])[0]
    assert len(tokens) <= translator.output_cap(source_len)


def test_over_long_sentence_is_chunked_not_truncated(tiny_nllb: Path) -> None:
    translator = Translator(
        TranslatorConfig(model=str(tiny_nllb), beam_size=1, max_length=8, max_input_tokens=20)
    )
    long = ", ".join(flores_lines()[:4])
    (result,) = translator.translate([long])
    assert result.chunked


def test_info_names_model_backend_and_library(translator: Translator, tiny_nllb: Path) -> None:
    assert translator.info["model"] == str(tiny_nllb)
    assert translator.info["backend"] == "transformers"
    assert translator.info["library"].startswith("transformers 5.")


def test_hub_id_offline_without_cache_is_one_clear_sentence(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    with pytest.raises(ModelLoadError) as caught:
        Translator(TranslatorConfig(model="facebook/nllb-200-distilled-600M"))
    message = str(caught.value)
    assert "'facebook/nllb-200-distilled-600M'" in message
    assert "HF_HUB_OFFLINE" in message and "local folder" in message
    assert "\n" not in message


def test_unknown_target_language_is_named(tiny_nllb: Path) -> None:
    with pytest.raises(ModelLoadError, match="'xyz_Latn'"):
        Translator(TranslatorConfig(model=str(tiny_nllb), tgt_lang="xyz_Latn"))

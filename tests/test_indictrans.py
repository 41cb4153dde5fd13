"""IndicTrans2: its text conventions, its conversion to CTranslate2, and the remote-code gate."""

import json
import re
from pathlib import Path

import pytest

from tests.helpers import SEEDS, cli
from tests.tiny_models import (
    REMOTE_CODE_MARKER,
    build_tiny_indictrans,
    flores_lines,
    indictrans_config,
    write_indictrans,
)
from translate_summarize.config import SummarizerConfig, TranslatorConfig
from translate_summarize.errors import ConfigError, ModelLoadError
from translate_summarize.summary.summarizer import build_summarizer
from translate_summarize.text.indicprocessor import postprocess, preprocess
from translate_summarize.text.placeholders import restore
from translate_summarize.translation.conversion import convert
from translate_summarize.translation.indictrans import _text_tools
from translate_summarize.translation.translator import Translator

ctranslate2 = pytest.importorskip("ctranslate2")
DEVANAGARI = re.compile("[\u0900-\u097f]")
SOURCES = flores_lines()[:10]


@pytest.fixture(scope="module")
def tools():
    return _text_tools()


@pytest.fixture(scope="module")
def tiny_indictrans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_indictrans(tmp_path_factory.mktemp("it2") / "checkpoint")


@pytest.fixture(scope="module")
def converted(tiny_indictrans: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("it2-ct2") / "model"
    result = cli("models", "convert", str(tiny_indictrans), "--to", str(target))
    assert result.returncode == 0, result.stderr
    return target


def _translator(folder: Path, **settings) -> Translator:
    options = {"beam_size": 1, "max_length": 16, "compute_type": "float32", **settings}
    return Translator(TranslatorConfig(model=str(folder), backend="ctranslate2", **options))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("कीमत ₹१,८७,५०० है।", "कीमत ₹1,87,500 है ।"),
        ('उसने कहा, "हम जीतेंगे"।', 'उसने कहा , " हम जीतेंगे " ।'),
        ("खेल खत्म |", "खेल खत्म ।"),
        ("देखें <ID1> पर", "देखें < ID1 > पर"),
        # IndicProcessor's punctuation step (the two FLORES differences issue 21 quotes).
        ('था."', 'था . "'),
        ("चाय रखें : स्टीप", "चाय रखेंःस्टीप"),
        ("वज़न 4 5 किलो", "वज़न 4.5 किलो"),
        ("“उद्धरण” – अंत", '" उद्धरण " - अंत'),
    ],
)
def test_preprocess_matches_indictrans2_conventions(tools, text: str, expected: str) -> None:
    assert preprocess(text, tools[0]) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        # The reference cleans up spaces before Moses, so ' " .' reaches Moses as '".'.
        ('He said , " we will win " .', 'He said, "we will win ".'),
        ("Rs 5 ( five )", "Rs 5 (five)"),
        ("TheW Theting . one", "TheW Theting. one"),  # the parity fixture's 7th output
        ("it 's 10 - 20 %", "it's 10 - 20%"),
    ],
)
def test_postprocess_detokenizes_english(tools, text: str, expected: str) -> None:
    assert postprocess(text, tools[1]) == expected


@pytest.mark.parametrize("spelling", ["<ID1>", "< ID1 >", "[ID1]", "[ ID1 ]", "<ID1]", "< id 1 >"])
def test_indictrans2_placeholder_spellings_are_restored(spelling: str) -> None:
    text, lost = restore(f"Visit {spelling} today", {"<ID1>": "www.example.com"})
    assert (text, lost) == ("Visit www.example.com today", [])


def test_conversion_matches_transformers_m2m100_token_for_token(
    tiny_nllb: Path, tmp_path: Path
) -> None:
    """An M2M100 model is an IndicTrans2 model without layernorm_embedding and with one shared
    vocabulary; converted by our IndicTrans2 path, CTranslate2 must score every target token
    exactly as transformers does."""
    import torch
    from transformers import AutoTokenizer, M2M100ForConditionalGeneration

    model = M2M100ForConditionalGeneration.from_pretrained(str(tiny_nllb)).eval()
    tokenizer = AutoTokenizer.from_pretrained(str(tiny_nllb))
    tensors = {k: v.numpy() for k, v in model.state_dict().items() if k != "model.shared.weight"}
    vocab = {tokenizer.convert_ids_to_tokens(i): i for i in range(len(tokenizer))}
    c = model.config
    config = indictrans_config(
        c.vocab_size, c.vocab_size, layernorm_embedding=False, activation_function="relu"
    )
    checkpoint = write_indictrans(
        tmp_path / "m2m", config, tensors, {"dict.SRC.json": vocab, "dict.TGT.json": vocab}
    )
    for name in ("model.SRC", "model.TGT"):
        (checkpoint / name).write_bytes((tiny_nllb / "sentencepiece.bpe.model").read_bytes())
    convert(str(checkpoint), tmp_path / "ct2", quantization="float32")

    source = tokenizer(SOURCES[:3], add_special_tokens=True)["input_ids"]
    target = tokenizer(flores_lines("eng_Latn")[:3], add_special_tokens=False)["input_ids"]
    scorer = ctranslate2.Translator(str(tmp_path / "ct2"), compute_type="float32")
    scored = scorer.score_batch(
        [tokenizer.convert_ids_to_tokens(s) for s in source],
        [tokenizer.convert_ids_to_tokens(t) for t in target],
    )
    for src, tgt, result in zip(source, target, scored):
        with torch.no_grad():
            logits = model(
                input_ids=torch.tensor([src]), decoder_input_ids=torch.tensor([[2, *tgt]])
            ).logits
        expected = logits.log_softmax(-1)[0, torch.arange(len(tgt) + 1), [*tgt, 2]]
        assert result.log_probs == pytest.approx(expected.tolist(), abs=1e-3)


def test_convert_copies_the_tokenizer_and_runs_no_remote_code(
    converted: Path, tiny_indictrans: Path
) -> None:
    metadata = json.loads((converted / "translate_summarize.json").read_text())
    assert metadata["family"] == "indictrans2" and metadata["max_input_tokens"] == 256
    assert metadata["vmap_tokens"] is None
    for name in ("model.bin", "model.SRC", "model.TGT", "dict.SRC.json", "dict.TGT.json"):
        assert (converted / name).is_file(), name
    assert not (tiny_indictrans / REMOTE_CODE_MARKER).exists()


def test_translates_into_english_only_and_keeps_alignment(converted: Path) -> None:
    results = _translator(converted).translate([*SOURCES, ""])
    assert len(results) == len(SOURCES) + 1 and results[-1].text == ""
    assert all(r.text and not DEVANAGARI.search(r.text) for r in results[:-1])
    # Deterministic: the same sources give the same outputs in any batch composition.
    assert _translator(converted).translate(SOURCES[3:5]) == results[3:5]


def test_translate_command_writes_a_brief_with_indictrans2(converted: Path, tmp_path: Path) -> None:
    seed = sorted(SEEDS.iterdir())[0]
    out = tmp_path / "brief.json"
    config = tmp_path / "run.yaml"
    config.write_text(
        f"translator:\n  backend: ctranslate2\n  model: {converted}\n  compute_type: float32\n"
        "  beam_size: 1\n  max_length: 12\n"
    )
    result = cli("translate", str(seed), "-c", str(config), "-f", "json", "-o", str(out))
    assert result.returncode == 0, result.stderr
    brief = json.loads(out.read_text())
    assert brief["sentences"] and all(s["en"] for s in brief["sentences"])
    assert brief["models"]["translator"]["family"] == "indictrans2"


def test_unknown_tensor_is_refused_not_dropped(tiny_indictrans: Path, tmp_path: Path) -> None:
    from safetensors.numpy import load_file, save_file

    broken = tmp_path / "broken"
    broken.mkdir()
    for item in tiny_indictrans.iterdir():
        (broken / item.name).write_bytes(item.read_bytes())
    tensors = load_file(str(broken / "model.safetensors"))
    tensors["model.encoder.adapter.weight"] = tensors["lm_head.weight"][:2]
    save_file(tensors, str(broken / "model.safetensors"))
    with pytest.raises(ModelLoadError, match="model.encoder.adapter.weight"):
        convert(str(broken), tmp_path / "out")


@pytest.mark.parametrize(
    ("trust", "expected"), [(False, "trust_remote_code"), (True, r"4\.53\.2.*models convert")]
)
def test_transformers_backend_explains_why_it_will_not_run_remote_code(
    tiny_indictrans: Path, trust: bool, expected: str
) -> None:
    config = TranslatorConfig(
        model=str(tiny_indictrans), backend="transformers", trust_remote_code=trust
    )
    with pytest.raises(ModelLoadError, match=expected):
        Translator(config)
    assert not (tiny_indictrans / REMOTE_CODE_MARKER).exists()


def test_abstractive_summary_needs_a_model_that_translates_back(
    converted: Path, tiny_bart: Path
) -> None:
    config = SummarizerConfig(method="abstractive", model=str(tiny_bart))
    with pytest.raises(ConfigError, match="extractive"):
        build_summarizer(config, _translator(converted))


def test_vmap_is_refused_with_the_reason(converted: Path) -> None:
    with pytest.raises(ModelLoadError, match="writes no vocabulary map"):
        _translator(converted, use_vmap=True)


def test_placeholders_survive_detokenization(tools) -> None:
    """What the model returns goes through Moses detokenization before restore()."""
    output = postprocess("Price is [ID2] rupees , said < ID1 > .", tools[1])
    values = {"<ID1>": "www.example.com", "<ID2>": "1,87,500"}
    assert restore(output, values) == ("Price is 1,87,500 rupees, said www.example.com.", [])

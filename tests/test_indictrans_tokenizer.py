"""The project's IndicTrans2 tokenizer on the REAL indic→en tokenizer files (MIT, in
tests/data/indictrans2-indic-en-tokenizer): FLORES devtest sources, language tags, unknown
pieces, and the target vocabulary a vocabulary map would keep."""

import json
from pathlib import Path

import pytest
import sentencepiece

from tests.tiny_models import flores_lines
from translate_summarize.errors import ModelLoadError
from translate_summarize.text.indicprocessor import preprocess
from translate_summarize.translation.conversion import _ENGLISH_CHARS
from translate_summarize.translation.indictrans import IndicTransTokenizer

REAL = Path(__file__).parent / "data" / "indictrans2-indic-en-tokenizer"


@pytest.fixture(scope="module")
def tokenizer() -> IndicTransTokenizer:
    return IndicTransTokenizer(REAL)


def _reference_ids(text: str, vocab: dict[str, int], model) -> list[int]:
    """The Hub tokenizer's rule: tags, sentencepiece pieces looked up in the dictionary
    (``<unk>`` when absent), ``</s>``."""
    pieces = [model.id_to_piece(i) for i in model.encode(text)]
    return [vocab["hin_Deva"], vocab["eng_Latn"], *(vocab.get(p, 3) for p in pieces), 2]


def test_flores_sources_tokenize_to_sentencepiece_and_dictionary_ids(tokenizer) -> None:
    model = sentencepiece.SentencePieceProcessor(model_file=str(REAL / "model.SRC"))
    sources = flores_lines()
    assert len(sources) == 1012
    prepared = [preprocess(text, tokenizer.normalizer) for text in sources]
    for text, pieces in zip(prepared, tokenizer.pieces(sources)):
        ours = [tokenizer.source_vocab[t] for t in tokenizer.source(pieces, "hin_Deva", "eng_Latn")]
        assert ours == _reference_ids(text, tokenizer.source_vocab, model), text


def test_known_sentence_language_tags_and_unknown_pieces(tokenizer) -> None:
    # The example in the tokenizer's README.
    pieces = tokenizer.pieces(["भारत और रूस के संबंध"])[0]
    ids = [tokenizer.source_vocab[t] for t in tokenizer.source(pieces, "hin_Deva", "eng_Latn")]
    assert ids == [8, 4, 106, 26, 5557, 12, 729, 2]
    # model.SRC has 7,820 pieces the dictionary lacks (such as "▁बिचणो"); they become <unk>.
    pieces = tokenizer.pieces(["वह बिचणो"])[0]
    assert pieces == ["▁वह", "▁बिचणो"] and "▁बिचणो" not in tokenizer.source_vocab
    assert tokenizer.source(pieces, "hin_Deva", "eng_Latn") == [
        "hin_Deva",
        "eng_Latn",
        "▁वह",
        "<unk>",
        "</s>",
    ]
    tokenizer.require("mar_Deva", "real")
    with pytest.raises(ModelLoadError, match="hin_IN"):
        tokenizer.require("hin_IN", "real")


def test_decode_skips_specials_and_tokens_outside_the_dictionary(tokenizer) -> None:
    tokens = ["▁The", "▁price", "▁is", "▁5", "%", "▁.", "<unk>", "<pad>", "NOT_A_PIECE", "</s>"]
    assert tokenizer.decode(tokens) == "The price is 5%."


def test_vocabulary_map_figure_of_the_real_target_vocabulary() -> None:
    """Of the 32,296 target entries, 28,103 are Latin-script, digits, punctuation or symbols
    (the rule the NLLB vocabulary map uses); 4,193 (13 %) are other scripts (Devanagari,
    Cyrillic, Greek, Arabic…), so the indic→en target vocabulary is not English-only."""
    vocab = json.loads((REAL / "dict.TGT.json").read_text(encoding="utf-8"))
    english = [t for t in vocab if _ENGLISH_CHARS.match(t)]
    assert (len(vocab), len(english)) == (32_296, 28_103)

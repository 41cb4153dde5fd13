import pytest

from translate_summarize.config import SummarizerConfig
from translate_summarize.errors import ConfigError
from translate_summarize.record import Document, Sentence
from translate_summarize.summary.summarizer import build_summarizer, select, textrank, tokenize


def test_tokenize_keeps_devanagari_words_whole_and_drops_numbers() -> None:
    assert tokenize("भारत और रूस ने 2024 में Deal की") == ["भारत", "और", "रूस", "ने", "में", "deal", "की"]


def test_textrank_prefers_the_central_sentence() -> None:
    sentences = [
        "india russia defence talks moscow",
        "india russia defence deal signed",
        "russia defence minister visited india",
        "weather today sunny warm",
    ]
    scores = textrank([s.split() for s in sentences])
    assert scores.argmax() in {0, 1, 2}
    assert scores[3] == scores.min()
    assert abs(scores.sum() - 1) < 1e-6


@pytest.mark.parametrize(("n", "k", "expected_len"), [(0, 3, 0), (1, 3, 1), (2, 3, 2), (6, 3, 3)])
def test_select_sizes_and_document_order(n: int, k: int, expected_len: int) -> None:
    token_lists = [f"common words here sentence number {i}".split() for i in range(n)]
    chosen = select(token_lists, k)
    assert len(chosen) == expected_len
    assert chosen == sorted(chosen)


def test_short_lines_are_chosen_only_when_nothing_else_exists() -> None:
    token_lists = [
        ["headline"],
        ["india", "russia", "defence", "talks", "held"],
        ["india", "russia", "defence", "deal", "done"],
    ]
    assert select(token_lists, 2) == [1, 2]
    assert select([["a"], ["b"]], 1) in ([0], [1])


def test_summary_is_parallel_and_falls_back_to_hindi_when_english_is_empty(seeds) -> None:
    doc = Document(id="x", source="x")
    doc.sentences = [
        Sentence(hi="भारत और रूस के बीच रक्षा सहयोग पर चर्चा हुई।", paragraph=0, en=""),
        Sentence(hi="भारत और रूस ने रक्षा सौदे पर बात की।", paragraph=0, en=""),
        Sentence(hi="मौसम आज साफ रहेगा और धूप खिली रहेगी।", paragraph=1, en=""),
    ]
    summary = build_summarizer(SummarizerConfig(sentences=2)).summarize(doc)
    assert summary.indices == [0, 1]
    assert summary.hi == [doc.sentences[0].hi, doc.sentences[1].hi]
    assert len(summary.en) == len(summary.hi)
    assert summary.method == "extractive-textrank"


def test_unknown_method_names_the_key_and_the_valid_ones() -> None:
    from translate_summarize.config import load_config

    with pytest.raises(
        ConfigError, match=r"summarizer\.method: .*'extractive' or 'abstractive'.*'magic'"
    ):
        load_config(None, {"summarizer.method": "magic"})


def test_textrank_on_a_very_long_article_needs_no_square_matrix() -> None:
    # 20,000 sentences: a dense similarity matrix would be 3.2 GB; the sparse products are not.
    import time

    words = "rain flood city relief water road school power".split()
    token_lists = [[words[i % 8], words[(i * 3) % 8], f"w{i % 97}"] for i in range(20_000)]
    started = time.process_time()  # CPU time: other jobs on a shared machine do not count
    scores = textrank(token_lists)
    assert scores.shape == (20_000,) and abs(scores.sum() - 1) < 1e-6
    assert time.process_time() - started < 10

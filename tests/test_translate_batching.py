"""The Translator's own logic — batching, order, splitting — with a fake backend."""

import threading

import pytest

from translate_summarize.config import TranslatorConfig
from translate_summarize.text.chunking import pack, split_clauses
from translate_summarize.translation.batching import plan_batches
from translate_summarize.translation.translator import BACKENDS, Translator


class WordBackend:
    """Counts a token per word (+2 for the language tag and </s>), 'translates' by upper-casing."""

    max_input_tokens = 12
    family, reversible, parallel_batches = "nllb", True, 1
    info = {"library": "fake"}

    def __init__(self, config: TranslatorConfig) -> None:
        self.batches: list[tuple[list[str], int]] = []

    def count_tokens(self, texts):
        return [len(t.split()) + 2 for t in texts]

    def translate_batch(self, texts, max_new_tokens, src_lang, tgt_lang):
        self.batches.append((list(texts), max_new_tokens))
        return [t.upper() if tgt_lang == "eng_Latn" else t.lower() for t in texts]


@pytest.fixture
def translator(monkeypatch: pytest.MonkeyPatch) -> Translator:
    monkeypatch.setitem(BACKENDS, "words", WordBackend)
    config = TranslatorConfig(max_batch_tokens=20, length_ratio=2, length_offset=1)
    return Translator(config.model_copy(update={"backend": "words"}))


def _padded(batch: list[int], lengths: list[int]) -> int:
    return len(batch) * max(lengths[i] for i in batch)


def test_plan_batches_respects_budget_and_covers_every_index() -> None:
    lengths = [5, 1, 9, 3, 3, 30, 2]
    batches = plan_batches(lengths, budget=10)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) == 1 or _padded(batch, lengths) <= 10
    assert batches[0] == [5]  # longest first, alone when over budget


def test_plan_batches_counts_padding() -> None:
    lengths = [80, 70, 60, 50, 40, 30, 20, 10]  # 360 tokens, 640 once padded to 80
    assert plan_batches(lengths, 640) == [list(range(8))]
    batches = plan_batches(lengths, 400)  # 360 would fit unpadded
    # Two batches; of all two-batch cuts this one has the smallest largest batch: 240 and 250
    # padded ([0, 1] + [2…7] would be 160 and 360).
    assert batches == [[0, 1, 2], [3, 4, 5, 6, 7]]
    assert all(_padded(b, lengths) <= 300 for b in plan_batches(lengths, 300))


def test_plan_batches_empty() -> None:
    assert plan_batches([], 100) == []


@pytest.mark.parametrize(
    ("budget", "parallel", "count"),
    [
        (640, 1, 1),
        (640, 2, 2),  # one batch would fit, but the second worker would idle
        (200, 1, 3),
        (200, 2, 4),  # three fit the budget; four keep both workers busy every round
        (640, 3, 3),
        (10, 2, 8),  # never more batches than items
    ],
)
def test_plan_batches_rounds_the_count_to_the_parallel_workers(
    budget: int, parallel: int, count: int
) -> None:
    lengths = [80, 70, 60, 50, 40, 30, 20, 10]
    batches = plan_batches(lengths, budget, parallel)
    assert len(batches) == count
    assert sorted(i for b in batches for i in b) == list(range(8))
    assert all(len(b) == 1 or _padded(b, lengths) <= budget for b in batches)


def test_the_budget_counts_each_output_cap(translator: Translator) -> None:
    # Three one-word sources: 3 tokens each, cap 2 * 3 + 1 = 7, so 10 tokens each in flight.
    # Counting source tokens alone (9) would put them in one batch of the 20-token budget.
    translator.translate(["a", "b", "c"])
    assert [len(texts) for texts, _ in translator.backend.batches] == [2, 1]


def test_batches_with_the_most_decoding_work_go_first(translator: Translator) -> None:
    # "x y z": 5 tokens, cap 11, alone (16 of 20); one-word sources pair up, 2 x cap 7 = 14.
    texts = ["x y z", "a", "b", "c", "d"]
    translator.translate(texts)
    batches = translator.backend.batches
    assert [(len(texts), cap) for texts, cap in batches] == [(2, 7), (2, 7), (1, 11)]
    assert batches[-1][0] == ["x y z"]  # the longest source, but the least decoding work


class ParallelBackend(WordBackend):
    """Decodes two batches at once; each call waits for the other at a barrier, so the test
    fails (BrokenBarrierError) unless the Translator really keeps two batches in flight."""

    parallel_batches = 2

    def __init__(self, config: TranslatorConfig) -> None:
        super().__init__(config)
        self.barrier = threading.Barrier(2, timeout=10)
        self.threads: set[str] = set()

    def translate_batch(self, texts, max_new_tokens, src_lang, tgt_lang):
        self.threads.add(threading.current_thread().name)
        if "fail" in texts:
            raise RuntimeError("decoder failed")
        self.barrier.wait()
        return super().translate_batch(texts, max_new_tokens, src_lang, tgt_lang)


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> Translator:
    monkeypatch.setitem(BACKENDS, "parallel", ParallelBackend)
    config = TranslatorConfig(max_batch_tokens=40, length_ratio=1, length_offset=0)
    return Translator(config.model_copy(update={"backend": "parallel"}))


def test_parallel_batches_share_the_budget_and_keep_order(parallel: Translator) -> None:
    texts = [" ".join(f"w{i}" for i in range(n)) for n in (1, 6, 3, 2, 5, 4, 1, 2)]
    done: list[int] = []
    results = parallel.translate(texts, progress=done.append)
    assert [r.text for r in results] == [t.upper() for t in texts]
    batches = [texts for texts, _ in parallel.backend.batches]
    assert len(batches) % 2 == 0 and len(parallel.backend.threads) == 2
    # Each sentence counts its source tokens and its output cap (as many again here): 40 ÷ 2.
    assert all(len(b) * 2 * max(len(t.split()) + 2 for t in b) <= 20 for b in batches)
    assert sum(done) == len(texts)


def test_a_failing_parallel_batch_raises_and_does_not_hang(parallel: Translator) -> None:
    parallel.backend.barrier = threading.Barrier(1)  # no partner needed: one batch fails
    with pytest.raises(RuntimeError, match="decoder failed"):
        parallel.translate(["a b c", "fail", "d e", "f"])


def test_translate_keeps_input_order_across_sorted_batches(translator: Translator) -> None:
    texts = ["a b c d e f", "x", "", "m n o", "p q r s t u v", "y z"]
    results = translator.translate(texts)
    assert [r.text for r in results] == [t.upper() for t in texts]
    assert len(translator.backend.batches) > 1
    assert all(not r.chunked for r in results)


def test_output_cap_is_tied_to_the_longest_source(translator: Translator) -> None:
    roomy = Translator(translator.config.model_copy(update={"max_batch_tokens": 40}))
    roomy.translate(["a b c", "a"])
    ((texts, cap),) = roomy.backend.batches
    assert cap == 2 * 5 + 1  # longest source is 3 words + 2 special tokens
    assert roomy.output_cap(10_000) == roomy.config.max_length


def test_long_sentence_is_split_not_truncated(translator: Translator) -> None:
    words = [f"w{i}" for i in range(40)]
    long = " ".join(words[:20]) + ", " + " ".join(words[20:])
    (result,) = translator.translate([long])
    assert result.chunked
    assert result.text.replace(",", "").split() == [w.upper() for w in words]


def test_pack_never_drops_text() -> None:
    parts = ["one two", "three", "four five six seven eight nine ten eleven twelve", "end"]
    sizes = [len(p.split()) for p in parts]
    pieces = pack(parts, sizes, limit=4)
    assert " ".join(pieces).split() == " ".join(parts).split()
    assert all(len(p.split()) <= 4 for p in pieces)


def test_split_clauses_at_commas_and_conjunctions() -> None:
    assert split_clauses("पहला हिस्सा, दूसरा हिस्सा और तीसरा हिस्सा") == [
        "पहला हिस्सा,",
        "दूसरा हिस्सा",
        "और तीसरा हिस्सा",
    ]


def test_unknown_backend_names_the_key_and_the_valid_ones() -> None:
    from translate_summarize.config import load_config
    from translate_summarize.errors import ConfigError

    with pytest.raises(ConfigError, match=r"backend: .*'ctranslate2' or 'transformers'.*'nope'"):
        load_config(None, {"translator.backend": "nope"})


def test_reverse_translates_towards_the_source_language(translator: Translator) -> None:
    assert [r.text for r in translator.translate(["Ab Cd"], reverse=True)] == ["ab cd"]

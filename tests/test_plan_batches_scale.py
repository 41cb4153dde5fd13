"""Batch planning at scale: O(n log n), and no worse than the quadratic planner it replaced.

``_quadratic_plan`` is the planner before issue 23, kept here as the oracle: it cut the sorted
items at the midpoints of equal token shares and retried with one more batch (O(n) per try)
until every batch fit, which took minutes for 100k sentences. The new planner gives the fewest
batches any cut of the sorted items can have (checked by brute force), so never more than the
old one; padded tokens stay within 1 % of the old planner's on real sentence lengths.
"""

import math
import random
import time
from collections.abc import Sequence

import pytest

from tests.helpers import FLORES
from translate_summarize.translation.batching import padded_size, plan_batches

FLORES_HINDI = FLORES / "hin_Deva.devtest"


def _quadratic_plan(lengths: Sequence[int], budget: int, parallel: int = 1) -> list[list[int]]:
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    if not order:
        return []
    count = min(
        len(order), math.ceil(max(1, math.ceil(sum(lengths) / budget)) / parallel) * parallel
    )
    while True:
        share = sum(lengths) / count
        batches: list[list[int]] = [[] for _ in range(count)]
        used = 0
        for index in order:
            batches[min(count - 1, int((used + lengths[index] / 2) / share))].append(index)
            used += lengths[index]
        batches = [batch for batch in batches if batch]
        if all(padded_size(b, lengths) <= budget or len(b) == 1 for b in batches):
            return batches
        count = math.ceil((count + 1) / parallel) * parallel


def _in_flight(source_tokens: int) -> int:
    """What the Translator counts per sentence: source tokens plus the default output cap."""
    return source_tokens + min(256, 2 * source_tokens + 10)


def _flores_sizes(count: int) -> list[int]:
    # About four characters per sentencepiece token in Hindi news, plus language tag and </s>.
    lines = FLORES_HINDI.read_text(encoding="utf-8").splitlines()[:count]
    return [_in_flight(math.ceil(len(line) / 4) + 2) for line in lines]


def _lognormal_sizes(count: int, seed: int) -> list[int]:
    rng = random.Random(seed)
    return [_in_flight(max(3, int(rng.lognormvariate(3.2, 0.6)))) for _ in range(count)]


def _check_plan(batches: list[list[int]], lengths: Sequence[int], budget: int) -> None:
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    assert all(len(b) == 1 or padded_size(b, lengths) <= budget for b in batches)


@pytest.mark.parametrize("parallel", [1, 2])
@pytest.mark.parametrize("budget", [300, 600, 1200, 2400])
@pytest.mark.parametrize("source", ["flores-32", "flores-300", "flores-1012", "lognormal-2000"])
def test_no_more_batches_and_no_more_padding_than_the_old_planner(
    source: str, budget: int, parallel: int
) -> None:
    kind, count = source.split("-")
    lengths = _flores_sizes(int(count)) if kind == "flores" else _lognormal_sizes(int(count), 7)
    new, old = plan_batches(lengths, budget, parallel), _quadratic_plan(lengths, budget, parallel)
    _check_plan(new, lengths, budget)
    assert len(new) <= len(old)
    assert len(new) % parallel == 0
    padded_new = sum(padded_size(b, lengths) for b in new)
    padded_old = sum(padded_size(b, lengths) for b in old)
    assert padded_new <= 1.01 * padded_old  # measured: 0.97x to 1.008x


def _fewest_contiguous_batches(sizes: list[int], budget: int) -> int:
    """Brute force: the fewest batches of any contiguous cut of ``sizes`` (longest first)
    in which every batch fits the budget or holds one item."""
    best = {0: 0}
    for end in range(1, len(sizes) + 1):
        best[end] = min(
            best[start] + 1
            for start in range(end)
            if end - start == 1 or (end - start) * sizes[start] <= budget
        )
    return best[len(sizes)]


@pytest.mark.parametrize("seed", range(60))
def test_the_batch_count_is_the_fewest_any_sorted_cut_can_have(seed: int) -> None:
    # The old planner, like every planner that cuts the length-sorted items into runs, can
    # only use more batches: the count is minimal (then rounded up to a multiple of parallel).
    rng = random.Random(seed)
    lengths = [rng.randint(1, 60) for _ in range(rng.randint(1, 9))]
    budget, parallel = rng.choice([40, 90, 150]), rng.choice([1, 2])
    fewest = _fewest_contiguous_batches(sorted(lengths, reverse=True), budget)
    expected = min(len(lengths), math.ceil(fewest / parallel) * parallel)
    assert len(plan_batches(lengths, budget, parallel)) == expected


@pytest.mark.parametrize("seed", range(40))
def test_random_plans_fit_the_budget(seed: int) -> None:
    rng = random.Random(seed)
    lengths = [rng.choice([0, 1, 2, 5, 40, 300, 900]) for _ in range(rng.randint(1, 30))]
    budget, parallel = rng.choice([1, 10, 100, 600]), rng.choice([1, 2, 3])
    batches = plan_batches(lengths, budget, parallel)
    _check_plan(batches, lengths, budget)
    if sum(lengths) == 0:
        assert len(batches) == min(len(lengths), parallel)  # nothing to pad: one per worker


def test_a_hundred_thousand_sentences_plan_in_well_under_a_second() -> None:
    lengths = _lognormal_sizes(100_000, 1)
    started = time.process_time()  # CPU time: other jobs on a shared machine do not count
    batches = plan_batches(lengths, 600, 2)
    seconds = time.process_time() - started
    _check_plan(batches, lengths, 600)
    assert seconds < 1.0, f"planning 100k sentences took {seconds:.2f} s"


@pytest.mark.parametrize(
    ("lengths", "parallel"), [([0, 0, 0], 1), ([0, 0, 0], 2), ([0], 4), ([7, 0, 0], 1)]
)
def test_zero_length_items_plan_without_dividing_by_zero(lengths: list[int], parallel: int) -> None:
    # The old planner divided by the total (ZeroDivisionError when every item was empty).
    _check_plan(plan_batches(lengths, 10, parallel), lengths, 10)

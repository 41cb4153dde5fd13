"""Batches: which sentences are decoded together (a padded-token budget over length-sorted
sources, balanced and rounded to the batches decoded at once), and running them with several
in flight.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def run_batches(
    run: Callable[[Item], Result], items: list[Item], parallel: int
) -> Iterator[Result]:
    """Results of ``run`` over ``items`` (batches), with up to ``parallel`` in flight.

    CTranslate2 releases the GIL while it decodes, so plain threads keep its ``inter_threads``
    workers busy. Results come as batches finish; a failure cancels the batches not started.
    """
    if parallel == 1 or len(items) < 2:
        yield from map(run, items)
        return
    pool = ThreadPoolExecutor(max_workers=parallel, thread_name_prefix="translate")
    try:
        futures = [pool.submit(run, item) for item in items]
        for future in as_completed(futures):
            yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def plan_batches(lengths: Sequence[int], budget: int, parallel: int = 1) -> list[list[int]]:
    """Group indices into as few batches as the budget allows, with balanced sizes.

    ``lengths`` are each item's size in tokens, and a batch costs its padded size: item count
    times its longest item. Items are sorted by length once (longest first), so the padding
    inside a batch stays small, and cut into contiguous batches:

    - the count is the fewest any contiguous cut of the sorted items can have (a greedy cut is
      optimal here, since any part of a batch that fits also fits), rounded up to a multiple
      of ``parallel`` so no worker idles through the last round while another decodes;
    - among cuts into that many batches, the largest padded batch is as small as possible
      (binary search over the padded limit), so the batches are balanced;
    - an item over the budget on its own gets a batch of its own.

    O(n log n) for the sort; each greedy cut jumps batch by batch (a batch that starts with an
    item of ``s`` tokens holds ``limit // s`` items), so the search costs O(batches × log budget).
    """
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    if not order:
        return []
    sizes = [lengths[i] for i in order]
    count = min(len(sizes), _round_up(len(_greedy_cuts(sizes, budget)) + 1, parallel))
    low, high = 1, max(budget, sizes[0], 1)
    while low < high:  # the smallest padded limit that needs no more than `count` batches
        middle = (low + high) // 2
        if len(_greedy_cuts(sizes, middle)) + 1 <= count:
            high = middle
        else:
            low = middle + 1
    cuts = _split_to(_greedy_cuts(sizes, low), sizes, count)
    return [order[start:end] for start, end in zip([0, *cuts], [*cuts, len(order)])]


def padded_size(batch: Sequence[int], lengths: Sequence[int]) -> int:
    """Tokens a batch occupies once padded to its longest item."""
    return len(batch) * max(lengths[i] for i in batch)


def _round_up(count: int, multiple: int) -> int:
    return math.ceil(count / multiple) * multiple


def _greedy_cuts(sizes: Sequence[int], limit: int) -> list[int]:
    """Start positions of the 2nd, 3rd… batch when each batch takes as many of the
    longest-first ``sizes`` as fit in ``limit`` padded tokens (at least one)."""
    cuts: list[int] = []
    start = 0
    while True:
        start += max(1, limit // sizes[start]) if sizes[start] > 0 else len(sizes)
        if start >= len(sizes):
            return cuts
        cuts.append(start)


def _split_to(cuts: list[int], sizes: Sequence[int], count: int) -> list[int]:
    """Halve the largest padded batches until there are ``count`` (at most one per item)."""
    starts = [0, *cuts]
    ends = [*cuts, len(sizes)]
    # Only batches of two or more items can be halved; count <= len(sizes) keeps one available.
    heap = [(-(e - s) * sizes[s], s, e) for s, e in zip(starts, ends) if e - s > 1]
    heapq.heapify(heap)
    for _ in range(count - len(starts)):
        _, start, end = heapq.heappop(heap)
        middle = (start + end) // 2
        starts.append(middle)
        for s, e in ((start, middle), (middle, end)):
            if e - s > 1:
                heapq.heappush(heap, (-(e - s) * sizes[s], s, e))
    return sorted(starts)[1:]

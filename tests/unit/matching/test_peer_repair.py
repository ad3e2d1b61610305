"""Repairing the peers' relaxation: along an even path or cycle, the best pairs with everyone paired."""

from __future__ import annotations

import itertools
import random

import pytest

from mentorkit.domain.matching.peer import _best_pairs


def _brute(m: int, w: list[int], cycle: bool) -> tuple[int, int]:
    edges = [(k, (k + 1) % m, w[k]) for k in range(m if cycle else m - 1)]
    best = (0, 0)
    for size in range(m // 2, 0, -1):
        for chosen in itertools.combinations(edges, size):
            ends = [x for a, b, _ in chosen for x in (a, b)]
            if len(ends) == len(set(ends)):
                best = max(best, (size, sum(c[2] for c in chosen)))
        if best[0]:
            return best
    return best


@pytest.mark.parametrize("seed", range(60))
def test_best_pairs_along_a_chain_are_the_best_possible(seed):
    rng = random.Random(seed)
    cycle = seed % 2 == 0
    m = 2 * rng.randint(1 if not cycle else 2, 5)  # the repair pairs along even chains only
    w = [rng.randint(0, 100) for _ in range(m)]
    pairs = _best_pairs(list(range(m)), w, cycle)
    ends = [x for a, b, _ in pairs for x in (a, b)]
    assert len(ends) == len(set(ends))
    assert all(w[min(a, b)] == s if abs(a - b) == 1 else w[m - 1] == s for a, b, s in pairs)
    assert (len(pairs), sum(s for _, _, s in pairs)) == _brute(m, w, cycle)

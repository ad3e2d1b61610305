"""Dual prices: a left-out pair is flagged exactly when it is needed to prove or reach the optimum."""

from __future__ import annotations

import numpy as np
import pytest

from mentorkit.domain.matching.optimiser import solve_indices
from mentorkit.domain.matching.pricing import prices


def _objective(mentee, mentor, score, chosen):
    return len(chosen), int(score[chosen].sum())


@pytest.mark.parametrize("seed", range(40))
def test_prices_flag_a_left_out_pair_whenever_the_optimum_needs_one(seed):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(3, 30)), int(rng.integers(2, 12))
    per = int(rng.integers(1, m + 1))
    mentee = np.repeat(np.arange(n), per).astype(np.int32)
    mentor = np.concatenate([rng.choice(m, per, replace=False) for _ in range(n)]).astype(np.int32)
    score = rng.integers(0, 100_001, len(mentee)).astype(np.int64)
    capacity = rng.integers(0, 4, m).astype(np.int64)
    # odd seeds hide only low scores (often provably harmless), even seeds hide at random
    seen = score >= np.quantile(score, 0.3) if seed % 2 else rng.random(len(score)) < 0.5
    full = _objective(mentee, mentor, score, solve_indices(mentee, mentor, score, n, capacity))
    kept = np.flatnonzero(seen)
    chosen = solve_indices(mentee[kept], mentor[kept], score[kept], n, capacity)
    restricted = _objective(mentee[kept], mentor[kept], score[kept], chosen)
    p = prices(mentee[kept], mentor[kept], score[kept], chosen, n, capacity)
    left = np.flatnonzero(~seen)
    flagged = score[left] > np.diagonal(p.threshold(mentee[left], mentor[left]))
    if restricted != full:
        assert flagged.any()
    if not flagged.any():
        assert restricted == full


def test_seen_pairs_are_never_flagged():
    """Potentials are valid on the optimiser's own pairs: chosen and unchosen alike pass."""
    rng = np.random.default_rng(7)
    mentee = np.repeat(np.arange(20), 4).astype(np.int32)
    mentor = rng.integers(0, 6, 80).astype(np.int32)
    keys = np.unique((mentee.astype(np.int64) << 32) | mentor, return_index=True)[1]
    mentee, mentor = mentee[keys], mentor[keys]
    score = rng.integers(0, 100_001, len(mentee)).astype(np.int64)
    capacity = np.full(6, 2, np.int64)
    chosen = solve_indices(mentee, mentor, score, 20, capacity)
    p = prices(mentee, mentor, score, chosen, 20, capacity)
    assert not (score > np.diagonal(p.threshold(mentee, mentor))).any()

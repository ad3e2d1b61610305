"""The optimiser is exact: most mentees matched, then the highest total score."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from mentorkit.domain.matching.optimiser import Edges, InfeasibleInput, solve


def _random_instance(rng: random.Random, n_mentees: int, n_mentors: int, density: float):
    triples = [
        (f"e{a}", f"m{b}", round(rng.uniform(0, 100), rng.choice([0, 1, 3])))
        for a in range(n_mentees)
        for b in range(n_mentors)
        if rng.random() < density
    ]
    capacities = {f"m{b}": rng.randint(0, 3) for b in range(n_mentors)}
    return triples, capacities


def _brute_force(triples, capacities) -> tuple[int, float]:
    """Best (matched, total) by trying every choice of at most one mentor per mentee."""
    by_mentee: dict[str, list[tuple[str, float]]] = {}
    for mentee, mentor, score in triples:
        by_mentee.setdefault(mentee, []).append((mentor, score))
    options = [[None, *edges] for edges in by_mentee.values()]
    best = (0, 0.0)
    for choice in itertools.product(*options):
        picked = [c for c in choice if c is not None]
        load: dict[str, int] = {}
        for mentor, _ in picked:
            load[mentor] = load.get(mentor, 0) + 1
        if all(load[m] <= capacities.get(m, 0) for m in load):
            best = max(best, (len(picked), round(sum(s for _, s in picked), 3)))
    return best


def _scipy_optimum(triples, capacities) -> tuple[int, float]:
    """Same objective through scipy: mentors expanded to capacity slots, big bonus per match."""
    mentees = sorted({t[0] for t in triples})
    slots = [m for m, c in sorted(capacities.items()) for _ in range(c)]
    if not mentees or not slots:
        return (0, 0.0)
    big = 10**6
    weight = np.zeros((len(mentees), len(slots)))
    row = {m: i for i, m in enumerate(mentees)}
    for mentee, mentor, score in triples:
        for j, slot in enumerate(slots):
            if slot == mentor:
                weight[row[mentee], j] = big + round(score * 1000)
    rows, cols = linear_sum_assignment(weight, maximize=True)
    used = weight[rows, cols]
    used = used[used > 0]
    return (len(used), round(float((used - big).sum()) / 1000, 3))


def test_matches_brute_force_on_small_random_instances():
    rng = random.Random(5)
    for _ in range(150):
        triples, capacities = _random_instance(rng, rng.randint(1, 6), rng.randint(1, 4), 0.6)
        result = solve(Edges.from_triples(triples), capacities)
        assert (result.matched, round(result.total_score, 3)) == _brute_force(triples, capacities)


def test_matches_scipy_linear_sum_assignment_on_random_instances():
    rng = random.Random(11)
    for _ in range(60):
        triples, capacities = _random_instance(rng, rng.randint(5, 40), rng.randint(3, 15), 0.3)
        result = solve(Edges.from_triples(triples), capacities)
        assert (result.matched, round(result.total_score, 3)) == _scipy_optimum(triples, capacities)


def test_more_matches_beat_a_higher_total_score():
    # One mentor slot could go to "a" for 100 points, but then "b" has nobody:
    # giving "a" the weaker mentor matches both.
    triples = [("a", "x", 100), ("a", "y", 1), ("b", "x", 1)]
    result = solve(Edges.from_triples(triples), {"x": 1, "y": 1})
    assert result.matched == 2
    assert {(p.mentee_id, p.mentor_id) for p in result.pairs()} == {("a", "y"), ("b", "x")}


def test_capacity_is_never_exceeded():
    rng = random.Random(3)
    triples, capacities = _random_instance(rng, 200, 20, 0.5)
    result = solve(Edges.from_triples(triples), capacities)
    load: dict[str, int] = {}
    for pair in result.pairs():
        load[pair.mentor_id] = load.get(pair.mentor_id, 0) + 1
    assert all(load[m] <= capacities[m] for m in load)
    assert len({p.mentee_id for p in result.pairs()}) == result.matched


def test_decimal_scores_stay_exact():
    triples = [("a", "x", 33.333), ("b", "y", 33.334), ("c", "z", 33.333)]
    result = solve(Edges.from_triples(triples), {"x": 1, "y": 1, "z": 1})
    assert result.total_score == 100.0
    assert [p.score for p in result.pairs()] == [33.333, 33.334, 33.333]


def test_mentors_missing_from_capacities_take_nobody():
    result = solve(Edges.from_triples([("a", "x", 90)]), {})
    assert result.matched == 0


def test_empty_input_gives_an_empty_assignment():
    result = solve(Edges.from_triples([]), {})
    assert result.to_dict() == {"pairs": [], "total_score": 0.0, "matched": 0}


def test_scores_outside_0_to_100_are_refused():
    with pytest.raises(InfeasibleInput):
        solve(Edges.from_triples([("a", "x", 101)]), {"x": 1})

"""Peer matching: pairs among equals, a general (non-bipartite) graph, at scale with a proven bound.

An exact blossom algorithm in pure Python (networkx) takes minutes past a few thousand
peers. Instead every peer appears twice, once on each side of a bipartite graph, and a
pair {i, j} may be used as i → j and as j → i. The best assignment of that graph (a
min-cost flow, most arcs first, then the highest score) is at least twice as good as
any peer matching, so half of it bounds the optimum from above. Where it pairs i → j
and j → i it has found a pair; what is left (odd cycles, paths, unmatched peers) is a
small graph, matched exactly by networkx. The gap between the bound and the answer is
reported: zero proves the answer optimal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def symmetric_edges(a: np.ndarray, b: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fold (i, j) and (j, i) candidates into one undirected edge i < j."""
    low, high = np.minimum(a, b), np.maximum(a, b)
    keys = (low.astype(np.int64) << 32) | high.astype(np.int64)
    _, first = np.unique(keys, return_index=True)
    return low[first], high[first], score[first]


def both_ways(a: np.ndarray, b: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every undirected edge as the two arcs i → j and j → i (self-loops dropped)."""
    low, high, weight = symmetric_edges(a, b, score)
    keep = low != high
    low, high, weight = low[keep], high[keep], weight[keep]
    return np.concatenate([low, high]), np.concatenate([high, low]), np.concatenate([weight, weight])


@dataclass(frozen=True)
class PeerAnswer:
    pairs: list[tuple[int, int]]
    """(i, j) with i < j."""
    bound_pairs: int
    """No peer matching has more pairs than this."""
    bound_score: int | None
    """Milli-points no matching with `bound_pairs` pairs can beat (None: pairs not proven)."""
    score: int


def repair(tail: np.ndarray, head: np.ndarray, score: np.ndarray, chosen: np.ndarray) -> PeerAnswer:
    """Pairs from the bipartite relaxation's chosen arcs, the rest matched exactly.

    `tail`, `head`, `score` are the arcs (both ways) the relaxation was solved on.
    """
    import networkx as nx  # here, not at the top: `mentorkit solve` never needs it and it is slow to import

    n = int(max(tail.max(initial=-1), head.max(initial=-1))) + 1
    succ = np.full(n, -1, np.int64)
    succ[tail[chosen]] = head[chosen]
    mutual = np.flatnonzero((succ >= 0) & (succ[np.maximum(succ, 0)] == np.arange(n)) & (succ > np.arange(n)))
    pairs = list(zip(mutual.tolist(), succ[mutual].tolist()))
    taken = np.zeros(n, bool)
    taken[mutual] = taken[succ[mutual]] = True
    open_arc = ~taken[tail] & ~taken[head] & (tail < head)
    if open_arc.any():
        graph = nx.Graph()
        graph.add_weighted_edges_from(zip(tail[open_arc].tolist(), head[open_arc].tolist(),
                                          score[open_arc].tolist()))
        pairs += [tuple(sorted(p)) for p in nx.max_weight_matching(graph, maxcardinality=True)]
    first = chosen[(tail[chosen] < head[chosen]) & taken[tail[chosen]]]
    total = int(score[first].sum()) + sum(int(graph[i][j]["weight"]) for i, j in pairs[len(mutual):]) \
        if open_arc.any() else int(score[first].sum())
    arcs = len(chosen)
    relaxed = int(score[chosen].sum())
    proven = 2 * len(pairs) == arcs
    return PeerAnswer(pairs=sorted(pairs), bound_pairs=arcs // 2, bound_score=relaxed // 2 if proven else None,
                      score=total)


def pair_scores(tail: np.ndarray, head: np.ndarray, score: np.ndarray, pairs: list[tuple[int, int]]) -> list[int]:
    """The score of each pair (i, j), looked up among the arcs by sorted keys."""
    if not pairs:
        return []
    keys = (tail.astype(np.int64) << 32) | head.astype(np.int64)
    order = np.argsort(keys)
    wanted = np.array([(i << 32) | j for i, j in pairs], np.int64)
    return score[order[np.searchsorted(keys, wanted, sorter=order)]].tolist()

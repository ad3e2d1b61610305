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


EXACT_LEFTOVER = 1_000
"""Up to this many peers outside the relaxation's mutual pairs are matched exactly by networkx."""


def repair(tail: np.ndarray, head: np.ndarray, score: np.ndarray, chosen: np.ndarray) -> PeerAnswer:
    """Pairs from the bipartite relaxation's chosen arcs, the rest matched exactly.

    `tail`, `head`, `score` are the arcs (both ways) the relaxation was solved on. Its
    chosen arcs form mutual pairs, paths and cycles. Mutual pairs are kept. If few peers
    are left, they are matched exactly; otherwise each even path and cycle first gives its
    best alternate pairs (as good as the relaxation there), and only the peers on odd ones
    and those left unmatched are matched exactly. Where that leaves peers single although
    more pairs are possible, the alternate pairs next to them are freed and the exact
    matching runs again on the larger set.
    """
    n = int(max(tail.max(initial=-1), head.max(initial=-1))) + 1
    succ = np.full(n, -1, np.int64)
    succ[tail[chosen]] = head[chosen]
    weight = np.zeros(n, np.int64)
    weight[tail[chosen]] = score[chosen]
    mutual = np.flatnonzero((succ >= 0) & (succ[np.maximum(succ, 0)] == np.arange(n)) & (succ > np.arange(n)))
    taken = np.zeros(n, bool)
    taken[mutual] = taken[succ[mutual]] = True
    along = list(zip(mutual.tolist(), succ[mutual].tolist(), weight[mutual].tolist()))
    if ((succ >= 0) & ~taken).sum() > EXACT_LEFTOVER:
        along += _along_chains(succ, weight, taken)
    pair_of = np.full(n, -1, np.int64)  # vertex → its pair in `along` while that pair is kept
    for k, (a, b, _) in enumerate(along):
        pair_of[a] = pair_of[b] = k
    while True:
        exact = _exact(tail, head, score, pair_of < 0)
        matched = 2 * (int((np.unique(pair_of[pair_of >= 0])).size) + len(exact))
        single = pair_of < 0
        single[[x for p in exact for x in p[:2]]] = False
        near = np.unique(pair_of[head[single[tail] & (pair_of[head] >= 0)]])
        if matched >= len(chosen) or len(near) == 0:
            break
        pair_of[np.isin(pair_of, near)] = -1  # free the kept pairs next to a single and solve again
    kept = [along[k] for k in np.unique(pair_of[pair_of >= 0]).tolist()] + exact
    pairs = [(min(a, b), max(a, b)) for a, b, _ in kept]
    total = sum(w for _, _, w in kept)
    arcs = len(chosen)
    proven = 2 * len(pairs) == arcs
    return PeerAnswer(pairs=sorted(pairs), bound_pairs=arcs // 2,
                      bound_score=int(score[chosen].sum()) // 2 if proven else None, score=total)


def _exact(tail: np.ndarray, head: np.ndarray, score: np.ndarray, free: np.ndarray) -> list[tuple[int, int, int]]:
    """The best matching (most pairs, then score) among the `free` peers, by networkx's blossom."""
    import networkx as nx  # here, not at the top: `mentorkit solve` never needs it and it is slow to import

    arc = free[tail] & free[head] & (tail < head)
    if not arc.any():
        return []
    graph = nx.Graph()
    graph.add_weighted_edges_from(zip(tail[arc].tolist(), head[arc].tolist(), score[arc].tolist()))
    return [(i, j, int(graph[i][j]["weight"])) for i, j in nx.max_weight_matching(graph, maxcardinality=True)]


def _along_chains(succ: np.ndarray, weight: np.ndarray, taken: np.ndarray) -> list[tuple[int, int, int]]:
    """(a, b, score) pairs taken along each path and cycle of the relaxation's arcs."""
    n = len(succ)
    pred = np.full(n, -1, np.int64)
    pred[succ[succ >= 0]] = np.flatnonzero(succ >= 0)
    seen = taken.copy()
    out: list[tuple[int, int, int]] = []
    starts = np.flatnonzero(~seen & (succ >= 0) & (pred < 0)).tolist()
    others = np.flatnonzero(~seen & (succ >= 0) & (pred >= 0)).tolist()
    for first, is_path in [(v, True) for v in starts] + [(v, False) for v in others]:
        if seen[first]:
            continue
        chain = [first]
        seen[first] = True
        while succ[chain[-1]] >= 0 and not seen[succ[chain[-1]]]:
            chain.append(int(succ[chain[-1]]))
            seen[chain[-1]] = True
        if len(chain) % 2 == 0:  # odd chains are left to the exact matching, with the unmatched
            out += _best_pairs(chain, weight[chain].tolist(), cycle=not is_path)  # w[k]: arc chain[k] → next
    return out


def _best_pairs(chain: list[int], w: list[int], cycle: bool) -> list[tuple[int, int, int]]:
    """Alternate pairs along an even path (one way to pair everybody) or an even cycle (the
    better of two); w[k] is the score between chain[k] and the next peer."""
    m = len(chain)
    start = max((0, 1) if cycle else (0,), key=lambda s: sum(w[(s + 2 * t) % m] for t in range(m // 2)))
    return [(chain[(start + 2 * t) % m], chain[(start + 2 * t + 1) % m], w[(start + 2 * t) % m])
            for t in range(m // 2)]


def pair_scores(tail: np.ndarray, head: np.ndarray, score: np.ndarray, pairs: list[tuple[int, int]]) -> list[int]:
    """The score of each pair (i, j), looked up among the arcs by sorted keys."""
    if not pairs:
        return []
    keys = (tail.astype(np.int64) << 32) | head.astype(np.int64)
    order = np.argsort(keys)
    wanted = np.array([(i << 32) | j for i, j in pairs], np.int64)
    return score[order[np.searchsorted(keys, wanted, sorter=order)]].tolist()

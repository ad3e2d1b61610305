"""Peer matching: pairs among equals, a general (non-bipartite) graph.

networkx's blossom algorithm with `maxcardinality=True` gives, exactly, the largest
matching and among those the heaviest; integer milli-point weights keep it exact.
"""

from __future__ import annotations

import numpy as np


def symmetric_edges(a: np.ndarray, b: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fold (i, j) and (j, i) candidates into one undirected edge i < j."""
    low, high = np.minimum(a, b), np.maximum(a, b)
    keys = (low.astype(np.int64) << 32) | high.astype(np.int64)
    _, first = np.unique(keys, return_index=True)
    return low[first], high[first], score[first]


def solve_peers(a: np.ndarray, b: np.ndarray, score: np.ndarray) -> list[tuple[int, int]]:
    """Most peers paired, then the highest total score; returns (i, j) with i < j."""
    import networkx as nx  # here, not at the top: `mentorkit solve` never needs it and it is slow to import

    low, high, weight = symmetric_edges(a, b, score)
    graph = nx.Graph()
    graph.add_weighted_edges_from(zip(low.tolist(), high.tolist(), weight.tolist()))
    return sorted(tuple(sorted(pair)) for pair in nx.max_weight_matching(graph, maxcardinality=True))

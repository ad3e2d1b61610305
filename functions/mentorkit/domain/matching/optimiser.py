"""The exact optimiser: most mentees matched first, then the highest total score.

Scores arrive as integer milli-points (score × 1000), so decimals such as 72.125 stay
exact and the solver works on integers only. The problem is a bipartite b-matching,
solved as a min-cost flow with OR-Tools:

    source ─(cap 1)─▶ mentee ─(cap 1, cost MAX − score)─▶ mentor ─(cap capacity)─▶ sink

`solve_max_flow_with_min_cost` first finds the largest flow (= most mentees matched)
and, among all flows of that size, the cheapest one. Every source-to-sink path crosses
exactly one mentee–mentor arc, so for a fixed number of matches k the cost is
k × MAX − total score: the cheapest maximum flow is the highest-scoring maximum
matching. That is the lexicographic objective, exactly, with no "big M" constant.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

SCALE = 1000
"""Scores are stored as integer milli-points: 72.125 points → 72125."""

MAX_SCORE = 100 * SCALE
CHUNK = 1 << 21
"""Pairs handed to (and read back from) the solver at once, so that 30 million pairs
never need more than a few MB of temporary arrays beside the solver's own graph."""


class InfeasibleInput(ValueError):
    """The optimiser was given something no flow network can express."""


def to_milli(score: float) -> int:
    """Turn a 0–100 score into exact integer milli-points (rounded half away from 0)."""
    return int(np.floor(float(score) * SCALE + 0.5))


@dataclass(frozen=True)
class Edges:
    """Allowed mentee–mentor pairs as parallel numpy arrays, with the ids they index.

    Memory grows with the number of allowed pairs only: 1.5 M pairs take ~24 MB.
    """

    mentee_ids: Sequence[str]
    mentor_ids: Sequence[str]
    mentee: np.ndarray  # int32 index into mentee_ids
    mentor: np.ndarray  # int32 index into mentor_ids
    score: np.ndarray  # int64 milli-points, 0..MAX_SCORE

    def __post_init__(self) -> None:
        if not (len(self.mentee) == len(self.mentor) == len(self.score)):
            raise InfeasibleInput("edge arrays must have the same length")

    @classmethod
    def from_triples(cls, triples: Iterable[tuple[str, str, float]]) -> Edges:
        """Build from (mentee_id, mentor_id, score 0–100) triples, e.g. a CSV's rows."""
        mentee_index: dict[str, int] = {}
        mentor_index: dict[str, int] = {}
        mentees: list[int] = []
        mentors: list[int] = []
        scores: list[int] = []
        for mentee_id, mentor_id, score in triples:
            mentees.append(mentee_index.setdefault(mentee_id, len(mentee_index)))
            mentors.append(mentor_index.setdefault(mentor_id, len(mentor_index)))
            scores.append(to_milli(score))
        return cls(
            mentee_ids=list(mentee_index),
            mentor_ids=list(mentor_index),
            mentee=np.asarray(mentees, dtype=np.int32),
            mentor=np.asarray(mentors, dtype=np.int32),
            score=np.asarray(scores, dtype=np.int64),
        )

    def __len__(self) -> int:
        return len(self.score)


@dataclass(frozen=True)
class Pair:
    mentee_id: str
    mentor_id: str
    score: float


@dataclass(frozen=True)
class Assignment:
    """The optimiser's answer: which edges were chosen, and the objective values."""

    chosen: np.ndarray  # indices into the Edges arrays
    edges: Edges

    @property
    def matched(self) -> int:
        return len(self.chosen)

    @property
    def total_score_milli(self) -> int:
        return int(self.edges.score[self.chosen].sum())

    @property
    def total_score(self) -> float:
        return self.total_score_milli / SCALE

    def pairs(self) -> list[Pair]:
        """The chosen pairs with their ids, in mentee order then mentor order."""
        e = self.edges
        order = self.chosen[np.lexsort((e.mentor[self.chosen], e.mentee[self.chosen]))]
        return [
            Pair(e.mentee_ids[e.mentee[i]], e.mentor_ids[e.mentor[i]], int(e.score[i]) / SCALE)
            for i in order.tolist()
        ]

    def to_dict(self) -> dict:
        """The `mentorkit solve` RESULT.json shape."""
        return {
            "pairs": [
                {"mentee_id": p.mentee_id, "mentor_id": p.mentor_id, "score": p.score}
                for p in self.pairs()
            ],
            "total_score": self.total_score,
            "matched": self.matched,
        }


def solve_indices(
    mentee: np.ndarray,
    mentor: np.ndarray,
    score_milli: np.ndarray,
    n_mentees: int,
    capacity: np.ndarray,
    units: int | None = None,
) -> np.ndarray:
    """Exact lexicographic b-matching on index arrays; returns the chosen edge indices.

    With `units`, exactly that many pairs (or as many as possible if fewer), with the
    highest total score among them.

    This is the hot path: everything is vectorised, so 1.5 M edges cost a few array
    copies plus the solver itself.
    """
    n_edges = len(score_milli)
    if n_edges == 0:
        return np.zeros(0, dtype=np.int64)
    capacity = np.asarray(capacity, dtype=np.int64)
    if capacity.min(initial=0) < 0:
        raise InfeasibleInput("capacities must be 0 or more")
    if score_milli.min() < 0 or score_milli.max() > MAX_SCORE:
        raise InfeasibleInput("scores must lie between 0 and 100")
    n_mentors = len(capacity)
    source = n_mentees + n_mentors
    sink = source + 1
    mentee_nodes = np.flatnonzero(np.bincount(mentee, minlength=n_mentees)).astype(np.int32)
    mentor_nodes = np.flatnonzero(capacity > 0).astype(np.int32)

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.full(len(mentee_nodes), source, np.int32), mentee_nodes, np.ones(len(mentee_nodes), np.int64),
        np.zeros(len(mentee_nodes), np.int64))
    first_edge_arc = -1
    for start in range(0, n_edges, CHUNK):
        part = slice(start, start + CHUNK)
        arcs = flow.add_arcs_with_capacity_and_unit_cost(
            mentee[part].astype(np.int32, copy=False), mentor[part].astype(np.int32) + n_mentees,
            np.ones(len(score_milli[part]), np.int64), MAX_SCORE - score_milli[part].astype(np.int64))
        first_edge_arc = int(arcs[0]) if start == 0 else first_edge_arc
    if n_edges and int(arcs[-1]) != first_edge_arc + n_edges - 1:
        raise InfeasibleInput("the solver numbered the pairs' arcs out of order")
    flow.add_arcs_with_capacity_and_unit_cost(
        mentor_nodes + n_mentees, np.full(len(mentor_nodes), sink, np.int32), capacity[mentor_nodes],
        np.zeros(len(mentor_nodes), np.int64))
    most = int(min(len(mentee_nodes), capacity[mentor_nodes].sum()))
    supply = most if units is None else min(units, most)
    flow.set_nodes_supplies(np.array([source, sink]), np.array([supply, -supply]))
    status = flow.solve_max_flow_with_min_cost() if units is None else flow.solve()
    if status != flow.OPTIMAL:
        raise InfeasibleInput(f"the min-cost flow solver stopped with status {status}")
    return np.concatenate([
        start + np.flatnonzero(flow.flows(np.arange(first_edge_arc + start, first_edge_arc + min(start + CHUNK, n_edges)))
                               > 0)
        for start in range(0, n_edges, CHUNK)])


def solve(edges: Edges, capacities: Mapping[str, int] | np.ndarray) -> Assignment:
    """Match as many mentees as possible, then maximise the total score (exact).

    `capacities` is either a mapping mentor id → capacity (mentors missing from it have
    no capacity) or an array aligned with `edges.mentor_ids`.
    """
    if isinstance(capacities, Mapping):
        capacity = np.fromiter(
            (capacities.get(m, 0) for m in edges.mentor_ids), dtype=np.int64, count=len(edges.mentor_ids)
        )
    else:
        capacity = np.asarray(capacities, dtype=np.int64)
        if len(capacity) != len(edges.mentor_ids):
            raise InfeasibleInput("capacity array must align with edges.mentor_ids")
    chosen = solve_indices(edges.mentee, edges.mentor, edges.score, len(edges.mentee_ids), capacity)
    return Assignment(chosen=chosen, edges=edges)

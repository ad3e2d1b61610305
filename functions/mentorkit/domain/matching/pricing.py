"""Dual prices of an optimal matching, and the check that proves a capped run optimal.

The optimiser sees each mentee's best N mentors only. To know that the pairs it never
saw could not have helped, we price them. With w = BIG + score per pair (BIG larger
than any total score, so one more match outweighs any score), the matching is optimal
exactly when its residual flow network has no negative cycle, and node potentials d
with `d[head] <= d[tail] + cost` on every residual arc prove it. A pair left out of the
optimiser, mentee i → mentor j, is a residual arc of cost −w; if `d[j] <= d[i] − w`
holds for every left-out pair, the same potentials prove the answer optimal for the
whole roster. Pairs that break it are the only ones that could improve the answer:
they are added and the problem solved again, until none is left.

Potentials come from Bellman–Ford on the residual graph of the pairs the optimiser saw
(vectorised: one pass over all arcs per round), then mentors are pushed as low and
mentees as high as their arcs allow, so the check rejects as few left-out pairs as it
can without ever accepting a wrong one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .optimiser import MAX_SCORE

NEVER = np.iinfo(np.int64).min // 4
"""The potential of a mentor no improving cycle can pass through (no place to give)."""


class NotOptimal(RuntimeError):
    """The residual network has a negative cycle: the solver's answer was not optimal."""


@dataclass(frozen=True)
class Prices:
    """Node potentials of an optimal matching: mentee i may gain from mentor j only if
    `score > threshold(i, j)`."""

    mentee: np.ndarray  # int64 per mentee row
    mentor: np.ndarray  # int64 per mentor column (NEVER for mentors that cannot take anyone)
    big: int
    rounds: int

    def threshold(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """(len(rows), len(cols)) highest score a left-out pair may have without improving the answer."""
        mentor = self.mentor[cols]
        limit = self.mentee[rows][:, None] - mentor[None, :] - self.big
        return np.where(mentor[None, :] == NEVER, np.iinfo(np.int64).max, limit)

    def flags(self, rows: np.ndarray, cols: np.ndarray, scores: np.ndarray, margin: int = 0) -> np.ndarray:
        """Per aligned pair (rows[k], cols[k]): True when its score beats its threshold, i.e.
        the pair could improve the answer (the elementwise form of `threshold`). With a
        `margin`, also the pairs that fall short of it by less than that."""
        mentor = self.mentor[cols]
        return (mentor != NEVER) & (scores + margin > self.mentee[rows] - mentor - self.big)

    def row_bound(self, rows: np.ndarray) -> np.ndarray:
        """The lowest threshold each mentee has against any mentor: pairs scoring at most
        this cannot improve the answer, whichever mentor they are with."""
        usable = self.mentor[self.mentor != NEVER]
        top = usable.max() if len(usable) else NEVER
        return self.mentee[rows] - top - self.big


def big_weight(n_mentees: int) -> int:
    """A bonus per match larger than any total score: matching more people comes first."""
    return MAX_SCORE * (n_mentees + 1)


def prices(mentee: np.ndarray, mentor: np.ndarray, score: np.ndarray, chosen: np.ndarray,
           n_mentees: int, capacity: np.ndarray, fixed_size: bool = False) -> Prices:
    """Potentials proving the chosen edges optimal among the given ones.

    `chosen` holds indices into the edge arrays; `capacity` is each mentor's number of
    places in this solve. By default the objective is the lexicographic one (most pairs,
    then score); with `fixed_size`, the highest score among matchings of exactly this
    many pairs (no bonus per match, and the flow's value cannot change).
    """
    n, m = n_mentees, len(capacity)
    s, t = n + m, n + m + 1
    big = 0 if fixed_size else big_weight(n)
    picked = np.zeros(len(score), bool)
    picked[chosen] = True
    weight = big + score.astype(np.int64)
    matched = np.zeros(n, bool)
    matched[mentee[picked]] = True
    load = np.bincount(mentor[picked], minlength=m)
    spare = load < capacity
    rows, cols = np.arange(n), np.arange(m) + n
    loop = [] if fixed_size else [t]  # the flow's value may change: t → s, and s → t once it flows
    back = [s] if matched.any() and not fixed_size else []
    tails = np.concatenate([
        np.where(matched, rows, s), np.where(picked, mentor + n, mentee),
        cols[spare], np.full(int((load > 0).sum()), t), loop, back]).astype(np.int64)
    heads = np.concatenate([
        np.where(matched, s, rows), np.where(picked, mentee, mentor + n),
        np.full(int(spare.sum()), t), cols[load > 0], [s] * len(loop), [t] * len(back)]).astype(np.int64)
    costs = np.concatenate([
        np.zeros(n, np.int64), np.where(picked, weight, -weight),
        np.zeros(int(spare.sum()) + int((load > 0).sum()) + len(loop) + len(back), np.int64)])
    d, rounds = _bellman_ford(tails, heads, costs, n + m + 2)
    # Mentors as low as their outgoing arcs allow, then mentees as high as their incoming arcs allow.
    low = np.full(m, NEVER, np.int64)
    low[spare] = d[t]
    np.maximum.at(low, mentor[picked], d[mentee[picked]] - weight[picked])
    high = np.where(matched, 0, d[s]).astype(np.int64)
    high[mentee[picked]] = low[mentor[picked]] + weight[picked]
    return Prices(mentee=high, mentor=low, big=big, rounds=rounds)


def _bellman_ford(tails: np.ndarray, heads: np.ndarray, costs: np.ndarray, nodes: int) -> tuple[np.ndarray, int]:
    """Shortest distances from a virtual root joined to every node at cost 0.

    Each round relaxes every arc at once (grouped by head with `minimum.reduceat`);
    only arcs leaving a node that changed in the last round are looked at again.
    """
    order = np.argsort(heads, kind="stable")
    tails, heads, costs = tails[order], heads[order], costs[order]
    d = np.zeros(nodes, np.int64)
    changed = np.ones(nodes, bool)
    for rounds in range(1, nodes + 2):
        live = np.flatnonzero(changed[tails])
        if len(live) == 0:
            return d, rounds - 1
        h = heads[live]
        starts = np.flatnonzero(np.r_[True, h[1:] != h[:-1]])
        best = np.minimum.reduceat(d[tails[live]] + costs[live], starts)
        targets = h[starts]
        better = best < d[targets]
        changed[:] = False
        changed[targets[better]] = True
        d[targets[better]] = best[better]
    raise NotOptimal("the residual network has a negative cycle")

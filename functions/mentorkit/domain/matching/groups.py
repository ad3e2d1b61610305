"""Group mentoring: one mentor, one group of mentees between group_min and group_max.

A min-cost flow fills groups up to group_max but knows nothing of a minimum. The
minimum is therefore a constraint of an integer program (OR-Tools CP-SAT): a mentor's
group is either closed or holds group_min to group_max mentees, with the same
objective as everywhere (most mentees placed, then the highest total score). The flow
answer, with too-small groups closed and the rest solved again, is a feasible start
for it. CP-SAT proves the optimum, or stops at the time limit with a proven bound.
Groups holding a coordinator's pin are never closed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .optimiser import MAX_SCORE, solve_indices

TIME_LIMIT = 30.0
"""Seconds CP-SAT may search before it returns its best answer with a bound."""


@dataclass(frozen=True)
class GroupAnswer:
    chosen: np.ndarray
    """Indices of the chosen edges."""
    closed: np.ndarray
    """Mentors whose group was not opened although some mentee could join it."""
    optimal: bool
    gap: float
    """Relative gap between the answer and CP-SAT's proven bound (0 when optimal)."""


def _closing(mentee: np.ndarray, mentor: np.ndarray, score: np.ndarray, n_mentees: int, capacity: np.ndarray,
             pinned_load: np.ndarray, group_min: int) -> np.ndarray:
    """A feasible start: solve, close groups below the minimum, solve again until none is."""
    capacity = capacity.copy()
    while True:
        chosen = solve_indices(mentee, mentor, score, n_mentees, capacity)
        load = pinned_load + np.bincount(mentor[chosen], minlength=len(capacity))
        too_small = (load > 0) & (load < group_min) & (pinned_load == 0)
        if not too_small.any():
            return chosen
        capacity[too_small] = 0


def solve_groups(mentee: np.ndarray, mentor: np.ndarray, score: np.ndarray, n_mentees: int, capacity: np.ndarray,
                 pinned_load: np.ndarray, group_min: int, time_limit: float = TIME_LIMIT) -> GroupAnswer:
    """Groups of group_min to capacity mentees (pinned groups: up to capacity), best first."""
    from ortools.sat.python import cp_model

    start = _closing(mentee, mentor, score, n_mentees, capacity, pinned_load, group_min)
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{e}") for e in range(len(score))]
    for edges in _indexed(mentee)[1]:
        model.add_at_most_one(x[e] for e in edges)
    opened: dict[int, cp_model.IntVar] = {}
    for j, edges in zip(*_indexed(mentor)):
        load = sum(x[e] for e in edges)
        if pinned_load[j] > 0:
            model.add(load <= int(capacity[j]))
            continue
        opened[j] = model.new_bool_var(f"open{j}")
        model.add(load >= group_min * opened[j])
        model.add(load <= int(capacity[j]) * opened[j])
    bonus = MAX_SCORE * (n_mentees + 1)  # one more mentee placed outweighs any total score
    model.maximize(sum((bonus + int(s)) * v for s, v in zip(score.tolist(), x)))
    picked = np.zeros(len(score), bool)
    picked[start] = True
    for v, p in zip(x, picked.tolist()):
        model.add_hint(v, p)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 1
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return GroupAnswer(start, _closed(mentor, start, pinned_load), False, 1.0)
    chosen = np.flatnonzero([solver.boolean_value(v) for v in x])
    value, bound = solver.objective_value, solver.best_objective_bound
    gap = 0.0 if status == cp_model.OPTIMAL or bound <= 0 else max(bound - value, 0) / bound
    return GroupAnswer(chosen, _closed(mentor, chosen, pinned_load), status == cp_model.OPTIMAL, gap)


def _indexed(keys: np.ndarray) -> tuple[list[int], list[np.ndarray]]:
    """The distinct keys and, for each, the positions holding it."""
    order = np.argsort(keys, kind="stable")
    values, starts = np.unique(keys[order], return_index=True)
    return values.tolist(), np.split(order, starts[1:])


def _closed(mentor: np.ndarray, chosen: np.ndarray, pinned_load: np.ndarray) -> np.ndarray:
    """Mentors with candidates but no group (pinned groups are always open)."""
    candidates = np.zeros(len(pinned_load), bool)
    candidates[mentor] = True
    load = pinned_load + np.bincount(mentor[chosen], minlength=len(pinned_load))
    return np.flatnonzero(candidates & (load == 0))

"""Group mentoring: one mentor, one group of mentees between group_min and group_max.

The optimiser fills groups up to group_max exactly. A group that ends below group_min
is closed (its mentor takes no group) and the run is solved again, so its mentees can
join other groups; this repeats until every open group is big enough. Groups holding
a coordinator's pin are never closed.
"""

from __future__ import annotations

import numpy as np

from .optimiser import solve_indices


def solve_groups(
    mentee: np.ndarray,
    mentor: np.ndarray,
    score: np.ndarray,
    n_mentees: int,
    capacity: np.ndarray,
    pinned_load: np.ndarray,
    group_min: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Chosen edge indices, and the mentors whose group was closed for being too small."""
    capacity = capacity.copy()
    closed = np.zeros(len(capacity), bool)
    while True:
        chosen = solve_indices(mentee, mentor, score, n_mentees, capacity)
        load = pinned_load + np.bincount(mentor[chosen], minlength=len(capacity))
        too_small = (load > 0) & (load < group_min) & (pinned_load == 0)
        if not too_small.any():
            return chosen, np.flatnonzero(closed)
        capacity[too_small] = 0
        closed |= too_small

"""Hard rules and candidate generation: which pairs may exist at all.

Rules are never traded against score. They are evaluated a block of mentees at a
time against every mentor, so memory follows the block size and the number of
allowed pairs, never mentees × mentors. The same evaluation also explains, rule by
rule, why somebody was left without a match.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .criteria import Direction
from .features import Encoder, Features, shared_count
from .optimiser import to_milli
from .participants import Format, MatchingConfig, Participant
from .pricing import Prices
from .scoring import score_block

RULES = ("self", "language", "seniority", "management_chain", "never_pair", "capacity", "min_score")
"""In the order used to explain an empty candidate list."""

_EXCLUSION_CODES = {"self": 0, "management_chain": 1, "never_pair": 2}
BLOCK_CELLS = 2_000_000
"""Pairs scored at once: ~16 MB per float64 array, the peak working set of scoring."""


def direction_of(fmt: Format) -> Direction:
    """The seniority rule of a format: reverse mentoring flips it, peers have none."""
    return {Format.REVERSE: Direction.MENTEE_SENIOR, Format.PEER: Direction.PEERS}.get(
        fmt, Direction.MENTOR_SENIOR
    )


def management_chains(people: Iterable[Participant], org_chart: dict[str, str]) -> dict[str, list[str]]:
    """E-mail → every manager above, walking upward and stopping at a cycle."""
    manager_of = {k.strip().casefold(): v.strip().casefold() for k, v in org_chart.items()}
    people = list(people)
    manager_of.update({p.email: p.manager_email for p in people if p.manager_email})
    chains: dict[str, list[str]] = {}
    for person in people:
        chain: list[str] = []
        seen = {person.email}
        boss = manager_of.get(person.email)
        while boss is not None and boss not in seen:
            chain.append(boss)
            seen.add(boss)
            boss = manager_of.get(boss)
        chains[person.email] = chain
    return chains


@dataclass(frozen=True)
class Exclusions:
    """Pairs ruled out one by one (row = mentee index, col = mentor index), with why."""

    rows: np.ndarray
    cols: np.ndarray
    reason: np.ndarray  # codes of _EXCLUSION_CODES

    @classmethod
    def build(cls, mentees: Sequence[Participant], mentors: Sequence[Participant], config: MatchingConfig,
              chains: dict[str, list[str]]) -> Exclusions:
        """Self-pairs, management chains (both ways) and never-pair entries (any side)."""
        found: dict[tuple[int, int], int] = {}

        def index(people: Sequence[Participant]) -> dict[str, list[int]]:
            keys: dict[str, list[int]] = {}
            for i, p in enumerate(people):
                keys.setdefault(p.email, []).append(i)
                keys.setdefault(p.id.casefold(), []).append(i)
            return keys

        mentee_keys, mentor_keys = index(mentees), index(mentors)

        def add(pairs: Iterable[tuple[int, int]], reason: str) -> None:
            for pair in pairs:
                found.setdefault(pair, _EXCLUSION_CODES[reason])

        add(((i, j) for i, p in enumerate(mentees) for j in mentor_keys.get(p.id.casefold(), [])), "self")
        add(((i, j) for i, p in enumerate(mentees) for boss in chains.get(p.email, [])
             for j in mentor_keys.get(boss, [])), "management_chain")
        add(((i, j) for j, p in enumerate(mentors) for boss in chains.get(p.email, [])
             for i in mentee_keys.get(boss, [])), "management_chain")
        add(((i, j) for i, p in enumerate(mentees) for key in p.never_pair for j in mentor_keys.get(key, [])),
            "never_pair")
        add(((i, j) for j, p in enumerate(mentors) for key in p.never_pair for i in mentee_keys.get(key, [])),
            "never_pair")
        for x, y in config.forbidden:
            x, y = x.strip().casefold(), y.strip().casefold()
            add(((i, j) for a, b in ((x, y), (y, x)) for i in mentee_keys.get(a, []) for j in mentor_keys.get(b, [])),
                "never_pair")
        rows = np.fromiter((k[0] for k in found), np.int64, len(found))
        cols = np.fromiter((k[1] for k in found), np.int64, len(found))
        reason = np.fromiter(found.values(), np.int8, len(found))
        return cls(rows, cols, reason)

    def within(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Exclusions inside the grid rows × cols, in local (grid) coordinates."""
        inside = np.isin(self.rows, rows) & np.isin(self.cols, cols)
        return _position(rows, self.rows[inside]), _position(cols, self.cols[inside]), self.reason[inside]


SCORE_BIN = 100
"""Milli-points per bin when picking each mentee's best N: a tenth of a point."""


def _best(scores: np.ndarray, allowed: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's allowed pairs in its top score bins holding at least `limit` of them.

    A histogram per row (one bincount for the block) finds the bin of the N-th best
    score; the row keeps every pair from that bin up, so ties and near-ties stay
    together and a few more than N may be kept. Also returns, per row, the highest
    score a pair left out can have (every left-out pair is in a lower bin).
    """
    bins = np.where(allowed, scores // SCORE_BIN + 1, 0)
    width = int(bins.max(initial=0)) + 1
    counts = np.bincount((np.arange(len(scores))[:, None] * width + bins).ravel(),
                         minlength=len(scores) * width).reshape(len(scores), width)
    at_least = np.cumsum(counts[:, ::-1], axis=1)[:, ::-1]  # pairs in bin b or above
    at_least[:, 0] = limit  # bin 0 holds the forbidden pairs: never count them in
    start = np.maximum((at_least >= limit).sum(axis=1) - 1, 1)
    return bins >= start[:, None], (start - 1) * SCORE_BIN - 1


def _candidates(parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]], truncated: list[np.ndarray],
                cutoff: list[np.ndarray]) -> Candidates:
    def joined(arrays: list[np.ndarray], dtype: type) -> np.ndarray:
        return np.concatenate(arrays).astype(dtype) if arrays else np.zeros(0, dtype)

    return Candidates(
        mentee=joined([p[0] for p in parts], np.int32),
        mentor=joined([p[1] for p in parts], np.int32),
        score=joined([p[2] for p in parts], np.int64),
        truncated=joined(truncated, np.int64),
        cutoff=joined(cutoff, np.int64),
    )


def _position(unique: np.ndarray, values: np.ndarray) -> np.ndarray:
    sorter = np.argsort(unique)
    return sorter[np.searchsorted(unique, values, sorter=sorter)]


@dataclass(frozen=True)
class Candidates:
    """Allowed pairs (global mentee/mentor indices, milli-point scores)."""

    mentee: np.ndarray
    mentor: np.ndarray
    score: np.ndarray
    truncated: np.ndarray  # mentee indices whose list was cut to the best N
    cutoff: np.ndarray  # per truncated mentee: the lowest score kept (every pair left out scores ≤ it)

    def __len__(self) -> int:
        return len(self.score)

    def merged(self, extra: Candidates) -> Candidates:
        """These pairs plus `extra`, each pair once (the cut lists stay as they were)."""
        mentee = np.concatenate([self.mentee, extra.mentee])
        mentor = np.concatenate([self.mentor, extra.mentor])
        score = np.concatenate([self.score, extra.score])
        _, first = np.unique((mentee.astype(np.int64) << 32) | mentor.astype(np.int64), return_index=True)
        return Candidates(mentee[first], mentor[first], score[first], self.truncated, self.cutoff)


@dataclass
class Cohort:
    """People who may be paired with each other: one format, one track."""

    format: Format
    mentees: list[Participant]
    mentors: list[Participant]
    config: MatchingConfig
    chains: dict[str, list[str]]
    capacity: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.direction = direction_of(self.format)
        self.encoder = Encoder(self.mentees + self.mentors, self.config.goal_themes)
        self.a: Features = self.encoder.encode(self.mentees)
        self.b: Features = self.encoder.encode(self.mentors)
        if self.format is Format.GROUP:
            self.capacity = np.where(self.b.capacity > 0, self.config.group_max, 0).astype(np.int64)
        elif self.format is Format.PEER:
            self.capacity = np.ones(len(self.mentors), np.int64)
        else:
            self.capacity = self.b.capacity.copy()
        self.exclusions = Exclusions.build(self.mentees, self.mentors, self.config, self.chains)
        self.min_score = to_milli(self.config.min_score)

    def evaluate(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Scores and each hard rule's verdict (True = allowed) on the grid rows × cols."""
        a, b = self.a.take(rows), self.b.take(cols)
        scores = score_block(a, b, self.config.weights, self.direction)
        shape = scores.shape
        verdicts = {
            "language": shared_count(a.tags["languages"], b.tags["languages"]) > 0,
            "capacity": np.broadcast_to(self.capacity[cols][None, :] > 0, shape),
            "min_score": scores >= self.min_score,
        }
        if self.direction is Direction.PEERS:
            verdicts["seniority"] = np.ones(shape, bool)
        else:
            gap = b.level[None, :].astype(np.int16) - a.level[:, None].astype(np.int16)
            verdicts["seniority"] = gap * int(self.direction) > 0
        r, c, why = self.exclusions.within(rows, cols)
        for name, code in _EXCLUSION_CODES.items():
            ok = np.ones(shape, bool)
            hit = why == code
            ok[r[hit], c[hit]] = False
            verdicts[name] = ok
        return scores, verdicts

    def _blocks(self, rows: np.ndarray) -> Iterable[np.ndarray]:
        size = max(1, BLOCK_CELLS // max(1, len(self.mentors)))
        for start in range(0, len(rows), size):
            yield rows[start : start + size]

    def candidates(self, rows: np.ndarray | None = None, limit: int | None = None) -> Candidates:
        """Every allowed pair for these mentees, keeping each mentee's best `limit`."""
        rows = np.arange(len(self.mentees)) if rows is None else np.asarray(rows, dtype=np.int64)
        limit = self.config.candidates_per_mentee if limit is None else limit
        cols = np.arange(len(self.mentors))
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        truncated: list[np.ndarray] = []
        cutoff: list[np.ndarray] = []
        for block in self._blocks(rows):
            scores, allowed = self.allowed(block, cols)
            if 0 < limit < len(cols):
                kept, floor = _best(scores, allowed, limit)
                r, c = np.nonzero(kept)
                parts.append((block[r], c, scores[r, c]))
                cut = allowed.sum(axis=1) > kept.sum(axis=1)
                truncated.append(block[cut])
                cutoff.append(floor[cut])
            else:
                r, c = np.nonzero(allowed)
                parts.append((block[r], c, scores[r, c]))
        return _candidates(parts, truncated, cutoff)

    def allowed(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Scores and whether each pair passes every hard rule, on the grid rows × cols.

        The same rules as `evaluate`, fused into one mask: this is the hot path.
        """
        a, b = self.a.take(rows), self.b.take(cols)
        scores = score_block(a, b, self.config.weights, self.direction)
        ok = scores >= self.min_score
        ok &= shared_count(a.tags["languages"], b.tags["languages"]) > 0
        ok &= (self.capacity[cols] > 0)[None, :]
        if self.direction is not Direction.PEERS:
            ok &= (b.level[None, :].astype(np.int16) - a.level[:, None].astype(np.int16)) * int(self.direction) > 0
        r, c, _ = self.exclusions.within(rows, cols)
        ok[r, c] = False
        return scores, ok

    def improving(self, rows: np.ndarray, cutoff: np.ndarray, prices: Prices, margin: int = 0) -> Candidates:
        """Allowed pairs of these mentees that score above their dual-price threshold:
        the only pairs left out of the optimiser that could improve its answer (with a
        `margin`, also those within that many milli-points of it).

        A mentee's left-out pairs score at most its `cutoff`, so only mentors priced low
        enough to beat it need scoring: with mentors sorted by price, that is a prefix
        of the list for each mentee, and mentees are scored in blocks of similar prefixes.
        """
        order = np.argsort(-prices.mentor, kind="stable")
        ranked = prices.mentor[order]
        floor = prices.mentee[rows] - prices.big - cutoff - margin
        reach = np.searchsorted(-ranked, -floor, side="left")  # mentors with price above the floor
        keep = reach > 0
        rows, reach = rows[keep], reach[keep]
        by_reach = np.argsort(reach, kind="stable")
        rows, reach = rows[by_reach], reach[by_reach]
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        start = 0
        while start < len(rows):
            size = max(1, BLOCK_CELLS // int(reach[start]))
            while size > 1 and size * int(reach[min(start + size, len(rows)) - 1]) > BLOCK_CELLS:
                size //= 2
            block = rows[start:start + size]
            cols = np.sort(order[:int(reach[start + len(block) - 1])])
            scores, allowed = self.allowed(block, cols)
            r, c = np.nonzero(allowed & (scores + margin > prices.threshold(block, cols)))
            parts.append((block[r], cols[c], scores[r, c]))
            start += len(block)
        return _candidates(parts, [], [])

    def pair_violations(self, row: int, col: int) -> list[str]:
        """Hard rules one pair breaks, ignoring the minimum score (for coordinator pins)."""
        _, verdicts = self.evaluate(np.array([row]), np.array([col]))
        return [name for name in RULES if name not in ("min_score", "capacity") and not verdicts[name][0, 0]]

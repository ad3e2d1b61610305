"""A matching run from participants to result: cohorts, pins, candidates, optimiser, reasons.

Each (format, track) cohort is matched on its own: one-to-one and reverse as a
b-matching, group as a b-matching with group sizes, peer as a general-graph matching.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .errors import MatchingInputError
from .explain import unmatched_mentees, unmatched_mentors
from .groups import solve_groups
from .optimiser import solve_indices
from .participants import Format, MatchingConfig, Participant, Role
from .peer import both_ways, pair_scores, repair
from .pricing import prices
from .result import BreakdownItem, MatchedPair, MatchResult, RejectedPin, Unmatched
from .rules import Candidates, Cohort, management_chains
from .scoring import Explainer
from .summary import mentor_load, summarise

_PIN_REASONS = {
    "unknown": "One of the two is not in this run, or they are in different formats or tracks.",
    "self": "A person cannot be paired with themselves.",
    "language": "They share no language.",
    "seniority": "The pair breaks this format's seniority rule.",
    "management_chain": "One of them is in the other's management chain.",
    "never_pair": "The pair is on a never-pair list.",
    "already_pinned": "The mentee (or peer) is already pinned to someone else.",
    "mentor_full": "The mentor's places are all taken by other pins.",
}


@dataclass(frozen=True)
class Proof:
    """Whether a cohort's answer is proven optimal, and the check that says so."""

    optimal: bool
    check: str
    gap: float | None
    """Relative gap between the total score and a proven upper bound (0 is optimal)."""


def _cohorts(participants: Sequence[Participant], config: MatchingConfig) -> tuple[
        dict[tuple[Format, str | None], list[Participant]], list[Unmatched]]:
    """Group people by the format and track they signed up for."""
    groups: dict[tuple[Format, str | None], list[Participant]] = {}
    misfits: list[Unmatched] = []
    for p in participants:
        fmt = p.format or (Format.PEER if p.role is Role.PEER else config.format)
        if p.role is Role.PEER and fmt is not Format.PEER:
            misfits.append(Unmatched(id=p.id, side="peer", format=fmt, track=p.track, reason_code="role_format_mismatch",
                                     reason=f"Signed up as a peer, but the format is {fmt.value}."))
            continue
        groups.setdefault((fmt, p.track), []).append(p)
    return groups, misfits


def _check_unique_ids(participants: Sequence[Participant]) -> None:
    seen: set[str] = set()
    for p in participants:
        if p.id in seen:
            raise MatchingInputError(f"the id {p.id!r} appears twice in the roster", column="id")
        seen.add(p.id)


WORKING_SET = 12
"""Each mentee's best candidates in the first solve; pricing adds whatever else is needed."""
NEAR = 1_000
"""Milli-points: pairs within a point of improving the answer join those that would, so that
fewer re-solves are needed (adding a pair never harms the answer or the proof)."""
NEAR_LEFT_OUT = 3_000
"""The same for pairs left out of the cut lists, wider: each look at them scores blocks of
pairs again, so one generous look saves a second one."""


def _best_per_row(rows: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of each row's k highest-scoring pairs (ties broken by position)."""
    order = np.lexsort((-scores, rows))
    sorted_rows = rows[order]
    starts = np.flatnonzero(np.r_[True, sorted_rows[1:] != sorted_rows[:-1]])
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    return np.sort(order[rank < k])


def _unseen(pool: Candidates, extra: Candidates) -> Candidates:
    """The pairs of `extra` that are not in `pool` yet."""
    keys = np.sort((pool.mentee.astype(np.int64) << 32) | pool.mentor.astype(np.int64))
    new = (extra.mentee.astype(np.int64) << 32) | extra.mentor.astype(np.int64)
    at = np.minimum(np.searchsorted(keys, new), max(len(keys) - 1, 0))
    fresh = (keys[at] != new) if len(keys) else np.ones(len(new), bool)
    return Candidates(extra.mentee[fresh], extra.mentor[fresh], extra.score[fresh], extra.truncated, extra.cutoff)


class _CohortRun:
    """One cohort through pins, candidates, the optimiser and the explanations."""

    def __init__(self, fmt: Format, track: str | None, people: list[Participant], config: MatchingConfig,
                 chains: dict[str, list[str]]) -> None:
        self.track = track
        if fmt is Format.PEER:
            mentees = mentors = people
        else:
            mentees = [p for p in people if p.is_mentee]
            mentors = [p for p in people if p.is_mentor]
        self.cohort = Cohort(fmt, mentees, mentors, config, chains)
        self.capacity = self.cohort.capacity.copy()
        self.pinned: list[tuple[int, int]] = []
        self.rejected: list[RejectedPin] = []
        self.closed_groups: np.ndarray = np.zeros(0, np.int64)
        self.cut = 0
        self.proof = Proof(True, "nobody to match", 0.0)

    @property
    def peers(self) -> bool:
        return self.cohort.format is Format.PEER

    def apply_pins(self, pins: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        """Honour pins that break no hard rule; returns the pins this cohort handled."""
        mentee_row = {p.id: i for i, p in enumerate(self.cohort.mentees)}
        mentor_col = {p.id: j for j, p in enumerate(self.cohort.mentors)}
        handled: set[tuple[str, str]] = set()
        busy: set[int] = set()
        for mentee_id, mentor_id in pins:
            if mentee_id not in mentee_row or mentor_id not in mentor_col:
                continue
            handled.add((mentee_id, mentor_id))
            row, col = mentee_row[mentee_id], mentor_col[mentor_id]
            broken = self.cohort.pair_violations(row, col)
            if not broken and (row in busy or (self.peers and col in busy)):
                broken = ["already_pinned"]
            if not broken and not self.peers and self.capacity[col] <= 0:
                broken = ["mentor_full"]
            if broken:
                self.rejected.append(RejectedPin(mentee_id=mentee_id, mentor_id=mentor_id,
                                                 reason_code=broken[0], reason=_PIN_REASONS[broken[0]]))
                continue
            self.pinned.append((row, col))
            busy.add(row)
            if self.peers:
                busy.add(col)
            else:
                self.capacity[col] -= 1
        self.busy = busy
        return handled

    def _free_rows(self) -> np.ndarray:
        return np.array(sorted(set(range(len(self.cohort.mentees))) - self.busy), dtype=np.int64)

    def _drop_busy(self, c: Candidates) -> Candidates:
        if not self.peers or not self.busy:
            return c
        keep = ~np.isin(c.mentor, list(self.busy))
        return Candidates(c.mentee[keep], c.mentor[keep], c.score[keep], c.truncated, c.cutoff)

    def _solve_groups(self, c: Candidates) -> list[tuple[int, int, int]]:
        """(row, col, milli-score) of the optimiser's group places, pins excluded."""
        if len(c.score) == 0:
            return []
        pinned_load = np.bincount([col for _, col in self.pinned], minlength=len(self.capacity))
        answer = solve_groups(c.mentee, c.mentor, c.score, len(self.cohort.mentees), self.capacity, pinned_load,
                              self.cohort.config.group_min)
        chosen, self.closed_groups = answer.chosen, answer.closed
        cut = len(c.truncated)
        if answer.optimal:
            self.proof = Proof(cut == 0, "CP-SAT proved these the best groups of "
                                         f"{self.cohort.config.group_min} or more" +
                               (f" over the candidate lists ({cut:,} cut to the best "
                                f"{self.cohort.config.candidates_per_mentee})" if cut else ""), 0.0 if cut == 0 else None)
        else:
            self.proof = Proof(False, f"CP-SAT stopped at its time limit within {answer.gap:.4%} of its bound", None)
        return list(zip(c.mentee[chosen].tolist(), c.mentor[chosen].tolist(), c.score[chosen].tolist()))

    def run(self) -> list[tuple[int, int, int]]:
        """The optimiser's pairs: proven optimal for one-to-one and reverse mentoring."""
        candidates = self._drop_busy(self.cohort.candidates(self._free_rows()))
        self.cut = len(candidates.truncated)
        if self.peers:
            return self._pair_peers(candidates)
        if self.cohort.format is Format.GROUP:
            return self._widen(candidates)
        return self._price(candidates)

    def _price(self, c: Candidates) -> list[tuple[int, int, int]]:
        """Solve on a working set of each mentee's best candidates; price every other pair
        (the rest of the capped lists in one vectorised check, the pairs left out of the cut
        lists in blocks); add those whose dual price says they could improve the answer and
        solve again, until no pair can (that is the proof).

        Starting from a small working set keeps each solve and each pricing pass cheap: most
        of a mentee's 50 candidates are never worth a place, and the prices prove it."""
        n = len(self.cohort.mentees)
        pool = c
        active = _best_per_row(c.mentee, c.score, WORKING_SET)
        rounds = added = 0
        while True:
            m, j, w = pool.mentee[active], pool.mentor[active], pool.score[active]
            chosen = solve_indices(m, j, w, n, self.capacity)
            if len(active) == len(pool) and len(pool.truncated) == 0:
                self.proof = Proof(True, "no candidate list was cut, so the optimiser saw every allowed pair", 0.0)
                break
            p = prices(m, j, w, chosen, n, self.capacity)
            idle = np.ones(len(pool), bool)
            idle[active] = False
            rest = np.flatnonzero(idle)
            near = rest[p.flags(pool.mentee[rest], pool.mentor[rest], pool.score[rest], NEAR)]
            if p.flags(pool.mentee[near], pool.mentor[near], pool.score[near]).any():
                # Settle the capped lists first (their prices are cheap to check); pairs that
                # nearly qualify come along, since the next prices often let them in.
                rounds, added = rounds + 1, added + len(near)
                active = np.concatenate([active, near])
                continue
            suspect = pool.cutoff + NEAR_LEFT_OUT > p.row_bound(pool.truncated)
            suspects = pool.truncated[suspect]
            extra = _unseen(pool, self.cohort.improving(suspects, pool.cutoff[suspect], p, NEAR_LEFT_OUT))
            if not p.flags(extra.mentee, extra.mentor, extra.score).any():
                strict = int((pool.cutoff > p.row_bound(pool.truncated)).sum())
                seen = "no candidate list was cut, and none of the allowed pairs" if len(pool.truncated) == 0 else \
                    f"none of the allowed pairs left out of {len(pool.truncated):,} cut lists"
                self.proof = Proof(True, (
                    f"dual prices: {seen} could improve the answer ({len(pool.truncated) - strict:,} lists "
                    f"cleared by their cut-off score, {strict:,} priced pair by pair; the last of {rounds + 1} "
                    f"solve(s) saw {len(active):,} of {len(pool):,} candidate pairs, {added:,} of them added by "
                    "pricing)"), 0.0)
                break
            rounds, added = rounds + 1, added + len(extra) + len(near)
            active = np.concatenate([active, near, len(pool) + np.arange(len(extra))])
            pool = Candidates(np.concatenate([pool.mentee, extra.mentee]), np.concatenate([pool.mentor, extra.mentor]),
                              np.concatenate([pool.score, extra.score]), pool.truncated, pool.cutoff)
        return list(zip(m[chosen].tolist(), j[chosen].tolist(), w[chosen].tolist()))

    def _pair_peers(self, c: Candidates) -> list[tuple[int, int, int]]:
        """Peers: the bipartite relaxation, priced like `_price` so its bound holds for every
        allowed pair, then repaired into pairs; the gap to the bound is the proof."""
        n = len(self.cohort.mentees)
        capacity = np.ones(n, np.int64)
        capacity[list(self.busy)] = 0
        arcs = both_ways(c.mentee, c.mentor, c.score)
        arcs, chosen, note = self._relax(c, arcs, capacity, None)
        answer = repair(*arcs, chosen)
        made, bound = len(answer.pairs), answer.bound_score
        if bound is None and made == answer.bound_pairs:
            # An odd number of arcs: bound the score of matchings of exactly this many pairs.
            arcs, fixed, note = self._relax(c, arcs, capacity, 2 * made)
            bound = int(arcs[2][fixed].sum()) // 2
        if bound is None:
            self.proof = Proof(False, f"at most {answer.bound_pairs:,} pairs are possible and {made:,} were made "
                                      f"({note})", None)
        else:
            gap = (bound - answer.score) / bound if bound else 0.0
            self.proof = Proof(gap == 0, f"the most pairs possible ({made:,}), with a total score within "
                                         f"{gap:.4%} of the bipartite-relaxation bound ({note})", gap)
        return [(i, j, w) for (i, j), w in zip(answer.pairs, pair_scores(*arcs, answer.pairs))]

    def _relax(self, c: Candidates, arcs: tuple[np.ndarray, np.ndarray, np.ndarray], capacity: np.ndarray,
               units: int | None) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], np.ndarray, str]:
        """Solve the peers' bipartite relaxation and add priced pairs until none is left out that
        could improve it; `units` fixes the number of arcs (else most arcs, then score)."""
        n = len(self.cohort.mentees)
        rounds = added = 0
        while True:
            chosen = solve_indices(*arcs, n, capacity, units)
            if len(c.truncated) == 0:
                return arcs, chosen, "no list was cut"
            p = prices(*arcs, chosen, n, capacity, fixed_size=units is not None)
            suspect = c.cutoff > p.row_bound(c.truncated)
            extra = self.cohort.improving(c.truncated[suspect], c.cutoff[suspect], p)
            if len(extra) == 0:
                return arcs, chosen, (f"dual prices cleared every pair left out of {len(c.truncated):,} cut lists; "
                                      f"{rounds} re-solve(s) added {added:,} pairs")
            rounds, added = rounds + 1, added + len(extra)
            arcs = both_ways(np.concatenate([arcs[0], extra.mentee]), np.concatenate([arcs[1], extra.mentor]),
                             np.concatenate([arcs[2], extra.score]))

    def _widen(self, candidates: Candidates) -> list[tuple[int, int, int]]:
        """Groups: solve; widen the lists of anyone left out whose list had been cut, solve again."""
        pairs = self._solve_groups(candidates)
        matched = {i for i, _, _ in pairs}
        widen = np.array([r for r in candidates.truncated.tolist() if r not in matched], dtype=np.int64)
        if len(widen):
            pairs = self._solve_groups(candidates.merged(self.cohort.candidates(widen, limit=0)))
        return pairs

    def result(self) -> tuple[list[MatchedPair], list[Unmatched], list[int], list[int]]:
        """Pairs with reasons, the unmatched with reasons, and mentor loads and capacities."""
        cohort = self.cohort
        solved = self.run()
        all_pairs = [(i, j, True) for i, j in self.pinned] + [(i, j, False) for i, j, _ in solved]
        explainer = Explainer(cohort.encoder, cohort.a, cohort.b, cohort.config.weights, cohort.direction)
        scores = explainer.scores(cohort.mentees, cohort.mentors, np.array([i for i, _, _ in all_pairs], np.int64),
                                  np.array([j for _, j, _ in all_pairs], np.int64))
        out: list[MatchedPair] = []
        group = cohort.format is Format.GROUP
        for (row, col, pinned), s in zip(all_pairs, scores):
            mentee, mentor = cohort.mentees[row], cohort.mentors[col]
            out.append(MatchedPair(
                mentee_id=mentee.id, mentor_id=mentor.id, format=cohort.format, track=self.track,
                score=s.score, pinned=pinned,
                group_id=mentor.id if group else None,
                reasons=(["Pinned by a coordinator."] if pinned else []) + s.top_reasons(),
                reasons_for_mentee=list(s.reasons_for_mentee),
                reasons_for_mentor=list(s.reasons_for_mentor),
                breakdown=[BreakdownItem(criterion=c.criterion, points=c.points, max_points=c.max_points,
                                         sentence=c.sentence) for c in s.breakdown],
            ))
        matched_rows = {i for i, _, _ in all_pairs} | ({j for _, j, _ in all_pairs} if self.peers else set())
        unmatched: list[Unmatched] = []
        side = "peer" if self.peers else "mentee"
        left = np.array(sorted(set(range(len(cohort.mentees))) - matched_rows), dtype=np.int64)
        for row, code, text in unmatched_mentees(cohort, left):
            if self.peers and code == "full" and len(left) == 1:
                code, text = "odd_one_out", "Everyone else suitable was paired: with an odd number, one peer stays unpaired."
            unmatched.append(Unmatched(id=cohort.mentees[row].id, side=side, format=cohort.format,
                                       track=self.track, reason_code=code, reason=text))
        if self.peers:
            return out, unmatched, [], []
        load = np.bincount([j for _, j, _ in all_pairs], minlength=len(cohort.mentors)).astype(int)
        idle = np.flatnonzero(load == 0)
        closed = set(self.closed_groups.tolist())
        for col, code, text in unmatched_mentors(cohort, idle):
            if col in closed:
                code = "group_too_small"
                text = f"Fewer than {cohort.config.group_min} mentees could join their group, so it was not opened."
            unmatched.append(Unmatched(id=cohort.mentors[col].id, side="mentor", format=cohort.format,
                                       track=self.track, reason_code=code, reason=text))
        return out, unmatched, load.tolist(), cohort.capacity.tolist()


def match(participants: Sequence[Participant], config: MatchingConfig | None = None,
          progress: Callable[[str], None] | None = None) -> MatchResult:
    """Run matching for a program: the best pairs under the hard rules, each explained.

    `progress`, if given, hears a short line as each cohort is scored and solved.
    """
    config = config or MatchingConfig()
    tell = progress or (lambda _: None)
    _check_unique_ids(participants)
    chains = management_chains(participants, config.org_chart)
    cohorts, unmatched = _cohorts(participants, config)
    pairs: list[MatchedPair] = []
    rejected: list[RejectedPin] = []
    loads: list[int] = []
    capacities: list[int] = []
    handled: set[tuple[str, str]] = set()
    to_match = cut = 0
    proofs: list[str] = []
    optimal = True
    gaps: list[float | None] = []
    pins = list(config.pins)
    for (fmt, track), people in sorted(cohorts.items(), key=lambda item: (item[0][0].value, item[0][1] or "")):
        label = fmt.value + (f" / {track}" if track else "")
        tell(f"Scoring and solving {label}: {len(people):,} people")
        run = _CohortRun(fmt, track, people, config, chains)
        handled |= run.apply_pins(pins)
        cohort_pairs, cohort_unmatched, cohort_loads, cohort_caps = run.result()
        pairs += cohort_pairs
        unmatched += cohort_unmatched
        rejected += run.rejected
        loads += cohort_loads
        capacities += cohort_caps
        to_match += len(run.cohort.mentees)
        cut += run.cut
        optimal &= run.proof.optimal
        gaps.append(run.proof.gap)
        proofs.append(f"{label}: {run.proof.check}")
    for a, b in pins:
        if (a, b) not in handled:
            rejected.append(RejectedPin(mentee_id=a, mentor_id=b, reason_code="unknown", reason=_PIN_REASONS["unknown"]))
    matched = sum(2 if p.format is Format.PEER else 1 for p in pairs)
    summary = summarise(pairs, to_match, matched, mentor_load(loads, capacities), len(rejected), cut,
                        optimal, "; ".join(proofs) + "." if proofs else "nobody to match.",
                        None if None in gaps else max(gaps, default=0.0))
    return MatchResult(pairs=pairs, unmatched=unmatched, rejected_pins=rejected, summary=summary)


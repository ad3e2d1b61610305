"""The quality summary a coordinator reads before publishing a run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .result import MatchedPair, MentorLoad, Summary

HISTOGRAM_BINS = tuple(f"{low}-{low + 9}" if low < 90 else "90-100" for low in range(0, 100, 10))


def histogram(scores: Sequence[float]) -> dict[str, int]:
    """Pairs per 10-point bin; 100 falls in the top bin."""
    counts = Counter(HISTOGRAM_BINS[min(int(s // 10), 9)] for s in scores)
    return {name: counts.get(name, 0) for name in HISTOGRAM_BINS}


def mentor_load(loads: Sequence[int], capacities: Sequence[int]) -> MentorLoad:
    """Distribution of mentees per mentor and the places left unused."""
    by = Counter(loads)
    return MentorLoad(
        mentors=len(loads),
        by_mentees={str(k): by[k] for k in sorted(by)},
        capacity=sum(capacities),
        used=sum(loads),
        unused_capacity=sum(max(c - n, 0) for n, c in zip(loads, capacities)),
    )


def summarise(pairs: Sequence[MatchedPair], to_match: int, matched: int, load: MentorLoad,
              rejected_pins: int, candidate_lists_cut: int, optimal: bool, optimality_check: str,
              gap: float | None) -> Summary:
    """Matched share, score statistics, histogram and mentor load in one object."""
    scores = [p.score for p in pairs]
    return Summary(
        to_match=to_match,
        matched=matched,
        matched_share=round(matched / to_match, 4) if to_match else 0.0,
        pairs=len(pairs),
        mean_score=round(sum(scores) / len(scores), 3) if scores else None,
        min_score=min(scores) if scores else None,
        share_at_least_70=round(sum(s >= 70 for s in scores) / len(scores), 4) if scores else None,
        histogram=histogram(scores),
        mentor_load=load,
        rejected_pins=rejected_pins,
        candidate_lists_cut=candidate_lists_cut,
        optimal=optimal,
        optimality_check=optimality_check,
        gap=None if gap is None else round(gap, 6),
    )

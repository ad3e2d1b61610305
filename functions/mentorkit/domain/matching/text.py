"""Goal sentences turned into words that can be compared with what a mentor offers.

A mentee writes goals as sentences ("Run my first team retrospective by March"); a
mentor lists skills ("agile retrospectives", "team leadership"). Comparing whole strings
almost never matches, so both sides become sets of content words, and words that are
spelling variants of each other ("retrospective", "retrospectives", "retros") are folded
together with rapidfuzz's Jaro–Winkler similarity. The folding runs once per cohort on
the vocabulary, never per pair: pairs are then compared as bitsets like any other tag.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from rapidfuzz.distance import JaroWinkler
from rapidfuzz.process import cdist

_WORD = re.compile(r"[\w+#]+(?:[-.][\w+#]+)*")
_STOP = frozenset(
    """a about above after again all also am an and any are as at be been before being below
    between both but by can could did do does doing down during each end few first for from
    further get getting go going got had has have having he her here hers him his how i if in
    into is it its itself just least less let like make making me more most much my myself
    new next no nor not now of off on once one only or other our ours out over own per really
    same she should so some start such than that the their them then there these they this
    those through to too under until up us very want wants was way we well were what when
    where which while who whom why will with within would year years you your yours
    january february march april may june july august september october november december
    q1 q2 q3 q4 month months week weeks""".split()
)
SIMILAR = 0.9
"""Jaro–Winkler similarity from which two words count as the same word."""
PREFIX = 4
"""Only words sharing their first letters are compared (and shorter words only exactly)."""


def words(texts: Iterable[str]) -> list[str]:
    """Lower-cased content words of some texts, in first-seen order, without repeats."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in _WORD.findall(text.casefold()):
            if word not in _STOP and not word.isdigit() and len(word) > 1:
                seen.setdefault(word, None)
    return list(seen)


def fold_variants(vocabulary: Iterable[str]) -> dict[str, str]:
    """Word → the representative of its spelling variants (the alphabetically first).

    Sorting first makes the result independent of the order people appear in, and
    comparing only within groups of words sharing a prefix keeps the work near-linear.
    """
    groups: dict[str, list[str]] = {}
    for word in sorted(set(vocabulary)):
        groups.setdefault(word[:PREFIX] if len(word) >= PREFIX else word, []).append(word)
    folded: dict[str, str] = {}
    for group in groups.values():
        if len(group) == 1 or len(group[0]) < PREFIX:
            folded.update((w, w) for w in group)
            continue
        similar = cdist(group, group, scorer=JaroWinkler.normalized_similarity, dtype=np.float32, workers=1)
        first = np.argmax(similar >= SIMILAR, axis=1)
        folded.update((w, group[k]) for w, k in zip(group, first.tolist()))
    return folded

"""The named criteria: how well a mentor suits a mentee, each as a fraction 0–1.

Every criterion has two faces that must agree: a vectorised `fit` that rates a block
of mentees against many mentors at once (used to score and rank), and a `sentence`
that says in words why one pair got what it got (used to explain a match). Missing
information counts as neutral (0.5), so people who leave a field blank are neither
favoured nor punished.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from .features import Features, shared_count, utc_offset_hours
from .participants import MeetingFormat, Participant

NEUTRAL = np.float32(0.5)
WORKING_HOURS = 8.0


class Direction(IntEnum):
    """Which way seniority should point between the two sides of a pair."""

    MENTOR_SENIOR = 1  # one-to-one and group mentoring
    MENTEE_SENIOR = -1  # reverse mentoring
    PEERS = 0


def _overlap(a: Features, b: Features, field_a: str, field_b: str, enough: int) -> np.ndarray:
    """Share of `a`'s tags found in `b`, where `enough` matches count as full marks."""
    shared = shared_count(a.tags[field_a], b.tags[field_b]).astype(np.float32)
    need = np.minimum(a.counts[field_a], enough).astype(np.float32)[:, None]
    fit = np.minimum(shared / np.maximum(need, 1), 1)
    return np.where(need > 0, fit, NEUTRAL)


def _common(a: list[str], b: list[str]) -> list[str]:
    other = set(b)
    return [tag for tag in a if tag in other]


def _listed(tags: list[str]) -> str:
    return ", ".join(tags[:4]) + (" …" if len(tags) > 4 else "")


def skills_fit(a: Features, b: Features, direction: Direction) -> np.ndarray:
    return _overlap(a, b, "skills_wanted", "skills_offered", 3)


def skills_sentence(a: Participant, b: Participant, direction: Direction) -> str:
    if not a.skills_wanted:
        return "The mentee listed no skills to learn, so skills count as neutral."
    common = _common(a.skills_wanted, b.skills_offered)
    if not common:
        return "None of the skills the mentee wants is on the mentor's list."
    return f"The mentor offers {len(common)} of the skills the mentee wants: {_listed(common)}."


def goals_fit(a: Features, b: Features, direction: Direction) -> np.ndarray:
    return _overlap(a, b, "goals", "goals", 2)


def _shared_sentence(what: str, mine: list[str], theirs: list[str]) -> str:
    if not mine:
        return f"The mentee listed no {what}, so {what} count as neutral."
    common = _common(mine, theirs)
    return f"Shared {what}: {_listed(common)}." if common else f"No {what} in common."


def goals_sentence(a: Participant, b: Participant, direction: Direction) -> str:
    return _shared_sentence("goals", a.goals, b.goals)


def interests_fit(a: Features, b: Features, direction: Direction) -> np.ndarray:
    return _overlap(a, b, "interests", "interests", 2)


def interests_sentence(a: Participant, b: Participant, direction: Direction) -> str:
    return _shared_sentence("interests", a.interests, b.interests)


def languages_fit(a: Features, b: Features, direction: Direction) -> np.ndarray:
    """Full marks when the mentee's first language is shared, half for another one."""
    first = shared_count(a.first_language, b.tags["languages"]) > 0
    return np.where(first, np.float32(1), NEUTRAL)


def languages_sentence(a: Participant, b: Participant, direction: Direction) -> str:
    common = _common(a.languages, b.languages)
    if a.languages and common and common[0] == a.languages[0]:
        return f"Both speak {common[0]}, the mentee's first language."
    return f"They share {_listed(common) or 'no language'}, though not the mentee's first language."


def _timezone_gap(a_offset: np.ndarray, b_offset: np.ndarray) -> np.ndarray:
    gap = np.abs(a_offset[:, None] - b_offset[None, :])
    return np.minimum(gap, 24 - gap)


def timezone_fit(a: Features, b: Features, direction: Direction) -> np.ndarray:
    """Share of a 9-to-5 working day that both have in common."""
    overlap = np.maximum(WORKING_HOURS - _timezone_gap(a.tz_offset, b.tz_offset), 0)
    return (overlap / WORKING_HOURS).astype(np.float32)


def timezone_sentence(a: Participant, b: Participant, direction: Direction) -> str:
    gap = float(_timezone_gap(np.array([utc_offset_hours(a.timezone)]), np.array([utc_offset_hours(b.timezone)]))[0, 0])
    overlap = max(WORKING_HOURS - gap, 0)
    if gap == 0:
        return "Same working hours (same time zone)."
    if overlap == 0:
        return f"Working hours do not overlap ({a.timezone} and {b.timezone})."
    return f"Working hours overlap by {overlap:g} h a day ({a.timezone} and {b.timezone})."


_GAP_FIT = np.array([0.2, 1.0, 1.0, 1.0, 0.7, 0.5, 0.3, 0.3, 0.3, 0.3], dtype=np.float32)
_PEER_FIT = np.array([1.0, 0.7, 0.4, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1], dtype=np.float32)


def _level_gap(a_level: np.ndarray, b_level: np.ndarray, direction: Direction) -> np.ndarray:
    gap = b_level[None, :].astype(np.int16) - a_level[:, None].astype(np.int16)
    return np.abs(gap) if direction is Direction.PEERS else gap * int(direction)


def seniority_fit(a: Features, b: Features, direction: Direction) -> np.ndarray:
    """Mentoring works best 1–3 levels apart; peers are best at the same level."""
    gap = np.clip(_level_gap(a.level, b.level, direction), 0, 9)
    return (_PEER_FIT if direction is Direction.PEERS else _GAP_FIT)[gap]


def seniority_sentence(a: Participant, b: Participant, direction: Direction) -> str:
    gap = abs(b.job_level - a.job_level)
    if gap == 0:
        return f"Same job level ({a.job_level})."
    levels = "level" if gap == 1 else "levels"
    if direction is Direction.PEERS:
        return f"{gap} {levels} apart (levels {a.job_level} and {b.job_level})."
    side = "above" if b.job_level > a.job_level else "below"
    return f"The mentor is {gap} {levels} {side} the mentee (level {b.job_level} vs {a.job_level})."


def department_fit(a: Features, b: Features, direction: Direction) -> np.ndarray:
    """Reach across the organisation; a mentee who asked for it loses all if it's missed."""
    known = (a.department[:, None] >= 0) & (b.department[None, :] >= 0)
    different = a.department[:, None] != b.department[None, :]
    same_fit = np.where(a.prefer_outside, np.float32(0), np.float32(0.3))[:, None]
    return np.where(known, np.where(different, np.float32(1), same_fit), NEUTRAL)


def department_sentence(a: Participant, b: Participant, direction: Direction) -> str:
    if a.department is None or b.department is None:
        return "Department unknown for one of them, so it counts as neutral."
    if a.department != b.department:
        wish = ", as the mentee asked" if a.prefer_outside_department else ""
        return f"Different departments ({a.department} and {b.department}){wish}: reach across the organisation."
    if a.prefer_outside_department:
        return f"Both in {a.department}, though the mentee asked for someone outside it."
    return f"Both in {a.department}."


_V, _P = 0, 1  # MEETING_CODES of virtual and in person


def meeting_format_fit(a: Features, b: Features, direction: Direction) -> np.ndarray:
    """Can they meet the way both want? In person needs the same location."""
    ma, mb = a.meeting[:, None], b.meeting[None, :]
    same_place = (a.location[:, None] == b.location[None, :]) & (a.location[:, None] >= 0)
    wants_in_person = (ma == _P) | (mb == _P)
    clash = ((ma == _P) & (mb == _V)) | ((ma == _V) & (mb == _P))
    fit = np.where(wants_in_person, np.where(same_place, np.float32(1), np.float32(0.3)), np.float32(1))
    return np.where(clash, np.float32(0), fit)


def meeting_format_sentence(a: Participant, b: Participant, direction: Direction) -> str:
    formats = {a.meeting_format, b.meeting_format}
    if formats == {MeetingFormat.IN_PERSON, MeetingFormat.VIRTUAL}:
        return "One wants to meet in person, the other only virtually."
    if MeetingFormat.IN_PERSON in formats:
        if a.location is not None and a.location == b.location:
            return f"Can meet in person: both in {a.location}."
        return "One wants to meet in person, but they are not in the same location."
    if formats == {MeetingFormat.VIRTUAL}:
        return "Both prefer to meet virtually."
    return "Meeting formats are compatible."


def ergs_fit(a: Features, b: Features, direction: Direction) -> np.ndarray:
    shared = shared_count(a.tags["ergs"], b.tags["ergs"]) > 0
    return np.where(a.counts["ergs"][:, None] > 0, shared.astype(np.float32), NEUTRAL)


def ergs_sentence(a: Participant, b: Participant, direction: Direction) -> str:
    if not a.ergs:
        return "The mentee listed no employee resource group, so it counts as neutral."
    common = _common(a.ergs, b.ergs)
    return f"Both in the {_listed(common)} ERG." if common else "No employee resource group in common."


AVAILABILITY_TARGET = 2.0
"""Hours a month a pair needs for a meeting every other week or so."""


def availability_fit(a: Features, b: Features, direction: Direction) -> np.ndarray:
    both = np.fmin(a.availability[:, None], b.availability[None, :])
    known = ~np.isnan(a.availability)[:, None] & ~np.isnan(b.availability)[None, :]
    return np.where(known, np.minimum(np.nan_to_num(both) / AVAILABILITY_TARGET, 1), NEUTRAL).astype(np.float32)


def availability_sentence(a: Participant, b: Participant, direction: Direction) -> str:
    if a.availability_hours is None or b.availability_hours is None:
        return "Availability unknown for one of them, so it counts as neutral."
    hours = min(a.availability_hours, b.availability_hours)
    return f"Both can give at least {hours:g} h a month."


@dataclass(frozen=True)
class Criterion:
    name: str
    fit: Callable[[Features, Features, Direction], np.ndarray]
    sentence: Callable[[Participant, Participant, Direction], str]


CRITERIA: tuple[Criterion, ...] = (
    Criterion("skills", skills_fit, skills_sentence),
    Criterion("goals", goals_fit, goals_sentence),
    Criterion("interests", interests_fit, interests_sentence),
    Criterion("languages", languages_fit, languages_sentence),
    Criterion("timezone", timezone_fit, timezone_sentence),
    Criterion("seniority", seniority_fit, seniority_sentence),
    Criterion("department", department_fit, department_sentence),
    Criterion("meeting_format", meeting_format_fit, meeting_format_sentence),
    Criterion("ergs", ergs_fit, ergs_sentence),
    Criterion("availability", availability_fit, availability_sentence),
)
"""Each name is also the name of its weight in `Weights`."""

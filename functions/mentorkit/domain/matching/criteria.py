"""The named criteria: how well a mentor suits a mentee, each as a fraction 0–1.

Every criterion has two faces that must agree: a vectorised `fit` that rates a block
of mentees against many mentors at once (used to score and rank), and a `sentence`
that says in words why one pair got what it got, to the coordinator or to either
person of the pair (see `voice`).

Trust rule: a given answer never scores below a blank one. A blank counts as neutral
(0.5); an answer starts at neutral and climbs with every wish the partner meets, so
writing a goal or naming an ERG nobody shares costs nothing. The one exception is a
mentee's explicit request to leave their department, which lowers same-department
pairs because that is what it asks for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from .features import Features, shared_count, utc_offset_hours
from .participants import MeetingFormat, Participant
from .voice import Voice, sentence

NEUTRAL = np.float32(0.5)
WORKING_HOURS = 8.0


class Direction(IntEnum):
    """Which way seniority should point between the two sides of a pair."""

    MENTOR_SENIOR = 1  # one-to-one and group mentoring
    MENTEE_SENIOR = -1  # reverse mentoring
    PEERS = 0


@dataclass(frozen=True)
class Context:
    """What a sentence needs besides the two people: the format, the reader, the goal words."""

    direction: Direction
    voice: Voice
    words_of: Callable[[list[str]], list[str]]
    offer_words: Callable[[Participant], list[str]]
    shared_theme: Callable[[Participant, Participant], tuple[str, str, list[str]] | None] = lambda a, b: None
    """The mentee's goal, the program theme it falls under and the mentor's keywords for it."""


def _from_neutral(fit: np.ndarray) -> np.ndarray:
    """An answer starts where a blank does (neutral) and can only climb from there."""
    return (NEUTRAL + (1 - NEUTRAL) * fit).astype(np.float32)


def _overlap_table(enough: int) -> np.ndarray:
    """Fit for r tags listed (row) and k of them shared (column), r, k ≤ `enough`, flattened."""
    table = _from_neutral(np.minimum(np.arange(enough + 1)[None, :] / np.maximum(np.arange(enough + 1), 1)[:, None], 1))
    table[0] = NEUTRAL
    return table.ravel()


_OVERLAP = {enough: _overlap_table(enough) for enough in (2, 3)}


def _overlap(a: Features, b: Features, field_a: str, field_b: str, enough: int) -> np.ndarray:
    """Share of `a`'s tags found in `b` (`enough` matches count as all), from neutral up.

    One lookup per pair: row r of the table holds the fit for 0, 1, … `enough` shared
    tags when the mentee listed r of them (row 0, a blank, is neutral throughout). The
    lookup goes through a one-byte code per pair, which numpy gathers far faster than a
    pair of index arrays.
    """
    shared = np.minimum(shared_count(a.tags[field_a], b.tags[field_b]), enough).astype(np.uint8, copy=False)
    need = (np.minimum(a.counts[field_a], enough) * (enough + 1)).astype(np.uint8)
    return np.take(_OVERLAP[enough], shared + need[:, None])


_YES_NO = np.array([NEUTRAL, 1], dtype=np.float32)
"""Fit by whether something is shared: neutral without, full with."""


def _yes_no(shared: np.ndarray) -> np.ndarray:
    """Full marks where `shared` is True, neutral elsewhere (a one-byte gather, not np.where)."""
    return np.take(_YES_NO, shared.view(np.uint8))


def _by_values(a_values: np.ndarray, b_values: np.ndarray,
               fit: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> np.ndarray:
    """`fit(a_values[:, None], b_values[None, :])` for a criterion that reads one value per
    person taking few distinct values (a time zone's offset, a job level): the fit is worked
    out once per pair of distinct values, then gathered through a small code per pair. The
    table holds exactly what the full grid would, so scores do not change."""
    ua, ia = np.unique(a_values, return_inverse=True)
    ub, ib = np.unique(b_values, return_inverse=True)
    table = np.ascontiguousarray(fit(ua[:, None], ub[None, :]), dtype=np.float32).ravel()
    code_type = np.uint8 if len(table) <= 256 else np.uint16 if len(table) <= 65_536 else np.intp
    code = (ia.astype(code_type) * code_type(len(ub)))[:, None] + ib.astype(code_type)[None, :]
    return np.take(table, code)


def _common(a: list[str], b: list[str]) -> list[str]:
    other = set(b)
    return [tag for tag in a if tag in other]


def _listed(tags: list[str]) -> str:
    return ", ".join(tags[:4]) + (" …" if len(tags) > 4 else "")


def skills_fit(a: Features, b: Features, direction: Direction) -> np.ndarray:
    return _overlap(a, b, "skills_wanted", "skills_offered", 3)


def skills_sentence(a: Participant, b: Participant, ctx: Context) -> str:
    v = ctx.voice
    if not a.skills_wanted:
        return sentence(f"{v.mentee} listed no skills to learn, so skills count as neutral.")
    common = _common(a.skills_wanted, b.skills_offered)
    if not common:
        return sentence(f"none of the skills {v.wants()} is on {v.mentor_pos} list, so skills count as neutral.")
    return sentence(f"{v.offers()} {len(common)} of the skills {v.wants()}: {_listed(common)}.")


def goals_fit(a: Features, b: Features, direction: Direction) -> np.ndarray:
    """The words of the mentee's goal sentences found in what the mentor offers; full marks
    when a goal falls under one of the program's goal themes that the mentor offers.

    The theme can only raise the fit (it is the larger of the two), so a goal never scores
    below a blank and naming a theme's keyword never costs points."""
    words = _overlap(a, b, "goal_words", "offer_words", 3)
    if "goal_themes" not in a.tags:
        return words
    themed = shared_count(a.tags["goal_themes"], b.tags["offer_themes"]) > 0
    return np.where(themed, np.float32(1), words)


def goals_sentence(a: Participant, b: Participant, ctx: Context) -> str:
    v = ctx.voice
    if not a.goals:
        return sentence(f"{v.mentee} listed no goals, so goals count as neutral.")
    theme = ctx.shared_theme(a, b)
    if theme is not None:
        goal, name, keywords = theme
        return sentence(f"{v.mentee_pos} goal “{goal}” falls under the program's theme “{name}”, which "
                        f"{v.offers()}: {_listed(keywords)}.")
    offered = set(ctx.offer_words(b))
    best, found = "", []
    for goal in a.goals:
        hits = [w for w in ctx.words_of([goal]) if w in offered]
        if len(hits) > len(found):
            best, found = goal, hits
    if not found:
        return sentence(f"nothing {v.offers()} speaks to {v.mentee_pos} goals yet, so goals count as neutral.")
    return sentence(f"{v.mentee_pos} goal “{best}” meets what {v.offers()}: {_listed(found)}.")


def interests_fit(a: Features, b: Features, direction: Direction) -> np.ndarray:
    return _overlap(a, b, "interests", "interests", 2)


def interests_sentence(a: Participant, b: Participant, ctx: Context) -> str:
    if not a.interests:
        return sentence(f"{ctx.voice.mentee} listed no interests, so interests count as neutral.")
    common = _common(a.interests, b.interests)
    if not common:
        return "No interests in common, so interests count as neutral."
    return f"Shared interests: {_listed(common)}."


def languages_fit(a: Features, b: Features, direction: Direction) -> np.ndarray:
    """Full marks when the mentee's first language is shared, half for another one."""
    return _yes_no(shared_count(a.first_language, b.tags["languages"]) > 0)


def languages_sentence(a: Participant, b: Participant, ctx: Context) -> str:
    v = ctx.voice
    common = _common(a.languages, b.languages)
    if a.languages and common and common[0] == a.languages[0]:
        return sentence(f"{v.both} speak {common[0]}, {v.mentee_pos} first language.")
    return sentence(f"{v.both} speak {_listed(common) or 'no common language'}, though not {v.mentee_pos} first "
                    "language.")


def _timezone_gap(a_offset: np.ndarray, b_offset: np.ndarray) -> np.ndarray:
    gap = np.abs(a_offset[:, None] - b_offset[None, :])
    return np.minimum(gap, 24 - gap)


def _working_overlap(a_offset: np.ndarray, b_offset: np.ndarray) -> np.ndarray:
    """(a, 1) and (1, b) offsets → share of the working day in common."""
    gap = np.abs(a_offset - b_offset)
    overlap = np.maximum(WORKING_HOURS - np.minimum(gap, 24 - gap), 0)
    return (overlap / WORKING_HOURS).astype(np.float32)


def timezone_fit(a: Features, b: Features, direction: Direction) -> np.ndarray:
    """Share of a 9-to-5 working day that both have in common."""
    return _by_values(a.tz_offset, b.tz_offset, _working_overlap)


def timezone_sentence(a: Participant, b: Participant, ctx: Context) -> str:
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
    table = _PEER_FIT if direction is Direction.PEERS else _GAP_FIT

    def fit(a_level: np.ndarray, b_level: np.ndarray) -> np.ndarray:
        gap = b_level.astype(np.int16) - a_level.astype(np.int16)
        return table[np.clip(np.abs(gap) if direction is Direction.PEERS else gap * int(direction), 0, 9)]

    return _by_values(a.level, b.level, fit)


def seniority_sentence(a: Participant, b: Participant, ctx: Context) -> str:
    v = ctx.voice
    gap = abs(b.job_level - a.job_level)
    if gap == 0:
        return f"Same job level ({a.job_level})."
    levels = "level" if gap == 1 else "levels"
    if ctx.direction is Direction.PEERS:
        return f"{gap} {levels} apart (levels {a.job_level} and {b.job_level})."
    side = "above" if b.job_level > a.job_level else "below"
    return sentence(f"{v.mentor_is()} {gap} {levels} {side} {v.mentee} (level {b.job_level} vs {a.job_level}).")


def department_fit(a: Features, b: Features, direction: Direction) -> np.ndarray:
    """Reach across the organisation earns points; the same or an unknown department is neutral.

    The one answer that can cost points is the mentee's own request to avoid their
    department: a same-department pair then scores 0, as asked.
    """
    other = a.department[:, None] != b.department[None, :]
    fit = np.take(_DEPARTMENT_FIT, other.view(np.uint8) + (a.prefer_outside.astype(np.uint8) * 2)[:, None])
    fit[a.department < 0] = NEUTRAL  # unknown on either side: neutral
    fit[:, b.department < 0] = NEUTRAL
    return fit


_DEPARTMENT_FIT = np.array([NEUTRAL, 1, 0, 1], dtype=np.float32)
"""By (different department) + 2 × (the mentee asked to leave theirs)."""


def department_sentence(a: Participant, b: Participant, ctx: Context) -> str:
    v = ctx.voice
    if a.department is None or b.department is None:
        return f"Department unknown for one of {v.them}, so it counts as neutral."
    if a.department != b.department:
        wish = f", as {v.mentee_asked()}" if a.prefer_outside_department else ""
        return f"Different departments ({a.department} and {b.department}){wish}: reach across the organisation."
    if a.prefer_outside_department:
        return sentence(f"{v.both} work in {a.department}, though {v.mentee_asked()} for someone outside it.")
    return sentence(f"{v.both} work in {a.department}, so department counts as neutral.")


_MEETING_FIT = np.array([
    # mentee virtual, in person, either  ×  mentor virtual, in person, either; [elsewhere, same place]
    [[1, 1], [0, 0], [1, 1]],
    [[0, 0], [0.3, 1], [0.3, 1]],
    [[1, 1], [0.3, 1], [1, 1]],
], dtype=np.float32)


def meeting_format_fit(a: Features, b: Features, direction: Direction) -> np.ndarray:
    """Can they meet the way both want? In person needs the same location; in person
    against virtual-only is a clash."""
    same_place = (a.location[:, None] == b.location[None, :]) & (a.location >= 0)[:, None]
    code = same_place.view(np.uint8) + ((a.meeting.astype(np.uint8) * 6)[:, None] + (b.meeting.astype(np.uint8) * 2)[None, :])
    return np.take(_MEETING_FIT.ravel(), code)


def meeting_format_sentence(a: Participant, b: Participant, ctx: Context) -> str:
    v = ctx.voice
    formats = {a.meeting_format, b.meeting_format}
    if formats == {MeetingFormat.IN_PERSON, MeetingFormat.VIRTUAL}:
        return f"One of {v.them} wants to meet in person, the other only virtually."
    if MeetingFormat.IN_PERSON in formats:
        if a.location is not None and a.location == b.location:
            return sentence(f"{v.both} can meet in person, in {a.location}.")
        return f"One of {v.them} wants to meet in person, but not in the same location."
    if formats == {MeetingFormat.VIRTUAL}:
        return sentence(f"{v.both} prefer to meet virtually.")
    return "Meeting formats are compatible."


def ergs_fit(a: Features, b: Features, direction: Direction) -> np.ndarray:
    """A shared employee resource group earns points; one nobody shares is neutral."""
    return _yes_no(shared_count(a.tags["ergs"], b.tags["ergs"]) > 0)


def ergs_sentence(a: Participant, b: Participant, ctx: Context) -> str:
    v = ctx.voice
    if not a.ergs:
        return sentence(f"{v.mentee} listed no employee resource group, so it counts as neutral.")
    common = _common(a.ergs, b.ergs)
    if common:
        return sentence(f"{v.both} belong to the {_listed(common)} ERG.")
    return "No employee resource group in common, so it counts as neutral."


AVAILABILITY_TARGET = 2.0
"""Hours a month a pair needs for a meeting every other week or so."""


def availability_fit(a: Features, b: Features, direction: Direction) -> np.ndarray:
    """The hours both can give, from neutral (unknown or none) to full at the target.

    Each side's own fit is monotone in its hours and an unknown is neutral, the floor,
    so the pair's fit is simply the smaller of the two.
    """
    return np.minimum(_hours_fit(a.availability)[:, None], _hours_fit(b.availability)[None, :])


def _hours_fit(hours: np.ndarray) -> np.ndarray:
    enough = np.minimum(np.nan_to_num(hours) / AVAILABILITY_TARGET, 1)
    return np.where(np.isnan(hours), NEUTRAL, _from_neutral(enough)).astype(np.float32)


def availability_sentence(a: Participant, b: Participant, ctx: Context) -> str:
    v = ctx.voice
    if a.availability_hours is None or b.availability_hours is None:
        return f"Availability unknown for one of {v.them}, so it counts as neutral."
    hours = min(a.availability_hours, b.availability_hours)
    return sentence(f"{v.both} can give at least {hours:g} h a month.")


@dataclass(frozen=True)
class Criterion:
    name: str
    fit: Callable[[Features, Features, Direction], np.ndarray]
    sentence: Callable[[Participant, Participant, Context], str]
    reads: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    """The mentee's and the mentor's fields the sentence depends on, when they take few
    values (time zones, levels, …): the sentence is then written once per combination."""


CRITERIA: tuple[Criterion, ...] = (
    Criterion("skills", skills_fit, skills_sentence),
    Criterion("goals", goals_fit, goals_sentence),
    Criterion("interests", interests_fit, interests_sentence),
    Criterion("languages", languages_fit, languages_sentence, (("languages",), ("languages",))),
    Criterion("timezone", timezone_fit, timezone_sentence, (("timezone",), ("timezone",))),
    Criterion("seniority", seniority_fit, seniority_sentence, (("job_level",), ("job_level",))),
    Criterion("department", department_fit, department_sentence,
              (("department", "prefer_outside_department"), ("department",))),
    Criterion("meeting_format", meeting_format_fit, meeting_format_sentence,
              (("meeting_format", "location"), ("meeting_format", "location"))),
    Criterion("ergs", ergs_fit, ergs_sentence, (("ergs",), ("ergs",))),
    Criterion("availability", availability_fit, availability_sentence,
              (("availability_hours",), ("availability_hours",))),
)
"""Each name is also the name of its weight in `Weights`."""

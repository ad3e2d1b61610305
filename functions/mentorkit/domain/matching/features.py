"""Participants turned into numpy arrays, so a block of pairs is scored in one go.

Tag lists become bitsets over a vocabulary shared by both sides of a cohort, so "how
many skills does this mentor offer that this mentee wants" is one AND and a popcount
for a whole block of mentees × all mentors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

import numpy as np

from .participants import GoalTheme, MeetingFormat, Participant
from .text import fold_variants, words

TAG_FIELDS = ("skills_wanted", "skills_offered", "interests", "languages", "ergs")
WORD_FIELDS = ("goal_words", "offer_words")
"""Word sets: the words of a person's goals, and of what they offer (skills and goals)."""
THEME_FIELDS = ("goal_themes", "offer_themes")
"""Theme sets (only when the program has goal themes): the themes a person's goals fall
under, and the themes their skills and experience offer."""
MEETING_CODES = {MeetingFormat.VIRTUAL: 0, MeetingFormat.IN_PERSON: 1, MeetingFormat.EITHER: 2}


@cache
def utc_offset_hours(timezone: str) -> float:
    """A zone's typical offset: the mean of January and July, so DST does not flip results."""
    zone = ZoneInfo(timezone)
    offsets = [
        datetime(2025, month, 15, 12, tzinfo=zone).utcoffset().total_seconds() / 3600
        for month in (1, 7)
    ]
    return sum(offsets) / 2


class Vocabulary:
    """Tag → bit position, shared by mentees and mentors so bitsets line up."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def add(self, tags: Sequence[str]) -> None:
        for tag in tags:
            self.index.setdefault(tag, len(self.index))

    @property
    def words(self) -> int:
        return max(1, (len(self.index) + 63) // 64)

    def bitsets(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        """(n, words) unsigned integers: bit i of a row is set when the row holds tag i.

        A vocabulary of 8, 16 or 32 tags or fewer gets one uint8, uint16 or uint32 per row,
        larger ones uint64 words: comparing a block of pairs reads an eighth of the memory
        for languages or ERGs, which is most of what the comparison costs."""
        bits = np.zeros((len(rows), self.words), dtype=np.uint64)
        where = [(r, self.index[tag]) for r, tags in enumerate(rows) for tag in tags]
        if where:
            r, i = np.array(where, dtype=np.int64).T
            np.bitwise_or.at(bits, (r, i >> 6), np.left_shift(np.uint64(1), (i & 63).astype(np.uint64)))
        for narrow in (np.uint8, np.uint16, np.uint32):
            if len(self.index) <= 8 * np.dtype(narrow).itemsize:
                return bits.astype(narrow)
        return bits


@dataclass(frozen=True)
class Features:
    """One side of a cohort as arrays (rows align with the participants list)."""

    level: np.ndarray  # int16
    tz_offset: np.ndarray  # float32 hours
    department: np.ndarray  # int32 code, -1 unknown
    location: np.ndarray  # int32 code, -1 unknown
    meeting: np.ndarray  # int8, MEETING_CODES
    availability: np.ndarray  # float32 hours/month, nan unknown
    prefer_outside: np.ndarray  # bool
    capacity: np.ndarray  # int64
    first_language: np.ndarray  # (n, words) uint64: only the first language's bit
    tags: dict[str, np.ndarray]  # field → (n, words) uint64
    counts: dict[str, np.ndarray]  # field → (n,) int16 number of tags

    def take(self, rows: np.ndarray | slice) -> Features:
        """The same arrays restricted to some rows (a block of mentees)."""
        return Features(
            level=self.level[rows],
            tz_offset=self.tz_offset[rows],
            department=self.department[rows],
            location=self.location[rows],
            meeting=self.meeting[rows],
            availability=self.availability[rows],
            prefer_outside=self.prefer_outside[rows],
            capacity=self.capacity[rows],
            first_language=self.first_language[rows],
            tags={k: v[rows] for k, v in self.tags.items()},
            counts={k: v[rows] for k, v in self.counts.items()},
        )

    def __len__(self) -> int:
        return len(self.level)


class Encoder:
    """Builds Features for both sides of a cohort with shared vocabularies and codes."""

    def __init__(self, everyone: Sequence[Participant], themes: Sequence[GoalTheme] = ()) -> None:
        self.vocabularies = {"skills": Vocabulary(), "interests": Vocabulary(),
                             "languages": Vocabulary(), "ergs": Vocabulary(), "words": Vocabulary(),
                             "themes": Vocabulary()}
        self.codes: dict[str, dict[str, int]] = {"department": {}, "location": {}}
        raw_words: set[str] = set()
        for p in everyone:
            for field in TAG_FIELDS:
                self._vocabulary(field).add(getattr(p, field))
            raw_words.update(words(p.goals + p.skills_offered))
            for field, codes in self.codes.items():
                value = getattr(p, field)
                if value is not None:
                    codes.setdefault(value, len(codes))
        self.themes = list(themes)
        for theme in self.themes:
            raw_words.update(words([theme.name, *theme.keywords]))
        self.fold = fold_variants(raw_words)
        self._words: dict[tuple[str, ...], list[str]] = {}
        self.vocabularies["words"].add(sorted(set(self.fold.values())))
        # Each theme as the keywords that call it up (its name is one), each keyword as its folded words.
        self._keywords = [[(keyword, frozenset(self.words_of([keyword]))) for keyword in [theme.name, *theme.keywords]]
                          for theme in self.themes]
        self.vocabularies["themes"].add([str(t) for t in range(len(self.themes))])
        self._text_themes: dict[str, frozenset[int]] = {}

    def _vocabulary(self, field: str) -> Vocabulary:
        if field in WORD_FIELDS:
            return self.vocabularies["words"]
        if field in THEME_FIELDS:
            return self.vocabularies["themes"]
        return self.vocabularies["skills" if field.startswith("skills") else field]

    def words_of(self, texts: Sequence[str]) -> list[str]:
        """The folded content words of some texts (spelling variants made one); remembered,
        since explanations ask for the same person's words many times."""
        key = tuple(texts)
        if key not in self._words:
            self._words[key] = list(dict.fromkeys(self.fold.get(w, w) for w in words(texts)))
        return self._words[key]

    def goal_words(self, p: Participant) -> list[str]:
        """What a person wants to achieve, as words: their goal sentences."""
        return self.words_of(p.goals)

    def offer_words(self, p: Participant) -> list[str]:
        """What a person offers, as words: their skills and their goals."""
        return self.words_of(p.skills_offered + p.goals)

    def themes_in(self, texts: Sequence[str]) -> list[int]:
        """The themes (by position) some texts call up: a text holds one of a theme's keywords,
        every word of it (so "people management" is not made of two different skills)."""
        found: set[int] = set()
        for text in texts:
            themes = self._text_themes.get(text)
            if themes is None:  # once per distinct text: skills and goals repeat across people
                have = set(self.words_of([text]))
                themes = self._text_themes[text] = frozenset(
                    t for t, keywords in enumerate(self._keywords) if any(k and k <= have for _, k in keywords))
            found |= themes
        return sorted(found)

    def keywords_in(self, theme: int, texts: Sequence[str]) -> list[str]:
        """The keywords of one theme that some texts hold, as the coordinator wrote them."""
        haves = [set(self.words_of([text])) for text in texts]
        return [keyword for keyword, k in self._keywords[theme] if k and any(k <= have for have in haves)]

    def offers(self, p: Participant) -> list[str]:
        """The texts that say what a person offers: their skills and their goals."""
        return p.skills_offered + p.goals

    def shared_theme(self, mentee: Participant, mentor: Participant) -> tuple[str, str, list[str]] | None:
        """(the mentee's goal, the theme's name, the mentor's keywords) for the first program
        theme that one of the mentee's goals falls under and the mentor offers; None if none."""
        if not self.themes:
            return None
        offered = set(self.themes_in(self.offers(mentor)))
        for goal in mentee.goals:
            for theme in self.themes_in([goal]):
                if theme in offered:
                    return goal, self.themes[theme].name, self.keywords_in(theme, self.offers(mentor))
        return None

    def _tag_lists(self, people: Sequence[Participant]) -> dict[str, list[list[str]]]:
        lists = {f: [getattr(p, f) for p in people] for f in TAG_FIELDS}
        lists["goal_words"] = [self.goal_words(p) for p in people]
        lists["offer_words"] = [self.offer_words(p) for p in people]
        if self.themes:
            lists["goal_themes"] = [[str(t) for t in self.themes_in(p.goals)] for p in people]
            lists["offer_themes"] = [[str(t) for t in self.themes_in(self.offers(p))] for p in people]
        return lists

    def encode(self, people: Sequence[Participant]) -> Features:
        """Arrays for these participants, aligned with their order."""
        lists = self._tag_lists(people)
        tags = {f: self._vocabulary(f).bitsets(rows) for f, rows in lists.items()}
        return Features(
            level=np.fromiter((p.job_level for p in people), np.int16, len(people)),
            tz_offset=np.fromiter((utc_offset_hours(p.timezone) for p in people), np.float32, len(people)),
            department=self._codes("department", people),
            location=self._codes("location", people),
            meeting=np.fromiter((MEETING_CODES[p.meeting_format] for p in people), np.int8, len(people)),
            availability=np.fromiter(
                (np.nan if p.availability_hours is None else p.availability_hours for p in people),
                np.float32,
                len(people),
            ),
            prefer_outside=np.fromiter((p.prefer_outside_department for p in people), bool, len(people)),
            capacity=np.fromiter((p.capacity for p in people), np.int64, len(people)),
            first_language=self.vocabularies["languages"].bitsets([p.languages[:1] for p in people]),
            tags=tags,
            counts={f: np.fromiter((len(r) for r in rows), np.int16, len(rows)) for f, rows in lists.items()},
        )

    def _codes(self, field: str, people: Sequence[Participant]) -> np.ndarray:
        codes = self.codes[field]
        return np.fromiter(
            (codes.get(getattr(p, field), -1) if getattr(p, field) is not None else -1 for p in people),
            np.int32,
            len(people),
        )


def shared_count(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(len(a), len(b)) number of tags two bitset tables have in common."""
    total = np.bitwise_count(a[:, 0, None] & b[None, :, 0])  # uint8 whatever the word size
    if a.shape[1] > 3:
        total = total.astype(np.uint16)
    for word in range(1, a.shape[1]):
        total += np.bitwise_count(a[:, word, None] & b[None, :, word])
    return total

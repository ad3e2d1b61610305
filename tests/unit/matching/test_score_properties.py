"""Scores people can trust: properties that hold for every criterion, checked by hypothesis."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorkit.domain.matching import MatchingConfig, Participant, Weights, match, score
from mentorkit.domain.matching.optimiser import SCALE

SKILLS = ["python", "sql", "public speaking", "negotiation", "kubernetes", "design"]
GOALS = ["Run my first team retrospective by the end of March", "Become a confident public speaker",
         "Learn to negotiate a salary", "Lead a design review", "Move into people management"]
WORDS = ["python", "sql", "retrospectives", "team leadership", "management", "salary negotiation"]
TAGS = {"interests": ["chess", "running", "music"], "ergs": ["pride", "women in tech", "parents"]}

settings.register_profile("matching", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("matching")


@st.composite
def people(draw, role: str) -> dict:
    """A participant as a dict, every optional answer sometimes blank."""
    return {
        "id": role, "email": f"{role}@example.org", "role": role,
        "job_level": draw(st.integers(1, 10)),
        "languages": draw(st.lists(st.sampled_from(["english", "french", "german"]), min_size=1, max_size=2,
                                   unique=True)),
        "skills_wanted": draw(st.lists(st.sampled_from(SKILLS), max_size=3, unique=True)),
        "skills_offered": draw(st.lists(st.sampled_from(SKILLS + WORDS), max_size=4, unique=True)),
        "goals": draw(st.lists(st.sampled_from(GOALS), max_size=2, unique=True)),
        "interests": draw(st.lists(st.sampled_from(TAGS["interests"]), max_size=2, unique=True)),
        "ergs": draw(st.lists(st.sampled_from(TAGS["ergs"]), max_size=2, unique=True)),
        "department": draw(st.sampled_from([None, "sales", "engineering"])),
        "location": draw(st.sampled_from([None, "paris", "london"])),
        "timezone": draw(st.sampled_from(["Europe/London", "Asia/Tokyo", "America/New_York"])),
        "meeting_format": draw(st.sampled_from(["virtual", "in_person", "either"])),
        "availability_hours": draw(st.sampled_from([None, 0, 1, 2, 6])),
        "prefer_outside_department": draw(st.booleans()),
    }


_NAMES = ("skills", "goals", "interests", "languages", "timezone", "seniority", "department",
          "meeting_format", "ergs", "availability")
weights = st.lists(st.integers(0, 10), min_size=len(_NAMES), max_size=len(_NAMES)).filter(any).map(
    lambda values: Weights(**dict(zip(_NAMES, values))))


def _score(mentee: dict, mentor: dict, w: Weights | None = None) -> float:
    return score(Participant(**mentee), Participant(**mentor), w).score


@given(people("mentee"), people("mentor"), weights, st.sampled_from(SKILLS))
def test_adding_a_wanted_skill_the_mentor_offers_never_lowers_the_score(mentee, mentor, w, skill):
    mentor = {**mentor, "skills_offered": list(dict.fromkeys(mentor["skills_offered"] + [skill]))}
    more = {**mentee, "skills_wanted": list(dict.fromkeys(mentee["skills_wanted"] + [skill]))}
    assert _score(more, mentor, w) >= _score(mentee, mentor, w)


BLANKS = {"skills_wanted": [], "goals": [], "interests": [], "ergs": [], "availability_hours": None,
          "department": None, "location": None}


@given(people("mentee"), people("mentor"), weights, st.sampled_from(sorted(BLANKS)))
def test_a_blank_answer_never_beats_a_given_one(mentee, mentor, w, field):
    """Writing a goal, naming an ERG, giving a department: none of it may cost points.

    (Asking to leave one's department is the single answer meant to cost points on
    same-department pairs, so it is left out here.)
    """
    mentee = {**mentee, "prefer_outside_department": False}
    blank = {**mentee, field: BLANKS[field]}
    assert _score(mentee, mentor, w) >= _score(blank, mentor, w)


@given(people("mentee"), people("mentor"), weights)
def test_the_breakdown_adds_up_to_the_score(mentee, mentor, w):
    s = score(Participant(**mentee), Participant(**mentor), w)
    assert sum(round(c.points * SCALE) for c in s.breakdown) == round(s.score * SCALE)
    assert all(0 <= c.points <= c.max_points + 0.01 for c in s.breakdown)  # max_points shows 2 decimals


@given(people("mentee"), people("mentor"), st.randoms(use_true_random=False))
def test_the_order_of_answers_changes_nothing(mentee, mentor, rng):
    """Lists are sets (languages aside: the first one listed is the first language)."""
    def shuffled(p: dict) -> dict:
        out = dict(p)
        for field in ("skills_wanted", "skills_offered", "goals", "interests", "ergs"):
            out[field] = rng.sample(p[field], len(p[field]))
        return out

    assert _score(shuffled(mentee), shuffled(mentor)) == _score(mentee, mentor)


@settings(max_examples=15)
@given(st.lists(people("mentee"), min_size=2, max_size=6), st.lists(people("mentor"), min_size=1, max_size=4),
       st.randoms(use_true_random=False))
def test_the_order_of_the_roster_changes_nothing(mentees, mentors, rng):
    roster = ([Participant(**{**p, "id": f"e{i}", "email": f"e{i}@x.org"}) for i, p in enumerate(mentees)]
              + [Participant(**{**p, "id": f"m{i}", "email": f"m{i}@x.org", "capacity": 2})
                 for i, p in enumerate(mentors)])
    config = MatchingConfig(min_score=0)
    before = match(roster, config)
    after = match(rng.sample(roster, len(roster)), config)
    assert after.summary.matched == before.summary.matched
    assert sum(p.score for p in after.pairs) == sum(p.score for p in before.pairs)
    pair_scores = {(p.mentee_id, p.mentor_id): p.score for p in before.pairs}
    assert all(pair_scores.get((p.mentee_id, p.mentor_id), p.score) == p.score for p in after.pairs)


def test_a_written_goal_the_mentor_can_help_with_raises_the_score(person):
    mentor = person("sam", role="mentor", skills_offered=["agile retrospectives", "team leadership"])
    with_goal = person("ann", goals=["Run my first team retrospective by the end of March"])
    without = person("ann")
    assert score(with_goal, mentor).score > score(without, mentor).score


def test_an_erg_nobody_shares_costs_nothing(person):
    mentor = person("sam", role="mentor")
    assert score(person("ann", ergs=["pride"]), mentor).score == score(person("ann"), mentor).score


def test_participants_read_their_reasons_in_the_second_person(person):
    people_ = [person("ann", skills_wanted=["python", "sql"]),
               person("sam", role="mentor", skills_offered=["python", "sql"])]
    pair = match(people_, MatchingConfig(pins=[("ann", "sam")])).pairs[0]
    assert "Pinned by a coordinator." in pair.reasons
    assert "The mentor offers 2 of the skills the mentee wants: python, sql." in pair.reasons
    assert "Your mentor offers 2 of the skills you want: python, sql." in pair.reasons_for_mentee
    assert "You offer 2 of the skills your mentee wants: python, sql." in pair.reasons_for_mentor
    assert not any("Pinned" in r for r in pair.reasons_for_mentee + pair.reasons_for_mentor)
    assert not any(" mentee " in r.casefold() for r in pair.reasons_for_mentee)


def test_goal_reasons_quote_the_goal_and_the_words_that_met_it(person):
    mentor = person("sam", role="mentor", skills_offered=["agile retrospectives", "team leadership"])
    mentee = person("ann", goals=["Run my first team retrospective by the end of March"])
    s = score(mentee, mentor)
    goal = next(c for c in s.breakdown if c.criterion == "goals")
    assert "run my first team retrospective by the end of march" in goal.sentence
    assert "retrospective" in goal.sentence and "team" in goal.sentence


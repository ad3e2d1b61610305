"""Scores people can trust: properties that hold for every criterion, checked by hypothesis."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorkit.domain.matching import GoalTheme, MatchingConfig, Participant, Weights, match, score
from mentorkit.domain.matching.optimiser import SCALE

SKILLS = ["python", "sql", "public speaking", "negotiation", "kubernetes", "design"]
GOALS = ["Run my first team retrospective by the end of March", "Become a confident public speaker",
         "Learn to negotiate a salary", "Lead a design review", "Move into people management"]
WORDS = ["python", "sql", "retrospectives", "team leadership", "management", "salary negotiation"]
TAGS = {"interests": ["chess", "running", "music"], "ergs": ["pride", "women in tech", "parents"]}

THEMES = (GoalTheme(name="Agile delivery", keywords=["retrospective", "scrum", "sprint planning"]),
          GoalTheme(name="Leadership", keywords=["people management", "team leadership", "lead"]),
          GoalTheme(name="Communication", keywords=["public speaking", "negotiation", "negotiate"]))
themes = st.sampled_from([(), THEMES, THEMES[:1], THEMES[1:]])
"""The program's goal themes: none, or some of them (every property must hold either way)."""

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


def _score(mentee: dict, mentor: dict, w: Weights | None = None, themes_: tuple = ()) -> float:
    return score(Participant(**mentee), Participant(**mentor), w, themes=themes_).score


@given(people("mentee"), people("mentor"), weights, st.sampled_from(SKILLS), themes)
def test_adding_a_wanted_skill_the_mentor_offers_never_lowers_the_score(mentee, mentor, w, skill, t):
    mentor = {**mentor, "skills_offered": list(dict.fromkeys(mentor["skills_offered"] + [skill]))}
    more = {**mentee, "skills_wanted": list(dict.fromkeys(mentee["skills_wanted"] + [skill]))}
    assert _score(more, mentor, w, t) >= _score(mentee, mentor, w, t)


@given(people("mentee"), people("mentor"), weights, st.sampled_from(GOALS), themes)
def test_adding_a_goal_never_lowers_the_score(mentee, mentor, w, goal, t):
    """With or without goal themes, writing one more goal costs nothing."""
    more = {**mentee, "goals": list(dict.fromkeys(mentee["goals"] + [goal]))}
    assert _score(more, mentor, w, t) >= _score(mentee, mentor, w, t)


@given(people("mentee"), people("mentor"), weights)
def test_goal_themes_never_lower_a_score(mentee, mentor, w):
    """A theme can only add a way to match: a pair scores at least what it scores without themes."""
    assert _score(mentee, mentor, w, THEMES) >= _score(mentee, mentor, w)


BLANKS = {"skills_wanted": [], "goals": [], "interests": [], "ergs": [], "availability_hours": None,
          "department": None, "location": None}


@given(people("mentee"), people("mentor"), weights, st.sampled_from(sorted(BLANKS)), themes)
def test_a_blank_answer_never_beats_a_given_one(mentee, mentor, w, field, t):
    """Writing a goal, naming an ERG, giving a department: none of it may cost points.

    (Asking to leave one's department is the single answer meant to cost points on
    same-department pairs, so it is left out here.)
    """
    mentee = {**mentee, "prefer_outside_department": False}
    blank = {**mentee, field: BLANKS[field]}
    assert _score(mentee, mentor, w, t) >= _score(blank, mentor, w, t)


@given(people("mentee"), people("mentor"), weights, themes)
def test_the_breakdown_adds_up_to_the_score(mentee, mentor, w, t):
    s = score(Participant(**mentee), Participant(**mentor), w, themes=t)
    assert sum(round(c.points * SCALE) for c in s.breakdown) == round(s.score * SCALE)
    assert all(0 <= c.points <= c.max_points + 0.01 for c in s.breakdown)  # max_points shows 2 decimals


@given(people("mentee"), people("mentor"), st.randoms(use_true_random=False), themes)
def test_the_order_of_answers_changes_nothing(mentee, mentor, rng, t):
    """Lists are sets (languages aside: the first one listed is the first language), and so
    are the program's goal themes and their keywords."""
    def shuffled(p: dict) -> dict:
        out = dict(p)
        for field in ("skills_wanted", "skills_offered", "goals", "interests", "ergs"):
            out[field] = rng.sample(p[field], len(p[field]))
        return out

    reordered = tuple(GoalTheme(name=x.name, keywords=rng.sample(x.keywords, len(x.keywords)))
                      for x in rng.sample(list(t), len(t)))
    assert _score(shuffled(mentee), shuffled(mentor), None, reordered) == _score(mentee, mentor, None, t)


@settings(max_examples=15)
@given(st.lists(people("mentee"), min_size=2, max_size=6), st.lists(people("mentor"), min_size=1, max_size=4),
       st.randoms(use_true_random=False), themes)
def test_the_order_of_the_roster_changes_nothing(mentees, mentors, rng, t):
    roster = ([Participant(**{**p, "id": f"e{i}", "email": f"e{i}@x.org"}) for i, p in enumerate(mentees)]
              + [Participant(**{**p, "id": f"m{i}", "email": f"m{i}@x.org", "capacity": 2})
                 for i, p in enumerate(mentors)])
    config = MatchingConfig(min_score=0, goal_themes=list(t))
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



def test_a_goal_under_a_theme_the_mentor_offers_scores_as_a_match(person):
    """No word of the goal is among the mentor's skills, but the program's theme joins them."""
    mentor = person("sam", role="mentor", skills_offered=["scrum", "facilitation"])
    mentee = person("ann", goals=["Run my first team retrospective by the end of March"])
    plain = score(mentee, mentor)
    themed = score(mentee, mentor, themes=THEMES)
    goals = {s: next(c for c in x.breakdown if c.criterion == "goals") for s, x in (("plain", plain), ("themed", themed))}
    assert goals["themed"].points == goals["themed"].max_points > goals["plain"].points
    assert themed.score > plain.score > score(person("ann"), mentor).score - 0.001
    assert "theme “Agile delivery”" in goals["themed"].sentence and "scrum" in goals["themed"].sentence
    assert any("Your goal “run my first team retrospective by the end of march” falls under the program's theme "
               "“Agile delivery”, which your mentor offers: scrum." == r for r in themed.reasons_for_mentee)
    assert any("which you offer: scrum" in r for r in themed.reasons_for_mentor)


def test_a_theme_the_mentor_does_not_offer_changes_nothing(person):
    mentor = person("sam", role="mentor", skills_offered=["negotiation"])
    mentee = person("ann", goals=["Run my first team retrospective by the end of March"])
    assert score(mentee, mentor, themes=THEMES[:1]).score == score(mentee, mentor).score


def test_a_keyword_of_several_words_needs_every_word(person):
    theme = (GoalTheme(name="Line roles", keywords=["people management"]),)
    mentee = person("ann", goals=["Move into people management"])
    whole = person("sam", role="mentor", skills_offered=["people management"])
    assert score(mentee, whole, themes=theme).score > score(mentee, whole).score
    half = person("max", role="mentor", skills_offered=["project management"])
    assert score(mentee, half, themes=theme).score == score(mentee, half).score
    split = person("zoe", role="mentor", skills_offered=["people skills", "project management"])
    assert score(mentee, split, themes=theme).score == score(mentee, split).score  # two skills are not one keyword


def test_goal_themes_decide_who_gets_the_only_place(person):
    """The issue's case: a goal the mentor can serve through a program theme wins over no goal."""
    mentor = person("sam", role="mentor", capacity=1, skills_offered=["scrum"])
    writer = person("ann", goals=["Run my first team retrospective by the end of March"])
    blank = person("bob")
    result = match([writer, blank, mentor], MatchingConfig(goal_themes=list(THEMES)))
    assert [(p.mentee_id, p.mentor_id) for p in result.pairs] == [("ann", "sam")]
    assert any("Agile delivery" in r for r in result.pairs[0].reasons)

"""Formats, the optimiser inside `match`, explanations and the quality summary."""

from __future__ import annotations

import itertools
import random

import pytest

from mentorkit.domain.matching import Direction, MatchingConfig, Participant, match, score


def _pairs(result) -> set[tuple[str, str]]:
    return {(p.mentee_id, p.mentor_id) for p in result.pairs}


def test_the_better_fitting_mentor_wins(person):
    people = [
        person("ann", skills_wanted=["python", "sql"], goals=["leadership"]),
        person("max", role="mentor", skills_offered=["python", "sql"], goals=["leadership"]),
        person("zoe", role="mentor", skills_offered=["java"]),
    ]
    result = match(people)
    assert _pairs(result) == {("ann", "max")}
    assert "The mentor offers 2 of the skills the mentee wants: python, sql." in result.pairs[0].reasons


def test_breakdown_adds_up_to_the_score(person):
    s = score(person("ann", goals=["growth"], ergs=["pride"]), person("max", role="mentor", goals=["growth"]))
    assert 0 <= s.score <= 100
    assert sum(c.points for c in s.breakdown) == pytest.approx(s.score, abs=0.05)
    assert sum(c.max_points for c in s.breakdown) == pytest.approx(100)
    assert [c.points for c in s.breakdown] == sorted((c.points for c in s.breakdown), reverse=True)


def test_a_perfect_fit_scores_100(person):
    common = dict(goals=["growth"], interests=["chess"], ergs=["pride"], availability_hours=4, meeting_format="virtual")
    s = score(person("ann", **common), person("max", role="mentor", job_level=5, **common))
    assert s.score == 100


def test_weights_change_the_choice(person):
    people = [
        person("ann", skills_wanted=["python"], timezone="Asia/Tokyo"),
        person("near", role="mentor", skills_offered=["java"], timezone="Asia/Tokyo"),
        person("far", role="mentor", skills_offered=["python"], timezone="America/Los_Angeles"),
    ]
    assert _pairs(match(people)) == {("ann", "far")}
    heavy_timezone = MatchingConfig(weights={"skills": 1, "timezone": 100})
    assert _pairs(match(people, heavy_timezone)) == {("ann", "near")}


def test_a_mentor_holds_several_separate_pairs(person):
    people = [person("ann"), person("bob"), person("max", role="mentor", capacity=2)]
    assert _pairs(match(people)) == {("ann", "max"), ("bob", "max")}


def test_peers_are_paired_among_themselves(person):
    people = [person(f"p{i}", role="peer", job_level=4) for i in range(5)]
    result = match(people)
    assert len(result.pairs) == 2
    paired = {x for p in result.pairs for x in (p.mentee_id, p.mentor_id)}
    assert len(paired) == 4
    assert result.summary.matched == 4
    assert [u.reason_code for u in result.unmatched] == ["odd_one_out"]


def test_peer_matching_is_exact_on_random_graphs(person):
    rng = random.Random(7)
    for _ in range(20):
        people = [
            person(f"p{i}", role="peer", job_level=rng.randint(1, 6), skills_wanted=rng.sample(["a", "b", "c"], 2),
                   skills_offered=rng.sample(["a", "b", "c"], 2), languages=rng.sample(["en", "fr"], 1))
            for i in range(rng.randint(2, 7))
        ]
        config = MatchingConfig(min_score=55)
        result = match(people, config)
        best = _brute_force_peers(people, config)
        got = (len(result.pairs), round(sum(p.score for p in result.pairs), 3))
        assert got == best


def _brute_force_peers(people: list[Participant], config: MatchingConfig) -> tuple[int, float]:
    edges = {}
    for a, b in itertools.combinations(people, 2):
        if set(a.languages) & set(b.languages):
            s = score(a, b, config.weights, Direction.PEERS).score
            if s >= config.min_score:
                edges[(a.id, b.id)] = s
    best = (0, 0.0)
    for k in range(len(people) // 2, 0, -1):
        for chosen in itertools.combinations(edges, k):
            ids = [x for pair in chosen for x in pair]
            if len(ids) == len(set(ids)):
                best = max(best, (k, round(sum(edges[c] for c in chosen), 3)))
        if best[0]:
            return best
    return best


def test_groups_stay_within_their_size_bounds(person):
    people = [person(f"e{i}", format="group") for i in range(7)] + [
        person("max", role="mentor", format="group"),
        person("zoe", role="mentor", format="group"),
    ]
    result = match(people, MatchingConfig(group_min=3, group_max=4))
    sizes = sorted(sum(p.group_id == g for p in result.pairs) for g in {"max", "zoe"})
    assert sizes == [3, 4]
    assert all(p.group_id == p.mentor_id for p in result.pairs)


def test_the_minimum_group_size_is_a_constraint_not_a_repair(person):
    """Everyone prefers max: the flow fills max's group and leaves zoe one mentee; closing that
    group would leave somebody out. Two groups of two place everybody."""
    people = [person(f"e{i}", format="group", skills_wanted=["python", "sql"]) for i in range(4)] + [
        person("max", role="mentor", format="group", skills_offered=["python", "sql"]),
        person("zoe", role="mentor", format="group", skills_offered=["python"]),
    ]
    result = match(people, MatchingConfig(group_min=2, group_max=3))
    sizes = sorted(sum(p.group_id == g for p in result.pairs) for g in {"max", "zoe"})
    assert sizes == [2, 2]
    assert result.summary.optimal and "CP-SAT proved" in result.summary.optimality_check


def test_a_group_too_small_is_not_opened(person):
    people = [person(f"e{i}", format="group") for i in range(5)] + [
        person("max", role="mentor", format="group"),
        person("zoe", role="mentor", format="group"),
    ]
    result = match(people, MatchingConfig(group_min=3, group_max=4))
    assert len(result.pairs) == 4
    closed = [u for u in result.unmatched if u.side == "mentor"]
    assert [u.reason_code for u in closed] == ["group_too_small"]


def test_a_program_can_mix_formats(person):
    people = [
        person("ann"),
        person("max", role="mentor"),
        person("p1", role="peer"),
        person("p2", role="peer"),
        person("exec", job_level=9, format="reverse"),
        person("grad", role="mentor", job_level=2, format="reverse"),
    ]
    result = match(people)
    assert {(p.format.value, p.mentee_id, p.mentor_id) for p in result.pairs} == {
        ("one_to_one", "ann", "max"),
        ("peer", "p1", "p2"),
        ("reverse", "exec", "grad"),
    }


@pytest.mark.parametrize("seed", range(6))
def test_capped_lists_still_give_the_proven_optimum(person, seed):
    """Dual prices find every left-out pair that could help: the capped run equals the uncapped one."""
    rng = random.Random(seed)
    skills = list("abcdefgh")
    people = [person(f"e{i}", skills_wanted=rng.sample(skills, 3), job_level=rng.randint(1, 5),
                     timezone=rng.choice(["Europe/London", "Asia/Tokyo", "America/Chicago"]),
                     availability_hours=rng.choice([None, 1, 4]))
              for i in range(40)] + [
        person(f"m{j}", role="mentor", capacity=rng.randint(1, 3), skills_offered=rng.sample(skills, 3),
               job_level=rng.randint(3, 9), timezone=rng.choice(["Europe/London", "Asia/Tokyo"]))
        for j in range(14)
    ]
    capped = match(people, MatchingConfig(candidates_per_mentee=2, min_score=30))
    full = match(people, MatchingConfig(candidates_per_mentee=0, min_score=30))
    assert capped.summary.candidate_lists_cut > 0
    assert capped.summary.matched == full.summary.matched
    assert sum(p.score for p in capped.pairs) == pytest.approx(sum(p.score for p in full.pairs), abs=1e-6)
    assert capped.summary.optimal and full.summary.optimal
    assert "dual prices" in capped.summary.optimality_check
    assert "no candidate list was cut" in full.summary.optimality_check


@pytest.mark.parametrize("seed", range(6))
def test_a_small_working_set_grows_by_prices_to_the_same_optimum(person, seed, monkeypatch):
    """The first solve sees each mentee's best pair only; pricing the rest of the capped lists,
    then the pairs left out of them, must still reach the uncapped optimum and prove it."""
    from mentorkit.domain.matching import engine

    rng = random.Random(100 + seed)
    skills = list("abcdefgh")
    people = [person(f"e{i}", skills_wanted=rng.sample(skills, 3), job_level=rng.randint(1, 5),
                     timezone=rng.choice(["Europe/London", "Asia/Tokyo", "America/Chicago"]))
              for i in range(50)] + [
        person(f"m{j}", role="mentor", capacity=rng.randint(1, 2), skills_offered=rng.sample(skills, 3),
               job_level=rng.randint(3, 9), timezone=rng.choice(["Europe/London", "Asia/Tokyo"]))
        for j in range(16)
    ]
    full = match(people, MatchingConfig(candidates_per_mentee=0, min_score=30))
    monkeypatch.setattr(engine, "WORKING_SET", 1)
    small = match(people, MatchingConfig(candidates_per_mentee=5, min_score=30))
    assert small.summary.candidate_lists_cut > 0
    assert small.summary.matched == full.summary.matched
    assert sum(p.score for p in small.pairs) == pytest.approx(sum(p.score for p in full.pairs), abs=1e-6)
    assert small.summary.optimal and "added by pricing" in small.summary.optimality_check


def test_every_pair_keeps_every_rule_on_random_rosters(person):
    rng = random.Random(13)
    people = [
        person(f"p{i}", role=rng.choice(["mentee", "mentee", "mentor", "both"]), job_level=rng.randint(1, 10),
               languages=rng.sample(["en", "fr", "de"], rng.randint(1, 2)), capacity=rng.randint(0, 3),
               manager_email=f"p{rng.randrange(60)}@example.org", never_pair=[f"p{rng.randrange(60)}"])
        for i in range(60)
    ]
    by_id = {p.id: p for p in people}
    result = match(people)
    load: dict[str, int] = {}
    for pair in result.pairs:
        mentee, mentor = by_id[pair.mentee_id], by_id[pair.mentor_id]
        assert mentee.id != mentor.id
        assert set(mentee.languages) & set(mentor.languages)
        assert mentor.job_level > mentee.job_level
        assert mentor.id not in mentee.never_pair and mentee.id not in mentor.never_pair
        assert mentee.manager_email != mentor.email and mentor.manager_email != mentee.email
        assert pair.score >= 40
        load[mentor.id] = load.get(mentor.id, 0) + 1
    assert all(load[m] <= by_id[m].capacity for m in load)
    assert len({p.mentee_id for p in result.pairs}) == len(result.pairs)
    matched = {p.mentee_id for p in result.pairs}
    assert {u.id for u in result.unmatched if u.side == "mentee"} == {p.id for p in people if p.is_mentee} - matched


def test_summary_numbers(person):
    people = [
        person("ann", goals=["growth"]),
        person("bob", skills_wanted=["cobol"]),
        person("cat", languages=["german"]),
        person("max", role="mentor", capacity=3, goals=["growth"]),
        person("zoe", role="mentor", capacity=2),
    ]
    result = match(people)
    s = result.summary
    scores = sorted(p.score for p in result.pairs)
    assert (s.to_match, s.matched, s.pairs) == (3, 2, 2)
    assert s.matched_share == pytest.approx(2 / 3, abs=1e-4)
    assert s.min_score == scores[0]
    assert s.mean_score == pytest.approx(sum(scores) / 2, abs=1e-3)
    assert s.share_at_least_70 == sum(x >= 70 for x in scores) / 2
    assert sum(s.histogram.values()) == 2 and len(s.histogram) == 10
    assert s.mentor_load.capacity == 5 and s.mentor_load.used == 2 and s.mentor_load.unused_capacity == 3
    assert sum(s.mentor_load.by_mentees.values()) == 2


@pytest.mark.parametrize("seed", range(4))
def test_capped_peer_lists_keep_the_proven_bound(person, seed):
    """Peers past the cap: the bound is priced over every allowed pair, and the gap is reported."""
    rng = random.Random(seed)
    people = [person(f"p{i}", role="peer", job_level=rng.randint(1, 6), skills_wanted=rng.sample(list("abcdef"), 2),
                     skills_offered=rng.sample(list("abcdef"), 3),
                     timezone=rng.choice(["Europe/London", "Asia/Tokyo", "America/Chicago"]))
              for i in range(41)]
    capped = match(people, MatchingConfig(candidates_per_mentee=2, min_score=30))
    full = match(people, MatchingConfig(candidates_per_mentee=0, min_score=30))
    assert capped.summary.candidate_lists_cut > 0
    assert capped.summary.gap is not None and capped.summary.gap < 0.01  # small rosters: few odd cycles, but each weighs
    assert capped.summary.matched == full.summary.matched == 40
    # the bound is global: the uncapped answer cannot beat the capped one by more than the gap
    assert sum(p.score for p in full.pairs) * (1 - capped.summary.gap) <= sum(p.score for p in capped.pairs) + 1e-6
    assert "bipartite-relaxation bound" in capped.summary.optimality_check

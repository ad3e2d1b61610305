"""Hard rules are never broken, whatever the score would gain."""

from __future__ import annotations

from mentorkit.domain.matching import MatchingConfig, match


def _pairs(result) -> set[tuple[str, str]]:
    return {(p.mentee_id, p.mentor_id) for p in result.pairs}


def _reason(result, id: str) -> str:
    return next(u.reason_code for u in result.unmatched if u.id == id)


def test_nobody_is_matched_with_themselves(person):
    result = match([person("sam", role="both", job_level=5, skills_wanted=["python"])])
    assert _pairs(result) == set()
    assert _reason(result, "sam") == "self"


def test_mentor_is_never_in_the_mentees_management_chain(person):
    people = [
        person("ann", manager_email="lead@example.org"),
        person("lead", role="mentor", manager_email="director@example.org", job_level=7),
        person("director", role="mentor", job_level=9),
    ]
    result = match(people)
    assert _pairs(result) == set()
    assert _reason(result, "ann") == "management_chain"


def test_chain_is_walked_past_managers_who_did_not_sign_up(person):
    people = [person("ann", manager_email="lead@example.org"), person("vp", role="mentor", job_level=9)]
    config = MatchingConfig(org_chart={"lead@example.org": "vp@example.org"})
    assert _pairs(match(people, config)) == set()
    assert _pairs(match(people)) == {("ann", "vp")}


def test_mentee_who_manages_the_mentor_is_not_paired(person):
    people = [
        person("boss", job_level=4),
        person("report", role="mentor", job_level=5, manager_email="boss@example.org"),
    ]
    assert _pairs(match(people)) == set()


def test_a_cycle_in_manager_emails_does_not_hang(person):
    people = [
        person("ann", manager_email="bob@example.org"),
        person("bob", role="mentor", manager_email="ann@example.org"),
        person("cat", role="mentor"),
    ]
    assert _pairs(match(people)) == {("ann", "cat")}


def test_capacity_is_respected(person):
    people = [person(f"e{i}") for i in range(4)] + [person("m", role="mentor", capacity=2)]
    result = match(people)
    assert len(result.pairs) == 2
    assert {u.reason_code for u in result.unmatched} == {"full"}


def test_mentor_must_be_more_senior(person):
    people = [person("ann", job_level=5), person("max", role="mentor", job_level=5)]
    result = match(people)
    assert _pairs(result) == set()
    assert _reason(result, "ann") == "seniority"


def test_reverse_mentoring_flips_the_seniority_rule(person):
    people = [
        person("exec", job_level=9, format="reverse"),
        person("grad", role="mentor", job_level=2, format="reverse"),
        person("senior", role="mentor", job_level=10, format="reverse"),
    ]
    assert _pairs(match(people)) == {("exec", "grad")}


def test_no_shared_language_means_no_pair(person):
    people = [person("ann", languages=["german"]), person("max", role="mentor", languages=["english", "french"])]
    result = match(people)
    assert _pairs(result) == set()
    assert _reason(result, "ann") == "language"


def test_never_pair_holds_from_either_side_and_from_the_coordinator(person):
    mentor = person("max", role="mentor")
    assert _pairs(match([person("ann", never_pair=["max@example.org"]), mentor])) == set()
    assert _pairs(match([person("ann"), person("max", role="mentor", never_pair=["ann"])])) == set()
    assert _pairs(match([person("ann"), mentor], MatchingConfig(forbidden=[("max", "ann")]))) == set()
    assert _reason(match([person("ann", never_pair=["max"]), mentor]), "ann") == "never_pair"


def test_no_pair_below_the_minimum_score(person):
    people = [person("ann", skills_wanted=["cobol"]), person("max", role="mentor")]
    result = match(people, MatchingConfig(min_score=90))
    assert _pairs(result) == set()
    assert _reason(result, "ann") == "min_score"
    assert "below the minimum of 90" in result.unmatched[0].reason


def test_a_pin_is_kept_even_with_a_low_score(person):
    people = [
        person("ann", skills_wanted=["cobol"]),
        person("bob"),
        person("max", role="mentor", capacity=1),
        person("zoe", role="mentor", capacity=1, skills_offered=["cobol"]),
    ]
    result = match(people, MatchingConfig(pins=[("ann", "max")], min_score=95))
    pinned = [p for p in result.pairs if p.pinned]
    assert [(p.mentee_id, p.mentor_id) for p in pinned] == [("ann", "max")]
    assert pinned[0].score < 95
    assert "Pinned by a coordinator." in pinned[0].reasons


def test_a_pin_that_breaks_a_hard_rule_is_reported_not_kept(person):
    people = [person("ann", languages=["german"]), person("max", role="mentor")]
    result = match(people, MatchingConfig(pins=[("ann", "max"), ("ghost", "max")]))
    assert _pairs(result) == set()
    assert [(r.mentee_id, r.reason_code) for r in result.rejected_pins] == [("ann", "language"), ("ghost", "unknown")]
    assert result.summary.rejected_pins == 2


def test_pins_never_exceed_a_mentors_capacity(person):
    people = [person("ann"), person("bob"), person("max", role="mentor", capacity=1)]
    result = match(people, MatchingConfig(pins=[("ann", "max"), ("bob", "max")]))
    assert _pairs(result) == {("ann", "max")}
    assert [r.reason_code for r in result.rejected_pins] == ["mentor_full"]


def test_tracks_are_matched_apart(person):
    people = [person("ann", track="data"), person("max", role="mentor", track="sales")]
    result = match(people)
    assert _pairs(result) == set()
    assert _reason(result, "ann") == "no_mentors"

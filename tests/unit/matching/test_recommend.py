"""Self-match recommendations: one mentee's allowed mentors, ranked by the run's own scores and reasons."""

from __future__ import annotations

from collections.abc import Callable

from mentorkit.domain.matching import MatchingConfig, Participant, match
from mentorkit.domain.matching.recommend import recommend


def test_recommendations_keep_the_hard_rules_and_the_runs_scores(person: Callable[..., Participant]) -> None:
    ana = person("ana", manager_email="boss@example.org", skills_wanted=["python", "sql"])
    people = [ana,
              person("best", "mentor", skills_offered=["python", "sql"]),
              person("good", "mentor", skills_offered=["python"]),
              person("boss", "mentor", skills_offered=["python", "sql"]),          # her manager
              person("junior", "mentor", job_level=2, skills_offered=["python", "sql"]),
              person("french", "mentor", languages=["french"]),
              person("listed", "mentor", never_pair=["ana@example.org"]),
              person("ben")]
    config = MatchingConfig(min_score=0)
    found = recommend(ana, people, config, limit=5)
    assert [r.mentor_id for r in found] == ["best", "good"]
    assert found[0].score > found[1].score
    run = match([ana, people[1]], config)   # the same number a run gives the pair
    assert found[0].score == run.pairs[0].score
    assert found[0].reasons == run.pairs[0].reasons[:len(found[0].reasons)]
    assert recommend(ana, people, config, limit=1)[0].mentor_id == "best"
    assert recommend(person("solo"), [person("solo")], config) == []

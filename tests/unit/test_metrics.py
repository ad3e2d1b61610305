"""Survey results and program metrics on real numbers; nothing shown for groups under five."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mentorkit.domain.metrics import (
    CheckIn, PairActivity, ResponseRow, WindowFacts, activity_figures, matching_figures, nps, pair_activity,
    survey_results, window_figures,
)
from mentorkit.domain.surveys import get_definition

NOW = datetime(2027, 5, 1, tzinfo=UTC)
END = get_definition("end-of-program")


def end_row(satisfaction: int, recommend: int, role: str = "mentee", window: str = "w1",
            change: str | None = None) -> ResponseRow:
    answers = {"satisfaction": satisfaction, "recommend": recommend, "goals-achieved": "some", "continue": "yes"}
    if change:
        answers["change"] = change
    return ResponseRow(window_id=window, role=role, answers=answers)


def test_nps_is_promoters_minus_detractors() -> None:
    assert nps([10, 9, 9, 8, 7, 6, 3, 10, 0, 9]) == 20.0   # 5 promoters, 3 detractors of 10
    assert nps([7, 8]) == 0.0
    assert nps([]) is None


def test_results_give_counts_means_nps_and_sorted_unsigned_texts() -> None:
    rows = [end_row(5, 10, change="More time"), end_row(4, 9), end_row(4, 8, change="a shorter survey"),
            end_row(3, 6), end_row(5, 10, role="mentor")]
    found = survey_results(END, rows)
    assert (found.respondents, found.suppressed) == (5, False)
    by_id = {q.id: q for q in found.questions}
    assert by_id["satisfaction"].counts == {"1": 0, "2": 0, "3": 1, "4": 2, "5": 2}
    assert by_id["satisfaction"].mean == 4.2
    assert by_id["recommend"].nps == 40.0    # 3 promoters, 1 detractor of 5
    assert by_id["goals-achieved"].counts == {"all": 0, "some": 5, "none": 0}
    # Two texts only: under five answers, so not shown; counts stay.
    assert (by_id["change"].answered, by_id["change"].suppressed, by_id["change"].texts) == (2, True, None)


def test_free_texts_are_listed_sorted_not_in_answer_order() -> None:
    texts = ["zebra", "Apple", "mango", "banana", "cherry"]
    found = survey_results(END, [end_row(4, 9, change=t) for t in texts])
    assert {q.id: q for q in found.questions}["change"].texts == ["Apple", "banana", "cherry", "mango", "zebra"]


def test_fewer_than_five_respondents_shows_only_the_count() -> None:
    found = survey_results(END, [end_row(5, 10) for _ in range(4)])
    assert (found.respondents, found.suppressed, found.questions, found.breakdowns) == (4, True, [], [])


def test_breakdown_groups_under_five_are_suppressed() -> None:
    rows = [end_row(4, 9) for _ in range(6)] + [end_row(1, 0, role="mentor") for _ in range(2)]
    groups = {(g.by, g.group): g for g in survey_results(END, rows).breakdowns}
    mentees, mentors = groups[("role", "mentee")], groups[("role", "mentor")]
    assert (mentees.suppressed, mentees.means["satisfaction"], mentees.nps) == (False, 4.0, 100.0)
    assert (mentors.respondents, mentors.suppressed, mentors.means, mentors.nps) == (2, True, {}, None)
    assert groups[("window", "w1")].respondents == 8


def test_matching_figures_bucket_scores_and_share_of_good_matches() -> None:
    figures = matching_figures("run-1", mentees=8, matched_mentees=6, scores=[45, 70, 72.5, 88, 100, 69.9])
    assert figures.matched_share == 0.75
    assert figures.share_at_least_70 == 0.6667
    counts = {b.low: b.count for b in figures.score_buckets}
    assert (counts[40], counts[60], counts[70], counts[80], counts[90]) == (1, 1, 2, 1, 1)
    assert figures.mean_score == 74.23


def test_no_published_run_means_no_shares_rather_than_zero() -> None:
    figures = matching_figures(None, mentees=0, matched_mentees=0, scores=[])
    assert (figures.matched_share, figures.share_at_least_70, figures.mean_score) == (None, None, None)


def test_active_pairs_met_within_45_days_and_hours_add_up() -> None:
    pairs = [PairActivity("active", 120, NOW - timedelta(days=10)),
             PairActivity("active", 60, NOW - timedelta(days=44)),
             PairActivity("active", 30, NOW - timedelta(days=46)),
             PairActivity("active", 0, None),
             PairActivity("closed", 90, NOW - timedelta(days=1))]
    figures = activity_figures(pairs, NOW)
    assert (figures.pairs, figures.active_pairs, figures.active_share) == (4, 2, 0.5)
    assert figures.hours == 5.0


def test_pair_activity_counts_a_meeting_reported_by_both_once() -> None:
    early, late = NOW - timedelta(days=40), NOW - timedelta(days=5)
    check_ins = [CheckIn("ana", "m1", True, 60, early), CheckIn("max", "m1", True, 120, early),   # max: 2 pairs
                 CheckIn("ana", "m2", True, 45, late), CheckIn("ben", "m2", False, 0, late)]
    ana, ben = pair_activity([("ana", "max"), ("ben", "max")], check_ins)
    assert (ana.minutes_logged, ana.last_check_in) == (105, late)   # max(60, 120/2) + 45
    assert (ben.minutes_logged, ben.last_check_in) == (60, early)   # max's share in m1; ben did not meet in m2


def test_window_figures_give_response_rate_satisfaction_and_nps() -> None:
    rows = [end_row(5, 10), end_row(4, 9), end_row(4, 7), end_row(3, 3), end_row(4, 10)]
    facts = WindowFacts("end-of-program", "w1", "closed", NOW, eligible=20, rows=rows)
    figures = window_figures(END, facts)
    assert (figures.responses, figures.response_rate, figures.satisfaction, figures.nps) == (5, 0.25, 4.0, 40.0)
    few = window_figures(END, WindowFacts("end-of-program", "w2", "open", NOW, eligible=20, rows=rows[:4]))
    assert (few.response_rate, few.suppressed, few.satisfaction, few.nps) == (0.2, True, None, None)

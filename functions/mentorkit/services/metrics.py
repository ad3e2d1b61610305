"""A program's metrics for its coordinators: sign-ups, matching, training, activity, surveys.

Pairs are the published ones (the published run's pairs with both people still active); their
activity and hours come from the monthly check-in ("did you meet? how long?"). When
relationships (meetings and minutes logged) exist as their own records, they feed
`metrics.activity_figures` in the same shape.
"""

import csv
import io
from collections import Counter
from datetime import datetime
from typing import NamedTuple

from mentorkit.domain import metrics, surveys
from mentorkit.domain.metrics import ActivityFigures, CheckIn, MatchingFigures, WindowFacts, WindowFigures
from mentorkit.domain.signups import Participant
from mentorkit.domain.models import Model
from mentorkit.domain.surveys import SurveyResponse, in_audience
from mentorkit.services.runs import run_result, signups_by_id
from mentorkit.store import Store

CHECK_IN = "monthly-check-in"
SEEKERS = ("mentee", "both", "peer")


class SignupFigures(Model):
    total: int
    active: int
    by_role: dict[str, int]
    by_department: dict[str, int]


class TrainingFigures(Model):
    participants: int
    completions_by_module: dict[str, int]


class ProgramMetrics(Model):
    program_id: str
    name: str
    generated_at: datetime
    signups: SignupFigures
    matching: MatchingFigures
    training: TrainingFigures
    activity: ActivityFigures
    surveys: list[WindowFigures]


class PublishedPair(NamedTuple):
    mentee_sub: str
    mentor_sub: str
    format: str
    score: float


def _published_pairs(store: Store, program_id: str,
                     people: list[Participant]) -> tuple[str | None, list[PublishedPair]]:
    """The published run's pairs whose people are both still active, under their current ids
    (the rule `runs.match_records` applies when it publishes them)."""
    current = store.get_published(program_id)
    if current is None:
        return None, []
    run = store.get_run(program_id, current[0].run_id)
    by_id = signups_by_id(people)
    pairs = []
    for pair in (run_result(store, run) or {"pairs": []})["pairs"]:
        mentee, mentor = by_id.get(pair["mentee_id"]), by_id.get(pair["mentor_id"])
        if mentee and mentor and mentee.status == mentor.status == "active":
            pairs.append(PublishedPair(mentee.sub, mentor.sub, pair["format"], pair["score"]))
    return run.run_id, pairs


def _matching(run_id: str | None, active: list[Participant], pairs: list[PublishedPair]) -> MatchingFigures:
    matched = {p.mentee_sub for p in pairs} | {p.mentor_sub for p in pairs if p.format == "peer"}
    seekers = [s for s in active if s.role in SEEKERS]
    return metrics.matching_figures(run_id, len(seekers), sum(s.sub in matched for s in seekers),
                                    [p.score for p in pairs])


def _check_ins(responses: list[SurveyResponse]) -> list[CheckIn]:
    return [CheckIn(sub=r.sub, window_id=r.window_id, met=r.answers.get("met") == "yes",
                    minutes=float(r.answers.get("minutes", 0)), submitted_at=r.submitted_at)
            for r in responses if r.survey_id == CHECK_IN and r.sub]


def _windows(store: Store, program_id: str, active: list[Participant], responses: list[SurveyResponse],
             now: datetime) -> list[WindowFigures]:
    by_window: dict[tuple[str, str], list[metrics.ResponseRow]] = {}
    for r in responses:
        by_window.setdefault((r.survey_id, r.window_id), []).append(
            metrics.ResponseRow(window_id=r.window_id, role=r.role, answers=r.answers))
    figures = []
    for window in store.list_windows(program_id):
        definition = surveys.definitions().get(window.survey_id)
        if definition is None:
            continue
        facts = WindowFacts(survey_id=window.survey_id, window_id=window.window_id,
                            status=window.status_at(now), opened_at=window.opened_at,
                            eligible=sum(in_audience(definition, s.role) for s in active),
                            rows=by_window.get((window.survey_id, window.window_id), []))
        figures.append(metrics.window_figures(definition, facts))
    return figures


def program_metrics(store: Store, program_id: str, now: datetime) -> ProgramMetrics:
    """Every figure of the dashboard, from one read of sign-ups, pairs, training and responses."""
    program = store.get_program(program_id)
    people = store.participants(program_id)
    active = [p for p in people if p.status == "active"]
    run_id, pairs = _published_pairs(store, program_id, people)
    subs = {p.sub for p in active}
    training = Counter(module for module, sub in store.training_completions() if sub in subs)
    responses = store.list_responses(program_id)
    activity = metrics.activity_figures(
        metrics.pair_activity([(p.mentee_sub, p.mentor_sub) for p in pairs], _check_ins(responses)), now)
    return ProgramMetrics(
        program_id=program_id, name=program.name, generated_at=now,
        signups=SignupFigures(total=len(people), active=len(active),
                              by_role=dict(Counter(p.role for p in active)),
                              by_department=dict(Counter(p.department for p in active))),
        matching=_matching(run_id, active, pairs),
        training=TrainingFigures(participants=len(active), completions_by_module=dict(sorted(training.items()))),
        activity=activity, surveys=_windows(store, program_id, active, responses, now))


def metrics_csv(found: ProgramMetrics) -> str:
    """The dashboard's numbers as section, item, value rows."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "item", "value"])
    s = found.signups
    rows = [("signups", "total", s.total), ("signups", "active", s.active),
            *[("signups by role", k, v) for k, v in sorted(s.by_role.items())],
            *[("signups by department", k, v) for k, v in sorted(s.by_department.items())]]
    m = found.matching
    rows += [("matching", name, getattr(m, name)) for name in
             ("published_run_id", "mentees", "matched_mentees", "matched_share", "pairs", "mean_score",
              "share_at_least_70")]
    rows += [("match scores", f"{b.low}-{b.high}", b.count) for b in m.score_buckets]
    rows += [("training completions", k, v) for k, v in found.training.completions_by_module.items()]
    a = found.activity
    rows += [("activity", name, getattr(a, name)) for name in ("pairs", "active_pairs", "active_share", "hours")]
    for w in found.surveys:
        label = f"{w.survey_id} {w.opened_at:%Y-%m-%d}"
        rows += [(label, name, getattr(w, name)) for name in
                 ("eligible", "responses", "response_rate", "satisfaction", "nps")]
    writer.writerows([(section, item, "" if value is None else value) for section, item, value in rows])
    return out.getvalue()

"""Survey results and program metrics as plain arithmetic: plain inputs in, models out.

No store and no clock here: services gather the inputs (responses, pairs, sign-ups) and pass
`now`, so every figure is tested with real numbers. Whatever could single a person out is
suppressed: a survey, a question or a breakdown group with fewer than `MIN_GROUP` respondents
shows its count only.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from statistics import fmean
from typing import Any, NamedTuple

from mentorkit.domain.models import Model
from mentorkit.domain.surveys import RANGES, SurveyDefinition, SurveyQuestion

MIN_GROUP = 5
ACTIVE_DAYS = 45
GOOD_SCORE = 70


class ResponseRow(NamedTuple):
    """One stored response, without any identity: the window, the respondent's role, the answers."""

    window_id: str
    role: str
    answers: dict[str, Any]


class PairActivity(NamedTuple):
    """What a pair reported: its status, minutes met in total, and its latest check-in that met."""

    status: str
    minutes_logged: float = 0
    last_check_in: datetime | None = None


class WindowFacts(NamedTuple):
    """A survey window with how many could answer it and how many did (and their answers)."""

    survey_id: str
    window_id: str
    status: str
    opened_at: datetime
    eligible: int
    rows: Sequence[ResponseRow] = ()


# Survey results ------------------------------------------------------------------------
class QuestionResult(Model):
    id: str
    type: str
    label: str
    answered: int
    suppressed: bool = False
    counts: dict[str, int] | None = None
    mean: float | None = None
    nps: float | None = None
    texts: list[str] | None = None


class GroupResult(Model):
    """One group of a breakdown (a window, a role): means and NPS, or suppressed."""

    by: str
    group: str
    respondents: int
    suppressed: bool
    means: dict[str, float] = {}
    nps: float | None = None


class SurveyResults(Model):
    survey_id: str
    title: str
    anonymous: bool
    respondents: int
    min_group: int = MIN_GROUP
    suppressed: bool
    questions: list[QuestionResult]
    breakdowns: list[GroupResult]


def nps(values: Iterable[int]) -> float | None:
    """Net Promoter Score: % of 9–10 minus % of 0–6, from -100 to 100."""
    scores = list(values)
    if not scores:
        return None
    promoters = sum(v >= 9 for v in scores)
    detractors = sum(v <= 6 for v in scores)
    return round(100 * (promoters - detractors) / len(scores), 1)


def _mean(values: Iterable[float]) -> float | None:
    numbers = list(values)
    return round(fmean(numbers), 2) if numbers else None


def summarise(question: SurveyQuestion, values: list[Any]) -> QuestionResult:
    """One question over its answers: counts, mean and NPS, or the texts; suppressed under MIN_GROUP."""
    result = QuestionResult(id=question.id, type=question.type, label=question.label, answered=len(values))
    if len(values) < MIN_GROUP:
        return result.model_copy(update={"suppressed": True})
    kind = question.type
    if kind in RANGES:
        low, high = RANGES[kind]
        counted = Counter(values)
        return result.model_copy(update={"counts": {str(v): counted.get(v, 0) for v in range(low, high + 1)},
                                         "mean": _mean(values), "nps": nps(values) if question.nps else None})
    if kind in ("single", "multiple"):
        counted = Counter(v for value in values for v in (value if isinstance(value, list) else [value]))
        return result.model_copy(update={"counts": {c.value: counted.get(c.value, 0) for c in question.choices}})
    if kind == "number":
        return result.model_copy(update={"mean": _mean(values)})
    # Sorted, so the order in which people answered cannot point at anyone.
    return result.model_copy(update={"texts": sorted(values, key=str.casefold)})


def _numeric(definition: SurveyDefinition) -> list[SurveyQuestion]:
    return [q for q in definition.questions if q.type in (*RANGES, "number")]


def _group(definition: SurveyDefinition, by: str, name: str, rows: list[ResponseRow]) -> GroupResult:
    if len(rows) < MIN_GROUP:
        return GroupResult(by=by, group=name, respondents=len(rows), suppressed=True)
    means = {}
    for question in _numeric(definition):
        values = [r.answers[question.id] for r in rows if question.id in r.answers]
        if len(values) >= MIN_GROUP:
            means[question.id] = _mean(values)
    nps_question = next((q for q in definition.questions if q.nps), None)
    promoters = [r.answers[nps_question.id] for r in rows if nps_question.id in r.answers] if nps_question else []
    return GroupResult(by=by, group=name, respondents=len(rows), suppressed=False, means=means,
                       nps=nps(promoters) if len(promoters) >= MIN_GROUP else None)


def survey_results(definition: SurveyDefinition, rows: Sequence[ResponseRow]) -> SurveyResults:
    """Per question counts, distributions, means and NPS; free text without names; breakdowns by
    window and by role. Nothing but counts when fewer than MIN_GROUP people answered."""
    rows = list(rows)
    suppressed = len(rows) < MIN_GROUP
    questions = [] if suppressed else [
        summarise(q, [r.answers[q.id] for r in rows if q.id in r.answers]) for q in definition.questions]
    breakdowns = []
    if not suppressed:
        for by, key in (("window", lambda r: r.window_id), ("role", lambda r: r.role)):
            groups: dict[str, list[ResponseRow]] = {}
            for row in rows:
                groups.setdefault(key(row), []).append(row)
            breakdowns += [_group(definition, by, name, members) for name, members in sorted(groups.items())]
    return SurveyResults(survey_id=definition.survey_id, title=definition.title, anonymous=definition.anonymous,
                         respondents=len(rows), suppressed=suppressed, questions=questions, breakdowns=breakdowns)


# Program metrics -----------------------------------------------------------------------
class Bucket(Model):
    low: int
    high: int
    count: int


class MatchingFigures(Model):
    published_run_id: str | None
    mentees: int
    matched_mentees: int
    matched_share: float | None
    pairs: int
    mean_score: float | None
    share_at_least_70: float | None
    score_buckets: list[Bucket]


class ActivityFigures(Model):
    pairs: int
    active_pairs: int
    active_share: float | None
    hours: float
    active_days: int = ACTIVE_DAYS


class WindowFigures(Model):
    survey_id: str
    window_id: str
    status: str
    opened_at: datetime
    eligible: int
    responses: int
    response_rate: float | None
    suppressed: bool
    satisfaction: float | None = None
    nps: float | None = None


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def matching_figures(run_id: str | None, mentees: int, matched_mentees: int,
                     scores: Sequence[float]) -> MatchingFigures:
    """Matched share and the score distribution in ten buckets (the last one holds 100)."""
    counts = Counter(min(int(s // 10), 9) for s in scores)
    buckets = [Bucket(low=10 * b, high=10 * b + 10, count=counts.get(b, 0)) for b in range(10)]
    return MatchingFigures(published_run_id=run_id, mentees=mentees, matched_mentees=matched_mentees,
                           matched_share=share(matched_mentees, mentees), pairs=len(scores),
                           mean_score=_mean(scores), share_at_least_70=share(sum(s >= GOOD_SCORE for s in scores),
                                                                              len(scores)),
                           score_buckets=buckets)


def activity_figures(pairs: Sequence[PairActivity], now: datetime) -> ActivityFigures:
    """Active pairs (a check-in that met within ACTIVE_DAYS) among pairs still running, and hours."""
    running = [p for p in pairs if p.status != "closed"]
    since = now - timedelta(days=ACTIVE_DAYS)
    active = sum(1 for p in running if p.last_check_in is not None and p.last_check_in >= since)
    return ActivityFigures(pairs=len(running), active_pairs=active, active_share=share(active, len(running)),
                           hours=round(sum(p.minutes_logged for p in pairs) / 60, 1))


SATISFACTION_QUESTIONS = ("satisfaction", "useful")


def window_figures(definition: SurveyDefinition, facts: WindowFacts) -> WindowFigures:
    """Response rate, satisfaction (mean of the survey's satisfaction question, 1–5) and NPS of one
    window; satisfaction and NPS are suppressed under MIN_GROUP respondents."""
    rows = list(facts.rows)
    figures = WindowFigures(survey_id=facts.survey_id, window_id=facts.window_id, status=facts.status,
                            opened_at=facts.opened_at, eligible=facts.eligible, responses=len(rows),
                            response_rate=share(len(rows), facts.eligible), suppressed=len(rows) < MIN_GROUP)
    if figures.suppressed:
        return figures
    rated = next((q for q in definition.questions if q.id in SATISFACTION_QUESTIONS), None)
    satisfaction = [r.answers[rated.id] for r in rows if rated and rated.id in r.answers]
    nps_question = next((q for q in definition.questions if q.nps), None)
    recommend = [r.answers[nps_question.id] for r in rows if nps_question and nps_question.id in r.answers]
    return figures.model_copy(update={
        "satisfaction": _mean(satisfaction) if len(satisfaction) >= MIN_GROUP else None,
        "nps": nps(recommend) if len(recommend) >= MIN_GROUP else None})


class CheckIn(NamedTuple):
    """One person's monthly check-in: did they meet, for how many minutes, when they said so."""

    sub: str
    window_id: str
    met: bool
    minutes: float
    submitted_at: datetime


def pair_activity(pairs: Sequence[tuple[str, str]], check_ins: Iterable[CheckIn]) -> list[PairActivity]:
    """Each (mentee, mentor) pair's minutes and latest check-in that met, from both sides' check-ins.

    Per window a pair counts the larger of the two reports, so a meeting both report is counted
    once; a mentor's minutes are spread over their pairs, since they report all their meetings.
    """
    reports: dict[str, dict[str, CheckIn]] = {}
    for check_in in check_ins:
        reports.setdefault(check_in.sub, {})[check_in.window_id] = check_in
    mentor_pairs = Counter(mentor for _, mentor in pairs)
    found = []
    for mentee, mentor in pairs:
        mine, theirs = reports.get(mentee, {}), reports.get(mentor, {})
        minutes = 0.0
        last: datetime | None = None
        for window in mine.keys() | theirs.keys():
            a, b = mine.get(window), theirs.get(window)
            minutes += max(a.minutes if a else 0, b.minutes / mentor_pairs[mentor] if b else 0)
            for report in (a, b):
                if report and report.met and (last is None or report.submitted_at > last):
                    last = report.submitted_at
        found.append(PairActivity(status="active", minutes_logged=minutes, last_check_in=last))
    return found

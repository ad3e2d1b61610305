"""Survey results for coordinators: totals with small groups held back, and named surveys' answers.

Anonymous surveys are only ever seen as totals (`metrics.survey_results`); named ones can also be
read answer by answer, with the person's e-mail, so a coordinator can follow a stuck pair up.
"""

import csv
import io
from datetime import datetime
from typing import Any

from mentorkit.domain import metrics, surveys
from mentorkit.domain.errors import Forbidden
from mentorkit.domain.models import Model
from mentorkit.services.runs import signups_by_id
from mentorkit.services.surveys import find_window
from mentorkit.store import Store


class NamedAnswer(Model):
    """One person's answers to a named survey, for the coordinator who follows pairs up."""

    window_id: str
    email: str | None
    role: str
    submitted_at: datetime
    answers: dict[str, Any]


def results(store: Store, program_id: str, survey_id: str, window_id: str | None) -> metrics.SurveyResults:
    """Counts, distributions, means, NPS and unsigned texts; suppressed under five respondents."""
    definition = surveys.get_definition(survey_id)
    if window_id:
        find_window(store, program_id, survey_id, window_id)
    else:
        store.get_program(program_id)
    rows = [metrics.ResponseRow(window_id=r.window_id, role=r.role, answers=r.answers)
            for r in store.list_responses(program_id, survey_id, window_id or "")]
    return metrics.survey_results(definition, rows)


def named_answers(store: Store, program_id: str, survey_id: str, window_id: str | None) -> list[NamedAnswer]:
    """Who answered what in a named survey (a check-in saying "we have not met" deserves a
    personal message); anonymous surveys are never shown one by one."""
    definition = surveys.get_definition(survey_id)
    if definition.anonymous:
        raise Forbidden(f"'{definition.title}' is anonymous: its answers are shown only as totals.", field="surveyId")
    if window_id:
        find_window(store, program_id, survey_id, window_id)
    else:
        store.get_program(program_id)
    people = signups_by_id(store.list_signups(program_id))
    found = [NamedAnswer(window_id=r.window_id, email=str(people[r.sub].email) if r.sub in people else None,
                         role=r.role, submitted_at=r.submitted_at, answers=r.answers)
             for r in store.list_responses(program_id, survey_id, window_id or "")]
    return sorted(found, key=lambda a: (a.window_id, a.email or ""))


def named_answers_csv(survey_id: str, found: list[NamedAnswer]) -> str:
    """One row per answer, one column per question, in the survey's order."""
    questions = [q.id for q in surveys.get_definition(survey_id).questions]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["windowId", "email", "role", "submittedAt", *questions])
    for a in found:
        cells = [";".join(v) if isinstance(v := a.answers.get(q, ""), list) else v for q in questions]
        writer.writerow([a.window_id, a.email or "", a.role, a.submitted_at.isoformat(),
                         *(spreadsheet_safe(c) if isinstance(c, str) else c for c in cells)])
    return out.getvalue()


def spreadsheet_safe(text: str) -> str:
    """Free text a spreadsheet would run as a formula ("=HYPERLINK(…)") is quoted as text."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def results_csv(found: metrics.SurveyResults) -> str:
    """The results as rows a spreadsheet reads: question, measure, answer, value."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["question", "measure", "answer", "value"])
    writer.writerow(["", "respondents", "", found.respondents])
    for q in found.questions:
        writer.writerow([q.id, "answered", "", q.answered])
        if q.suppressed:
            writer.writerow([q.id, "suppressed", "", f"fewer than {found.min_group} answers"])
        for answer, count in (q.counts or {}).items():
            writer.writerow([q.id, "count", answer, count])
        for measure in ("mean", "nps"):
            if getattr(q, measure) is not None:
                writer.writerow([q.id, measure, "", getattr(q, measure)])
        for text in q.texts or []:
            writer.writerow([q.id, "text", "", spreadsheet_safe(text)])
    for group in found.breakdowns:
        label = f"{group.by}:{group.group}"
        writer.writerow([label, "respondents", "", group.respondents])
        for qid, mean in group.means.items():
            writer.writerow([label, "mean", qid, mean])
    return out.getvalue()

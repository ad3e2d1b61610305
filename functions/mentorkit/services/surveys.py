"""Surveys: employees answer; coordinators open and close windows and remind (results: survey_results.py).

Answers are checked against the survey's file before anything is written. Named surveys keep
the person's `sub` with the answers (so "delete my data" removes them); anonymous ones keep no
identity, only an answered mark (an HMAC of the person) that refuses a second answer and lets
reminders skip those who answered, without telling the coordinator who they are.
"""

import logging
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from mentorkit.domain import surveys
from mentorkit.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from mentorkit.domain.models import Model, Signup
from mentorkit.domain.people import Person
from mentorkit.domain.surveys import (
    ResponseIn, SurveyDefinition, SurveyResponse, SurveyWindow, WindowIn, answer_mark, in_audience,
)
from mentorkit.services import notifications
from mentorkit.services.signups import own_signup
from mentorkit.store import Store

logger = logging.getLogger(__name__)


class Receipt(Model):
    program_id: str
    survey_id: str
    window_id: str
    submitted_at: datetime
    anonymous: bool


class WindowView(SurveyWindow):
    status: surveys.Status
    eligible: int
    responses: int


class OpenSurvey(Model):
    """A survey waiting for the signed-in person: which program, until when, answered or not."""

    program_id: str
    program_name: str
    survey_id: str
    title: str
    window_id: str
    closes_at: datetime
    answered: bool


class ReminderOutcome(Model):
    window_id: str
    not_answered: int
    message: str


def now() -> datetime:
    return datetime.now(UTC)


def open_window_of(store: Store, program_id: str, survey_id: str, at: datetime) -> SurveyWindow | None:
    return next((w for w in store.list_windows(program_id, survey_id) if w.status_at(at) == "open"), None)


def _eligible(signups: Iterable[Signup], definition: SurveyDefinition) -> list[Signup]:
    return [s for s in signups if s.status == "active" and in_audience(definition, s.role)]


# Employees ---------------------------------------------------------------------------
def respond(store: Store, who: Person, survey_id: str, body: ResponseIn, key: bytes) -> Receipt:
    """Check the answers, the window and that the person takes part, then store one response."""
    definition = surveys.get_definition(survey_id)
    answers = surveys.validate(definition, body.answers)
    program = store.get_program(body.program_id)
    at = now()
    window = open_window_of(store, program.program_id, survey_id, at)
    if window is None:
        raise Conflict(f"'{definition.title}' is not open for answers in {program.name} now.", field="surveyId")
    signup = own_signup(store, program.program_id, who)
    if signup is None or signup.status != "active" or not in_audience(definition, signup.role):
        raise Forbidden(f"'{definition.title}' is for {definition.audience} taking part in {program.name}.",
                        field="programId")
    # Anonymous answers keep only the day: a time to the second could be matched with sign-ins.
    response = SurveyResponse(program_id=program.program_id, survey_id=survey_id, window_id=window.window_id,
                              role=signup.role, answers=answers,
                              submitted_at=at.replace(hour=0, minute=0, second=0, microsecond=0)
                              if definition.anonymous else at,
                              sub=None if definition.anonymous else who.sub)
    if definition.anonymous:
        mark = answer_mark(key, program.program_id, survey_id, window.window_id, who.sub)
        store.put_anonymous_response(response, mark)
    else:
        store.put_named_response(response, replace=definition.repeat == "update")
    return Receipt(program_id=program.program_id, survey_id=survey_id, window_id=window.window_id,
                   submitted_at=at, anonymous=definition.anonymous)


def my_open_surveys(store: Store, who: Person, key: bytes) -> list[OpenSurvey]:
    """Open surveys in the programs the person takes part in, and whether they answered yet."""
    at = now()
    found = []
    for signup in {s.program_id: s for person_id in who.ids for s in store.my_signups(person_id)}.values():
        if signup.status != "active":
            continue
        program = store.get_program(signup.program_id)
        for window in store.list_windows(program.program_id):
            definition = surveys.definitions().get(window.survey_id)
            if definition is None or window.status_at(at) != "open" or not in_audience(definition, signup.role):
                continue
            mine = (answer_mark(key, program.program_id, window.survey_id, window.window_id, who.sub)
                    if definition.anonymous else who.sub)
            answered = mine in store.answered(program.program_id, window.survey_id, window.window_id,
                                              anonymous=definition.anonymous)
            found.append(OpenSurvey(program_id=program.program_id, program_name=program.name,
                                    survey_id=window.survey_id, title=definition.title, window_id=window.window_id,
                                    closes_at=window.closes_at, answered=answered))
    return found


def forget_person(store: Store, program_ids: Iterable[str], who: Person, key: bytes) -> int:
    """"Delete my data": remove the person's answered marks of anonymous surveys (their named
    responses go with their other items). Their anonymous answers stay, linked to nobody."""
    removed = 0
    for program_id in program_ids:
        marks = []
        for window in store.list_windows(program_id):
            definition = surveys.definitions().get(window.survey_id)
            if definition is None or not definition.anonymous:
                continue
            mark = answer_mark(key, program_id, window.survey_id, window.window_id, who.sub)
            if mark in store.answered(program_id, window.survey_id, window.window_id, anonymous=True):
                marks.append((window.survey_id, window.window_id, mark))
        store.delete_answered_marks(program_id, marks)
        removed += len(marks)
    return removed


# Coordinators ------------------------------------------------------------------------
def open_window(store: Store, program_id: str, survey_id: str, body: WindowIn) -> WindowView:
    """Open a survey for a program; one open window per survey and program at a time."""
    definition = surveys.get_definition(survey_id)
    program = store.get_program(program_id)
    at = now()
    if body.closes_at.tzinfo is None or body.closes_at <= at:
        raise InvalidInput("closesAt must be a moment in the future, with its time zone (e.g. ...Z).",
                           field="closesAt")
    if open_window_of(store, program_id, survey_id, at):
        raise Conflict(f"'{definition.title}' is already open in {program.name}: close that window first.",
                       field="surveyId")
    window = SurveyWindow(program_id=program_id, survey_id=survey_id, window_id=surveys.new_window_id(at),
                          opened_at=at, closes_at=body.closes_at)
    store.put_window(window, new=True)
    return _view(store, window, definition, _eligible(store.list_signups(program_id), definition), at)


def close_window(store: Store, program_id: str, survey_id: str, window_id: str) -> WindowView:
    definition = surveys.get_definition(survey_id)
    window = find_window(store, program_id, survey_id, window_id)
    at = now()
    if window.status_at(at) == "closed":
        raise Conflict("This survey window is already closed.", field="windowId")
    closed = window.model_copy(update={"closed_at": at})
    store.put_window(closed, new=False)
    return _view(store, closed, definition, _eligible(store.list_signups(program_id), definition), at)


def list_windows(store: Store, program_id: str, survey_id: str) -> list[WindowView]:
    definition = surveys.get_definition(survey_id)
    store.get_program(program_id)
    eligible = _eligible(store.list_signups(program_id), definition)
    at = now()
    return [_view(store, w, definition, eligible, at) for w in store.list_windows(program_id, survey_id)]


def find_window(store: Store, program_id: str, survey_id: str, window_id: str) -> SurveyWindow:
    store.get_program(program_id)
    window = next((w for w in store.list_windows(program_id, survey_id) if w.window_id == window_id), None)
    if window is None:
        raise NotFound(f"No window '{window_id}' of this survey in this program.", field="windowId")
    return window


def _view(store: Store, window: SurveyWindow, definition: SurveyDefinition, eligible: list[Signup],
          at: datetime) -> WindowView:
    answered = store.answered(window.program_id, window.survey_id, window.window_id, anonymous=definition.anonymous)
    return WindowView(**window.model_dump(), status=window.status_at(at), eligible=len(eligible),
                      responses=len(answered))


def _not_answered(store: Store, program_id: str, definition: SurveyDefinition, window: SurveyWindow,
                  key: bytes) -> list[Signup]:
    """Everyone in the survey's audience who has not answered the window. For anonymous surveys
    the answered marks are matched here, inside the service; callers only ever get people to remind."""
    answered = store.answered(program_id, definition.survey_id, window.window_id, anonymous=definition.anonymous)

    def has_answered(signup: Signup) -> bool:
        mine = (answer_mark(key, program_id, definition.survey_id, window.window_id, signup.sub)
                if definition.anonymous else signup.sub)
        return mine in answered

    return [s for s in _eligible(store.list_signups(program_id), definition) if not has_answered(s)]


def request_reminders(store: Store, program_id: str, survey_id: str, key: bytes, sender: str, site_url: str,
                      invoke: Callable[[dict[str, str]], None]) -> ReminderOutcome:
    """Count who has not answered the open window and hand the e-mails to the worker (SES sends a
    few a second, more than an API request may wait for); the coordinator learns only the count."""
    definition = surveys.get_definition(survey_id)
    program = store.get_program(program_id)
    window = open_window_of(store, program_id, survey_id, now())
    if window is None:
        raise Conflict(f"'{definition.title}' is not open in {program.name}: open a window first.", field="surveyId")
    waiting = len(_not_answered(store, program_id, definition, window, key))
    if not sender:
        line = (f"E-mail is off (no sender address is configured), so nobody was reminded: share "
                f"{survey_link(site_url, program_id, survey_id)} with the {waiting} people who have not answered.")
    elif not waiting:
        line = "Everyone has answered: nobody to remind."
    else:
        try:
            invoke({"action": "survey_reminders", "programId": program_id, "surveyId": survey_id,
                    "windowId": window.window_id})
            line = f"Reminders to the {waiting} people who have not answered are on their way."
        except Exception as error:  # noqa: BLE001 - any failure to hand over means no e-mails
            logger.error("could not hand survey reminders over: %s", type(error).__name__)
            line = "The reminders could not be queued: try again in a minute, or ask IT to check the deployment."
    return ReminderOutcome(window_id=window.window_id, not_answered=waiting, message=line)


def send_reminders(store: Store, program_id: str, survey_id: str, window_id: str, key: bytes, ses: Any,
                   sender: str, site_url: str) -> notifications.NotificationReport:
    """The worker's half: e-mail whoever still has not answered, if the window is still open."""
    definition = surveys.get_definition(survey_id)
    program = store.get_program(program_id)
    window = find_window(store, program_id, survey_id, window_id)
    if window.status_at(now()) != "open":
        return notifications.NotificationReport(sent=0, failed=0, skipped="The survey closed before reminders went out.")
    waiting = _not_answered(store, program_id, definition, window, key)
    return notifications.send(ses, sender, notifications.survey_reminders(
        [str(s.email) for s in waiting], program, definition.title, window.closes_at,
        survey_link(site_url, program_id, survey_id)))


def survey_link(site_url: str, program_id: str, survey_id: str) -> str:
    """Where the survey is answered on the site (relative when the site's address is unknown)."""
    return f"{site_url.rstrip('/')}/app/surveys/?program={program_id}&survey={survey_id}"

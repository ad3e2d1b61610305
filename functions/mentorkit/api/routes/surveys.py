"""Surveys: employees read a survey and answer it; coordinators run its windows and read results."""

from __future__ import annotations

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from mentorkit.api.auth import Caller
from mentorkit.api.downloads import csv_file
from mentorkit.api.idempotency import IdempotencyKey, once
from mentorkit.api.routes.programs import ProgramId
from mentorkit.domain import surveys as definitions
from mentorkit.domain.metrics import SurveyResults
from mentorkit.domain.surveys import ResponseIn, SurveyDefinition, WindowIn
from mentorkit.resources import invoke_matching, store
from mentorkit.services import survey_results, surveys
from mentorkit.services.survey_results import NamedAnswer
from mentorkit.services.surveys import OpenSurvey, Receipt, ReminderOutcome, WindowView
from mentorkit.settings import get_settings

router = Router()
coordinators = Router()

SurveyId = Annotated[str, Path(pattern=r"^[a-z0-9-]{1,40}$", description="The survey's id, e.g. monthly-check-in.")]
WindowId = Annotated[str, Path(pattern=r"^[A-Za-z0-9-]{1,40}$", description="The survey window's id.")]
OnlyWindow = Annotated[str | None, Query(pattern=r"^[A-Za-z0-9-]{1,40}$", description="Only this window.")]
Format = Annotated[Literal["json", "csv"], Query(description="csv downloads a spreadsheet.")]


@router.get("/api/surveys", summary="Every survey: id, title, audience, anonymous or not, questions")
def list_surveys(who: Caller) -> list[SurveyDefinition]:
    return list(definitions.definitions().values())


@router.get("/api/surveys/<surveyId>", summary="A survey's questions, to render its form")
def get_survey(surveyId: SurveyId, who: Caller) -> SurveyDefinition:  # noqa: N803
    return definitions.get_definition(surveyId)


@router.post("/api/surveys/<surveyId>/responses", summary="Answer a survey for one of your programs")
def respond(surveyId: SurveyId, body: ResponseIn, who: Caller, key: IdempotencyKey) -> Response[Receipt]:  # noqa: N803
    receipt = once("survey_response", who, key, {"surveyId": surveyId, **body.model_dump(mode="json")},
                   lambda: surveys.respond(store(), who, surveyId, body,
                                           get_settings().survey_hmac_key).model_dump(mode="json"))
    return Response(201, content_types.APPLICATION_JSON, Receipt.model_validate(receipt))


@router.get("/api/me/surveys", summary="Open surveys in your programs, and whether you answered them")
def my_surveys(who: Caller) -> list[OpenSurvey]:
    return surveys.my_open_surveys(store(), who, get_settings().survey_hmac_key)


@coordinators.post("/api/programs/<programId>/surveys/<surveyId>/windows",
                   summary="Open a survey for a program until closesAt (coordinators)")
def open_window(programId: ProgramId, surveyId: SurveyId, body: WindowIn, who: Caller) -> Response[WindowView]:  # noqa: N803
    return Response(201, content_types.APPLICATION_JSON, surveys.open_window(store(), programId, surveyId, body))


@coordinators.get("/api/programs/<programId>/surveys/<surveyId>/windows",
                  summary="A survey's windows in a program, with response counts (coordinators)")
def list_windows(programId: ProgramId, surveyId: SurveyId, who: Caller) -> list[WindowView]:  # noqa: N803
    return surveys.list_windows(store(), programId, surveyId)


@coordinators.post("/api/programs/<programId>/surveys/<surveyId>/windows/<windowId>/close",
                   summary="Close a survey window now (coordinators)")
def close_window(programId: ProgramId, surveyId: SurveyId, windowId: WindowId, who: Caller) -> WindowView:  # noqa: N803
    return surveys.close_window(store(), programId, surveyId, windowId)


@coordinators.post("/api/programs/<programId>/surveys/<surveyId>/reminders",
                   summary="E-mail everyone who has not answered the open window (coordinators; sent in the background)")
def remind(programId: ProgramId, surveyId: SurveyId, who: Caller) -> Response[ReminderOutcome]:  # noqa: N803
    settings = get_settings()
    outcome = surveys.request_reminders(store(), programId, surveyId, settings.survey_hmac_key,
                                        settings.notification_sender, settings.site_url, invoke_matching)
    return Response(202, content_types.APPLICATION_JSON, outcome)


@coordinators.get("/api/programs/<programId>/surveys/<surveyId>/results",
                  summary="A survey's results: counts, means, NPS, unsigned texts; small groups suppressed")
def results(  # noqa: N803
    programId: ProgramId,
    surveyId: SurveyId,
    who: Caller,
    windowId: OnlyWindow = None,  # noqa: N803
    format: Format = "json",  # noqa: A002
) -> Response[SurveyResults | str]:
    found = survey_results.results(store(), programId, surveyId, windowId)
    if format == "csv":
        return csv_file(survey_results.results_csv(found), f"{programId}-{surveyId}-results.csv")
    return Response(200, content_types.APPLICATION_JSON, found)


@coordinators.get("/api/programs/<programId>/surveys/<surveyId>/responses",
                  summary="Who answered what in a named survey, to follow pairs up (coordinators)")
def named_answers(  # noqa: N803
    programId: ProgramId,
    surveyId: SurveyId,
    who: Caller,
    windowId: OnlyWindow = None,  # noqa: N803
    format: Format = "json",  # noqa: A002
) -> Response[list[NamedAnswer] | str]:
    found = survey_results.named_answers(store(), programId, surveyId, windowId)
    if format == "csv":
        return csv_file(survey_results.named_answers_csv(surveyId, found), f"{programId}-{surveyId}-answers.csv")
    return Response(200, content_types.APPLICATION_JSON, found)

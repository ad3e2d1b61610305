"""After the match: requests, relationships, goals, meetings, closing; coordinators list pairs by health."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from mentorkit.api.auth import Caller
from mentorkit.api.idempotency import IdempotencyKey, once
from mentorkit.api.routes.programs import ProgramId
from mentorkit.domain.relationship_payloads import (
    Accepted, CloseIn, DeclineIn, GoalIn, GoalPatch, HandPairIn, MeetingIn, MyRequests, Recommendations,
    RelationshipDetail, RelationshipList, RequestCreated, RequestIn, RequestView,
)
from mentorkit.domain.relationships import Goal, Health, Meeting
from mentorkit.resources import ask_matching, mailer, store
from mentorkit.services import relationships
from mentorkit.settings import get_settings

router = Router()
coordinators = Router()

RequestId = Annotated[str, Path(pattern=r"^req-[A-Za-z0-9-]{1,60}$", description="The request's id.")]
RelationshipId = Annotated[str, Path(pattern=r"^rel-[A-Za-z0-9-]{1,60}$", description="The relationship's id.")]
GoalId = Annotated[str, Path(pattern=r"^goal-[a-z0-9]{1,40}$", description="The goal's id.")]


@router.get("/api/programs/<programId>/recommendations",
            summary="Your best mentors in a self-match program: scores, reasons, free places")
def recommendations(programId: ProgramId, who: Caller) -> Recommendations:  # noqa: N803
    return relationships.recommendations(store(), who, programId, ask_matching)


@router.post("/api/programs/<programId>/requests", summary="Ask a mentor to mentor you (self-match programs)")
def send_request(programId: ProgramId, body: RequestIn, who: Caller,  # noqa: N803
                 key: IdempotencyKey) -> Response[RequestCreated]:
    created = RequestCreated.model_validate(once(
        "send_request", who, key, {"programId": programId, **body.model_dump(mode="json")},
        lambda: relationships.send_request(store(), who, programId, body, mailer()).model_dump(mode="json")))
    return Response(201, content_types.APPLICATION_JSON, created)


@router.get("/api/me/requests", summary="Mentoring requests you sent and received")
def my_requests(who: Caller) -> MyRequests:
    return relationships.my_requests(store(), who, mailer())


@router.post("/api/requests/<requestId>/accept",
             summary="Accept a request (the mentor asked): 409 with the reason when it cannot start")
def accept_request(requestId: RequestId, who: Caller) -> Accepted:  # noqa: N803
    return relationships.accept(store(), who, requestId, mailer())


@router.post("/api/requests/<requestId>/decline", summary="Decline a request with a reason (the mentor asked)")
def decline_request(requestId: RequestId, body: DeclineIn, who: Caller) -> RequestView:  # noqa: N803
    return relationships.decline(store(), who, requestId, body, mailer())


@router.get("/api/me/relationships", summary="Your mentoring relationships, active first")
def my_relationships(who: Caller) -> RelationshipList:
    return relationships.my_relationships(store(), who)


@router.get("/api/relationships/<relationshipId>",
            summary="A relationship: goals, meetings, hours and health (coordinators see counts only)")
def get_relationship(relationshipId: RelationshipId, who: Caller) -> RelationshipDetail:  # noqa: N803
    return relationships.detail(store(), who, relationshipId)


@router.post("/api/relationships/<relationshipId>/goals",
             summary="Add a SMART goal (at most three); a retry with the same Idempotency-Key adds it once")
def add_goal(relationshipId: RelationshipId, body: GoalIn, who: Caller,  # noqa: N803
             key: IdempotencyKey) -> Response[Goal]:
    db = store()
    added = once("add_goal", who, key, {"relationshipId": relationshipId, **body.model_dump(mode="json")},
                 lambda: {"goalId": relationships.add_goal(db, who, relationshipId, body).goal_id})
    return Response(201, content_types.APPLICATION_JSON, relationships.goal(db, who, relationshipId, added["goalId"]))


@router.patch("/api/relationships/<relationshipId>/goals/<goalId>",
              summary="Change a goal's status or wording, or add a progress note")
def update_goal(relationshipId: RelationshipId, goalId: GoalId, body: GoalPatch, who: Caller) -> Goal:  # noqa: N803
    return relationships.update_goal(store(), who, relationshipId, goalId, body)


@router.post("/api/relationships/<relationshipId>/meetings",
             summary="Log a meeting; a retry with the same Idempotency-Key is the same meeting")
def log_meeting(relationshipId: RelationshipId, body: MeetingIn, who: Caller,  # noqa: N803
                key: IdempotencyKey) -> Response[Meeting]:
    # The cached answer leaves the private note out (it holds no personal text); the caller sent it.
    logged = Meeting.model_validate(once(
        "log_meeting", who, key, {"relationshipId": relationshipId, **body.model_dump(mode="json")},
        lambda: relationships.log_meeting(store(), who, relationshipId, body).model_dump(
            mode="json", by_alias=True, exclude={"note"})))
    return Response(201, content_types.APPLICATION_JSON, logged.model_copy(update={"note": body.note}))


@router.get("/api/relationships/<relationshipId>/next-meeting.ics",
            summary="The next planned meeting as a calendar file")
def next_meeting(relationshipId: RelationshipId, who: Caller) -> Response[str]:  # noqa: N803
    text = relationships.next_meeting_ics(store(), who, relationshipId, get_settings().site_url)
    return Response(200, "text/calendar; charset=utf-8", text,
                    headers={"Content-Disposition": 'attachment; filename="next-meeting.ics"'})


@router.post("/api/relationships/<relationshipId>/close",
             summary="Complete or cancel a relationship with a reason (the pair or a coordinator)")
def close_relationship(relationshipId: RelationshipId, body: CloseIn, who: Caller) -> RelationshipDetail:  # noqa: N803
    db = store()
    relationships.close(db, who, relationshipId, body,
                        relationships.invite_to_end_survey(mailer(), get_settings().site_url))
    return relationships.detail(db, who, relationshipId)


@coordinators.post("/api/programs/<programId>/relationships",
                   summary="Pair two people by hand (coordinators): 201 + relationship id, or 409 with the reason")
def pair_by_hand(programId: ProgramId, body: HandPairIn, who: Caller) -> Response[Accepted]:  # noqa: N803
    started = relationships.pair_by_hand(store(), programId, body, mailer())
    return Response(201, content_types.APPLICATION_JSON, started)


@coordinators.get("/api/programs/<programId>/relationships",
                  summary="A program's pairs with their health (coordinators)")
def program_relationships(programId: ProgramId, who: Caller,  # noqa: N803
                          health: Annotated[Health | None, Query(description="Only pairs in this health.")] = None,
                          ) -> RelationshipList:
    return relationships.program_pairs(store(), programId, health)

"""Relationships from match to close: requests, the pair, goals, meetings, hours, health, closing.

The rules that must hold under concurrency (capacity, one active pair per mentee and
program, three open requests) live in the store's conditional transactions; this module
checks who may do what, builds the records, and tells people what happened. Outsiders get
404 for a pair or request (its existence is private); coordinators see counts, never text.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import date, datetime, timedelta

from mentorkit.domain import relationships as rel
from mentorkit.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from mentorkit.domain.models import Program, Signup
from mentorkit.domain.people import Person
from mentorkit.domain.runs import MatchRecord
from mentorkit.domain.relationship_payloads import (
    Accepted, CloseIn, DeclineIn, GoalIn, GoalPatch, HandPairIn, MeetingIn, MyRequests, PartnerView, Recommendations,
    RecommendedMentor, RelationshipDetail, RelationshipList, RelationshipSummary, RequestCreated, RequestIn,
    RequestView,
)
from mentorkit.domain.relationships import Goal, Meeting, MentorRequest, Relationship
from mentorkit.services.notifications import Letter, Mailer
from mentorkit.store import Store

logger = logging.getLogger(__name__)

MENTEE_ROLES = ("mentee", "both", "peer")
MENTOR_ROLES = ("mentor", "both", "peer")

# Called once a relationship has closed; the surveys work fills it with the end-survey invitation.
OnClosed = Callable[[Relationship], None]


def _active_signup(store: Store, program_id: str, person_id: str) -> Signup | None:
    signup = store.get_signup(program_id, person_id)
    return signup if signup and signup.status == "active" else None


def _my_signup(store: Store, program_id: str, who: Person) -> Signup | None:
    return next((s for s in (_active_signup(store, program_id, i) for i in who.ids) if s), None)


def _letter(to: str, subject: str, text: str) -> list[Letter]:
    """One letter, unless its addressee deleted their data."""
    return [] if to == rel.REMOVED else [Letter(to=to, subject=subject, text=text)]


# Requests ----------------------------------------------------------------------------
# Asks the matching function (RequestResponse) for a mentee's best mentors: the engine stays out of the API.
AskEngine = Callable[[dict[str, object]], dict[str, object]]
SHOWN = 5


def _self_match_mentee(store: Store, who: Person, program_id: str) -> tuple[Program, Signup]:
    program = store.get_program(program_id)
    if program.matching_mode == "coordinator":
        raise Conflict("In this program the coordinator makes the pairs: there is nothing to request.",
                       field="programId")
    mine = _my_signup(store, program_id, who)
    if mine is None or mine.role not in MENTEE_ROLES:
        raise Forbidden("Only mentees signed up for this program can request a mentor.", field="programId")
    return program, mine


def recommendations(store: Store, who: Person, program_id: str, ask: AskEngine) -> Recommendations:
    """A mentee's top mentors with free places: the engine's scores, hard rules and reasons, and
    each mentor's capacity less their active relationships."""
    _, mine = _self_match_mentee(store, who, program_id)
    answer = ask({"action": "recommend", "programId": program_id, "menteeId": mine.sub, "limit": 3 * SHOWN})
    open_to = {r.mentor_sub for r in store.requests_sent(*who.ids) if r.status == "open" and r.program_id == program_id}
    shown: list[RecommendedMentor] = []
    for found in answer.get("recommendations", []):   # type: ignore[union-attr]
        mentor = _active_signup(store, program_id, found["mentorId"])
        if mentor is None:
            continue
        free = mentor.capacity - store.mentor_load(program_id, mentor.sub)
        if free <= 0:
            continue
        shown.append(RecommendedMentor(mentor_id=mentor.sub, email=str(mentor.email), name=mentor.name,
                                       department=mentor.department, job_level=mentor.job_level,
                                       skills_offered=mentor.skills_offered, score=found["score"],
                                       reasons=found["reasons"], free_places=free, requested=mentor.sub in open_to))
        if len(shown) == SHOWN:
            break
    return Recommendations(recommendations=shown, open_requests=len(open_to))


def send_request(store: Store, who: Person, program_id: str, body: RequestIn, mail: Mailer) -> RequestCreated:
    """A mentee asks a mentor; the mentor is e-mailed. Refused (nothing written) when the program
    does not allow self-match, the mentor is not one, or a hard rule forbids the pair."""
    program, mine = _self_match_mentee(store, who, program_id)
    mentor = _active_signup(store, program_id, body.mentor_id)
    if mentor is None or mentor.role not in MENTOR_ROLES or body.mentor_id in who.ids:
        raise InvalidInput("mentorId: no mentor with this id is signed up for this program.", field="mentorId")
    if not allowed_pair(mine, mentor):
        raise InvalidInput("mentorId: this mentor cannot be requested (a rule of the program keeps you apart).",
                           field="mentorId")
    if store.active_relationship_of(program_id, mine.sub):
        raise Conflict("You already have a mentor in this program.", field="programId")
    expire_overdue(store, store.requests_sent(*who.ids), mail)
    at = rel.now()
    request = MentorRequest(request_id=rel.new_id("req", at), program_id=program_id, program_name=program.name,
                            mentee_sub=mine.sub, mentee_email=str(mine.email), mentor_sub=mentor.sub,
                            mentor_email=str(mentor.email), message=body.message, created_at=at,
                            expires_at=at + timedelta(days=program.request_expiry_days))
    store.open_request(request, rel.MAX_OPEN_REQUESTS)
    mail(_letter(request.mentor_email, f"A mentoring request in {program.name}",
                 f"Hello,\n\n{request.mentee_email} asks you to be their mentor in {program.name}:\n\n"
                 f"    {body.message}\n\nAccept or decline on My mentoring by "
                 f"{request.expires_at:%d %B %Y}.\n"))
    return RequestCreated(request_id=request.request_id, expires_at=request.expires_at)


def allowed_pair(mentee: Signup, mentor: Signup) -> bool:
    """The hard rules a request can check without the engine: never-pair lists and the manager."""
    mentee_email, mentor_email = str(mentee.email).casefold(), str(mentor.email).casefold()
    if mentor_email in {str(e).casefold() for e in mentee.never_pair}:
        return False
    if mentee_email in {str(e).casefold() for e in mentor.never_pair}:
        return False
    return not (mentee.manager_email and str(mentee.manager_email).casefold() == mentor_email)


def expire_overdue(store: Store, requests: list[MentorRequest], mail: Mailer, at: datetime | None = None) -> int:
    """End open requests past their day (the mentee is told to choose again); how many ended."""
    at = at or rel.now()
    ended = 0
    for request in requests:
        if request.status != "open" or request.expires_at > at:
            continue
        try:
            store.end_request(request, "expired", "The mentor did not answer in time.", at)
        except Conflict:
            continue   # answered meanwhile
        ended += 1
        mail(_letter(request.mentee_email, f"Your request in {request.program_name} has expired",
                     f"Hello,\n\nYour request to {request.mentor_email} was not answered in time. Open My "
                     "mentoring to choose another mentor.\n"))
    return ended


def my_requests(store: Store, who: Person, mail: Mailer) -> MyRequests:
    """Requests I sent and received, overdue ones expired first."""
    sent, received = store.requests_sent(*who.ids), store.requests_received(*who.ids)
    if expire_overdue(store, sent + received, mail):
        sent, received = store.requests_sent(*who.ids), store.requests_received(*who.ids)

    def view(request: MentorRequest, direction: str) -> RequestView:
        partner = request.mentor_email if direction == "sent" else request.mentee_email
        return RequestView(**request.model_dump(include=set(RequestView.model_fields) - {"direction", "partner_email"}),
                           direction=direction, partner_email=partner)

    newest = sorted(sent + received, key=lambda r: r.created_at, reverse=True)
    return MyRequests(sent=[view(r, "sent") for r in newest if r in sent],
                      received=[view(r, "received") for r in newest if r in received])


def _request_for_mentor(store: Store, who: Person, request_id: str, accepting: bool = False) -> MentorRequest:
    request = store.get_request(request_id)
    if request.mentor_sub not in who.ids:
        if request.mentee_sub in who.ids:
            raise Forbidden("Only the mentor you asked can answer this request.", field="requestId")
        raise NotFound("No such request.", field="requestId")
    if accepting and request.status == "accepted":
        return request   # a retried accept gets the same answer
    if request.status != "open":
        raise Conflict(f"This request is no longer open: it was {request.status}.", field="requestId",
                       extra={"reasonCode": "request_closed"})
    return request


def accept(store: Store, who: Person, request_id: str, mail: Mailer) -> Accepted:
    """The mentor accepts: one transaction starts the pair within their capacity and the mentee's one
    active pair; the mentee's other open requests are then withdrawn and the mentee is told."""
    request = _request_for_mentor(store, who, request_id, accepting=True)
    if request.status == "accepted" and request.relationship_id:
        return Accepted(relationship_id=request.relationship_id)
    if expire_overdue(store, [request], mail):
        raise Conflict("This request expired before it was answered.", field="requestId",
                       extra={"reasonCode": "request_closed"})
    mentor, mentee = _active_signup(store, request.program_id, request.mentor_sub), \
        _active_signup(store, request.program_id, request.mentee_sub)
    if mentor is None or mentee is None:
        raise Conflict("One of you has left the program since the request was sent.", field="requestId")
    at = rel.now()
    relationship = Relationship(relationship_id=rel.new_id("rel", at), program_id=request.program_id,
                                program_name=request.program_name, source="request",
                                mentee_sub=request.mentee_sub, mentee_email=request.mentee_email,
                                mentor_sub=request.mentor_sub, mentor_email=request.mentor_email, started_at=at)
    try:
        store.start_relationship(relationship, mentor.capacity, request)
    except Conflict as error:
        if error.extra.get("reasonCode") == "mentee_taken":
            _end_quietly(store, request, "withdrawn", "The mentee found a mentor meanwhile.")
        raise
    for other in store.requests_sent(request.mentee_sub):
        if other.status == "open" and other.program_id == request.program_id:
            _end_quietly(store, other, "withdrawn", "The mentee found a mentor meanwhile.")
    mail(_letter(request.mentee_email, f"Your mentor in {request.program_name}",
                 f"Hello,\n\n{request.mentor_email} accepted your request. Open My mentoring to agree your first "
                 "meeting and your goals.\n"))
    return Accepted(relationship_id=relationship.relationship_id)


def _end_quietly(store: Store, request: MentorRequest, status: str, reason: str) -> None:
    try:
        store.end_request(request, status, reason, rel.now())
    except Conflict:
        pass   # someone ended it first: the outcome is the same


def decline(store: Store, who: Person, request_id: str, body: DeclineIn, mail: Mailer) -> RequestView:
    """The mentor declines with a reason, which the mentee reads (and is e-mailed)."""
    request = _request_for_mentor(store, who, request_id)
    store.end_request(request, "declined", body.reason, rel.now())
    mail(_letter(request.mentee_email, f"Your request in {request.program_name}",
                 f"Hello,\n\n{request.mentor_email} cannot mentor you this time:\n\n    {body.reason}\n\n"
                 "Open My mentoring to choose another mentor.\n"))
    answered = store.get_request(request_id)
    return RequestView(**answered.model_dump(include=set(RequestView.model_fields) - {"direction", "partner_email"}),
                       direction="received", partner_email=answered.mentee_email)


# Published matches -------------------------------------------------------------------
REMATCHED = "The coordinator re-matched this pair."


def start_from_matches(store: Store, program: Program, run_id: str, records: list[MatchRecord],
                       capacities: dict[str, int]) -> tuple[int, int, int]:
    """Carry a publish into relationships: pairs already active stay as they are (so nobody is
    e-mailed again), published pairs the new run no longer makes are cancelled, new pairs start
    within capacity and one per mentee. Returns (started, kept, ended)."""
    active = {(r.mentee_sub, r.mentor_sub): r for r in store.program_relationships(program.program_id)
              if r.status == "active"}
    wanted = {(r.mentee_sub, r.mentor_sub) for r in records}
    ended = sum(_close_quietly(store, current, "cancelled", REMATCHED) for key, current in active.items()
                if current.source == "match" and key not in wanted)
    started = kept = 0
    at = rel.now()
    for record in records:
        if (record.mentee_sub, record.mentor_sub) in active:
            kept += 1
            continue
        relationship = Relationship(relationship_id=rel.new_id("rel", at), program_id=program.program_id,
                                    program_name=program.name, source="match", run_id=run_id,
                                    mentee_sub=record.mentee_sub, mentee_email=record.mentee_email,
                                    mentor_sub=record.mentor_sub, mentor_email=record.mentor_email,
                                    score=record.score, reasons=record.reasons, started_at=at)
        try:
            store.start_relationship(relationship, capacities.get(record.mentor_sub, 1))
            started += 1
        except Conflict:
            logger.info("a published pair did not start: one of the two is already taken")
    return started, kept, ended


def changed_by_publish(store: Store, program_id: str, run_id: str, published_at: datetime,
                       records: list[MatchRecord]) -> tuple[list[MatchRecord], list[Relationship]]:
    """Whose match a publish changed: the pairs it started, and the pairs it ended (re-matched),
    so that a republish e-mails only them."""
    found = store.program_relationships(program_id)
    started = {(r.mentee_sub, r.mentor_sub) for r in found if r.run_id == run_id and r.status == "active"}
    ended = [r for r in found if r.close_reason == REMATCHED and r.closed_at and r.closed_at >= published_at]
    return [r for r in records if (r.mentee_sub, r.mentor_sub) in started], ended


def pair_by_hand(store: Store, program_id: str, body: HandPairIn, mail: Mailer) -> Accepted:
    """A coordinator pairs any two people of the program (re-matching one person is: close their pair,
    then pair them by hand); the same invariants hold as for any other start, and both are told."""
    program = store.get_program(program_id)
    people = {str(s.email).casefold(): s for s in store.list_signups(program_id) if s.status == "active"}
    mentee, mentor = people.get(str(body.mentee_email).casefold()), people.get(str(body.mentor_email).casefold())
    if mentee is None or mentee.role not in MENTEE_ROLES:
        raise InvalidInput("menteeEmail: nobody with this address is signed up as a mentee.", field="menteeEmail")
    if mentor is None or mentor.role not in MENTOR_ROLES or mentor.sub == mentee.sub:
        raise InvalidInput("mentorEmail: nobody else with this address is signed up as a mentor.", field="mentorEmail")
    if not allowed_pair(mentee, mentor):
        raise InvalidInput("mentorEmail: a hard rule keeps these two apart (the management chain or a never-pair "
                           "list).", field="mentorEmail")
    at = rel.now()
    relationship = Relationship(relationship_id=rel.new_id("rel", at), program_id=program_id, program_name=program.name,
                                source="coordinator", mentee_sub=mentee.sub, mentee_email=str(mentee.email),
                                mentor_sub=mentor.sub, mentor_email=str(mentor.email), started_at=at,
                                reasons=[body.reason] if body.reason else [])
    store.start_relationship(relationship, mentor.capacity)
    for email, partner in ((relationship.mentee_email, relationship.mentor_email),
                           (relationship.mentor_email, relationship.mentee_email)):
        mail(_letter(email, f"Your match in {program.name}",
                     f"Hello,\n\nYour coordinator has paired you with {partner} in {program.name}. Open My mentoring "
                     "to see why and to agree your first meeting.\n"))
    return Accepted(relationship_id=relationship.relationship_id)


def _close_quietly(store: Store, relationship: Relationship, outcome: str, reason: str) -> int:
    closed = relationship.model_copy(update={"status": outcome, "closed_at": rel.now(), "closed_by": "coordinator",
                                             "close_reason": reason})
    try:
        store.close_relationship(closed)
    except Conflict:
        return 0
    return 1


# Reading -----------------------------------------------------------------------------
def program_relationships(store: Store, program_id: str) -> list[Relationship]:
    """Every relationship of a program (status, started_at, closed_at, minutes_logged, last_meeting_on):
    what the metrics read for active pairs and hours."""
    return store.program_relationships(program_id)


def program_hours(store: Store, program_id: str) -> dict[str, float]:
    """Hours met per month across a program's pairs ({'2027-03': 9.0}), from the month roll-ups."""
    return {month: round(minutes / 60, 2) for month, minutes in sorted(store.program_hours(program_id).items())}


def _thresholds(store: Store, program_id: str, cache: dict[str, tuple[int, int]]) -> tuple[int, int]:
    if program_id not in cache:
        try:
            program = store.get_program(program_id)
            cache[program_id] = (program.quiet_after_days, program.stalled_after_days)
        except NotFound:
            cache[program_id] = (21, 90)
    return cache[program_id]


def health_of(relationship: Relationship, thresholds: tuple[int, int], today: date | None = None) -> rel.Health:
    return rel.health(relationship, today or rel.now().date(), *thresholds)


def _summary(relationship: Relationship, who: Person | None, thresholds: tuple[int, int]) -> dict[str, object]:
    side = relationship.side_of(who.ids) if who else None
    base: dict[str, object] = relationship.model_dump(include=set(RelationshipSummary.model_fields))
    base["health"] = health_of(relationship, thresholds)
    if side is not None:
        base.update(role=side, partner_email=relationship.partner(side)[1], mentee_email=None, mentor_email=None)
    return base


def my_relationships(store: Store, who: Person) -> RelationshipList:
    """My pairs, active first, then newest."""
    cache: dict[str, tuple[int, int]] = {}
    found = sorted(store.relationships_of(*who.ids), key=lambda r: (r.status != "active", -r.started_at.timestamp()))
    return RelationshipList(relationships=[
        RelationshipSummary(**_summary(r, who, _thresholds(store, r.program_id, cache))) for r in found])


def program_pairs(store: Store, program_id: str, health: str | None = None) -> RelationshipList:
    """A coordinator's list of a program's pairs with their health (counts for every health)."""
    program = store.get_program(program_id)
    thresholds = (program.quiet_after_days, program.stalled_after_days)
    rows = [RelationshipSummary(**_summary(r, None, thresholds)) for r in store.program_relationships(program_id)]
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.health] = counts.get(row.health, 0) + 1
    return RelationshipList(relationships=[r for r in rows if health in (None, r.health)], counts=counts)


def _for_pair(store: Store, who: Person, relationship_id: str) -> tuple[Relationship, rel.Side]:
    """The relationship and the caller's side; 404 to outsiders, 403 to coordinators (they know it exists)."""
    relationship = store.get_relationship(relationship_id)
    side = relationship.side_of(who.ids)
    if side is None:
        if who.is_coordinator:
            raise Forbidden("Only the two people in a pair can do this.", field="relationshipId")
        raise NotFound("No such relationship.", field="relationshipId")
    return relationship, side


def detail(store: Store, who: Person, relationship_id: str) -> RelationshipDetail:
    """The pair sees goals, meetings (with their own private notes) and hours; coordinators see counts."""
    relationship = store.get_relationship(relationship_id)
    side = relationship.side_of(who.ids)
    if side is None and not who.is_coordinator:
        raise NotFound("No such relationship.", field="relationshipId")
    goals, meetings, notes = store.relationship_parts(relationship_id)
    view = RelationshipDetail(**_summary(relationship, who, _thresholds(store, relationship.program_id, {})),
                              reasons=relationship.reasons, hours_by_month=rel.hours_by_month(meetings),
                              next_meeting_at=relationship.next_meeting_at)
    if side is None:
        return view
    mine = {m.meeting_id: notes.get(m.meeting_id, {}).get(relationship.mentee_sub if side == "mentee"
                                                           else relationship.mentor_sub) for m in meetings}
    return view.model_copy(update={
        "partner": partner_view(store, relationship, side),
        "reasons": [rel.second_person(reason, side) for reason in relationship.reasons],
        "goal_list": sorted(goals, key=lambda g: g.created_at),
        "meeting_list": [m.model_copy(update={"note": mine[m.meeting_id]}) for m in reversed(meetings)]})


def partner_view(store: Store, relationship: Relationship, side: rel.Side) -> PartnerView:
    """The partner as the privacy page promises: name, role, department, level, goals and skills."""
    partner_sub, partner_email = relationship.partner(side)
    role: rel.Side = "mentor" if side == "mentee" else "mentee"
    signup = store.get_signup(relationship.program_id, partner_sub) if partner_email != rel.REMOVED else None
    if signup is None:
        return PartnerView(email=partner_email, role=role)
    return PartnerView(email=partner_email, name=signup.name, role=role, department=signup.department,
                       job_level=signup.job_level, goals=signup.goals,
                       skills=signup.skills_offered if role == "mentor" else signup.skills_wanted)


# Goals, meetings ---------------------------------------------------------------------
def add_goal(store: Store, who: Person, relationship_id: str, body: GoalIn) -> Goal:
    """Up to three goals per pair, added by either partner while the pair is active."""
    _for_pair(store, who, relationship_id)
    at = rel.now()
    goal = Goal(goal_id=f"goal-{secrets.token_hex(4)}", created_at=at, updated_at=at, **body.model_dump())
    store.add_goal(relationship_id, goal, rel.MAX_GOALS)
    return goal


def goal(store: Store, who: Person, relationship_id: str, goal_id: str) -> Goal:
    """One goal, for the pair."""
    _for_pair(store, who, relationship_id)
    return store.get_goal(relationship_id, goal_id)


def update_goal(store: Store, who: Person, relationship_id: str, goal_id: str, body: GoalPatch) -> Goal:
    """Change a goal; a `note` is appended to its progress notes."""
    _for_pair(store, who, relationship_id)
    goal = store.get_goal(relationship_id, goal_id)
    changes = body.model_dump(exclude_unset=True, exclude={"note"})
    if body.note:
        changes["notes"] = [*goal.notes, body.note]
    updated = goal.model_copy(update={**changes, "updated_at": rel.now()})
    store.replace_goal(relationship_id, updated)
    return updated


def log_meeting(store: Store, who: Person, relationship_id: str, body: MeetingIn) -> Meeting:
    """Either partner logs a meeting; its minutes roll up into the pair and the program's month at once."""
    relationship, side = _for_pair(store, who, relationship_id)
    if body.held_on < relationship.started_at.date() - timedelta(days=1):
        raise InvalidInput("heldOn: the meeting is before this relationship started.", field="heldOn")
    meeting = Meeting(meeting_id=f"mtg-{secrets.token_hex(4)}", held_on=body.held_on, minutes=body.minutes,
                      logged_by=side, note=body.note, created_at=rel.now())
    author = relationship.mentee_sub if side == "mentee" else relationship.mentor_sub
    store.log_meeting(relationship, meeting, author, body.next_at)
    return meeting


def next_meeting_ics(store: Store, who: Person, relationship_id: str, site_url: str) -> str:
    """The next planned meeting as an .ics file (404 when none is planned)."""
    relationship, side = _for_pair(store, who, relationship_id)
    if relationship.next_meeting_at is None or relationship.status != "active":
        raise NotFound("No next meeting is planned: log a meeting with `nextAt` first.", field="nextAt")
    return rel.ics(relationship, side, relationship.next_meeting_at, site_url=site_url)


# Closing -----------------------------------------------------------------------------
def invite_to_end_survey(mail: Mailer, site_url: str) -> OnClosed:
    """The default `on_closed`: e-mail both partners an invitation to the end-of-program survey."""
    where = f"{site_url.rstrip('/')}/app/my-mentoring/" if site_url else "My mentoring on the mentoring site"

    def invite(relationship: Relationship) -> None:
        for email in (relationship.mentee_email, relationship.mentor_email):
            mail(_letter(email, f"Your mentoring in {relationship.program_name} has ended",
                         f"Hello,\n\nYour mentoring relationship has been {relationship.status}: "
                         f"{relationship.close_reason}\n\nPlease take five minutes for the end survey at {where}; "
                         "it shapes the next round.\n"))
    return invite


def close(store: Store, who: Person, relationship_id: str, body: CloseIn, on_closed: OnClosed) -> Relationship:
    """Either partner or a coordinator completes or cancels a pair; the mentor's place is free at once."""
    relationship = store.get_relationship(relationship_id)
    side = relationship.side_of(who.ids)
    if side is None and not who.is_coordinator:
        raise NotFound("No such relationship.", field="relationshipId")
    closed = relationship.model_copy(update={"status": body.outcome, "closed_at": rel.now(),
                                             "closed_by": side or "coordinator", "close_reason": body.reason})
    store.close_relationship(closed)
    on_closed(closed)
    return store.get_relationship(relationship_id)


def tell_partner_of_leaver(mail: Mailer, site_url: str) -> OnClosed:
    """The `on_closed` for a person who withdrew or left: their partner is told, kindly."""
    where = f"{site_url.rstrip('/')}/app/my-mentoring/" if site_url else "My mentoring"

    def tell(relationship: Relationship) -> None:
        side = relationship.closed_by if relationship.closed_by in ("mentee", "mentor") else "mentee"
        mail(_letter(relationship.partner(side)[1], f"Your mentoring in {relationship.program_name} has ended",
                     "Hello,\n\nYour partner has left the program, so your mentoring relationship has ended. "
                     f"Your goals and meeting log stay at {where}; your coordinator knows and can help you "
                     "find a new partner.\n"))
    return tell


def close_for_leaver(store: Store, who: Person, program_ids: set[str] | None, reason: str,
                     on_closed: OnClosed) -> list[Relationship]:
    """Cancel the caller's active pairs (in `program_ids`, or everywhere): they withdrew or left."""
    closed = []
    for relationship in store.relationships_of(*who.ids):
        if relationship.status != "active" or (program_ids is not None and relationship.program_id not in program_ids):
            continue
        side = relationship.side_of(who.ids)
        ending = relationship.model_copy(update={"status": "cancelled", "closed_at": rel.now(), "closed_by": side,
                                                 "close_reason": reason})
        try:
            store.close_relationship(ending)
        except Conflict:
            continue
        on_closed(ending)
        closed.append(ending)
    return closed


def forget(store: Store, who: Person, mail: Mailer) -> None:
    """Before "delete my data": end the person's pairs and open requests, then cut them out of the
    records their partners keep (relationships, requests); the partner's own records stay."""
    close_for_leaver(store, who, None, "A participant left the program.", tell_partner_of_leaver(mail, ""))
    for relationship in store.relationships_of(*who.ids):
        store.remove_participant(relationship.relationship_id, relationship.side_of(who.ids) or "mentee")
    for request in store.requests_sent(*who.ids):
        _end_quietly(store, request, "withdrawn", "The mentee left the program.")
    for request in store.requests_received(*who.ids):
        _end_quietly(store, request, "declined", "The mentor left the program.")
        store.forget_request_mentor(request.request_id)

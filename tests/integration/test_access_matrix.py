"""Who may do what, route by route: every route of the API × every kind of caller, on real ids.

The routes are the live OpenAPI document's and template.yaml's, joined with who may call each
in `tests/route_access.py`: a route missing there fails here. Each cell of the matrix calls
one route over HTTP as one caller, with the ids of a real world (a program with a published
run, a victim's sign-up, training and match, the pair's relationship, goal, meeting and a request
the victim sent, a roster import and an open survey window) and checks what that caller gets:

- no token, an expired one, or one signed by another key: 401 from the gateway;
- a token whose e-mail is not verified (even a coordinator's): 401 from the function;
- an employee on a coordinator route: 403;
- a refused call leaves the world exactly as it was;
- an employee on their own routes: an answer about themselves, never another person's
  data, and never a change to it, even with that person's ids in the query or the body;
- on routes for the people of a program, a pair or a request (`participant`, `pair`,
  `pair-or-coordinator`, `mentor`): the victim, who is one of them, is served (but the mentee
  who sent a request cannot answer it: 403); everyone else gets 403, or 404 where whether the
  object exists is private, and the world stays as it was; coordinators are served on the
  routes the README gives them (reading and closing a pair).

Adding a route: one entry in `tests/route_access.py`. A new kind of id in a path needs a
maker in `PATH_IDS` that returns such an object *owned by the victim*, so that the
intruder is tried on it; a body that passes validation goes in `BODIES`. A new kind of
access (say "pair") needs a column in `EXPECT`: what each caller gets on such routes.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import jwt
import pytest
from boto3.dynamodb.conditions import Key
from boto3.dynamodb.types import Binary
from cryptography.hazmat.primitives.asymmetric import rsa

from devstack import template
from tests.conftest import Client, Reply
from tests.route_access import ROUTES

TRAINING_MODULE = "first-meeting"
SURVEY = "kick-off"   # named (coordinators read who answered what), for everyone in the program
STATUS_WHEN_ALLOWED = {200, 201, 202, 204, 404, 409, 422}


@dataclass
class Someone:
    """A person of the world; `canary` is a phrase only their own data contains."""

    email: str
    sub: str
    canary: str

    @property
    def marks(self) -> tuple[str, ...]:
        """What gives their data away in an answer that should not hold it."""
        return (self.email, self.sub, self.canary)


@dataclass
class World:
    program_id: str         # the victim's program, with a published run
    run_id: str
    victim: Someone         # a mentee, signed up, trained, matched with `partner`
    partner: Someone        # the victim's mentor
    intruder: Someone       # another employee: signed up in another program, trained
    coordinator: Someone
    relationship_id: str = ""   # the victim's pair with the partner (from the publish)
    goal_id: str = ""           # the victim's goal in that pair
    request_id: str = ""        # the victim's request to the partner (the program allows self-match too)
    import_id: str = ""         # a roster import of the program
    window_id: str = ""         # the program's open window of SURVEY
    pair_canary: str = ""       # a phrase only the pair's goal holds (the partner keeps it when the victim leaves)

    @property
    def people(self) -> list[Someone]:
        """Whose data is private (a coordinator's e-mail is on the programs they open)."""
        return [self.victim, self.partner, self.intruder]


# Ids for the path parameters: each names a real object, owned by the victim where objects
# have owners, so the intruder is tried on someone else's. A route with a parameter missing
# here fails `test_every_path_parameter_has_a_maker`.
PATH_IDS: dict[str, Callable[[World], str]] = {
    "programId": lambda w: w.program_id,
    "runId": lambda w: w.run_id,
    "moduleId": lambda w: TRAINING_MODULE,
    "relationshipId": lambda w: w.relationship_id,
    "goalId": lambda w: w.goal_id,
    "requestId": lambda w: w.request_id,
    "importId": lambda w: w.import_id,
    "surveyId": lambda w: SURVEY,
    "windowId": lambda w: w.window_id,
}


def signup_body(canary: str, **changes: Any) -> dict[str, Any]:
    body = {"role": "mentee", "goals": [f"Lead a project of five people by June ({canary})"], "department": "Finance",
            "jobLevel": 2, "languages": ["English"], "timeZone": "Europe/London", "meetingFormat": "either",
            "skillsWanted": ["Leadership"], "consent": True}
    return {**body, **changes}


def program_body(name: str, **changes: Any) -> dict[str, Any]:
    body = {"name": name, "description": "Access matrix.", "format": "one_to_one", "opensAt": "2026-01-01T00:00:00Z",
            "closesAt": "2099-01-01T00:00:00Z", "skills": ["Leadership", "Writing", "Data analysis"]}
    return {**body, **changes}


def training_answers() -> dict[str, Any]:
    from mentorkit.domain import training

    return {"answers": {q.id: q.answer for q in training.load(TRAINING_MODULE).questions}}


# Bodies that get past validation, so each cell tests who may call, not what was sent.
# Bytes are sent as they are (a CSV roster); routes not listed here get no body.
BODIES: dict[str, Callable[[World], Any]] = {
    "POST /api/programs": lambda w: program_body(f"Matrix {uuid.uuid4().hex[:6]}"),
    "PATCH /api/programs/{programId}": lambda w: {"description": "Changed by the access matrix."},
    "PUT /api/programs/{programId}/signup": lambda w: signup_body("mine"),
    "POST /api/programs/{programId}/roster": lambda w: (
        "email,name,role,department,jobLevel,timeZone,languages,consent\n"
        f"roster-{uuid.uuid4().hex[:6]}@example.org,Rosa,mentee,Sales,2,Europe/London,English,true\n").encode(),
    "PUT /api/me/training/{moduleId}": lambda w: training_answers(),
    "POST /api/programs/{programId}/matching-runs": lambda w: {},
    "POST /api/programs/{programId}/requests": lambda w: {"mentorId": w.partner.sub, "message": "Matrix request."},
    "POST /api/requests/{requestId}/decline": lambda w: {"reason": "At capacity this quarter."},
    "POST /api/relationships/{relationshipId}/goals": lambda w: {"title": "Another goal of the matrix"},
    "PATCH /api/relationships/{relationshipId}/goals/{goalId}": lambda w: {"note": "Progress, says the matrix."},
    "POST /api/relationships/{relationshipId}/meetings": lambda w: meeting_body(),
    "POST /api/relationships/{relationshipId}/close": lambda w: {"outcome": "completed", "reason": "Goals met."},
    "POST /api/programs/{programId}/relationships": lambda w: {"menteeEmail": w.victim.email,
                                                               "mentorEmail": w.partner.email},
    "POST /api/surveys/{surveyId}/responses": lambda w: {"programId": w.program_id, "answers": survey_answers()},
    "POST /api/programs/{programId}/surveys/{surveyId}/windows": lambda w: {"closesAt": "2099-01-01T00:00:00Z"},
}


def meeting_body(**changes: Any) -> dict[str, Any]:
    return {"heldOn": dt.date.today().isoformat(), "minutes": 30, **changes}


def survey_answers() -> dict[str, Any]:
    return {"first-meeting": "planned", "confidence": 4, "hopes": ["skills"]}


# Callers ------------------------------------------------------------------------------------
@cache
def _another_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def wrongly_signed(stack: Any, email: str) -> str:
    """Claims the issuer would sign, signed by another key under the issuer's key id."""
    claims = jwt.decode(stack.issuer.mint(email), options={"verify_signature": False})
    return jwt.encode(claims, _another_key(), algorithm="RS256", headers={"kid": stack.issuer.kid})


@dataclass(frozen=True)
class Caller:
    token: Callable[[Any, World], str | None]     # None: no Authorization header
    me: Callable[[World], Someone] | None = None  # who the caller is in the world, if signed in
    foreign: bool = False                         # puts the victim's ids in the query and the body


CALLERS: dict[str, Caller] = {
    "anonymous": Caller(lambda s, w: None),
    "expired": Caller(lambda s, w: s.issuer.mint(w.coordinator.email, coordinator=True, lifetime=-60)),
    "wrongly signed": Caller(lambda s, w: wrongly_signed(s, w.coordinator.email)),
    "unverified e-mail": Caller(lambda s, w: s.issuer.mint(w.coordinator.email, coordinator=True, verified=False)),
    "unverified e-mail, naming the victim": Caller(
        lambda s, w: s.issuer.mint(w.coordinator.email, coordinator=True, verified=False), foreign=True),
    "another employee": Caller(lambda s, w: s.issuer.mint(w.intruder.email), lambda w: w.intruder),
    "another employee, naming the victim": Caller(lambda s, w: s.issuer.mint(w.intruder.email), lambda w: w.intruder,
                                                  foreign=True),
    "employee": Caller(lambda s, w: s.issuer.mint(w.victim.email), lambda w: w.victim),
    "coordinator": Caller(lambda s, w: s.issuer.mint(w.coordinator.email, coordinator=True), lambda w: w.coordinator),
}


# What each caller gets -----------------------------------------------------------------------
@dataclass
class Cell:
    """One call of the matrix: what was sent, what came back, the world before and after."""

    caller: str
    route: str
    reply: Reply
    world: World
    before: list[dict[str, Any]]
    after: list[dict[str, Any]]

    @property
    def me(self) -> Someone:
        return CALLERS[self.caller].me(self.world)

    @property
    def text(self) -> str:
        return self.reply.body if isinstance(self.reply.body, str) else json.dumps(self.reply.body)

    def say(self, what: str) -> str:
        return f"{self.caller} on {self.route}: {what} (got {self.reply.status} {self.text[:300]})"


def public(cell: Cell) -> None:
    assert cell.reply.status == 200, cell.say("200 for everyone")


def gateway_401(cell: Cell) -> None:
    """API Gateway's own answer: the function never ran."""
    assert cell.reply.status == 401 and cell.reply.body == {"message": "Unauthorized"}, cell.say("401 from the gateway")
    assert cell.after == cell.before, cell.say("a refused call changed the world")


def function_401(cell: Cell) -> None:
    assert cell.reply.status == 401, cell.say("401 from the function")
    assert cell.reply.body["error"]["code"] == "unauthorized", cell.say("the error envelope")
    assert cell.after == cell.before, cell.say("a refused call changed the world")


def forbidden(cell: Cell) -> None:
    assert cell.reply.status == 403, cell.say("403")
    assert cell.reply.body["error"]["code"] == "forbidden", cell.say("the error envelope")
    assert cell.after == cell.before, cell.say("a refused call changed the world")


def served(cell: Cell) -> None:
    """A coordinator on their routes: a status of the route's contract; reads of real ids find them."""
    assert cell.reply.status in STATUS_WHEN_ALLOWED, cell.say("an answer of the route's contract")
    if cell.route.startswith("GET "):
        assert cell.reply.status == 200, cell.say("a read of real ids answers 200")


def own_data_only(cell: Cell) -> None:
    """Served about oneself: nobody else's data in the answer, nobody else's items changed.
    The victim, who has an object behind every route, reads each of them (200)."""
    me, world = cell.me, cell.world
    if me is world.victim:
        served(cell)
    else:
        assert cell.reply.status in STATUS_WHEN_ALLOWED, cell.say("an answer of the route's contract")
    own_partner = world.partner if me is world.victim else None
    for stranger in (p for p in world.people if p not in (me, own_partner)):
        for mark in stranger.marks:
            assert mark not in cell.text, cell.say(f"another person's data ({mark})")
    if me is not world.victim:
        assert world.pair_canary not in cell.text, cell.say("the pair's goal")
    before, after = _without(cell.before, me), _without(cell.after, me)
    if me is world.victim:
        # The pair's and the request's shared items are the victim's too (a goal, a meeting, a close).
        before, after = _not_pairs(before, world), _not_pairs(after, world)
    if cell.route == FORGET_ME:
        # Deleting oneself cuts one out of the program's runs: those change, and nothing names one after.
        before, after = _not_runs(before), _not_runs(after)
        if me in world.people:
            naming = [(i["PK"], i["SK"], [k for k, v in i.items() if any(m in str(v) for m in me.marks)])
                      for i in cell.after if _mentions(i, me)]
            assert not naming, cell.say(f"items still name the deleted person: {naming}")
    assert after == before, cell.say("another person's items changed")


def outsider(cell: Cell) -> None:
    """Not one of the people the route is for: 403, or 404 where the object's existence is private
    (422 for a body carrying the victim's ids, which the models refuse first); nothing changes,
    and nothing of the pair shows."""
    statuses = {403, 404} | ({422} if CALLERS[cell.caller].foreign and cell.route in BODIES else set())
    assert cell.reply.status in statuses, cell.say(f"one of {sorted(statuses)}")
    assert cell.reply.body["error"]["code"] in ("forbidden", "not_found", "invalid"), \
        cell.say("the error envelope")
    for mark in (*cell.world.victim.marks, *cell.world.partner.marks, cell.world.pair_canary):
        assert mark not in cell.text, cell.say(f"the pair's data ({mark})")
    assert cell.after == cell.before, cell.say("a refused call changed the world")


def one_of_them(cell: Cell) -> None:
    """Routes for the people of a program or a pair: the victim is one of them; others are outsiders."""
    if cell.me is cell.world.victim:
        own_data_only(cell)
    else:
        outsider(cell)


FORGET_ME = "DELETE /api/me"
SOME_PEOPLE = ("participant", "pair", "pair-or-coordinator", "mentor")
REFUSED_AT_THE_GATEWAY = {"public": public, "employee": gateway_401, "coordinator": gateway_401,
                          **dict.fromkeys(SOME_PEOPLE, gateway_401)}
UNVERIFIED = {"public": public, "employee": function_401, "coordinator": function_401,
              **dict.fromkeys(SOME_PEOPLE, function_401)}
# The victim sent the request, so is not the mentor who may answer it: an outsider there (403).
AN_EMPLOYEE = {"public": public, "employee": own_data_only, "coordinator": forbidden, "participant": one_of_them,
               "pair": one_of_them, "pair-or-coordinator": one_of_them, "mentor": outsider}
# caller → access level in tests/route_access.py → the check of that cell.
EXPECT: dict[str, dict[str, Callable[[Cell], None]]] = {
    "anonymous": REFUSED_AT_THE_GATEWAY,
    "expired": REFUSED_AT_THE_GATEWAY,
    "wrongly signed": REFUSED_AT_THE_GATEWAY,
    "unverified e-mail": UNVERIFIED,
    "unverified e-mail, naming the victim": UNVERIFIED,
    "another employee": AN_EMPLOYEE,
    "another employee, naming the victim": AN_EMPLOYEE,
    "employee": AN_EMPLOYEE,
    "coordinator": {"public": public, "employee": own_data_only, "coordinator": served, "participant": outsider,
                    "pair": outsider, "pair-or-coordinator": served, "mentor": outsider},
}

# Reads first, then writes, closing (a pair, a survey window) after the other writes, deletes
# last (DELETE /api/me the very last), and callers who may change things after those who may
# not: every refused call meets the whole world (an active pair, an open window), and the
# victim reads everything before deleting it.
METHOD_ORDER = {"GET": 0, "DELETE": 2}
CELLS = [(caller, route) for caller in CALLERS
         for route in sorted(ROUTES, key=lambda r: (METHOD_ORDER.get(r.split()[0], 1), r.endswith("/close"),
                                                    r.endswith(" /api/me"), r))]


# The world -----------------------------------------------------------------------------------
def _person(stack: Any, name: str, tag: str) -> Someone:
    email = f"{name}-{tag}@example.org"
    return Someone(email, stack.issuer.subject(email), f"canary-{name}-{tag}")


def _client(stack: Any, email: str, coordinator: bool = False) -> Client:
    return Client(stack.url, stack.issuer.mint(email, coordinator))


def _ok(reply: Reply, status: int = 200) -> Any:
    assert reply.status == status, reply.body
    return reply.body


@pytest.fixture(scope="module")
def world(stack: Any) -> World:
    """A program whose run is published: the victim (mentee) matched with the partner (mentor);
    the intruder signed up elsewhere; both employees have passed a training module."""
    tag = uuid.uuid4().hex[:6]
    victim, partner, intruder, coordinator = (_person(stack, n, tag) for n in ("victim", "partner", "intruder",
                                                                                "coordinator"))
    boss = _client(stack, coordinator.email, coordinator=True)
    # Pairs come from matching runs and from requests (matchingMode both): one program has every kind of object.
    pid = _ok(boss.post("/api/programs", program_body(f"Matrix {tag}", matchingMode="both")), 201)["programId"]
    elsewhere = _ok(boss.post("/api/programs", program_body(f"Elsewhere {tag}")), 201)["programId"]
    _ok(_client(stack, victim.email).put(f"/api/programs/{pid}/signup", signup_body(victim.canary)))
    _ok(_client(stack, partner.email).put(f"/api/programs/{pid}/signup", signup_body(
        partner.canary, role="mentor", skillsWanted=[], skillsOffered=["Leadership"], department="Legal",
        jobLevel=7)))
    _ok(_client(stack, intruder.email).put(f"/api/programs/{elsewhere}/signup", signup_body(intruder.canary)))
    for who in (victim, intruder):
        _ok(_client(stack, who.email).put(f"/api/me/training/{TRAINING_MODULE}", training_answers()))
    mentee = _client(stack, victim.email)
    found = _ok(mentee.get(f"/api/programs/{pid}/recommendations"))["recommendations"]
    assert [m["mentorId"] for m in found] == [partner.sub], found
    request_id = _ok(mentee.post(f"/api/programs/{pid}/requests", {"mentorId": partner.sub,
                                                                   "message": f"Please ({victim.canary})"}),
                     201)["requestId"]
    run_id = _ok(boss.post(f"/api/programs/{pid}/matching-runs", {}), 202)["runId"]
    deadline = time.monotonic() + 60
    while (run := _ok(boss.get(f"/api/programs/{pid}/matching-runs/{run_id}")))["status"] not in ("succeeded", "failed"):
        assert time.monotonic() < deadline, run
        time.sleep(0.2)
    assert run["summary"]["matched"] == 1, run
    _ok(boss.post(f"/api/programs/{pid}/matching-runs/{run_id}/publish"))
    assert stack.lambdas.wait(), "the matching function's after-publish work did not finish"
    matches = _ok(_client(stack, victim.email).get("/api/me/matches"))["matches"]
    assert partner.email in json.dumps(matches)
    pairs = _ok(mentee.get("/api/me/relationships"))["relationships"]
    assert len(pairs) == 1 and pairs[0]["partnerEmail"] == partner.email, pairs
    rid = pairs[0]["relationshipId"]
    pair_canary = f"canary-pair-{tag}"
    goal_id = _ok(mentee.post(f"/api/relationships/{rid}/goals", {"title": f"Lead a retrospective ({pair_canary})"}),
                  201)["goalId"]
    soon = (dt.datetime.now(dt.UTC) + dt.timedelta(days=7)).replace(microsecond=0).isoformat()
    _ok(mentee.post(f"/api/relationships/{rid}/meetings", meeting_body(note=victim.canary, nextAt=soon)), 201)
    roster = ("email,name,role,department,jobLevel,timeZone,languages,consent\n"
              f"rostered-{tag}@example.org,Rosa,mentee,Sales,2,Europe/London,English,true\n").encode()
    import_id = _ok(boss.call("POST", f"/api/programs/{pid}/roster", raw=roster, headers={"Content-Type": "text/csv"}),
                    202)["importId"]
    window_id = _ok(boss.post(f"/api/programs/{pid}/surveys/{SURVEY}/windows", {"closesAt": "2099-01-01T00:00:00Z"}),
                    201)["windowId"]
    assert stack.lambdas.wait(), "the roster import did not finish"
    return World(pid, run_id, victim, partner, intruder, coordinator, relationship_id=rid, goal_id=goal_id,
                 request_id=request_id, import_id=import_id, window_id=window_id, pair_canary=pair_canary)


def world_items(world: World) -> list[dict[str, Any]]:
    """Every item about the world: the program's partition and each person's."""
    from mentorkit.domain.people import roster_id
    from mentorkit.resources import dynamodb
    from mentorkit.settings import get_settings

    table = dynamodb().Table(get_settings().table_name)
    partitions = [f"PROGRAM#{world.program_id}"]
    people = [*world.people, world.coordinator]
    partitions += [f"USER#{i}" for p in people for i in (p.sub, roster_id(p.email))]
    partitions += [f"REL#{world.relationship_id}", f"REQUEST#{world.request_id}"]
    items = []
    for pk in partitions:
        kwargs: dict[str, Any] = {"KeyConditionExpression": Key("PK").eq(pk), "ConsistentRead": True}
        while True:
            page = table.query(**kwargs)
            items += page["Items"]
            if "LastEvaluatedKey" not in page:
                break
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    return sorted(items, key=lambda i: (i["PK"], i["SK"]))


def _not_pairs(items: list[dict[str, Any]], world: World) -> list[dict[str, Any]]:
    """Items other than the world's pair and request (their own partitions, the two people's pointers,
    the program's counters of load, active pairs, open requests and hours)."""
    ids = [i for i in (world.relationship_id, world.request_id) if i]
    counters = ("LOAD#", "ACTIVE#", "OPENREQ#", "HOURS#")
    return [i for i in items if not any(x in str(i["PK"]) or x in str(i["SK"]) for x in ids)
            and not (str(i["PK"]).startswith("PROGRAM#") and str(i["SK"]).startswith(counters))]


def _not_runs(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [i for i in items if not i["SK"].startswith(("RUN#", "RUNPART#"))]


def _mentions(item: dict[str, Any], someone: Someone) -> bool:
    """Whether an item holds any mark of `someone`, inside a run's gzip-compressed result too."""
    text = json.dumps({k: v for k, v in item.items() if not isinstance(v, Binary)}, default=str)
    text += "".join(gzip.decompress(bytes(v)).decode() for v in item.values() if isinstance(v, Binary))
    return any(mark in text for mark in someone.marks)


def _without(items: list[dict[str, Any]], someone: Someone) -> list[dict[str, Any]]:
    """The items that are not about `someone` (they may change their own)."""
    return [i for i in items if not any(someone.sub in str(i.get(k, "")) for k in ("PK", "SK", "GSI1PK"))]


def call(stack: Any, world: World, caller: str, route: str) -> Cell:
    """Call `route` as `caller` with the world's ids (and the victim's, for a caller naming them)."""
    method, path = route.split(" ", 1)
    path = re.sub(r"\{(\w+)\}", lambda m: PATH_IDS[m.group(1)](world), path)
    body = BODIES[route](world) if route in BODIES else None
    if CALLERS[caller].foreign:
        path += f"?sub={world.victim.sub}&email={world.victim.email}"
        if isinstance(body, dict):
            body = {**body, "sub": world.victim.sub, "email": world.victim.email}
    client = Client(stack.url, CALLERS[caller].token(stack, world))
    assert stack.lambdas.wait(), "a run started by an earlier cell is still going"
    before = world_items(world)
    if isinstance(body, bytes):
        reply = client.call(method, path, raw=body, headers={"Content-Type": "text/csv"})
    else:
        reply = client.call(method, path, body)
    return Cell(caller, route, reply, world, before, world_items(world))


# The matrix ----------------------------------------------------------------------------------
def api_routes(stack: Any) -> set[str]:
    """Every route the live OpenAPI document and template.yaml name."""
    document = Client(stack.url).get("/api/openapi.json").body
    methods = {"get", "put", "post", "patch", "delete", "head", "options", "trace"}
    listed = {f"{m.upper()} {path}" for path, item in document["paths"].items() for m in item if m in methods}
    return listed | {route.key for route in template.routes()}


def test_every_route_of_the_openapi_document_and_template_has_an_entry(stack: Any) -> None:
    routes = api_routes(stack)
    assert not routes - set(ROUTES), "say who may call each new route in tests/route_access.py"
    assert not set(ROUTES) - routes, "tests/route_access.py names routes the API no longer has"


def test_every_path_parameter_has_a_maker() -> None:
    params = {p for route in ROUTES for p in re.findall(r"\{(\w+)\}", route)}
    assert not params - set(PATH_IDS), "add a maker for each new path id to PATH_IDS (an object the victim owns)"


def test_every_kind_of_access_says_what_each_caller_gets() -> None:
    for caller in CALLERS:
        assert set(EXPECT[caller]) >= set(ROUTES.values()), f"say in EXPECT what '{caller}' gets"


def test_employee_b_cannot_read_employee_as_signup(stack: Any, world: World) -> None:
    """The issue's example, on its own: B asks for "my sign-up" in the program A signed up for."""
    reply = Client(stack.url, stack.issuer.mint(world.intruder.email)).get(f"/api/programs/{world.program_id}/signup")
    assert reply.status == 404
    assert world.victim.canary not in json.dumps(reply.body)


@pytest.mark.parametrize(("caller", "route"), CELLS, ids=[f"{c}: {r}" for c, r in CELLS])
def test_access(stack: Any, world: World, caller: str, route: str) -> None:
    EXPECT[caller][ROUTES[route]](call(stack, world, caller, route))

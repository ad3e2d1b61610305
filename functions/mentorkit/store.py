"""The one module that knows the table's key formats. The boto3 Table is passed in.

Single-table layout:

| item              | PK                 | SK                  | GSI1PK          | GSI1SK                |
|-------------------|--------------------|---------------------|-----------------|-----------------------|
| program           | PROGRAM#{id}       | PROGRAM             | PROGRAMS        | {createdAt}#{id}      |
| sign-up           | PROGRAM#{id}       | SIGNUP#{sub}        | USER#{sub}      | SIGNUP#{id}           |
| training record   | USER#{sub}         | TRAINING#{module}   | TRAINING        | {module}#{sub}        |
| matching run      | PROGRAM#{id}       | RUN#{runId}         |                 |                       |
| run result part   | PROGRAM#{id}       | RUNPART#{runId}#{n} |                 |                       |
| roster import job | PROGRAM#{id}       | IMPORT#{importId}   |                 |                       |
| import's CSV part | PROGRAM#{id}       | IMPORTPART#{importId}#{n} |           |                       |
| published pointer | PROGRAM#{id}       | PUBLISHED           |                 |                       |
| match set marker  | PROGRAM#{id}       | MATCHSET#{version}  |                 |                       |
| published pair    | USER#{menteeSub}   | MATCH#{id}#{version}#{mentorSub} | USER#{mentorSub} | MATCH#{id}#{version}#{menteeSub} |
| relationship      | REL#{relId}        | REL                 | PROGRAM#{id}#RELS | {startedAt}#{relId} |
| goal              | REL#{relId}        | GOAL#{goalId}       |                 |                       |
| meeting           | REL#{relId}        | MEETING#{heldOn}#{meetingId} |        |                       |
| private note      | REL#{relId}        | NOTE#{meetingId}#{sub} | USER#{sub}   | NOTE#{relId}#{meetingId} |
| membership        | USER#{sub}         | REL#{relId}         |                 |                       |
| mentor load       | PROGRAM#{id}       | LOAD#{mentorSub}    | USER#{mentorSub} | LOAD#{id}            |
| mentee's active   | PROGRAM#{id}       | ACTIVE#{menteeSub}  | USER#{menteeSub} | ACTIVE#{id}          |
| open requests     | PROGRAM#{id}       | OPENREQ#{menteeSub} | USER#{menteeSub} | OPENREQ#{id}         |
| request           | REQUEST#{reqId}    | REQUEST             | USER#{menteeSub} | REQUEST#{reqId}      |
| received request  | USER#{mentorSub}   | RECEIVED#{reqId}    |                 |                       |
| program hours     | PROGRAM#{id}       | HOURS#{yyyy-mm}     |                 |                       |
| survey window     | PROGRAM#{id}       | WINDOW#{surveyId}#{windowId} |        |                       |
| named response    | PROGRAM#{id}       | RESPONSE#{surveyId}#{windowId}#{sub} | USER#{sub} | RESPONSE#{id}#{surveyId}#{windowId} |
| anonymous response| PROGRAM#{id}       | RESPONSE#{surveyId}#{windowId}#anon-{random} |  |                       |
| answered mark     | PROGRAM#{id}       | ANSWERED#{surveyId}#{windowId}#{hmac} |   |                       |

Matching runs store their result gzip-compressed in 350 KB parts (a 2,000-person result
is one part). A published pair is one item in the mentee's partition, indexed to the
mentor, so either person's "delete my data" removes it. Pairs are written as a new
`version` ({runId}.{token}); one conditional transaction then flips `PUBLISHED` to it, so
readers, who follow the pointer, see the old set or the new one, never a mix. Run results
name people only by `sub` and hold no e-mails: the API joins them with current sign-ups.

Every item about a person carries their `sub` in a key, so "delete my data" can find them all.

Relationships hold their invariants in the writes themselves, never by reading first: a
mentor's `LOAD` item counts their active relationships and only goes up while below
their capacity; a mentee's `ACTIVE` marker exists once per program; an `OPENREQ` item
holds the set of mentors a mentee has open requests with (at most three, no mentor
twice). Starting, closing, accepting and ending a request are single transactions over
these items, so no race leaves a half-written pair. The relationship item carries the
roll-ups (minutes, meetings, goals, last meeting) updated in the same transactions.
A relationship is not keyed to its people (only memberships are): one partner's
"delete my data" never removes the other's record.
Anonymous survey answers are the exception by design: they carry no identity at all, and the
separate "answered" mark that prevents a second answer holds only an HMAC of the person's `sub`
(key from settings), which "delete my data" recomputes to remove it. Training records are indexed
under `TRAINING` so program metrics count completions in one query.
"""

from __future__ import annotations

import gzip
import json
import random
import secrets
import time
import uuid
from datetime import date, datetime
from typing import Any, Callable

from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from mentorkit.domain.errors import Conflict, NotFound
from mentorkit.domain.models import Program, Signup, TrainingCompletion
from mentorkit.domain.relationships import REMOVED, Goal, Meeting, MentorRequest, Relationship
from mentorkit.domain.roster import RosterImport
from mentorkit.domain.runs import MatchingRun, MatchRecord, Published
from mentorkit.domain.signups import Participant
from mentorkit.domain.surveys import SurveyResponse, SurveyWindow


def _program_key(program_id: str) -> dict[str, str]:
    return {"PK": f"PROGRAM#{program_id}", "SK": "PROGRAM"}


def _signup_key(program_id: str, sub: str) -> dict[str, str]:
    return {"PK": f"PROGRAM#{program_id}", "SK": f"SIGNUP#{sub}"}


def _user_pk(sub: str) -> str:
    return f"USER#{sub}"


def _item(model: Any) -> dict[str, Any]:
    """Store models in their JSON shape: dates as ISO text, camelCase names like the API."""
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def _program_item(program: Program) -> dict[str, Any]:
    return {
        **_program_key(program.program_id),
        "GSI1PK": "PROGRAMS",
        "GSI1SK": f"{program.created_at.isoformat()}#{program.program_id}",
        **_decimal_item(program),   # weights and minScore are floats, which boto3 refuses
    }


def _signup_item(signup: Signup) -> dict[str, Any]:
    return {
        **_signup_key(signup.program_id, signup.sub),
        "GSI1PK": _user_pk(signup.sub),
        "GSI1SK": f"SIGNUP#{signup.program_id}",
        **_item(signup),
    }


def _strip_keys(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in ("PK", "SK", "GSI1PK", "GSI1SK")}


class Store:
    """Reads and writes mentorkit's items; translates DynamoDB errors into domain errors."""

    def __init__(self, table: Any) -> None:
        self.table = table

    # Programs ---------------------------------------------------------------
    def create_program(self, program: Program) -> None:
        try:
            self.table.put_item(Item=_program_item(program), ConditionExpression="attribute_not_exists(PK)")
        except ClientError as error:
            raise _translate(error, Conflict(f"A program with id '{program.program_id}' already exists.")) from error

    def get_program(self, program_id: str) -> Program:
        item = self.table.get_item(Key=_program_key(program_id)).get("Item")
        if item is None:
            raise NotFound(f"No program with id '{program_id}'.", field="programId")
        return Program.model_validate(_strip_keys(item))

    def list_programs(self) -> list[Program]:
        items = self._query(IndexName="GSI1", KeyConditionExpression=Key("GSI1PK").eq("PROGRAMS"),
                            ScanIndexForward=False)
        return [Program.model_validate(_strip_keys(i)) for i in items]

    def replace_program(self, program: Program) -> None:
        """Write a changed program, only if it still exists."""
        try:
            self.table.put_item(Item=_program_item(program), ConditionExpression="attribute_exists(PK)")
        except ClientError as error:
            raise _translate(error, NotFound(f"No program with id '{program.program_id}'.", field="programId")) from error

    # Sign-ups ---------------------------------------------------------------
    def put_signup(self, signup: Signup) -> None:
        """One sign-up per person and program: a second PUT replaces the first."""
        self.table.put_item(Item=_signup_item(signup))

    def put_signups(self, signups: list[Signup], progress: Callable[[int], None] | None = None) -> int:
        """Write many sign-ups (a roster import), in order. Each write is a whole item, so a
        write cut short is finished by writing the same list again; nothing is ever deleted."""
        written = 0
        with self.table.batch_writer() as batch:
            for signup in signups:
                batch.put_item(Item=_signup_item(signup))
                written += 1
                if progress and written % 500 == 0:
                    progress(written)
        if progress:
            progress(written)
        return written

    def my_signups(self, sub: str) -> list[Signup]:
        items = self._query(IndexName="GSI1", KeyConditionExpression=Key("GSI1PK").eq(_user_pk(sub))
                            & Key("GSI1SK").begins_with("SIGNUP#"))
        return [Signup.model_validate(_strip_keys(i)) for i in items]

    def get_signup(self, program_id: str, sub: str) -> Signup | None:
        item = self.table.get_item(Key=_signup_key(program_id, sub)).get("Item")
        return Signup.model_validate(_strip_keys(item)) if item else None

    def move_signup(self, old_sub: str, signup: Signup) -> bool:
        """Re-key a sign-up (an imported person signing in for the first time) in one transaction,
        so it is never under both ids nor under none; False if someone else moved it first."""
        try:
            self.table.meta.client.transact_write_items(TransactItems=[
                {"Put": {"TableName": self.table.name, "Item": _signup_item(signup)}},
                {"Delete": {"TableName": self.table.name, "Key": _signup_key(signup.program_id, old_sub),
                            "ConditionExpression": "attribute_exists(PK)"}},
            ])
        except ClientError as error:
            if error.response["Error"]["Code"] == "TransactionCanceledException":
                return False
            raise
        return True

    def list_signups(self, program_id: str) -> list[Signup]:
        items = self._query(KeyConditionExpression=Key("PK").eq(f"PROGRAM#{program_id}")
                            & Key("SK").begins_with("SIGNUP#"))
        return [Signup.model_validate(_strip_keys(i)) for i in items]

    def participants(self, program_id: str) -> list[Participant]:
        """Who signed up, as the five fields metrics count by: a projection, so a 10,000-person
        program is read without parsing and validating every whole sign-up."""
        names = {"#sub": "sub", "#email": "email", "#role": "role", "#dept": "department", "#status": "status"}
        items = self._query(KeyConditionExpression=Key("PK").eq(f"PROGRAM#{program_id}")
                            & Key("SK").begins_with("SIGNUP#"), ProjectionExpression=", ".join(names),
                            ExpressionAttributeNames=names)
        return [Participant(sub=i["sub"], email=i["email"], role=i["role"], department=i.get("department", ""),
                            status=i.get("status", "active")) for i in items]

    # Training ---------------------------------------------------------------
    def put_training(self, sub: str, completion: TrainingCompletion) -> None:
        self.table.put_item(Item={"PK": _user_pk(sub), "SK": f"TRAINING#{completion.module_id}",
                                  "GSI1PK": "TRAINING", "GSI1SK": f"{completion.module_id}#{sub}",
                                  **_item(completion)})

    def list_training(self, sub: str) -> list[TrainingCompletion]:
        items = self._query(KeyConditionExpression=Key("PK").eq(_user_pk(sub))
                            & Key("SK").begins_with("TRAINING#"))
        return [TrainingCompletion.model_validate(_strip_keys(i)) for i in items]

    def training_completions(self) -> list[tuple[str, str]]:
        """(module id, sub) of every completion in the organisation: one indexed query for metrics."""
        items = self._query(IndexName="GSI1", KeyConditionExpression=Key("GSI1PK").eq("TRAINING"),
                            ProjectionExpression="GSI1SK")
        return [tuple(i["GSI1SK"].split("#", 1)) for i in items]  # type: ignore[misc]

    # Surveys ----------------------------------------------------------------
    def put_window(self, window: SurveyWindow, *, new: bool) -> None:
        """Open a window (`new`), or record that it closed (only if it still exists)."""
        item = {"PK": f"PROGRAM#{window.program_id}", "SK": f"WINDOW#{window.survey_id}#{window.window_id}",
                "doc": window.model_dump_json(by_alias=True, exclude_none=True)}
        condition = "attribute_not_exists(PK)" if new else "attribute_exists(PK)"
        try:
            self.table.put_item(Item=item, ConditionExpression=condition)
        except ClientError as error:
            raise _translate(error, Conflict("That survey window changed meanwhile.", field="windowId")) from error

    def list_windows(self, program_id: str, survey_id: str = "") -> list[SurveyWindow]:
        """A program's survey windows (of one survey, or all), oldest first."""
        prefix = f"WINDOW#{survey_id}#" if survey_id else "WINDOW#"
        items = self._query(KeyConditionExpression=Key("PK").eq(f"PROGRAM#{program_id}")
                            & Key("SK").begins_with(prefix), ConsistentRead=True)
        return sorted((SurveyWindow.model_validate_json(i["doc"]) for i in items), key=lambda w: w.opened_at)

    def put_named_response(self, response: SurveyResponse, *, replace: bool) -> None:
        """One response per person and window: replaced if the survey allows it, else refused (409)."""
        assert response.sub, "a named response needs its sub"
        pk = f"PROGRAM#{response.program_id}"
        item = {"PK": pk, "SK": f"RESPONSE#{response.survey_id}#{response.window_id}#{response.sub}",
                "GSI1PK": _user_pk(response.sub),
                "GSI1SK": f"RESPONSE#{response.program_id}#{response.survey_id}#{response.window_id}",
                "doc": response.model_dump_json(by_alias=True, exclude_none=True)}
        extra = {} if replace else {"ConditionExpression": "attribute_not_exists(PK)"}
        try:
            self.table.put_item(Item=item, **extra)
        except ClientError as error:
            raise _translate(error, Conflict("You have already answered this survey.", field="surveyId")) from error

    def get_named_response(self, program_id: str, survey_id: str, window_id: str, sub: str) -> SurveyResponse | None:
        item = self.table.get_item(Key={"PK": f"PROGRAM#{program_id}",
                                        "SK": f"RESPONSE#{survey_id}#{window_id}#{sub}"}).get("Item")
        return SurveyResponse.model_validate_json(item["doc"]) if item else None

    def put_anonymous_response(self, response: SurveyResponse, mark: str) -> None:
        """The answers under a random id and the person's answered mark, in one transaction that
        fails if the mark exists: a second answer is refused and nothing is written."""
        assert response.sub is None, "anonymous responses hold no identity"
        pk = f"PROGRAM#{response.program_id}"
        window = f"{response.survey_id}#{response.window_id}"
        name = self.table.name
        try:
            self.table.meta.client.transact_write_items(TransactItems=[
                {"Put": {"TableName": name, "Item": {"PK": pk, "SK": f"ANSWERED#{window}#{mark}"},
                         "ConditionExpression": "attribute_not_exists(PK)"}},
                {"Put": {"TableName": name, "Item": {
                    "PK": pk, "SK": f"RESPONSE#{window}#anon-{secrets.token_hex(8)}",
                    "doc": response.model_dump_json(by_alias=True, exclude_none=True)}}},
            ])
        except ClientError as error:
            if error.response["Error"]["Code"] == "TransactionCanceledException":
                raise Conflict("You have already answered this survey.", field="surveyId") from error
            raise

    def list_responses(self, program_id: str, survey_id: str = "", window_id: str = "") -> list[SurveyResponse]:
        """A program's responses: all, one survey's, or one window's."""
        prefix = "RESPONSE#" + (f"{survey_id}#" if survey_id else "") + (f"{window_id}#" if window_id else "")
        items = self._query(KeyConditionExpression=Key("PK").eq(f"PROGRAM#{program_id}")
                            & Key("SK").begins_with(prefix), ProjectionExpression="doc")
        return [SurveyResponse.model_validate_json(i["doc"]) for i in items]

    def answered(self, program_id: str, survey_id: str, window_id: str, *, anonymous: bool) -> set[str]:
        """Who answered a window: subs of a named survey, answered marks (HMACs) of an anonymous one."""
        kind = "ANSWERED" if anonymous else "RESPONSE"
        prefix = f"{kind}#{survey_id}#{window_id}#"
        items = self._query(KeyConditionExpression=Key("PK").eq(f"PROGRAM#{program_id}")
                            & Key("SK").begins_with(prefix), ProjectionExpression="SK")
        return {i["SK"].removeprefix(prefix) for i in items}

    def delete_answered_marks(self, program_id: str, marks: list[tuple[str, str, str]]) -> None:
        """Remove answered marks, each given as (survey id, window id, mark)."""
        with self.table.batch_writer() as batch:
            for survey_id, window_id, mark in marks:
                batch.delete_item(Key={"PK": f"PROGRAM#{program_id}", "SK": f"ANSWERED#{survey_id}#{window_id}#{mark}"})

    # People -----------------------------------------------------------------
    def items_about(self, *subs: str) -> list[dict[str, str]]:
        """Keys of every item about one person: their own partition and everything indexed to
        them, under each id they have (their sign-in `sub`, and `roster:<email>` if imported)."""
        keys = []
        for sub in subs:
            own = self._query(KeyConditionExpression=Key("PK").eq(_user_pk(sub)))
            linked = self._query(IndexName="GSI1", KeyConditionExpression=Key("GSI1PK").eq(_user_pk(sub)))
            keys += [{"PK": i["PK"], "SK": i["SK"]} for i in [*own, *linked]]
        return keys

    def delete_person(self, *subs: str) -> int:
        """Delete every item about a person; returns how many were removed."""
        keys = self.items_about(*subs)
        with self.table.batch_writer() as batch:
            for key in keys:
                batch.delete_item(Key=key)
        return len(keys)

    # Matching runs and published matches -------------------------------------
    # Jobs (matching runs, roster imports) are items holding the job as JSON text (`doc`) next
    # to a plain `status`, which every change is conditioned on, so a late worker cannot undo a
    # newer state.
    def _put_job(self, program_id: str, sk: str, job: Any, expect: tuple[str, ...] | None,
                 conflict: Conflict) -> None:
        item = {"PK": f"PROGRAM#{program_id}", "SK": sk, "status": job.status,
                "doc": job.model_dump_json(by_alias=True, exclude_none=True)}
        condition = Attr("PK").not_exists() if expect is None else Attr("status").is_in(list(expect))
        try:
            self.table.put_item(Item=item, ConditionExpression=condition)
        except ClientError as error:
            raise _translate(error, conflict) from error

    def _get_job(self, program_id: str, sk: str, missing: NotFound) -> str:
        item = self.table.get_item(Key={"PK": f"PROGRAM#{program_id}", "SK": sk}, ConsistentRead=True).get("Item")
        if item is None:
            raise missing
        return item["doc"]

    def put_run(self, run: MatchingRun, *, expect: tuple[str, ...] | None) -> None:
        """Create a run (`expect=None`) or move it on from one of the `expect`ed states."""
        self._put_job(run.program_id, f"RUN#{run.run_id}", run, expect,
                      Conflict(f"The run '{run.run_id}' has moved on meanwhile.", field="runId"))

    def get_run(self, program_id: str, run_id: str) -> MatchingRun:
        return MatchingRun.model_validate_json(self._get_job(
            program_id, f"RUN#{run_id}", NotFound(f"No matching run '{run_id}' in this program.", field="runId")))

    def list_runs(self, program_id: str) -> list[MatchingRun]:
        """A program's runs, newest first (run ids start with their time)."""
        items = self._query(KeyConditionExpression=Key("PK").eq(f"PROGRAM#{program_id}")
                            & Key("SK").begins_with("RUN#"), ScanIndexForward=False)
        return [MatchingRun.model_validate_json(i["doc"]) for i in items]

    def put_run_result(self, program_id: str, run_id: str, result: dict[str, Any]) -> tuple[int, int]:
        """Store a result gzip-compressed in parts under DynamoDB's 400 KB item limit; (parts, bytes)."""
        return self._put_blob(program_id, f"RUNPART#{run_id}#", json.dumps(result, separators=(",", ":")).encode())

    def get_run_result(self, program_id: str, run_id: str, parts: int) -> dict[str, Any]:
        blob = self._get_blob(program_id, f"RUNPART#{run_id}#", parts)
        if blob is None:
            raise NotFound(f"The result of run '{run_id}' is incomplete; run matching again.", field="runId")
        return json.loads(blob)

    # Roster imports -------------------------------------------------------------
    def put_import(self, job: RosterImport, *, expect: tuple[str, ...] | None) -> None:
        """Create an import job (`expect=None`) or move it on from one of the `expect`ed states."""
        self._put_job(job.program_id, f"IMPORT#{job.import_id}", job, expect,
                      Conflict(f"The import '{job.import_id}' has moved on meanwhile.", field="importId"))

    def get_import(self, program_id: str, import_id: str) -> RosterImport:
        return RosterImport.model_validate_json(self._get_job(
            program_id, f"IMPORT#{import_id}", NotFound(f"No roster import '{import_id}' in this program.",
                                                        field="importId")))

    def put_import_csv(self, program_id: str, import_id: str, text: str) -> int:
        """Keep an import's CSV until its job has run (it holds personal data: `delete_import_csv`)."""
        return self._put_blob(program_id, f"IMPORTPART#{import_id}#", text.encode())[0]

    def get_import_csv(self, program_id: str, import_id: str, parts: int) -> str | None:
        blob = self._get_blob(program_id, f"IMPORTPART#{import_id}#", parts)
        return None if blob is None else blob.decode()

    def delete_import_csv(self, program_id: str, import_id: str) -> None:
        self._delete_prefix(program_id, f"IMPORTPART#{import_id}#")

    # Blobs: gzip in parts under DynamoDB's 400 KB item limit --------------------------
    def _put_blob(self, program_id: str, prefix: str, data: bytes) -> tuple[int, int]:
        blob = gzip.compress(data, compresslevel=6)
        chunks = [blob[i:i + RESULT_PART_BYTES] for i in range(0, len(blob), RESULT_PART_BYTES)] or [b""]
        stale = self._query(KeyConditionExpression=Key("PK").eq(f"PROGRAM#{program_id}")
                            & Key("SK").begins_with(prefix), ProjectionExpression="PK, SK")
        with self.table.batch_writer() as batch:
            for n, chunk in enumerate(chunks):
                batch.put_item(Item={"PK": f"PROGRAM#{program_id}", "SK": f"{prefix}{n:04d}", "data": chunk})
            for item in stale[len(chunks):]:   # a rewritten, smaller blob leaves no parts behind
                batch.delete_item(Key={"PK": item["PK"], "SK": item["SK"]})
        return len(chunks), len(blob)

    def _get_blob(self, program_id: str, prefix: str, parts: int) -> bytes | None:
        items = self._query(KeyConditionExpression=Key("PK").eq(f"PROGRAM#{program_id}")
                            & Key("SK").begins_with(prefix), ConsistentRead=True)
        if len(items) != parts:
            return None
        return gzip.decompress(b"".join(bytes(i["data"]) for i in sorted(items, key=lambda i: i["SK"])))

    def _delete_prefix(self, program_id: str, prefix: str) -> None:
        stale = self._query(KeyConditionExpression=Key("PK").eq(f"PROGRAM#{program_id}")
                            & Key("SK").begins_with(prefix), ProjectionExpression="PK, SK")
        with self.table.batch_writer() as batch:
            for item in stale:
                batch.delete_item(Key={"PK": item["PK"], "SK": item["SK"]})

    def write_match_set(self, program_id: str, version: str, run_id: str, records: list[MatchRecord],
                        now: datetime) -> None:
        """Write a version of a program's pairs; nobody sees it until the pointer names it."""
        self.table.put_item(Item={"PK": f"PROGRAM#{program_id}", "SK": f"MATCHSET#{version}", "runId": run_id,
                                  "version": version, "state": "writing", "updatedAt": now.isoformat()})
        with self.table.batch_writer() as batch:
            for record in records:
                batch.put_item(Item={**_match_key(program_id, version, record.mentee_sub, record.mentor_sub),
                                     "GSI1PK": _user_pk(record.mentor_sub),
                                     "GSI1SK": f"MATCH#{program_id}#{version}#{record.mentee_sub}",
                                     "version": version, **_decimal_item(record)})

    def publish_match_set(self, published: Published, version: str, expected: tuple[str, str] | None) -> None:
        """Flip the program's pointer to `version` in one transaction, only if it still names the
        `expected` (run id, version); the old version's marker is retired in the same transaction."""
        pk = f"PROGRAM#{published.program_id}"
        pointer = {"PK": pk, "SK": "PUBLISHED", "version": version, "doc": published.model_dump_json(by_alias=True)}
        put: dict[str, Any] = {"TableName": self.table.name, "Item": pointer}
        if expected is None:
            put["ConditionExpression"] = "attribute_not_exists(PK)"
        else:
            put["ConditionExpression"] = "#version = :expected"
            put["ExpressionAttributeNames"] = {"#version": "version"}
            put["ExpressionAttributeValues"] = {":expected": expected[1]}
        now = published.published_at.isoformat()
        actions: list[dict[str, Any]] = [{"Put": put}, _set_state(self.table.name, pk, version, "live", now)]
        if expected is not None:
            actions.append(_set_state(self.table.name, pk, expected[1], "retired", now, expected[0]))
        try:
            # The resource's own client: it takes plain Python values, like the Table does.
            self.table.meta.client.transact_write_items(TransactItems=actions)
        except ClientError as error:
            if error.response["Error"]["Code"] == "TransactionCanceledException":
                raise Conflict("Another publish of this program finished first.", field="runId") from error
            raise

    def get_published(self, program_id: str) -> tuple[Published, str] | None:
        """The program's published run and the version of its pairs, if any."""
        item = self.table.get_item(Key={"PK": f"PROGRAM#{program_id}", "SK": "PUBLISHED"},
                                   ConsistentRead=True).get("Item")
        return (Published.model_validate_json(item["doc"]), item["version"]) if item else None

    def list_match_sets(self, program_id: str) -> list[dict[str, Any]]:
        """Markers of every version of the program's pairs still in the table."""
        items = self._query(KeyConditionExpression=Key("PK").eq(f"PROGRAM#{program_id}")
                            & Key("SK").begins_with("MATCHSET#"), ConsistentRead=True)
        return [_strip_keys(i) for i in items]

    def delete_match_set(self, program_id: str, version: str, pairs: list[tuple[str, str]]) -> None:
        """Remove one version's pairs, then its marker (so a crash midway is retried later)."""
        with self.table.batch_writer(overwrite_by_pkeys=["PK", "SK"]) as batch:
            for mentee_sub, mentor_sub in pairs:
                batch.delete_item(Key=_match_key(program_id, version, mentee_sub, mentor_sub))
        self.table.delete_item(Key={"PK": f"PROGRAM#{program_id}", "SK": f"MATCHSET#{version}"})

    def published_matches_of(self, *ids: str) -> list[MatchRecord]:
        """A person's pairs in the published version of each program, as mentee and as mentor,
        under any of their ids (sign-in and roster alias)."""
        items: list[dict[str, Any]] = []
        for sub in ids:
            items += self._query(KeyConditionExpression=Key("PK").eq(_user_pk(sub)) & Key("SK").begins_with("MATCH#"))
            items += self._query(IndexName="GSI1", KeyConditionExpression=Key("GSI1PK").eq(_user_pk(sub))
                                 & Key("GSI1SK").begins_with("MATCH#"))
        current = {}
        for program_id in sorted({i["programId"] for i in items}):
            published = self.get_published(program_id)
            if published:
                current[program_id] = published[1]
        seen: set[tuple[str, str]] = set()
        records = []
        for item in items:
            key = (item["PK"], item["SK"])
            if current.get(item["programId"]) != item["version"] or key in seen:
                continue
            seen.add(key)
            records.append(MatchRecord.model_validate(_strip_keys({k: v for k, v in item.items() if k != "version"})))
        return records

    # Relationships ----------------------------------------------------------
    def start_relationship(self, rel: Relationship, mentor_capacity: int,
                           request: MentorRequest | None = None) -> None:
        """Write a new active pair in one transaction that holds every invariant: the mentor's
        load stays within `mentor_capacity`, the mentee has no other active pair in the
        program, and (for a self-match) the request is still open and leaves the open set."""
        pid = rel.program_id
        at = rel.started_at.isoformat()
        actions: list[dict[str, Any]] = [
            {"Update": {"TableName": self.table.name, "Key": _load_key(pid, rel.mentor_sub),
                        "UpdateExpression": "SET #cap = :cap, GSI1PK = :user, GSI1SK = :gsk ADD #active :one",
                        "ConditionExpression": "attribute_not_exists(#active) OR #active < :cap",
                        "ExpressionAttributeNames": {"#cap": "capacity", "#active": "active"},
                        "ExpressionAttributeValues": {":cap": mentor_capacity, ":one": 1,
                                                      ":user": _user_pk(rel.mentor_sub), ":gsk": f"LOAD#{pid}"}}},
            {"Put": {"TableName": self.table.name, "ConditionExpression": "attribute_not_exists(PK)",
                     "Item": {**_active_key(pid, rel.mentee_sub), "GSI1PK": _user_pk(rel.mentee_sub),
                              "GSI1SK": f"ACTIVE#{pid}", "relationshipId": rel.relationship_id}}},
            {"Put": {"TableName": self.table.name, "Item": _relationship_item(rel),
                     "ConditionExpression": "attribute_not_exists(PK)"}},
            *[{"Put": {"TableName": self.table.name, "Item": {"PK": _user_pk(sub), "SK": f"REL#{rel.relationship_id}",
                                                               "programId": pid, "startedAt": at}}}
              for sub in (rel.mentee_sub, rel.mentor_sub)],
        ]
        if request is not None:
            actions += self._end_request_actions(request, "accepted", None, rel.started_at, rel.relationship_id)
        reasons = {
            0: Conflict("This mentor already has as many mentees as they offered to take.", field="mentorId",
                        extra={"reasonCode": "mentor_full"}),
            1: Conflict("The mentee already has an active mentoring relationship in this program.",
                        field="menteeId", extra={"reasonCode": "mentee_taken"}),
            5: Conflict("This request is no longer open.", field="requestId", extra={"reasonCode": "request_closed"}),
        }
        self._transact(actions, reasons, Conflict("The relationship could not be started: try again."))

    def close_relationship(self, rel: Relationship) -> None:
        """Record `rel`'s closing (status, who, why) and free the mentor's place at once, in one
        transaction that only succeeds while the pair is still active."""
        pid = rel.program_id
        actions: list[dict[str, Any]] = [
            {"Update": {"TableName": self.table.name, "Key": _relationship_key(rel.relationship_id),
                        "UpdateExpression": "SET #status = :status, closedAt = :at, closedBy = :by, closeReason = :why",
                        "ConditionExpression": "#status = :active",
                        "ExpressionAttributeNames": {"#status": "status"},
                        "ExpressionAttributeValues": {":status": rel.status, ":active": "active",
                                                      ":at": rel.closed_at.isoformat() if rel.closed_at else None,
                                                      ":by": rel.closed_by, ":why": rel.close_reason}}},
            {"Update": {"TableName": self.table.name, "Key": _load_key(pid, rel.mentor_sub),
                        "UpdateExpression": "ADD #active :minus", "ConditionExpression": "#active > :zero",
                        "ExpressionAttributeNames": {"#active": "active"},
                        "ExpressionAttributeValues": {":minus": -1, ":zero": 0}}},
            {"Delete": {"TableName": self.table.name, "Key": _active_key(pid, rel.mentee_sub),
                        "ConditionExpression": "relationshipId = :rel",
                        "ExpressionAttributeValues": {":rel": rel.relationship_id}}},
        ]
        self._transact(actions, {0: Conflict("This relationship is already closed.", field="relationshipId")},
                       Conflict("The relationship could not be closed: try again."))

    def get_relationship(self, relationship_id: str) -> Relationship:
        item = self.table.get_item(Key=_relationship_key(relationship_id), ConsistentRead=True).get("Item")
        if item is None:
            raise NotFound("No such relationship.", field="relationshipId")
        return Relationship.model_validate(_strip_keys(item))

    def relationship_parts(self, relationship_id: str) -> tuple[list[Goal], list[Meeting], dict[str, dict[str, str]]]:
        """A pair's goals, meetings (oldest first) and private notes ({meetingId: {sub: note}})."""
        items = self._query(KeyConditionExpression=Key("PK").eq(f"REL#{relationship_id}"), ConsistentRead=True)
        goals = [Goal.model_validate(_strip_keys(i)) for i in items if i["SK"].startswith("GOAL#")]
        meetings = [Meeting.model_validate(_strip_keys(i)) for i in items if i["SK"].startswith("MEETING#")]
        notes: dict[str, dict[str, str]] = {}
        for item in items:
            if item["SK"].startswith("NOTE#"):
                notes.setdefault(item["meetingId"], {})[item["sub"]] = item["note"]
        return goals, meetings, notes

    def relationships_of(self, *ids: str) -> list[Relationship]:
        """Every relationship a person is (or was) in, under any of their ids."""
        rel_ids = {i["SK"].removeprefix("REL#") for sub in ids
                   for i in self._query(KeyConditionExpression=Key("PK").eq(_user_pk(sub)) & Key("SK").begins_with("REL#"))}
        items = self._get_many([_relationship_key(r) for r in sorted(rel_ids)])
        return [Relationship.model_validate(_strip_keys(i)) for i in items]

    def program_relationships(self, program_id: str) -> list[Relationship]:
        """A program's relationships, oldest first (through the index: may lag a write by a moment)."""
        items = self._query(IndexName="GSI1", KeyConditionExpression=Key("GSI1PK").eq(f"PROGRAM#{program_id}#RELS"))
        return [Relationship.model_validate(_strip_keys(i)) for i in items]

    def active_relationship_of(self, program_id: str, mentee_sub: str) -> str | None:
        """The id of the mentee's active relationship in the program, if any."""
        item = self.table.get_item(Key=_active_key(program_id, mentee_sub), ConsistentRead=True).get("Item")
        return item["relationshipId"] if item else None

    def mentor_load(self, program_id: str, mentor_sub: str) -> int:
        item = self.table.get_item(Key=_load_key(program_id, mentor_sub), ConsistentRead=True).get("Item")
        return int(item.get("active", 0)) if item else 0

    def add_goal(self, relationship_id: str, goal: Goal, most: int) -> None:
        """Add a goal while the pair is active and has fewer than `most`."""
        actions = [
            {"Update": {"TableName": self.table.name, "Key": _relationship_key(relationship_id),
                        "UpdateExpression": "ADD #goals :one",
                        "ConditionExpression": "#status = :active AND (attribute_not_exists(#goals) OR #goals < :most)",
                        "ExpressionAttributeNames": {"#status": "status", "#goals": "goals"},
                        "ExpressionAttributeValues": {":one": 1, ":active": "active", ":most": most}}},
            {"Put": {"TableName": self.table.name, "ConditionExpression": "attribute_not_exists(PK)",
                     "Item": {"PK": f"REL#{relationship_id}", "SK": f"GOAL#{goal.goal_id}", **_item(goal)}}},
        ]
        self._transact(actions, {0: Conflict(f"A relationship has at most {most} goals, and only while it is "
                                             "active: change or drop one instead.", field="goals")},
                       Conflict("The goal could not be added: try again."))

    def replace_goal(self, relationship_id: str, goal: Goal) -> None:
        try:
            self.table.put_item(Item={"PK": f"REL#{relationship_id}", "SK": f"GOAL#{goal.goal_id}", **_item(goal)},
                                ConditionExpression="attribute_exists(PK)")
        except ClientError as error:
            raise _translate(error, NotFound("No such goal.", field="goalId")) from error

    def get_goal(self, relationship_id: str, goal_id: str) -> Goal:
        item = self.table.get_item(Key={"PK": f"REL#{relationship_id}", "SK": f"GOAL#{goal_id}"},
                                   ConsistentRead=True).get("Item")
        if item is None:
            raise NotFound("No such goal.", field="goalId")
        return Goal.model_validate(_strip_keys(item))

    def log_meeting(self, rel: Relationship, meeting: Meeting, note_by: str | None,
                    next_at: datetime | None) -> None:
        """Record a meeting and roll its minutes up into the pair and the program's month, at once."""
        rid, pid = rel.relationship_id, rel.program_id
        update = "ADD minutesLogged :minutes, #meetings :one"
        values: dict[str, Any] = {":minutes": meeting.minutes, ":one": 1, ":active": "active"}
        if next_at is not None:
            update += " SET nextMeetingAt = :next"
            values[":next"] = next_at.isoformat()
        meeting_item = {"PK": f"REL#{rid}", "SK": f"MEETING#{meeting.held_on.isoformat()}#{meeting.meeting_id}",
                        **_item(meeting.model_copy(update={"note": None}))}
        actions: list[dict[str, Any]] = [
            {"Update": {"TableName": self.table.name, "Key": _relationship_key(rid), "UpdateExpression": update,
                        "ConditionExpression": "#status = :active",
                        "ExpressionAttributeNames": {"#status": "status", "#meetings": "meetings"},
                        "ExpressionAttributeValues": values}},
            {"Put": {"TableName": self.table.name, "Item": meeting_item,
                     "ConditionExpression": "attribute_not_exists(PK)"}},
            {"Update": {"TableName": self.table.name,
                        "Key": {"PK": f"PROGRAM#{pid}", "SK": f"HOURS#{meeting.held_on.strftime('%Y-%m')}"},
                        "UpdateExpression": "ADD #minutes :minutes, #meetings :one",
                        "ExpressionAttributeNames": {"#minutes": "minutes", "#meetings": "meetings"},
                        "ExpressionAttributeValues": {":minutes": meeting.minutes, ":one": 1}}},
        ]
        if note_by is not None and meeting.note:
            actions.append({"Put": {"TableName": self.table.name, "Item": {
                "PK": f"REL#{rid}", "SK": f"NOTE#{meeting.meeting_id}#{note_by}", "GSI1PK": _user_pk(note_by),
                "GSI1SK": f"NOTE#{rid}#{meeting.meeting_id}", "meetingId": meeting.meeting_id, "sub": note_by,
                "note": meeting.note}}})
        self._transact(actions, {0: Conflict("Meetings are logged only while the relationship is active.",
                                             field="relationshipId")},
                       Conflict("The meeting could not be logged: try again."))
        try:   # the latest day wins; an older meeting logged late leaves it alone
            self.table.update_item(Key=_relationship_key(rid), UpdateExpression="SET lastMeetingOn = :day",
                                   ConditionExpression="attribute_not_exists(lastMeetingOn) OR lastMeetingOn < :day",
                                   ExpressionAttributeValues={":day": meeting.held_on.isoformat()})
        except ClientError as error:
            if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise

    def mark_told(self, relationship_id: str, field: str, day: date, since: date) -> bool:
        """Record that a pair was nudged (`quietNudgedOn`) or reported (`stalledReportedOn`) on `day`,
        unless that already happened since `since`: False then, so two job runs never both send."""
        try:
            self.table.update_item(Key=_relationship_key(relationship_id), UpdateExpression="SET #f = :day",
                                   ConditionExpression="attribute_exists(PK) AND (attribute_not_exists(#f) OR #f < :since)",
                                   ExpressionAttributeNames={"#f": field},
                                   ExpressionAttributeValues={":day": day.isoformat(), ":since": since.isoformat()})
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def program_hours(self, program_id: str) -> dict[str, int]:
        """Minutes met per month across the program's pairs: {'2027-03': 540}."""
        items = self._query(KeyConditionExpression=Key("PK").eq(f"PROGRAM#{program_id}")
                            & Key("SK").begins_with("HOURS#"))
        return {i["SK"].removeprefix("HOURS#"): int(i["minutes"]) for i in items}

    def remove_participant(self, relationship_id: str, side: str) -> None:
        """Cut one person out of a pair's record (their id and address, and the match reasons, which
        quote both people's sign-ups), keeping the partner's."""
        self.table.update_item(Key=_relationship_key(relationship_id),
                               UpdateExpression=f"SET {side}Sub = :removed, {side}Email = :removed, reasons = :none",
                               ConditionExpression="attribute_exists(PK)",
                               ExpressionAttributeValues={":removed": REMOVED, ":none": []})

    # Requests ---------------------------------------------------------------
    def open_request(self, request: MentorRequest, most: int) -> None:
        """Write an open request while the mentee has fewer than `most` open and none to this mentor."""
        pid, mentee = request.program_id, request.mentee_sub
        actions: list[dict[str, Any]] = [
            {"Update": {"TableName": self.table.name, "Key": _open_requests_key(pid, mentee),
                        "UpdateExpression": "SET GSI1PK = :user, GSI1SK = :gsk ADD #mentors :mentor",
                        "ConditionExpression": "attribute_not_exists(#mentors) OR "
                                               "(size(#mentors) < :most AND NOT contains(#mentors, :one))",
                        "ExpressionAttributeNames": {"#mentors": "mentors"},
                        "ExpressionAttributeValues": {":mentor": {request.mentor_sub}, ":one": request.mentor_sub,
                                                      ":most": most, ":user": _user_pk(mentee),
                                                      ":gsk": f"OPENREQ#{pid}"}}},
            {"Put": {"TableName": self.table.name, "Item": _request_item(request),
                     "ConditionExpression": "attribute_not_exists(PK)"}},
            {"Put": {"TableName": self.table.name, "Item": {"PK": _user_pk(request.mentor_sub),
                                                             "SK": f"RECEIVED#{request.request_id}"}}},
        ]
        self._transact(actions, {0: Conflict(f"You can have at most {most} open requests, and one per mentor: "
                                             "wait for an answer or withdraw one.", field="mentorId")},
                       Conflict("The request could not be sent: try again."))

    def end_request(self, request: MentorRequest, status: str, reason: str | None, at: datetime) -> None:
        """Move an open request to declined, expired or withdrawn, and out of the mentee's open set."""
        self._transact(self._end_request_actions(request, status, reason, at, None),
                       {0: Conflict("This request is no longer open.", field="requestId",
                                    extra={"reasonCode": "request_closed"})},
                       Conflict("The request could not be changed: try again."))

    def _end_request_actions(self, request: MentorRequest, status: str, reason: str | None, at: datetime,
                             relationship_id: str | None) -> list[dict[str, Any]]:
        values: dict[str, Any] = {":status": status, ":open": "open", ":at": at.isoformat(), ":why": reason,
                                  ":rel": relationship_id}
        return [
            {"Update": {"TableName": self.table.name, "Key": _request_key(request.request_id),
                        "UpdateExpression": "SET #status = :status, answeredAt = :at, #reason = :why, "
                                            "relationshipId = :rel",
                        "ConditionExpression": "#status = :open",
                        "ExpressionAttributeNames": {"#status": "status", "#reason": "reason"},
                        "ExpressionAttributeValues": values}},
            {"Update": {"TableName": self.table.name, "Key": _open_requests_key(request.program_id, request.mentee_sub),
                        "UpdateExpression": "DELETE #mentors :mentor", "ExpressionAttributeNames": {"#mentors": "mentors"},
                        "ExpressionAttributeValues": {":mentor": {request.mentor_sub}}}},
        ]

    def get_request(self, request_id: str) -> MentorRequest:
        item = self.table.get_item(Key=_request_key(request_id), ConsistentRead=True).get("Item")
        if item is None:
            raise NotFound("No such request.", field="requestId")
        return _request(item)

    def requests_sent(self, *ids: str) -> list[MentorRequest]:
        items = [i for sub in ids for i in self._query(
            IndexName="GSI1", KeyConditionExpression=Key("GSI1PK").eq(_user_pk(sub)) & Key("GSI1SK").begins_with("REQUEST#"))]
        return [_request(i) for i in items]

    def requests_received(self, *ids: str) -> list[MentorRequest]:
        keys = [_request_key(i["SK"].removeprefix("RECEIVED#")) for sub in ids for i in self._query(
            KeyConditionExpression=Key("PK").eq(_user_pk(sub)) & Key("SK").begins_with("RECEIVED#"))]
        return [_request(i) for i in self._get_many(keys)]

    def mentees_with_open_requests(self, program_id: str) -> list[str]:
        """Who has open requests in a program (the expiry job starts here)."""
        items = self._query(KeyConditionExpression=Key("PK").eq(f"PROGRAM#{program_id}")
                            & Key("SK").begins_with("OPENREQ#"), ProjectionExpression="SK, mentors")
        return [i["SK"].removeprefix("OPENREQ#") for i in items if i.get("mentors")]

    def forget_request_mentor(self, request_id: str) -> None:
        """A mentor deleted their data: the mentee's record of the request keeps no trace of them."""
        self.table.update_item(Key=_request_key(request_id), ConditionExpression="attribute_exists(PK)",
                               UpdateExpression="SET mentorSub = :removed, mentorEmail = :removed",
                               ExpressionAttributeValues={":removed": REMOVED})

    def _transact(self, actions: list[dict[str, Any]], reasons: dict[int, Exception], otherwise: Exception) -> None:
        """Run one transaction; a cancelled one raises the error of the first step whose condition failed.

        A transaction that only collided with another in flight (or met a transient server error) is
        tried again with a little random wait; one client token makes every try the same transaction,
        so a try that did succeed unseen is not applied twice. After the last try: `otherwise` (409)."""
        token = uuid.uuid4().hex
        for attempt in range(TRANSACT_ATTEMPTS):
            try:
                self.table.meta.client.transact_write_items(TransactItems=actions, ClientRequestToken=token)
                return
            except ClientError as error:
                code = error.response["Error"]["Code"]
                if code == "TransactionCanceledException":
                    codes = [r.get("Code") for r in error.response.get("CancellationReasons", [])]
                    failed = [n for n, c in enumerate(codes) if c == "ConditionalCheckFailed"]
                    if failed:
                        raise reasons.get(failed[0], otherwise) from error
                    if "TransactionConflict" not in codes:
                        raise otherwise from error
                elif code not in TRANSIENT:
                    raise
                if attempt == TRANSACT_ATTEMPTS - 1:
                    raise otherwise from error
            time.sleep(random.uniform(0, 0.05 * 2 ** attempt))

    def _get_many(self, keys: list[dict[str, str]]) -> list[dict[str, Any]]:
        """BatchGetItem in pages of 100, retrying what DynamoDB leaves unprocessed."""
        items: list[dict[str, Any]] = []
        resource = self.table.meta.client
        for start in range(0, len(keys), 100):
            pending: dict[str, Any] = {self.table.name: {"Keys": keys[start:start + 100], "ConsistentRead": True}}
            while pending:
                page = resource.batch_get_item(RequestItems=pending)
                items += page["Responses"].get(self.table.name, [])
                pending = page.get("UnprocessedKeys") or {}
        return items

    # ------------------------------------------------------------------------
    def _query(self, **kwargs: Any) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        while True:
            page = self.table.query(**kwargs)
            items.extend(page.get("Items", []))
            if "LastEvaluatedKey" not in page:
                return items
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


RESULT_PART_BYTES = 350_000   # DynamoDB items are at most 400 KB, keys and names included
TRANSACT_ATTEMPTS = 6
# Worth another try: a collision with a transaction in flight, or the server being briefly unwell.
TRANSIENT = {"TransactionConflictException", "TransactionInProgressException", "InternalServerError",
             "ThrottlingException", "ProvisionedThroughputExceededException"}


def _match_key(program_id: str, version: str, mentee_sub: str, mentor_sub: str) -> dict[str, str]:
    return {"PK": _user_pk(mentee_sub), "SK": f"MATCH#{program_id}#{version}#{mentor_sub}"}


def _decimal_item(model: Any) -> dict[str, Any]:
    """A model's JSON shape with numbers as Decimal, which is what boto3 stores."""
    from decimal import Decimal

    return json.loads(model.model_dump_json(by_alias=True, exclude_none=True), parse_float=Decimal)


def _relationship_key(relationship_id: str) -> dict[str, str]:
    return {"PK": f"REL#{relationship_id}", "SK": "REL"}


def _relationship_item(rel: Relationship) -> dict[str, Any]:
    return {**_relationship_key(rel.relationship_id), "GSI1PK": f"PROGRAM#{rel.program_id}#RELS",
            "GSI1SK": f"{rel.started_at.isoformat()}#{rel.relationship_id}", **_decimal_item(rel)}


def _load_key(program_id: str, mentor_sub: str) -> dict[str, str]:
    return {"PK": f"PROGRAM#{program_id}", "SK": f"LOAD#{mentor_sub}"}


def _active_key(program_id: str, mentee_sub: str) -> dict[str, str]:
    return {"PK": f"PROGRAM#{program_id}", "SK": f"ACTIVE#{mentee_sub}"}


def _open_requests_key(program_id: str, mentee_sub: str) -> dict[str, str]:
    return {"PK": f"PROGRAM#{program_id}", "SK": f"OPENREQ#{mentee_sub}"}


def _request_key(request_id: str) -> dict[str, str]:
    return {"PK": f"REQUEST#{request_id}", "SK": "REQUEST"}


def _request_item(request: MentorRequest) -> dict[str, Any]:
    return {**_request_key(request.request_id), "GSI1PK": _user_pk(request.mentee_sub),
            "GSI1SK": f"REQUEST#{request.request_id}", **_item(request)}


def _request(item: dict[str, Any]) -> MentorRequest:
    return MentorRequest.model_validate({k: v for k, v in _strip_keys(item).items() if v is not None})


def _set_state(table: str, pk: str, version: str, state: str, now: str, run_id: str | None = None) -> dict[str, Any]:
    """A transaction step that moves a match set's marker to `state` (recreating a lost one)."""
    values = {":state": state, ":now": now, ":version": version}
    expression = "SET #state = :state, updatedAt = :now, #version = :version"
    if run_id is not None:
        values[":run"] = run_id
        expression += ", runId = :run"
    return {"Update": {"TableName": table, "Key": {"PK": pk, "SK": f"MATCHSET#{version}"},
                       "UpdateExpression": expression,
                       "ExpressionAttributeNames": {"#state": "state", "#version": "version"},
                       "ExpressionAttributeValues": values}}


def _translate(error: ClientError, when_condition_fails: Exception) -> Exception:
    """The single place where DynamoDB error codes become domain errors."""
    if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
        return when_condition_fails
    return error

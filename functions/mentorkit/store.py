"""The one module that knows the table's key formats. The boto3 Table is passed in.

Single-table layout:

| item              | PK                 | SK                  | GSI1PK          | GSI1SK                |
|-------------------|--------------------|---------------------|-----------------|-----------------------|
| program           | PROGRAM#{id}       | PROGRAM             | PROGRAMS        | {createdAt}#{id}      |
| sign-up           | PROGRAM#{id}       | SIGNUP#{sub}        | USER#{sub}      | SIGNUP#{id}           |
| training record   | USER#{sub}         | TRAINING#{module}   | TRAINING        | {module}#{sub}        |
| matching run      | PROGRAM#{id}       | RUN#{runId}         |                 |                       |
| run result part   | PROGRAM#{id}       | RUNPART#{runId}#{n} |                 |                       |
| published pointer | PROGRAM#{id}       | PUBLISHED           |                 |                       |
| match set marker  | PROGRAM#{id}       | MATCHSET#{version}  |                 |                       |
| published pair    | USER#{menteeSub}   | MATCH#{id}#{version}#{mentorSub} | USER#{mentorSub} | MATCH#{id}#{version}#{menteeSub} |
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
Anonymous survey answers are the exception by design: they carry no identity at all, and the
separate "answered" mark that prevents a second answer holds only an HMAC of the person's `sub`
(key from settings), which "delete my data" recomputes to remove it. Training records are indexed
under `TRAINING` so program metrics count completions in one query.
"""

from __future__ import annotations

import gzip
import json
import secrets
from datetime import datetime
from typing import Any, Callable

from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from mentorkit.domain.errors import Conflict, NotFound
from mentorkit.domain.metrics import Participant
from mentorkit.domain.models import Program, Signup, TrainingCompletion
from mentorkit.domain.runs import MatchingRun, MatchRecord, Published
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
        **_item(program),
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
        """Write many sign-ups (a roster import). If a write fails, the ones already written
        are removed again, so an import is never left half done."""
        written: list[Signup] = []
        try:
            with self.table.batch_writer() as batch:
                for signup in signups:
                    batch.put_item(Item=_signup_item(signup))
                    written.append(signup)
                    if progress and len(written) % 500 == 0:
                        progress(len(written))
        except Exception:
            with self.table.batch_writer() as batch:
                for signup in written:
                    batch.delete_item(Key=_signup_key(signup.program_id, signup.sub))
            raise
        if progress:
            progress(len(written))
        return len(written)

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
    # Run items hold the run as JSON text (`doc`) next to a plain `status`, which every
    # change is conditioned on, so a late worker cannot undo a newer state.
    def put_run(self, run: MatchingRun, *, expect: tuple[str, ...] | None) -> None:
        """Create a run (`expect=None`) or move it on from one of the `expect`ed states."""
        item = {"PK": f"PROGRAM#{run.program_id}", "SK": f"RUN#{run.run_id}", "status": run.status,
                "doc": run.model_dump_json(by_alias=True, exclude_none=True)}
        if expect is None:
            condition = Attr("PK").not_exists()
        else:
            condition = Attr("status").is_in(list(expect))
        try:
            self.table.put_item(Item=item, ConditionExpression=condition)
        except ClientError as error:
            raise _translate(error, Conflict(f"The run '{run.run_id}' has moved on meanwhile.",
                                             field="runId")) from error

    def get_run(self, program_id: str, run_id: str) -> MatchingRun:
        item = self.table.get_item(Key={"PK": f"PROGRAM#{program_id}", "SK": f"RUN#{run_id}"},
                                   ConsistentRead=True).get("Item")
        if item is None:
            raise NotFound(f"No matching run '{run_id}' in this program.", field="runId")
        return MatchingRun.model_validate_json(item["doc"])

    def list_runs(self, program_id: str) -> list[MatchingRun]:
        """A program's runs, newest first (run ids start with their time)."""
        items = self._query(KeyConditionExpression=Key("PK").eq(f"PROGRAM#{program_id}")
                            & Key("SK").begins_with("RUN#"), ScanIndexForward=False)
        return [MatchingRun.model_validate_json(i["doc"]) for i in items]

    def put_run_result(self, program_id: str, run_id: str, result: dict[str, Any]) -> tuple[int, int]:
        """Store a result gzip-compressed in parts under DynamoDB's 400 KB item limit; (parts, bytes)."""
        blob = gzip.compress(json.dumps(result, separators=(",", ":")).encode(), compresslevel=6)
        chunks = [blob[i:i + RESULT_PART_BYTES] for i in range(0, len(blob), RESULT_PART_BYTES)] or [b""]
        stale = self._query(KeyConditionExpression=Key("PK").eq(f"PROGRAM#{program_id}")
                            & Key("SK").begins_with(f"RUNPART#{run_id}#"), ProjectionExpression="PK, SK")
        with self.table.batch_writer() as batch:
            for n, chunk in enumerate(chunks):
                batch.put_item(Item={"PK": f"PROGRAM#{program_id}", "SK": f"RUNPART#{run_id}#{n:04d}",
                                     "data": chunk})
            for item in stale[len(chunks):]:   # a rewritten, smaller result leaves no parts behind
                batch.delete_item(Key={"PK": item["PK"], "SK": item["SK"]})
        return len(chunks), len(blob)

    def get_run_result(self, program_id: str, run_id: str, parts: int) -> dict[str, Any]:
        items = self._query(KeyConditionExpression=Key("PK").eq(f"PROGRAM#{program_id}")
                            & Key("SK").begins_with(f"RUNPART#{run_id}#"), ConsistentRead=True)
        if len(items) != parts:
            raise NotFound(f"The result of run '{run_id}' is incomplete; run matching again.", field="runId")
        blob = b"".join(bytes(i["data"]) for i in sorted(items, key=lambda i: i["SK"]))
        return json.loads(gzip.decompress(blob))

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


def _match_key(program_id: str, version: str, mentee_sub: str, mentor_sub: str) -> dict[str, str]:
    return {"PK": _user_pk(mentee_sub), "SK": f"MATCH#{program_id}#{version}#{mentor_sub}"}


def _decimal_item(model: Any) -> dict[str, Any]:
    """A model's JSON shape with numbers as Decimal, which is what boto3 stores."""
    from decimal import Decimal

    return json.loads(model.model_dump_json(by_alias=True, exclude_none=True), parse_float=Decimal)


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

"""The one module that knows the table's key formats. The boto3 Table is passed in.

Single-table layout:

| item              | PK                 | SK                  | GSI1PK          | GSI1SK                |
|-------------------|--------------------|---------------------|-----------------|-----------------------|
| program           | PROGRAM#{id}       | PROGRAM             | PROGRAMS        | {createdAt}#{id}      |
| sign-up           | PROGRAM#{id}       | SIGNUP#{sub}        | USER#{sub}      | SIGNUP#{id}           |
| training record   | USER#{sub}         | TRAINING#{module}   |                 |                       |

Every item about a person carries their `sub` in a key, so "delete my data" can find them all.
"""

from __future__ import annotations

from typing import Any, Callable

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from mentorkit.domain.errors import Conflict, NotFound
from mentorkit.domain.models import Program, Signup, TrainingCompletion


def _program_key(program_id: str) -> dict[str, str]:
    return {"PK": f"PROGRAM#{program_id}", "SK": "PROGRAM"}


def _signup_key(program_id: str, sub: str) -> dict[str, str]:
    return {"PK": f"PROGRAM#{program_id}", "SK": f"SIGNUP#{sub}"}


def _user_pk(sub: str) -> str:
    return f"USER#{sub}"


def _item(model: Any) -> dict[str, Any]:
    """Store models in their JSON shape: dates as ISO text, camelCase names like the API."""
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


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
        item = {
            **_program_key(program.program_id),
            "GSI1PK": "PROGRAMS",
            "GSI1SK": f"{program.created_at.isoformat()}#{program.program_id}",
            **_item(program),
        }
        try:
            self.table.put_item(Item=item, ConditionExpression="attribute_not_exists(PK)")
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
        item = {
            **_program_key(program.program_id),
            "GSI1PK": "PROGRAMS",
            "GSI1SK": f"{program.created_at.isoformat()}#{program.program_id}",
            **_item(program),
        }
        try:
            self.table.put_item(Item=item, ConditionExpression="attribute_exists(PK)")
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

    def delete_signup(self, program_id: str, sub: str) -> bool:
        """Remove a sign-up; says whether there was one."""
        old = self.table.delete_item(Key=_signup_key(program_id, sub), ReturnValues="ALL_OLD")
        return "Attributes" in old

    def list_signups(self, program_id: str) -> list[Signup]:
        items = self._query(KeyConditionExpression=Key("PK").eq(f"PROGRAM#{program_id}")
                            & Key("SK").begins_with("SIGNUP#"))
        return [Signup.model_validate(_strip_keys(i)) for i in items]

    # Training ---------------------------------------------------------------
    def put_training(self, sub: str, completion: TrainingCompletion) -> None:
        self.table.put_item(Item={"PK": _user_pk(sub), "SK": f"TRAINING#{completion.module_id}",
                                  **_item(completion)})

    def list_training(self, sub: str) -> list[TrainingCompletion]:
        items = self._query(KeyConditionExpression=Key("PK").eq(_user_pk(sub))
                            & Key("SK").begins_with("TRAINING#"))
        return [TrainingCompletion.model_validate(_strip_keys(i)) for i in items]

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

    # ------------------------------------------------------------------------
    def _query(self, **kwargs: Any) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        while True:
            page = self.table.query(**kwargs)
            items.extend(page.get("Items", []))
            if "LastEvaluatedKey" not in page:
                return items
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _translate(error: ClientError, when_condition_fails: Exception) -> Exception:
    """The single place where DynamoDB error codes become domain errors."""
    if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
        return when_condition_fails
    return error

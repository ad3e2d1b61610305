"""Matching runs and published matches: start a run, carry it out, publish it.

No boto3 and no events here: the store, the matcher and the invoker are passed in, so the
API, the worker, the CLI and the tests call the same functions.

A run's life: queued (the API wrote it) → running (the worker took it) → succeeded or
failed. A run only ever writes its own items; only `publish` changes what employees see,
and it does so by flipping one pointer (see `Store.publish_match_set`).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, ValidationError
from pydantic.alias_generators import to_camel

from mentorkit.domain.errors import Conflict, InvalidInput
from mentorkit.domain.matching import MatchingInputError, MatchResult, Participant, match
from mentorkit.domain.matching_input import RunRequest, config_from_program, participant_from_signup
from mentorkit.domain.models import Model, Program, Signup

if TYPE_CHECKING:
    from mentorkit.store import Store

logger = logging.getLogger(__name__)

RunStatus = Literal["queued", "running", "succeeded", "failed"]
# A publish that wrote its match items but never flipped the pointer (a crash) leaves them
# in state "writing"; after this long a later publish removes them.
STALE_WRITE_SECONDS = 15 * 60
# The matching function's timeout (template.yaml) plus a margin for a queued invocation.
RUN_TIME_LIMIT_SECONDS = 16 * 60


class MatchingRun(Model):
    """One matching run of a program: its request, its state, and (once done) its summary."""

    program_id: str
    run_id: str
    status: RunStatus
    reason: str | None = Field(None, description="Why the run failed, in words a coordinator can act on.")
    progress: str | None = Field(None, description="What the run is doing now, e.g. 'Scoring and solving …'.")
    request: RunRequest = Field(default_factory=RunRequest)
    summary: dict[str, Any] | None = None
    participants: int | None = None
    created_at: datetime
    created_by: str
    started_at: datetime | None = None
    finished_at: datetime | None = None
    result_parts: int = 0
    result_bytes: int = Field(0, description="Size of the stored result, compressed.")


class MatchRecord(Model):
    """One published pair, as both people see it on 'My mentoring'."""

    program_id: str
    program_name: str
    run_id: str
    format: str
    mentee_sub: str
    mentee_email: str
    mentor_sub: str
    mentor_email: str
    score: float
    reasons: list[str]
    published_at: datetime


class Published(Model):
    """The program's pointer to the run whose matches employees see."""

    program_id: str
    run_id: str
    published_at: datetime
    published_by: str
    pairs: int


def camel(value: Any) -> Any:
    """The engine's snake_case output in the API's camelCase (labels like '0-9' stay)."""
    if isinstance(value, dict):
        return {(to_camel(k) if "_" in k else k): camel(v) for k, v in value.items()}
    if isinstance(value, list):
        return [camel(v) for v in value]
    return value


def new_run_id(now: datetime) -> str:
    """Sorts by time (newest last) and is unique without a lookup: '20270301T101500Z-3f9a1c'."""
    return f"{now.strftime('%Y%m%dT%H%M%SZ')}-{secrets.token_hex(3)}"


def _now() -> datetime:
    return datetime.now(UTC)


# Starting ----------------------------------------------------------------------------
def check_request(program: Program, request: RunRequest) -> None:
    """Refuse a request the engine would refuse, before anything is written."""
    try:
        config_from_program(program, request)
    except ValidationError as error:
        first = error.errors()[0]
        field = "weights" if "weights" in str(first.get("loc")) or "weight" in first.get("msg", "") else "body"
        raise InvalidInput(f"{field}: {first['msg'].removeprefix('Value error, ')}", field=field) from None


def start_run(store: Store, program: Program, request: RunRequest, created_by: str,
              invoke: Callable[[dict[str, str]], None]) -> MatchingRun:
    """Record a queued run and hand it to the worker; the caller answers 202 at once."""
    check_request(program, request)
    now = _now()
    run = MatchingRun(program_id=program.program_id, run_id=new_run_id(now), status="queued",
                      request=request, created_at=now, created_by=created_by)
    store.put_run(run, expect=None)
    try:
        invoke({"programId": run.program_id, "runId": run.run_id})
    except Exception as error:  # noqa: BLE001 - any failure to hand over means the run never starts
        logger.error("could not invoke the matching function: %s", type(error).__name__)
        run = run.model_copy(update={"status": "failed", "finished_at": _now(),
                                     "reason": "The matching function could not be started. Try again in a "
                                               "minute; if it keeps failing, ask IT to check the deployment."})
        store.put_run(run, expect=("queued",))
    return run


# Running -----------------------------------------------------------------------------
def participants_from(signups: list[Signup], program: Program) -> tuple[list[Participant], list[dict[str, str]]]:
    """Active sign-ups as participants; a profile the engine cannot read is left out, with the reason."""
    people: list[Participant] = []
    excluded: list[dict[str, str]] = []
    for signup in signups:
        if signup.status != "active":
            continue
        try:
            people.append(participant_from_signup(signup, program.format))
        except ValidationError as error:
            problem = error.errors()[0]
            field = ".".join(str(p) for p in problem.get("loc", ()))
            excluded.append({"id": signup.sub, "reasonCode": "invalid_profile",
                             "reason": f"The sign-up could not be used for matching ({field}: {problem['msg']})."})
    return people, excluded


Matcher = Callable[..., MatchResult]


def execute_run(store: Store, program_id: str, run_id: str, matcher: Matcher = match) -> MatchingRun:
    """The worker's job: running → succeeded (result stored) or failed (reason stored, error re-raised).

    Idempotent by run id: a run that already finished is left as it is.
    """
    run = store.get_run(program_id, run_id)
    if run.status in ("succeeded", "failed"):
        return run
    run = run.model_copy(update={"status": "running", "started_at": _now(), "progress": "Loading sign-ups"})
    store.put_run(run, expect=("queued", "running"))
    try:
        program = store.get_program(program_id)
        signups = store.list_signups(program_id)
        people, excluded = participants_from(signups, program)
        ids_by_email = {p.email: p.id for p in people}
        config = config_from_program(program, run.request, ids_by_email)

        def progress(line: str) -> None:
            nonlocal run
            run = run.model_copy(update={"progress": line})
            store.put_run(run, expect=("running",))

        progress(f"Matching {len(people):,} people")
        result = matcher(people, config, progress=progress)
        payload = {**result.model_dump(mode="json"), "excluded": excluded}
        parts, size = store.put_run_result(program_id, run_id, payload)
        run = run.model_copy(update={
            "status": "succeeded", "finished_at": _now(), "progress": None, "participants": len(people),
            "summary": camel(result.summary.model_dump(mode="json")), "result_parts": parts, "result_bytes": size})
        store.put_run(run, expect=("running",))
        return run
    except Exception as error:
        reason = failure_reason(error, run_id)
        logger.error("matching run %s of %s failed: %s", run_id, program_id, type(error).__name__)
        failed = run.model_copy(update={"status": "failed", "finished_at": _now(), "progress": None,
                                        "reason": reason})
        store.put_run(failed, expect=("running",))
        raise


def failure_reason(error: Exception, run_id: str) -> str:
    """What a coordinator reads when a run fails: what to do, never a stack trace."""
    if isinstance(error, MatchingInputError):
        return f"The sign-ups could not be matched: {error.detail}. Fix the sign-up or the run's settings and run again."
    if isinstance(error, (InvalidInput, Conflict)):
        return f"{error.message} Run again once this is fixed."
    return (f"The run stopped unexpectedly ({type(error).__name__}). Run matching again; if it fails again, "
            f"give IT the run id {run_id}.")


# Reading -----------------------------------------------------------------------------
def as_seen(run: MatchingRun, now: datetime | None = None) -> MatchingRun:
    """A run as a coordinator should see it: one the worker never finished (Lambda stops it after
    15 minutes without a word) reads as failed, with what to do."""
    now = now or _now()
    began = run.started_at or run.created_at
    if run.status in ("queued", "running") and (now - began).total_seconds() > RUN_TIME_LIMIT_SECONDS:
        return run.model_copy(update={"status": "failed", "progress": None, "reason": (
            "The run did not finish within the matching function's 15-minute limit. Run again; if it stops "
            f"again, ask IT to look at the matching function's failure queue for run id {run.run_id}.")})
    return run


def run_result(store: Store, run: MatchingRun) -> dict[str, Any] | None:
    """The stored result of a succeeded run (pairs, unmatched, rejected pins, excluded)."""
    if run.status != "succeeded":
        return None
    return store.get_run_result(run.program_id, run.run_id, run.result_parts)


def forget_person(store: Store, program_ids: Iterable[str], sub: str, email: str) -> int:
    """"Delete my data" reaches into stored runs too: the person's pairs, reasons and pins are cut
    out of every run of the programs they were in. Returns how many runs changed."""
    changed = 0
    email = email.casefold()
    for program_id in program_ids:
        for run in store.list_runs(program_id):
            request = run.request.model_copy(update={
                "pins": [p for p in run.request.pins if email not in (str(x).casefold() for x in p)],
                "forbidden": [p for p in run.request.forbidden if email not in (str(x).casefold() for x in p)]})
            result = run_result(store, run)
            scrubbed = _without(result, sub) if result is not None else None
            if request == run.request and scrubbed == result:
                continue
            update: dict[str, Any] = {"request": request}
            if scrubbed is not None:
                update["result_parts"], update["result_bytes"] = store.put_run_result(program_id, run.run_id, scrubbed)
            store.put_run(run.model_copy(update=update), expect=(run.status,))
            changed += 1
    return changed


def _without(result: dict[str, Any], sub: str) -> dict[str, Any]:
    def keep(entry: dict[str, Any], *fields: str) -> bool:
        return all(entry.get(f) != sub for f in fields)

    return {
        **result,
        "pairs": [p for p in result["pairs"] if keep(p, "mentee_id", "mentor_id", "group_id")],
        "unmatched": [u for u in result["unmatched"] if keep(u, "id")],
        "rejected_pins": [r for r in result["rejected_pins"] if keep(r, "mentee_id", "mentor_id")],
        "excluded": [e for e in result.get("excluded", []) if keep(e, "id")],
    }


# Publishing --------------------------------------------------------------------------
def match_records(program: Program, run: MatchingRun, result: dict[str, Any],
                  signups: dict[str, Signup], now: datetime) -> tuple[list[MatchRecord], int]:
    """The run's pairs as records both people can read; pairs with a withdrawn person are skipped."""
    records: list[MatchRecord] = []
    skipped = 0
    for pair in result["pairs"]:
        mentee, mentor = signups.get(pair["mentee_id"]), signups.get(pair["mentor_id"])
        if mentee is None or mentor is None or mentee.status != "active" or mentor.status != "active":
            skipped += 1
            continue
        records.append(MatchRecord(
            program_id=program.program_id, program_name=program.name, run_id=run.run_id, format=pair["format"],
            mentee_sub=mentee.sub, mentee_email=str(mentee.email), mentor_sub=mentor.sub,
            mentor_email=str(mentor.email), score=pair["score"], reasons=pair["reasons"], published_at=now))
    return records, skipped


class PublishOutcome(Model):
    program_id: str
    run_id: str
    published_at: datetime
    pairs: int
    skipped_pairs: int = Field(0, description="Pairs left out because one of the two has withdrawn since the run.")
    notifications: str


def publish(store: Store, program_id: str, run_id: str, published_by: str,
            after_publish: Callable[[dict[str, str]], str]) -> PublishOutcome:
    """Make a succeeded run's pairs the ones employees see, all at once.

    The pairs are written as a new version first (invisible: readers follow the pointer),
    then one conditional transaction flips the program's PUBLISHED pointer to it. If
    another publish flipped it in between, this one gives up and removes its own version,
    so the published set is always exactly one run's. `after_publish` removes retired
    versions and sends notifications (asynchronously in AWS) and returns a line about
    notifications for the coordinator.
    """
    program = store.get_program(program_id)
    run = store.get_run(program_id, run_id)
    if run.status != "succeeded":
        raise Conflict(f"Only a finished run can be published; this one is {run.status}.", field="runId")
    current = store.get_published(program_id)
    if current and current[0].run_id == run_id:
        raise Conflict("This run is already the published one.", field="runId")
    result = run_result(store, run) or {"pairs": []}
    signups = {s.sub: s for s in store.list_signups(program_id)}
    now = _now()
    records, skipped = match_records(program, run, result, signups, now)
    version = f"{run_id}.{secrets.token_hex(3)}"
    store.write_match_set(program_id, version, run_id, records, now)
    try:
        store.publish_match_set(Published(program_id=program_id, run_id=run_id, published_at=now,
                                          published_by=published_by, pairs=len(records)),
                                version, expected=(current[0].run_id, current[1]) if current else None)
    except Conflict:
        store.delete_match_set(program_id, version, [(r.mentee_sub, r.mentor_sub) for r in records])
        raise Conflict("Another publish of this program finished first. Reload to see what is published now.",
                       field="runId") from None
    notifications = after_publish({"action": "after_publish", "programId": program_id, "runId": run_id})
    return PublishOutcome(program_id=program_id, run_id=run_id, published_at=now, pairs=len(records),
                          skipped_pairs=skipped, notifications=notifications)


def remove_retired_sets(store: Store, program_id: str) -> int:
    """Delete the pairs of versions no longer published (and of publishes abandoned midway)."""
    removed = 0
    current = store.get_published(program_id)
    for marker in store.list_match_sets(program_id):
        if current and marker["version"] == current[1]:
            continue
        age = (_now() - datetime.fromisoformat(marker["updatedAt"])).total_seconds()
        if marker["state"] == "retired" or (marker["state"] == "writing" and age > STALE_WRITE_SECONDS):
            result = run_result(store, store.get_run(program_id, marker["runId"])) or {"pairs": []}
            pairs = [(p["mentee_id"], p["mentor_id"]) for p in result["pairs"]]
            store.delete_match_set(program_id, marker["version"], pairs)
            removed += 1
    return removed


def published_pairs(store: Store, program_id: str) -> list[MatchRecord]:
    """Who is notified after a publish: the published version's pairs (read from the run)."""
    current = store.get_published(program_id)
    if current is None:
        return []
    published, _ = current
    program = store.get_program(program_id)
    run = store.get_run(program_id, published.run_id)
    signups = {s.sub: s for s in store.list_signups(program_id)}
    records, _ = match_records(program, run, run_result(store, run) or {"pairs": []}, signups,
                               published.published_at)
    return records


def my_matches(store: Store, sub: str) -> list[MatchRecord]:
    """A person's published pairs across programs (only the published version of each)."""
    return store.published_matches_of(sub)

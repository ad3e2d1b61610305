"""Matching runs, from the API's side: start one, review it, publish it, read one's matches.

Carrying a run out needs the engine and lives in `services/run_execution.py`, which only the
matching worker and the CLI import; this module stays light enough for the API's cold start.
"""

from __future__ import annotations

import csv
import io
import logging
import secrets
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, Protocol, TypeVar

from mentorkit.domain import runs
from mentorkit.domain.errors import Conflict
from mentorkit.domain.models import Signup
from mentorkit.domain.people import Person, roster_id
from mentorkit.domain.run_payloads import (
    BreakdownItem, MyMatches, PairView, PersonView, PublishOutcome, RejectedPinView, RunList, RunStarted, RunView,
    UnmatchedView, Waiting, my_match,
)
from mentorkit.domain.runs import MatchingRun, MatchRecord, Published, RunRequest
from mentorkit.services import relationships
from mentorkit.store import Store

logger = logging.getLogger(__name__)

Invoke = Callable[[dict[str, str]], None]


class Identified(Protocol):
    """Anything naming a person by sign-in id and e-mail: a sign-up, or the few fields metrics read."""

    sub: str

    @property
    def email(self) -> Any: ...


PersonT = TypeVar("PersonT", bound=Identified)


def signups_by_id(signups: Iterable[PersonT]) -> dict[str, PersonT]:
    """Sign-ups under every id a run may name them by: the sign-in `sub` and the roster alias,
    so someone who signs in between a run and its publish keeps their pair."""
    found: dict[str, PersonT] = {}
    for signup in signups:
        found[signup.sub] = signup
        found.setdefault(roster_id(str(signup.email)), signup)
    return found


# Starting ----------------------------------------------------------------------------
def start_run(store: Store, who: Person, program_id: str, request: RunRequest, invoke: Invoke) -> RunStarted:
    """Record a queued run and hand it to the worker; the caller answers 202 at once."""
    program = store.get_program(program_id)
    created = runs.now()
    run = MatchingRun(program_id=program.program_id, run_id=runs.new_run_id(created), status="queued",
                      request=request, created_at=created, created_by=who.email)
    store.put_run(run, expect=None)
    try:
        invoke({"programId": run.program_id, "runId": run.run_id})
    except Exception as error:  # noqa: BLE001 - any failure to hand over means the run never starts
        logger.error("could not invoke the matching function: %s", type(error).__name__)
        run = run.model_copy(update={"status": "failed", "finished_at": runs.now(),
                                     "reason": "The matching function could not be started. Try again in a "
                                               "minute; if it keeps failing, ask IT to check the deployment."})
        store.put_run(run, expect=("queued",))
    return RunStarted(run_id=run.run_id, status=run.status, reason=run.reason)


# Reviewing ---------------------------------------------------------------------------
def list_runs(store: Store, program_id: str) -> RunList:
    store.get_program(program_id)
    current = store.get_published(program_id)
    return RunList(runs=[runs.as_seen(r) for r in store.list_runs(program_id)],
                   published_run_id=current[0].run_id if current else None)


def run_result(store: Store, run: MatchingRun) -> dict[str, Any] | None:
    """The stored result of a succeeded run (pairs, unmatched, rejected pins, excluded)."""
    if run.status != "succeeded":
        return None
    return store.get_run_result(run.program_id, run.run_id, run.result_parts)


ALL = 10**9   # a page holding every pair: for exports, which stream a file rather than JSON


def review(store: Store, program_id: str, run_id: str, offset: int = 0, limit: int = 500) -> RunView:
    """One page of a run's pairs and unmatched, with breakdowns and reasons, joined with the current sign-ups."""
    run = runs.as_seen(store.get_run(program_id, run_id))
    view = RunView(**run.model_dump())
    result = run_result(store, run)
    if result is None:
        return view
    signups = signups_by_id(store.list_signups(program_id))

    def person(person_id: str) -> PersonView:
        signup = signups.get(person_id)
        if signup is None:
            return PersonView(email=None)
        return PersonView(email=str(signup.email), department=signup.department, job_level=signup.job_level)

    window = slice(offset, offset + limit)
    pairs = [PairView(mentee=person(p["mentee_id"]), mentor=person(p["mentor_id"]), format=p["format"],
                      track=p["track"], score=p["score"], pinned=p["pinned"],
                      group_id=person(p["group_id"]).email if p.get("group_id") else None, reasons=p["reasons"],
                      breakdown=[BreakdownItem(**runs.camel(b)) for b in p["breakdown"]])
             for p in result["pairs"][window]]
    left_out = [*result["unmatched"], *({"id": e["id"], "side": "unknown", "format": None,
                                          "reason_code": e["reasonCode"], "reason": e["reason"]}
                                         for e in result.get("excluded", []))]
    unmatched = [UnmatchedView(person=person(u["id"]), side=u["side"], format=u["format"],
                               reason_code=u["reason_code"], reason=u["reason"]) for u in left_out[window]]
    longest = max(len(result["pairs"]), len(left_out))
    rejected = [RejectedPinView(mentee=person(r["mentee_id"]).email or r["mentee_id"],
                                mentor=person(r["mentor_id"]).email or r["mentor_id"],
                                reason_code=r["reason_code"], reason=r["reason"]) for r in result["rejected_pins"]]
    current = store.get_published(program_id)
    return view.model_copy(update={"pairs": pairs, "unmatched": unmatched, "rejected_pins": rejected,
                                   "published": bool(current and current[0].run_id == run_id),
                                   "pairs_total": len(result["pairs"]), "unmatched_total": len(left_out),
                                   "next_offset": offset + limit if offset + limit < longest else None})


def pairs_csv(view: RunView) -> str:
    """A run's pairs as a spreadsheet: both people, the score and the reasons."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["menteeEmail", "menteeDepartment", "mentorEmail", "mentorDepartment", "format", "score",
                     "pinned", "reasons"])
    for pair in view.pairs:
        writer.writerow([pair.mentee.email or "(withdrawn)", pair.mentee.department or "",
                         pair.mentor.email or "(withdrawn)", pair.mentor.department or "", pair.format, pair.score,
                         "true" if pair.pinned else "false", " | ".join(pair.reasons)])
    return out.getvalue()


# Publishing --------------------------------------------------------------------------
def publish(store: Store, who: Person, program_id: str, run_id: str,
            after_publish: Callable[[dict[str, str]], str]) -> PublishOutcome:
    """Make a succeeded run's pairs the ones employees see, all at once.

    The pairs are written as a new version first (invisible: readers follow the pointer),
    then one conditional transaction flips the program's PUBLISHED pointer to it. If
    another publish flipped it in between, this one gives up and removes its own version,
    so the published set is always exactly one run's. The pairs then become relationships
    (pairs already active are kept as they are). `after_publish` removes retired
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
    at = runs.now()
    records, skipped = runs.match_records(program, run, result, signups_by_id(store.list_signups(program_id)), at)
    version = f"{run_id}.{secrets.token_hex(3)}"
    store.write_match_set(program_id, version, run_id, records, at)
    try:
        store.publish_match_set(Published(program_id=program_id, run_id=run_id, published_at=at,
                                          published_by=who.email, pairs=len(records)),
                                version, expected=(current[0].run_id, current[1]) if current else None)
    except Conflict:
        store.delete_match_set(program_id, version, [(r.mentee_sub, r.mentor_sub) for r in records])
        raise Conflict("Another publish of this program finished first. Reload to see what is published now.",
                       field="runId") from None
    capacities = {s.sub: s.capacity for s in store.list_signups(program_id)}
    started, kept, ended = relationships.start_from_matches(store, program, run_id, records, capacities)
    notifications = after_publish({"action": "after_publish", "programId": program_id, "runId": run_id})
    return PublishOutcome(program_id=program_id, run_id=run_id, published_at=at, pairs=len(records),
                          skipped_pairs=skipped, notifications=notifications, relationships_started=started,
                          relationships_kept=kept, relationships_ended=ended)


def remove_retired_sets(store: Store, program_id: str) -> int:
    """Delete the pairs of versions no longer published (and of publishes abandoned midway)."""
    current = store.get_published(program_id)
    live = current[1] if current else None
    stale = [m for m in store.list_match_sets(program_id) if m["version"] != live and _retired(m)]
    if not stale:
        return 0
    # The program and its sign-ups are read once for every version removed.
    program, signups = store.get_program(program_id), signups_by_id(store.list_signups(program_id))
    for marker in stale:
        run = store.get_run(program_id, marker["runId"])
        result = run_result(store, run) or {"pairs": []}
        # Items are keyed by who the pair was at publish time: a roster id, or the sub it became.
        records, _ = runs.match_records(program, run, result, signups, runs.now())
        pairs = {(p["mentee_id"], p["mentor_id"]) for p in result["pairs"]}
        pairs |= {(r.mentee_sub, r.mentor_sub) for r in records}
        store.delete_match_set(program_id, marker["version"], sorted(pairs))
    return len(stale)


def _retired(marker: dict[str, Any]) -> bool:
    """A version no longer published, or one whose publish was abandoned midway."""
    age = (runs.now() - datetime.fromisoformat(marker["updatedAt"])).total_seconds()
    return marker["state"] == "retired" or (marker["state"] == "writing" and age > runs.STALE_WRITE_SECONDS)


def published_pairs(store: Store, program_id: str) -> list[MatchRecord]:
    """Who is notified after a publish: the published version's pairs (read from the run)."""
    current = store.get_published(program_id)
    if current is None:
        return []
    published, _ = current
    program = store.get_program(program_id)
    run = store.get_run(program_id, published.run_id)
    records, _ = runs.match_records(program, run, run_result(store, run) or {"pairs": []},
                                    signups_by_id(store.list_signups(program_id)), published.published_at)
    return records


def my_matches(store: Store, who: Person) -> MyMatches:
    """A person's published pairs across programs, under their sign-in and their roster alias; and where
    the published run left them without one, why (in kind words) and what happens next."""
    records = store.published_matches_of(*who.ids)
    matched = {r.program_id for r in records}
    waiting = []
    for signup in (s for person_id in who.ids for s in store.my_signups(person_id)):
        current = store.get_published(signup.program_id)
        if signup.status != "active" or signup.program_id in matched or current is None:
            continue
        result = run_result(store, store.get_run(signup.program_id, current[0].run_id)) or {"unmatched": []}
        left = next((u for u in result["unmatched"] if u["id"] in who.ids), None)
        if left is not None:
            program = store.get_program(signup.program_id)
            waiting.append(Waiting(program_id=program.program_id, program_name=program.name,
                                   reason=runs.kind_reason(left["reason_code"], left["side"]),
                                   next_steps=runs.next_steps(program)))
    return MyMatches(matches=[my_match(r, who.ids) for r in records], waiting=waiting)


# Forgetting --------------------------------------------------------------------------
def forget_person(store: Store, program_ids: Iterable[str], who: Person) -> int:
    """"Delete my data" reaches into stored runs too: the person's pairs, reasons and pins are cut
    out of every run of the programs they were in. Returns how many runs changed."""
    changed = 0
    for program_id in program_ids:
        for run in store.list_runs(program_id):
            request = runs.request_without_person(run.request, who.email)
            result = run_result(store, run)
            scrubbed = runs.without_person(result, who.ids) if result is not None else None
            if request == run.request and scrubbed == result:
                continue
            update: dict[str, Any] = {"request": request}
            if scrubbed is not None:
                update["result_parts"], update["result_bytes"] = store.put_run_result(program_id, run.run_id, scrubbed)
            store.put_run(run.model_copy(update=update), expect=(run.status,))
            changed += 1
    return changed

"""Matching runs and published matches: what they are and the rules they follow.

Pure: no store, no engine, no AWS. What people read about runs is in `run_payloads.py`.
The application layer (`services/runs.py`) starts, reviews and publishes runs with these
models; the matching worker carries them out (`services/run_execution.py`, the only place
beside the CLI that imports the engine).

A run's life: queued (the API wrote it) → running (the worker took it) → succeeded or
failed. A run only ever writes its own items; only a publish changes what employees see,
and it does so by flipping one pointer (see `Store.publish_match_set`).
"""

import secrets
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import Field

from mentorkit.domain.models import Model, Pair, Program, Signup, WeightsIn, camel_case

RunStatus = Literal["queued", "running", "succeeded", "failed"]
# A publish that wrote its match items but never flipped the pointer (a crash) leaves them
# in state "writing"; after this long a later publish removes them.
STALE_WRITE_SECONDS = 15 * 60
# The matching function's timeout (template.yaml) plus a margin for a queued invocation.
RUN_TIME_LIMIT_SECONDS = 16 * 60


class RunRequest(Model):
    """What a coordinator sends to start a matching run. Everything is optional."""

    pins: list[Pair] = Field(default_factory=list, max_length=500,
                             description="[menteeEmail, mentorEmail] pairs to keep, unless they break a hard rule.")
    forbidden: list[Pair] = Field(default_factory=list, max_length=500,
                                  description="Pairs never to make, in either order.")
    weights: WeightsIn | None = None
    min_score: float | None = Field(None, ge=0, le=100, description="Pairs scoring below this are not made.")


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


# Rules ---------------------------------------------------------------------------------
def camel(value: Any) -> Any:
    """The engine's snake_case output in the API's camelCase (labels like '0-9' stay)."""
    if isinstance(value, dict):
        return {(camel_case(k) if "_" in k else k): camel(v) for k, v in value.items()}
    if isinstance(value, list):
        return [camel(v) for v in value]
    return value


def now() -> datetime:
    return datetime.now(UTC)


def new_run_id(at: datetime) -> str:
    """Sorts by time (newest last) and is unique without a lookup: '20270301T101500Z-3f9a1c'."""
    return f"{at.strftime('%Y%m%dT%H%M%SZ')}-{secrets.token_hex(3)}"


def as_seen(run: MatchingRun, at: datetime | None = None) -> MatchingRun:
    """A run as a coordinator should see it: one the worker never finished (Lambda stops it after
    15 minutes without a word) reads as failed, with what to do."""
    at = at or now()
    began = run.started_at or run.created_at
    if run.status in ("queued", "running") and (at - began).total_seconds() > RUN_TIME_LIMIT_SECONDS:
        return run.model_copy(update={"status": "failed", "progress": None, "reason": (
            "The run did not finish within the matching function's 15-minute limit. Run again; if it stops "
            f"again, ask IT to look at the matching function's failure queue for run id {run.run_id}.")})
    return run


def without_person(result: dict[str, Any], ids: tuple[str, ...]) -> dict[str, Any]:
    """A stored run result with every trace of one person cut out (pairs, unmatched, pins, excluded)."""
    def keep(entry: dict[str, Any], *fields: str) -> bool:
        return all(entry.get(f) not in ids for f in fields)

    return {
        **result,
        "pairs": [p for p in result["pairs"] if keep(p, "mentee_id", "mentor_id", "group_id")],
        "unmatched": [u for u in result["unmatched"] if keep(u, "id")],
        "rejected_pins": [r for r in result["rejected_pins"] if keep(r, "mentee_id", "mentor_id")],
        "excluded": [e for e in result.get("excluded", []) if keep(e, "id")],
    }


def request_without_person(request: RunRequest, email: str) -> RunRequest:
    """A run request with the person's pins and never-pairs removed."""
    email = email.casefold()

    def keep(pair: list[Any]) -> bool:
        return email not in (str(x).casefold() for x in pair)

    return request.model_copy(update={"pins": [p for p in request.pins if keep(p)],
                                      "forbidden": [p for p in request.forbidden if keep(p)]})


# What a partner may learn from the reasons for a match: what My mentoring shows them anyway
# (skills, goals, department, job level) and what both gave for matching (interests, languages,
# time zone, format, hours); never location or resource groups, which can say more about a
# person than they chose to share (the privacy page says the same).
SHARED_WITH_PARTNER = ("skills", "goals", "interests", "languages", "timezone", "meeting_format", "availability",
                       "seniority", "department")
PARTNER_REASONS = 3


def partner_reasons(pair: dict[str, Any]) -> list[str]:
    """The reasons both people in a pair see: the strongest shared-with-partner criteria only."""
    shown = sorted((b for b in pair["breakdown"] if b["criterion"] in SHARED_WITH_PARTNER and b["points"] > 0),
                   key=lambda b: -b["points"])
    return [b["sentence"] for b in shown[:PARTNER_REASONS]]


def match_records(program: Program, run: MatchingRun, result: dict[str, Any],
                  signups: dict[str, Signup], at: datetime) -> tuple[list[MatchRecord], int]:
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
            mentor_email=str(mentor.email), score=pair["score"], reasons=partner_reasons(pair), published_at=at))
    return records, skipped


# What an unmatched person reads. Never which rule or whose list: "nobody is told" about never-pairs.
_KIND = {
    "language": "No {other} in this round shares a language with you.",
    "seniority": "No {other} in this round is at the job level this format needs.",
    "min_score": "No {other} in this round was a close enough fit to make a good pair.",
    "full": "There were more people looking than places this round, and the places went to pairs that fitted "
            "a little better. That says nothing about you.",
}
_KIND_OTHERWISE = "The {other}s who could have been your partner were not available this round."


def kind_reason(reason_code: str, side: str) -> str:
    """The engine's reason for leaving someone unmatched, in words for them."""
    other = {"mentee": "mentor", "mentor": "mentee"}.get(side, "partner")
    if side == "mentor" and reason_code == "full":
        return "Every mentee this round was matched with someone who suited them a little better, so your places are free."
    return _KIND.get(reason_code, _KIND_OTHERWISE).format(other=other)


def next_steps(program: Program) -> str:
    """What happens to someone without a partner, by the program's matching mode."""
    if program.matching_mode in ("self", "both"):
        return ("You can choose a mentor yourself: the ones with a free place who fit you best are listed on My "
                "mentoring. Your coordinator may also pair you by hand.")
    return ("You stay on the waitlist: your coordinator may pair you by hand or in the next matching run, and you "
            "will get an e-mail when that happens.")

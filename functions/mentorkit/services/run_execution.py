"""Carrying out a matching run: sign-ups in, the engine's result stored, the run's state moved on.

The only module of the application layer that imports the matching engine (numpy, OR-Tools):
the matching worker and the CLI use it, the API never does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from mentorkit.domain import runs
from mentorkit.domain.errors import Conflict, InvalidInput
from mentorkit.domain.matching import MatchingInputError, MatchResult, Participant, match
from mentorkit.domain.matching.recommend import recommend
from mentorkit.domain.matching_input import config_from_program, participant_from_signup
from mentorkit.domain.models import Program, Signup
from mentorkit.domain.people import is_roster_id
from mentorkit.domain.runs import MatchingRun
from mentorkit.store import Store

logger = logging.getLogger(__name__)

Matcher = Callable[..., MatchResult]


def participants_from(signups: list[Signup], program: Program) -> tuple[list[Participant], list[dict[str, str]]]:
    """Active sign-ups as participants; a profile the engine cannot read is left out, with the reason."""
    people: list[Participant] = []
    excluded: list[dict[str, str]] = []
    # One person, one participant: if an address has two sign-ups (one from a roster, one made on
    # the site), the site's one counts and the other is left out, so nobody is paired with themselves.
    active = sorted((s for s in signups if s.status == "active"), key=lambda s: is_roster_id(s.sub))
    seen: set[str] = set()
    for signup in active:
        if str(signup.email).casefold() in seen:
            excluded.append({"id": signup.sub, "reasonCode": "duplicate",
                             "reason": "This person has another sign-up in the program, which is the one matched."})
            continue
        seen.add(str(signup.email).casefold())
        try:
            people.append(participant_from_signup(signup, program.format))
        except ValidationError as error:
            problem = InvalidInput.from_validation(error)
            excluded.append({"id": signup.sub, "reasonCode": "invalid_profile",
                             "reason": f"The sign-up could not be used for matching ({problem.message})."})
    return people, excluded


def recommend_for(store: Store, program_id: str, mentee_id: str, limit: int) -> list[dict[str, Any]]:
    """A mentee's best mentors in a self-match program (the engine's scores, rules and reasons);
    the API asks for these through a RequestResponse invoke, so it never loads the engine."""
    program = store.get_program(program_id)
    people, _ = participants_from(store.list_signups(program_id), program)
    mentee = next((p for p in people if p.id == mentee_id), None)
    if mentee is None:
        return []
    config = config_from_program(program, runs.RunRequest(), {p.email: p.id for p in people})
    return [{"mentorId": r.mentor_id, "score": r.score, "reasons": r.reasons}
            for r in recommend(mentee, people, config, limit)]


def execute_run(store: Store, program_id: str, run_id: str, matcher: Matcher = match) -> MatchingRun:
    """The worker's job: running → succeeded (result stored) or failed (reason stored, error re-raised).

    Idempotent by run id: a run that already finished is left as it is.
    """
    run = store.get_run(program_id, run_id)
    if run.status in ("succeeded", "failed"):
        return run
    run = run.model_copy(update={"status": "running", "started_at": runs.now(), "progress": "Loading sign-ups"})
    store.put_run(run, expect=("queued", "running"))
    try:
        program = store.get_program(program_id)
        people, excluded = participants_from(store.list_signups(program_id), program)
        config = config_from_program(program, run.request, {p.email: p.id for p in people})

        def progress(line: str) -> None:
            nonlocal run
            run = run.model_copy(update={"progress": line})
            store.put_run(run, expect=("running",))

        progress(f"Matching {len(people):,} people")
        result = matcher(people, config, progress=progress)
        payload: dict[str, Any] = {**result.model_dump(mode="json"), "excluded": excluded}
        parts, size = store.put_run_result(program_id, run_id, payload)
        run = run.model_copy(update={
            "status": "succeeded", "finished_at": runs.now(), "progress": None, "participants": len(people),
            "summary": runs.camel(result.summary.model_dump(mode="json")), "result_parts": parts, "result_bytes": size})
        store.put_run(run, expect=("running",))
        return run
    except Exception as error:
        logger.error("matching run %s of %s failed: %s", run_id, program_id, type(error).__name__)
        failed = run.model_copy(update={"status": "failed", "finished_at": runs.now(), "progress": None,
                                        "reason": failure_reason(error, run_id)})
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

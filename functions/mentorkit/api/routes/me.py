"""What belongs to the signed-in employee: their sign-ups, training, and deleting it all."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path

from mentorkit.api.auth import caller
from mentorkit.api.resources import store
from mentorkit.domain import runs, training
from mentorkit.domain.models import Model, Signup, TrainingCompletion, TrainingCompletionIn
from mentorkit.domain.roster import roster_sub

router = Router()

ModuleId = Annotated[str, Path(pattern=r"^[a-z0-9-]{1,64}$", description="The training module's id.")]


class TrainingRecord(Model):
    completed: list[TrainingCompletion]


class Deleted(Model):
    deleted: int


@router.get("/api/me/signups", summary="Your sign-ups, in every program")
def my_signups() -> list[Signup]:
    who = caller(router)
    return store().my_signups(who.sub) + store().my_signups(roster_sub(who.email))


@router.delete("/api/me", summary="Delete every item about you: sign-ups, matches, training, survey links")
def delete_me() -> Deleted:
    """Runs first (found through the sign-ups), then every item keyed to the person."""
    who = caller(router)
    db = store()
    subs = (who.sub, roster_sub(who.email))
    programs = {s.program_id for sub in subs for s in db.my_signups(sub)}
    runs.forget_person(db, programs, who.sub, who.email)
    return Deleted(deleted=db.delete_person(*subs))


@router.get("/api/me/training", summary="Your completed training modules")
def list_training() -> TrainingRecord:
    return TrainingRecord(completed=store().list_training(caller(router).sub))


@router.put("/api/me/training/<moduleId>", summary="Record a passed knowledge check (422 names a wrong answer)")
def complete_training(moduleId: ModuleId, body: TrainingCompletionIn) -> TrainingCompletion:  # noqa: N803
    training.check(training.load(moduleId), body.answers)
    completion = TrainingCompletion(module_id=moduleId, completed_at=datetime.now(UTC))
    store().put_training(caller(router).sub, completion)
    return completion

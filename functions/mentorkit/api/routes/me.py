"""What belongs to the signed-in employee: their training, and deleting it all (their sign-ups are
the sign-ups area's)."""

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path

from mentorkit.api.auth import Caller
from mentorkit.domain.models import Model, TrainingCompletion, TrainingCompletionIn
from mentorkit.resources import mailer, store
from mentorkit.services import people
from mentorkit.settings import get_settings

router = Router()

ModuleId = Annotated[str, Path(pattern=r"^[a-z0-9-]{1,64}$", description="The training module's id.")]


class TrainingRecord(Model):
    completed: list[TrainingCompletion]


class Deleted(Model):
    deleted: int


@router.delete("/api/me", summary="Delete every item about you: sign-ups, matches, training, survey answers")
def delete_me(who: Caller) -> Deleted:
    return Deleted(deleted=people.delete_me(store(), who, mailer(), get_settings().survey_hmac_key))


@router.get("/api/me/training", summary="Your completed training modules")
def list_training(who: Caller) -> TrainingRecord:
    return TrainingRecord(completed=people.list_training(store(), who))


@router.put("/api/me/training/<moduleId>", summary="Record a passed knowledge check (422 names a wrong answer)")
def complete_training(moduleId: ModuleId, body: TrainingCompletionIn, who: Caller) -> TrainingCompletion:  # noqa: N803
    return people.complete_training(store(), who, moduleId, body.answers)

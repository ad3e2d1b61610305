"""What belongs to one person: their sign-ups, training, and deleting all of it."""

from __future__ import annotations

from datetime import UTC, datetime

from mentorkit.domain import training
from mentorkit.domain.models import Signup, TrainingCompletion
from mentorkit.domain.people import Person
from mentorkit.services import programs as programs_service
from mentorkit.services import relationships, runs, surveys
from mentorkit.services.notifications import Mailer
from mentorkit.store import Store


def my_signups(store: Store, who: Person) -> list[Signup]:
    return [signup for person_id in who.ids for signup in store.my_signups(person_id)]


def delete_me(store: Store, who: Person, mail: Mailer, survey_key: bytes) -> int:
    """Runs and anonymous surveys' answered marks first (found through the sign-ups), then the pairs
    (ended, the person cut out of the partner's records), then every item keyed to the person
    (named survey answers included); how many items went."""
    programs = {s.program_id for s in my_signups(store, who)}
    runs.forget_person(store, programs, who)
    programs_service.forget_person(store, programs, who.email)
    marks = surveys.forget_person(store, programs, who, survey_key)
    relationships.forget(store, who, mail)
    return store.delete_person(*who.ids) + marks


def list_training(store: Store, who: Person) -> list[TrainingCompletion]:
    return store.list_training(who.sub)


def complete_training(store: Store, who: Person, module_id: str, answers: dict[str, str]) -> TrainingCompletion:
    """Record a module as completed only when the server's answer key agrees with every answer."""
    training.check(training.load(module_id), answers)
    completion = TrainingCompletion(module_id=module_id, completed_at=datetime.now(UTC))
    store.put_training(who.sub, completion)
    return completion

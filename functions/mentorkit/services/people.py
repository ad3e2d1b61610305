"""What belongs to one person: their sign-ups, training, and deleting all of it."""

from __future__ import annotations

from datetime import UTC, datetime

from mentorkit.domain.models import Signup, TrainingCompletion
from mentorkit.domain.people import Person
from mentorkit.services import runs, surveys
from mentorkit.store import Store


def my_signups(store: Store, who: Person) -> list[Signup]:
    return [signup for person_id in who.ids for signup in store.my_signups(person_id)]


def delete_me(store: Store, who: Person, survey_key: bytes) -> int:
    """Runs and anonymous surveys' answered marks first (found through the sign-ups), then every
    item keyed to the person (named survey answers included); how many items went."""
    programs = {s.program_id for s in my_signups(store, who)}
    runs.forget_person(store, programs, who)
    marks = surveys.forget_person(store, programs, who, survey_key)
    return store.delete_person(*who.ids) + marks


def list_training(store: Store, who: Person) -> list[TrainingCompletion]:
    return store.list_training(who.sub)


def complete_training(store: Store, who: Person, module_id: str) -> TrainingCompletion:
    completion = TrainingCompletion(module_id=module_id, completed_at=datetime.now(UTC))
    store.put_training(who.sub, completion)
    return completion

"""The store on moto: key formats, deleting a person, imports that can always be finished."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mentorkit.domain.errors import Conflict, NotFound
from mentorkit.domain.models import Program, Signup, TrainingCompletion
from mentorkit.store import Store

NOW = datetime(2026, 11, 25, tzinfo=UTC)


def program(program_id: str = "p1") -> Program:
    return Program(program_id=program_id, name="P", opens_at=NOW - timedelta(days=1),
                   closes_at=NOW + timedelta(days=30), skills=["Writing"], created_at=NOW, created_by="c@example.org")


def signup(sub: str, program_id: str = "p1", **changes: Any) -> Signup:
    base = dict(role="mentee", department="Sales", job_level=2, languages=["English"], time_zone="Europe/London",
                consent=True, program_id=program_id, sub=sub, email=f"{sub}@example.org", created_at=NOW,
                updated_at=NOW)
    return Signup(**{**base, **changes})


def test_program_ids_are_unique(moto_table: Any) -> None:
    store = Store(moto_table)
    store.create_program(program())
    with pytest.raises(Conflict):
        store.create_program(program())
    with pytest.raises(NotFound):
        store.get_program("missing")
    with pytest.raises(NotFound):
        store.replace_program(program("missing"))


def test_delete_person_removes_only_that_person(moto_table: Any) -> None:
    store = Store(moto_table)
    store.create_program(program("p1"))
    store.create_program(program("p2"))
    for pid in ("p1", "p2"):
        store.put_signup(signup("ana", pid))
        store.put_signup(signup("bo", pid))
    store.put_training("ana", TrainingCompletion(module_id="feedback", completed_at=NOW))
    store.put_training("bo", TrainingCompletion(module_id="feedback", completed_at=NOW))

    assert store.delete_person("ana") == 3
    assert store.items_about("ana") == []
    assert [s.sub for s in store.list_signups("p1")] == ["bo"]
    assert len(store.list_training("bo")) == 1
    assert store.get_program("p1").name == "P"


def test_an_import_cut_short_deletes_nothing_and_is_finished_by_writing_again(moto_table: Any) -> None:
    class FailsAfter:
        """The real moto table, with a write that fails partway through the import."""

        def __init__(self, table: Any, allowed: int) -> None:
            self.table, self.allowed = table, allowed

        def batch_writer(self) -> Any:
            writer = self.table.batch_writer()
            outer = self

            class Writer:
                def __enter__(self) -> Any:
                    writer.__enter__()
                    return self

                def __exit__(self, *exc: Any) -> Any:
                    return writer.__exit__(*exc)

                def put_item(self, Item: dict) -> None:  # noqa: N803 - boto3's name
                    if outer.allowed == 0:
                        raise RuntimeError("throttled")
                    outer.allowed -= 1
                    writer.put_item(Item=Item)

                def delete_item(self, Key: dict) -> None:  # noqa: N803
                    writer.delete_item(Key=Key)

            return Writer()

    Store(moto_table).create_program(program())
    Store(moto_table).put_signup(signup("already-here"))
    store = Store(FailsAfter(moto_table, allowed=30))
    batch = [signup(f"s{i}") for i in range(60)]
    with pytest.raises(RuntimeError):
        store.put_signups(batch)
    assert "already-here" in {s.sub for s in Store(moto_table).list_signups("p1")}
    assert Store(moto_table).put_signups(batch) == 60
    assert len(Store(moto_table).list_signups("p1")) == 61


def test_signups_are_found_by_program_and_by_person(moto_table: Any) -> None:
    store = Store(moto_table)
    store.put_signups([signup(f"s{i}", pid) for i in range(3) for pid in ("p1", "p2")])
    assert len(store.list_signups("p1")) == 3
    assert {s.program_id for s in store.my_signups("s1")} == {"p1", "p2"}


def test_moving_a_signup_leaves_it_under_exactly_one_id(moto_table: Any) -> None:
    store = Store(moto_table)
    store.put_signup(signup("roster:ana@example.org", email="ana@example.org"))
    mine = signup("ana-sub")
    assert store.move_signup("roster:ana@example.org", mine) is True
    assert [s.sub for s in store.list_signups("p1")] == ["ana-sub"]
    assert store.move_signup("roster:ana@example.org", mine) is False   # already moved by a twin request
    assert [s.sub for s in store.list_signups("p1")] == ["ana-sub"]

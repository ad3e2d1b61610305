"""The daily health job on moto (DynamoDB and SES): quiet pairs nudged once, stalled pairs reported
to the coordinator once, unanswered requests expired with a note to choose again."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import boto3
import pytest
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends

from mentorkit.domain.models import Program
from mentorkit.domain.relationships import Meeting, MentorRequest, Relationship
from mentorkit.services import nudges
from mentorkit.services.notifications import mailer
from mentorkit.store import Store

REGION = "eu-west-1"
SENDER = "mentoring@example.org"
START = datetime(2027, 1, 4, 9, tzinfo=UTC)


@pytest.fixture
def world(moto_table: Any) -> tuple[Store, Any]:
    boto3.client("ses", region_name=REGION).verify_email_identity(EmailAddress=SENDER)
    store = Store(moto_table)
    store.create_program(Program(program_id="spring", name="Spring cohort", opens_at=START, closes_at=START
                                 + timedelta(days=300), created_at=START, created_by="coord@example.org"))
    for n, mentee in enumerate(("ana", "ben")):
        store.start_relationship(Relationship(
            relationship_id=f"rel-{mentee}", program_id="spring", program_name="Spring cohort", source="match",
            mentee_sub=f"sub-{mentee}", mentee_email=f"{mentee}@example.org", mentor_sub="sub-max",
            mentor_email="max@example.org", started_at=START), mentor_capacity=2)
    # Ben's pair met on day 50; Ana's never met.
    ben = store.get_relationship("rel-ben")
    store.log_meeting(ben, Meeting(meeting_id="m1", held_on=date(2027, 2, 22), minutes=30, logged_by="mentee",
                                   created_at=START), None, None)
    store.open_request(MentorRequest(
        request_id="req-1", program_id="spring", program_name="Spring cohort", mentee_sub="sub-cat",
        mentee_email="cat@example.org", mentor_sub="sub-zoe", mentor_email="zoe@example.org", message="Hi",
        created_at=START, expires_at=START + timedelta(days=7)), most=3)
    return store, boto3.client("sesv2", region_name=REGION)


def inbox() -> dict[str, list[str]]:
    letters: dict[str, list[str]] = {}
    for message in ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages:
        letters.setdefault(message.destinations["ToAddresses"][0], []).append(message.subject)
    return letters


def test_quiet_pairs_are_nudged_once_and_stalled_ones_reported_once(world: tuple[Store, Any]) -> None:
    store, ses = world
    mail = mailer(ses, SENDER)
    # Day 30: Ana's pair (no meeting since day 0) is quiet; Ben's is not (it met on day 49).
    report = nudges.run(store, mail, START.date() + timedelta(days=30), "https://mentoring.example.org")
    assert (report.relationships, report.quiet_nudged, report.stalled_reported) == (2, 1, 0)
    assert report.health == {"quiet": 1, "healthy": 1}
    assert inbox()["ana@example.org"] == ["How is your mentoring in Spring cohort going?"]
    assert report.requests_expired == 1
    assert inbox()["cat@example.org"] == ["Your request in Spring cohort has expired"]
    assert store.get_request("req-1").status == "expired"
    # The next day: nothing new to say to anyone.
    again = nudges.run(store, mail, START.date() + timedelta(days=31))
    assert (again.quiet_nudged, again.stalled_reported, again.requests_expired) == (0, 0, 0)
    # Day 95: Ana's pair is stalled (the coordinator is told once); Ben's is quiet now (nudged).
    later = nudges.run(store, mail, START.date() + timedelta(days=95))
    assert (later.quiet_nudged, later.stalled_reported) == (1, 1)
    assert inbox()["coord@example.org"] == ["1 stalled pair(s) in Spring cohort"]
    assert inbox()["ben@example.org"] == ["How is your mentoring in Spring cohort going?"]
    assert nudges.run(store, mail, START.date() + timedelta(days=96)).stalled_reported == 0


def test_a_meeting_after_a_nudge_starts_the_count_again(world: tuple[Store, Any]) -> None:
    store, ses = world
    mail = mailer(ses, SENDER)
    nudges.run(store, mail, START.date() + timedelta(days=30))
    ana = store.get_relationship("rel-ana")
    store.log_meeting(ana, Meeting(meeting_id="m2", held_on=START.date() + timedelta(days=31), minutes=45,
                                   logged_by="mentor", created_at=START), None, None)
    assert nudges.run(store, mail, START.date() + timedelta(days=40)).quiet_nudged == 0
    assert nudges.run(store, mail, START.date() + timedelta(days=31 + 21)).quiet_nudged == 1   # Ben met on day 49
    assert inbox()["ana@example.org"] == ["How is your mentoring in Spring cohort going?"] * 2

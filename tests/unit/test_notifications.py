"""Match notifications through SES (moto): one letter per person, partner and reasons in it."""

from __future__ import annotations

from datetime import UTC, datetime

import boto3
import pytest
from moto import mock_aws
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends

from mentorkit.domain.runs import MatchRecord
from mentorkit.services.notifications import OFF, notify_matches

REGION = "eu-west-1"
SENDER = "mentoring@example.org"


def record(mentee: str, mentor: str, fmt: str = "one_to_one") -> MatchRecord:
    return MatchRecord(program_id="spring-1", program_name="Spring cohort", run_id="r1", format=fmt,
                       mentee_sub=f"sub-{mentee}", mentee_email=f"{mentee}@example.org", mentor_sub=f"sub-{mentor}",
                       mentor_email=f"{mentor}@example.org", score=82.5,
                       reasons=["The mentor offers 1 of the skills the mentee wants: writing."],
                       published_at=datetime(2027, 3, 1, tzinfo=UTC))


@pytest.fixture
def ses(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        client = boto3.client("sesv2", region_name=REGION)
        boto3.client("ses", region_name=REGION).verify_email_identity(EmailAddress=SENDER)
        yield client


def sent() -> list:
    return ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages


def test_each_matched_person_gets_one_letter_naming_their_partners(ses) -> None:  # noqa: ANN001
    report = notify_matches(ses, SENDER, [record("ana", "max"), record("cat", "max"), record("ben", "zoe")],
                            site_url="https://mentoring.example.org/")
    assert (report.sent, report.failed) == (5, 0)
    letters = {m.destinations["ToAddresses"][0]: m for m in sent()}
    assert set(letters) == {f"{n}@example.org" for n in ("ana", "cat", "ben", "max", "zoe")}
    to_max = letters["max@example.org"]
    assert to_max.source == SENDER
    assert to_max.subject == "Your match in Spring cohort"
    assert "ana@example.org, your mentee" in to_max.body and "cat@example.org, your mentee" in to_max.body
    to_ana = letters["ana@example.org"]
    assert "max@example.org, your mentor" in to_ana.body
    assert "skills the mentee wants" in to_ana.body
    assert "https://mentoring.example.org/app/my-mentoring/" in to_ana.body
    assert "5 people were e-mailed" in report.line()


def test_peers_are_each_others_peer(ses) -> None:  # noqa: ANN001
    notify_matches(ses, SENDER, [record("ana", "ben", fmt="peer")])
    bodies = {m.destinations["ToAddresses"][0]: m.body for m in sent()}
    assert "ben@example.org, your peer" in bodies["ana@example.org"]
    assert "ana@example.org, your peer" in bodies["ben@example.org"]


def test_no_sender_means_no_mail_and_says_so(ses) -> None:  # noqa: ANN001
    report = notify_matches(ses, "", [record("ana", "max")])
    assert sent() == []
    assert report.skipped == OFF and report.line() == OFF


def test_an_unverified_sender_fails_per_letter_without_raising(ses) -> None:  # noqa: ANN001
    report = notify_matches(ses, "nobody@elsewhere.example", [record("ana", "max")])
    assert (report.sent, report.failed) == (0, 2)
    assert "could not be sent" in report.line()

"""The pure rules of a relationship: health from the last meeting, hours by month, the .ics file."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mentorkit.domain.relationships import (
    Meeting, Relationship, health, hours_by_month, ics, needs_telling, second_person,
)

START = datetime(2027, 3, 1, 9, tzinfo=UTC)


def pair(**changes: object) -> Relationship:
    return Relationship(relationship_id="rel-1", program_id="p", program_name="Spring; cohort", source="request",
                        mentee_sub="a", mentee_email="ana@example.org", mentor_sub="m",
                        mentor_email="max@example.org", started_at=START, **changes)


@pytest.mark.parametrize(("days", "expected"), [(0, "healthy"), (20, "healthy"), (21, "quiet"), (89, "quiet"),
                                                 (90, "stalled")])
def test_health_follows_the_days_since_the_start_before_any_meeting(days: int, expected: str) -> None:
    assert health(pair(), date.fromordinal(START.date().toordinal() + days)) == expected


def test_health_counts_from_the_last_meeting_and_closed_pairs_are_closed() -> None:
    met = pair(last_meeting_on=date(2027, 6, 1))
    assert health(met, date(2027, 6, 10)) == "healthy"
    assert health(met, date(2027, 6, 10), quiet_after_days=5, stalled_after_days=30) == "quiet"
    assert health(pair(status="completed"), date(2028, 1, 1)) == "closed"


def test_a_pair_is_told_once_per_silence() -> None:
    quiet = pair(last_meeting_on=date(2027, 4, 1))
    assert needs_telling(quiet, "quiet", None)
    assert not needs_telling(quiet, "quiet", date(2027, 4, 25))
    assert needs_telling(quiet, "quiet", date(2027, 3, 25)), "told before the last meeting: a new silence"
    assert not needs_telling(quiet, "healthy", None)


def test_hours_roll_up_by_month() -> None:
    meetings = [Meeting(meeting_id=str(n), held_on=day, minutes=minutes, logged_by="mentee", created_at=START)
                for n, (day, minutes) in enumerate([(date(2027, 3, 2), 45), (date(2027, 3, 30), 45),
                                                    (date(2027, 4, 1), 20)])]
    assert hours_by_month(meetings) == {"2027-03": 1.5, "2027-04": 0.33}


def test_the_ics_file_names_the_partner_and_escapes_text() -> None:
    text = ics(pair(), "mentee", datetime(2027, 4, 1, 10, 30, tzinfo=UTC), site_url="https://m.example.org/")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "DTSTART:20270401T103000Z\r\nDTEND:20270401T113000Z" in text
    assert "SUMMARY:Mentoring meeting (Spring\\; cohort)" in text
    assert "max@example.org" in text and "https://m.example.org/app/my-mentoring/" in text


@pytest.mark.parametrize(("reason", "side", "expected"), [
    ("The mentor offers 2 of the skills the mentee wants: writing, leadership.", "mentee",
     "Your mentor offers 2 of the skills you want: writing, leadership."),
    ("The mentor offers 2 of the skills the mentee wants: writing, leadership.", "mentor",
     "You offer 2 of the skills your mentee wants: writing, leadership."),
    ("The mentor is 4 levels above the mentee (level 7 vs 3).", "mentee", "Your mentor is 4 levels above you (level 7 vs 3)."),
    ("The mentor is 4 levels above the mentee (level 7 vs 3).", "mentor", "You are 4 levels above your mentee (level 7 vs 3)."),
    ("Both speak English, the mentee's first language.", "mentor",
     "You both speak English, your mentee's first language."),
    ("Both in Finance.", "mentee", "You are both in Finance."),
    ("None of the skills the mentee wants is on the mentor's list.", "mentor",
     "None of the skills your mentee wants is on your list."),
])
def test_reasons_are_addressed_to_the_reader(reason: str, side: str, expected: str) -> None:
    assert second_person(reason, side) == expected

"""E-mail people through SES: their published matches, and reminders of open surveys.

One match e-mail per person and program, naming every partner they were matched with and why;
one reminder per person who has not answered. The SES client is passed in. Nothing personal
goes to the logs: only counts.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, NamedTuple

from botocore.exceptions import ClientError

from mentorkit.domain.relationships import REMOVED, Relationship
from mentorkit.domain.models import Program
from mentorkit.domain.runs import MatchRecord

logger = logging.getLogger(__name__)

OFF = ("Notifications are off (no sender address is configured), so nobody was e-mailed: "
       "tell participants to look at My mentoring on the site.")


class Letter(NamedTuple):
    to: str
    subject: str
    text: str


class NotificationReport(NamedTuple):
    sent: int
    failed: int
    skipped: str | None = None

    def line(self) -> str:
        if self.skipped:
            return self.skipped
        tail = f"; {self.failed} could not be sent (see the matching function's logs)" if self.failed else ""
        return f"{self.sent} people were e-mailed their match{tail}."


def _partner_line(record: MatchRecord, me: str) -> str:
    if record.format == "peer":
        role, partner = "your peer", record.mentor_email if me == record.mentee_sub else record.mentee_email
    elif me == record.mentee_sub:
        role, partner = "your mentor", record.mentor_email
    else:
        role, partner = "your mentee", record.mentee_email
    why = "".join(f"\n    - {reason}" for reason in record.reasons)
    return f"- {partner}, {role}.{(chr(10) + '  Why:' + why) if why else ''}"


def letters(records: Iterable[MatchRecord], site_url: str = "") -> list[Letter]:
    """One letter per person and program, listing all their partners there."""
    by_person: dict[tuple[str, str], list[MatchRecord]] = defaultdict(list)
    emails: dict[str, str] = {}
    for record in records:
        for sub, email in ((record.mentee_sub, record.mentee_email), (record.mentor_sub, record.mentor_email)):
            by_person[(sub, record.program_id)].append(record)
            emails[sub] = email
    out = []
    for (sub, _), mine in sorted(by_person.items()):
        program = mine[0].program_name
        where = f"\n\nSee it, and the guides for your first meeting, at {site_url.rstrip('/')}/app/my-mentoring/" \
            if site_url else "\n\nSign in to the mentoring site and open My mentoring to see it."
        body = (f"Hello,\n\nYou have been matched in {program}:\n\n"
                + "\n".join(_partner_line(r, sub) for r in mine)
                + where
                + "\n\nSay hello within a week and agree a first meeting. If something is wrong, "
                  "reply to your program coordinator.\n")
        out.append(Letter(to=emails[sub], subject=f"Your match in {program}", text=body))
    return out


def rematched_letters(ended: Iterable[Relationship], started: Iterable[MatchRecord],
                      site_url: str = "") -> list[Letter]:
    """A letter to each person a publish took out of a pair and gave no new one (the others get
    their new match's letter)."""
    matched = {sub for r in started for sub in (r.mentee_sub, r.mentor_sub)}
    where = f"{site_url.rstrip('/')}/app/my-mentoring/" if site_url else "My mentoring on the mentoring site"
    out = []
    for relationship in ended:
        for sub, email in ((relationship.mentee_sub, relationship.mentee_email),
                           (relationship.mentor_sub, relationship.mentor_email)):
            if sub not in matched and email != REMOVED:
                out.append(Letter(to=email, subject=f"Your match in {relationship.program_name} has changed",
                                  text=f"Hello,\n\nYour coordinator has changed the pairs in "
                                       f"{relationship.program_name}, and your pair has ended. See what happens "
                                       f"next at {where}.\n"))
    return out


def survey_reminders(emails: Iterable[str], program: Program, title: str, closes_at: datetime,
                     link: str) -> list[Letter]:
    """The same short reminder to each address: which survey, until when, and where to answer."""
    text = (f"Hello,\n\nThe survey '{title}' for {program.name} is open until "
            f"{closes_at:%d %B %Y, %H:%M} UTC, and we have not had your answer yet. It takes a few "
            f"minutes:\n\n{link}\n\nIf you answered in the last few minutes, thank you, and please "
            "ignore this e-mail.\n")
    return [Letter(to=email, subject=f"A few minutes for {program.name}: {title}", text=text) for email in emails]


def send(ses: Any, sender: str, batch: Iterable[Letter]) -> NotificationReport:
    """Send letters via SES (`sesv2`), one at a time; no sender means no e-mails."""
    if not sender:
        return NotificationReport(sent=0, failed=0, skipped=OFF)
    sent = failed = 0
    for letter in batch:
        try:
            ses.send_email(
                FromEmailAddress=sender,
                Destination={"ToAddresses": [letter.to]},
                Content={"Simple": {"Subject": {"Data": letter.subject, "Charset": "UTF-8"},
                                    "Body": {"Text": {"Data": letter.text, "Charset": "UTF-8"}}}},
            )
            sent += 1
        except ClientError as error:
            failed += 1
            logger.warning("a notification was not sent: %s", error.response["Error"]["Code"])
    logger.info("notifications: %d sent, %d failed", sent, failed)
    return NotificationReport(sent=sent, failed=failed)


def notify_matches(ses: Any, sender: str, records: Iterable[MatchRecord], site_url: str = "") -> NotificationReport:
    """Send each matched person their letter."""
    return send(ses, sender, letters(records, site_url))


# A service's way to send e-mail without knowing SES: `mail([Letter(...)])`.
Mailer = Callable[[list[Letter]], NotificationReport]


def mailer(ses: Any, sender: str) -> Mailer:
    """A Mailer over one SES client and sender (no sender: a Mailer that sends nothing)."""
    return lambda batch: send(ses, sender, batch)

"""The daily health job: expire unanswered requests, nudge quiet pairs, tell coordinators of stalled ones.

In AWS a scheduled function runs it once a day (`workers/nudges.py`); locally `mentorkit nudge
[--as-of DATE]` runs the same code. Each pair is told once per silence: the store marks it
with a conditional write before the e-mail goes, so two runs on one day never both send.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from mentorkit.domain import relationships as rel
from mentorkit.domain.models import Program
from mentorkit.domain.relationships import Relationship
from mentorkit.services.notifications import Letter, Mailer
from mentorkit.services.relationships import expire_overdue
from mentorkit.store import Store


@dataclass
class NudgeReport:
    """What the job did, in counts only (no names or addresses: it is logged)."""

    programs: int = 0
    relationships: int = 0
    health: dict[str, int] = field(default_factory=dict)
    quiet_nudged: int = 0
    stalled_reported: int = 0
    requests_expired: int = 0


def _quiet_letters(relationship: Relationship, program: Program, where: str) -> list[Letter]:
    return [Letter(to=email, subject=f"How is your mentoring in {program.name} going?",
                   text=f"Hello,\n\nNo meeting has been logged in your mentoring pair for {program.quiet_after_days} "
                        f"days or more. A short check-in keeps things moving: agree a time, and log it at {where}.\n\n"
                        "If something is in the way, your coordinator can help.\n")
            for email in (relationship.mentee_email, relationship.mentor_email) if email != rel.REMOVED]


def _stalled_letter(program: Program, stalled: list[Relationship], where: str) -> Letter:
    lines = "\n".join(f"- {r.mentee_email} and {r.mentor_email}, last met {r.last_meeting_on or 'never'}"
                      for r in stalled)
    return Letter(to=program.created_by, subject=f"{len(stalled)} stalled pair(s) in {program.name}",
                  text=f"Hello,\n\nThese pairs have logged no meeting for {program.stalled_after_days} days or more:\n\n"
                       f"{lines}\n\nSee them at {where} (filter: stalled) and check in with them.\n")


def run(store: Store, mail: Mailer, as_of: date, site_url: str = "") -> NudgeReport:
    """One pass over every program, as of a day (the job passes today; the CLI any day)."""
    report = NudgeReport()
    base = site_url.rstrip("/")
    at = datetime.combine(as_of, time(23, 59), tzinfo=UTC)
    for program in store.list_programs():
        report.programs += 1
        for mentee in store.mentees_with_open_requests(program.program_id):
            report.requests_expired += expire_overdue(store, store.requests_sent(mentee), mail, at)
        stalled = []
        for relationship in store.program_relationships(program.program_id):
            report.relationships += 1
            state = rel.health(relationship, as_of, program.quiet_after_days, program.stalled_after_days)
            report.health[state] = report.health.get(state, 0) + 1
            since = relationship.last_meeting_on or relationship.started_at.date()
            if state == "stalled" and rel.needs_telling(relationship, state, relationship.stalled_reported_on) \
                    and store.mark_told(relationship.relationship_id, "stalledReportedOn", as_of, since):
                stalled.append(relationship)
            if state in ("quiet", "stalled") and rel.needs_telling(relationship, state, relationship.quiet_nudged_on) \
                    and store.mark_told(relationship.relationship_id, "quietNudgedOn", as_of, since):
                mail(_quiet_letters(relationship, program, f"{base}/app/my-mentoring/" if base else "My mentoring"))
                report.quiet_nudged += 1
        if stalled:
            mail([_stalled_letter(program, stalled, f"{base}/app/console/" if base else "the console")])
            report.stalled_reported += len(stalled)
    return report

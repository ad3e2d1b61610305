"""Sign-ups and rosters: each employee manages their own; coordinators list, export and import.

The API and `mentorkit roster` import through `import_roster` here, with the same rules.
"""

import logging
import secrets
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from typing import NamedTuple

from mentorkit.domain.errors import Conflict, InvalidInput, NotFound
from mentorkit.domain.models import Model, Role, Signup, SignupIn
from mentorkit.domain.people import Person, is_roster_id
from mentorkit.domain.roster import (
    RejectedRow, RosterImport, RosterReport, check_structure, parse_roster, to_csv,
)
from mentorkit.domain.signups import check_signup, check_window, with_program_defaults
from mentorkit.services import relationships
from mentorkit.services.relationships import OnClosed
from mentorkit.store import Store

logger = logging.getLogger(__name__)

def _adopt_roster_signup(store: Store, program_id: str, who: Person) -> Signup | None:
    """A person imported from a roster finds their sign-up waiting under their e-mail the first
    time they sign in; from then on it is theirs, under their own `sub`."""
    imported = store.get_signup(program_id, who.roster_id)
    if imported is None:
        return None
    mine = imported.model_copy(update={"sub": who.sub, "email": who.email})
    return mine if store.move_signup(imported.sub, mine) else store.get_signup(program_id, who.sub)


def own_signup(store: Store, program_id: str, who: Person) -> Signup | None:
    return store.get_signup(program_id, who.sub) or _adopt_roster_signup(store, program_id, who)


def save_signup(store: Store, who: Person, program_id: str, body: SignupIn) -> Signup:
    """Sign up, or change a sign-up (one per person and program), inside the program's window."""
    program = store.get_program(program_id)
    now = datetime.now(UTC)
    check_window(program, now)
    check_signup(program, body, who.email)
    previous = own_signup(store, program_id, who)
    signup = Signup(**with_program_defaults(body, program).model_dump(), program_id=program_id, sub=who.sub,
                    email=who.email, created_at=previous.created_at if previous else now, updated_at=now)
    store.put_signup(signup)
    return signup


def get_own_signup(store: Store, program_id: str, who: Person) -> Signup:
    signup = own_signup(store, program_id, who)
    if signup is None:
        raise NotFound("You have not signed up for this program.", field="programId")
    return signup


def withdraw(store: Store, program_id: str, who: Person, reason: str | None, on_closed: OnClosed) -> Signup:
    """Withdrawn sign-ups stay on record (status `withdrawn`) and are left out of matching;
    signing up again makes them active. Deleting one's data removes them for good.

    Someone in a live pair must confirm by giving a `reason` (409 otherwise): the pair is then
    cancelled with it, the partner is told (`on_closed`) and the coordinator sees why."""
    signup = own_signup(store, program_id, who)
    if signup is None or signup.status == "withdrawn":
        raise NotFound("You have no active sign-up for this program.", field="programId")
    live = [r for r in store.relationships_of(*who.ids) if r.program_id == program_id and r.status == "active"]
    if live and not reason:
        raise Conflict("You are in a mentoring relationship in this program: withdrawing ends it and your partner "
                       "is told. Confirm by sending a reason.", field="reason",
                       extra={"relationships": [r.relationship_id for r in live]})
    if live:
        relationships.close_for_leaver(store, who, {program_id}, f"Withdrew from the program: {reason}", on_closed)
    withdrawn = signup.model_copy(update={"status": "withdrawn", "updated_at": datetime.now(UTC)})
    store.put_signup(withdrawn)
    return withdrawn


class SignupList(Model):
    signups: list[Signup]
    total: int
    counts: dict[str, dict[str, int]]


class SignupFilter(NamedTuple):
    role: Role | None = None
    department: str | None = None
    status: str | None = None

    def __call__(self, signup: Signup) -> bool:
        return ((self.role is None or signup.role == self.role)
                and (self.status is None or signup.status == self.status)
                and (self.department is None or signup.department.casefold() == self.department.casefold()))


def list_signups(store: Store, program_id: str, keep: SignupFilter) -> SignupList:
    store.get_program(program_id)
    signups = [s for s in store.list_signups(program_id) if keep(s)]
    counts = {name: dict(Counter(getattr(s, name) for s in signups)) for name in ("role", "department", "status")}
    return SignupList(signups=signups, total=len(signups), counts=counts)


def export_csv(store: Store, program_id: str, keep: SignupFilter) -> str:
    """The roster format, so an export can be edited and imported again."""
    return to_csv(list_signups(store, program_id, keep).signups)


class RosterResult(Model):
    rows: int
    imported: int
    kept: int = 0
    dry_run: bool


def import_roster(store: Store, program_id: str, text: str, *, dry_run: bool,
                  checked: Callable[[int], None] | None = None,
                  written: Callable[[int], None] | None = None) -> RosterResult:
    """Check every row like the sign-up form does, then import all rows, or none.

    A roster with any bad row raises InvalidInput listing every bad row in `details`
    ({line, field, message}); nothing is written then. Someone who already signed up on the
    site keeps their own sign-up: their row is counted as `kept`, so nobody is in a program twice.
    """
    if not text.strip():
        raise InvalidInput("Send the roster as CSV (the first line names the columns).", field="body")
    program = store.get_program(program_id)
    report = parse_roster(text, program, datetime.now(UTC), progress=checked)
    _refuse_rejected(report)
    signed_up = {str(s.email).casefold() for s in store.list_signups(program_id) if not is_roster_id(s.sub)}
    fresh = [s for s in report.accepted if str(s.email).casefold() not in signed_up]
    imported = 0 if dry_run else store.put_signups(fresh, progress=written)
    return RosterResult(rows=report.rows, imported=imported, kept=len(report.accepted) - len(fresh), dry_run=dry_run)


def _refuse_rejected(report: RosterReport) -> None:
    if not report.rows:
        raise InvalidInput("The roster has a header but no rows.", field="body")
    if report.rejected:
        details = [{"line": r.line, "field": r.field, "message": r.message} for r in report.rejected]
        first = report.rejected[0]
        raise InvalidInput(f"{len(details)} of {report.rows} rows need fixing, so nothing was imported. "
                           f"Line {first.line}, {first.field}: {first.message}", field=first.field, details=details)


# Imports as jobs: the API answers 202 at once, the worker does the work -----------------
STALE_IMPORT_SECONDS = 16 * 60   # the worker's 15-minute limit and a margin
SHOWN_REJECTIONS = 200


def start_import(store: Store, who: Person, program_id: str, text: str, *, dry_run: bool,
                 invoke: Callable[[dict[str, str]], None]) -> RosterImport:
    """Keep the CSV, record a queued job and hand it to the worker."""
    if not text.strip():
        raise InvalidInput("Send the roster as CSV in the body (Content-Type: text/csv).", field="body")
    store.get_program(program_id)
    check_structure(text)
    at = datetime.now(UTC)
    job = RosterImport(program_id=program_id, import_id=f"{at:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}",
                       status="queued", dry_run=dry_run, created_at=at, created_by=who.email)
    job = job.model_copy(update={"csv_parts": store.put_import_csv(program_id, job.import_id, text)})
    store.put_import(job, expect=None)
    try:
        invoke({"action": "roster_import", "programId": program_id, "importId": job.import_id})
    except Exception as error:  # noqa: BLE001 - any failure to hand over means the job never starts
        logger.error("could not hand the roster import over: %s", type(error).__name__)
        job = _finish(store, job, "queued", status="failed", reason=(
            "The import could not be started. Try again in a minute; if it keeps failing, ask IT to check "
            "the matching function, which carries out imports."))
    return job


def run_import(store: Store, program_id: str, import_id: str) -> RosterImport:
    """The worker's job. Idempotent by import id: a finished job is left as it is."""
    job = store.get_import(program_id, import_id)
    if job.status in ("succeeded", "failed"):
        return job
    job = job.model_copy(update={"status": "running"})
    store.put_import(job, expect=("queued", "running"))
    try:
        text = store.get_import_csv(program_id, import_id, job.csv_parts)
        if text is None:
            return _finish(store, job, "running", status="failed",
                           reason="The roster's file was incomplete when the import started. Import it again.")
        result = import_roster(store, program_id, text, dry_run=job.dry_run)
    except InvalidInput as problem:
        rejected = [RejectedRow(**d) for d in problem.details if "line" in d][:SHOWN_REJECTIONS]
        return _finish(store, job, "running", status="failed", reason=problem.message, rejected=rejected)
    except Exception as error:
        _finish(store, job, "running", status="failed", reason=(
            f"The import stopped unexpectedly ({type(error).__name__}). Import the same file again: rows already "
            "written are written again, nothing is duplicated or removed."))
        raise
    return _finish(store, job, "running", status="succeeded", rows=result.rows, imported=result.imported,
                   kept=result.kept)


def get_import(store: Store, program_id: str, import_id: str) -> RosterImport:
    """A job as a coordinator should see it: one the worker never finished reads as failed."""
    job = store.get_import(program_id, import_id)
    if job.status in ("queued", "running") and \
            (datetime.now(UTC) - job.created_at).total_seconds() > STALE_IMPORT_SECONDS:
        return job.model_copy(update={"status": "failed", "reason": (
            "The import did not finish in time. Import the same file again: nothing is duplicated or removed.")})
    return job


def _finish(store: Store, job: RosterImport, expect: str, **changes: object) -> RosterImport:
    """Record the outcome and drop the CSV, which holds personal data the job no longer needs."""
    done = job.model_copy(update={**changes, "finished_at": datetime.now(UTC)})
    store.put_import(done, expect=(expect,))
    store.delete_import_csv(job.program_id, job.import_id)
    return done

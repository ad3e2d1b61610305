"""Sign-ups and rosters: each employee manages their own; coordinators list, export and import.

The API and `mentorkit roster` import through `import_roster` here, with the same rules.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from mentorkit.domain.errors import Conflict, InvalidInput, NotFound
from mentorkit.domain.models import Model, Role, Signup, SignupIn
from mentorkit.domain.people import Person
from mentorkit.domain.roster import RosterReport, parse_roster, to_csv
from mentorkit.domain.signups import check_signup, check_window
from mentorkit.services import relationships
from mentorkit.services.relationships import OnClosed
from mentorkit.store import Store


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
    signup = Signup(**body.model_dump(), program_id=program_id, sub=who.sub, email=who.email,
                    name=previous.name if previous else "",
                    created_at=previous.created_at if previous else now, updated_at=now)
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


@dataclass(frozen=True)
class SignupFilter:
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
    dry_run: bool


def import_roster(store: Store, program_id: str, text: str, *, dry_run: bool,
                  checked: Callable[[int], None] | None = None,
                  written: Callable[[int], None] | None = None) -> RosterResult:
    """Check every row like the sign-up form does, then import all rows, or none.

    A roster with any bad row raises InvalidInput listing every bad row in `details`
    ({field, message, line}); nothing is written then.
    """
    if not text.strip():
        raise InvalidInput("Send the roster as CSV (the first line names the columns).", field="body")
    program = store.get_program(program_id)
    report = parse_roster(text, program, datetime.now(UTC), progress=checked)
    _refuse_rejected(report)
    imported = 0 if dry_run else store.put_signups(report.accepted, progress=written)
    return RosterResult(rows=report.rows, imported=imported, dry_run=dry_run)


def _refuse_rejected(report: RosterReport) -> None:
    if not report.rows:
        raise InvalidInput("The roster has a header but no rows.", field="body")
    if report.rejected:
        details = [{"line": r.line, "field": r.field, "message": r.message} for r in report.rejected]
        first = report.rejected[0]
        raise InvalidInput(f"{len(details)} of {report.rows} rows need fixing, so nothing was imported. "
                           f"Line {first.line}, {first.field}: {first.message}", field=first.field, details=details)

"""Rules a sign-up must meet that depend on the program or on who sends it."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from mentorkit.domain.errors import Conflict, InvalidInput
from mentorkit.domain.models import Program, SignupIn


class Participant(NamedTuple):
    """The few fields of a sign-up that metrics count by (read without the rest of the sign-up)."""

    sub: str
    email: str
    role: str
    department: str
    status: str


def check_window(program: Program, now: datetime) -> None:
    """Sign-ups are taken only while the program is open and inside its window."""
    if program.accepts_signups(now):
        return
    closed = " and the program is closed" if program.status == "closed" else ""
    raise Conflict(
        f"Sign-ups for '{program.name}' are open from {program.opens_at:%d %b %Y %H:%M} "
        f"to {program.closes_at:%d %b %Y %H:%M} UTC{closed}.",
        field="programId",
        extra={"opensAt": program.opens_at.isoformat(), "closesAt": program.closes_at.isoformat()},
    )


def check_signup(program: Program, signup: SignupIn, email: str) -> None:
    """Raise InvalidInput naming the first field that does not fit this program or person."""
    if program.format == "peer" and signup.role != "peer":
        raise InvalidInput("This is a peer program: sign up with the role 'peer'.", field="role")
    if program.format not in ("peer", "mixed") and signup.role == "peer":
        raise InvalidInput("'peer' is only for peer programs: choose mentee, mentor or both.", field="role")
    known = {skill.casefold() for skill in program.skills}
    for name, skills in (("skillsWanted", signup.skills_wanted), ("skillsOffered", signup.skills_offered)):
        for index, skill in enumerate(skills):
            if skill.casefold() not in known:
                raise InvalidInput(f"'{skill}' is not one of this program's skills: put it under Other skills.",
                                   field=f"{name}[{index}]")
    me = email.casefold()
    if signup.manager_email and signup.manager_email.casefold() == me:
        raise InvalidInput("Your manager's e-mail is your own: give your manager's address.", field="managerEmail")
    for index, other in enumerate(signup.never_pair):
        if other.casefold() == me:
            raise InvalidInput("You have listed yourself under 'Never pair me with'.", field=f"neverPair[{index}]")
    questions = {q.id: q for q in program.questions}
    for key, answer in signup.answers.items():
        if key not in questions:
            raise InvalidInput(f"'{key}' is not one of this program's questions.", field=f"answers.{key}")
        if len(answer) > questions[key].max_length:
            raise InvalidInput(f"Keep this answer under {questions[key].max_length} characters.",
                               field=f"answers.{key}")
    for question in program.questions:
        if question.required and not signup.answers.get(question.id, "").strip():
            raise InvalidInput(f"Please answer '{question.label}'.", field=f"answers.{question.id}")


def with_program_defaults(signup: SignupIn, program: Program) -> SignupIn:
    """A mentor who did not say how many mentees they can take gets the program's default capacity."""
    if "capacity" in signup.model_fields_set or signup.role not in ("mentor", "both"):
        return signup
    return signup.model_copy(update={"capacity": program.default_capacity})

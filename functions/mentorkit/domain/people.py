"""Who a person is to mentorkit: one sign-in identity, and the roster alias it may have had.

A person imported from an HR roster has no sign-in yet, so their items wait under
`roster:<email>`. Everything that reads or deletes a person's data asks `Person.ids`, so
the two never drift apart: the API, the worker and "delete my data" resolve them here.
"""

from __future__ import annotations

from typing import NamedTuple

COORDINATORS = "coordinators"
ROSTER_PREFIX = "roster:"


def roster_id(email: str) -> str:
    """The id an imported person's items wait under until they sign in."""
    return f"{ROSTER_PREFIX}{email.casefold()}"


def is_roster_id(person_id: str) -> bool:
    return person_id.startswith(ROSTER_PREFIX)


class Person(NamedTuple):
    """The caller, resolved once per request from what the token proves.

    `email` is set only when the token proves it (verified, at an allowed domain);
    anything keyed by e-mail is refused otherwise.
    """

    sub: str
    email: str
    groups: frozenset[str] = frozenset()

    @property
    def is_coordinator(self) -> bool:
        return COORDINATORS in self.groups

    @property
    def roster_id(self) -> str:
        return roster_id(self.email)

    @property
    def ids(self) -> tuple[str, str]:
        """Every id this person's items may be under: their sign-in first, then the roster alias."""
        return (self.sub, self.roster_id)

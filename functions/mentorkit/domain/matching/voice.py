"""Who a sentence speaks to: the coordinator (third person) or one of the pair (second person).

The same facts read differently to each reader: a coordinator sees "The mentor offers
2 of the skills the mentee wants", the mentee "Your mentor offers 2 of the skills you
want", the mentor "You offer 2 of the skills your mentee wants". Criteria write their
sentences once, with a Voice filling in the people and the verb endings.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Voice:
    mentee: str
    mentor: str
    mentee_pos: str
    mentor_pos: str
    both: str
    them: str
    mentee_is_you: bool = False
    mentor_is_you: bool = False

    def wants(self) -> str:
        """The mentee with "want(s)" agreeing: "the mentee wants" / "you want"."""
        return f"{self.mentee} {'want' if self.mentee_is_you else 'wants'}"

    def offers(self) -> str:
        return f"{self.mentor} {'offer' if self.mentor_is_you else 'offers'}"

    def mentor_is(self) -> str:
        return f"{self.mentor} {'are' if self.mentor_is_you else 'is'}"

    def mentee_asked(self) -> str:
        return f"{self.mentee} asked"


def sentence(text: str) -> str:
    """Capitalise the first letter only (ids and place names keep their case)."""
    return text[:1].upper() + text[1:]


COORDINATOR = Voice("the mentee", "the mentor", "the mentee's", "the mentor's", "both", "them")
MENTEE = Voice("you", "your mentor", "your", "your mentor's", "you both", "you", mentee_is_you=True)
MENTOR = Voice("your mentee", "you", "your mentee's", "your", "you both", "you", mentor_is_you=True)
PEER_COORDINATOR = Voice("the first peer", "the second peer", "the first peer's", "the second peer's", "both",
                         "them")
PEER_FIRST = Voice("you", "your peer", "your", "your peer's", "you both", "you", mentee_is_you=True)
PEER_SECOND = Voice("your peer", "you", "your peer's", "your", "you both", "you", mentor_is_you=True)

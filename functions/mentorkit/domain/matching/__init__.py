"""The matching engine: explainable scores, hard rules, an exact optimiser.

Pure Python (numpy, OR-Tools, networkx): no AWS, no API events, so the API worker,
the CLI and the tests all call the same functions.

    match(participants, config) -> MatchResult   a whole run, every format, explained
    solve(edges, capacities) -> Assignment       the bare optimiser
    score(mentee, mentor, weights) -> Score      one pair and its breakdown
"""

from .criteria import CRITERIA, Direction
from .engine import match
from .errors import MatchingInputError
from .optimiser import SCALE, Assignment, Edges, solve
from .participants import Format, GoalTheme, MatchingConfig, MeetingFormat, Participant, Role, Weights
from .result import MatchedPair, MatchResult, RejectedPin, Summary, Unmatched
from .scoring import Score, score

__all__ = [
    "CRITERIA",
    "SCALE",
    "Assignment",
    "Direction",
    "Edges",
    "Format",
    "GoalTheme",
    "MatchResult",
    "MatchedPair",
    "MatchingConfig",
    "MatchingInputError",
    "MeetingFormat",
    "Participant",
    "RejectedPin",
    "Role",
    "Score",
    "Summary",
    "Unmatched",
    "Weights",
    "match",
    "score",
    "solve",
]

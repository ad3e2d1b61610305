"""From what the API stores to what the matching engine reads: sign-ups → participants,
a program and a coordinator's run request → a MatchingConfig.

The engine keeps its own input model (it also reads CSV rosters); this adapter is the one
place that knows both shapes, so neither has to bend to the other.
"""

from __future__ import annotations

from collections.abc import Mapping

from mentorkit.domain.matching import Format, GoalTheme, MatchingConfig, Participant, Weights
from mentorkit.domain.models import Program, Signup
from mentorkit.domain.runs import RunRequest

# A sign-up in a mixed program may name its format among the program's questions.
FORMAT_ANSWER = "format"


def participant_from_signup(signup: Signup, program_format: str = "one_to_one") -> Participant:
    """One sign-up as the engine sees it, identified by the person's `sub`.

    In a mixed program a person's own format (the `format` answer) is kept; otherwise the
    participant follows the program's format.
    """
    own = signup.answers.get(FORMAT_ANSWER, "").strip().lower() if program_format == "mixed" else ""
    return Participant(
        id=signup.sub,
        email=str(signup.email),
        role=signup.role,
        format=Format(own) if own in {f.value for f in Format} else None,
        skills_wanted=signup.skills_wanted,
        skills_offered=signup.skills_offered,
        goals=signup.goals,
        interests=signup.interests,
        department=signup.department,
        job_level=signup.job_level,
        manager_email=str(signup.manager_email) if signup.manager_email else None,
        timezone=signup.time_zone,
        location=signup.location or None,
        languages=signup.languages,
        meeting_format=signup.meeting_format,
        availability_hours=signup.availability_hours,
        capacity=signup.capacity if signup.role in ("mentor", "both") else 1,
        ergs=signup.ergs,
        prefer_outside_department=signup.prefer_outside_department,
        never_pair=[str(e) for e in signup.never_pair],
    )


def config_from_program(program: Program, run_request: RunRequest,
                        ids_by_email: Mapping[str, str] | None = None) -> MatchingConfig:
    """The engine's settings for one run of this program.

    Pins and never-pairs are the program's (kept across runs) with the run's own added. Pins name people by e-mail; the engine pairs ids, so `ids_by_email` (lower-case e-mail →
    participant id) translates them. A pin naming someone who has not signed up keeps its
    e-mail and comes back among the run's rejected pins. A mixed program matches everyone
    without a format of their own one-to-one. The program's weights and minimum score apply
    unless the run asks otherwise; its goal themes always do.
    """
    ids = {k.lower(): v for k, v in (ids_by_email or {}).items()}

    def person(email: str) -> str:
        return ids.get(email.lower(), email.lower())

    # The program's own pins and never-pairs hold for every run; a run may add more.
    pins = list(dict.fromkeys((person(a), person(b)) for a, b in [*program.pins, *run_request.pins]))
    forbidden = list(dict.fromkeys((a.lower(), b.lower()) for a, b in [*program.forbidden, *run_request.forbidden]))
    config: dict[str, object] = {
        "format": Format.ONE_TO_ONE if program.format == "mixed" else Format(program.format),
        "pins": pins,
        "forbidden": forbidden,
    }
    # Weights: the engine's defaults, then the program's settings, then this run's choices.
    chosen = program.weights.model_dump(exclude_none=True)
    if run_request.weights is not None:
        chosen |= run_request.weights.model_dump(exclude_none=True)
    config["weights"] = Weights(**{**Weights().model_dump(), **chosen})
    config["min_score"] = program.min_score if run_request.min_score is None else run_request.min_score
    config["goal_themes"] = [GoalTheme(name=t.name, keywords=t.keywords) for t in program.goal_themes]
    return MatchingConfig(**config)

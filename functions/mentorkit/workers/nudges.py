"""The scheduled health job (once a day, template.yaml `NudgeFunction`): see services/nudges.py."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from mentorkit.resources import mailer, store
from mentorkit.services import nudges
from mentorkit.settings import get_settings

logger = Logger()


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    report = asdict(nudges.run(store(), mailer(), datetime.now(UTC).date(), get_settings().site_url))
    logger.info("nudges", extra=report)   # counts only
    return report

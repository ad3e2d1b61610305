"""The matching function, invoked asynchronously by the API.

    {"programId": …, "runId": …}                            carry out a queued run
    {"action": "after_publish", "programId": …, "runId": …}  tidy old versions, e-mail people
    {"action": "survey_reminders", "programId": …, "surveyId": …, "windowId": …}
                                                            remind who has not answered a survey

A failed run is marked failed with a reason a coordinator can act on, then the error is
raised again so the invocation lands in the failure destination. Logs carry ids and
counts, never names, e-mails or answers.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from mentorkit.resources import ses_client, store
from mentorkit.services import runs, surveys
from mentorkit.services.notifications import notify_matches
from mentorkit.services.run_execution import execute_run
from mentorkit.settings import get_settings

logger = Logger()


def after_publish(program_id: str, run_id: str) -> dict[str, Any]:
    """Remove retired versions of the program's pairs; e-mail the newly published pairs."""
    db = store()
    removed = runs.remove_retired_sets(db, program_id)
    current = db.get_published(program_id)
    if current is None or current[0].run_id != run_id:
        logger.info("publish superseded before notifications", extra={"runId": run_id})
        return {"removedVersions": removed, "notifications": "superseded"}
    settings = get_settings()
    report = notify_matches(ses_client() if settings.notification_sender else None, settings.notification_sender,
                            runs.published_pairs(db, program_id), settings.site_url)
    return {"removedVersions": removed, "sent": report.sent, "failed": report.failed, "skipped": bool(report.skipped)}


def survey_reminders(program_id: str, survey_id: str, window_id: str) -> dict[str, Any]:
    """E-mail everyone who has not answered a survey window yet."""
    settings = get_settings()
    report = surveys.send_reminders(store(), program_id, survey_id, window_id, settings.survey_hmac_key,
                                    ses_client() if settings.notification_sender else None,
                                    settings.notification_sender, settings.site_url)
    return {"sent": report.sent, "failed": report.failed, "skipped": bool(report.skipped)}


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    if event.get("action") == "survey_reminders":
        logger.append_keys(programId=event["programId"], surveyId=event["surveyId"])
        outcome = survey_reminders(event["programId"], event["surveyId"], event["windowId"])
        logger.info("survey reminders", extra=outcome)
        return outcome
    program_id, run_id = event["programId"], event["runId"]
    logger.append_keys(programId=program_id, runId=run_id)
    if event.get("action") == "after_publish":
        outcome = after_publish(program_id, run_id)
        logger.info("after publish", extra=outcome)
        return outcome
    run = execute_run(store(), program_id, run_id)
    logger.info("matching run finished", extra={"status": run.status, "participants": run.participants,
                                                 "resultBytes": run.result_bytes})
    return {"status": run.status}

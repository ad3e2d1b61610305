"""The matching function, invoked asynchronously by the API.

    {"programId": …, "runId": …}                            carry out a queued run
    {"action": "after_publish", "programId": …, "runId": …}  tidy old versions, e-mail people
    {"action": "roster_import", "programId": …, "importId": …}  carry out a roster import (long: 15 minutes here,
                                                               10 seconds in the API)
    {"action": "recommend", "programId": …, "menteeId": …, "limit": n}
                                                            a mentee's best mentors (RequestResponse)
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
from mentorkit.services import relationships, runs, signups, surveys
from mentorkit.services.notifications import notify_matches, rematched_letters, send
from mentorkit.services.run_execution import execute_run, recommend_for
from mentorkit.settings import get_settings

logger = Logger()


def after_publish(program_id: str, run_id: str) -> dict[str, Any]:
    """Remove retired versions of the program's pairs; e-mail only the people whose match changed."""
    db = store()
    removed = runs.remove_retired_sets(db, program_id)
    current = db.get_published(program_id)
    if current is None or current[0].run_id != run_id:
        logger.info("publish superseded before notifications", extra={"runId": run_id})
        return {"removedVersions": removed, "notifications": "superseded"}
    settings = get_settings()
    started, ended = relationships.changed_by_publish(db, program_id, run_id, current[0].published_at,
                                                      runs.published_pairs(db, program_id))
    ses = ses_client() if settings.notification_sender else None
    report = notify_matches(ses, settings.notification_sender, started, settings.site_url)
    send(ses, settings.notification_sender, rematched_letters(ended, started, settings.site_url))
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
    program_id = event["programId"]
    if event.get("action") == "recommend":
        found = recommend_for(store(), program_id, event["menteeId"], int(event.get("limit", 5)))
        logger.info("recommendations", extra={"count": len(found)})
        return {"recommendations": found}
    if event.get("action") == "survey_reminders":
        logger.append_keys(programId=program_id, surveyId=event["surveyId"])
        outcome = survey_reminders(program_id, event["surveyId"], event["windowId"])
        logger.info("survey reminders", extra=outcome)
        return outcome
    if event.get("action") == "roster_import":
        logger.append_keys(programId=program_id, importId=event["importId"])
        job = signups.run_import(store(), program_id, event["importId"])
        logger.info("roster import finished", extra={"status": job.status, "rows": job.rows, "imported": job.imported})
        return {"status": job.status}
    run_id = event["runId"]
    logger.append_keys(programId=program_id, runId=run_id)
    if event.get("action") == "after_publish":
        outcome = after_publish(program_id, run_id)
        logger.info("after publish", extra=outcome)
        return outcome
    run = execute_run(store(), program_id, run_id)
    logger.info("matching run finished", extra={"status": run.status, "participants": run.participants,
                                                 "resultBytes": run.result_bytes})
    return {"status": run.status}

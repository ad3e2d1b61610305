"""Runs as coordinators see them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mentorkit.domain.runs import MatchingRun, as_seen

NOW = datetime(2027, 3, 1, tzinfo=UTC)


def test_a_run_the_worker_never_finished_reads_as_failed_after_the_time_limit() -> None:
    run = MatchingRun(program_id="spring-1", run_id="r1", status="running", created_at=NOW, created_by="cy",
                      started_at=NOW)
    assert as_seen(run, NOW + timedelta(minutes=10)).status == "running"
    late = as_seen(run, NOW + timedelta(minutes=17))
    assert late.status == "failed" and "r1" in late.reason
    assert as_seen(run.model_copy(update={"status": "succeeded"}), NOW + timedelta(days=1)).status == "succeeded"

"""Surveys and metrics over real HTTP on DynamoDB Local: windows, answers, results, metrics.

A coordinator opens a survey window for a program; the people who signed up answer it; the
coordinator reads results (nothing for groups under five) and the program's metrics.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from boto3.dynamodb.conditions import Key

from mentorkit.domain import training
from tests.integration.test_matching_runs import start, wait_for

CHECK_IN = {"met": "yes", "minutes": 60, "useful": 4, "goal-progress": 3}
END = {"satisfaction": 4, "recommend": 9, "goals-achieved": "some", "continue": "yes"}
LATER = "2099-01-01T00:00:00Z"


@pytest.fixture
def cohort(as_user: Any, program: dict, signup_body: Any) -> dict[str, Any]:
    """Four mentees and two mentors signed up to a fresh program; unique e-mails per test."""
    tag = uuid.uuid4().hex[:6]
    pid = program["programId"]
    people: dict[str, Any] = {}
    specs = {"ana": dict(role="mentee", skillsWanted=["Leadership"]), "ben": dict(role="mentee", skillsWanted=["Writing"]),
             "cat": dict(role="mentee", skillsWanted=["Data analysis"]), "dan": dict(role="mentee", skillsWanted=["Writing"]),
             "max": dict(role="mentor", skillsOffered=["Leadership", "Data analysis"], jobLevel=7, capacity=2,
                         department="Legal"),
             "zoe": dict(role="mentor", skillsOffered=["Writing"], jobLevel=6, capacity=2, department="Sales")}
    for name, spec in specs.items():
        client = as_user(f"{name}-{tag}@example.org")
        assert client.put(f"/api/programs/{pid}/signup", signup_body(**spec)).status == 200
        people[name] = client
    return {"pid": pid, "people": people, "tag": tag}


def open_window(coordinator: Any, pid: str, survey: str) -> dict[str, Any]:
    reply = coordinator.post(f"/api/programs/{pid}/surveys/{survey}/windows", {"closesAt": LATER})
    assert reply.status == 201, reply.body
    return reply.body


def answer(client: Any, pid: str, survey: str, answers: dict[str, Any]) -> Any:
    return client.post(f"/api/surveys/{survey}/responses", {"programId": pid, "answers": answers})


def items(table: Any, pid: str, prefix: str) -> list[dict[str, Any]]:
    return table.query(KeyConditionExpression=Key("PK").eq(f"PROGRAM#{pid}") & Key("SK").begins_with(prefix),
                       ConsistentRead=True)["Items"]


# Who may do what ----------------------------------------------------------------------
def test_every_survey_route_needs_sign_in_and_coordinator_routes_need_a_coordinator(
        as_user: Any, employee: Any, coordinator: Any, program: dict) -> None:
    pid = program["programId"]
    base = f"/api/programs/{pid}/surveys/kick-off"
    employee_routes = [("GET", "/api/surveys"), ("GET", "/api/surveys/kick-off"), ("POST", "/api/surveys/kick-off/responses"),
                       ("GET", "/api/me/surveys")]
    coordinator_routes = [("POST", f"{base}/windows"), ("GET", f"{base}/windows"),
                          ("POST", f"{base}/windows/20270101T000000-abcd/close"), ("POST", f"{base}/reminders"),
                          ("GET", f"{base}/results"), ("GET", f"{base}/responses"),
                          ("GET", f"/api/programs/{pid}/metrics")]
    anonymous = as_user(None)
    for method, path in employee_routes + coordinator_routes:
        assert anonymous.call(method, path, {} if method == "POST" else None).status == 401, path
    for method, path in coordinator_routes:
        reply = employee.call(method, path, {"closesAt": LATER} if method == "POST" else None)
        assert reply.status == 403, path
    assert employee.get("/api/surveys/kick-off").status == 200
    assert coordinator.get(f"{base}/windows").status == 200
    assert coordinator.get(f"/api/programs/{pid}/metrics").status == 200


def test_an_employee_reads_a_survey_definition_and_unknown_ones_are_404(employee: Any) -> None:
    listed = employee.get("/api/surveys").body
    assert {s["surveyId"]: s["anonymous"] for s in listed}["end-of-program"] is True
    reply = employee.get("/api/surveys/monthly-check-in")
    assert reply.status == 200
    assert [q["id"] for q in reply.body["questions"]][:2] == ["met", "minutes"]
    assert reply.body["questions"][1]["max"] == 1200
    missing = employee.get("/api/surveys/no-such-survey")
    assert (missing.status, missing.body["error"]["field"]) == (404, "surveyId")


# Answering ----------------------------------------------------------------------------
def test_a_named_survey_keeps_one_answer_per_person_and_window_and_a_second_updates_it(
        coordinator: Any, cohort: dict, table: Any) -> None:
    pid, ana = cohort["pid"], cohort["people"]["ana"]
    window = open_window(coordinator, pid, "monthly-check-in")
    assert (window["status"], window["eligible"], window["responses"]) == ("open", 6, 0)
    mine = ana.get("/api/me/surveys").body
    assert [(s["surveyId"], s["answered"]) for s in mine if s["programId"] == pid] == [("monthly-check-in", False)]
    first = answer(ana, pid, "monthly-check-in", CHECK_IN)
    assert first.status == 201, first.body
    assert first.body["windowId"] == window["windowId"]
    assert answer(ana, pid, "monthly-check-in", {**CHECK_IN, "minutes": 90}).status == 201
    stored = items(table, pid, "RESPONSE#monthly-check-in#")
    assert len(stored) == 1 and '"minutes":90' in stored[0]["doc"]
    assert [s["answered"] for s in ana.get("/api/me/surveys").body if s["programId"] == pid] == [True]
    named = coordinator.get(f"/api/programs/{pid}/surveys/monthly-check-in/responses").body
    assert [(a["email"], a["answers"]["minutes"]) for a in named] == [(f"ana-{cohort['tag']}@example.org", 90)]
    csv = coordinator.get(f"/api/programs/{pid}/surveys/monthly-check-in/responses?format=csv").body
    assert csv.splitlines()[0] == "windowId,email,role,submittedAt,met,minutes,useful,goal-progress,blockers,help"


def test_an_anonymous_survey_stores_no_identity_and_refuses_a_second_answer(
        coordinator: Any, cohort: dict, table: Any) -> None:
    pid, ben = cohort["pid"], cohort["people"]["ben"]
    open_window(coordinator, pid, "end-of-program")
    assert answer(ben, pid, "end-of-program", END).status == 201
    again = answer(ben, pid, "end-of-program", {**END, "satisfaction": 1})
    assert (again.status, again.body["error"]["code"]) == (409, "conflict")
    (response,) = items(table, pid, "RESPONSE#end-of-program#")
    (mark,) = items(table, pid, "ANSWERED#end-of-program#")
    sub = ben.get(f"/api/programs/{pid}/signup").body["sub"]
    for item in (response, mark):
        assert sub not in str(item) and "example.org" not in str(item)
        assert "GSI1PK" not in item
    assert '"satisfaction":4' in response["doc"]
    assert 'T00:00:00Z"' in response["doc"]          # the day only: no time to match with a sign-in
    one_by_one = coordinator.get(f"/api/programs/{pid}/surveys/end-of-program/responses")
    assert (one_by_one.status, one_by_one.body["error"]["field"]) == (403, "surveyId")


@pytest.mark.parametrize(("answers", "field"), [
    ({**CHECK_IN, "useful": 7}, "answers.useful"),                   # out of range
    ({**CHECK_IN, "minutes": "an hour"}, "answers.minutes"),          # wrong type
    ({"met": "yes", "minutes": 30, "useful": 4}, "answers.goal-progress"),  # missing required answer
    ({**CHECK_IN, "help": "x" * 201}, "answers.help"),                # text over the limit
    ({**CHECK_IN, "mood": "fine"}, "answers.mood"),                   # unknown question id
])
def test_bad_answers_get_422_naming_the_question_and_store_nothing(
        coordinator: Any, cohort: dict, table: Any, answers: dict, field: str) -> None:
    pid = cohort["pid"]
    open_window(coordinator, pid, "monthly-check-in")
    reply = answer(cohort["people"]["cat"], pid, "monthly-check-in", answers)
    assert reply.status == 422, reply.body
    assert reply.body["error"]["field"] == field
    assert items(table, pid, "RESPONSE#") == []


def test_unknown_survey_closed_window_and_outsiders_are_refused_and_nothing_is_stored(
        coordinator: Any, cohort: dict, employee: Any, table: Any) -> None:
    pid, dan = cohort["pid"], cohort["people"]["dan"]
    assert answer(dan, pid, "no-such-survey", CHECK_IN).status == 404
    not_open = answer(dan, pid, "monthly-check-in", CHECK_IN)
    assert (not_open.status, not_open.body["error"]["field"]) == (409, "surveyId")
    window = open_window(coordinator, pid, "monthly-check-in")
    assert answer(employee, pid, "monthly-check-in", CHECK_IN).status == 403      # not in the program
    assert answer(dan, pid, "mentor-reflection", {"prepared": 4, "hours-per-month": 2, "again": "yes"}).status == 409
    closed = coordinator.post(f"/api/programs/{pid}/surveys/monthly-check-in/windows/{window['windowId']}/close")
    assert (closed.status, closed.body["status"]) == (200, "closed")
    assert answer(dan, pid, "monthly-check-in", CHECK_IN).status == 409
    assert items(table, pid, "RESPONSE#") == [] and items(table, pid, "ANSWERED#") == []


def test_windows_open_one_at_a_time_in_the_future(coordinator: Any, program: dict) -> None:
    path = f"/api/programs/{program['programId']}/surveys/kick-off/windows"
    past = coordinator.post(path, {"closesAt": "2020-01-01T00:00:00Z"})
    assert (past.status, past.body["error"]["field"]) == (422, "closesAt")
    assert coordinator.post(path, {"closesAt": LATER}).status == 201
    assert coordinator.post(path, {"closesAt": LATER}).status == 409
    assert coordinator.post("/api/programs/no-such-program/surveys/kick-off/windows",
                            {"closesAt": LATER}).status == 404


def test_a_mentor_survey_is_for_mentors_only(coordinator: Any, cohort: dict) -> None:
    pid, people = cohort["pid"], cohort["people"]
    window = open_window(coordinator, pid, "mentor-reflection")
    assert window["eligible"] == 2
    body = {"prepared": 4, "hours-per-month": 3, "again": "yes"}
    assert answer(people["ana"], pid, "mentor-reflection", body).status == 403
    assert answer(people["max"], pid, "mentor-reflection", body).status == 201


# Results ------------------------------------------------------------------------------
def test_results_stay_hidden_until_five_answered_then_show_counts_means_nps_and_csv(
        coordinator: Any, cohort: dict) -> None:
    pid, people = cohort["pid"], cohort["people"]
    open_window(coordinator, pid, "end-of-program")
    path = f"/api/programs/{pid}/surveys/end-of-program/results"
    for name, score in zip(["ana", "ben", "cat", "dan"], [5, 4, 4, 3], strict=True):
        assert answer(people[name], pid, "end-of-program", {**END, "satisfaction": score,
                                                            "change": f"Idea from {name}"}).status == 201
    hidden = coordinator.get(path).body
    assert (hidden["respondents"], hidden["suppressed"], hidden["questions"]) == (4, True, [])
    assert answer(people["max"], pid, "end-of-program", {**END, "recommend": 10, "satisfaction": 5}).status == 201
    shown = coordinator.get(path).body
    by_id = {q["id"]: q for q in shown["questions"]}
    assert by_id["satisfaction"]["counts"] == {"1": 0, "2": 0, "3": 1, "4": 2, "5": 2}
    assert by_id["satisfaction"]["mean"] == 4.2
    assert by_id["recommend"]["nps"] == 100.0
    assert by_id["change"]["suppressed"] is True                # four texts: under five
    groups = {(g["by"], g["group"]): g for g in shown["breakdowns"]}
    mentees, mentors = groups[("role", "mentee")], groups[("role", "mentor")]
    assert (mentees["respondents"], mentees["suppressed"], mentees["means"]) == (4, True, {})
    assert (mentors["respondents"], mentors["suppressed"], mentors["nps"]) == (1, True, None)
    (window,) = [g for (by, _), g in groups.items() if by == "window"]
    assert (window["respondents"], window["means"]["satisfaction"]) == (5, 4.2)
    csv = coordinator.get(f"{path}?format=csv")
    assert csv.headers["content-type"].startswith("text/csv")
    assert "satisfaction,mean,,4.2" in csv.body
    assert "Idea from" not in csv.body


# Reminders and metrics ----------------------------------------------------------------
def test_reminders_without_a_sender_say_so_and_count_who_has_not_answered(coordinator: Any, cohort: dict) -> None:
    pid, people = cohort["pid"], cohort["people"]
    no_window = coordinator.post(f"/api/programs/{pid}/surveys/mid-point/reminders")
    assert no_window.status == 409
    open_window(coordinator, pid, "mid-point")
    answer(people["ana"], pid, "mid-point", {"relationship": 4, "goal-progress": 3, "meetings": 2})
    reply = coordinator.post(f"/api/programs/{pid}/surveys/mid-point/reminders")
    assert reply.status == 202, reply.body
    assert reply.body["notAnswered"] == 5
    assert "E-mail is off" in reply.body["message"] and "/app/surveys/?program=" in reply.body["message"]


def test_the_background_function_takes_a_reminder_job(coordinator: Any, cohort: dict, stack: Any) -> None:
    """The job the API hands over, run by the matching function from its own build."""
    window = open_window(coordinator, cohort["pid"], "mid-point")
    job = {"action": "survey_reminders", "programId": cohort["pid"], "surveyId": "mid-point",
           "windowId": window["windowId"]}
    assert stack.functions.invoke("MatchingFunction", job) == {"sent": 0, "failed": 0, "skipped": True}   # no sender


def test_metrics_count_signups_matches_training_activity_and_response_rates(
        coordinator: Any, cohort: dict) -> None:
    pid, people = cohort["pid"], cohort["people"]
    run = wait_for(coordinator, pid, start(coordinator, pid))
    assert run["status"] == "succeeded", run.get("reason")
    assert coordinator.post(f"/api/programs/{pid}/matching-runs/{run['runId']}/publish").status == 200
    pairs_csv = coordinator.get(f"/api/programs/{pid}/matching-runs/{run['runId']}?format=csv")
    assert pairs_csv.headers["content-type"].startswith("text/csv"), pairs_csv.body
    lines = pairs_csv.body.splitlines()
    assert lines[0] == "menteeEmail,menteeDepartment,mentorEmail,mentorDepartment,format,score,pinned,reasons"
    assert len(lines) == 1 + len(run["pairs"]) and f"ana-{cohort['tag']}@example.org" in pairs_csv.body
    for name in ("ana", "ben"):
        right = {q.id: q.answer for q in training.load("first-meeting").questions}
        assert people[name].put("/api/me/training/first-meeting", {"answers": right}).status == 200
    open_window(coordinator, pid, "monthly-check-in")
    for name in ("ana", "ben", "cat", "dan", "max"):
        minutes = 0 if name == "dan" else 60
        body = {**CHECK_IN, "met": "no" if name == "dan" else "yes", "minutes": minutes}
        assert answer(people[name], pid, "monthly-check-in", body).status == 201
    found = coordinator.get(f"/api/programs/{pid}/metrics").body
    assert found["signups"]["byRole"] == {"mentee": 4, "mentor": 2}
    matching = found["matching"]
    assert (matching["publishedRunId"], matching["mentees"]) == (run["runId"], 4)
    assert matching["matchedMentees"] == matching["pairs"] == len(run["pairs"])
    assert sum(b["count"] for b in matching["scoreBuckets"]) == matching["pairs"]
    assert found["training"]["completionsByModule"] == {"first-meeting": 2}
    activity = found["activity"]
    assert activity["pairs"] == matching["pairs"]
    assert activity["activePairs"] >= 3          # ana, ben, cat met; dan's pair only if max/zoe met
    assert activity["hours"] >= 3.0
    (check_in,) = found["surveys"]
    assert (check_in["eligible"], check_in["responses"], check_in["responseRate"]) == (6, 5, 0.8333)
    assert check_in["satisfaction"] == 4.0
    csv = coordinator.get(f"/api/programs/{pid}/metrics?format=csv").body
    assert "training completions,first-meeting,2" in csv


def test_delete_my_data_removes_named_answers_and_the_anonymous_mark_not_the_anonymous_answers(
        coordinator: Any, cohort: dict, table: Any) -> None:
    pid, cat = cohort["pid"], cohort["people"]["cat"]
    open_window(coordinator, pid, "monthly-check-in")
    open_window(coordinator, pid, "end-of-program")
    assert answer(cat, pid, "monthly-check-in", CHECK_IN).status == 201
    assert answer(cat, pid, "end-of-program", END).status == 201
    assert cat.delete("/api/me").status == 200
    assert items(table, pid, "RESPONSE#monthly-check-in#") == []
    assert items(table, pid, "ANSWERED#") == []
    assert len(items(table, pid, "RESPONSE#end-of-program#")) == 1


@pytest.fixture
def ses() -> Any:
    """SES on moto's server (only SES is emulated; the table stays DynamoDB Local), sender verified."""
    import boto3
    from devstack.dynamodb import free_port
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{server._port}"  # noqa: SLF001 - moto keeps the port here
    boto3.client("ses", region_name="eu-west-1", endpoint_url=endpoint).verify_email_identity(
        EmailAddress="mentoring@example.org")
    yield boto3.client("sesv2", region_name="eu-west-1", endpoint_url=endpoint)
    server.stop()


def test_reminders_reach_only_those_who_have_not_answered_an_anonymous_survey(
        coordinator: Any, cohort: dict, ses: Any) -> None:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    from mentorkit.resources import store
    from mentorkit.services import surveys
    from mentorkit.settings import get_settings

    pid, people, tag = cohort["pid"], cohort["people"], cohort["tag"]
    window = open_window(coordinator, pid, "mid-point")
    for name in ("ana", "max"):
        assert answer(people[name], pid, "mid-point", {"relationship": 4, "goal-progress": 3, "meetings": 2}).status == 201
    key, handed_over = get_settings().survey_hmac_key, []
    outcome = surveys.request_reminders(store(), pid, "mid-point", key, "mentoring@example.org",
                                        "https://mentoring.example.org", handed_over.append)
    assert (outcome.not_answered, outcome.message) == (
        4, "Reminders to the 4 people who have not answered are on their way.")
    assert handed_over == [{"action": "survey_reminders", "programId": pid, "surveyId": "mid-point",
                            "windowId": window["windowId"]}]
    def unreachable(payload: dict[str, str]) -> None:
        raise ConnectionError("the function is not there")

    failed = surveys.request_reminders(store(), pid, "mid-point", key, "mentoring@example.org", "", unreachable)
    assert failed.message.startswith("The reminders could not be queued")
    # The worker's half, with SES on moto.
    report = surveys.send_reminders(store(), pid, "mid-point", window["windowId"], key, ses, "mentoring@example.org",
                                    "https://mentoring.example.org")
    assert (report.sent, report.failed) == (4, 0)
    sent = ses_backends[DEFAULT_ACCOUNT_ID]["eu-west-1"].sent_messages
    to = sorted(m.destinations["ToAddresses"][0] for m in sent if tag in m.destinations["ToAddresses"][0])
    assert to == [f"{n}-{tag}@example.org" for n in ("ben", "cat", "dan", "zoe")]
    assert f"https://mentoring.example.org/app/surveys/?program={pid}&survey=mid-point" in sent[-1].body

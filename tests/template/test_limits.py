"""What one caller, one route or one function can cost: per-route throttling, a cap on
concurrent matching runs, and the API function's DynamoDB actions cut to what it calls."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from devstack import template
from devstack.paths import ROOT

from tests.template.conftest import transformed

STORE = ROOT / "functions" / "mentorkit" / "store.py"
# The writes that issue 11 names: each must be throttled harder than the reads.
EXPENSIVE_WRITES = [
    "PUT /api/programs/{programId}/signup",
    "POST /api/programs/{programId}/roster",
    "POST /api/programs/{programId}/matching-runs",
    "DELETE /api/me",
]


def stage(resources: dict[str, Any]) -> dict[str, Any]:
    return resources["HttpApiApiGatewayDefaultStage"]["Properties"]


# Throttling per route ----------------------------------------------------------------------

@pytest.mark.parametrize("route", EXPENSIVE_WRITES)
def test_costly_writes_are_throttled_harder_than_reads(resources: dict[str, Any], route: str) -> None:
    default = stage(resources)["DefaultRouteSettings"]
    limits = stage(resources)["RouteSettings"][route]
    assert 0 < limits["ThrottlingRateLimit"] < default["ThrottlingRateLimit"]
    assert 0 < limits["ThrottlingBurstLimit"] < default["ThrottlingBurstLimit"]


def test_every_throttled_route_exists_and_is_a_write(resources: dict[str, Any]) -> None:
    # API Gateway refuses a stage whose route settings name a route it does not have.
    routes = {route.key for route in template.routes()}
    for key in stage(resources)["RouteSettings"]:
        assert key in routes, key
        assert key.split()[0] in {"POST", "PUT", "PATCH", "DELETE"}, key


def test_reads_keep_the_default_limit(resources: dict[str, Any]) -> None:
    default = stage(resources)["DefaultRouteSettings"]
    assert (default["ThrottlingRateLimit"], default["ThrottlingBurstLimit"]) == (25, 50)


# Matching runs --------------------------------------------------------------------------

def test_concurrent_matching_runs_are_capped_by_a_parameter(cfn: dict[str, Any]) -> None:
    function = cfn["Resources"]["MatchingFunction"]["Properties"]
    assert function["ReservedConcurrentExecutions"] == {
        "Fn::If": ["HasMatchingCap", {"Ref": "MatchingConcurrency"}, {"Ref": "AWS::NoValue"}]}
    assert cfn["Parameters"]["MatchingConcurrency"]["Default"] == 5
    assert cfn["Conditions"]["HasMatchingCap"] == {"Fn::Not": [{"Fn::Equals": [{"Ref": "MatchingConcurrency"}, 0]}]}
    # Runs over the cap wait in Lambda's queue; one that waits too long lands in the failure queue.
    invoke = cfn["Resources"]["MatchingFunctionEventInvokeConfig"]["Properties"]
    assert invoke["DestinationConfig"]["OnFailure"]["Destination"] == {"Fn::GetAtt": ["MatchingFailureQueue", "Arn"]}


def test_no_cap_transforms_and_lints_for_accounts_that_cannot_reserve() -> None:
    from cfnlint.api import lint

    uncapped = transformed({"MatchingConcurrency": "0"})
    assert [str(m) for m in lint(json.dumps(uncapped))] == []


# The API function's DynamoDB actions ------------------------------------------------------

# store.py's boto3 calls, and the IAM action each needs (a transaction: the action of each step).
CALLS = {
    r"\.get_item\(": "dynamodb:GetItem",
    r"\.put_item\(|[\"']Put[\"']\s*:": "dynamodb:PutItem",
    r"\.update_item\(|[\"']Update[\"']\s*:": "dynamodb:UpdateItem",
    r"\.delete_item\(|[\"']Delete[\"']\s*:": "dynamodb:DeleteItem",
    r"[\"']ConditionCheck[\"']\s*:": "dynamodb:ConditionCheckItem",
    r"\.query\(": "dynamodb:Query",
    r"\.scan\(": "dynamodb:Scan",
    r"\.batch_writer\(|\.batch_write_item\(": "dynamodb:BatchWriteItem",
    r"\.batch_get_item\(": "dynamodb:BatchGetItem",
    r"\.transact_get_items\(": "dynamodb:GetItem",
}


def store_actions() -> set[str]:
    source = STORE.read_text()
    return {action for pattern, action in CALLS.items() if re.search(pattern, source)}


def table_statements(resources: dict[str, Any], role: str) -> list[dict[str, Any]]:
    found = []
    for policy in resources[role]["Properties"]["Policies"]:
        if "Fn::If" in policy:   # a conditional policy (e-mail when a sender is set): both branches
            policy = next(branch for branch in policy["Fn::If"][1:] if isinstance(branch, dict) and "PolicyDocument" in branch)
        for statement in policy["PolicyDocument"]["Statement"]:
            if "Table" in json.dumps(statement["Resource"]) and "IdempotencyTable" not in json.dumps(statement):
                found.append(statement)
    return found


def test_the_api_function_may_make_exactly_the_calls_the_store_makes(resources: dict[str, Any]) -> None:
    needed = store_actions()
    assert {"dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchWriteItem"} <= needed   # the parser still sees them
    statements = table_statements(resources, "ApiFunctionRole")
    (table,) = [s for s in statements if s["Resource"] == {"Fn::GetAtt": ["Table", "Arn"]}]
    assert set(table["Action"]) == needed
    (index,) = [s for s in statements if s is not table]
    assert index["Resource"] == {"Fn::Sub": "${Table.Arn}/index/GSI1"}
    assert index["Action"] == "dynamodb:Query"


def test_no_managed_dynamodb_policy_with_scan_or_table_administration(resources: dict[str, Any]) -> None:
    allowed = json.dumps(resources["ApiFunctionRole"]["Properties"]["Policies"])
    for action in ("dynamodb:Scan", "dynamodb:DescribeTable", "dynamodb:DeleteTable", "dynamodb:*"):
        assert action not in allowed

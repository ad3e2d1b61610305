"""What template.yaml promises once CloudFormation has it: every claim checked on the
SAM transform's output (cfn-lint no longer expands SAM), offline."""

from __future__ import annotations

import json
import re
from typing import Any, Iterator

import pytest
from cfnlint.api import lint, lint_file
from devstack import template
from devstack.paths import TEMPLATE

from tests.template.conftest import transformed

CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
PUBLIC_ROUTES = {("get", "/api/openapi.json")}


def of_type(resources: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {name: r for name, r in resources.items() if r["Type"] == kind}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


# cfn-lint --------------------------------------------------------------------------

def test_cfn_lint_passes_on_the_template() -> None:
    assert [str(m) for m in lint_file(TEMPLATE)] == []


def test_cfn_lint_passes_on_what_the_sam_transform_makes(cfn: dict[str, Any]) -> None:
    assert [str(m) for m in lint(json.dumps(cfn))] == []


def test_optional_email_parameters_transform_and_lint_when_set() -> None:
    with_emails = transformed({"AlarmEmail": "ops@example.org", "NotificationSender": "mentoring@example.org"})
    assert [str(m) for m in lint(json.dumps(with_emails))] == []


# API and sign-in -------------------------------------------------------------------

def api_routes(resources: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    body = resources["HttpApi"]["Properties"]["Body"]
    for path, methods in body["paths"].items():
        for method, operation in methods.items():
            yield method, path, operation


def test_every_api_route_except_the_openapi_document_needs_a_signed_in_caller(resources: dict[str, Any]) -> None:
    routes = list(api_routes(resources))
    assert len(routes) == len(template.routes()) > 1
    for method, path, operation in routes:
        expected = [{"NONE": []}] if (method, path) in PUBLIC_ROUTES else [{"CognitoJwt": []}]
        assert operation["security"] == expected, f"{method.upper()} {path}"


def test_the_authorizer_trusts_only_this_user_pool_and_client(resources: dict[str, Any]) -> None:
    scheme = resources["HttpApi"]["Properties"]["Body"]["components"]["securitySchemes"]["CognitoJwt"]
    authorizer = scheme["x-amazon-apigateway-authorizer"]
    assert authorizer["type"] == "jwt"
    assert authorizer["identitySource"] == "$request.header.Authorization"
    assert authorizer["jwtConfiguration"] == {
        "issuer": {"Fn::Sub": "https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}"},
        "audience": [{"Ref": "UserPoolClient"}],
    }


def test_the_api_is_throttled_and_its_access_log_holds_nothing_personal(resources: dict[str, Any]) -> None:
    stage = resources["HttpApiApiGatewayDefaultStage"]["Properties"]
    assert stage["DefaultRouteSettings"]["ThrottlingRateLimit"] > 0
    assert stage["DefaultRouteSettings"]["ThrottlingBurstLimit"] > 0
    logs = stage["AccessLogSettings"]
    assert json.loads(logs["Format"])["requestId"] == "$context.requestId"
    for personal in ("sourceIp", "userAgent", "claims", "principalId", "identity", "requestBody"):
        assert personal not in logs["Format"]
    (group,) = logs["DestinationArn"]["Fn::GetAtt"][:1]
    assert resources[group]["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}


def test_self_sign_up_goes_through_the_email_domain_trigger(resources: dict[str, Any]) -> None:
    pool = resources["UserPool"]["Properties"]
    assert pool["LambdaConfig"]["PreSignUp"] == {"Fn::GetAtt": ["PreSignUpFunction", "Arn"]}
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is False
    trigger = resources["PreSignUpFunction"]["Properties"]
    assert trigger["Handler"] == "mentorkit.auth_triggers.handler"
    assert trigger["Environment"]["Variables"]["ALLOWED_EMAIL_DOMAINS"] == {"Ref": "AllowedEmailDomains"}
    permission = resources["PreSignUpFunctionCognitoPermission"]["Properties"]
    assert permission["Principal"] == "cognito-idp.amazonaws.com"
    assert permission["SourceArn"] == {"Fn::GetAtt": ["UserPool", "Arn"]}


def test_the_coordinators_group_and_the_sign_in_callback_on_the_site(resources: dict[str, Any]) -> None:
    assert resources["CoordinatorsGroup"]["Properties"]["GroupName"] == "coordinators"
    client = resources["UserPoolClient"]["Properties"]
    assert client["CallbackURLs"]["Fn::If"][2] == [{"Fn::Sub": "${SiteUrl}/auth/callback/"}]   # no own domain
    assert client["GenerateSecret"] is False       # a browser app keeps no secret: PKCE instead
    assert client["AllowedOAuthFlows"] == ["code"]


# Functions and permissions ---------------------------------------------------------

def test_functions_run_python_3_13_on_arm64_and_log_to_a_group_with_retention(resources: dict[str, Any]) -> None:
    functions = of_type(resources, "AWS::Lambda::Function")
    assert {"ApiFunction", "PreSignUpFunction"} <= set(functions)
    for name, function in functions.items():
        props = function["Properties"]
        assert props["Runtime"] == "python3.13", name
        assert props["Architectures"] == ["arm64"], name
        group = props["LoggingConfig"]["LogGroup"]["Ref"]
        assert resources[group]["Type"] == "AWS::Logs::LogGroup", name
        assert "RetentionInDays" in resources[group]["Properties"], name


def conditional(items: list[Any]) -> Iterator[dict[str, Any]]:
    """Both branches of an Fn::If, never AWS::NoValue: a policy counts whatever the condition."""
    for item in items:
        if "Fn::If" in item:
            yield from conditional([b for b in item["Fn::If"][1:] if b != {"Ref": "AWS::NoValue"}])
        else:
            yield item


def allowed_statements(resources: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, role in of_type(resources, "AWS::IAM::Role").items():
        for policy in conditional(role["Properties"].get("Policies", [])):
            for statement in as_list(policy["PolicyDocument"]["Statement"]):
                if statement["Effect"] == "Allow":
                    yield name, statement


def test_no_role_allows_every_action_or_every_table(resources: dict[str, Any]) -> None:
    statements = list(allowed_statements(resources))
    assert statements
    for role, statement in statements:
        actions = as_list(statement["Action"])
        assert not any(a == "*" or a.endswith(":*") for a in actions), (role, actions)
        if any(a.startswith("dynamodb:") for a in actions):
            assert "*" not in as_list(statement["Resource"]), (role, statement)
            assert "Table" in json.dumps(statement["Resource"]), (role, statement)


def test_roles_carry_only_the_basic_logging_and_tracing_managed_policies(resources: dict[str, Any]) -> None:
    for name, role in of_type(resources, "AWS::IAM::Role").items():
        for arn in role["Properties"].get("ManagedPolicyArns", []):
            arn = arn["Fn::Sub"] if isinstance(arn, dict) else arn       # arn:${AWS::Partition}:…
            assert arn.rsplit("/", 1)[-1] in {"AWSLambdaBasicExecutionRole", "AWSXrayWriteOnlyAccess"}, (name, arn)


def test_powertools_is_configured_for_every_function(resources: dict[str, Any]) -> None:
    for name, function in of_type(resources, "AWS::Lambda::Function").items():
        variables = function["Properties"]["Environment"]["Variables"]
        assert variables["POWERTOOLS_SERVICE_NAME"] == "mentorkit", name


# Data ------------------------------------------------------------------------------

def test_the_table_survives_the_stack_and_can_be_restored(resources: dict[str, Any]) -> None:
    table = resources["Table"]
    assert table["DeletionPolicy"] == "Retain"
    assert table["UpdateReplacePolicy"] == "Retain"
    props = table["Properties"]
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert props["SSESpecification"]["SSEEnabled"] is True


def test_failed_matching_runs_land_in_an_encrypted_queue_that_raises_an_alarm(resources: dict[str, Any]) -> None:
    assert resources["MatchingFailureQueue"]["Properties"]["SqsManagedSseEnabled"] is True
    alarm = resources["MatchingFailuresAlarm"]["Properties"]
    assert alarm["Dimensions"] == [{"Name": "QueueName", "Value": {"Fn::GetAtt": ["MatchingFailureQueue", "QueueName"]}}]


def test_ses_and_alarm_mail_exist_only_when_asked_for(cfn: dict[str, Any]) -> None:
    assert cfn["Resources"]["NotificationSenderIdentity"]["Condition"] == "HasNotificationSender"
    assert cfn["Resources"]["AlarmTopic"]["Condition"] == "HasAlarmEmail"
    assert cfn["Parameters"]["NotificationSender"]["Default"] == ""
    assert cfn["Parameters"]["AlarmEmail"]["Default"] == ""


def test_alarms_watch_api_errors_function_errors_and_failed_runs(resources: dict[str, Any]) -> None:
    alarms = of_type(resources, "AWS::CloudWatch::Alarm")
    watched = json.dumps(alarms)
    assert '"MetricName": "5xx"' in watched and '"Name": "ApiId"' in watched
    assert alarms["ApiFunctionErrorsAlarm"]["Properties"]["Dimensions"][0]["Value"] == {"Ref": "ApiFunction"}
    assert "MatchingFailuresAlarm" in alarms
    for alarm in alarms.values():
        assert alarm["Properties"]["AlarmActions"]["Fn::If"][0] == "HasAlarmEmail"


# Site ------------------------------------------------------------------------------

def test_the_site_bucket_is_private_encrypted_and_readable_only_by_the_distribution(resources: dict[str, Any]) -> None:
    bucket = resources["SiteBucket"]["Properties"]
    assert set(bucket["PublicAccessBlockConfiguration"].values()) == {True}
    assert len(bucket["PublicAccessBlockConfiguration"]) == 4
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    statements = resources["SiteBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    for statement in statements:
        if statement["Effect"] == "Allow":
            assert statement["Principal"] == {"Service": "cloudfront.amazonaws.com"}
            assert "${Distribution}" in statement["Condition"]["StringEquals"]["AWS:SourceArn"]["Fn::Sub"]
            assert set(as_list(statement["Action"])) <= {"s3:GetObject", "s3:ListBucket"}
    (site,) = [o for o in distribution(resources)["Origins"] if o["Id"] == "site"]
    assert site["OriginAccessControlId"] == {"Fn::GetAtt": ["SiteOriginAccessControl", "Id"]}
    assert site["S3OriginConfig"] == {"OriginAccessIdentity": ""}
    oac = resources["SiteOriginAccessControl"]["Properties"]["OriginAccessControlConfig"]
    assert (oac["SigningBehavior"], oac["OriginAccessControlOriginType"]) == ("always", "s3")


def distribution(resources: dict[str, Any]) -> dict[str, Any]:
    return resources["Distribution"]["Properties"]["DistributionConfig"]


def test_api_requests_pass_authorization_through_and_are_never_cached(resources: dict[str, Any]) -> None:
    (behaviour,) = [b for b in distribution(resources)["CacheBehaviors"] if b["PathPattern"] == "/api/*"]
    assert behaviour["CachePolicyId"] == CACHING_DISABLED
    assert behaviour["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST_HEADER
    assert {"GET", "POST", "PUT", "PATCH", "DELETE"} <= set(behaviour["AllowedMethods"])
    (api,) = [o for o in distribution(resources)["Origins"] if o["Id"] == behaviour["TargetOriginId"]]
    assert "${HttpApi}.execute-api." in api["DomainName"]["Fn::Sub"]
    assert api["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"


def test_no_custom_error_pages_that_would_turn_api_errors_into_html(resources: dict[str, Any]) -> None:
    assert "CustomErrorResponses" not in distribution(resources)


def test_site_pages_get_https_security_headers_and_the_directory_index_function(resources: dict[str, Any]) -> None:
    config = distribution(resources)
    default = config["DefaultCacheBehavior"]
    assert default["ViewerProtocolPolicy"] == "redirect-to-https"
    assert default["CachePolicyId"] == CACHING_OPTIMIZED
    assert default["FunctionAssociations"] == [
        {"EventType": "viewer-request", "FunctionARN": {"Fn::GetAtt": ["DirectoryIndexFunction", "FunctionARN"]}}]
    assert resources["DirectoryIndexFunction"]["Properties"]["FunctionConfig"]["Runtime"] == "cloudfront-js-2.0"
    for behaviour in [default, *config["CacheBehaviors"]]:
        assert behaviour["ResponseHeadersPolicyId"] == {"Ref": "SecurityHeadersPolicy"}
        assert behaviour["ViewerProtocolPolicy"] in {"redirect-to-https", "https-only"}
    headers = resources["SecurityHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    assert headers["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000
    assert headers["FrameOptions"]["FrameOption"] == "DENY"
    assert re.search(r"connect-src 'self' https://\$\{AuthDomainPrefix\}\.auth\.",
                     headers["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"])


def test_the_cheapest_edge_locations_by_default(cfn: dict[str, Any]) -> None:
    assert distribution(cfn["Resources"])["PriceClass"] == {"Ref": "PriceClass"}
    assert cfn["Parameters"]["PriceClass"]["Default"] == "PriceClass_100"


def test_outputs_give_make_deploy_what_it_publishes_with(cfn: dict[str, Any]) -> None:
    assert {"SiteUrl", "SiteBucket", "DistributionId", "UserPoolId", "UserPoolClientId", "AuthDomain",
            "ApiUrl"} <= set(cfn["Outputs"])
    assert cfn["Outputs"]["SiteUrl"]["Value"]["Fn::If"][2] == {"Fn::Sub": "https://${Distribution.DomainName}"}


@pytest.mark.parametrize("parameter", ["AllowedEmailDomains", "SiteUrl", "AuthDomainPrefix"])
def test_the_parameters_make_deploy_sets_exist(cfn: dict[str, Any], parameter: str) -> None:
    assert parameter in cfn["Parameters"]

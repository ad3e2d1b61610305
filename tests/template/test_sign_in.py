"""Sign-in: nobody takes over another person's address, and coordinators need a second factor.

The user pool and its app client are checked on the SAM transform's output; the trigger that
keeps the coordinators group out of tokens without TOTP runs against moto's Cognito.
"""

from __future__ import annotations

import json
import types
from typing import Any, Iterator

import boto3
import pytest
from devstack import template
from moto import mock_aws

from tests.template.conftest import transformed


def pool(resources: dict[str, Any]) -> dict[str, Any]:
    return resources["UserPool"]["Properties"]


def client(resources: dict[str, Any]) -> dict[str, Any]:
    return resources["UserPoolClient"]["Properties"]


# The user pool ---------------------------------------------------------------------------

def test_an_email_change_takes_effect_only_once_the_new_address_is_verified(resources: dict[str, Any]) -> None:
    assert pool(resources)["UserAttributeUpdateSettings"] == {"AttributesRequireVerificationBeforeUpdate": ["email"]}
    assert pool(resources)["AutoVerifiedAttributes"] == ["email"]


def test_addresses_are_one_account_whatever_their_case(cfn: dict[str, Any]) -> None:
    assert pool(cfn["Resources"])["UsernameAttributes"] == ["email"]
    assert pool(cfn["Resources"])["UsernameConfiguration"] == {
        "Fn::If": ["CaseInsensitiveUsernames", {"CaseSensitive": False}, {"Ref": "AWS::NoValue"}]}
    assert cfn["Parameters"]["UsernamesCaseSensitive"]["Default"] == "false"
    assert cfn["Conditions"]["CaseInsensitiveUsernames"] == {"Fn::Equals": [{"Ref": "UsernamesCaseSensitive"}, "false"]}


def test_an_older_pool_keeps_its_case_sensitivity_instead_of_being_replaced() -> None:
    # Cognito cannot change case sensitivity on an existing pool: the property stays absent,
    # as in the template that created such a pool (make deploy passes "true" for those).
    from cfnlint.api import lint

    older = transformed({"UsernamesCaseSensitive": "true"})
    assert [str(m) for m in lint(json.dumps(older))] == []


def test_the_pool_and_its_accounts_survive_a_stack_delete_or_a_replacement(resources: dict[str, Any]) -> None:
    assert pool(resources)["DeletionProtection"] == "ACTIVE"
    assert resources["UserPool"]["DeletionPolicy"] == "Retain"
    assert resources["UserPool"]["UpdateReplacePolicy"] == "Retain"


def test_totp_is_offered_and_nothing_lets_a_sign_in_skip_it(resources: dict[str, Any]) -> None:
    assert pool(resources)["MfaConfiguration"] == "OPTIONAL"
    assert pool(resources)["EnabledMfas"] == ["SOFTWARE_TOKEN_MFA"]
    # Remembered devices and adaptive authentication could both skip the TOTP prompt.
    assert "DeviceConfiguration" not in pool(resources)
    assert "UserPoolAddOns" not in pool(resources)


# The app client --------------------------------------------------------------------------

def test_the_site_signs_in_only_through_the_hosted_page_with_the_code_flow(resources: dict[str, Any]) -> None:
    props = client(resources)
    assert props["AllowedOAuthFlows"] == ["code"]
    assert props["AllowedOAuthFlowsUserPoolClient"] is True
    assert props["GenerateSecret"] is False
    # No SRP, password or custom flows: those hand out aws.cognito.signin.user.admin tokens.
    assert props["ExplicitAuthFlows"] == ["ALLOW_REFRESH_TOKEN_AUTH"]


def test_no_token_carries_the_scope_that_lets_people_change_their_own_attributes(resources: dict[str, Any]) -> None:
    scopes = client(resources)["AllowedOAuthScopes"]
    assert "aws.cognito.signin.user.admin" not in scopes
    assert set(scopes) <= {"openid", "email", "profile"}


def test_without_sso_the_app_may_write_the_name_and_never_the_email(resources: dict[str, Any]) -> None:
    # With SSO, Cognito itself writes the mapped email (test_domain_and_sso.py).
    assert client(resources)["WriteAttributes"]["Fn::If"][2] == ["name"]
    assert "email_verified" in client(resources)["ReadAttributes"]


# Coordinators need TOTP --------------------------------------------------------------------

def test_the_coordinator_mfa_trigger_runs_before_every_token(resources: dict[str, Any]) -> None:
    assert pool(resources)["LambdaConfig"]["PreTokenGeneration"] == {"Fn::GetAtt": ["CoordinatorMfaFunction", "Arn"]}
    assert pool(resources)["LambdaConfig"]["PreSignUp"] == {"Fn::GetAtt": ["PreSignUpFunction", "Arn"]}
    function = resources["CoordinatorMfaFunction"]["Properties"]
    assert function["Environment"]["Variables"]["GROUP"] == resources["CoordinatorsGroup"]["Properties"]["GroupName"]
    permission = resources["CoordinatorMfaPermission"]["Properties"]
    assert permission["Principal"] == "cognito-idp.amazonaws.com"
    assert permission["SourceArn"] == {"Fn::GetAtt": ["UserPool", "Arn"]}


def test_the_trigger_may_read_users_of_this_stacks_pool_and_do_nothing_else(resources: dict[str, Any]) -> None:
    (policy,) = resources["CoordinatorMfaRole"]["Properties"]["Policies"]
    (statement,) = policy["PolicyDocument"]["Statement"]
    assert statement["Action"] == "cognito-idp:AdminGetUser"
    assert statement["Condition"] == {"StringEquals": {"aws:ResourceTag/mentorkit-stack": {"Ref": "AWS::StackName"}}}
    assert pool(resources)["UserPoolTags"] == {"mentorkit-stack": {"Ref": "AWS::StackName"}}


def test_the_totp_enrolment_client_exists_only_while_enrolment_is_open(cfn: dict[str, Any]) -> None:
    assert cfn["Parameters"]["MfaEnrolment"]["Default"] == "closed"
    assert cfn["Resources"]["MfaEnrolmentClient"]["Condition"] == "MfaEnrolmentOpen"
    assert cfn["Outputs"]["MfaEnrolmentClientId"]["Condition"] == "MfaEnrolmentOpen"
    assert cfn["Conditions"]["MfaEnrolmentOpen"] == {"Fn::Equals": [{"Ref": "MfaEnrolment"}, "open"]}


def test_the_api_never_accepts_a_token_of_the_enrolment_client(resources: dict[str, Any]) -> None:
    enrolment = resources["MfaEnrolmentClient"]["Properties"]
    assert enrolment["AllowedOAuthFlowsUserPoolClient"] is False
    assert enrolment["WriteAttributes"] == ["name"]
    assert enrolment["TokenValidityUnits"]["AccessToken"] == "minutes" and enrolment["AccessTokenValidity"] <= 15
    scheme = resources["HttpApi"]["Properties"]["Body"]["components"]["securitySchemes"]["CognitoJwt"]
    assert scheme["x-amazon-apigateway-authorizer"]["jwtConfiguration"]["audience"] == [{"Ref": "UserPoolClient"}]


def test_the_enrolment_window_transforms_and_lints_when_open() -> None:
    from cfnlint.api import lint

    opened = transformed({"MfaEnrolment": "open"})
    assert [str(m) for m in lint(json.dumps(opened))] == []


@pytest.fixture
def cognito(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with mock_aws():
        yield boto3.client("cognito-idp", region_name="eu-west-1")


def test_the_inline_code_fits_cloudformations_zipfile_limit() -> None:
    code = template.resources("AWS::Lambda::Function")["CoordinatorMfaFunction"]["Properties"]["Code"]["ZipFile"]
    assert len(code) <= 4096


def trigger() -> types.ModuleType:
    """The trigger's inline code from template.yaml, as Lambda would import it (under moto)."""
    module = types.ModuleType("index")
    code = template.resources("AWS::Lambda::Function")["CoordinatorMfaFunction"]["Properties"]["Code"]["ZipFile"]
    exec(compile(code, "CoordinatorMfaFunction/index.py", "exec"), module.__dict__)  # noqa: S102 - our own template
    return module


@pytest.fixture
def users(cognito: Any) -> dict[str, Any]:
    """A pool with TOTP offered, one coordinator with TOTP turned on and one without."""
    pool_id = cognito.create_user_pool(PoolName="mentorkit", UsernameAttributes=["email"],
                                       MfaConfiguration="OPTIONAL")["UserPool"]["Id"]
    cognito.set_user_pool_mfa_config(UserPoolId=pool_id, SoftwareTokenMfaConfiguration={"Enabled": True},
                                     MfaConfiguration="OPTIONAL")
    client_id = cognito.create_user_pool_client(UserPoolId=pool_id, ClientName="setup",
                                                ExplicitAuthFlows=["ADMIN_NO_SRP_AUTH"])["UserPoolClient"]["ClientId"]
    for email in ("ana@example.org", "bo@example.org"):
        cognito.admin_create_user(UserPoolId=pool_id, Username=email, MessageAction="SUPPRESS")
        cognito.admin_set_user_password(UserPoolId=pool_id, Username=email, Password="Passw0rd!Passw0rd", Permanent=True)
    token = cognito.admin_initiate_auth(UserPoolId=pool_id, ClientId=client_id, AuthFlow="ADMIN_NO_SRP_AUTH",
                                        AuthParameters={"USERNAME": "ana@example.org", "PASSWORD": "Passw0rd!Passw0rd"},
                                        )["AuthenticationResult"]["AccessToken"]
    cognito.associate_software_token(AccessToken=token)
    cognito.verify_software_token(AccessToken=token, UserCode="123456")
    cognito.admin_set_user_mfa_preference(UserPoolId=pool_id, Username="ana@example.org",
                                          SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    return {"pool_id": pool_id}


def token_event(pool_id: str, username: str, groups: list[str], **attributes: str) -> dict[str, Any]:
    return {
        "version": "1", "triggerSource": "TokenGeneration_HostedAuth", "region": "eu-west-1",
        "userPoolId": pool_id, "userName": username,
        "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "client"},
        "request": {"userAttributes": {"sub": "0000-sub", "email": username, **attributes},
                    "groupConfiguration": {"groupsToOverride": groups, "iamRolesToOverride": [], "preferredRole": None}},
        "response": {"claimsOverrideDetails": None},
    }


def test_a_coordinator_with_totp_keeps_the_group(users: dict[str, Any]) -> None:
    event = trigger().handler(token_event(users["pool_id"], "ana@example.org", ["coordinators"]), None)
    assert event["response"]["claimsOverrideDetails"] is None


def test_a_coordinator_without_totp_signs_in_as_an_employee(users: dict[str, Any]) -> None:
    event = trigger().handler(token_event(users["pool_id"], "bo@example.org", ["coordinators", "erg-leads"]), None)
    assert event["response"]["claimsOverrideDetails"] == {
        "groupOverrideDetails": {"groupsToOverride": ["erg-leads"], "iamRolesToOverride": []}}


def test_an_employee_is_left_alone_without_a_lookup(users: dict[str, Any]) -> None:
    event = trigger().handler(token_event("eu-west-1_doesnotexist", "cy@example.org", []), None)
    assert event["response"]["claimsOverrideDetails"] is None


def test_when_the_settings_cannot_be_read_the_coordinator_role_is_withheld(users: dict[str, Any]) -> None:
    event = trigger().handler(token_event(users["pool_id"], "nobody@example.org", ["coordinators"]), None)
    assert event["response"]["claimsOverrideDetails"]["groupOverrideDetails"]["groupsToOverride"] == []


SSO_IDENTITY = '[{"providerName":"WorkAccount","providerType":"SAML"}]'


def test_with_sso_on_federated_coordinators_are_left_to_their_identity_provider(
        users: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSO_ENABLED", "true")
    event = trigger().handler(token_event(users["pool_id"], "WorkAccount_ana", ["coordinators"],
                                          identities=SSO_IDENTITY), None)
    assert event["response"]["claimsOverrideDetails"] is None


def test_with_sso_off_an_identities_attribute_exempts_nobody(users: dict[str, Any],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSO_ENABLED", "false")
    event = trigger().handler(token_event(users["pool_id"], "bo@example.org", ["coordinators"],
                                          identities=SSO_IDENTITY), None)
    assert event["response"]["claimsOverrideDetails"]["groupOverrideDetails"]["groupsToOverride"] == []


def test_the_trigger_knows_whether_sso_is_on(resources: dict[str, Any]) -> None:
    variables = resources["CoordinatorMfaFunction"]["Properties"]["Environment"]["Variables"]
    assert variables["SSO_ENABLED"] == {"Fn::If": ["HasSso", "true", "false"]}

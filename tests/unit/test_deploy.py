"""make deploy's own logic: parameters, the two-step SiteUrl, config.json, S3 metadata, publish."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator

import boto3
import pytest
from devstack import deploy
from devstack.deploy import DeployError, Target
from moto import mock_aws

OUTPUTS = {
    "SiteUrl": "https://d111abcdef8.cloudfront.net",
    "AuthDomain": "https://mentorkit-example-org-1a2b3c.auth.eu-west-1.amazoncognito.com",
    "UserPoolClientId": "4vq1example0client",
    "UserPoolId": "eu-west-1_AbCdEf",
    "ApiUrl": "https://abc123.execute-api.eu-west-1.amazonaws.com",
}


# Parameters --------------------------------------------------------------------------

def test_the_target_comes_from_stack_and_region() -> None:
    assert deploy.target_from_env({"AWS_REGION": "eu-west-1"}) == Target("mentorkit", "eu-west-1")
    assert deploy.target_from_env({"STACK": "mentoring-test"}, configured_region="us-east-1") == \
        Target("mentoring-test", "us-east-1")


def test_a_missing_region_or_a_bad_stack_name_is_explained() -> None:
    with pytest.raises(DeployError, match="AWS_REGION"):
        deploy.target_from_env({})
    with pytest.raises(DeployError, match="stack name"):
        deploy.target_from_env({"AWS_REGION": "eu-west-1", "STACK": "my stack"})


def test_parameters_carry_the_domains_from_mkdocs_and_optional_settings_only_when_set() -> None:
    values = deploy.parameters(allowed_email_domains=("Example.org", "example.co.uk"), auth_prefix="mk-1",
                               site_url="https://d111abcdef8.cloudfront.net/", env={"ALARM_EMAIL": "ops@example.org"})
    assert values == {
        "AllowedEmailDomains": "example.org,example.co.uk",
        "AuthDomainPrefix": "mk-1",
        "SiteUrl": "https://d111abcdef8.cloudfront.net",
        "AlarmEmail": "ops@example.org",
    }


def test_no_allowed_domain_stops_the_deploy() -> None:
    with pytest.raises(DeployError, match="allowed_email_domains"):
        deploy.parameters(allowed_email_domains=(), auth_prefix="mk", site_url="x", env={})


def test_parameter_overrides_quote_values_so_empty_and_comma_values_survive() -> None:
    assert deploy.parameter_overrides({"AllowedEmailDomains": "a.org,b.org", "AlarmEmail": ""}) == [
        'AllowedEmailDomains="a.org,b.org"', 'AlarmEmail=""']
    with pytest.raises(DeployError):
        deploy.parameter_overrides({"AlarmEmail": 'a"b'})


def test_sam_deploy_resolves_its_bucket_and_never_waits_for_a_person() -> None:
    command = deploy.sam_deploy_command(Target("mentorkit", "eu-west-1"), {"SiteUrl": "https://x"})
    assert command[1] == "deploy"
    for flag in ("--resolve-s3", "--no-confirm-changeset", "--no-fail-on-empty-changeset"):
        assert flag in command
    assert command[command.index("--stack-name") + 1] == "mentorkit"
    assert command[command.index("--region") + 1] == "eu-west-1"
    assert command[-1] == 'SiteUrl="https://x"'


def test_the_auth_domain_prefix_is_stable_valid_and_free_of_reserved_words() -> None:
    prefix = deploy.auth_domain_prefix("mentorkit", "Amazing AWS Cognito Fans, Inc.", "123456789012")
    assert prefix == deploy.auth_domain_prefix("mentorkit", "Amazing AWS Cognito Fans, Inc.", "123456789012")
    assert prefix != deploy.auth_domain_prefix("mentorkit", "Amazing AWS Cognito Fans, Inc.", "210987654321")
    assert len(prefix) <= 63
    assert not any(word in prefix for word in ("aws", "amazon", "cognito"))
    assert re.fullmatch(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", prefix)
    assert deploy.auth_domain_prefix("mentorkit", "Example Org", "1").startswith("mentorkit-example-org-")


def test_first_deploy_uses_the_placeholder_then_the_known_address() -> None:
    assert deploy.first_site_url(None) == "http://localhost:8000"
    assert deploy.first_site_url({"ApiUrl": "x"}) == "http://localhost:8000"
    assert deploy.first_site_url(OUTPUTS) == OUTPUTS["SiteUrl"]


# config.json -------------------------------------------------------------------------

def test_config_json_has_the_shape_the_local_stack_serves() -> None:
    config = deploy.site_config(OUTPUTS)
    auth = OUTPUTS["AuthDomain"]
    assert config == {
        "apiBase": "/api",
        "auth": {"authorizeUrl": f"{auth}/oauth2/authorize", "tokenUrl": f"{auth}/oauth2/token",
                 "clientId": "4vq1example0client", "scope": "openid email", "logoutUrl": f"{auth}/logout"},
    }


def test_config_json_keys_match_the_local_stack() -> None:
    from devstack.stack import LocalStack

    local = LocalStack.__new__(LocalStack)
    local.issuer = type("Issuer", (), {"authorize_url": "a", "token_url": "t", "client_id": "c"})()
    served = local.config()
    assert set(deploy.site_config(OUTPUTS)) == set(served) - {"local"}
    assert set(deploy.site_config(OUTPUTS)["auth"]) == set(served["auth"])


# Object metadata ---------------------------------------------------------------------

@pytest.mark.parametrize(("key", "content_type"), [
    ("index.html", "text/html; charset=utf-8"),
    ("assets/css/app.css", "text/css; charset=utf-8"),
    ("assets/js/app.js", "text/javascript; charset=utf-8"),
    ("config.json", "application/json"),
    ("search/search_index.json", "application/json"),
    ("assets/brand/logo.svg", "image/svg+xml"),
    ("assets/images/favicon.png", "image/png"),
    ("sitemap.xml", "application/xml"),
    ("sitemap.xml.gz", "application/gzip"),
    ("assets/fonts/x.woff2", "font/woff2"),
    ("assets/javascripts/bundle.79ae519e.min.js.map", "application/json"),
    ("downloads/NOTICE", "application/octet-stream"),
])
def test_content_types(key: str, content_type: str) -> None:
    assert deploy.content_type(key) == content_type


@pytest.mark.parametrize(("key", "cache"), [
    ("index.html", "no-cache"),
    ("training/module-1/index.html", "no-cache"),
    ("config.json", "no-cache"),
    ("assets/js/app.js", "no-cache"),                    # not fingerprinted: revalidate
    ("assets/javascripts/bundle.79ae519e.min.js", "public, max-age=31536000, immutable"),
    ("assets/stylesheets/main.484c7ddc.min.css", "public, max-age=31536000, immutable"),
    ("assets/brand/logo.svg", "public, max-age=86400"),
])
def test_cache_control(key: str, cache: str) -> None:
    assert deploy.cache_control(key) == cache


# Publishing to S3 and CloudFront (moto) ----------------------------------------------

@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-west-1")
        s3.create_bucket(Bucket="mentorkit-site", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        cloudfront = boto3.client("cloudfront", region_name="us-east-1")
        distribution = cloudfront.create_distribution(DistributionConfig={
            "CallerReference": "test", "Comment": "", "Enabled": True,
            "Origins": {"Quantity": 1, "Items": [{"Id": "site", "DomainName": "mentorkit-site.s3.amazonaws.com",
                                                  "S3OriginConfig": {"OriginAccessIdentity": ""}}]},
            "DefaultCacheBehavior": {"TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https",
                                     "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"},
        })["Distribution"]
        outputs = {**OUTPUTS, "SiteBucket": "mentorkit-site", "DistributionId": distribution["Id"]}
        yield {"s3": s3, "cloudfront": cloudfront, "outputs": outputs}


@pytest.fixture
def built(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    for key, body in {"index.html": "<h1>Mentoring</h1>", "guide/index.html": "<h1>Guide</h1>",
                      "assets/javascripts/bundle.79ae519e.min.js": "//", "assets/brand/logo.svg": "<svg/>"}.items():
        (site / key).parent.mkdir(parents=True, exist_ok=True)
        (site / key).write_text(body)
    return site


def test_publish_uploads_the_site_with_its_metadata_and_config(aws: dict[str, Any], built: Path) -> None:
    s3 = aws["s3"]
    counts = deploy.publish(built, aws["outputs"], s3, aws["cloudfront"])
    assert counts == {"uploaded": 5, "removed": 0}
    page = s3.get_object(Bucket="mentorkit-site", Key="guide/index.html")
    assert (page["ContentType"], page["CacheControl"]) == ("text/html; charset=utf-8", "no-cache")
    bundle = s3.head_object(Bucket="mentorkit-site", Key="assets/javascripts/bundle.79ae519e.min.js")
    assert bundle["CacheControl"] == "public, max-age=31536000, immutable"
    config = s3.get_object(Bucket="mentorkit-site", Key="config.json")
    assert config["ContentType"] == "application/json"
    assert json.loads(config["Body"].read()) == deploy.site_config(aws["outputs"])


def test_publish_removes_pages_the_site_no_longer_has_and_invalidates_the_cache(aws: dict[str, Any],
                                                                                 built: Path) -> None:
    s3, cloudfront = aws["s3"], aws["cloudfront"]
    s3.put_object(Bucket="mentorkit-site", Key="old-page/index.html", Body=b"gone")
    counts = deploy.publish(built, aws["outputs"], s3, cloudfront)
    assert counts["removed"] == 1
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket="mentorkit-site")["Contents"]}
    assert "old-page/index.html" not in keys and "index.html" in keys
    invalidations = cloudfront.list_invalidations(DistributionId=aws["outputs"]["DistributionId"])
    assert invalidations["InvalidationList"]["Quantity"] == 1
    (summary,) = invalidations["InvalidationList"]["Items"]
    paths = cloudfront.get_invalidation(DistributionId=aws["outputs"]["DistributionId"], Id=summary["Id"])
    assert paths["Invalidation"]["InvalidationBatch"]["Paths"]["Items"] == ["/*"]


def test_destroy_can_empty_the_bucket_even_with_versions(aws: dict[str, Any], built: Path) -> None:
    s3 = aws["s3"]
    s3.put_bucket_versioning(Bucket="mentorkit-site", VersioningConfiguration={"Status": "Enabled"})
    deploy.publish(built, aws["outputs"], s3, aws["cloudfront"])
    deploy.publish(built, aws["outputs"], s3, aws["cloudfront"])
    assert deploy.empty_bucket(s3, "mentorkit-site") == 10
    assert s3.list_object_versions(Bucket="mentorkit-site").get("Versions") is None


# Credentials -------------------------------------------------------------------------

def test_missing_credentials_are_explained(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    with pytest.raises(DeployError, match="aws sso login"):
        deploy.aws_session({"AWS_REGION": "eu-west-1"})


def test_main_prints_the_problem_not_a_traceback(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    def fail(env: object) -> None:
        raise DeployError("Which AWS region? Set AWS_REGION")

    monkeypatch.setitem(deploy.COMMANDS, "deploy", fail)
    assert deploy.main(["deploy"]) == 1
    assert capsys.readouterr().err == "error: Which AWS region? Set AWS_REGION\n"
    assert deploy.main(["deploy-everything"]) == 2


# The shipped example branding and options that belong together ---------------------------

BRANDED = {"site_name": "Mentoring at Initech", "extra": {
    "organisation": "Initech", "contact_email": "mentoring@initech.com", "allowed_email_domains": ["initech.com"]}}


def test_the_shipped_mkdocs_yml_is_refused_with_what_to_change() -> None:
    with pytest.raises(DeployError) as refused:
        deploy.check_placeholders(deploy.mkdocs_config(), {})
    message = str(refused.value)
    for field in ("extra.organisation", "site_name", "extra.allowed_email_domains", "extra.contact_email"):
        assert f"mkdocs.yml {field}" in message, field
    assert "'Example Org'" in message and "example.org" in message
    assert "infra/DEPLOY.md" in message


def test_a_branded_configuration_passes() -> None:
    deploy.check_placeholders(BRANDED, {"ALARM_EMAIL": "ops@initech.com"})


@pytest.mark.parametrize(("change", "env", "expected"), [
    ({"organisation": "example org"}, {}, "extra.organisation"),
    ({"organisation": ""}, {}, "extra.organisation"),
    ({"allowed_email_domains": ["initech.com", "mail.example.com"]}, {}, "mail.example.com"),
    ({"allowed_email_domains": []}, {}, "allowed_email_domains is missing"),
    ({"contact_email": "help@EXAMPLE.net"}, {}, "extra.contact_email"),
    ({}, {"NOTIFICATION_SENDER": "mentoring@example.org"}, "NOTIFICATION_SENDER"),
    ({}, {"SITE_DOMAIN": "mentoring.example.org"}, "SITE_DOMAIN"),
])
def test_each_placeholder_is_named(change: dict[str, Any], env: dict[str, str], expected: str) -> None:
    config = {**BRANDED, "extra": {**BRANDED["extra"], **change}}
    problems = deploy.placeholder_problems(config, env)
    assert len(problems) == 1 and expected in problems[0]


def test_a_look_alike_domain_is_not_a_placeholder() -> None:
    config = {**BRANDED, "extra": {**BRANDED["extra"], "allowed_email_domains": ["myexample.org", "example.org.uk"]}}
    assert deploy.placeholder_problems(config, {}) == []


def test_deploy_and_publish_refuse_placeholders_before_touching_aws(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_aws(env: object) -> None:
        raise AssertionError("AWS was called before the branding check")

    monkeypatch.setattr(deploy, "aws_session", no_aws)
    monkeypatch.setattr(deploy, "mkdocs_config", lambda: {"site_name": "Mentoring at Example Org",
                                                          "extra": {"organisation": "Example Org"}})
    for command in (deploy.deploy, deploy.publish_only):
        with pytest.raises(DeployError, match="Example Org"):
            command({"AWS_REGION": "eu-west-1"})


@pytest.mark.parametrize(("env", "expected"), [
    ({"SITE_DOMAIN": "mentoring.initech.com"}, "CERTIFICATE_ARN"),
    ({"CERTIFICATE_ARN": "arn:aws:acm:us-east-1:123456789012:certificate/abc"}, "SITE_DOMAIN"),
    ({"SITE_DOMAIN": "m.initech.com", "CERTIFICATE_ARN": "arn:aws:acm:eu-west-1:123456789012:certificate/abc"},
     "us-east-1"),
    ({"SSO_PROVIDER": "saml"}, "SAML, OIDC or none"),
    ({"SSO_PROVIDER": "SAML"}, "SSO_SAML_METADATA_URL"),
    ({"SSO_PROVIDER": "OIDC", "SSO_OIDC_ISSUER": "https://login.initech.com"},
     "SSO_OIDC_CLIENT_ID, SSO_OIDC_CLIENT_SECRET_NAME"),
])
def test_options_that_belong_together_are_checked(env: dict[str, str], expected: str) -> None:
    with pytest.raises(DeployError, match=re.escape(expected)):
        deploy.check_options(env)


def test_complete_options_pass_and_reach_the_template_parameters() -> None:
    env = {"SITE_DOMAIN": "mentoring.initech.com",
           "CERTIFICATE_ARN": "arn:aws:acm:us-east-1:123456789012:certificate/abc",
           "SSO_PROVIDER": "OIDC", "SSO_OIDC_ISSUER": "https://login.initech.com", "SSO_OIDC_CLIENT_ID": "mk",
           "SSO_OIDC_CLIENT_SECRET_NAME": "mentorkit/sso"}
    deploy.check_options(env)
    values = deploy.parameters(allowed_email_domains=("initech.com",), auth_prefix="mk", site_url="https://x", env=env)
    assert values["SiteDomain"] == "mentoring.initech.com" and values["SsoProvider"] == "OIDC"
    assert values["SsoOidcClientSecretName"] == "mentorkit/sso"


def test_every_optional_setting_names_a_template_parameter() -> None:
    from devstack import template

    assert set(deploy.OPTIONAL_PARAMETERS.values()) <= set(template.load()["Parameters"])


def test_an_own_domain_is_the_site_url_from_the_first_deploy() -> None:
    assert deploy.first_site_url(None, "mentoring.initech.com") == "https://mentoring.initech.com"
    assert deploy.first_site_url(OUTPUTS, "mentoring.initech.com") == "https://mentoring.initech.com"


def test_a_stack_older_than_case_insensitive_sign_in_keeps_its_pool() -> None:
    older = {"AllowedEmailDomains": "initech.com", "SiteUrl": "https://d1.cloudfront.net", "AuthDomainPrefix": "mk"}
    assert deploy.upgrade_parameters(older) == {"UsernamesCaseSensitive": "true"}
    assert deploy.upgrade_parameters({**older, "UsernamesCaseSensitive": "false"}) == {}
    assert deploy.upgrade_parameters(None) == {}            # a new stack: case-insensitive

"""Optional parts an organisation switches on with parameters: its own domain and SSO.

Each is checked with the default parameters (nothing changes) and switched on (the
transformed template still lints, and points where it should)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cfnlint.api import lint

from tests.template.conftest import transformed

CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab"
OWN_DOMAIN = {"SiteDomain": "mentoring.example.org", "CertificateArn": CERTIFICATE}
SAML = {"SsoProvider": "SAML", "SsoSamlMetadataUrl": "https://login.example.org/federationmetadata.xml"}
OIDC = {"SsoProvider": "OIDC", "SsoOidcIssuer": "https://login.example.org/v2.0", "SsoOidcClientId": "mentorkit",
        "SsoOidcClientSecretName": "mentorkit/sso-client-secret"}


def distribution(cfn: dict[str, Any]) -> dict[str, Any]:
    return cfn["Resources"]["Distribution"]["Properties"]["DistributionConfig"]


def client(cfn: dict[str, Any]) -> dict[str, Any]:
    return cfn["Resources"]["UserPoolClient"]["Properties"]


@pytest.mark.parametrize("parameters", [OWN_DOMAIN, SAML, OIDC, {**OWN_DOMAIN, **OIDC}],
                         ids=["own-domain", "saml", "oidc", "own-domain-and-oidc"])
def test_each_option_transforms_and_lints(parameters: dict[str, str]) -> None:
    assert [str(m) for m in lint(json.dumps(transformed(parameters)))] == []


# Own domain ------------------------------------------------------------------------------

def test_own_domain_is_optional_and_off_by_default(cfn: dict[str, Any]) -> None:
    assert cfn["Parameters"]["SiteDomain"]["Default"] == ""
    assert cfn["Parameters"]["CertificateArn"]["Default"] == ""
    condition = json.dumps(cfn["Conditions"]["HasCustomDomain"])
    assert "SiteDomain" in condition and "CertificateArn" in condition
    aliases = distribution(cfn)["Aliases"]["Fn::If"]
    assert aliases == ["HasCustomDomain", [{"Ref": "SiteDomain"}], {"Ref": "AWS::NoValue"}]


def test_own_domain_serves_tls_1_2_or_newer_with_its_certificate(cfn: dict[str, Any]) -> None:
    condition, own, default = distribution(cfn)["ViewerCertificate"]["Fn::If"]
    assert condition == "HasCustomDomain"
    assert own == {"AcmCertificateArn": {"Ref": "CertificateArn"}, "SslSupportMethod": "sni-only",
                   "MinimumProtocolVersion": "TLSv1.2_2021"}
    assert default == {"CloudFrontDefaultCertificate": True}


def test_the_certificate_must_be_in_us_east_1_and_both_or_neither_are_set(cfn: dict[str, Any]) -> None:
    import re

    pattern = cfn["Parameters"]["CertificateArn"]["AllowedPattern"]
    assert re.fullmatch(pattern, CERTIFICATE)
    assert not re.fullmatch(pattern, CERTIFICATE.replace("us-east-1", "eu-west-1"))
    assert re.fullmatch(pattern, "")
    assertion = json.dumps(cfn["Rules"]["CustomDomainNeedsBoth"])
    assert "SiteDomain" in assertion and "CertificateArn" in assertion


def test_sign_in_returns_to_the_own_domain_when_it_is_set(cfn: dict[str, Any]) -> None:
    for field, path in (("CallbackURLs", "/auth/callback/"), ("LogoutURLs", "/")):
        condition, own, default = client(cfn)[field]["Fn::If"]
        assert condition == "HasCustomDomain"
        assert own == [{"Fn::Sub": f"https://${{SiteDomain}}{path}"}]
        assert default == [{"Fn::Sub": f"${{SiteUrl}}{path}"}]
    site_url = cfn["Outputs"]["SiteUrl"]["Value"]["Fn::If"]
    assert site_url[:2] == ["HasCustomDomain", {"Fn::Sub": "https://${SiteDomain}"}]
    assert cfn["Outputs"]["DistributionDomainName"]["Value"] == {"Fn::GetAtt": ["Distribution", "DomainName"]}


# SSO ---------------------------------------------------------------------------------------

def test_sso_is_off_by_default_and_the_site_uses_cognito_passwords(cfn: dict[str, Any]) -> None:
    assert cfn["Parameters"]["SsoProvider"]["Default"] == "none"
    assert cfn["Resources"]["SsoSamlProvider"]["Condition"] == "SsoSaml"
    assert cfn["Resources"]["SsoOidcProvider"]["Condition"] == "SsoOidc"
    providers = client(cfn)["SupportedIdentityProviders"]["Fn::If"]
    assert providers[0] == "SsoSaml" and providers[2]["Fn::If"][2] == ["COGNITO"]


def test_with_sso_the_identity_provider_is_the_only_way_in(cfn: dict[str, Any]) -> None:
    providers = client(cfn)["SupportedIdentityProviders"]["Fn::If"]
    assert providers[1] == [{"Ref": "SsoSamlProvider"}]
    assert providers[2]["Fn::If"][:2] == ["SsoOidc", [{"Ref": "SsoOidcProvider"}]]


def test_the_email_arrives_verified_from_either_provider(cfn: dict[str, Any]) -> None:
    saml = cfn["Resources"]["SsoSamlProvider"]["Properties"]
    assert saml["ProviderType"] == "SAML"
    assert saml["ProviderDetails"]["MetadataURL"] == {"Ref": "SsoSamlMetadataUrl"}
    assert saml["AttributeMapping"] == {"email": {"Ref": "SsoSamlEmailAttribute"}, "email_verified": "email_verified"}
    oidc = cfn["Resources"]["SsoOidcProvider"]["Properties"]
    assert oidc["ProviderType"] == "OIDC"
    assert oidc["AttributeMapping"] == {"email": "email", "email_verified": "email_verified"}
    assert "email" in oidc["ProviderDetails"]["authorize_scopes"].split()
    # Cognito writes mapped attributes with the app client's permission.
    write = client(cfn)["WriteAttributes"]["Fn::If"]
    assert write == ["HasSso", ["name", "email", "email_verified"], ["name"]]


def test_the_oidc_client_secret_comes_from_secrets_manager_never_a_parameter(cfn: dict[str, Any]) -> None:
    secret = cfn["Resources"]["SsoOidcProvider"]["Properties"]["ProviderDetails"]["client_secret"]
    assert secret == {"Fn::Sub": "{{resolve:secretsmanager:${SsoOidcClientSecretName}:SecretString}}"}
    assert not any("secret" in name.lower() and "SecretName" not in name for name in cfn["Parameters"])


def test_the_outputs_say_what_to_enter_at_the_identity_provider() -> None:
    outputs = transformed(SAML)["Outputs"]
    assert outputs["SsoRedirectUrl"]["Value"]["Fn::If"][1] == {
        "Fn::Sub": "https://${AuthDomainPrefix}.auth.${AWS::Region}.amazoncognito.com/saml2/idpresponse"}
    assert outputs["SsoRedirectUrl"]["Value"]["Fn::If"][2]["Fn::Sub"].endswith("/oauth2/idpresponse")
    assert outputs["SsoSamlEntityId"]["Value"] == {"Fn::Sub": "urn:amazon:cognito:sp:${UserPool}"}


@pytest.mark.parametrize(("rule", "parameters"), [("SamlNeedsMetadata", SAML), ("OidcNeedsIssuerClientAndSecret", OIDC)])
def test_a_half_configured_provider_is_refused_before_anything_is_created(cfn: dict[str, Any], rule: str,
                                                                          parameters: dict[str, str]) -> None:
    rules = json.dumps(cfn["Rules"][rule])
    for name in parameters:
        if name != "SsoProvider":
            assert name in rules, name

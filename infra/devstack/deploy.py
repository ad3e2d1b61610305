"""`make deploy`, `make destroy`: the one template on the organisation's AWS account.

deploy   checks credentials, builds the functions with SAM (no Docker), deploys the stack,
         and on the first deploy deploys once more so that sign-in knows the site's address;
         then publishes the site.
publish  builds the site, writes its config.json from the stack's outputs, uploads it to
         the site bucket and invalidates CloudFront's cache (content changes only).
destroy  empties the site bucket and deletes the stack. The DynamoDB table and the user pool
         are retained.

Settings come from the environment: STACK (default mentorkit), AWS_REGION, AWS_PROFILE or
keys, and optionally AUTH_DOMAIN_PREFIX, ALARM_EMAIL, NOTIFICATION_SENDER, PRICE_CLASS,
MATCHING_CONCURRENCY, MFA_ENROLMENT, SITE_DOMAIN and CERTIFICATE_ARN, SSO_* (infra/DEPLOY.md).
A deploy refuses the shipped example branding (Example Org, example.org) in mkdocs.yml.
SAM runs from its own venv (.venv-deploy, from requirements/deploy.txt): its pins conflict
with the dev venv's.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml
from devstack import branding, template
from devstack.paths import MKDOCS, ROOT, TEMPLATE

DEPLOY_VENV = ROOT / ".venv-deploy"
DEPLOY_REQUIREMENTS = ROOT / "requirements" / "deploy.txt"
SAM_BUILD_DIR = ROOT / ".aws-sam" / "build"
PUBLISHED_SITE = ROOT / "build" / "site-aws"

# What the template's optional parameters are called in the environment.
OPTIONAL_PARAMETERS = {
    "ALARM_EMAIL": "AlarmEmail",
    "NOTIFICATION_SENDER": "NotificationSender",
    "PRICE_CLASS": "PriceClass",
    "MATCHING_CONCURRENCY": "MatchingConcurrency",
    "MFA_ENROLMENT": "MfaEnrolment",
    "SITE_DOMAIN": "SiteDomain",
    "CERTIFICATE_ARN": "CertificateArn",
    "SSO_PROVIDER": "SsoProvider",
    "SSO_PROVIDER_NAME": "SsoProviderName",
    "SSO_SAML_METADATA_URL": "SsoSamlMetadataUrl",
    "SSO_SAML_EMAIL_ATTRIBUTE": "SsoSamlEmailAttribute",
    "SSO_OIDC_ISSUER": "SsoOidcIssuer",
    "SSO_OIDC_CLIENT_ID": "SsoOidcClientId",
    "SSO_OIDC_CLIENT_SECRET_NAME": "SsoOidcClientSecretName",
}
# What each SSO_PROVIDER needs besides itself (the template's Rules say the same at deploy time).
SSO_NEEDS = {
    "SAML": ("SSO_SAML_METADATA_URL",),
    "OIDC": ("SSO_OIDC_ISSUER", "SSO_OIDC_CLIENT_ID", "SSO_OIDC_CLIENT_SECRET_NAME"),
}
# Domains reserved for examples (RFC 2606): nobody's real address, so a deploy with them
# would let nobody sign up and send e-mail nowhere.
EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net", "example.edu")
SHIPPED_ORGANISATION = "Example Org"
NO_CREDENTIALS = (
    "No usable AWS credentials. Sign in first, e.g. `aws sso login --profile NAME` then "
    "`AWS_PROFILE=NAME make deploy`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY."
)


class DeployError(Exception):
    """Something the person running the deploy can fix; printed without a traceback."""


@dataclass(frozen=True)
class Target:
    stack: str
    region: str


# Pure parts: parameters, site config, object metadata ----------------------------------

def target_from_env(env: Mapping[str, str], configured_region: str | None = None) -> Target:
    """The stack name and region, from STACK and AWS_REGION (or the profile's region)."""
    region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or configured_region
    if not region:
        raise DeployError("Which AWS region? Set AWS_REGION, e.g. `AWS_REGION=eu-west-1 make deploy`.")
    stack = env.get("STACK", "mentorkit")
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]{0,127}", stack):
        raise DeployError(f"STACK={stack!r} is not a CloudFormation stack name (letters, digits, hyphens).")
    return Target(stack=stack, region=region)


def _is_example(address_or_domain: str) -> bool:
    domain = address_or_domain.strip().lower().rpartition("@")[2].rstrip(".")
    return any(domain == d or domain.endswith(f".{d}") for d in EXAMPLE_DOMAINS)


def placeholder_problems(config: Mapping[str, Any], env: Mapping[str, str]) -> list[str]:
    """What still carries the shipped example branding, each with what to change."""
    extra = config.get("extra") or {}
    problems = []
    organisation = str(extra.get("organisation", "")).strip()
    if not organisation or organisation.casefold() == SHIPPED_ORGANISATION.casefold():
        problems.append(f"mkdocs.yml extra.organisation is {organisation or 'empty'!r}: "
                        "set your organisation's name.")
    if SHIPPED_ORGANISATION.casefold() in str(config.get("site_name", "")).casefold():
        problems.append(f"mkdocs.yml site_name is {config.get('site_name')!r}: name the site after your organisation.")
    domains = [str(d) for d in extra.get("allowed_email_domains") or []]
    examples = [d for d in domains if _is_example(d)]
    if not domains:
        problems.append("mkdocs.yml extra.allowed_email_domains is missing: list the domains of your "
                        "people's work e-mail addresses (e.g. [yourcompany.com]).")
    elif examples:
        problems.append(f"mkdocs.yml extra.allowed_email_domains lists {', '.join(examples)}: list the domains "
                        "of your people's work e-mail addresses instead (e.g. [yourcompany.com]).")
    contact = str(extra.get("contact_email", ""))
    if contact and _is_example(contact):
        problems.append(f"mkdocs.yml extra.contact_email is {contact}: set the address people write to about mentoring.")
    for var in ("ALARM_EMAIL", "NOTIFICATION_SENDER", "SITE_DOMAIN"):
        if env.get(var) and _is_example(env[var]):
            problems.append(f"{var}={env[var]} is an example address: use a real one, or leave it unset.")
    return problems


def check_placeholders(config: Mapping[str, Any], env: Mapping[str, str]) -> None:
    problems = placeholder_problems(config, env)
    if problems:
        raise DeployError("This would deploy the shipped example branding, so nobody at your organisation "
                          "could sign up. Change these first (see infra/DEPLOY.md, Brand it):\n  - "
                          + "\n  - ".join(problems))


def check_options(env: Mapping[str, str]) -> None:
    """Own domain and SSO settings that belong together, checked before anything is built."""
    if bool(env.get("SITE_DOMAIN")) != bool(env.get("CERTIFICATE_ARN")):
        raise DeployError("Your own domain needs both SITE_DOMAIN (e.g. mentoring.yourcompany.com) and "
                          "CERTIFICATE_ARN (an ACM certificate for it in us-east-1); set both or neither.")
    if env.get("CERTIFICATE_ARN") and ":acm:us-east-1:" not in env["CERTIFICATE_ARN"]:
        raise DeployError("CERTIFICATE_ARN must be a certificate in us-east-1: CloudFront uses no other region's. "
                          "Request (or import) it there in the ACM console.")
    provider = env.get("SSO_PROVIDER", "none")
    if provider not in ("none", *SSO_NEEDS):
        raise DeployError(f"SSO_PROVIDER={provider!r}: use SAML, OIDC or none.")
    missing = [var for var in SSO_NEEDS.get(provider, ()) if not env.get(var)]
    if missing:
        raise DeployError(f"SSO_PROVIDER={provider} also needs {', '.join(missing)} (see infra/DEPLOY.md, Connect SSO).")


def mkdocs_config() -> dict[str, Any]:
    return yaml.load(MKDOCS.read_text(), Loader=branding._TolerantLoader) or {}  # noqa: S506 - a SafeLoader


def auth_domain_prefix(stack: str, organisation: str, account_id: str) -> str:
    """A stable Cognito domain prefix, unique enough in a region: stack, organisation, account hash.

    Cognito allows lower-case letters, digits and hyphens, and no "aws", "amazon" or "cognito".
    """
    suffix = hashlib.sha256(account_id.encode()).hexdigest()[:6]
    words = re.sub(r"[^a-z0-9]+", "-", f"{stack} {organisation}".lower())
    for reserved in ("amazon", "cognito", "aws"):
        words = words.replace(reserved, "")
    words = re.sub(r"-+", "-", words).strip("-")[: 62 - len(suffix)].strip("-")
    return f"{words}-{suffix}" if words else f"mentorkit-{suffix}"


def parameters(*, allowed_email_domains: Iterable[str], auth_prefix: str, site_url: str,
               env: Mapping[str, str]) -> dict[str, str]:
    """The template's parameters for one deploy; optional ones only when set in the environment."""
    domains = [d.strip().lower() for d in allowed_email_domains if d.strip()]
    if not domains:
        raise DeployError("mkdocs.yml extra.allowed_email_domains is empty: nobody could sign up.")
    values = {
        "AllowedEmailDomains": ",".join(domains),
        "AuthDomainPrefix": auth_prefix,
        "SiteUrl": site_url.rstrip("/"),
    }
    values.update({name: env[var] for var, name in OPTIONAL_PARAMETERS.items() if var in env})
    return values


def upgrade_parameters(previous: Mapping[str, str] | None) -> dict[str, str]:
    """Settings a stack made by an older template must keep, or CloudFormation would replace
    (and so empty) its user pool. `previous` is the existing stack's parameters; None: no stack.

    Cognito fixes username case sensitivity when a pool is created; pools made before
    mentorkit set it are case-sensitive and stay so (infra/DEPLOY.md, Who can change which
    account details).
    """
    if previous is not None and "UsernamesCaseSensitive" not in previous:
        return {"UsernamesCaseSensitive": "true"}
    return {}


def parameter_overrides(values: Mapping[str, str]) -> list[str]:
    """`sam deploy --parameter-overrides` words: Key="value" (empty values need the quotes)."""
    words = []
    for key, value in values.items():
        if '"' in value or "\n" in value:
            raise DeployError(f"Parameter {key} cannot hold quotes or line breaks: {value!r}")
        words.append(f'{key}="{value}"')
    return words


def sam_deploy_command(target: Target, values: Mapping[str, str]) -> list[str]:
    return [
        str(DEPLOY_VENV / "bin" / "sam"), "deploy",
        "--template-file", str(SAM_BUILD_DIR / "template.yaml"),
        "--stack-name", target.stack, "--region", target.region,
        "--resolve-s3", "--capabilities", "CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND",
        "--no-confirm-changeset", "--no-fail-on-empty-changeset",
        "--tags", "app=mentorkit",
        "--parameter-overrides", *parameter_overrides(values),
    ]


def first_site_url(outputs: Mapping[str, str] | None, site_domain: str | None = None) -> str:
    """The SiteUrl to deploy with: your own domain, the known address, or the template's
    placeholder the first time.

    The callback URL, the distribution and the authorizer form a loop (see template.yaml,
    UserPoolClient): the distribution's address exists only after the first deploy. Your
    own domain is known before, so it needs no second step.
    """
    if site_domain:
        return f"https://{site_domain}"
    return (outputs or {}).get("SiteUrl") or str(template.parameter_default("SiteUrl"))


def site_config(outputs: Mapping[str, str]) -> dict[str, Any]:
    """config.json for the site's JS: the same shape the local stack serves (LocalStack.config)."""
    auth = outputs["AuthDomain"].rstrip("/")
    return {
        "apiBase": "/api",
        "auth": {
            "authorizeUrl": f"{auth}/oauth2/authorize",
            "tokenUrl": f"{auth}/oauth2/token",
            "clientId": outputs["UserPoolClientId"],
            "scope": "openid email",
            "logoutUrl": f"{auth}/logout",
        },
    }


CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".yml": "text/yaml; charset=utf-8",
    ".yaml": "text/yaml; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".pdf": "application/pdf",
    ".gz": "application/gzip",
    ".zip": "application/zip",
}

NO_CACHE = "no-cache"                                   # revalidate: a publish shows at once
IMMUTABLE = "public, max-age=31536000, immutable"       # the name changes with the content
MEDIA = "public, max-age=86400"
_FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.(min\.)?(js|css)$")


def content_type(key: str) -> str:
    """The Content-Type S3 should answer with: fixed here, not left to the machine's mime.types."""
    suffix = Path(key).suffix.lower()
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(key)[0] or "application/octet-stream"


def cache_control(key: str) -> str:
    """Pages, data and unversioned scripts revalidate; fingerprinted bundles are kept for a year."""
    if _FINGERPRINTED.search(key):
        return IMMUTABLE
    if content_type(key).startswith(("image/", "font/")):
        return MEDIA
    return NO_CACHE


# AWS: publish and empty the site bucket ---------------------------------------------------

def publish(site_dir: Path, outputs: Mapping[str, str], s3: Any, cloudfront: Any) -> dict[str, int]:
    """Upload the built site and its config.json, remove what the site no longer has, invalidate."""
    bucket = outputs["SiteBucket"]
    (site_dir / "config.json").write_text(json.dumps(site_config(outputs), indent=2) + "\n")
    keys = set()
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        key = path.relative_to(site_dir).as_posix()
        keys.add(key)
        s3.upload_file(str(path), bucket, key,
                       ExtraArgs={"ContentType": content_type(key), "CacheControl": cache_control(key)})
    stale = [key for key in _object_keys(s3, bucket) if key not in keys]
    _delete(s3, bucket, [{"Key": key} for key in stale])
    cloudfront.create_invalidation(
        DistributionId=outputs["DistributionId"],
        InvalidationBatch={"Paths": {"Quantity": 1, "Items": ["/*"]}, "CallerReference": f"publish-{time.time_ns()}"},
    )
    return {"uploaded": len(keys), "removed": len(stale)}


def empty_bucket(s3: Any, bucket: str) -> int:
    """Delete every object (and every version, should versioning be on): CloudFormation won't."""
    doomed = []
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
        for item in page.get("Versions", []) + page.get("DeleteMarkers", []):
            doomed.append({"Key": item["Key"], "VersionId": item["VersionId"]})
    _delete(s3, bucket, doomed)
    return len(doomed)


def _object_keys(s3: Any, bucket: str) -> list[str]:
    return [item["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
            for item in page.get("Contents", [])]


def _delete(s3: Any, bucket: str, objects: list[dict[str, str]]) -> None:
    for start in range(0, len(objects), 1000):
        s3.delete_objects(Bucket=bucket, Delete={"Objects": objects[start:start + 1000], "Quiet": True})


# AWS: the stack ------------------------------------------------------------------------

def aws_session(env: Mapping[str, str]) -> tuple[Any, Target, str]:
    """A boto3 session that works, the target, and the account id; or a message saying why not."""
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

    try:
        session = boto3.Session()
        target = target_from_env(env, session.region_name)
        session = boto3.Session(region_name=target.region)
        account = session.client("sts").get_caller_identity()["Account"]
    except NoCredentialsError as error:
        raise DeployError(NO_CREDENTIALS) from error
    except (ClientError, BotoCoreError) as error:
        raise DeployError(f"{NO_CREDENTIALS}\n(AWS said: {error})") from error
    return session, target, account


def describe_stack(cloudformation: Any, stack: str) -> dict[str, Any] | None:
    from botocore.exceptions import ClientError

    try:
        (found,) = cloudformation.describe_stacks(StackName=stack)["Stacks"]
    except ClientError as error:
        if "does not exist" in str(error):
            return None
        raise
    return found


def outputs_of(stack: Mapping[str, Any] | None) -> dict[str, str] | None:
    if stack is None:
        return None
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def ensure_deploy_venv() -> None:
    """aws-sam-cli in .venv-deploy, pinned by requirements/deploy.txt."""
    if (DEPLOY_VENV / "bin" / "sam").exists():
        return
    print("Installing the deploy tools (aws-sam-cli) into .venv-deploy/ …", flush=True)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(DEPLOY_VENV)], check=True)
    subprocess.run([str(DEPLOY_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet",
                    "-r", str(DEPLOY_REQUIREMENTS)], check=True)


def sam_environment(target: Target) -> dict[str, str]:
    """SAM runs functions/Makefile, whose pip must be the deploy venv's."""
    return {**os.environ, "PATH": f"{DEPLOY_VENV / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
            "PYTHON": str(DEPLOY_VENV / "bin" / "python"), "AWS_REGION": target.region,
            "SAM_CLI_TELEMETRY": "0"}


def sam_build(target: Target) -> None:
    _run([str(DEPLOY_VENV / "bin" / "sam"), "build", "--template-file", str(TEMPLATE),
          "--build-dir", str(SAM_BUILD_DIR)], target)


def sam_deploy(target: Target, values: Mapping[str, str]) -> None:
    _run(sam_deploy_command(target, values), target)


def _run(command: list[str], target: Target) -> None:
    result = subprocess.run(command, cwd=ROOT, env=sam_environment(target))
    if result.returncode:
        raise DeployError(f"`{' '.join(command[1:3])}` failed (exit {result.returncode}); see above.")


def build_site(site_url: str, out: Path) -> Path:
    """`mkdocs build --strict` with the deployed address as site_url (canonical links, sitemap)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(MKDOCS), site_url=site_url.rstrip("/") + "/", site_dir=str(out), strict=True))
    return out


# Commands --------------------------------------------------------------------------------

def deploy(env: Mapping[str, str]) -> None:
    check_placeholders(mkdocs_config(), env)
    check_options(env)
    session, target, account = aws_session(env)
    cloudformation = session.client("cloudformation")
    existing = describe_stack(cloudformation, target.stack)
    previous = {p["ParameterKey"]: p.get("ParameterValue", "") for p in (existing or {}).get("Parameters", [])}
    # The hosted sign-in domain never changes once made: a new prefix would replace it.
    auth_prefix = (previous.get("AuthDomainPrefix") or env.get("AUTH_DOMAIN_PREFIX")
                   or auth_domain_prefix(target.stack, str(branding.extra().get("organisation", "")), account))
    print(f"Deploying stack {target.stack} to {target.region} (account {account}) …", flush=True)

    ensure_deploy_venv()
    sam_build(target)
    site_url = first_site_url(outputs_of(existing), env.get("SITE_DOMAIN"))
    common = {"allowed_email_domains": branding.allowed_email_domains(), "auth_prefix": auth_prefix, "env": env}
    upgrade = upgrade_parameters(previous if existing else None)
    if upgrade:
        print("This stack's user pool predates case-insensitive sign-in, which Cognito cannot switch on "
              "for an existing pool: it keeps case-sensitive addresses (see infra/DEPLOY.md).", flush=True)
    sam_deploy(target, {**parameters(site_url=site_url, **common), **upgrade})
    outputs = outputs_of(describe_stack(cloudformation, target.stack)) or {}
    if outputs["SiteUrl"] != site_url:
        print(f"Second step: sign-in learns the site's address, {outputs['SiteUrl']} …", flush=True)
        sam_deploy(target, {**parameters(site_url=outputs["SiteUrl"], **common), **upgrade})
    publish_site(session, outputs)


def publish_site(session: Any, outputs: Mapping[str, str]) -> None:
    site = build_site(outputs["SiteUrl"], PUBLISHED_SITE)
    counts = publish(site, outputs, session.client("s3"), session.client("cloudfront"))
    print(f"Published {counts['uploaded']} files ({counts['removed']} removed). The site is at "
          f"{outputs['SiteUrl']} (CloudFront may take a few minutes the first time).")


def publish_only(env: Mapping[str, str]) -> None:
    check_placeholders(mkdocs_config(), env)
    session, target, _ = aws_session(env)
    outputs = outputs_of(describe_stack(session.client("cloudformation"), target.stack))
    if not outputs:
        raise DeployError(f"No stack {target.stack} in {target.region}: run `make deploy` first.")
    publish_site(session, outputs)


def destroy(env: Mapping[str, str]) -> None:
    session, target, _ = aws_session(env)
    cloudformation = session.client("cloudformation")
    outputs = outputs_of(describe_stack(cloudformation, target.stack))
    if outputs is None:
        print(f"Nothing to destroy: no stack {target.stack} in {target.region}.")
        return
    if "SiteBucket" in outputs:
        removed = empty_bucket(session.client("s3"), outputs["SiteBucket"])
        print(f"Emptied the site bucket ({removed} objects).", flush=True)
    print(f"Deleting stack {target.stack} (CloudFront takes a while) …", flush=True)
    cloudformation.delete_stack(StackName=target.stack)
    cloudformation.get_waiter("stack_delete_complete").wait(
        StackName=target.stack, WaiterConfig={"Delay": 15, "MaxAttempts": 240})
    print(f"Deleted. The DynamoDB table {outputs.get('TableName', '(see the console)')} is kept with "
          "its data (DeletionPolicy: Retain); delete it in the DynamoDB console once you no longer need it. "
          f"The user pool {outputs.get('UserPoolId', '(see the Cognito console)')} is kept with its accounts "
          "too: to delete it, turn off its deletion protection in the Cognito console first.")


COMMANDS = {"deploy": deploy, "destroy": destroy, "publish": publish_only}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0] not in COMMANDS:
        print(f"usage: python -m devstack.deploy {{{'|'.join(COMMANDS)}}}", file=sys.stderr)
        return 2
    try:
        COMMANDS[args[0]](os.environ)
    except DeployError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Pages tell the truth: every API route, app page and button a page names exists in the product.

A page that says "choose **Export to Slack**" or links to an app page nobody built sends a
coordinator looking for something that is not there. These tests read the pages (and the
README and deploy guide, which name routes) and compare what they name with what the
product has: routes with template.yaml's HttpApi events, app pages with content/app/*.md,
buttons with the labels in the site's code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
PAGES = sorted(CONTENT.rglob("*.md"))
DOCS = PAGES + [ROOT / "README.md", ROOT / "infra" / "DEPLOY.md"]

# Routes colleagues add to template.yaml in issue 15 (surveys, metrics, relationships). Pages may
# name them now; once template.yaml has them this list adds nothing and can be emptied.
LANDING_IN_ISSUE_15 = {
    "GET /api/surveys/{surveyId}",
    "POST /api/surveys/{surveyId}/responses",
    "GET /api/programs/{programId}/surveys/{surveyId}/results",
    "GET /api/programs/{programId}/metrics",
    "GET /api/me/relationships",
    "GET /api/relationships/{relationshipId}",
    "POST /api/relationships/{relationshipId}/meetings",
    "POST /api/relationships/{relationshipId}/close",
    "GET /api/programs/{programId}/recommendations",
    "POST /api/programs/{programId}/requests",
}

ROUTE = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE) (/api/[A-Za-z0-9_{}./-]*[A-Za-z0-9_}])")
APP_LINK = re.compile(r"(?<![\w.-])(?:\.\./|/)*app/([a-z0-9-]+)(?:\.md|/)")
# Things the product will not do. A page may mention them only to say so, or to say the step is
# done by hand: the sentence must also hold one of the words in HONEST.
NOT_IN_PRODUCT = re.compile(
    r"\b(?:Slack|Microsoft Teams|Teams (?:bot|app|channel)s?|HRIS|HR systems?|mobile apps?|calendar "
    r"(?:integration|sync)|in-app messag\w*|chatbots?|AI (?:chat|assistant)s?|certificates?|badges?)\b", re.I)
HONEST = re.compile(r"\b(?:no|not|never|without|by hand|manual|manually|yourself|your usual|outside the site)\b", re.I)
# Instructions that name a control: "choose **Delete my data**", "select **Publish**".
BUTTON = re.compile(r"\b(?:[Cc]hoose|[Cc]lick|[Pp]ress|[Ss]elect|[Tt]ap) (?:the )?\*\*([^*]+)\*\*")


class _Loader(yaml.SafeLoader):
    """Reads template.yaml, whose CloudFormation tags (!Ref, !Sub, …) a safe loader refuses."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def template_routes() -> set[str]:
    """'METHOD /path' for every HttpApi event of every function in template.yaml."""
    template = yaml.load((ROOT / "template.yaml").read_text("utf-8"), Loader=_Loader)
    routes = set()
    for resource in template["Resources"].values():
        for event in ((resource.get("Properties") or {}).get("Events") or {}).values():
            if event.get("Type") == "HttpApi":
                routes.add(f'{event["Properties"]["Method"].upper()} {event["Properties"]["Path"]}')
    return routes


def named(pattern: re.Pattern[str], paths: list[Path]) -> list[tuple[str, str]]:
    """(page, what it names) for every match of `pattern` in the pages: 'METHOD /path' for a
    route, the page name for an app link, the label for a button."""
    found = []
    for path in paths:
        page = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
        for match in pattern.finditer(path.read_text("utf-8")):
            found.append((page, " ".join(match.groups())))
    return found


def control_labels() -> str:
    """Every text the site's code and app pages can show, to look a button's label up in."""
    sources = [*(ROOT / "site").rglob("*.js"), *(ROOT / "site").rglob("*.html"),
               *(ROOT / "site" / "hooks").glob("*.py"), *(CONTENT / "app").glob("*.md")]
    return "\n".join(path.read_text("utf-8") for path in sources)


def has_control(label: str, labels: str) -> bool:
    """A label is there when the code holds it as the start of a string or of an element's text."""
    return any(f"{quote}{label}" in labels for quote in ('"', "'", "`", ">"))


# The checks -------------------------------------------------------------------------------

def test_the_route_list_is_read_from_the_template() -> None:
    routes = template_routes()
    assert "PUT /api/me/training/{moduleId}" in routes
    assert "POST /api/programs/{programId}/matching-runs/{runId}/publish" in routes
    assert len(routes) >= 15


def test_every_api_route_a_page_names_exists() -> None:
    known = template_routes() | LANDING_IN_ISSUE_15
    missing = [f"{page}: {route}" for page, route in named(ROUTE, DOCS) if route not in known]
    assert not missing, "pages name routes the API does not have:\n" + "\n".join(missing)


def test_every_app_page_a_page_links_to_exists() -> None:
    apps = {path.stem for path in (CONTENT / "app").glob("*.md")}
    missing = [f"{page}: app/{name}" for page, name in named(APP_LINK, DOCS) if name not in apps]
    assert not missing, "pages link to app pages that do not exist:\n" + "\n".join(missing)


def test_every_button_a_page_tells_people_to_choose_exists() -> None:
    labels = control_labels()
    missing = [f"{page}: {label}" for page, label in named(BUTTON, DOCS) if not has_control(label, labels)]
    assert not missing, "pages name buttons the site does not have:\n" + "\n".join(missing)


def sentences(text: str) -> list[str]:
    """A page's prose split into sentences (table rows and list items end one too)."""
    return [s for s in re.split(r"(?<=[.!?])\s+|\n\s*\n|\n\s*[-|*\d]", text) if s.strip()]


def test_pages_mention_what_the_product_does_not_do_only_to_say_so() -> None:
    claims = [f"{path.relative_to(ROOT)}: {' '.join(sentence.split())}"
              for path in PAGES for sentence in sentences(path.read_text("utf-8"))
              if NOT_IN_PRODUCT.search(sentence) and not HONEST.search(sentence)]
    assert not claims, "pages describe integrations the product does not have:\n" + "\n".join(claims)


def test_an_integration_claim_is_told_from_an_honest_mention() -> None:
    claim = "Matches are posted to a Slack channel automatically."
    honest = "The site has no Slack integration: post the news yourself."
    assert NOT_IN_PRODUCT.search(claim) and not HONEST.search(claim)
    assert NOT_IN_PRODUCT.search(honest) and HONEST.search(honest)


@pytest.mark.parametrize(("pattern", "text", "found"), [
    (ROUTE, "Call `GET /api/programs/{programId}/calendar` to sync.", ["GET /api/programs/{programId}/calendar"]),
    (APP_LINK, "Open [the console](../app/console.md) or /app/slack-bot/.", ["console", "slack-bot"]),
    (BUTTON, "Then choose **Send to Teams** and select the **Publish** button.", ["Send to Teams", "Publish"]),
])
def test_the_checks_find_what_pages_name(tmp_path: Path, pattern: re.Pattern[str], text: str,
                                         found: list[str]) -> None:
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    assert [what for _, what in named(pattern, [page])] == found


def test_an_invented_route_app_page_or_button_is_caught(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("Use `POST /api/programs/{programId}/slack`, open /app/calendar/ and choose **Sync HRIS**.",
                    encoding="utf-8")
    known = template_routes() | LANDING_IN_ISSUE_15
    apps = {path.stem for path in (CONTENT / "app").glob("*.md")}
    assert [r for _, r in named(ROUTE, [page]) if r not in known] == ["POST /api/programs/{programId}/slack"]
    assert [a for _, a in named(APP_LINK, [page]) if a not in apps] == ["calendar"]
    assert [b for _, b in named(BUTTON, [page]) if not has_control(b, control_labels())] == ["Sync HRIS"]

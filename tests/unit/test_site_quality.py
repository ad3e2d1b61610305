"""What Lighthouse checks that a build can promise: robots.txt, a language, descriptions, sized images."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def load_hook():
    spec = importlib.util.spec_from_file_location("mentorkit_site_hook", ROOT / "site" / "hooks" / "mentorkit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_robots_txt_lets_pages_be_indexed_and_points_at_the_sitemap(built_site: Path) -> None:
    robots = (built_site / "robots.txt").read_text("utf-8").splitlines()
    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text().split("# Configuration")[0])["site_url"]
    assert "User-agent: *" in robots
    assert "Disallow: /" not in robots                     # only /api/ and /auth/, never the whole site
    assert f"Sitemap: {site_url.rstrip('/')}/sitemap.xml" in robots
    assert (built_site / "sitemap.xml").is_file()


def test_robots_txt_follows_the_deployed_address() -> None:
    hook = load_hook()
    deployed = hook.robots_txt("https://d111abcdef8.cloudfront.net/")
    assert "Sitemap: https://d111abcdef8.cloudfront.net/sitemap.xml" in deployed
    assert "Sitemap" not in hook.robots_txt(None)


def test_every_page_has_a_language_a_description_and_a_sized_logo(built_site: Path) -> None:
    problems = []
    for page in built_site.rglob("*.html"):
        html = page.read_text("utf-8")
        name = page.relative_to(built_site).as_posix()
        if not re.search(r'<html lang="en"', html):
            problems.append(f"{name}: no lang")
        if not re.search(r'<meta name="description" content="[^"]{20,}"', html):
            problems.append(f"{name}: no meta description")
        for img in re.findall(r"<img [^>]*>", html):
            if 'src="' in img and "logo" in img and not ('width="' in img and 'height="' in img):
                problems.append(f"{name}: logo without width and height: {img}")
    assert not problems, "\n".join(problems)


def test_every_page_has_the_sign_in_slot_and_the_site_css_inline_not_linked(built_site: Path) -> None:
    """Built in, so that start-up JavaScript only fills in text, and no stylesheet of ours blocks the first paint."""
    problems = []
    for page in built_site.rglob("*.html"):
        html = page.read_text("utf-8")
        name = page.relative_to(built_site).as_posix()
        if html.count('<span class="mk-who">') != 1 or 'class="mk-auth md-header__button" hidden' not in html:
            problems.append(f"{name}: no sign-in slot in the header")
        if re.search(r'<link rel="stylesheet" href="[^"]*assets/css/', html):
            problems.append(f"{name}: links a stylesheet of ours")
        if not re.search(r"<style>[^<]*\.mk-quiz__question\{?", html) or "data-mk-coordinators" not in html:
            problems.append(f"{name}: the site's own CSS is not inline")
    assert not problems, "\n".join(problems)


def test_navigation_links_to_coordinators_pages_and_only_those_are_marked(built_site: Path) -> None:
    hook = load_hook()
    config = yaml.safe_load("extra:" + (ROOT / "mkdocs.yml").read_text().split("\nextra:")[1].split("\n# Browser code")[0])
    assert config["extra"]["coordinator_pages"] == ["app/console.md", "app/signups.md"]
    for name in ("app/programs/index.html", "app/console/index.html", "app/signups/index.html", "404.html"):
        html = (built_site / name).read_text("utf-8")
        marked = re.findall(r'<li class="md-nav__item[^"]*" data-mk-coordinators>(?:(?!</?li\b).)*?'
                            r'<a href="[^"]*" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*([^<]+?)\s*<',
                            html, re.S)
        expected = [] if name == "404.html" else ["Matching console", "Sign-ups (coordinators)"]
        assert marked == expected, name
    # The 404 page links from the site's root; a coordinators' page is marked there too.
    page = ('<li class="md-nav__item"><a href="/app/console/" class="md-nav__link">Console</a></li>'
            '<li class="md-nav__item"><a href="/app/programs/" class="md-nav__link">Programs</a></li>')
    hook._coordinator_urls[:] = ["app/console/"]
    marked = hook.mark_coordinator_links(page, "404.html", {"site_url": "http://127.0.0.1:8000/"})
    assert marked.count("data-mk-coordinators") == 1 and 'data-mk-coordinators><a href="/app/console/"' in marked


def test_footer_links_to_coordinators_pages_are_marked(built_site: Path) -> None:
    """Surveys comes before the matching console in the navigation: its "Next" link is the console's."""
    html = (built_site / "app/surveys/index.html").read_text("utf-8")
    links = dict(re.findall(r'<a href="([^"]*)"( data-mk-coordinators)? class="md-footer__link', html))
    assert links == {"../my-mentoring/": "", "../console/": " data-mk-coordinators"}

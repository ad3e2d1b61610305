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

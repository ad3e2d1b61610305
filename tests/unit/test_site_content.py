"""The guide site keeps its promises: a clean strict build, no broken links, complete modules."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from mentorkit.domain import training

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
MODULES = sorted(p for p in (CONTENT / "training").glob("*.md") if p.name != "index.md")
# Pages written by other parts of the product: the form pages and the generated benchmark figures.
OTHERS = ("app/", "auth/", "it/matching-performance.md")
OWN_PAGES = sorted(p for p in CONTENT.rglob("*.md") if not p.relative_to(CONTENT).as_posix().startswith(OTHERS))


def front_matter(path: Path) -> dict:
    match = re.match(r"^---\n(.*?)\n---\n", path.read_text(encoding="utf-8"), re.DOTALL)
    assert match, f"{path.relative_to(ROOT)} has no YAML front matter"
    return yaml.safe_load(match.group(1)) or {}


def load_hook():
    spec = importlib.util.spec_from_file_location("mentorkit_site_hook", ROOT / "site" / "hooks" / "mentorkit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Links(HTMLParser):
    """Collects every href and src in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in {"href", "src"} and value:
                self.urls.append(value)


def target(site: Path, page: Path, url: str) -> Path | None:
    """The built file an internal URL points to, or None for external and special links."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("#", "mailto:", "javascript:")):
        return None
    path = unquote(parts.path)
    if not path:
        return None
    base = site if path.startswith("/") else page.parent
    resolved = (base / path.lstrip("/")).resolve()
    return resolved / "index.html" if path.endswith("/") or resolved.is_dir() else resolved


# The build ---------------------------------------------------------------------------------

def test_site_builds_strict_with_zero_warnings(built_site: Path) -> None:
    # `built_site` runs `mkdocs build --strict`, which fails on the first warning.
    assert (built_site / "index.html").is_file()
    assert (built_site / "training" / "first-meeting" / "index.html").is_file()


def test_every_internal_link_in_the_built_site_resolves(built_site: Path) -> None:
    broken = []
    for page in built_site.rglob("*.html"):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for url in parser.urls:
            file = target(built_site, page, url)
            if file is not None and not file.exists():
                broken.append(f"{page.relative_to(built_site)} -> {url}")
    assert not broken, "broken internal links:\n" + "\n".join(broken)


def test_the_build_publishes_no_python_from_the_theme_folder(built_site: Path) -> None:
    assert not list(built_site.rglob("*.py")) and not list(built_site.rglob("*.pyc"))


def test_no_page_loads_anything_from_another_origin(built_site: Path) -> None:
    offenders = []
    for page in built_site.rglob("*.html"):
        html = page.read_text("utf-8")
        loads = re.finditer(r'<(?:script|img|iframe|source)\b[^>]*\bsrc="(?:https?:)?//[^"]*"'
                            r'|<link\b(?=[^>]*\brel="(?:stylesheet|icon|preload|modulepreload|manifest)")'
                            r'[^>]*\bhref="(?:https?:)?//[^"]*"', html)
        for match in loads:
            offenders.append(f"{page.relative_to(built_site)}: {match.group(0)}")
    assert not offenders, "\n".join(offenders)


def test_every_page_has_its_own_meta_description(built_site: Path) -> None:
    for path in OWN_PAGES:
        description = front_matter(path).get("description", "")
        assert 50 <= len(description) <= 200, f"{path.relative_to(ROOT)}: description of {len(description)} characters"
    home = (built_site / "index.html").read_text("utf-8")
    assert '<meta name="description" content="How mentoring works at your organisation' in home


def test_search_dialog_has_an_accessible_name(built_site: Path) -> None:
    assert re.search(r'role="dialog" aria-label="Search"', (built_site / "index.html").read_text("utf-8"))


def test_branding_placeholders_are_filled_from_mkdocs_yml(built_site: Path) -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8").replace("!!", "#"))
    extra = config["extra"]
    for page in built_site.rglob("*.html"):
        assert "{{ organisation" not in page.read_text("utf-8"), page
    faq = (built_site / "faq" / "index.html").read_text("utf-8")
    assert f'href="mailto:{extra["contact_email"]}"' in faq
    assert f"@{extra['allowed_email_domains'][0]}" in faq
    assert extra["brand"]["primary"] in (built_site / "index.html").read_text("utf-8")


# Training modules --------------------------------------------------------------------------

def test_there_are_at_least_eight_training_modules() -> None:
    assert len(MODULES) >= 8


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_every_training_module_is_complete(path: Path) -> None:
    meta = front_matter(path)
    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    assert meta.get("module_id") == path.stem
    assert isinstance(meta.get("objectives"), list) and meta["objectives"], "objectives"
    assert isinstance(meta.get("minutes"), int) and meta["minutes"] > 0, "minutes"
    assert re.search(r"^## Exercise\b", body, re.MULTILINE), "an Exercise section"
    assert "quiz" not in meta, "questions live in functions/mentorkit/training/, where the API checks answers"
    assert 3 <= len(training.load(path.stem).questions) <= 5, "3 to 5 questions"
    assert load_hook().module_problems(meta, body) == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_every_module_page_has_objectives_and_an_accessible_knowledge_check(built_site: Path, path: Path) -> None:
    html = (built_site / "training" / path.stem / "index.html").read_text("utf-8")
    quiz = training.load(path.stem).questions
    assert "By the end of this module you will be able to" in html
    form = re.search(rf'<form class="mk-quiz" data-mk-quiz="{path.stem}".*?</form>', html, re.DOTALL)
    assert form, "the knowledge-check form"
    form = form.group(0)
    assert form.count("<fieldset") == len(quiz) and form.count("<legend>") == len(quiz)
    assert form.count('type="radio"') == form.count("<label for=") == sum(len(q.options) for q in quiz)
    for question in quiz:
        assert f'data-question="{question.id}" data-answer="{question.answer}"' in form
        for option in question.options:
            assert f'value="{option.id}"' in form
    assert 'id="knowledge-check"' in html


def test_the_training_index_lists_every_module(built_site: Path) -> None:
    html = (built_site / "training" / "index.html").read_text("utf-8")
    for path in MODULES:
        assert f'data-mk-training-status="{path.stem}"' in html
        assert f'href="{path.stem}/"' in html


def test_a_half_written_module_stops_the_strict_build(tmp_path: Path) -> None:
    for name in ("content", "site", "mkdocs.yml"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    (tmp_path / "content" / "training" / "half-done.md").write_text(
        "---\ntitle: Half done\ndescription: A module someone forgot to finish.\nmodule_id: half-done\n"
        "minutes: 10\n---\n\nText.\n",
        encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "out")],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode != 0
    for problem in ("objectives", 'no "## Exercise" section', "no knowledge check: write functions/mentorkit/training/half-done.json"):
        assert problem in result.stderr, problem


def test_unreadable_brand_colours_are_reported() -> None:
    hook = load_hook()
    assert hook.contrast("#ffffff", "#000000") == pytest.approx(21)
    assert hook.contrast(hook.BRAND_DEFAULTS["primary"], "#ffffff") >= 4.5
    assert hook.contrast("#ffeb3b", "#ffffff") < 4.5

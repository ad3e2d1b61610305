"""MkDocs hooks for mentorkit's guide and training site.

Three jobs, all driven by `mkdocs.yml` and page front matter so that nobody edits templates:

* branding: `extra.brand` (logo, favicon, colours) is applied to the theme, and colours
  that would fail WCAG AA contrast stop a strict build;
* placeholders: `{{ organisation }}`, `{{ contact_email }}`, `{{ allowed_email_domains }}`
  and `{{ site_name }}` in Markdown are replaced with the configured values;
* training modules: a page with `module_id` in its front matter is checked for
  completeness (objectives, minutes, an Exercise section, and 3-5 questions in
  `functions/mentorkit/training/<module_id>.json`, the file the API checks answers
  against), gets an objectives box at the top and an accessible knowledge-check form at
  the end; the page with `training_index: true` gets the list of modules.

Each page also gets `<link rel="modulepreload">` hints for the browser modules it will run
(app.js, the page's own module from app.js's table, and their imports), so the browser fetches
them side by side instead of one import level after another.

For a fast first paint, every page also gets, at build time rather than from JavaScript at start-up:
the site's own stylesheets (`extra.inline_css`) inline in its `<head>`, so that only the theme's two
stylesheets block rendering; the header's sign-in slot (app.js only fills in its text); and a mark on
the navigation links to coordinators' pages (`extra.coordinator_pages`), which CSS hides unless
app.js marks `<html>` for a signed-in coordinator.

And after the build, robots.txt (its sitemap address follows `site_url`), and a check that the
Content-Security-Policy in template.yaml allows exactly the inline scripts the built pages hold
(by their sha256 hashes), so production needs no 'unsafe-inline' for scripts.

After the build, too, the chart library
(Chart.js, pinned in package.json, installed by `npm ci`) copied into the site, so the dashboard
loads it from the site's own origin.
"""

from __future__ import annotations

import base64
import hashlib
import html
import importlib
import json
import logging
import re
import shutil
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from mkdocs.utils import get_relative_url
from mkdocs.utils import meta as front_matter


def _import_training():
    """The API's knowledge-check module (one answer key for page and server). MkDocs loads this hook
    as the module `mentorkit`, with its folder first on sys.path: both hide the package of that
    name, so both step aside while the package is imported."""
    here = str(Path(__file__).resolve().parent)
    hook, saved_path = sys.modules.pop("mentorkit", None), sys.path[:]
    sys.path[:] = [p for p in sys.path if str(Path(p or ".").resolve()) != here]
    try:
        return importlib.import_module("mentorkit.domain.training")
    finally:
        sys.path[:] = saved_path
        if hook is not None:
            sys.modules["mentorkit"] = hook


training = _import_training()

log = logging.getLogger("mkdocs.hooks.mentorkit")

AA_CONTRAST = 4.5
BRAND_DEFAULTS = {
    "primary": "#1d4f76",      # header and buttons, under white text
    "primary_dark": "#153a58",
    "accent": "#0b6e4f",       # hover and focus
    "link": "#1d4f76",         # links on the light background
    "link_dark": "#8cc4f0",    # links on the dark background
}
LIGHT_BG, DARK_BG, WHITE = "#ffffff", "#1e2129", "#ffffff"

_modules: list[dict[str, Any]] = []
_coordinator_urls: list[str] = []   # of the pages in extra.coordinator_pages, as "app/console/"


# Colour contrast -------------------------------------------------------------------------

def _luminance(hex_colour: str) -> float:
    """Relative luminance as WCAG 2 defines it."""
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two #rrggbb colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def brand(config: dict) -> dict[str, str]:
    """The brand settings: `extra.brand` over the defaults."""
    settings = dict(BRAND_DEFAULTS)
    settings.update({k: v for k, v in (config["extra"].get("brand") or {}).items() if v})
    return settings


def on_config(config, **kwargs):
    """Apply `extra.brand` to the theme and refuse colours people cannot read."""
    settings = brand(config)
    for key in ("logo", "favicon"):
        if settings.get(key):
            config.theme[key] = settings[key]
    checks = [
        ("primary", WHITE, "white header text on extra.brand.primary"),
        ("primary_dark", WHITE, "white text on extra.brand.primary_dark"),
        ("link", LIGHT_BG, "extra.brand.link on the light background"),
        ("link_dark", DARK_BG, "extra.brand.link_dark on the dark background"),
        ("accent", LIGHT_BG, "extra.brand.accent on the light background"),
    ]
    for key, background, what in checks:
        colour = settings[key]
        if not re.fullmatch(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})", colour):
            log.warning("extra.brand.%s must be a #rrggbb colour, got %r", key, colour)
            continue
        ratio = contrast(colour, background)
        if ratio < AA_CONTRAST:
            log.warning("Contrast of %s is %.2f:1; WCAG AA needs %.1f:1. Pick a %s colour.",
                        what, ratio, AA_CONTRAST, "darker" if background != DARK_BG else "lighter")
    config["extra"]["brand"] = settings
    return config


# Placeholders ----------------------------------------------------------------------------

def _placeholders(config) -> dict[str, str]:
    extra = config["extra"]
    domains = extra.get("allowed_email_domains") or []
    return {
        "organisation": str(extra.get("organisation", "")),
        "contact_email": str(extra.get("contact_email", "")),
        "allowed_email_domains": ", ".join(f"@{d}" for d in domains),
        "site_name": str(config["site_name"]),
    }


def _fill(markdown: str, config) -> str:
    values = _placeholders(config)
    return re.sub(r"\{\{\s*(\w+)\s*\}\}",
                  lambda m: values.get(m.group(1), m.group(0)), markdown)


# Training modules ------------------------------------------------------------------------

def module_problems(meta: dict, markdown: str) -> list[str]:
    """Everything that makes a training module incomplete; empty when it is complete."""
    problems = []
    if not meta.get("title"):
        problems.append("no title")
    if not meta.get("description"):
        problems.append("no description")
    objectives = meta.get("objectives")
    if not isinstance(objectives, list) or not objectives or not all(isinstance(o, str) and o.strip() for o in objectives):
        problems.append("objectives must be a non-empty list of sentences")
    minutes = meta.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
        problems.append("minutes must be a positive whole number")
    if not re.search(r"^## Exercise\b", markdown, re.MULTILINE):
        problems.append('no "## Exercise" section')
    module_id = meta.get("module_id")
    if isinstance(module_id, str) and module_id:
        problems.extend(quiz_problems(module_id))
    return problems


def _question_file(module_id: str) -> Path:
    return training.QUESTIONS_DIR / f"{module_id}.json"


def quiz_problems(module_id: str) -> list[str]:
    """What is wrong with a module's question file, the one the API checks answers against."""
    path = _question_file(module_id)
    if not path.is_file():
        return [f"no knowledge check: write functions/mentorkit/training/{module_id}.json"]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        return [f"{path.name} is not valid JSON: {error}"]
    problems = training.problems(data)
    if isinstance(data, dict) and data.get("moduleId") != module_id:
        problems.append(f"{path.name} must say \"moduleId\": \"{module_id}\"")
    return problems


def _objectives_box(meta: dict) -> str:
    items = "\n".join(f"    - {o}" for o in meta["objectives"])
    return (f'!!! abstract "About {meta["minutes"]} minutes"\n\n'
            f"    By the end of this module you will be able to:\n\n{items}\n\n")


def quiz_form(quiz: training.Quiz) -> str:
    """The knowledge check as an HTML form that works with a keyboard and a screen reader.

    Options carry their ids, as the API expects them back; the browser shuffles their order."""
    e = lambda text: html.escape(str(text), quote=True)  # noqa: E731
    module_id, questions = quiz.module_id, quiz.questions
    parts = [
        f'<form class="mk-quiz" data-mk-quiz="{e(module_id)}" data-mk-quiz-total="{len(questions)}" novalidate>',
        f'<p class="mk-quiz__intro">{len(questions)} questions. Choose one answer for each, then check '
        "your answers. Nothing is recorded until every answer is right.</p>",
    ]
    for q, item in enumerate(questions, start=1):
        qid = f"mk-q-{module_id}-{q}"
        parts.append(f'<fieldset class="mk-quiz__question" id="{qid}" data-question="{e(item.id)}" '
                     f'data-answer="{e(item.answer)}">')
        parts.append(f'<legend>{q}. {e(item.text)}</legend>')
        for option in item.options:
            oid = f"{qid}-{e(option.id)}"
            parts.append(f'<div class="mk-quiz__option"><input type="radio" id="{oid}" name="{qid}" '
                         f'value="{e(option.id)}"><label for="{oid}">{e(option.text)}</label></div>')
        parts.append(f'<p class="mk-quiz__feedback" id="{qid}-feedback" hidden></p>')
        parts.append(f'<p class="mk-quiz__explain" hidden>{e(item.explain)}</p>')
        parts.append("</fieldset>")
    parts.append('<div class="mk-quiz__actions">'
                 '<button type="submit" class="md-button md-button--primary">Check my answers</button>'
                 "</div>")
    parts.append('<div class="mk-quiz__result" role="status" aria-live="polite"></div>')
    parts.append("</form>")
    return "\n".join(parts)


def on_files(files, config, **kwargs):
    """Read every module's front matter once, for checks and the training index; find the
    coordinators' pages."""
    _modules.clear()
    for file in files.documentation_pages():
        if not file.src_uri.startswith("training/") or file.src_uri == "training/index.md":
            continue
        _, meta = front_matter.get_data(Path(file.abs_src_path).read_text(encoding="utf-8"))
        if meta.get("module_id"):
            _modules.append({**meta, "src_uri": file.src_uri})
        else:
            # MkDocs drops front matter that is not valid YAML without a word; a module would vanish.
            log.warning("Training module %s has no module_id: is its front matter valid YAML?", file.src_uri)
    _modules.sort(key=lambda m: (m.get("order", 999), m["src_uri"]))
    _coordinator_urls.clear()
    for src in config["extra"].get("coordinator_pages") or []:
        file = files.get_file_from_path(src)
        if file is None:
            log.warning("extra.coordinator_pages: no page %s", src)
        else:
            _coordinator_urls.append(file.url)
    return files


def _module_index() -> str:
    rows = ["| Module | Time | What you will practise | Your progress |", "|---|---|---|---|"]
    for m in _modules:
        link = Path(m["src_uri"]).name
        status = (f'<span class="mk-training-status" data-mk-training-status="{m["module_id"]}">'
                  "Sign in to see</span>")
        rows.append(f'| [{m["title"]}]({link}) | {m["minutes"]} min | {m["description"]} | {status} |')
    return "\n".join(rows) + "\n"


def on_page_markdown(markdown, page, config, files, **kwargs):
    """Fill placeholders; complete training modules and the module index."""
    markdown = _fill(markdown, config)
    meta = page.meta
    for key in ("title", "description"):
        if isinstance(meta.get(key), str):
            meta[key] = _fill(meta[key], config)
    if meta.get("training_index"):
        markdown = markdown.replace("<!-- mk:modules -->", _module_index())
    module_id = meta.get("module_id")
    if not module_id:
        return markdown
    expected = Path(page.file.src_uri).stem
    problems = module_problems(meta, markdown)
    if module_id != expected:
        problems.append(f"module_id {module_id!r} must match the file name {expected!r}")
    if problems:
        for problem in problems:
            log.warning("Training module %s is incomplete: %s", page.file.src_uri, problem)
        return markdown
    return (_objectives_box(meta) + markdown.rstrip()
            + "\n\n## Knowledge check\n\n" + quiz_form(training.parse(json.loads(_question_file(module_id).read_text("utf-8")))) + "\n")



_SECTION_LINK = re.compile(
    r'<div class="md-nav__link md-nav__container">\s*<a [^>]*>(?P<inner>.*?)</a>\s*'
    r'<label [^>]*id="(?P<id>__nav_[\d_]+_label)"', re.S)


def _finish(output: str, url: str, config, where: str, preload: bool = True) -> str:
    """With navigation.indexes, Material labels a section's sub-menu by a toggle that holds only an
    icon, so screen readers meet several unnamed navigation landmarks. Name each after its section.
    Then the header's sign-in slot, the coordinators' links marked, the module preloads."""
    for match in _SECTION_LINK.finditer(output):
        title = " ".join(re.sub(r"<[^>]+>", " ", match.group("inner")).split())
        output = output.replace(f'aria-labelledby="{match.group("id")}"', f'aria-label="{title}"')
    output = header_slot(output, where)
    output = mark_coordinator_links(output, url, config)
    return _preload(output, url) if preload else output


def on_post_page(output, page, config, **kwargs):
    return _finish(output, page.url, config, page.file.src_uri)


def on_post_template(output_content, template_name, config, **kwargs):
    """The "page not found" page is a theme template, not a page: it gets the same, but for module
    preloads (it is served at any address, so it links from the site's root, and loads only app.js)."""
    if template_name != "404.html":
        return output_content
    return _finish(output_content, template_name, config, template_name, preload=False)


# Built into the page, not by JavaScript at start-up ----------------------------------------

# The header's sign-in slot: app.js fills in the button's text and the address and shows them.
# Before the palette toggle, else before search: where app.js used to insert it.
HEADER_SLOT = ('<span class="mk-who"><span class="mk-who__name" hidden></span>'
               '<button type="button" class="mk-auth md-header__button" hidden></button></span>')
_HEADER_ANCHOR = re.compile(r'(?=<form class="md-header__option" data-md-component="palette")'
                            r'|(?=<label class="md-header__button md-icon" for="__search")')


def header_slot(output: str, where: str) -> str:
    output, found = _HEADER_ANCHOR.subn(HEADER_SLOT, output, count=1)
    if not found:
        log.warning("%s: no place for the sign-in button in the header (the theme's header changed?)", where)
    return output


# A navigation entry: its <li>, up to its own link (never across another entry).
_NAV_ENTRY = re.compile(r'<li class="md-nav__item(?P<classes>[^"]*)"(?P<rest>>(?:(?!</?li\b).)*?'
                        r'<a href="(?P<href>[^"]*)" class="md-nav__link)', re.S)


# A footer's previous/next link.
_FOOTER_LINK = re.compile(r'<a href="(?P<href>[^"]*)" class="md-footer__link')


def mark_coordinator_links(output: str, page_url: str, config) -> str:
    """Mark the navigation entries and footer links of coordinators' pages (`data-mk-coordinators`):
    CSS hides them unless app.js has marked <html> for a signed-in coordinator."""
    targets = {"/" + url for url in _coordinator_urls}
    here = "/" + page_url
    base = urlsplit(config.get("site_url") or "/").path or "/"

    def for_coordinators(href: str) -> bool:
        path = urlsplit(urljoin(here, href)).path
        if href.startswith("/") or urlsplit(href).scheme:   # the 404 page links from the site's root
            path = "/" + path.removeprefix(base).lstrip("/") if path.startswith(base) else path
        return path in targets

    def mark_entry(match: re.Match) -> str:
        if not for_coordinators(match["href"]):
            return match.group(0)
        return f'<li class="md-nav__item{match["classes"]}" data-mk-coordinators{match["rest"]}'

    def mark_footer(match: re.Match) -> str:
        if not for_coordinators(match["href"]):
            return match.group(0)
        return f'<a href="{match["href"]}" data-mk-coordinators class="md-footer__link'

    return _FOOTER_LINK.sub(mark_footer, _NAV_ENTRY.sub(mark_entry, output))


def inline_css(config) -> str:
    """The site's own stylesheets (`extra.inline_css`, in the theme folder `site/`), comments and
    indentation dropped, for one <style> in every page's head: no extra requests before the first paint."""
    folder = Path(config["theme"].custom_dir)
    text = "\n".join((folder / path).read_text(encoding="utf-8") for path in config["extra"].get("inline_css") or [])
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def on_env(env, config, files, **kwargs):
    env.globals["mk_inline_css"] = inline_css(config)
    return env


# Module preloads ------------------------------------------------------------------------

JS_DIR = Path(__file__).resolve().parents[1] / "assets" / "js"
ENTRY = "app.js"
_STATIC_IMPORT = re.compile(r"""(?:^|;|\n)\s*import\s[^;]*?from\s*["']\./([\w.-]+\.js)["']""")
_PAGE_MODULE = re.compile(r"""(?P<q>["'])(?P<selectors>\[data-mk-.+?)(?P=q)\s*:\s*\(\)\s*=>\s*import\(["']\./(?P<module>[\w.-]+\.js)["']\)""")
_ATTRIBUTE = re.compile(r"""\[(?P<name>[\w-]+)(?:=["']?(?P<value>[^"'\]]+)["']?)?\]""")


def _imports(module: str) -> set[str]:
    """`module` and everything it imports statically, by file name."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        if name in seen or not (JS_DIR / name).exists():
            continue
        seen.add(name)
        todo.extend(_STATIC_IMPORT.findall((JS_DIR / name).read_text(encoding="utf-8")))
    return seen


def _has_marker(page: str, selectors: str) -> bool:
    """Whether the page holds an element matching one of app.js's simple `[attr]`/`[attr="v"]` selectors."""
    for selector in selectors.split(","):
        for attribute in _ATTRIBUTE.finditer(selector):
            value = attribute["value"]
            pattern = re.escape(attribute["name"]) + (rf"""=["']?{re.escape(value)}["'\s>]""" if value else r"[\s=>]")
            if re.search(rf"<[^>]*\s{pattern}", page):
                return True
    return False


def page_modules(page: str) -> list[str]:
    """The browser modules a built page runs: app.js, the page's own module (app.js's table), their imports."""
    entry = (JS_DIR / ENTRY).read_text(encoding="utf-8")
    modules = _imports(ENTRY)
    for match in _PAGE_MODULE.finditer(entry):
        if _has_marker(page, match["selectors"]):
            modules |= _imports(match["module"])
    return sorted(modules - {ENTRY})


def _preload(output: str, page_url: str) -> str:
    links = "".join(f'<link rel="modulepreload" href="{get_relative_url(f"assets/js/{m}", page_url)}">'
                    for m in page_modules(output))
    return output.replace("</head>", f"{links}</head>", 1) if links else output


def robots_txt(site_url: str | None) -> str:
    """robots.txt: pages may be indexed (Lighthouse SEO: robots-txt, is-crawlable); the API and the
    sign-in callback are no pages; the sitemap's address is absolute, so it follows `site_url`."""
    lines = ["User-agent: *", "Disallow: /api/", "Disallow: /auth/"]
    if site_url:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"


# Content-Security-Policy ---------------------------------------------------------------

_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?(?P<type>[^"'\s>]+)""", re.I)
_SCRIPT_TYPES = {"text/javascript", "application/javascript", "module"}
_SCRIPT_SRC = re.compile(r"script-src\s+(?P<sources>[^;]*);")


def inline_script_hashes(page: str) -> set[str]:
    """The CSP source ('sha256-…') of every inline script a page runs. Scripts with `src`, and data
    blocks such as Material's `type="application/json"` config, are not inline scripts to a CSP."""
    hashes = set()
    for match in _SCRIPT.finditer(page):
        attrs, body = match.group("attrs"), match.group("body")
        kind = _TYPE.search(attrs)
        if re.search(r"\bsrc\s*=", attrs, re.I) or (kind and kind["type"].lower() not in _SCRIPT_TYPES) or not body:
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        hashes.add(f"'sha256-{digest}'")
    return hashes


def site_script_hashes(site_dir: Path) -> set[str]:
    """Every inline script hash of a built site (Material's theme scripts vary with a page's depth)."""
    return set().union(*(inline_script_hashes(p.read_text(encoding="utf-8")) for p in site_dir.rglob("*.html")))


def template_script_sources(template: str) -> set[str]:
    """The script-src sources of the CSP in template.yaml's text."""
    match = _SCRIPT_SRC.search(template)
    return set(match.group("sources").split()) if match else set()


def _check_csp(config) -> None:
    template = Path(config["config_file_path"]).parent / "template.yaml"
    if not template.exists():
        return
    built = site_script_hashes(Path(config["site_dir"]))
    allowed = template_script_sources(template.read_text(encoding="utf-8"))
    if "'unsafe-inline'" in allowed:
        log.warning("template.yaml: script-src allows 'unsafe-inline'; list the inline scripts' hashes instead.")
    hashes = {s for s in allowed if s.startswith("'sha256-")}
    if built != hashes:
        log.warning("template.yaml's script-src does not match the site's inline scripts (missing %s, stale %s). "
                    "It should read: script-src 'self' %s;", sorted(built - hashes) or "none",
                    sorted(hashes - built) or "none", " ".join(sorted(built)))


CHART_JS = Path(__file__).resolve().parents[2] / "node_modules" / "chart.js"
VENDOR = {"dist/chart.umd.min.js": "chart.umd.min.js", "LICENSE.md": "chart.js-LICENSE.md"}


def copy_chart_library(site_dir: Path) -> None:
    """Chart.js into assets/vendor/: served by the site itself (no CDN: the CSP allows only 'self')."""
    if not (CHART_JS / "dist" / "chart.umd.min.js").exists():
        log.warning("Chart.js is missing from node_modules: run `make node` (npm ci), or the dashboard has no charts.")
        return
    target = site_dir / "assets" / "vendor"
    target.mkdir(parents=True, exist_ok=True)
    for source, name in VENDOR.items():
        shutil.copyfile(CHART_JS / source, target / name)


def on_post_build(config, **kwargs):
    """Write robots.txt next to the sitemap; copy the chart library; check the CSP's script hashes
    against the built pages."""
    site_dir = Path(config["site_dir"])
    (site_dir / "robots.txt").write_text(robots_txt(config.get("site_url")), encoding="utf-8")
    copy_chart_library(site_dir)
    _check_csp(config)

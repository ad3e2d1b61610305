"""Each page asks for the browser modules it runs all at once (modulepreload), not one import
level after another: the hook reads them from app.js's table and the modules' own imports."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_hook():  # noqa: ANN201 - the hook module, loaded from its file as MkDocs does
    spec = importlib.util.spec_from_file_location("mentorkit_site_hook", ROOT / "site" / "hooks" / "mentorkit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_page_preloads_its_own_module_and_every_module_that_module_imports() -> None:
    hook = load_hook()
    signup = hook.page_modules('<div data-mk-form="signup" class="mk-app"></div>')
    assert {"signup.js", "schema-form.js", "api.js", "auth.js", "config.js", "dom.js", "dates.js",
            "theme-access.js"} == set(signup)
    assert "console.js" not in signup and "app.js" not in signup        # app.js is the page's script already
    assert hook.page_modules('<span class="mk-training-status" data-mk-training-status="x">') == \
        sorted(hook.page_modules("<form data-mk-quiz>"))
    assert "training.js" in hook.page_modules("<form data-mk-quiz>")


def test_a_page_without_an_app_preloads_only_what_every_page_runs() -> None:
    hook = load_hook()
    every_page = ["auth.js", "config.js", "theme-access.js"]        # the header, and the theme's boxes
    assert hook.page_modules("<p>data-mk-form is only words here</p>") == every_page
    assert hook.page_modules('<div data-mk-form="survey"></div>') == every_page


def test_preload_links_are_relative_to_the_page() -> None:
    hook = load_hook()
    page = hook._preload("<html><head></head><body><div data-mk-console></div></body></html>", "app/console/")
    assert '<link rel="modulepreload" href="../../assets/js/console.js">' in page
    assert page.index("modulepreload") < page.index("</head>")

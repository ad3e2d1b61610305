"""The CloudFront viewer-request function, run in Node on the events CloudFront hands it."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest
from devstack import template

from tests.conftest import missing

RUN = """
{code}
const cases = JSON.parse(process.argv[1]);
process.stdout.write(JSON.stringify(cases.map((uri) => handler({{ request: {{ uri, querystring: {{}}, headers: {{}} }} }}))));
"""


def run(*uris: str) -> list[dict[str, Any]]:
    if not shutil.which("node"):
        missing("node is not installed")
    code = template.resources("AWS::CloudFront::Function")["DirectoryIndexFunction"]["Properties"]["FunctionCode"]
    result = subprocess.run(["node", "-e", RUN.format(code=code), json.dumps(uris)],
                            capture_output=True, text=True, timeout=30, check=True)
    return json.loads(result.stdout)


@pytest.mark.parametrize(("uri", "served"), [
    ("/", "/index.html"),
    ("/guide/", "/guide/index.html"),
    ("/training/module-1/", "/training/module-1/index.html"),
    ("/assets/js/app.js", "/assets/js/app.js"),
    ("/config.json", "/config.json"),
    ("/404.html", "/404.html"),
])
def test_directory_urls_serve_their_index_and_files_pass_untouched(uri: str, served: str) -> None:
    (request,) = run(uri)
    assert request["uri"] == served


@pytest.mark.parametrize("uri", ["/guide", "/training/module-1", "/v1.2/guide"])
def test_a_directory_without_its_slash_is_redirected_to_it(uri: str) -> None:
    (response,) = run(uri)
    assert response["statusCode"] == 301
    assert response["headers"]["location"]["value"] == uri + "/"

"""Every route the API function answers is one API Gateway sends it: an unlisted route 404s in AWS
(and in the local gateway, which reads the same list)."""

from __future__ import annotations

import re

from devstack import template

from mentorkit.api.app import app, areas


def test_every_api_route_is_an_event_of_the_api_function_and_nothing_else_is() -> None:
    events = template.resources("AWS::Serverless::Function")["ApiFunction"]["Properties"]["Events"].values()
    areas.load_all()
    listed = {(e["Properties"]["Method"].upper(), e["Properties"]["Path"]) for e in events}
    served = {(r.method, re.sub(r"<(\w+)>", r"{\1}", r.path)) for r in app._static_routes + app._dynamic_routes}  # noqa: SLF001
    assert served == listed

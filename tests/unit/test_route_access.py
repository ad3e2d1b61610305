"""Every route says who may call it, and coordinator routes carry the coordinator check."""

from __future__ import annotations

from devstack import template
from mentorkit.api.app import app, areas
from mentorkit.api.auth import require_coordinator
from tests.route_access import ROUTES


def app_routes() -> dict[str, list[str]]:
    areas.load_all()
    return {f"{r.method} {r.openapi_path}": [m.__name__ for m in r.middlewares]
            for r in [*app._static_routes, *app._dynamic_routes]}  # noqa: SLF001


def test_every_route_of_the_api_has_an_entry_in_the_access_table() -> None:
    assert set(app_routes()) == set(ROUTES), "add each new route to tests/route_access.py"


def test_coordinator_routes_and_only_they_sit_behind_the_coordinator_check() -> None:
    for route, middlewares in app_routes().items():
        guarded = require_coordinator.__name__ in middlewares
        assert guarded == (ROUTES[route] == "coordinator"), route


def test_the_template_routes_exactly_the_api_and_only_openapi_is_public() -> None:
    routes = {route.key: route for route in template.routes()}
    assert set(routes) == set(ROUTES)
    for key, route in routes.items():
        assert (route.authorizer is None) == (ROUTES[key] == "public"), key

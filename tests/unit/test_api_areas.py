"""Each route is served by the area its key names, so a cold start loads the right area and only it."""

from __future__ import annotations

from pathlib import Path

from mentorkit.api import routes
from mentorkit.api.app import app, areas
from mentorkit.api.areas import AREAS, serving
from tests.route_access import ROUTES

# The app's own areas: a Router included in a second resolver would answer with that one's events.


def every_route() -> dict[str, str]:
    """Each route key of every area, with the area whose module defines it."""
    areas.load_all()
    return {f"{r.method} {r.openapi_path}": r.func.__module__.rpartition(".")[2]
            for r in [*app._static_routes, *app._dynamic_routes] if r.func.__module__ != "mentorkit.api.app"}  # noqa: SLF001


def test_the_areas_are_the_modules_of_the_routes_package() -> None:
    assert set(AREAS) == {p.stem for p in Path(routes.__file__).parent.glob("[!_]*.py")}


def test_every_route_is_served_by_the_area_that_defines_it() -> None:
    found = every_route()
    assert set(found) == set(ROUTES) - {"GET /api/openapi.json"}
    assert {key: serving(key) for key in found} == {key: (area,) for key, area in found.items()}


def test_a_key_that_names_no_area_loads_them_all() -> None:
    assert serving("GET /api/openapi.json") == AREAS
    assert serving("") == AREAS
    assert serving("$default") == AREAS


def test_an_area_loads_once_and_its_coordinator_routes_join_the_gate() -> None:
    areas.load_all()
    count = len(app._static_routes) + len(app._dynamic_routes)  # noqa: SLF001
    areas.load(*AREAS)
    areas.load("metrics", "metrics")
    assert len(app._static_routes) + len(app._dynamic_routes) == count == len(ROUTES)  # noqa: SLF001
    assert areas.coordinator_routes == {key for key, who in ROUTES.items() if who == "coordinator"}

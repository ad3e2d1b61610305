"""The API's areas, each loaded by the first request that needs it.

An area is one module of `mentorkit.api.routes`: its routes, and through them its services and
models. A cold start imports the frameworks and the wiring only; the first request to an area
imports that area, so a sandbox pays for the areas it serves, not for all seven.

The area that serves a request is read from the route API Gateway matched, its `routeKey`
(`GET /api/programs/{programId}/metrics`): the path's second word names the area when it is
one of WORDS, else its first word does. A route key that names none (the OpenAPI document, or
an event without one) loads every area and lets the router answer.
"""

from __future__ import annotations

import importlib
import threading

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver

from mentorkit.api.auth import coordinators_only, require_coordinator

AREAS = ("programs", "signups", "me", "matching", "relationships", "surveys", "metrics")
WORDS = {
    "programs": "programs",
    "signup": "signups", "signups": "signups", "roster": "signups", "roster-imports": "signups",
    "me": "me",
    "matching-runs": "matching", "matches": "matching",
    "recommendations": "relationships", "requests": "relationships", "relationships": "relationships",
    "surveys": "surveys",
    "metrics": "metrics",
}


def serving(route_key: str) -> tuple[str, ...]:
    """The areas to load for a route key: its one area, or all of them when it names none."""
    path = route_key.partition(" ")[2]
    words = [w for w in path.split("/")[2:] if w and not w.startswith("{")]
    for word in words[1:2] + words[:1]:
        if word in WORDS:
            return (WORDS[word],)
    return AREAS


class Areas:
    """The areas loaded into one resolver so far, and which of its routes are coordinators'."""

    def __init__(self, app: APIGatewayHttpResolver) -> None:
        self.app = app
        self.loaded: set[str] = set()
        self.coordinator_routes: frozenset[str] = frozenset()
        self._lock = threading.Lock()

    def load(self, *names: str) -> None:
        with self._lock:
            for name in names:
                if name not in self.loaded:
                    self._include(importlib.import_module(f"mentorkit.api.routes.{name}"))
                    self.loaded.add(name)

    def load_all(self) -> None:
        self.load(*AREAS)

    def _include(self, area: object) -> None:
        if hasattr(area, "router"):
            self.app.include_router(area.router)
        if hasattr(area, "coordinators"):
            self.app.include_router(coordinators_only(area.coordinators))
        self.coordinator_routes = frozenset(
            f"{route.method} {route.openapi_path}"
            for route in [*self.app._static_routes, *self.app._dynamic_routes]  # noqa: SLF001
            if require_coordinator in route.middlewares)

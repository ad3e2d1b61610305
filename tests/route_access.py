"""Who may call each route of the API: the one table the access tests check the code against.

A route missing here fails `tests/unit/test_route_access.py`: adding a route means saying who
may call it. `public` needs no token; `employee` is any signed-in person with a verified e-mail
(routes that act on one's own items check ownership in the service); `coordinator` routes sit
behind the coordinator check of their router.

`tests/integration/test_access_matrix.py` calls every route here as every kind of caller on
real ids. A route whose path takes a new kind of id needs a maker there (`PATH_IDS`) that
returns one owned by someone else; a new kind of access (say "pair") needs a column in its
`EXPECT`, saying what each caller gets.
"""

ROUTES = {
    "GET /api/openapi.json": "public",
    "GET /api/programs": "employee",
    "GET /api/programs/{programId}": "employee",
    "POST /api/programs": "coordinator",
    "PATCH /api/programs/{programId}": "coordinator",
    "PUT /api/programs/{programId}/signup": "employee",
    "GET /api/programs/{programId}/signup": "employee",
    "DELETE /api/programs/{programId}/signup": "employee",
    "GET /api/programs/{programId}/signups": "coordinator",
    "POST /api/programs/{programId}/roster": "coordinator",
    "GET /api/me/signups": "employee",
    "DELETE /api/me": "employee",
    "GET /api/me/training": "employee",
    "PUT /api/me/training/{moduleId}": "employee",
    "POST /api/programs/{programId}/matching-runs": "coordinator",
    "GET /api/programs/{programId}/matching-runs": "coordinator",
    "GET /api/programs/{programId}/matching-runs/{runId}": "coordinator",
    "POST /api/programs/{programId}/matching-runs/{runId}/publish": "coordinator",
    "GET /api/me/matches": "employee",
}

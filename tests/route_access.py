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
    "GET /api/programs/{programId}/roster-imports/{importId}": "coordinator",
    "GET /api/me/signups": "employee",
    "DELETE /api/me": "employee",
    "GET /api/me/training": "employee",
    "PUT /api/me/training/{moduleId}": "employee",
    "POST /api/programs/{programId}/matching-runs": "coordinator",
    "GET /api/programs/{programId}/matching-runs": "coordinator",
    "GET /api/programs/{programId}/matching-runs/{runId}": "coordinator",
    "POST /api/programs/{programId}/matching-runs/{runId}/publish": "coordinator",
    "GET /api/me/matches": "employee",
    # Relationships: the service lets only the pair (or the requested mentor, or a mentee of
    # the program) act; anyone else gets 403, or 404 where the object's existence is private.
    "GET /api/programs/{programId}/recommendations": "employee",
    "POST /api/programs/{programId}/requests": "employee",
    "GET /api/me/requests": "employee",
    "POST /api/requests/{requestId}/accept": "employee",
    "POST /api/requests/{requestId}/decline": "employee",
    "GET /api/me/relationships": "employee",
    "GET /api/relationships/{relationshipId}": "employee",
    "POST /api/relationships/{relationshipId}/goals": "employee",
    "PATCH /api/relationships/{relationshipId}/goals/{goalId}": "employee",
    "POST /api/relationships/{relationshipId}/meetings": "employee",
    "GET /api/relationships/{relationshipId}/next-meeting.ics": "employee",
    "POST /api/relationships/{relationshipId}/close": "employee",
    "POST /api/programs/{programId}/relationships": "coordinator",
    "GET /api/programs/{programId}/relationships": "coordinator",
    # Surveys: anyone signed in reads the questions; answering needs a sign-up in the program.
    "GET /api/surveys": "employee",
    "GET /api/me/surveys": "employee",
    "GET /api/surveys/{surveyId}": "employee",
    "POST /api/surveys/{surveyId}/responses": "employee",
    "POST /api/programs/{programId}/surveys/{surveyId}/windows": "coordinator",
    "GET /api/programs/{programId}/surveys/{surveyId}/windows": "coordinator",
    "POST /api/programs/{programId}/surveys/{surveyId}/windows/{windowId}/close": "coordinator",
    "POST /api/programs/{programId}/surveys/{surveyId}/reminders": "coordinator",
    "GET /api/programs/{programId}/surveys/{surveyId}/results": "coordinator",
    "GET /api/programs/{programId}/surveys/{surveyId}/responses": "coordinator",
    "GET /api/programs/{programId}/metrics": "coordinator",
}

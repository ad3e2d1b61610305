"""Who may call each route of the API: the one table the access tests check the code against.

A route missing here fails `tests/unit/test_route_access.py`: adding a route means saying who
may call it. `public` needs no token; `employee` is any signed-in person with a verified e-mail
(routes that act on one's own items check ownership in the service); `coordinator` routes sit
behind the coordinator check of their router (and only they do).

Routes that only some signed-in people may use (the service decides, on the object or the program):

- `participant`: a person signed up in the program the call names (the path or the body):
  recommendations and requests (a mentee of a self-match program), answering a survey;
- `pair`: the two people in the relationship; outsiders get 404 (its existence is private),
  coordinators 403;
- `pair-or-coordinator`: the pair, and coordinators (who may see the pair's counts and e-mails);
- `mentor`: the mentor a request asks; the mentee who sent it gets 403, anyone else 404.

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
    "GET /api/programs/{programId}/recommendations": "participant",
    "POST /api/programs/{programId}/requests": "participant",
    "GET /api/me/requests": "employee",
    "POST /api/requests/{requestId}/accept": "mentor",
    "POST /api/requests/{requestId}/decline": "mentor",
    "GET /api/me/relationships": "employee",
    "GET /api/relationships/{relationshipId}": "pair-or-coordinator",
    "POST /api/relationships/{relationshipId}/goals": "pair",
    "PATCH /api/relationships/{relationshipId}/goals/{goalId}": "pair",
    "POST /api/relationships/{relationshipId}/meetings": "pair",
    "GET /api/relationships/{relationshipId}/next-meeting.ics": "pair",
    "POST /api/relationships/{relationshipId}/close": "pair-or-coordinator",
    "POST /api/programs/{programId}/relationships": "coordinator",
    "GET /api/programs/{programId}/relationships": "coordinator",
    # Surveys: anyone signed in reads the questions; answering needs a sign-up in the program.
    "GET /api/surveys": "employee",
    "GET /api/me/surveys": "employee",
    "GET /api/surveys/{surveyId}": "employee",
    "POST /api/surveys/{surveyId}/responses": "participant",
    "POST /api/programs/{programId}/surveys/{surveyId}/windows": "coordinator",
    "GET /api/programs/{programId}/surveys/{surveyId}/windows": "coordinator",
    "POST /api/programs/{programId}/surveys/{surveyId}/windows/{windowId}/close": "coordinator",
    "POST /api/programs/{programId}/surveys/{surveyId}/reminders": "coordinator",
    "GET /api/programs/{programId}/surveys/{surveyId}/results": "coordinator",
    "GET /api/programs/{programId}/surveys/{surveyId}/responses": "coordinator",
    "GET /api/programs/{programId}/metrics": "coordinator",
}

"""Program settings over real HTTP: what the programs page sends is kept, and slips are refused
without anything written."""

from __future__ import annotations

from typing import Any


def test_a_program_named_with_control_characters_or_dated_in_0134_is_refused_and_not_written(
        coordinator: Any, program_body: Any) -> None:
    before = len(coordinator.get("/api/programs").body)
    for body, field in [(program_body(name="Spring\x00cohort"), "name"),
                        (program_body(opensAt="0134-03-01T09:00:00Z"), "opensAt")]:
        reply = coordinator.post("/api/programs", body)
        assert reply.status == 422, reply.body
        assert reply.body["error"]["field"] == field
    assert len(coordinator.get("/api/programs").body) == before


def test_matching_settings_are_kept_and_a_program_can_be_archived(coordinator: Any, program_body: Any) -> None:
    created = coordinator.post("/api/programs", program_body(
        weights={"skills": 60, "languages": 12.5}, minScore=35, defaultCapacity=2)).body
    pid = created["programId"]
    stored = coordinator.get(f"/api/programs/{pid}").body
    assert (stored["weights"]["skills"], stored["weights"]["languages"]) == (60, 12.5)
    assert (stored["minScore"], stored["defaultCapacity"], stored["status"]) == (35, 2, "open")
    changed = coordinator.patch(f"/api/programs/{pid}", {"status": "archived", "minScore": 50})
    assert changed.status == 200, changed.body
    assert coordinator.get(f"/api/programs/{pid}").body["status"] == "archived"
    assert coordinator.get(f"/api/programs/{pid}").body["minScore"] == 50


def test_goal_themes_are_kept_changed_and_refused_by_field_without_a_write(coordinator: Any, program_body: Any) -> None:
    themes = [{"name": "Agile delivery", "keywords": ["retrospective", "scrum"]}]
    created = coordinator.post("/api/programs", program_body(goalThemes=themes))
    assert created.status == 201, created.body
    pid = created.body["programId"]
    assert coordinator.get(f"/api/programs/{pid}").body["goalThemes"] == themes
    for bad, field in [([{"name": "Lead"}, {"name": "lead"}], "goalThemes"),
                       ([{"name": "Lead", "keywords": ["k" * 41]}], "goalThemes[0].keywords[0]")]:
        reply = coordinator.patch(f"/api/programs/{pid}", {"goalThemes": bad})
        assert reply.status == 422, reply.body
        assert reply.body["error"]["field"] == field
    assert coordinator.get(f"/api/programs/{pid}").body["goalThemes"] == themes
    changed = coordinator.patch(f"/api/programs/{pid}", {"goalThemes": [{"name": "Leadership"}]})
    assert changed.status == 200, changed.body
    assert coordinator.get(f"/api/programs/{pid}").body["goalThemes"] == [{"name": "Leadership", "keywords": []}]


def test_a_person_sets_their_name_and_notes_on_their_sign_up(employee: Any, program: dict, signup_body: Any) -> None:
    pid = program["programId"]
    reply = employee.put(f"/api/programs/{pid}/signup", signup_body(name="Ana Ruiz", notes="Mornings, please."))
    assert reply.status == 200, reply.body
    mine = employee.get(f"/api/programs/{pid}/signup").body
    assert (mine["name"], mine["notes"]) == ("Ana Ruiz", "Mornings, please.")

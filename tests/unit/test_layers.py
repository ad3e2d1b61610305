"""The shape of the code: imports run down the layers, never in a circle, and the API function
never loads the matching engine (it does not ship numpy or OR-Tools).

    api / workers / cli  →  resources  →  services  →  store  →  domain (and settings)
"""

from __future__ import annotations

import ast
from pathlib import Path

from devstack.paths import ROOT

PACKAGE = ROOT / "functions" / "mentorkit"
ENGINE = ("mentorkit.domain.matching", "mentorkit.domain.matching_input", "mentorkit.services.run_execution")
HEAVY = ("numpy", "ortools", "networkx", "pandas", "scipy")
# Higher layers may import lower ones; the top layer's packages may not import each other.
RANKS = {"domain": 0, "settings": 0, "store": 1, "services": 2, "resources": 3,
         "api": 4, "workers": 4, "cli": 4, "auth_triggers": 4}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Every module this one imports (at any depth of its body), resolved to full names."""
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in known}
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(name, path, set(known)) for name, path in known.items()}


def layer(module: str) -> tuple[str, int]:
    top = module.split(".")[1] if "." in module else module
    return top, RANKS[top]


def test_every_part_of_the_package_has_a_layer() -> None:
    tops = {m.split(".")[1] for m in modules() if "." in m}
    assert tops <= set(RANKS), f"give {tops - set(RANKS)} a layer in RANKS"


def test_imports_run_down_the_layers() -> None:
    wrong = []
    for module, imported in graph().items():
        if module == "mentorkit":
            continue
        top, rank = layer(module)
        for other in imported:
            if not other.startswith("mentorkit.") or other == "mentorkit":
                continue
            other_top, other_rank = layer(other)
            if other_rank > rank or (other_rank == rank == 4 and other_top != top):
                wrong.append(f"{module} → {other}")
    assert wrong == []


def test_there_are_no_import_cycles() -> None:
    edges = {m: {o for o in i if o.startswith("mentorkit.") and o != m} for m, i in graph().items()}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if nxt not in edges:
                continue
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt):], nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    # A package's __init__ importing its own modules is not a cycle of layers.
    cycles = [c for c in cycles if not any(c[0] == n.rpartition(".")[0] for n in c[1:])]
    assert cycles == []


def test_shipped_code_never_imports_the_local_stack() -> None:
    """The CLI's `dev-token` uses the local issuer; the CLI is not part of any function's build."""
    assert [m for m, i in graph().items() if any(o.split(".")[0] == "devstack" for o in i)
            and not m.startswith("mentorkit.cli")] == []
    assert "rm -rf \"$(ARTIFACTS_DIR)/mentorkit/cli\"" in (ROOT / "functions" / "Makefile").read_text()


def loaded_by(*starts: str) -> set[str]:
    """Every module the `starts` import, directly or not: ours, and the heavy libraries by name."""
    edges = graph()
    seen, todo = set(), list(starts)
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        todo += [o for o in edges.get(module, ()) if o in edges or o.split(".")[0] in HEAVY]
    return seen


# The API function's code: its handler, and the areas it loads on their first requests.
API = ("mentorkit.api.app", *(f"mentorkit.api.routes.{p.stem}" for p in (PACKAGE / "api" / "routes").glob("[!_]*.py")))


def test_the_api_function_loads_neither_the_engine_nor_its_libraries() -> None:
    loaded = sorted(m for m in loaded_by(*API) if m.startswith(ENGINE) or m.split(".")[0] in HEAVY)
    assert loaded == []


def test_the_api_models_are_defined_with_evaluated_annotations() -> None:
    """Postponed annotations make pydantic evaluate every field's type from text when the class is
    made: about a tenth of the API's own import time at every cold start. Modules the API loads
    that define models therefore keep annotations as objects (no `from __future__ import annotations`)."""
    ours = modules()
    postponed = sorted(m for m in loaded_by(*API) if m in ours
                       and "(Model)" in (text := ours[m].read_text()) and "from __future__ import annotations" in text)
    assert postponed == []

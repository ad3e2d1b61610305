"""Where the local stack finds the project and keeps its data."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "template.yaml"
MKDOCS = ROOT / "mkdocs.yml"
SITE = ROOT / "build" / "site"
DATA = ROOT / ".data"
NODE_MODULES = ROOT / "node_modules"
FUNCTION_BUILDS = ROOT / "build" / "functions"

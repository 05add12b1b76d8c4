"""The package layers of DESIGN.md §1: each package imports only the packages below it.

The table is a strict order (a DAG), so holding it also rules out import cycles between
packages. ``errors`` is the leaf every package may raise from.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "gridtrack"
BELOW_PIPELINE = {"schema", "io", "play", "clean", "stats", "models"}
MAY_IMPORT: dict[str, set[str]] = {
    "errors": set(),
    "schema": set(),
    "io": {"schema"},
    "play": {"schema"},
    "clean": {"schema", "play"},
    "stats": {"schema", "clean", "play"},
    "models": {"schema", "stats", "play"},
    "pipeline": BELOW_PIPELINE,
    "live": BELOW_PIPELINE | {"pipeline"},
    "viz": BELOW_PIPELINE | {"pipeline", "live"},
    "web": BELOW_PIPELINE | {"pipeline", "live", "viz"},
    "sim": {"schema", "play", "io"},
    "pose": {"schema", "play", "io"},
    "cli": BELOW_PIPELINE | {"pipeline", "live", "viz", "web", "sim", "pose"},
    "__init__": BELOW_PIPELINE | {"pipeline"},
}


def _imports(path: Path) -> set[str]:
    """The gridtrack packages a module imports (absolute imports, anywhere in the file)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        found |= {n.split(".")[1] for n in names if n.startswith("gridtrack.")}
    return found


@pytest.mark.parametrize("module", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_a_module_imports_only_the_layers_below_its_package(module: Path) -> None:
    rel = module.relative_to(SRC)
    package = rel.parts[0] if len(rel.parts) > 1 else rel.stem
    assert package in MAY_IMPORT, f"{rel}: package {package!r} is not in DESIGN.md's table"
    wrong = _imports(module) - MAY_IMPORT[package] - {package, "errors"}
    assert not wrong, f"{rel} imports {sorted(wrong)}, above {package!r} in DESIGN.md §1"

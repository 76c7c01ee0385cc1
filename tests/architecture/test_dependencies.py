"""The dependency direction of README "Architecture", checked on the source itself:
accounts <- catalogue <- offers <- guichet (pipeline) <- contracts <- kpis; nothing imports kpis.

`guichet.env` and `guichet.plugins` are project infrastructure (settings helpers and hook
discovery), usable by every app; every other `guichet.*` module belongs to the pipeline."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
ORDER = ["accounts", "catalogue", "offers", "guichet", "contracts", "kpis"]
INFRASTRUCTURE = {"guichet.env", "guichet.plugins", "guichet.celery"}


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _source_files(app: str) -> list[Path]:
    return [p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]


def _forbidden_for(app: str) -> list[str]:
    return ORDER[ORDER.index(app) + 1 :]


def _violations(app: str) -> list[str]:
    problems = []
    for path in _source_files(app):
        for module in _imported_modules(path):
            if module in INFRASTRUCTURE or any(module.startswith(i + ".") for i in INFRASTRUCTURE):
                continue
            top = module.split(".")[0]
            if top in _forbidden_for(app):
                problems.append(f"{path.relative_to(ROOT)} imports {module}")
    return problems


@pytest.mark.parametrize("app", ORDER)
def test_apps_import_only_apps_before_them(app: str) -> None:
    assert _violations(app) == []


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from guichet.models import AccessRequest\nimport kpis.views\n")
    assert {"guichet.models", "kpis.views"} <= _imported_modules(bad)

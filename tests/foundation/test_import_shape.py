"""One shape for every feature: a module imports the features it needs at its top.

An import of a feature package hidden inside a function dodges an import cycle
and hides who depends on whom; only the composition roots (create_app, the CLI
and the seed data) may assemble features late.
"""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "app"
FEATURES = sorted(p.name for p in APP.iterdir() if (p / "__init__.py").is_file())
COMPOSITION_ROOTS = {"__init__.py", "cli.py", "seed.py", "pool/seed.py", "training/seed.py"}


def _imported(node):
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        if node.module == "app":  # `from app import cv`
            return [f"app.{alias.name}" for alias in node.names]
        return [node.module]
    return []


def _feature_imports_inside_functions(path, root=APP.parent):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        for node in ast.walk(function):
            for name in _imported(node):
                parts = name.split(".")
                if parts[0] == "app" and len(parts) > 1 and parts[1] in FEATURES:
                    where = getattr(function, "name", "lambda")
                    yield f"{path.relative_to(root)}:{node.lineno} {where}() imports {name}"


def test_the_feature_list_is_the_folders_under_app():
    assert {"auth", "pool", "cv", "training", "staff", "members", "alerts", "notifications",
            "audit", "mfa", "search_views", "api", "main"} <= set(FEATURES)
    assert "translations" not in FEATURES and "templates" not in FEATURES


def test_the_walk_sees_an_import_hidden_in_a_function(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from app.cv import models\n\ndef f():\n    from app.cv import models\n"
                      "    import app.pool.queries\n    from app import staff\n    from app import mail\n",
                      encoding="utf-8")
    found = list(_feature_imports_inside_functions(sample, tmp_path))
    assert [line.split(" imports ")[1] for line in found] == ["app.cv", "app.pool.queries", "app.staff"]


# What is left to invert, shrinking to nothing (mail.py was the last: the
# notification policy now hands it messages to deliver).
LEFT_TO_INVERT = set()


def test_no_module_imports_a_feature_from_inside_a_function():
    hidden = [line for path in sorted(APP.rglob("*.py"))
              if str(path.relative_to(APP)) not in COMPOSITION_ROOTS | LEFT_TO_INVERT
              for line in _feature_imports_inside_functions(path)]
    assert hidden == []


def test_what_is_left_to_invert_still_needs_it():
    """The allow-list only shrinks: an entry that no longer hides an import must go."""
    for name in LEFT_TO_INVERT:
        assert list(_feature_imports_inside_functions(APP / name)), name


CYCLES_LEFT = set()


@pytest.mark.parametrize("feature", [
    pytest.param(f, marks=pytest.mark.xfail(strict=True, reason="circular import")) if f in CYCLES_LEFT else f
    for f in FEATURES])
def test_each_feature_imports_on_its_own(feature):
    """`import app.cv` first in a fresh interpreter (no create_app() before), then each of its modules."""
    modules = [f"app.{feature}"] + [f"app.{feature}.{p.stem}" for p in sorted((APP / feature).glob("*.py"))
                                     if p.stem != "__init__"]
    script = "import importlib, sys\nfor m in sys.argv[1:]:\n    print(m, flush=True)\n    importlib.import_module(m)\n"
    result = subprocess.run([sys.executable, "-c", script, *modules], capture_output=True, text=True,
                            cwd=APP.parent, timeout=120)
    assert result.returncode == 0, f"import {result.stdout.split()[-1]}:\n{result.stderr[-2000:]}"

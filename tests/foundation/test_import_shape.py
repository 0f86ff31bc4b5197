"""One shape for every feature: a module imports the features it needs at its top.

An import of a feature package hidden inside a function dodges an import cycle
and hides who depends on whom; only the composition roots (create_app, the CLI
and the seed data) may assemble features late.
"""
import ast
import re
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


# View modules: <audience>[_<topic>]_views.py, the audience being who the pages are for.
VIEW_NAME = re.compile(r"(public|account|candidate|member|staff)(_[a-z]+)*_views\.py")


def _adds_routes(path):
    """True when the module decorates a function with a blueprint's `.route(…)`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
               and decorator.func.attr == "route"
               for function in ast.walk(tree) if isinstance(function, ast.FunctionDef)
               for decorator in function.decorator_list)


def _view_modules():
    return sorted(str(path.relative_to(APP)) for path in APP.rglob("*.py") if _adds_routes(path))


def test_the_route_walk_finds_the_view_modules():
    modules = _view_modules()
    assert {"auth/public_views.py", "staff/staff_queue_views.py", "mfa/staff_views.py"} <= set(modules)
    assert "auth/services.py" not in modules and "errors_views.py" not in modules


def test_every_view_module_is_named_for_its_audience():
    misnamed = [name for name in _view_modules() if not VIEW_NAME.fullmatch(Path(name).name)]
    assert misnamed == []
    assert not VIEW_NAME.fullmatch("views.py") and not VIEW_NAME.fullmatch("bank_views.py")


WRITE_HELPERS = {"begin_write": {"database.py", "work.py"}, "with_for_update": {"work.py"}}


def _calls(path, name):
    """Calls of `name(…)` or `….name(…)`, and `with_for_update=` arguments, in the module."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(
                node.func, "id", None)
            if called == name or any(keyword.arg == name for keyword in node.keywords):
                yield node.lineno


def _hand_written(name):
    return sorted(f"{path.relative_to(APP)}:{line}" for path in APP.rglob("*.py")
                  for line in _calls(path, name))


def test_the_call_walk_sees_every_spelling(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("begin_write()\ndatabase.begin_write()\nq.with_for_update()\n"
                      "db.session.get(M, 1, with_for_update=True)\nbegin_write\n", encoding="utf-8")
    assert list(_calls(sample, "begin_write")) == [1, 2]
    assert list(_calls(sample, "with_for_update")) == [3, 4]


@pytest.mark.parametrize("name", sorted(WRITE_HELPERS))
def test_writes_and_locks_go_through_the_unit_of_work(name):
    """begin_write() only in app/database.py and app/work.py, row locks only in app/work.py:
    every service writes in `with unit_of_work() as work:` and locks with work.lock…"""
    assert [where for where in _hand_written(name)
            if where.split(":")[0] not in WRITE_HELPERS[name]] == []


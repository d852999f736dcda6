"""The test suite's own conventions (docs STYLE.md, 7): tests read `test_it_<behaviour>`."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _test_functions(path: Path) -> list[str]:
    """The names pytest collects as tests in one file: functions named test_* at module
    level and in Test* classes."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    bodies = [tree.body] + [
        node.body
        for node in tree.body
        if isinstance(node, ast.ClassDef) and node.name.startswith("Test")
    ]
    return [
        node.name
        for body in bodies
        for node in body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test")
    ]


def test_it_names_every_test_function_test_it() -> None:
    names = {
        f"{path.relative_to(TESTS)}::{name}"
        for path in sorted(TESTS.rglob("*.py"))
        for name in _test_functions(path)
    }

    assert len(names) > 300  # the walk found the suite, not an empty folder
    assert sorted(name for name in names if "::test_it_" not in name) == []

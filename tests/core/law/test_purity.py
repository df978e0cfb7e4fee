"""`congminh.core` must not import Django (ARCHITECTURE.md: pure-Python core)."""

import ast
from pathlib import Path

import congminh.core.law as law


def test_law_package_never_imports_django() -> None:
    root = Path(law.__file__).parent
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.split(".")[0] == "django" for n in names), path

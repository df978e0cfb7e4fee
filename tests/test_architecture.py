"""The pure core must never import Django (ARCHITECTURE.md, "Layers")."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "src" / "congminh" / "core"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_never_imports_django() -> None:
    offenders = {
        str(p.relative_to(CORE)): sorted(n for n in _imports(p) if n.split(".")[0] in {"django", "rest_framework"} or n.startswith("congminh.apps"))
        for p in CORE.rglob("*.py")
    }
    offenders = {k: v for k, v in offenders.items() if v}
    assert offenders == {}, f"congminh.core imports Django or the apps: {offenders}"


def test_core_imports_without_django_loaded() -> None:
    import subprocess
    import sys

    code = (
        "import sys, pkgutil, importlib, congminh.core as c\n"
        "for m in pkgutil.walk_packages(c.__path__, 'congminh.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "assert 'django' not in sys.modules, 'django was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr

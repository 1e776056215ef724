"""The house's layering: command-line modules are leaves; pages never touch torch."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIBRARY_AND_APP = [*(ROOT / "transformer").rglob("*.py"), *(ROOT / "ui").rglob("*.py"), *(ROOT / "pages").glob("*.py")]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_command(path: Path) -> bool:
    """A module with a `__main__` block (or a package's __main__.py): a command-line leaf."""
    return path.name == "__main__.py" or 'if __name__ == "__main__"' in path.read_text(encoding="utf-8")


def imports(path: Path) -> set[str]:
    """Project modules `path` imports, relative imports resolved (`from . import x` counts x as well)."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names}
    return found


def test_nothing_in_the_library_ui_or_pages_imports_a_command_line_module():
    commands = {module_name(p) for p in LIBRARY_AND_APP if is_command(p)}
    assert {"transformer.translate", "transformer.train", "transformer.evaluate", "transformer.data"} <= commands
    offenders = {
        module_name(p): sorted(imports(p) & commands)
        for p in LIBRARY_AND_APP
        if not is_command(p) and imports(p) & commands
    }
    assert not offenders, offenders


def test_commands_import_each_other_only_not_at_all():
    paths = [p for p in LIBRARY_AND_APP if is_command(p)]
    commands = {module_name(p) for p in paths}
    chained = {module_name(p): sorted(imports(p) & (commands - {module_name(p)})) for p in paths}
    assert not any(chained.values()), chained


def test_pages_never_import_torch():
    for page in (ROOT / "pages").glob("*.py"):
        assert not any(m == "torch" or m.startswith("torch.") for m in imports(page)), page.name

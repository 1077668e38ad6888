"""A small static call graph of psn, for the never-auto-post walk.

A call `f(...)` resolves to `f` in the same module or to what the module imported as `f`;
`mod.f(...)` resolves through the imported module `mod`; `obj.f(...)` on anything else counts as a
call of every `f` only when one function in psn has that name (so `obj.send_approved(...)` is
caught, while `obj.run(...)` is not followed). Imports inside functions count for the whole module.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
Target = tuple[str, str]  # (module, function name)


@dataclass
class Function:
    module: str
    name: str
    node: ast.FunctionDef | ast.AsyncFunctionDef
    imports: dict[str, tuple[str, str | None]]
    calls: list[ast.Call]


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _imports(tree: ast.Module) -> dict[str, tuple[str, str | None]]:
    found: dict[str, tuple[str, str | None]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                found[alias.asname or alias.name] = (node.module, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                found[alias.asname or alias.name.split(".")[0]] = (alias.name, None)
    return found


class CallGraph:
    def __init__(self, package: str = "psn") -> None:
        self.functions: list[Function] = []
        self.owners: dict[str, set[str]] = defaultdict(set)
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            imports, module = _imports(tree), module_name(path)
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    calls = [n for n in ast.walk(node) if isinstance(n, ast.Call)]
                    self.functions.append(Function(module, node.name, node, imports, calls))
                    self.owners[node.name].add(module)

    def calls(self, caller: Function, target: Target) -> bool:
        module, name = target
        for node in caller.calls:
            func = node.func
            if isinstance(func, ast.Name) and func.id == name:
                if caller.module == module or caller.imports.get(name) == (module, name):
                    return True
            elif isinstance(func, ast.Attribute) and func.attr == name:
                base = func.value
                if isinstance(base, ast.Name) and base.id in caller.imports:
                    imported, member = caller.imports[base.id]
                    if (f"{imported}.{member}" if member else imported) == module:
                        return True
                elif self.owners[name] == {module}:
                    return True
        return False

    def callers(self, target: Target) -> set[Target]:
        return {(f.module, f.name) for f in self.functions if self.calls(f, target)}

    def ancestors(self, target: Target) -> set[Target]:
        seen: set[Target] = set()
        frontier = [target]
        while frontier:
            for caller in self.callers(frontier.pop()) - seen:
                seen.add(caller)
                frontier.append(caller)
        return seen

    def function(self, target: Target) -> Function:
        return next(f for f in self.functions if (f.module, f.name) == target)

"""Discover the modules of a package (commands, migrations, demo steps, doctor sections…).

Everything psn extends is found by module name, so adding one never edits a shared list.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def discover(package: ModuleType, order_attr: str = "ORDER", prefix: str = "") -> list[ModuleType]:
    names = [i.name for i in pkgutil.iter_modules(package.__path__) if i.name.startswith(prefix)]
    modules = [importlib.import_module(f"{package.__name__}.{name}") for name in names]
    return sorted(modules, key=lambda m: (getattr(m, order_attr, 100), m.__name__))

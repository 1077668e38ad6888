"""The sandbox's own list of emulators: every module of psn/sandbox that names its emulator classes
in `EMULATORS`. The sandbox finds them itself rather than through psn's platform registry, so it
imports nothing of the client it stands in for (ARCHITECTURE.md: the emulators can disagree with psn).
"""

from __future__ import annotations

import importlib
import pkgutil

from psn.sandbox.emulator import Emulator
from psn.sandbox.world import SandboxWorld


def emulator_classes() -> list[type[Emulator]]:
    import psn.sandbox as package

    found: list[type[Emulator]] = []
    for module in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
        found.extend(getattr(importlib.import_module(module.name), "EMULATORS", ()))
    return found


def load_emulators(world: SandboxWorld) -> dict[str, Emulator]:
    """host → emulator, for every emulator the sandbox has."""
    by_host: dict[str, Emulator] = {}
    for cls in emulator_classes():
        emulator = cls(world)
        for host in emulator.hosts:
            by_host[host] = emulator
    return by_host

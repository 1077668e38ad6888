"""Per-invocation CLI state: the global flags, and the AppContext built on first use."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from psn.context import AppContext


@dataclass
class CliState:
    json: bool = False
    verbose: bool = False
    sandbox: bool = False
    flags: dict[str, Any] = field(default_factory=dict)
    _context: AppContext | None = None

    def context(self) -> AppContext:
        if self._context is None:
            from psn.cli.llm_status import install
            from psn.context import AppContext

            self._context = AppContext.create(sandbox=self.sandbox, verbose=self.verbose, flags=self.flags)
            install(self.json)  # a live line while a model writes
        return self._context


_current = CliState()


def current() -> CliState:
    return _current


def reset(**values: Any) -> CliState:
    global _current
    _current = CliState(**values)
    return _current


def ctx() -> AppContext:
    """The AppContext of this run (paths, config, clock, secrets, database)."""
    return _current.context()

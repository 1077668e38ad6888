"""Everything one psn invocation needs, built once and handed down: paths, config, clock,
secrets and the database. Heavy pieces (the database, the keyring) open on first use.

The CLI builds one `AppContext` per run; features take it (or the pieces they need);
tests build their own with a fixed clock and an in-memory keyring.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from psn.core.clock import Clock, default_clock
from psn.core.config import LoadedConfig, load_config
from psn.core.log import configure_logging
from psn.core.paths import Paths, resolve_paths
from psn.core.secrets import SecretStore, open_secret_store


@dataclass
class AppContext:
    paths: Paths
    config: LoadedConfig
    clock: Clock
    sandbox: bool = False
    verbose: bool = False
    extras: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def create(
        cls,
        sandbox: bool = False,
        verbose: bool = False,
        flags: dict[str, Any] | None = None,
        clock: Clock | None = None,
    ) -> AppContext:
        paths = resolve_paths(sandbox=sandbox).ensure()
        config = load_config(paths.config_file, flags=flags)
        configure_logging(paths.log_file, verbose=verbose or config.settings.log.level == "debug")
        return cls(paths=paths, config=config, clock=clock or _default_clock(paths, sandbox), sandbox=sandbox,
                   verbose=verbose)

    @property
    def settings(self):  # type: ignore[no-untyped-def]
        return self.config.settings

    @cached_property
    def secrets(self) -> SecretStore:
        return open_secret_store(self.paths)

    @cached_property
    def db(self):  # type: ignore[no-untyped-def]
        from psn.store.db import open_database

        return open_database(self.paths.database_file, url=self.config.settings.database.url, now=self.clock.now())


def _default_clock(paths: Paths, sandbox: bool) -> Clock:
    """In the sandbox, psn's now is the emulated world's (`psn sandbox advance` moves it): token
    countdowns, schedules, rate-limit windows and stored times then agree with the emulators,
    which issue and expire tokens on that clock. A clock handed in (tests) is used as given."""
    if not sandbox:
        return default_clock()
    from psn.sandbox.world import WorldClock

    return WorldClock(paths.sandbox_dir, default_clock())

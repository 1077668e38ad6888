"""Every file psn reads or writes is located here, and nowhere else.

Default locations come from platformdirs. `PSN_HOME` puts everything under one folder
(useful for support, tests and the demo). Sandbox mode adds a `sandbox/` home of its own
so emulated accounts never mix with real ones.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "psn"
DIR_MODE = 0o700
FILE_MODE = 0o600


@dataclass(frozen=True)
class Paths:
    """The folders and files psn uses for one home."""

    config_dir: Path
    data_dir: Path
    state_dir: Path
    cache_dir: Path
    source: str  # "PSN_HOME" or "platformdirs", shown by `psn doctor`
    owned: tuple[Path, ...] = ()
    """Folders above these that psn creates and owns (PSN_HOME, the sandbox home): private too."""

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def database_file(self) -> Path:
        return self.data_dir / "psn.db"

    @property
    def secrets_file(self) -> Path:
        return self.data_dir / "secrets.json"

    @property
    def secret_names_file(self) -> Path:
        return self.data_dir / "secret-names.json"

    @property
    def log_dir(self) -> Path:
        return self.state_dir / "logs"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "psn.log"

    @property
    def sandbox_dir(self) -> Path:
        """Where the platform emulators keep their world between invocations."""
        return self.data_dir / "sandbox-world"

    @property
    def run_dir(self) -> Path:
        return self.state_dir / "run"

    def as_dict(self) -> dict[str, str]:
        return {
            "source": self.source,
            "config_dir": str(self.config_dir),
            "config_file": str(self.config_file),
            "data_dir": str(self.data_dir),
            "database_file": str(self.database_file),
            "state_dir": str(self.state_dir),
            "log_file": str(self.log_file),
            "cache_dir": str(self.cache_dir),
            "sandbox_dir": str(self.sandbox_dir),
        }

    def ensure(self) -> Paths:
        """Create the folders private to the user (0700); NotConfigured (exit 3) naming the folder
        when one cannot be made (a read-only home, a file where a folder should be)."""
        from psn.core.errors import NotConfigured

        for folder in (*self.owned, self.config_dir, self.data_dir, self.state_dir, self.cache_dir, self.log_dir):
            try:
                make_private_dir(folder)
            except OSError as exc:
                raise NotConfigured(
                    f"psn cannot use the folder {folder}: {exc.strerror}.",
                    hint="Make it (and its parents) writable by you, or point PSN_HOME at a folder you own.",
                ) from None
        return self


def make_private_dir(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    # mkdir's mode is filtered by the umask, and an existing folder keeps its mode: set it.
    os.chmod(folder, DIR_MODE)


def home_paths(home: Path, source: str = "PSN_HOME", owned: tuple[Path, ...] = ()) -> Paths:
    return Paths(
        config_dir=home / "config",
        data_dir=home / "data",
        state_dir=home / "state",
        cache_dir=home / "cache",
        source=source,
        owned=owned,
    )


def resolve_paths(sandbox: bool = False, environ: dict[str, str] | None = None) -> Paths:
    """The paths in effect: `PSN_HOME` if set, platformdirs otherwise; sandbox nests its own home."""
    env = os.environ if environ is None else environ
    home = env.get("PSN_HOME")
    if home:
        root = Path(home).expanduser()
        # A PSN_HOME psn creates is private; one that already exists keeps the mode its owner chose.
        base = home_paths(root, owned=() if root.exists() else (root,))
    else:
        import platformdirs

        base = Paths(
            config_dir=platformdirs.user_config_path(APP_NAME, appauthor=False),
            data_dir=platformdirs.user_data_path(APP_NAME, appauthor=False),
            state_dir=platformdirs.user_state_path(APP_NAME, appauthor=False),
            cache_dir=platformdirs.user_cache_path(APP_NAME, appauthor=False),
            source="platformdirs",
        )
    if sandbox:
        sandbox_home = base.data_dir / "sandbox-home"
        return home_paths(sandbox_home, source=f"{base.source} (sandbox)",
                          owned=(*base.owned, base.data_dir, sandbox_home))
    return base


def prompts_dir() -> Path:
    """The generation-0 prompt templates: inside the wheel, or the repo's top-level folder."""
    packaged = Path(__file__).resolve().parent.parent / "_prompts"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "prompts"

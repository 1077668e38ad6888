"""`psn daemon install|uninstall`: a systemd user unit (Linux) or a launchd agent (macOS).

psn writes the file and prints the commands that enable it; it never calls systemctl or
launchctl itself, so installing is inspectable and nothing starts behind the user's back.
The service runs `python -m psn daemon run` with the same interpreter and the same psn home.
"""

from __future__ import annotations

import os
import plistlib
import sys
from pathlib import Path
from typing import Any, Literal

from psn.core.errors import BadInput

Kind = Literal["systemd", "launchd"]
SYSTEMD_UNIT = "psn-daemon.service"
LAUNCHD_LABEL = "dev.psn.daemon"
PASSED_ENV = ("PSN_HOME", "PSN_SECRETS", "PSN_DATABASE_URL")


def detect_kind(platform: str | None = None) -> Kind:
    platform = platform or sys.platform
    if platform.startswith("linux"):
        return "systemd"
    if platform == "darwin":
        return "launchd"
    raise BadInput(f"psn does not know the service manager of this system ({platform}).",
                   hint="Pass --kind systemd or --kind launchd; on Windows, run `psn daemon run` "
                        "from Task Scheduler.")


def unit_path(kind: Kind, environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    home = Path(env.get("HOME") or Path.home())
    if kind == "systemd":
        config = Path(env["XDG_CONFIG_HOME"]) if env.get("XDG_CONFIG_HOME") else home / ".config"
        return config / "systemd" / "user" / SYSTEMD_UNIT
    return home / "Library" / "LaunchAgents" / f"{LAUNCHD_LABEL}.plist"


def daemon_command(sandbox: bool) -> list[str]:
    return [sys.executable, "-m", "psn", *(["--sandbox"] if sandbox else []), "daemon", "run"]


def service_environment(sandbox: bool, environ: dict[str, str] | None = None) -> dict[str, str]:
    """What the service needs to find the same home; never secrets (those stay in the keyring)."""
    env = os.environ if environ is None else environ
    passed = {key: env[key] for key in PASSED_ENV if env.get(key)}
    if "PSN_DATABASE_URL" in passed and "@" in passed["PSN_DATABASE_URL"]:
        del passed["PSN_DATABASE_URL"]  # may embed a password; the service reads config.toml instead
    if sandbox:
        passed["PSN_SANDBOX"] = "1"
    return passed


def _systemd_quote(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")
    return f'"{escaped}"'


def render_systemd(command: list[str], environment: dict[str, str], stop_timeout_s: int) -> str:
    env_lines = "".join(f"Environment={_systemd_quote(f'{k}={v}')}\n" for k, v in sorted(environment.items()))
    return (
        "# Written by `psn daemon install`; `psn daemon uninstall` removes it.\n"
        "[Unit]\n"
        "Description=psn background jobs (scheduled posts, monitoring, notifications)\n"
        "After=network-online.target\n"
        "Wants=network-online.target\n\n"
        "[Service]\n"
        "Type=simple\n"
        f"ExecStart={' '.join(_systemd_quote(part) for part in command)}\n"
        f"{env_lines}"
        "Restart=on-failure\n"
        "RestartSec=30\n"
        "KillSignal=SIGTERM\n"
        f"TimeoutStopSec={stop_timeout_s}\n\n"
        "[Install]\n"
        "WantedBy=default.target\n"
    )


def render_launchd(command: list[str], environment: dict[str, str], out_file: Path, stop_timeout_s: int) -> bytes:
    agent: dict[str, Any] = {
        "Label": LAUNCHD_LABEL,
        "ProgramArguments": command,
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},  # restart after a crash, not after `psn daemon stop`
        "ProcessType": "Background",
        "ExitTimeOut": stop_timeout_s,
        "StandardOutPath": str(out_file),
        "StandardErrorPath": str(out_file),
    }
    if environment:
        agent["EnvironmentVariables"] = dict(sorted(environment.items()))
    return plistlib.dumps(agent, sort_keys=False)


def enable_commands(kind: Kind, path: Path) -> list[str]:
    if kind == "systemd":
        return ["systemctl --user daemon-reload", f"systemctl --user enable --now {SYSTEMD_UNIT}",
                "loginctl enable-linger \"$USER\"   # optional: keep it running while you are logged out"]
    return [f"launchctl bootstrap gui/$(id -u) {path}"]


def disable_commands(kind: Kind) -> list[str]:
    if kind == "systemd":
        return [f"systemctl --user stop {SYSTEMD_UNIT}", "systemctl --user daemon-reload"]
    return [f"launchctl bootout gui/$(id -u)/{LAUNCHD_LABEL}"]


def install(kind: Kind, content: bytes, environ: dict[str, str] | None = None) -> dict[str, Any]:
    path = unit_path(kind, environ)
    previous = path.read_bytes() if path.exists() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    if previous != content:
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_bytes(content)
        os.replace(tmp, path)
    state = "unchanged" if previous == content else ("updated" if previous is not None else "created")
    return {"kind": kind, "path": str(path), "state": state, "enable": enable_commands(kind, path)}


def uninstall(kind: Kind, environ: dict[str, str] | None = None) -> dict[str, Any]:
    path = unit_path(kind, environ)
    removed = path.exists()
    path.unlink(missing_ok=True)
    if kind == "systemd":  # `enable` left this link behind; without the unit it would dangle
        (path.parent / "default.target.wants" / SYSTEMD_UNIT).unlink(missing_ok=True)
    return {"kind": kind, "path": str(path), "removed": removed, "then": disable_commands(kind) if removed else []}


def unit_state(environ: dict[str, str] | None = None) -> dict[str, Any]:
    try:
        kind = detect_kind()
    except BadInput:
        return {"kind": None, "path": None, "installed": False}
    path = unit_path(kind, environ)
    return {"kind": kind, "path": str(path), "installed": path.exists()}


def build_unit(kind: Kind, sandbox: bool, out_file: Path, shutdown_grace_s: int) -> bytes:
    command = daemon_command(sandbox)
    environment = service_environment(sandbox)
    stop_timeout = shutdown_grace_s + 30  # the service manager must outwait the daemon's own grace
    if kind == "systemd":
        return render_systemd(command, environment, stop_timeout).encode()
    return render_launchd(command, environment, out_file, stop_timeout)

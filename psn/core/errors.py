"""Domain errors. Each carries the exit code the CLI returns and a hint that says how to fix it.

They never subclass Typer or Click errors: the CLI maps them at one boundary.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    UNEXPECTED = 1
    BAD_INPUT = 2
    NOT_CONFIGURED = 3
    PLATFORM_REJECTED = 4
    RATE_LIMITED = 5
    PARTIAL = 6
    AWAITING_APPROVAL = 7
    INTERRUPTED = 130


class PsnError(Exception):
    """Base of every error psn expects and explains."""

    exit_code: ExitCode = ExitCode.UNEXPECTED
    kind: str = "error"

    def __init__(self, message: str, hint: str | None = None, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.details = details

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"kind": self.kind, "code": int(self.exit_code), "message": self.message}
        if self.hint:
            out["hint"] = self.hint
        if self.details:
            out["details"] = {k: v for k, v in self.details.items() if v is not None}
        return out


class BadInput(PsnError):
    """The user asked for something invalid; nothing was stored or sent."""

    exit_code = ExitCode.BAD_INPUT
    kind = "bad_input"


class ConfigError(BadInput):
    kind = "bad_config"


class NotConfigured(PsnError):
    exit_code = ExitCode.NOT_CONFIGURED
    kind = "not_configured"


class NotAuthorised(NotConfigured):
    kind = "not_authorised"


class NotRunning(NotConfigured):
    """A background service psn relies on (the daemon) is not running; the status is still reported."""

    kind = "not_running"


class PlatformRejected(PsnError):
    exit_code = ExitCode.PLATFORM_REJECTED
    kind = "platform_rejected"


class RateLimited(PsnError):
    exit_code = ExitCode.RATE_LIMITED
    kind = "rate_limited"


class PartialSuccess(PsnError):
    exit_code = ExitCode.PARTIAL
    kind = "partial_success"


class AwaitingApproval(PsnError):
    """Saved, nothing sent: the text waits for the creator's approval (`psn post approve ID`)."""

    exit_code = ExitCode.AWAITING_APPROVAL
    kind = "awaiting_approval"


class Interrupted(PsnError):
    exit_code = ExitCode.INTERRUPTED
    kind = "interrupted"

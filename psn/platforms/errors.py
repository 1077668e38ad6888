"""Typed platform errors. Each maps to a psn exit code and carries the platform's own code/message."""

from __future__ import annotations

from datetime import datetime

from psn.core.errors import ExitCode, PsnError


class PlatformError(PsnError):
    exit_code = ExitCode.PLATFORM_REJECTED
    kind = "platform_rejected"
    nothing_sent = False
    """True when psn knows the request never left this machine (a local pause, a refused connection)."""

    def __init__(
        self,
        message: str,
        hint: str | None = None,
        *,
        platform: str = "",
        status: int | None = None,
        code: str | int | None = None,
        retry_at: datetime | None = None,
    ) -> None:
        super().__init__(message, hint, platform=platform, status=status, platform_code=code,
                         retry_at=retry_at.isoformat() if retry_at else None)
        self.platform = platform
        self.status = status
        self.code = code
        self.retry_at = retry_at


class Rejected(PlatformError):
    """The platform refused the request (validation, duplicate, policy)."""


class DuplicateContent(Rejected):
    kind = "duplicate_content"


class NotAllowedViaApi(Rejected):
    """The platform does not allow this action through its API (e.g. X unsummoned replies)."""

    kind = "not_allowed_via_api"


class PaymentRequired(PlatformError):
    """X pay-per-use credits exhausted (HTTP 402). Never retried."""

    kind = "payment_required"


class AuthExpired(PlatformError):
    exit_code = ExitCode.NOT_CONFIGURED
    kind = "auth_expired"


class PermissionDenied(PlatformError):
    exit_code = ExitCode.NOT_CONFIGURED
    kind = "permission_denied"


class VersionUnsupported(PlatformError):
    """The API version psn sends is no longer active (LinkedIn 426)."""

    exit_code = ExitCode.NOT_CONFIGURED
    kind = "version_unsupported"


class RateLimitedError(PlatformError):
    exit_code = ExitCode.RATE_LIMITED
    kind = "rate_limited"


class LocalPause(RateLimitedError):
    """psn's own budget pause: raised before the request is sent."""

    nothing_sent = True


class QuotaExhausted(RateLimitedError):
    """A period cap (daily/monthly usage cap, publishing quota) rather than a short window."""

    kind = "quota_exhausted"


class Unavailable(PlatformError):
    """Timeouts, 5xx and dropped connections that outlasted the retries."""

    kind = "platform_unavailable"


class UncertainOutcome(PlatformError):
    """A create call may or may not have gone through (crash or timeout mid-call): psn will not
    guess by posting again."""

    kind = "uncertain_outcome"


AMBIGUOUS_4XX = frozenset({408, 409})
"""A request timeout or a conflict may sit beside something the platform did create."""


def not_created(error: PlatformError) -> bool:
    """A definite refusal: the platform answered 4xx (429 included: not processed) to the call, or
    psn never sent it. Nothing was created, so a step begun for that call is not in doubt.
    A 5xx, a lost answer or a duplicate may hide a created post, so those stay uncertain."""
    if isinstance(error, UncertainOutcome | DuplicateContent):
        return False
    if error.nothing_sent:
        return True
    return error.status is not None and 400 <= error.status < 500 and error.status not in AMBIGUOUS_4XX

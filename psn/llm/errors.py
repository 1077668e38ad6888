"""What goes wrong talking to a model, as psn errors with a hint that names the fix."""

from __future__ import annotations

from psn.core.errors import ExitCode, PlatformRejected, PsnError


class LLMRejected(PlatformRejected):
    """The provider refused the request (bad model name, too many tokens, …)."""

    kind = "llm_rejected"


class LLMUnavailable(PsnError):
    """The provider did not answer usefully after the retries (timeouts, 5xx)."""

    exit_code = ExitCode.UNEXPECTED
    kind = "llm_unavailable"


OFFLINE_HINT = "Try again later, or switch to the offline composer: `psn config set llm.provider offline`."

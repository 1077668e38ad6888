"""What goes wrong talking to a model, as psn errors with a hint that names the fix."""

from __future__ import annotations

from psn.core.errors import ExitCode, PlatformRejected, PsnError
from psn.core.redact import redact


class LLMRejected(PlatformRejected):
    """The provider refused the request (bad model name, too many tokens, …)."""

    kind = "llm_rejected"


class LLMUnavailable(PsnError):
    """The provider did not answer usefully after the retries (timeouts, 5xx)."""

    exit_code = ExitCode.UNEXPECTED
    kind = "llm_unavailable"


class LLMUnusable(PsnError):
    """The model answered, but not with something psn can use: empty, prose instead of the JSON
    asked for, or the prompt's own instructions and placeholders repeated back. The answer is kept
    (`details["answer"]`, clipped and redacted) so the person can see what the model said."""

    exit_code = ExitCode.UNEXPECTED
    kind = "llm_unusable"

    def __init__(self, message: str, answer: str = "", hint: str | None = None, **details: object) -> None:
        shown = redact(answer.strip())
        super().__init__(message, hint=hint or UNUSABLE_HINT,
                         answer=shown if len(shown) <= ANSWER_KEPT else shown[:ANSWER_KEPT] + "…", **details)


ANSWER_KEPT = 400
UNUSABLE_HINT = ("Try again (answers vary), use a larger model (`psn setup llm`), or the offline composer: "
                 "`psn config set llm.provider offline`.")
OFFLINE_HINT = "Try again later, or switch to the offline composer: `psn config set llm.provider offline`."

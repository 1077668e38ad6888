"""A channel that delivers through Apprise: one Apprise URL, one service (ntfy, Telegram, email …).

Apprise reports a failed delivery in its return value (an AppriseResult, false when the service
did not take it) and in log entries captured for that call; psn turns those into a DeliveryFailed
whose text has every secret part of the URL removed. Apprise's own logger is silenced
(`quiet_apprise_logging`): psn records outcomes itself, scrubbed.
"""

from __future__ import annotations

from psn.notify.apprise_url import quiet_apprise_logging, remember_secrets, scrub
from psn.notify.channels import ChannelProblem, DeliveryFailed
from psn.notify.message import Message

TIMEOUT_S = 15


class AppriseChannel:
    def __init__(self, name: str, url: str, daily_cap: int | None = None) -> None:
        self.name = name
        self.url = url
        self.daily_cap = daily_cap  # None: the [notify] setting for this name decides
        remember_secrets(url)

    def problem(self) -> ChannelProblem | None:
        return None

    def send(self, message: Message) -> None:
        import apprise

        quiet_apprise_logging()
        notifier = apprise.Apprise()
        if not notifier.add(self.url):
            raise DeliveryFailed(f"{self.name}: Apprise cannot use this URL any more; add it again")
        result = notifier.notify(body=message.body or message.title, title=message.title, timeout=TIMEOUT_S)
        if not result:
            raise DeliveryFailed(self._failure(result))

    def _failure(self, result: object) -> str:
        said = [entry.message for entry in getattr(result, "logs", list)()
                if entry.level in ("WARNING", "ERROR", "CRITICAL")]
        reason = "; ".join(m.rstrip(".") for m in dict.fromkeys(said)) or "the service did not accept it"
        return scrub(f"not delivered: {reason}", self.url)

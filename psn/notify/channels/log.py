"""The channel that always works: a line in psn's log (the daemon's log when the daemon sends)."""

from __future__ import annotations

from typing import Any

from psn.core.log import get_logger
from psn.notify.channels import ChannelProblem
from psn.notify.message import Message

NAME = "log"
log = get_logger("notify")


class LogChannel:
    name = NAME

    def problem(self) -> ChannelProblem | None:
        return None

    def send(self, message: Message) -> None:
        log.info("notification [%s] %s%s", message.kind, message.title, f": {message.body}" if message.body else "")


def build(app: Any) -> LogChannel:
    return LogChannel()

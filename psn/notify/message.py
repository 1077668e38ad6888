"""What a channel is asked to deliver."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Priority = Literal["push", "digest"]
PRIORITIES: tuple[str, ...] = ("push", "digest")


@dataclass(frozen=True)
class Message:
    kind: str  # opportunity · publish.failed · token.expiring · post.missed · digest · test …
    title: str
    body: str = ""
    priority: str = "push"
    created_at: datetime | None = None

    @property
    def text(self) -> str:
        """Title and body as one plain text, for channels without a separate title."""
        return f"{self.title}\n{self.body}" if self.body else self.title
